#pragma once
// The visit list page: filters over the visit list (VisitListCtrl), which asks VisitListSource
// for one page of rows at a time.

#include "app/shell/date_ctrl.h"
#include "app/visits/visit_list_ctrl.h"
#include "app/visits/visit_list_model.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <wx/panel.h>

class wxButton;
class wxChoice;
class wxSearchCtrl;
class wxStaticText;

namespace vs::app {

class VisitsPage : public wxPanel {
  public:
    explicit VisitsPage(wxWindow* parent);

    /// Lists the visits of `store` (not owned; null for none).
    void set_store(storage::Store* store);
    /// Runs the filters again (after an import or a change of status).
    void reload();
    /// Lists through another store of the same database (the connection made again), keeping
    /// the filters and the selection.
    void replace_store(storage::Store* store);
    /// Re-reads one visit's row (after it was saved).
    void refresh_visit(std::int64_t id);
    /// Selects a visit in the list when it is shown.
    void select_visit(std::int64_t id);
    /// The id of the selected visit, or 0.
    std::int64_t selected() const;

    VisitListSource& source() { return m_source; }
    VisitListCtrl* view() const { return m_view; }
    /// Sets the free-text search and applies it (as typing in the search box does).
    void set_search(const wxString& text);
    /// Shows only visits of one status (nullopt: all).
    void set_status_filter(std::optional<forms::Status> status);

    /// Called to open a visit (double click or Enter).
    std::function<void(std::int64_t)> on_open;
    /// Called to start a new visit.
    std::function<void()> on_new;
    /// Called to dispute the selected released (approved) visit ("Dispute…", Ctrl+D).
    std::function<void(std::int64_t)> on_dispute;
    /// Shows the Dispute… button to someone who may open disputes (ROLES.md).
    void set_can_dispute(bool can);
    /// Disputes the selected visit when it is approved (on_dispute); false otherwise.
    bool dispute_selected();
    /// The Dispute… button.
    wxButton* dispute_button() const { return m_dispute; }
    /// Shows the New visit button only to someone who may start visits (a client may not).
    void set_can_create(bool can);
    /// The New visit button.
    wxButton* new_button() const { return m_new; }
    /// Shows the Risk column, and the review queue ordered by it, to someone who reviews.
    void set_can_review(bool can);
    /// The details line under the list: the selected visit's risk and signals.
    wxString risk_details() const;

  private:
    void fill_filters();
    void apply_filters();
    void show_count();
    void show_risk_details();
    /// True when the row is a customer survey response (its scorecard's channel is survey):
    /// no Dispute… for it. The survey scorecards are read once per store and reload.
    bool survey_row(const storage::VisitListRow& row);

    storage::Store* m_store = nullptr;
    VisitListSource m_source;
    VisitListCtrl* m_view = nullptr;
    wxChoice* m_client = nullptr;
    wxChoice* m_branch = nullptr;
    wxChoice* m_status = nullptr;
    DateCtrl* m_from = nullptr;
    DateCtrl* m_to = nullptr;
    wxSearchCtrl* m_search = nullptr;
    wxStaticText* m_count = nullptr;
    wxStaticText* m_risk = nullptr;
    wxButton* m_new = nullptr;
    wxButton* m_dispute = nullptr;
    std::vector<std::int64_t> m_client_ids;
    std::vector<std::int64_t> m_branch_ids;
    /// Name and version of each survey scorecard, once read.
    std::optional<std::set<std::pair<std::string, int>>> m_survey_scorecards;
};

} // namespace vs::app
