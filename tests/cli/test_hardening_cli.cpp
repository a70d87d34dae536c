// End-to-end, with the real visitscore-cli: what a person or a hostile file can give the command
// line — databases kept nowhere, paths with no database, several files at once, dates out of
// range, folders and unreadable files as input, numbers out of range — and the database's own
// secret for staff pseudonyms.

#include "cli_run.h"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using vs::test::cli;
using vs::test::data;
using vs::test::Run;
using vs::test::TempDir;

namespace {

/// Everything under a folder, relative, sorted: what a command left behind.
std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        out.push_back(fs::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string q(const std::string& s) {
    return "'" + s + "'";
}

/// Text that only a library writes: never shown to people.
const char* const kLibraryText[] = {"[json.exception",  "basic_filebuf",   "[WARNING]",
                                    "filesystem error", "std::",           "what()",
                                    "SQLite",           "terminate called"};

void check_plain(const Run& r) {
    for (const char* text : kLibraryText)
        BOOST_TEST(r.err.find(text) == std::string::npos,
                   "library text \"" << text << "\" in: " << r.err);
}

/// Runs visitscore-cli as nobody (setpriv; the caller is root), output collected as cli() does.
Run cli_as_nobody(const std::string& args) {
    const std::string err = "/tmp/vs-cli-nobody-" + std::to_string(::getpid());
    const std::string cmd =
        "setpriv --reuid=65534 --regid=65534 --clear-groups " VS_CLI " " + args + " 2>" + err;
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        r.out.append(buf, n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = vs::forms::read_file(err);
    fs::remove(err);
    return r;
}

/// A database with the mini scorecard and its three visits.
void fill(const std::string& db) {
    Run r = cli("--db " + q(db) + " template import " + data("mini.template.json"));
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli("--db " + q(db) + " visits import " + data("mini.visits.json"));
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
}

} // namespace

BOOST_AUTO_TEST_SUITE(cli_hardening)

BOOST_AUTO_TEST_CASE(a_database_kept_nowhere_is_refused) {
    TempDir t;
    const fs::path cwd = fs::current_path();
    fs::current_path(t.dir); // where SQLite would put a file named ":memory:" or ""
    for (const std::string db : {"''", "':memory:'", "'file::memory:'"}) {
        for (const std::string& command : std::vector<std::string>{
                 "init", "template import " + data("mini.template.json"),
                 "visits import " + data("mini.visits.json"), "demo --visits 3"}) {
            BOOST_TEST_INFO_SCOPE(db << " " << command);
            Run r = cli("--db " + db + " " + command);
            BOOST_TEST(r.status == 2);
            BOOST_TEST(r.err.find("keeps nothing") != std::string::npos, r.err);
            check_plain(r);
        }
    }
    BOOST_TEST(listing(t.dir).empty());
    fs::current_path(cwd);
}

BOOST_AUTO_TEST_CASE(reading_where_there_is_no_database_creates_nothing) {
    TempDir t;
    const std::string db = t.path("new/dir/x.db");
    const std::vector<std::string> reads = {"report --by branch",
                                            "report --by branch --json",
                                            "visits score --json",
                                            "export xlsx -o " + t.path("out.xlsx"),
                                            "export csv -o " + t.path("out.csv"),
                                            "audit verify",
                                            "template list",
                                            "training effect",
                                            "calibration",
                                            "backup " + t.path("b.db"),
                                            "template to-csv --id mini"};
    for (const std::string& command : reads) {
        BOOST_TEST_INFO_SCOPE(command);
        Run r = cli("--db " + q(db) + " " + command);
        BOOST_TEST(r.status == 2, r.err);
        BOOST_TEST(r.err.find(db) != std::string::npos, r.err);
        check_plain(r);
        BOOST_TEST(listing(t.dir).empty());
    }
    // Also a folder where a database should be, and purge (which must find one).
    fs::create_directory(t.path("folder.db"));
    for (const std::string& command : {std::string("report --by branch"), std::string("init"),
                                       std::string("purge --before 2026-01-01")}) {
        BOOST_TEST_INFO_SCOPE(command);
        Run r = cli("--db " + t.path("folder.db") + " " + command);
        BOOST_TEST(r.status == 2, r.err);
        check_plain(r);
    }
    Run r = cli("--db " + q(db) + " purge --before 2026-01-01");
    BOOST_TEST(r.status == 2, r.err);
    BOOST_TEST(listing(t.dir) == std::vector<std::string>{"folder.db"});
}

BOOST_AUTO_TEST_CASE(refused_input_leaves_no_database_and_no_folder) {
    TempDir t;
    const std::string bad_visits = t.write("bad.json", "{\"format\": \"visitscore.visits/1\", "
                                                       "\"visits\": [{\"uuid\": 1}]}");
    const std::string bad_template = t.write("bad.template.json", "{\"format\": 3}");
    const std::string bad_training = t.write("bad.training.json", "{\"format\": \"x\"}");
    const std::vector<std::string> commands = {
        "visits import " + bad_visits, "visits import " + t.path("missing.json"),
        "visits import " + t.dir.string(), "template import " + bad_template,
        "training add " + bad_training};
    for (const std::string& command : commands) {
        BOOST_TEST_INFO_SCOPE(command);
        Run r = cli("--db " + t.path("new/dir/x.db") + " " + command);
        BOOST_TEST(r.status == 2, r.err);
        check_plain(r);
        BOOST_TEST(!fs::exists(t.path("new")));
    }
}

BOOST_AUTO_TEST_CASE(several_templates_are_stored_all_or_none) {
    TempDir t;
    const std::string db = "--db " + t.db();
    json tpl = json::parse(vs::forms::read_file(data("mini.template.json")));
    BOOST_REQUIRE(cli(db + " template import " + data("mini.template.json")).status == 0);
    // A: a new scorecard. B: mini version 1 again with different content.
    json a = tpl;
    a["id"] = "alpha";
    json b = tpl;
    b["name"] = "Edited without a new version";
    const std::string fa = t.write("a.json", a.dump());
    const std::string fb = t.write("b.json", b.dump());
    Run r = cli(db + " template import " + fa + " " + fb);
    BOOST_TEST(r.status == 2, r.err);
    BOOST_TEST(r.err.find("b.json") != std::string::npos, r.err);
    r = cli(db + " template list --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(json::parse(r.out)["templates"].size() == 1u, r.out); // alpha was not stored
    // Two files with the same version and different content refuse each other.
    json a2 = a;
    a2["name"] = "Another alpha";
    r = cli(db + " template import " + fa + " " + t.write("a2.json", a2.dump()));
    BOOST_TEST(r.status == 2, r.err);
    BOOST_TEST(json::parse(cli(db + " template list --json").out)["templates"].size() == 1u);
    // Both good: both stored, the same file twice is one.
    r = cli(db + " template import " + fa + " " + fa);
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(json::parse(cli(db + " template list --json").out)["templates"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(dates_outside_the_plausible_range_are_refused) {
    TempDir t;
    fill(t.db());
    const std::string db = "--db " + t.db() + " ";
    for (const std::string& command : std::vector<std::string>{
             "report --by branch --from 1900-01-01", "report --by branch --to 2200-01-01",
             "export csv -o " + t.path("o.csv") + " --from 0206-01-01",
             "export xlsx -o " + t.path("o.xlsx") + " --to 20026-01-01",
             "purge --before 1789-07-14"}) {
        BOOST_TEST_INFO_SCOPE(command);
        Run r = cli(db + command);
        BOOST_TEST(r.status == 2, r.err);
        check_plain(r);
    }
    BOOST_TEST(!fs::exists(t.path("o.csv")));
    const std::string training = t.write(
        "t.json", R"({"format": "visitscore.training/1", "trainings": [{"id": "t1", "title": "x",
        "date": "1899-12-31", "client": "Test Client", "employees": ["E1"]}]})");
    Run r = cli(db + "training add " + training);
    BOOST_TEST(r.status == 2, r.err);
    BOOST_TEST(r.err.find("trainings[0].date") != std::string::npos, r.err);
    BOOST_TEST(cli(db + "report --by branch --from 1990-01-01 --to 2100-12-31").status == 0);
}

BOOST_AUTO_TEST_CASE(bad_input_gets_a_message_for_people) {
    TempDir t;
    fill(t.db());
    const std::string db = "--db " + t.db() + " ";
    const std::string folder = t.path("a folder");
    fs::create_directory(folder);
    const std::string not_json = t.write("not-json.json", "{\"format\": ");
    const std::string not_image = t.write("logo.png", "this is not a picture");
    const std::string empty = t.write("empty.json", "");
    struct Case {
        std::string args;
        std::string named; ///< must appear in stderr
    };
    std::vector<Case> cases = {
        {"template check " + q(folder), folder},
        {"template import " + q(folder), folder},
        {"template from-csv " + q(folder), folder},
        {"visits import " + q(folder), folder},
        {"training add " + q(folder), folder},
        {"template check " + t.path("missing.json"), "missing.json"},
        {"template check " + not_json, "not-json.json"},
        {"template check " + empty, "empty.json"},
        {"visits import " + not_json, "not-json.json"},
        {"training add " + not_json, "not-json.json"},
        {"restore " + q(folder), folder},
        {"backup " + q(folder), folder},
        {"export xlsx -o " + t.path("o.xlsx") + " --logo " + q(folder), folder},
        {"export xlsx -o " + t.path("o.xlsx") + " --logo " + not_image, "logo.png"},
        {"export xlsx -o " + t.path("o.xlsx") + " --logo " + t.path("none.png"), "none.png"},
        {"report --by branch --min-n 0", "--min-n"},
        {"report --by branch --min-n -3", "--min-n"},
        {"report --by branch --min-n 99999999999999999999999", "--min-n"},
        {"training effect --window 0", "--window"},
        {"training effect --window 99999", "--window"},
        {"demo --visits -5", "--visits"},
        {"demo --visits 100000000000", "--visits"},
        {"template to-csv --id mini --version 0", "--version"},
    };
    cases.push_back({"backup " + t.path("no/such/folder/b.db"), "no/such/folder"});
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.args);
        Run r = cli(db + c.args);
        BOOST_TEST(r.status == 2, r.err);
        BOOST_TEST(r.err.find(c.named) != std::string::npos, r.err);
        check_plain(r);
    }
    BOOST_TEST(!fs::exists(t.path("o.xlsx")));
    // A file that cannot be read: root reads every file whatever its mode, so as root the
    // command runs as nobody (setpriv).
    const std::string locked = t.write("locked.json", "{}");
    ::chmod(locked.c_str(), 0);
    ::chmod(t.dir.c_str(), 0755);
    const std::string as_other =
        ::geteuid() == 0 ? "--db /nonexistent/x.db " : "--db " + t.db() + " ";
    for (const std::string& command :
         {"template check " + locked, "visits import " + locked, "training add " + locked}) {
        BOOST_TEST_INFO_SCOPE(command);
        Run r = ::geteuid() == 0 ? cli_as_nobody(as_other + command) : cli(as_other + command);
        BOOST_TEST(r.status == 2, r.err);
        BOOST_TEST(r.err.find("locked.json") != std::string::npos, r.err);
        BOOST_TEST(r.err.find("Permission denied") != std::string::npos, r.err);
        check_plain(r);
    }
}

BOOST_AUTO_TEST_CASE(pseudonyms_use_a_secret_of_the_database) {
    TempDir t;
    const std::string db1 = t.path("one.db");
    const std::string db2 = t.path("two.db");
    fill(db1);
    fill(db2);
    auto key_of = [](const std::string& db) {
        SQLite::Database raw(db, SQLite::OPEN_READONLY);
        SQLite::Statement st(raw, "SELECT value FROM settings WHERE key = 'pseudonym_key'");
        return st.executeStep() ? st.getColumn(0).getString() : std::string();
    };
    BOOST_TEST(key_of(db1).empty()); // made on first use, not before
    for (const std::string& db : {db1, db1, db2}) {
        Run r = cli("--db " + db + " export xlsx --pseudonymise-staff -o " + t.path("p.xlsx"));
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
    }
    const std::string k1 = key_of(db1);
    BOOST_TEST(k1.size() == 64u); // 32 random bytes in hex
    BOOST_TEST(k1.find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(key_of(db2).size() == 64u);
    BOOST_TEST(key_of(db2) != k1);
    BOOST_TEST(k1 != "visitscore");
    // The environment no longer chooses the key.
    ::setenv("VISITSCORE_PSEUDONYM_KEY", "visitscore", 1);
    Run r = cli("--db " + db1 + " export xlsx --pseudonymise-staff -o " + t.path("p.xlsx"));
    BOOST_TEST(r.status == 0);
    ::unsetenv("VISITSCORE_PSEUDONYM_KEY");
    BOOST_TEST(key_of(db1) == k1);
}

BOOST_AUTO_TEST_SUITE_END()
