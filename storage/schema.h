#pragma once
// The SQLite schema: its version and the migrations that bring an older database up to it.

#include <SQLiteCpp/Database.h>

namespace vs::storage {

/// The schema version this build writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 13;

/// Brings the database to `up_to` (kSchemaVersion but in the tests of a migration) in one
/// transaction per step; refuses a newer one than kSchemaVersion with StorageError and leaves
/// it untouched.
void migrate(SQLite::Database& db, int up_to = kSchemaVersion);

} // namespace vs::storage
