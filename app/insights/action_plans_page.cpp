#include "app/insights/action_plans_page.h"

#include "app/shell/ui_util.h"
#include "forms/error.h"

#include <algorithm>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {
namespace {

const char* const kStateLabels[] = {"All states", "open", "in progress", "done", "verified"};
const char* const kStates[] = {"", "open", "in_progress", "done", "verified"};

} // namespace

PlanEditDialog::PlanEditDialog(wxWindow* parent, const storage::ActionPlan& plan, bool staff)
    : wxDialog(parent, wxID_ANY, wxs("Action plan " + std::to_string(plan.id)), wxDefaultPosition,
               wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* grid = new wxFlexGridSizer(2, wxSize(8, 8));
    grid->AddGrowableCol(1);
    grid->AddGrowableRow(3);
    m_owner = new wxTextCtrl(this, wxID_ANY, wxs(plan.owner));
    m_due = new wxTextCtrl(this, wxID_ANY, wxs(plan.due_date));
    m_due->SetHint("YYYY-MM-DD");
    m_state = new wxChoice(this, wxID_ANY);
    for (const std::string& s : services::action_plan_states())
        m_state->Append(wxs(services::state_label(s)));
    const auto& states = services::action_plan_states();
    m_state->SetSelection(
        static_cast<int>(std::find(states.begin(), states.end(), plan.state) - states.begin()));
    m_actions = new wxTextCtrl(this, wxID_ANY, wxs(actions_text(plan.actions)), wxDefaultPosition,
                               FromDIP(wxSize(520, 140)), wxTE_MULTILINE);
    // A client's account changes the actions and the state only (the server enforces it).
    m_owner->Enable(staff);
    m_due->Enable(staff);
    grid->Add(new wxStaticText(this, wxID_ANY, "Owner"), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_owner, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, "Due"), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_due, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, "State"), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_state, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, "Actions"), 0, wxTOP, 4);
    grid->Add(m_actions, 1, wxEXPAND);
    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(grid, 1, wxEXPAND | wxALL, 12);
    top->Add(new wxStaticText(this, wxID_ANY,
                              "One action a line: [x] done or [ ] not, then text | owner | due"),
             0, wxLEFT | wxRIGHT, 12);
    m_error = new wxStaticText(this, wxID_ANY, "");
    m_error->SetForegroundColour(*wxRED);
    top->Add(m_error, 0, wxALL | wxEXPAND, 12);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 12);
    SetSizerAndFit(top);
}

PlanEdit PlanEditDialog::edit() const {
    PlanEdit e;
    e.owner = u8(m_owner->GetValue());
    e.due = u8(m_due->GetValue());
    const int s = m_state->GetSelection();
    e.state = s < 0 ? "" : services::action_plan_states().at(static_cast<std::size_t>(s));
    e.actions = u8(m_actions->GetValue());
    return e;
}

void PlanEditDialog::show_error(const wxString& text) {
    m_error->SetLabel(text);
    m_error->Wrap(FromDIP(520));
    Layout();
    Fit();
}

wxString PlanEditDialog::error() const {
    return m_error->GetLabel();
}

ActionPlansPage::ActionPlansPage(wxWindow* parent) : wxPanel(parent) {
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    bar->Add(new wxStaticText(this, wxID_ANY, "Action plans"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
             12);
    m_filter = new wxChoice(this, wxID_ANY);
    for (const char* s : kStateLabels)
        m_filter->Append(s);
    m_filter->SetSelection(0);
    bar->Add(m_filter, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_edit = new wxButton(this, wxID_ANY, "Edit…");
    m_done = new wxButton(this, wxID_ANY, "Done…");
    m_verify = new wxButton(this, wxID_ANY, "Verify");
    bar->AddStretchSpacer();
    bar->Add(m_edit, 0, wxRIGHT, 6);
    bar->Add(m_done, 0, wxRIGHT, 6);
    bar->Add(m_verify, 0);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    const char* const columns[] = {"Plan",  "Client", "Branch",  "State",
                                   "Start", "Due",    "Actions", "Failed behaviours",
                                   "Effect"};
    const int widths[] = {50, 150, 80, 95, 95, 95, 70, 260, 70};
    for (int c = 0; c < 9; ++c)
        m_list->AppendColumn(columns[c], wxLIST_FORMAT_LEFT, FromDIP(widths[c]));
    m_detail = new wxStaticText(this, wxID_ANY, "");

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(bar, 0, wxEXPAND | wxALL, 8);
    top->Add(m_list, 3, wxEXPAND | wxLEFT | wxRIGHT, 8);
    top->Add(m_detail, 2, wxEXPAND | wxALL, 8);
    SetSizer(top);

    m_filter->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED,
                 [this](wxListEvent& e) { select(static_cast<std::size_t>(e.GetIndex())); });
    m_edit->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit_selected(); });
    m_done->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { done_selected(); });
    m_verify->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { verify_selected(); });
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown() && m_dirty)
            reload();
        e.Skip();
    });
    confirm = [this](const wxString& q) {
        return wxMessageBox(q, "Action plan", wxYES_NO | wxICON_QUESTION, this) == wxYES;
    };
    tell = [this](const wxString& m) {
        wxMessageBox(m, "Action plan", wxOK | wxICON_WARNING, this);
    };
    update_buttons();
}

void ActionPlansPage::set_store(storage::Store* store, const std::string& who, bool staff) {
    m_store = store;
    m_who = who;
    m_staff = staff;
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void ActionPlansPage::data_changed() {
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void ActionPlansPage::reload() {
    m_dirty = false;
    m_rows.clear();
    m_list->DeleteAllItems();
    if (m_store) {
        const int f = std::max(0, m_filter->GetSelection());
        ActionPlanListFilter filter;
        filter.state = kStates[f];
        m_rows = action_plan_list(*m_store, filter);
    }
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const auto cells = action_plan_cells(m_rows[i]);
        const long item = m_list->InsertItem(static_cast<long>(i), wxs(cells[0]));
        for (std::size_t c = 1; c < cells.size(); ++c)
            m_list->SetItem(item, static_cast<int>(c), wxs(cells[c]));
    }
    if (m_rows.empty()) {
        m_detail->SetLabel(m_store ? "No action plans. Approving a visit with a critical failure, "
                                     "or a score below action.threshold, opens one for its branch."
                                   : "");
        update_buttons();
        return;
    }
    select(std::min(m_shown, m_rows.size() - 1));
}

void ActionPlansPage::select(std::size_t index) {
    if (index >= m_rows.size())
        return;
    m_shown = index;
    if (m_list->GetItemState(static_cast<long>(index), wxLIST_STATE_SELECTED) == 0)
        m_list->SetItemState(static_cast<long>(index), wxLIST_STATE_SELECTED,
                             wxLIST_STATE_SELECTED);
    m_detail->SetLabel(wxs(plan_detail_text(m_rows[index])));
    m_detail->Wrap(std::max(200, GetClientSize().GetWidth() - FromDIP(24)));
    update_buttons();
    Layout();
}

wxString ActionPlansPage::detail() const {
    return m_detail->GetLabel();
}

void ActionPlansPage::update_buttons() {
    const bool any = m_store && m_shown < m_rows.size();
    const std::string state = any ? m_rows[m_shown].plan.state : "";
    m_edit->Enable(any);
    m_done->Enable(any && (state == "open" || state == "in_progress"));
    m_verify->Enable(any && m_staff && state == "done");
}

void ActionPlansPage::edit_selected() {
    if (!m_store || m_shown >= m_rows.size())
        return;
    const storage::ActionPlan plan = m_rows[m_shown].plan;
    PlanEditDialog dialog(this, plan, m_staff);
    for (;;) {
        const int answer = run_edit_dialog ? run_edit_dialog(dialog) : dialog.ShowModal();
        if (answer != wxID_OK)
            return;
        const std::string refused = save_plan_edit(*m_store, plan, dialog.edit(), m_who);
        if (refused.empty())
            break;
        dialog.show_error(wxs(refused));
        if (run_edit_dialog) { // a scripted run does not loop
            if (on_refused)
                on_refused(dialog);
            return;
        }
    }
    reload();
}

void ActionPlansPage::done_selected() {
    if (!m_store || m_shown >= m_rows.size())
        return;
    const storage::ActionPlan plan = m_rows[m_shown].plan;
    // A client's account has no right on assignments: its plan is marked done without a
    // re-shop, which the consultancy plans on the Assignments page.
    const std::string question =
        m_staff ? reshop_question(*m_store, plan)
                : "Mark action plan " + std::to_string(plan.id) +
                      " done? The consultancy adds the re-shop visit that checks it.";
    if (!confirm(wxs(question)))
        return;
    try {
        const bool reshop = m_staff && question.find("No re-shop") == std::string::npos;
        services::mark_done(*m_store, plan.id, plan.version, reshop, m_who);
    } catch (const InputError& e) {
        tell(wxs(e.message()));
    } catch (const std::exception& e) {
        tell(wxs(e.what()));
    }
    reload();
}

void ActionPlansPage::verify_selected() {
    if (!m_store || m_shown >= m_rows.size())
        return;
    storage::ActionPlan plan = m_rows[m_shown].plan;
    plan.state = "verified";
    try {
        services::update_plan(*m_store, plan, m_who, "verified in the app");
    } catch (const InputError& e) {
        tell(wxs(e.message()));
    } catch (const std::exception& e) {
        tell(wxs(e.what()));
    }
    reload();
}

} // namespace vs::app
