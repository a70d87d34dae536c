#include "app/field/create_assignments_dialog.h"

#include "app/shell/date_ctrl.h"
#include "app/shell/ui_util.h"
#include "forms/dates.h"
#include "forms/describe.h"
#include "forms/error.h"
#include "forms/survey.h"
#include "services/plan.h"

#include <algorithm>
#include <fmt/core.h>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/datetime.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {
namespace {

std::optional<int> day_of(const wxDateTime& d) {
    return forms::parse_day(u8(d.FormatISODate()));
}

} // namespace

CreateAssignmentsDialog::CreateAssignmentsDialog(wxWindow* parent, storage::Store& store,
                                                 const std::string& client, double half_width,
                                                 int as_of_day, bool show_fees,
                                                 const std::string& who)
    : wxDialog(parent, wxID_ANY, wxs("Create assignments \u00B7 " + client), wxDefaultPosition,
               wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_store(store), m_client(client), m_half_width(half_width), m_as_of(as_of_day), m_who(who) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* intro = new wxStaticText(
        this, wxID_ANY,
        wxString::FromUTF8(fmt::format(
            "One assignment per visit the plan needs at each branch of {} for a 95% CI of "
            "\u00B1{:g} points, windows spread over the period, a shopper proposed for each "
            "(home region first, then the least loaded; never one known at the branch or "
            "within the lockout).",
            client, half_width)));
    intro->Wrap(520);
    top->Add(intro, 0, wxEXPAND | wxALL, 12);

    auto* grid = new wxFlexGridSizer(2, 6, 10);
    grid->AddGrowableCol(1, 1);
    const auto label = [&](const char* text) {
        grid->Add(new wxStaticText(this, wxID_ANY, wxString::FromUTF8(text)), 0,
                  wxALIGN_CENTER_VERTICAL);
    };
    label("Scorecard");
    m_scorecard = new wxChoice(this, wxID_ANY);
    grid->Add(m_scorecard, 1, wxEXPAND);
    label("Period");
    auto* period = new wxBoxSizer(wxHORIZONTAL);
    m_from = new DateCtrl(this, wxID_ANY);
    m_to = new DateCtrl(this, wxID_ANY);
    period->Add(m_from, 0, wxALIGN_CENTER_VERTICAL);
    period->Add(new wxStaticText(this, wxID_ANY, " to "), 0,
                wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, 6);
    period->Add(m_to, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(period, 0);
    label("Scenario");
    m_scenario = new wxTextCtrl(this, wxID_ANY);
    m_scenario->SetHint("what the shopper asks or does (optional)");
    grid->Add(m_scenario, 1, wxEXPAND);
    if (show_fees) {
        label("Fee");
        m_fee = new wxTextCtrl(this, wxID_ANY);
        m_fee->SetHint("25.00 each (empty: the default fee)");
        grid->Add(m_fee, 1, wxEXPAND);
    }
    top->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);

    auto* preview_button = new wxButton(this, wxID_ANY, "Preview");
    top->Add(preview_button, 0, wxALL, 12);
    m_text = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(520, 220),
                            wxTE_MULTILINE | wxTE_READONLY);
    top->Add(m_text, 1, wxEXPAND | wxLEFT | wxRIGHT, 12);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    m_create = new wxButton(this, wxID_OK, "Create");
    buttons->Add(m_create, 0, wxRIGHT, 8);
    buttons->Add(new wxButton(this, wxID_CANCEL, "Close"), 0);
    top->Add(buttons, 0, wxEXPAND | wxALL, 12);
    SetSizer(top);

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
    if (!m_versions.empty())
        m_scorecard->SetSelection(0);
    // The next three whole months.
    wxDateTime first = wxDateTime::Today();
    first.SetDay(1);
    first += wxDateSpan::Months(1);
    const wxDateTime last = first + wxDateSpan::Months(3) - wxDateSpan::Days(1);
    m_from->set_day(day_of(first));
    m_to->set_day(day_of(last));

    m_scorecard->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { stale(); });
    m_from->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { stale(); });
    m_to->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { stale(); });
    m_scenario->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { stale(); });
    if (m_fee)
        m_fee->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { stale(); });
    preview_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { preview(); });
    m_create->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (create() > 0)
            EndModal(wxID_OK);
    });
    Fit();
    CentreOnParent();
    preview();
}

void CreateAssignmentsDialog::stale() {
    m_fresh = false;
    m_create->SetLabel("Create");
    m_create->Enable(false);
    m_text->SetValue("Press Preview to see the assignments for these choices.");
}

std::string CreateAssignmentsDialog::preview_text() const {
    return u8(m_text->GetValue());
}

bool CreateAssignmentsDialog::preview() {
    m_preview = {};
    m_fresh = false;
    m_create->Enable(false);
    try {
        const int at = m_scorecard->GetSelection();
        if (at == wxNOT_FOUND)
            throw vs::InputError("", "Scorecard", "the database holds no scorecard");
        if (!m_from->day() || !m_to->day())
            throw vs::InputError("", "Period", "give the first and last day");
        services::FromPlanRequest request;
        request.client = m_client;
        request.from_day = *m_from->day();
        request.to_day = *m_to->day();
        if (request.to_day < request.from_day)
            throw vs::InputError("", "Period", "the period ends before it starts");
        request.template_id = m_versions[static_cast<std::size_t>(at)].first;
        request.template_version = m_versions[static_cast<std::size_t>(at)].second;
        request.scenario = u8(m_scenario->GetValue());
        if (m_fee && !m_fee->GetValue().empty()) {
            request.fee_cents = services::parse_fee(u8(m_fee->GetValue()));
            if (!request.fee_cents)
                throw vs::InputError("", "Fee",
                                     "\"" + u8(m_fee->GetValue()) +
                                         "\" is not an amount such as 25 or 25.50");
        }
        services::PlanRequest plan;
        plan.client = m_client;
        plan.as_of_day = m_as_of;
        plan.spec.by = scoring::PlanBy::Branch; // assignments go to branches
        plan.spec.half_width = m_half_width;
        m_preview = plan_preview(
            services::propose_from_plan(m_store, services::plan_visits(m_store, plan), request));
        m_text->SetValue(wxs(plan_preview_text(m_preview)));
        m_fresh = true;
        const std::size_t n = m_preview.to_create.size();
        m_create->SetLabel(n == 0 ? wxString("Create") : wxString::Format("Create %zu", n));
        m_create->Enable(n > 0);
        Layout();
        return true;
    } catch (const vs::InputError& e) {
        m_text->SetValue(wxs((e.where().empty() ? std::string() : e.where() + ": ") + e.message()));
    } catch (const std::exception&) {
        m_text->SetValue(wxs(describe(std::current_exception())));
    }
    return false;
}

std::size_t CreateAssignmentsDialog::create() {
    if (!m_fresh && !preview())
        return 0;
    if (m_preview.to_create.empty())
        return 0;
    try {
        m_created = services::create_assignments(m_store, m_preview.to_create, m_who);
    } catch (const std::exception&) {
        m_text->SetValue(wxs("Nothing was created: " + describe(std::current_exception())));
        m_created = 0;
        return 0;
    }
    return m_created;
}

} // namespace vs::app
