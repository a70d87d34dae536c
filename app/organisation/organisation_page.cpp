#include "app/organisation/organisation_page.h"

#include "app/organisation/org_edit_dialog.h"
#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"
#include "forms/describe.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/template.h"
#include "services/organisation.h"

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
#include <wx/wrapsizer.h>

namespace vs::app {

using storage::OrgEntity;
using storage::OrgKind;

namespace {

const char* kKindNames[] = {"Clients", "Regions", "Branches", "Employees", "Shoppers"};

const char* kNoDatabase =
    "No database is open: open or create one (File \u25B8 Open database\u2026) "
    "to keep the organisation in.";

const char* kHint =
    "Entries that visits point at are never deleted: deactivate them instead. CSV columns: "
    "client, code, name, and region (branches) or branch (employees).";

/// Wraps `label` to `text` at the width of `page` (less its margins) and lays the page out again.
void wrap_to_page(wxWindow* page, wxStaticText* label, const wxString& text) {
    label->SetLabel(text);
    label->Wrap(std::max(200, page->GetClientSize().x - 16));
    page->Layout();
}

} // namespace

OrganisationPage::OrganisationPage(wxWindow* parent) : wxPanel(parent) {
    auto* s = new wxBoxSizer(wxVERTICAL);
    // The filters, then the buttons (at the right): on a narrow window the buttons go onto a
    // second row rather than off the page.
    auto* bar = new wxWrapSizer(wxHORIZONTAL);
    auto* filters = new wxBoxSizer(wxHORIZONTAL);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_kind = new wxChoice(this, wxID_ANY);
    for (const char* k : kKindNames)
        m_kind->Append(k);
    m_kind->SetSelection(2);
    filters->Add(new wxStaticText(this, wxID_ANY, "Show"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    filters->Add(m_kind, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    filters->Add(new wxStaticText(this, wxID_ANY, "Client"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
                 4);
    m_client = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(180, -1));
    filters->Add(m_client, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_inactive = new wxCheckBox(this, wxID_ANY, "Show deactivated");
    filters->Add(m_inactive, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    bar->Add(filters, 0, wxEXPAND | wxBOTTOM, 4);
    auto* add = new wxButton(this, wxID_ANY, "Add…");
    auto* edit_b = new wxButton(this, wxID_ANY, "Edit…");
    auto* toggle = new wxButton(this, wxID_ANY, "Deactivate / reactivate");
    auto* import = new wxButton(this, wxID_ANY, "Import CSV…");
    m_edit_buttons = {add, edit_b, toggle, import};
    for (auto* b : {add, edit_b, toggle, import}) {
        buttons->Add(b, 0, wxLEFT, b == add ? 0 : 6);
        // The entries live in the database: nothing to add to or change without one.
        b->Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(m_store != nullptr); });
    }
    bar->Add(buttons, 0, wxBOTTOM, 4);
    s->Add(bar, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    s->AddSpacer(4);
    m_list = new wxDataViewListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                    wxDV_ROW_LINES | wxDV_SINGLE);
    m_list->AppendTextColumn("Client", wxDATAVIEW_CELL_INERT, 180);
    m_list->AppendTextColumn("Code", wxDATAVIEW_CELL_INERT, 100);
    m_list->AppendTextColumn("Name", wxDATAVIEW_CELL_INERT, 240);
    m_list->AppendTextColumn("Region / branch", wxDATAVIEW_CELL_INERT, 160);
    m_list->AppendTextColumn("Visits", wxDATAVIEW_CELL_INERT, 80, wxALIGN_RIGHT);
    m_list->AppendTextColumn("Active", wxDATAVIEW_CELL_INERT, 80);
    keep_columns_fitted(m_list, 2);
    s->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);
    m_message = new wxStaticText(this, wxID_ANY, "");
    m_message->Hide();
    s->Add(m_message, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    auto* hint = new wxStaticText(this, wxID_ANY, kHint);
    hint->SetForegroundColour(wxColour(0x5F, 0x66, 0x6D));
    s->Add(hint, 0, wxALL, 8);
    SetSizer(s);
    // The hint and the message wrap to the page's width.
    Bind(wxEVT_SIZE, [this, hint](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this, hint] {
            wrap_to_page(this, hint, kHint);
            if (m_message->IsShown())
                wrap_to_page(this, m_message, m_message_text);
        });
    });

    m_kind->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_inactive->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { reload(); });
    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit(nullptr); });
    edit_b->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (const OrgEntity* e = selected())
            edit(e);
    });
    m_list->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent&) {
        if (const OrgEntity* e = selected())
            edit(e);
    });
    toggle->SetToolTip("Deactivated entries stay with the visits that name them but are no "
                       "longer offered for new visits");
    toggle->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!toggle_active())
            show_message("Select an entry in the list first.", true);
    });
    import->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!m_store) {
            show_message(kNoDatabase, true);
    return;
}
wxFileDialog dlg(this, wxString("Import ") + kKindNames[static_cast<int>(kind())] + " from CSV", "",
                 "", "CSV files (*.csv)|*.csv;*.CSV|All files (*)|*",
                 wxFD_OPEN | wxFD_FILE_MUST_EXIST);
if (dlg.ShowModal() != wxID_OK)
    return;
import_csv(u8(dlg.GetPath()));
} // namespace vs::app
);
}

const OrgEntity* OrganisationPage::selected() const {
    int row = m_list->GetSelectedRow();
    return row >= 0 && row < static_cast<int>(m_rows.size())
               ? &m_rows[static_cast<std::size_t>(row)]
               : nullptr;
}

void OrganisationPage::select(std::size_t row) {
    m_list->SelectRow(static_cast<unsigned>(row));
}

void OrganisationPage::show_inactive(bool show) {
    m_inactive->SetValue(show);
    reload();
}

bool OrganisationPage::toggle_active() {
    const OrgEntity* e = selected();
    if (!e || !m_store || !m_can_edit)
        return false;
    const OrgEntity entity = *e;
    m_store->org_set_active(entity.kind, entity.id, !entity.active);
    changed();
    show_message(wxs((entity.code.empty() ? entity.name : entity.code) +
                     (entity.active ? " was deactivated: its " + std::to_string(entity.visits) +
                                          " visit(s) keep it; new visits no longer offer it."
                                    : " is active again.")),
                 false);
    return true;
}

void OrganisationPage::changed() {
    reload();
    if (on_changed)
        on_changed();
}

void OrganisationPage::show_message(const wxString& text, bool error) {
    m_message_text = text;
    m_message->SetForegroundColour(error ? colour_below() : wxColour(0x30, 0x38, 0x40));
    m_message->Show(!text.empty());
    wrap_to_page(this, m_message, text);
}

wxString OrganisationPage::message() const {
    return m_message_text;
}

void OrganisationPage::set_store(storage::Store* store) {
    m_store = store;
    m_list->DeleteAllItems();
    m_rows.clear();
    m_client->Clear(); // the other database's clients
    m_stale = true;    // counting visits per entry waits until the page is shown
}

void OrganisationPage::ensure_loaded() {
    if (m_stale)
        reload();
}

OrgKind OrganisationPage::kind() const {
    return static_cast<OrgKind>(m_kind->GetSelection());
}

void OrganisationPage::set_kind(OrgKind k) {
    m_kind->SetSelection(static_cast<int>(k));
    reload();
}

void OrganisationPage::reload() {
    m_stale = false;
    m_list->DeleteAllItems();
    m_rows.clear();
    if (!m_store)
        return;
    // Client filter.
    int keep = m_client->GetSelection();
    m_clients = m_store->org_list(OrgKind::Client, std::nullopt, true, false);
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
    fit_columns(m_list, 2);
}

void OrganisationPage::set_can_edit(bool can) {
    m_can_edit = can;
    for (wxButton* b : m_edit_buttons)
        b->Show(can);
    Layout();
}

void OrganisationPage::edit(const OrgEntity* existing) {
    if (!m_can_edit)
        return;
    if (!m_store) {
        show_message(kNoDatabase, true);
        return;
    }
    OrgEditDialog dlg(this, *m_store, kind(), m_clients, existing, m_client->GetSelection() - 1);
    if (dlg.ShowModal() == wxID_OK)
        changed();
}

std::size_t OrganisationPage::import_csv(const std::string& path) {
    if (!m_store) {
        show_message(kNoDatabase, true);
        return 0;
    }
    std::size_t n = 0;
    try {
        n = services::import_organisation_csv(*m_store, kind(), forms::read_file(path), path);
    } catch (const InputError&) {
        show_message(wxs(describe(std::current_exception())) +
                         "\nNothing was imported. Correct the file and import it again.",
                     true);
        return 0;
    }
    changed();
    show_message(wxString::Format("%zu rows imported from %s.", n, wxs(path).AfterLast('/')),
                 false);
    return n;
}

} // namespace vs::app
