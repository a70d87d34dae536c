#include "storage/copy.h"

#include "forms/error.h"
#include "storage/raw_tables.h"
#include "storage/store.h"

#include <SQLiteCpp/Exception.h>
#include <filesystem>

namespace vs::storage {

std::size_t CopyReport::rows(const std::string& table) const {
    for (const auto& [name, n] : tables)
        if (name == table)
            return n;
    return 0;
}

namespace {

std::unique_ptr<RawReader> reader_of(const std::string& location) {
    return is_server_location(location) ? pg_raw_reader(location) : sqlite_raw_reader(location);
}

/// Whether two SQLite paths name one file.
bool same_file(const std::string& a, const std::string& b) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec))
        return fs::equivalent(a, b, ec);
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

CopyReport copy_into(RawReader& from, const std::string& to, Progress* progress) {
    std::unique_ptr<RawWriter> writer;
    if (is_server_location(to)) {
        writer = pg_raw_writer(to);
    } else {
        std::error_code ec;
        if (!std::filesystem::exists(to, ec))
            // A new file, made beside its place and renamed there once complete.
            return CopyReport{write_sqlite_copy(from, to, progress)};
        writer = sqlite_raw_writer(to);
    }
    const std::string used = writer->first_nonempty_table();
    if (!used.empty())
        throw InputError(to, "",
                         "already holds data (its " + used +
                             " table has rows): copy into an empty database only; nothing was "
                             "written");
    CopyReport report{copy_rows(from, *writer, progress)};
    writer->commit();
    return report;
}

} // namespace

CopyReport copy_database(const std::string& from, const std::string& to, Progress* progress) {
    if (from == to || (!is_server_location(from) && !is_server_location(to) && same_file(from, to)))
        throw InputError(to, "", "is the database to copy from; name another target");
    try {
        auto reader = reader_of(from);
        return copy_into(*reader, to, progress);
    } catch (const SQLite::Exception& e) {
        throw StorageError("copying " + from + " to " + to + ": " + e.what());
    }
}

} // namespace vs::storage
