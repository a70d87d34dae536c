#pragma once
// Action plans (docs/action-plans.md): approving a visit with a critical failure, or scoring
// below the setting action.threshold, opens a plan for its branch with the failed sections (one
// open plan per branch and section set); plans are also opened by hand. A plan moves open ->
// in progress -> done -> verified; done proposes a re-shop (an assignment for the same branch
// and scorecard in the action.reshop_days after it); its effect is measured as SCORING.md §7
// says for action plans. A refusal throws InputError naming the field, and nothing is written.

#include "scoring/action_plans.h"
#include "storage/store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::services {

/// A visit scoring below this (0..100, default 60) opens a plan when approved.
inline constexpr const char* kActionThresholdSetting = "action.threshold";
/// Days after a plan is done within which its re-shop is to be made (default 30).
inline constexpr const char* kActionReshopSetting = "action.reshop_days";
/// Days after opening a plan is due by (default 30).
inline constexpr const char* kActionDueSetting = "action.due_days";
inline constexpr int kDefaultActionThreshold = 60;
inline constexpr int kDefaultReshopDays = 30;
inline constexpr int kDefaultActionDueDays = 30;

/// The stored form of an action setting (whole numbers: threshold 0..100, days 1..3650),
/// InputError naming the key when out of range; nullopt when `key` is not one.
std::optional<std::string> checked_action_setting(const std::string& key, const std::string& value);
int action_threshold(storage::SettingsStore& store);
int action_reshop_days(storage::SettingsStore& store);
int action_due_days(storage::SettingsStore& store);

/// The states in order, and their words for people ("in progress").
const std::vector<std::string>& action_plan_states();
std::string state_label(const std::string& state);

/// The sections a visit failed: those holding a failed critical question, and those scoring
/// below `threshold`; empty when the visit has neither a critical failure nor a score below it.
/// When the visit fails on its score alone and no section is below, its lowest section.
std::vector<std::string> failed_sections(const forms::Template& tpl, const forms::Visit& visit,
                                         int threshold);

/// After visit `id` was approved: opens a plan for its branch when it failed (critical failure
/// or score below action.threshold) and no open or in-progress plan of the branch has the same
/// sections. Returns the plan opened, or nullopt.
std::optional<std::int64_t> open_plan_for_visit(storage::Store& store, std::int64_t id,
                                                const std::string& who,
                                                const std::string& today = {});
/// The same for the visit as stored (`stored`, as load_visit reads it), with the settings read
/// from `settings`: for a caller that has read both already (an approval reads the visit once
/// after storing it, for the plan and the alerts, and its settings once: SettingsSnapshot).
std::optional<std::int64_t> open_plan_for_visit(storage::Store& store,
                                                storage::SettingsStore& settings,
                                                const storage::StoredVisit& stored,
                                                const std::string& who,
                                                const std::string& today = {});

/// A plan opened by hand; with a visit and no sections, on the sections that visit failed.
/// Refused (InputError, field in where()): "client" or "branch" unknown, "visit" unknown,
/// "sections" naming a section of no stored scorecard or the same sections as an open or
/// in-progress plan of the branch, "start" or "due" not a date, "due" before "start", an
/// action without text or with a bad due date ("actions[i]").
std::int64_t open_plan(storage::Store& store, storage::ActionPlan plan, const std::string& who);

/// Writes a changed plan (owner, actions, dates, sections, note, state) read at `plan.version`.
/// Refused: "state" not a state, or a move the order does not allow (forward one step or more
/// up to done; verified only from done; back from done to in progress); the checks of
/// open_plan. Returns the new version.
std::int64_t update_plan(storage::Store& store, const storage::ActionPlan& plan,
                         const std::string& who, const std::string& reason = {});

/// The re-shop a done plan proposes: an assignment for its branch and the scorecard of the
/// visit that opened it (else of the branch's latest visit) in the action.reshop_days after
/// `today`, offered to the shopper propose_shopper_for gives (never the one who made that
/// visit; nobody when none fits). Refused ("scorecard") when the branch has no visit to take a
/// scorecard from.
storage::Assignment proposed_reshop(storage::Store& store, const storage::ActionPlan& plan,
                                    const std::string& today = {});

/// Marks a plan done (from open or in progress); with `reshop`, records the proposed re-shop's
/// uuid with the plan, then adds that assignment (services::add_assignment and its rules).
/// When the assignment fails after the plan was written, the error says so and marking the
/// done plan done again adds its missing re-shop (never a second one). Returns the plan as
/// stored.
storage::ActionPlan mark_done(storage::Store& store, std::int64_t id, std::int64_t version,
                              bool reshop, const std::string& who, const std::string& today = {});

/// A plan with its measured effect.
struct ActionPlanRow {
    storage::ActionPlan plan;
    int day = 0;                       ///< the start date, days since 1970-01-01
    std::vector<std::string> excluded; ///< branches left out of the control group
    scoring::TrainingEffect effect;
    std::string verdict; ///< scoring::effect_verdict
};

/// The plans `filter` selects, by id, each with its effect over the client's approved visits
/// `window_days` before and after its start date.
std::vector<ActionPlanRow> action_plan_rows(storage::Store& store,
                                            const storage::ActionPlanFilter& filter,
                                            int window_days = 90);

} // namespace vs::services
