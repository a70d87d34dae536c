// Tests for scoring/visit_score.h against hand-computed cases covering every rule of
// SCORING.md §1–3. Each expected number is derived in a comment as an exact fraction.

#include "forms/answer.h"
#include "forms/error.h"
#include "forms/template.h"
#include "scoring/visit_score.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace vf = vs::forms;
namespace sc = vs::scoring;
namespace tt = boost::test_tools;
using nlohmann::json;

namespace {

constexpr double kTol = 1e-12; // relative; the arithmetic below is a handful of operations

/// A template with a single question `q` (its id becomes "q").
vf::Template one_question(json q) {
    q["id"] = "q";
    const json doc = {{"format", "visitscore.template/1"},
                      {"id", "one"},
                      {"version", 1},
                      {"name", "One question"},
                      {"sections", {{{"id", "s"}, {"questions", {q}}}}}};
    return vf::template_from_json(doc, "one.json");
}

void check_opt(std::optional<double> got, std::optional<double> want, const char* what) {
    BOOST_TEST_INFO_SCOPE(what);
    BOOST_TEST(got.has_value() == want.has_value());
    if (got && want)
        BOOST_TEST(*got == *want, tt::tolerance(kTol));
}

// The template for the visit cases. Points in brackets; every question is worth 1 unless noted.
//   gate  (weight 0)                        staged: yes_no
//   a     (weight 2)                        a_yes: yes_no [2], critical section
//                                           a_scale: scale 1..5 [3], na
//                                           a_choice: choice full 1 / half 0.5 / none 0,
//                                                     pass_at 0.5, critical visit
//                                           a_nps: nps; a_text: text
//   b     (weight 1)                        b_check: checklist x 1, y 1, z 0.5 [2], na
//                                           b_num: number, bands <=30: 1, <=90: 0.5, else 0
//                                           b_why: yes_no expect "no", critical visit,
//                                                  shown when a_yes is "no"
//   c     (weight 1, shown when staged is "yes")  c_yes: yes_no, critical section, na
//                                           c_scale: scale 0..10, na
//   fb    (weight 1)                        fb_nps: nps; fb_text: text (never scored)
const char* const kTemplate = R"json({
  "format": "visitscore.template/1", "id": "scoring-test", "version": 1, "name": "Scoring test",
  "target": 80, "min_applicable": 0.5,
  "sections": [
    {"id": "gate", "weight": 0, "questions": [
      {"id": "staged", "type": "yes_no"}]},
    {"id": "a", "weight": 2, "questions": [
      {"id": "a_yes", "type": "yes_no", "points": 2, "critical": "section"},
      {"id": "a_scale", "type": "scale", "min": 1, "max": 5, "points": 3, "na": true},
      {"id": "a_choice", "type": "choice", "pass_at": 0.5, "critical": "visit",
       "options": [{"id": "full", "score": 1}, {"id": "half", "score": 0.5},
                   {"id": "none", "score": 0}]},
      {"id": "a_nps", "type": "nps"},
      {"id": "a_text", "type": "text"}]},
    {"id": "b", "weight": 1, "questions": [
      {"id": "b_check", "type": "checklist", "points": 2, "na": true,
       "options": [{"id": "x", "score": 1}, {"id": "y", "score": 1}, {"id": "z", "score": 0.5}]},
      {"id": "b_num", "type": "number",
       "bands": [{"max": 30, "score": 1}, {"max": 90, "score": 0.5}, {"score": 0}]},
      {"id": "b_why", "type": "yes_no", "expect": "no", "critical": "visit",
       "show_if": {"question": "a_yes", "in": ["no"]}}]},
    {"id": "c", "weight": 1, "show_if": {"question": "staged", "in": ["yes"]}, "questions": [
      {"id": "c_yes", "type": "yes_no", "critical": "section", "na": true},
      {"id": "c_scale", "type": "scale", "min": 0, "max": 10, "na": true}]},
    {"id": "fb", "weight": 1, "questions": [
      {"id": "fb_nps", "type": "nps"},
      {"id": "fb_text", "type": "text"}]}
  ]
})json";

const vf::Template& scoring_template() {
    static const vf::Template tpl = vf::parse_template(kTemplate, "scoring-test.json");
    return tpl;
}

/// Answers typed one by one, with no visibility filter: answers to hidden questions reach
/// score_visit, which must ignore them itself.
vf::Answers direct_answers(const vf::Template& tpl, const json& obj) {
    vf::Answers answers(tpl.questions.size());
    for (const auto& [id, value] : obj.items()) {
        const int qi = tpl.find_question(id);
        BOOST_TEST_REQUIRE(qi >= 0, id);
        answers[static_cast<std::size_t>(qi)] =
            vf::answer_from_json(tpl.questions[static_cast<std::size_t>(qi)], value, "", id);
    }
    return answers;
}

struct Sec {
    std::optional<double> raw;
    std::optional<double> score;
    double earned;
    double possible;
    bool critical_failure = false; ///< a section-level critical question failed
};
const Sec kNaSection = {std::nullopt, std::nullopt, 0, 0};

/// A section that is not NA and has no section-level critical failure: score == raw.
Sec sec(double earned, double possible) {
    return {100 * earned / possible, 100 * earned / possible, earned, possible};
}

struct VisitCase {
    std::string name;
    json answers;
    std::vector<Sec> sections; ///< gate, a, b, c, fb
    std::optional<double> raw;
    std::optional<double> score;
    std::vector<std::string> critical_failures;
    std::optional<double> applicable;
    bool meets_min_applicable; ///< min_applicable is 0.5
};

void check_result(const sc::VisitResult& r, const VisitCase& c) {
    const auto& tpl = scoring_template();
    BOOST_TEST_REQUIRE(r.sections.size() == c.sections.size());
    for (std::size_t s = 0; s < c.sections.size(); ++s) {
        BOOST_TEST_INFO_SCOPE("section " << tpl.sections[s].id);
        check_opt(r.sections[s].raw, c.sections[s].raw, "raw_s");
        check_opt(r.sections[s].score, c.sections[s].score, "score_s");
        BOOST_TEST(r.sections[s].earned == c.sections[s].earned, tt::tolerance(kTol));
        BOOST_TEST(r.sections[s].possible == c.sections[s].possible);
        BOOST_TEST(r.sections[s].critical_failure == c.sections[s].critical_failure);
    }
    bool visit_failure = false;
    for (const auto& id : c.critical_failures)
        visit_failure = visit_failure ||
                        tpl.questions[static_cast<std::size_t>(tpl.find_question(id))].critical ==
                            vf::Critical::Visit;
    BOOST_TEST(r.visit_critical_failure == visit_failure);
    check_opt(r.raw, c.raw, "raw");
    check_opt(r.score, c.score, "score");
    BOOST_TEST(r.critical_failures == c.critical_failures, tt::per_element());
    check_opt(r.applicable, c.applicable, "applicable");
    BOOST_TEST(r.meets_min_applicable(tpl) == c.meets_min_applicable);
}

} // namespace

BOOST_AUTO_TEST_SUITE(visit_score)

BOOST_AUTO_TEST_CASE(fraction_per_type) {
    struct Case {
        std::string name;
        json question;
        json answer; ///< null: unanswered
        std::optional<double> f;
        std::optional<bool> passes; ///< f >= pass_at, when f exists
    };
    const json yes_no = {{"type", "yes_no"}};
    const json yes_no_na = {{"type", "yes_no"}, {"na", true}};
    const json expect_no = {{"type", "yes_no"}, {"expect", "no"}};
    const json scale15 = {{"type", "scale"}, {"min", 1}, {"max", 5}};
    const json scale15_pass = {{"type", "scale"}, {"min", 1}, {"max", 5}, {"pass_at", 0.75}};
    const json scale_neg = {{"type", "scale"}, {"min", -2}, {"max", 2}};
    const json scale010 = {{"type", "scale"}, {"min", 0}, {"max", 10}};
    const json choice = {{"type", "choice"},
                         {"pass_at", 0.3},
                         {"options",
                          {{{"id", "full"}, {"score", 1}},
                           {{"id", "part"}, {"score", 0.3}},
                           {{"id", "zero"}, {"score", 0}}}}};
    const json check = {{"type", "checklist"},
                        {"pass_at", 0.6},
                        {"options",
                         {{{"id", "x"}, {"score", 1}},
                          {{"id", "y"}, {"score", 1}},
                          {{"id", "z"}, {"score", 0.5}}}}};
    const json check_zero = {
        {"type", "checklist"},
        {"options", {{{"id", "a"}, {"score", 1}}, {{"id", "b"}, {"score", 0}}}}};
    const json number = {
        {"type", "number"},
        {"bands", {{{"max", 30}, {"score", 1}}, {{"max", 90}, {"score", 0.5}}, {{"score", 0}}}}};
    const json number_neg = {
        {"type", "number"},
        {"bands", {{{"max", -5}, {"score", 0}}, {{"max", 0}, {"score", 0.5}}, {{"score", 1}}}}};
    const json number_closed = {
        {"type", "number"},
        {"bands", {{{"max", 10}, {"score", 1}}, {{"max", 20}, {"score", 0.25}}}}};
    const json nps = {{"type", "nps"}};
    const json text = {{"type", "text"}};

    const std::vector<Case> cases = {
        {"yes_no: yes, expect yes", yes_no, "yes", 1.0, true},
        {"yes_no: no, expect yes", yes_no, "no", 0.0, false},
        {"yes_no: no, expect no", expect_no, "no", 1.0, true},
        {"yes_no: yes, expect no", expect_no, "yes", 0.0, false},
        {"yes_no: na", yes_no_na, "na", std::nullopt, std::nullopt},
        {"yes_no: unanswered", yes_no, nullptr, std::nullopt, std::nullopt},
        {"scale 1..5: min", scale15, 1, 0.0, false},
        {"scale 1..5: 4", scale15, 4, 0.75, false}, // (4-1)/(5-1); pass_at 1
        {"scale 1..5: max", scale15, 5, 1.0, true},
        {"scale 1..5: 4, pass_at 0.75", scale15_pass, 4, 0.75, true}, // f == pass_at passes
        {"scale 1..5: 3, pass_at 0.75", scale15_pass, 3, 0.5, false},
        {"scale -2..2: 0", scale_neg, 0, 0.5, false},    // (0+2)/4
        {"scale -2..2: -1", scale_neg, -1, 0.25, false}, // (-1+2)/4
        {"scale 0..10: 7", scale010, 7, 0.7, false},     // 7/10
        {"choice: full", choice, "full", 1.0, true},
        {"choice: part", choice, "part", 0.3, true}, // 0.3 >= pass_at 0.3
        {"choice: zero", choice, "zero", 0.0, false},
        // Checklist: the chosen scores over the total 1 + 1 + 0.5 = 5/2.
        {"checklist: empty selection", check, json::array(), 0.0, false},
        {"checklist: x", check, {"x"}, 0.4, false},        // 1 / (5/2) = 2/5
        {"checklist: z", check, {"z"}, 0.2, false},        // (1/2) / (5/2) = 1/5
        {"checklist: x, z", check, {"x", "z"}, 0.6, true}, // (3/2)/(5/2) = 3/5 == pass_at
        {"checklist: y, x", check, {"y", "x"}, 0.8, true}, // 2/(5/2) = 4/5
        {"checklist: all", check, {"z", "y", "x"}, 1.0, true},
        {"checklist: a zero-score option", check_zero, {"b"}, 0.0, false},
        {"checklist: with a zero-score option", check_zero, {"a", "b"}, 1.0, true},
        {"number: 0", number, 0, 1.0, true},
        {"number: x == first max", number, 30, 1.0, true},
        {"number: just above the first max", number, 30.5, 0.5, false},
        {"number: x == second max", number, 90, 0.5, false},
        {"number: above every max, catch-all", number, 90.01, 0.0, false},
        {"number: far above, catch-all", number, 1e9, 0.0, false},
        {"number: negative, first band", number, -5, 1.0, true},
        {"number, negative bands: x == -5", number_neg, -5, 0.0, false},
        {"number, negative bands: -4.5", number_neg, -4.5, 0.5, false},
        {"number, negative bands: x == 0", number_neg, 0, 0.5, false},
        {"number, negative bands: 0.25", number_neg, 0.25, 1.0, true},
        {"number, no catch-all: x == last max", number_closed, 20, 0.25, false},
        {"nps is not scored", nps, 9, std::nullopt, std::nullopt},
        {"text is not scored", text, "fine", std::nullopt, std::nullopt},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const vf::Template t = one_question(c.question);
        const vf::Question& q = t.questions[0];
        const vf::Answer a = vf::answer_from_json(q, c.answer, "", "q");
        const auto f = sc::fraction(q, a);
        check_opt(f, c.f, "f");
        BOOST_TEST(f.has_value() == c.passes.has_value());
        if (f && c.passes)
            BOOST_TEST(sc::passes(q, *f) == *c.passes);
    }
}

BOOST_AUTO_TEST_CASE(number_above_every_band) {
    // With no catch-all band, an answer above the last max has no f (§1 defines none). It is
    // refused when the answer is read rather than silently counted as unanswered.
    const vf::Template t =
        one_question({{"type", "number"},
                      {"unit", "min"},
                      {"bands", {{{"max", 10}, {"score", 1}}, {{"max", 20}, {"score", 0.25}}}}});
    try {
        vf::answer_from_json(t.questions[0], 25, "pkg.json", "visits[0].answers.q");
        BOOST_ERROR("no error for 25 above the highest band (20)");
    } catch (const vs::InputError& e) {
        BOOST_TEST(e.where() == "visits[0].answers.q");
        BOOST_TEST(e.message().find("20") != std::string::npos, e.message());
    }
}

BOOST_AUTO_TEST_CASE(visit_scores) {
    // Question points: staged 1; a_yes 2, a_scale 3, a_choice 1; b_check 2, b_num 1, b_why 1;
    // c_yes 1, c_scale 1. Visible scored points are 1 + 6 + 3 = 10, plus b_why's 1 when a_yes
    // is "no" and c's 2 when staged is "yes". Section weights: gate 0, a 2, b 1, c 1, fb 1
    // (fb is never scored, so it is always NA and never counts).
    const std::vector<VisitCase> cases = {
        {"full marks",
         {{"staged", "yes"},
          {"a_yes", "yes"},
          {"a_scale", 5},
          {"a_choice", "full"},
          {"a_nps", 10},
          {"a_text", "fine"},
          {"b_check", {"x", "y", "z"}},
          {"b_num", 10},
          {"c_yes", "yes"},
          {"c_scale", 10},
          {"fb_nps", 9},
          {"fb_text", "ok"}},
         // gate 1/1; a (2+3+1)/6; b (2+1)/3 (b_why hidden); c (1+1)/2 — all 100
         {sec(1, 1), sec(6, 6), sec(3, 3), sec(2, 2), kNaSection},
         100.0, // (2*100 + 1*100 + 1*100) / 4
         100.0,
         {},
         1.0, // 12 / 12
         true},

        {"fractions, points and weights",
         {{"staged", "no"},
          {"a_yes", "yes"},
          {"a_scale", 4},
          {"a_choice", "half"},
          {"b_check", {"x"}},
          {"b_num", 45}},
         // gate: 0/1 = 0 (weight 0: not in the visit, but it has its own raw)
         // a: 1*2 + 0.75*3 + 0.5*1 = 4.75 of 6 -> 475/6; a_choice 0.5 >= pass_at 0.5 passes
         // b: 0.4*2 + 0.5*1 = 1.3 of 3 -> 130/3; c hidden
         {sec(0, 1), sec(4.75, 6), sec(1.3, 3), kNaSection, kNaSection},
         605.0 / 9, // (2*475/6 + 1*130/3) / 3 = (475/3 + 130/3) / 3 = 605/9 = 67.22
         605.0 / 9,
         {},
         1.0, // 10 / 10
         true},

        {"section-level critical failure",
         {{"staged", "no"},
          {"a_yes", "no"},
          {"a_scale", 5},
          {"a_choice", "full"},
          {"b_check", {"x", "y"}},
          {"b_num", 30},
          {"b_why", "no"}},
         // a: 0*2 + 1*3 + 1*1 = 4 of 6 -> raw 200/3, score 0 (a_yes failed, critical section)
         // b: 0.8*2 + 1 (30 == max of the first band) + 1 (b_why "no" == expect) = 3.6 of 4 -> 90
         {sec(0, 1), {200.0 / 3, 0.0, 4, 6, true}, sec(3.6, 4), kNaSection, kNaSection},
         670.0 / 9, // raw: (2*200/3 + 90) / 3 = 670/9 = 74.44
         30.0,      // score: (2*0 + 1*90) / 3 = 30
         {"a_yes"},
         1.0, // 11 / 11 (b_why visible)
         true},

        {"visit-level critical failure",
         {{"staged", "no"},
          {"a_yes", "yes"},
          {"a_scale", 3},
          {"a_choice", "none"},
          {"b_check", json::array()},
          {"b_num", 100}},
         // a: 2 + 0.5*3 + 0 = 3.5 of 6 -> 175/3; a_choice 0 < pass_at 0.5: visit critical
         // b: 0*2 (empty selection) + 0*1 (catch-all band) = 0 of 3 -> 0
         {sec(0, 1), sec(3.5, 6), sec(0, 3), kNaSection, kNaSection},
         350.0 / 9, // raw unchanged: (2*175/3 + 0) / 3 = 350/9 = 38.89
         0.0,       // score: 0
         {"a_choice"},
         1.0,
         true},

        {"several critical failures in question order, NA answers excluded",
         {{"staged", "no"},
          {"a_yes", "no"},
          {"a_scale", "na"},
          {"a_choice", "none"},
          {"b_check", "na"},
          {"b_num", 90},
          {"b_why", "yes"}},
         // a: 0*2 + 0*1 = 0 of 3 (a_scale NA) -> raw 0, score 0
         // b: 0.5*1 (90 == max of the second band) + 0*1 (b_why "yes" != expect "no") = 0.5 of 2
         //    (b_check NA) -> 25
         {sec(0, 1), {0.0, 0.0, 0, 3, true}, sec(0.5, 2), kNaSection, kNaSection},
         25.0 / 3, // (2*0 + 25) / 3 = 25/3 = 8.33
         0.0,
         {"a_yes", "a_choice", "b_why"},
         6.0 / 11, // possible 1 + 3 + 2 = 6 of visible 1 + 6 + 4 = 11; 6/11 >= 0.5
         true},

        {"critical answered NA or hidden: no failure",
         {{"staged", "yes"},
          {"a_yes", "yes"},
          {"a_scale", 5},
          {"a_choice", "full"},
          {"b_check", {"x", "y", "z"}},
          {"b_num", 10},
          {"b_why", "yes"},
          {"c_yes", "na"},
          {"c_scale", 5}},
         // b_why is hidden (a_yes is "yes"): its failing answer is ignored.
         // c: c_yes NA (critical, but NA: no failure); c_scale 5/10 -> 0.5 of 1 -> 50
         {sec(1, 1), sec(6, 6), sec(3, 3), sec(0.5, 1), kNaSection},
         87.5, // (2*100 + 100 + 50) / 4 = 350/4
         87.5,
         {},
         11.0 / 12, // possible 1 + 6 + 3 + 1 of visible 1 + 6 + 3 + 2
         true},

        {"critical unanswered: no failure; hidden section ignored with its answers",
         {{"staged", "no"},
          {"a_scale", 4},
          {"b_check", {"y", "z"}},
          {"b_num", 60},
          {"c_yes", "no"},
          {"c_scale", 0}},
         // a: only a_scale: 0.75*3 = 2.25 of 3 -> 75 (a_yes and a_choice unanswered)
         // b: (3/2)/(5/2) = 0.6*2 + 0.5*1 = 1.7 of 3 -> 170/3; b_why hidden (a_yes unanswered)
         // c: hidden (staged "no"), so c_yes "no" is no critical failure and c is NA
         {sec(0, 1), sec(2.25, 3), sec(1.7, 3), kNaSection, kNaSection},
         620.0 / 9, // (2*75 + 170/3) / 3 = (450 + 170) / 9 = 620/9 = 68.89
         620.0 / 9,
         {},
         0.7, // possible 1 + 3 + 3 = 7 of visible 10
         true},

        {"all-NA sections are NA; applicable share below the minimum",
         {{"staged", "yes"},
          {"a_yes", "yes"},
          {"a_scale", "na"},
          {"a_choice", "full"},
          {"b_check", "na"},
          {"c_yes", "na"},
          {"c_scale", "na"}},
         // a: (2 + 1) of 3 -> 100; b: b_check NA, b_num unanswered -> NA; c: all NA -> NA
         {sec(1, 1), sec(3, 3), kNaSection, kNaSection, kNaSection},
         100.0, // only a counts: 2*100 / 2
         100.0,
         {},
         1.0 / 3, // possible 1 + 3 = 4 of visible 1 + 6 + 3 + 2 = 12
         false},

        {"applicable share exactly at the minimum",
         {{"staged", "yes"},
          {"a_yes", "yes"},
          {"a_scale", "na"},
          {"a_choice", "half"},
          {"b_check", "na"},
          {"b_num", 60},
          {"c_scale", 7}},
         // a: (2 + 0.5) of 3 -> 250/3; b: 0.5 of 1 -> 50; c: 0.7 of 1 -> 70 (c_yes unanswered)
         {sec(1, 1), sec(2.5, 3), sec(0.5, 1), sec(0.7, 1), kNaSection},
         215.0 / 3, // (2*250/3 + 50 + 70) / 4 = (500/3 + 360/3) / 4 = 860/12 = 215/3 = 71.67
         215.0 / 3,
         {},
         0.5, // possible 1 + 3 + 1 + 1 = 6 of visible 12
         true},

        {"only the weight-0 section scored: visit NA",
         {{"staged", "yes"}, {"fb_nps", 8}, {"a_text", "closed early"}},
         {sec(1, 1), kNaSection, kNaSection, kNaSection, kNaSection},
         std::nullopt,
         std::nullopt,
         {},
         1.0 / 12, // possible 1 of visible 12
         false},

        {"nothing answered",
         json::object(),
         // staged unanswered hides c; b_why hidden
         {kNaSection, kNaSection, kNaSection, kNaSection, kNaSection},
         std::nullopt,
         std::nullopt,
         {},
         0.0, // possible 0 of visible 10
         false},
    };
    const auto& tpl = scoring_template();
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        {
            BOOST_TEST_INFO_SCOPE("typed_answers");
            check_result(sc::score_visit(tpl, vf::typed_answers(tpl, c.answers, "", "answers")), c);
        }
        {
            BOOST_TEST_INFO_SCOPE("answers to hidden questions kept");
            check_result(sc::score_visit(tpl, direct_answers(tpl, c.answers)), c);
        }
    }
}

BOOST_AUTO_TEST_CASE(unscored_template) {
    // Nothing scored is visible: no applicable share, no raw, no score.
    json doc = json::parse(R"json({
      "format": "visitscore.template/1", "id": "survey", "version": 1, "name": "Survey",
      "sections": [{"id": "s", "questions": [{"id": "n", "type": "nps"},
                                             {"id": "t", "type": "text"}]}]
    })json");
    for (double min : {0.0, 0.5}) {
        BOOST_TEST_INFO_SCOPE("min_applicable " << min);
        doc["min_applicable"] = min;
        const vf::Template tpl = vf::template_from_json(doc, "survey.json");
        const auto r =
            sc::score_visit(tpl, vf::typed_answers(tpl, {{"n", 10}, {"t", "x"}}, "", "answers"));
        BOOST_TEST(!r.raw.has_value());
        BOOST_TEST(!r.score.has_value());
        BOOST_TEST(!r.applicable.has_value());
        BOOST_TEST(!r.sections[0].raw.has_value());
        BOOST_TEST(r.critical_failures.empty());
        // No share counts as 0, which meets only a minimum of 0.
        BOOST_TEST(r.meets_min_applicable(tpl) == (min == 0.0));
    }
}

BOOST_AUTO_TEST_CASE(short_answer_vector) {
    // Answers shorter than the question list (e.g. a template that grew) count as unanswered.
    const auto& tpl = scoring_template();
    vf::Answers answers(2);
    answers[0] = vf::Answer::text("no");  // staged
    answers[1] = vf::Answer::text("yes"); // a_yes
    const auto r = sc::score_visit(tpl, answers);
    check_opt(r.sections[1].raw, 100.0, "a raw"); // 2 of 2
    check_opt(r.raw, 100.0, "raw");
}

BOOST_AUTO_TEST_CASE(round1_half_away_from_zero) {
    struct Case {
        double value;
        double want;
        const char* why;
    };
    // Halves are only unambiguous where the value is exact in binary (x.25, x.5, x.75) or where
    // the double lies on the far side of the half anyway: 2.45 is stored as 2.4500000000000002,
    // -0.05 as -0.050000000000000003. Values such as 12.35 (stored as 12.349999999999999645)
    // are left out: the decimal reading says 12.4, the binary value says 12.3.
    const std::vector<Case> cases = {
        {84.25, 84.3, "exact half (84 + 1/4) rounds up"},
        {-84.25, -84.3, "exact negative half rounds away from zero"},
        {0.25, 0.3, "exact half"},
        {0.75, 0.8, "exact half"},
        {-0.75, -0.8, "exact negative half"},
        {99.75, 99.8, "exact half"},
        {2.45, 2.5, "stored just above the half"},
        {-0.05, -0.1, "stored just beyond the half"},
        {84.24, 84.2, "below the half"},
        {84.26, 84.3, "above the half"},
        {62.5, 62.5, "one decimal already"},
        {100.0, 100.0, "whole"},
        {0.0, 0.0, "zero"},
        {200.0 / 3, 66.7, "66.666…"},
        {605.0 / 9, 67.2, "67.222…"},
        {25.0 / 3, 8.3, "8.333…"},
        {0.04, 0.0, "small positive"},
        {1000000.25, 1000000.3, "large value, exact half"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.value << ": " << c.why);
        BOOST_TEST(sc::round1(c.value) == c.want); // exact: both sides are the nearest double
    }
    // A negative value that rounds to zero gives 0, not -0 (which prints as "-0.0").
    BOOST_TEST(sc::round1(-0.04) == 0.0);
    BOOST_TEST(!std::signbit(sc::round1(-0.04)));
}

BOOST_AUTO_TEST_SUITE_END()
