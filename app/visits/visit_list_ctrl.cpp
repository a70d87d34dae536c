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
}

void VisitListCtrl::fit_columns() {
    // Room around a cell's text: the header's padding and separator, and a margin.
    const int pad = 24;
    auto text_w = [this](const wxString& text) { return GetTextExtent(text).x; };
    auto heading_w = [this](int col) { return header_text_width(this, col) + pad; };
    // What the rows can show: the client width less a vertical scroll bar, which a list of
    // visits nearly always has (and which would otherwise hide the last column's edge).
    const int visible = columns_detail::room_of(this);
    if (visible <= 0 || GetColumnCount() != Columns)
        return;

    // Date, Status and Score always show in full: they are as wide as their widest text.
    std::vector<int> width(Columns, 0);
    width[Date] = std::max(heading_w(Date), text_w("2026-12-31 23:59") + pad);
    int status_w = 0;
    for (auto s : {forms::Status::Draft, forms::Status::Submitted, forms::Status::Approved,
                   forms::Status::Returned, forms::Status::Excluded})
        status_w = std::max(status_w, text_w(wxs(status_label(s))));
    width[Status] = std::max(heading_w(Status), status_w + pad);
    width[Score] = std::max(heading_w(Score), text_w("100.0 !") + 12 + 6 + pad); // dot and text

    // The names share what is left in these proportions, none narrower than its heading; a
    // cell too long for its column ends in "…".
    std::vector<int> least(Columns, 0);
    for (int c = 0; c < Columns; ++c)
        least[static_cast<std::size_t>(c)] = heading_w(c);
    share_in_proportion(
        visible - width[Date] - width[Status] - width[Score],
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
