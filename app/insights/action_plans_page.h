#pragma once
// The Action plans page: the branches' plans after failed visits, filtered by state; the
// selected plan's detail with its measured effect, interval and verdict; Edit… (owner, due
// date, state, actions), Done… (confirms the re-shop it adds) and Verify.

#include "app/insights/action_plans_model.h"

#include <functional>
#include <wx/dialog.h>
#include <wx/panel.h>

class wxButton;
class wxChoice;
class wxListCtrl;
class wxStaticText;
class wxTextCtrl;

namespace vs::app {

/// Edits one plan's owner, due date, state and actions (one a line, "[x] text | owner | due").
class PlanEditDialog : public wxDialog {
  public:
    PlanEditDialog(wxWindow* parent, const storage::ActionPlan& plan, bool staff);
    /// What the fields hold.
    PlanEdit edit() const;
    wxTextCtrl* owner() const { return m_owner; }
    wxTextCtrl* due() const { return m_due; }
    wxChoice* state() const { return m_state; }
    wxTextCtrl* actions() const { return m_actions; }
    /// Shows a refusal under the fields.
    void show_error(const wxString& text);
    wxString error() const;

  private:
    wxTextCtrl* m_owner = nullptr;
    wxTextCtrl* m_due = nullptr;
    wxChoice* m_state = nullptr;
    wxTextCtrl* m_actions = nullptr;
    wxStaticText* m_error = nullptr;
};

class ActionPlansPage : public wxPanel {
  public:
    explicit ActionPlansPage(wxWindow* parent);

    /// The store (nullptr: none), who writes, and whether this person edits every field (the
    /// consultancy) or only actions and state (a client's account).
    void set_store(storage::Store* store, const std::string& who, bool staff);
    void reload();
    /// Others changed the data: read again when shown.
    void data_changed();
    void select(std::size_t index);
    /// Opens the edit dialog on the selected plan (run_edit_dialog, when set, runs it).
    void edit_selected();
    /// Asks the re-shop question (confirm) and marks the selected plan done with its re-shop.
    void done_selected();
    /// Marks the selected (done) plan verified.
    void verify_selected();

    /// Runs the edit dialog; returns wxID_OK to save. Default: ShowModal.
    std::function<int(PlanEditDialog&)> run_edit_dialog;
    /// Called with the dialog showing a refusal, before a scripted run (run_edit_dialog) returns.
    std::function<void(PlanEditDialog&)> on_refused;
    /// Asks a yes/no question. Default: a message box.
    std::function<bool(const wxString&)> confirm;
    /// Tells the person something went wrong. Default: a message box.
    std::function<void(const wxString&)> tell;

    const std::vector<services::ActionPlanRow>& rows() const { return m_rows; }
    wxListCtrl* list() const { return m_list; }
    wxChoice* state_filter() const { return m_filter; }
    wxString detail() const;
    wxButton* edit_button() const { return m_edit; }
    wxButton* done_button() const { return m_done; }
    wxButton* verify_button() const { return m_verify; }

  private:
    void update_buttons();
    storage::Store* m_store = nullptr;
    std::string m_who;
    bool m_staff = true;
    bool m_dirty = true;
    std::size_t m_shown = 0;
    std::vector<services::ActionPlanRow> m_rows;
    wxChoice* m_filter = nullptr;
    wxListCtrl* m_list = nullptr;
    wxStaticText* m_detail = nullptr;
    wxButton* m_edit = nullptr;
    wxButton* m_done = nullptr;
    wxButton* m_verify = nullptr;
};

} // namespace vs::app
