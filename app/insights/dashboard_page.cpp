#include "app/insights/dashboard_page.h"

#include "app/insights/branch_view.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/employee_view.h"

#include <wx/utils.h>

namespace vs::app {

DashboardPage::DashboardPage(wxWindow* parent) : wxSimplebook(parent) {
    m_dashboard = new DashboardView(this);
    m_branch = new BranchView(this);
    m_employee = new EmployeeView(this);
    AddPage(m_dashboard, "Dashboard");
    AddPage(m_branch, "Branch");
    AddPage(m_employee, "Employee");
    m_dashboard->on_open_branch = [this](const std::string& code) { open_branch(code); };
    m_branch->on_back = [this] { show(Dashboard); };
    m_branch->on_open_employee = [this](const std::string& code) { open_employee(code); };
    m_employee->on_back = [this] { show(m_branch->code().empty() ? Dashboard : Branch); };
}

void DashboardPage::set_store(storage::Store* store) {
    m_store = store;
    m_loaded = false;
    show(Dashboard);
    if (IsShownOnScreen() || !store)
        ensure_loaded();
}

void DashboardPage::ensure_loaded() {
    if (m_loaded) {
        if (m_stale) {
            m_stale = false;
            m_dashboard->refresh();
        }
        return;
    }
    m_loaded = true;
    m_stale = false;
    m_dashboard->set_store(m_store);
}

void DashboardPage::data_changed() {
    if (!m_loaded)
        return;
    m_stale = true;
    if (IsShownOnScreen())
        ensure_loaded();
}

void DashboardPage::open_branch(const std::string& code) {
    if (!m_store)
        return;
    wxBusyCursor busy;
    m_branch->show(*m_store, m_dashboard->filter(), code, m_dashboard->voice_facts());
    show(Branch);
}

void DashboardPage::open_employee(const std::string& code) {
    if (!m_store)
        return;
    wxBusyCursor busy;
    m_employee->show(*m_store, m_dashboard->filter(), code);
    show(Employee);
}

} // namespace vs::app
