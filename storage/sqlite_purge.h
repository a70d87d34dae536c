#pragma once
// Internal to the SQLite backend: the audit log's hash chain — checking it, and
// redacting the personal values of a purged visit's entries without breaking it.
//
// An entry's hash is SHA-256 of its fields joined with U+001F, ending with prev_hash; the chain
// runs over the whole table in id order from 64 zeros (SqliteStore::append_audit writes it).
// A purge blanks `who`, `reason` and the old and new values of an entry (except for the status,
// visit time and branch, which name no one) and keeps its hash, so the chain and every head
// recorded earlier stay valid; the visit's purge entry, itself chained, lists each redacted
// entry with the hash of its redacted content. `audit verify` accepts an entry whose content
// matches its own hash, or, when a later purge entry of the same visit lists it, that hash.
// An assignment's entries (who offered, accepted, declined it) are redacted the same way, with
// a purge entry of the assignment (visit_id NULL, assignment_uuid set) that lists them.

#include "storage/audit_chain.h"
#include "storage/store.h"

#include <SQLiteCpp/Database.h>
#include <cstdint>
#include <string>
#include <vector>

namespace vs::storage {

/// Checks the whole chain against the content of every entry and the recorded head (may be
/// empty), and that the append-only triggers are in place.
AuditCheck verify_audit_chain(SQLite::Database& db, const std::string& recorded_head);

/// Redacts the personal values of audit entries inside the caller's write transaction: lifts
/// the append-only triggers when made and puts them back, as they were, in finish() (a rollback
/// puts them back too).
class AuditRedactor {
  public:
    explicit AuditRedactor(SQLite::Database& db);
    AuditRedactor(const AuditRedactor&) = delete;
    AuditRedactor& operator=(const AuditRedactor&) = delete;

    /// Redacts the entries of one visit; returns the record for the visit's purge entry's
    /// new_value, {"redacted":[{"id":…,"hash":…},…]}, or "" when it has no entries.
    std::string redact(std::int64_t visit_id);
    /// Redacts the entries of one assignment written since its last purge entry (an
    /// assignment's entries may go on after a purge); returns the record for the assignment's
    /// new purge entry, or "" when there is nothing to redact.
    std::string redact_assignment(const std::string& uuid);
    /// Puts the triggers back; call before committing.
    void finish();
    /// Entries redacted so far.
    std::size_t entries() const { return m_entries; }

  private:
    /// Writes the redacted entries over the stored ones; their purge record.
    std::string blank(const std::vector<AuditEntry>& entries);

    SQLite::Database& m_db;
    std::vector<std::string> m_triggers; ///< their CREATE statements
    std::size_t m_entries = 0;
};

} // namespace vs::storage
