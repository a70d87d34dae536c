// End to end, issue "Customer voice": a survey tool's CSV export with a mapping -> import-survey
// -> each branch's customer voice -> the drivers -> the client workbook's Customer voice sheet
// read back with openpyxl, on a real SQLite file. Five branches of Northwind with three mystery
// visits each, the warmer the greeting the better; ten survey responses each, from the survey
// tool's own export (a BOM, CRLF, quoted fields, the tool's words), whose NPS is worked out here by
// hand: -100, -60, -20, 20, 60.
#include "cli_run.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

using namespace vs::test;
using nlohmann::json;

namespace {

const char* const kBranches[] = {"B0", "B1", "B2", "B3", "B4"};

/// Three approved mystery visits (mini scorecard) per branch: branch i greets with warmth 1 + i
/// and, from branch 2 on, greets at all.
std::string mystery_package() {
    json visits = json::array();
    int n = 0;
    for (int b = 0; b < 5; ++b)
        for (int k = 0; k < 3; ++k) {
            char uuid[40];
            std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", ++n);
            visits.push_back({{"uuid", uuid},
                              {"template", "mini"},
                              {"template_version", 1},
                              {"client", "Northwind"},
                              {"branch", kBranches[b]},
                              {"branch_name", std::string("Branch ") + kBranches[b]},
                              {"employee", std::string("E") + kBranches[b]},
                              {"employee_name", std::string("Staff ") + kBranches[b]},
                              {"shopper", "S1"},
                              {"visited_at", "2026-10-0" + std::to_string(k + 1) + "T10:00:00"},
                              {"status", "approved"},
                              {"answers",
                               {{"greeted", b >= 2 ? "yes" : "no"},
                                {"warmth", 1 + b},
                                {"complaint", "no"},
                                {"wait", 20},
                                {"style", "personal"},
                                {"nps", 9}}}});
        }
    return json{{"format", "visitscore.visits/1"}, {"visits", visits}}.dump();
}

/// The survey tool's export: ten responses per branch, 2i promoters (10) and the rest detractors
/// (3 of 10), so that branch i's NPS is 100 * (2i - (10 - 2i)) / 10 = 40i - 100.
std::string survey_export() {
    std::string csv =
        "\xEF\xBB\xBF\"Response ID\",\"Submitted\",\"Store code\",\"Served by\","
        "\"How likely are you to recommend us?\",\"Q3 Friendly\",\"Speed of service\","
        "\"Overall satisfaction\",\"Any other comments?\"\r\n";
    int n = 0;
    for (int b = 0; b < 5; ++b)
        for (int k = 0; k < 10; ++k) {
            const bool promoter = k < 2 * b;
            char row[400];
            std::snprintf(row, sizeof row,
                          "\"R-%04d\",\"%02d/11/2026 1%d:05\",\"%s\",\"\",\"%d\",\"%s\",\"%s\","
                          "\"%s\",\"%s\"\r\n",
                          ++n, k + 1, k % 10, kBranches[b], promoter ? 10 : 3,
                          promoter ? "Yes" : "No", promoter ? "Fast" : "Slow",
                          promoter ? "Very satisfied" : "Dissatisfied",
                          promoter ? "Lovely, \"\"really\"\"" : "Slow,\r\nand rude");
            csv += row;
        }
    return csv;
}

/// The cells of `sheet` in `xlsx`, row by row, as JSON (openpyxl, Debian's interpreter).
json sheet_rows(const std::string& xlsx, const std::string& sheet, const TempDir& dir) {
    const std::string script =
        dir.write("read.py", "import json, sys, openpyxl\n"
                             "wb = openpyxl.load_workbook(sys.argv[1], data_only=False)\n"
                             "print(json.dumps([[c for c in r] for r in "
                             "wb[sys.argv[2]].iter_rows(values_only=True)], default=str))\n");
    const std::string cmd = "/usr/bin/python3 " + script + " " + xlsx + " '" + sheet + "'";
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    std::string out;
    char buf[4096];
    std::size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, got);
    BOOST_REQUIRE_EQUAL(::pclose(p), 0);
    return json::parse(out);
}

} // namespace

BOOST_AUTO_TEST_SUITE(survey_voice_cli)

BOOST_AUTO_TEST_CASE(a_survey_export_reaches_the_drivers_and_the_workbook) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    Run r = cli(opt + "template import " + data("mini.template.json") + " " +
                data("survey_tool/guest-survey.template.json"));
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli(opt + "visits import " + dir.write("mystery.visits.json", mystery_package()));
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);

    r = cli(opt + "visits import-survey " + dir.write("export.csv", survey_export()) +
            " --client Northwind --mapping " + data("survey_tool/mapping.json") +
            " --save-mapping --json");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(json::parse(r.out)["added"] == 50);

    // Each branch's customer voice: ten responses, the NPS worked out above, three mystery visits.
    r = cli(opt + "voice --client Northwind --json");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const json voice = json::parse(r.out);
    BOOST_TEST_MESSAGE("voice --json: " << r.out);
    BOOST_REQUIRE_EQUAL(voice["branches"].size(), 5u);
    for (const json& b : voice["branches"]) {
        const std::string code = b["branch"];
        const int i = code[1] - '0';
        BOOST_TEST_INFO_SCOPE(code);
        BOOST_TEST(b["m"] == 10);
        BOOST_TEST(b["voice"].get<double>() == 40.0 * i - 100, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(b["n_mystery"] == 3);
    }
    // The drivers: every branch takes part (10 responses, 3 visits). Worked out by hand (SCORING.md
    // §3): branch i's greeting section earns 2 (greeted) + 2 * i / 4 (warmth) + 0 (complaint "no")
    // of 5 points, so score 40 + 10i from branch 2 on and 0 before (greeted "no" is a section
    // critical failure): x = 0, 0, 60, 70, 80; the handling section is hidden (NA) and closing is
    // 100 everywhere (no variance, no r); the visit score is (2 * greeting + 100) / 3, a line of
    // the greeting's x with slope 2/3, so the same r and 3/2 of its slope. Against the NPS
    // y = -100, -60, -20, 20, 60 (means 42 and -20): Sxy = 9200, Sxx = 6080, Syy = 16000, so
    // r = 9200 / sqrt(6080 * 16000) and slope = 9200 / 6080; with k = 5, the interval is
    // tanh(atanh(r) +- 1.959964 / sqrt(2)) and p the t test's with 3 df, whose two-sided tail is
    // 1 - (2 / pi) (theta + sin theta cos theta), theta = atan(t / sqrt(3)).
    const double r_hand = 9200.0 / std::sqrt(6080.0 * 16000.0);
    const double slope_hand = 9200.0 / 6080.0;
    const double t_hand = r_hand * std::sqrt(3.0 / (1.0 - r_hand * r_hand));
    const double theta = std::atan(t_hand / std::sqrt(3.0));
    const double p_hand = 1.0 - 2.0 / M_PI * (theta + std::sin(theta) * std::cos(theta));
    const double half = 1.959964 / std::sqrt(2.0);
    const auto near = [](const json& v, double want) {
        return v.is_number() && std::abs(v.get<double>() - want) < 1e-9;
    };
    bool visit_driver = false;
    bool greeting_driver = false;
    bool close_driver = false;
    for (const json& d : voice["drivers"]) {
        BOOST_TEST_INFO_SCOPE(d.dump());
        BOOST_TEST(d["k"] == 5);
        const bool visit = d["section"] == "visit";
        if (visit || d["section"] == "greeting") {
            (visit ? visit_driver : greeting_driver) = true;
            BOOST_TEST(near(d["r"], r_hand));
            BOOST_TEST(near(d["slope"], visit ? slope_hand * 1.5 : slope_hand));
            BOOST_TEST(near(d["p"], p_hand));
            BOOST_TEST(near(d["ci95"][0], std::tanh(std::atanh(r_hand) - half)));
            BOOST_TEST(near(d["ci95"][1], std::tanh(std::atanh(r_hand) + half)));
        }
        if (d["section"] == "close") {
            close_driver = true;
            BOOST_TEST(d["r"].is_null());
            BOOST_TEST(d["slope"].is_null());
        }
    }
    BOOST_TEST(greeting_driver);
    BOOST_TEST(close_driver);
    BOOST_TEST(visit_driver);

    // The client workbook's Customer voice sheet names every branch with its NPS.
    const std::string xlsx = dir.path("northwind.xlsx");
    r = cli(opt + "export xlsx -o " + xlsx + " --client Northwind");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const json rows = sheet_rows(xlsx, "Customer voice", dir);
    BOOST_TEST_MESSAGE("Customer voice sheet: " << rows.dump());
    for (int i = 0; i < 5; ++i) {
        bool found = false;
        for (const json& row : rows) {
            bool has_code = false;
            bool has_nps = false;
            for (const json& cell : row) {
                has_code = has_code || (cell.is_string() && cell.get<std::string>().find(
                                                                kBranches[i]) != std::string::npos);
                has_nps = has_nps || (cell.is_number() &&
                                      std::abs(cell.get<double>() - (40.0 * i - 100)) < 1e-9);
            }
            found = found || (has_code && has_nps);
        }
        BOOST_TEST(found,
                   "the Customer voice sheet has no row of " << kBranches[i] << " with its NPS");
    }
}

BOOST_AUTO_TEST_SUITE_END()
