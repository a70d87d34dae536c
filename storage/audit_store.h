#pragma once
// Storage role: the append-only audit log and its hash chain (the chain's format:
// sqlite_purge.h).

#include "storage/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::storage {

/// One append-only audit entry; hash = SHA-256 over the entry and prev_hash (hex). An entry is
/// about a visit (visit_id) or about an assignment (visit_id 0, assignment_uuid set).
struct AuditEntry {
    std::int64_t id = 0;
    std::string at; ///< UTC, ISO 8601
    std::string who;
    std::int64_t visit_id = 0; ///< 0: none (an assignment's entry)
    std::string action;        ///< "status", "edit", "purge", "assignment"
    std::string field;
    std::string old_value;
    std::string new_value;
    std::string reason;
    std::string prev_hash;
    std::string hash;
    std::string assignment_uuid; ///< the assignment an entry with action "assignment" is about
};

/// An audit entry to write with the change it records (the store adds when, the visit and the
/// hash chain).
struct AuditChange {
    std::string who;
    std::string action; ///< "status", "edit", …
    std::string field;
    std::string old_value;
    std::string new_value;
    std::string reason;
};

/// Which audit entries AuditStore::audit_entries returns (every filter optional; dates are
/// local day numbers of the entry's UTC date, inclusive).
struct AuditQuery {
    std::optional<std::string> visit_uuid;
    std::optional<std::string> who;    ///< exactly this person
    std::optional<std::string> branch; ///< a branch code (of any client)
    std::optional<std::string> action; ///< "status", "edit", "purge", …
    std::optional<int> from_day;
    std::optional<int> to_day;
};

/// One audit entry with the visit (or assignment) it is about, for the audit log across all
/// visits and assignments.
struct AuditRow {
    AuditEntry entry;
    std::string visit_uuid; ///< "" for an assignment's entry (entry.assignment_uuid)
    std::string client;
    std::string branch; ///< code
};

/// The outcome of recomputing the audit log's hash chain.
struct AuditCheck {
    std::int64_t entries = 0;
    std::string head;                         ///< hash of the last entry (64 zeros when none)
    std::optional<std::int64_t> first_broken; ///< id of the first entry that does not verify
    std::string problem;                      ///< why, when broken (also: missing triggers)
    bool ok() const { return problem.empty(); }
};

/// Reads the audit log and checks its chain. Entries are written by the changes they record
/// (VisitStore, MaintenanceStore, AssignmentStore), never on their own.
class AuditStore {
  public:
    virtual ~AuditStore() = default;

    /// The audit entries of a visit, oldest first.
    virtual std::vector<AuditEntry> audit_log(std::int64_t visit_id) = 0;
    /// The audit entries across all visits that a query covers, oldest first.
    virtual std::vector<AuditRow> audit_entries(const AuditQuery& query) = 0;
    /// Who last submitted a visit (from a draft or returned visit; reopening is no submission);
    /// "" when unknown (an imported visit).
    virtual std::string submitter(std::int64_t visit_id) = 0;
    /// Recomputes the audit log's hash chain from the first entry; names the first entry that
    /// was edited, or that follows a removed one. A `recorded_head` (a head hash printed by an
    /// earlier check, or "") must still be in the chain: that catches entries removed from
    /// its end, or a chain rewritten from some entry on.
    virtual AuditCheck verify_audit(const std::string& recorded_head) = 0;
};

} // namespace vs::storage
