// End-to-end: runs the built visitscore-cli binary on real files and a real database.

#include "forms/json_io.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/wait.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

/// Runs visitscore-cli with `args` (already shell-quoted where needed).
Run cli(const std::string& args) {
    static int counter = 0;
    const std::string err_file = fs::temp_directory_path() / ("vs-cli-err-" + std::to_string(::getpid()) +
                                                               "-" + std::to_string(counter++));
    const std::string cmd = std::string(VS_CLI) + " " + args + " 2>" + err_file;
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
        r.out.append(buf.data(), n);
    int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = vs::forms::read_file(err_file);
    fs::remove(err_file);
    return r;
}

std::string data(const std::string& name) { return (fs::path(VS_TEST_DATA) / name).string(); }

struct TempDir {
    fs::path dir;
    TempDir() {
        char tmpl[] = "/tmp/vs-cli-XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(dir); }
    std::string db() const { return (dir / "test.db").string(); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    }
};

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
    Run r = cli(db + " template import " + data("mini.template.json") + " " VS_TEMPLATES
                     "/branch-visit.json");
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
    // ci95 = mean ± t(0.975, 1) · sd / sqrt(2) = 54.375 ± 12.7062047361747 · 29.375
    check_number(g["ci95"][0], 54.375 - 12.706204736174698 * 29.375, "ci95 lo");
    check_number(g["ci95"][1], 54.375 + 12.706204736174698 * 29.375, "ci95 hi");
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

BOOST_AUTO_TEST_SUITE_END()
