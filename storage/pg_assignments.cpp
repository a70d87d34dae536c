// AssignmentStore of the Pg backend.

#include "storage/pg_store.h"

namespace vs::storage {

void PgStore::put_assignments(const std::vector<Assignment>&, const std::string&) {
    throw StorageError("assignments are not stored yet");
}

std::vector<Assignment> PgStore::assignments(const AssignmentFilter&) {
    return {};
}

std::optional<Assignment> PgStore::assignment(const std::string&) {
    return std::nullopt;
}

void PgStore::set_assignment_status(const std::string&, const std::string&, const std::string&,
                                    const std::string&) {
    throw StorageError("assignments are not stored yet");
}

void PgStore::mark_assignment_visited(const std::string&, const std::string&) {
    throw StorageError("assignments are not stored yet");
}

std::vector<std::pair<std::string, std::string>> PgStore::shopper_exclusions(const std::string&) {
    return {};
}

void PgStore::set_shopper_exclusion(const std::string&, const std::string&, const std::string&,
                                    bool, const std::string&) {
    throw StorageError("shopper exclusions are not stored yet");
}

void PgStore::set_shopper_region(const std::string&, const std::string&, const std::string&) {
    throw StorageError("shopper regions are not stored yet");
}

} // namespace vs::storage
