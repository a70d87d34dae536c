// The PostgreSQL backend's OrganisationStore: clients, regions, branches, employees, shoppers.
// Not implemented yet: remove with the last stub below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "storage/pg_store.h"

#include "storage/pg_common.h"

namespace vs::storage {

std::vector<OrgEntity> PgStore::org_list(OrgKind kind, const std::optional<std::int64_t>& client_id,
                                    bool include_inactive, bool count_visits) {
    throw StorageError("PostgreSQL: org_list is not implemented yet");
}

std::int64_t PgStore::org_save(const OrgEntity& entity) {
    throw StorageError("PostgreSQL: org_save is not implemented yet");
}

void PgStore::org_set_active(OrgKind kind, std::int64_t id, bool active) {
    throw StorageError("PostgreSQL: org_set_active is not implemented yet");
}

std::size_t PgStore::org_import(OrgKind kind, const std::vector<OrgImportRow>& rows) {
    throw StorageError("PostgreSQL: org_import is not implemented yet");
}

} // namespace vs::storage
