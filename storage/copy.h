#pragma once
// Moving a whole database between backends: a desk's SQLite file onto a team's PostgreSQL
// server, a server database back into a file, or file to file and server to server. Every row
// is copied as it is stored (raw_tables.h) — ids, scores, answers, review notes, row versions,
// attachments, the organisation with its inactive entries, trainings, settings with the
// pseudonym key, and the audit chain entry by entry with its hashes — so that every report of
// the copy equals the original's and its audit chain verifies.

#include "forms/progress.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

/// What copy_database copied.
struct CopyReport {
    /// Rows per table, in the order they were copied.
    std::vector<std::pair<std::string, std::size_t>> tables;
    /// The rows of one table (0 when not copied).
    std::size_t rows(const std::string& table) const;
};

/// Copies the whole database at `from` into the database at `to`; each is a SQLite file or a
/// PostgreSQL server database (store.h's is_server_location). The target must hold no data
/// (settings aside, which the source's replace): a missing SQLite file is created (owner-only,
/// renamed into place once complete), a server database must exist (createdb) and is given
/// VisitScore's schema. All or nothing: InputError when `to` holds data or is `from`, and on
/// any failure nothing is written. The source is only read, from one snapshot.
CopyReport copy_database(const std::string& from, const std::string& to,
                         Progress* progress = nullptr);

} // namespace vs::storage
