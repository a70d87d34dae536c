#pragma once
// Column widths for the report lists of the pages: every header readable, every column within
// the list's visible width, and the room that is left shared out by what the cells need (a
// cell narrower than its text ends in "…").

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>
#include <wx/dataview.h>
#include <wx/listctrl.h>
#include <wx/settings.h>

namespace vs::app {

namespace columns_detail {

/// The room a column header needs around its text (its padding and separator).
constexpr int header_margin = 20;
/// The room a cell needs around its text.
constexpr int cell_margin = 16;
/// Rows measured for what the cells need (the rest are alike).
constexpr int measured_rows = 400;

/// Shares `room` px among the columns: each gets at least `least[i]` and, room allowing, what
/// it wants (`want[i]`, when more). Column `stretch` (when valid; the long free text, such as a
/// title) gives up room first and takes whatever is left over; when the rest still do not fit,
/// the widest of them are cut to a common width (so that short cells such as dates and counts
/// stay whole). Cut cells end in "…".
inline std::vector<int> share_widths(const std::vector<int>& least, const std::vector<int>& want,
                                     int room, int stretch) {
    const std::size_t n = least.size();
    const bool has_stretch = stretch >= 0 && static_cast<std::size_t>(stretch) < n;
    const std::size_t s = has_stretch ? static_cast<std::size_t>(stretch) : n;
    const auto widths_at = [&](int cap) {
        std::vector<int> w(n);
        for (std::size_t i = 0; i < n; ++i)
            w[i] =
                i == s ? least[i] : std::max(least[i], std::min(std::max(want[i], least[i]), cap));
        return w;
    };
    const auto total = [](const std::vector<int>& w) {
        long t = 0;
        for (int x : w)
            t += x;
        return t;
    };
    // The largest common cap of the other columns that fits beside the stretch column at its
    // least (their least widths when even those do not fit).
    int lo = 0, hi = 0;
    for (std::size_t i = 0; i < n; ++i)
        hi = std::max(hi, std::max(want[i], least[i]));
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (total(widths_at(mid)) <= room)
            lo = mid;
        else
            hi = mid - 1;
    }
    std::vector<int> widths = widths_at(lo);
    const long used = total(widths);
    if (has_stretch && used < room)
        widths[s] += static_cast<int>(room - used); // what is left over, its want or more
    return widths;
}

/// The width a list shows its rows in: its client width less a vertical scroll bar (which
/// comes and goes with the number of rows).
inline int room_of(wxWindow* list) {
    return list->GetClientSize().x - wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, list) - 2;
}

} // namespace columns_detail

/// The width of column `col`'s header text in `list`.
inline int header_text_width(wxListCtrl* list, int col) {
    wxListItem item;
    item.SetMask(wxLIST_MASK_TEXT);
    list->GetColumn(col, item);
    return list->GetTextExtent(item.GetText()).x;
}

/// Shares `room` px among the columns of `shares` (column, weight) in proportion to their
/// weights, none narrower than `least[column]`: a column its share would cut gets its least and
/// the others share what is left again. The widths go into `width[column]`.
inline void share_in_proportion(int room, std::vector<std::pair<int, int>> shares,
                                const std::vector<int>& least, std::vector<int>& width) {
    for (bool settled = false; !settled;) {
        settled = true;
        int weights = 0;
        for (const auto& [col, weight] : shares)
            weights += weight;
        for (auto it = shares.begin(); it != shares.end(); ++it)
            if (const int min = least[static_cast<std::size_t>(it->first)];
                weights > 0 && room * it->second / weights < min) {
                width[static_cast<std::size_t>(it->first)] = min;
                room -= min;
                shares.erase(it);
                settled = false;
                break;
            }
        if (settled && weights > 0)
            for (const auto& [col, weight] : shares)
                width[static_cast<std::size_t>(col)] = room * weight / weights;
    }
}

/// Sets the columns of `list` to `width` where they differ.
inline void set_column_widths(wxListCtrl* list, const std::vector<int>& width) {
    for (int c = 0; c < static_cast<int>(width.size()); ++c)
        if (list->GetColumnWidth(c) != width[static_cast<std::size_t>(c)])
            list->SetColumnWidth(c, width[static_cast<std::size_t>(c)]);
}

/// Fits the columns of a report-mode list into its visible width (see the top of this file);
/// column `stretch` takes the room left over (-1: none).
inline void fit_columns(wxListCtrl* list, int stretch) {
    using namespace columns_detail;
    const int n = list->GetColumnCount();
    if (n == 0 || list->GetClientSize().x <= 0)
        return;
    std::vector<int> least(static_cast<std::size_t>(n)), want(static_cast<std::size_t>(n));
    const int rows = std::min(list->GetItemCount(), measured_rows);
    for (int c = 0; c < n; ++c) {
        least[static_cast<std::size_t>(c)] = header_text_width(list, c) + header_margin;
        int widest = 0;
        for (int r = 0; r < rows; ++r)
            widest = std::max(widest, list->GetTextExtent(list->GetItemText(r, c)).x);
        want[static_cast<std::size_t>(c)] = widest + cell_margin;
    }
    set_column_widths(list, share_widths(least, want, room_of(list), stretch));
}

/// The same for a data view of `rows` rows whose column `c` of row `r` shows `cell(r, c)`; their
/// text ends in "…" where it is cut.
inline void fit_columns(wxDataViewCtrl* view, int stretch, unsigned rows,
                        const std::function<wxString(unsigned, unsigned)>& cell) {
    using namespace columns_detail;
    const unsigned n = view->GetColumnCount();
    if (n == 0 || view->GetClientSize().x <= 0)
        return;
    std::vector<int> least(n), want(n);
    rows = std::min(rows, static_cast<unsigned>(measured_rows));
    for (unsigned c = 0; c < n; ++c) {
        wxDataViewColumn* col = view->GetColumn(c);
        col->GetRenderer()->EnableEllipsize(wxELLIPSIZE_END);
        // GTK draws the headers of a data view in bold.
        const wxFont bold = view->GetFont().Bold();
        int header = 0;
        view->GetTextExtent(col->GetTitle(), &header, nullptr, nullptr, nullptr, &bold);
        least[c] = header + header_margin;
        int widest = 0;
        for (unsigned r = 0; r < rows; ++r)
            widest = std::max(widest, view->GetTextExtent(cell(r, c)).x);
        want[c] = widest + cell_margin;
    }
    const std::vector<int> widths = share_widths(least, want, room_of(view), stretch);
    for (unsigned c = 0; c < n; ++c)
        if (view->GetColumn(c)->GetWidth() != widths[c])
            view->GetColumn(c)->SetWidth(widths[c]);
}

/// The same for a list of text cells.
inline void fit_columns(wxDataViewListCtrl* list, int stretch) {
    fit_columns(list, stretch, static_cast<unsigned>(list->GetItemCount()),
                [list](unsigned r, unsigned c) { return list->GetTextValue(r, c); });
}

/// Fits the columns now and again whenever the list changes size.
template <typename List> void keep_columns_fitted(List* list, int stretch) {
    list->Bind(wxEVT_SIZE, [list, stretch](wxSizeEvent& e) {
        e.Skip();
        fit_columns(list, stretch);
    });
    fit_columns(list, stretch);
}

} // namespace vs::app
