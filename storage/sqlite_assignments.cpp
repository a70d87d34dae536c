// AssignmentStore of the Sqlite backend.

#include "storage/sqlite_store.h"

namespace vs::storage {

void SqliteStore::put_assignments(const std::vector<Assignment>&, const std::string&) {
    throw StorageError("assignments are not stored yet");
}

std::vector<Assignment> SqliteStore::assignments(const AssignmentFilter&) {
    return {};
}

std::optional<Assignment> SqliteStore::assignment(const std::string&) {
    return std::nullopt;
}

void SqliteStore::set_assignment_status(const std::string&, const std::string&, const std::string&,
                                        const std::string&) {
    throw StorageError("assignments are not stored yet");
}

void SqliteStore::mark_assignment_visited(const std::string&, const std::string&) {
    throw StorageError("assignments are not stored yet");
}

std::vector<std::pair<std::string, std::string>>
SqliteStore::shopper_exclusions(const std::string&) {
    return {};
}

void SqliteStore::set_shopper_exclusion(const std::string&, const std::string&, const std::string&,
                                        bool, const std::string&) {
    throw StorageError("shopper exclusions are not stored yet");
}

void SqliteStore::set_shopper_region(const std::string&, const std::string&, const std::string&) {
    throw StorageError("shopper regions are not stored yet");
}

} // namespace vs::storage
