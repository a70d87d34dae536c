#include "services/export.h"

#include "exports/client_report.h"
#include "exports/visits_csv.h"
#include "forms/dates.h"
#include "services/recognition.h"
#include "services/voice.h"

#include <algorithm>
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

namespace {

/// The customer voice of each client of the report with survey responses in its range (its
/// branches only, when it names some), with the database's voice settings.
std::vector<exports::ReportVoice> report_voices(storage::Store& store,
                                                const storage::VisitFilter& filter,
                                                const std::set<std::string>& branches) {
    std::vector<exports::ReportVoice> out;
    if (filter.uuid || filter.calibration)
        return out;
    const scoring::VoiceOptions options = voice_settings(store);
    // Every client of the organisation when the report names none: a client may have survey
    // responses in the range and no mystery visit (a report for an unknown client has no voice).
    std::set<std::string> clients;
    for (const storage::OrgEntity& c :
         store.org_list(storage::OrgKind::Client, std::nullopt, true, /*count_visits=*/false))
        if (!filter.client || c.name == *filter.client)
            clients.insert(c.name);
    for (const std::string& client : clients) {
        VoiceFacts f = read_voice_facts(store, {client, filter.from_day, filter.to_day});
        if (!branches.empty()) {
            f.survey =
                std::make_shared<const scoring::FactTable>(only_branches(*f.survey, branches));
            f.mystery =
                std::make_shared<const scoring::FactTable>(only_branches(*f.mystery, branches));
        }
        if (f.survey->visits.empty())
            continue;
        std::optional<std::int32_t> first_day, last_day;
        for (const scoring::FactTable* t : {f.survey.get(), f.mystery.get()})
            for (const scoring::VisitFact& v : t->visits) {
                first_day = std::min(first_day.value_or(v.day), v.day);
                last_day = std::max(last_day.value_or(v.day), v.day);
            }
        CustomerVoice cv = customer_voice(f, options);
        exports::ReportVoice v;
        v.client = client;
        v.options = options;
        v.voice = std::move(cv.voice);
        v.whole = voice_periods(f, forms::Period::None);
        v.periods = voice_periods(f, forms::Period::Quarter);
        v.period = "Quarter";
        v.section_titles = std::move(cv.section_titles);
        v.branch_names = std::move(f.branch_names);
        v.caveat = kVoiceCaveat;
        v.first_day = first_day;
        v.last_day = last_day;
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace

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
    // What the client's customers say, beside the mystery-shop score (its own sheet only).
    input.voices = report_voices(store, filter, request.branches);
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
    for (const auto& [id, version] : store.template_versions())
        if (auto tpl = store.find_template(id, version))
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
