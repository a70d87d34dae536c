// Tests for scoring at the edges of its input: checklist weights (SCORING.md §1), the ci95 of a
// score mean clipped to the 0–100 scale (§4), extreme but valid templates that must never give
// NaN, infinity or a score off the scale, and a big scorecard scored in full.

#include "forms/answer.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/aggregate.h"
#include "scoring/stats.h"
#include "scoring/visit_score.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace vf = vs::forms;
namespace sc = vs::scoring;
namespace tt = boost::test_tools;
using nlohmann::json;

namespace {

json template_doc(json sections) {
    return {{"format", "visitscore.template/1"},
            {"id", "edge"},
            {"version", 1},
            {"name", "Edge"},
            {"sections", std::move(sections)}};
}

json section(const std::string& id, json questions, double weight = 1) {
    return {{"id", id}, {"weight", weight}, {"questions", std::move(questions)}};
}

/// True when x is NA or a finite number in [0, 100].
bool on_scale(std::optional<double> x) {
    return !x || (std::isfinite(*x) && *x >= 0 && *x <= 100);
}

void check_interval(const std::optional<sc::Interval>& got,
                    const std::optional<sc::Interval>& want) {
    BOOST_TEST(got.has_value() == want.has_value());
    if (got && want) {
        BOOST_TEST(got->lo == want->lo, tt::tolerance(1e-12));
        BOOST_TEST(got->hi == want->hi, tt::tolerance(1e-12));
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(input_limits)

BOOST_AUTO_TEST_CASE(checklist_weights_score_as_shares) {
    // Weights 2, 1, 1 and 0: f = chosen weight / 4 (SCORING.md §1).
    const json q = {{"id", "extras"},
                    {"type", "checklist"},
                    {"points", 2},
                    {"options",
                     {{{"id", "water"}, {"score", 2}},
                      {{"id", "leaflet"}, {"score", 1}},
                      {{"id", "mint"}, {"score", 1}},
                      {{"id", "nothing"}, {"score", 0}}}}};
    const vf::Template t = vf::template_from_json(
        template_doc(json::array({section("s", json::array({q}))})), "t.json");
    struct Case {
        std::vector<std::string> chosen;
        double f;
    };
    const std::vector<Case> cases = {
        {{}, 0.0},
        {{"nothing"}, 0.0},
        {{"water"}, 0.5},
        {{"leaflet"}, 0.25},
        {{"water", "mint"}, 0.75},
        {{"water", "leaflet", "mint", "nothing"}, 1.0},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(json(c.chosen).dump());
        const vf::Answers answers = {vf::Answer::list(c.chosen)};
        const auto f = sc::fraction(t.questions[0], answers[0]);
        BOOST_TEST_REQUIRE(f.has_value());
        BOOST_TEST(*f == c.f);
        const sc::VisitResult r = sc::score_visit(t, answers);
        BOOST_TEST(*r.score == 100 * c.f);
        BOOST_TEST(r.sections[0].earned == 2 * c.f);
    }
}

BOOST_AUTO_TEST_CASE(score_mean_interval_is_clipped) {
    struct Case {
        std::string name;
        double mean;
        double sd;
        std::size_t n;
        std::optional<sc::Interval> want;
    };
    // t(0.975, 2) = 4.302652729749464; 60 ± 4.30265… · √2700/√3 = 60 ± 129.0796…
    const std::vector<Case> cases = {
        {"both ends off the scale", 60, 51.96152422706632, 3, sc::Interval{0, 100}},
        // 95 ± 4.30265… · 10/√3 = 95 ± 24.84138…: only the top is clipped.
        {"top end off the scale", 95, 10, 3, sc::Interval{70.15862288249669, 100}},
        {"bottom end off the scale", 5, 10, 3, sc::Interval{0, 29.841377117503313}},
        {"inside the scale: as t_interval", 50, 4, 2,
         sc::Interval{14.061425871624984, 85.93857412837502}},
        {"zero width at 100", 100, 0, 4, sc::Interval{100, 100}},
        {"n = 1", 50, 0, 1, std::nullopt},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        check_interval(sc::score_interval(c.mean, c.sd, c.n), c.want);
    }
    // measure() gives the clipped interval: three visits 0, 90, 90 once showed -69.1 to 189.1.
    const sc::Measures m = sc::measure({0, 90, 90}, {80, 80, 80}, 1, 3);
    check_interval(m.ci95, sc::Interval{0, 100});
    // The interval of a difference (training effect) is not a score: t_interval is not clipped.
    BOOST_TEST(sc::t_interval(0, 30, 3)->lo < 0);
}

BOOST_AUTO_TEST_CASE(extreme_valid_templates_stay_on_the_scale) {
    // Random templates at the limits of every range (points and weights from 1e-300 to 1000,
    // checklist weights up to 1000, scales of -1000..-900 or 900..1000, bands at ±1e15) and
    // random answers (NA, hidden, extremes): every score, raw and section score is NA or a
    // finite number in [0, 100], and so is every group's mean and ci95.
    std::mt19937_64 rng(15);
    auto pick = [&](std::initializer_list<double> xs) {
        return *(xs.begin() + static_cast<std::ptrdiff_t>(rng() % xs.size()));
    };
    std::vector<double> scores;
    for (int round = 0; round < 200; ++round) {
        BOOST_TEST_INFO_SCOPE("round " << round);
        json sections = json::array();
        for (int s = 0; s < 3; ++s) {
            json questions = json::array();
            for (int i = 0; i < 4; ++i) {
                const std::string id = "q" + std::to_string(s) + "_" + std::to_string(i);
                json q = {{"id", id}, {"na", true}, {"points", pick({1e-300, 0.001, 1, 1000})}};
                if (rng() % 3 == 0)
                    q["critical"] = rng() % 2 ? "section" : "visit";
                switch (rng() % 4) {
                case 0:
                    q["type"] = "yes_no";
                    break;
                case 1: {
                    const double lo = pick({-1000, 900, 0});
                    q["type"] = "scale";
                    q["min"] = lo;
                    q["max"] = lo + pick({1, 100});
                    break;
                }
                case 2:
                    q["type"] = "checklist";
                    q["options"] = {{{"id", "a"}, {"score", pick({0, 1e-300, 1000})}},
                                    {{"id", "b"}, {"score", pick({1000, 2, 0.5})}}};
                    break;
                default:
                    q["type"] = "number";
                    q["bands"] = {{{"max", -1e15}, {"score", 1}},
                                  {{"max", 1e15}, {"score", pick({0, 0.5})}}};
                    break;
                }
                questions.push_back(std::move(q));
            }
            sections.push_back(
                section("s" + std::to_string(s), std::move(questions), pick({0, 1e-300, 1, 1000})));
        }
        const vf::Template t = vf::template_from_json(template_doc(sections), "t.json");
        vf::Answers answers(t.questions.size());
        for (std::size_t i = 0; i < answers.size(); ++i) {
            const vf::Question& q = t.questions[i];
            if (rng() % 5 == 0)
                continue; // unanswered
            if (rng() % 5 == 0) {
                answers[i] = vf::Answer::na();
                continue;
            }
            switch (q.type) {
            case vf::QuestionType::YesNo:
                answers[i] = vf::Answer::text(rng() % 2 ? "yes" : "no");
                break;
            case vf::QuestionType::Scale:
                answers[i] = vf::Answer::number(rng() % 2 ? q.min : q.max);
                break;
            case vf::QuestionType::Checklist: {
                std::vector<std::string> chosen;
                for (const auto& o : q.options)
                    if (rng() % 2)
                        chosen.push_back(o.id);
                answers[i] = vf::Answer::list(chosen);
                break;
            }
            default:
                answers[i] = vf::Answer::number(pick({-1e15, 0, 1e15}));
                break;
            }
        }
        const sc::VisitResult r = sc::score_visit(t, answers);
        BOOST_TEST(on_scale(r.raw), r.raw.value_or(-1));
        BOOST_TEST(on_scale(r.score), r.score.value_or(-1));
        for (const auto& sr : r.sections) {
            BOOST_TEST(on_scale(sr.raw));
            BOOST_TEST(on_scale(sr.score));
            BOOST_TEST(std::isfinite(sr.earned));
            BOOST_TEST(std::isfinite(sr.possible));
        }
        if (r.applicable)
            BOOST_TEST((std::isfinite(*r.applicable) && *r.applicable >= 0 && *r.applicable <= 1));
        if (r.score)
            scores.push_back(*r.score);
    }
    // Groups of every size from the same scores: mean and ci95 on the scale.
    for (std::size_t n = 1; n <= scores.size(); n += 7) {
        const std::vector<double> xs(scores.begin(),
                                     scores.begin() + static_cast<std::ptrdiff_t>(n));
        const sc::Measures m = sc::measure(xs, std::vector<double>(n, 80), 0, 3);
        BOOST_TEST(on_scale(m.mean));
        if (m.ci95) {
            BOOST_TEST((m.ci95->lo >= 0 && m.ci95->hi <= 100 && m.ci95->lo <= m.ci95->hi),
                       "n = " << n << ": " << m.ci95->lo << " to " << m.ci95->hi);
        }
    }
}

BOOST_AUTO_TEST_CASE(big_scorecard_parsed_and_scored) {
    // 10,000 questions × 50 visits, read, checked and scored. Each answer is found by id through
    // the template's index; bench/ measures speed, this checks the scores and reports the time.
    constexpr int kQuestions = 10000;
    constexpr int kVisits = 50;
    json sections = json::array();
    for (int s = 0; s < 100; ++s) {
        json questions = json::array();
        for (int i = 0; i < kQuestions / 100; ++i) {
            const int k = s * (kQuestions / 100) + i;
            json q = {{"id", "q" + std::to_string(k)}, {"type", k % 2 ? "yes_no" : "checklist"}};
            if (k % 2 == 0)
                q["options"] = {{{"id", "a"}, {"score", 2}}, {{"id", "b"}, {"score", 2}}};
            questions.push_back(std::move(q));
        }
        sections.push_back(section("s" + std::to_string(s), std::move(questions)));
    }
    const vf::Template t = vf::template_from_json(template_doc(sections), "big.json");
    json answers = json::object();
    for (int k = 0; k < kQuestions; ++k)
        answers["q" + std::to_string(k)] = k % 2 ? json("yes") : json::array({"a"});
    json visits = json::array();
    for (int v = 0; v < kVisits; ++v) {
        char uuid[37];
        std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", v);
        visits.push_back({{"uuid", uuid},
                          {"template", "edge"},
                          {"template_version", 1},
                          {"client", "C"},
                          {"branch", "B"},
                          {"shopper", "S"},
                          {"visited_at", "2026-10-03T14:05"},
                          {"answers", answers}});
    }
    const std::string text = json{{"format", "visitscore.visits/1"}, {"visits", visits}}.dump();
    const auto start = std::chrono::steady_clock::now(); // the import's part, not the test's
    std::vector<double> scores;
    for (const vf::Visit& v : vf::parse_visit_package(text, "big.visits.json")) {
        const vf::Answers a = vf::check_visit(t, v, "big.visits.json", "visit");
        scores.push_back(*sc::score_visit(t, a).score);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE("10,000 questions x 50 visits parsed, checked and scored in " << seconds
                                                                                     << " s");
    BOOST_TEST_REQUIRE(scores.size() == static_cast<std::size_t>(kVisits));
    // Half the questions pass (yes), half score f = 2/4: (1 + 0.5) / 2 = 75 in every section.
    for (double s : scores)
        BOOST_TEST(s == 75.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
