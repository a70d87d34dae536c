// A server database under faults and load, with the real visitscore-cli and a real PostgreSQL:
//   server_faults  the server crashes (immediate shutdown, as kill -9 or a power cut would
//                  leave it) at random moments of an import: after it restarts the package is
//                  wholly there or wholly absent, the import then completes, and a repeat
//                  changes nothing. A cluster of its own (tests/pg_cluster.sh), since it is
//                  crashed on purpose.
//   review_load    many reviewer processes at once on the shared test cluster
//                  (bench_review_load): no error reaching a person, no lost update, one audit
//                  chain that verifies.

#include "util.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

using namespace rel;

namespace {

using Clock = std::chrono::steady_clock;

/// The shared test cluster's URI (set by CTest's postgres fixture).
std::string test_server() {
    const char* uri = std::getenv("VISITSCORE_TEST_PG");
    BOOST_REQUIRE_MESSAGE(uri && *uri, "VISITSCORE_TEST_PG is not set: run through ctest, which "
                                       "starts a test cluster");
    return uri;
}

/// `uri` with its database name replaced by `name`.
std::string with_database(const std::string& uri, const std::string& name) {
    return uri.substr(0, uri.rfind('/') + 1) + name;
}

int run_script(const std::string& action, int port) {
    const std::string cmd =
        std::string(VS_PG_CLUSTER) + " " + action + " " + std::to_string(port) + " >/dev/null";
    return std::system(cmd.c_str());
}

/// A cluster of this test's own, on the port after the shared one's, removed at the end.
struct OwnCluster {
    int port = 0;
    std::string uri;
    OwnCluster() {
        const std::string shared = test_server();
        const auto colon = shared.rfind(':');
        port = std::stoi(shared.substr(colon + 1, shared.rfind('/') - colon - 1)) + 1;
        BOOST_REQUIRE_EQUAL(run_script("start", port), 0);
        uri = "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/postgres";
    }
    ~OwnCluster() { run_script("stop", port); }
    void sql(const std::string& statement) const {
        pqxx::connection conn(uri);
        pqxx::nontransaction tx(conn);
        tx.exec(statement);
    }
    std::string database(const std::string& name) const { return with_database(uri, name); }
};

std::int64_t count_server_visits(const std::string& uri) {
    pqxx::connection conn(uri);
    pqxx::read_transaction tx(conn);
    return tx.exec("SELECT count(*) FROM visits")[0][0].as<std::int64_t>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_faults)

BOOST_AUTO_TEST_CASE(a_server_crash_during_import_leaves_all_or_nothing) {
    OwnCluster cluster;
    TempDir dir;
    const long visits = env_long("VS_SERVER_KILL_VISITS", 8000);
    const long crashes = env_long("VS_SERVER_KILLS", 4);

    // A base database with the scorecards and some visits, cloned for each round (CREATE
    // DATABASE … TEMPLATE copies it on the server).
    cluster.sql("CREATE DATABASE base");
    Run r = cli({"--db", cluster.database("base"), "demo", "--visits", "300", "--seed", "99"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string package = dir.path("big.visits.json");
    r = cli({"demo", "--visits", std::to_string(visits), "--seed", "7", "--package", package});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::int64_t before = count_server_visits(cluster.database("base"));

    // How long a whole import takes, for the moments of the crashes.
    cluster.sql("CREATE DATABASE timing TEMPLATE base");
    auto t0 = Clock::now();
    r = cli({"--db", cluster.database("timing"), "visits", "import", package});
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_REQUIRE_EQUAL(count_server_visits(cluster.database("timing")), before + visits);

    std::mt19937_64 rng(20261204);
    std::uniform_real_distribution<double> when(0.1 * seconds, 0.95 * seconds);
    long rolled_back = 0, committed = 0;
    for (long i = 0; i < crashes; ++i) {
        BOOST_TEST_INFO_SCOPE("crash " << i);
        const std::string name = "round" + std::to_string(i);
        cluster.sql("CREATE DATABASE " + name + " TEMPLATE base");
        const std::string db = cluster.database(name);
        const pid_t pid = spawn_cli({"--db", db, "visits", "import", package}, dir.path("out.txt"),
                                    dir.path("err.txt"));
        std::this_thread::sleep_for(std::chrono::duration<double>(when(rng)));
        BOOST_REQUIRE_EQUAL(run_script("crash", cluster.port), 0);
        Run crashed = wait_child(pid);
        std::ifstream err_file(dir.path("err.txt"));
        std::stringstream err;
        err << err_file.rdbuf();
        // The CLI ends with a message, never a signal.
        BOOST_TEST(crashed.signal == 0);
        if (crashed.status != 0)
            BOOST_TEST(!err.str().empty(), "no message after the server went away");
        BOOST_REQUIRE_EQUAL(run_script("resume", cluster.port), 0);

        const std::int64_t n = count_server_visits(db);
        BOOST_TEST((n == before || n == before + visits), "after the crash "
                                                              << n << " visits: neither " << before
                                                              << " nor " << before + visits);
        (n == before ? rolled_back : committed) += 1;
        if (n == before)
            BOOST_TEST(crashed.status != 0, "the import said it succeeded but nothing is stored");

        // The import then completes, and a repeat stores nothing twice.
        r = cli({"--db", db, "visits", "import", package});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        BOOST_TEST(count_server_visits(db) == before + visits);
        r = cli({"--db", db, "visits", "import", package});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        BOOST_TEST(count_server_visits(db) == before + visits);
        r = cli({"--db", db, "audit", "verify"});
        BOOST_TEST(r.status == 0, r.out << r.err);
    }
    BOOST_TEST_MESSAGE("server crashes during a " << visits << "-visit import (" << seconds
                                                  << " s): " << rolled_back << " rolled back, "
                                                  << committed << " committed");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(review_load)

BOOST_AUTO_TEST_CASE(many_reviewers_lose_no_update_and_keep_one_chain) {
    const std::string server = test_server();
    const std::string name = "vs_load_" + std::to_string(::getpid());
    {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec("DROP DATABASE IF EXISTS " + name);
        tx.exec("CREATE DATABASE " + name);
    }
    TempDir dir;
    const std::string json = dir.path("load.json");
    const std::string cmd = std::string(VS_REVIEW_LOAD) + " --db " + with_database(server, name) +
                            " --setup 400 --reviewers " +
                            std::to_string(env_long("VS_LOAD_REVIEWERS", 8)) + " --seconds " +
                            std::to_string(env_long("VS_LOAD_SECONDS", 6)) + " --hot 10 --json " +
                            json + " > " + dir.path("load.txt") + " 2>&1";
    const int status = std::system(cmd.c_str());
    std::ifstream text_file(dir.path("load.txt"));
    std::stringstream text;
    text << text_file.rdbuf();
    BOOST_TEST_MESSAGE(text.str());
    BOOST_TEST(status == 0, text.str());
    std::ifstream in(json);
    BOOST_REQUIRE_MESSAGE(in, "no result from bench_review_load: " << text.str());
    const nlohmann::json result = nlohmann::json::parse(in);
    BOOST_TEST(result["errors"].get<int>() == 0);
    BOOST_TEST(result["chain_ok"].get<bool>());
    BOOST_TEST(result["summaries_lost"].get<int>() == 0);
    BOOST_TEST(result["audit_entries_written"].get<int>() +
                   result["audit_entries_plans"].get<int>() ==
               result["audit_entries_added"].get<int>());
    BOOST_TEST(result["actions"]["approve"]["n"].get<int>() > 0);
    BOOST_TEST(result["actions"]["open"]["n"].get<int>() > 0);
    {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}

BOOST_AUTO_TEST_SUITE_END()
