#pragma once
// The Disputes page: every dispute point of released visits — visit, branch, question (its
// text), the answer disputed and the one proposed, reason, status and decision — filtered by
// client (the dashboard's, until the person picks another) and status, and under it the
// statistics per client, branch or shopper (dispute rate, share overturned, visits changed,
// median days to decide). "Decide…" (Enter on a row) opens DecideDialog for an open point; the
// visit's approver is refused up front, said why. "Open visit" (Ctrl+Enter) shows the visit.
// What the account may not do (a client decides nothing; a shopper sees no page) is hidden.

#include "app/visits/disputes_model.h"

#include <functional>
#include <string>
#include <vector>
#include <wx/panel.h>

class wxButton;
class wxChoice;
class wxListCtrl;
class wxStaticText;

namespace vs::app {

class DecideDialog;

class DisputesPage : public wxPanel {
  public:
    explicit DisputesPage(wxWindow* parent);

    /// Lists the points of `store` (not owned; null for none) for an account with `rights`
    /// (`shoppers`: the statistics may be grouped by shopper, not for a client's account).
    void set_store(storage::Store* store, DisputeRights rights, bool shoppers);
    void set_who(const std::string& who) { m_who = who; }
    /// Follows the dashboard's client (until the person picks a client here).
    void set_client(const std::string& client);
    /// Reads the points and the statistics again, keeping the selection.
    void reload();
    /// Others changed the data: reads again now when shown, else when next shown.
    void data_changed();

    /// Decides the selected open point (DecideDialog); true when decided.
    bool decide();
    /// Opens the selected point's visit (on_open_visit).
    bool open_visit();

    const std::vector<DisputeRow>& rows() const { return m_rows; }
    const std::vector<DisputeStatsRow>& stats() const { return m_stats; }
    bool select(std::int64_t id);
    const DisputeRow* selected() const;

    /// Shows a dialog; the GUI tests answer it instead (default: ShowModal).
    std::function<int(DecideDialog&)> run_dialog;
    /// Says an error or a refusal (default: a message box).
    std::function<void(const wxString&)> tell;
    /// Says something in the status bar.
    std::function<void(const wxString&)> on_status;
    /// Opens a visit by id.
    std::function<void(std::int64_t)> on_open_visit;
    /// Called with the visit's id after a decision changed it (others follow: the visit list).
    std::function<void(std::int64_t)> on_changed;

    wxListCtrl* list() const { return m_list; }
    wxListCtrl* stats_list() const { return m_stats_list; }
    wxChoice* client_filter() const { return m_client; }
    wxChoice* status_filter() const { return m_status; }
    wxChoice* group_choice() const { return m_group; }
    wxStaticText* count() const { return m_count; }
    wxButton* decide_button() const { return m_decide; }
    /// The selected point in full under the list: question, reason, decision and its reason.
    wxStaticText* details() const { return m_details; }

  private:
    void fill_clients();
    void fill();
    void fill_stats();
    void update_buttons();
    storage::DisputeFilter filter() const;
    std::string client() const;

    storage::Store* m_store = nullptr;
    DisputeRights m_rights;
    bool m_shoppers = true;
    bool m_dirty = true;
    bool m_client_chosen = false;
    std::string m_who;
    std::string m_dashboard_client;
    std::vector<DisputeRow> m_rows;
    std::vector<DisputeStatsRow> m_stats;
    wxChoice* m_client = nullptr;
    wxChoice* m_status = nullptr;
    wxChoice* m_group = nullptr;
    wxStaticText* m_count = nullptr;
    wxListCtrl* m_list = nullptr;
    wxStaticText* m_details = nullptr;
    wxListCtrl* m_stats_list = nullptr;
    wxButton* m_decide = nullptr;
    wxButton* m_open = nullptr;
};

} // namespace vs::app
