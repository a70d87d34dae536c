// Tests for scoring/training.h (SCORING.md §7) on FactTables built by hand.
//
// p values and Cohen's d were computed with Python 3.11 + SciPy 1.10.1
// (scipy.stats.ttest_ind(post, pre, equal_var=False); d = (mean_post - mean_pre) / pooled sd with
// n - 1 weights); everything else is worked out in the comments.

#include "fact_builder.h"
#include "scoring/training.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace sc = vs::scoring;
using vs::test::check_opt;
using vs::test::day;
using vs::test::FactBuilder;
using V = FactBuilder::Visit;

namespace {

constexpr double NA = sc::kNa;
const int D = day("2026-05-01"); // the training date
constexpr int W = 10;            // the window in days

/// Client C1: E1 and E2 trained, E3 and E4 not. Scores only (the training lists no section).
///   trained pre  (D-10 <= d < D):  E1 D-10 60, E2 D-1 70         → {60, 70}
///   trained post (D <= d < D+10):  E1 D 80, E2 D+5 90, E1 D+9 100 → {80, 90, 100}
///   control pre:                   E3 D-5 70, E4 D-3 74          → {70, 74}
///   control post:                  E3 D+1 71, E4 D+3 77          → {71, 77}
/// and visits that count nowhere: E1 at D-11 and D+10 (outside), E1 of client C2, a visit with no
/// employee, and E1's visit whose score is NA.
FactBuilder windows_facts() {
    FactBuilder b;
    auto add = [&](const char* client, const char* employee, int d, double score) {
        V v;
        v.client = client, v.employee = employee, v.day = d, v.score = score;
        v.sections = {score, NA};
        b.add(v);
    };
    add("C1", "E1", D - 10, 60);
    add("C1", "E2", D - 1, 70);
    add("C1", "E1", D, 80);
    add("C1", "E2", D + 5, 90);
    add("C1", "E1", D + 9, 100);
    add("C1", "E3", D - 5, 70);
    add("C1", "E4", D - 3, 74);
    add("C1", "E3", D + 1, 71);
    add("C1", "E4", D + 3, 77);
    // Counted nowhere:
    add("C1", "E1", D - 11, 0);
    add("C1", "E1", D + W, 0);
    add("C2", "E1", D + 1, 0);
    add("C1", "", D + 1, 0);
    add("C1", "E1", D + 2, NA);
    return b;
}

sc::TrainingSpec spec_of(const sc::FactTable& f, std::vector<std::string> employees,
                         std::vector<std::string> sections = {}, const char* client = "C1") {
    return sc::training_spec(f, "T1", D, client, employees, sections);
}

struct CellWant {
    std::size_t n;
    std::optional<double> mean, sd;
};

void check_cell(const sc::Cell& got, const CellWant& want) {
    BOOST_TEST(got.n == want.n);
    check_opt(got.mean, want.mean);
    check_opt(got.sd, want.sd);
}

} // namespace

BOOST_AUTO_TEST_SUITE(training)

BOOST_AUTO_TEST_CASE(trained_and_control_groups_over_the_windows) {
    const FactBuilder b = windows_facts();
    const sc::TrainingEffect e = sc::training_effect(b.f, spec_of(b.f, {"E1", "E2"}), W);
    BOOST_TEST(e.id == "T1");
    // Trained: pre {60, 70} mean 65, sd √50; post {80, 90, 100} mean 90, sd 10; effect 25.
    // Welch: t = 25 / √(50/2 + 100/3) = 3.27327, df = 2.882; p = 0.0494163 (SciPy).
    // d = 25 / √((1·50 + 2·100)/3) = 25/√(250/3) = 2.73861.
    check_cell(e.trained.pre, {2, 65.0, 7.0710678118654755});
    check_cell(e.trained.post, {3, 90.0, 10.0});
    check_opt(e.trained.effect, 25.0);
    check_opt(e.trained.p, 0.04941625686257748, 1e-8);
    check_opt(e.trained.d, 2.7386127875258306);
    // Control: pre {70, 74} mean 72, sd √8; post {71, 77} mean 74, sd √18; effect 2.
    // p = 0.641945 (SciPy); d = 2 / √((8 + 18)/2) = 2/√13.
    check_cell(e.control.pre, {2, 72.0, 2.8284271247461903});
    check_cell(e.control.post, {2, 74.0, 4.242640687119285});
    check_opt(e.control.effect, 2.0);
    check_opt(e.control.p, 0.6419446472413908, 1e-8);
    check_opt(e.control.d, 0.5547001962252291);
    // did = 25 - 2 = 23; se = √(50/2 + 100/3 + 8/2 + 18/2) = √71.333…; ci = 23 ± 1.959964 · se.
    check_opt(e.did, 23.0);
    check_opt(e.did_se, 8.445906306213285);
    check_opt(e.did_ci95, sc::Interval{6.446327692448985, 39.55367230755101});

    // A longer window takes in D-11 (0, pre) and D+10 (0, post) for E1.
    const sc::TrainingEffect wide = sc::training_effect(b.f, spec_of(b.f, {"E1", "E2"}), W + 1);
    BOOST_TEST(wide.trained.pre.n == 3u);
    BOOST_TEST(wide.trained.post.n == 4u);
}

BOOST_AUTO_TEST_CASE(small_and_empty_cells_give_nulls) {
    const FactBuilder b = windows_facts();
    struct Case {
        std::string name;
        std::vector<std::string> trained;
        CellWant trained_pre, trained_post, control_pre, control_post;
        std::optional<double> trained_effect, control_effect, did;
        bool trained_p, control_p, did_se;
    };
    const std::vector<Case> cases = {
        // Everyone trained: the control group is empty; nothing that needs it is given.
        {"empty control group",
         {"E1", "E2", "E3", "E4"},
         {4, 68.5, {}},
         {5, 83.6, {}},
         {0, {}, {}},
         {0, {}, {}},
         (83.6 - 68.5),
         {},
         {},
         true,
         false,
         false},
        // E2 alone: pre {70} and post {90}: n = 1 each: means and effect, but no sd, p or d, and
        // no did_se (it needs every cell's sd); did = 20 - effect_control.
        // Control (E1, E3, E4): pre {60, 70, 74} → 68, post {80, 100, 71, 77} → 82.
        {"one visit per trained cell",
         {"E2"},
         {1, 70.0, {}},
         {1, 90.0, {}},
         {3, 68.0, {}},
         {4, 82.0, {}},
         20.0,
         14.0,
         6.0,
         false,
         true,
         false},
        // Nobody trained: trained cells empty.
        {"no trained employee has visits",
         {"E9"},
         {0, {}, {}},
         {0, {}, {}},
         {4, 68.5, {}},
         {5, 83.6, {}},
         {},
         (83.6 - 68.5),
         {},
         false,
         true,
         false},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const sc::TrainingEffect e = sc::training_effect(b.f, spec_of(b.f, c.trained), W);
        BOOST_TEST(e.trained.pre.n == c.trained_pre.n);
        check_opt(e.trained.pre.mean, c.trained_pre.mean);
        BOOST_TEST(e.trained.post.n == c.trained_post.n);
        check_opt(e.trained.post.mean, c.trained_post.mean);
        BOOST_TEST(e.control.pre.n == c.control_pre.n);
        check_opt(e.control.pre.mean, c.control_pre.mean);
        BOOST_TEST(e.control.post.n == c.control_post.n);
        check_opt(e.control.post.mean, c.control_post.mean);
        check_opt(e.trained.effect, c.trained_effect);
        check_opt(e.control.effect, c.control_effect);
        check_opt(e.did, c.did);
        BOOST_TEST(e.trained.p.has_value() == c.trained_p);
        BOOST_TEST(e.trained.d.has_value() == c.trained_p);
        BOOST_TEST(e.control.p.has_value() == c.control_p);
        BOOST_TEST(e.did_se.has_value() == c.did_se);
        BOOST_TEST(e.did_ci95.has_value() == c.did_se);
        if (c.trained_pre.n < 2)
            BOOST_TEST(!e.trained.pre.sd);
    }
}

BOOST_AUTO_TEST_CASE(measured_value_from_listed_sections) {
    // E1 trained, no control. Sections (a, b) per visit:
    //   pre:  {60, NA}, {NA, 80}, {NA, NA} (score 50, but no listed section applies)
    //   post: {90, 70}, {100, 100}
    FactBuilder b;
    auto add = [&](int d, double a, double bb, double score) {
        V v;
        v.employee = "E1", v.day = d, v.sections = {a, bb}, v.score = score;
        b.add(v);
    };
    add(D - 3, 60, NA, 60);
    add(D - 2, NA, 80, 80);
    add(D - 1, NA, NA, 50);
    add(D + 1, 90, 70, 80);
    add(D + 2, 100, 100, 100);
    struct Case {
        std::string name;
        std::vector<std::string> sections;
        CellWant pre, post;
        std::optional<double> effect, p, d;
    };
    const std::vector<Case> cases = {
        // a only: pre {60} (the others have no a), post {90, 100}: n = 1 before: effect, no p/d.
        {"section a", {"a"}, {1, 60.0, {}}, {2, 95.0, 7.0710678118654755}, 35.0, {}, {}},
        // a and b: the mean of those not NA: pre {60, 80}, post {80, 100}. Welch with equal
        // variances (200 each) and n = 2: t = 20/√200, df = 2; p = 1 - t/√(2 + t²) = 1 - √2/2;
        // d = 20/√200 = √2.
        {"sections a and b",
         {"a", "b"},
         {2, 70.0, 14.142135623730951},
         {2, 90.0, 14.142135623730951},
         20.0,
         0.2928932188134524,
         1.4142135623730951},
        // No sections: the visit score, pre {60, 80, 50} (mean 190/3, sd √(700/3)), post
        // {80, 100}; p = 0.160619 (SciPy); d = (90 - 190/3) / √((2 · 700/3 + 200)/3) = 1.78885.
        {"visit score",
         {},
         {3, 63.333333333333336, 15.275252316519467},
         {2, 90.0, 14.142135623730951},
         90.0 - 190.0 / 3,
         0.16061855451250137,
         1.7888543819998315},
        // A section no scorecard has: nothing is measured (not the visit score).
        {"unknown section", {"zz"}, {0, {}, {}}, {0, {}, {}}, {}, {}, {}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const sc::TrainingEffect e = sc::training_effect(b.f, spec_of(b.f, {"E1"}, c.sections), W);
        check_cell(e.trained.pre, c.pre);
        check_cell(e.trained.post, c.post);
        check_opt(e.trained.effect, c.effect);
        check_opt(e.trained.p, c.p, 1e-8);
        check_opt(e.trained.d, c.d);
        BOOST_TEST(e.control.pre.n == 0u);
        BOOST_TEST(!e.did);
    }
}

BOOST_AUTO_TEST_CASE(spec_resolves_names) {
    FactBuilder b = windows_facts();
    // Employee codes are unique within a client only: a second dictionary entry "E1" (another
    // client's E1) is taken too; its visits never match the client.
    b.f.employees.names.push_back("E1");
    const sc::TrainingSpec s = spec_of(b.f, {"E1", "E9"}, {"b", "zz"});
    BOOST_TEST(s.id == "T1");
    BOOST_TEST(s.day == D);
    BOOST_TEST(b.f.clients[s.client] == "C1");
    BOOST_REQUIRE_EQUAL(s.employees.size(), 2u);
    for (auto e : s.employees)
        BOOST_TEST(b.f.employees[e] == "E1");
    BOOST_TEST(s.sections == (std::vector<std::int32_t>{1, -1}), boost::test_tools::per_element());
    // Unknown client: nothing counts.
    const sc::TrainingEffect e = sc::training_effect(b.f, spec_of(b.f, {"E1"}, {}, "Nobody"), W);
    BOOST_TEST(e.trained.pre.n + e.trained.post.n + e.control.pre.n + e.control.post.n == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
