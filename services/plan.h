#pragma once
// Visit planning by precision (SCORING.md §9) as both front ends show it: one client's approved
// visits of the reference range (the 365 days before the planning date, that date excluded),
// read through the store, planned by scoring/plan.h.

#include "scoring/plan.h"
#include "storage/store.h"

#include <string>

namespace vs::services {

/// Days in the reference range before the planning date.
inline constexpr int kPlanReferenceDays = 365;

struct PlanRequest {
    std::string client; ///< the client's name
    int as_of_day = 0;  ///< the planning date, days since 1970-01-01 (today_day() by default)
    scoring::PlanSpec spec;
};

struct PlanResult {
    scoring::FactTable facts; ///< the reference visits; the plan's keys index its dictionaries
    scoring::Plan plan;
    int from_day = 0; ///< the reference range, inclusive
    int to_day = 0;
};

/// The local date today, days since 1970-01-01.
int today_day();

/// The plan of one client: throws InputError naming `--client` when the database has no client
/// of that name (listing the ones it has), and std::invalid_argument for a spec outside its
/// ranges (scoring::plan_visits).
PlanResult plan_visits(storage::Store& store, const PlanRequest& request);

} // namespace vs::services
