#pragma once
// Backend-independent part of saving a visit: check it against its template, score it, and
// encode the scores that aggregation reads. Every Store backend stores what this produces.

#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/visit_score.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vs::storage {

/// Values stored per section: raw, score, earned, possible, critical failure (0/1).
inline constexpr std::size_t kSectionValues = 5;

struct PreparedVisit {
    const forms::Visit* visit = nullptr;
    forms::Answers answers;
    scoring::VisitResult result;
    int day = 0;
    int nps = -1;
    std::int64_t source_hash = 0;
    std::string answers_json;
    std::string comments_json;
    std::string critical_failures_json;
    std::vector<double> section_values;  ///< kSectionValues per section (see below)
    std::vector<double> question_values; ///< one per question (scoring/facts.h encoding)
};

/// Checks `visit` against `tpl` and scores it; throws InputError naming `file` and `where`.
/// A visit that is not a draft must reach the template's min_applicable.
PreparedVisit prepare_visit(const forms::Template& tpl, const forms::Visit& visit,
                            const std::string& file, const std::string& where);

/// A stable 64-bit hash of a visit's package form (FNV-1a over its canonical JSON).
std::int64_t visit_hash(const forms::Visit& visit);

/// The typed answers as a JSON object in question order, unanswered questions left out.
std::string answers_json(const forms::Template& tpl, const forms::Answers& answers);
/// A string map as a JSON object.
std::string string_map_json(const std::map<std::string, std::string>& m);

/// Decodes a section_values array back into results.
std::vector<scoring::SectionResult> decode_sections(const double* values, std::size_t sections);

} // namespace vs::storage
