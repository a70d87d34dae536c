#include "storage/prepare.h"

#include "forms/dates.h"
#include "forms/error.h"
#include "scoring/facts.h"

#include <cmath>

namespace vs::storage {

std::int64_t visit_hash(const forms::Visit& visit) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : visit.to_json().dump()) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(h);
}

PreparedVisit prepare_visit(const forms::Template& tpl, const forms::Visit& visit,
                            const std::string& file, const std::string& where) {
    PreparedVisit p;
    p.visit = &visit;
    p.answers = forms::check_visit(tpl, visit, file, where);
    p.result = scoring::score_visit(tpl, p.answers);
    if (visit.status != forms::Status::Draft && !p.result.meets_min_applicable(tpl)) {
        char share[32];
        std::snprintf(share, sizeof share, "%.0f%%", 100 * p.result.applicable.value_or(0));
        char need[32];
        std::snprintf(need, sizeof need, "%.0f%%", 100 * tpl.min_applicable);
        throw InputError(file, where,
                         std::string("only ") + share + " of the scorecard applied; \"" + tpl.id +
                             "\" needs at least " + need + " (min_applicable)");
    }
    p.day = *forms::parse_day(visit.visited_at);
    p.source_hash = visit_hash(visit);
    p.answers_json = forms::answers_to_json(tpl, p.answers).dump();
    p.comments_json = nlohmann::json(visit.comments).dump();
    p.critical_failures_json = nlohmann::json(p.result.critical_failures).dump();
    for (std::size_t i = 0; i < tpl.questions.size(); ++i)
        if (tpl.questions[i].type == forms::QuestionType::Nps && p.answers[i].answered() &&
            !p.answers[i].is_na()) {
            p.nps = static_cast<int>(p.answers[i].num());
            break;
        }
    p.section_values.reserve(tpl.sections.size() * kSectionValues);
    for (const auto& s : p.result.sections) {
        p.section_values.push_back(s.raw.value_or(scoring::kNa));
        p.section_values.push_back(s.score.value_or(scoring::kNa));
        p.section_values.push_back(s.earned);
        p.section_values.push_back(s.possible);
        p.section_values.push_back(s.critical_failure ? 1.0 : 0.0);
    }
    const std::vector<bool> visible = forms::visible_questions(tpl, p.answers);
    p.question_values.resize(tpl.questions.size(), scoring::kNa);
    for (std::size_t i = 0; i < tpl.questions.size(); ++i) {
        const forms::Question& q = tpl.questions[i];
        if (!visible[i] || !q.scored() || !p.answers[i].answered())
            continue;
        p.question_values[i] = p.answers[i].is_na()
                                   ? scoring::kAnswerNa
                                   : scoring::fraction(q, p.answers[i]).value_or(scoring::kNa);
    }
    return p;
}

std::vector<scoring::SectionResult> decode_sections(const double* v, std::size_t sections) {
    std::vector<scoring::SectionResult> out(sections);
    for (std::size_t i = 0; i < sections; ++i) {
        auto opt = [](double x) { return std::isnan(x) ? std::optional<double>() : x; };
        const double* s = v + kSectionValues * i;
        out[i].raw = opt(s[0]);
        out[i].score = opt(s[1]);
        out[i].earned = s[2];
        out[i].possible = s[3];
        out[i].critical_failure = s[4] != 0;
    }
    return out;
}

} // namespace vs::storage
