#include "services/export.h"

#include "exports/client_report.h"
#include "exports/visits_csv.h"
#include "forms/dates.h"
#include "services/recognition.h"

#include <memory>
#include <vector>

namespace vs::services {

scoring::FactTable only_branches(scoring::FactTable facts, const std::set<std::string>& branches) {
    if (branches.empty())
        return facts;
    std::erase_if(facts.visits, [&](const scoring::VisitFact& v) {
        return v.branch < 0 || !branches.count(facts.branches[v.branch]);
    });
    return facts; // section and question values are found by index: the arrays stay
}

ClientReportResult write_client_report(storage::Store& store, const ClientReportRequest& request,
                                       Progress* progress) {
    const storage::VisitFilter& filter = request.filter;
    const scoring::FactTable facts =
        only_branches(store.load_facts(filter, true), request.branches);
    exports::ReportInput input;
    input.facts = &facts;
    input.visits = [&](const exports::VisitSink& sink) {
        store.visit_details(filter, [&](const storage::VisitDetail& d) {
            if (request.branches.empty() || request.branches.count(d.branch))
                sink(d);
        });
    };
    for (const storage::Training& t : store.trainings(filter.client))
        input.trainings.push_back({t.id, t.title, t.date, t.client, t.employees, t.sections});
    // Dispute points of the report's visits: the same client, dates, branches and visit.
    for (const storage::Dispute& d : store.disputes({filter.client.value_or(""), "", ""})) {
        const auto day = forms::parse_day(d.visited_at.substr(0, 10));
        if ((filter.from_day && (!day || *day < *filter.from_day)) ||
            (filter.to_day && (!day || *day > *filter.to_day)) ||
            (!request.branches.empty() && !request.branches.count(d.branch)) ||
            (filter.uuid && *filter.uuid != d.visit_uuid))
            continue;
        input.disputes.push_back({d.visited_at, d.client, d.branch, d.question,
                                  store.visit_id_of(d.visit_uuid).value_or(0), d.original_answer,
                                  d.proposed_answer, d.reason, d.opened_at, d.status, d.decision,
                                  d.decided_answer, d.decision_reason, d.decided_at});
    }
    // Visits and staff that went beyond the scorecard, over the report's visits.
    input.recognitions = recognition(store, filter, request.branches);
    exports::ReportOptions options;
    options.client = filter.client.value_or("");
    options.from_day = filter.from_day;
    options.to_day = filter.to_day;
    options.pseudonymise_staff = request.pseudonymise_staff;
    ClientReportResult result;
    // The database's own secret, made on first use; empty on a read-only database that has none
    // yet (the workbook then says its pseudonyms are for this report only).
    if (request.pseudonymise_staff) {
        options.pseudonym_key = store.pseudonym_key();
        result.pseudonyms_unkeyed = options.pseudonym_key.empty();
    }
    options.logo = request.logo;
    options.min_n = request.min_n;
    exports::write_client_report(request.path, input, options, progress);
    result.visits = facts.visits.size();
    return result;
}

std::size_t write_visits_csv(storage::Store& store, const storage::VisitFilter& filter,
                             const std::string& path, Progress* progress) {
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& t : store.templates())
        if (auto tpl = store.find_template(t.id, t.version))
            templates.push_back(tpl);
    std::size_t rows = 0;
    exports::write_visits_csv_file(
        path, templates,
        [&](const exports::VisitSink& sink) {
            store.visit_details(filter, [&](const storage::VisitDetail& d) {
                ++rows;
                sink(d);
            });
        },
        progress);
    return rows;
}

} // namespace vs::services
