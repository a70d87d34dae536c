#include "oracle.h"

#include <cmath>

namespace vs::property {

using forms::Answer;
using forms::Question;
using forms::QuestionType;

namespace {

/// §2: the answer is one of the condition's values ("na" matches an NA answer; a checklist
/// matches when any chosen option is listed).
bool matches(const Answer& a, const nlohmann::json& in) {
    for (const auto& v : in) {
        if (a.is_na()) {
            if (v == "na")
                return true;
        } else if (a.kind() == Answer::Kind::Text) {
            if (v.is_string() && v.get<std::string>() == a.str())
                return true;
        } else if (a.kind() == Answer::Kind::Number) {
            if (v.is_number() && v.get<double>() == a.num())
                return true;
        } else if (a.kind() == Answer::Kind::List) {
            for (const auto& item : a.items())
                if (v.is_string() && v.get<std::string>() == item)
                    return true;
        }
    }
    return false;
}

/// §1: f of an answered, non-NA scored question.
std::optional<double> fraction(const Question& q, const Answer& a) {
    switch (q.type) {
    case QuestionType::YesNo:
        return a.str() == q.expect ? 1.0 : 0.0;
    case QuestionType::Scale:
        return (a.num() - q.min) / (static_cast<double>(q.max) - q.min);
    case QuestionType::Choice:
        for (const auto& o : q.options)
            if (o.id == a.str())
                return o.score;
        return std::nullopt;
    case QuestionType::Checklist: {
        double chosen = 0, all = 0;
        for (const auto& o : q.options) {
            all += o.score;
            for (const auto& item : a.items())
                if (item == o.id)
                    chosen += o.score;
        }
        return chosen / all;
    }
    case QuestionType::Number:
        for (const auto& b : q.bands)
            if (!b.max || a.num() <= *b.max)
                return b.score;
        return std::nullopt;
    case QuestionType::Nps:
    case QuestionType::Text:
        break;
    }
    return std::nullopt;
}

} // namespace

OracleResult oracle_score(const forms::Template& tpl, const forms::Answers& answers) {
    OracleResult r;
    const std::size_t nq = tpl.questions.size();
    std::vector<bool> visible(nq, false);
    auto holds = [&](const forms::ShowIf& s) {
        const int ref = tpl.find_question(s.question);
        return ref >= 0 && visible[static_cast<std::size_t>(ref)] &&
               answers[static_cast<std::size_t>(ref)].answered() &&
               matches(answers[static_cast<std::size_t>(ref)], s.in);
    };
    double weighted_raw = 0, weighted_score = 0, weights = 0;
    double possible_all = 0, visible_points = 0;
    for (const auto& s : tpl.sections) {
        const bool section_visible = !s.show_if || holds(*s.show_if);
        double earned = 0, possible = 0;
        bool section_critical = false;
        for (int i = s.first; i < s.last; ++i) {
            const auto ui = static_cast<std::size_t>(i);
            const Question& q = tpl.questions[ui];
            visible[ui] = section_visible && (!q.show_if || holds(*q.show_if));
            if (!visible[ui] || !q.scored())
                continue;
            visible_points += q.points;
            const Answer& a = answers[ui];
            if (!a.answered() || a.is_na())
                continue;
            const auto f = fraction(q, a);
            if (!f)
                continue;
            earned += *f * q.points;
            possible += q.points;
            if (*f < q.pass_at) {
                if (q.critical == forms::Critical::Section)
                    section_critical = true;
                if (q.critical == forms::Critical::Visit)
                    r.visit_critical = true;
            }
        }
        OracleSection os;
        if (possible > 0) {
            os.raw = 100 * earned / possible;
            os.score = section_critical ? 0.0 : *os.raw;
            if (s.weight > 0) {
                weighted_raw += s.weight * *os.raw;
                weighted_score += s.weight * *os.score;
                weights += s.weight;
            }
        }
        possible_all += possible;
        r.sections.push_back(os);
    }
    if (weights > 0) {
        r.raw = weighted_raw / weights;
        r.score = weighted_score / weights;
    }
    if (r.visit_critical)
        r.score = 0.0;
    if (visible_points > 0)
        r.applicable = possible_all / visible_points;
    return r;
}

} // namespace vs::property
