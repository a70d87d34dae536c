// Tests for scoring/calibration.h (SCORING.md §8): four sets of answers to one scorecard, worked
// out by hand in the comments.

#include "scoring/calibration.h"
#include "scoring/visit_score.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sc = vs::scoring;
namespace tt = boost::test_tools;
using nlohmann::json;

namespace {

/// s1 (weight 1): q_yes yes_no 2 points, q_choice choice 1 (good 1, ok 0.5, bad 0), q_scale scale
/// 1–5 2 points with NA, q_all yes_no 1. s2 (weight 1): q_num number 1 (<= 30: 1, <= 60: 0.5,
/// else 0), q_list checklist 1 (a 1, b 1, c 0.5), q_no yes_no expecting "no", q_follow yes_no
/// shown when q_yes is "yes". s3 unscored: q_nps, q_text.
std::shared_ptr<const vs::forms::Template> calib_template(const char* id = "calib") {
    const std::string text = std::string(R"({"format": "visitscore.template/1", "id": ")") + id +
                             R"(", "version": 1, "name": "Calibration", "sections": [
      {"id": "s1", "title": "One", "questions": [
        {"id": "q_yes", "type": "yes_no", "points": 2},
        {"id": "q_choice", "type": "choice", "options": [
          {"id": "good", "score": 1}, {"id": "ok", "score": 0.5}, {"id": "bad", "score": 0}]},
        {"id": "q_scale", "type": "scale", "min": 1, "max": 5, "points": 2, "na": true},
        {"id": "q_all", "type": "yes_no"}]},
      {"id": "s2", "title": "Two", "questions": [
        {"id": "q_num", "type": "number", "bands": [{"max": 30, "score": 1}, {"max": 60, "score": 0.5}, {"score": 0}]},
        {"id": "q_list", "type": "checklist", "options": [
          {"id": "a", "score": 1}, {"id": "b", "score": 1}, {"id": "c", "score": 0.5}]},
        {"id": "q_no", "type": "yes_no", "expect": "no"},
        {"id": "q_follow", "type": "yes_no", "show_if": {"question": "q_yes", "in": ["yes"]}}]},
      {"id": "s3", "title": "Three", "questions": [
        {"id": "q_nps", "type": "nps"}, {"id": "q_text", "type": "text"}]}]})";
    return std::make_shared<const vs::forms::Template>(
        vs::forms::parse_template(text, "calib.json"));
}

sc::CalibrationVisit visit(const std::string& exercise, const std::string& shopper, bool reference,
                           const json& answers,
                           std::shared_ptr<const vs::forms::Template> tpl = calib_template()) {
    sc::CalibrationVisit v;
    v.exercise = exercise;
    v.uuid = "uuid-" + exercise + "-" + shopper;
    v.client = "C1";
    v.shopper = shopper;
    v.reference = reference;
    v.tpl = tpl;
    v.answers = vs::forms::typed_answers(*tpl, answers, "test", "answers");
    v.score = sc::score_visit(*tpl, v.answers).score;
    return v;
}

// R (reference) and C: every question right.
//   s1 = (2 + 1 + 2 + 1)/6 = 100; s2: q_num 1, q_list (1 + 1)/2.5 = 0.8, q_no 1, q_follow 1:
//   3.8/4 = 95; score 97.5.
const json kRef = {{"q_yes", "yes"}, {"q_choice", "good"},   {"q_scale", 5}, {"q_all", "yes"},
                   {"q_num", 20},    {"q_list", {"a", "b"}}, {"q_no", "no"}, {"q_follow", "yes"},
                   {"q_nps", 9},     {"q_text", "fine"}};
// A: s1 = (2 + 0.5 + 2 · 0.75 + 1)/6 = 5/6; s2 = (0.5 + 0.4 + 1 + 0)/4 = 47.5;
//   score (83.33… + 47.5)/2 = 65.41666…
const json kA = {{"q_yes", "yes"}, {"q_choice", "ok"}, {"q_scale", 4},
                 {"q_all", "yes"}, {"q_num", 45},      {"q_list", {"a"}},
                 {"q_no", "no"},   {"q_follow", "no"}, {"q_nps", 3}};
// B: q_yes "no" hides q_follow; q_scale NA. s1 = (0 + 1 + 1)/(2 + 1 + 1) = 50;
//   s2 = (1 + 0.8 + 0)/3 = 60; score 55.
const json kB = {{"q_yes", "no"}, {"q_choice", "good"},   {"q_scale", "na"}, {"q_all", "yes"},
                 {"q_num", 20},   {"q_list", {"b", "a"}}, {"q_no", "yes"}};

void check_opt(std::optional<double> got, std::optional<double> want) {
    BOOST_TEST(got.has_value() == want.has_value());
    if (got && want)
        BOOST_TEST(*got == *want, tt::tolerance(1e-12));
}

} // namespace

BOOST_AUTO_TEST_SUITE(calibration)

BOOST_AUTO_TEST_CASE(shoppers_against_the_reference) {
    const auto out = sc::calibrate({visit("X1", "R", true, kRef), visit("X1", "B", false, kB),
                                    visit("X1", "A", false, kA), visit("X1", "C", false, kRef)});
    BOOST_REQUIRE_EQUAL(out.size(), 1u);
    const sc::ExerciseAgreement& e = out[0];
    BOOST_TEST(e.problems.empty());
    BOOST_TEST(e.template_id == "calib");
    BOOST_TEST(*e.reference_shopper == "R");
    check_opt(e.reference_score, 97.5);

    struct Case {
        std::string shopper;
        double score;
        double deviation;
        double alignment;
        std::size_t aligned;
        double kappa;
        std::size_t kappa_pairs;
    };
    const std::vector<Case> cases = {
        // A: |Δf|·points: q_choice 0.5·1, q_scale 0.25·2, q_num 0.5·1, q_list 0.4·1,
        // q_follow 1·1 = 2.9 over 10 points (all 8 scored questions): 1 - 0.29.
        // Kappa over q_yes, q_choice, q_all, q_no, q_follow (reference, A): (yes, yes),
        // (good, ok), (yes, yes), (no, no), (yes, no): p_o = 3/5; reference yes 3, good 1, no 1,
        // A yes 2, ok 1, no 2: p_e = (3·2 + 1·2)/25 = 8/25; κ = (0.6 - 0.32)/0.68.
        {"A", 65.41666666666667, 65.41666666666667 - 97.5, 0.71, 8, 0.28 / 0.68, 5},
        // B: q_scale NA and q_follow hidden are left out: 6 questions, 7 points; |Δf|·points:
        // q_yes 1·2, q_no 1·1 = 3: 1 - 3/7. Checklist answers in another order are the same.
        // Kappa over (yes, no), (good, good), (yes, yes), (no, yes): p_o = 1/2; marginals
        // reference yes 2, good 1, no 1 and B yes 2, good 1, no 1: p_e = (4 + 1 + 1)/16;
        // κ = (0.5 - 0.375)/0.625 = 0.2.
        {"B", 55.0, 55.0 - 97.5, 1 - 3.0 / 7, 6, 0.2, 4},
        // C answered like the reference: deviation 0, alignment 1, κ 1.
        {"C", 97.5, 0.0, 1.0, 8, 1.0, 5},
    };
    BOOST_REQUIRE_EQUAL(e.shoppers.size(), cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const sc::ShopperAgreement& s = e.shoppers[i]; // sorted by shopper code
        BOOST_TEST_INFO_SCOPE(c.shopper);
        BOOST_TEST(s.shopper == c.shopper);
        check_opt(s.score, c.score);
        check_opt(s.deviation, c.deviation);
        check_opt(s.alignment, c.alignment);
        BOOST_TEST(s.aligned == c.aligned);
        check_opt(s.kappa, c.kappa);
        BOOST_TEST(s.kappa_pairs == c.kappa_pairs);
    }
}

BOOST_AUTO_TEST_CASE(fleiss_kappa_per_question_and_per_exercise) {
    const auto out = sc::calibrate({visit("X1", "R", true, kRef), visit("X1", "A", false, kA),
                                    visit("X1", "B", false, kB), visit("X1", "C", false, kRef)});
    const sc::ExerciseAgreement& e = out.at(0);
    struct Case {
        std::string question;
        std::size_t raters;
        std::optional<double> agreement;
        std::optional<double> kappa;
        std::map<std::string, std::size_t> answers;
    };
    // One subject per question: agreement = Σ c(c - 1) / (n(n - 1)); Fleiss' κ with one subject
    // is 1 when all agree, else (P - P_e)/(1 - P_e) = -1/(n - 1).
    const std::vector<Case> cases = {
        {"q_yes", 4, 0.5, -1.0 / 3, {{"yes", 3}, {"no", 1}}}, // 3·2/12
        {"q_choice", 4, 0.5, -1.0 / 3, {{"good", 3}, {"ok", 1}}},
        {"q_scale", 3, 1.0 / 3, -0.5, {{"5", 2}, {"4", 1}}}, // B's NA left out: 2·1/6
        {"q_all", 4, 1.0, 1.0, {{"yes", 4}}},
        {"q_num", 4, 0.5, -1.0 / 3, {{"20", 3}, {"45", 1}}},
        {"q_list", 4, 0.5, -1.0 / 3, {{R"(["a","b"])", 3}, {R"(["a"])", 1}}},
        {"q_no", 4, 0.5, -1.0 / 3, {{"no", 3}, {"yes", 1}}},
        {"q_follow", 3, 1.0 / 3, -0.5, {{"yes", 2}, {"no", 1}}}, // hidden for B
    };
    BOOST_REQUIRE_EQUAL(e.questions.size(), cases.size()); // nps and text are not scored
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        BOOST_TEST_INFO_SCOPE(c.question);
        BOOST_TEST(e.questions[i].question == c.question);
        BOOST_TEST(e.questions[i].raters == c.raters);
        check_opt(e.questions[i].agreement, c.agreement);
        check_opt(e.questions[i].fleiss_kappa, c.kappa);
        BOOST_TEST((e.questions[i].answers == c.answers));
    }
    // The exercise: subjects q_yes, q_choice, q_all, q_no (q_follow is hidden for B), 4 raters.
    // Rows over (good, no, ok, yes): [0,1,0,3], [3,0,1,0], [0,0,0,4], [0,3,0,1].
    // P_i = 0.5, 0.5, 1, 0.5: P̄ = 0.625; column shares 3/16, 4/16, 1/16, 8/16:
    // P_e = (9 + 16 + 1 + 64)/256; κ = (0.625 - 90/256)/(1 - 90/256) = 70/166.
    BOOST_TEST(e.fleiss_subjects == 4u);
    check_opt(e.fleiss_kappa, 70.0 / 166);
}

BOOST_AUTO_TEST_CASE(exercises_without_a_single_reference_or_on_another_scorecard) {
    const auto other = calib_template("other");
    const auto out = sc::calibrate({
        // X2: no reference.
        visit("X2", "A", false, kA),
        visit("X2", "B", false, kB),
        // X3: two references.
        visit("X3", "R", true, kRef),
        visit("X3", "S", true, kA),
        visit("X3", "B", false, kB),
        // X4: one visit on another scorecard.
        visit("X4", "R", true, kRef),
        visit("X4", "A", false, kA),
        visit("X4", "Z", false, kA, other),
        // X5: the reference alone.
        visit("X5", "R", true, kRef),
    });
    BOOST_REQUIRE_EQUAL(out.size(), 4u);
    struct Case {
        std::string id;
        std::size_t shoppers;
        bool compared;
        std::string problem; ///< a part of the message, or "" for none
    };
    const std::vector<Case> cases = {
        {"X2", 2, false, "no reference"},
        {"X3", 1, false, "2 visits are marked as the reference (uuid-X3-R, uuid-X3-S)"},
        {"X4", 1, true, "uuid-X4-Z (shopper Z) uses scorecard \"other\""},
        {"X5", 0, true, ""},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const sc::ExerciseAgreement& e = out[i];
        BOOST_TEST_INFO_SCOPE(c.id);
        BOOST_TEST(e.id == c.id);
        BOOST_TEST(e.shoppers.size() == c.shoppers);
        BOOST_TEST(e.reference_uuid.has_value() == c.compared);
        for (const auto& s : e.shoppers) {
            BOOST_TEST(s.deviation.has_value() == c.compared);
            BOOST_TEST(s.alignment.has_value() == c.compared);
            BOOST_TEST(s.kappa.has_value() == c.compared);
            BOOST_TEST(s.score.has_value()); // its own score is always shown
        }
        if (c.problem.empty()) {
            BOOST_TEST(e.problems.empty());
        } else {
            BOOST_REQUIRE_EQUAL(e.problems.size(), 1u);
            BOOST_TEST(e.problems[0].find(c.problem) != std::string::npos, e.problems[0]);
        }
    }
    // X4's Z is left out of the per-question counts too: q_yes has 2 raters (R, A).
    BOOST_TEST(out[2].questions[0].raters == 2u);
    // X5: one rater per question: no agreement or kappa.
    BOOST_TEST(!out[3].questions[0].fleiss_kappa);
    BOOST_TEST(!out[3].questions[0].agreement);
    BOOST_TEST(!out[3].fleiss_kappa);
}

BOOST_AUTO_TEST_CASE(answer_labels) {
    using vs::forms::Answer;
    struct Case {
        Answer answer;
        std::string label;
    };
    const std::vector<Case> cases = {
        {Answer::text("yes"), "yes"},
        {Answer::number(4), "4"},
        {Answer::number(45.5), "45.5"},
        {Answer::number(-3), "-3"},
        {Answer::list({"b", "a"}), R"(["a","b"])"},
        {Answer::list({}), "[]"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.label);
        BOOST_TEST(sc::answer_label(c.answer) == c.label);
    }
}

BOOST_AUTO_TEST_SUITE_END()
