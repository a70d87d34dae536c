#pragma once
// The audit log's hash chain, the same for every backend (a chain written by one must verify in
// another): what an entry's hash covers, the hash, where a chain starts, and which fields a
// purge keeps. How entries are stored and read is the backend's (SQLite: sqlite_purge.h).

#include "storage/audit_store.h"

#include <string>

namespace vs::storage {

/// The prev_hash of the first entry, and the head of an empty chain: 64 zeros.
inline const std::string kAuditChainStart(64, '0');

/// Hex SHA-256 of `text` (OpenSSL).
std::string audit_sha256_hex(const std::string& text);

/// What an entry's hash covers: at, who, visit_id, action, field, old_value, new_value, reason
/// and prev_hash, joined with U+001F.
std::string audit_content(const AuditEntry& entry);

/// The hash an entry carries: audit_sha256_hex(audit_content(entry)).
std::string audit_hash(const AuditEntry& entry);

/// Fields whose values name no one (status, visit time, branch): a purge keeps them.
bool impersonal_audit_field(const std::string& field);

} // namespace vs::storage
