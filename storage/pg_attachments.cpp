// The PostgreSQL backend's AttachmentStore: photos and receipts.
// Not implemented yet: remove with the last stub below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "storage/pg_store.h"

#include "storage/pg_common.h"

namespace vs::storage {

std::int64_t PgStore::add_attachment(std::int64_t visit_id, const std::string& question,
                                const std::string& name, const std::string& mime,
                                const std::vector<unsigned char>& data,
                                const std::vector<unsigned char>& thumbnail) {
    throw StorageError("PostgreSQL: add_attachment is not implemented yet");
}

std::vector<AttachmentInfo> PgStore::attachments(std::int64_t visit_id) {
    throw StorageError("PostgreSQL: attachments is not implemented yet");
}

std::vector<unsigned char> PgStore::attachment_data(std::int64_t attachment_id) {
    throw StorageError("PostgreSQL: attachment_data is not implemented yet");
}

void PgStore::remove_attachment(std::int64_t attachment_id) {
    throw StorageError("PostgreSQL: remove_attachment is not implemented yet");
}

} // namespace vs::storage
