#pragma once
// The dashboard without windows: for one client and period (ViewFilter), the headline measures,
// the branch ranking, section scores against target and the monthly trend — every figure from
// the statistics library (scoring/aggregate.h) over the facts of that client and period only.

#include "app/insights/view_filter.h"

#include <functional>
#include <memory>

namespace vs::app {

/// One bar of a ranking: a branch or an employee with its measures.
struct RankRow {
    std::int32_t id = -1; ///< dictionary id (FactTable::branches or ::employees)
    std::string code;
    std::string label; ///< "CODE Name"
    scoring::Measures m;
    std::optional<double> trend; ///< points per month
};

/// A section's mean score (over visits where it applied) against the visits' target.
struct SectionRow {
    std::int32_t id = -1; ///< into FactTable::section_ids
    std::string title;
    std::size_t n = 0;
    double mean = 0;
    std::optional<double> target;
};

/// One period of a trend.
struct TrendPoint {
    std::string period; ///< "2026-10"
    int index = 0;      ///< forms::period_index
    scoring::Measures m;
};

/// A scorecard (template version) behind a group's figures: its target and how many of the
/// group's visits used it.
struct ScorecardTarget {
    std::string name; ///< the template's name, with its version when the template has several here
    double target = 80;
    std::size_t n = 0;
};

/// The scorecards of the visits that figures by `spec` count (scored, within the period) and
/// for which `in_group` holds; most visits first.
std::vector<ScorecardTarget>
scorecard_targets(const scoring::FactTable& facts, const scoring::AggregateSpec& spec,
                  const std::function<bool(const scoring::VisitFact&)>& in_group);

/// One sentence for a view whose visits' scorecards have different targets: which targets, that
/// the target shown (`shown`, the mean of the visits' own targets) mixes them, and that each
/// visit is judged against its own scorecard's target. Empty when every visit has one target.
std::string mixed_target_note(const std::vector<ScorecardTarget>& scorecards,
                              std::optional<double> shown);

struct Dashboard {
    ViewFilter filter;
    /// Says why the target differs from each scorecard's own (mixed_target_note); empty when
    /// the visits share one target.
    std::string target_note;
    std::optional<scoring::VisitGroup> overall; ///< nullopt without scored visits
    std::vector<RankRow> branches;              ///< best mean first, no mean last
    /// Scorecard order; the client group's per-section means (VisitGroup::sections), computed
    /// in the same pass as the headline.
    std::vector<SectionRow> sections;
    std::vector<TrendPoint> trend; ///< by month
};

/// Computes the dashboard from facts that hold the filter's visits.
Dashboard build_dashboard(const scoring::FactTable& facts, const ViewFilter& filter,
                          const OrgNames& names);

/// Rows ordered best mean first (rows without a mean last, then by code).
void rank(std::vector<RankRow>& rows);

/// The groups of `key` as rank rows (labels from `names`).
std::vector<RankRow> rank_rows(const scoring::FactTable& facts,
                               const std::vector<scoring::VisitGroup>& groups,
                               scoring::GroupKey key,
                               const std::map<std::string, std::string>& names);

/// A monthly series of groups (aggregated by `spec.keys` + month) whose keys equal `keys`.
std::vector<TrendPoint> trend_of(const std::vector<scoring::VisitGroup>& monthly,
                                 const std::vector<std::int32_t>& keys);

/// The dashboard as the app uses it. Keeps the client's approved visits of every day in memory
/// and lets the aggregation take the period (AggregateSpec::covers), so that changing the
/// period or the measure only aggregates again; the visits are read again when the client
/// changes or the store's data_version says something was stored since.
class DashboardModel {
  public:
    explicit DashboardModel(storage::Store& store) : m_store(store) {}

    /// Shows another client or period.
    void set_filter(const ViewFilter& filter);
    /// Computes the figures of the current filter again (reading the visits again only when
    /// the stored data changed).
    void refresh();

    const ViewFilter& filter() const { return m_filter; }
    const Dashboard& data() const { return m_data; }
    /// The facts behind the figures: the client's visits of every day, without per-question
    /// values and section attributions (every section counts for the visit's primary
    /// employee); the figures count those of the filter's period.
    const scoring::FactTable& facts() const { return *m_facts; }
    /// facts(), shared (not copied) with the views of the same client's visits.
    std::shared_ptr<const scoring::FactTable> shared_facts() const { return m_facts; }
    /// shared_facts() when they are `client`'s and nothing was stored since they were read;
    /// null otherwise (the caller reads its own).
    std::shared_ptr<const scoring::FactTable> current_facts(const std::string& client) {
        return !m_loaded_client.empty() && m_loaded_client == client &&
                       m_loaded_version == m_store.data_version()
                   ? m_facts
                   : nullptr;
    }
    const OrgNames& names() const { return m_names; }
    storage::Store& store() { return m_store; }
    /// Milliseconds the last refresh took (reading, when it read, and computing).
    double last_refresh_ms() const { return m_ms; }
    /// Whether the last refresh read the visits from the store.
    bool last_refresh_read() const { return m_read; }

  private:
    /// Reads the client's visits and names unless those in memory are still current.
    void load_client();

    storage::Store& m_store;
    ViewFilter m_filter;
    std::string m_loaded_client;
    storage::DataVersion m_loaded_version;
    std::shared_ptr<const scoring::FactTable> m_facts = std::make_shared<scoring::FactTable>();
    OrgNames m_names;
    Dashboard m_data;
    double m_ms = 0;
    bool m_read = false;
};

} // namespace vs::app
