#include "app/visits/visit_list_ctrl.h"

#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"
#include "app/visits/visit_form_model.h"
#include "forms/dates.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>
#include <wx/image.h>
#include <wx/imaglist.h>
#include <wx/settings.h>

namespace vs::app {
namespace {

/// A filled, anti-aliased circle of `colour` on a transparent square of `size` pixels.
wxBitmap dot_bitmap(const wxColour& colour, int size) {
    wxImage image(size, size);
    image.InitAlpha();
    const double centre = (size - 1) / 2.0, radius = size / 2.0 - 1;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            image.SetRGB(x, y, colour.Red(), colour.Green(), colour.Blue());
            const double edge = radius + 0.5 - std::hypot(x - centre, y - centre);
            image.SetAlpha(x, y, static_cast<unsigned char>(std::clamp(edge, 0.0, 1.0) * 255));
        }
    return wxBitmap(image);
}

} // namespace

VisitListCtrl::VisitListCtrl(wxWindow* parent, VisitListSource& source)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL | wxLC_HRULES),
      m_source(source) {
    m_italic.SetFont(GetFont().Italic());
    m_grey.SetTextColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    auto* dots = new wxImageList(12, 12);
    for (const wxColour& c : {colour_above(), colour_near(), colour_below()})
        dots->Add(dot_bitmap(c, 12));
    AssignImageList(dots, wxIMAGE_LIST_SMALL);
    for (const char* heading :
         {"Date", "Client", "Branch", "Employee", "Shopper", "Scorecard", "Status", "Score"})
        AppendColumn(heading, std::string_view(heading) == "Score" ? wxLIST_FORMAT_RIGHT
                                                                   : wxLIST_FORMAT_LEFT);
    fit_columns();
    // The columns share the visible width, whatever the window's size.
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        fit_columns();
    });
    Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) { sort_by(e.GetColumn()); });
    // A row's tooltip names its signals: the rows are drawn by a child window (wx's generic
    // list), the tallest of its children, which gets the mouse.
    wxWindow* rows = nullptr;
    for (wxWindow* child : GetChildren())
        if (!rows || child->GetSize().y > rows->GetSize().y)
            rows = child;
    if (rows)
        rows->Bind(wxEVT_MOTION, &VisitListCtrl::track_tip, this);
    show_sort();
}

void VisitListCtrl::show_risk(bool on) {
    if (on && GetColumnCount() == Risk)
        AppendColumn("Risk", wxLIST_FORMAT_RIGHT);
    else if (!on && GetColumnCount() == Columns)
        DeleteColumn(Risk);
    fit_columns();
    show_sort();
}

void VisitListCtrl::show_sort() {
    const auto key = m_source.sort();
    if (key == VisitListSource::Sort::Risk && GetColumnCount() <= Risk)
        RemoveSortIndicator();
    else
        ShowSortIndicator(key == VisitListSource::Sort::Risk ? Risk : Date,
                          !m_source.sort_descending());
}

void VisitListCtrl::sort_by(long col) {
    using Sort = VisitListSource::Sort;
    if (col != Date && !(col == Risk && m_source.risk_enabled()))
        return; // the other columns keep the store's order
    const Sort key = col == Risk ? Sort::Risk : Sort::Date;
    // The same column again turns the order round; another starts highest or newest first.
    const bool descending = m_source.sort() == key ? !m_source.sort_descending() : true;
    m_source.set_sort(key, descending);
    reset();
    show_sort();
    if (on_sorted)
        on_sorted();
}

wxString VisitListCtrl::risk_tip(long row) const {
    if (row < 0 || static_cast<std::size_t>(row) >= m_source.size())
        return {};
    const services::VisitRisk* r = m_source.risk(m_source.id_at(static_cast<std::size_t>(row)));
    return r ? wxs(risk_text(*r)) : wxString();
}

void VisitListCtrl::track_tip(wxMouseEvent& e) {
    e.Skip();
    int flags = 0;
    const long row = HitTest(e.GetPosition(), flags);
    if (row == m_tip_row)
        return;
    m_tip_row = row;
    auto* rows = dynamic_cast<wxWindow*>(e.GetEventObject());
    if (!rows)
        return;
    const wxString tip = risk_tip(row);
    if (tip.empty())
        rows->UnsetToolTip();
    else
        rows->SetToolTip(tip);
}

void VisitListCtrl::fit_columns() {
    // Room around a cell's text: the header's padding and separator, and a margin.
    const int pad = 24;
    auto text_w = [this](const wxString& text) { return GetTextExtent(text).x; };
    auto heading_w = [this](int col) { return header_text_width(this, col) + pad; };
    // What the rows can show: the client width less a vertical scroll bar, which a list of
    // visits nearly always has (and which would otherwise hide the last column's edge).
    const int visible = columns_detail::room_of(this);
    const int columns = GetColumnCount();
    if (visible <= 0 || (columns != Columns && columns != Risk))
        return;

    // Date, Status, Score and Risk always show in full: they are as wide as their widest text.
    std::vector<int> width(static_cast<std::size_t>(columns), 0);
    width[Date] = std::max(heading_w(Date), text_w("2026-12-31 23:59") + pad);
    int status_w = 0;
    for (auto s : {forms::Status::Draft, forms::Status::Submitted, forms::Status::Approved,
                   forms::Status::Returned, forms::Status::Excluded})
        status_w = std::max(status_w, text_w(wxs(status_label(s))));
    width[Status] = std::max(heading_w(Status), status_w + pad);
    width[Score] = std::max(heading_w(Score), text_w("100.0 !") + 12 + 6 + pad); // dot and text
    const int risk_w = columns == Columns ? std::max(heading_w(Risk), text_w("100") + pad) : 0;
    if (columns == Columns)
        width[Risk] = risk_w;

    // The names share what is left in these proportions, none narrower than its heading; a
    // cell too long for its column ends in "…".
    std::vector<int> least(static_cast<std::size_t>(columns), 0);
    for (int c = 0; c < columns; ++c)
        least[static_cast<std::size_t>(c)] = heading_w(c);
    share_in_proportion(
        visible - width[Date] - width[Status] - width[Score] - risk_w,
        {{Client, 115}, {Branch, 175}, {Employee, 150}, {Shopper, 130}, {Scorecard, 152}}, least,
        width);
    set_column_widths(this, width);
}

void VisitListCtrl::reset() {
    if (const long at = GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); at >= 0)
        SetItemState(at, 0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    SetItemCount(static_cast<long>(m_source.size()));
    Refresh();
}

wxString VisitListCtrl::OnGetItemText(long row, long col) const {
    if (!m_asked && on_first_value) {
        m_asked = true;
        on_first_value();
    }
    return cell_text(row, col);
}

wxString VisitListCtrl::cell_text(long row, long col) const {
    const storage::VisitListRow* r = m_source.row(static_cast<std::size_t>(row));
    if (!r)
        return {};
    switch (col) {
    case Date: {
        std::string d = r->visited_at.substr(0, 16);
        if (d.size() > 10)
            d[10] = ' ';
        return wxs(d);
    }
    case Client:
        return wxs(r->client);
    case Branch:
        return wxs(r->branch);
    case Employee:
        return r->employee.empty() ? wxString("(not identified)") : wxs(r->employee);
    case Shopper:
        return wxs(r->shopper);
    case Scorecard:
        return wxs(r->scorecard);
    case Status:
        return wxs(status_label(r->status));
    case Score: {
        std::string s = format_score(r->score);
        if (r->critical)
            s += " !";
        return wxs(s);
    }
    case Risk: {
        const services::VisitRisk* risk = m_source.risk(r->id);
        return risk ? wxString::Format("%d", risk->risk) : wxString();
    }
    default:
        return {};
    }
}

int VisitListCtrl::OnGetItemColumnImage(long row, long col) const {
    if (col != Score)
        return -1;
    const storage::VisitListRow* r = m_source.row(static_cast<std::size_t>(row));
    if (!r || !r->score)
        return -1;
    const int s = score_standing(*r->score, r->target);
    return s > 0 ? 0 : s == 0 ? 1 : 2; // the image list's order
}

wxItemAttr* VisitListCtrl::OnGetItemAttr(long row) const {
    const storage::VisitListRow* r = m_source.row(static_cast<std::size_t>(row));
    if (!r)
        return nullptr;
    if (r->status == forms::Status::Draft || r->status == forms::Status::Returned)
        return const_cast<wxItemAttr*>(&m_italic); // wx's signature; never written through
    if (r->status == forms::Status::Excluded)
        return const_cast<wxItemAttr*>(&m_grey);
    return nullptr;
}

} // namespace vs::app
