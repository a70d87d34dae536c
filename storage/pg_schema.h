#pragma once
// The PostgreSQL schema: its version and the migrations that bring an older server database up
// to it (the SQLite schema's counterpart, schema.h).

#include <pqxx/pqxx>

namespace vs::storage {

/// The schema version this build writes (visitscore_meta's schema_version row).
inline constexpr int kPgSchemaVersion = 13;

/// The schema version of the database `conn` is connected to; 0 when it holds no VisitScore
/// schema.
int pg_schema_version(pqxx::connection& conn);

/// Brings the database to `up_to` (kPgSchemaVersion but in the tests of a migration), one
/// transaction per step under an advisory lock (two first connections do not both migrate);
/// refuses a newer one than kPgSchemaVersion with StorageError and leaves it untouched.
void pg_migrate(pqxx::connection& conn, int up_to = kPgSchemaVersion);

} // namespace vs::storage
