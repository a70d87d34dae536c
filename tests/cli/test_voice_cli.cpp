// End to end: `visitscore-cli voice` (SCORING.md §10, FORMATS.md "Customer voice") on a real
// SQLite file. A hand-made store (a mystery scorecard and two survey scorecards; branches whose
// NPS and greeting scores lie on one line) gives the values worked out by hand: r = 1 with its
// interval and slope, a section with no variance, a branch below min_responses, one with no
// survey, k below 4, a survey asking twice counted by its first nps question; and `voice --json`
// on it equals voice_read.py (the database's raw rows read with Python's sqlite3, then
// tests/scoring/voice_oracle.py with SciPy) to 1e-9, for both measures and several thresholds. The
// table ends with the caveat; the voice settings are used and overridden; bad options are refused
// naming the option.
#include "voice_check.h"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <tuple>

using namespace vs::test;
using nlohmann::json;

namespace {

constexpr const char* kMysteryTemplate = R"({
  "format": "visitscore.template/1", "id": "voice-visit", "version": 1,
  "name": "Voice test visit", "channel": "in_person", "target": 75,
  "sections": [
    {"id": "greeting", "title": "Greeting", "weight": 50, "questions": [
      {"id": "greet_q", "type": "scale", "min": 0, "max": 10, "text": "How warm was the greeting?"}]},
    {"id": "explaining", "title": "Explaining", "weight": 50, "questions": [
      {"id": "explain_q", "type": "scale", "min": 0, "max": 10, "na": true,
       "text": "How clear was the explanation?"}]}
  ]})";

constexpr const char* kSurveyTemplate = R"({
  "format": "visitscore.template/1", "id": "voice-survey", "version": 1,
  "name": "Voice test survey", "channel": "survey", "target": 75,
  "sections": [
    {"id": "overall", "title": "Overall", "weight": 1, "questions": [
      {"id": "recommend", "type": "nps", "text": "Would you recommend us?"},
      {"id": "satisfied", "type": "scale", "min": 1, "max": 5, "text": "How satisfied were you?"}]}
  ]})";

/// A survey asking twice: §10 counts the first nps question only, answered or not.
constexpr const char* kTwiceTemplate = R"({
  "format": "visitscore.template/1", "id": "voice-twice", "version": 1,
  "name": "Voice test survey asking twice", "channel": "survey", "target": 75,
  "sections": [
    {"id": "overall", "title": "Overall", "weight": 1, "questions": [
      {"id": "recommend", "type": "nps", "text": "Would you recommend us?"},
      {"id": "again", "type": "nps", "text": "Would you come back?"},
      {"id": "satisfied", "type": "scale", "min": 1, "max": 5, "text": "How satisfied were you?"}]}
  ]})";

std::string uuid(int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
    return buf;
}

/// The hand-made package: per branch its survey ratings (and satisfaction) and its mystery
/// visits' greeting and explaining answers (-1: NA).
std::string hand_made_package() {
    struct Branch {
        const char* code;
        std::vector<int> ratings;
        std::vector<int> satisfied;
        std::vector<std::pair<int, int>> visits; // greet, explain
    };
    // NPS: A 100, B 50, C 0, D -33.3; greeting 100, 90, 80, 73.3 = 80 + NPS / 5 (r = 1, slope 5).
    // Explaining is 50 everywhere (no variance). E has two responses (below 3); F no survey.
    const std::vector<Branch> branches = {
        {"A", {10, 10, 10, 10}, {5, 5, 4, 5}, {{10, 5}, {10, 5}}},
        {"B", {10, 10, 10, 0}, {4, 5, 4, 2}, {{9, 5}, {9, 5}}},
        {"C", {10, 10, 0, 0}, {4, 4, 2, 1}, {{8, 5}, {8, 5}, {8, -1}}},
        {"D", {10, 0, 0}, {3, 1, 2}, {{7, 5}, {7, 5}, {8, 5}}},
        {"E", {0, 8}, {1, 4}, {{2, 5}, {3, 5}}},
        {"F", {}, {}, {{6, 5}, {6, 5}}},
    };
    json visits = json::array();
    int n = 0;
    for (const Branch& b : branches) {
        for (std::size_t i = 0; i < b.ratings.size(); ++i)
            visits.push_back(
                {{"uuid", uuid(++n)},
                 {"template", "voice-survey"},
                 {"template_version", 1},
                 {"client", "Voice Client"},
                 {"branch", b.code},
                 {"visited_at", "2026-03-1" + std::to_string(i) + "T12:00:00"},
                 {"status", "approved"},
                 {"answers", {{"recommend", b.ratings[i]}, {"satisfied", b.satisfied[i]}}}});
        for (std::size_t i = 0; i < b.visits.size(); ++i) {
            json answers = {{"greet_q", b.visits[i].first}};
            answers["explain_q"] = b.visits[i].second < 0 ? json("na") : json(b.visits[i].second);
            visits.push_back({{"uuid", uuid(++n)},
                              {"template", "voice-visit"},
                              {"template_version", 1},
                              {"client", "Voice Client"},
                              {"branch", b.code},
                              {"shopper", "S1"},
                              {"visited_at", "2026-03-2" + std::to_string(i) + "T10:00:00"},
                              {"status", "approved"},
                              {"answers", answers}});
        }
    }
    // G's customers answered the survey asking twice: the first rates 9 (and 0 the second
    // time), the second skipped the first question: G's voice is 100 over one response.
    for (const json& answers : {json{{"recommend", 9}, {"again", 0}, {"satisfied", 4}},
                                json{{"again", 0}, {"satisfied", 1}}})
        visits.push_back({{"uuid", uuid(++n)},
                          {"template", "voice-twice"},
                          {"template_version", 1},
                          {"client", "Voice Client"},
                          {"branch", "G"},
                          {"visited_at", "2026-03-05T12:00:00"},
                          {"status", "approved"},
                          {"answers", answers}});
    // Outside the range asked below, and not approved: counted nowhere.
    visits.push_back({{"uuid", uuid(++n)},
                      {"template", "voice-survey"},
                      {"template_version", 1},
                      {"client", "Voice Client"},
                      {"branch", "A"},
                      {"visited_at", "2026-05-01T12:00:00"},
                      {"status", "approved"},
                      {"answers", {{"recommend", 0}, {"satisfied", 1}}}});
    visits.push_back({{"uuid", uuid(++n)},
                      {"template", "voice-visit"},
                      {"template_version", 1},
                      {"client", "Voice Client"},
                      {"branch", "A"},
                      {"shopper", "S1"},
                      {"visited_at", "2026-03-25T10:00:00"},
                      {"status", "submitted"},
                      {"answers", {{"greet_q", 0}, {"explain_q", 0}}}});
    return json{{"format", "visitscore.visits/1"}, {"visits", visits}}.dump(1);
}

/// A database holding the hand-made case.
void make_hand_made(const TempDir& dir) {
    const std::string opt = "--db " + dir.db() + " ";
    for (const auto& [name, text] :
         {std::pair{"visit.json", kMysteryTemplate}, std::pair{"survey.json", kSurveyTemplate},
          std::pair{"twice.json", kTwiceTemplate}}) {
        const Run r = cli(opt + "template import " + dir.write(name, text));
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    }
    const Run r = cli(opt + "visits import " + dir.write("voice.visits.json", hand_made_package()));
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
}

} // namespace

BOOST_AUTO_TEST_SUITE(voice_cli)

BOOST_AUTO_TEST_CASE(hand_made_case_by_hand_and_by_the_oracle) {
    TempDir dir;
    make_hand_made(dir);
    const std::string range = "--client 'Voice Client' --from 2026-03-01 --to 2026-03-31";

    json v = voice(dir.db(), range + " --min-responses 3 --min-n 2");
    // Branches: every one with a response or a mystery visit, by code; F has no survey.
    BOOST_TEST_REQUIRE(v.at("branches").size() == 7u, v.dump());
    BOOST_TEST(branch(v, "G") == json::parse(R"({"branch": "G", "m": 1, "voice": 100.0,
                                                  "n_mystery": 0})"));
    BOOST_TEST(branch(v, "A") == json::parse(R"({"branch": "A", "m": 4, "voice": 100.0,
                                                  "n_mystery": 2})"));
    BOOST_TEST(branch(v, "D").at("m") == 3);
    BOOST_TEST(std::fabs(branch(v, "D").at("voice").get<double>() + 100.0 / 3) < 1e-12);
    BOOST_TEST(branch(v, "E") == json::parse(R"({"branch": "E", "m": 2, "voice": -50.0,
                                                  "n_mystery": 2})"));
    BOOST_TEST(branch(v, "F") == json::parse(R"({"branch": "F", "m": 0, "voice": null,
                                                  "n_mystery": 2})"));
    // Greeting: A–D on the line greeting = 80 + NPS / 5: r = 1, interval [1, 1], p = 0,
    // slope 5 NPS points per score point; E (2 responses) and F (no survey) take no part.
    const json& g = driver(v, "greeting");
    BOOST_TEST(g.at("k") == 4);
    BOOST_TEST(std::fabs(g.at("r").get<double>() - 1) < 1e-12);
    BOOST_TEST(std::fabs(g.at("ci95")[0].get<double>() - 1) < 1e-9);
    BOOST_TEST(std::fabs(g.at("ci95")[1].get<double>() - 1) < 1e-9);
    BOOST_TEST(g.at("p").get<double>() < 1e-9);
    BOOST_TEST(std::fabs(g.at("slope").get<double>() - 5) < 1e-9);
    // Explaining is 50 at every branch (C's NA visit left out): no r, nor anything else.
    BOOST_TEST(driver(v, "explaining") ==
               json::parse(R"({"section": "explaining", "k": 4, "r": null, "ci95": null,
                               "p": null, "slope": null})"));
    // The visit score: C's visit with explaining NA scores its greeting alone (80), off the
    // line the others keep: r below 1.
    BOOST_TEST(driver(v, "visit").at("k") == 4);
    BOOST_TEST(driver(v, "visit").at("r").get<double>() < 1);
    // Listed by descending r, nulls last.
    BOOST_TEST(v.at("drivers").back().at("section") == "explaining");
    check_equal(v, oracle(dir.db(), "Voice Client", "2026-03-01", "2026-03-31", "nps", 3, 2),
                "nps 3 2");

    // D has 3 responses: with 4 needed, k = 3 and there is no r.
    v = voice(dir.db(), range + " --min-responses 4 --min-n 2");
    BOOST_TEST(driver(v, "greeting") ==
               json::parse(R"({"section": "greeting", "k": 3, "r": null, "ci95": null,
                               "p": null, "slope": null})"));
    // With 2 responses enough, E joins: the line breaks (r below 1), as the oracle says.
    v = voice(dir.db(), range + " --min-responses 2 --min-n 2");
    BOOST_TEST(driver(v, "greeting").at("k") == 5);
    BOOST_TEST(driver(v, "greeting").at("r").get<double>() < 1);
    // With 3 mystery visits needed only C and D take part.
    v = voice(dir.db(), range + " --min-responses 1 --min-n 3");
    BOOST_TEST(driver(v, "greeting").at("k") == 2);
    BOOST_TEST(driver(v, "explaining").at("k") == 1); // C's explaining has 2 (one NA)

    struct Case {
        const char* measure;
        int min_responses, min_n;
    };
    for (const Case& c : {Case{"nps", 4, 2}, Case{"nps", 2, 2}, Case{"nps", 1, 3},
                          Case{"score", 3, 2}, Case{"score", 2, 1}, Case{"nps", 10, 3}}) {
        const std::string where = std::string(c.measure) + " " + std::to_string(c.min_responses) +
                                  " " + std::to_string(c.min_n);
        check_equal(voice(dir.db(), range + " --measure " + c.measure + " --min-responses " +
                                        std::to_string(c.min_responses) + " --min-n " +
                                        std::to_string(c.min_n)),
                    oracle(dir.db(), "Voice Client", "2026-03-01", "2026-03-31", c.measure,
                           c.min_responses, c.min_n),
                    where);
    }
    // Without a range the May response counts too (A: 5 responses, NPS 60); the submitted
    // visit never does.
    v = voice(dir.db(), "--client 'Voice Client'");
    BOOST_TEST(branch(v, "A").at("m") == 5);
    BOOST_TEST(branch(v, "A").at("n_mystery") == 2);
    check_equal(v, oracle(dir.db(), "Voice Client", "-", "-", "nps", 10, 3), "no range");
}

BOOST_AUTO_TEST_CASE(settings_table_and_refusals) {
    TempDir dir;
    make_hand_made(dir);
    const std::string opt = "--db " + dir.db() + " ";
    const std::string range = "--client 'Voice Client' --from 2026-03-01 --to 2026-03-31";

    // The defaults (10 responses) leave every branch out; the settings change that, and the
    // options override the settings.
    BOOST_TEST(driver(voice(dir.db(), range), "greeting").at("k") == 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "settings set voice.min_responses 3").status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "settings set voice.min_n 2").status, 0);
    BOOST_TEST(driver(voice(dir.db(), range), "greeting").at("k") == 4);
    BOOST_TEST(driver(voice(dir.db(), range + " --min-responses 4"), "greeting").at("k") == 3);
    BOOST_REQUIRE_EQUAL(cli(opt + "settings set voice.measure score").status, 0);
    check_equal(voice(dir.db(), range),
                oracle(dir.db(), "Voice Client", "2026-03-01", "2026-03-31", "score", 3, 2),
                "score from the settings");
    Run r = cli(opt + "settings get voice.measure");
    BOOST_TEST(r.out == "score\n");

    // The table: every branch with its name column, NPS and its breakdown, the drivers by
    // title, the low-sample mark and the caveat at the end.
    r = cli(opt + "voice " + range + " --measure nps");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("Customer voice of Voice Client, 2026-03-01 to 2026-03-31") == 0u, r.out);
    BOOST_TEST(r.out.find("branch  name  responses") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("D                     3  -33.3          1         0           2") !=
                   std::string::npos,
               r.out);
    BOOST_TEST(r.out.find("few responses") != std::string::npos, r.out); // E
    BOOST_TEST(r.out.find("Greeting") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("Visit score") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("1.00 to 1.00") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("not proof of cause") != std::string::npos, r.out);
    BOOST_TEST(r.out.rfind("notice.\n") == r.out.size() - 8, r.out);

    struct Bad {
        std::string args;
        const char* message;
    };
    for (const Bad& b :
         {Bad{" --measure mean", "--measure: \"mean\" is not nps or score"},
          Bad{" --min-responses 0", "--min-responses: 0 is not a number of responses"},
          Bad{" --min-n 0", "--min-n: 0 is not a number of mystery visits"},
          Bad{" --min-n 100001", "--min-n: 100001 is not"},
          Bad{" --from 2026-02-30", "--from: \"2026-02-30\" is not a date"},
          Bad{" --from 2026-03-01 --to 2026-01-01", "--to: \"2026-01-01\" is before --from"}}) {
        BOOST_TEST_INFO_SCOPE(b.args);
        r = cli(opt + "voice --client 'Voice Client'" + b.args + " --json");
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.out.empty());
        BOOST_TEST(r.err.find(b.message) != std::string::npos, r.err);
    }
    r = cli(opt + "voice --client Acme --json");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--client: no client named \"Acme\" in the database (clients: Voice "
                          "Client)") != std::string::npos,
               r.err);
    for (const auto& [key, value, message] :
         {std::tuple{"voice.measure", "mean", "voice.measure: \"mean\" is not a measure"},
          std::tuple{"voice.min_responses", "0", "voice.min_responses: \"0\" is not a whole"},
          std::tuple{"voice.min_n", "x", "voice.min_n: \"x\" is not a whole"}}) {
        r = cli(opt + "settings set " + key + " " + value);
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find(message) != std::string::npos, r.err);
    }
    // Nothing refused was stored.
    BOOST_TEST(cli(opt + "settings get voice.measure").out == "score\n");
    // Reading never creates a database.
    const std::string missing = dir.path("missing.db");
    r = cli("--db " + missing + " voice --client Acme");
    BOOST_TEST(r.status != 0);
    BOOST_TEST(!std::filesystem::exists(missing));
}

BOOST_AUTO_TEST_SUITE_END()
