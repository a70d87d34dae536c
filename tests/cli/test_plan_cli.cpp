// End to end: `visitscore-cli plan` on a real SQLite file of demo data equals plan_oracle.py, an
// independent implementation of SCORING.md §9 in Python; its table, and its refusals of bad
// options with exit status 2.
#include "cli_run.h"
#include "plan_check.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

using namespace vs::test;

BOOST_AUTO_TEST_SUITE(plan_cli)

BOOST_AUTO_TEST_CASE(json_equals_the_independent_implementation) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "demo --visits 400 --seed 7").status, 0);
    PlanTally tally;
    for (const PlanArgs& a : plan_cases()) {
        BOOST_TEST_INFO_SCOPE(a.cli_args());
        const Run r = cli(opt + a.cli_args());
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        check_plan_equal(nlohmann::json::parse(r.out), plan_oracle(dir.db(), a), tally);
    }
    // The comparison covered every case of §9 that demo data holds (s = 0 is in the scoring
    // tests: no demo group scores the same on every visit).
    BOOST_TEST(tally.groups > 300u);
    BOOST_TEST(tally.own > 50u);
    BOOST_TEST(tally.pooled > 50u);
    BOOST_TEST(tally.capped > 10u);
    BOOST_TEST(tally.null_needed > 0u);
    BOOST_TEST(tally.two > 0u);
}

BOOST_AUTO_TEST_CASE(table_and_refusals) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "demo --visits 400 --seed 7").status, 0);
    const std::string client = opt + "plan --client 'Northwind Bank'";
    const std::string plan = client + " --as-of 2026-11-01";

    Run r = cli(plan);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("branch  visits  mean") == 0u, r.out);
    BOOST_TEST(r.out.find("13 branches. Reference: approved visits of Northwind Bank from "
                          "2025-11-01 to 2026-10-31") != std::string::npos,
               r.out);
    BOOST_TEST(r.out.find("(cap)") != std::string::npos);
    r = cli(client + " --as-of 2025-11-01");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("No approved visits of Northwind Bank") == 0u, r.out);
    r = cli(client + " --as-of 2025-11-01 --json");
    BOOST_TEST(nlohmann::json::parse(r.out) == nlohmann::json::parse(R"({"groups": []})"));

    struct Bad {
        const char* args;
        const char* message;
    };
    for (const Bad& b :
         {Bad{" --half-width 0", "--half-width: 0 is not a half-width in score points"},
          Bad{" --half-width -2", "--half-width: -2 is not"},
          Bad{" --half-width 101", "--half-width: 101 is not"},
          Bad{" --min-n 1", "--min-n: 1 is not a number of visits"},
          Bad{" --max-n 1", "--max-n: 1 is not a cap"},
          Bad{" --max-n 0", "--max-n: 0 is not a cap"},
          Bad{" --by region", "--by: \"region\" is not branch or employee"},
          Bad{" --as-of 2026-02-30", "--as-of: \"2026-02-30\" is not a date"}}) {
        BOOST_TEST_INFO_SCOPE(b.args);
        r = cli(client + b.args);
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.out.empty());
        BOOST_TEST(r.err.find(b.message) != std::string::npos, r.err);
    }
    r = cli(opt + "plan --client Acme --json");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--client: no client named \"Acme\" in the database (clients: Contoso "
                          "Mobile, Fabrikam Retail, Northwind Bank)") != std::string::npos,
               r.err);
    r = cli(opt + "plan --json");
    BOOST_TEST(r.status == 2); // --client is required

    // Reading never creates a database.
    const std::string missing = dir.path("missing.db");
    r = cli("--db " + missing + " plan --client Acme");
    BOOST_TEST(r.status != 0);
    BOOST_TEST(!std::filesystem::exists(missing));
}

BOOST_AUTO_TEST_SUITE_END()
