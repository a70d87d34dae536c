// Contract of customer survey responses (SCORING.md §10): visits of a scorecard whose channel is
// `survey`, imported without a shopper (approved unless a status is given), counted by
// VisitFilter::Kind::Survey, absent from mystery reads and present in Kind::Any reads, with a
// shopper refused on them and still required on every other visit, nothing written on refusal;
// a response's rating is its scorecard's first nps question; a survey scorecard is never assigned.
#include "backends.h"
#include "forms/error.h"
#include "forms/json_io.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <vector>

using namespace vs;
using contract::Fresh;
using Kind = storage::VisitFilter::Kind;

namespace {

constexpr const char* kSurvey1 = "00000000-0000-4000-8000-0000000000d1";
constexpr const char* kSurvey2 = "00000000-0000-4000-8000-0000000000d2";

std::string data_file(const std::string& name) {
    return std::string(VS_TEST_DATA) + "/" + name;
}

forms::Template survey_template() {
    const std::string file = data_file("survey.template.json");
    return forms::parse_template(forms::read_file(file), file);
}

std::string survey_package() {
    return forms::read_file(data_file("survey.visits.json"));
}

std::vector<forms::Visit> survey_visits() {
    return forms::parse_visit_package(survey_package(), "survey.visits.json");
}

/// The mini scorecard with its three visits and the survey scorecard with its two responses.
void load_both(storage::Store& store) {
    contract::load_mini(store, store);
    store.add_template(survey_template(), "survey.template.json");
    const storage::ImportReport r = store.import_visits(survey_visits(), "survey.visits.json");
    BOOST_REQUIRE_EQUAL(r.added, 2u);
}

storage::VisitFilter of_kind(Kind kind, bool every_status = false) {
    storage::VisitFilter f;
    f.kind = kind;
    if (every_status)
        f.statuses.clear();
    return f;
}

std::vector<std::string> uuids(storage::FactStore& facts, const storage::VisitFilter& f) {
    std::vector<std::string> out;
    facts.visit_scores(f, [&](const storage::VisitScoreRow& r) { out.push_back(r.uuid); });
    return out;
}

std::size_t stored_visits(storage::FactStore& facts) {
    return uuids(facts, of_kind(Kind::Any, true)).size();
}

/// Runs `import`, which must refuse with an InputError whose place ends with `field` and whose
/// message holds `words`.
template <class F>
void check_refused(F import, const std::string& field, const std::string& words) {
    try {
        import();
        BOOST_ERROR("not refused: " << field);
    } catch (const InputError& e) {
        const std::string where = e.where();
        BOOST_TEST(where.size() >= field.size());
        BOOST_TEST(where.substr(where.size() - std::min(where.size(), field.size())) == field,
                   e.what());
        BOOST_TEST(e.message().find(words) != std::string::npos, e.what());
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(survey_responses)

VS_CONTRACT_CASE(responses_are_stored_without_a_shopper_and_approved) {
    Fresh f(backend);
    load_both(*f.store);
    for (const char* uuid : {kSurvey1, kSurvey2}) {
        BOOST_TEST_INFO_SCOPE(uuid);
        const storage::StoredVisit v = f.store->load_visit(contract::id_of(*f.store, uuid));
        BOOST_TEST(v.visit.shopper.empty());
        BOOST_TEST(v.visit.shopper_name.empty());
        BOOST_TEST((v.visit.status == forms::Status::Approved)); // no status given: approved
        BOOST_TEST(v.tpl->channel == "survey");
    }
    // The same package again is a no-op: the stored status is part of what it hashes.
    const storage::ImportReport again = f.store->import_visits(survey_visits(), "again.json");
    BOOST_TEST(again.added == 0u);
    BOOST_TEST(again.unchanged == 2u);
    // An employee is optional and kept when given.
    const storage::StoredVisit first = f.store->load_visit(contract::id_of(*f.store, kSurvey1));
    BOOST_TEST(first.visit.employee == "E1");
    // A status given is kept.
    std::vector<forms::Visit> excluded = survey_visits();
    excluded.resize(1);
    excluded[0].uuid = "00000000-0000-4000-8000-0000000000d3";
    excluded[0].status = forms::Status::Excluded;
    excluded[0].status_given = true;
    f.store->import_visits(excluded, "excluded.json");
    const storage::StoredVisit third =
        f.store->load_visit(contract::id_of(*f.store, "00000000-0000-4000-8000-0000000000d3"));
    BOOST_TEST((third.visit.status == forms::Status::Excluded));
}

VS_CONTRACT_CASE(reads_count_responses_by_kind) {
    Fresh f(backend);
    load_both(*f.store);
    storage::FactStore& facts = *f.store;
    // Mystery reads (the default) never see a survey response.
    BOOST_TEST(uuids(facts, {}) == (std::vector<std::string>{contract::kUuidA, contract::kUuidB}),
               boost::test_tools::per_element());
    BOOST_TEST(uuids(facts, of_kind(Kind::Survey)) ==
                   (std::vector<std::string>{kSurvey1, kSurvey2}),
               boost::test_tools::per_element());
    BOOST_TEST(uuids(facts, of_kind(Kind::Any)).size() == 4u);
    BOOST_TEST(uuids(facts, of_kind(Kind::Any, true)).size() == 5u);

    const scoring::FactTable mystery = facts.load_facts({}, true);
    BOOST_TEST(mystery.visits.size() == 2u);
    const scoring::FactTable survey = facts.load_facts(of_kind(Kind::Survey), true);
    BOOST_REQUIRE_EQUAL(survey.visits.size(), 2u);
    BOOST_TEST(survey.visits[0].nps == 10);
    BOOST_TEST(survey.visits[1].nps == 3);
    BOOST_TEST(survey.visits[0].score == 100.0);
    BOOST_TEST(survey.visits[1].score == 12.5);
    for (const scoring::VisitFact& v : survey.visits)
        BOOST_TEST(v.shopper == -1); // none
    BOOST_TEST(survey.branches[survey.visits[1].branch] == "B2");
    BOOST_TEST(survey.visits[1].employee == -1);

    // The interchange export reads every kind, a response with an empty shopper.
    std::vector<storage::VisitDetail> details;
    facts.visit_details(of_kind(Kind::Any, true),
                        [&](const storage::VisitDetail& d) { details.push_back(d); });
    BOOST_REQUIRE_EQUAL(details.size(), 5u);
    std::size_t without_shopper = 0;
    for (const storage::VisitDetail& d : details)
        if (d.template_id == "mini-survey") {
            ++without_shopper;
            BOOST_TEST(d.shopper.empty());
            BOOST_TEST((d.status == forms::Status::Approved));
        } else {
            BOOST_TEST(!d.shopper.empty());
        }
    BOOST_TEST(without_shopper == 2u);
    details.clear();
    facts.visit_details({}, [&](const storage::VisitDetail& d) { details.push_back(d); });
    BOOST_TEST(details.size() == 2u); // mystery, approved

    // The app's visit list shows every visit; a response's row has no shopper.
    const std::vector<std::int64_t> ids = f.store->visit_ids({});
    BOOST_TEST(ids.size() == 5u);
    std::size_t rows_without = 0;
    for (const storage::VisitListRow& r : f.store->visit_rows(ids))
        rows_without += r.shopper_code.empty();
    BOOST_TEST(rows_without == 2u);
}

VS_CONTRACT_CASE(a_shopper_on_a_response_is_refused_and_nothing_written) {
    Fresh f(backend);
    load_both(*f.store);
    const std::size_t before = stored_visits(*f.store);
    std::vector<forms::Visit> bad = survey_visits();
    for (auto& v : bad)
        v.uuid[35] = 'e';
    bad[1].shopper = "S1";
    check_refused([&] { f.store->import_visits(bad, "bad.json"); }, ".shopper",
                  "a customer survey response has no shopper");
    bad[1].shopper.clear();
    bad[1].shopper_name = "Sam";
    check_refused([&] { f.store->import_visits(bad, "bad.json"); }, ".shopper_name",
                  "leave shopper_name out");
    bad[1].shopper_name.clear();
    // A response waiting for review: survey responses never enter the review queue.
    bad[1].status = forms::Status::Submitted;
    bad[1].status_given = true;
    check_refused([&] { f.store->import_visits(bad, "bad.json"); }, ".status", "needs no review");
    BOOST_TEST(stored_visits(*f.store) == before);
    // A package that names a shopper on a survey response, read from its text.
    std::string text = survey_package();
    text.replace(text.find("\"employee\": \"E1\","), 17, "\"shopper\": \"S1\",");
    check_refused(
        [&] {
            f.store->import_visit_stream(
                [&](const forms::VisitSink& sink) {
                    forms::parse_visit_package(text, "shopper.json", sink);
                },
                text.size(), "shopper.json");
        },
        "visits[0] (00000000-0000-4000-8000-0000000000d1).shopper", "has no shopper");
    BOOST_TEST(stored_visits(*f.store) == before);
}

VS_CONTRACT_CASE(a_mystery_visit_still_needs_its_shopper) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    std::vector<forms::Visit> bad = contract::mini_visits();
    for (auto& v : bad)
        v.uuid[35] = 'f';
    bad[2].shopper.clear();
    check_refused([&] { f.store->import_visits(bad, "bad.json"); }, ".shopper", "is missing");
    BOOST_TEST(stored_visits(*f.store) == 3u);
}

VS_CONTRACT_CASE(a_csv_of_responses_needs_no_shopper_column) {
    Fresh f(backend);
    load_both(*f.store);
    const std::string csv =
        "uuid,template,template_version,client,region,branch,employee,visited_at,status,"
        "recommend,satisfied,resolved\n"
        "00000000-0000-4000-8000-0000000000e1,mini-survey,1,Test Client,,B1,,"
        "2026-10-07T10:00,,9,4,yes\n"
        "00000000-0000-4000-8000-0000000000e2,mini-survey,1,Test Client,,B2,E2,"
        "2026-10-08T10:00,excluded,6,3,no\n";
    auto lookup = [&](const std::string& id, int version) {
        static std::shared_ptr<const forms::Template> keep;
        keep = f.store->find_template(id, version);
        return keep.get();
    };
    const std::vector<forms::Visit> rows = forms::parse_visit_csv(csv, "survey.csv", lookup);
    const storage::ImportReport r = f.store->import_visits(rows, "survey.csv");
    BOOST_TEST(r.added == 2u);
    const storage::StoredVisit e1 =
        f.store->load_visit(contract::id_of(*f.store, "00000000-0000-4000-8000-0000000000e1"));
    BOOST_TEST((e1.visit.status == forms::Status::Approved));
    BOOST_TEST(e1.visit.shopper.empty());
    const storage::StoredVisit e2 =
        f.store->load_visit(contract::id_of(*f.store, "00000000-0000-4000-8000-0000000000e2"));
    BOOST_TEST((e2.visit.status == forms::Status::Excluded));
    BOOST_TEST(e2.visit.employee == "E2");
    BOOST_TEST(uuids(*f.store, of_kind(Kind::Survey)).size() == 3u);

    // A shopper cell on a survey row is refused, naming its line and column.
    const std::string with_shopper =
        "uuid,template,template_version,client,region,branch,employee,shopper,visited_at,status,"
        "recommend\n"
        "00000000-0000-4000-8000-0000000000e3,mini-survey,1,Test Client,,B1,,S1,"
        "2026-10-07T10:00,,9\n";
    check_refused([&] { forms::parse_visit_csv(with_shopper, "s.csv", lookup); },
                  "line 2 (00000000-0000-4000-8000-0000000000e3).shopper", "has no shopper");
    // A mystery row without one still names the field as before: the header without the
    // column, or the row's empty cell.
    const std::string mystery =
        "uuid,template,template_version,client,region,branch,employee,visited_at,status,greeted\n"
        "00000000-0000-4000-8000-0000000000e4,mini,1,Test Client,,B1,,2026-10-07T10:00,,yes\n";
    check_refused([&] { forms::parse_visit_csv(mystery, "m.csv", lookup); }, "line 1",
                  "the header has no \"shopper\" column");
    const std::string empty_cell =
        "uuid,template,template_version,client,region,branch,employee,shopper,visited_at,status,"
        "greeted\n"
        "00000000-0000-4000-8000-0000000000e4,mini,1,Test Client,,B1,,,2026-10-07T10:00,,yes\n";
    check_refused([&] { forms::parse_visit_csv(empty_cell, "m.csv", lookup); },
                  "line 2 (00000000-0000-4000-8000-0000000000e4).shopper", "is missing");
}

VS_CONTRACT_CASE(a_survey_scorecard_is_never_assigned) {
    Fresh f(backend);
    load_both(*f.store);
    storage::AssignmentStore& as = *f.store;
    storage::Assignment a;
    a.uuid = "survey-assignment";
    a.client = "Test Client";
    a.branch = "B1";
    a.template_id = "mini-survey";
    a.template_version = 1;
    a.window_from = "2099-01-01";
    a.window_to = "2099-01-31";
    a.shopper = "S1";
    // Refused naming the item's template, with or without a shopper, and nothing stored.
    for (const bool with_shopper : {true, false}) {
        BOOST_TEST_INFO_SCOPE("with shopper " << with_shopper);
        storage::Assignment one = a;
        if (!with_shopper)
            one.shopper.clear();
        check_refused([&] { as.put_assignments({one}, "planner"); },
                      "assignments[0] (survey-assignment)",
                      "template \"mini-survey\" version 1 is a customer survey scorecard");
    }
    // One survey item among mystery ones refuses the whole list.
    storage::Assignment mystery = a;
    mystery.uuid = "mystery-assignment";
    mystery.template_id = "mini";
    check_refused(
        [&] {
            as.put_assignments({mystery, a}, "planner");
        },
        "assignments[1] (survey-assignment)", "answered by customers, not shoppers");
    BOOST_TEST(as.assignments({}).empty());
    // The mystery scorecard alone is still assigned.
    as.put_assignments({mystery}, "planner");
    BOOST_TEST(as.assignments({}).size() == 1u);
}

VS_CONTRACT_CASE(a_response_rates_by_its_first_nps_question_a_mystery_visit_by_its_first_answered) {
    // SCORING.md §10: a survey response's rating is its scorecard's first nps question, answered
    // or not; a mystery visit keeps its first answered nps question. Every reader of the stored
    // rating (report --survey, voice) then counts the same.
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    for (const char* channel : {"survey", "in_person"}) {
        const std::string id = std::string("twice-") + channel;
        f.store->add_template(
            forms::parse_template(R"({"format": "visitscore.template/1", "id": ")" + id +
                                      R"(", "version": 1, "name": "Asking twice", "channel": ")" +
                                      channel + R"(", "target": 75, "sections": [{"id": "overall",
                "title": "Overall", "weight": 1, "questions": [
                {"id": "recommend", "type": "nps", "text": "Would you recommend us?"},
                {"id": "again", "type": "nps", "text": "Would you come back?"},
                {"id": "satisfied", "type": "scale", "min": 1, "max": 5, "text": "Satisfied?"}]}]})",
                                  id + ".json"),
            id + ".json");
    }
    const std::string package = R"({"format": "visitscore.visits/1", "visits": [
      {"uuid": "00000000-0000-4000-8000-0000000000f1", "template": "twice-survey",
       "template_version": 1, "client": "Test Client", "branch": "B1",
       "visited_at": "2026-10-05T12:00:00", "answers": {"recommend": 9, "again": 0, "satisfied": 4}},
      {"uuid": "00000000-0000-4000-8000-0000000000f2", "template": "twice-survey",
       "template_version": 1, "client": "Test Client", "branch": "B1",
       "visited_at": "2026-10-05T13:00:00", "answers": {"again": 0, "satisfied": 1}},
      {"uuid": "00000000-0000-4000-8000-0000000000f3", "template": "twice-in_person",
       "template_version": 1, "client": "Test Client", "branch": "B1", "shopper": "S1",
       "status": "approved", "visited_at": "2026-10-05T14:00:00",
       "answers": {"again": 7, "satisfied": 3}}]})";
    BOOST_REQUIRE_EQUAL(
        f.store->import_visits(forms::parse_visit_package(package, "twice.json"), "twice.json")
            .added,
        3u);
    std::map<std::string, int> rating; // by scorecard and score
    for (const Kind kind : {Kind::Survey, Kind::Mystery}) {
        const scoring::FactTable t = f.store->load_facts(of_kind(kind), false);
        for (const scoring::VisitFact& v : t.visits)
            rating[t.templates[static_cast<std::size_t>(v.tmpl)].tpl->id + " " +
                   std::to_string(static_cast<int>(v.score))] = v.nps;
    }
    BOOST_TEST(rating["twice-survey 75"] == 9);    // the first question's 9, not the 0
    BOOST_TEST(rating["twice-survey 0"] == -1);    // skipped the first: no rating
    BOOST_TEST(rating["twice-in_person 50"] == 7); // the first answered, as before
}

BOOST_AUTO_TEST_SUITE_END()
