// Tests for scoring/plan.h (SCORING.md §9) on FactTables built by hand.
//
// The t quantiles below are t(0.975, df) from a printed table of Student's t (two-sided 95 %),
// not from the code under test:
//   df  1 12.706205   2 4.302653    7 2.364624    8 2.306004    9 2.262157   10 2.228139
//   df 13  2.160369  14 2.144787   16 2.119905   17 2.109816   21 2.079614   22 2.073873
// Each expected `needed` below is worked out from them in the comments: the first n whose
// t(0.975, n-1) · s / sqrt(n) is at most h, with the n before it shown to miss.

#include "fact_builder.h"
#include "scoring/plan.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace sc = vs::scoring;
using vs::test::check_opt;
using vs::test::day;
using vs::test::FactBuilder;
using V = FactBuilder::Visit;

namespace {

/// t · s / sqrt(n) from the table's t.
double hw(double t, double s, double n) {
    return t * s / std::sqrt(n);
}

void add(FactBuilder& b, const std::string& branch, const std::string& employee, double score) {
    V v;
    v.branch = branch;
    v.employee = employee;
    v.day = day("2026-03-02");
    v.score = score;
    b.add(v);
}

/// B1 {70, 80, 90}: n 3, sd 10 (own). B2 {60, 80}: n 2, sd sqrt(200) (pooled: below min_n 3).
/// B3 {75}: n 1 (pooled). B4 {85, 85, 85}: n 3, sd 0 (own).
/// Pooled sd = sqrt((2·100 + 1·200 + 2·0) / (2 + 1 + 2)) = sqrt(80) = 8.944272.
FactBuilder four_branches() {
    FactBuilder b;
    for (double x : {70, 80, 90})
        add(b, "B1", "", x);
    for (double x : {60, 80})
        add(b, "B2", "", x);
    add(b, "B3", "", 75);
    for (double x : {85, 85, 85})
        add(b, "B4", "", x);
    return b;
}

/// A group's `needed`, -1 when null (printable in a failed check).
long needed(const sc::PlanGroup& g) {
    return g.needed ? static_cast<long>(*g.needed) : -1;
}

const sc::PlanGroup& group(const sc::FactTable& f, const sc::Plan& p, sc::PlanBy by,
                           const std::string& name) {
    const sc::Dictionary& d = by == sc::PlanBy::Branch ? f.branches : f.employees;
    for (const auto& g : p.groups)
        if (d[g.key] == name)
            return g;
    BOOST_FAIL("no group " + name);
    return p.groups.front();
}

} // namespace

BOOST_AUTO_TEST_SUITE(plan)

BOOST_AUTO_TEST_CASE(table_values_bracket_the_answers) {
    // The worked examples' margins, checked on the table's numbers alone.
    BOOST_TEST(hw(2.119905, 10, 17) > 5);                    // B1, n 17: 5.1415
    BOOST_TEST(hw(2.109816, 10, 18) <= 5);                   // B1, n 18: 4.9729
    BOOST_TEST(hw(2.160369, std::sqrt(80), 14) > 5);         // pooled, n 14: 5.1641
    BOOST_TEST(hw(2.144787, std::sqrt(80), 15) <= 5);        // pooled, n 15: 4.9530
    BOOST_TEST(hw(2.079614, std::sqrt(400.0 / 3), 22) > 5);  // n 22: 5.1197
    BOOST_TEST(hw(2.073873, std::sqrt(400.0 / 3), 23) <= 5); // n 23: 4.9933
}

BOOST_AUTO_TEST_CASE(visits_needed_from_s_and_h) {
    // s 10, h 5: 18 (n 17 gives 2.119905 · 10 / sqrt 17 = 5.14; n 18 gives 4.97).
    auto n = sc::visits_needed(10, 5, 60);
    BOOST_TEST(n.n == 18u);
    BOOST_TEST(!n.capped);
    // s = 0 gives 2.
    n = sc::visits_needed(0, 5, 60);
    BOOST_TEST(n.n == 2u);
    BOOST_TEST(!n.capped);
    // n = 2 already enough: 12.706205 · 0.5 / sqrt 2 = 4.49 <= 5.
    BOOST_TEST(sc::visits_needed(0.5, 5, 60).n == 2u);
    // Not at n = 2 (12.706205 · 0.6 / sqrt 2 = 5.39), at n = 3 (4.302653 · 0.6 / sqrt 3 = 1.49).
    BOOST_TEST(sc::visits_needed(0.6, 5, 60).n == 3u);
    // The cap binds: s 10, h 5 needs 18 > 17.
    n = sc::visits_needed(10, 5, 17);
    BOOST_TEST(n.n == 17u);
    BOOST_TEST(n.capped);
    // The cap equal to the answer does not bind.
    n = sc::visits_needed(10, 5, 18);
    BOOST_TEST(n.n == 18u);
    BOOST_TEST(!n.capped);
    // max_n 2 with s 0: 2, not capped.
    BOOST_TEST(!sc::visits_needed(0, 5, 2).capped);
    BOOST_CHECK_THROW(sc::visits_needed(10, 0, 60), std::invalid_argument);
    BOOST_CHECK_THROW(sc::visits_needed(10, -1, 60), std::invalid_argument);
    BOOST_CHECK_THROW(sc::visits_needed(-1, 5, 60), std::invalid_argument);
    BOOST_CHECK_THROW(sc::visits_needed(10, 5, 1), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(own_pooled_and_zero_sd) {
    const FactBuilder b = four_branches();
    const sc::Plan p = sc::plan_visits(b.f, {});
    check_opt(p.pooled_sd, std::sqrt(80.0));
    BOOST_TEST_REQUIRE(p.groups.size() == 4u);
    // Ordered by branch code.
    BOOST_TEST(b.f.branches[p.groups[0].key] == "B1");
    BOOST_TEST(b.f.branches[p.groups[3].key] == "B4");

    const auto& b1 = group(b.f, p, sc::PlanBy::Branch, "B1");
    BOOST_TEST(b1.n_ref == 3u);
    check_opt(b1.s, 10.0);
    BOOST_TEST((b1.s_source == sc::SdSource::Own));
    BOOST_TEST(needed(b1) == 18);
    BOOST_TEST(!b1.capped);
    // Beside the plan: mean 80, ci95 80 ± 4.302653 · 10 / sqrt 3 = 80 ± 24.84141, clipped.
    check_opt(b1.mean, 80.0);
    check_opt(b1.ci95, sc::Interval{80 - 24.84141, 100}, 1e-6);

    // Pooled sqrt(80): n 14 gives 2.160369 · 8.944272 / sqrt 14 = 5.16, n 15 gives 4.95.
    for (const char* name : {"B2", "B3"}) {
        BOOST_TEST_INFO_SCOPE(name);
        const auto& g = group(b.f, p, sc::PlanBy::Branch, name);
        check_opt(g.s, std::sqrt(80.0));
        BOOST_TEST((g.s_source == sc::SdSource::Pooled));
        BOOST_TEST(needed(g) == 15);
        BOOST_TEST(!g.capped);
    }
    BOOST_TEST(group(b.f, p, sc::PlanBy::Branch, "B2").n_ref == 2u);
    BOOST_TEST(group(b.f, p, sc::PlanBy::Branch, "B3").n_ref == 1u);
    BOOST_TEST(!group(b.f, p, sc::PlanBy::Branch, "B3").ci95);

    // s = 0 (own, three equal scores) gives 2.
    const auto& b4 = group(b.f, p, sc::PlanBy::Branch, "B4");
    check_opt(b4.s, 0.0);
    BOOST_TEST((b4.s_source == sc::SdSource::Own));
    BOOST_TEST(needed(b4) == 2);
}

BOOST_AUTO_TEST_CASE(min_n_decides_own_or_pooled) {
    // min_n 2: B2's own sd sqrt(200) = 14.142136 serves. Pooled is unchanged (sqrt 80) for B3.
    // B2 with h 10: n 8 gives 2.364624 · 14.142136 / sqrt 8 = 11.82, n 9 gives 2.306004 ·
    // 14.142136 / 3 = 10.87, n 10 gives 2.262157 · 14.142136 / sqrt 10 = 10.12, n 11 gives
    // 2.228139 · 14.142136 / sqrt 11 = 9.50: 11.
    BOOST_TEST(hw(2.262157, std::sqrt(200), 10) > 10);
    BOOST_TEST(hw(2.228139, std::sqrt(200), 11) <= 10);
    const FactBuilder b = four_branches();
    sc::PlanSpec spec;
    spec.min_n = 2;
    spec.half_width = 10;
    const sc::Plan p = sc::plan_visits(b.f, spec);
    const auto& b2 = group(b.f, p, sc::PlanBy::Branch, "B2");
    check_opt(b2.s, std::sqrt(200.0));
    BOOST_TEST((b2.s_source == sc::SdSource::Own));
    BOOST_TEST(needed(b2) == 11);
    BOOST_TEST((group(b.f, p, sc::PlanBy::Branch, "B3").s_source == sc::SdSource::Pooled));

    // min_n 4: B1 and B4 too use the pooled sd.
    spec = {};
    spec.min_n = 4;
    const sc::Plan q = sc::plan_visits(b.f, spec);
    for (const auto& g : q.groups) {
        BOOST_TEST((g.s_source == sc::SdSource::Pooled));
        BOOST_TEST(needed(g) == 15);
    }
}

BOOST_AUTO_TEST_CASE(the_cap_binds) {
    // max_n 16: B1 needs 18 → 16, capped; the pooled groups need 15 → not capped; B4 2.
    const FactBuilder b = four_branches();
    sc::PlanSpec spec;
    spec.max_n = 16;
    const sc::Plan p = sc::plan_visits(b.f, spec);
    const auto& b1 = group(b.f, p, sc::PlanBy::Branch, "B1");
    BOOST_TEST(needed(b1) == 16);
    BOOST_TEST(b1.capped);
    BOOST_TEST(needed(group(b.f, p, sc::PlanBy::Branch, "B2")) == 15);
    BOOST_TEST(!group(b.f, p, sc::PlanBy::Branch, "B2").capped);
    BOOST_TEST(!group(b.f, p, sc::PlanBy::Branch, "B4").capped);
    // max_n 15: 15 is the answer itself, not a cap.
    spec.max_n = 15;
    const sc::Plan q = sc::plan_visits(b.f, spec);
    BOOST_TEST(needed(group(b.f, q, sc::PlanBy::Branch, "B2")) == 15);
    BOOST_TEST(!group(b.f, q, sc::PlanBy::Branch, "B2").capped);
    BOOST_TEST(group(b.f, q, sc::PlanBy::Branch, "B1").capped);
}

BOOST_AUTO_TEST_CASE(no_pooled_sd_gives_null) {
    // One visit per branch: no own sd, no group with two visits → s and needed null.
    FactBuilder b;
    add(b, "B1", "", 70);
    add(b, "B2", "", 90);
    const sc::Plan p = sc::plan_visits(b.f, {});
    BOOST_TEST(!p.pooled_sd);
    BOOST_TEST_REQUIRE(p.groups.size() == 2u);
    for (const auto& g : p.groups) {
        BOOST_TEST(g.n_ref == 1u);
        BOOST_TEST(!g.s);
        BOOST_TEST((g.s_source == sc::SdSource::Pooled));
        BOOST_TEST(needed(g) == -1);
        BOOST_TEST(!g.capped);
    }
}

BOOST_AUTO_TEST_CASE(employees_without_a_primary_take_no_part) {
    // E1 {70, 80, 90} (own sd 10), E2 {60} (pooled). Visits with no primary employee {0, 100, 50}
    // would make a pooled group of their own with sd 50; they take no part, so the pooled sd is
    // E1's 10 and E2 needs 18 like B1 above.
    FactBuilder b;
    for (double x : {70, 80, 90})
        add(b, "B1", "E1", x);
    add(b, "B2", "E2", 60);
    for (double x : {0, 100, 50})
        add(b, "B1", "", x);
    sc::PlanSpec spec;
    spec.by = sc::PlanBy::Employee;
    const sc::Plan p = sc::plan_visits(b.f, spec);
    check_opt(p.pooled_sd, 10.0);
    BOOST_TEST_REQUIRE(p.groups.size() == 2u);
    const auto& e1 = group(b.f, p, sc::PlanBy::Employee, "E1");
    BOOST_TEST(e1.n_ref == 3u);
    BOOST_TEST((e1.s_source == sc::SdSource::Own));
    BOOST_TEST(needed(e1) == 18);
    const auto& e2 = group(b.f, p, sc::PlanBy::Employee, "E2");
    BOOST_TEST(e2.n_ref == 1u);
    check_opt(e2.s, 10.0);
    BOOST_TEST((e2.s_source == sc::SdSource::Pooled));
    BOOST_TEST(needed(e2) == 18);

    // By branch the same visits all count: B1 has six.
    const sc::Plan q = sc::plan_visits(b.f, {});
    BOOST_TEST(group(b.f, q, sc::PlanBy::Branch, "B1").n_ref == 6u);
}

BOOST_AUTO_TEST_CASE(visits_without_a_score_or_from_surveys_do_not_count) {
    // B1 {70, 80, 90} and an NA visit; B8 only an NA visit; a survey response (channel `survey`,
    // SCORING.md §10) at B1 scoring 0 and one at B9. B1 keeps n 3 and sd 10; B8 is listed with
    // n 0 and planned from the pooled sd (B1's 10: 18); B9 has no mystery visit and no group.
    FactBuilder b;
    for (double x : {70, 80, 90})
        add(b, "B1", "", x);
    add(b, "B1", "", sc::kNa);
    add(b, "B8", "", sc::kNa);
    const std::string survey_text =
        R"({"format": "visitscore.template/1", "id": "voice", "version": 1, "name": "Voice",
            "channel": "survey", "sections": [{"id": "a", "title": "A",
            "questions": [{"id": "q1", "type": "yes_no"}]}]})";
    sc::TemplateRef survey;
    survey.tpl = std::make_shared<const vs::forms::Template>(
        vs::forms::parse_template(survey_text, "voice.json"));
    BOOST_TEST_REQUIRE(survey.tpl->channel == "survey");
    survey.template_key = 1;
    survey.section_ids = {0};
    survey.question_ids = {0};
    b.f.template_ids.names.push_back("voice");
    b.f.templates.push_back(survey);
    add(b, "B1", "", 0);
    add(b, "B9", "", 10);
    b.f.visits[b.f.visits.size() - 1].tmpl = 2;
    b.f.visits[b.f.visits.size() - 2].tmpl = 2;
    BOOST_TEST(!sc::is_mystery_visit(b.f, b.f.visits.back()));
    BOOST_TEST(sc::is_mystery_visit(b.f, b.f.visits.front()));

    const sc::Plan p = sc::plan_visits(b.f, {});
    BOOST_TEST_REQUIRE(p.groups.size() == 2u);
    BOOST_TEST(b.f.branches[p.groups[0].key] == "B1");
    BOOST_TEST(p.groups[0].n_ref == 3u);
    check_opt(p.groups[0].s, 10.0);
    check_opt(p.groups[0].mean, 80.0);
    BOOST_TEST(b.f.branches[p.groups[1].key] == "B8");
    BOOST_TEST(p.groups[1].n_ref == 0u);
    BOOST_TEST(!p.groups[1].mean);
    check_opt(p.groups[1].s, 10.0);
    BOOST_TEST((p.groups[1].s_source == sc::SdSource::Pooled));
    BOOST_TEST(needed(p.groups[1]) == 18);
}

BOOST_AUTO_TEST_CASE(pooled_sd_formula) {
    // (n, sd): (3, 10), (2, sqrt 200), (1, 99) → sqrt((2·100 + 1·200) / 3) = sqrt(400 / 3).
    const std::vector<std::pair<std::size_t, double>> groups = {
        {3, 10}, {2, std::sqrt(200.0)}, {1, 99}};
    check_opt(sc::pooled_sd(groups), std::sqrt(400.0 / 3));
    // n 22 gives 2.079614 · 11.547005 / sqrt 22 = 5.12, n 23 gives 2.073873 · 11.547005 /
    // sqrt 23 = 4.99: 23.
    BOOST_TEST(sc::visits_needed(std::sqrt(400.0 / 3), 5, 60).n == 23u);
    const std::vector<std::pair<std::size_t, double>> lone = {{1, 5}, {0, 0}};
    BOOST_TEST(!sc::pooled_sd(lone));
}

BOOST_AUTO_TEST_CASE(spec_out_of_range_throws) {
    const FactBuilder b = four_branches();
    sc::PlanSpec spec;
    spec.half_width = 0;
    BOOST_CHECK_THROW(sc::plan_visits(b.f, spec), std::invalid_argument);
    spec = {};
    spec.half_width = std::nan("");
    BOOST_CHECK_THROW(sc::plan_visits(b.f, spec), std::invalid_argument);
    spec = {};
    spec.min_n = 1;
    BOOST_CHECK_THROW(sc::plan_visits(b.f, spec), std::invalid_argument);
    spec = {};
    spec.max_n = 1;
    BOOST_CHECK_THROW(sc::plan_visits(b.f, spec), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
