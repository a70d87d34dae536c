#pragma once
// The consultancy's Assignments page: the visits planned and given to shoppers — window, client,
// branch, scorecard, scenario, shopper, fee (only for an account that may read fees) and status
// (overdue in red) — filtered by client (the dashboard's, until the person picks another),
// status, shopper and window, sorted by any column (a click on its header). Add and Edit open
// AssignmentDialog; Cancel asks first (refused for a visited one, said why); Import CSV… is all
// or nothing with progress, its error naming the file, line and column. Keys: Enter edits,
// Delete cancels, Insert adds; the context menu has the same.

#include "app/field/assignments_model.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <wx/panel.h>

class wxButton;
class wxChoice;
class wxListCtrl;
class wxStaticText;

namespace vs::app {

class AssignmentDialog;
class DateCtrl;

class AssignmentsPage : public wxPanel {
  public:
    explicit AssignmentsPage(wxWindow* parent);

    /// Lists the assignments of `store` (not owned; null for none). `show_fees`: the account
    /// may read fees (a Fee column and field). `may_edit`: add, edit, cancel and import offered.
    void set_store(storage::Store* store, bool show_fees, bool may_edit);
    void set_who(const std::string& who) { m_who = who; }
    /// Follows the dashboard's client (until the person picks a client here).
    void set_client(const std::string& client);
    /// Reads the assignments again, keeping the selection.
    void reload();
    /// Others changed the data: reads again now when shown, else when next shown.
    void data_changed();

    /// Opens the add dialog; the edit dialog of the selected row; cancels it after asking;
    /// imports a CSV file (asked through choose_file). Each true when something was stored.
    bool add();
    bool edit();
    bool cancel();
    bool import_csv();
    /// Imports `path` all or nothing with progress; false with the error said.
    bool import_file(const std::string& path);

    const std::vector<AssignmentRow>& rows() const { return m_rows; }
    bool select(const std::string& uuid);
    const AssignmentRow* selected() const;
    /// Sorts by a list column (a click on its header: again reverses).
    void sort_by(AssignmentColumn column);

    /// Shows a dialog; the GUI tests answer it instead (default: ShowModal).
    std::function<int(AssignmentDialog&)> run_dialog;
    /// Asks yes or no (default: a message box).
    std::function<bool(const wxString&)> confirm;
    /// Says an error or a refusal (default: a message box).
    std::function<void(const wxString&)> tell;
    /// Asks for a CSV file ("" when none; default: a file dialog).
    std::function<std::string()> choose_file;
    /// Says something in the status bar.
    std::function<void(const wxString&)> on_status;
    /// Called after this page changed assignments (others follow: To do).
    std::function<void()> on_changed;

    wxListCtrl* list() const { return m_list; }
    wxChoice* client_filter() const { return m_client; }
    wxChoice* status_filter() const { return m_status; }
    wxChoice* shopper_filter() const { return m_shopper; }
    DateCtrl* from_filter() const { return m_from; }
    DateCtrl* to_filter() const { return m_to; }
    wxStaticText* count() const { return m_count; }
    /// The list column of a model column (-1 when not shown: the fee for some accounts).
    int column_of(AssignmentColumn column) const;

  private:
    void fill_filters();
    void fill();
    void update_buttons();
    void context_menu();
    storage::AssignmentFilter filter() const;
    void changed();

    storage::Store* m_store = nullptr;
    bool m_show_fees = true;
    bool m_may_edit = true;
    bool m_dirty = true;
    bool m_client_chosen = false; ///< the person picked a client here
    std::string m_who;
    std::string m_dashboard_client;
    std::vector<AssignmentColumn> m_columns; ///< the model column of each list column
    AssignmentColumn m_sort = AssignmentColumn::Window;
    bool m_ascending = true;
    std::vector<AssignmentRow> m_rows;
    wxChoice* m_client = nullptr;
    wxChoice* m_status = nullptr;
    wxChoice* m_shopper = nullptr;
    DateCtrl* m_from = nullptr;
    DateCtrl* m_to = nullptr;
    wxStaticText* m_count = nullptr;
    wxListCtrl* m_list = nullptr;
    wxButton* m_add = nullptr;
    wxButton* m_edit = nullptr;
    wxButton* m_cancel = nullptr;
    wxButton* m_import = nullptr;
};

} // namespace vs::app
