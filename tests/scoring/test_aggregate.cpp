// Tests for scoring/aggregate.h (SCORING.md §4–6) on small FactTables built by hand.
//
// Every expected number is worked out in the comments. Student t quantiles come from closed
// forms (1 df: tan(0.475π) = 12.706204736174696; 2 df: t = 4.302652729749461 solving
// ½ + t / (2√(2 + t²)) = 0.975; 3 df: t = 3.182446305283706 solving ½ + (θ + sinθ cosθ)/π = 0.975
// with θ = atan(t/√3)); Wilson intervals from p ± … with z = 1.959964, evaluated in Python.

#include "fact_builder.h"
#include "scoring/aggregate.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sc = vs::scoring;
using vs::test::check_opt;
using vs::test::day;
using vs::test::FactBuilder;
using V = FactBuilder::Visit;

namespace {

constexpr double NA = sc::kNa;

/// The by-branch dataset of the tests below (B1 four visits, one NA; B2 one critical visit).
///   v1 B1 E1 v1(target 80) 2026-01-10 score 70  a 60  b 80 (b attributed to E2)  nps 9
///   v2 B1 E1 v2(target 90) 2026-01-20 score 90  a 100 b NA                       nps 6
///   v3 B1 E2 v1            2026-02-05 score 80  a 80  b NA
///   v4 B1 —  v1            2026-02-06 score 100 a 100 b 100                      nps 10
///   v5 B1 E2 v1            2026-02-07 score NA (counts nowhere)
///   v6 B2 E3 v1            2026-03-01 score 50  a 0 (section critical) b 100     nps 3
/// Question values (q1 yes_no, q2 scale pass_at 0.75 with NA, q3 yes_no in section b):
///   v1 {1, 0.75, 0}, v2 {1, NA answer, hidden}, v3 {0, 0.5, hidden}, v4 {1, 1, 1},
///   v5 {1, 1, 1}, v6 {0, 0.25, 1}.
sc::FactTable branch_facts() {
    FactBuilder b;
    V v;
    v = {};
    v.employee = "E1", v.day = day("2026-01-10"), v.score = 70, v.sections = {60, 80};
    v.section_employees = {"", "E2"}, v.nps = 9, v.questions = {1, 0.75, 0};
    b.add(v);
    v = {};
    v.employee = "E1", v.version = 2, v.day = day("2026-01-20"), v.score = 90;
    v.sections = {100, NA}, v.nps = 6, v.questions = {1, sc::kAnswerNa, NA};
    b.add(v);
    v = {};
    v.employee = "E2", v.day = day("2026-02-05"), v.score = 80, v.sections = {80, NA};
    v.questions = {0, 0.5, NA};
    b.add(v);
    v = {};
    v.day = day("2026-02-06"), v.score = 100, v.sections = {100, 100}, v.nps = 10;
    v.questions = {1, 1, 1};
    b.add(v);
    v = {};
    v.employee = "E2", v.day = day("2026-02-07"), v.questions = {1, 1, 1};
    b.add(v);
    v = {};
    v.branch = "B2", v.employee = "E3", v.day = day("2026-03-01"), v.score = 50;
    v.sections = {0, 100}, v.section_critical = {true, false}, v.critical = true, v.nps = 3;
    v.questions = {0, 0.25, 1};
    b.add(v);
    return b.f;
}

sc::AggregateSpec by(std::vector<sc::GroupKey> keys,
                     vs::forms::Period period = vs::forms::Period::None) {
    sc::AggregateSpec spec;
    spec.keys = std::move(keys);
    spec.period = period;
    return spec;
}

/// The group whose first key has this display value ("" for none).
template <class G>
const G& find_group(const sc::FactTable& f, const sc::AggregateSpec& spec,
                    const std::vector<G>& groups, const std::string& key,
                    const std::string& item = "") {
    for (const G& g : groups) {
        const std::string& value = sc::key_value(f, spec.keys[0], g.id.keys[0]);
        std::string it;
        if (g.id.item >= 0)
            it = std::is_same_v<G, sc::QuestionGroup> ? f.question_ids[g.id.item]
                                                      : f.section_ids[g.id.item];
        if (value == key && it == item)
            return g;
    }
    BOOST_FAIL("no group " + key + " " + item);
    return groups.front();
}

} // namespace

BOOST_AUTO_TEST_SUITE(aggregate)

BOOST_AUTO_TEST_CASE(measure_of_values) {
    struct Case {
        std::string name;
        std::vector<double> xs;
        std::vector<double> targets;
        std::size_t critical = 0;
        std::size_t n = 0;
        std::optional<double> mean, sd, min, max, median;
        std::optional<sc::Interval> ci95;
        std::optional<double> pass_rate;
        std::optional<sc::Interval> pass_ci95;
        std::optional<double> critical_fail_rate;
        bool low_sample = true;
        std::optional<double> target;
        std::optional<sc::Status> status;
    };
    const std::vector<Case> cases = {
        {"n = 0: every measure null",
         {},
         {},
         0,
         0,
         {},
         {},
         {},
         {},
         {},
         {},
         {},
         {},
         {},
         true,
         {},
         {}},
        // n = 1: no sd or ci; Wilson(0, 1) = [0, z²/(1 + z²)] = [0, 0.79345…]; 72 < 80 - 5: below.
        {"n = 1",
         {72},
         {80},
         0,
         1,
         72.0,
         {},
         72.0,
         72.0,
         72.0,
         {},
         0.0,
         sc::Interval{0, 0.7934506882081973},
         0.0,
         true,
         80.0,
         sc::Status::Below},
        // n = 2: sd = √((10² + 10²)/1) = √200; ci = 80 ± t(1) · √200/√2 = 80 ± 12.7062… · 10;
        // median = (70 + 90)/2; pass 1/2, Wilson(1, 2); mean 80 >= target 80: above.
        {"n = 2",
         {70, 90},
         {80, 80},
         0,
         2,
         80.0,
         14.142135623730951,
         70.0,
         90.0,
         80.0,
         sc::Interval{0, 100}, // 80 ± 127.06…, clipped to the scale
         0.5,
         sc::Interval{0.09453120463920084, 0.9054687953607992},
         0.0,
         true,
         80.0,
         sc::Status::Above},
        // Every visit exactly at target: all pass (score >= target), sd 0, ci collapses;
        // Wilson(3, 3) = [0.4385…, 1]; n = 3 = min_n: not a low sample.
        {"every visit exactly at target",
         {80, 80, 80},
         {80, 80, 80},
         0,
         3,
         80.0,
         0.0,
         80.0,
         80.0,
         80.0,
         sc::Interval{80, 80},
         1.0,
         sc::Interval{0.43850296436068037, 1},
         0.0,
         false,
         80.0,
         sc::Status::Above},
        // One critical failure (score 0) of three: mean 60, sd = √((60² + 30² + 30²)/2) = √2700,
        // ci = 60 ± t(2) · √2700/√3 = 60 ± 4.30265… · 30, clipped to the scale [0, 100];
        // median 90; pass 2/3; critical 1/3.
        {"one critical failure",
         {0, 90, 90},
         {80, 80, 80},
         1,
         3,
         60.0,
         51.96152422706632,
         0.0,
         90.0,
         90.0,
         sc::Interval{0, 100},
         2.0 / 3,
         sc::Interval{0.2076595988078242, 0.9385080559790691},
         1.0 / 3,
         false,
         80.0,
         sc::Status::Below},
        // Exactly target - 5 is still near.
        {"near: mean = target - 5",
         {75},
         {80},
         0,
         1,
         75.0,
         {},
         75.0,
         75.0,
         75.0,
         {},
         0.0,
         sc::Interval{0, 0.7934506882081973},
         0.0,
         true,
         80.0,
         sc::Status::Near},
        {"below: mean just under target - 5",
         {74.9},
         {80},
         0,
         1,
         74.9,
         {},
         74.9,
         74.9,
         74.9,
         {},
         0.0,
         sc::Interval{0, 0.7934506882081973},
         0.0,
         true,
         80.0,
         sc::Status::Below},
        // Each value against its own target: 85 >= 80 passes, 85 < 90 does not; the group target
        // is their mean 85, and the mean 85 reaches it.
        {"each value against its own target",
         {85, 85},
         {80, 90},
         0,
         2,
         85.0,
         0.0,
         85.0,
         85.0,
         85.0,
         sc::Interval{85, 85},
         0.5,
         sc::Interval{0.09453120463920084, 0.9054687953607992},
         0.0,
         true,
         85.0,
         sc::Status::Above},
        {"no targets: no pass rate, target or status",
         {85},
         {},
         0,
         1,
         85.0,
         {},
         85.0,
         85.0,
         85.0,
         {},
         {},
         {},
         0.0,
         true,
         {},
         {}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const sc::Measures m = sc::measure(c.xs, c.targets, c.critical, 3);
        BOOST_TEST(m.n == c.n);
        check_opt(m.mean, c.mean);
        check_opt(m.sd, c.sd);
        check_opt(m.min, c.min);
        check_opt(m.max, c.max);
        check_opt(m.median, c.median);
        check_opt(m.ci95, c.ci95);
        check_opt(m.pass_rate, c.pass_rate);
        check_opt(m.pass_ci95, c.pass_ci95);
        check_opt(m.critical_fail_rate, c.critical_fail_rate);
        BOOST_TEST(m.low_sample == c.low_sample);
        check_opt(m.target, c.target);
        BOOST_TEST((m.status == c.status));
    }
    BOOST_CHECK_THROW(sc::measure({1, 2}, {80}, 0, 3), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(visit_groups_by_branch) {
    const sc::FactTable f = branch_facts();
    const auto spec = by({sc::GroupKey::Branch});
    const auto groups = sc::aggregate_visits(f, spec);
    BOOST_REQUIRE_EQUAL(groups.size(), 2u);

    // B1: {70, 90, 80, 100} (v5's NA score counts nowhere). mean 85; sd = √((15² + 5² + 5² +
    // 15²)/3) = √(500/3); ci = 85 ± t(3) · sd/2 = 85 ± 20.5426…, its top clipped to 100;
    // median (80 + 90)/2.
    // Targets 80, 90, 80, 80: 70 fails, 90 >= 90, 80 >= 80 and 100 pass: 3/4, Wilson(3, 4);
    // target (80 + 90 + 80 + 80)/4 = 82.5 <= 85: above.
    const sc::VisitGroup& b1 = find_group(f, spec, groups, "B1");
    BOOST_TEST(b1.m.n == 4u);
    check_opt(b1.m.mean, 85.0);
    check_opt(b1.m.sd, 12.909944487358056);
    check_opt(b1.m.ci95, sc::Interval{64.4573974323948, 100});
    check_opt(b1.m.median, 85.0);
    check_opt(b1.m.min, 70.0);
    check_opt(b1.m.max, 100.0);
    check_opt(b1.m.pass_rate, 0.75);
    check_opt(b1.m.pass_ci95, sc::Interval{0.3006418400969081, 0.954412739704631});
    check_opt(b1.m.target, 82.5);
    BOOST_TEST((b1.m.status == sc::Status::Above));
    check_opt(b1.m.critical_fail_rate, 0.0);
    BOOST_TEST(!b1.m.low_sample);
    // Sections: a {60, 100, 80, 100} → 85; b {80, 100} → 90 (NA sections left out).
    BOOST_REQUIRE_EQUAL(b1.sections.size(), 2u);
    BOOST_TEST(b1.sections.at(0).n == 4u);
    BOOST_TEST(b1.sections.at(0).mean == 85.0);
    BOOST_TEST(b1.sections.at(1).n == 2u);
    BOOST_TEST(b1.sections.at(1).mean == 90.0);
    // NPS {9, 6, 10}: 2 promoters, 1 detractor: 100 · (2 - 1)/3.
    BOOST_TEST(b1.nps.n == 3u);
    BOOST_TEST(b1.nps.promoters == 2u);
    BOOST_TEST(b1.nps.detractors == 1u);
    check_opt(b1.nps.nps, 100.0 / 3);

    // B2: one visit with a critical failure: critical rate 1, low sample, no sd/ci.
    const sc::VisitGroup& b2 = find_group(f, spec, groups, "B2");
    BOOST_TEST(b2.m.n == 1u);
    check_opt(b2.m.critical_fail_rate, 1.0);
    BOOST_TEST(b2.m.low_sample);
    BOOST_TEST(!b2.m.sd);
    BOOST_TEST(!b2.m.ci95);
    BOOST_TEST((b2.m.status == sc::Status::Below));
    check_opt(b2.nps.nps, -100.0);

    // raw instead of score: v6 keeps its raw 50 unless it differs; make it differ.
    sc::FactTable raw = f;
    raw.visits.back().score = 0; // a visit-level critical failure: score 0, raw 50
    auto raw_spec = spec;
    check_opt(find_group(raw, spec, sc::aggregate_visits(raw, spec), "B2").m.mean, 0.0);
    raw_spec.use_raw = true;
    check_opt(find_group(raw, raw_spec, sc::aggregate_visits(raw, raw_spec), "B2").m.mean, 50.0);
}

BOOST_AUTO_TEST_CASE(employee_groups_use_primary_visits_and_attributed_sections) {
    const sc::FactTable f = branch_facts();
    const auto spec = by({sc::GroupKey::Employee});
    const auto groups = sc::aggregate_visits(f, spec);
    // null (v4), E1 (v1, v2), E2 (v3; v5 is NA), E3 (v6); no group for nobody.
    BOOST_REQUIRE_EQUAL(groups.size(), 4u);
    BOOST_TEST(groups[0].id.keys[0] == -1); // the null employee sorts first
    BOOST_TEST(groups[0].m.n == 1u);

    // E1: {70, 90} with targets 80 and 90: mean 80, pass 1/2, target 85, 80 >= 85 - 5: near.
    const sc::VisitGroup& e1 = find_group(f, spec, groups, "E1");
    BOOST_TEST(e1.m.n == 2u);
    check_opt(e1.m.mean, 80.0);
    check_opt(e1.m.target, 85.0);
    BOOST_TEST((e1.m.status == sc::Status::Near));
    // E1's sections: a from v1 and v2 {60, 100} → 80; v1's b is attributed to E2, v2's b is NA.
    BOOST_REQUIRE_EQUAL(e1.sections.size(), 1u);
    BOOST_TEST(e1.sections.at(0).n == 2u);
    BOOST_TEST(e1.sections.at(0).mean == 80.0);
    // E2: primary of v3 only (score 80), but section b of v1 (80) counts for E2.
    const sc::VisitGroup& e2 = find_group(f, spec, groups, "E2");
    BOOST_TEST(e2.m.n == 1u);
    BOOST_REQUIRE_EQUAL(e2.sections.size(), 2u);
    BOOST_TEST(e2.sections.at(0).mean == 80.0);
    BOOST_TEST(e2.sections.at(1).n == 1u);
    BOOST_TEST(e2.sections.at(1).mean == 80.0);

    // Template key: both versions in one group; each visit against its own version's target:
    // {70, 90, 80, 100, 50} pass 90 >= 90, 80 >= 80, 100 >= 80: 3/5.
    const auto tspec = by({sc::GroupKey::Template});
    const auto t = sc::aggregate_visits(f, tspec);
    BOOST_REQUIRE_EQUAL(t.size(), 1u);
    BOOST_TEST(sc::key_value(f, sc::GroupKey::Template, t[0].id.keys[0]) == "shop");
    BOOST_TEST(t[0].m.n == 5u);
    check_opt(t[0].m.pass_rate, 0.6);
    check_opt(t[0].m.target, 82.0); // (80 + 90 + 80 + 80 + 80)/5
}

BOOST_AUTO_TEST_CASE(section_groups_attribute_sections) {
    const sc::FactTable f = branch_facts();
    const auto spec = by({sc::GroupKey::Employee});
    const auto groups = sc::aggregate_sections(f, spec);
    // Non-NA sections of non-NA visits: v1 2, v2 1, v3 1, v4 2, v6 2 = 8.
    std::size_t total = 0;
    for (const auto& g : groups)
        total += g.m.n;
    BOOST_TEST(total == 8u);
    // E1/a: {60 (target 80), 100 (target 90)}: mean 80, pass 1/2, target 85.
    const auto& e1a = find_group(f, spec, groups, "E1", "a");
    BOOST_TEST(e1a.m.n == 2u);
    check_opt(e1a.m.mean, 80.0);
    check_opt(e1a.m.pass_rate, 0.5);
    check_opt(e1a.m.target, 85.0);
    // E2/b: v1's section b (80) attributed to E2, against v1's target 80: passes.
    const auto& e2b = find_group(f, spec, groups, "E2", "b");
    BOOST_TEST(e2b.m.n == 1u);
    check_opt(e2b.m.mean, 80.0);
    check_opt(e2b.m.pass_rate, 1.0);
    // E3/a: the section-level critical failure (score 0); E3/b has none.
    check_opt(find_group(f, spec, groups, "E3", "a").m.critical_fail_rate, 1.0);
    check_opt(find_group(f, spec, groups, "E3", "b").m.critical_fail_rate, 0.0);
    // No E1/b group: E1's only b was attributed to E2, the other was NA.
    for (const auto& g : groups)
        BOOST_TEST(!(g.id.keys[0] >= 0 && f.employees[g.id.keys[0]] == "E1" &&
                     f.section_ids[g.id.item] == "b"));
}

BOOST_AUTO_TEST_CASE(question_groups) {
    const sc::FactTable f = branch_facts();
    const auto spec = by({});
    const auto groups = sc::aggregate_questions(f, spec);
    BOOST_REQUIRE_EQUAL(groups.size(), 3u);
    struct Case {
        std::string question;
        std::size_t n;
        double mean_f, pass_rate, na_rate;
        sc::Interval pass_ci95;
    };
    const std::vector<Case> cases = {
        // q1 over v1, v2, v3, v4, v6 (v5's NA score counts nowhere): {1, 1, 0, 1, 0}: 3/5.
        {"q1", 5, 0.6, 0.6, 0.0, sc::Interval{0.23072427940911855, 0.8823792268590028}},
        // q2 {0.75, NA, 0.5, 1, 0.25}: n 4, mean 2.5/4; pass_at 0.75: 0.75 and 1 pass: 1/2;
        // NA 1 of 5 visible answers.
        {"q2", 4, 0.625, 0.5, 0.2, sc::Interval{0.15003898774401986, 0.8499610122559802}},
        // q3 {0, 1, 1} (hidden in v2 and v3: not counted at all).
        {"q3", 3, 2.0 / 3, 2.0 / 3, 0.0, sc::Interval{0.2076595988078242, 0.9385080559790691}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.question);
        const sc::QuestionGroup* g = nullptr;
        for (const auto& x : groups)
            if (f.question_ids[x.id.item] == c.question)
                g = &x;
        BOOST_REQUIRE(g);
        BOOST_TEST(g->n == c.n);
        check_opt(g->mean_f, c.mean_f);
        check_opt(g->pass_rate, c.pass_rate);
        check_opt(g->na_rate, c.na_rate);
        check_opt(g->pass_ci95, c.pass_ci95);
    }
    // By employee: questions follow their section's employee. v1's q3 (section b) is E2's;
    // E1's q2 is {0.75, NA}: n 1, na_rate 1/2; E1 has no q3 group.
    const auto espec = by({sc::GroupKey::Employee});
    const auto eg = sc::aggregate_questions(f, espec);
    const auto& e2q3 = find_group(f, espec, eg, "E2", "q3");
    BOOST_TEST(e2q3.n == 1u);
    check_opt(e2q3.mean_f, 0.0);
    const auto& e1q2 = find_group(f, espec, eg, "E1", "q2");
    BOOST_TEST(e1q2.n == 1u);
    check_opt(e1q2.na_rate, 0.5);
    for (const auto& g : eg)
        BOOST_TEST(!(g.id.keys[0] >= 0 && f.employees[g.id.keys[0]] == "E1" &&
                     f.question_ids[g.id.item] == "q3"));
    // Facts without questions are refused rather than read out of bounds.
    sc::FactTable bare = f;
    bare.has_questions = false;
    BOOST_CHECK_THROW(sc::aggregate_questions(bare, spec), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(consistency_uses_employees_with_min_n_visits) {
    FactBuilder b;
    auto add = [&](const char* branch, const char* employee, double score) {
        V v;
        v.branch = branch, v.employee = employee, v.day = day("2026-05-01"), v.score = score;
        b.add(v);
    };
    // B1: E1 {70, 80, 90} → 80; E2 {85, 90, 95} → 90; E3 {50, 60} → 55 (2 visits).
    for (double x : {70, 80, 90})
        add("B1", "E1", x);
    for (double x : {85, 90, 95})
        add("B1", "E2", x);
    for (double x : {50, 60})
        add("B1", "E3", x);
    // B2: E4 {70, 70, 70} → 70; E5 {90}. A visit with no employee is nobody's.
    for (double x : {70, 70, 70})
        add("B2", "E4", x);
    add("B2", "E5", 90);
    add("B2", "", 10);
    struct Case {
        std::string name;
        std::size_t min_n;
        std::optional<double> b1, b2;
    };
    const std::vector<Case> cases = {
        // min_n 3: B1 sd{80, 90} = √50; B2 has one such employee: null.
        {"min_n 3", 3, 7.0710678118654755, std::nullopt},
        // min_n 2: B1 sd{80, 90, 55} = √((5² + 15² + 20²)/2) = √325; B2 still one.
        {"min_n 2", 2, 18.027756377319946, std::nullopt},
        // min_n 1: B2 sd{70, 90} = √200 (the no-employee visit never counts).
        {"min_n 1", 1, 18.027756377319946, 14.142135623730951},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        auto spec = by({sc::GroupKey::Branch});
        spec.min_n = c.min_n;
        const auto groups = sc::aggregate_visits(b.f, spec);
        check_opt(find_group(b.f, spec, groups, "B1").consistency, c.b1);
        check_opt(find_group(b.f, spec, groups, "B2").consistency, c.b2);
    }
}

BOOST_AUTO_TEST_CASE(trend_skips_empty_periods_but_indexes_them) {
    FactBuilder b;
    auto add = [&](const char* branch, const char* date, double score) {
        V v;
        v.branch = branch, v.employee = "E1", v.day = day(date), v.score = score;
        b.add(v);
    };
    // B1 by month: Jan {60, 80} → 70, Feb empty, Mar {80}, Apr {85, 95} → 90.
    // Points (0, 70), (2, 80), (3, 90): x̄ = 5/3, ȳ = 80; Sxy = (-5/3)(-10) + (1/3)(0) +
    // (4/3)(10) = 30; Sxx = (25 + 1 + 16)/9 = 14/3; slope = 30/(14/3) = 90/14.
    // (Without the gap's index it would be (0,70), (1,80), (2,90): slope 10.)
    add("B1", "2026-01-05", 60);
    add("B1", "2026-01-25", 80);
    add("B1", "2026-03-10", 80);
    add("B1", "2026-04-01", 85);
    add("B1", "2026-04-30", 95);
    // B2: two months only: no trend.
    add("B2", "2026-01-05", 50);
    add("B2", "2026-02-05", 60);
    // B3: three consecutive months 50, 60, 70: 10 per month.
    add("B3", "2026-01-05", 50);
    add("B3", "2026-02-05", 60);
    add("B3", "2026-03-05", 70);
    // B4 by ISO week across the year end: 2025-12-22 (2025-W52) 60, 2025-12-29 (2026-W01) 70,
    // 2026-01-12 (2026-W03; W02 empty) 90. Points (0,60), (1,70), (3,90): x̄ = 4/3, ȳ = 220/3;
    // Sxy = (16·10 + 1·10 + 5·50)/9·… = 420/9, Sxx = 42/9: slope 10 (15 without the gap).
    add("B4", "2025-12-22", 60);
    add("B4", "2025-12-29", 70);
    add("B4", "2026-01-12", 90);
    struct Case {
        std::string branch;
        vs::forms::Period period;
        std::optional<double> trend;
    };
    const std::vector<Case> cases = {
        {"B1", vs::forms::Period::Month, 90.0 / 14},
        {"B2", vs::forms::Period::Month, std::nullopt},
        {"B3", vs::forms::Period::Month, 10.0},
        {"B4", vs::forms::Period::Week, 10.0},
        // B1 by quarter: Q1 {60, 80, 80}, Q2 {85, 95}: two periods: null.
        {"B1", vs::forms::Period::Quarter, std::nullopt},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.branch + " " + std::to_string(static_cast<int>(c.period)));
        auto spec = by({sc::GroupKey::Branch});
        spec.trend_period = c.period;
        const auto groups = sc::aggregate_visits(b.f, spec);
        check_opt(find_group(b.f, spec, groups, c.branch).trend, c.trend);
    }
    // With a period key each month is its own group, keyed "2026-01" …; empty months have none.
    auto spec = by({sc::GroupKey::Branch}, vs::forms::Period::Month);
    std::vector<std::string> b1_periods;
    for (const auto& g : sc::aggregate_visits(b.f, spec))
        if (b.f.branches[g.id.keys[0]] == "B1")
            b1_periods.push_back(g.id.period);
    BOOST_TEST(b1_periods == (std::vector<std::string>{"2026-01", "2026-03", "2026-04"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(all_na_and_empty_facts_give_no_groups) {
    FactBuilder b;
    BOOST_TEST(sc::aggregate_visits(b.f, by({sc::GroupKey::Branch})).empty());
    BOOST_TEST(sc::aggregate_sections(b.f, by({sc::GroupKey::Branch})).empty());
    BOOST_TEST(sc::aggregate_questions(b.f, by({sc::GroupKey::Branch})).empty());
    V v;
    v.employee = "E1";
    v.questions = {1, 1, 1};
    b.add(v);               // score NA
    v.sections = {100, NA}; // a section with a value in a visit whose score is NA (weight 0)
    b.add(v);
    BOOST_TEST(sc::aggregate_visits(b.f, by({sc::GroupKey::Branch})).empty());
    BOOST_TEST(sc::aggregate_sections(b.f, by({sc::GroupKey::Branch})).empty());
    BOOST_TEST(sc::aggregate_questions(b.f, by({sc::GroupKey::Branch})).empty());
}

BOOST_AUTO_TEST_CASE(properties_on_random_facts) {
    // 3000 seeded random visits: 4 clients with one branch each, 20 employees, two template
    // versions, ~5 % NA scores, ~20 % NA sections, section attribution now and then.
    FactBuilder b;
    std::mt19937_64 rng(20261031);
    auto uniform = [&](double lo, double hi) {
        return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
    };
    auto below = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
    std::size_t counted = 0;
    std::size_t sections = 0;
    for (int i = 0; i < 3000; ++i) {
        V v;
        const int c = below(4);
        v.client = "C" + std::to_string(c);
        v.branch = "B" + std::to_string(c);
        v.employee = below(10) == 0 ? "" : "E" + std::to_string(c * 5 + below(5));
        v.version = 1 + below(2);
        v.day = day("2026-01-01") + below(365);
        const bool na = below(20) == 0;
        v.sections = {na || below(5) == 0 ? NA : std::round(uniform(0, 100)),
                      na || below(5) == 0 ? NA : std::round(uniform(0, 100))};
        if (below(8) == 0)
            v.section_employees = {"", "E" + std::to_string(c * 5 + below(5))};
        if (!na) {
            v.score = std::round(uniform(20, 100) * 4) / 4;
            ++counted;
            sections += !sc::is_na(v.sections[0]) + !sc::is_na(v.sections[1]);
        }
        v.critical = below(30) == 0;
        b.add(v);
    }
    const sc::FactTable& f = b.f;

    for (const auto& keys :
         std::vector<std::vector<sc::GroupKey>>{{sc::GroupKey::Branch},
                                                {sc::GroupKey::Employee},
                                                {sc::GroupKey::Client, sc::GroupKey::Employee}}) {
        for (auto period :
             {vs::forms::Period::None, vs::forms::Period::Month, vs::forms::Period::Week}) {
            BOOST_TEST_INFO_SCOPE("keys " << keys.size() << " period " << static_cast<int>(period));
            const auto spec = by(keys, period);
            std::size_t n = 0;
            for (const auto& g : sc::aggregate_visits(f, spec)) {
                n += g.m.n;
                const auto& m = g.m;
                BOOST_TEST(*m.min <= *m.mean + 1e-9);
                BOOST_TEST(*m.mean <= *m.max + 1e-9);
                BOOST_TEST(*m.min <= *m.median);
                BOOST_TEST(*m.median <= *m.max);
                if (m.ci95) {
                    BOOST_TEST(m.ci95->lo <= *m.mean);
                    BOOST_TEST(*m.mean <= m.ci95->hi);
                }
                BOOST_TEST(m.pass_ci95->lo <= *m.pass_rate);
                BOOST_TEST(*m.pass_rate <= m.pass_ci95->hi);
                BOOST_TEST((m.low_sample == (m.n < 3)));
            }
            // The n of the groups add up to the visits with a score.
            BOOST_TEST(n == counted);
            std::size_t ns = 0;
            for (const auto& g : sc::aggregate_sections(f, spec))
                ns += g.m.n;
            BOOST_TEST(ns == sections);
        }
    }

    // Grouping by branch equals grouping by client when each client has one branch; merging the
    // branch groups (n-weighted means) gives the overall mean.
    const auto by_branch = sc::aggregate_visits(f, by({sc::GroupKey::Branch}));
    const auto by_client = sc::aggregate_visits(f, by({sc::GroupKey::Client}));
    const auto overall = sc::aggregate_visits(f, by({}));
    BOOST_REQUIRE_EQUAL(by_branch.size(), 4u);
    BOOST_REQUIRE_EQUAL(by_client.size(), 4u);
    BOOST_REQUIRE_EQUAL(overall.size(), 1u);
    double weighted = 0;
    std::size_t n = 0;
    std::size_t passes = 0;
    for (const auto& g : by_branch) {
        const auto& c = *std::find_if(by_client.begin(), by_client.end(), [&](const auto& x) {
            return f.clients[x.id.keys[0]].substr(1) == f.branches[g.id.keys[0]].substr(1);
        });
        BOOST_TEST(g.m.n == c.m.n);
        check_opt(g.m.mean, c.m.mean, 1e-12);
        check_opt(g.m.sd, c.m.sd, 1e-12);
        check_opt(g.m.median, c.m.median, 1e-12);
        check_opt(g.m.pass_rate, c.m.pass_rate, 1e-12);
        check_opt(g.consistency, c.consistency, 1e-12);
        check_opt(g.trend, c.trend, 1e-12);
        weighted += static_cast<double>(g.m.n) * *g.m.mean;
        n += g.m.n;
        passes +=
            static_cast<std::size_t>(std::lround(*g.m.pass_rate * static_cast<double>(g.m.n)));
    }
    BOOST_TEST(n == overall[0].m.n);
    BOOST_TEST(weighted / static_cast<double>(n) == *overall[0].m.mean,
               boost::test_tools::tolerance(1e-12));
    BOOST_TEST(static_cast<double>(passes) / static_cast<double>(n) == *overall[0].m.pass_rate,
               boost::test_tools::tolerance(1e-12));

    // The ci95 narrows as n grows (i.i.d. values, same distribution).
    std::vector<double> xs;
    double last_width = 1e300;
    for (std::size_t size : {5u, 20u, 100u, 1000u, 10000u}) {
        while (xs.size() < size)
            xs.push_back(uniform(50, 100));
        const auto m = sc::measure(xs, {}, 0, 3);
        const double width = m.ci95->hi - m.ci95->lo;
        BOOST_TEST_INFO_SCOPE("n = " << size);
        BOOST_TEST(width < last_width);
        BOOST_TEST(m.ci95->lo <= *m.mean);
        BOOST_TEST(*m.mean <= m.ci95->hi);
        last_width = width;
    }
}

BOOST_AUTO_TEST_CASE(a_day_range_counts_the_visits_of_those_days_only) {
    // 600 visits over a year, some NA, sections attributed now and then: aggregating with a day
    // range gives exactly what aggregating the facts without the other visits gives.
    FactBuilder b;
    std::mt19937_64 rng(20261122);
    auto below = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
    for (int i = 0; i < 600; ++i) {
        V v;
        v.branch = "B" + std::to_string(below(3));
        v.employee = "E" + std::to_string(below(6));
        v.version = 1 + below(2);
        v.day = day("2026-01-01") + i * 365 / 600;
        v.score = below(15) == 0 ? NA : 40 + below(61);
        v.sections = {below(4) == 0 ? NA : below(101), static_cast<double>(below(101))};
        if (below(6) == 0)
            v.section_employees = {"", "E" + std::to_string(below(6))};
        v.nps = below(3) == 0 ? -1 : below(11);
        v.questions = {static_cast<double>(below(2)),
                       below(5) == 0 ? sc::kAnswerNa : 0.25 * below(5),
                       static_cast<double>(below(2))};
        b.add(v);
    }
    const int from = day("2026-04-01"), to = day("2026-06-30");
    sc::FactTable inside = b.f;
    std::erase_if(inside.visits,
                  [&](const sc::VisitFact& v) { return v.day < from || v.day > to; });
    BOOST_TEST_REQUIRE(inside.visits.size() > 100u);
    BOOST_TEST_REQUIRE(inside.visits.size() < 200u);

    for (const auto& keys : std::vector<std::vector<sc::GroupKey>>{
             {}, {sc::GroupKey::Branch}, {sc::GroupKey::Branch, sc::GroupKey::Employee}}) {
        for (auto period : {vs::forms::Period::None, vs::forms::Period::Month}) {
            BOOST_TEST_INFO_SCOPE("keys " << keys.size() << " period " << static_cast<int>(period));
            sc::AggregateSpec ranged = by(keys, period);
            ranged.from_day = from;
            ranged.to_day = to;
            const auto got = sc::aggregate_visits(b.f, ranged);
            const auto want = sc::aggregate_visits(inside, by(keys, period));
            BOOST_TEST_REQUIRE(got.size() == want.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                BOOST_TEST((got[i].id.keys == want[i].id.keys));
                BOOST_TEST(got[i].id.period == want[i].id.period);
                BOOST_TEST(got[i].m.n == want[i].m.n);
                check_opt(got[i].m.mean, want[i].m.mean, 0);
                check_opt(got[i].m.median, want[i].m.median, 0);
                check_opt(got[i].trend, want[i].trend, 0);
                check_opt(got[i].consistency, want[i].consistency, 0);
                BOOST_TEST(got[i].nps.n == want[i].nps.n);
                BOOST_TEST(got[i].sections.size() == want[i].sections.size());
                for (const auto& [section, mean] : want[i].sections) {
                    BOOST_TEST(got[i].sections.at(section).n == mean.n);
                    BOOST_TEST(got[i].sections.at(section).mean == mean.mean);
                }
            }
            const auto got_sections = sc::aggregate_sections(b.f, ranged);
            const auto want_sections = sc::aggregate_sections(inside, by(keys, period));
            BOOST_TEST_REQUIRE(got_sections.size() == want_sections.size());
            for (std::size_t i = 0; i < got_sections.size(); ++i) {
                BOOST_TEST(got_sections[i].m.n == want_sections[i].m.n);
                check_opt(got_sections[i].m.mean, want_sections[i].m.mean, 0);
            }
            const auto got_questions = sc::aggregate_questions(b.f, ranged);
            const auto want_questions = sc::aggregate_questions(inside, by(keys, period));
            BOOST_TEST_REQUIRE(got_questions.size() == want_questions.size());
            for (std::size_t i = 0; i < got_questions.size(); ++i) {
                BOOST_TEST(got_questions[i].n == want_questions[i].n);
                check_opt(got_questions[i].pass_rate, want_questions[i].pass_rate, 0);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(group_keys_round_trip) {
    for (auto k : {sc::GroupKey::Client, sc::GroupKey::Region, sc::GroupKey::Branch,
                   sc::GroupKey::Employee, sc::GroupKey::Shopper, sc::GroupKey::Template})
        BOOST_TEST((sc::group_key_from_string(sc::to_string(k)) == k));
    BOOST_TEST(!sc::group_key_from_string("section"));
    BOOST_TEST(!sc::group_key_from_string("nonsense"));
}

BOOST_AUTO_TEST_SUITE_END()
