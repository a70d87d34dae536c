// The PostgreSQL backend's AuditStore: the audit log and its hash chain.
// Not implemented yet: remove with the last stub below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "storage/pg_store.h"

#include "storage/pg_common.h"

namespace vs::storage {

std::vector<AuditEntry> PgStore::audit_log(std::int64_t visit_id) {
    throw StorageError("PostgreSQL: audit_log is not implemented yet");
}

std::vector<AuditRow> PgStore::audit_entries(const AuditQuery& query) {
    throw StorageError("PostgreSQL: audit_entries is not implemented yet");
}

std::string PgStore::submitter(std::int64_t visit_id) {
    throw StorageError("PostgreSQL: submitter is not implemented yet");
}

AuditCheck PgStore::verify_audit(const std::string& recorded_head) {
    throw StorageError("PostgreSQL: verify_audit is not implemented yet");
}

} // namespace vs::storage
