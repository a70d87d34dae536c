#include "app/shell/settings_dialog.h"

#include "app/shell/ui_util.h"
#include "forms/error.h"
#include "services/integrity.h"
#include "services/review_rules.h"

#include <map>
#include <wx/checkbox.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/panel.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>

namespace vs::app {

bool self_approval_allowed(storage::Store& store) {
    return services::parse_flag(store.setting(services::kAllowSelfApproval, "")).value_or(false);
}

SettingsDialog::SettingsDialog(wxWindow* parent, storage::Store& store, const std::string& who,
                               bool on_server)
    : wxDialog(parent, wxID_ANY, "Settings of this database"), m_store(store) {
    // Two pages, so that the dialog fits a small screen as the settings grow: General, and the
    // review queue's integrity signals.
    m_book = new wxNotebook(this, wxID_ANY);
    auto* page = new wxPanel(m_book);
    auto* s = new wxBoxSizer(wxVERTICAL);
    if (on_server) {
        // The server decides who is working: the account connected, which no name here changes.
        auto* account = new wxStaticText(page, wxID_ANY, wxs("You work as " + who));
        account->SetFont(account->GetFont().Bold());
        s->Add(account, 0, wxLEFT | wxRIGHT | wxTOP, 14);
        auto* account_help =
            new wxStaticText(page, wxID_ANY,
                             "Your server account is recorded with every review step and "
                             "change in the audit log.");
        account_help->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        s->Add(account_help, 0, wxLEFT | wxRIGHT | wxTOP, 14);
    } else {
        auto* name_label = new wxStaticText(page, wxID_ANY, "&Your name");
        s->Add(name_label, 0, wxLEFT | wxRIGHT | wxTOP, 14);
        m_name = new wxTextCtrl(page, wxID_ANY, wxs(who), wxDefaultPosition, wxSize(360, -1));
        s->Add(m_name, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 14);
        auto* name_help = new wxStaticText(page, wxID_ANY,
                                           "Recorded with every review step and change in the "
                                           "audit log.");
        name_help->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        s->Add(name_help, 0, wxLEFT | wxRIGHT | wxTOP, 14);
    }
    m_self = new wxCheckBox(page, wxID_ANY, "&Allow self-approval (one-person office)");
    m_self->SetValue(self_approval_allowed(store));
    s->Add(m_self, 0, wxLEFT | wxRIGHT | wxTOP, 14);
    auto* self_help = new wxStaticText(
        page, wxID_ANY,
        "Normally whoever submitted a visit may not approve it: another reviewer does.\nWhere "
        "one person does both, allow it here; the audit log marks each such approval.");
    self_help->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    s->Add(self_help, 0, wxLEFT | wxRIGHT | wxTOP, 14);
    s->AddSpacer(14);
    page->SetSizer(s);
    m_book->AddPage(page, "General");

    // The integrity signals' thresholds: what each is, its box, its unit and default.
    page = new wxPanel(m_book);
    s = new wxBoxSizer(wxVERTICAL);
    auto* heading = new wxStaticText(page, wxID_ANY, "Integrity signals of the review queue");
    heading->SetFont(heading->GetFont().Bold());
    s->Add(heading, 0, wxLEFT | wxRIGHT | wxTOP, 14);
    auto* grid = new wxFlexGridSizer(3, 4, 8);
    grid->AddGrowableCol(0, 1);
    const scoring::IntegrityThresholds now = services::integrity_thresholds(store);
    for (const scoring::ThresholdSetting& t : scoring::threshold_settings()) {
        grid->Add(new wxStaticText(page, wxID_ANY, t.label), 0, wxALIGN_CENTER_VERTICAL);
        const std::string value = t.real ? wxString::Format("%g", now.*t.real).ToStdString()
                                         : std::to_string(now.*t.whole);
        auto* box = new wxTextCtrl(page, wxID_ANY, wxs(value), wxDefaultPosition, wxSize(80, -1));
        box->SetToolTip(wxs(std::string(t.key)));
        grid->Add(box, 0, wxALIGN_CENTER_VERTICAL);
        auto* unit = new wxStaticText(
            page, wxID_ANY,
            wxs(std::string(t.unit) + " (default " + scoring::threshold_default(t) + ")"));
        unit->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        grid->Add(unit, 0, wxALIGN_CENTER_VERTICAL);
        m_thresholds.emplace_back(t.key, box);
    }
    s->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 14);
    auto* integrity_help = new wxStaticText(
        page, wxID_ANY,
        "A visit's risk (0-100) is the sum of its signals' weights; the review queue lists the "
        "riskiest first.");
    integrity_help->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    s->Add(integrity_help, 0, wxLEFT | wxRIGHT | wxTOP, 14);
    s->AddSpacer(14);
    page->SetSizer(s);
    m_book->AddPage(page, "Integrity signals");

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(m_book, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    m_problem = new wxStaticText(this, wxID_ANY, "");
    m_problem->SetForegroundColour(colour_below());
    top->Add(m_problem, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 14);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 12);
    SetSizerAndFit(top);
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& e) {
            if (apply())
                e.Skip();
        },
        wxID_OK);
}

bool SettingsDialog::apply() {
    if (m_name) {
        const wxString name = m_name->GetValue().Strip(wxString::both);
        if (name.empty()) {
            m_problem->SetLabel("Your name: write the name the audit log records for you.");
            Layout();
            Fit();
            m_name->SetFocus();
            return false;
        }
    }
    if (!apply_thresholds())
        return false;
    if (m_name)
        m_store.set_setting(services::kUserSetting, u8(m_name->GetValue().Strip(wxString::both)));
    m_store.set_setting(services::kAllowSelfApproval, m_self->GetValue() ? "true" : "false");
    return true;
}

bool SettingsDialog::apply_thresholds() {
    // Every box checked before anything is stored; the first bad one is named and focused.
    std::map<std::string, std::string> values;
    for (const auto& [key, box] : m_thresholds) {
        const std::string text = u8(box->GetValue().Strip(wxString::both));
        try {
            values[key] = services::checked_integrity_setting(key, text).value_or(text);
        } catch (const InputError& e) {
            m_problem->SetLabel(
                wxs(scoring::threshold_setting(key)->label + std::string(": ") + e.message()));
            Layout();
            Fit();
            m_book->SetSelection(1);
            box->SetFocus();
            return false;
        }
    }
    const scoring::IntegrityThresholds wanted = scoring::thresholds_from(values);
    const scoring::IntegrityThresholds stored = services::integrity_thresholds(m_store);
    bool changed = false;
    for (const scoring::ThresholdSetting& t : scoring::threshold_settings())
        changed |= t.real ? wanted.*t.real != stored.*t.real : wanted.*t.whole != stored.*t.whole;
    if (changed)
        services::save_integrity_thresholds(m_store, wanted);
    return true;
}

wxTextCtrl* SettingsDialog::threshold_box(const std::string& key) const {
    for (const auto& [k, box] : m_thresholds)
        if (k == key)
            return box;
    return nullptr;
}

wxString SettingsDialog::problem() const {
    return m_problem->GetLabel();
}

std::optional<std::string> ask_who_dialog(wxWindow* parent, const std::string& suggestion) {
    wxTextEntryDialog dlg(parent,
                          "Who is working with this database? Your name is recorded in the audit "
                          "log with every review step.\nYou can change it later in Tools \u25B8 "
                          "Settings.",
                          "Who is working?", wxs(suggestion));
    while (dlg.ShowModal() == wxID_OK) {
        const wxString name = dlg.GetValue().Strip(wxString::both);
        if (!name.empty())
            return u8(name);
        wxMessageBox("Please write your name: the audit log records it.", "Who is working?",
                     wxOK | wxICON_INFORMATION, parent);
    }
    return std::nullopt;
}

} // namespace vs::app
