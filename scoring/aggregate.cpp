#include "scoring/aggregate.h"

#include "forms/template.h"

#include <algorithm>
#include <unordered_map>

namespace vs::scoring {

std::string_view to_string(GroupKey key) {
    switch (key) {
    case GroupKey::Client:
        return "client";
    case GroupKey::Region:
        return "region";
    case GroupKey::Branch:
        return "branch";
    case GroupKey::Employee:
        return "employee";
    case GroupKey::Shopper:
        return "shopper";
    case GroupKey::Template:
        return "template";
    }
    return "";
}

std::optional<GroupKey> group_key_from_string(std::string_view name) {
    for (GroupKey k : {GroupKey::Client, GroupKey::Region, GroupKey::Branch, GroupKey::Employee,
                       GroupKey::Shopper, GroupKey::Template})
        if (to_string(k) == name)
            return k;
    return std::nullopt;
}

std::string_view to_string(Status status) {
    switch (status) {
    case Status::Above:
        return "above";
    case Status::Near:
        return "near";
    case Status::Below:
        return "below";
    }
    return "";
}

Status status_of(double mean, double target) {
    if (mean >= target)
        return Status::Above;
    if (mean >= target - 5)
        return Status::Near;
    return Status::Below;
}

bool GroupId::operator<(const GroupId& o) const {
    return std::tie(keys, period_index, item) < std::tie(o.keys, o.period_index, o.item);
}

const std::string& key_value(const FactTable& f, GroupKey key, std::int32_t id) {
    static const std::string none;
    if (id < 0)
        return none;
    switch (key) {
    case GroupKey::Client:
        return f.clients[id];
    case GroupKey::Region:
        return f.regions[id];
    case GroupKey::Branch:
        return f.branches[id];
    case GroupKey::Employee:
        return f.employees[id];
    case GroupKey::Shopper:
        return f.shoppers[id];
    case GroupKey::Template:
        return f.template_ids[id];
    }
    return none;
}

namespace {

/// keys (up to six), period index, item: a flat key for hashing.
using FlatKey = std::array<std::int32_t, kGroupKeyCount + 2>;

struct FlatKeyHash {
    std::size_t operator()(const FlatKey& k) const {
        std::uint64_t h = 1469598103934665603ULL;
        for (std::int32_t v : k) {
            h ^= static_cast<std::uint32_t>(v);
            h *= 1099511628211ULL;
        }
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

struct Sum {
    std::size_t n = 0;
    double sum = 0;
    void add(double x) {
        ++n;
        sum += x;
    }
};

struct Acc {
    std::vector<double> xs;
    std::size_t passes = 0;
    double target_sum = 0;
    std::size_t critical = 0;
    std::map<std::int32_t, Sum> sections;
    std::unordered_map<std::int32_t, Sum> employees;
    std::map<int, Sum> trend;
    std::vector<int> nps;
};

std::int32_t key_of(const VisitFact& v, GroupKey key, std::int32_t employee) {
    switch (key) {
    case GroupKey::Client:
        return v.client;
    case GroupKey::Region:
        return v.region;
    case GroupKey::Branch:
        return v.branch;
    case GroupKey::Employee:
        return employee;
    case GroupKey::Shopper:
        return v.shopper;
    case GroupKey::Template:
        return -2; // filled by the caller from the template reference
    }
    return -1;
}

FlatKey flat_key(const FactTable& facts, const VisitFact& v, const AggregateSpec& spec,
                 std::int32_t employee, std::int32_t item) {
    FlatKey k{};
    for (std::size_t i = 0; i < spec.keys.size(); ++i) {
        std::int32_t value = key_of(v, spec.keys[i], employee);
        if (spec.keys[i] == GroupKey::Template)
            value = facts.templates[static_cast<std::size_t>(v.tmpl)].template_key;
        k[i] = value;
    }
    k[kGroupKeyCount] = spec.period == forms::Period::None ? 0 : forms::period_index(v.day, spec.period);
    k[kGroupKeyCount + 1] = item;
    return k;
}

GroupId group_id(const FlatKey& k, const AggregateSpec& spec, int any_day) {
    GroupId id;
    id.keys.assign(k.begin(), k.begin() + static_cast<std::ptrdiff_t>(spec.keys.size()));
    id.period_index = k[kGroupKeyCount];
    if (spec.period != forms::Period::None)
        id.period = forms::period_key(any_day, spec.period);
    id.item = k[kGroupKeyCount + 1];
    return id;
}

/// Day cache: period index of each distinct day (visits come in day order).
class PeriodCache {
public:
    explicit PeriodCache(forms::Period p) : m_period(p) {}
    int operator()(int day) {
        if (day != m_day) {
            m_day = day;
            m_index = forms::period_index(day, m_period);
        }
        return m_index;
    }

private:
    forms::Period m_period;
    int m_day = -1000000000;
    int m_index = 0;
};

template <class Map>
std::vector<VisitGroup> finish(Map& groups, const std::unordered_map<FlatKey, int, FlatKeyHash>& days,
                               const AggregateSpec& spec) {
    std::vector<VisitGroup> out;
    out.reserve(groups.size());
    for (auto& [key, acc] : groups) {
        VisitGroup g;
        g.id = group_id(key, spec, days.at(key));
        g.m = measure(std::move(acc.xs), {}, acc.critical, spec.min_n);
        if (g.m.n > 0) {
            g.m.target = acc.target_sum / static_cast<double>(g.m.n);
            g.m.pass_rate = static_cast<double>(acc.passes) / static_cast<double>(g.m.n);
            g.m.pass_ci95 = wilson(acc.passes, g.m.n);
            g.m.status = status_of(*g.m.mean, *g.m.target);
        }
        for (const auto& [section, s] : acc.sections)
            g.sections[section] = SectionMean{s.n, s.sum / static_cast<double>(s.n)};
        std::vector<double> employee_means;
        for (const auto& [employee, s] : acc.employees)
            if (employee >= 0 && s.n >= spec.min_n)
                employee_means.push_back(s.sum / static_cast<double>(s.n));
        g.consistency = sample_sd(employee_means);
        if (!acc.trend.empty()) {
            std::vector<std::pair<double, double>> points;
            int first = acc.trend.begin()->first;
            for (const auto& [index, s] : acc.trend)
                points.emplace_back(index - first, s.sum / static_cast<double>(s.n));
            g.trend = trend_slope(points);
        }
        g.nps = nps(acc.nps);
        out.push_back(std::move(g));
    }
    std::sort(out.begin(), out.end(), [](const VisitGroup& a, const VisitGroup& b) { return a.id < b.id; });
    return out;
}

bool needs_employee_attribution(const AggregateSpec& spec) {
    return std::find(spec.keys.begin(), spec.keys.end(), GroupKey::Employee) != spec.keys.end();
}

} // namespace

Measures measure(std::vector<double> xs, const std::vector<double>& targets,
                 std::size_t critical_failures, std::size_t min_n) {
    Measures m;
    m.n = xs.size();
    m.low_sample = m.n < min_n;
    if (m.n == 0)
        return m;
    m.mean = mean(xs);
    m.sd = sample_sd(xs);
    if (m.sd)
        m.ci95 = t_interval(*m.mean, *m.sd, m.n);
    auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
    m.min = *lo;
    m.max = *hi;
    m.critical_fail_rate = static_cast<double>(critical_failures) / static_cast<double>(m.n);
    if (!targets.empty()) {
        std::size_t passes = 0;
        double target_sum = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            passes += xs[i] >= targets[i];
            target_sum += targets[i];
        }
        m.target = target_sum / static_cast<double>(m.n);
        m.pass_rate = static_cast<double>(passes) / static_cast<double>(m.n);
        m.pass_ci95 = wilson(passes, m.n);
        m.status = status_of(*m.mean, *m.target);
    }
    m.median = median(xs);
    return m;
}

std::vector<VisitGroup> aggregate_visits(const FactTable& facts, const AggregateSpec& spec) {
    std::unordered_map<FlatKey, Acc, FlatKeyHash> groups;
    std::unordered_map<FlatKey, int, FlatKeyHash> days;
    PeriodCache trend_period(spec.trend_period);
    for (const VisitFact& v : facts.visits) {
        const double x = spec.use_raw ? v.raw : v.score;
        if (is_na(x))
            continue;
        FlatKey key = flat_key(facts, v, spec, v.employee, -1);
        Acc& acc = groups[key];
        days.emplace(key, v.day);
        acc.xs.push_back(x);
        acc.passes += x >= v.target;
        acc.target_sum += v.target;
        acc.critical += v.critical_failure;
        acc.employees[v.employee].add(x);
        acc.trend[trend_period(v.day)].add(x);
        if (v.nps >= 0)
            acc.nps.push_back(v.nps);
        const TemplateRef& ref = facts.templates[static_cast<std::size_t>(v.tmpl)];
        for (std::size_t s = 0; s < ref.section_ids.size(); ++s) {
            const SectionFact& sf = facts.sections[v.first_section + s];
            double sx = spec.use_raw ? sf.raw : sf.score;
            if (!is_na(sx))
                acc.sections[ref.section_ids[s]].add(sx);
        }
    }
    return finish(groups, days, spec);
}

std::vector<VisitGroup> aggregate_sections(const FactTable& facts, const AggregateSpec& spec) {
    std::unordered_map<FlatKey, Acc, FlatKeyHash> groups;
    std::unordered_map<FlatKey, int, FlatKeyHash> days;
    PeriodCache trend_period(spec.trend_period);
    for (const VisitFact& v : facts.visits) {
        if (is_na(spec.use_raw ? v.raw : v.score))
            continue; // a visit whose score is NA counts in no aggregate
        const TemplateRef& ref = facts.templates[static_cast<std::size_t>(v.tmpl)];
        for (std::size_t s = 0; s < ref.section_ids.size(); ++s) {
            const SectionFact& sf = facts.sections[v.first_section + s];
            const double x = spec.use_raw ? sf.raw : sf.score;
            if (is_na(x))
                continue;
            FlatKey key = flat_key(facts, v, spec, sf.employee, ref.section_ids[s]);
            Acc& acc = groups[key];
            days.emplace(key, v.day);
            acc.xs.push_back(x);
            acc.passes += x >= v.target;
            acc.target_sum += v.target;
            acc.critical += sf.critical_failure;
            acc.employees[sf.employee].add(x);
            acc.trend[trend_period(v.day)].add(x);
        }
    }
    return finish(groups, days, spec);
}

std::vector<QuestionGroup> aggregate_questions(const FactTable& facts, const AggregateSpec& spec) {
    struct QAcc {
        std::size_t n = 0, passes = 0, na = 0;
        double sum = 0;
        int day = 0;
    };
    std::unordered_map<FlatKey, QAcc, FlatKeyHash> groups;
    const bool attribute = needs_employee_attribution(spec);
    for (const VisitFact& v : facts.visits) {
        if (is_na(spec.use_raw ? v.raw : v.score))
            continue;
        const TemplateRef& ref = facts.templates[static_cast<std::size_t>(v.tmpl)];
        const double* values = facts.questions.data() + v.first_question;
        FlatKey key = flat_key(facts, v, spec, v.employee, -1);
        for (std::size_t q = 0; q < ref.question_ids.size(); ++q) {
            const double f = values[q];
            if (is_na(f))
                continue;
            const forms::Question& question = ref.tpl->questions[q];
            key[kGroupKeyCount + 1] = ref.question_ids[q];
            if (attribute) {
                std::int32_t employee =
                    facts.sections[v.first_section + static_cast<std::size_t>(question.section)]
                        .employee;
                for (std::size_t i = 0; i < spec.keys.size(); ++i)
                    if (spec.keys[i] == GroupKey::Employee)
                        key[i] = employee;
            }
            QAcc& acc = groups[key];
            acc.day = v.day;
            if (f == kAnswerNa) {
                ++acc.na;
                continue;
            }
            ++acc.n;
            acc.sum += f;
            acc.passes += f >= question.pass_at;
        }
    }
    std::vector<QuestionGroup> out;
    out.reserve(groups.size());
    for (const auto& [key, acc] : groups) {
        QuestionGroup g;
        g.id = group_id(key, spec, acc.day);
        g.n = acc.n;
        if (acc.n > 0) {
            g.mean_f = acc.sum / static_cast<double>(acc.n);
            g.pass_rate = static_cast<double>(acc.passes) / static_cast<double>(acc.n);
            g.pass_ci95 = wilson(acc.passes, acc.n);
        }
        g.na_rate = static_cast<double>(acc.na) / static_cast<double>(acc.n + acc.na);
        out.push_back(std::move(g));
    }
    std::sort(out.begin(), out.end(),
              [](const QuestionGroup& a, const QuestionGroup& b) { return a.id < b.id; });
    return out;
}

} // namespace vs::scoring
