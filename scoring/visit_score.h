#pragma once
// Visit-level scoring (SCORING.md §1–3): fractions, section and visit scores, criticals.

#include "forms/answer.h"
#include "forms/template.h"

#include <optional>
#include <string>
#include <vector>

namespace vs::scoring {

/// The version of the scoring rules this build computes (SCORING.md). Every stored score records
/// the version that made it, and a rescore (services/rescore.h) brings older ones up to this.
/// Raise it with every change to the rules that can move a stored number, and say here what
/// moved:
///   1  the rules before versions were recorded: scores stored before this constant existed.
///   2  checklist option scores are weights (§1): f = chosen weight / all weight, where a
///      weight may now exceed 1 (up to 1000; version 1 refused templates with such options,
///      and for the weights it accepted computed the same share, so its checklist fractions
///      are unchanged); section and visit scores are computed as 100 · (earned / possible) and
///      kept within [0, 100], the applicable share within [0, 1] (§3), which moves a stored
///      score by at most its last bit of rounding; the ci95 of a mean is clipped to the scale
///      (§4), which reports compute when they read and which nothing stores.
inline constexpr int kRulesVersion = 2;

/// The fraction f of an answer (§1); std::nullopt for unanswered, NA and unscored questions.
std::optional<double> fraction(const forms::Question& q, const forms::Answer& answer);

/// True when f passes the question (f >= pass_at).
inline bool passes(const forms::Question& q, double f) {
    return f >= q.pass_at;
}

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
    /// sum(possible_s) / sum(points of visible scored questions); NA when nothing scored is
    /// visible.
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
