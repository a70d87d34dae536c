// The PostgreSQL backend's MaintenanceStore: backup, purge, rescore batches.
// Not implemented yet: remove with the last stub below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "storage/pg_store.h"

#include "storage/pg_common.h"

namespace vs::storage {

// backup: pg_copy.cpp (a SQLite file of every row, through the copy between backends).

PurgeReport PgStore::purge_personal_data(int before_day, const std::string& who) {
    throw StorageError("PostgreSQL: purge_personal_data is not implemented yet");
}

std::vector<std::int64_t> PgStore::visits_scored_before(int rules) {
    throw StorageError("PostgreSQL: visits_scored_before is not implemented yet");
}

StoredScores PgStore::stored_scores(std::int64_t id) {
    throw StorageError("PostgreSQL: stored_scores is not implemented yet");
}

std::unique_ptr<ScoreBatch> PgStore::rescore_batch() {
    throw StorageError("PostgreSQL: rescore_batch is not implemented yet");
}

} // namespace vs::storage
