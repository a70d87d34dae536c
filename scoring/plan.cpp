#include "scoring/plan.h"

#include "forms/survey.h"
#include "forms/template.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

namespace vs::scoring {

namespace {

/// t(0.975, n-1) · s / sqrt(n): the ci95 half-width of a mean of n visits with sd s, the same
/// interval as every ci95 of SCORING.md §4 (unclipped: a width, not a score).
double half_width(double s, std::size_t n) {
    return t_interval(0.0, s, n)->hi;
}

void check_spec(const PlanSpec& spec) {
    if (!(spec.half_width > 0) || !std::isfinite(spec.half_width))
        throw std::invalid_argument("plan: the half-width must be a number above 0");
    if (spec.min_n < 2)
        throw std::invalid_argument("plan: min_n must be at least 2");
    if (spec.max_n < 2)
        throw std::invalid_argument("plan: max_n must be at least 2");
}

} // namespace

std::string_view to_string(SdSource source) {
    return source == SdSource::Own ? "own" : "pooled";
}

std::string_view to_string(PlanBy by) {
    return by == PlanBy::Branch ? "branch" : "employee";
}

bool is_mystery_visit(const FactTable& facts, const VisitFact& visit) {
    if (visit.tmpl >= 0 && static_cast<std::size_t>(visit.tmpl) < facts.templates.size()) {
        const auto& tpl = facts.templates[static_cast<std::size_t>(visit.tmpl)].tpl;
        if (tpl && forms::is_survey(*tpl)) // a customer's survey response, not a mystery visit
            return false;
    }
    return true;
}

std::optional<double> pooled_sd(std::span<const std::pair<std::size_t, double>> groups) {
    double ss = 0;
    double df = 0;
    for (const auto& [n, sd] : groups) {
        if (n < 2)
            continue;
        const double w = static_cast<double>(n - 1);
        ss += w * sd * sd;
        df += w;
    }
    if (df == 0)
        return std::nullopt;
    return std::sqrt(ss / df);
}

Needed visits_needed(double s, double h, std::size_t max_n) {
    if (!(h > 0) || !std::isfinite(h))
        throw std::invalid_argument("visits_needed: h must be a number above 0");
    if (!(s >= 0) || !std::isfinite(s))
        throw std::invalid_argument("visits_needed: s must be a number, 0 or above");
    if (max_n < 2)
        throw std::invalid_argument("visits_needed: max_n must be at least 2");
    if (s == 0 || half_width(s, 2) <= h)
        return {2, false};
    if (half_width(s, max_n) > h)
        return {max_n, true};
    // The half-width falls strictly as n grows (both t(0.975, n-1) and 1/sqrt(n) do): bisect
    // for the first n that reaches h. Invariant: half_width(lo) > h >= half_width(hi).
    std::size_t lo = 2;
    std::size_t hi = max_n;
    while (hi - lo > 1) {
        const std::size_t mid = lo + (hi - lo) / 2;
        (half_width(s, mid) <= h ? hi : lo) = mid;
    }
    return {hi, false};
}

Plan plan_visits(const FactTable& facts, const PlanSpec& spec) {
    check_spec(spec);
    std::map<std::int32_t, std::vector<double>> scores;
    for (const VisitFact& v : facts.visits) {
        const std::int32_t key = spec.by == PlanBy::Branch ? v.branch : v.employee;
        if (key < 0 || !is_mystery_visit(facts, v))
            continue;
        std::vector<double>& xs = scores[key]; // listed even when no visit has a score
        if (!is_na(v.score))
            xs.push_back(v.score);
    }

    Plan plan;
    std::vector<std::pair<std::size_t, double>> spreads;
    for (const auto& [key, xs] : scores) {
        PlanGroup g;
        g.key = key;
        g.n_ref = xs.size();
        g.mean = mean(xs);
        const std::optional<double> sd = sample_sd(xs);
        if (sd) {
            g.ci95 = score_interval(*g.mean, *sd, xs.size());
            spreads.emplace_back(xs.size(), *sd);
        }
        if (g.n_ref >= spec.min_n) {
            g.s = sd;
            g.s_source = SdSource::Own;
        }
        plan.groups.push_back(std::move(g));
    }
    plan.pooled_sd = pooled_sd(spreads);

    for (PlanGroup& g : plan.groups) {
        if (!g.s) {
            g.s = plan.pooled_sd;
            g.s_source = SdSource::Pooled;
        }
        if (g.s) {
            const Needed n = visits_needed(*g.s, spec.half_width, spec.max_n);
            g.needed = n.n;
            g.capped = n.capped;
        }
    }
    const Dictionary& names = spec.by == PlanBy::Branch ? facts.branches : facts.employees;
    std::sort(plan.groups.begin(), plan.groups.end(),
              [&](const PlanGroup& a, const PlanGroup& b) { return names[a.key] < names[b.key]; });
    return plan;
}

} // namespace vs::scoring
