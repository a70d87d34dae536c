#pragma once
// The visit list without windows: the ids a query covers (one cheap query) and their rows
// fetched a page at a time, with a small page cache, so that a list of 100,000 visits opens and
// scrolls without a pause. The list control (visit_list_ctrl.cpp) only asks it for rows.

#include "storage/store.h"

#include <cstdint>
#include <list>
#include <optional>
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
    /// Runs the current query again (after a change).
    void reload() { set_query(m_query); }

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

  private:
    storage::Store* m_store = nullptr;
    storage::VisitListQuery m_query;
    std::vector<std::int64_t> m_ids;
    std::unordered_map<std::size_t, std::vector<storage::VisitListRow>> m_pages;
    std::list<std::size_t> m_lru; // most recent first
    std::size_t m_fetches = 0;
};

} // namespace vs::app
