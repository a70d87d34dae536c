#pragma once
// The planning view without windows: per branch or employee of the dashboard's client, the
// visits of the last 365 days with their mean and CI, and the visits needed next period for a
// CI of ±h points (SCORING.md §9, as `visitscore-cli plan`). No wx.

#include "scoring/plan.h"
#include "storage/store.h"

#include <string>
#include <vector>

namespace vs::app {

/// One group of the planning table, ready to show.
struct PlanRow {
    std::string key;   ///< the branch or employee code
    std::string label; ///< "CODE Name"
    std::size_t n_ref = 0;
    std::string mean, ci95, s, source, needed; ///< "—" where there is no value
    bool capped = false;
};

struct PlanTable {
    std::vector<PlanRow> rows;
    std::string range; ///< "2025-12-04 to 2026-12-03"
    std::string note;  ///< how to read the table, with the pooled sd
};

/// The plan of `client` as of `as_of_day` (the reference range is the 365 days before it).
PlanTable plan_table(storage::Store& store, const std::string& client,
                     const scoring::PlanSpec& spec, int as_of_day);

} // namespace vs::app
