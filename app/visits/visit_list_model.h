#pragma once
// The visit list without windows: the ids a query covers (one cheap query) and their rows
// fetched a page at a time, with a small page cache, so that a list of 100,000 visits opens and
// scrolls without a pause. The list control (visit_list_ctrl.cpp) only asks it for rows.
// For those who review it also holds the integrity risk of the review queue's visits
// (services/integrity.h): every submitted visit assessed together once per load, looked up by id
// while the list paints, and the order by risk.

#include "services/integrity.h"
#include "storage/store.h"

#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace vs::app {

class VisitListSource {
  public:
    static constexpr std::size_t kPage = 128;
    static constexpr std::size_t kCachedPages = 32;

    /// Lists through `store` (not owned; may be null for an empty list).
    explicit VisitListSource(storage::Store* store = nullptr) : m_store(store) {}

    /// Switches to another store and clears everything.
    void set_store(storage::Store* store);
    /// Runs a new query: reloads the ids and drops the cache.
    void set_query(const storage::VisitListQuery& query);
    const storage::VisitListQuery& query() const { return m_query; }
    /// Runs the current query again (after a change), the risk assessment too.
    void reload() {
        m_risk_valid = false;
        set_query(m_query);
    }

    std::size_t size() const { return m_ids.size(); }
    std::int64_t id_at(std::size_t index) const { return m_ids.at(index); }
    /// The position of a visit in the list, or nullopt.
    std::optional<std::size_t> index_of(std::int64_t id) const;
    /// The row at `index`, fetching its page when needed; nullptr when out of range.
    const storage::VisitListRow* row(std::size_t index);
    /// Forgets the cached row of one visit (after it was saved).
    void invalidate(std::int64_t id);
    /// How many pages were fetched so far (for tests and measurements).
    std::size_t fetches() const { return m_fetches; }

    /// Assess the review queue's integrity risk (off by default: only for those who review).
    void set_risk_enabled(bool on);
    bool risk_enabled() const { return m_risk_enabled; }
    /// The risk of a visit, or nullptr when it was not assessed (not submitted, or risk off).
    const services::VisitRisk* risk(std::int64_t id) const;
    /// Assesses again at the next query (after the thresholds changed); reload() does too.
    void forget_risks() { m_risk_valid = false; }
    /// How many assessments ran, how long the last took (seconds) and why the last failed
    /// (empty when it did not), for tests, measurements and the page's note.
    std::size_t assessments() const { return m_assessments; }
    double assessment_seconds() const { return m_assessment_seconds; }
    const std::string& risk_error() const { return m_risk_error; }

    /// The list's order: by date (the store's, newest first when descending) or by risk (the
    /// assessed visits first, then by date). Until set, the order follows the query: by risk,
    /// highest first, for the review queue (submitted visits), else newest first.
    enum class Sort { Date, Risk };
    void set_sort(Sort key, bool descending);
    Sort sort() const;
    bool sort_descending() const;

  private:
    void assess();
    void order();

    storage::Store* m_store = nullptr;
    storage::VisitListQuery m_query;
    std::vector<std::int64_t> m_ids;
    bool m_risk_enabled = false;
    bool m_risk_valid = false;
    std::unordered_map<std::int64_t, services::VisitRisk> m_risks;
    std::size_t m_assessments = 0;
    double m_assessment_seconds = 0;
    std::string m_risk_error;
    std::optional<std::pair<Sort, bool>> m_sort; // chosen by a person; none: follow the query
    std::unordered_map<std::size_t, std::vector<storage::VisitListRow>> m_pages;
    std::list<std::size_t> m_lru; // most recent first
    std::size_t m_fetches = 0;
};

/// A signal's name for people: "copied_comments" -> "Copied comments".
std::string signal_label(const std::string& name);
/// A visit's risk in words, for its tooltip and the queue's details line: "Risk 40 of 100" and
/// then each signal, one a line, as "Copied comments (+25): " and its sentence; "Risk 0 of 100:
/// no integrity signal." when it has none.
std::string risk_text(const services::VisitRisk& risk);

} // namespace vs::app
