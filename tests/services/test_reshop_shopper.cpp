// The re-shop that marking an action plan done adds is offered to a shopper the assignment rules
// propose (services::propose_shopper_for: home region first, then the least loaded, within the
// lockout and exclusions), never the shopper who made the failed visit, even once the lockout is
// over; on every backend of the storage contract (a SQLite file, and PostgreSQL on the test
// cluster).
#include "services/action_plans.h"
#include "services/assignments.h"
#include "services/review.h"
#include "tests/storage/contract/backends.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

namespace {

void add_shopper(storage::Store& s, const std::string& code, const std::string& region) {
    std::int64_t client = 0;
    for (const auto& c : s.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        if (c.name == "Test Client")
            client = c.id;
    storage::OrgEntity e;
    e.kind = storage::OrgKind::Shopper;
    e.client_id = client;
    e.code = code;
    e.name = "Shopper " + code;
    s.org_save(e);
    s.set_shopper_region("Test Client", code, region);
}

/// The mini store with visit C (branch B2, in South; shopper S2, 2 November 2026, a critical
/// failure) approved, which opens B2's plan, moved to in progress. S2 is at home in South, as
/// are S4 and S5; S3 is in North; S4 already has an open assignment (at B1).
std::int64_t failed_plan(storage::Store& s) {
    contract::load_mini(s, s);
    add_shopper(s, "S3", "North");
    add_shopper(s, "S4", "South");
    add_shopper(s, "S5", "South");
    s.set_shopper_region("Test Client", "S2", "South");
    storage::Assignment other;
    other.client = "Test Client";
    other.branch = "B1";
    other.template_id = "mini";
    other.template_version = 1;
    other.window_from = "2027-05-20";
    other.window_to = "2027-06-20";
    other.shopper = "S4";
    services::add_assignment(s, other, "reviewer one");
    services::approve(s, contract::id_of(s, contract::kUuidC), "reviewer one", "");
    const std::vector<storage::ActionPlan> plans = s.action_plans({});
    BOOST_REQUIRE_EQUAL(plans.size(), 1u);
    BOOST_REQUIRE_EQUAL(plans[0].branch, "B2");
    storage::ActionPlan p = plans[0];
    p.state = "in_progress";
    services::update_plan(s, p, "reviewer one", "weekly call");
    return p.id;
}

} // namespace

BOOST_AUTO_TEST_SUITE(reshop_shopper)

VS_CONTRACT_CASE(done_offers_the_reshop_to_a_shopper_of_the_region_never_the_failed_visits) {
    Fresh f(backend);
    storage::Store& s = *f.store;
    const std::int64_t id = failed_plan(s);
    // Done in June 2027, long past the 90-day lockout of S2's failed visit (2 November): S2 is
    // at home in South with nothing to do and would come first by region, load and code, but
    // made the failed visit; S4 is in South with one open assignment, S5 in South with none.
    const storage::ActionPlan done =
        services::mark_done(s, id, s.action_plan(id)->version, true, "reviewer one", "2027-06-01");
    const auto a = s.assignment(done.reshop_assignment);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->branch == "B2");
    BOOST_TEST(a->window_from == "2027-06-02");
    BOOST_TEST(a->shopper == "S5");
    BOOST_TEST(a->status == "offered");
    // What the plan proposes and the field cycle's proposal agree, the failed shopper aside.
    const storage::Assignment probe = *a; // not its own rival
    BOOST_TEST(services::propose_shopper_for(s, probe).shopper == "S2");
    BOOST_TEST(services::propose_shopper_for(s, probe, std::nullopt, "S2").shopper == "S5");
    BOOST_TEST(s.verify_audit("").ok());
}

VS_CONTRACT_CASE(a_reshop_that_no_shopper_fits_is_offered_to_nobody) {
    Fresh f(backend);
    storage::Store& s = *f.store;
    const std::int64_t id = failed_plan(s);
    // S3, S4 and S5 are known at B2 (exclusions), S1 is away, S2 made the failed visit.
    for (const char* code : {"S3", "S4", "S5"})
        s.set_shopper_exclusion("Test Client", code, "B2", true, "works there");
    storage::OrgEntity s1;
    for (const auto& e : s.org_list(storage::OrgKind::Shopper, std::nullopt, true, false))
        if (e.code == "S1")
            s1 = e;
    BOOST_REQUIRE(s1.id != 0);
    s.org_set_active(storage::OrgKind::Shopper, s1.id, false);
    const storage::ActionPlan done =
        services::mark_done(s, id, s.action_plan(id)->version, true, "reviewer one", "2027-06-01");
    BOOST_TEST(done.state == "done");
    const auto a = s.assignment(done.reshop_assignment);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->shopper == "");
    BOOST_TEST(a->status == "offered");
}

BOOST_AUTO_TEST_SUITE_END()
