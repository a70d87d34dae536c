#pragma once
// Integrity signals of the visits in a review queue (docs/integrity.md), as both front ends
// show them: each visit's risk score and named signals, computed by scoring/integrity.h from
// what the store holds — the visit (evidence times, answers, comments), its photos' hashes and
// capture times, its assignment's window, the branch's approved scores and the shoppers'.
// Only the queue's visits are assessed; what they are compared with is read per client once
// (approved scores) and per visit through indexed lookups (visits, attachments, assignments).

#include "forms/visit.h"
#include "scoring/integrity.h"
#include "storage/store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::services {

/// The thresholds stored as settings `integrity.*` (defaults where none is stored).
scoring::IntegrityThresholds integrity_thresholds(storage::SettingsStore& settings);
/// Stores every threshold as its `integrity.*` setting.
void save_integrity_thresholds(storage::SettingsStore& settings,
                               const scoring::IntegrityThresholds& thresholds);

/// A threshold setting's value as stored ("8", "0.75"): std::nullopt when `key` is no
/// `integrity.*` threshold; InputError naming the key when the value is out of its range or no
/// number (`settings set` and the Settings dialog check with it).
std::optional<std::string> checked_integrity_setting(const std::string& key,
                                                     const std::string& value);

/// One assessed visit.
struct VisitRisk {
    std::int64_t visit_id = 0;
    std::string uuid;
    std::string client;
    std::string branch;  ///< code
    std::string shopper; ///< code
    std::string visited_at;
    forms::Status status = forms::Status::Submitted;
    std::optional<double> score;
    int risk = 0; ///< 0..100: scoring::risk_score of the signals
    std::vector<scoring::IntegritySignal> signals;
};

/// The risk of the given visits (unknown ids skipped), in the order given.
std::vector<VisitRisk> visit_risks(storage::Store& store, const std::vector<std::int64_t>& ids,
                                   const scoring::IntegrityThresholds& thresholds);

/// A review queue: the visits of a status (submitted by default), optionally of one client.
struct RiskQuery {
    std::string client; ///< empty: every client
    forms::Status status = forms::Status::Submitted;
};
/// The queue's visits assessed, riskiest first (then newest first). InputError naming
/// `--client` for an unknown client.
std::vector<VisitRisk> risk_queue(storage::Store& store, const RiskQuery& query,
                                  const scoring::IntegrityThresholds& thresholds);

} // namespace vs::services
