// End to end: `visitscore-cli action list|show|open|update|done|verify|effect` and the action
// settings on a real SQLite file with the mini data set: approving a failed visit opens its
// branch's plan; refusals name their field and write nothing; done adds the re-shop assignment
// that `assign list` shows; the states' order; the effect as JSON; the audit chain verifies.
#include "cli_run.h"

#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

using namespace vs::test;
using nlohmann::json;

namespace {

const std::string kC = "00000000-0000-4000-8000-00000000000c";

json plans(const std::string& opt) {
    const Run r = cli(opt + "action list --json");
    BOOST_REQUIRE_EQUAL(r.status, 0);
    return json::parse(r.out).at("action_plans");
}

/// Seconds since 1970 of a UTC time YYYY-MM-DDTHH:MM:SSZ.
double seconds(const std::string& utc) {
    std::tm tm{};
    BOOST_REQUIRE_MESSAGE(::strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) != nullptr, utc);
    return static_cast<double>(::timegm(&tm));
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

// The demo's visits end on 2026-10-31 whenever it runs: its plans and dispute points are dated
// from its visits, never from the clock, so that it shows plans in every state and real times to
// decide in any year (dated from the clock, it opened no plan from about 2027-04 on).
BOOST_AUTO_TEST_CASE(the_demo_dates_its_plans_and_disputes_from_its_visits) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    Run r = cli(opt + "demo --visits 3000 --seed 7");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const json list = plans(opt);
    std::set<std::string> states;
    std::set<std::string> reshops;
    for (const json& p : list) {
        BOOST_TEST_INFO_SCOPE(p.dump());
        states.insert(p.at("state").get<std::string>());
        const std::string start = p.at("start");
        BOOST_TEST(start >= "2025-11-01");
        BOOST_TEST(start <= "2026-11-01"); // the day after a failed visit
        BOOST_TEST(p.at("due").get<std::string>() > start);
        if (!p.at("reshop_assignment").get<std::string>().empty())
            reshops.insert(p.at("reshop_assignment").get<std::string>());
    }
    BOOST_TEST(list.size() >= 8u); // four a client where a failed visit fits (9 with this seed)
    BOOST_TEST(states == (std::set<std::string>{"done", "in_progress", "open", "verified"}),
               boost::test_tools::per_element());
    // The re-shops follow the day each plan was done (at the latest the last visit day).
    BOOST_TEST(!reshops.empty());
    r = cli(opt + "assign list --json");
    BOOST_REQUIRE_EQUAL(r.status, 0);
    std::size_t seen = 0;
    const json assignments = json::parse(r.out).at("assignments");
    for (const json& a : assignments)
        if (reshops.count(a.at("uuid").get<std::string>())) {
            ++seen;
            BOOST_TEST(a.at("scenario") == "re-shop");
            BOOST_TEST(a.at("window_from").get<std::string>() <= "2026-11-01", a.dump());
        }
    BOOST_TEST(seen == reshops.size());

    // Dispute points: opened after their visit's release (a day or more after the visit),
    // decided within the deadline (30 days), not in the same second; a few lately opened still
    // open; the median time to decide is a real number of days.
    r = cli(opt + "dispute list --json");
    BOOST_REQUIRE_EQUAL(r.status, 0);
    const json points = json::parse(r.out).at("disputes");
    BOOST_TEST_REQUIRE(points.size() >= 20u);
    std::size_t open = 0;
    for (const json& d : points) {
        BOOST_TEST_INFO_SCOPE(d.dump());
        const std::string opened = d.at("opened_at");
        const std::string visited = d.at("visited_at");
        BOOST_TEST(opened.substr(0, 10) > visited.substr(0, 10));
        if (d.at("status") == "open") {
            ++open;
            BOOST_TEST(opened.substr(0, 10) >= "2026-10-01"); // lately opened
            continue;
        }
        const std::string decided = d.at("decided_at");
        const double days = (seconds(decided) - seconds(opened)) / 86400.0;
        BOOST_TEST(days > 0);
        BOOST_TEST(days <= 30);
    }
    BOOST_TEST(open >= 1u);
    BOOST_TEST(open * 5 < points.size());
    std::size_t medians = 0;
    for (const char* client : {"Contoso Mobile", "Fabrikam Retail", "Northwind Bank"}) {
        r = cli(opt + "dispute stats --client '" + client + "' --json");
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        const json groups = json::parse(r.out).at("groups");
        for (const json& g : groups)
            medians += g.at("median_days_to_decide").is_number() &&
                       g.at("median_days_to_decide").get<double>() > 0.5;
    }
    BOOST_TEST(medians == 3u); // every client
    r = cli(opt + "audit verify");
    BOOST_TEST(r.status == 0, r.out + r.err);
}

BOOST_AUTO_TEST_SUITE_END()
