#pragma once
// Customer voice (SCORING.md §10), as both front ends and the client workbook show it: one
// client's approved survey responses and mystery visits in a date range, per branch what its
// customers say beside its mystery-shop score, and per behaviour the association across branches
// (drivers). The measure and the thresholds are settings of the database (voice.*), which
// options may override.

#include "forms/dates.h"
#include "scoring/voice.h"
#include "scoring/voice_facts.h"
#include "storage/store.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vs::services {

/// Setting keys and their defaults (SCORING.md §10): the measure ("nps" or "score"), the
/// responses a branch needs to take part (min_responses) and the mystery visits per driver
/// (min_n).
inline constexpr const char* kVoiceMeasureKey = "voice.measure";
inline constexpr const char* kVoiceMinResponsesKey = "voice.min_responses";
inline constexpr const char* kVoiceMinNKey = "voice.min_n";

/// "nps" or "score"; nullopt for anything else.
std::optional<scoring::VoiceMeasure> voice_measure_from_string(const std::string& text);
/// "nps" or "score".
std::string to_string(scoring::VoiceMeasure measure);

/// The stored voice settings, each its default when unset or not valid.
scoring::VoiceOptions voice_settings(storage::SettingsStore& store);
/// The stored form of a voice setting's value, checked (as set_voice_setting does); nullopt when
/// `key` is not a voice setting.
std::optional<std::string> checked_voice_setting(const std::string& key, const std::string& value);
/// Checks and stores one voice setting (one of the keys above): InputError naming the key, and
/// nothing stored, for an unknown key or a value that is not one (measure nps|score; the
/// thresholds whole numbers from 1 to 100000).
void set_voice_setting(storage::SettingsStore& store, const std::string& key,
                       const std::string& value);

/// Which visits: one client's approved visits with local dates from..to (inclusive; nullopt:
/// unbounded).
struct VoiceQuery {
    std::string client;
    std::optional<int> from_day;
    std::optional<int> to_day;
};

/// The facts the customer voice is computed from, loaded once (a view may keep them until the
/// store's data_version changes). The tables are shared, not copied: they may be facts a view
/// holds already and may cover more days than the query's (e.g. the client's every day); every
/// figure below counts only the visits of the query's days.
struct VoiceFacts {
    VoiceQuery query;
    /// The client's approved survey responses, at least those in the query's days.
    std::shared_ptr<const scoring::FactTable> survey;
    /// Its approved mystery visits (no calibration visits), at least those in the query's days.
    std::shared_ptr<const scoring::FactTable> mystery;
    std::map<std::string, std::string> branch_names; ///< code -> name (every branch of the client)
};

/// Reads the query's facts (its days only). InputError naming `field` when the client is empty
/// or unknown.
VoiceFacts read_voice_facts(storage::Store& store, const VoiceQuery& query,
                            const char* field = "client");
/// As read_voice_facts, without the mystery visits (`mystery` null): for a caller that holds the
/// client's mystery visits already and sets them.
VoiceFacts read_survey_facts(storage::Store& store, const VoiceQuery& query,
                             const char* field = "client");

/// The query's days, as the figures take them from the facts.
scoring::VoiceDays voice_days(const VoiceQuery& query);
/// The survey responses of the query's days.
std::size_t survey_responses(const VoiceFacts& facts);

/// Per branch and its drivers (scoring::customer_voice), with the section titles for display.
struct CustomerVoice {
    scoring::VoiceOptions options;
    scoring::Voice voice;
    std::map<std::string, std::string> section_titles; ///< section id -> title
};

/// SCORING.md §10 over the facts of the query's days with these options.
CustomerVoice customer_voice(const VoiceFacts& facts, const scoring::VoiceOptions& options);
/// read_voice_facts then customer_voice.
CustomerVoice customer_voice(storage::Store& store, const VoiceQuery& query,
                             const scoring::VoiceOptions& options);

/// Per branch (or the client's branches together, branch "") and period (month, quarter…; None:
/// the whole range) of the query's days the survey figures beside the mystery-shop mean
/// (scoring::voice_periods).
std::vector<scoring::VoicePeriodRow> voice_periods(const VoiceFacts& facts, forms::Period period,
                                                   bool per_branch = true);

/// The plain-words caveat every view of the drivers shows.
inline constexpr const char* kVoiceCaveat =
    "These are associations across branches, not proof of cause: branches whose staff do a "
    "behaviour well may differ in other ways that their customers notice.";

} // namespace vs::services
