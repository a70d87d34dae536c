// `visitscore-cli assign` end to end, on a SQLite file and on the test cluster (VISITSCORE_TEST_PG,
// set by CTest's postgres fixture): assignments made from the plan (the same plan again adds
// nothing), a shopper's home region and exclusion, an add that breaks the lockout refused with
// exit 2 and nothing written, a CSV import all or nothing naming file, line and column, list
// filters and --json, cancel, accept and decline.
#include "cli_run.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>
#include <unistd.h>

using namespace vs::test;
using nlohmann::json;

namespace {

/// A database of its own on the test cluster, dropped when destroyed.
struct AssignServerDatabase {
    std::string server;
    std::string name;
    explicit AssignServerDatabase(const std::string& server_uri)
        : server(server_uri), name("vs_assign_" + std::to_string(::getpid())) {
        admin("DROP DATABASE IF EXISTS " + name);
        admin("CREATE DATABASE " + name);
    }
    ~AssignServerDatabase() {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
    }
    AssignServerDatabase(const AssignServerDatabase&) = delete;
    AssignServerDatabase& operator=(const AssignServerDatabase&) = delete;
    std::string uri() const { return server.substr(0, server.rfind('/') + 1) + name; }
    void admin(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
};

/// The mini scorecard and visits (Test Client: B1 in North, B2 in South; S1 visited B1 on
/// 2026-10-10) in a new SQLite file.
void mini_database(const TempDir& dir) {
    BOOST_REQUIRE_EQUAL(cli("--db " + dir.db() + " init").status, 0);
    BOOST_REQUIRE_EQUAL(
        cli("--db " + dir.db() + " template import " + data("mini.template.json")).status, 0);
    BOOST_REQUIRE_EQUAL(
        cli("--db " + dir.db() + " visits import " + data("mini.visits.json")).status, 0);
}

json list(const std::string& db, const std::string& filters = "") {
    const Run r = cli("--db " + db + " assign list --json " + filters);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    return json::parse(r.out).at("assignments");
}

/// The whole exercise against `db` (a quoted path or URI); `dir` holds the CSV files.
void exercise(const std::string& db, const TempDir& dir) {
    const std::string c = "--db " + db + " assign ";
    Run r = cli(c + "region --client 'Test Client' --shopper S2 --region South");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);

    // A dry run stores nothing; the plan made stores one per needed visit; made again, nothing.
    const std::string plan = "plan --client 'Test Client' --template mini --from 2027-01-01 "
                             "--to 2027-03-31 --fee 25 --half-width 20 --json";
    r = cli(c + plan + " --dry-run");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const json proposed = json::parse(r.out);
    BOOST_TEST(proposed.at("created") == false);
    BOOST_TEST(list(db).empty());
    r = cli(c + plan);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const json made = json::parse(r.out).at("assignments");
    BOOST_REQUIRE(!made.empty());
    BOOST_TEST(made.size() == proposed.at("assignments").size());
    for (std::size_t i = 0; i < made.size(); ++i) {
        BOOST_TEST(made[i].at("uuid") == proposed.at("assignments")[i].at("uuid"));
        BOOST_TEST(made[i].at("branch") == "B1");
        BOOST_TEST(made[i].at("fee_cents") == 2500);
        // S1 visited B1 on 2026-10-10: never sent there within 90 days.
        BOOST_TEST(!(made[i].at("shopper") == "S1" && made[i].at("window_from") < "2027-01-08"));
        if (made[i].at("shopper") == "")
            BOOST_TEST(made[i].at("reason").get<std::string>().find("lockout") !=
                       std::string::npos);
    }
    BOOST_TEST(list(db).size() == made.size());
    r = cli(c + plan);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const json again = json::parse(r.out); // kept: a range-for over a temporary's member dangles
    for (const json& a : again.at("assignments"))
        BOOST_TEST(a.at("existing") == true);
    BOOST_TEST(list(db).size() == made.size());

    // The lockout and an exclusion refuse an add: exit 2, a message naming why, nothing written.
    r = cli(c + "add --client 'Test Client' --branch B1 --template mini --from 2026-12-10 "
                "--to 2026-12-20 --shopper S1");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("within 90 days already (a visit on 2026-10-10") != std::string::npos,
               r.err);
    r = cli(c + "exclude --client 'Test Client' --shopper S2 --branch B2 --reason 'worked there'");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli(c + "add --client 'Test Client' --branch B2 --template mini --from 2027-06-01 "
                "--to 2027-06-10 --shopper S2");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("known at branch B2") != std::string::npos, r.err);
    BOOST_TEST(list(db).size() == made.size());
    r = cli(c + "add --client 'Test Client' --branch B2 --template mini --from 2027-06-01 "
                "--to 2027-06-10 --shopper S1 --fee 30 --scenario 'Ask for a refund'");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string added = r.out.substr(0, 36);

    // CSV: a bad cell or a refused row rejects the file, naming file, line and column.
    const std::string header =
        "client,branch,template,template_version,scenario,window_from,window_to,shopper,fee\n";
    const std::string bad_date =
        dir.write("bad.csv", header + "Test Client,B2,mini,1,,2027-09-01,2027-09-05,,\n" +
                                 "Test Client,B2,mini,1,,2027-09-31,2027-10-05,,\n");
    r = cli(c + "import " + bad_date);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("bad.csv: line 3, column 6 (window_from)") != std::string::npos, r.err);
    const std::string locked =
        dir.write("locked.csv", header + "Test Client,B2,mini,1,,2027-09-01,2027-09-05,,\n" +
                                    "Test Client,B2,mini,1,,2027-07-01,2027-07-05,S1,12.50\n");
    r = cli(c + "import " + locked);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("locked.csv: line 3, shopper") != std::string::npos, r.err);
    BOOST_TEST(list(db).size() == made.size() + 1);
    const std::string good = dir.write(
        "good.csv", header + "Test Client,B2,mini,1,,2027-09-01,2027-09-05,,\n" +
                        "Test Client,B2,mini,1,Phone first,2027-12-01,2027-12-05,S1,12.50\n");
    r = cli(c + "import " + good);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("2 assignments imported") != std::string::npos, r.out);

    // Filters, then the status steps.
    const json s1 = list(db, "--shopper S1");
    BOOST_TEST(s1.size() >= 2u);
    for (const json& a : s1)
        BOOST_TEST(a.at("shopper") == "S1");
    BOOST_TEST(list(db, "--from 2027-09-01 --to 2027-09-30").size() == 1u);
    r = cli(c + "accept " + added + " --shopper S2");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("not given to S2") != std::string::npos, r.err);
    BOOST_REQUIRE_EQUAL(cli(c + "accept " + added + " --shopper S1").status, 0);
    BOOST_REQUIRE_EQUAL(cli(c + "decline " + added + " --shopper S1").status, 0);
    BOOST_REQUIRE_EQUAL(cli(c + "cancel " + added).status, 0);
    const json cancelled = list(db, "--status cancelled");
    BOOST_REQUIRE_EQUAL(cancelled.size(), 1u);
    BOOST_TEST(cancelled[0].at("uuid") == added);
    r = cli(c + "cancel " + added);
    BOOST_TEST(r.status == 2);
    r = cli(c + "list --status lost");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--status") != std::string::npos, r.err);
}

} // namespace

BOOST_AUTO_TEST_SUITE(assign_cli)

BOOST_AUTO_TEST_CASE(assignments_on_a_sqlite_file) {
    TempDir dir;
    mini_database(dir);
    exercise(dir.db(), dir);
}

BOOST_AUTO_TEST_CASE(demo_data_holds_assignments_in_every_status) {
    TempDir dir;
    const Run r = cli("--db " + dir.db() + " demo --visits 600 --seed 3");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    std::set<std::string> statuses;
    std::size_t with_fee = 0, visited_linked = 0;
    for (const json& a : list(dir.db())) {
        statuses.insert(a.at("status").get<std::string>());
        with_fee += a.contains("fee_cents"); // absent when the account may not read it
        visited_linked += a.at("status") == "visited" && a.at("visit_uuid").is_string();
    }
    BOOST_TEST(statuses == (std::set<std::string>{"offered", "accepted", "declined", "visited",
                                                  "overdue", "cancelled"}),
               boost::test_tools::per_element());
    BOOST_TEST(with_fee > 0u);
    BOOST_TEST(visited_linked > 0u);

    // A second run, with another seed too, is refused up front and writes nothing.
    const auto assignments_before = list(dir.db());
    const Run scores_before = cli("--db " + dir.db() + " visits score --json");
    for (const std::string seed : {"3", "4"}) {
        const Run again = cli("--db " + dir.db() + " demo --visits 600 --seed " + seed);
        BOOST_TEST(again.status == 2);
        BOOST_TEST(again.err.find("demo data already present") != std::string::npos, again.err);
        BOOST_TEST(again.err.find(dir.db()) != std::string::npos, again.err);
        BOOST_TEST(again.out.empty());
    }
    BOOST_TEST(list(dir.db()) == assignments_before);
    BOOST_TEST(cli("--db " + dir.db() + " visits score --json").out == scores_before.out);
}

BOOST_AUTO_TEST_CASE(assignments_on_a_server) {
    const char* server = std::getenv("VISITSCORE_TEST_PG");
    if (!server || !*server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: assignments on a server not checked");
        return;
    }
    TempDir dir;
    mini_database(dir);
    AssignServerDatabase pg(server);
    const Run copied = cli("copy --from " + dir.db() + " --to '" + pg.uri() + "'");
    BOOST_REQUIRE_MESSAGE(copied.status == 0, copied.err);
    exercise("'" + pg.uri() + "'", dir);
}

BOOST_AUTO_TEST_SUITE_END()
