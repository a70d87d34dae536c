#pragma once
// Internal to storage: every stored row as it is, for moving a whole database between backends
// (copy.h) and for a server database's backup (a SQLite file). The role interfaces (store.h)
// speak in visits and scorecards and compute what they return; a copy needs the rows
// themselves — ids, hashes of the audit chain, updated_at, stored scores — so that the copy
// verifies and reports exactly as the original. Each backend reads and writes these tables
// (sqlite_raw.cpp, pg_copy.cpp); the table list below is what both schemas hold.

#include "forms/progress.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace vs::storage {

class PgStore;

/// How a column's values are kept (both schemas agree on these; a boolean is 0/1 in SQLite).
enum class RawKind { Int, Real, Text, Bool, Blob };

struct RawColumn {
    const char* name;
    RawKind kind;
};

/// A table that a copy moves, its columns, and whether its rows have an `id` the server numbers
/// (an identity column whose sequence must follow the copied ids).
struct RawTable {
    const char* name;
    std::vector<RawColumn> columns;
    bool identity = false;
    /// Settings: merged into what the target holds (the source's value wins), not counted when
    /// the copy checks that its target is empty.
    bool merged = false;
    /// Read in the order the rows are stored in, not sorted by the first column: the score
    /// arrays, the widest table, which both backends keep in client order (a sort of them on a
    /// server spilled the table to disk).
    bool stored_order = false;
};

/// Every table of a VisitScore database, parents before the rows that refer to them.
const std::vector<RawTable>& raw_tables();

/// One stored value: NULL, an integer (booleans as 0/1), a real, text or bytes.
using RawBytes = std::vector<unsigned char>;
using RawValue = std::variant<std::monostate, std::int64_t, double, std::string, RawBytes>;
using RawRow = std::vector<RawValue>; ///< in the order of RawTable::columns

/// Reads every row of a database from one snapshot (a read transaction held until destroyed).
class RawReader {
  public:
    virtual ~RawReader() = default;
    /// How many rows `table` holds.
    virtual std::size_t count(const RawTable& table) = 0;
    /// Every row of `table`, in the order of its first column.
    virtual void rows(const RawTable& table, const std::function<void(const RawRow&)>& row) = 0;
};

/// Writes rows into a database in one transaction: nothing is stored unless commit() is
/// called, and everything is when it returns.
class RawWriter {
  public:
    virtual ~RawWriter() = default;
    /// The first table (RawTable::merged left aside) that holds rows; "" when there is none.
    virtual std::string first_nonempty_table() = 0;
    /// Starts the rows of `table`; write() them, then end_table().
    virtual void begin_table(const RawTable& table) = 0;
    virtual void write(const RawRow& row) = 0;
    virtual void end_table() = 0;
    /// Stores everything written (and brings id sequences past the highest id copied).
    virtual void commit() = 0;
};

/// A reader of the SQLite database `path` (a VisitScore database of this version's schema;
/// InputError otherwise).
std::unique_ptr<RawReader> sqlite_raw_reader(const std::string& path);
/// A writer into the SQLite database `path`, created and migrated when missing. It holds the
/// file's write lock from here to commit or destruction.
std::unique_ptr<RawWriter> sqlite_raw_writer(const std::string& path);

/// A reader of the server database `uri` on a connection of its own.
std::unique_ptr<RawReader> pg_raw_reader(const std::string& uri);
/// A reader on the connection of an open PostgreSQL store (its backup).
std::unique_ptr<RawReader> pg_raw_reader(PgStore& store);
/// A writer into the server database `uri` (migrated to the current schema), on a connection
/// of its own; it locks the copied tables against other writers until commit or destruction.
std::unique_ptr<RawWriter> pg_raw_writer(const std::string& uri);

/// Rows copied per table, in copy order.
using RawCopyCounts = std::vector<std::pair<std::string, std::size_t>>;

/// Copies every table of `from` into `to` (without committing): one progress phase per table
/// that holds rows; Cancelled when the progress says so.
RawCopyCounts copy_rows(RawReader& from, RawWriter& to, Progress* progress = nullptr);

/// Writes a SQLite copy of everything `from` reads at `path`: an owner-only file made beside
/// `path` (after following symlinks) and renamed over it, so that a failure never leaves half
/// a file. InputError when `path` is a folder or its folder does not exist.
RawCopyCounts write_sqlite_copy(RawReader& from, const std::string& path,
                                Progress* progress = nullptr);

} // namespace vs::storage
