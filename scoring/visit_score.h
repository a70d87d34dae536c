#pragma once
// Visit-level scoring (SCORING.md §1–3): fractions, section and visit scores, criticals.

#include "forms/answer.h"
#include "forms/template.h"

#include <optional>
#include <string>
#include <vector>

namespace vs::scoring {

/// The fraction f of an answer (§1); std::nullopt for unanswered, NA and unscored questions.
std::optional<double> fraction(const forms::Question& q, const forms::Answer& answer);

/// True when f passes the question (f >= pass_at).
inline bool passes(const forms::Question& q, double f) { return f >= q.pass_at; }

struct SectionResult {
    std::optional<double> raw;   ///< NA when nothing scored applied
    std::optional<double> score; ///< raw, or 0 after a section-level critical failure
    double earned = 0;
    double possible = 0;
    bool critical_failure = false; ///< a section-level critical question failed
};

struct VisitResult {
    std::optional<double> raw;
    std::optional<double> score;
    std::vector<std::string> critical_failures; ///< ids of failed critical questions, in order
    bool visit_critical_failure = false;
    std::vector<SectionResult> sections; ///< aligned with Template::sections
    /// sum(possible_s) / sum(points of visible scored questions); NA when nothing scored is visible.
    std::optional<double> applicable;

    /// True when the applicable share reaches the template's min_applicable (no share counts as 0).
    bool meets_min_applicable(const forms::Template& tpl) const {
        return applicable.value_or(0) >= tpl.min_applicable || tpl.min_applicable <= 0;
    }
};

/// Scores one visit's answers against its template.
VisitResult score_visit(const forms::Template& tpl, const forms::Answers& answers);

/// Rounds half away from zero to one decimal, for display.
double round1(double value);

} // namespace vs::scoring
