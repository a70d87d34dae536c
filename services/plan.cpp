#include "services/plan.h"

#include "forms/error.h"

#include <ctime>

namespace vs::services {

int today_day() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    // Days since 1970-01-01 of the local civil date (H. Hinnant's days_from_civil).
    const int m = local.tm_mon + 1;
    const int d = local.tm_mday;
    const int y = local.tm_year + 1900 - (m <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

PlanResult plan_visits(storage::Store& store, const PlanRequest& request) {
    const auto clients =
        store.org_list(storage::OrgKind::Client, std::nullopt, true, /*count_visits=*/false);
    bool known = false;
    std::string names;
    for (const storage::OrgEntity& c : clients) {
        known = known || c.name == request.client;
        names += (names.empty() ? "" : ", ") + c.name;
    }
    if (!known)
        throw InputError(
            "", "--client",
            "no client named \"" + request.client + "\" in the database" +
                (names.empty() ? " (it has no clients)" : " (clients: " + names + ")"));

    PlanResult r;
    r.from_day = request.as_of_day - kPlanReferenceDays;
    r.to_day = request.as_of_day - 1;
    storage::VisitFilter filter; // approved, no calibration visits
    filter.client = request.client;
    filter.from_day = r.from_day;
    filter.to_day = r.to_day;
    r.facts = store.load_facts(filter, /*with_questions=*/false, /*with_attributions=*/false);
    r.plan = scoring::plan_visits(r.facts, request.spec);
    return r;
}

} // namespace vs::services
