// Dispute statistics (scoring/disputes.h) on a hand-made case, every figure worked out by hand.
#include "scoring/disputes.h"

#include <boost/test/unit_test.hpp>

using namespace vs::scoring;

BOOST_AUTO_TEST_SUITE(dispute_stats_suite)

BOOST_AUTO_TEST_CASE(rates_shares_and_median_by_hand) {
    // Branch B1: 4 released visits (v1..v4); v1 has two points (accepted and changed after 2
    // days, rejected after 4 days), v2 one (partly, changed, after 1 day), v3 one still open.
    // Branch B2: 2 released visits, none disputed; a point on w9 (reopened since, not
    // released) rejected after 6 days.
    const std::vector<DisputeVisitFact> visits = {{"B1", "v1"}, {"B1", "v2"}, {"B1", "v3"},
                                                  {"B1", "v4"}, {"B2", "w1"}, {"B2", "w2"}};
    const std::vector<DisputePointFact> points = {{"B1", "v1", "accepted", true, 2.0},
                                                  {"B1", "v1", "rejected", false, 4.0},
                                                  {"B1", "v2", "partly", true, 1.0},
                                                  {"B1", "v3", "", false, std::nullopt},
                                                  {"B2", "w9", "rejected", false, 6.0}};
    const auto stats = dispute_stats(visits, points);
    BOOST_TEST_REQUIRE(stats.size() == 2u);
    const DisputeStats& b1 = stats[0];
    BOOST_TEST(b1.key == "B1");
    BOOST_TEST(b1.released == 4u);
    BOOST_TEST(b1.disputed_visits == 3u); // v1, v2, v3
    BOOST_TEST(b1.points == 4u);
    BOOST_TEST(b1.decided == 3u);
    BOOST_TEST(b1.overturned == 2u); // accepted + partly
    BOOST_TEST(b1.changed_visits == 2u);
    BOOST_TEST(*b1.dispute_rate == 0.75);
    BOOST_TEST(*b1.overturned_rate == 2.0 / 3.0);
    BOOST_TEST(*b1.changed_rate == 0.5);
    BOOST_TEST(*b1.median_days == 2.0); // of 1, 2, 4
    const DisputeStats& b2 = stats[1];
    BOOST_TEST(b2.key == "B2");
    BOOST_TEST(b2.released == 2u);
    BOOST_TEST(b2.disputed_visits == 0u); // w9 is not released
    BOOST_TEST(b2.points == 1u);
    BOOST_TEST(*b2.dispute_rate == 0.0);
    BOOST_TEST(*b2.overturned_rate == 0.0);
    BOOST_TEST(*b2.median_days == 6.0);
}

BOOST_AUTO_TEST_CASE(empty_groups_have_no_rates_and_even_medians_average) {
    const auto none = dispute_stats({}, {{"X", "x1", "", false, std::nullopt}});
    BOOST_TEST_REQUIRE(none.size() == 1u);
    BOOST_TEST(!none[0].dispute_rate);
    BOOST_TEST(!none[0].overturned_rate);
    BOOST_TEST(!none[0].median_days);
    const auto even = dispute_stats(
        {{"Y", "y1"}}, {{"Y", "y1", "rejected", false, 1.0}, {"Y", "y1", "accepted", true, 3.5}});
    BOOST_TEST(*even[0].median_days == 2.25);
    BOOST_TEST(even[0].changed_visits == 1u);
    BOOST_TEST(*even[0].changed_rate == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
