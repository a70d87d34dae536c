#pragma once
// The trainer's and consultant's dashboard: a client and period chooser, headline
// tiles, the branch ranking with interval whiskers, sections against target and the monthly
// trend. Clicking a branch asks the page (DashboardPage) to open the branch view. Draws only:
// figures come from DashboardModel.

#include "app/insights/dashboard_model.h"
#include "app/insights/view_page.h"
#include "app/insights/voice_model.h"
#include "app/shell/date_ctrl.h"

#include <functional>
#include <memory>
#include <vector>
#include <wx/scrolwin.h>

class wxCheckBox;
class wxSizer;
class wxChoice;

namespace vs::app {

class Chart;

class DashboardView : public ViewPage {
  public:
    explicit DashboardView(wxWindow* parent);

    /// Switches database (nullptr: none); chooses the busiest client's last 12 months.
    void set_store(storage::Store* store);
    /// Shows a filter (reloads); the choosers follow it.
    void set_filter(const ViewFilter& filter);
    /// Reloads the current filter and redraws.
    void refresh();
    const ViewFilter& filter() const;
    DashboardModel* model() { return m_model.get(); }

    Tile* tile(std::size_t i) const { return m_tiles.at(i); }
    /// The customer voice tile: the client's survey responses in the period (NPS with n, the
    /// survey score) beside the mystery-shop score.
    Tile* voice_tile() const { return m_tiles.at(5); }
    /// The figures the customer voice tile shows.
    const scoring::VoicePeriodRow& voice() const { return m_voice; }
    /// The client's survey responses the tile reads (kept across periods), for the branch view.
    VoiceFactsCache& voice_facts() { return m_voice_facts; }
    /// The customer voice's facts of `filter` from what the dashboard holds (its visits of every
    /// day, the client's survey responses, read first when not in memory) when the dashboard
    /// holds `filter`'s client's visits, current; nullopt otherwise.
    std::optional<services::VoiceFacts> voice_facts_of(const ViewFilter& filter);
    Chart* branch_chart() const { return m_branches; }
    Chart* section_chart() const { return m_sections; }
    Chart* trend_chart() const { return m_trend; }
    NoteLine* target_note() const { return m_target_note; }

    /// A branch (code) was clicked.
    std::function<void(const std::string&)> on_open_branch;
    /// The filter changed (the other views follow it).
    std::function<void(const ViewFilter&)> on_filter;

  private:
    void build_filter_bar(wxSizer* top);
    void filter_from_controls();
    void controls_from_filter();
    void show_data();
    /// Fills the customer voice tile for the model's filter.
    void show_voice();

    storage::Store* m_store = nullptr;
    std::unique_ptr<DashboardModel> m_model;
    std::vector<ClientChoice> m_clients;
    wxChoice* m_client = nullptr;
    wxChoice* m_period = nullptr;
    DateCtrl* m_from = nullptr;
    DateCtrl* m_to = nullptr;
    wxCheckBox* m_raw = nullptr;
    wxStaticText* m_info = nullptr;
    std::vector<Tile*> m_tiles;
    NoteLine* m_target_note = nullptr;
    wxScrolledWindow* m_branch_scroll = nullptr;
    Chart* m_branches = nullptr;
    Chart* m_sections = nullptr;
    Chart* m_trend = nullptr;
    bool m_updating = false;
    VoiceFactsCache m_voice_facts;
    scoring::VoicePeriodRow m_voice;
};

} // namespace vs::app
