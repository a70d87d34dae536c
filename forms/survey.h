#pragma once
// Customer survey responses (SCORING.md §10): visits of a scorecard whose channel is `survey`.
// They name a branch and perhaps an employee, never a shopper, and need no review.

#include "forms/template.h"
#include "forms/visit.h"

#include <string>
#include <string_view>

namespace vs::forms {

/// The channel of a customer survey scorecard.
inline constexpr std::string_view kSurveyChannel = "survey";

/// True when `tpl` is a customer survey scorecard (its responses are no mystery visits).
inline bool is_survey(const Template& tpl) {
    return tpl.channel == kSurveyChannel;
}

/// The status a visit is stored with: a survey response whose package left `status` out is
/// approved (it needs no review); any other visit keeps its own.
inline Status import_status(const Template& tpl, const Visit& visit) {
    return !visit.status_given && is_survey(tpl) ? Status::Approved : visit.status;
}

/// Refuses a shopper on a survey response and a missing shopper on any other visit, naming
/// `where`.shopper (`where` names the visit: `visits[3] (uuid)` or `line 5 (uuid)`); and a
/// survey response waiting for review (submitted or returned), naming `where`.status. Imports
/// check every visit so; check_visit checks survey responses (a visit built in code may still
/// be a draft whose shopper is chosen later).
void check_channel_rules(const Template& tpl, const Visit& visit, const std::string& file,
                         const std::string& where);

} // namespace vs::forms
