#include "app/org_ui.h"

#include "app/ui_util.h"
#include "forms/error.h"
#include "forms/json_io.h"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/dataview.h>
#include <wx/dialog.h>
#include <wx/filedlg.h>
#include <wx/log.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {

using storage::OrgEntity;
using storage::OrgKind;

namespace {

const char* kKindNames[] = {"Clients", "Regions", "Branches", "Employees", "Shoppers"};

bool coded(OrgKind k) { return k == OrgKind::Branch || k == OrgKind::Employee || k == OrgKind::Shopper; }

} // namespace

OrganisationPage::OrganisationPage(wxWindow* parent) : wxPanel(parent) {
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    m_kind = new wxChoice(this, wxID_ANY);
    for (const char* k : kKindNames)
        m_kind->Append(k);
    m_kind->SetSelection(2);
    bar->Add(new wxStaticText(this, wxID_ANY, "Show"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    bar->Add(m_kind, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    bar->Add(new wxStaticText(this, wxID_ANY, "Client"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    m_client = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(180, -1));
    bar->Add(m_client, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_inactive = new wxCheckBox(this, wxID_ANY, "Show deactivated");
    bar->Add(m_inactive, 0, wxALIGN_CENTER_VERTICAL);
    bar->AddStretchSpacer();
    auto* add = new wxButton(this, wxID_ANY, "Add…");
    auto* edit_b = new wxButton(this, wxID_ANY, "Edit…");
    auto* toggle = new wxButton(this, wxID_ANY, "Deactivate / reactivate");
    auto* import = new wxButton(this, wxID_ANY, "Import CSV…");
    for (auto* b : {add, edit_b, toggle, import})
        bar->Add(b, 0, wxLEFT, 6);
    s->Add(bar, 0, wxEXPAND | wxALL, 8);
    m_list = new wxDataViewListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                    wxDV_ROW_LINES | wxDV_SINGLE);
    m_list->AppendTextColumn("Client", wxDATAVIEW_CELL_INERT, 180);
    m_list->AppendTextColumn("Code", wxDATAVIEW_CELL_INERT, 100);
    m_list->AppendTextColumn("Name", wxDATAVIEW_CELL_INERT, 240);
    m_list->AppendTextColumn("Region / branch", wxDATAVIEW_CELL_INERT, 160);
    m_list->AppendTextColumn("Visits", wxDATAVIEW_CELL_INERT, 80, wxALIGN_RIGHT);
    m_list->AppendTextColumn("Active", wxDATAVIEW_CELL_INERT, 80);
    s->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);
    auto* hint = new wxStaticText(this, wxID_ANY,
                                  "Entries that visits point at are never deleted: deactivate "
                                  "them instead. CSV columns: client, code, name, and region "
                                  "(branches) or branch (employees).");
    hint->SetForegroundColour(wxColour(0x5F, 0x66, 0x6D));
    s->Add(hint, 0, wxALL, 8);
    SetSizer(s);

    m_kind->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_inactive->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { reload(); });
    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit(nullptr); });
    auto selected = [this]() -> const OrgEntity* {
        int row = m_list->GetSelectedRow();
        return row >= 0 && row < static_cast<int>(m_rows.size()) ? &m_rows[static_cast<std::size_t>(row)]
                                                                 : nullptr;
    };
    edit_b->Bind(wxEVT_BUTTON, [this, selected](wxCommandEvent&) {
        if (const OrgEntity* e = selected())
            edit(e);
    });
    m_list->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this, selected](wxDataViewEvent&) {
        if (const OrgEntity* e = selected())
            edit(e);
    });
    toggle->Bind(wxEVT_BUTTON, [this, selected](wxCommandEvent&) {
        if (const OrgEntity* e = selected()) {
            m_store->org_set_active(e->kind, e->id, !e->active);
            reload();
            if (on_changed)
                on_changed();
        }
    });
    import->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxFileDialog dlg(this, wxString("Import ") + kKindNames[static_cast<int>(kind())] +
                                   " from CSV", "", "", "CSV files (*.csv)|*.csv;*.CSV|All files (*)|*",
                         wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (dlg.ShowModal() != wxID_OK)
            return;
        std::size_t n = import_csv(u8(dlg.GetPath()));
        wxLogStatus("%zu rows imported from %s", n, dlg.GetFilename());
    });
}

void OrganisationPage::set_store(storage::Store* store) {
    m_store = store;
    reload();
}

OrgKind OrganisationPage::kind() const { return static_cast<OrgKind>(m_kind->GetSelection()); }

void OrganisationPage::set_kind(OrgKind k) {
    m_kind->SetSelection(static_cast<int>(k));
    reload();
}

void OrganisationPage::reload() {
    m_list->DeleteAllItems();
    m_rows.clear();
    if (!m_store)
        return;
    // Client filter.
    int keep = m_client->GetSelection();
    m_clients = m_store->org_list(OrgKind::Client, std::nullopt, true);
    m_client->Clear();
    m_client->Append("All clients");
    for (const auto& c : m_clients)
        m_client->Append(wxs(c.name));
    m_client->SetSelection(keep >= 0 && keep <= static_cast<int>(m_clients.size()) ? keep : 0);
    std::optional<std::int64_t> client;
    if (int c = m_client->GetSelection(); c > 0)
        client = m_clients[static_cast<std::size_t>(c - 1)].id;
    m_rows = m_store->org_list(kind(), client, m_inactive->GetValue());
    for (const auto& e : m_rows) {
        wxVector<wxVariant> cells;
        cells.push_back(wxVariant(wxs(e.client)));
        cells.push_back(wxVariant(wxs(e.code)));
        cells.push_back(wxVariant(wxs(e.name)));
        cells.push_back(wxVariant(wxs(e.parent)));
        cells.push_back(wxVariant(wxString::Format("%lld", static_cast<long long>(e.visits))));
        cells.push_back(wxVariant(wxString(e.active ? "yes" : "deactivated")));
        m_list->AppendItem(cells);
    }
}

void OrganisationPage::edit(const OrgEntity* existing) {
    OrgEntity e;
    e.kind = kind();
    if (existing)
        e = *existing;
    wxDialog dlg(this, wxID_ANY, existing ? "Edit" : "Add");
    auto* grid = new wxFlexGridSizer(2, 8, 12);
    grid->AddGrowableCol(1, 1);
    wxChoice* client = nullptr;
    if (e.kind != OrgKind::Client) {
        client = new wxChoice(&dlg, wxID_ANY);
        for (std::size_t i = 0; i < m_clients.size(); ++i) {
            client->Append(wxs(m_clients[i].name));
            if (m_clients[i].id == e.client_id)
                client->SetSelection(static_cast<int>(i));
        }
        if (client->GetSelection() < 0 && !m_clients.empty())
            client->SetSelection(std::max(0, m_client->GetSelection() - 1));
        grid->Add(new wxStaticText(&dlg, wxID_ANY, "Client"), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(client, 1, wxEXPAND);
    }
    wxTextCtrl* code = nullptr;
    if (coded(e.kind)) {
        code = new wxTextCtrl(&dlg, wxID_ANY, wxs(e.code), wxDefaultPosition, wxSize(280, -1));
        grid->Add(new wxStaticText(&dlg, wxID_ANY, "Code"), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(code, 1, wxEXPAND);
    }
    auto* name = new wxTextCtrl(&dlg, wxID_ANY, wxs(e.name), wxDefaultPosition, wxSize(280, -1));
    grid->Add(new wxStaticText(&dlg, wxID_ANY, "Name"), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(name, 1, wxEXPAND);
    auto* error = new wxStaticText(&dlg, wxID_ANY, "");
    error->SetForegroundColour(wxColour(0xC6, 0x28, 0x28));
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(grid, 1, wxEXPAND | wxALL, 16);
    s->Add(error, 0, wxEXPAND | wxLEFT | wxRIGHT, 16);
    s->Add(dlg.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 12);
    dlg.SetSizerAndFit(s);
    dlg.Bind(wxEVT_BUTTON, [&](wxCommandEvent& ev) {
        OrgEntity out = e;
        if (client && client->GetSelection() >= 0)
            out.client_id = m_clients[static_cast<std::size_t>(client->GetSelection())].id;
        if (code)
            out.code = u8(code->GetValue().Strip(wxString::both));
        out.name = u8(name->GetValue().Strip(wxString::both));
        try {
            m_store->org_save(out);
            ev.Skip();
        } catch (const InputError& x) {
            error->SetLabel(wxs(x.message()));
            dlg.Layout();
        }
    }, wxID_OK);
    if (dlg.ShowModal() == wxID_OK) {
        reload();
        if (on_changed)
            on_changed();
    }
}

std::size_t OrganisationPage::import_csv(const std::string& path) {
    std::size_t n = m_store->org_import_csv(kind(), forms::read_file(path), path);
    reload();
    if (on_changed)
        on_changed();
    return n;
}

ScorecardsPage::ScorecardsPage(wxWindow* parent) : wxPanel(parent) {
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    auto* title = new wxStaticText(this, wxID_ANY, "Scorecards in this database");
    title->SetFont(title->GetFont().Bold());
    bar->Add(title, 1, wxALIGN_CENTER_VERTICAL);
    auto* import = new wxButton(this, wxID_ANY, "Import scorecard…");
    import->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_import)
            on_import();
    });
    bar->Add(import);
    s->Add(bar, 0, wxEXPAND | wxALL, 8);
    m_list = new wxDataViewListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                    wxDV_ROW_LINES | wxDV_SINGLE);
    m_list->AppendTextColumn("Id", wxDATAVIEW_CELL_INERT, 180);
    m_list->AppendTextColumn("Version", wxDATAVIEW_CELL_INERT, 80, wxALIGN_RIGHT);
    m_list->AppendTextColumn("Name", wxDATAVIEW_CELL_INERT, 320);
    m_list->AppendTextColumn("Channel", wxDATAVIEW_CELL_INERT, 120);
    m_list->AppendTextColumn("Visits", wxDATAVIEW_CELL_INERT, 90, wxALIGN_RIGHT);
    s->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    SetSizer(s);
}

void ScorecardsPage::set_store(storage::Store* store) {
    m_store = store;
    reload();
}

void ScorecardsPage::reload() {
    m_list->DeleteAllItems();
    if (!m_store)
        return;
    for (const auto& t : m_store->templates()) {
        wxVector<wxVariant> cells;
        cells.push_back(wxVariant(wxs(t.id)));
        cells.push_back(wxVariant(wxString::Format("%d", t.version)));
        cells.push_back(wxVariant(wxs(t.name)));
        cells.push_back(wxVariant(wxs(t.channel)));
        cells.push_back(wxVariant(wxString::Format("%lld", static_cast<long long>(t.visits))));
        m_list->AppendItem(cells);
    }
}

} // namespace vs::app
