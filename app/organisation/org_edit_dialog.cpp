#include "app/organisation/org_edit_dialog.h"

#include "app/shell/ui_util.h"
#include "forms/error.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {

using storage::OrgEntity;
using storage::OrgKind;

namespace {

const char* kKindSingular[] = {"client", "region", "branch", "employee", "shopper"};

bool coded(OrgKind k) {
    return k == OrgKind::Branch || k == OrgKind::Employee || k == OrgKind::Shopper;
}

} // namespace

OrgEditDialog::OrgEditDialog(wxWindow* parent, storage::Store& store, OrgKind kind,
                             const std::vector<OrgEntity>& clients, const OrgEntity* existing,
                             int default_client)
    : wxDialog(parent, wxID_ANY,
               wxString(existing ? "Edit " : "Add ") + kKindSingular[static_cast<int>(kind)]),
      m_store(store), m_clients(clients) {
    m_entity.kind = kind;
    if (existing)
        m_entity = *existing;
    auto* grid = new wxFlexGridSizer(2, 8, 12);
    grid->AddGrowableCol(1, 1);
    if (kind != OrgKind::Client) {
        m_client = new wxChoice(this, wxID_ANY);
        for (std::size_t i = 0; i < clients.size(); ++i) {
            m_client->Append(wxs(clients[i].name));
            if (clients[i].id == m_entity.client_id)
                m_client->SetSelection(static_cast<int>(i));
        }
        if (m_client->GetSelection() < 0 && !clients.empty())
            m_client->SetSelection(std::max(0, default_client));
        m_client->Enable(!existing); // an entity stays with its client
        grid->Add(new wxStaticText(this, wxID_ANY, "Client"), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(m_client, 1, wxEXPAND);
    }
    if (coded(kind)) {
        m_code =
            new wxTextCtrl(this, wxID_ANY, wxs(m_entity.code), wxDefaultPosition, wxSize(280, -1));
        grid->Add(new wxStaticText(this, wxID_ANY, "Code"), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(m_code, 1, wxEXPAND);
    }
    m_name = new wxTextCtrl(this, wxID_ANY, wxs(m_entity.name), wxDefaultPosition, wxSize(280, -1));
    grid->Add(new wxStaticText(this, wxID_ANY, "Name"), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_name, 1, wxEXPAND);
    m_error = new wxStaticText(this, wxID_ANY, "");
    m_error->SetForegroundColour(colour_below());
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(grid, 1, wxEXPAND | wxALL, 16);
    s->Add(m_error, 0, wxEXPAND | wxLEFT | wxRIGHT, 16);
    s->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 12);
    SetSizerAndFit(s);
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& ev) {
            if (save())
                ev.Skip();
        },
        wxID_OK);
}

void OrgEditDialog::set_values(const wxString& client, const wxString& code, const wxString& name) {
    if (m_client && !client.empty())
        m_client->SetStringSelection(client);
    if (m_code)
        m_code->SetValue(code);
    m_name->SetValue(name);
}

bool OrgEditDialog::save() {
    OrgEntity out = m_entity;
    if (m_client && m_client->GetSelection() >= 0)
        out.client_id = m_clients[static_cast<std::size_t>(m_client->GetSelection())].id;
    if (m_code)
        out.code = u8(m_code->GetValue().Strip(wxString::both));
    out.name = u8(m_name->GetValue().Strip(wxString::both));
    try {
        m_entity.id = m_store.org_save(out);
        m_error->SetLabel("");
        return true;
    } catch (const InputError& x) {
        m_error->SetLabel(wxs(x.message()) +
                          (x.where().empty() ? "" : " (" + wxs(x.where()) + ")"));
        Layout();
        Fit();
        return false;
    }
}

wxString OrgEditDialog::error() const {
    return m_error->GetLabel();
}

} // namespace vs::app
