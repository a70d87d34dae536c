#pragma once
// The To do page: a shopper's assignments sorted by due date — branch, scorecard, scenario,
// window, due date and status, overdue ones in red — to accept, decline or start a visit from;
// and "Sent", the visits made from assignments with their review state as far as it is known
// (live on a server; on a file, what this database knows: the consultancy's review does not
// come back to it, and the page says so).

#include "app/field/todo_model.h"

#include <functional>
#include <string>
#include <vector>
#include <wx/panel.h>

class wxButton;
class wxChoice;
class wxListCtrl;
class wxStaticText;

namespace vs::app {

class TodoPage : public wxPanel {
  public:
    explicit TodoPage(wxWindow* parent);

    /// Lists the assignments of `store` (not owned; null for none). `on_server`: submitted
    /// visits are on the server already. `may_act`: the account may accept, decline and start.
    void set_store(storage::Store* store, bool on_server, bool may_act);
    /// Who accepts or declines (the audit's "who").
    void set_who(const std::string& who) { m_who = who; }
    /// Reads the assignments again, keeping the selection.
    void reload();
    /// Shows To do, Sent or All.
    void set_show(TodoShow show);
    TodoShow show() const { return m_show; }

    const std::vector<TodoRow>& rows() const { return m_rows; }
    /// Selects the row of an assignment; false when it is not listed.
    bool select(const std::string& uuid);
    /// The selected row, or null.
    const TodoRow* selected() const;

    /// Sets the selected assignment's status to accepted or declined (the row version checked:
    /// a change made elsewhere meanwhile is said and the list read again). True when done.
    bool accept();
    bool decline();
    /// Starts a visit from the selected assignment (on_start), or opens the one made from it.
    void start();

    /// Called to start a visit from an assignment (the main frame creates and opens it).
    std::function<void(const storage::Assignment&)> on_start;
    /// Called to open a visit.
    std::function<void(std::int64_t)> on_open_visit;
    /// Says something in the status bar.
    std::function<void(const wxString&)> on_status;
    /// Says a refusal or a conflict (default: a warning in wx's log window); tests read it.
    std::function<void(const wxString&)> tell;

    wxListCtrl* list() const { return m_list; }
    wxStaticText* note() const { return m_note; }
    wxButton* start_button() const { return m_start; }

  private:
    bool set_status(const std::string& status);
    void fill();
    void update_buttons();

    storage::Store* m_store = nullptr;
    bool m_on_server = false;
    bool m_may_act = true;
    std::string m_who;
    TodoShow m_show = TodoShow::Todo;
    std::vector<TodoRow> m_rows;
    wxChoice* m_choice = nullptr;
    wxStaticText* m_count = nullptr;
    wxStaticText* m_note = nullptr;
    wxListCtrl* m_list = nullptr;
    wxButton* m_accept = nullptr;
    wxButton* m_decline = nullptr;
    wxButton* m_start = nullptr;
};

} // namespace vs::app
