// End to end: `visitscore-cli action list|show|open|update|done|verify|effect` and the action
// settings on a real SQLite file with the mini data set: approving a failed visit opens its
// branch's plan; refusals name their field and write nothing; done adds the re-shop assignment
// that `assign list` shows; the states' order; the effect as JSON; the audit chain verifies.
#include "cli_run.h"

#include <nlohmann/json.hpp>

using namespace vs::test;
using nlohmann::json;

namespace {

const std::string kC = "00000000-0000-4000-8000-00000000000c";

json plans(const std::string& opt) {
    const Run r = cli(opt + "action list --json");
    BOOST_REQUIRE_EQUAL(r.status, 0);
    return json::parse(r.out).at("action_plans");
}

} // namespace

BOOST_AUTO_TEST_SUITE(action_cli)

BOOST_AUTO_TEST_CASE(approve_open_update_done_verify_and_effect) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);
    BOOST_TEST(plans(opt).empty()); // imported approved visits open nothing

    // Settings, checked by name.
    Run r = cli(opt + "settings set action.threshold 101");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("action.threshold") != std::string::npos, r.err);
    BOOST_TEST(cli(opt + "settings set action.reshop_days 14").status == 0);

    // Approving C (B2: a visit-level critical failure) opens B2's plan.
    r = cli(opt + "visits approve --uuid " + kC + " --as 'Rita Reviewer'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    json list = plans(opt);
    BOOST_TEST_REQUIRE(list.size() == 1u);
    BOOST_TEST(list[0].at("branch") == "B2");
    BOOST_TEST(list[0].at("visit") == kC);
    BOOST_TEST(list[0].at("sections") == json({"handling", "close"}));
    BOOST_TEST(list[0].at("state") == "open");

    // By hand: refusals name the field, nothing written.
    r = cli(opt + "action open --client 'Test Client' --branch B9");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("branch") != std::string::npos, r.err);
    r = cli(opt + "action open --client 'Test Client' --branch B1 --section nowhere");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("sections") != std::string::npos, r.err);
    r = cli(opt + "action open --client 'Test Client' --branch B1 --start 2026-10-05 --due "
                  "2026-10-01");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("due") != std::string::npos, r.err);
    BOOST_TEST(plans(opt).size() == 1u);
    r = cli(opt + "action open --client 'Test Client' --branch B1 --section greeting --owner "
                  "'Branch manager' --action 'Greet at the door' --action 'Role play' "
                  "--action-owner Anna --start 2026-10-05 --due 2026-11-05");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("action plan 2 opened") != std::string::npos, r.out);

    // Update: state forward, an action ticked; verified refused before done.
    r = cli(opt + "action update 2 --state in_progress --done-action 1 --reason 'weekly call'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    // Done only through `action done`, which adds the re-shop.
    r = cli(opt + "action update 2 --state done");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--state") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("use `action done 2`") != std::string::npos, r.err);
    r = cli(opt + "action update 2 --done-action 7");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--done-action") != std::string::npos, r.err);
    r = cli(opt + "action verify 2");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("state") != std::string::npos, r.err);
    list = plans(opt);
    BOOST_TEST(list[1].at("state") == "in_progress");
    BOOST_TEST(list[1].at("actions")[0].at("done") == true);
    BOOST_TEST(list[1].at("actions")[1].at("done") == false);
    BOOST_TEST(list[1].at("version") == 2);

    // Done: the re-shop for B2 on the mini scorecard, in the 14 days after today.
    r = cli(opt + "action done 1");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("re-shop assignment") != std::string::npos, r.out);
    list = plans(opt);
    const std::string reshop = list[0].at("reshop_assignment");
    BOOST_TEST(!reshop.empty());
    r = cli(opt + "assign list --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find(reshop) != std::string::npos, r.out);
    BOOST_TEST(cli(opt + "action verify 1 --reason 're-shop passed'").status == 0);
    BOOST_TEST(plans(opt)[0].at("state") == "verified");

    // Effect: plan 2 at B1 from 2026-10-05: A before, B after; the comparison (B2, a plan of
    // its own, left out) is empty, so no difference and a verdict saying so.
    r = cli(opt + "action effect --branch B1 --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json e = json::parse(r.out).at("action_plans").at(0).at("effect");
    BOOST_TEST(e.at("treated").at("pre").at("n") == 1);
    BOOST_TEST(e.at("treated").at("post").at("n") == 1);
    BOOST_TEST(e.at("treated").at("pre").at("sd").is_null());
    BOOST_TEST(e.at("did").is_null());
    BOOST_TEST(e.at("did_ci95").is_null());
    BOOST_TEST(e.at("control_excludes") == json({"B2"}));
    BOOST_TEST(e.at("verdict").get<std::string>().find("No difference") != std::string::npos);
    r = cli(opt + "action show 2");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("1. [x] Greet at the door") != std::string::npos, r.out);

    r = cli(opt + "audit verify");
    BOOST_TEST(r.status == 0, r.out + r.err);
}

BOOST_AUTO_TEST_SUITE_END()
