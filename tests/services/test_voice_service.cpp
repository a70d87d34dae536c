// The customer voice service (services/voice.h) on every backend of the storage contract (SQLite,
// and PostgreSQL on the test cluster): the voice settings with their defaults and refusals; one
// client's survey responses and mystery visits read apart, per branch and quarter (NPS with its
// breakdown, survey score, mystery-shop score), the drivers over them, the same from facts of
// every day with the query's days narrowed as from a narrowed read; another client's and
// unapproved visits left out; a survey asking twice counted by its first nps question. And the
// client workbook's Customer voice sheet read back with openpyxl (tests/exports/dump_xlsx.py): its
// figures equal the service's, low samples marked, the caveat said; adding survey responses leaves
// every other sheet as it was.

#include "../storage/contract/backends.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "jobs_fixture.h"
#include "services/export.h"
#include "services/voice.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>
#include <regex>

namespace {

using namespace vs;
using nlohmann::json;

constexpr const char* kMysteryTemplate = R"({
  "format": "visitscore.template/1", "id": "voice-visit", "version": 1,
  "name": "Voice test visit", "channel": "in_person", "target": 75,
  "sections": [
    {"id": "greeting", "title": "Greeting", "weight": 50, "questions": [
      {"id": "greet_q", "type": "scale", "min": 0, "max": 10, "text": "How warm?"}]},
    {"id": "explaining", "title": "Explaining", "weight": 50, "questions": [
      {"id": "explain_q", "type": "scale", "min": 0, "max": 10, "text": "How clear?"}]}
  ]})";

constexpr const char* kSurveyTemplate = R"({
  "format": "visitscore.template/1", "id": "voice-survey", "version": 1,
  "name": "Voice test survey", "channel": "survey", "target": 75,
  "sections": [
    {"id": "overall", "title": "Overall", "weight": 1, "questions": [
      {"id": "recommend", "type": "nps", "text": "Would you recommend us?"},
      {"id": "satisfied", "type": "scale", "min": 1, "max": 5, "text": "How satisfied?"}]}
  ]})";

forms::Visit visit(int n, const std::string& tpl, const std::string& client,
                   const std::string& branch, const std::string& when, json answers,
                   forms::Status status = forms::Status::Approved) {
    forms::Visit v;
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
    v.uuid = uuid;
    v.template_id = tpl;
    v.template_version = 1;
    v.client = client;
    v.branch = branch;
    if (tpl == "voice-visit")
        v.shopper = "S1";
    v.visited_at = when;
    v.status = status;
    v.answers = std::move(answers);
    return v;
}

/// Two branches of "Voice Client" over two quarters, and a visit each of another client and
/// not approved that count nowhere.
void load_voice(storage::Store& store) {
    store.add_template(forms::parse_template(kMysteryTemplate, "visit.json"), "visit.json");
    store.add_template(forms::parse_template(kSurveyTemplate, "survey.json"), "survey.json");
    std::vector<forms::Visit> v;
    int n = 0;
    const auto survey = [&](const std::string& branch, const std::string& when, int rating,
                            int satisfied) {
        v.push_back(visit(++n, "voice-survey", "Voice Client", branch, when,
                          {{"recommend", rating}, {"satisfied", satisfied}}));
    };
    const auto mystery = [&](const std::string& branch, const std::string& when, int greet,
                             int explain) {
        v.push_back(visit(++n, "voice-visit", "Voice Client", branch, when,
                          {{"greet_q", greet}, {"explain_q", explain}}));
    };
    // B1, first quarter: ratings 10, 9, 7, 3 (2 promoters, a passive, a detractor: NPS 25);
    // satisfied 5, 5, 4, 2 (scores 100, 100, 75, 25: mean 75). Second quarter: 0 (NPS -100).
    survey("B1", "2026-01-10T10:00:00", 10, 5);
    survey("B1", "2026-02-10T10:00:00", 9, 5);
    survey("B1", "2026-03-10T10:00:00", 7, 4);
    survey("B1", "2026-03-11T10:00:00", 3, 2);
    survey("B1", "2026-04-10T10:00:00", 0, 1);
    // B2: one response, no mystery visit.
    survey("B2", "2026-05-10T10:00:00", 8, 3);
    // B1's mystery visits: greeting 80 and 60 in Q1 (visit scores 70 and 50), 100 in Q2 (90).
    mystery("B1", "2026-01-20T10:00:00", 8, 6);
    mystery("B1", "2026-02-20T10:00:00", 6, 4);
    mystery("B1", "2026-05-20T10:00:00", 10, 8);
    // B3: mystery visits only.
    mystery("B3", "2026-06-20T10:00:00", 5, 5);
    // Counted nowhere: another client's response, a submitted mystery visit.
    v.push_back(visit(++n, "voice-survey", "Other Client", "B1", "2026-01-10T10:00:00",
                      {{"recommend", 0}, {"satisfied", 1}}));
    v.push_back(visit(++n, "voice-visit", "Voice Client", "B1", "2026-01-21T10:00:00",
                      {{"greet_q", 0}, {"explain_q", 0}}, forms::Status::Submitted));
    store.import_visits(v, "voice");
}

/// Two lists of VoicePeriodRows field by field (exact: the same visits summed in the same order).
void same_rows(const std::vector<scoring::VoicePeriodRow>& a,
               const std::vector<scoring::VoicePeriodRow>& b) {
    BOOST_TEST_REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        BOOST_TEST_INFO_SCOPE("row " << i << " " << a[i].branch << " " << a[i].period);
        BOOST_TEST(a[i].branch == b[i].branch);
        BOOST_TEST(a[i].period == b[i].period);
        BOOST_TEST(a[i].period_index == b[i].period_index);
        BOOST_TEST(a[i].responses == b[i].responses);
        BOOST_TEST(a[i].nps.n == b[i].nps.n);
        BOOST_TEST(a[i].nps.promoters == b[i].nps.promoters);
        BOOST_TEST(a[i].nps.passives == b[i].nps.passives);
        BOOST_TEST(a[i].nps.detractors == b[i].nps.detractors);
        BOOST_TEST((a[i].nps.nps == b[i].nps.nps));
        BOOST_TEST((a[i].survey_score == b[i].survey_score));
        BOOST_TEST(a[i].survey_n == b[i].survey_n);
        BOOST_TEST((a[i].mystery_score == b[i].mystery_score));
        BOOST_TEST(a[i].mystery_n == b[i].mystery_n);
    }
}

const scoring::VoicePeriodRow* find_row(const std::vector<scoring::VoicePeriodRow>& rows,
                                        const std::string& branch, const std::string& period) {
    for (const auto& r : rows)
        if (r.branch == branch && r.period == period)
            return &r;
    return nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(voice_service)

VS_CONTRACT_CASE(settings_have_defaults_and_refuse_bad_values) {
    contract::Fresh f(backend);
    scoring::VoiceOptions o = services::voice_settings(*f.store);
    BOOST_TEST((o.measure == scoring::VoiceMeasure::Nps));
    BOOST_TEST(o.min_responses == 10u);
    BOOST_TEST(o.min_n == 3u);
    services::set_voice_setting(*f.store, services::kVoiceMeasureKey, "score");
    services::set_voice_setting(*f.store, services::kVoiceMinResponsesKey, "25");
    services::set_voice_setting(*f.store, services::kVoiceMinNKey, "5");
    struct Bad {
        const char* key;
        const char* value;
        const char* message;
    };
    for (const Bad& b : {Bad{"voice.measure", "mean", "\"mean\" is not a measure"},
                         Bad{"voice.min_responses", "0", "is not a whole number of responses"},
                         Bad{"voice.min_n", "100001", "is not a whole number of visits"},
                         Bad{"voice.min_n", "2.5", "is not a whole number"},
                         Bad{"voice.other", "1", "not a customer voice setting"}}) {
        BOOST_TEST_INFO_SCOPE(b.key << " = " << b.value);
        try {
            services::set_voice_setting(*f.store, b.key, b.value);
            BOOST_FAIL("accepted");
        } catch (const InputError& e) {
            const std::string what = e.what();
            BOOST_TEST(what.find(b.key) != std::string::npos, what);
            BOOST_TEST(what.find(b.message) != std::string::npos, what);
        }
    }
    // Another connection reads what was stored, the refused values left out.
    auto other = f.db->open();
    o = services::voice_settings(*other);
    BOOST_TEST((o.measure == scoring::VoiceMeasure::Score));
    BOOST_TEST(o.min_responses == 25u);
    BOOST_TEST(o.min_n == 5u);
    // A value stored by hand that is none falls back to the default.
    other->set_setting(services::kVoiceMinNKey, "many");
    BOOST_TEST(services::voice_settings(*f.store).min_n == 3u);
}

VS_CONTRACT_CASE(reads_one_clients_responses_and_visits_apart) {
    contract::Fresh f(backend);
    load_voice(*f.store);
    const services::VoiceFacts facts =
        services::read_voice_facts(*f.store, {"Voice Client", std::nullopt, std::nullopt});
    BOOST_TEST(facts.survey->visits.size() == 6u);
    BOOST_TEST(facts.mystery->visits.size() == 4u);
    BOOST_TEST(facts.branch_names.size() == 3u);

    // Per quarter.
    const auto q = services::voice_periods(facts, forms::Period::Quarter);
    const scoring::VoicePeriodRow* b1q1 = find_row(q, "B1", "2026-Q1");
    BOOST_TEST_REQUIRE(b1q1);
    BOOST_TEST(b1q1->responses == 4u);
    BOOST_TEST(b1q1->nps.n == 4u);
    BOOST_TEST(b1q1->nps.promoters == 2u);
    BOOST_TEST(b1q1->nps.passives == 1u);
    BOOST_TEST(b1q1->nps.detractors == 1u);
    BOOST_TEST(*b1q1->nps.nps == 25.0);
    BOOST_TEST(*b1q1->survey_score == 75.0);
    BOOST_TEST(b1q1->survey_n == 4u);
    BOOST_TEST(*b1q1->mystery_score == 60.0);
    BOOST_TEST(b1q1->mystery_n == 2u);
    const scoring::VoicePeriodRow* b1q2 = find_row(q, "B1", "2026-Q2");
    BOOST_TEST_REQUIRE(b1q2);
    BOOST_TEST(*b1q2->nps.nps == -100.0);
    BOOST_TEST(*b1q2->mystery_score == 90.0);
    const scoring::VoicePeriodRow* b3 = find_row(q, "B3", "2026-Q2");
    BOOST_TEST_REQUIRE(b3);
    BOOST_TEST(b3->responses == 0u);
    BOOST_TEST(!b3->nps.nps);
    BOOST_TEST(!b3->survey_score);
    BOOST_TEST(*b3->mystery_score == 50.0);
    BOOST_TEST(q.size() == 4u); // B1 Q1, B1 Q2, B2 Q2, B3 Q2

    // The whole range, per branch and for the client.
    const auto whole = services::voice_periods(facts, forms::Period::None);
    BOOST_TEST_REQUIRE(whole.size() == 3u);
    BOOST_TEST(whole[0].branch == "B1");
    BOOST_TEST(*whole[0].nps.nps == 0.0); // 2 promoters, 2 detractors of 5
    BOOST_TEST(*whole[0].mystery_score == 70.0);
    const auto client = services::voice_periods(facts, forms::Period::Quarter, false);
    BOOST_TEST_REQUIRE(client.size() == 2u);
    BOOST_TEST(client[0].branch == "");
    BOOST_TEST(client[1].responses == 2u); // B1's and B2's in Q2
    BOOST_TEST(client[1].mystery_n == 2u);

    // The drivers with the thresholds: B1 takes part with 5 responses and 3 visits; nothing
    // correlates over one branch.
    scoring::VoiceOptions o;
    o.min_responses = 5;
    const services::CustomerVoice cv = services::customer_voice(facts, o);
    BOOST_TEST(cv.voice.branches.size() == 3u);
    BOOST_TEST(cv.section_titles.at("greeting") == "Greeting");
    for (const scoring::VoiceDriver& d : cv.voice.drivers) {
        BOOST_TEST(d.k ==
                   (d.section == "visit" || d.section == "greeting" || d.section == "explaining"
                        ? 1u
                        : 0u));
        BOOST_TEST(!d.r);
    }
    // A date range: the first quarter only.
    const services::VoiceFacts q1 = services::read_voice_facts(
        *f.store, {"Voice Client", std::nullopt, forms::parse_day("2026-03-31")});
    BOOST_TEST(q1.survey->visits.size() == 4u);
    BOOST_TEST(q1.mystery->visits.size() == 2u);
    // The facts of every day with the query's days narrowed to the first quarter give the
    // figures of that read: the services take the query's days from the facts in memory.
    services::VoiceFacts wide = facts;
    wide.query = q1.query;
    BOOST_TEST(services::survey_responses(facts) == 6u);
    BOOST_TEST(services::survey_responses(wide) == 4u);
    BOOST_TEST(services::survey_responses(q1) == 4u);
    for (const forms::Period p :
         {forms::Period::None, forms::Period::Month, forms::Period::Quarter})
        for (const bool per_branch : {true, false})
            same_rows(services::voice_periods(wide, p, per_branch),
                      services::voice_periods(q1, p, per_branch));
    BOOST_TEST(services::voice_periods(wide, forms::Period::Quarter).size() == 1u); // B1 Q1
    for (const std::size_t min_responses : {1u, 5u}) {
        o.min_responses = min_responses;
        o.min_n = 1;
        const services::CustomerVoice a = services::customer_voice(wide, o);
        const services::CustomerVoice b = services::customer_voice(q1, o);
        BOOST_TEST(scoring::voice_json(a.voice).dump() == scoring::voice_json(b.voice).dump());
        BOOST_TEST((a.section_titles == b.section_titles));
    }
    // Without the mystery visits: for a caller that holds them.
    const services::VoiceFacts survey_only = services::read_survey_facts(
        *f.store, {"Voice Client", std::nullopt, forms::parse_day("2026-03-31")});
    BOOST_TEST(!survey_only.mystery);
    BOOST_TEST(survey_only.survey->visits.size() == 4u);
    BOOST_TEST((survey_only.branch_names == q1.branch_names));
    // An unknown client is refused, naming the field.
    try {
        services::read_voice_facts(*f.store, {"Acme", std::nullopt, std::nullopt});
        BOOST_FAIL("accepted");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()).find("client") != std::string::npos, e.what());
        BOOST_TEST(std::string(e.what()).find("no client named \"Acme\"") != std::string::npos,
                   e.what());
    }
}

VS_CONTRACT_CASE(a_survey_asking_twice_counts_its_first_nps_question) {
    contract::Fresh f(backend);
    f.store->add_template(forms::parse_template(R"({
      "format": "visitscore.template/1", "id": "voice-twice", "version": 1,
      "name": "Asking twice", "channel": "survey", "target": 75,
      "sections": [{"id": "overall", "title": "Overall", "weight": 1, "questions": [
        {"id": "recommend", "type": "nps", "text": "Would you recommend us?"},
        {"id": "again", "type": "nps", "text": "Would you come back?"},
        {"id": "satisfied", "type": "scale", "min": 1, "max": 5, "text": "How satisfied?"}]}]})",
                                                "twice.json"),
                          "twice.json");
    // The first rates 9 (0 the second time); the second skipped the first question: §10 counts
    // it nowhere, and the store keeps no rating for it (not the second question's 0), so that
    // report --survey, which reads the stored ratings, counts the same.
    f.store->import_visits({visit(1, "voice-twice", "Voice Client", "B1", "2026-01-10T10:00:00",
                                  {{"recommend", 9}, {"again", 0}, {"satisfied", 4}}),
                            visit(2, "voice-twice", "Voice Client", "B1", "2026-01-11T10:00:00",
                                  {{"again", 0}, {"satisfied", 1}})},
                           "twice");
    const services::VoiceFacts facts =
        services::read_voice_facts(*f.store, {"Voice Client", std::nullopt, std::nullopt});
    BOOST_TEST_REQUIRE(facts.survey->visits.size() == 2u);
    for (const scoring::VisitFact& v : facts.survey->visits)
        BOOST_TEST(v.nps == (v.score > 50 ? 9 : -1)); // 9 for the first, none for the second
    const services::CustomerVoice cv = services::customer_voice(facts, {});
    BOOST_TEST_REQUIRE(cv.voice.branches.size() == 1u);
    BOOST_TEST(cv.voice.branches[0].m == 1u);
    BOOST_TEST(*cv.voice.branches[0].voice == 100.0);
    const auto rows = services::voice_periods(facts, forms::Period::None);
    BOOST_TEST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].responses == 2u);
    BOOST_TEST(rows[0].nps.n == 1u);
    BOOST_TEST(rows[0].nps.promoters == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// The cell values of a sheet by row (1-based) and column letter.
std::map<int, std::map<std::string, json>> rows_of(const json& cells) {
    std::map<int, std::map<std::string, json>> out;
    for (const auto& [ref, cell] : cells.items()) {
        const auto digit = ref.find_first_of("0123456789");
        out[std::stoi(ref.substr(digit))][ref.substr(0, digit)] = cell.at("v");
    }
    return out;
}

/// A workbook's dump with the time it was made blanked out.
json without_times(json book) {
    static const std::regex time(R"(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?( UTC|Z)?)");
    for (auto& [sheet, cells] : book.at("cells").items())
        for (auto& [ref, cell] : cells.items())
            if (cell.at("v").is_string())
                cell["v"] = std::regex_replace(cell.at("v").get<std::string>(), time, "TIME");
    return book;
}

} // namespace

BOOST_AUTO_TEST_SUITE(voice_workbook)

BOOST_AUTO_TEST_CASE(the_sheet_shows_the_voice_and_no_other_sheet_changes) {
    // Demo visits of the bundled scorecards, then the workbook; then the demo's survey responses
    // (to this test's survey scorecard) and the workbook again.
    const std::string path = (test::jobs_dir() / "voice.db").string();
    auto store = storage::open_sqlite(path, storage::OpenMode::CreateOnDisk);
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [file, text] : templates::bundled()) {
        forms::Template t = forms::parse_template(text, std::string(file));
        if (t.channel == "survey")
            continue; // this test's own survey below
        store->add_template(t, std::string(file));
        templates.push_back(store->find_template(t.id, t.version));
    }
    const forms::Template survey = forms::parse_template(kSurveyTemplate, "survey.json");
    store->add_template(survey, "survey.json");
    templates.push_back(store->find_template(survey.id, survey.version));
    storage::DemoOptions options;
    options.visits = 2000;
    options.seed = 7;
    store->import_visits(storage::make_demo_data(templates, options).visits, "demo");

    services::ClientReportRequest request;
    request.filter.client = "Northwind Bank";
    request.path = (test::jobs_dir() / "before.xlsx").string();
    services::write_client_report(*store, request);
    const json before = without_times(test::read_workbook(request.path));
    BOOST_TEST(!before.at("cells").contains("Customer voice"));

    std::vector<forms::Visit> responses;
    storage::make_demo_survey(templates, options,
                              [&](forms::Visit&& v) { responses.push_back(std::move(v)); });
    BOOST_TEST_REQUIRE(responses.size() > 500u);
    store->import_visits(responses, "survey");
    services::set_voice_setting(*store, services::kVoiceMinResponsesKey, "12");
    request.path = (test::jobs_dir() / "after.xlsx").string();
    services::write_client_report(*store, request);
    const json after = without_times(test::read_workbook(request.path));

    // Every other sheet exactly as before: cells, widths, charts, formats.
    std::vector<std::string> names;
    for (const auto& [name, cells] : before.at("cells").items()) {
        names.push_back(name);
        BOOST_TEST_INFO_SCOPE(name);
        BOOST_TEST(after.at("cells").at(name) == cells);
    }
    for (const char* part : {"widths", "charts"})
        if (before.contains(part))
            for (const auto& [name, value] : before.at(part).items())
                BOOST_TEST(after.at(part).at(name) == value, part << " of " << name);
    BOOST_TEST(after.at("cells").size() == names.size() + 1);

    // The Customer voice sheet: the service's figures for the client.
    BOOST_TEST_REQUIRE(after.at("cells").contains("Customer voice"));
    const auto rows = rows_of(after.at("cells").at("Customer voice"));
    BOOST_TEST(rows.at(1).at("A") == "Customer voice");
    const auto& h = rows.at(4);
    const std::vector<std::pair<std::string, std::string>> header = {{"A", "Client"},
                                                                     {"B", "Branch"},
                                                                     {"C", "Branch name"},
                                                                     {"D", "Period"},
                                                                     {"E", "Responses"},
                                                                     {"F", "NPS"},
                                                                     {"G", "Promoters"},
                                                                     {"H", "Passives"},
                                                                     {"I", "Detractors"},
                                                                     {"J", "NPS n"},
                                                                     {"K", "Survey score"},
                                                                     {"L", "Survey n"},
                                                                     {"M", "Mystery-shop score"},
                                                                     {"N", "Mystery visits"},
                                                                     {"O", "Sample"}};
    for (const auto& [col, text] : header)
        BOOST_TEST(h.at(col) == text, col);
    scoring::VoiceOptions o = services::voice_settings(*store);
    BOOST_TEST(o.min_responses == 12u);
    const services::VoiceFacts facts =
        services::read_voice_facts(*store, {"Northwind Bank", std::nullopt, std::nullopt});
    const services::CustomerVoice cv = services::customer_voice(facts, o);
    const auto whole = services::voice_periods(facts, forms::Period::None);
    const auto quarters = services::voice_periods(facts, forms::Period::Quarter);
    int row = 5;
    std::size_t low = 0;
    auto near = [](const json& cell, const std::optional<double>& want) {
        return want ? cell.is_number() && std::fabs(cell.get<double>() - *want) < 1e-9
                    : cell.is_null();
    };
    for (const scoring::VoicePeriodRow& w : whole) {
        BOOST_TEST_INFO_SCOPE(w.branch);
        const auto& r = rows.at(row++);
        BOOST_TEST(r.at("A") == "Northwind Bank");
        BOOST_TEST(r.at("B") == w.branch);
        BOOST_TEST(r.at("C") == facts.branch_names.at(w.branch));
        BOOST_TEST(r.at("D") == "Whole period");
        BOOST_TEST(r.at("E") == w.responses);
        BOOST_TEST(near(r.count("F") ? r.at("F") : json(), w.nps.nps));
        BOOST_TEST(r.at("G") == w.nps.promoters);
        BOOST_TEST(r.at("H") == w.nps.passives);
        BOOST_TEST(r.at("I") == w.nps.detractors);
        BOOST_TEST(r.at("J") == w.nps.n);
        BOOST_TEST(near(r.count("K") ? r.at("K") : json(), w.survey_score));
        BOOST_TEST(near(r.count("M") ? r.at("M") : json(), w.mystery_score));
        BOOST_TEST(r.at("N") == w.mystery_n);
        const bool is_low = w.nps.n < 12;
        low += is_low;
        BOOST_TEST((r.count("O") && r.at("O") == "low sample") == is_low);
        for (const auto& p : quarters)
            if (p.branch == w.branch) {
                const auto& pr = rows.at(row++);
                BOOST_TEST(pr.at("D") == p.period);
                BOOST_TEST(pr.at("E") == p.responses);
            }
    }
    BOOST_TEST(low >= 2u); // the demo's branches with few responses
    // The drivers below, in the service's order, with the caveat.
    ++row;
    BOOST_TEST(rows.at(row++).at("A").get<std::string>().rfind("Drivers: Northwind Bank", 0) == 0u);
    ++row; // the note
    BOOST_TEST(rows.at(row++).at("C") == "k");
    for (const scoring::VoiceDriver& d : cv.voice.drivers) {
        BOOST_TEST_INFO_SCOPE(d.section);
        const auto& r = rows.at(row++);
        BOOST_TEST(r.at("B") == d.section);
        BOOST_TEST(r.at("C") == d.k);
        BOOST_TEST(near(r.count("D") ? r.at("D") : json(), d.r));
        BOOST_TEST(near(r.count("G") ? r.at("G") : json(), d.p));
        BOOST_TEST(near(r.count("H") ? r.at("H") : json(), d.slope));
        if (d.visit)
            BOOST_TEST(r.at("A") == "Visit score");
        else
            BOOST_TEST(r.at("A") == cv.section_titles.at(d.section));
    }
    BOOST_TEST(rows.at(row).at("A") == services::kVoiceCaveat);
    BOOST_TEST(cv.voice.drivers.front().r.has_value());
    // No survey response's words or people: the sheet names branches, never a respondent.
    const std::string dumped = after.at("cells").at("Customer voice").dump();
    for (const char* shopper : {"S001", "S002", "[shopper]"})
        BOOST_TEST(dumped.find(shopper) == std::string::npos, shopper);
}

BOOST_AUTO_TEST_CASE(without_a_client_every_client_with_responses_and_their_dates) {
    // "Other Client" has a survey response and no mystery visit; the responses begin ten days
    // before the first approved mystery visit (2026-01-10 against 2026-01-20).
    const std::string path = (test::jobs_dir() / "voice-all.db").string();
    auto store = storage::open_sqlite(path, storage::OpenMode::CreateOnDisk);
    load_voice(*store);
    services::ClientReportRequest request;
    request.path = (test::jobs_dir() / "all.xlsx").string();
    services::write_client_report(*store, request);
    const json book = test::read_workbook(request.path);
    BOOST_TEST_REQUIRE(book.at("cells").contains("Customer voice"));
    const auto rows = rows_of(book.at("cells").at("Customer voice"));
    const std::string subtitle = rows.at(2).at("A").get<std::string>();
    BOOST_TEST(subtitle.find("2026-01-10 to 2026-06-20") != std::string::npos, subtitle);
    std::map<std::string, int> whole; // client -> its "Whole period" rows
    for (const auto& [n, r] : rows)
        if (n > 4 && r.count("D") && r.at("D") == "Whole period")
            ++whole[r.at("A").get<std::string>()];
    BOOST_TEST(whole["Other Client"] == 1); // B1, its one response
    BOOST_TEST(whole["Voice Client"] == 3); // B1, B2 (responses) and B3 (mystery visits)
    // With a range, the sheet gives the report's range.
    request.filter.from_day = forms::parse_day("2026-01-01");
    request.filter.to_day = forms::parse_day("2026-12-31");
    request.path = (test::jobs_dir() / "range.xlsx").string();
    services::write_client_report(*store, request);
    const auto ranged = rows_of(test::read_workbook(request.path).at("cells").at("Customer voice"));
    BOOST_TEST(ranged.at(2).at("A").get<std::string>().find("2026-01-01 to 2026-12-31") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
