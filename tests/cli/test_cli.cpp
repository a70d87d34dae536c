// End-to-end: runs the built visitscore-cli binary on real files and a real database.

#include "cli_run.h"
#include "forms/json_io.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

using nlohmann::json;

namespace {

using vs::test::cli;
using vs::test::data;
using vs::test::Run;
using vs::test::TempDir;

void check_number(const json& got, const json& want, const std::string& what) {
    BOOST_TEST_INFO_SCOPE(what);
    if (want.is_null()) {
        BOOST_TEST(got.is_null());
    } else {
        BOOST_REQUIRE(got.is_number());
        BOOST_TEST(got.get<double>() == want.get<double>(), boost::test_tools::tolerance(1e-9));
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(cli_end_to_end)

BOOST_AUTO_TEST_CASE(init_import_score_report) {
    TempDir t;
    const std::string db = "--db " + t.db();
    BOOST_TEST(cli(db + " init").status == 0);
    BOOST_TEST(cli(db + " init").status == 0); // idempotent
    Run r = cli(db + " template import " + data("mini.template.json") +
                " " VS_TEMPLATES "/branch-visit.json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    r = cli(db + " template list --json");
    BOOST_TEST(json::parse(r.out)["templates"].size() == 2u);

    r = cli(db + " visits import " + data("mini.visits.json"));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("3 visits imported") != std::string::npos, r.out);
    r = cli(db + " visits import " + data("mini.visits.json"));
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("0 visits imported, 3 already stored") != std::string::npos, r.out);

    // Scores against the hand-computed expectations.
    r = cli(db + " visits score --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    json got = json::parse(r.out)["visits"];
    json want = json::parse(vs::forms::read_file(data("mini.expected.json")))["visits"];
    BOOST_REQUIRE_EQUAL(got.size(), want.size());
    for (const json& v : got) {
        const std::string uuid = v["uuid"];
        const json& w = want.at(uuid);
        check_number(v["raw"], w["raw"], uuid + " raw");
        check_number(v["score"], w["score"], uuid + " score");
        BOOST_TEST(v["critical_failures"] == w["critical_failures"]);
        for (const auto& [section, ws] : w["sections"].items())
            for (const char* field : {"raw", "score", "earned", "possible"})
                check_number(v["sections"][section][field], ws[field],
                             uuid + " " + section + " " + field);
    }

    // Report over approved visits: A (83.75) and B (25) in branch B1, October 2026.
    r = cli(db + " report --by branch --period month --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    json groups = json::parse(r.out)["groups"];
    BOOST_REQUIRE_EQUAL(groups.size(), 1u);
    const json& g = groups[0];
    BOOST_TEST(g["key"] == (json{{"branch", "B1"}, {"period", "2026-10"}}));
    BOOST_TEST(g["n"] == 2);
    check_number(g["mean"], 54.375, "mean");
    check_number(g["min"], 25, "min");
    check_number(g["max"], 83.75, "max");
    // sd of {83.75, 25} = 58.75 / sqrt(2)
    check_number(g["sd"], 58.75 / std::sqrt(2.0), "sd");
    // ci95 = mean ± t(0.975, 1) · sd / sqrt(2) = 54.375 ± 12.7062047361747 · 29.375, each end
    // clipped to the 0–100 scale (SCORING.md §4): -318.9 and 427.6 become 0 and 100.
    check_number(g["ci95"][0], 0.0, "ci95 lo");
    check_number(g["ci95"][1], 100.0, "ci95 hi");
    BOOST_TEST(g["low_sample"] == true);
    BOOST_TEST(g["status"] == "below");

    // Every status: the third visit (no employee) forms the null-employee group.
    r = cli(db + " report --by employee --status all --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    groups = json::parse(r.out)["groups"];
    BOOST_REQUIRE_EQUAL(groups.size(), 3u);
    BOOST_TEST(groups[0]["key"]["employee"].is_null());
    BOOST_TEST(groups[0]["n"] == 1);
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2_names_file_and_field_and_writes_nothing) {
    TempDir t;
    const std::string db = "--db " + t.db();
    BOOST_REQUIRE(cli(db + " template import " + data("mini.template.json")).status == 0);
    const std::string before = vs::forms::read_file(t.db());

    json package = json::parse(vs::forms::read_file(data("mini.visits.json")));
    package["visits"][1]["answers"]["warmth"] = 9;
    const std::string bad_package = t.write("bad.visits.json", package.dump());
    Run r = cli(db + " visits import " + bad_package);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("bad.visits.json") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("visits[1]") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("answers.warmth") != std::string::npos, r.err);

    json tpl = json::parse(vs::forms::read_file(data("mini.template.json")));
    tpl["version"] = 2;
    tpl["sections"][0]["questions"][1]["max"] = 1;
    const std::string bad_template = t.write("bad.template.json", tpl.dump());
    r = cli(db + " template import " + bad_template);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("bad.template.json: sections[0].questions[1].max") != std::string::npos,
               r.err);
    r = cli("template check " + bad_template);
    BOOST_TEST(r.status == 2);

    const std::string truncated = t.write("cut.visits.json", package.dump().substr(0, 100));
    r = cli(db + " visits import " + truncated);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("cut.visits.json: line 1, column") != std::string::npos, r.err);

    BOOST_TEST(vs::forms::read_file(t.db()) == before);
    // Into a database that does not exist yet: refused, and no database is left behind.
    const std::string fresh = t.path("fresh.db");
    r = cli("--db " + fresh + " visits import " + bad_package);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(!std::filesystem::exists(fresh));
    BOOST_TEST(!std::filesystem::exists(fresh + "-wal"));
    BOOST_TEST(cli(db + " report --by nonsense").status == 2);
    BOOST_TEST(cli(db + " report --by branch --from 2026-02-30").status == 2);
    BOOST_TEST(cli(db + " frobnicate").status == 2);
    BOOST_TEST(cli("--help").status == 0);
}

BOOST_AUTO_TEST_CASE(conflicting_uuid_is_refused) {
    TempDir t;
    const std::string db = "--db " + t.db();
    BOOST_REQUIRE(cli(db + " template import " + data("mini.template.json")).status == 0);
    BOOST_REQUIRE(cli(db + " visits import " + data("mini.visits.json")).status == 0);
    json package = json::parse(vs::forms::read_file(data("mini.visits.json")));
    package["visits"][0]["summary"] = "Changed";
    Run r = cli(db + " visits import " + t.write("changed.visits.json", package.dump()));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("00000000-0000-4000-8000-00000000000a") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("conflict") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(csv_package_imports_like_json) {
    TempDir t;
    const std::string db = "--db " + t.db();
    BOOST_REQUIRE(cli(db + " template import " + data("mini.template.json")).status == 0);
    const std::string csv = t.write(
        "visits.csv",
        "uuid,template,template_version,client,region,branch,employee,shopper,visited_at,status,"
        "greeted,warmth,complaint,listened,remedies,wait,style\r\n"
        "00000000-0000-4000-8000-0000000000aa,mini,1,Test Client,North,B1,E1,S1,2026-10-03T14:05,"
        "approved,yes,4,yes,yes,refund;apology,45,personal\r\n");
    Run r = cli(db + " visits import " + csv);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    r = cli(db + " visits score --uuid 00000000-0000-4000-8000-0000000000aa --json");
    json v = json::parse(r.out)["visits"][0];
    check_number(v["raw"], 83.75, "csv raw"); // the same answers as visit A of the JSON package
}

BOOST_AUTO_TEST_CASE(demo_makes_varied_report) {
    TempDir t;
    const std::string db = "--db " + t.db();
    Run r = cli(db + " demo --visits 3000 --seed 1");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    r = cli(db + " report --by branch --period month --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    json groups = json::parse(r.out)["groups"];
    BOOST_TEST(groups.size() > 100u);
    double lo = 100, hi = 0;
    std::set<std::string> branches;
    for (const json& g : groups) {
        branches.insert(g["key"]["branch"].get<std::string>());
        lo = std::min(lo, g["mean"].get<double>());
        hi = std::max(hi, g["mean"].get<double>());
    }
    BOOST_TEST(branches.size() >= 20u);
    BOOST_TEST(hi - lo > 20.0); // real differences between branches and months
}

// --- trainings with their measured effect, and calibration exercises ---

BOOST_AUTO_TEST_CASE(demo_training_effect_shows_in_difference_in_differences) {
    // The demo generator improves trained employees in the trained section from the training
    // date on: at least one training must show it beyond noise (did_ci95 excludes 0) while its
    // control group stays flat (effect small, its own 95 % interval contains 0).
    TempDir t;
    const std::string db = "--db " + t.db();
    Run r = cli(db + " demo --visits 5000 --seed 1");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    r = cli(db + " training effect --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json trainings = json::parse(r.out)["trainings"];
    BOOST_TEST_REQUIRE(trainings.size() >= 1u);
    std::size_t shown = 0;
    for (const json& tr : trainings) {
        BOOST_TEST_INFO_SCOPE(tr["id"].get<std::string>());
        for (const char* field :
             {"id", "title", "date", "client", "trained", "control", "did", "did_se", "did_ci95"})
            BOOST_TEST(tr.contains(field), field);
        for (const char* group : {"trained", "control"})
            for (const char* field : {"effect", "p", "d"})
                BOOST_TEST(tr[group].contains(field), group << "." << field);
        if (tr["did_ci95"].is_null() || tr["control"]["effect"].is_null())
            continue;
        const json& c = tr["control"];
        const double control_se =
            std::sqrt(std::pow(c["pre"]["sd"].get<double>(), 2) / c["pre"]["n"].get<double>() +
                      std::pow(c["post"]["sd"].get<double>(), 2) / c["post"]["n"].get<double>());
        const double control_effect = c["effect"].get<double>();
        if (tr["did_ci95"][0].get<double>() > 0 && std::fabs(control_effect) < 2.0 &&
            std::fabs(control_effect) < 1.959964 * control_se &&
            tr["trained"]["p"].get<double>() < 0.05)
            ++shown;
    }
    BOOST_TEST(shown >= 1u, r.out);
}

BOOST_AUTO_TEST_CASE(training_add_validates_and_effect_reports_nulls) {
    TempDir t;
    const std::string db = "--db " + t.db();
    BOOST_REQUIRE(cli(db + " template import " + data("mini.template.json")).status == 0);
    BOOST_REQUIRE(cli(db + " visits import " + data("mini.visits.json")).status == 0);
    const json good = {{"format", "visitscore.training/1"},
                       {"trainings",
                        {{{"id", "T1"},
                          {"title", "Greeting"},
                          {"trainer", "Pat"},
                          {"date", "2026-10-01"},
                          {"client", "Test Client"},
                          {"employees", {"E1"}},
                          {"sections", {"greeting"}}}}}};
    struct Bad {
        std::string name;
        std::function<void(json&)> edit;
        std::string where; ///< file: path
    };
    const std::vector<Bad> bad = {
        {"wrong format", [](json& d) { d["format"] = "visitscore.training/2"; }, "format"},
        {"no trainings", [](json& d) { d.erase("trainings"); }, "trainings"},
        {"missing id", [](json& d) { d["trainings"][0].erase("id"); }, "trainings[0].id"},
        {"date that does not exist", [](json& d) { d["trainings"][0]["date"] = "2026-02-30"; },
         "trainings[0].date"},
        {"unknown client", [](json& d) { d["trainings"][0]["client"] = "Nobody Ltd"; },
         "trainings[0].client"},
        {"unknown employee",
         [](json& d) {
             d["trainings"][0]["employees"] = {"E1", "E77"};
         },
         "trainings[0].employees[1]"},
        {"no employees", [](json& d) { d["trainings"][0]["employees"] = json::array(); },
         "trainings[0].employees"},
        {"unknown section", [](json& d) { d["trainings"][0]["sections"] = {"nowhere"}; },
         "trainings[0].sections[0]"},
        {"same training twice", [](json& d) { d["trainings"].push_back(d["trainings"][0]); },
         "trainings[1].id"},
    };
    const std::string before = vs::forms::read_file(t.db());
    for (const Bad& b : bad) {
        BOOST_TEST_INFO_SCOPE(b.name);
        json doc = good;
        b.edit(doc);
        const std::string file = t.write("bad.training.json", doc.dump());
        Run r = cli(db + " training add " + file);
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find("bad.training.json: " + b.where) != std::string::npos, r.err);
    }
    Run r = cli(db + " training add " + t.write("cut.training.json", good.dump().substr(0, 40)));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("cut.training.json: line 1, column") != std::string::npos, r.err);
    BOOST_TEST(vs::forms::read_file(t.db()) == before);

    r = cli(db + " training add " + t.write("good.training.json", good.dump()));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    // Approved visits after the date: A (E1, 2026-10-03) is the trained post visit, B (E2,
    // 2026-10-10) the control's; the third is only submitted (and names no employee). No
    // visit before the date: the pre cells are empty, so effect, p, d, did and its interval are
    // null, and a single post visit has no sd.
    r = cli(db + " training effect --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json tr = json::parse(r.out)["trainings"].at(0);
    BOOST_TEST(tr["id"] == "T1");
    BOOST_TEST(tr["trainer"] == "Pat");
    BOOST_TEST(tr["trained"]["pre"]["n"] == 0);
    BOOST_TEST(tr["trained"]["pre"]["mean"].is_null());
    BOOST_TEST(tr["trained"]["post"]["n"] == 1);
    BOOST_TEST(tr["trained"]["post"]["sd"].is_null());
    BOOST_TEST(tr["control"]["post"]["n"] == 1);
    for (const char* field : {"did", "did_se", "did_ci95"})
        BOOST_TEST(tr[field].is_null(), field);
    BOOST_TEST(tr["trained"]["effect"].is_null());
    r = cli(db + " training effect");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("T1") != std::string::npos, r.out);
    BOOST_TEST(cli(db + " training effect --window 0").status == 2);
    BOOST_TEST(cli(db + " training effect --client Nobody --json").out.find("[]") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(calibration_exercise_end_to_end) {
    TempDir t;
    const std::string db = "--db " + t.db();
    BOOST_REQUIRE(cli(db + " template import " + data("mini.template.json")).status == 0);
    auto visit = [](const std::string& uuid, const std::string& shopper, bool reference,
                    json answers) {
        json v = {{"uuid", uuid},
                  {"template", "mini"},
                  {"template_version", 1},
                  {"client", "Test Client"},
                  {"branch", "B1"},
                  {"employee", "E1"},
                  {"shopper", shopper},
                  {"visited_at", "2026-10-20T10:00"},
                  {"status", "approved"},
                  {"calibration", "CAL1"},
                  {"answers", std::move(answers)}};
        if (reference)
            v["reference"] = true;
        return v;
    };
    // Reference: greeting (2·1 + 2·1 + 1·0)/5 = 80 (complaint "no" scores 0; handling hidden);
    // close (1 + 1)/2 = 100; score (2·80 + 100)/3 = 86.67.
    // S1: greeting (2 + 2·0.75 + 0)/5 = 70; close (0.5 + 0.5)/2 = 50; score (140 + 50)/3 = 63.33:
    // deviation -23.33; alignment 1 - (2·0.25 + 0.5 + 0.5)/7 = 1 - 1.5/7; kappa over greeted
    // (yes, yes), complaint (no, no), style (personal, scripted): p_o = 2/3, p_e = 2/9: 4/7.
    const json ref = {{"greeted", "yes"},
                      {"warmth", 5},
                      {"complaint", "no"},
                      {"wait", 20},
                      {"style", "personal"}};
    const json s1 = {{"greeted", "yes"},
                     {"warmth", 4},
                     {"complaint", "no"},
                     {"wait", 45},
                     {"style", "scripted"}};
    const json package = {{"format", "visitscore.visits/1"},
                          {"visits",
                           {visit("00000000-0000-4000-8000-0000000000c0", "S9", true, ref),
                            visit("00000000-0000-4000-8000-0000000000c1", "S1", false, s1),
                            visit("00000000-0000-4000-8000-0000000000c2", "S2", false, ref)}}};
    Run r = cli(db + " visits import " + t.write("cal.visits.json", package.dump()));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    // Calibration visits are not ordinary visits: no report group counts them.
    r = cli(db + " report --by branch --json");
    BOOST_TEST(json::parse(r.out)["groups"].empty());

    r = cli(db + " calibration --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json e = json::parse(r.out)["exercises"].at(0);
    BOOST_TEST(e["id"] == "CAL1");
    BOOST_TEST(e["reference"]["shopper"] == "S9");
    check_number(e["reference"]["score"], 260.0 / 3, "reference score");
    BOOST_REQUIRE_EQUAL(e["shoppers"].size(), 2u);
    const json& a = e["shoppers"][0];
    BOOST_TEST(a["shopper"] == "S1");
    check_number(a["deviation"], 190.0 / 3 - 260.0 / 3, "S1 deviation");
    check_number(a["alignment"], 1 - 1.5 / 7, "S1 alignment");
    check_number(a["kappa"], 4.0 / 7, "S1 kappa");
    const json& b = e["shoppers"][1];
    check_number(b["deviation"], 0, "S2 deviation");
    check_number(b["alignment"], 1, "S2 alignment");
    check_number(b["kappa"], 1, "S2 kappa");
    BOOST_TEST(e["problems"].empty());
    // greeted: all three "yes": Fleiss' κ 1; warmth 5, 4, 5: -1/2.
    for (const json& q : e["questions"]) {
        if (q["id"] == "greeted")
            check_number(q["fleiss_kappa"], 1, "greeted kappa");
        if (q["id"] == "warmth")
            check_number(q["fleiss_kappa"], -0.5, "warmth kappa");
    }
    r = cli(db + " calibration");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("CAL1") != std::string::npos, r.out);

    // A second reference for the exercise is refused, naming the file, visit and field.
    const json second = {
        {"format", "visitscore.visits/1"},
        {"visits", {visit("00000000-0000-4000-8000-0000000000c3", "S8", true, ref)}}};
    r = cli(db + " visits import " + t.write("second.visits.json", second.dump()));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("second.visits.json: visits[0] (00000000-0000-4000-8000-0000000000c3)"
                          ".reference") != std::string::npos,
               r.err);
    BOOST_TEST(r.err.find("00000000-0000-4000-8000-0000000000c0") != std::string::npos, r.err);
    // … and so are two in one package.
    TempDir t2;
    const std::string db2 = "--db " + t2.db();
    BOOST_REQUIRE(cli(db2 + " template import " + data("mini.template.json")).status == 0);
    json twice = package;
    twice["visits"][1]["reference"] = true;
    r = cli(db2 + " visits import " + t2.write("twice.visits.json", twice.dump()));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("visits[1] (00000000-0000-4000-8000-0000000000c1).reference") !=
                   std::string::npos,
               r.err);
}

BOOST_AUTO_TEST_SUITE_END()
