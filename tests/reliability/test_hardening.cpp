// Files on disk under hostile conditions, with the real visitscore-cli and real SQLite files:
// owner-only databases and backups whatever the umask or path; databases the user may read but
// not write; and a purge that leaves no purged name or code in any table, the WAL or an export.

#include "forms/json_io.h"
#include "tests/reliability/util.h"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace rel;
using nlohmann::json;

namespace {

/// Sets the process umask (inherited by the commands it runs) for a scope.
struct Umask {
    explicit Umask(mode_t m) : old(::umask(m)) {}
    ~Umask() { ::umask(old); }
    mode_t old;
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

/// A database with the mini scorecard and its visits, by the command line.
void fill(const std::string& db) {
    BOOST_REQUIRE(cli({"--db", db, "template", "import", data("mini.template.json")}).status == 0);
    Run r = cli({"--db", db, "visits", "import", data("mini.visits.json")});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
}

/// Runs visitscore-cli as a user who may not write the test's files: as root (which ignores
/// file modes) under `setpriv` as nobody, else as ourselves.
Run cli_as_reader(const std::vector<std::string>& args) {
    if (::geteuid() != 0)
        return cli(args);
    std::string cmd = "setpriv --reuid=65534 --regid=65534 --clear-groups " VS_CLI;
    for (const std::string& a : args)
        cmd += " '" + a + "'";
    const std::string err = "/tmp/vs-reader-err-" + std::to_string(::getpid());
    cmd += " 2>" + err;
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        r.out.append(buf, n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = bytes_of(err);
    fs::remove(err);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(private_files)

BOOST_AUTO_TEST_CASE(database_and_backups_are_owner_only_under_umask_0) {
    TempDir dir;
    Umask open_mask(0);
    // A new database and its WAL files.
    const std::string db = dir.path("new/folder/a.db");
    fill(db);
    BOOST_TEST(mode_of(db) == 0600u);
    BOOST_TEST(mode_of(dir.path("new/folder")) == 0700u);
    BOOST_TEST(mode_of(dir.path("new")) == 0700u);
    // Through a symlink to where no file is yet.
    fs::create_symlink(dir.path("target.db"), dir.path("link.db"));
    fill(dir.path("link.db"));
    BOOST_TEST(fs::is_symlink(dir.path("link.db")));
    BOOST_TEST(mode_of(dir.path("target.db")) == 0600u);
    for (const char* suffix : {"-wal", "-shm"})
        if (fs::exists(dir.path("target.db") + suffix))
            BOOST_TEST(mode_of(dir.path("target.db") + suffix) == 0600u, suffix);
    // Onto an existing empty file that anyone may read.
    const std::string empty = dir.write("empty.db", "");
    ::chmod(empty.c_str(), 0666);
    fill(empty);
    BOOST_TEST(mode_of(empty) == 0600u);

    // Backups: new, over an existing world-readable file, through a symlink.
    const std::string b1 = dir.path("b1.db");
    Run r = cli({"--db", db, "backup", b1});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(mode_of(b1) == 0600u);
    const std::string b2 = dir.write("b2.db", "old");
    ::chmod(b2.c_str(), 0644);
    BOOST_TEST(cli({"--db", db, "backup", b2}).status == 0);
    BOOST_TEST(mode_of(b2) == 0600u);
    BOOST_TEST(count_visits(b2) == 3);
    fs::create_symlink(dir.path("b3-target.db"), dir.path("b3.db"));
    BOOST_TEST(cli({"--db", db, "backup", dir.path("b3.db")}).status == 0);
    BOOST_TEST(fs::is_symlink(dir.path("b3.db")));
    BOOST_TEST(mode_of(dir.path("b3-target.db")) == 0600u);
    BOOST_TEST(count_visits(dir.path("b3-target.db")) == 3);
    for (const auto& e : fs::directory_iterator(dir.path(".")))
        BOOST_TEST(e.path().filename().string().find(".part") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_backup_onto_the_database_or_its_files_is_refused) {
    TempDir dir;
    const std::string db = dir.path("main.db");
    fill(db);
    {
        // Keep a -wal and -shm in place while the backups are tried.
        SQLite::Database hold(db, SQLite::OPEN_READWRITE);
        hold.exec("BEGIN; CREATE TABLE IF NOT EXISTS scratch (x); COMMIT;");
        fs::create_symlink(db, dir.path("alias.db"));
        fs::create_directory(dir.path("sub"));
        for (const std::string& target :
             {db, db + "-wal", db + "-shm", db + "-journal", dir.path("sub/../main.db"),
              dir.path("./main.db-wal"), dir.path("alias.db")}) {
            BOOST_TEST_INFO_SCOPE(target);
            Run r = cli({"--db", db, "backup", target});
            BOOST_TEST(r.status == 2, r.err);
            BOOST_TEST(r.err.find("database") != std::string::npos, r.err);
        }
        BOOST_TEST(integrity_check(db) == "ok");
        // And the database through another spelling backs up onto its own file name.
        Run r = cli({"--db", dir.path("alias.db"), "backup", db});
        BOOST_TEST(r.status == 2, r.err);
    }
    BOOST_TEST(count_visits(db) == 3);
    BOOST_TEST(!fs::exists(db + "-journal"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(read_only_database)

BOOST_AUTO_TEST_CASE(reports_exports_and_verify_read_a_database_that_may_not_be_written) {
    TempDir dir;
    const std::string source = dir.path("source.db");
    fill(source);
    const std::string expected = cli({"--db", source, "visits", "score", "--json"}).out;
    const std::string expected_report =
        cli({"--db", source, "report", "--by", "branch", "--status", "all", "--json"}).out;
    BOOST_REQUIRE(!expected.empty());
    // Output folder anyone may write; the test folder traversable by the reader.
    ::chmod(dir.path(".").c_str(), 0755);
    fs::create_directory(dir.path("out"));
    ::chmod(dir.path("out").c_str(), 0777);

    // Three read-only folders: no WAL; a WAL left behind (with visits only it holds); a WAL and
    // its index left behind.
    struct Case {
        const char* name;
        bool wal;
        bool shm;
    };
    for (const Case c :
         {Case{"plain", false, false}, Case{"wal", true, false}, Case{"wal-shm", true, true}}) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const std::string folder = dir.path(c.name);
        fs::create_directory(folder);
        const std::string db = folder + "/ro.db";
        if (!c.wal) {
            copy_file(source, db);
        } else {
            // A connection commits and the files are copied before it checkpoints: the copy's
            // WAL holds a commit (visit a excluded) that its main file does not.
            const std::string stage = dir.path("stage.db");
            copy_file(source, stage);
            {
                SQLite::Database w(stage, SQLite::OPEN_READWRITE);
                w.exec("PRAGMA wal_autocheckpoint = 0");
                w.exec("UPDATE visits SET status = 'excluded' WHERE uuid = "
                       "'00000000-0000-4000-8000-00000000000a'");
                BOOST_REQUIRE(fs::file_size(stage + "-wal") > 0);
                copy_file(stage, db);
                copy_file(stage + "-wal", db + "-wal");
                if (c.shm)
                    copy_file(stage + "-shm", db + "-shm");
            }
            fs::remove(stage);
        }
        for (const auto& e : fs::directory_iterator(folder))
            ::chmod(e.path().c_str(), 0444);
        ::chmod(folder.c_str(), 0555);
        const auto listing = [&] {
            std::vector<std::string> names;
            for (const auto& e : fs::directory_iterator(folder))
                names.push_back(e.path().filename().string() + ":" +
                                std::to_string(fs::file_size(e.path())));
            std::sort(names.begin(), names.end());
            return names;
        };
        const auto before = listing();
        const std::string bytes = bytes_of(db);

        // The reader really may not write here.
        Run w = cli_as_reader({"--db", db, "purge", "--before", "2026-12-01"});
        BOOST_TEST(w.status != 0, w.out);

        Run r = cli_as_reader({"--db", db, "visits", "score", "--json"});
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        const json scores = json::parse(r.out)["visits"];
        BOOST_TEST(scores.size() == 3u);
        if (!c.wal)
            BOOST_TEST(r.out == expected);
        r = cli_as_reader({"--db", db, "report", "--by", "branch", "--status", "all", "--json"});
        BOOST_TEST(r.status == 0, r.err);
        if (!c.wal)
            BOOST_TEST(r.out == expected_report);
        // The commit only the WAL holds is read: the visit excluded there is not approved.
        r = cli_as_reader({"--db", db, "report", "--by", "branch", "--json"});
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        const int approved = json::parse(r.out)["groups"][0]["n"].get<int>();
        BOOST_TEST(approved == (c.wal ? 1 : 2), r.out);
        for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
                 {"export", "xlsx", "-o", dir.path("out/x.xlsx"), "--pseudonymise-staff"},
                 {"export", "csv", "-o", dir.path("out/x.csv")},
                 {"audit", "verify"},
                 {"template", "list"},
                 {"training", "effect"},
                 {"calibration"},
                 {"backup", dir.path("out/backup.db")}}) {
            BOOST_TEST_INFO_SCOPE(args[0] + " " + (args.size() > 1 ? args[1] : ""));
            std::vector<std::string> full = {"--db", db};
            full.insert(full.end(), args.begin(), args.end());
            Run rr = cli_as_reader(full);
            BOOST_TEST(rr.status == 0, rr.err);
        }
        // No pseudonym key yet and none can be stored: the workbook is made without, and says so.
        r = cli_as_reader(
            {"--db", db, "export", "xlsx", "-o", dir.path("out/p.xlsx"), "--pseudonymise-staff"});
        BOOST_TEST(r.status == 0, r.err);
        BOOST_TEST(r.err.find("no pseudonym key") != std::string::npos, r.err);
        BOOST_TEST(count_visits(dir.path("out/backup.db")) == 3);
        BOOST_TEST(fs::exists(dir.path("out/x.xlsx")));
        // Nothing in the folder changed.
        BOOST_TEST(listing() == before);
        BOOST_TEST(bytes_of(db) == bytes);
        ::chmod(folder.c_str(), 0755);
        for (const auto& e : fs::directory_iterator(folder))
            ::chmod(e.path().c_str(), 0644);
        for (const char* f : {"x.xlsx", "p.xlsx", "x.csv", "backup.db"})
            fs::remove(dir.path("out") + "/" + f);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(purge_everywhere)

BOOST_AUTO_TEST_CASE(no_purged_name_or_code_is_left_in_any_table_the_wal_or_an_export) {
    TempDir dir;
    const std::string db = dir.path("purge.db");
    BOOST_REQUIRE(cli({"--db", db, "template", "import", data("mini.template.json")}).status == 0);
    json pkg = json::parse(vs::forms::read_file(data("mini.visits.json")));
    int day = 10;
    for (json& v : pkg["visits"]) {
        v["visited_at"] = "2025-03-" + std::to_string(day++) + "T10:00";
        v["employee"] = "EQX71";
        v["employee_name"] = "Quentin Purgeable";
        v["shopper"] = "SHZ93";
        v["shopper_name"] = "Hermione Shopwell";
        v["summary"] = "Quentin Purgeable greeted Hermione Shopwell";
        v["section_employees"] = {{"handling", "EQX72"}};
    }
    json recent = pkg["visits"][1];
    recent["uuid"] = "00000000-0000-4000-8000-0000000000ff";
    recent["visited_at"] = "2026-10-20T10:00";
    recent["employee"] = "E9";
    recent["employee_name"] = "Zed Current";
    recent["shopper"] = "S9";
    recent["shopper_name"] = "Cora Current";
    recent["section_employees"] = json::object();
    recent["summary"] = "Recent";
    pkg["visits"].push_back(recent);
    Run r = cli({"--db", db, "visits", "import", dir.write("v.json", pkg.dump())});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string trainings =
        dir.write("t.json", json{{"format", "visitscore.training/1"},
                                 {"trainings",
                                  {{{"id", "t-old"},
                                    {"title", "Coaching by Trudy Trainerton"},
                                    {"trainer", "Trudy Trainerton"},
                                    {"date", "2025-02-01"},
                                    {"client", "Test Client"},
                                    {"employees", {"EQX71", "EQX72"}}},
                                   {{"id", "t-new"},
                                    {"title", "Refresher"},
                                    {"trainer", "Nora Newtrainer"},
                                    {"date", "2026-09-01"},
                                    {"client", "Test Client"},
                                    {"employees", {"E9"}}}}}}
                                .dump());
    r = cli({"--db", db, "training", "add", trainings});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);

    r = cli({"--db", db, "purge", "--before", "2026-01-01"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);

    const std::vector<std::string> purged = {
        "Quentin Purgeable", "Hermione Shopwell", "Trudy Trainerton", "EQX71", "EQX72", "SHZ93",
        "Purgeable",         "Shopwell",          "Trainerton"};
    // Every text column of every table.
    {
        SQLite::Database raw(db, SQLite::OPEN_READONLY);
        SQLite::Statement tables(raw, "SELECT name FROM sqlite_schema WHERE type = 'table'");
        std::size_t columns = 0;
        while (tables.executeStep()) {
            const std::string table = tables.getColumn(0).getString();
            SQLite::Statement cols(raw, "SELECT name FROM pragma_table_info(?)");
            cols.bind(1, table);
            while (cols.executeStep()) {
                const std::string col = cols.getColumn(0).getString();
                ++columns;
                SQLite::Statement cells(raw, "SELECT CAST(\"" + col + "\" AS TEXT) FROM \"" +
                                                 table + "\"");
                while (cells.executeStep()) {
                    if (cells.getColumn(0).isNull())
                        continue;
                    const std::string cell = lower(cells.getColumn(0).getString());
                    for (const std::string& name : purged)
                        BOOST_TEST(cell.find(lower(name)) == std::string::npos,
                                   name << " in " << table << "." << col << ": " << cell);
                }
            }
        }
        BOOST_TEST(columns > 50u);
        BOOST_TEST(raw.execAndGet("SELECT count(*) FROM trainings WHERE trainer = "
                                  "'Nora Newtrainer'")
                       .getInt() == 1);
    }
    // The file and its WAL, byte for byte.
    for (const std::string& file : {db, db + "-wal"}) {
        if (!fs::exists(file))
            continue;
        const std::string bytes = lower(bytes_of(file));
        for (const std::string& name : purged)
            BOOST_TEST(bytes.find(lower(name)) == std::string::npos, name << " in " << file);
    }
    // Every export made after the purge (the workbook's parts unzipped).
    r = cli({"--db", db, "export", "xlsx", "-o", dir.path("after.xlsx")});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli({"--db", db, "export", "csv", "--status", "all", "-o", dir.path("after.csv")});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli({"--db", db, "training", "effect", "--json"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string effect = dir.write("effect.json", r.out);
    r = cli({"--db", db, "report", "--by", "employee,shopper", "--status", "all", "--json"});
    const std::string report = dir.write("report.json", r.out);
    BOOST_REQUIRE_EQUAL(
        std::system(("unzip -p '" + dir.path("after.xlsx") + "' > '" + dir.path("after.xml") + "'")
                        .c_str()),
        0);
    for (const std::string& file : {dir.path("after.xml"), dir.path("after.csv"), effect, report}) {
        const std::string bytes = lower(bytes_of(file));
        BOOST_TEST(!bytes.empty(), file);
        for (const std::string& name : purged)
            BOOST_TEST(bytes.find(lower(name)) == std::string::npos, name << " in " << file);
    }
    BOOST_TEST(bytes_of(report).find("E9") != std::string::npos); // recent people stay
}

BOOST_AUTO_TEST_SUITE_END()
