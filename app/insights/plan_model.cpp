#include "app/insights/plan_model.h"

#include "app/insights/view_filter.h"
#include "forms/dates.h"
#include "services/plan.h"

#include <fmt/core.h>

namespace vs::app {

PlanTable plan_table(storage::Store& store, const std::string& client,
                     const scoring::PlanSpec& spec, int as_of_day) {
    services::PlanRequest request;
    request.client = client;
    request.as_of_day = as_of_day;
    request.spec = spec;
    const services::PlanResult r = services::plan_visits(store, request);
    const bool by_branch = spec.by == scoring::PlanBy::Branch;
    const scoring::Dictionary& codes = by_branch ? r.facts.branches : r.facts.employees;
    const OrgNames names = org_names(store, client);

    PlanTable t;
    t.range = forms::day_to_string(r.from_day) + " to " + forms::day_to_string(r.to_day);
    for (const scoring::PlanGroup& g : r.plan.groups) {
        PlanRow row;
        row.key = codes[g.key];
        row.label = OrgNames::show(row.key, by_branch ? names.branch : names.employee);
        row.n_ref = g.n_ref;
        row.mean = fmt1(g.mean);
        row.ci95 = fmt_interval(g.ci95);
        row.s = fmt1(g.s);
        row.source = g.s ? (g.s_source == scoring::SdSource::Own ? "own" : "client's pooled") : "—";
        row.needed = !g.needed ? "—"
                               : std::to_string(*g.needed) +
                                     (g.capped ? " (cap " + std::to_string(spec.max_n) + ")" : "");
        row.capped = g.capped;
        t.rows.push_back(std::move(row));
    }
    const char* what = by_branch ? "branch" : "employee";
    t.note = fmt::format(
        "Needed: visits next period for a 95% CI of ±{} points around each {}'s mean, from the "
        "{}'s own sd when it had {} or more approved visits from {}, else from the client's "
        "pooled sd ({}). No number when no {} had two visits. At most {} visits are planned per "
        "{}.",
        fmt::format("{:g}", spec.half_width), what, what, spec.min_n, t.range,
        fmt1(r.plan.pooled_sd), what, spec.max_n, what);
    return t;
}

} // namespace vs::app
