#pragma once
// Customer voice from stored facts (SCORING.md §10): each branch's customer voice input read off
// the facts of its survey responses and of its mystery visits, and per branch and period what its
// customers said (NPS with its breakdown, the mean survey score) beside its mystery-shop mean.
// Pure: the caller loads the two fact tables (one client's approved visits); the figures count
// those of a range of days (VoiceDays), so that tables of every day serve any period.

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

/// The visits' local days a customer voice counts: from..to inclusive (nullopt: unbounded).
/// Visits of other days in the tables are skipped.
struct VoiceDays {
    std::optional<int> from_day, to_day;
    bool covers(int day) const {
        return (!from_day || day >= *from_day) && (!to_day || day <= *to_day);
    }
};

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
/// id across scorecards, the visit score) of the visits in `days`, for every branch with a survey
/// response or a mystery visit there in either table; by branch code. Visits of other clients
/// are not told apart: pass one client's facts.
std::vector<VoiceBranchInput> voice_inputs(const FactTable& survey, const FactTable& mystery,
                                           const VoiceDays& days = {});

/// The VoicePeriodRows of the two tables' visits in `days` by branch (or, with `per_branch`
/// false, one row per period for all branches together, branch ""), then period
/// (forms::Period::None: one row for the whole range); only groups with a survey response or a
/// mystery visit.
std::vector<VoicePeriodRow> voice_periods(const FactTable& survey, const FactTable& mystery,
                                          forms::Period period, bool per_branch = true,
                                          const VoiceDays& days = {});

/// How many of the survey facts' responses lie in `days`.
std::size_t voice_responses(const FactTable& survey, const VoiceDays& days = {});

/// Each section id of the mystery facts with its title (the title of the newest scorecard
/// version that has it).
std::map<std::string, std::string> voice_section_titles(const FactTable& mystery);

} // namespace vs::scoring
