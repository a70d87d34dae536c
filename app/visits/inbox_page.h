#pragma once
// The Inbox page: the notifications the alert rules raised (docs/alerts.md) — a critical
// failure approved, a low score, a dispute opened or decided — newest first, unread ones in
// bold, with the selected one's text below. "Open visit" (Enter) shows its visit and marks it
// read; "Mark unread" undoes that. While the page exists, a timer sends the alert e-mail that is
// due (services::deliver_alerts), one message per tick, when the database has an SMTP server set
// and the account may deliver; the e-mail outbox's state is said under the list. The same timer
// raises the overdue plans' alerts, and every ten minutes what the rules missed
// (services::raise_missing_alerts), as `alerts deliver` does.

#include "app/visits/inbox_model.h"

#include <chrono>
#include <functional>
#include <string>
#include <wx/panel.h>
#include <wx/timer.h>

class wxButton;
class wxCheckBox;
class wxListCtrl;
class wxStaticText;
class wxTextCtrl;

namespace vs::storage {
class Store;
}

namespace vs::app {

class InboxPage : public wxPanel {
  public:
    explicit InboxPage(wxWindow* parent);

    /// Lists the notifications of `store` (not owned; null for none); `deliver`: this account
    /// sends the e-mail that is due (the consultancy's accounts, not a client's).
    void set_store(storage::Store* store, bool deliver);
    /// Reads the notifications again, keeping the selection.
    void reload();
    /// Others changed the data: reads again now when shown, else when next shown.
    void data_changed();
    /// Sends the next message that is due now (what the timer does: one message per tick, the
    /// next tick soon while more are due); returns how many were sent (0 or 1).
    std::size_t deliver_now();

    /// Selects notification `id`; false when it is not listed.
    bool select(std::int64_t id);
    /// Opens the selected notification's visit and marks it read; false when it has none.
    bool open_visit();
    /// Marks the selected notification read or unread.
    void mark_read(bool read);

    const InboxModel& model() const { return m_model; }
    wxListCtrl* list() const { return m_list; }
    wxTextCtrl* text() const { return m_text; }
    wxCheckBox* unread_only() const { return m_unread; }
    wxStaticText* count() const { return m_count; }
    wxStaticText* outbox_state() const { return m_outbox; }

    /// Opens a visit by id.
    std::function<void(std::int64_t)> on_open_visit;
    /// Says something in the status bar.
    std::function<void(const wxString&)> on_status;

  private:
    void fill();
    void show_selected();
    void fill_outbox_state();
    long selected_row() const;

    storage::Store* m_store = nullptr;
    bool m_deliver = false;
    bool m_dirty = true;
    /// When deliver_now next raises what the rules missed (the first tick after set_store).
    std::chrono::steady_clock::time_point m_missing_due{};
    InboxModel m_model;
    wxStaticText* m_count = nullptr;
    wxCheckBox* m_unread = nullptr;
    wxListCtrl* m_list = nullptr;
    wxTextCtrl* m_text = nullptr;
    wxButton* m_open = nullptr;
    wxButton* m_mark = nullptr;
    wxStaticText* m_outbox = nullptr;
    wxTimer m_timer;
};

} // namespace vs::app
