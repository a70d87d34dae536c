#pragma once
// The audit log's hash chain, the same for every backend (a chain written by one must verify in
// another): what an entry's hash covers, the hash, where a chain starts, and which fields a
// purge keeps. How entries are stored and read is the backend's (SQLite: sqlite_purge.h).

#include "storage/audit_store.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vs::storage {

/// The prev_hash of the first entry, and the head of an empty chain: 64 zeros.
inline const std::string kAuditChainStart(64, '0');

/// Hex SHA-256 of `text` (OpenSSL).
std::string audit_sha256_hex(const std::string& text);
/// Lower-case hex SHA-256 of `size` bytes (OpenSSL): an attachment's sha256.
std::string sha256_hex(const void* data, std::size_t size);

/// What an entry's hash covers: at, who, visit_id, action, field, old_value, new_value, reason
/// and prev_hash, joined with U+001F, then the assignment_uuid when the entry has one (entries
/// written before assignments had entries keep their hashes).
std::string audit_content(const AuditEntry& entry);

/// The hash an entry carries: audit_sha256_hex(audit_content(entry)).
std::string audit_hash(const AuditEntry& entry);

/// Fields whose values name no one (status, visit time, branch): a purge keeps them.
bool impersonal_audit_field(const std::string& field);

/// `entry` as a purge leaves it: who and reason blank, and the old and new values too unless
/// its field names no one. Its hash stays as written; the purge entry records the new one.
AuditEntry audit_redacted(AuditEntry entry);

/// What a visit's (or an assignment's) purge entry records in its new_value about the entries
/// it redacted (given redacted, oldest first): {"redacted":[{"hash":…,"id":…},…]}; "" when there
/// were none.
std::string audit_redaction_record(const std::vector<AuditEntry>& redacted);

/// Recomputes a chain entry by entry in id order, as every backend's verify_audit does: each
/// entry follows the one before it and matches its own hash, or the hash of its redacted
/// content that a later purge entry of the same visit (or assignment) records; a recorded head
/// must be met.
/// The backend reads the entries and adds its own checks (the append-only triggers).
class AuditChainCheck {
  public:
    /// `recorded_head`: a head printed by an earlier check, or "".
    explicit AuditChainCheck(std::string recorded_head);
    /// A purge entry's id, visit (0 for an assignment's), new_value and assignment ("" for a
    /// visit's); every one before the first add(). It redacts only entries of its own visit or
    /// assignment.
    void purge_record(std::int64_t purge_id, std::int64_t visit_id, const std::string& record,
                      const std::string& assignment_uuid = "");
    /// The next entry in id order; false once the chain is broken (add no more).
    bool add(const AuditEntry& entry);
    /// The outcome: entries checked, head, the first broken entry and why, or that the
    /// recorded head was not met.
    AuditCheck result() const;

  private:
    struct Redaction {
        std::int64_t by = 0; ///< the purge entry
        std::int64_t visit_id = 0;
        std::string assignment_uuid;
        std::string hash;
    };
    std::string m_recorded_head;
    std::map<std::int64_t, Redaction> m_redactions; ///< by redacted entry id
    AuditCheck m_check;
    bool m_recorded_seen = false;
};

} // namespace vs::storage
