#include "app/field/assignment_dialog.h"

#include "app/field/assignments_model.h"
#include "app/shell/date_ctrl.h"
#include "app/shell/ui_util.h"
#include "forms/dates.h"
#include "forms/describe.h"
#include "forms/error.h"
#include "forms/survey.h"
#include "services/assignments.h"
#include "services/plan.h"

#include <algorithm>
#include <map>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {
namespace {

constexpr const char* kNoShopper = "\u2014 none";

std::string day_text(std::optional<int> day) {
    return day ? forms::day_to_string(*day) : std::string();
}

} // namespace

AssignmentDialog::AssignmentDialog(wxWindow* parent, storage::Store& store,
                                   const std::optional<storage::Assignment>& existing,
                                   const std::string& client, bool show_fees,
                                   const std::string& who)
    : wxDialog(parent, wxID_ANY, existing ? "Edit assignment" : "Add assignment", wxDefaultPosition,
               wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_store(store), m_existing(existing), m_show_fees(show_fees), m_who(who) {
    auto* grid = new wxFlexGridSizer(2, 6, 10);
    grid->AddGrowableCol(1, 1);
    const auto label = [&](const char* text) {
        grid->Add(new wxStaticText(this, wxID_ANY, wxString::FromUTF8(text)), 0,
                  wxALIGN_CENTER_VERTICAL);
    };
    label("Client");
    m_client = new wxChoice(this, wxID_ANY);
    grid->Add(m_client, 1, wxEXPAND);
    label("Branch");
    m_branch = new wxChoice(this, wxID_ANY);
    grid->Add(m_branch, 1, wxEXPAND);
    label("Scorecard");
    m_scorecard = new wxChoice(this, wxID_ANY);
    grid->Add(m_scorecard, 1, wxEXPAND);
    label("Scenario");
    m_scenario = new wxTextCtrl(this, wxID_ANY);
    m_scenario->SetHint("what the shopper asks or does (optional)");
    grid->Add(m_scenario, 1, wxEXPAND);
    label("Window");
    auto* window = new wxBoxSizer(wxHORIZONTAL);
    m_from = new DateCtrl(this, wxID_ANY);
    m_to = new DateCtrl(this, wxID_ANY);
    window->Add(m_from, 0, wxALIGN_CENTER_VERTICAL);
    window->Add(new wxStaticText(this, wxID_ANY, wxString::FromUTF8(" to ")), 0,
                wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, 6);
    window->Add(m_to, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(window, 0);
    label("Shopper");
    auto* shopper = new wxBoxSizer(wxHORIZONTAL);
    m_shopper = new wxChoice(this, wxID_ANY);
    m_propose = new wxButton(this, wxID_ANY, "Propose");
    m_propose->SetToolTip("The shopper the rules propose: home region first, then the least "
                          "loaded, never one known at the branch or within the lockout");
    shopper->Add(m_shopper, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    shopper->Add(m_propose, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(shopper, 1, wxEXPAND);
    grid->AddSpacer(0);
    m_proposal = new wxStaticText(this, wxID_ANY, "");
    m_proposal->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    grid->Add(m_proposal, 1, wxEXPAND);
    if (m_show_fees) {
        label("Fee");
        m_fee = new wxTextCtrl(this, wxID_ANY);
        m_fee->SetHint("25.00 (empty: the default fee)");
        grid->Add(m_fee, 1, wxEXPAND);
    }
    label("Note");
    m_note = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 60), wxTE_MULTILINE);
    grid->Add(m_note, 1, wxEXPAND);

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(grid, 1, wxEXPAND | wxALL, 12);
    m_error = new wxStaticText(this, wxID_ANY, "");
    m_error->SetForegroundColour(colour_below());
    top->Add(m_error, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 12);
    if (auto* ok = FindWindow(wxID_OK))
        static_cast<wxButton*>(ok)->SetLabel(existing ? "Save" : "Add");
    SetSizer(top);

    // The clients, and the scorecard versions (the latest first per scorecard).
    for (const storage::OrgEntity& c :
         store.org_list(storage::OrgKind::Client, std::nullopt, false, false))
        m_client->Append(wxs(c.name));
    std::vector<storage::TemplateInfo> templates = store.templates();
    std::sort(templates.begin(), templates.end(), [](const auto& a, const auto& b) {
        return a.id != b.id ? a.id < b.id : a.version > b.version;
    });
    for (const storage::TemplateInfo& t : templates) {
        if (t.channel == forms::kSurveyChannel) // answered by customers, never assigned
            continue;
        m_versions.emplace_back(t.id, t.version);
        m_scorecard->Append(wxs(t.id + " v" + std::to_string(t.version) + "  " + t.name));
    }
    const std::string chosen_client = existing ? existing->client : client;
    if (m_client->FindString(wxs(chosen_client)) != wxNOT_FOUND)
        m_client->SetStringSelection(wxs(chosen_client));
    else if (m_client->GetCount() > 0)
        m_client->SetSelection(0);
    fill_client();

    if (existing) {
        m_client->Enable(false); // an assignment stays with its client
        select_code(m_branch, existing->branch);
        for (std::size_t i = 0; i < m_versions.size(); ++i)
            if (m_versions[i] == std::pair(existing->template_id, existing->template_version))
                m_scorecard->SetSelection(static_cast<int>(i));
        m_scenario->SetValue(wxs(existing->scenario));
        m_from->set_day(forms::parse_day(existing->window_from));
        m_to->set_day(forms::parse_day(existing->window_to));
        if (!select_code(m_shopper, existing->shopper))
            m_shopper->SetSelection(0);
        if (m_fee && existing->fee_cents)
            m_fee->SetValue(wxs(services::format_fee(*existing->fee_cents)));
        m_note->SetValue(wxs(existing->note));
    } else {
        if (m_scorecard->GetCount() > 0)
            m_scorecard->SetSelection(0);
        const int today = services::today_day();
        m_from->set_day(today + 7);
        m_to->set_day(today + 20);
    }

    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { fill_client(); });
    m_propose->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { propose(); });
    Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
        if (e.GetId() != wxID_OK) {
            e.Skip();
            return;
        }
        if (save())
            EndModal(wxID_OK);
        else if (!m_conflict.empty())
            EndModal(wxID_ABORT);
    });
    SetMinSize(wxSize(560, -1));
    Fit();
    CentreOnParent();
}

void AssignmentDialog::fill_client() {
    const std::string keep_branch = code_of(m_branch);
    const std::string keep_shopper = code_of(m_shopper);
    m_branch->Clear();
    m_shopper->Clear();
    m_shopper->Append(wxString::FromUTF8(kNoShopper));
    const std::string client = u8(m_client->GetStringSelection());
    for (const storage::OrgEntity& c :
         m_store.org_list(storage::OrgKind::Client, std::nullopt, false, false)) {
        if (c.name != client)
            continue;
        for (const storage::OrgEntity& b :
             m_store.org_list(storage::OrgKind::Branch, c.id, false, false))
            m_branch->Append(wxs(b.code + (b.name.empty() ? "" : "  " + b.name)));
        for (const storage::OrgEntity& s :
             m_store.org_list(storage::OrgKind::Shopper, c.id, false, false))
            m_shopper->Append(
                wxs(s.code + (s.parent.empty() ? "" : "  (home region " + s.parent + ")")));
    }
    if (!select_code(m_branch, keep_branch) && m_branch->GetCount() > 0)
        m_branch->SetSelection(0);
    if (!select_code(m_shopper, keep_shopper))
        m_shopper->SetSelection(0);
    m_proposal->SetLabel("");
}

bool AssignmentDialog::select_code(wxChoice* choice, const std::string& code) {
    if (code.empty())
        return false;
    for (unsigned i = 0; i < choice->GetCount(); ++i) {
        const std::string text = u8(choice->GetString(i));
        if (text == code || text.rfind(code + " ", 0) == 0) {
            choice->SetSelection(static_cast<int>(i));
            return true;
        }
    }
    return false;
}

std::string AssignmentDialog::code_of(wxChoice* choice) const {
    const std::string text = u8(choice->GetStringSelection());
    if (text.empty() || text == kNoShopper)
        return {};
    return text.substr(0, text.find(' '));
}

std::string AssignmentDialog::error() const {
    return u8(m_error->GetLabel());
}

void AssignmentDialog::show_error(const std::string& field, const std::string& message) {
    m_error_field = field;
    m_error->SetLabel(wxs(field.empty() ? message : field + ": " + message));
    m_error->Wrap(std::max(300, GetClientSize().x - 24));
    wxWindow* focus = field == "Client"        ? static_cast<wxWindow*>(m_client)
                      : field == "Branch"      ? static_cast<wxWindow*>(m_branch)
                      : field == "Scorecard"   ? static_cast<wxWindow*>(m_scorecard)
                      : field == "Scenario"    ? static_cast<wxWindow*>(m_scenario)
                      : field == "Window from" ? static_cast<wxWindow*>(m_from->text())
                      : field == "Window to"   ? static_cast<wxWindow*>(m_to->text())
                      : field == "Shopper"     ? static_cast<wxWindow*>(m_shopper)
                      : field == "Fee"         ? static_cast<wxWindow*>(m_fee)
                      : field == "Note"        ? static_cast<wxWindow*>(m_note)
                                               : nullptr;
    if (focus)
        focus->SetFocus();
    Layout();
    Fit();
}

void AssignmentDialog::propose() {
    try {
        storage::Assignment a;
        a.uuid = m_existing ? m_existing->uuid : std::string();
        a.client = u8(m_client->GetStringSelection());
        a.branch = code_of(m_branch);
        a.window_from = day_text(m_from->day());
        a.window_to = day_text(m_to->day());
        const services::Proposal p = services::propose_shopper_for(m_store, a);
        if (p.shopper.empty()) {
            m_shopper->SetSelection(0);
            m_proposal->SetLabel(wxs("No shopper fits: " + p.reason));
        } else {
            select_code(m_shopper, p.shopper);
            m_proposal->SetLabel(wxs("Proposed by the rules: " + p.shopper));
        }
        m_proposal->Wrap(std::max(300, m_shopper->GetSize().x + m_propose->GetSize().x));
        m_error->SetLabel("");
        Layout();
        Fit();
    } catch (const vs::InputError& e) {
        show_error(field_of_error(e.where()), e.message());
    } catch (const std::exception&) {
        show_error("", describe(std::current_exception()));
    }
}

bool AssignmentDialog::save() {
    m_conflict.clear();
    m_error_field.clear();
    m_error->SetLabel("");
    AssignmentFields f;
    f.client = u8(m_client->GetStringSelection());
    f.branch = code_of(m_branch);
    if (const int at = m_scorecard->GetSelection();
        at != wxNOT_FOUND && static_cast<std::size_t>(at) < m_versions.size()) {
        f.template_id = m_versions[static_cast<std::size_t>(at)].first;
        f.template_version = std::to_string(m_versions[static_cast<std::size_t>(at)].second);
    }
    f.scenario = u8(m_scenario->GetValue());
    f.window_from = m_from->IsValid() ? day_text(m_from->day()) : u8(m_from->text()->GetValue());
    f.window_to = m_to->IsValid() ? day_text(m_to->day()) : u8(m_to->text()->GetValue());
    f.shopper = code_of(m_shopper);
    if (m_fee)
        f.fee = u8(m_fee->GetValue());
    else if (m_existing && m_existing->fee_cents)
        f.fee = services::format_fee(*m_existing->fee_cents);
    f.note = u8(m_note->GetValue());
    try {
        const storage::Assignment a =
            assignment_from_fields(f, m_existing ? *m_existing : storage::Assignment{});
        m_saved = m_existing ? services::edit_assignment(m_store, a, m_who)
                             : services::add_assignment(m_store, a, m_who);
        return true;
    } catch (const storage::ConflictError&) {
        if (!m_existing) {
            show_error("", describe(std::current_exception()));
            return false;
        }
        std::optional<storage::Assignment> now;
        std::string by; // the author of its last audit entry
        try {
            now = m_store.assignment(m_existing->uuid);
            by = m_store.assignment_changed_by(m_existing->uuid);
        } catch (const std::exception&) {
        }
        m_conflict = conflict_text(*m_existing, now, by);
        return false;
    } catch (const vs::InputError& e) {
        show_error(field_of_error(e.where()), e.message());
    } catch (const std::exception&) {
        show_error("", describe(std::current_exception()));
    }
    return false;
}

} // namespace vs::app
