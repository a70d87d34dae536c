// End to end: customer survey responses (SCORING.md §10) through visitscore-cli on a real SQLite
// file. Imported without a shopper and approved, `report` never counts them, `report --survey`
// counts only them with each group's NPS (§6), computed here by hand; `visits score` and
// `export csv` (the interchange) see every visit, a response with an empty shopper.
// A shopper on a response and a survey report by shopper are refused (exit 2, the field named,
// nothing written).
#include "cli_run.h"
#include "forms/csv.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <nlohmann/json.hpp>

using namespace vs::test;
using nlohmann::json;

namespace {

/// The mini scorecard with its visits (A, B approved at B1; C submitted at B2) and the mini
/// survey with two responses: 10 at B1 (score 100), 3 at B2 (score 12.5).
struct SurveyCliDb {
    TempDir dir;
    std::string opt = "--db " + dir.db() + " ";
    SurveyCliDb() { load(opt); }
    static void load(const std::string& opt) {
        BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json") + " " +
                                data("survey.template.json"))
                                .status,
                            0);
        for (const char* file : {"mini.visits.json", "survey.visits.json"}) {
            const Run r = cli(opt + "visits import " + data(file));
            BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        }
    }
    long long visits() const {
        SQLite::Database db(dir.db());
        return db.execAndGet("SELECT count(*) FROM visits").getInt64();
    }
};

/// The groups of a `report --json` by branch, keyed by branch code.
std::map<std::string, json> by_branch(const Run& r) {
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    std::map<std::string, json> out;
    const json doc = json::parse(r.out);
    for (const json& g : doc["groups"])
        out[g["key"]["branch"].get<std::string>()] = g;
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(report_survey_cli)

BOOST_AUTO_TEST_CASE(report_counts_responses_only_when_asked) {
    SurveyCliDb db;
    BOOST_TEST(db.visits() == 5);

    // Without --survey: the mystery visits only (A and B at B1; C is not approved).
    auto mystery = by_branch(cli(db.opt + "report --by branch --json"));
    BOOST_REQUIRE_EQUAL(mystery.size(), 1u);
    BOOST_TEST(mystery["B1"]["n"] == 2);
    BOOST_TEST(mystery["B1"]["mean"].get<double>() == (83.75 + 25.0) / 2);
    BOOST_TEST(mystery["B1"]["nps"]["n"] == 2); // A's 9 and B's 5 from the mini scorecard

    // With it: the responses only, their scores and NPS (B1: one promoter; B2: one detractor).
    auto survey = by_branch(cli(db.opt + "report --by branch --survey --json"));
    BOOST_REQUIRE_EQUAL(survey.size(), 2u);
    BOOST_TEST(survey["B1"]["n"] == 1);
    BOOST_TEST(survey["B1"]["mean"].get<double>() == 100.0);
    BOOST_TEST(survey["B1"]["low_sample"] == true);
    BOOST_TEST(survey["B1"]["nps"]["nps"].get<double>() == 100.0);
    BOOST_TEST(survey["B1"]["nps"]["promoters"] == 1);
    BOOST_TEST(survey["B2"]["mean"].get<double>() == 12.5);
    BOOST_TEST(survey["B2"]["nps"]["nps"].get<double>() == -100.0);
    BOOST_TEST(survey["B2"]["nps"]["detractors"] == 1);
    BOOST_TEST(survey["B2"]["nps"]["passives"] == 0);

    // One group over the client: NPS = 100 * (1 - 1) / 2 = 0, mean (100 + 12.5) / 2.
    const Run client = cli(db.opt + "report --by client --survey --json");
    BOOST_REQUIRE_MESSAGE(client.status == 0, client.err);
    const json g = json::parse(client.out)["groups"][0];
    BOOST_TEST(g["n"] == 2);
    BOOST_TEST(g["mean"].get<double>() == 56.25);
    BOOST_TEST(g["nps"]["nps"].get<double>() == 0.0);
    BOOST_TEST(g["nps"]["n"] == 2);

    // The table shows the NPS and says what it counted.
    const Run table = cli(db.opt + "report --by branch --survey");
    BOOST_REQUIRE_MESSAGE(table.status == 0, table.err);
    BOOST_TEST(table.out.find("NPS") != std::string::npos, table.out);
    BOOST_TEST(table.out.find("-100") != std::string::npos, table.out);
    BOOST_TEST(table.out.find("2 groups of survey scores; * marks fewer than 3 responses") !=
                   std::string::npos,
               table.out);
    const Run plain = cli(db.opt + "report --by branch");
    BOOST_TEST(plain.out.find("NPS") == std::string::npos, plain.out);

    // No shopper to group survey responses by.
    const Run shopper = cli(db.opt + "report --by shopper --survey --json");
    BOOST_TEST(shopper.status == 2);
    BOOST_TEST(shopper.err.find("--by") != std::string::npos, shopper.err);
    BOOST_TEST(shopper.err.find("no shopper") != std::string::npos, shopper.err);
}

BOOST_AUTO_TEST_CASE(scores_and_the_csv_export_hold_every_visit) {
    SurveyCliDb db;
    const Run scores = cli(db.opt + "visits score --json");
    BOOST_REQUIRE_MESSAGE(scores.status == 0, scores.err);
    BOOST_TEST(json::parse(scores.out)["visits"].size() == 5u);
    const Run one = cli(db.opt + "visits score --uuid 00000000-0000-4000-8000-0000000000d2 --json");
    BOOST_REQUIRE_MESSAGE(one.status == 0, one.err);
    BOOST_TEST(json::parse(one.out)["visits"][0]["score"].get<double>() == 12.5);

    // The interchange CSV holds the two scorecards' visits, the responses with an empty shopper
    // and their status.
    const std::string csv = db.dir.path("all.csv");
    const Run exported = cli(db.opt + "export csv -o " + csv + " --status all");
    BOOST_REQUIRE_MESSAGE(exported.status == 0, exported.err);
    BOOST_TEST(exported.out.find("5 visits") != std::string::npos, exported.out);
    const std::vector<vs::forms::CsvRow> rows =
        vs::forms::parse_csv(vs::forms::read_file(csv), csv);
    BOOST_REQUIRE_EQUAL(rows.size(), 6u);
    const std::vector<std::string>& header = rows[0].fields;
    auto column = [&](const std::string& name) {
        const auto it = std::find(header.begin(), header.end(), name);
        BOOST_REQUIRE(it != header.end());
        return static_cast<std::size_t>(it - header.begin());
    };
    std::size_t responses = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& f = rows[i].fields;
        if (f[column("template")] != "mini-survey") {
            BOOST_TEST(!f[column("shopper")].empty());
            continue;
        }
        ++responses;
        BOOST_TEST(f[column("shopper")].empty());
        BOOST_TEST(f[column("status")] == "approved");
    }
    BOOST_TEST(responses == 2u);
    // Without --status all, the approved visits of both kinds.
    const Run approved = cli(db.opt + "export csv -o " + db.dir.path("approved.csv"));
    BOOST_TEST(approved.out.find("4 visits") != std::string::npos, approved.out);
}

BOOST_AUTO_TEST_CASE(a_shopper_on_a_response_is_refused_and_nothing_written) {
    SurveyCliDb db;
    std::string text = vs::forms::read_file(data("survey.visits.json"));
    text.replace(text.find("\"employee\": \"E1\","), 17, "\"shopper\": \"S1\",");
    for (const std::string from : {"0000000000d1", "0000000000d2"})
        text.replace(text.find(from), from.size(), "0000000000f" + from.substr(11));
    const std::string file = db.dir.write("shopper.visits.json", text);
    const Run r = cli(db.opt + "visits import " + file);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("shopper") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("a customer survey response has no shopper") != std::string::npos, r.err);
    BOOST_TEST(db.visits() == 5);
}

BOOST_AUTO_TEST_CASE(a_response_never_enters_review_and_may_be_excluded) {
    SurveyCliDb db;
    const std::string d1 = "00000000-0000-4000-8000-0000000000d1";
    const Run reopen = cli(db.opt + "visits reopen --uuid " + d1 + " --reason again --as rita");
    BOOST_TEST(reopen.status == 2);
    BOOST_TEST(reopen.err.find("status") != std::string::npos, reopen.err);
    BOOST_TEST(reopen.err.find("needs no review") != std::string::npos, reopen.err);
    const Run queue = cli(db.opt + "visits score --json");
    const json scores = json::parse(queue.out);
    for (const json& v : scores["visits"])
        if (v["uuid"] == d1)
            BOOST_TEST(v["status"] == "approved");
    // Nor is it disputed: it records what a customer answered.
    const Run dispute = cli(db.opt + "dispute open " + d1 +
                            " --question recommend --answer 5 --reason unfair --as rita");
    BOOST_TEST(dispute.status == 2);
    BOOST_TEST(dispute.err.find("customer survey response") != std::string::npos, dispute.err);
    BOOST_TEST(cli(db.opt + "dispute list --json").out.find(d1) == std::string::npos);
    // Excluded, a doubtful response leaves the customer figures.
    const Run excluded = cli(db.opt + "visits exclude --uuid " + d1 + " --note bot --as rita");
    BOOST_REQUIRE_MESSAGE(excluded.status == 0, excluded.err);
    auto survey = by_branch(cli(db.opt + "report --by branch --survey --json"));
    BOOST_TEST(survey.count("B1") == 0u);
    BOOST_TEST(survey.size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_bundled_customer_survey_takes_responses) {
    const std::string file = std::string(VS_TEMPLATES) + "/customer-survey.json";
    const Run check = cli("template check " + file);
    BOOST_REQUIRE_MESSAGE(check.status == 0, check.err);
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    const Run imported_template = cli(opt + "template import " + file);
    BOOST_REQUIRE_MESSAGE(imported_template.status == 0, imported_template.err);
    // Three customers of one branch: 10, 8 and 2, so NPS = 100 * (1 - 1) / 3 = 0.
    std::string visits;
    const int ratings[] = {10, 8, 2};
    for (int i = 0; i < 3; ++i)
        visits += std::string(i ? "," : "") + "{\"uuid\": \"00000000-0000-4000-8000-00000000010" +
                  std::to_string(i) +
                  "\", \"template\": \"customer-survey\", \"template_version\": 1, "
                  "\"client\": \"Cafe\", \"branch\": \"C1\", \"visited_at\": \"2026-11-0" +
                  std::to_string(i + 1) +
                  "T12:00\", \"answers\": {\"recommend\": " + std::to_string(ratings[i]) +
                  ", \"satisfaction\": 4, \"expectations\": \"yes\", \"welcomed\": \"yes\", "
                  "\"wait_reasonable\": \"no\", \"staff_helpful\": 5, \"staff_knowledge\": "
                  "\"na\", \"resolved\": \"yes\", \"return_likely\": \"probably\"}}";
    const std::string package = dir.write(
        "cafe.visits.json", "{\"format\": \"visitscore.visits/1\", \"visits\": [" + visits + "]}");
    const Run imported = cli(opt + "visits import " + package);
    BOOST_REQUIRE_MESSAGE(imported.status == 0, imported.err);
    auto survey = by_branch(cli(opt + "report --by branch --survey --json"));
    BOOST_REQUIRE_EQUAL(survey.size(), 1u);
    BOOST_TEST(survey["C1"]["n"] == 3);
    BOOST_TEST(survey["C1"]["nps"]["nps"].get<double>() == 0.0);
    BOOST_TEST(survey["C1"]["nps"]["passives"] == 1);
    BOOST_TEST(json::parse(cli(opt + "report --by branch --json").out)["groups"].empty());
}

BOOST_AUTO_TEST_SUITE_END()
