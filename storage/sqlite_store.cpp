#include "storage/sqlite_store.h"

#include "forms/dates.h"
#include "forms/error.h"
#include "forms/text.h"
#include "storage/assignment_checks.h"
#include "storage/prepare.h"
#include "storage/record_checks.h"
#include "storage/schema.h"
#include "storage/sqlite_common.h"
#include "storage/sqlite_purge.h"
#include "storage/visit_row.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <set>
#include <sqlite3.h>
#include <sys/stat.h>
#include <thread>
#include <tuple>
#include <unistd.h>

namespace vs::storage {
namespace {

using forms::Visit;

std::string fmt_percent(unsigned char c) {
    static const char hex[] = "0123456789ABCDEF";
    return {'%', hex[c >> 4], hex[c & 15]};
}

/// Paths that SQLite keeps in memory or in a temporary file rather than at that name.
bool transient_path(const std::string& path) {
    return path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0;
}

/// Creates the missing folders above `dir`, each readable by its owner only.
void create_private_folders(const std::filesystem::path& dir) {
    if (dir.empty() || std::filesystem::exists(dir))
        return;
    create_private_folders(dir.parent_path());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw StorageError(dir.string() + ": cannot create the folder: " + std::strerror(errno));
}

/// Makes `path` (following symlinks) an owner-only file when it does not exist yet or is empty,
/// whatever the umask, so that SQLite gives its -wal, -shm and -journal files the same mode.
/// A database that already holds data keeps the mode its owner gave it.
void create_private_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (!S_ISREG(st.st_mode) || st.st_size > 0))
        return; // a folder or a database: SQLite says what it is
    std::error_code ec;
    std::filesystem::path target =
        std::filesystem::is_symlink(path, ec)
            ? std::filesystem::path(path).parent_path() / std::filesystem::read_symlink(path, ec)
            : std::filesystem::path(path);
    create_private_folders(target.parent_path());
    int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        throw StorageError(path + ": cannot create the database file: " + std::strerror(errno));
    struct stat created {};
    if (::fstat(fd, &created) == 0 && created.st_size == 0 && (created.st_mode & 0777) != 0600 &&
        ::fchmod(fd, 0600) != 0) {
        const int err = errno;
        ::close(fd);
        throw StorageError(path + ": cannot make the database file private: " + std::strerror(err));
    }
    ::close(fd);
}

/// Sets the connection options of a database opened for writing.
void configure_writable(SQLite::Database& db) {
    // Refuse a newer database before anything (even the journal mode) writes to it.
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > kSchemaVersion)
        migrate(db); // throws with the explanation
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA cache_size = -32768"); // 32 MiB: random uuid inserts stay in memory
}

/// Whether `path` names a VisitScore database in a readable file; InputError naming what is
/// there otherwise. Creates nothing.
void require_database_file(const std::string& path) {
    if (transient_path(path))
        throw InputError(
            "", "",
            (path.empty() ? std::string("an empty database name") : "\"" + path + "\"") +
                " names no database file: name the database's file");
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found)
        throw InputError(path, "", "there is no database here (nothing was created)");
    if (status.type() == std::filesystem::file_type::directory)
        throw InputError(path, "", "is a folder, not a database file");
    if (ec || status.type() != std::filesystem::file_type::regular)
        throw InputError(path, "", "is not a database file");
    if (::access(path.c_str(), R_OK) != 0)
        throw InputError(path, "",
                         std::string("cannot read the database: ") + std::strerror(errno));
}

/// user_version of an open database, refusing a file that is not a VisitScore database.
int checked_version(SQLite::Database& db, const std::string& path) {
    int version = 0;
    try {
        version = db.execAndGet("PRAGMA user_version").getInt();
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_NOTADB)
            throw InputError(path, "", "is not a VisitScore database");
        throw;
    }
    if (version == 0)
        throw InputError(path, "", "is not a VisitScore database (it holds no VisitScore tables)");
    return version;
}

/// A URI for `path` (made absolute) with percent-escapes where RFC 3986 needs them.
std::string file_uri(const std::string& path, const char* query) {
    const std::string abs = std::filesystem::absolute(path).string();
    std::string uri = "file:";
    for (unsigned char c : abs) {
        if (std::isalnum(c) || std::strchr("/-._~", c))
            uri += static_cast<char>(c);
        else
            uri += fmt_percent(c);
    }
    return uri + "?" + query;
}

} // namespace

/// A private copy of a database and its WAL in a folder of its own (0700), for reading a
/// database whose folder may not be written while a WAL is left beside it: SQLite needs the
/// -shm index to read a WAL, and cannot make one there. Removed when the store closes.
class PrivateCopy {
  public:
    explicit PrivateCopy(const std::string& path) {
        char tmpl[] = "/tmp/visitscore-read-XXXXXX";
        if (!::mkdtemp(tmpl))
            throw StorageError(path +
                               ": cannot make a private copy to read: " + std::strerror(errno));
        m_dir = tmpl;
        try {
            for (const char* suffix : {"", "-wal"}) {
                std::error_code ec;
                if (*suffix && !std::filesystem::exists(path + suffix))
                    continue;
                std::filesystem::copy_file(path + suffix, (m_dir / "copy.db").string() + suffix);
                std::filesystem::permissions((m_dir / "copy.db").string() + suffix,
                                             std::filesystem::perms::owner_read |
                                                 std::filesystem::perms::owner_write);
            }
        } catch (const std::filesystem::filesystem_error& e) {
            std::error_code ec;
            std::filesystem::remove_all(m_dir, ec);
            throw StorageError(path +
                               ": cannot copy the database to read it: " + e.code().message());
        }
    }
    ~PrivateCopy() {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    std::string path() const { return (m_dir / "copy.db").string(); }

  private:
    std::filesystem::path m_dir;
};

namespace {

/// Opens `path` for reading only (see OpenMode::ReadOnly).
SQLite::Database open_read_only(const std::string& path, std::unique_ptr<PrivateCopy>& copy) {
    require_database_file(path);
    const int kFlags = SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX;
    try {
        // With write access, a connection that may write but will not (query_only): closing the
        // last connection then tidies the WAL and its index away, which a read-only connection
        // cannot, and an older database is brought up to date as any open does.
        const std::string folder = std::filesystem::path(path).parent_path().string();
        if (::access(path.c_str(), W_OK) == 0 &&
            ::access(folder.empty() ? "." : folder.c_str(), W_OK) == 0) {
            SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX, 10000);
            if (checked_version(db, path) != kSchemaVersion)
                migrate(db); // or refuses a newer database, untouched
            db.exec("PRAGMA cache_size = -32768");
            db.exec("PRAGMA query_only = ON");
            return db;
        }
        try {
            SQLite::Database db(path, kFlags, 10000);
            int version = checked_version(db, path);
            // Reading the schema also reads the WAL index: this is where a WAL database in a
            // folder that may not be written fails.
            db.execAndGet("SELECT count(*) FROM sqlite_schema");
            if (version < kSchemaVersion)
                throw InputError(path, "",
                                 "was written by an older VisitScore: open it once "
                                 "with write access so that it is brought up to date");
            if (version > kSchemaVersion)
                migrate(db); // throws with the explanation
            return db;
        } catch (const SQLite::Exception& e) {
            const int code = e.getErrorCode() & 0xff;
            if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY && code != SQLITE_IOERR &&
                code != SQLITE_BUSY)
                throw;
        }
        // SQLite documents two ways to read a WAL database without write access: a file that
        // will not change (immutable=1, which skips the WAL and its index) when no WAL is left,
        // and otherwise a copy that SQLite may index.
        std::error_code ec;
        if (std::filesystem::file_size(path + "-wal", ec) == 0 || ec) {
            SQLite::Database db(file_uri(path, "immutable=1"), kFlags | SQLite::OPEN_URI, 10000);
            checked_version(db, path);
            return db;
        }
        copy = std::make_unique<PrivateCopy>(path);
        SQLite::Database db(copy->path(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX, 10000);
        checked_version(db, path);
        db.exec("PRAGMA query_only = ON");
        return db;
    } catch (const SQLite::Exception& e) {
        throw StorageError(path + ": cannot read the database: " + e.what());
    }
}

SQLite::Database open_database(const std::string& path, OpenMode mode,
                               std::unique_ptr<PrivateCopy>& copy) {
    if (mode == OpenMode::ReadOnly)
        return open_read_only(path, copy);
    if (mode == OpenMode::MustExist) {
        require_database_file(path);
    } else {
        if (mode == OpenMode::CreateOnDisk && transient_path(path))
            throw InputError(
                "", "",
                (path.empty() ? std::string("an empty database name") : "\"" + path + "\"") +
                    " names no file: that database lives in memory and "
                    "keeps nothing once the command ends; name a database "
                    "file");
        if (!transient_path(path) && std::filesystem::is_directory(path))
            throw InputError(path, "", "is a folder, not a database file");
        if (!transient_path(path))
            create_private_file(path);
    }
    try {
        // NOMUTEX: a Store is used by one thread at a time, so SQLite's per-call mutex (a fifth
        // of the instructions of reading a million visits) buys nothing.
        const int create = mode == OpenMode::MustExist ? 0 : SQLite::OPEN_CREATE;
        SQLite::Database db(path, SQLite::OPEN_READWRITE | create | SQLite::OPEN_NOMUTEX, 10000);
        if (mode == OpenMode::MustExist)
            checked_version(db, path);
        configure_writable(db);
        return db;
    } catch (const SQLite::Exception& e) {
        throw StorageError(path + ": cannot open the database: " + e.what());
    }
}

template <class T> std::vector<T> blob_array(const SQLite::Column& c) {
    std::vector<T> out(static_cast<std::size_t>(c.getBytes()) / sizeof(T));
    if (!out.empty())
        std::memcpy(out.data(), c.getBlob(), out.size() * sizeof(T));
    return out;
}

std::optional<double> opt_real(const SQLite::Column& c) {
    return c.isNull() ? std::optional<double>() : c.getDouble();
}

/// WAL frames after which a checkpoint is due: SQLite's own default for its automatic one.
constexpr int kCheckpointFrames = 1000;
/// WAL frames after which the committing connection checkpoints itself, as SQLite does by
/// default: writers that commit back to back never let the background checkpoint catch up, and
/// the WAL starts again from its beginning only when a write begins with every frame copied.
constexpr int kInlineCheckpointFrames = 4 * kCheckpointFrames;

} // namespace

/// Copies the WAL back into the database file on a thread of its own, through a connection of
/// its own, so that no save waits for it. SQLite's automatic checkpoint runs inside the commit
/// that crosses its threshold: an autosave then took up to 0.8 s at a million visits instead of
/// a millisecond. The thread's checkpoint blocks no one while it copies the bulk, and holds
/// writers off only while it copies what came meanwhile (see run()); one that cannot finish (a
/// reader is on old frames) is tried again at the next request, and closing the last connection
/// checkpoints what is left, as before. Bulk writes (an import's single commit, back-to-back
/// commits) pass kInlineCheckpointFrames and checkpoint inline as SQLite would.
/// For the app only (Checkpoints::Background): a batch tool that exits after one commit would
/// just wait for the thread, and many short-lived processes sharing one WAL would each do so.
class BackgroundCheckpointer {
  public:
    explicit BackgroundCheckpointer(std::string path) : m_path(std::move(path)) {}
    ~BackgroundCheckpointer() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_one();
        if (m_thread.joinable())
            m_thread.join();
    }

    /// SQLite's WAL hook (on the store's connection, after each commit): asks for a checkpoint
    /// once the WAL holds kCheckpointFrames frames. The thread starts at the first request.
    static int on_commit(void* self, sqlite3* db, const char*, int frames) {
        auto* checkpointer = static_cast<BackgroundCheckpointer*>(self);
        if (frames >= kInlineCheckpointFrames) {
            checkpointer
                ->wait_idle(); // else the checkpoint lock is taken and this one does nothing
            sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        } else if (frames >= kCheckpointFrames) {
            checkpointer->request();
        }
        return SQLITE_OK;
    }

  private:
    void wait_idle() {
        std::unique_lock lock(m_mutex);
        m_idle.wait(lock, [&] { return !m_running; });
    }

    void request() {
        {
            std::lock_guard lock(m_mutex);
            m_requested = true;
            if (!m_thread.joinable())
                m_thread = std::thread([this] { run(); });
        }
        m_wake.notify_one();
    }

    void run() {
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK ||
            // A connection knows the file is in WAL mode only once it has read from it.
            sqlite3_exec(db, "PRAGMA schema_version", nullptr, nullptr, nullptr) != SQLITE_OK) {
            sqlite3_close(db);
            return; // closing the store's connection checkpoints instead
        }
        sqlite3_busy_timeout(db, 1000); // RESTART waits this long at most for a reader
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [&] { return m_requested || m_stop; });
            if (m_stop)
                break;
            m_requested = false;
            m_running = true;
            lock.unlock();
            // The bulk without blocking anyone; then what was committed meanwhile, holding off
            // writers for that short copy only, so that the next write starts the WAL again
            // from its beginning (after a passive checkpoint alone, a write that comes before
            // the next one appends, and the WAL grows). Failure (SQLITE_BUSY: a reader that
            // stays on old frames, a concurrent TRUNCATE; I/O) leaves the frames for the next
            // request or the close.
            if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                          nullptr) == SQLITE_OK)
                sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
            lock.lock();
            m_running = false;
            m_idle.notify_all();
        }
        lock.unlock();
        sqlite3_close(db);
    }

    const std::string m_path;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    bool m_requested = false;
    bool m_running = false; ///< a checkpoint is under way on the thread
    bool m_stop = false;
    std::thread m_thread;
};

SqliteStore::SqliteStore(const std::string& path, Checkpoints checkpoints, OpenMode mode)
    : m_path(path), m_read_only(mode == OpenMode::ReadOnly),
      m_db(open_database(path, mode, m_copy)) {
    if (m_read_only)
        return; // never migrated, never checkpointed
    try {
        migrate(m_db);
    } catch (const SQLite::Exception& e) {
        throw StorageError(path + ": cannot migrate the database: " + e.what());
    }
    if (checkpoints == Checkpoints::Background &&
        m_db.execAndGet("PRAGMA journal_mode").getString() == "wal") {
        m_checkpointer = std::make_unique<BackgroundCheckpointer>(path);
        // Replaces SQLite's automatic checkpoint (itself a WAL hook) on this connection.
        sqlite3_wal_hook(m_db.getHandle(), &BackgroundCheckpointer::on_commit,
                         m_checkpointer.get());
    }
}

SqliteStore::~SqliteStore() {
    sqlite3_wal_hook(m_db.getHandle(), nullptr, nullptr);
}

void SqliteStore::load_templates() {
    if (m_templates_loaded)
        return;
    SQLite::Statement st(m_db, "SELECT id, code, version, source FROM templates");
    while (st.executeStep()) {
        std::string code = st.getColumn(1).getString();
        int version = st.getColumn(2).getInt();
        auto tpl = std::make_shared<const forms::Template>(
            forms::parse_template(st.getColumn(3).getString(),
                                  "stored template " + code + " v" + std::to_string(version)));
        m_templates[{code, version}] = TemplateRow{st.getColumn(0).getInt64(), std::move(tpl)};
    }
    m_templates_loaded = true;
}

const SqliteStore::TemplateRow* SqliteStore::template_row(const std::string& id, int version) {
    load_templates();
    auto it = m_templates.find({id, version});
    return it == m_templates.end() ? nullptr : &it->second;
}

const SqliteStore::TemplateRow* SqliteStore::template_by_pk(std::int64_t pk) {
    load_templates();
    for (const auto& [key, row] : m_templates)
        if (row.pk == pk)
            return &row;
    return nullptr;
}

bool SqliteStore::add_template(const forms::Template& tpl, const std::string& file) {
    return add_templates({{tpl, file}}).front();
}

std::vector<bool>
SqliteStore::add_templates(const std::vector<std::pair<forms::Template, std::string>>& templates) {
    // Check them all, against the stored versions and each other, before storing any.
    std::vector<bool> added(templates.size(), false);
    std::map<std::pair<std::string, int>, std::size_t> in_batch;
    for (std::size_t i = 0; i < templates.size(); ++i) {
        const auto& [tpl, file] = templates[i];
        const forms::Template* same = nullptr;
        if (const TemplateRow* row = template_row(tpl.id, tpl.version))
            same = row->tpl.get();
        else if (auto it = in_batch.find({tpl.id, tpl.version}); it != in_batch.end())
            same = &templates[it->second].first;
        if (!same) {
            in_batch[{tpl.id, tpl.version}] = i;
            added[i] = true;
            continue;
        }
        if (forms::template_to_json(*same) != forms::template_to_json(tpl))
            throw InputError(
                file, "version",
                "\"" + tpl.id + "\" version " + std::to_string(tpl.version) + " is already " +
                    (template_row(tpl.id, tpl.version)
                         ? "stored"
                         : "given in " + templates[in_batch.at({tpl.id, tpl.version})].second) +
                    " with different content; a stored version never changes: give "
                    "the edited scorecard the next version number");
    }
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement ins(m_db, "INSERT INTO templates (code, version, name, channel, target, "
                                "source) VALUES (?, ?, ?, ?, ?, ?)");
    std::vector<std::int64_t> pks(templates.size(), 0);
    for (std::size_t i = 0; i < templates.size(); ++i) {
        if (!added[i])
            continue;
        const forms::Template& tpl = templates[i].first;
        ins.reset();
        ins.bind(1, tpl.id);
        ins.bind(2, tpl.version);
        ins.bind(3, tpl.name);
        ins.bind(4, tpl.channel);
        ins.bind(5, tpl.target);
        ins.bind(6, tpl.source);
        ins.exec();
        pks[i] = m_db.getLastInsertRowid();
    }
    tx.commit();
    for (std::size_t i = 0; i < templates.size(); ++i)
        if (added[i])
            m_templates[{templates[i].first.id, templates[i].first.version}] =
                TemplateRow{pks[i], std::make_shared<const forms::Template>(templates[i].first)};
    return added;
}

std::vector<TemplateInfo> SqliteStore::templates() {
    std::vector<TemplateInfo> out;
    SQLite::Statement st(m_db, "SELECT t.code, t.version, t.name, t.channel, "
                               "(SELECT count(*) FROM visits v WHERE v.template_id = t.id) "
                               "FROM templates t ORDER BY t.code, t.version");
    while (st.executeStep())
        out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt(),
                       st.getColumn(2).getString(), st.getColumn(3).getString(),
                       st.getColumn(4).getInt64()});
    return out;
}

std::vector<std::pair<std::string, int>> SqliteStore::template_versions() {
    std::vector<std::pair<std::string, int>> out;
    SQLite::Statement st(m_db, "SELECT code, version FROM templates ORDER BY code, version");
    while (st.executeStep())
        out.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getInt());
    return out;
}

std::shared_ptr<const forms::Template> SqliteStore::find_template(const std::string& id,
                                                                  int version) {
    const TemplateRow* row = template_row(id, version);
    return row ? row->tpl : nullptr;
}

std::shared_ptr<const forms::Template> SqliteStore::latest_template(const std::string& id) {
    load_templates();
    std::shared_ptr<const forms::Template> best;
    for (const auto& [key, row] : m_templates)
        if (key.first == id)
            best = row.tpl; // the map is ordered by version
    return best;
}

namespace {

/// Writes the visits of one import inside its transaction: organisation rows, the visit row, its
/// scores and section attributions. Throws InputError on a conflict with stored visits.
class VisitWriter {
  public:
    VisitWriter(SQLite::Database& db, const std::string& file)
        : m_db(db), m_file(file), m_org(db),
          m_known(db, "SELECT source_hash FROM visits WHERE uuid = ?"),
          m_insert(db, "INSERT INTO visits (uuid, template_id, client_id, region_id, branch_id, "
                       "employee_id, shopper_id, visited_at, day, status, calibration, reference, "
                       "summary, answers, comments, raw, score, applicable, critical, "
                       "critical_failures, target, nps, source_hash, scoring_rules, "
                       "assignment_uuid, opened_at, first_answer_at, submitted_at) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?, ?, ?, ?)"),
          m_scores(scores_statement(db)),
          m_section(db, "INSERT INTO visit_section_employees (visit_id, section, employee_id) "
                        "VALUES (?, ?, ?)") {}

    /// Stores one visit; false when it is already stored with identical content.
    bool store(const ImportItem& item) {
        const Visit& v = item.visit;
        if (already_stored(item))
            return false;
        if (v.reference)
            claim_reference(item);
        std::int64_t client = m_org.client(v.client);
        std::int64_t region = v.region.empty() ? 0 : m_org.region(client, v.region);
        std::int64_t branch = m_org.branch(client, region, v.branch, v.branch_name);
        std::int64_t employee =
            v.employee.empty() ? 0 : m_org.employee(client, v.employee, v.employee_name, branch);
        // A customer survey response has no shopper (SCORING.md §10): its shopper_id is NULL.
        std::int64_t shopper =
            v.shopper.empty() ? 0 : m_org.shopper(client, v.shopper, v.shopper_name);
        m_insert.reset();
        m_insert.clearBindings();
        m_insert.bindNoCopy(1, v.uuid);
        bind_visit_columns(m_insert, 2, {item.tmpl.pk, client, region, branch, employee, shopper},
                           item.prepared, item.tmpl.tpl->target);
        m_insert.exec();
        std::int64_t visit_id = m_db.getLastInsertRowid();
        if (counted_per_day(v.status, v.calibration, *item.tmpl.tpl))
            ++m_days[{client, item.prepared.day}];
        write_visit_scores(m_scores, visit_id, client, item.prepared);
        for (const auto& [section, code] : v.section_employees) {
            if (code == v.employee)
                continue; // the primary's by default: only attributions that differ are stored
            m_section.reset();
            m_section.bind(1, static_cast<int64_t>(visit_id));
            m_section.bind(2, section);
            m_section.bind(3, static_cast<int64_t>(m_org.employee(client, code, "", 0)));
            m_section.exec();
        }
        return true;
    }

    /// Adds the stored visits to the clients' per-day counts (once, at the end of the import).
    void count_days() {
        for (const auto& [day, visits] : m_days)
            add_client_day_visits(m_db, day.first, day.second, visits);
        m_days.clear();
    }

  private:
    /// True when the uuid is stored with the same content; throws when with other content.
    bool already_stored(const ImportItem& item) {
        m_known.reset();
        m_known.bind(1, item.visit.uuid);
        if (!m_known.executeStep())
            return false;
        if (m_known.getColumn(0).getInt64() == item.prepared.source_hash)
            return true;
        throw InputError(m_file, "visits[" + std::to_string(item.index) + "].uuid",
                         "conflict: a different visit with uuid " + item.visit.uuid +
                             " is already stored; the file was not imported");
    }

    /// One reference visit per calibration exercise (SCORING.md §8). The stored references are
    /// read at the first reference visit, so that an import without any stays linear.
    void claim_reference(const ImportItem& item) {
        const Visit& v = item.visit;
        if (!m_references) {
            m_references.emplace();
            SQLite::Statement st(m_db, "SELECT calibration, uuid FROM visits WHERE reference = 1");
            while (st.executeStep())
                m_references->emplace(st.getColumn(0).getString(), st.getColumn(1).getString());
        }
        auto [it, fresh] = m_references->emplace(v.calibration, v.uuid);
        if (!fresh)
            throw InputError(
                m_file, "visits[" + std::to_string(item.index) + "] (" + v.uuid + ").reference",
                "calibration exercise \"" + v.calibration + "\" already has a reference visit (" +
                    it->second + "); an exercise has exactly one reference");
    }

    SQLite::Database& m_db;
    const std::string& m_file;
    OrgWriter m_org;
    SQLite::Statement m_known;
    SQLite::Statement m_insert;
    SQLite::Statement m_scores;
    SQLite::Statement m_section;
    std::optional<std::map<std::string, std::string>> m_references; ///< exercise -> uuid
    std::map<std::pair<std::int64_t, int>, std::int64_t> m_days;    ///< (client, day) -> visits
};

} // namespace

ImportReport SqliteStore::import_visits(const std::vector<Visit>& visits, const std::string& file,
                                        Progress* progress) {
    return import_visit_stream(
        [&visits](const forms::VisitSink& sink) {
            for (std::size_t i = 0; i < visits.size(); ++i)
                sink(Visit(visits[i]), i + 1);
        },
        visits.size(), file, progress);
}

ImportReport SqliteStore::import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                              const std::string& file, Progress* progress) {
    // One transaction: an error, a conflict or Cancelled rolls back everything.
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    ImportReport report = write_visit_stream(source, total, file, progress);
    tx.commit();
    if (progress)
        progress->finish();
    return report;
}

ImportReport SqliteStore::write_visit_stream(const forms::VisitSource& source, std::size_t total,
                                             const std::string& file, Progress* progress) {
    // The worker reads m_templates, which nothing changes until the import ends.
    load_templates();
    PreparedStream stream(
        source,
        [this](const std::string& id, int version) {
            auto it = m_templates.find({id, version});
            return it == m_templates.end() ? TemplateRef{}
                                           : TemplateRef{it->second.tpl.get(), it->second.pk};
        },
        file);
    if (progress)
        progress->start("Importing visits", total);
    VisitWriter writer(m_db, file);
    ImportReport report;
    std::size_t count = 0;
    while (const ImportItem* item = stream.next(progress)) {
        try {
            ++(writer.store(*item) ? report.added : report.unchanged);
        } catch (const InputError&) {
            stream.finish(); // bad input anywhere in the source ranks first
            throw;
        }
        if (progress && ++count % 256 == 0 && !progress->update(item->done))
            throw Cancelled{};
    }
    writer.count_days();
    return report;
}

void SqliteStore::visit_scores(const VisitFilter& filter,
                               const std::function<void(const VisitScoreRow&)>& row) {
    FilterSql f = filter_sql(filter, FilterUse::InOrder);
    SQLite::Statement st(m_db,
                         "SELECT v.uuid, v.template_id, v.status, v.raw, v.score, "
                         "v.critical_failures, s.section_scores FROM visits v "
                         "JOIN visit_scores s ON s.client_id = v.client_id AND s.visit_id = v.id" +
                             f.where + " ORDER BY v.day, v.visited_at, v.uuid");
    f.bind(st);
    while (st.executeStep()) {
        VisitScoreRow r;
        r.uuid = st.getColumn(0).getString();
        const TemplateRow* t = template_by_pk(st.getColumn(1).getInt64());
        r.template_id = t->tpl->id;
        r.template_version = t->tpl->version;
        r.status = forms::status_from_string(st.getColumn(2).getString()).value();
        r.raw = opt_real(st.getColumn(3));
        r.score = opt_real(st.getColumn(4));
        r.critical_failures =
            nlohmann::json::parse(st.getColumn(5).getString()).get<std::vector<std::string>>();
        std::vector<double> values = blob_array<double>(st.getColumn(6));
        auto sections = decode_sections(values.data(), values.size() / kSectionValues);
        for (std::size_t i = 0; i < sections.size() && i < t->tpl->sections.size(); ++i)
            r.sections.emplace_back(t->tpl->sections[i].id, sections[i]);
        row(r);
    }
}

DataVersion SqliteStore::data_version() {
    return {m_db.execAndGet("PRAGMA data_version").getInt64(),
            sqlite3_total_changes64(m_db.getHandle())};
}

void SqliteStore::add_trainings(const std::vector<Training>& trainings, const std::string& file) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    for (std::size_t i = 0; i < trainings.size(); ++i) {
        const Training& t = trainings[i];
        const std::string where = "trainings[" + std::to_string(i) + "]";
        const int day = check_training(t, file, where); // record_checks.h
        SQLite::Statement find_client(m_db, "SELECT id FROM clients WHERE name = ?");
        find_client.bind(1, t.client);
        if (!find_client.executeStep())
            throw InputError(file, where + ".client",
                             "unknown client \"" + t.client + "\" (no visits of it are stored)");
        const std::int64_t client = find_client.getColumn(0).getInt64();
        SQLite::Statement del(m_db, "DELETE FROM trainings WHERE client_id = ? AND code = ?");
        del.bind(1, static_cast<int64_t>(client));
        del.bind(2, t.id);
        del.exec();
        SQLite::Statement ins(m_db, "INSERT INTO trainings (client_id, code, title, trainer, date, "
                                    "day, sections) VALUES (?, ?, ?, ?, ?, ?, ?)");
        ins.bind(1, static_cast<int64_t>(client));
        ins.bind(2, t.id);
        ins.bind(3, t.title);
        ins.bind(4, t.trainer);
        ins.bind(5, t.date);
        ins.bind(6, day);
        ins.bind(7, nlohmann::json(t.sections).dump());
        ins.exec();
        std::int64_t training = m_db.getLastInsertRowid();
        for (std::size_t e = 0; e < t.employees.size(); ++e) {
            SQLite::Statement find(m_db,
                                   "SELECT id FROM employees WHERE client_id = ? AND code = ?");
            find.bind(1, static_cast<int64_t>(client));
            find.bind(2, t.employees[e]);
            if (!find.executeStep())
                throw InputError(file, where + ".employees[" + std::to_string(e) + "]",
                                 "unknown employee \"" + t.employees[e] + "\" of client \"" +
                                     t.client + "\"");
            SQLite::Statement link(m_db, "INSERT OR IGNORE INTO training_employees (training_id, "
                                         "employee_id) VALUES (?, ?)");
            link.bind(1, static_cast<int64_t>(training));
            link.bind(2, static_cast<int64_t>(find.getColumn(0).getInt64()));
            link.exec();
        }
    }
    tx.commit();
}

std::vector<Training> SqliteStore::trainings(const std::optional<std::string>& client) {
    std::vector<Training> out;
    SQLite::Statement st(m_db, "SELECT t.id, t.code, t.title, t.trainer, t.date, c.name, "
                               "t.sections FROM trainings t JOIN clients c ON c.id = t.client_id "
                               "WHERE ? IS NULL OR c.name = ? ORDER BY t.day, t.code");
    client ? st.bind(1, *client) : st.bind(1);
    client ? st.bind(2, *client) : st.bind(2);
    SQLite::Statement emp(m_db, "SELECT e.code FROM training_employees te JOIN employees e ON "
                                "e.id = te.employee_id WHERE te.training_id = ? ORDER BY e.code");
    while (st.executeStep()) {
        Training t;
        t.id = st.getColumn(1).getString();
        t.title = st.getColumn(2).getString();
        t.trainer = st.getColumn(3).getString();
        t.date = st.getColumn(4).getString();
        t.client = st.getColumn(5).getString();
        t.sections =
            nlohmann::json::parse(st.getColumn(6).getString()).get<std::vector<std::string>>();
        emp.reset();
        emp.bind(1, static_cast<int64_t>(st.getColumn(0).getInt64()));
        while (emp.executeStep())
            t.employees.push_back(emp.getColumn(0).getString());
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<scoring::CalibrationVisit> SqliteStore::calibration_visits(const VisitFilter& filter) {
    VisitFilter f = filter;
    f.calibration = true;
    FilterSql sql = filter_sql(f, FilterUse::InOrder);
    SQLite::Statement st(m_db, "SELECT v.calibration, v.uuid, c.name, s.code, v.reference, "
                               "v.template_id, v.answers, v.score FROM visits v "
                               "JOIN clients c ON c.id = v.client_id "
                               "JOIN shoppers s ON s.id = v.shopper_id" +
                                   sql.where + " ORDER BY v.calibration, v.day, v.uuid");
    sql.bind(st);
    std::vector<scoring::CalibrationVisit> out;
    while (st.executeStep()) {
        scoring::CalibrationVisit v;
        v.exercise = st.getColumn(0).getString();
        v.uuid = st.getColumn(1).getString();
        v.client = st.getColumn(2).getString();
        v.shopper = st.getColumn(3).getString();
        v.reference = st.getColumn(4).getInt() != 0;
        const TemplateRow* t = template_by_pk(st.getColumn(5).getInt64());
        if (!t)
            throw StorageError("visit " + v.uuid + ": its scorecard is not stored");
        v.tpl = t->tpl;
        v.answers = forms::typed_answers(*v.tpl, nlohmann::json::parse(st.getColumn(6).getString()),
                                         "stored visit " + v.uuid, "answers");
        v.score = opt_real(st.getColumn(7));
        out.push_back(std::move(v));
    }
    return out;
}

int bind_visit_columns(SQLite::Statement& st, int n, const VisitRowIds& ids, const PreparedVisit& p,
                       double target) {
    auto id_or_null = [&](std::int64_t id) {
        id ? st.bind(n++, static_cast<int64_t>(id)) : st.bind(n++);
    };
    const forms::Visit& v = *p.visit;
    st.bind(n++, static_cast<int64_t>(ids.tmpl));
    st.bind(n++, static_cast<int64_t>(ids.client));
    id_or_null(ids.region);
    st.bind(n++, static_cast<int64_t>(ids.branch));
    id_or_null(ids.employee);
    id_or_null(ids.shopper);
    st.bindNoCopy(n++, v.visited_at);
    st.bind(n++, p.day);
    st.bind(n++, std::string(forms::to_string(v.status)));
    v.calibration.empty() ? st.bind(n++) : st.bind(n++, v.calibration);
    st.bind(n++, v.reference ? 1 : 0);
    st.bindNoCopy(n++, v.summary);
    st.bindNoCopy(n++, p.answers_json);
    st.bindNoCopy(n++, p.comments_json);
    p.result.raw ? st.bind(n++, *p.result.raw) : st.bind(n++);
    p.result.score ? st.bind(n++, *p.result.score) : st.bind(n++);
    p.result.applicable ? st.bind(n++, *p.result.applicable) : st.bind(n++);
    st.bind(n++, p.result.critical_failures.empty() ? 0 : 1);
    st.bindNoCopy(n++, p.critical_failures_json);
    st.bind(n++, target);
    p.nps >= 0 ? st.bind(n++, p.nps) : st.bind(n++);
    st.bind(n++, static_cast<int64_t>(p.source_hash));
    st.bind(n++, scoring::kRulesVersion);
    for (const std::string* s : {&v.assignment, &v.evidence.opened_at, &v.evidence.first_answer_at,
                                 &v.evidence.submitted_at})
        s->empty() ? st.bind(n++) : st.bindNoCopy(n++, *s);
    return n;
}

std::unique_ptr<Store> open_sqlite(const std::string& path, Checkpoints checkpoints) {
    return std::make_unique<SqliteStore>(path, checkpoints);
}

std::unique_ptr<Store> open_sqlite(const std::string& path, OpenMode mode,
                                   Checkpoints checkpoints) {
    return std::make_unique<SqliteStore>(path, checkpoints, mode);
}

std::string default_database_path() {
    if (const char* env = std::getenv("VISITSCORE_DB"); env && *env)
        return env;
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / ".local" / "share";
    else
        base = ".";
    return (base / "visitscore" / "visitscore.db").string();
}

void SqliteStore::set_wal_autocheckpoint(int pages) {
    m_db.exec("PRAGMA wal_autocheckpoint = " + std::to_string(pages));
}

// --- Reliability and privacy: audit chain and purge
// -----------------------------------------------

AuditCheck SqliteStore::verify_audit(const std::string& recorded_head) {
    return verify_audit_chain(m_db, recorded_head); // sqlite_purge.cpp
}

PurgeReport SqliteStore::purge_personal_data(int before_day, const std::string& who) {
    load_templates();
    PurgeReport report;
    // Overwrite what is removed, so that names and comments do not linger in free pages.
    m_db.exec("PRAGMA secure_delete = ON");
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);

    // Visits before the date that were not purged yet.
    struct Row {
        std::int64_t id;
        std::int64_t template_pk;
        std::string answers;
    };
    std::vector<Row> rows;
    {
        SQLite::Statement sel(m_db, "SELECT v.id, v.template_id, v.answers FROM visits v WHERE "
                                    "v.day < ? AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE "
                                    "a.visit_id = v.id AND a.action = 'purge') ORDER BY v.id");
        sel.bind(1, before_day);
        while (sel.executeStep())
            rows.push_back({sel.getColumn(0).getInt64(), sel.getColumn(1).getInt64(),
                            sel.getColumn(2).getString()});
    }
    const std::string reason = "retention: personal data of visits before " +
                               forms::day_to_string(before_day) + " removed";
    SQLite::Statement up(m_db, "UPDATE visits SET summary = '', comments = '{}', review_note = '', "
                               "answers = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                               "WHERE id = ?");
    SQLite::Statement del(m_db, "DELETE FROM attachments WHERE visit_id = ?");
    AuditRedactor redactor(m_db); // personal values in the audit log (sqlite_purge.cpp)
    for (const Row& row : rows) {
        // Free-text answers are personal data and never scored; a text answer that a show_if
        // condition tests is a coded value and stays, so that visibility is unchanged.
        nlohmann::json answers = nlohmann::json::parse(row.answers);
        if (const TemplateRow* t = template_by_pk(row.template_pk)) {
            std::set<int> tested;
            for (const auto& s : t->tpl->sections)
                if (s.show_if)
                    tested.insert(s.show_if->question_index);
            for (const auto& q : t->tpl->questions)
                if (q.show_if)
                    tested.insert(q.show_if->question_index);
            for (std::size_t i = 0; i < t->tpl->questions.size(); ++i)
                if (t->tpl->questions[i].type == forms::QuestionType::Text &&
                    !tested.count(static_cast<int>(i)))
                    answers.erase(t->tpl->questions[i].id);
        }
        up.reset();
        up.bind(1, answers.dump());
        up.bind(2, static_cast<int64_t>(row.id));
        up.exec();
        del.reset();
        del.bind(1, static_cast<int64_t>(row.id));
        report.attachments += static_cast<std::size_t>(del.exec());
        append_audit(row.id, who, "purge", "personal_data", "", redactor.redact(row.id), reason);
        ++report.visits;
    }

    // People whose every visit (and training) is before the date: the name goes, the code
    // becomes an opaque pseudonym that keeps their visits grouped in aggregates. Their names
    // and codes are also taken out of the free text of trainings before the date.
    std::vector<std::string> names;
    auto collect = [&](const char* sql) {
        SQLite::Statement st(m_db, sql);
        st.bind(":d", before_day);
        while (st.executeStep())
            for (int c = 0; c < 2; ++c)
                if (std::string v = text_or_empty(st.getColumn(c)); v.size() >= 2)
                    names.push_back(std::move(v));
    };
    const std::string staff_purged =
        "SELECT e.id FROM employees e WHERE e.code <> 'anon-e' || e.id AND ("
        " EXISTS (SELECT 1 FROM visits v WHERE v.employee_id = e.id AND v.day < :d) OR"
        " EXISTS (SELECT 1 FROM visit_section_employees s JOIN visits v ON v.id = s.visit_id"
        "         WHERE s.employee_id = e.id AND v.day < :d) OR"
        " EXISTS (SELECT 1 FROM training_employees te JOIN trainings t ON t.id = te.training_id"
        "         WHERE te.employee_id = e.id AND t.day < :d)) AND"
        " NOT EXISTS (SELECT 1 FROM visits v WHERE v.employee_id = e.id AND v.day >= :d) AND"
        " NOT EXISTS (SELECT 1 FROM visit_section_employees s JOIN visits v ON v.id = s.visit_id"
        "             WHERE s.employee_id = e.id AND v.day >= :d) AND"
        " NOT EXISTS (SELECT 1 FROM training_employees te JOIN trainings t ON t.id = te.training_id"
        "             WHERE te.employee_id = e.id AND t.day >= :d)";
    const std::string shoppers_purged =
        "SELECT s.id FROM shoppers s WHERE s.code <> 'anon-s' || s.id AND"
        " EXISTS (SELECT 1 FROM visits v WHERE v.shopper_id = s.id AND v.day < :d) AND"
        " NOT EXISTS (SELECT 1 FROM visits v WHERE v.shopper_id = s.id AND v.day >= :d)";
    collect(("SELECT code, name FROM employees WHERE id IN (" + staff_purged + ")").c_str());
    collect(("SELECT code, name FROM shoppers WHERE id IN (" + shoppers_purged + ")").c_str());
    collect("SELECT trainer, NULL FROM trainings WHERE day < :d");
    // Longest first, so that "Sam Taylor" goes before "Sam".
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    {
        SQLite::Statement title(m_db, "UPDATE trainings SET title = replace(title, ?, '') WHERE "
                                      "day < ? AND instr(title, ?) > 0");
        for (const std::string& name : names) {
            title.reset();
            title.bind(1, name);
            title.bind(2, before_day);
            title.bind(3, name);
            title.exec();
        }
        SQLite::Statement trainer(m_db, "UPDATE trainings SET trainer = '' WHERE day < ? AND "
                                        "trainer <> ''");
        trainer.bind(1, before_day);
        trainer.exec();
    }
    // Disputes: on a purged visit, who opened and who decided a point, its reasons and its
    // evidence go, as the visit's comments do; on a later visit, a purged person's name or code
    // is taken out of the reasons, as out of trainings' titles.
    {
        SQLite::Statement blank(m_db, "UPDATE disputes SET reason = '', decision_reason = '', "
                                      "opened_by = '', decided_by = '', evidence = NULL, "
                                      "evidence_name = '', evidence_mime = '', "
                                      "evidence_sha256 = '' WHERE visit_id IN (SELECT id FROM "
                                      "visits WHERE day < ?)");
        blank.bind(1, before_day);
        blank.exec();
        SQLite::Statement names_out(m_db, "UPDATE disputes SET reason = replace(reason, :n, ''), "
                                          "decision_reason = replace(decision_reason, :n, '') "
                                          "WHERE instr(reason, :n) > 0 OR "
                                          "instr(decision_reason, :n) > 0");
        for (const std::string& name : names) {
            names_out.reset();
            names_out.bind(":n", name);
            names_out.exec();
        }
    }
    // Alerts copy dispute reasons, who opened and decided them and plans' owners: the text of a
    // notification about a purged visit goes (its subject names the client, branch and date
    // only), and a purged person's name or code is taken out of every other one.
    {
        SQLite::Statement blank(m_db, "UPDATE notifications SET body = '' WHERE visit_id IN "
                                      "(SELECT id FROM visits WHERE day < ?)");
        blank.bind(1, before_day);
        blank.exec();
        SQLite::Statement names_out(m_db, "UPDATE notifications SET subject = replace(subject, "
                                          ":n, ''), body = replace(body, :n, '') WHERE "
                                          "instr(subject, :n) > 0 OR instr(body, :n) > 0");
        for (const std::string& name : names) {
            names_out.reset();
            names_out.bind(":n", name);
            names_out.exec();
        }
    }
    // Action plans: a purged person's name or code goes from their owners, notes and actions,
    // and the audit entries of a plan that hold one are redacted as an assignment's are.
    redact_action_plans(names);
    for (const std::string& subject : plan_subjects_naming(names))
        if (const std::string record = redactor.redact_assignment(subject); !record.empty())
            append_audit(0, who, "purge", "personal_data", "", record,
                         "retention: names of purged staff and shoppers removed from an action "
                         "plan's entries",
                         subject);
    // Free text about a purged shopper, or about a purged visit, may name people: assignment
    // notes and the reasons a shopper is kept from a branch go too.
    {
        // The audit entries of those assignments name who offered, accepted or declined them:
        // redacted as a visit's are, with a purge entry per assignment (sqlite_purge.h).
        std::vector<std::string> uuids;
        // A shopper purged before (their code made a pseudonym) counts too: what was written
        // about their assignments since goes at this purge.
        SQLite::Statement sel(m_db, "SELECT uuid FROM assignments WHERE shopper_id IN (" +
                                        shoppers_purged +
                                        ") OR shopper_id IN (SELECT id FROM shoppers WHERE code = "
                                        "'anon-s' || id) OR visit_uuid IN (SELECT uuid FROM "
                                        "visits WHERE day < :d) ORDER BY uuid");
        sel.bind(":d", before_day);
        while (sel.executeStep())
            uuids.push_back(text_or_empty(sel.getColumn(0)));
        const std::string why = "retention: personal data of assignments of visits or "
                                "shoppers before " +
                                forms::day_to_string(before_day) + " removed";
        for (const std::string& uuid : uuids)
            if (const std::string record = redactor.redact_assignment(uuid); !record.empty())
                append_audit(0, who, "purge", "personal_data", "", record, why, uuid);
    }
    {
        SQLite::Statement notes(m_db, "UPDATE assignments SET note = '', updated_at = :now "
                                      "WHERE note <> '' AND (shopper_id IN (" +
                                          shoppers_purged +
                                          ") OR visit_uuid IN (SELECT uuid FROM visits WHERE "
                                          "day < :d))");
        notes.bind(":d", before_day);
        notes.bind(":now", utc_now_micros());
        notes.exec();
        SQLite::Statement reasons(m_db, "UPDATE shopper_exclusions SET reason = '' WHERE "
                                        "reason <> '' AND shopper_id IN (" +
                                            shoppers_purged + ")");
        reasons.bind(":d", before_day);
        reasons.exec();
    }
    SQLite::Statement staff(m_db, "UPDATE employees SET code = 'anon-e' || id, name = '' "
                                  "WHERE id IN (" +
                                      staff_purged + ")");
    staff.bind(":d", before_day);
    report.employees += static_cast<std::size_t>(staff.exec());
    SQLite::Statement shoppers(m_db, "UPDATE shoppers SET code = 'anon-s' || id, name = '' "
                                     "WHERE id IN (" +
                                         shoppers_purged + ")");
    shoppers.bind(":d", before_day);
    report.shoppers += static_cast<std::size_t>(shoppers.exec());
    redactor.finish();
    tx.commit();
    // Move the change into the main file and empty the WAL, which may hold older pages with
    // the removed data. Another connection reading at this moment can keep the WAL: harmless.
    try {
        m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const SQLite::Exception&) {
    }
    return report;
}

void restore_sqlite(const std::string& backup_file, const std::string& path) {
    namespace fs = std::filesystem;
    if (fs::is_directory(backup_file))
        throw InputError(backup_file, "", "is a folder, not a backup file");
    if (!fs::is_regular_file(backup_file))
        throw InputError(backup_file, "", "there is no such backup file");
    // 1. The backup must be a VisitScore database this version reads, and intact.
    // Opened read-write so that closing removes the -wal and -shm files a WAL-mode backup
    // gets when opened; nothing here writes to it.
    try {
        SQLite::Database src(backup_file, SQLite::OPEN_READWRITE);
        int version = src.execAndGet("PRAGMA user_version").getInt();
        if (version > kSchemaVersion)
            throw InputError(backup_file, "",
                             "the backup was written by a newer VisitScore (schema version " +
                                 std::to_string(version) + "; this version reads up to " +
                                 std::to_string(kSchemaVersion) + "); nothing was changed");
        if (version < 1 || !src.tableExists("visits") || !src.tableExists("templates"))
            throw InputError(backup_file, "", "is not a VisitScore database; nothing was changed");
        std::string problems;
        SQLite::Statement ic(src, "PRAGMA integrity_check");
        while (ic.executeStep())
            if (ic.getColumn(0).getString() != "ok")
                problems += (problems.empty() ? "" : "; ") + ic.getColumn(0).getString();
        if (!problems.empty())
            throw InputError(backup_file, "",
                             "the backup is damaged (PRAGMA integrity_check: " + problems +
                                 "); nothing was changed");
    } catch (const SQLite::Exception& e) {
        throw InputError(backup_file, "",
                         std::string("is not a readable SQLite database (") + e.what() +
                             "); nothing was changed");
    }

    // 2. Copy it beside the target (private: mkstemp makes it 0600) and migrate the copy.
    const fs::path target(path);
    std::string name = "."; // appended: GCC 12 -O3 warns on "literal" + string
    name += target.filename().string();
    name += ".restore-XXXXXX";
    std::string tmp = (target.parent_path().empty() ? fs::path(".") : target.parent_path()) / name;
    int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        throw StorageError(path +
                           ": cannot create a file beside the database: " + std::strerror(errno));
    ::close(fd);
    auto remove_tmp = [&] {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(tmp + suffix, ec);
    };
    try {
        {
            SQLite::Database src(backup_file, SQLite::OPEN_READWRITE);
            SQLite::Database dst(tmp, SQLite::OPEN_READWRITE);
            SQLite::Backup copy(dst, src);
            copy.executeStep(-1);
        }
        { SqliteStore migrated(tmp); } // closing checkpoints: the file stands alone

        // 3. Replace the target while holding it exclusively: leaving WAL mode needs the only
        // connection, so this fails while the app or another command has it open; the mode
        // change also checkpoints and removes its -wal and -shm files, which must not meet the
        // restored file.
        if (fs::exists(target)) {
            SQLite::Database cur(path, SQLite::OPEN_READWRITE);
            std::string mode;
            try {
                mode = cur.execAndGet("PRAGMA journal_mode = DELETE").getString();
                if (mode == "delete")
                    cur.exec("BEGIN EXCLUSIVE");
            } catch (const SQLite::Exception&) {
                mode.clear();
            }
            if (mode != "delete")
                throw StorageError(path + ": the database is in use (close the app and any other "
                                          "visitscore-cli command, then restore again); nothing "
                                          "was changed");
            fs::rename(tmp, target);
            cur.exec("ROLLBACK");
        } else {
            fs::rename(tmp, target);
        }
    } catch (const SQLite::Exception& e) {
        remove_tmp();
        throw StorageError(path + ": restore failed: " + e.what() + "; nothing was changed");
    } catch (...) {
        remove_tmp();
        throw;
    }
    remove_tmp(); // the copy's -shm, if SQLite left it
}

} // namespace vs::storage
