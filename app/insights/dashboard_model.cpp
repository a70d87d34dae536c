#include "app/insights/dashboard_model.h"

#include "forms/template.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <tuple>

namespace vs::app {

using scoring::GroupKey;

void rank(std::vector<RankRow>& rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const RankRow& a, const RankRow& b) {
        if (a.m.mean.has_value() != b.m.mean.has_value())
            return a.m.mean.has_value();
        if (a.m.mean && *a.m.mean != *b.m.mean)
            return *a.m.mean > *b.m.mean;
        return a.code < b.code;
    });
}

std::vector<RankRow> rank_rows(const scoring::FactTable& facts,
                               const std::vector<scoring::VisitGroup>& groups, GroupKey key,
                               const std::map<std::string, std::string>& names) {
    std::vector<RankRow> rows;
    for (const scoring::VisitGroup& g : groups) {
        const std::int32_t id = g.id.keys.back();
        if (id < 0)
            continue; // visits with no employee are no one's row
        RankRow r;
        r.id = id;
        r.code = scoring::key_value(facts, key, id);
        r.label = OrgNames::show(r.code, names);
        r.m = g.m;
        r.trend = g.trend;
        rows.push_back(std::move(r));
    }
    rank(rows);
    return rows;
}

std::vector<TrendPoint> trend_of(const std::vector<scoring::VisitGroup>& monthly,
                                 const std::vector<std::int32_t>& keys) {
    std::vector<TrendPoint> out;
    for (const scoring::VisitGroup& g : monthly)
        if (g.id.keys == keys)
            out.push_back({g.id.period, g.id.period_index, g.m});
    return out;
}

std::vector<ScorecardTarget>
scorecard_targets(const scoring::FactTable& facts, const scoring::AggregateSpec& spec,
                  const std::function<bool(const scoring::VisitFact&)>& in_group) {
    // Visits per template version and target (a version has one target; the target is the
    // visit's own, as the aggregation compares it).
    std::map<std::tuple<std::int32_t, double>, std::size_t> counts;
    for (const scoring::VisitFact& v : facts.visits) {
        if (scoring::is_na(spec.use_raw ? v.raw : v.score) || !spec.covers(v.day) || !in_group(v))
            continue;
        ++counts[{v.tmpl, v.target}];
    }
    std::map<std::string, int> versions; // per template id: how many versions are here
    for (const auto& [key, n] : counts) {
        const std::int32_t t = std::get<0>(key);
        if (t >= 0 && static_cast<std::size_t>(t) < facts.templates.size() &&
            facts.templates[static_cast<std::size_t>(t)].tpl)
            ++versions[facts.templates[static_cast<std::size_t>(t)].tpl->id];
    }
    std::vector<ScorecardTarget> out;
    for (const auto& [key, n] : counts) {
        const auto [t, target] = key;
        ScorecardTarget s;
        s.target = target;
        s.n = n;
        const forms::Template* tpl = t >= 0 && static_cast<std::size_t>(t) < facts.templates.size()
                                         ? facts.templates[static_cast<std::size_t>(t)].tpl.get()
                                         : nullptr;
        if (tpl) {
            s.name = tpl->name.empty() ? tpl->id : tpl->name;
            if (versions[tpl->id] > 1)
                s.name += " v" + std::to_string(tpl->version);
        } else {
            s.name = "a scorecard no longer stored";
        }
        out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ScorecardTarget& a, const ScorecardTarget& b) {
                         return a.n != b.n ? a.n > b.n : a.name < b.name;
                     });
    return out;
}

std::string mixed_target_note(const std::vector<ScorecardTarget>& scorecards,
                              std::optional<double> shown) {
    // Targets, highest first, each with its scorecards and their visits.
    std::map<double, std::vector<const ScorecardTarget*>, std::greater<>> by_target;
    for (const ScorecardTarget& s : scorecards)
        by_target[s.target].push_back(&s);
    if (by_target.size() < 2)
        return {};
    std::string text = "Mixed targets: ";
    bool first = true;
    for (const auto& [target, cards] : by_target) {
        std::size_t n = 0;
        for (const ScorecardTarget* s : cards)
            n += s->n;
        text += (first ? "" : ", ") + fmt1(target) + " (" +
                (cards.size() == 1 ? cards.front()->name
                                   : std::to_string(cards.size()) + " scorecards") +
                ", " + std::to_string(n) + (n == 1 ? " visit)" : " visits)");
        first = false;
    }
    text += ". ";
    if (shown)
        text += "Target " + fmt1(shown) + " is their visit-weighted mean; ";
    text += "each visit is compared with its own scorecard's target.";
    return text;
}

Dashboard build_dashboard(const scoring::FactTable& facts, const ViewFilter& filter,
                          const OrgNames& names) {
    Dashboard d;
    d.filter = filter;
    // Three passes over the same facts, side by side (pure functions of const data).
    auto branches = std::async(std::launch::async, [&] {
        return scoring::aggregate_visits(facts, filter.spec({GroupKey::Branch}));
    });
    auto monthly = std::async(std::launch::async, [&] {
        return scoring::aggregate_visits(facts,
                                         filter.spec({GroupKey::Client}, forms::Period::Month));
    });
    const auto overall = scoring::aggregate_visits(facts, filter.spec({GroupKey::Client}));
    if (!overall.empty()) {
        d.overall = overall.front();
        for (const auto& [id, s] : d.overall->sections)
            if (section_scored(facts, id))
                d.sections.push_back(
                    {id, section_title(facts, id), s.n, s.mean, d.overall->m.target});
    }
    d.branches = rank_rows(facts, branches.get(), GroupKey::Branch, names.branch);
    d.target_note =
        mixed_target_note(scorecard_targets(facts, filter.spec({GroupKey::Client}),
                                            [](const scoring::VisitFact&) { return true; }),
                          d.overall ? d.overall->m.target : std::nullopt);
    for (const scoring::VisitGroup& g : monthly.get())
        d.trend.push_back({g.id.period, g.id.period_index, g.m});
    return d;
}

void DashboardModel::set_filter(const ViewFilter& filter) {
    m_filter = filter;
    refresh();
}

void DashboardModel::load_client() {
    // Taken before reading: a write during the read makes the next refresh read again.
    const storage::DataVersion version = m_store.data_version();
    m_read = m_loaded_client.empty() || m_loaded_client != m_filter.client ||
             !(m_loaded_version == version);
    if (!m_read)
        return;
    ViewFilter every_day = m_filter;
    every_day.from_day = every_day.to_day = std::nullopt;
    m_facts = std::make_shared<const scoring::FactTable>(
        m_store.load_facts(every_day.visit_filter(), false, false)); // no employee key here
    m_names = org_names(m_store, m_filter.client);
    m_loaded_client = m_filter.client;
    m_loaded_version = version;
}

void DashboardModel::refresh() {
    const auto t0 = std::chrono::steady_clock::now();
    load_client();
    m_data = build_dashboard(*m_facts, m_filter, m_names);
    m_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace vs::app
