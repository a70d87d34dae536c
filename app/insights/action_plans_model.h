#pragma once
// The Action plans page without windows: the plans a filter selects with their measured effect
// (services/action_plans.h), the list's cells, the edit dialog's fields as text and back, the
// re-shop that Done proposes, and the effect in words with its interval.

#include "services/action_plans.h"

#include <optional>
#include <string>
#include <vector>

namespace vs::app {

/// What the page lists; empty fields match any.
struct ActionPlanListFilter {
    std::string client;
    std::string state; ///< open | in_progress | done | verified
};

/// The plans the filter selects, oldest first, each with its effect over `window_days`.
std::vector<services::ActionPlanRow>
action_plan_list(storage::Store& store, const ActionPlanListFilter& filter, int window_days = 90);

/// The list's cells of one plan: id, client, branch, state, start, due, actions done of all,
/// failed behaviours, the difference-in-differences ("—" when none).
std::vector<std::string> action_plan_cells(const services::ActionPlanRow& row);

/// Actions as the edit dialog shows them, one a line: "[x] text | owner | due" ([ ] when not
/// done; owner and due left out when empty).
std::string actions_text(const std::vector<storage::PlanAction>& actions);
/// The dialog's lines back into actions (blank lines skipped). Never throws: a line's text is
/// what stands before the first " | ".
std::vector<storage::PlanAction> actions_from_text(const std::string& text);

/// The edit dialog's fields.
struct PlanEdit {
    std::string owner;
    std::string due;     ///< YYYY-MM-DD or ""
    std::string state;   ///< open | in_progress | done | verified
    std::string actions; ///< actions_text
};
/// Writes `edit` over `plan` (read at its version) through services::update_plan; returns ""
/// when stored, else the refusal in words naming the field (nothing written).
std::string save_plan_edit(storage::Store& store, const storage::ActionPlan& plan,
                           const PlanEdit& edit, const std::string& who);

/// The question Done asks: the re-shop it will add (branch, scorecard, window), or why there
/// is none to add.
std::string reshop_question(storage::Store& store, const storage::ActionPlan& plan);

/// A plan and its effect in words: the failed behaviours, owner, dates, actions, the branch and
/// the comparison before and after, the difference-in-differences with its 95% interval and the
/// verdict (scoring::effect_verdict).
std::string plan_detail_text(const services::ActionPlanRow& row);

} // namespace vs::app
