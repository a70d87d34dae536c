#include "app/organisation/scorecards_page.h"

#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"
#include "forms/template.h"

#include <wx/button.h>
#include <wx/dataview.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {

ScorecardsPage::ScorecardsPage(wxWindow* parent) : wxPanel(parent) {
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    auto* title = new wxStaticText(this, wxID_ANY, "Scorecards in this database");
    title->SetFont(title->GetFont().Bold());
    bar->Add(title, 1, wxALIGN_CENTER_VERTICAL);
    auto* import = m_import = new wxButton(this, wxID_ANY, "Import scorecard…");
    import->Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(m_store != nullptr);
});
    import->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_import)
            on_import();
    } // namespace vs::app
);
bar->Add(import);
auto* design = m_design = new wxButton(this, wxID_ANY, "Design scorecards…");
design->SetToolTip(
    "Build or change scorecards in the designer (double-click a version to open it)");
design->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (on_design)
        on_design("", 0);
});
bar->Add(design, 0, wxLEFT, 6);
s->Add(bar, 0, wxEXPAND | wxALL, 8);
m_list = new wxDataViewListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                wxDV_ROW_LINES | wxDV_SINGLE);
m_list->AppendTextColumn("Id", wxDATAVIEW_CELL_INERT, 180);
m_list->AppendTextColumn("Version", wxDATAVIEW_CELL_INERT, 80, wxALIGN_RIGHT);
m_list->AppendTextColumn("Name", wxDATAVIEW_CELL_INERT, 320);
m_list->AppendTextColumn("Channel", wxDATAVIEW_CELL_INERT, 120);
m_list->AppendTextColumn("Visits", wxDATAVIEW_CELL_INERT, 90, wxALIGN_RIGHT);
keep_columns_fitted(m_list, 2);
s->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
m_list->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent& e) {
    const int row = m_list->ItemToRow(e.GetItem());
    long version = 0;
    if (row >= 0 && on_design && m_list->GetTextValue(row, 1).ToLong(&version))
        on_design(u8(m_list->GetTextValue(row, 0)), static_cast<int>(version));
});
SetSizer(s);
}

void ScorecardsPage::set_can_edit(bool can) {
    m_import->Show(can);
    m_design->Show(can);
    Layout();
}

bool ScorecardsPage::can_edit() const {
    return m_design->IsShown();
}

void ScorecardsPage::set_store(storage::Store* store) {
    m_store = store;
    m_list->DeleteAllItems();
    m_stale = true;
}

void ScorecardsPage::reload() {
    m_stale = true;
    if (IsShownOnScreen())
        ensure_loaded();
}

void ScorecardsPage::ensure_loaded() {
    if (m_stale)
        load();
}

unsigned ScorecardsPage::count() const {
    return m_list->GetItemCount();
}

void ScorecardsPage::load() {
    m_stale = false;
    m_list->DeleteAllItems();
    if (!m_store)
        return;
    for (const auto& t : m_store->templates()) {
        wxVector<wxVariant> cells;
        cells.push_back(wxVariant(wxs(t.id)));
        cells.push_back(wxVariant(wxString::Format("%d", t.version)));
        cells.push_back(wxVariant(wxs(t.name)));
        cells.push_back(wxVariant(wxs(forms::channel_label(t.channel))));
        cells.push_back(wxVariant(wxString::Format("%lld", static_cast<long long>(t.visits))));
        m_list->AppendItem(cells);
    }
    fit_columns(m_list, 2);
}

} // namespace vs::app
