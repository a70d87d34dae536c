#pragma once
// SCORING.md §1–3 written out again, plainly and on its own, to hold the scoring library to:
// visibility, fractions, section and visit scores, criticals and the applicable share.

#include "forms/answer.h"
#include "forms/template.h"

#include <optional>
#include <vector>

namespace vs::property {

struct OracleSection {
    std::optional<double> raw, score;
};

struct OracleResult {
    std::optional<double> raw, score, applicable;
    std::vector<OracleSection> sections;
    bool visit_critical = false;
};

/// The scores of typed answers by SCORING.md §1–3.
OracleResult oracle_score(const forms::Template& tpl, const forms::Answers& answers);

} // namespace vs::property
