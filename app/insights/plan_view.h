#pragma once
// The planning view: per branch (or employee) of the dashboard's client, last year's approved
// visits with their mean and 95% CI beside the visits needed next period for a CI of ±h points
// (SCORING.md §9; figures from plan_model.h). The half-width and the grouping are controls.

#include "app/insights/plan_model.h"
#include "app/insights/view_filter.h"

#include <functional>
#include <string>
#include <wx/panel.h>

class wxButton;
class wxChoice;
class wxListCtrl;
class wxSpinCtrlDouble;
class wxStaticText;

namespace vs::app {

class CreateAssignmentsDialog;
class NoteLine;

class PlanView : public wxPanel {
  public:
    explicit PlanView(wxWindow* parent);

    void set_store(storage::Store* store);
    /// Follows the dashboard's client (its period is not used: the plan looks back 365 days from
    /// the planning date); reloads when shown.
    void set_filter(const ViewFilter& filter);
    /// The planning date (default today); the reference range is the 365 days before it.
    void set_as_of(int day);
    void reload();
    /// Others changed the data: reads again now when shown, else when next shown.
    void data_changed();

    /// Offers "Create assignments…" (the consultancy's desk, admin and reviewer); `show_fees`:
    /// the account may read fees; `who`: the audit's name.
    void set_may_create(bool may_create, bool show_fees, const std::string& who);
    /// Opens the Create assignments dialog for the shown client and precision; true when it
    /// created some.
    bool create_assignments();
    /// Shows the dialog; the GUI tests answer it instead (default: ShowModal).
    std::function<int(CreateAssignmentsDialog&)> run_create;
    /// Called after assignments were created (the Assignments page follows).
    std::function<void()> on_assignments_created;
    wxButton* create_button() const { return m_create; }

    const PlanTable& table() const { return m_table; }
    wxListCtrl* list() const { return m_list; }
    wxSpinCtrlDouble* half_width() const { return m_half_width; }
    wxChoice* by() const { return m_by; }
    /// The line under the table: how to read it, or why it is empty.
    NoteLine* note() const { return m_note; }

  private:
    /// Sets the note under the table, wrapped to the view's width.
    void show_note(const std::string& text);
    storage::Store* m_store = nullptr;
    ViewFilter m_filter;
    int m_as_of = 0;
    bool m_dirty = true;
    PlanTable m_table;
    wxStaticText* m_header = nullptr;
    wxChoice* m_by = nullptr;
    wxSpinCtrlDouble* m_half_width = nullptr;
    wxButton* m_create = nullptr;
    bool m_may_create = false;
    bool m_show_fees = false;
    std::string m_who;
    wxListCtrl* m_list = nullptr;
    NoteLine* m_note = nullptr;
    std::string m_note_text;
};

} // namespace vs::app
