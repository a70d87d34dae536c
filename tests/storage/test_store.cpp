#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "services/review.h"
#include "storage/demo.h"
#include "storage/prepare.h"
#include "storage/raw_tables.h"
#include "storage/schema.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <thread>

namespace fs = std::filesystem;
using namespace vs;

namespace {

std::string data(const std::string& name) {
    return (fs::path(VS_TEST_DATA) / name).string();
}

/// A fresh database file in a private temporary directory, removed afterwards.
struct TempDb {
    fs::path dir;
    std::string path;
    TempDb() {
        char tmpl[] = "/tmp/vs-store-XXXXXX";
        dir = ::mkdtemp(tmpl);
        path = (dir / "test.db").string();
    }
    ~TempDb() { fs::remove_all(dir); }
};

std::string bytes_of(const std::string& path) {
    return forms::read_file(path);
}

void load_mini(storage::Store& store) {
    const std::string file = data("mini.template.json");
    store.add_template(forms::parse_template(forms::read_file(file), file), file);
}

std::vector<forms::Visit> mini_visits() {
    const std::string file = data("mini.visits.json");
    return forms::parse_visit_package(forms::read_file(file), file);
}

/// Back to version 12: without the per-day counts of approved visits and their triggers.
void undo_version_13(SQLite::Database& db) {
    db.exec("DROP TRIGGER client_day_visits_delete; DROP TRIGGER client_day_visits_update; DROP "
            "TABLE client_day_visits");
}

/// Back to version 11's visit_scores with the same rows: keyed by visit id, without the client
/// and the trigger that keeps it.
void undo_version_12(SQLite::Database& db) {
    db.exec("DROP TRIGGER visit_scores_follow_client; CREATE TABLE visit_scores_11 (visit_id "
            "INTEGER PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE, section_scores BLOB NOT "
            "NULL, question_scores BLOB NOT NULL); INSERT INTO visit_scores_11 SELECT visit_id, "
            "section_scores, question_scores FROM visit_scores; DROP TABLE visit_scores; ALTER "
            "TABLE visit_scores_11 RENAME TO visit_scores");
}

} // namespace

BOOST_AUTO_TEST_SUITE(store)

BOOST_AUTO_TEST_CASE(creates_private_file_with_current_schema) {
    TempDb t;
    { storage::SqliteStore s(t.path); }
    struct stat st {};
    BOOST_REQUIRE_EQUAL(::stat(t.path.c_str(), &st), 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    SQLite::Database db(t.path);
    BOOST_TEST(db.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    BOOST_TEST(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

BOOST_AUTO_TEST_CASE(version_6_migrates_to_audited_assignments_with_its_chain) {
    TempDb t;
    {
        SQLite::Database db(t.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        storage::migrate(db, 6);
        BOOST_REQUIRE(db.execAndGet("SELECT instr(sql, 'visit_id  INTEGER NOT NULL') > 0 FROM "
                                    "sqlite_schema WHERE name = 'audit_log'")
                          .getInt() == 1);
    }
    storage::SqliteStore s(t.path); // migrates to the current version
    const std::string tpl = (fs::path(VS_TEST_DATA) / "mini.template.json").string();
    const std::string visits = (fs::path(VS_TEST_DATA) / "mini.visits.json").string();
    s.add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
    s.import_visits(forms::parse_visit_package(forms::read_file(visits), visits), visits);
    s.record_status(*s.visit_id_of("00000000-0000-4000-8000-00000000000c"),
                    forms::Status::Submitted, forms::Status::Returned, "rita", "", "");
    storage::Assignment a;
    a.uuid = "as-1";
    a.client = "Test Client";
    a.branch = "B1";
    a.template_id = "mini";
    a.template_version = 1;
    a.window_from = "2026-10-01";
    a.window_to = "2026-10-31";
    s.put_assignments({a}, "planner");
    SQLite::Database db(t.path, SQLite::OPEN_READONLY);
    BOOST_TEST(db.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    BOOST_TEST(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM audit_log WHERE visit_id IS NULL AND "
                             "assignment_uuid = 'as-1'")
                   .getInt() == 1);
    const storage::AuditCheck check = s.verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
    BOOST_TEST(check.entries == 2);
}

BOOST_AUTO_TEST_CASE(version_10_migrates_to_visits_without_a_shopper_keeping_every_object) {
    TempDb t;
    const std::string objects = "SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT "
                                "LIKE 'sqlite_%' ORDER BY type, name";
    std::vector<std::string> before;
    {
        SQLite::Database db(t.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        storage::migrate(db, 10);
        BOOST_REQUIRE(db.execAndGet("SELECT \"notnull\" FROM pragma_table_info('visits') WHERE "
                                    "name = 'shopper_id'")
                          .getInt() == 1);
    }
    {
        storage::SqliteStore s(t.path);
        load_mini(s);
        s.import_visits(mini_visits(), "mini.visits.json");
    }
    {
        // Back to version 10's shape with these rows: the NOT NULL put back in the table's text.
        SQLite::Database db(t.path, SQLite::OPEN_READWRITE);
        undo_version_13(db);
        undo_version_12(db);
        db.exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, "
                "'shopper_id        INTEGER REFERENCES', 'shopper_id        INTEGER NOT NULL "
                "REFERENCES') WHERE name = 'visits'; PRAGMA writable_schema = OFF;");
        db.exec("PRAGMA schema_version = " +
                std::to_string(db.execAndGet("PRAGMA schema_version").getInt64() + 1));
        db.exec("PRAGMA user_version = 10");
    }
    {
        SQLite::Database db(t.path, SQLite::OPEN_READONLY);
        BOOST_REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 10);
        BOOST_REQUIRE(db.execAndGet("SELECT \"notnull\" FROM pragma_table_info('visits') WHERE "
                                    "name = 'shopper_id'")
                          .getInt() == 1);
        SQLite::Statement st(db, objects);
        while (st.executeStep())
            before.push_back(st.getColumn(0).getString() + " " + st.getColumn(1).getString() + " " +
                             st.getColumn(2).getString());
    }
    storage::SqliteStore s(t.path); // migrates to the current version
    const std::string tpl = data("survey.template.json");
    s.add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
    const std::string responses = data("survey.visits.json");
    BOOST_TEST(s.import_visits(forms::parse_visit_package(forms::read_file(responses), responses),
                               responses)
                   .added == 2u);
    SQLite::Database db(t.path, SQLite::OPEN_READONLY);
    BOOST_TEST(db.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    BOOST_TEST(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM pragma_foreign_key_check").getInt() == 0);
    BOOST_TEST(db.execAndGet("SELECT \"notnull\" FROM pragma_table_info('visits') WHERE name = "
                             "'shopper_id'")
                   .getInt() == 0);
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM visits WHERE shopper_id IS NULL").getInt() == 2);
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM visits WHERE shopper_id IS NOT NULL").getInt() ==
               3);
    // Every index, the answer_rows view and the tables are as they were (but for version 12's
    // index and trigger of visit_scores and version 13's counts); the view reads the responses
    // too.
    std::vector<std::string> after;
    SQLite::Statement st(db, objects);
    while (st.executeStep())
        after.push_back(st.getColumn(0).getString() + " " + st.getColumn(1).getString() + " " +
                        st.getColumn(2).getString());
    for (const std::string added :
         {"index visit_scores_by_visit visit_scores", "trigger visit_scores_follow_client visits",
          "table client_day_visits client_day_visits", "trigger client_day_visits_delete visits",
          "trigger client_day_visits_update visits"}) {
        BOOST_TEST(std::count(after.begin(), after.end(), added) == 1, added);
        after.erase(std::remove(after.begin(), after.end(), added), after.end());
    }
    BOOST_TEST(after == before, boost::test_tools::per_element());
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM answer_rows WHERE uuid LIKE '%d1'").getInt() ==
               3);
    // The mystery visits are unchanged: importing them again is a no-op.
    BOOST_TEST(s.import_visits(mini_visits(), "mini.visits.json").unchanged == 3u);
}

BOOST_AUTO_TEST_CASE(version_12_migrates_to_per_day_counts_of_the_stored_visits) {
    TempDb t;
    {
        storage::SqliteStore s(t.path);
        load_mini(s);
        s.import_visits(mini_visits(), "mini.visits.json"); // two approved, one submitted
    }
    {
        SQLite::Database db(t.path, SQLite::OPEN_READWRITE);
        undo_version_13(db);
        db.exec("PRAGMA user_version = 12");
    }
    storage::SqliteStore s(t.path); // migrates to the current version
    const auto activity = s.client_activity({});
    BOOST_REQUIRE_EQUAL(activity.size(), 1u);
    BOOST_TEST(activity[0].visits == 2);
    BOOST_TEST(activity[0].first_day == *forms::parse_day("2026-10-03"));
    BOOST_TEST(activity[0].last_day == *forms::parse_day("2026-10-10"));
    // The triggers count from here on.
    s.record_status(*s.visit_id_of("00000000-0000-4000-8000-00000000000c"),
                    forms::Status::Submitted, forms::Status::Approved, "rita", "", "");
    BOOST_TEST(s.client_activity({}).at(0).visits == 3);
    SQLite::Database db(t.path, SQLite::OPEN_READONLY);
    BOOST_TEST(db.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    BOOST_TEST(db.execAndGet("SELECT sum(visits) FROM client_day_visits").getInt() == 3);
}

BOOST_AUTO_TEST_CASE(version_5_migrates_to_the_field_cycle_with_its_rows) {
    TempDb t;
    {
        SQLite::Database db(t.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        storage::migrate(db, 5);
        BOOST_REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 5);
    }
    {
        storage::SqliteStore s(t.path);
        const std::string tpl = (fs::path(VS_TEST_DATA) / "mini.template.json").string();
        const std::string visits = (fs::path(VS_TEST_DATA) / "mini.visits.json").string();
        s.add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
        s.import_visits(forms::parse_visit_package(forms::read_file(visits), visits), visits);
    }
    // Back to version 5's shape with these rows: the later versions' columns and tables dropped.
    {
        SQLite::Database db(t.path, SQLite::OPEN_READWRITE);
        undo_version_13(db);
        undo_version_12(db);
        db.exec("DROP TABLE alert_mail; DROP TABLE notifications; DROP TABLE alert_recipients; "
                "DROP TABLE action_plans; "
                "DROP TABLE disputes; DROP INDEX attachments_by_sha256; DROP TABLE "
                "assignment_fees; DROP TABLE "
                "assignments; DROP TABLE "
                "shopper_exclusions; ALTER TABLE shoppers DROP COLUMN region_id; ALTER TABLE "
                "visits DROP COLUMN assignment_uuid; ALTER TABLE visits DROP COLUMN opened_at; "
                "ALTER TABLE visits DROP COLUMN first_answer_at; ALTER TABLE visits DROP COLUMN "
                "submitted_at; ALTER TABLE attachments DROP COLUMN sha256; ALTER TABLE "
                "attachments DROP COLUMN captured_at; DROP INDEX audit_by_assignment; ALTER "
                "TABLE audit_log DROP COLUMN assignment_uuid; PRAGMA user_version = 5");
    }
    storage::SqliteStore s(t.path);
    SQLite::Database db(t.path, SQLite::OPEN_READONLY);
    BOOST_TEST(db.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM visits WHERE opened_at IS NULL").getInt() == 3);
    const forms::Visit a =
        s.load_visit(*s.visit_id_of("00000000-0000-4000-8000-00000000000a")).visit;
    BOOST_TEST(a.assignment.empty());
    BOOST_TEST(a.evidence.empty());
    // The visits are unchanged: importing them again is a no-op (their hashes stay).
    const std::string visits = (fs::path(VS_TEST_DATA) / "mini.visits.json").string();
    BOOST_TEST(s.import_visits(forms::parse_visit_package(forms::read_file(visits), visits), visits)
                   .unchanged == 3u);
    storage::Assignment as;
    as.uuid = "as-1";
    as.client = "Test Client";
    as.branch = "B1";
    as.template_id = "mini";
    as.template_version = 1;
    as.window_from = as.window_to = "2099-01-01";
    s.put_assignments({as}, "t");
    s.set_shopper_region("Test Client", "S1", "North");
    BOOST_TEST(s.assignments({}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(newer_database_is_refused_untouched) {
    TempDb t;
    {
        SQLite::Database db(t.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE x (a); PRAGMA user_version = 999");
    }
    const std::string before = bytes_of(t.path);
    BOOST_CHECK_EXCEPTION(storage::SqliteStore s(t.path), storage::StorageError,
                          [](const storage::StorageError& e) {
                              return std::string(e.what()).find("newer") != std::string::npos;
                          });
    BOOST_TEST(bytes_of(t.path) == before);
}

BOOST_AUTO_TEST_CASE(templates_are_versioned_and_immutable) {
    storage::SqliteStore s(":memory:");
    const std::string file = data("mini.template.json");
    forms::Template t = forms::parse_template(forms::read_file(file), file);
    BOOST_TEST(s.add_template(t, file));
    BOOST_TEST(!s.add_template(t, file)); // same again: no-op
    forms::Template changed = t;
    changed.name = "Changed";
    BOOST_CHECK_THROW(s.add_template(changed, file), InputError);
    changed.version = 2;
    BOOST_TEST(s.add_template(changed, file));
    BOOST_TEST(s.latest_template("mini")->version == 2);
    BOOST_TEST(s.find_template("mini", 1)->name == "Mini test scorecard");
    BOOST_TEST(s.templates().size() == 2u);
}

BOOST_AUTO_TEST_CASE(import_scores_and_is_idempotent) {
    storage::SqliteStore s(":memory:");
    load_mini(s);
    auto visits = mini_visits();
    storage::ImportReport r = s.import_visits(visits, "mini.visits.json");
    BOOST_TEST(r.added == 3u);
    BOOST_TEST(r.unchanged == 0u);
    r = s.import_visits(visits, "mini.visits.json");
    BOOST_TEST(r.added == 0u);
    BOOST_TEST(r.unchanged == 3u);
    BOOST_TEST(s.visit_ids({}).size() == 3u);

    std::map<std::string, storage::VisitScoreRow> rows;
    storage::VisitFilter all;
    all.statuses.clear();
    s.visit_scores(all, [&](const storage::VisitScoreRow& row) { rows[row.uuid] = row; });
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    const auto& b = rows["00000000-0000-4000-8000-00000000000b"];
    BOOST_TEST(*b.raw == 155.0 / 3.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(*b.score == 25.0);
    BOOST_TEST(b.critical_failures == std::vector<std::string>{"greeted"});
    BOOST_TEST(!b.sections[1].second.raw.has_value()); // handling hidden
    BOOST_TEST(b.sections[0].second.critical_failure);
    // The hidden answer to "listened" was not stored.
    BOOST_TEST(s.load_visit(*s.visit_id_of(b.uuid)).visit.answers.dump().find("listened") ==
               std::string::npos);

    // The stored answers read back to the same typed answers.
    const auto tpl = s.find_template("mini", 1);
    for (const forms::Visit& v : visits) {
        const std::optional<std::int64_t> id = s.visit_id_of(v.uuid);
        BOOST_REQUIRE(id.has_value());
        auto stored = forms::typed_answers(*tpl, s.load_visit(*id).visit.answers, "db", "answers");
        BOOST_TEST((stored == forms::check_visit(*tpl, v, "f", "v")), v.uuid);
    }
}

BOOST_AUTO_TEST_CASE(conflicting_uuid_rejects_whole_file) {
    storage::SqliteStore s(":memory:");
    load_mini(s);
    auto visits = mini_visits();
    s.import_visits({visits[0]}, "first.json");
    visits[0].summary = "Edited afterwards";
    try {
        s.import_visits(visits, "second.json");
        BOOST_FAIL("a conflict was accepted");
    } catch (const InputError& e) {
        BOOST_TEST(e.file() == "second.json");
        BOOST_TEST(std::string(e.what()).find(visits[0].uuid) != std::string::npos);
    }
    // visits[1] and [2] came in the same file: nothing of it was written.
    BOOST_TEST(s.visit_ids({}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_visit_leaves_file_byte_for_byte_unchanged) {
    TempDb t;
    {
        storage::SqliteStore s(t.path);
        load_mini(s);
    }
    const std::string before = bytes_of(t.path);
    struct Case {
        const char* what;
        std::function<void(forms::Visit&)> spoil;
        const char* where;
    };
    const std::vector<Case> cases = {
        {"unknown template version", [](forms::Visit& v) { v.template_version = 9; },
         "visits[2] (00000000-0000-4000-8000-00000000000c).template"},
        {"scale out of range", [](forms::Visit& v) { v.answers["warmth"] = 6; },
         "visits[2] (00000000-0000-4000-8000-00000000000c).answers.warmth"},
        {"unknown option", [](forms::Visit& v) { v.answers["style"] = "rude"; },
         "visits[2] (00000000-0000-4000-8000-00000000000c).answers.style"},
        {"below min_applicable",
         [](forms::Visit& v) {
             v.answers = {{"greeted", "yes"}, {"warmth", "na"}};
         },
         "visits[2] (00000000-0000-4000-8000-00000000000c)"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.what);
        auto visits = mini_visits();
        c.spoil(visits[2]);
        storage::SqliteStore s(t.path);
        try {
            s.import_visits(visits, "bad.json");
            BOOST_ERROR("accepted");
        } catch (const InputError& e) {
            BOOST_TEST(e.file() == "bad.json");
            BOOST_TEST(e.where().find(c.where) == 0u, e.where());
        }
    }
    BOOST_TEST(bytes_of(t.path) == before);
}

BOOST_AUTO_TEST_CASE(data_version_changes_with_every_write_and_only_then) {
    TempDb t;
    storage::SqliteStore s(t.path);
    load_mini(s);
    const storage::DataVersion v0 = s.data_version();
    (void)s.load_facts({}, true); // reads change nothing
    (void)s.templates();
    BOOST_TEST((s.data_version() == v0));

    s.import_visits(mini_visits(), "mini.visits.json"); // a write through this store
    const storage::DataVersion v1 = s.data_version();
    BOOST_TEST(!(v1 == v0));
    (void)s.load_facts({}, false);
    BOOST_TEST((s.data_version() == v1));

    {
        storage::SqliteStore other(t.path); // a write through another connection
        other.set_setting("user", "someone else");
    }
    const storage::DataVersion v2 = s.data_version();
    BOOST_TEST(!(v2 == v1));
    BOOST_TEST((s.data_version() == v2));
}

BOOST_AUTO_TEST_CASE(wal_goes_back_into_the_file_while_the_store_is_open) {
    TempDb t;
    storage::SqliteStore s(t.path, storage::Checkpoints::Background); // as the app opens it
    const std::string value(100'000, 'x');                            // ~25 WAL frames per commit
    auto size_of = [](const std::string& path) {
        return fs::exists(path) ? fs::file_size(path) : std::uintmax_t{0};
    };
    // Saves now and then, as the app makes them: the checkpoint runs on its own thread after the
    // commit that crosses 1,000 frames (about the 38th here: ~27 frames each), so the file receives
    // at least those 3.8 MB while the store is open. How many of the later commits it also copies
    // depends on when the thread runs: the ones after its RESTART wait in the WAL for the next
    // 1,000 frames, as with SQLite's own checkpoint; so the test waits for half of what was
    // written.
    std::uintmax_t written = 0;
    for (int i = 0; i < 60; ++i, written += value.size())
        s.set_setting("a" + std::to_string(i), value);
    const std::uintmax_t half = written / 2;
    for (int i = 0; i < 500 && size_of(t.path) < half; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    BOOST_TEST(size_of(t.path) >= half);
    // Commits back to back (40 MB) do not let the WAL grow past ~4,000 frames (16 MB).
    for (int i = 0; i < 400; ++i)
        s.set_setting("b" + std::to_string(i), value);
    BOOST_TEST(size_of(t.path + "-wal") < 20'000'000u);
    BOOST_TEST(s.setting("b399", "") == value);
}

BOOST_AUTO_TEST_CASE(facts_hold_stored_scores_and_attribution) {
    storage::SqliteStore s(":memory:");
    load_mini(s);
    s.import_visits(mini_visits(), "mini.visits.json");
    storage::VisitFilter approved; // default: approved only
    scoring::FactTable f = s.load_facts(approved, true);
    BOOST_REQUIRE_EQUAL(f.visits.size(), 2u);
    const scoring::VisitFact& a = f.visits[0];
    BOOST_TEST(a.score == 83.75);
    BOOST_TEST(a.nps == 9);
    BOOST_TEST(f.employees[a.employee] == "E1");
    // handling (section 1) of visit A is attributed to E2 through section_employees
    BOOST_TEST(f.employees[f.sections[a.first_section + 1].employee] == "E2");
    BOOST_TEST(f.employees[f.sections[a.first_section + 0].employee] == "E1");
    // question values: warmth f = 0.75; notes (text) unscored -> NaN
    const auto& ref = f.templates[static_cast<std::size_t>(a.tmpl)];
    int warmth = ref.tpl->find_question("warmth");
    int notes = ref.tpl->find_question("notes");
    BOOST_TEST(f.questions[a.first_question + static_cast<std::size_t>(warmth)] == 0.75);
    BOOST_TEST(std::isnan(f.questions[a.first_question + static_cast<std::size_t>(notes)]));

    // Without attributions: the same visits and section scores, every section the primary's.
    const scoring::FactTable plain = s.load_facts(approved, false, false);
    BOOST_REQUIRE_EQUAL(plain.visits.size(), f.visits.size());
    const scoring::VisitFact& pa = plain.visits[0];
    BOOST_TEST(pa.score == a.score);
    for (std::size_t i = 0; i < ref.tpl->sections.size(); ++i) {
        BOOST_TEST(plain.sections[pa.first_section + i].employee == pa.employee);
        BOOST_TEST(plain.sections[pa.first_section + i].earned ==
                   f.sections[a.first_section + i].earned);
    }

    storage::VisitFilter south;
    south.statuses.clear();
    south.from_day = *forms::parse_day("2026-11-01");
    BOOST_TEST(s.load_facts(south, false).visits.size() == 1u);
    south.client = "Nobody";
    BOOST_TEST(s.load_facts(south, false).visits.empty());
}

BOOST_AUTO_TEST_CASE(a_large_fact_read_on_two_connections_equals_one_on_one) {
    // Past 20,000 visits load_facts reads two day ranges side by side on two connections; with a
    // rescore batch open it reads on the store's own connection alone (only that one sees what
    // the batch wrote). Both reads give the same facts.
    TempDb t;
    storage::SqliteStore s(t.path);
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const char* name : {"branch-visit", "phone-enquiry", "staged-complaint"}) {
        const std::string path = (fs::path(VS_TEMPLATES) / (std::string(name) + ".json")).string();
        templates.push_back(std::make_shared<const forms::Template>(
            forms::parse_template(forms::read_file(path), path)));
        s.add_template(*templates.back(), path);
    }
    storage::DemoOptions options;
    options.visits = 24'000;
    options.seed = 5;
    s.import_visits(storage::make_demo_data(templates, options).visits, "demo");

    auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    storage::VisitFilter all; // approved, every client and day
    storage::VisitFilter client_year = all;
    client_year.client = s.load_facts(all, false).clients.names.at(0);
    client_year.from_day = *forms::parse_day("2026-01-01");
    storage::VisitFilter every_status = client_year;
    every_status.statuses.clear();
    every_status.to_day = *forms::parse_day("2026-09-30");
    for (const storage::VisitFilter& f : {all, client_year, every_status}) {
        for (bool questions : {false, true}) {
            BOOST_TEST_INFO_SCOPE("client " << f.client.value_or("any") << ", questions "
                                            << questions);
            const scoring::FactTable two = s.load_facts(f, questions);
            BOOST_TEST(s.fact_readers() == 2);
            const auto batch = s.rescore_batch();
            const scoring::FactTable one = s.load_facts(f, questions);
            BOOST_TEST(s.fact_readers() == 1);
            BOOST_REQUIRE_EQUAL(two.visits.size(), one.visits.size());
            BOOST_TEST(one.visits.size() > 1000u);
            BOOST_TEST(two.sections.size() == one.sections.size());
            BOOST_TEST(two.questions.size() == one.questions.size());
            std::size_t differ = 0;
            for (std::size_t i = 0; i < one.visits.size(); ++i) {
                const scoring::VisitFact& a = two.visits[i];
                const scoring::VisitFact& b = one.visits[i];
                bool equal = a.visit_id == b.visit_id && a.client == b.client &&
                             a.region == b.region && a.branch == b.branch &&
                             a.employee == b.employee && a.shopper == b.shopper &&
                             a.tmpl == b.tmpl && a.day == b.day && same(a.raw, b.raw) &&
                             same(a.score, b.score) && a.target == b.target &&
                             a.critical_failure == b.critical_failure && a.nps == b.nps;
                const auto& tpl = *one.templates[static_cast<std::size_t>(b.tmpl)].tpl;
                for (std::size_t k = 0; equal && k < tpl.sections.size(); ++k) {
                    const scoring::SectionFact& x = two.sections[a.first_section + k];
                    const scoring::SectionFact& y = one.sections[b.first_section + k];
                    equal = same(x.raw, y.raw) && same(x.score, y.score) && x.earned == y.earned &&
                            x.possible == y.possible && x.critical_failure == y.critical_failure &&
                            x.employee == y.employee;
                }
                for (std::size_t k = 0; equal && questions && k < tpl.questions.size(); ++k)
                    equal = same(two.questions[a.first_question + k],
                                 one.questions[b.first_question + k]);
                differ += equal ? 0 : 1;
            }
            BOOST_TEST(differ == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(only_attributions_that_differ_from_the_primary_are_stored) {
    TempDb t;
    storage::SqliteStore s(t.path);
    load_mini(s);
    std::vector<forms::Visit> visits = mini_visits();
    // Visit A: primary E1, greeting named explicitly as E1's (the default), handling as E2's.
    visits[0].section_employees["greeting"] = "E1";
    BOOST_TEST(s.import_visits(visits, "mini.visits.json").added == 3u);

    // Which rows the schema holds: SQL of its own on the same file.
    SQLite::Database raw(t.path, SQLite::OPEN_READONLY);
    SQLite::Statement rows(raw, "SELECT v.uuid, x.section, e.code FROM visit_section_employees "
                                "x JOIN visits v ON v.id = x.visit_id JOIN employees e ON "
                                "e.id = x.employee_id");
    std::vector<std::string> stored;
    while (rows.executeStep())
        stored.push_back(rows.getColumn(0).getString() + " " + rows.getColumn(1).getString() + " " +
                         rows.getColumn(2).getString());
    BOOST_TEST(stored ==
                   std::vector<std::string>{"00000000-0000-4000-8000-00000000000a handling E2"},
               boost::test_tools::per_element());

    // Each section still has its employee, and the same file again is a no-op.
    scoring::FactTable f = s.load_facts({}, true);
    BOOST_REQUIRE_EQUAL(f.visits.size(), 2u);
    const scoring::VisitFact& a = f.visits[0];
    BOOST_TEST(f.employees[f.sections[a.first_section + 0].employee] == "E1");
    BOOST_TEST(f.employees[f.sections[a.first_section + 1].employee] == "E2");
    BOOST_TEST(s.import_visits(visits, "mini.visits.json").unchanged == 3u);

    // A draft saved by the app stores the same: the attribution to its primary is the default.
    const std::int64_t id = *s.visit_id_of("00000000-0000-4000-8000-00000000000c");
    services::return_visit(s, id, "tester", "check");
    storage::StoredVisit back = s.load_visit(id);
    back.visit.employee = "E3";
    back.visit.section_employees = {{"greeting", "E3"}, {"handling", "E1"}};
    s.save_draft(id, back.visit);
    const std::map<std::string, std::string> want{{"handling", "E1"}};
    BOOST_TEST((s.load_visit(id).visit.section_employees == want));
}

BOOST_AUTO_TEST_CASE(trainings_round_trip_and_unknown_employee_is_refused) {
    storage::SqliteStore s(":memory:");
    load_mini(s);
    s.import_visits(mini_visits(), "mini.visits.json");
    storage::Training t{"T1",          "Greeting basics", "Pat Trainer", "2026-09-01",
                        "Test Client", {"E1", "E2"},      {"greeting"}};
    s.add_trainings({t}, "t.json");
    auto stored = s.trainings(std::string("Test Client"));
    BOOST_REQUIRE_EQUAL(stored.size(), 1u);
    BOOST_TEST(stored[0].employees == (std::vector<std::string>{"E1", "E2"}));
    BOOST_TEST(stored[0].sections == std::vector<std::string>{"greeting"});
    t.employees.push_back("E404");
    BOOST_CHECK_THROW(s.add_trainings({t}, "t.json"), InputError);
    BOOST_TEST(s.trainings(std::nullopt)[0].employees.size() == 2u); // rolled back
}

BOOST_AUTO_TEST_CASE(score_arrays_follow_their_visits_client) {
    // visit_scores is keyed by (client, visit) (schema version 12): every writer keeps its
    // client_id equal to the visit's, and a visit moved to another client takes its row along.
    TempDb t;
    const std::string visit_uuid = "00000000-0000-4000-8000-00000000000c";
    {
        storage::SqliteStore s(t.path);
        load_mini(s);
        std::vector<forms::Visit> visits = mini_visits();
        forms::Visit other = visits[0];
        other.uuid = "20000000-0000-4000-8000-000000000001";
        other.client = "Other Client";
        visits.push_back(other);
        BOOST_TEST(s.import_visits(visits, "mini.visits.json").added == 4u);
        // An edit (a returned visit saved) names another client.
        const std::int64_t id = *s.visit_id_of(visit_uuid);
        services::return_visit(s, id, "tester", "check");
        storage::StoredVisit back = s.load_visit(id);
        back.visit.client = "Third Client";
        s.save_draft(id, back.visit);
        // A new draft.
        forms::Visit header = visits[1];
        header.uuid.clear();
        header.client = "Other Client";
        s.create_draft(header);
    }
    auto mismatched = [](SQLite::Database& db) {
        return db
            .execAndGet("SELECT (SELECT count(*) FROM visits) - (SELECT count(*) FROM visits v "
                        "JOIN visit_scores s ON s.client_id = v.client_id AND s.visit_id = v.id)")
            .getInt64();
    };
    auto arrays = [](SQLite::Database& db) {
        std::vector<std::string> out;
        SQLite::Statement st(db, "SELECT v.uuid || ' ' || c.name || ' ' || hex(s.section_scores) "
                                 "|| ' ' || hex(s.question_scores) FROM visit_scores s JOIN "
                                 "visits v ON v.id = s.visit_id JOIN clients c ON c.id = "
                                 "s.client_id ORDER BY v.uuid");
        while (st.executeStep())
            out.push_back(st.getColumn(0).getString());
        return out;
    };
    std::vector<std::string> before;
    {
        SQLite::Database db(t.path, SQLite::OPEN_READWRITE);
        BOOST_TEST(db.execAndGet("SELECT count(*) FROM visit_scores").getInt64() == 5);
        BOOST_TEST(mismatched(db) == 0);
        BOOST_TEST(db.execAndGet("SELECT c.name FROM visit_scores s JOIN clients c ON c.id = "
                                 "s.client_id JOIN visits v ON v.id = s.visit_id WHERE v.uuid = '" +
                                 visit_uuid + "'")
                       .getString() == "Third Client");
        // Any other writer of visits.client_id: the trigger moves the row.
        db.exec("UPDATE visits SET client_id = (SELECT id FROM clients WHERE name = 'Test "
                "Client') WHERE uuid = '" +
                visit_uuid + "'");
        BOOST_TEST(db.execAndGet("SELECT count(*) FROM visit_scores").getInt64() == 5);
        BOOST_TEST(mismatched(db) == 0);
        // A second row of the same visit under another client is refused (visit_id is unique).
        BOOST_CHECK_THROW(db.exec("INSERT INTO visit_scores SELECT client_id + 100, visit_id, "
                                  "section_scores, question_scores FROM visit_scores LIMIT 1"),
                          SQLite::Exception);
        before = arrays(db);
        BOOST_TEST(before.size() == 5u);
    }
    {
        // A rescore's rewrite of every visit's arrays (the same scores).
        storage::SqliteStore s(t.path);
        const std::string file = data("mini.template.json");
        const forms::Template tpl = forms::parse_template(forms::read_file(file), file);
        std::unique_ptr<storage::ScoreBatch> batch = s.rescore_batch();
        for (std::int64_t id : s.visits_scored_before(1000))
            batch->replace_scores(id, storage::prepare_visit(tpl, s.load_visit(id).visit, "", ""),
                                  1);
        batch->commit();
        SQLite::Database db(t.path, SQLite::OPEN_READONLY);
        BOOST_TEST(mismatched(db) == 0);
        BOOST_TEST((arrays(db) == before));
    }
    // A copy of the whole file (copy --to FILE) keeps each row with its visit's client.
    const std::string copy = (t.dir / "copy.db").string();
    storage::write_sqlite_copy(*storage::sqlite_raw_reader(t.path), copy);
    SQLite::Database db(copy, SQLite::OPEN_READONLY);
    BOOST_TEST(mismatched(db) == 0);
    BOOST_TEST((arrays(db) == before));
    BOOST_TEST(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
    BOOST_TEST(!db.execAndGet("SELECT EXISTS (SELECT 1 FROM pragma_foreign_key_check)").getInt());
}

BOOST_AUTO_TEST_SUITE_END()
