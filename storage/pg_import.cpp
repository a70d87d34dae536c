// The PostgreSQL backend's VisitStore: importing visits all or nothing, streamed to the server through COPY.
// Not implemented yet: remove with the last stub below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "storage/pg_store.h"

#include "storage/pg_common.h"

namespace vs::storage {

ImportReport PgStore::import_visits(const std::vector<forms::Visit>& visits, const std::string& file,
                               Progress* progress) {
    throw StorageError("PostgreSQL: import_visits is not implemented yet");
}

ImportReport PgStore::import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                     const std::string& file,
                                     Progress* progress) {
    throw StorageError("PostgreSQL: import_visit_stream is not implemented yet");
}

} // namespace vs::storage
