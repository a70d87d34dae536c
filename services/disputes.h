#pragma once
// Disputes (docs/disputes.md): a client, or the consultancy on its behalf, disputes the answer
// to a question of a released (approved) visit within a deadline and up to a maximum of points
// per visit (settings); an arbiter who did not approve the visit accepts, partly accepts or
// rejects each point with a reason. An accepted point changes the visit's answer, the visit is
// re-scored as every edit is, and the audit log records the decision and the change; reports
// read the stored visit, so they follow. A refusal throws InputError naming the field, and
// nothing is written.

#include "scoring/disputes.h"
#include "storage/store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::services {

/// Days after a visit's release within which it may be disputed (default 30).
inline constexpr const char* kDisputeDeadlineSetting = "dispute.deadline_days";
/// Dispute points a visit may have in all (default 5).
inline constexpr const char* kDisputeMaxSetting = "dispute.max_per_visit";
inline constexpr int kDefaultDisputeDeadlineDays = 30;
inline constexpr int kDefaultDisputeMax = 5;

/// The stored form of a dispute setting (a whole number: deadline 1..3650 days, maximum
/// 1..1000), InputError naming the key when out of range; nullopt when `key` is not one.
std::optional<std::string> checked_dispute_setting(const std::string& key,
                                                   const std::string& value);
/// The setting's value in `store`, or its default.
int dispute_deadline_days(storage::SettingsStore& store);
int dispute_max_per_visit(storage::SettingsStore& store);

/// An answer as typed on a command line or in a field: JSON when it reads as JSON (7, true,
/// ["a","b"], "text"), else the text itself.
nlohmann::json answer_from_text(const std::string& text);

/// A dispute point to open.
struct DisputeRequest {
    std::string visit_uuid;
    std::string question;
    std::string answer; ///< the proposed answer, as answer_from_text reads it
    std::string reason;
    std::string evidence_name; ///< "" when none
    std::vector<unsigned char> evidence;
};

/// Opens a point. Refused (InputError, field in where()): "reason" empty; "visit" unknown or not
/// released; "deadline" past (released date + dispute.deadline_days before `today`,
/// YYYY-MM-DD; empty: today); "question" not on the visit's scorecard; "answer" not valid for
/// the question's type or the same as the stored one; "question" already with an open point;
/// "dispute.max_per_visit" reached. Returns the new point's id. Once stored, the point stands:
/// a failure to raise its alert adds a warning to `warnings` (stderr when null) and the next
/// delivery run (`alerts deliver`) raises it; a client's account on a server raises none itself.
std::int64_t open_dispute(storage::Store& store, const DisputeRequest& request,
                          const std::string& who, const std::string& today = {},
                          std::vector<std::string>* warnings = nullptr);

enum class DisputeOutcome { Accept, Partly, Reject };

/// Decides an open point: Accept makes the proposed answer stand, Partly `partly_answer`,
/// Reject the original. An answer that differs from the visit's stored one is written (the
/// visit re-scored, audit entries "dispute" for the answer and its score), with the decision,
/// in one transaction. Refused (InputError): "reason" empty; "dispute" unknown or decided;
/// "arbiter" who approved the visit; "answer" (partly) not valid for the question. Once
/// stored, the decision stands: a failure to raise its alert adds a warning to `warnings`
/// (stderr when null).
void decide_dispute(storage::Store& store, std::int64_t id, DisputeOutcome outcome,
                    const std::string& partly_answer, const std::string& reason,
                    const std::string& who, std::vector<std::string>* warnings = nullptr);

/// Groups of dispute statistics.
enum class DisputeGroup { Client, Branch, Shopper };

/// Dispute statistics of a client's released visits (every client when empty) by client,
/// branch or shopper (scoring::dispute_stats); time to decide is from opening to decision.
std::vector<scoring::DisputeStats>
dispute_statistics(storage::Store& store, const std::string& client, DisputeGroup group);

/// Days between two UTC ISO 8601 times (YYYY-MM-DDTHH:MM:SS…); nullopt when either is not one.
std::optional<double> days_between(const std::string& from, const std::string& to);

} // namespace vs::services
