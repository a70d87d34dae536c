// The pure rules of assignments (services/assignment_rules.h): windows spread evenly over a
// period, the lockout and exclusions, and the shopper proposed by region and load.
#include "services/assignment_rules.h"

#include <boost/test/unit_test.hpp>

using namespace vs::services;

BOOST_AUTO_TEST_SUITE(assignment_rules)

BOOST_AUTO_TEST_CASE(windows_split_the_period_evenly_and_cover_it) {
    // 90 days in 3: 30 each, back to back.
    const auto w = spread_windows(100, 189, 3);
    BOOST_REQUIRE_EQUAL(w.size(), 3u);
    BOOST_TEST(w[0].from == 100);
    BOOST_TEST(w[0].to == 129);
    BOOST_TEST(w[1].from == 130);
    BOOST_TEST(w[1].to == 159);
    BOOST_TEST(w[2].from == 160);
    BOOST_TEST(w[2].to == 189);
    // Uneven: 10 days in 3 → 3, 3, 4 days, no gap, no overlap.
    const auto u = spread_windows(0, 9, 3);
    BOOST_TEST(u[0].from == 0);
    BOOST_TEST(u[2].to == 9);
    for (std::size_t i = 1; i < u.size(); ++i)
        BOOST_TEST(u[i].from == u[i - 1].to + 1);
    BOOST_TEST(spread_windows(0, 9, 0).empty());
}

BOOST_AUTO_TEST_CASE(more_visits_than_days_share_days) {
    const auto w = spread_windows(10, 11, 5); // 2 days, 5 visits
    BOOST_REQUIRE_EQUAL(w.size(), 5u);
    for (const DayWindow& d : w) {
        BOOST_TEST(d.from >= 10);
        BOOST_TEST(d.to <= 11);
        BOOST_TEST(d.from <= d.to);
    }
    BOOST_CHECK_THROW(spread_windows(10, 9, 1), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(gap_is_zero_when_windows_touch_or_overlap) {
    BOOST_TEST(window_gap({0, 10}, {5, 20}) == 0);
    BOOST_TEST(window_gap({0, 10}, {10, 20}) == 0);
    BOOST_TEST(window_gap({0, 10}, {40, 50}) == 30);
    BOOST_TEST(window_gap({40, 50}, {0, 10}) == 30);
}

AssignmentContext three_shoppers() {
    AssignmentContext ctx;
    ctx.shoppers = {{"S1", "North"}, {"S2", "North"}, {"S3", "South"}};
    ctx.lockout_days = 90;
    return ctx;
}

BOOST_AUTO_TEST_CASE(lockout_counts_visits_and_assignments_within_n_days) {
    AssignmentContext ctx = three_shoppers();
    ctx.engagements.push_back({"S1", "B1", {1000, 1000}, "a visit on day 1000"});
    // 89 days after the visit: refused; 90: allowed; another branch: allowed.
    BOOST_TEST(assignment_refusal(ctx, "S1", "B1", {1089, 1095}).find("within 90 days") !=
               std::string::npos);
    BOOST_TEST(assignment_refusal(ctx, "S1", "B1", {1090, 1095}).empty());
    BOOST_TEST(assignment_refusal(ctx, "S1", "B2", {1001, 1002}).empty());
    // Before the visit too: a window ending 10 days before it.
    BOOST_TEST(!assignment_refusal(ctx, "S1", "B1", {980, 990}).empty());
    // Another assignment counts the same way; its name is in the message.
    record_assignment(ctx, "S2", "B1", {2000, 2029}, "assignment X");
    BOOST_TEST(assignment_refusal(ctx, "S2", "B1", {2100, 2110}).find("assignment X") !=
               std::string::npos);
    ctx.lockout_days = 0;
    BOOST_TEST(assignment_refusal(ctx, "S2", "B1", {2030, 2040}).empty());
}

BOOST_AUTO_TEST_CASE(a_shopper_known_at_a_branch_is_never_sent_there) {
    AssignmentContext ctx = three_shoppers();
    ctx.exclusions.insert({"S1", "B1"});
    BOOST_TEST(assignment_refusal(ctx, "S1", "B1", {0, 10}).find("known at branch B1") !=
               std::string::npos);
    BOOST_TEST(propose_shopper(ctx, "B1", "North", {0, 10}).shopper == "S2");
}

BOOST_AUTO_TEST_CASE(home_region_first_then_least_loaded) {
    AssignmentContext ctx = three_shoppers();
    // North branch: S1 and S2 are local; they alternate as the load grows, S3 never chosen.
    std::vector<std::string> chosen;
    for (int i = 0; i < 4; ++i) {
        const DayWindow w{i * 100, i * 100 + 10};
        const std::string branch = "N" + std::to_string(i);
        const Proposal p = propose_shopper(ctx, branch, "North", w);
        chosen.push_back(p.shopper);
        record_assignment(ctx, p.shopper, branch, w, "planned");
    }
    BOOST_TEST(chosen == (std::vector<std::string>{"S1", "S2", "S1", "S2"}),
               boost::test_tools::per_element());
    // South branch: S3 first even with its load.
    BOOST_TEST(propose_shopper(ctx, "X", "South", {0, 1}).shopper == "S3");
    // A branch with no region: the least loaded over all (S3: 0).
    BOOST_TEST(propose_shopper(ctx, "Y", "", {0, 1}).shopper == "S3");
}

BOOST_AUTO_TEST_CASE(no_shopper_fits_says_why) {
    AssignmentContext ctx = three_shoppers();
    ctx.exclusions.insert({"S1", "B1"});
    ctx.engagements.push_back({"S2", "B1", {50, 50}, "v"});
    ctx.engagements.push_back({"S3", "B1", {60, 70}, "a"});
    const Proposal p = propose_shopper(ctx, "B1", "North", {0, 30});
    BOOST_TEST(p.shopper.empty());
    BOOST_TEST(p.reason == "no shopper fits: 1 of 3 known at branch B1, 2 at it within the "
                           "90-day lockout");
    BOOST_TEST(propose_shopper(AssignmentContext{}, "B1", "", {0, 1}).reason ==
               "the client has no active shopper");
}

BOOST_AUTO_TEST_CASE(status_transitions) {
    BOOST_TEST(assignment_transition_allowed("offered", "accepted"));
    BOOST_TEST(assignment_transition_allowed("overdue", "accepted"));
    BOOST_TEST(assignment_transition_allowed("accepted", "declined"));
    BOOST_TEST(!assignment_transition_allowed("declined", "accepted"));
    BOOST_TEST(!assignment_transition_allowed("visited", "cancelled"));
    BOOST_TEST(!assignment_transition_allowed("cancelled", "offered"));
    BOOST_TEST(assignment_transition_allowed("declined", "cancelled"));
    BOOST_TEST(!assignment_transition_allowed("offered", "overdue"));
}

BOOST_AUTO_TEST_SUITE_END()
