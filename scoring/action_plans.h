#pragma once
// Action plan effect (SCORING.md §7, "Action plans"): the training effect's computation with
// the plan's branch as the treated group (every approved visit there, any employee or none),
// the plan's start date, its sections measured, and as control the same client's visits at
// branches with no action plan whose window overlaps this one's.

#include "scoring/facts.h"
#include "scoring/training.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vs::scoring {

/// A plan as the facts know it.
struct ActionPlanSpec {
    std::string id;
    int day = 0;              ///< the plan's start date, days since 1970-01-01
    std::int32_t client = -1; ///< into FactTable::clients
    std::int32_t branch = -1; ///< into FactTable::branches (-1: no visits there)
    /// Into FactTable::section_ids (-1: unknown, measures nothing); empty: the visit score.
    std::vector<std::int32_t> sections;
    /// Branches (into FactTable::branches) left out of the control group: those of the
    /// client's other plans whose windows overlap this one (overlapping_plan_branches).
    std::vector<std::int32_t> excluded;
};

/// The measured effect of one plan over approved visits in `facts`.
TrainingEffect action_plan_effect(const FactTable& facts, const ActionPlanSpec& spec,
                                  int window_days = 90);

/// A plan's branch and start day, for finding overlaps.
struct PlanWindow {
    std::string branch; ///< branch code
    int day = 0;
};

/// The branches of `others` whose windows [day - W, day + W) overlap the one around `day`
/// (|day_other - day| < 2W), without duplicates, in first-seen order.
std::vector<std::string> overlapping_plan_branches(const std::vector<PlanWindow>& others, int day,
                                                   int window_days = 90);

/// Resolves names (client name, branch code, section ids, excluded branch codes) into a spec.
ActionPlanSpec action_plan_spec(const FactTable& facts, const std::string& id, int day,
                                const std::string& client, const std::string& branch,
                                const std::vector<std::string>& sections,
                                const std::vector<std::string>& excluded_branches);

/// A difference in points with its sign and one decimal: "+1.2", "-0.4", "0.0".
std::string signed1(double x);

/// The difference-in-differences in words, for trainings and plans alike: "Difference-in-
/// differences: +2.5 points, 95% CI +0.3 to +4.7." then `sep` and whether the interval lies
/// above 0 (`above`), below 0 (`below`) or includes it, or that too few visits make no
/// interval; "—" for a difference that cannot be measured.
std::string did_words(const TrainingEffect& effect, const std::string& above,
                      const std::string& below, const std::string& sep = " ");

/// A plan's effect in plain words (did_words); when no difference can be measured, which group
/// (`treated`, e.g. "branch B1", or the comparison) has no visits in which window, with the
/// visits counted in each.
std::string effect_verdict(const TrainingEffect& effect, const std::string& treated);

} // namespace vs::scoring
