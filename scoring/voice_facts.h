#pragma once
// Customer voice from stored facts (SCORING.md §10): each branch's customer voice input read off
// the facts of its survey responses and of its mystery visits, and per branch and period what its
// customers said (NPS with its breakdown, the mean survey score) beside its mystery-shop mean.
// Pure: the caller loads the two fact tables (one client, one date range, approved visits).

#include "forms/dates.h"
#include "scoring/facts.h"
#include "scoring/stats.h"
#include "scoring/voice.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vs::scoring {

/// One branch (or the whole client) in one period: its survey responses' figures beside its
/// mystery visits' mean score.
struct VoicePeriodRow {
    std::string branch;        ///< code; "" for the client's branches together
    std::string period;        ///< "2026-10", "2026-Q4"…; "" for the whole range
    int period_index = 0;      ///< forms::period_index of the period (0 without one)
    std::size_t responses = 0; ///< survey responses
    Nps nps;                   ///< over the responses' nps ratings (nps.n: those that gave one)
    std::optional<double> survey_score;  ///< mean survey visit score; nullopt when none has one
    std::size_t survey_n = 0;            ///< responses with a score
    std::optional<double> mystery_score; ///< mean mystery visit score; nullopt when none
    std::size_t mystery_n = 0;           ///< mystery visits with a score
};

/// Per branch: its voice input (VoiceBranchInput) from the survey responses' facts (the stored
/// nps rating, the visit score) and the mystery visits' facts (section scores keyed by section
/// id across scorecards, the visit score), for every branch with a survey response or a mystery
/// visit in either table; by branch code. Visits of other clients are not told apart: pass one
/// client's facts.
std::vector<VoiceBranchInput> voice_inputs(const FactTable& survey, const FactTable& mystery);

/// The VoicePeriodRows of the two tables by branch (or, with `per_branch` false, one row per
/// period for all branches together, branch ""), then period (forms::Period::None: one row for
/// the whole range); only groups with a survey response or a mystery visit.
std::vector<VoicePeriodRow> voice_periods(const FactTable& survey, const FactTable& mystery,
                                          forms::Period period, bool per_branch = true);

/// Each section id of the mystery facts with its title (the title of the newest scorecard
/// version that has it).
std::map<std::string, std::string> voice_section_titles(const FactTable& mystery);

} // namespace vs::scoring
