#pragma once
// Storage role: disputes — a client (or the consultancy on its behalf) challenges the answer to
// one question of a released (approved) visit, with the answer it proposes, a reason and
// optional evidence; an arbiter who is not the visit's reviewer decides each point. The rules
// (deadline, maximum, who may arbitrate, the answer's type) live in services/disputes.h; a
// server enforces who may open and who may decide itself (pg_server.cpp).

#include "forms/visit.h"
#include "storage/audit_store.h"
#include "storage/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::storage {

/// One dispute point: a question of a visit, the answer proposed and, once decided, the
/// decision and the answer that stands. Answers are JSON text (as a visit's answers hold them).
struct Dispute {
    std::int64_t id = 0;
    std::string visit_uuid;
    std::string client;     ///< client name
    std::string branch;     ///< branch code
    std::string shopper;    ///< shopper code; a client's account reads a placeholder
    std::string visited_at; ///< the visit's local date and time
    std::string question;
    std::string original_answer; ///< the stored answer when the point was opened ("" none)
    std::string proposed_answer;
    std::string reason;
    std::string opened_by;
    std::string opened_at; ///< UTC, ISO 8601
    std::string evidence_name;
    std::string evidence_mime;
    std::string evidence_sha256; ///< lower-case hex SHA-256 of the evidence ("" none)
    std::int64_t evidence_size = 0;
    std::string status;         ///< open | decided
    std::string decision;       ///< accepted | partly | rejected ("" while open)
    std::string decided_answer; ///< the answer that stands after the decision
    std::string decision_reason;
    std::string decided_by;
    std::string decided_at; ///< UTC, ISO 8601
};

/// Which disputes to list; an empty field matches any.
struct DisputeFilter {
    std::string client;     ///< client name
    std::string status;     ///< open | decided
    std::string visit_uuid; ///< one visit's
};

/// A dispute point to store (the visit must be approved).
struct NewDispute {
    std::string visit_uuid;
    std::string question;
    std::string original_answer;
    std::string proposed_answer;
    std::string reason;
    std::string evidence_name; ///< "" when none
    std::string evidence_mime;
    std::vector<unsigned char> evidence;
};

/// An arbiter's decision on one point.
struct DisputeDecision {
    std::string decision;       ///< accepted | partly | rejected
    std::string decided_answer; ///< the answer that stands (JSON text)
    std::string reason;
    std::string who;
};

/// The change of the visit a decision makes (an accepted or partly accepted point whose answer
/// differs): the visit with the answer that stands, the row version it was read at, and its
/// audit entries.
struct DisputeEdit {
    forms::Visit visit;
    std::string updated_at;
    std::vector<AuditChange> entries;
};

/// A released visit, for dispute statistics.
struct ReleasedVisit {
    std::string uuid;
    std::string client;  ///< name
    std::string branch;  ///< code
    std::string shopper; ///< code (a client's account reads a placeholder)
};

/// Stores and decides disputes.
class DisputeStore {
  public:
    virtual ~DisputeStore() = default;

    /// Stores an open dispute point by `who`; returns its id. StorageError, nothing written,
    /// when the visit is unknown or not approved (or, on a server, when the account may not
    /// dispute it).
    virtual std::int64_t add_dispute(const NewDispute& dispute, const std::string& who) = 0;
    /// The disputes `filter` selects, by id.
    virtual std::vector<Dispute> disputes(const DisputeFilter& filter) = 0;
    /// One dispute; nullopt when unknown (or not readable by this account).
    virtual std::optional<Dispute> dispute(std::int64_t id) = 0;
    /// The evidence file's bytes (empty when none).
    virtual std::vector<unsigned char> dispute_evidence(std::int64_t id) = 0;
    /// Records a decision on an open point and, with `edit`, rewrites the visit (re-scored) with
    /// its audit entries, all in one transaction; an audit entry "dispute" about the point is
    /// always written. StorageError, nothing written, when the point is no longer open or the
    /// visit changed since `edit->updated_at` was read (or, on a server, when the arbiter
    /// approved the visit).
    virtual void decide_dispute(std::int64_t id, const DisputeDecision& decision,
                                const DisputeEdit* edit) = 0;
    /// When visit `visit_uuid` was released: the time of its last approval in the audit log, or
    /// (an imported approved visit) when it was stored; "" when not approved or unknown.
    virtual std::string released_at(const std::string& visit_uuid) = 0;
    /// Who made the visit's last approval ("" when the audit log has none).
    virtual std::string approver(const std::string& visit_uuid) = 0;
    /// The approved mystery visits of a client (every client when empty).
    virtual std::vector<ReleasedVisit> released_visits(const std::string& client) = 0;
};

} // namespace vs::storage
