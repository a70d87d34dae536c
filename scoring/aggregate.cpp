#include "scoring/aggregate.h"

#include "forms/template.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>
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
    std::vector<double> targets; ///< each value's own template-version target
    std::size_t critical = 0;
    std::unordered_map<std::int32_t, Sum> employees;
    std::map<int, Sum> trend; ///< by trend period index
    std::vector<int> nps;
    std::vector<Sum>* sections = nullptr; ///< the group's own entry in its SectionSums, once made

    Acc() = default;
    Acc(const Acc&) = delete; // m_period_sum points into its own trend map
    Acc& operator=(const Acc&) = delete;

    void add(double x, double target, bool critical_failure, std::int32_t employee, int period) {
        xs.push_back(x);
        targets.push_back(target);
        critical += critical_failure;
        employees[employee].add(x);
        if (!m_period_sum || period != m_period) { // visits come in day order: mostly the same
            m_period_sum = &trend[period];
            m_period = period;
        }
        m_period_sum->add(x);
    }

  private:
    Sum* m_period_sum = nullptr;
    int m_period = 0;
};

/// Per-section sums of visit groups, by group key (kept apart from Acc: with an employee key a
/// section counts for the employee it is attributed to, whose group is found by that key).
/// Per group, one Sum per section dictionary id (n = 0: no value).
using SectionSums = std::unordered_map<FlatKey, std::vector<Sum>, FlatKeyHash>;

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

/// The group key of a visit; `periods` (of spec.period), when given, saves recomputing the
/// period of each visit of the same day.
FlatKey flat_key(const FactTable& facts, const VisitFact& v, const AggregateSpec& spec,
                 std::int32_t employee, std::int32_t item, PeriodCache* periods = nullptr) {
    FlatKey k{};
    for (std::size_t i = 0; i < spec.keys.size(); ++i) {
        std::int32_t value = key_of(v, spec.keys[i], employee);
        if (spec.keys[i] == GroupKey::Template)
            value = facts.templates[static_cast<std::size_t>(v.tmpl)].template_key;
        k[i] = value;
    }
    k[kGroupKeyCount] = spec.period == forms::Period::None ? 0
                        : periods                          ? (*periods)(v.day)
                                  : forms::period_index(v.day, spec.period);
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

std::vector<VisitGroup> finish(std::unordered_map<FlatKey, Acc, FlatKeyHash>& groups,
                               const std::unordered_map<FlatKey, int, FlatKeyHash>& days,
                               const SectionSums* sections, const AggregateSpec& spec) {
    std::vector<VisitGroup> out;
    out.reserve(groups.size());
    for (auto& [key, acc] : groups) {
        VisitGroup g;
        g.id = group_id(key, spec, days.at(key));
        g.m = measure(std::move(acc.xs), acc.targets, acc.critical, spec.min_n);
        if (sections)
            if (auto it = sections->find(key); it != sections->end())
                for (std::size_t section = 0; section < it->second.size(); ++section)
                    if (const Sum& s = it->second[section]; s.n)
                        g.sections[static_cast<std::int32_t>(section)] =
                            SectionMean{s.n, s.sum / static_cast<double>(s.n)};
        // §5 consistency: the sd of the means of employees with at least min_n visits (sorted
        // first, so that the result does not depend on hash order in the last bits).
        std::vector<double> employee_means;
        for (const auto& [employee, s] : acc.employees)
            if (employee >= 0 && s.n >= spec.min_n)
                employee_means.push_back(s.sum / static_cast<double>(s.n));
        std::sort(employee_means.begin(), employee_means.end());
        g.consistency = sample_sd(employee_means);
        // §5 trend: period means against period indexes; empty periods have no point but keep
        // their index, so the x values stay evenly spaced in time.
        if (!acc.trend.empty()) {
            std::vector<std::pair<double, double>> points;
            const int first = acc.trend.begin()->first;
            for (const auto& [index, s] : acc.trend)
                points.emplace_back(index - first, s.sum / static_cast<double>(s.n));
            g.trend = trend_slope(points);
        }
        g.nps = nps(acc.nps);
        out.push_back(std::move(g));
    }
    std::sort(out.begin(), out.end(),
              [](const VisitGroup& a, const VisitGroup& b) { return a.id < b.id; });
    return out;
}

/// The position of the employee key in the spec's keys, or -1.
int employee_key_slot(const AggregateSpec& spec) {
    auto it = std::find(spec.keys.begin(), spec.keys.end(), GroupKey::Employee);
    return it == spec.keys.end() ? -1 : static_cast<int>(it - spec.keys.begin());
}

} // namespace

Measures measure(std::vector<double> xs, const std::vector<double>& targets,
                 std::size_t critical_failures, std::size_t min_n) {
    if (!targets.empty() && targets.size() != xs.size())
        throw std::invalid_argument("measure: one target per value is needed");
    Measures m;
    m.n = xs.size();
    m.low_sample = m.n < min_n;
    if (m.n == 0)
        return m;
    const double n = static_cast<double>(m.n);
    m.mean = mean(xs);
    m.sd = sample_sd(xs);
    if (m.sd)
        m.ci95 = score_interval(*m.mean, *m.sd, m.n);
    auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
    m.min = *lo;
    m.max = *hi;
    m.critical_fail_rate = static_cast<double>(critical_failures) / n;
    if (!targets.empty()) {
        std::size_t passes = 0;
        for (std::size_t i = 0; i < xs.size(); ++i)
            passes += xs[i] >= targets[i];
        m.target = mean(targets);
        m.pass_rate = static_cast<double>(passes) / n;
        m.pass_ci95 = wilson(passes, m.n);
        m.status = status_of(*m.mean, *m.target);
    }
    m.median = median(xs); // last: it may reorder a copy, never xs itself
    return m;
}

std::vector<VisitGroup> aggregate_visits(const FactTable& facts, const AggregateSpec& spec) {
    std::unordered_map<FlatKey, Acc, FlatKeyHash> groups;
    std::unordered_map<FlatKey, int, FlatKeyHash> days;
    SectionSums sections;
    PeriodCache trend_period(spec.trend_period);
    PeriodCache group_period(spec.period);
    const int employee_slot = employee_key_slot(spec);
    // The previous visit's group: consecutive visits often share it (by client, by month).
    FlatKey last_key{};
    Acc* acc = nullptr;
    const auto section_sums = [&](const FlatKey& key) -> std::vector<Sum>& {
        std::vector<Sum>& sums = sections[key];
        sums.resize(facts.section_ids.names.size());
        return sums;
    };
    for (const VisitFact& v : facts.visits) {
        const double x = spec.use_raw ? v.raw : v.score;
        if (is_na(x) || !spec.covers(v.day))
            continue; // §4: a visit whose score is NA counts in no aggregate
        const FlatKey key = flat_key(facts, v, spec, v.employee, -1, &group_period);
        if (!acc || key != last_key) {
            auto [it, fresh] = groups.try_emplace(key);
            if (fresh)
                days.emplace(key, v.day);
            acc = &it->second;
            last_key = key;
        }
        acc->add(x, v.target, v.critical_failure, v.employee, trend_period(v.day));
        if (v.nps >= 0)
            acc->nps.push_back(v.nps);
        // Section means: with an employee key, each section counts for the employee it is
        // attributed to (§4 "their section aggregates use every section attributed to them").
        const TemplateRef& ref = facts.templates[static_cast<std::size_t>(v.tmpl)];
        for (std::size_t s = 0; s < ref.section_ids.size(); ++s) {
            const SectionFact& sf = facts.sections[v.first_section + s];
            const double sx = spec.use_raw ? sf.raw : sf.score;
            if (is_na(sx))
                continue;
            const auto section = static_cast<std::size_t>(ref.section_ids[s]);
            if (employee_slot >= 0 && sf.employee != v.employee) {
                FlatKey other = key;
                other[static_cast<std::size_t>(employee_slot)] = sf.employee;
                section_sums(other)[section].add(sx);
                continue;
            }
            if (!acc->sections)
                acc->sections = &section_sums(key);
            (*acc->sections)[section].add(sx);
        }
    }
    return finish(groups, days, &sections, spec);
}

std::vector<VisitGroup> aggregate_sections(const FactTable& facts, const AggregateSpec& spec) {
    std::unordered_map<FlatKey, Acc, FlatKeyHash> groups;
    std::unordered_map<FlatKey, int, FlatKeyHash> days;
    PeriodCache trend_period(spec.trend_period);
    for (const VisitFact& v : facts.visits) {
        if (is_na(spec.use_raw ? v.raw : v.score) || !spec.covers(v.day))
            continue; // a visit whose score is NA counts in no aggregate
        const TemplateRef& ref = facts.templates[static_cast<std::size_t>(v.tmpl)];
        const int period = trend_period(v.day);
        for (std::size_t s = 0; s < ref.section_ids.size(); ++s) {
            const SectionFact& sf = facts.sections[v.first_section + s];
            const double x = spec.use_raw ? sf.raw : sf.score;
            if (is_na(x))
                continue;
            // The employee of a section is the one it is attributed to (section_employees).
            const FlatKey key = flat_key(facts, v, spec, sf.employee, ref.section_ids[s]);
            days.emplace(key, v.day);
            groups[key].add(x, v.target, sf.critical_failure, sf.employee, period);
        }
    }
    return finish(groups, days, nullptr, spec);
}

std::vector<QuestionGroup> aggregate_questions(const FactTable& facts, const AggregateSpec& spec) {
    struct QAcc {
        std::size_t n = 0, passes = 0, na = 0;
        double sum = 0;
        int day = 0;
    };
    if (!facts.has_questions)
        throw std::invalid_argument("aggregate_questions: the facts were loaded without questions");
    std::unordered_map<FlatKey, QAcc, FlatKeyHash> groups;
    const int employee_slot = employee_key_slot(spec);
    for (const VisitFact& v : facts.visits) {
        if (is_na(spec.use_raw ? v.raw : v.score) || !spec.covers(v.day))
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
            if (employee_slot >= 0) // the employee the question's section is attributed to
                key[static_cast<std::size_t>(employee_slot)] =
                    facts.sections[v.first_section + static_cast<std::size_t>(question.section)]
                        .employee;
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
