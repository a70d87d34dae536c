#include "scoring/calibration.h"

#include "scoring/stats.h"
#include "scoring/visit_score.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace vs::scoring {

namespace {

using forms::Question;
using forms::QuestionType;

bool categorical(const Question& q) {
    return q.type == QuestionType::YesNo || q.type == QuestionType::Choice;
}

/// One set of answers prepared for comparison: per question of the exercise's scorecard, the
/// answer when visible, answered and not NA (else nullptr) and its fraction.
struct Rater {
    const CalibrationVisit* visit = nullptr;
    std::vector<const forms::Answer*> answers; ///< per exercise question
    std::vector<std::optional<double>> f;      ///< per exercise question
};

Rater rater_of(const CalibrationVisit& v, const forms::Template& exercise_tpl) {
    Rater r;
    r.visit = &v;
    r.answers.assign(exercise_tpl.questions.size(), nullptr);
    r.f.assign(exercise_tpl.questions.size(), std::nullopt);
    const std::vector<bool> visible = forms::visible_questions(*v.tpl, v.answers);
    for (std::size_t i = 0; i < exercise_tpl.questions.size(); ++i) {
        // Match by question id: another version of the scorecard may order questions otherwise.
        const int own = v.tpl->find_question(exercise_tpl.questions[i].id);
        if (own < 0)
            continue;
        const auto o = static_cast<std::size_t>(own);
        if (o >= v.answers.size() || !visible[o])
            continue;
        const forms::Answer& a = v.answers[o];
        if (!a.answered() || a.is_na())
            continue;
        r.answers[i] = &a;
        r.f[i] = fraction(v.tpl->questions[o], a);
    }
    return r;
}

ShopperAgreement compare(const Rater& shopper, const Rater* reference, const forms::Template& tpl) {
    ShopperAgreement s;
    s.uuid = shopper.visit->uuid;
    s.shopper = shopper.visit->shopper;
    s.score = shopper.visit->score;
    if (!reference)
        return s;
    if (s.score && reference->visit->score)
        s.deviation = *s.score - *reference->visit->score;
    double weighted = 0;
    double points = 0;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::size_t i = 0; i < tpl.questions.size(); ++i) {
        const Question& q = tpl.questions[i];
        if (!q.scored())
            continue;
        if (shopper.f[i] && reference->f[i]) {
            weighted += q.points * std::fabs(*shopper.f[i] - *reference->f[i]);
            points += q.points;
            ++s.aligned;
        }
        if (categorical(q) && shopper.answers[i] && reference->answers[i])
            pairs.emplace_back(reference->answers[i]->str(), shopper.answers[i]->str());
    }
    if (points > 0)
        s.alignment = 1 - weighted / points;
    s.kappa_pairs = pairs.size();
    s.kappa = cohens_kappa(pairs);
    return s;
}

/// Share of agreeing pairs among n raters with the given category counts.
std::optional<double> pair_agreement(const std::map<std::string, std::size_t>& counts,
                                     std::size_t n) {
    if (n < 2)
        return std::nullopt;
    double agreeing = 0;
    for (const auto& [label, c] : counts)
        agreeing += static_cast<double>(c) * static_cast<double>(c - 1);
    return agreeing / (static_cast<double>(n) * static_cast<double>(n - 1));
}

ExerciseAgreement exercise_agreement(const std::string& id,
                                     const std::vector<const CalibrationVisit*>& visits) {
    ExerciseAgreement e;
    e.id = id;
    std::vector<const CalibrationVisit*> references;
    for (const CalibrationVisit* v : visits)
        if (v->reference)
            references.push_back(v);
    if (references.empty()) {
        e.problems.push_back("no reference visit: deviation, alignment and kappa need one");
    } else if (references.size() > 1) {
        std::string uuids;
        for (const CalibrationVisit* v : references)
            uuids += (uuids.empty() ? "" : ", ") + v->uuid;
        e.problems.push_back(std::to_string(references.size()) +
                             " visits are marked as the reference (" + uuids +
                             "); deviation, alignment and kappa need exactly one");
    }
    const CalibrationVisit* basis = references.empty() ? visits.front() : references.front();
    const forms::Template& tpl = *basis->tpl;
    e.template_id = tpl.id;
    e.template_version = tpl.version;
    if (references.size() == 1) {
        e.reference_uuid = basis->uuid;
        e.reference_shopper = basis->shopper;
        e.reference_score = basis->score;
    }

    std::vector<Rater> raters;
    std::optional<std::size_t> reference_index;
    for (const CalibrationVisit* v : visits) {
        if (v->tpl->id != tpl.id) {
            e.problems.push_back("visit " + v->uuid + " (shopper " + v->shopper +
                                 ") uses scorecard \"" + v->tpl->id + "\", not \"" + tpl.id +
                                 "\"; it is left out");
            continue;
        }
        if (v == basis && references.size() == 1)
            reference_index = raters.size();
        raters.push_back(rater_of(*v, tpl));
    }
    const Rater* reference = reference_index ? &raters[*reference_index] : nullptr;
    for (const Rater& r : raters)
        if (!r.visit->reference)
            e.shoppers.push_back(compare(r, reference, tpl));
    std::sort(e.shoppers.begin(), e.shoppers.end(),
              [](const ShopperAgreement& a, const ShopperAgreement& b) {
                  return std::tie(a.shopper, a.uuid) < std::tie(b.shopper, b.uuid);
              });

    // Per question: one subject, every set that answered it a rater.
    std::vector<std::size_t> common; // categorical questions every rater answered
    for (std::size_t i = 0; i < tpl.questions.size(); ++i) {
        const Question& q = tpl.questions[i];
        if (!q.scored())
            continue;
        QuestionAgreement qa;
        qa.question = q.id;
        for (const Rater& r : raters)
            if (r.answers[i]) {
                ++qa.raters;
                ++qa.answers[answer_label(*r.answers[i])];
            }
        qa.agreement = pair_agreement(qa.answers, qa.raters);
        if (qa.raters >= 2) {
            std::vector<int> row;
            for (const auto& [label, c] : qa.answers)
                row.push_back(static_cast<int>(c));
            qa.fleiss_kappa = fleiss_kappa({row});
        }
        if (categorical(q) && raters.size() >= 2 && qa.raters == raters.size())
            common.push_back(i);
        e.questions.push_back(std::move(qa));
    }

    // The whole exercise: subjects are the categorical questions every set answered, so that
    // every subject has the same raters (fleiss_kappa refuses unequal counts).
    if (!common.empty()) {
        std::map<std::string, std::size_t> categories;
        for (std::size_t i : common)
            for (const Rater& r : raters)
                categories.emplace(r.answers[i]->str(), 0);
        std::size_t k = 0;
        for (auto& [label, index] : categories)
            index = k++;
        std::vector<std::vector<int>> counts;
        for (std::size_t i : common) {
            std::vector<int> row(categories.size(), 0);
            for (const Rater& r : raters)
                ++row[categories.at(r.answers[i]->str())];
            counts.push_back(std::move(row));
        }
        e.fleiss_subjects = counts.size();
        e.fleiss_kappa = fleiss_kappa(counts);
    }
    return e;
}

} // namespace

std::string answer_label(const forms::Answer& answer) {
    switch (answer.kind()) {
    case forms::Answer::Kind::Text:
        return answer.str();
    case forms::Answer::Kind::List: {
        std::vector<std::string> items = answer.items();
        std::sort(items.begin(), items.end());
        return nlohmann::json(items).dump();
    }
    case forms::Answer::Kind::Number: {
        const double x = answer.num();
        if (x == std::floor(x) && std::fabs(x) < 1e15)
            return std::to_string(static_cast<long long>(x)); // 4, not 4.0
        return nlohmann::json(x).dump();
    }
    case forms::Answer::Kind::Na:
    case forms::Answer::Kind::None:
        break;
    }
    return answer.to_json().dump();
}

std::vector<ExerciseAgreement> calibrate(const std::vector<CalibrationVisit>& visits) {
    std::map<std::string, std::vector<const CalibrationVisit*>> exercises;
    for (const CalibrationVisit& v : visits)
        if (v.tpl && !v.exercise.empty())
            exercises[v.exercise].push_back(&v);
    std::vector<ExerciseAgreement> out;
    out.reserve(exercises.size());
    for (const auto& [id, members] : exercises)
        out.push_back(exercise_agreement(id, members));
    return out;
}

} // namespace vs::scoring
