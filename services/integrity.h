#pragma once
// Integrity signals of the visits in a review queue (docs/integrity.md), as both front ends
// show them: each visit's risk score and named signals, computed by scoring/integrity.h from
// what the store holds — the visit (evidence times, answers, comments), its photos' hashes and
// capture times, its assignment's window, the branch's approved scores and the shoppers'.
// Only the queue's visits are assessed; what they are compared with is read per client once, as
// sums (approved scores) and short walks back through an index (the most recent approved
// visits), and the visits compared are read in batches, not one at a time.

#include "forms/visit.h"
#include "scoring/integrity.h"
#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
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

/// What one client's approved visits (calibration visits aside) say to the signals of its queue
/// visits: each branch's scores (branch_outlier), each shopper's leniency (lenient_shopper),
/// the most recent approved visits whose comments and photos a queue visit is compared with
/// (those of its shopper, of its branch and of the whole client), and each shopper's decided
/// dispute points (overturned_disputes), read in one statement per client.
struct ClientBaseline {
    std::unordered_map<std::string, scoring::Moments> branches;  ///< branch code -> scores
    std::unordered_map<std::string, scoring::Leniency> shoppers; ///< shopper code -> leniency
    storage::RecentVisits recent;
    /// Shopper code -> their decided dispute points and those overturned (overturned_disputes).
    std::unordered_map<std::string, scoring::DisputeRecord> disputes;
};
/// How many recent approved visits of a shopper or a branch, and of the whole client, are read.
inline constexpr std::size_t kRecentPerShopperOrBranch = 30;
inline constexpr std::size_t kRecentOfClient = 150;

/// A client's baseline for the queue visits of `shoppers` at `branches` (codes), read as sums
/// and short index walks in the store, whatever the client's history.
ClientBaseline client_baseline(storage::Store& store, const std::string& client,
                               const std::vector<std::string>& shoppers,
                               const std::vector<std::string>& branches);
/// How visit_risks reads a baseline: client_baseline, or another way to compare it with.
using BaselineReader = std::function<ClientBaseline(
    storage::Store& store, const std::string& client, const std::vector<std::string>& shoppers,
    const std::vector<std::string>& branches)>;

/// The risk of the given visits (unknown ids skipped), in the order given.
std::vector<VisitRisk> visit_risks(storage::Store& store, const std::vector<std::int64_t>& ids,
                                   const scoring::IntegrityThresholds& thresholds,
                                   const BaselineReader& baseline = client_baseline);

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
