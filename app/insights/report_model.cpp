#include "app/insights/report_model.h"

#include "exports/stored_visit.h"

#include <cstdlib>

namespace vs::app {

scoring::FactTable only_branches(scoring::FactTable facts, const std::set<std::string>& branches) {
    if (branches.empty())
        return facts;
    std::erase_if(facts.visits, [&](const scoring::VisitFact& v) {
        return v.branch < 0 || !branches.count(facts.branches[v.branch]);
    });
    return facts; // section and question values are found by index: the arrays stay
}

std::size_t write_report(storage::Store& store, const ReportRequest& request, Progress* progress) {
    const storage::VisitFilter filter = request.filter.visit_filter();
    const scoring::FactTable facts = only_branches(store.load_facts(filter, true), request.branches);
    exports::ReportInput input;
    input.facts = &facts;
    input.visits = [&](const exports::VisitSink& sink) {
        store.visit_details(filter, [&](const storage::VisitDetail& d) {
            if (request.branches.empty() || request.branches.count(d.branch))
                sink(exports::to_visit_record(d));
        });
    };
    for (const storage::Training& t : store.trainings(request.filter.client))
        input.trainings.push_back({t.id, t.title, t.date, t.client, t.employees, t.sections});
    exports::ReportOptions options;
    options.client = request.filter.client;
    options.from_day = request.filter.from_day;
    options.to_day = request.filter.to_day;
    options.pseudonymise_staff = request.pseudonymise_staff;
    // The database's own secret, made on first use (empty on a read-only database that has
    // none yet: the workbook then says its staff are not pseudonymised).
    if (request.pseudonymise_staff)
        options.pseudonym_key = store.pseudonym_key();
    options.logo = request.logo;
    options.min_n = request.filter.min_n;
    exports::write_client_report(request.path, input, options, progress);
    return facts.visits.size();
}

} // namespace vs::app
