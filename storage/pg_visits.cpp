// The PostgreSQL backend's VisitStore: the visit list, loading a visit, drafts, status changes and edits (row versions).
// Not implemented yet: remove with the last stub below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "storage/pg_store.h"

#include "storage/pg_common.h"

namespace vs::storage {

std::vector<std::int64_t> PgStore::visit_ids(const VisitListQuery& query) {
    throw StorageError("PostgreSQL: visit_ids is not implemented yet");
}

StoredVisit PgStore::load_visit(std::int64_t id) {
    throw StorageError("PostgreSQL: load_visit is not implemented yet");
}

std::optional<std::int64_t> PgStore::visit_id_of(const std::string& uuid) {
    throw StorageError("PostgreSQL: visit_id_of is not implemented yet");
}

std::int64_t PgStore::create_draft(const forms::Visit& header) {
    throw StorageError("PostgreSQL: create_draft is not implemented yet");
}

void PgStore::save_draft(std::int64_t id, const forms::Visit& visit) {
    throw StorageError("PostgreSQL: save_draft is not implemented yet");
}

void PgStore::record_status(std::int64_t id, forms::Status from, forms::Status to,
                       const std::string& who, const std::string& note,
                       const std::string& reason) {
    throw StorageError("PostgreSQL: record_status is not implemented yet");
}

void PgStore::apply_edit(std::int64_t id, const forms::Visit& visit, const std::string& updated_at,
                    const std::vector<AuditChange>& entries) {
    throw StorageError("PostgreSQL: apply_edit is not implemented yet");
}

std::vector<VisitListRow> PgStore::read_visit_rows(const std::vector<std::int64_t>& ids) {
    throw StorageError("PostgreSQL: read_visit_rows is not implemented yet");
}

} // namespace vs::storage
