#pragma once
// Assignments as both front ends make them: created from the visit plan (SCORING.md §9) with
// visit windows spread over the period and shoppers proposed by home region, added or edited
// one at a time, imported from CSV all or nothing, cancelled, and accepted or declined by the
// shopper. Every creation checks the lockout (a shopper never twice at a branch within the
// setting `assignments.lockout_days`, default 90, counting past visits and other assignments)
// and the shoppers known at a branch (shopper exclusions). The pure rules: assignment_rules.h.

#include "forms/progress.h"
#include "services/assignment_rules.h"
#include "services/plan.h"
#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vs::services {

/// The setting that holds the lockout in days, and its default.
inline constexpr const char* kLockoutSetting = "assignments.lockout_days";
inline constexpr int kDefaultLockoutDays = 90;

/// The lockout the store's settings hold (the default when unset or not a number >= 0).
int lockout_days(storage::Store& store);

/// What to make from a plan.
struct FromPlanRequest {
    std::string client;
    int from_day = 0; ///< the period the visits are made in, inclusive
    int to_day = 0;
    std::string template_id;  ///< the scorecard
    int template_version = 0; ///< 0: its latest version
    std::string scenario;
    std::optional<std::int64_t> fee_cents; ///< each assignment's fee; none: no fee row
    std::optional<int> lockout_days;       ///< none: the setting
};

/// One proposed assignment; `reason` says why it has no shopper.
struct ProposedAssignment {
    storage::Assignment assignment;
    std::string reason;
    /// Already stored (the same plan made before): the stored assignment, left as it is.
    bool existing = false;
};

struct FromPlanResult {
    std::vector<ProposedAssignment> items; ///< by branch, then window
    /// Branches of the plan with no `needed` (no pooled spread): no assignment made for them.
    std::vector<std::string> skipped;
};

/// Proposes one assignment per needed visit of each branch of `plan` (a plan by branch; InputError
/// otherwise), windows spread evenly over the period, shoppers proposed by region and load
/// within the lockout and exclusions. Writes nothing. Same store and request: same result
/// (uuids are derived from the client, branch, scorecard, period and the visit's index; one
/// already stored is returned as stored, `existing`, so that making the same plan again adds
/// nothing). InputError naming the
/// option for an unknown client or scorecard, or to before from.
FromPlanResult propose_from_plan(storage::Store& store, const PlanResult& plan,
                                 const FromPlanRequest& request);

/// Stores proposed (or any new) assignments all or nothing after checking each shopper against
/// the lockout and exclusions (InputError naming the assignment otherwise). Returns how many.
std::size_t create_assignments(storage::Store& store, const std::vector<storage::Assignment>& items,
                               const std::string& who, std::optional<int> lockout = {});

/// Adds one assignment (a uuid made when empty; status offered) after the checks of
/// create_assignments; returns it as stored.
storage::Assignment add_assignment(storage::Store& store, storage::Assignment item,
                                   const std::string& who, std::optional<int> lockout = {});

/// Replaces an assignment by uuid (its branch, scorecard, scenario, window, shopper, fee, note;
/// the status is kept). storage::ConflictError when `item.updated_at` is not the stored row
/// version (empty: no check); InputError for an unknown uuid, a cancelled or visited one, or a
/// shopper the checks refuse.
storage::Assignment edit_assignment(storage::Store& store, const storage::Assignment& item,
                                    const std::string& who, std::optional<int> lockout = {});

/// The shopper the rules propose for one assignment (its client, branch and window; its uuid,
/// when stored, is not its own rival): by region, then load, within the lockout and
/// exclusions, never `not_shopper` (a code; "" none), as if known at the branch; none and why
/// when no shopper fits. InputError naming the field for an unknown client or branch or a bad
/// window. Writes nothing.
Proposal propose_shopper_for(storage::Store& store, const storage::Assignment& item,
                             std::optional<int> lockout = {}, const std::string& not_shopper = {});

/// Cancels an assignment (not once visited). InputError naming the uuid when not allowed.
void cancel_assignment(storage::Store& store, const std::string& uuid,
                       const std::string& expected_updated_at, const std::string& who);

/// The shopper accepts or declines an assignment given to them (`shopper`: their code; empty:
/// any, on a single file). InputError when the assignment is not theirs or not offered.
void accept_assignment(storage::Store& store, const std::string& uuid, const std::string& shopper,
                       const std::string& expected_updated_at, const std::string& who);
void decline_assignment(storage::Store& store, const std::string& uuid, const std::string& shopper,
                        const std::string& expected_updated_at, const std::string& who);

/// The CSV columns of an assignment import, in order: client, branch, template,
/// template_version, scenario, window_from, window_to, shopper, fee (fee in currency units with
/// up to two decimals; empty: no fee; shopper empty: none). A `uuid` column is optional.
std::vector<std::string> assignment_csv_columns();

/// Parses assignment CSV text; InputError(file, "line L, column C (name)", …) for a missing
/// column, an empty key cell, a bad date, version or fee.
std::vector<storage::Assignment> parse_assignment_csv(std::string_view csv_text,
                                                      const std::string& file);

/// Imports assignment CSV text all or nothing: parsed, checked (lockout, exclusions, the
/// store's own checks; errors name the file and line), then stored in one transaction.
/// Returns how many.
std::size_t import_assignments_csv(storage::Store& store, std::string_view csv_text,
                                   const std::string& file, const std::string& who,
                                   Progress* progress = nullptr, std::optional<int> lockout = {});

/// A new random uuid (version 4).
std::string new_assignment_uuid();

/// Fee in cents from text "12", "12.5", "12.50" (InputError-free: nullopt when not a fee).
std::optional<std::int64_t> parse_fee(std::string_view text);
/// "12.50".
std::string format_fee(std::int64_t cents);

} // namespace vs::services
