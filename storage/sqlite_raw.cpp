// The SQLite backend's rows as they are (raw_tables.h): reading a whole file from one snapshot,
// writing a copy in one transaction, and a copy written beside its place and renamed there.
#include "forms/error.h"
#include "storage/raw_tables.h"
#include "storage/schema.h"
#include "storage/sqlite_common.h"
#include "storage/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>
#include <unistd.h>

namespace vs::storage {
namespace {

std::string column_list(const RawTable& table) {
    std::string out;
    for (const RawColumn& c : table.columns)
        out += (out.empty() ? "" : ", ") + std::string(c.name);
    return out;
}

RawValue value_of(const SQLite::Column& c, RawKind kind) {
    if (c.isNull())
        return std::monostate{};
    switch (kind) {
    case RawKind::Int:
    case RawKind::Bool:
        return static_cast<std::int64_t>(c.getInt64());
    case RawKind::Real:
        return c.getDouble();
    case RawKind::Text:
        return c.getString();
    case RawKind::Blob: {
        const auto* p = static_cast<const unsigned char*>(c.getBlob());
        return RawBytes(p, p + c.getBytes());
    }
    }
    return std::monostate{};
}

class SqliteRawReader final : public RawReader {
  public:
    explicit SqliteRawReader(const std::string& path)
        : m_path(path), m_db(checked(path), SQLite::OPEN_READONLY, 10000) {
        if (m_db.execAndGet("PRAGMA user_version").getInt() != kSchemaVersion)
            throw InputError(path, "",
                             "was written by another version of VisitScore; open it once with "
                             "this one (visitscore-cli --db FILE init) before copying it");
        m_tx = std::make_unique<SQLite::Transaction>(m_db); // one snapshot for every table
    }

    std::size_t count(const RawTable& table) override {
        return static_cast<std::size_t>(
            m_db.execAndGet(std::string("SELECT count(*) FROM ") + table.name).getInt64());
    }

    void rows(const RawTable& table, const std::function<void(const RawRow&)>& row) override {
        SQLite::Statement st(m_db, "SELECT " + column_list(table) + " FROM " + table.name +
                                       (table.stored_order ? "" : " ORDER BY 1"));
        RawRow values(table.columns.size());
        while (st.executeStep()) {
            for (std::size_t i = 0; i < table.columns.size(); ++i)
                values[i] = value_of(st.getColumn(static_cast<int>(i)), table.columns[i].kind);
            row(values);
        }
    }

  private:
    /// `path` once it is known to be a VisitScore database (InputError otherwise).
    static std::string checked(const std::string& path) {
        open_sqlite(path, OpenMode::ReadOnly);
        return path;
    }
    std::string m_path;
    SQLite::Database m_db;
    std::unique_ptr<SQLite::Transaction> m_tx;
};

class SqliteRawWriter final : public RawWriter {
  public:
    explicit SqliteRawWriter(const std::string& path)
        : m_path(path), m_db(created(path), SQLite::OPEN_READWRITE, 10000) {
        m_db.exec("PRAGMA foreign_keys = ON");
        m_tx = std::make_unique<SQLite::Transaction>(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    }

    std::string first_nonempty_table() override {
        for (const RawTable& table : raw_tables())
            if (!table.merged &&
                m_db.execAndGet(std::string("SELECT EXISTS (SELECT 1 FROM ") + table.name + ")")
                        .getInt() != 0)
                return table.name;
        return "";
    }

    void begin_table(const RawTable& table) override {
        std::string marks;
        for (std::size_t i = 0; i < table.columns.size(); ++i)
            marks += i ? ", ?" : "?";
        m_insert.emplace(m_db, std::string(table.merged ? "INSERT OR REPLACE" : "INSERT") +
                                   " INTO " + table.name + " (" + column_list(table) +
                                   ") VALUES (" + marks + ")");
    }

    void write(const RawRow& row) override {
        SQLite::Statement& st = *m_insert;
        for (std::size_t i = 0; i < row.size(); ++i) {
            const int n = static_cast<int>(i + 1);
            const RawValue& v = row[i];
            if (std::holds_alternative<std::monostate>(v))
                st.bind(n);
            else if (const auto* x = std::get_if<std::int64_t>(&v))
                st.bind(n, *x);
            else if (const auto* d = std::get_if<double>(&v))
                st.bind(n, *d);
            else if (const auto* s = std::get_if<std::string>(&v))
                st.bind(n, *s);
            else {
                // A zero-length blob needs a pointer that is not null, or SQLite binds NULL.
                static const unsigned char none = 0;
                const RawBytes& b = std::get<RawBytes>(v);
                st.bind(n, b.empty() ? &none : b.data(), static_cast<int>(b.size()));
            }
        }
        st.exec();
        st.reset();
    }

    void end_table() override { m_insert.reset(); }

    void commit() override {
        // The copied visits were inserted as rows: what counts them per client and day does
        // it once here (sqlite_common.h).
        recount_client_day_visits(m_db);
        m_tx->commit();
    }

  private:
    /// `path`, created and migrated to this version's schema when it is not yet.
    static std::string created(const std::string& path) {
        open_sqlite(path, OpenMode::CreateOnDisk);
        return path;
    }
    std::string m_path;
    SQLite::Database m_db;
    std::unique_ptr<SQLite::Transaction> m_tx;
    std::optional<SQLite::Statement> m_insert;
};

std::filesystem::path follow_symlinks(std::filesystem::path path) {
    for (int i = 0; i < 40 && std::filesystem::is_symlink(path); ++i) {
        std::filesystem::path to = std::filesystem::read_symlink(path);
        path = to.is_absolute() ? to : path.parent_path() / to;
    }
    return path;
}

} // namespace

std::unique_ptr<RawReader> sqlite_raw_reader(const std::string& path) {
    try {
        return std::make_unique<SqliteRawReader>(path);
    } catch (const SQLite::Exception& e) {
        throw StorageError(path + ": cannot read the database: " + e.what());
    }
}

std::unique_ptr<RawWriter> sqlite_raw_writer(const std::string& path) {
    try {
        return std::make_unique<SqliteRawWriter>(path);
    } catch (const SQLite::Exception& e) {
        throw StorageError(path + ": cannot write the database: " + e.what());
    }
}

RawCopyCounts write_sqlite_copy(RawReader& from, const std::string& path, Progress* progress) {
    namespace fs = std::filesystem;
    if (path.empty())
        throw InputError(path, "", "name the file to write");
    const fs::path target = follow_symlinks(path);
    if (fs::is_directory(target))
        throw InputError(path, "", "is a folder; name a file");
    if (!target.parent_path().empty() && !fs::is_directory(target.parent_path()))
        throw InputError(path, "",
                         "its folder " + target.parent_path().string() + " does not exist");
    // An owner-only file beside the target (mkstemp makes it 0600 whatever the umask), renamed
    // over the target once complete: a failure never leaves half a file.
    std::string tmp = (target.parent_path().empty() ? fs::path(".") : target.parent_path()) /
                      ("." + target.filename().string() + ".part-XXXXXX");
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        throw StorageError(path + ": cannot create the file: " + std::strerror(errno));
    ::close(fd);
    std::error_code ec;
    try {
        RawCopyCounts counts;
        {
            auto writer = sqlite_raw_writer(tmp);
            counts = copy_rows(from, *writer, progress);
            writer->commit();
        } // closed: the write-ahead log is back in the file
        fs::rename(tmp, target);
        return counts;
    } catch (...) {
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            fs::remove(tmp + suffix, ec);
        throw;
    }
}

} // namespace vs::storage
