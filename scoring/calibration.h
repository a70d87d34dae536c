#pragma once
// Calibration, or evaluator agreement (SCORING.md §8): several shoppers score the same visit, one
// set of answers is the reference. Per shopper: deviation of the score, points-weighted alignment
// of the fractions, Cohen's kappa of the categorical answers; per question and per exercise:
// Fleiss' kappa across every set of answers.

#include "forms/answer.h"
#include "forms/template.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vs::scoring {

/// One set of answers of a calibration exercise, as stored.
struct CalibrationVisit {
    std::string exercise; ///< the calibration exercise id
    std::string uuid;
    std::string client;
    std::string shopper; ///< code
    bool reference = false;
    std::shared_ptr<const forms::Template> tpl;
    forms::Answers answers; ///< aligned with tpl->questions
    std::optional<double> score;
};

/// How one (non-reference) shopper's answers agree with the reference.
struct ShopperAgreement {
    std::string uuid;
    std::string shopper;
    std::optional<double> score;
    std::optional<double> deviation; ///< score - reference score
    /// 1 - Σ points·|f - f_ref| / Σ points over scored questions both answered, not NA.
    std::optional<double> alignment;
    std::size_t aligned = 0; ///< questions in the alignment
    /// Cohen's kappa of yes_no and choice answers against the reference (labels: the answers).
    std::optional<double> kappa;
    std::size_t kappa_pairs = 0; ///< questions in the kappa
};

/// Agreement on one question across every set of answers of the exercise (reference included).
struct QuestionAgreement {
    std::string question;
    std::size_t raters = 0;                     ///< sets that answered it, not NA
    std::map<std::string, std::size_t> answers; ///< answer label -> how many gave it
    std::optional<double> agreement;            ///< share of rater pairs that agree
    /// Fleiss' kappa with the question as its one subject: 1 when all agree, else -1/(raters-1).
    std::optional<double> fleiss_kappa;
};

struct ExerciseAgreement {
    std::string id;
    std::string template_id; ///< the reference's scorecard (else the first visit's)
    int template_version = 0;
    std::optional<std::string> reference_uuid;
    std::optional<std::string> reference_shopper;
    std::optional<double> reference_score;
    std::vector<ShopperAgreement> shoppers;   ///< non-reference sets, by shopper code then uuid
    std::vector<QuestionAgreement> questions; ///< scored questions, in scorecard order
    /// Fleiss' kappa of the exercise: the yes_no and choice questions that every set answered
    /// (not NA) as subjects, every set as a rater; std::nullopt with none or fewer than 2 sets.
    std::optional<double> fleiss_kappa;
    std::size_t fleiss_subjects = 0;
    /// What stops a clean comparison: no reference, several references, another scorecard.
    std::vector<std::string> problems;
};

/// The answer as a category label: the string of yes_no/choice, the number of scale/number
/// (as JSON writes it), the sorted option ids of a checklist as a JSON array.
std::string answer_label(const forms::Answer& answer);

/// Agreement per exercise, ordered by exercise id. Deviation, alignment and kappa are
/// std::nullopt when the exercise has no single reference, and each when it has nothing to
/// compare; a visit on another scorecard than the reference's is reported in `problems` and
/// left out of every measure.
std::vector<ExerciseAgreement> calibrate(const std::vector<CalibrationVisit>& visits);

} // namespace vs::scoring
