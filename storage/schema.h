#pragma once
// The SQLite schema: its version and the migrations that bring an older database up to it.

#include <SQLiteCpp/Database.h>

namespace vs::storage {

/// The schema version this build writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 6;

/// Brings the database to kSchemaVersion in one transaction per step; refuses a newer one
/// with StorageError and leaves it untouched.
void migrate(SQLite::Database& db);

} // namespace vs::storage
