#pragma once
// The Dashboard page: the dashboard, the branch view and the employee card, one shown at a time
// with a way back (clicking a branch opens its view, an employee there opens the card).

#include "storage/store.h"

#include <string>
#include <wx/simplebook.h>

namespace vs::app {

class BranchView;
class DashboardView;
class EmployeeView;

/// The dashboard with its branch view and employee card, one shown at a time.
class DashboardPage : public wxSimplebook {
  public:
    enum Sub { Dashboard, Branch, Employee };
    explicit DashboardPage(wxWindow* parent);

    /// Switches database; the dashboard loads when first shown (ensure_loaded).
    void set_store(storage::Store* store);
    /// Loads the dashboard (the busiest client's last 12 months) unless done for this store;
    /// figures that others' changes made stale are read again.
    void ensure_loaded();
    /// Others stored something: the dashboard's figures are read again, now when it is on
    /// screen, else when it is next shown.
    void data_changed();
    DashboardView* dashboard() const { return m_dashboard; }
    BranchView* branch_view() const { return m_branch; }
    EmployeeView* employee_view() const { return m_employee; }
    /// Opens a branch (code) of the dashboard's client and period.
    void open_branch(const std::string& code);
    /// Opens an employee's card (code).
    void open_employee(const std::string& code);
    void show(Sub sub) { ChangeSelection(static_cast<std::size_t>(sub)); }

  private:
    storage::Store* m_store = nullptr;
    bool m_loaded = false;
    bool m_stale = false; ///< loaded, and others changed the data since
    DashboardView* m_dashboard;
    BranchView* m_branch;
    EmployeeView* m_employee;
};

} // namespace vs::app
