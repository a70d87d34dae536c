// Bad input: every malformed template, visit package and CSV file of tests/data/bad (listed in
// expected.tsv with the place its message must name), and large ones made here (10 MB strings,
// deep nesting), get exit status 2, a message naming the file and the place, no crash, and an
// unchanged database.

#include "forms/json_io.h"
#include "tests/reliability/util.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

namespace fs = std::filesystem;
using namespace rel;
using nlohmann::json;

namespace {

struct Case {
    std::string file;  ///< path of the input
    std::string where; ///< a part of the place the message must name
};

/// A database with the mini template and its three visits.
struct Fixture {
    TempDir dir;
    std::string db = dir.path("bad.db");
    std::string before;
    long tried = 0;

    Fixture() {
        Run r = cli({"--db", db, "template", "import", data("mini.template.json")});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        r = cli({"--db", db, "visits", "import", data("mini.visits.json")});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        before = bytes_of(db);
    }

    void check(const std::vector<std::string>& args, const Case& c, bool short_message) {
        BOOST_TEST_INFO_SCOPE(c.file);
        Run r = cli(args);
        ++tried;
        BOOST_TEST(r.status == 2, "exit " << r.status << " signal " << r.signal << ": " << r.err);
        // The place comes after the file name ("FILE: PLACE: what"), so a file named after
        // its error cannot pass by itself.
        const std::size_t at = r.err.find(c.file);
        BOOST_TEST(at != std::string::npos, r.err.substr(0, 300));
        BOOST_TEST((at != std::string::npos &&
                    r.err.find(c.where, at + c.file.size()) != std::string::npos),
                   "wanted \"" << c.where << "\" in: " << r.err.substr(0, 300));
        if (short_message)
            BOOST_TEST(r.err.size() < 2000u); // a 10 MB value is not echoed back
        BOOST_TEST(!fs::exists(db + "-wal"));
        BOOST_TEST((bytes_of(db) == before), "the database changed");
    }

    void template_case(const Case& c, bool short_message = false) {
        check({"--db", db, "template", "import", c.file}, c, short_message);
        check({"template", "check", c.file}, c, short_message);
    }
    void visits_case(const Case& c, bool short_message = false) {
        check({"--db", db, "visits", "import", c.file}, c, short_message);
    }
    void run(const Case& c) {
        if (c.file.find("/templates/") != std::string::npos)
            template_case(c);
        else
            visits_case(c);
    }
};

std::vector<Case> manifest() {
    const fs::path root = fs::path(VS_TEST_DATA) / "bad";
    std::vector<Case> cases;
    std::ifstream in(root / "expected.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        auto tab = line.find('\t');
        BOOST_REQUIRE(tab != std::string::npos);
        cases.push_back({(root / line.substr(0, tab)).string(), line.substr(tab + 1)});
    }
    return cases;
}

} // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(committed_corpus_is_refused_with_exit_2_and_nothing_written) {
    Fixture f;
    std::vector<Case> cases = manifest();
    BOOST_TEST(cases.size() >= 60u);
    std::set<std::string> listed;
    for (const Case& c : cases)
        listed.insert(c.file);
    for (const auto& e : fs::recursive_directory_iterator(fs::path(VS_TEST_DATA) / "bad"))
        if (e.is_regular_file() && e.path().filename() != "expected.tsv")
            BOOST_TEST(listed.count(e.path().string()) == 1u,
                       e.path().string() << " has no line in expected.tsv");
    for (const Case& c : cases)
        f.run(c);
    std::cout << "bad_input: " << cases.size() << " committed malformed files, " << f.tried
              << " refusals checked\n";
}

BOOST_AUTO_TEST_CASE(huge_strings_and_deep_nesting_made_at_run_time) {
    Fixture f;
    const std::string ten_mb(10 * 1024 * 1024, 'x');
    const json tpl = json::parse(vs::forms::read_file(data("mini.template.json")));
    const json pkg = json::parse(vs::forms::read_file(data("mini.visits.json")));
    long before = f.tried;

    json t = tpl;
    t["name"] = ten_mb;
    f.template_case({f.dir.write("huge-name.template.json", t.dump()), "name"}, true);
    t = tpl;
    t["sections"][0]["questions"][0]["guidance"] = ten_mb;
    f.template_case(
        {f.dir.write("huge-guidance.template.json", t.dump()), "sections[0].questions[0].guidance"},
        true);
    std::string deep = tpl.dump();
    deep.insert(1, "\"x\": " + std::string(100000, '[') + std::string(100000, ']') + ", ");
    f.template_case({f.dir.write("deep.template.json", deep), "nesting deeper"}, true);

    json p = pkg;
    p["visits"][0]["summary"] = ten_mb;
    f.visits_case({f.dir.write("huge-summary.visits.json", p.dump()), "visits[0]"}, true);
    p = pkg;
    p["visits"][0]["comments"]["greeted"] = ten_mb;
    f.visits_case({f.dir.write("huge-comment.visits.json", p.dump()), "comments.greeted"}, true);
    p = pkg;
    p["visits"][0]["answers"]["notes"] = ten_mb;
    f.visits_case({f.dir.write("huge-answer.visits.json", p.dump()), "answers.notes"}, true);
    p = pkg;
    p["visits"][1]["branch"] = ten_mb;
    f.visits_case({f.dir.write("huge-branch.visits.json", p.dump()), "visits[1]"}, true);
    std::string deep_pkg = pkg.dump();
    deep_pkg.insert(1, "\"x\": " + std::string(100000, '[') + std::string(100000, ']') + ", ");
    f.visits_case({f.dir.write("deep.visits.json", deep_pkg), "nesting deeper"}, true);

    const std::string hdr = "uuid,template,template_version,client,region,branch,employee,"
                            "shopper,visited_at,status,summary,greeted,warmth,notes\n";
    const std::string row = "00000000-0000-4000-8000-0000000000d1,mini,1,Test Client,North,B1,E1,"
                            "S1,2026-10-03T14:05,approved,";
    f.visits_case({f.dir.write("huge-cell.csv", hdr + row + "ok,yes,4,\"" + ten_mb + "\"\n"),
                   "line 2, column notes"},
                  true);
    f.visits_case({f.dir.write("huge-summary.csv", hdr + row + ten_mb + ",yes,4,\n"), "line 2"},
                  true);
    f.visits_case({f.dir.write("huge-number-cell.csv",
                               hdr + row + "ok,yes," + std::string(5000000, '9') + ",\n"),
                   "line 2, column warmth"},
                  true);
    std::cout << "bad_input: " << f.tried - before << " refusals of 10 MB strings and 100,000-deep "
              << "nesting made at run time\n";
}

BOOST_AUTO_TEST_SUITE_END()
