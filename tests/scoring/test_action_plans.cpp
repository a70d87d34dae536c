// Tests for scoring/action_plans.h (SCORING.md §7, "Action plans") on FactTables built by hand.
//
// p values and Cohen's d were computed with Python 3.11 + SciPy 1.10.1
// (scipy.stats.ttest_ind(post, pre, equal_var=False); d = (mean_post - mean_pre) / pooled sd with
// n - 1 weights); everything else is worked out in the comments.

#include "fact_builder.h"
#include "scoring/action_plans.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>
#include <vector>

namespace sc = vs::scoring;
using vs::test::check_opt;
using vs::test::day;
using vs::test::FactBuilder;
using V = FactBuilder::Visit;

namespace {

constexpr double NA = sc::kNa;
const int D = day("2026-05-01"); // the plan's start date
constexpr int W = 10;            // the window in days

/// Client C1, plan at branch B1 on section a (measured: section a's score, not the visit score).
///   treated pre  (B1, D-10 <= d < D):  D-10 50 (employee E1), D-1 60 (no employee) → {50, 60}
///   treated post (B1, D <= d < D+10):  D 80, D+5 90, D+9 85                       → {80, 90, 85}
///   control pre  (B2, B3):             B2 D-5 70, B3 D-3 74, B2 D-2 72             → {70, 74, 72}
///   control post:                      B2 D+1 71, B3 D+3 77                        → {71, 77}
/// Counted nowhere: B4 (another plan's branch, excluded) 0 and 100, B1 at D-11 and D+10
/// (outside), B1 of client C2, a B1 visit whose section a is NA, a B2 visit whose score is NA.
FactBuilder plan_facts() {
    FactBuilder b;
    auto add = [&](const char* client, const char* branch, const char* employee, int d, double a) {
        V v;
        v.client = client, v.branch = branch, v.employee = employee, v.day = d;
        v.score = std::isnan(a) ? 50 : 99; // the visit score is never what is measured
        v.sections = {a, 10};
        b.add(v);
    };
    add("C1", "B1", "E1", D - 10, 50);
    add("C1", "B1", "", D - 1, 60);
    add("C1", "B1", "E2", D, 80);
    add("C1", "B1", "", D + 5, 90);
    add("C1", "B1", "E1", D + 9, 85);
    add("C1", "B2", "E3", D - 5, 70);
    add("C1", "B3", "", D - 3, 74);
    add("C1", "B2", "E3", D - 2, 72);
    add("C1", "B2", "E3", D + 1, 71);
    add("C1", "B3", "E4", D + 3, 77);
    // Counted nowhere:
    add("C1", "B4", "E5", D - 4, 0);
    add("C1", "B4", "E5", D + 4, 100);
    add("C1", "B1", "E1", D - 11, 0);
    add("C1", "B1", "E1", D + W, 0);
    add("C2", "B1", "E1", D + 1, 0);
    add("C1", "B1", "E1", D + 2, NA);
    V na;
    na.client = "C1", na.branch = "B2", na.day = D + 2, na.score = NA, na.sections = {40, 40};
    b.add(na);
    return b;
}

} // namespace

BOOST_AUTO_TEST_SUITE(action_plan_effect)

BOOST_AUTO_TEST_CASE(the_branch_against_the_clients_branches_without_a_plan) {
    const FactBuilder b = plan_facts();
    const sc::ActionPlanSpec spec =
        sc::action_plan_spec(b.f, "7", D, "C1", "B1", {"a"}, {"B4", "B1"});
    BOOST_TEST(spec.excluded.size() == 1u); // B1 is the treated branch, never excluded
    const sc::TrainingEffect e = sc::action_plan_effect(b.f, spec, W);
    BOOST_TEST(e.id == "7");
    // Treated: pre {50, 60} mean 55 sd 7.0711; post {80, 90, 85} mean 85 sd 5; effect +30.
    BOOST_TEST(e.trained.pre.n == 2u);
    BOOST_TEST(e.trained.post.n == 3u);
    check_opt(e.trained.pre.mean, 55.0);
    check_opt(e.trained.pre.sd, 7.0710678118654755);
    check_opt(e.trained.post.mean, 85.0);
    check_opt(e.trained.post.sd, 5.0);
    check_opt(e.trained.effect, 30.0);
    check_opt(e.trained.p, 0.04969146055234231, 1e-9);
    check_opt(e.trained.d, 5.196152422706631, 1e-9);
    // Control (B2, B3): pre {70, 74, 72} mean 72 sd 2; post {71, 77} mean 74 sd 4.2426; +2.
    BOOST_TEST(e.control.pre.n == 3u);
    BOOST_TEST(e.control.post.n == 2u);
    check_opt(e.control.pre.mean, 72.0);
    check_opt(e.control.post.mean, 74.0);
    check_opt(e.control.effect, 2.0);
    check_opt(e.control.p, 0.6248121753427991, 1e-9);
    check_opt(e.control.d, 0.6793662204867574, 1e-9);
    // did = 30 - 2 = 28; se² = 50/2 + 25/3 + 4/3 + 18/2 = 43.6667, se = 6.6081;
    // ci = 28 ± 1.959964 · 6.6081 = 15.0484 to 40.9516.
    check_opt(e.did, 28.0);
    check_opt(e.did_se, 6.60807586719967, 1e-9);
    BOOST_TEST_REQUIRE(e.did_ci95.has_value());
    BOOST_TEST(e.did_ci95->lo == 15.048409191019866, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(e.did_ci95->hi == 40.951590808980136, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(sc::effect_verdict(e, "the branch") ==
               "Difference-in-differences: +28.0 points, 95% CI +15.0 to +41.0. The interval is "
               "above 0: the branch improved beyond the comparison.");
}

BOOST_AUTO_TEST_CASE(an_overlapping_plans_branch_would_change_the_control) {
    // Without B4 left out, its visits join the control: pre {70, 74, 72, 0} mean 54,
    // post {71, 77, 100} mean 82.6667, effect +28.6667, did 30 - 28.6667 = 1.3333.
    const FactBuilder b = plan_facts();
    const sc::TrainingEffect e =
        sc::action_plan_effect(b.f, sc::action_plan_spec(b.f, "7", D, "C1", "B1", {"a"}, {}), W);
    BOOST_TEST(e.control.pre.n == 4u);
    BOOST_TEST(e.control.post.n == 3u);
    check_opt(e.did, 30.0 - (248.0 / 3 - 54.0), 1e-9);
}

BOOST_AUTO_TEST_CASE(a_cell_under_two_visits_makes_its_statistics_null) {
    // Plan at B3 on section a: treated pre {74} (n 1), post {77} (n 1): means and the effect
    // (+3) exist, sd, p, d, se and the interval do not. Control (B1, B2, B4 not excluded).
    const FactBuilder b = plan_facts();
    const sc::TrainingEffect e =
        sc::action_plan_effect(b.f, sc::action_plan_spec(b.f, "8", D, "C1", "B3", {"a"}, {}), W);
    BOOST_TEST(e.trained.pre.n == 1u);
    BOOST_TEST(e.trained.post.n == 1u);
    check_opt(e.trained.effect, 3.0);
    BOOST_TEST(!e.trained.pre.sd);
    BOOST_TEST(!e.trained.p);
    BOOST_TEST(!e.trained.d);
    BOOST_TEST(e.did.has_value());
    BOOST_TEST(!e.did_se);
    BOOST_TEST(!e.did_ci95);
    BOOST_TEST(sc::effect_verdict(e, "the branch").find("Too few visits") != std::string::npos);
    // A branch with no visits at all: no effect, no did.
    const sc::TrainingEffect none =
        sc::action_plan_effect(b.f, sc::action_plan_spec(b.f, "9", D, "C1", "B9", {"a"}, {}), W);
    BOOST_TEST(none.trained.pre.n == 0u);
    BOOST_TEST(!none.trained.pre.mean);
    BOOST_TEST(!none.did);
    BOOST_TEST(sc::effect_verdict(none, "the branch").rfind("No difference can be measured", 0) ==
               0u);
}

BOOST_AUTO_TEST_CASE(the_visit_score_when_no_sections_and_nothing_for_unknown_ones) {
    const FactBuilder b = plan_facts();
    // No sections: the visit score (99 for every visit with a value in a; 50 for the NA one).
    const sc::TrainingEffect score =
        sc::action_plan_effect(b.f, sc::action_plan_spec(b.f, "7", D, "C1", "B1", {}, {"B4"}), W);
    BOOST_TEST(score.trained.post.n == 4u); // D+2's visit has a score (its section a is NA)
    // An unknown section measures nothing.
    const sc::TrainingEffect unknown = sc::action_plan_effect(
        b.f, sc::action_plan_spec(b.f, "7", D, "C1", "B1", {"zz"}, {"B4"}), W);
    BOOST_TEST(unknown.trained.pre.n == 0u);
    BOOST_TEST(unknown.control.post.n == 0u);
}

BOOST_AUTO_TEST_CASE(plans_overlap_when_their_windows_do) {
    // Windows of 10 days around D overlap those around days within 20 days either side.
    const std::vector<sc::PlanWindow> others = {
        {"B2", D - 19}, {"B3", D - 20}, {"B4", D + 19}, {"B2", D}, {"B5", D + 25}};
    BOOST_TEST(sc::overlapping_plan_branches(others, D, W) ==
                   (std::vector<std::string>{"B2", "B4"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
