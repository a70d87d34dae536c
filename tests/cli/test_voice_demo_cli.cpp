// End to end: the demo's customer survey responses (storage/demo.h) through `visitscore-cli
// voice`: per branch 20–60 (a few branches fewer than 10), their NPS following the branches'
// greeting and needs finding; every client's voice equal to voice_read.py's (the raw rows, then
// tests/scoring/voice_oracle.py) to 1e-9 for several measures, thresholds and a range; the demo
// on the test cluster (VISITSCORE_TEST_PG) gives the same voice, and the audit chain verifies on
// both.
#include "voice_check.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <unistd.h>

using namespace vs::test;
using nlohmann::json;

namespace {

/// A database of its own on the test cluster, dropped when destroyed.
struct VoiceServerDatabase {
    std::string server;
    std::string name;
    explicit VoiceServerDatabase(const std::string& server_uri)
        : server(server_uri), name("vs_voice_" + std::to_string(::getpid())) {
        admin("DROP DATABASE IF EXISTS " + name);
        admin("CREATE DATABASE " + name);
    }
    ~VoiceServerDatabase() {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
    }
    VoiceServerDatabase(const VoiceServerDatabase&) = delete;
    VoiceServerDatabase& operator=(const VoiceServerDatabase&) = delete;
    std::string uri() const { return server.substr(0, server.rfind('/') + 1) + name; }
    void admin(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
};

constexpr const char* kDemoClients[] = {"Northwind Bank", "Contoso Mobile", "Fabrikam Retail"};

} // namespace

BOOST_AUTO_TEST_SUITE(voice_demo_cli)

// The demo's survey responses: per branch 20–60 (a few branches fewer than 10), and their NPS
// follows the branches' greeting and needs finding strongly, the other behaviours less; every
// client's voice equals the oracle's from the raw rows; the same seed on the test cluster gives
// the same voice, and the audit chain verifies on both.
BOOST_AUTO_TEST_CASE(demo_voice_equals_the_oracle_on_both_backends) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    Run r = cli(opt + "demo --visits 2000 --seed 5");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find(" customer survey responses") != std::string::npos, r.out);
    BOOST_TEST(cli(opt + "audit verify").status == 0);

    std::size_t below = 0, responses = 0, strong = 0;
    for (const char* client : kDemoClients) {
        BOOST_TEST_INFO_SCOPE(client);
        const json v = voice(dir.db(), std::string("--client '") + client + "'");
        check_equal(v, oracle(dir.db(), client, "-", "-", "nps", 10, 3), client);
        for (const json& b : v.at("branches")) {
            const auto m = b.at("m").get<std::size_t>();
            responses += m;
            below += m < 10;
            BOOST_TEST(m <= 60u);
        }
        // Greeting and needs finding go with the NPS more than product knowledge does.
        const double greeting = driver(v, "greeting").at("r").get<double>();
        const double needs = driver(v, "needs").at("r").get<double>();
        BOOST_TEST_MESSAGE(client << ": r greeting " << greeting << ", needs " << needs
                                  << ", product " << driver(v, "product").at("r"));
        strong += greeting > 0.5 && needs > 0.3;
        // Other measures and thresholds, and a range.
        check_equal(voice(dir.db(), std::string("--client '") + client +
                                        "' --measure score --min-responses 5 --min-n 5"),
                    oracle(dir.db(), client, "-", "-", "score", 5, 5), "score");
        check_equal(voice(dir.db(), std::string("--client '") + client +
                                        "' --from 2026-01-01 --to 2026-06-30 --min-responses 4"),
                    oracle(dir.db(), client, "2026-01-01", "2026-06-30", "nps", 4, 3), "range");
    }
    BOOST_TEST(responses > 31u * 15u);
    BOOST_TEST(below >= 3u);
    BOOST_TEST(strong >= 2u);

    const char* server = std::getenv("VISITSCORE_TEST_PG");
    if (!server || !*server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: the server demo is not checked");
        return;
    }
    VoiceServerDatabase pg(server);
    const std::string pg_opt = "--db '" + pg.uri() + "' ";
    r = cli(pg_opt + "demo --visits 2000 --seed 5");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(cli(pg_opt + "audit verify").status == 0);
    for (const char* client : kDemoClients) {
        const std::string args = std::string("--client '") + client + "'";
        check_equal(voice("'" + pg.uri() + "'", args), voice(dir.db(), args),
                    std::string("server ") + client);
    }
}

BOOST_AUTO_TEST_SUITE_END()
