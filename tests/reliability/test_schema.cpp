// Schema migration: every tests/data/schema/vN.sql (a `sqlite3 .dump` of a database written by
// the code of schema version N, plus its PRAGMA user_version) opens and migrates to the current
// version with every row kept, and scores and reports equal what that version printed
// (vN.scores.json, vN.report.json, when present). A newer database is refused untouched:
// tests/storage/test_store.cpp covers that.

#include "tests/reliability/util.h"

#include "forms/json_io.h"
#include "storage/schema.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace rel;
using nlohmann::json;

namespace {

/// Every row of every table, as text (quote() keeps blobs and reals exact), by table name.
/// Only the columns of `columns_of` when given: a newer schema may add columns.
std::map<std::string, std::vector<std::string>>
table_rows(SQLite::Database& db, const std::map<std::string, std::vector<std::string>>* columns_of,
           std::map<std::string, std::vector<std::string>>* columns_out) {
    std::vector<std::string> tables;
    {
        SQLite::Statement st(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                 "NOT LIKE 'sqlite_%' ORDER BY name");
        while (st.executeStep())
            tables.push_back(st.getColumn(0).getString());
    }
    std::map<std::string, std::vector<std::string>> out;
    for (const std::string& t : tables) {
        std::vector<std::string> cols;
        if (columns_of) {
            auto it = columns_of->find(t);
            if (it == columns_of->end())
                continue; // a table the older version did not have
            cols = it->second;
        } else {
            // Names come from the database's own schema, never from user input.
            SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
            info.bind(1, t);
            while (info.executeStep())
                cols.push_back(info.getColumn(0).getString());
        }
        if (columns_out)
            (*columns_out)[t] = cols;
        std::string select;
        for (std::size_t i = 0; i < cols.size(); ++i)
            select += (i ? " || '|' || " : "") + std::string("quote(\"") + cols[i] + "\")";
        SQLite::Statement st(db, "SELECT " + select + " FROM \"" + t + "\"");
        std::vector<std::string>& rows = out[t];
        while (st.executeStep())
            rows.push_back(st.getColumn(0).getString());
        std::sort(rows.begin(), rows.end());
    }
    return out;
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

std::vector<std::string> fixtures() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(fs::path(VS_TEST_DATA) / "schema"))
        if (std::regex_match(e.path().filename().string(), std::regex(R"(v[0-9]+\.sql)")))
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

        // The rows as that version wrote them.
        SQLite::Database pristine(":memory:", SQLite::OPEN_READWRITE);
        pristine.exec(sql);
        const int version = pristine.execAndGet("PRAGMA user_version").getInt();
        BOOST_TEST_REQUIRE(version >= 1);
        BOOST_TEST_REQUIRE(version <= vs::storage::kSchemaVersion);
        std::map<std::string, std::vector<std::string>> columns;
        auto before = table_rows(pristine, nullptr, &columns);

        {
            SQLite::Database file(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            file.exec(sql);
        }
        { vs::storage::SqliteStore migrated(db); } // migrates to the current version
        {
            SQLite::Database file(db, SQLite::OPEN_READONLY);
            BOOST_TEST(file.execAndGet("PRAGMA user_version").getInt() ==
                       vs::storage::kSchemaVersion);
            auto after = table_rows(file, &columns, nullptr);
            std::size_t rows = 0;
            for (const auto& [table, want] : before) {
                BOOST_TEST_INFO_SCOPE("table " << table);
                BOOST_TEST(after[table].size() == want.size());
                BOOST_TEST((after[table] == want));
                rows += want.size();
            }
            std::cout << "schema_migration: " << fs::path(sql_file).filename().string()
                      << " (version " << version << ") migrated to "
                      << vs::storage::kSchemaVersion << ": " << before.size() << " tables, "
                      << rows << " rows kept\n";
        }
        BOOST_TEST(integrity_check(db) == "ok");

        // Scores and reports equal what that version printed.
        const std::string stem = sql_file.substr(0, sql_file.size() - 4);
        if (fs::exists(stem + ".scores.json")) {
            Run r = cli({"--db", db, "visits", "score", "--json"});
            BOOST_TEST_REQUIRE(r.status == 0, r.err);
            check_subset(json::parse(r.out), json::parse(vs::forms::read_file(stem + ".scores.json")),
                         "scores");
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
                    it = std::set<std::string>{"key", "n", "mean", "min", "max", "median",
                                               "pass_rate", "critical_fail_rate"}
                                 .count(it.key())
                             ? std::next(it)
                             : g.erase(it);
            check_subset(json::parse(r.out), want, "report");
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

BOOST_AUTO_TEST_SUITE_END()
