#include "app/visits/visit_list_model.h"

#include <algorithm>
#include <chrono>
#include <exception>

namespace vs::app {

void VisitListSource::set_store(storage::Store* store) {
    m_store = store;
    m_query = {};
    m_ids.clear();
    m_pages.clear();
    m_lru.clear();
    m_risks.clear();
    m_risk_valid = false;
}

void VisitListSource::set_query(const storage::VisitListQuery& query) {
    m_query = query;
    m_pages.clear();
    m_lru.clear();
    m_ids = m_store ? m_store->visit_ids(query) : std::vector<std::int64_t>();
    // The review queue (the submitted visits) is assessed when it is shown; a list of every
    // status shows the risk once the queue has been assessed, and does not wait for it: on a
    // large database the queue's assessment takes seconds, and the app opens on every status.
    if (m_risk_enabled && !m_risk_valid && query.status == forms::Status::Submitted)
        assess();
    order();
}

void VisitListSource::set_risk_enabled(bool on) {
    if (on == m_risk_enabled)
        return;
    m_risk_enabled = on;
    m_risk_valid = false;
    m_risks.clear();
}

void VisitListSource::assess() {
    // The whole review queue at once, whatever the list's filters: a visit's signals compare it
    // with the shopper's other queue visits too, so a filter must not change them; and a filter
    // typed letter by letter then costs no assessment.
    const auto start = std::chrono::steady_clock::now();
    m_risks.clear();
    m_risk_error.clear();
    try {
        storage::VisitListQuery queue;
        queue.status = forms::Status::Submitted;
        const auto thresholds = services::integrity_thresholds(*m_store);
        for (services::VisitRisk& r :
             services::visit_risks(*m_store, m_store->visit_ids(queue), thresholds))
            m_risks.emplace(r.visit_id, std::move(r));
    } catch (const std::exception& e) {
        // The list still shows; only the risk is missing (e.g. an account that may not read
        // what the signals compare).
        m_risks.clear();
        m_risk_error = e.what();
    }
    m_risk_valid = true;
    ++m_assessments;
    m_assessment_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const services::VisitRisk* VisitListSource::risk(std::int64_t id) const {
    const auto it = m_risks.find(id);
    return it == m_risks.end() ? nullptr : &it->second;
}

void VisitListSource::set_sort(Sort key, bool descending) {
    m_sort = std::make_pair(key, descending);
    m_pages.clear();
    m_lru.clear();
    if (m_store)
        m_ids = m_store->visit_ids(m_query);
    order();
}

VisitListSource::Sort VisitListSource::sort() const {
    if (m_sort)
        return m_sort->first;
    return m_risk_enabled && m_query.status == forms::Status::Submitted ? Sort::Risk : Sort::Date;
}

bool VisitListSource::sort_descending() const {
    return m_sort ? m_sort->second : true;
}

void VisitListSource::order() {
    // m_ids come in the store's order, newest first.
    const bool descending = sort_descending();
    if (sort() == Sort::Date) {
        if (!descending)
            std::reverse(m_ids.begin(), m_ids.end());
        return;
    }
    // By risk; visits not assessed after those assessed, each group newest first.
    std::vector<std::pair<int, std::int64_t>> keyed;
    keyed.reserve(m_ids.size());
    for (const std::int64_t id : m_ids) {
        const services::VisitRisk* r = risk(id);
        keyed.emplace_back(r ? r->risk : -1, id);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [descending](const auto& a, const auto& b) {
        if ((a.first < 0) != (b.first < 0))
            return b.first < 0;
        return descending ? a.first > b.first : a.first < b.first;
    });
    for (std::size_t i = 0; i < keyed.size(); ++i)
        m_ids[i] = keyed[i].second;
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

std::string signal_label(const std::string& name) {
    std::string out = name;
    for (char& c : out)
        if (c == '_')
            c = ' ';
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

std::string risk_text(const services::VisitRisk& risk) {
    std::string out = "Risk " + std::to_string(risk.risk) + " of 100";
    if (risk.signals.empty())
        return out + ": no integrity signal.";
    out += ":";
    for (const scoring::IntegritySignal& s : risk.signals)
        out +=
            "\n" + signal_label(s.name) + " (+" + std::to_string(s.weight) + "): " + s.explanation;
    return out;
}

} // namespace vs::app
