// Tests for scoring/integrity.h: each signal fires on a planted case with the numbers its
// sentence gives, and stays quiet on the nearest honest case.

#include "scoring/integrity.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sc = vs::scoring;

BOOST_AUTO_TEST_SUITE(integrity)

BOOST_AUTO_TEST_CASE(timestamps) {
    BOOST_TEST(*sc::parse_timestamp("1970-01-02T00:00:00Z") == 86400.0);
    BOOST_TEST(*sc::parse_timestamp("2026-03-01T10:15:30.500Z") -
                   *sc::parse_timestamp("2026-03-01T10:15:00Z") ==
               30.5);
    BOOST_TEST(*sc::parse_timestamp("2026-03-01T10:15") ==
               *sc::parse_timestamp("2026-03-01T10:15:00"));
    BOOST_TEST(!sc::parse_timestamp("2026-03-01"));
    BOOST_TEST(!sc::parse_timestamp("garbage"));
}

BOOST_AUTO_TEST_CASE(short_form_time) {
    sc::IntegrityThresholds t; // 8 s per question
    // 20 questions need 160 s: 90 s is too short, 200 s is fine.
    const auto s = sc::short_form_time("2026-03-01T10:00:00Z", "2026-03-01T10:01:30Z", 20, t);
    BOOST_REQUIRE(s);
    BOOST_TEST(s->name == "short_form_time");
    BOOST_TEST(s->explanation.find("90 s") != std::string::npos);
    BOOST_TEST(s->explanation.find("160 s") != std::string::npos);
    BOOST_TEST(!sc::short_form_time("2026-03-01T10:00:00Z", "2026-03-01T10:03:20Z", 20, t));
    BOOST_TEST(!sc::short_form_time("", "2026-03-01T10:03:20Z", 20, t)); // not recorded
}

BOOST_AUTO_TEST_CASE(photo_reused_and_time) {
    BOOST_TEST(!sc::photo_reused({{"aa", {}}, {"bb", {}}}));
    const auto r = sc::photo_reused({{"aa", {"v-2"}}, {"bb", {}}});
    BOOST_REQUIRE(r);
    BOOST_TEST(r->explanation.find("v-2") != std::string::npos);

    sc::IntegrityThresholds t; // 12 h
    BOOST_TEST(!sc::photo_time({"2026-03-01T14:00:00"}, "2026-03-01T13:30", "", "", t));
    const auto p = sc::photo_time({"2026-03-01T14:00:00", "2026-02-20T09:00:00"},
                                  "2026-03-01T13:30", "", "", t);
    BOOST_REQUIRE(p);
    BOOST_TEST(p->explanation.find("1 of 2 photos") != std::string::npos);
    BOOST_TEST(p->explanation.find("220 h") != std::string::npos, p->explanation);
    // Within the tolerance of the visit but outside the assignment's window.
    BOOST_TEST(bool(sc::photo_time({"2026-03-01T01:00:00"}, "2026-03-01T10:00", "2026-03-02",
                                   "2026-03-05", t)));
}

BOOST_AUTO_TEST_CASE(copied_comments) {
    const std::string a = "The staff member at the counter did not greet me and kept typing on "
                          "the phone for two minutes before looking up.";
    const std::string a2 = "The staff member at the counter did not greet me and kept typing on "
                           "the phone for three minutes before looking up.";
    const std::string b = "Friendly welcome at the door, the fitting rooms were clean and the "
                          "cashier offered the loyalty card without being asked.";
    BOOST_TEST(sc::comment_similarity(a, a) == 1.0);
    BOOST_TEST(sc::comment_similarity(a, a2) >= 0.7);
    BOOST_TEST(sc::comment_similarity(a, b) < 0.1);
    sc::IntegrityThresholds t;
    t.comment_similarity = 0.7;
    BOOST_TEST(bool(sc::copied_comments({a}, {{"v-9", a2}}, t)));
    BOOST_TEST(!sc::copied_comments({a}, {{"v-9", b}}, t));
    BOOST_TEST(!sc::copied_comments({"Fine."}, {{"v-9", "Fine."}}, t)); // too short to count
    // Other shoppers at the branch write it too: stock phrasing, not a copy.
    BOOST_TEST(!sc::copied_comments({a}, {{"v-9", a2}}, t, {a}));
}

BOOST_AUTO_TEST_CASE(outside_window) {
    BOOST_TEST(!sc::outside_window("2026-03-03T10:00", "2026-03-01", "2026-03-07"));
    BOOST_TEST(!sc::outside_window("2026-03-07T23:00", "2026-03-01", "2026-03-07"));
    BOOST_TEST(!sc::outside_window("2026-03-20T10:00", "", "")); // no assignment
    const auto s = sc::outside_window("2026-03-10T10:00", "2026-03-01", "2026-03-07");
    BOOST_REQUIRE(s);
    BOOST_TEST(s->explanation.find("3 days after") != std::string::npos, s->explanation);
}

BOOST_AUTO_TEST_CASE(branch_outlier) {
    sc::IntegrityThresholds t; // |z| >= 3 over >= 8 visits
    sc::Moments m;
    for (double x : {80.0, 82.0, 78.0, 81.0, 79.0, 80.0, 83.0, 77.0})
        m.add(x);
    BOOST_TEST(std::abs(m.mean() - 80.0) < 1e-9);
    BOOST_TEST(!sc::branch_outlier(84, m, "B1", t));
    const auto s = sc::branch_outlier(40, m, "B1", t);
    BOOST_REQUIRE(s);
    BOOST_TEST(s->explanation.find("below") != std::string::npos);
    sc::Moments few;
    few.add(80);
    few.add(81);
    BOOST_TEST(!sc::branch_outlier(10, few, "B1", t)); // too few to say
}

BOOST_AUTO_TEST_CASE(lenient_shopper) {
    // Shoppers 1 and 2 visit branches 0..9 alike (70 ± 2); shopper 3 gives 85 ± 2 there.
    std::vector<sc::ScoredVisit> v;
    for (int b = 0; b < 10; ++b) {
        v.push_back({b, 1, 70.0 + (b % 3) - 1});
        v.push_back({b, 2, 70.0 - (b % 3) + 1});
        v.push_back({b, 3, 85.0 + (b % 2) * 2 - 1});
    }
    const auto l = sc::leniency(v);
    sc::IntegrityThresholds t;
    BOOST_TEST(l.at(3).n == 10);
    BOOST_TEST(std::abs(l.at(3).mean_diff - 15.0) < 0.01);
    BOOST_TEST(bool(sc::lenient_shopper(l.at(3), "S3", t)));
    BOOST_TEST(!sc::lenient_shopper(l.at(1), "S1", t));
    BOOST_TEST(!sc::lenient_shopper(l.at(2), "S2", t));
}

BOOST_AUTO_TEST_CASE(overturned_disputes) {
    sc::IntegrityThresholds t; // more than 50% of at least 4 decided points
    BOOST_TEST(!sc::overturned_disputes({3, 3}, "S1", t)); // too few decided
    BOOST_TEST(!sc::overturned_disputes({4, 2}, "S1", t)); // 50% is not more than 50%
    BOOST_TEST(!sc::overturned_disputes({0, 0}, "S1", t));
    const auto s = sc::overturned_disputes({4, 3}, "S7", t);
    BOOST_REQUIRE(s);
    BOOST_TEST(s->name == "overturned_disputes");
    BOOST_TEST(s->weight == 15);
    BOOST_TEST(s->explanation ==
               "Disputes overturned 3 of 4 decided points (75%) on shopper S7's visits, more "
               "than the 50% allowed.");
    t.dispute_min_points = 5;
    BOOST_TEST(!sc::overturned_disputes({4, 3}, "S7", t));
    t.dispute_overturned = 0.9;
    BOOST_TEST(!sc::overturned_disputes({10, 9}, "S7", t));
    BOOST_TEST(bool(sc::overturned_disputes({10, 10}, "S7", t)));
}

BOOST_AUTO_TEST_CASE(leniency_from_sums_equals_leniency_from_visits) {
    // Uneven visits: 6 shoppers at 5 branches, some alone at a branch (no others to compare),
    // one never scored, one with NA scores among theirs.
    std::vector<sc::ScoredVisit> v;
    unsigned seed = 7;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) % 1000; };
    for (int i = 0; i < 400; ++i) {
        const int b = static_cast<int>(next() % 5);
        const int s = b == 4 ? 6 : static_cast<int>(next() % 5);
        double score = 50 + static_cast<double>(next() % 500) / 10 + (s == 3 ? 8 : 0);
        if (s == 2 && i % 7 == 0)
            score = std::numeric_limits<double>::quiet_NaN();
        v.push_back({b, s, score});
    }
    std::map<std::pair<std::int32_t, std::int32_t>, sc::Moments> by;
    for (const auto& x : v)
        if (!std::isnan(x.score))
            by[{x.branch, x.shopper}].add(x.score);
    std::vector<sc::ShopperAtBranch> sums;
    for (const auto& [key, m] : by)
        sums.push_back({key.first, key.second, m});
    const auto from_visits = sc::leniency(v);
    const auto from_sums = sc::leniency(sums);
    BOOST_TEST(from_visits.size() == from_sums.size());
    BOOST_TEST(from_visits.count(6) == 0); // alone at its branch
    for (const auto& [shopper, l] : from_visits) {
        BOOST_REQUIRE(from_sums.count(shopper));
        const auto& m = from_sums.at(shopper);
        BOOST_TEST(m.n == l.n);
        BOOST_TEST(std::abs(m.mean_diff - l.mean_diff) < 1e-9);
        BOOST_TEST(std::abs(m.t - l.t) < 1e-9);
    }
    BOOST_TEST(from_sums.at(3).t > 3); // the lenient one
}

BOOST_AUTO_TEST_CASE(risk_and_settings) {
    std::vector<sc::IntegritySignal> s{{"photo_reused", 40, ""},
                                       {"short_form_time", 30, ""},
                                       {"copied_comments", 25, ""},
                                       {"outside_window", 20, ""}};
    BOOST_TEST(sc::risk_score(s) == 100); // capped
    BOOST_TEST(sc::signal_weight("branch_outlier") == 15);
    const auto t = sc::thresholds_from({{"integrity.branch_z", "2.5"},
                                        {"integrity.comment_min_chars", "60"},
                                        {"integrity.lenient_t", "nonsense"}});
    BOOST_TEST(t.branch_z == 2.5);
    BOOST_TEST(t.comment_min_chars == 60);
    BOOST_TEST(t.lenient_t == sc::IntegrityThresholds{}.lenient_t);
    // Out of range or not whole: the default stays; parse_threshold says why.
    const auto u = sc::thresholds_from(
        {{"integrity.comment_similarity", "1.5"}, {"integrity.branch_min_visits", "7.5"}});
    BOOST_TEST(u.comment_similarity == sc::IntegrityThresholds{}.comment_similarity);
    BOOST_TEST(u.branch_min_visits == sc::IntegrityThresholds{}.branch_min_visits);
    const sc::ThresholdSetting* similarity = sc::threshold_setting("integrity.comment_similarity");
    BOOST_REQUIRE(similarity);
    std::string problem;
    BOOST_TEST(!sc::parse_threshold(*similarity, "0", &problem));
    BOOST_TEST(problem == "\"0\" is not a number above 0, at most 1");
    BOOST_TEST(*sc::parse_threshold(*similarity, "0.75") == 0.75);
    BOOST_TEST(sc::threshold_default(*similarity) == "0.8");
    BOOST_TEST(!sc::threshold_setting("integrity.nope"));
    for (const auto& s : sc::threshold_settings()) // every default within its own range
        BOOST_TEST(sc::parse_threshold(s, sc::threshold_default(s)).has_value(), s.key);
}

BOOST_AUTO_TEST_SUITE_END()
