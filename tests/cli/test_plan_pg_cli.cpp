// End to end on the server backend: demo data copied from a SQLite file to a PostgreSQL database
// (copy --from --to), and `visitscore-cli plan --json` on the server equal to plan_oracle.py's
// independent implementation of SCORING.md §9 on the SQLite file. Runs on the test cluster
// (VISITSCORE_TEST_PG, set by CTest's postgres fixture).
#include "cli_run.h"
#include "plan_check.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <unistd.h>

using namespace vs::test;

namespace {

/// A database of its own on the test cluster, dropped when destroyed.
struct PlanServerDatabase {
    std::string server;
    std::string name;
    explicit PlanServerDatabase(const std::string& server_uri)
        : server(server_uri), name("vs_plan_" + std::to_string(::getpid())) {
        admin("DROP DATABASE IF EXISTS " + name);
        admin("CREATE DATABASE " + name);
    }
    ~PlanServerDatabase() {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
    }
    PlanServerDatabase(const PlanServerDatabase&) = delete;
    PlanServerDatabase& operator=(const PlanServerDatabase&) = delete;
    std::string uri() const { return server.substr(0, server.rfind('/') + 1) + name; }
    void admin(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(plan_pg_cli)

BOOST_AUTO_TEST_CASE(server_plan_equals_the_independent_implementation) {
    const char* server = std::getenv("VISITSCORE_TEST_PG");
    if (!server || !*server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: the server plan is not checked");
        return;
    }
    TempDir dir;
    BOOST_REQUIRE_EQUAL(cli("--db " + dir.db() + " demo --visits 400 --seed 7").status, 0);
    PlanServerDatabase pg(server);
    const Run copied = cli("copy --from " + dir.db() + " --to '" + pg.uri() + "'");
    BOOST_REQUIRE_MESSAGE(copied.status == 0, copied.err);
    PlanTally tally;
    for (const PlanArgs& a : plan_cases()) {
        BOOST_TEST_INFO_SCOPE(a.cli_args());
        const Run r = cli("--db '" + pg.uri() + "' " + a.cli_args());
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        check_plan_equal(nlohmann::json::parse(r.out), plan_oracle(dir.db(), a), tally);
    }
    BOOST_TEST(tally.pooled > 50u);
    BOOST_TEST(tally.capped > 10u);
    BOOST_TEST(tally.null_needed > 0u);
    // An unknown client is refused on the server too.
    const Run r = cli("--db '" + pg.uri() + "' plan --client Acme");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("no client named \"Acme\"") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
