#include "scoring/visit_score.h"

#include <algorithm>
#include <cmath>

namespace vs::scoring {

using forms::Answer;
using forms::Question;
using forms::QuestionType;

std::optional<double> fraction(const Question& q, const Answer& a) {
    if (!q.scored() || !a.answered() || a.is_na())
        return std::nullopt;
    switch (q.type) {
    case QuestionType::YesNo:
        return a.str() == q.expect ? 1.0 : 0.0;
    case QuestionType::Scale:
        // In double: max - min of a hand-built question could overflow an int.
        return (a.num() - q.min) / (static_cast<double>(q.max) - static_cast<double>(q.min));
    case QuestionType::Choice: {
        int o = q.find_option(a.str());
        return o < 0 ? std::optional<double>() : q.options[static_cast<std::size_t>(o)].score;
    }
    case QuestionType::Checklist: {
        // Option scores are weights (SCORING.md §1): f = chosen weight / all weight, in [0, 1]
        // whatever the weights, as the ids are distinct.
        double chosen = 0;
        double total = 0;
        for (const auto& option : q.options)
            total += option.score;
        for (const auto& id : a.items()) {
            int o = q.find_option(id);
            if (o >= 0)
                chosen += q.options[static_cast<std::size_t>(o)].score;
        }
        return total > 0 ? chosen / total : std::optional<double>();
    }
    case QuestionType::Number:
        for (const auto& band : q.bands)
            if (!band.max || a.num() <= *band.max)
                return band.score;
        return std::nullopt; // above every band and no catch-all: answer_from_json refuses it
    case QuestionType::Nps:
    case QuestionType::Text:
        break;
    }
    return std::nullopt;
}

VisitResult score_visit(const forms::Template& tpl, const forms::Answers& answers) {
    VisitResult r;
    r.sections.resize(tpl.sections.size());
    const std::vector<bool> visible = forms::visible_questions(tpl, answers);
    double visible_points = 0;
    double applicable_points = 0;
    double weighted_raw = 0;
    double weighted_score = 0;
    double weights = 0;
    for (std::size_t si = 0; si < tpl.sections.size(); ++si) {
        const forms::Section& s = tpl.sections[si];
        SectionResult& sr = r.sections[si];
        for (int i = s.first; i < s.last; ++i) {
            auto ui = static_cast<std::size_t>(i);
            const Question& q = tpl.questions[ui];
            if (!visible[ui] || !q.scored())
                continue;
            visible_points += q.points;
            std::optional<double> f =
                ui < answers.size() ? fraction(q, answers[ui]) : std::optional<double>();
            if (!f)
                continue;
            sr.earned += *f * q.points;
            sr.possible += q.points;
            if (q.critical != forms::Critical::None && !passes(q, *f)) {
                r.critical_failures.push_back(q.id);
                if (q.critical == forms::Critical::Section)
                    sr.critical_failure = true;
                else
                    r.visit_critical_failure = true;
            }
        }
        applicable_points += sr.possible;
        if (sr.possible > 0) {
            // earned <= possible holds in floating point too (each f <= 1, summed in the same
            // order), so the share is at most 1 and the score at most 100; 100 · earned first
            // could round above.
            sr.raw = 100.0 * (sr.earned / sr.possible);
            sr.score = sr.critical_failure ? 0.0 : *sr.raw;
            if (s.weight > 0) {
                weighted_raw += s.weight * *sr.raw;
                weighted_score += s.weight * *sr.score;
                weights += s.weight;
            }
        }
    }
    if (weights > 0) {
        // A weighted mean of numbers in [0, 100] is in [0, 100]; the clamp only takes off the
        // last bit of rounding that weights of very different sizes can leave.
        r.raw = std::clamp(weighted_raw / weights, 0.0, 100.0);
        r.score = std::clamp(weighted_score / weights, 0.0, 100.0);
    }
    if (r.visit_critical_failure)
        r.score = 0.0;
    if (visible_points > 0)
        r.applicable = std::min(applicable_points / visible_points, 1.0); // as above
    return r;
}

double round1(double value) {
    // + 0.0 turns the -0 of a small negative value into 0, which prints as "0.0", not "-0.0".
    return std::copysign(std::floor(std::abs(value) * 10.0 + 0.5), value) / 10.0 + 0.0;
}

} // namespace vs::scoring
