#pragma once
// Visit planning by precision (SCORING.md §9): how many visits each branch or employee needs in
// the next period so that its mean's ci95 half-width is at most h score points, from its own
// spread over a reference range or the client's pooled spread. Pure computation over facts the
// caller loaded (one client's approved visits in the reference range).

#include "scoring/facts.h"
#include "scoring/stats.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vs::scoring {

/// What a plan groups by: a visit's branch, or its primary employee.
enum class PlanBy { Branch, Employee };

struct PlanSpec {
    PlanBy by = PlanBy::Branch;
    double half_width = 5;  ///< h: the ci95 half-width to reach, in score points (> 0)
    std::size_t min_n = 3;  ///< a group's own sd needs this many visits (>= 2)
    std::size_t max_n = 60; ///< needed is capped here (>= 2)
};

/// Where a group's s comes from.
enum class SdSource { Own, Pooled };

struct PlanGroup {
    std::int32_t key = -1;        ///< into FactTable::branches or FactTable::employees
    std::size_t n_ref = 0;        ///< its visits in the reference range with a score
    std::optional<double> mean;   ///< of those visits (shown beside the plan)
    std::optional<Interval> ci95; ///< their mean's ci95 (SCORING.md §4); null when n < 2
    std::optional<double> s;      ///< the sd the plan uses; null: no pooled sd
    SdSource s_source = SdSource::Own;
    std::optional<std::size_t> needed; ///< visits needed next period; null when s is null
    bool capped = false;               ///< true when max_n bound `needed`
};

struct Plan {
    std::optional<double> pooled_sd; ///< the client's pooled sd; null with no group of 2 visits
    std::vector<PlanGroup> groups;   ///< every group with a mystery visit, by key name
};

/// "own" or "pooled".
std::string_view to_string(SdSource source);
/// "branch" or "employee".
std::string_view to_string(PlanBy by);

/// Whether a visit of the facts is a mystery visit, the visits planning counts: its scorecard's
/// channel is not `survey` (a customer's survey response, SCORING.md §10). The one place that
/// says which visits take part.
bool is_mystery_visit(const FactTable& facts, const VisitFact& visit);

/// sqrt(sum((n_i - 1) sd_i²) / sum(n_i - 1)) over the (n_i, sd_i) with n_i >= 2; std::nullopt
/// when there is none.
std::optional<double> pooled_sd(std::span<const std::pair<std::size_t, double>> groups);

struct Needed {
    std::size_t n = 2;
    bool capped = false;
};
/// The smallest n >= 2 with t(0.975, n-1) · s / sqrt(n) <= h, capped at max_n (`capped` when
/// the smallest such n is above max_n). s = 0 gives 2. Throws std::invalid_argument when h <= 0,
/// s < 0 or max_n < 2.
Needed visits_needed(double s, double h, std::size_t max_n);

/// The plan of SCORING.md §9 over the mystery visits of `facts` (the caller loads one client's
/// approved visits of the reference range): a group for each branch or primary employee with
/// such a visit (visits without an employee take no part by employee), ordered by the key's
/// name; its n_ref counts the visits with a score (0 when none has one). Throws
/// std::invalid_argument for a spec outside its ranges.
Plan plan_visits(const FactTable& facts, const PlanSpec& spec);

} // namespace vs::scoring
