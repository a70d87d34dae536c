#include "app/shell/connect_dialog.h"

#include "app/shell/server_address.h"
#include "app/shell/ui_util.h"

#include <algorithm>
#include <wx/button.h>
#include <wx/listbox.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {
namespace {

wxStaticText* grey_note(wxWindow* parent, const wxString& text) {
    auto* t = new wxStaticText(parent, wxID_ANY, text);
    t->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    return t;
}

} // namespace

ConnectDialog::ConnectDialog(wxWindow* parent, const std::vector<std::string>& recent)
    : wxDialog(parent, wxID_ANY, "Connect to a server database"), m_recent_uris(recent) {
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(new wxStaticText(this, wxID_ANY,
                            "Work on your team's shared PostgreSQL server database. Your IT\n"
                            "gives you its address and your account."),
           0, wxLEFT | wxRIGHT | wxTOP, 14);
    if (!recent.empty()) {
        s->Add(new wxStaticText(this, wxID_ANY, "&Recent servers"), 0, wxLEFT | wxRIGHT | wxTOP,
               14);
        m_recent = new wxListBox(this, wxID_ANY, wxDefaultPosition,
                                 wxSize(-1, FromDIP(20) * static_cast<int>(std::min<std::size_t>(
                                                              recent.size() + 1, 5))));
        for (const std::string& r : recent)
            m_recent->Append(wxs(server_label(r)));
        s->Add(m_recent, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 14);
    }
    s->Add(new wxStaticText(this, wxID_ANY, "Server &address"), 0, wxLEFT | wxRIGHT | wxTOP, 14);
    m_uri = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(FromDIP(440), -1));
    m_uri->SetHint("postgresql://you@server.example:5432/visitscore");
    s->Add(m_uri, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 14);
    s->Add(grey_note(this, "or its parts:"), 0, wxLEFT | wxRIGHT | wxTOP, 14);
    auto* grid = new wxFlexGridSizer(2, FromDIP(6), FromDIP(10));
    grid->AddGrowableCol(1, 1);
    auto field = [&](const wxString& label, wxTextCtrl*& box, const wxString& hint) {
        grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        box = new wxTextCtrl(this, wxID_ANY);
        box->SetHint(hint);
        grid->Add(box, 1, wxEXPAND);
    };
    field("&Host", m_host, "server.example");
    field("&Port", m_port, "5432");
    field("&Database", m_database, "visitscore");
    field("Your a&ccount", m_user, "your server account");
    s->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 14);
    s->Add(grey_note(this, "No password is stored: VisitScore asks for it when the server wants "
                           "one\n(unless it is in your ~/.pgpass file or PGPASSWORD). The "
                           "connection is\nencrypted (TLS) whenever the server offers it."),
           0, wxLEFT | wxRIGHT | wxTOP, 14);
    m_problem = new wxStaticText(this, wxID_ANY, "");
    m_problem->SetForegroundColour(colour_below());
    s->Add(m_problem, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 14);
    auto* buttons = CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    if (auto* ok = dynamic_cast<wxButton*>(FindWindow(wxID_OK)))
        ok->SetLabel("&Connect");
    s->Add(buttons, 0, wxEXPAND | wxALL, 12);
    SetSizerAndFit(s);

    m_uri->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { parts_from_uri(); });
    for (wxTextCtrl* box : {m_host, m_port, m_database, m_user})
        box->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { uri_from_parts(); });
    if (m_recent) {
        m_recent->Bind(wxEVT_LISTBOX, [this](wxCommandEvent& e) {
            if (e.GetSelection() >= 0)
                set_uri(m_recent_uris.at(static_cast<std::size_t>(e.GetSelection())));
        });
        m_recent->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent&) {
            if (validate())
                EndModal(wxID_OK);
        });
        m_recent->SetSelection(0);
        set_uri(recent.front());
    }
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& e) {
            if (validate())
                e.Skip();
        },
        wxID_OK);
    m_uri->SetFocus();
}

std::string ConnectDialog::uri() const {
    return u8(m_uri->GetValue().Strip(wxString::both));
}

void ConnectDialog::set_uri(const std::string& uri) {
    m_uri->SetValue(wxs(uri)); // the parts follow (parts_from_uri)
}

void ConnectDialog::parts_from_uri() {
    if (m_syncing)
        return;
    const auto a = parse_server_uri(uri());
    if (!a)
        return; // being typed: the parts keep what they show
    m_syncing = true;
    m_host->ChangeValue(wxs(a->host));
    m_port->ChangeValue(wxs(a->port));
    m_database->ChangeValue(wxs(a->database));
    m_user->ChangeValue(wxs(a->user));
    m_syncing = false;
}

void ConnectDialog::uri_from_parts() {
    if (m_syncing)
        return;
    ServerAddress a;
    a.host = u8(m_host->GetValue().Strip(wxString::both));
    a.port = u8(m_port->GetValue().Strip(wxString::both));
    a.database = u8(m_database->GetValue().Strip(wxString::both));
    a.user = u8(m_user->GetValue().Strip(wxString::both));
    m_syncing = true;
    m_uri->ChangeValue(wxs(server_uri(a)));
    m_syncing = false;
}

bool ConnectDialog::validate() {
    wxString why;
    wxTextCtrl* focus = m_uri;
    const auto a = parse_server_uri(uri());
    if (!a) {
        why = "Server address: write it as postgresql://account@host:port/database, or fill in "
              "the parts.";
    } else if (a->host.empty()) {
        why = "Host: write the server's name or address.";
        focus = m_host;
    } else if (a->database.empty()) {
        why = "Database: write the name of the team's database on the server.";
        focus = m_database;
    }
    m_problem->SetLabel(why);
    m_problem->Wrap(m_uri->GetSize().x);
    Layout();
    Fit();
    if (!why.empty())
        focus->SetFocus();
    return why.empty();
}

wxString ConnectDialog::problem() const {
    return m_problem->GetLabel();
}

std::optional<std::string> ask_server_password(wxWindow* parent, const std::string& server,
                                               bool refused) {
    wxDialog dlg(parent, wxID_ANY, "Server password");
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(new wxStaticText(&dlg, wxID_ANY,
                            wxString(refused ? "The server refused that password. " : "") +
                                "The password of\n" + wxs(server_label(server)) + ":"),
           0, wxLEFT | wxRIGHT | wxTOP, 14);
    auto* box = new wxTextCtrl(&dlg, wxID_ANY, "", wxDefaultPosition, wxSize(dlg.FromDIP(320), -1),
                               wxTE_PASSWORD);
    s->Add(box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 14);
    s->Add(grey_note(&dlg, "Used for this connection only; never stored."), 0,
           wxLEFT | wxRIGHT | wxTOP, 14);
    s->Add(dlg.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 12);
    dlg.SetSizerAndFit(s);
    box->SetFocus();
    if (dlg.ShowModal() != wxID_OK)
        return std::nullopt;
    return u8(box->GetValue());
}

} // namespace vs::app
