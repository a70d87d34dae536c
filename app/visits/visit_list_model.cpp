#include "app/visits/visit_list_model.h"

#include <algorithm>

namespace vs::app {

void VisitListSource::set_store(storage::Store* store) {
    m_store = store;
    m_query = {};
    m_ids.clear();
    m_pages.clear();
    m_lru.clear();
}

void VisitListSource::set_query(const storage::VisitListQuery& query) {
    m_query = query;
    m_pages.clear();
    m_lru.clear();
    m_ids = m_store ? m_store->visit_ids(query) : std::vector<std::int64_t>();
}

std::optional<std::size_t> VisitListSource::index_of(std::int64_t id) const {
    auto it = std::find(m_ids.begin(), m_ids.end(), id);
    if (it == m_ids.end())
        return std::nullopt;
    return static_cast<std::size_t>(it - m_ids.begin());
}

const storage::VisitListRow* VisitListSource::row(std::size_t index) {
    if (index >= m_ids.size() || !m_store)
        return nullptr;
    const std::size_t page = index / kPage;
    auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        const std::size_t first = page * kPage;
        const std::size_t last = std::min(first + kPage, m_ids.size());
        std::vector<std::int64_t> ids(m_ids.begin() + static_cast<std::ptrdiff_t>(first),
                                      m_ids.begin() + static_cast<std::ptrdiff_t>(last));
        std::vector<storage::VisitListRow> rows = m_store->visit_rows(ids);
        // Keep positions aligned even if a visit vanished meanwhile.
        std::vector<storage::VisitListRow> aligned(ids.size());
        std::size_t r = 0;
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (r < rows.size() && rows[r].id == ids[i])
                aligned[i] = std::move(rows[r++]);
        ++m_fetches;
        if (m_lru.size() >= kCachedPages) {
            m_pages.erase(m_lru.back());
            m_lru.pop_back();
        }
        it = m_pages.emplace(page, std::move(aligned)).first;
        m_lru.push_front(page);
    } else if (m_lru.front() != page) {
        m_lru.remove(page);
        m_lru.push_front(page);
    }
    const storage::VisitListRow& row = it->second[index - page * kPage];
    return row.id ? &row : nullptr;
}

void VisitListSource::invalidate(std::int64_t id) {
    if (auto index = index_of(id)) {
        const std::size_t page = *index / kPage;
        m_pages.erase(page);
        m_lru.remove(page);
    }
}

} // namespace vs::app
