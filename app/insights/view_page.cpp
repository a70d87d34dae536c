#include "app/insights/view_page.h"

#include "app/insights/view_filter.h"
#include "app/shell/ui_util.h"

#include <wx/sizer.h>

namespace vs::app {

wxColour status_colour(const scoring::Measures& m) {
    if (!m.status)
        return *wxBLACK;
    switch (*m.status) {
    case scoring::Status::Above:
        return colour_above();
    case scoring::Status::Near:
        return colour_near();
    case scoring::Status::Below:
        return colour_below();
    }
    return *wxBLACK;
}

Tile::Tile(wxWindow* parent, const wxString& caption)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_THEME) {
    SetBackgroundColour(*wxWHITE);
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* cap = new wxStaticText(this, wxID_ANY, caption);
    cap->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    m_value = new wxStaticText(this, wxID_ANY, wxString::FromUTF8("—"));
    m_value->SetFont(m_value->GetFont().Scaled(1.9f).Bold());
    m_sub = new wxStaticText(this, wxID_ANY, "");
    m_sub->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    s->AddSpacer(6);
    s->Add(cap, 0, wxLEFT | wxRIGHT, 8);
    s->Add(m_value, 0, wxLEFT | wxRIGHT, 8);
    s->Add(m_sub, 0, wxLEFT | wxRIGHT, 8);
    s->AddSpacer(6);
    SetSizer(s);
}

void Tile::set(const wxString& value, const wxString& sub, const wxColour& colour) {
    m_value->SetLabel(value);
    m_value->SetForegroundColour(colour);
    m_sub->SetLabel(sub);
    Layout();
}

void Tile::set_mean(const scoring::Measures& m) {
    // Two lines: four or five tiles share the width of a small window.
    set(wxs(fmt1(m.mean)), wxs("95% CI " + fmt_interval(m.ci95) + "\ntarget " + fmt1(m.target)),
        status_colour(m));
}

wxString Tile::value() const {
    return m_value->GetLabel();
}

NoteLine::NoteLine(wxWindow* parent) : wxStaticText(parent, wxID_ANY, "") {
    SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    SetMinSize(wxSize(40, -1)); // its width is what the sizer gives; it wraps into that
    Hide();
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        if (e.GetSize().x != m_wrapped_at)
            CallAfter([this] { wrap(); });
    });
}

void NoteLine::set(const std::string& text) {
    m_text = wxs(text);
    m_wrapped_at = -1;
    Show(!m_text.empty());
    wrap();
}

void NoteLine::wrap() {
    const int width = GetSize().x;
    if (width == m_wrapped_at || width < 40)
        return;
    m_wrapped_at = width;
    const wxString before = GetLabel();
    SetLabelText(m_text);
    Wrap(width);
    if (GetLabel() != before)
        if (auto* page = dynamic_cast<ViewPage*>(GetParent()))
            page->relayout();
}

ViewPage::ViewPage(wxWindow* parent)
    : wxScrolledWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                       wxVSCROLL | wxTAB_TRAVERSAL) {
    SetScrollRate(0, 16);
}

void ViewPage::relayout() {
    FitInside();
    Layout();
}

wxFlexGridSizer* page_column() {
    auto* s = new wxFlexGridSizer(1, 0, 0);
    s->AddGrowableCol(0);
    s->SetFlexibleDirection(wxBOTH);
    return s;
}

wxSizer* tile_row(wxWindow* parent, std::initializer_list<const char*> captions,
                  std::vector<Tile*>& tiles) {
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    for (const char* caption : captions) {
        tiles.push_back(new Tile(parent, caption));
        row->Add(tiles.back(), 1, wxEXPAND | wxRIGHT, 8); // one height for the row
    }
    return row;
}

} // namespace vs::app
