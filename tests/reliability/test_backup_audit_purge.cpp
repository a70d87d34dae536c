// Backup and restore with SQLite's online backup while another process writes; the audit log's
// hash chain under `audit verify` after edits and deletions made behind its back; and
// `purge --before DATE`, which removes personal data and keeps every score and aggregate.

#include "forms/json_io.h"
#include "services/review.h"
#include "storage/sqlite_store.h"
#include "tests/reliability/util.h"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace rel;
using nlohmann::json;

namespace {

/// The groups of a report with the given key left out, sorted: the same numbers after purge
/// replaced codes with pseudonyms.
std::vector<std::string> groups_without(const json& report, const std::string& key) {
    std::vector<std::string> out;
    for (json g : report["groups"]) {
        g["key"].erase(key);
        out.push_back(g.dump());
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Returns, changes with a reason and re-approves the visit `uuid` through the app's store, so
/// that the audit log holds its people's names; returns the chain's head afterwards.
std::string audited_changes(const std::string& db, const std::string& uuid) {
    vs::storage::SqliteStore store(db);
    std::size_t changed = 0;
    for (std::int64_t id : store.visit_ids({})) {
        if (store.load_visit(id).visit.uuid != uuid)
            continue;
        vs::services::return_visit(store, id, "Rita Reviewer", "Ask Ann Ablewhite about the wait");
        vs::services::submit(store, id, "Sam Shopperton");
        vs::services::approve(store, id, "Rita Reviewer", "");
        vs::forms::Visit edited = store.load_visit(id).visit;
        edited.summary = "Zanzibar summary, checked with Ann Ablewhite";
        edited.answers["notes"] = "Xylophone note of Sam Shopperton";
        changed = vs::services::edit_visit(store, id, edited, "Rita Reviewer",
                                           "Rita Reviewer saw the receipt");
    }
    BOOST_TEST_REQUIRE(changed == 2u);
    vs::storage::AuditCheck check = store.verify_audit("");
    BOOST_TEST_REQUIRE(check.ok(), check.problem);
    return check.head;
}

/// After a purge the redacted entries are still guarded: editing one otherwise, or forging the
/// purge's record of it, is caught.
void check_redacted_entries_stay_guarded(const TempDir& dir, const std::string& db,
                                         const std::string& head) {
    std::int64_t redacted = 0;
    {
        SQLite::Database raw(db, SQLite::OPEN_READONLY);
        redacted = raw.execAndGet("SELECT min(id) FROM audit_log WHERE action = 'edit'").getInt64();
        // Every entry of a purged visit is redacted (entries about assignments, which name no
        // visit, and those of visits after the date keep their author).
        BOOST_TEST(raw.execAndGet("SELECT count(*) FROM audit_log WHERE action <> 'purge' AND "
                                  "visit_id IN (SELECT visit_id FROM audit_log WHERE action = "
                                  "'purge') AND (who <> '' OR reason <> '')")
                       .getInt() == 0);
        BOOST_TEST(
            raw.execAndGet("SELECT count(*) FROM audit_log WHERE action = 'purge'").getInt() > 0);
    }
    const std::string id = std::to_string(redacted);
    const std::vector<std::string> tamperings = {
        std::string("UPDATE audit_log SET field = 'employee' WHERE id = ") + id,
        std::string("UPDATE audit_log SET who = 'Mallory' WHERE id = ") + id,
        // The purge's record of it now names another entry (keys are sorted: "id" comes last).
        std::string("UPDATE audit_log SET new_value = replace(new_value, '\"id\":") + id +
            "}', '\"id\":1}') WHERE action = 'purge' AND new_value LIKE '%\"id\":" + id + "}%'"};
    for (const std::string& sql : tamperings) {
        BOOST_TEST_INFO_SCOPE(sql);
        const std::string copy = dir.path("tampered-purged.db");
        for (const char* s : {"", "-wal", "-shm"})
            fs::remove(copy + s);
        copy_file(db, copy);
        {
            SQLite::Database raw(copy, SQLite::OPEN_READWRITE);
            raw.exec("DROP TRIGGER audit_log_no_update");
            BOOST_TEST(raw.exec(sql) > 0);
            raw.exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT "
                     "RAISE(ABORT, 'the audit log is append-only'); END");
        }
        Run r = cli({"--db", copy, "audit", "verify", "--head", head});
        BOOST_TEST(r.status == 1, r.out << r.err);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(backup_restore)

BOOST_AUTO_TEST_CASE(online_backup_during_import_and_restore) {
    TempDir dir;
    const std::string db = dir.path("live.db");
    Run r = cli({"--db", db, "demo", "--visits", "1000", "--seed", "99"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string package = dir.path("more.visits.json");
    r = cli({"demo", "--visits", "8000", "--seed", "8", "--package", package});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::int64_t before = count_visits(db);

    // Back up again and again while another process imports 8000 visits.
    pid_t writer =
        spawn_cli({"--db", db, "visits", "import", package}, "/dev/null", dir.path("import.err"));
    int backups = 0;
    std::set<std::int64_t> seen;
    for (;;) {
        const std::string copy = dir.path("during-" + std::to_string(backups) + ".db");
        r = cli({"--db", db, "backup", copy});
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        ++backups;
        BOOST_TEST(mode_of(copy) == 0600u);
        BOOST_TEST(integrity_check(copy) == "ok");
        const std::int64_t n = count_visits(copy);
        BOOST_TEST((n == before || n == before + 8000), n); // a consistent snapshot
        seen.insert(n);
        int st = 0;
        if (::waitpid(writer, &st, WNOHANG) == writer) {
            BOOST_TEST((WIFEXITED(st) && WEXITSTATUS(st) == 0));
            break;
        }
    }
    const std::string backup = dir.path("after.db");
    r = cli({"--db", db, "backup", backup});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const std::int64_t backed_up = count_visits(backup);
    BOOST_TEST(backed_up == before + 8000);
    r = cli({"--db", db, "visits", "score", "--json"});
    const std::string scores = r.out;

    // Later changes, then the restore brings the backup's state back.
    const std::string later = dir.path("later.visits.json");
    r = cli({"demo", "--visits", "500", "--seed", "1234", "--package", later});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli({"--db", db, "visits", "import", later});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(count_visits(db) > backed_up);
    r = cli({"--db", db, "restore", backup});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(count_visits(db) == backed_up);
    BOOST_TEST(integrity_check(db) == "ok");
    BOOST_TEST(mode_of(db) == 0600u);
    r = cli({"--db", db, "visits", "score", "--json"});
    BOOST_TEST((r.out == scores));

    // Refusals leave the database as it was: not a database, a damaged one, one in use.
    const std::string state = bytes_of(db);
    const std::string junk = dir.write("junk.db", std::string(8192, 'j'));
    r = cli({"--db", db, "restore", junk});
    BOOST_TEST(r.status == 2, r.err);
    BOOST_TEST(r.err.find("junk.db") != std::string::npos, r.err);
    std::string damaged = bytes_of(backup);
    for (std::size_t i = 4096 * 3; i < damaged.size() && i < 4096 * 6; ++i)
        damaged[i] = static_cast<char>(i * 7);
    r = cli({"--db", db, "restore", dir.write("damaged.db", damaged)});
    BOOST_TEST(r.status == 2, r.err);
    {
        vs::storage::SqliteStore in_use(db); // the app has it open
        r = cli({"--db", db, "restore", backup});
        BOOST_TEST(r.status == 1, r.err);
        BOOST_TEST(r.err.find("in use") != std::string::npos, r.err);
    }
    BOOST_TEST((bytes_of(db) == state));
    BOOST_TEST(cli({"--db", db, "backup", db}).status == 2); // not onto itself
    std::cout << "backup_restore: " << backups << " online backups during an import of 8000 "
              << "visits (" << seen.size() << " distinct consistent states), restore checked\n";
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_chain)

BOOST_AUTO_TEST_CASE(verify_detects_edited_and_deleted_entries) {
    TempDir dir;
    const std::string db = dir.path("audit.db");
    BOOST_REQUIRE(cli({"--db", db, "template", "import", data("mini.template.json")}).status == 0);
    BOOST_REQUIRE(cli({"--db", db, "visits", "import", data("mini.visits.json")}).status == 0);
    std::int64_t entries = 0;
    {
        vs::storage::SqliteStore store(db);
        for (std::int64_t id : store.visit_ids({})) {
            auto v = store.load_visit(id);
            if (v.visit.status != vs::forms::Status::Approved)
                continue;
            vs::services::return_visit(store, id, "reviewer", "check the wait");
            vs::services::submit(store, id, "shopper");
            vs::services::approve(store, id, "reviewer", "");
            entries += 3;
        }
        BOOST_TEST_REQUIRE(entries == 6);
        // B's approval (a critical failure) opened its branch's action plan: one entry more.
        BOOST_TEST_REQUIRE(store.action_plans({}).size() == 1u);
        entries += 1;
    }
    Run r = cli({"--db", db, "audit", "verify"});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find(std::to_string(entries) + " entries") != std::string::npos, r.out);
    const std::string head = r.out.substr(r.out.find("head ") + 5, 64);

    // Each tampering on a fresh copy; the triggers are dropped (as anyone holding the file
    // can) and put back so that only the chain can tell.
    const std::string triggers =
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT "
        "RAISE(ABORT, 'the audit log is append-only'); END; CREATE TRIGGER audit_log_no_delete "
        "BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); "
        "END;";
    struct Tamper {
        const char* what;
        std::string sql;
        bool restore_triggers;
        std::string first_broken; ///< "" when only --head catches it
    };
    const std::vector<Tamper> cases = {
        {"edit a reason", "UPDATE audit_log SET reason = 'fine' WHERE id = 3", true, "3"},
        {"edit who", "UPDATE audit_log SET who = 'someone' WHERE id = 1", true, "1"},
        {"edit and re-hash",
         "UPDATE audit_log SET new_value = 'excluded', hash = "
         "'0000000000000000000000000000000000000000000000000000000000000000' "
         "WHERE id = 4",
         true, "4"},
        {"delete one", "DELETE FROM audit_log WHERE id = 2", true, "3"},
        {"delete the first", "DELETE FROM audit_log WHERE id = 1", true, "2"},
        {"delete the last", "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
         true, ""},
        {"drop a trigger", "", false, ""},
    };
    int detected = 0;
    for (const Tamper& t : cases) {
        BOOST_TEST_INFO_SCOPE(t.what);
        const std::string copy = dir.path("tampered.db");
        for (const char* s : {"", "-wal", "-shm"})
            fs::remove(copy + s);
        copy_file(db, copy);
        {
            SQLite::Database raw(copy, SQLite::OPEN_READWRITE);
            raw.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
            if (!t.sql.empty())
                raw.exec(t.sql);
            if (t.restore_triggers)
                raw.exec(triggers);
        }
        r = cli({"--db", copy, "audit", "verify", "--head", head});
        BOOST_TEST(r.status == 1, r.out << r.err);
        BOOST_TEST(r.err.find("does not verify") != std::string::npos, r.err);
        if (!t.first_broken.empty())
            BOOST_TEST(r.out.find("first broken entry: " + t.first_broken) != std::string::npos,
                       r.out);
        detected += r.status == 1;
    }
    // Raw SQL cannot change it while the triggers are there.
    {
        SQLite::Database raw(db, SQLite::OPEN_READWRITE);
        BOOST_CHECK_THROW(raw.exec("UPDATE audit_log SET reason = 'x' WHERE id = 1"),
                          SQLite::Exception);
        BOOST_CHECK_THROW(raw.exec("DELETE FROM audit_log WHERE id = 1"), SQLite::Exception);
    }
    BOOST_TEST(cli({"--db", db, "audit", "verify", "--head", head}).status == 0);
    std::cout << "audit_chain: " << detected << " of " << cases.size()
              << " tamperings detected by audit verify\n";
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(purge)

BOOST_AUTO_TEST_CASE(purge_removes_personal_data_and_keeps_every_aggregate) {
    TempDir dir;
    const std::string db = dir.path("purge.db");
    Run r = cli({"--db", db, "demo", "--visits", "1500", "--seed", "5"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_REQUIRE(cli({"--db", db, "template", "import", data("mini.template.json")}).status == 0);
    // Old visits by people who appear nowhere later, with recognisable personal data.
    json pkg = json::parse(vs::forms::read_file(data("mini.visits.json")));
    int day = 10;
    for (json& v : pkg["visits"]) {
        v["visited_at"] = "2025-03-" + std::to_string(day++) + "T10:00";
        v["summary"] = "Zanzibar summary";
        v["comments"] = {{"greeted", "Quixotic comment"}};
        if (v["answers"].contains("notes") || v["uuid"] == "00000000-0000-4000-8000-00000000000a")
            v["answers"]["notes"] = "Xylophone note";
    }
    pkg["visits"][0]["employee_name"] = "Ann Ablewhite";
    pkg["visits"][0]["shopper_name"] = "Sam Shopperton";
    // And one recent visit whose people stay.
    json recent = pkg["visits"][1];
    recent["uuid"] = "00000000-0000-4000-8000-0000000000ff";
    recent["visited_at"] = "2026-10-20T10:00";
    recent["employee"] = "E9";
    recent["employee_name"] = "Zed Current";
    recent["shopper"] = "S9";
    recent["shopper_name"] = "Cora Current";
    recent["summary"] = "Recent summary";
    recent.erase("comments");
    pkg["visits"].push_back(recent);
    r = cli({"--db", db, "visits", "import", dir.write("old.visits.json", pkg.dump())});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    // Audit entries of an old visit that hold personal values: a return with a note naming
    // the employee, a change with a reason, old and new summary and free-text answer.
    const std::string head_before = audited_changes(db, "00000000-0000-4000-8000-00000000000a");

    auto report = [&](const std::string& by) {
        Run rr = cli(
            {"--db", db, "report", "--by", by, "--period", "quarter", "--status", "all", "--json"});
        BOOST_REQUIRE_MESSAGE(rr.status == 0, rr.err);
        return json::parse(rr.out);
    };
    const json by_branch = report("branch");
    const json by_employee = report("employee");
    const json by_section = report("branch,section");
    const json by_question = report("client,question");
    const std::string scores = cli({"--db", db, "visits", "score", "--json"}).out;
    const std::vector<std::string> personal = {"Ann Ablewhite",    "Sam Shopperton",
                                               "Zanzibar summary", "Quixotic comment",
                                               "Xylophone note",   "Rita Reviewer"};
    for (const std::string& name : personal)
        BOOST_TEST(bytes_of(db).find(name) != std::string::npos, name);

    r = cli({"--db", db, "purge", "--before", "2026-01-01"});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("Purged") != std::string::npos, r.out);

    // Every number is unchanged; staff now appear under pseudonyms.
    BOOST_TEST((report("branch") == by_branch));
    BOOST_TEST((report("branch,section") == by_section));
    BOOST_TEST((report("client,question") == by_question));
    BOOST_TEST((groups_without(report("employee"), "employee") ==
                groups_without(by_employee, "employee")));
    BOOST_TEST((cli({"--db", db, "visits", "score", "--json"}).out == scores));

    // The personal data is gone from the file itself; recent people keep theirs.
    const std::string bytes = bytes_of(db);
    for (const std::string& name : personal)
        BOOST_TEST(bytes.find(name) == std::string::npos, name << " is still in the file");
    BOOST_TEST(!fs::exists(db + "-wal"));
    BOOST_TEST(bytes.find("Zed Current") != std::string::npos);
    {
        SQLite::Database raw(db, SQLite::OPEN_READONLY);
        BOOST_TEST(raw.execAndGet("SELECT count(*) FROM employees WHERE code = 'E1'").getInt() ==
                   0);
        BOOST_TEST(raw.execAndGet("SELECT count(*) FROM employees WHERE code = 'E9'").getInt() ==
                   1);
        BOOST_TEST(raw.execAndGet("SELECT count(*) FROM visits WHERE day < 20454 AND "
                                  "(summary <> '' OR comments <> '{}')")
                       .getInt() == 0);
    }
    // Recorded in the audit log, which still verifies, also against the head recorded before
    // the purge; any other change to a redacted entry is still caught.
    r = cli({"--db", db, "audit", "verify", "--head", head_before});
    BOOST_TEST(r.status == 0, r.out << r.err);
    check_redacted_entries_stay_guarded(dir, db, head_before);
    // A second purge finds nothing to do.
    r = cli({"--db", db, "purge", "--before", "2026-01-01"});
    BOOST_TEST(r.out.find("of 0 visits") != std::string::npos, r.out);
    BOOST_TEST(cli({"--db", db, "purge", "--before", "2026-02-30"}).status == 2);
}

BOOST_AUTO_TEST_SUITE_END()
