// Schema migration: every tests/data/schema/vN.sql (a `sqlite3 .dump` of a database written by
// the code of schema version N, plus its PRAGMA user_version) opens and migrates to the current
// version with every row kept, and scores and reports equal what that version printed
// (vN.scores.json, vN.report.json, when present). Columns a later version moved to a table of
// their own (visits.section_scores -> visit_scores) are followed by the row's id. From version 2
// on, the audit chain still verifies against the head that version wrote, and attachments,
// settings and review notes read back the same through the app's store. Every fixture's scores
// are scoring rules version 1, and a rescore moves none of them. A newer database is
// refused untouched: tests/storage/test_store.cpp covers that.

#include "forms/json_io.h"
#include "storage/schema.h"
#include "storage/sqlite_store.h"
#include "tests/reliability/util.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

namespace fs = std::filesystem;
using namespace rel;
using nlohmann::json;

namespace {

/// The user tables of a database, by name.
std::vector<std::string> tables_of(SQLite::Database& db) {
    std::vector<std::string> out;
    SQLite::Statement st(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                             "LIKE 'sqlite_%' ORDER BY name");
    while (st.executeStep())
        out.push_back(st.getColumn(0).getString());
    return out;
}

/// The columns of a table, in order (none when there is no such table).
std::vector<std::string> columns_of(SQLite::Database& db, const std::string& table) {
    std::vector<std::string> out;
    SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
    info.bind(1, table);
    while (info.executeStep())
        out.push_back(info.getColumn(0).getString());
    return out;
}

/// The rows of `columns` of a table as text (quote() keeps blobs and reals exact), sorted.
std::vector<std::string> rows_of(SQLite::Database& db, const std::string& table,
                                 const std::vector<std::string>& columns) {
    // Names come from the databases' own schema, never from user input.
    std::string select;
    for (const std::string& c : columns) {
        select += select.empty() ? "quote(\"" : " || '|' || quote(\"";
        select += c;
        select += "\")";
    }
    std::vector<std::string> rows;
    SQLite::Statement st(db, "SELECT " + select + " FROM \"" + table + "\"");
    while (st.executeStep())
        rows.push_back(st.getColumn(0).getString());
    std::sort(rows.begin(), rows.end());
    return rows;
}

/// A table of `db` that took over `column` of `table` (keyed by visits -> visit_id), or "".
std::string moved_to(SQLite::Database& db, const std::string& table, const std::string& column) {
    const std::string key = table.substr(0, table.size() - 1) + "_id";
    for (const std::string& t : tables_of(db)) {
        const auto cols = columns_of(db, t);
        if (std::count(cols.begin(), cols.end(), column) &&
            std::count(cols.begin(), cols.end(), key))
            return t;
    }
    return "";
}

/// Every row of every table of `old_db` is in `new_db`: the columns a newer schema kept in
/// place, and the columns it moved to a table keyed by the row's id. Returns the rows compared.
std::size_t check_rows_kept(SQLite::Database& old_db, SQLite::Database& new_db) {
    std::size_t rows = 0;
    for (const std::string& table : tables_of(old_db)) {
        BOOST_TEST_INFO_SCOPE("table " << table);
        const auto after_cols = columns_of(new_db, table);
        BOOST_TEST_REQUIRE(!after_cols.empty(), "the table is gone");
        std::vector<std::string> kept, moved;
        for (const std::string& c : columns_of(old_db, table))
            (std::count(after_cols.begin(), after_cols.end(), c) ? kept : moved).push_back(c);
        const auto want = rows_of(old_db, table, kept);
        BOOST_TEST(rows_of(new_db, table, kept).size() == want.size());
        BOOST_TEST((rows_of(new_db, table, kept) == want));
        rows += want.size();
        for (const std::string& c : moved) {
            BOOST_TEST_INFO_SCOPE("column " << c);
            const std::string to = moved_to(new_db, table, c);
            BOOST_TEST_REQUIRE(!to.empty(), "the column is gone");
            const std::string key = table.substr(0, table.size() - 1) + "_id";
            BOOST_TEST((rows_of(new_db, to, {key, c}) == rows_of(old_db, table, {"id", c})));
        }
    }
    return rows;
}

/// What version 2 added survives the migration as the app reads it: the audit chain verifies
/// against the head that version wrote, attachments hold their bytes, settings and review
/// notes keep their values.
void check_app_data(SQLite::Database& pristine, const std::string& db) {
    const std::int64_t entries = pristine.execAndGet("SELECT count(*) FROM audit_log").getInt64();
    BOOST_TEST_REQUIRE(entries > 0, "the fixture has no audit entries");
    const std::string head =
        pristine.execAndGet("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").getString();
    Run r = cli({"--db", db, "audit", "verify", "--head", head});
    BOOST_TEST(r.status == 0, r.out << r.err);
    BOOST_TEST(r.out.find(std::to_string(entries) + " entries; head " + head) != std::string::npos,
               r.out);

    vs::storage::SqliteStore store(db);
    std::size_t attachments = 0;
    SQLite::Statement att(pristine, "SELECT id, visit_id, name, data FROM attachments ORDER BY id");
    while (att.executeStep()) {
        const std::int64_t id = att.getColumn(0).getInt64();
        const auto* p = static_cast<const unsigned char*>(att.getColumn(3).getBlob());
        const std::vector<unsigned char> bytes(p, p + att.getColumn(3).getBytes());
        BOOST_TEST((store.attachment_data(id) == bytes), "attachment " << id);
        bool listed = false;
        for (const auto& a : store.attachments(att.getColumn(1).getInt64()))
            listed |= a.id == id && a.name == att.getColumn(2).getString() &&
                      a.size == static_cast<std::int64_t>(bytes.size());
        BOOST_TEST(listed, "attachment " << id);
        ++attachments;
    }
    BOOST_TEST(attachments > 0u, "the fixture has no attachments");
    std::size_t settings = 0;
    SQLite::Statement set(pristine, "SELECT key, value FROM settings");
    for (; set.executeStep(); ++settings)
        BOOST_TEST(store.setting(set.getColumn(0).getString(), "(missing)") ==
                   set.getColumn(1).getString());
    BOOST_TEST(settings > 0u, "the fixture has no settings");
    std::size_t notes = 0;
    SQLite::Statement note(pristine, "SELECT id, review_note FROM visits WHERE review_note <> ''");
    for (; note.executeStep(); ++notes) {
        const std::int64_t id = note.getColumn(0).getInt64();
        BOOST_TEST(store.load_visit(id).note == note.getColumn(1).getString());
        BOOST_TEST(!store.audit_log(id).empty());
    }
    BOOST_TEST(notes > 0u, "the fixture has no review notes");
    std::cout << "schema_migration: the chain of " << entries << " audit entries verifies, "
              << attachments << " attachments, " << settings << " settings and " << notes
              << " review notes intact\n";
}

/// True when every member of `want` is in `got` with an equal value (numbers within 1e-9).
void check_subset(const json& got, const json& want, const std::string& path) {
    BOOST_TEST_INFO_SCOPE(path);
    if (want.is_number() && got.is_number()) {
        BOOST_TEST(got.get<double>() == want.get<double>(), boost::test_tools::tolerance(1e-9));
    } else if (want.is_object()) {
        BOOST_TEST_REQUIRE(got.is_object());
        for (const auto& [k, v] : want.items()) {
            BOOST_TEST_REQUIRE(got.contains(k), path + "." + k + " is missing");
            check_subset(got[k], v, path + "." + k);
        }
    } else if (want.is_array()) {
        BOOST_TEST_REQUIRE(got.is_array());
        BOOST_TEST_REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i)
            check_subset(got[i], want[i], path + "[" + std::to_string(i) + "]");
    } else {
        BOOST_TEST((got == want), got.dump() << " != " << want.dump());
    }
}

/// vN.sql (std::regex would do, but draws GCC 12's false -Wmaybe-uninitialized at -O1).
bool is_fixture_name(const std::string& name) {
    return name.size() > 5 && name.front() == 'v' && name.ends_with(".sql") &&
           std::all_of(name.begin() + 1, name.end() - 4,
                       [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> fixtures() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(fs::path(VS_TEST_DATA) / "schema"))
        if (is_fixture_name(e.path().filename().string()))
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(schema_migration)

BOOST_AUTO_TEST_CASE(every_version_fixture_migrates_with_nothing_lost) {
    const std::vector<std::string> files = fixtures();
    BOOST_TEST_REQUIRE(!files.empty());
    for (const std::string& sql_file : files) {
        BOOST_TEST_INFO_SCOPE(sql_file);
        const std::string sql = vs::forms::read_file(sql_file);
        TempDir dir;
        const std::string db = dir.path("fixture.db");

        // The rows as that version wrote them, and the same after the migration.
        SQLite::Database pristine(":memory:", SQLite::OPEN_READWRITE);
        pristine.exec(sql);
        const int version = pristine.execAndGet("PRAGMA user_version").getInt();
        BOOST_TEST_REQUIRE(version >= 1);
        BOOST_TEST_REQUIRE(version <= vs::storage::kSchemaVersion);
        {
            SQLite::Database file(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            file.exec(sql);
        }
        { vs::storage::SqliteStore migrated(db); } // migrates to the current version
        {
            SQLite::Database file(db, SQLite::OPEN_READONLY);
            BOOST_TEST(file.execAndGet("PRAGMA user_version").getInt() ==
                       vs::storage::kSchemaVersion);
            const std::size_t rows = check_rows_kept(pristine, file);
            std::cout << "schema_migration: " << fs::path(sql_file).filename().string()
                      << " (version " << version << ") migrated to " << vs::storage::kSchemaVersion
                      << ": " << tables_of(pristine).size() << " tables, " << rows
                      << " rows kept\n";
        }
        BOOST_TEST(integrity_check(db) == "ok");
        {
            // Version 4 rewrote the status constraint as comparisons: it still refuses a status
            // that is not one of the five, through a connection opened after the migration.
            SQLite::Database file(db, SQLite::OPEN_READWRITE);
            const std::string table =
                file.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'visits'").getString();
            BOOST_TEST(table.find("CHECK (status = 'approved' OR status = 'submitted' OR "
                                  "status = 'draft' OR status = 'returned' OR "
                                  "status = 'excluded')") != std::string::npos,
                       table);
            BOOST_TEST(table.find("status IN") == std::string::npos, table);
            BOOST_CHECK_THROW(file.exec("UPDATE visits SET status = 'lost' WHERE id = "
                                        "(SELECT min(id) FROM visits)"),
                              SQLite::Exception);
            file.exec("UPDATE visits SET status = status WHERE id = (SELECT min(id) FROM visits)");
            // Version 11 took the NOT NULL off shopper_id (customer survey responses have no
            // shopper) in the table's text, whichever version wrote it.
            BOOST_TEST(file.execAndGet("SELECT \"notnull\" FROM pragma_table_info('visits') "
                                       "WHERE name = 'shopper_id'")
                               .getInt() == 0,
                       table);
        }
        if (version >= 2)
            check_app_data(pristine, db);

        // Scores and reports equal what that version printed.
        const std::string stem = sql_file.substr(0, sql_file.size() - 4);
        if (fs::exists(stem + ".scores.json")) {
            Run r = cli({"--db", db, "visits", "score", "--json"});
            BOOST_TEST_REQUIRE(r.status == 0, r.err);
            check_subset(json::parse(r.out),
                         json::parse(vs::forms::read_file(stem + ".scores.json")), "scores");
        }
        if (fs::exists(stem + ".report.json")) {
            Run r = cli({"--db", db, "report", "--by", "branch,employee", "--period", "quarter",
                         "--status", "all", "--json"});
            BOOST_TEST_REQUIRE(r.status == 0, r.err);
            // The measures that come from the stored visits alone; how sections are attributed
            // in a group is statistics' choice and may change between versions (it did: a
            // section now counts for its section employee only).
            json want = json::parse(vs::forms::read_file(stem + ".report.json"));
            for (json& g : want["groups"])
                for (auto it = g.begin(); it != g.end();)
                    it = std::set<std::string>{"key", "n",      "mean",      "min",
                                               "max", "median", "pass_rate", "critical_fail_rate"}
                                 .count(it.key())
                             ? std::next(it)
                             : g.erase(it);
            check_subset(json::parse(r.out), want, "report");
        }
        // Its scores were made before versions were recorded: rules version 1, whose numbers
        // today's rules repeat (scoring::kRulesVersion says what changed), so a rescore checks
        // every visit and moves none.
        {
            SQLite::Database file(db, SQLite::OPEN_READONLY);
            BOOST_TEST(file.execAndGet("SELECT count(*) FROM visits WHERE scoring_rules <> 1")
                           .getInt64() == 0);
            const std::int64_t visits = file.execAndGet("SELECT count(*) FROM visits").getInt64();
            Run rescored = cli({"--db", db, "rescore", "--json"});
            BOOST_TEST_REQUIRE(rescored.status == 0, rescored.err);
            const json summary = json::parse(rescored.out);
            BOOST_TEST(summary["checked"].get<std::int64_t>() == visits);
            BOOST_TEST(summary["changed"] == 0);
        }
        // The migrated database takes new writes.
        json package = json::parse(vs::forms::read_file(data("mini.visits.json")));
        for (json& v : package["visits"])
            v["uuid"] = "10000000" + v["uuid"].get<std::string>().substr(8);
        Run r = cli({"--db", db, "visits", "import", dir.write("new.visits.json", package.dump())});
        BOOST_TEST(r.status == 0, r.err);
        BOOST_TEST(r.out.find("3 visits imported") != std::string::npos, r.out);
        r = cli({"--db", db, "audit", "verify"});
        BOOST_TEST(r.status == 0, r.err);
    }
}

BOOST_AUTO_TEST_CASE(version_12_keys_the_score_arrays_by_client) {
    // The v2 fixture (four clients, their visits interleaved) brought to version 11, where
    // visit_scores is keyed by visit id, then migrated: every row kept with its visit's client,
    // in a table whose key leads with the client.
    TempDir dir;
    const std::string db = dir.path("v11.db");
    const std::vector<std::string> columns{"visit_id", "section_scores", "question_scores"};
    std::vector<std::string> before;
    {
        SQLite::Database file(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        file.exec(vs::forms::read_file(data("schema/v2.sql")));
        file.exec("PRAGMA foreign_keys = ON");
        vs::storage::migrate(file, 11);
        BOOST_TEST_REQUIRE(file.execAndGet("PRAGMA user_version").getInt() == 11);
        BOOST_TEST_REQUIRE(columns_of(file, "visit_scores") == columns);
        before = rows_of(file, "visit_scores", columns);
        BOOST_TEST_REQUIRE(before.size() > 10u);
        BOOST_TEST_REQUIRE(
            file.execAndGet("SELECT count(DISTINCT client_id) FROM visits").getInt() > 1);
    }
    { vs::storage::SqliteStore migrated(db); }
    SQLite::Database file(db, SQLite::OPEN_READWRITE);
    file.exec("PRAGMA foreign_keys = ON");
    BOOST_TEST(file.execAndGet("PRAGMA user_version").getInt() == vs::storage::kSchemaVersion);
    BOOST_TEST((rows_of(file, "visit_scores", columns) == before));
    BOOST_TEST(file.execAndGet("SELECT count(*) FROM visit_scores s JOIN visits v ON v.id = "
                               "s.visit_id AND v.client_id = s.client_id")
                   .getInt64() == static_cast<std::int64_t>(before.size()));
    const std::string table =
        file.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'visit_scores'").getString();
    BOOST_TEST(table.find("PRIMARY KEY (client_id, visit_id)") != std::string::npos, table);
    BOOST_TEST(table.find("WITHOUT ROWID") != std::string::npos, table);
    BOOST_TEST(integrity_check(db) == "ok");
    BOOST_TEST(!file.execAndGet("SELECT EXISTS (SELECT 1 FROM pragma_foreign_key_check)").getInt());
    // One client's arrays are one range of the key; a visit's are found by its id alone too.
    auto plan = [&](const std::string& sql) {
        std::string out;
        SQLite::Statement st(file, "EXPLAIN QUERY PLAN " + sql);
        while (st.executeStep())
            out += st.getColumn(3).getString() + "\n";
        return out;
    };
    const std::string by_client =
        plan("SELECT section_scores FROM visit_scores WHERE client_id = 2 AND visit_id BETWEEN 1 "
             "AND 100");
    BOOST_TEST(by_client.find("USING PRIMARY KEY (client_id=? AND visit_id>? AND visit_id<?)") !=
                   std::string::npos,
               by_client);
    const std::string by_visit = plan("SELECT section_scores FROM visit_scores WHERE visit_id = 5");
    BOOST_TEST(by_visit.find("USING INDEX visit_scores_by_visit (visit_id=?)") != std::string::npos,
               by_visit);
    // A visit moved to another client takes its row along; a deleted visit's row goes.
    const std::int64_t id =
        file.execAndGet("SELECT min(visit_id) FROM visit_scores WHERE client_id = 2").getInt64();
    file.exec("UPDATE visits SET client_id = 3 WHERE id = " + std::to_string(id));
    BOOST_TEST(
        file.execAndGet("SELECT client_id FROM visit_scores WHERE visit_id = " + std::to_string(id))
            .getInt64() == 3);
    BOOST_TEST((rows_of(file, "visit_scores", columns) == before));
    const std::int64_t unaudited =
        file.execAndGet("SELECT min(id) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM audit_log "
                        "a WHERE a.visit_id = v.id)")
            .getInt64();
    file.exec("DELETE FROM attachments WHERE visit_id = " + std::to_string(unaudited));
    file.exec("DELETE FROM visits WHERE id = " + std::to_string(unaudited));
    BOOST_TEST(file.execAndGet("SELECT count(*) FROM visit_scores").getInt64() ==
               static_cast<std::int64_t>(before.size()) - 1);
}

BOOST_AUTO_TEST_SUITE_END()
