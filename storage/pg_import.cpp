// The PostgreSQL backend's VisitStore: importing visits all or nothing, streamed to the server
// through COPY. The visits come checked and scored from a PreparedStream (prepare.h) as in the
// SQLite backend; the calling thread copies them into chunks, and a thread of the import writes
// the chunks, so that the server stores one chunk while the next is checked and scored: their
// known uuids looked up in one statement, their organisation rows found or created in a few
// (pg_import_org.h), their ids reserved from the visits' sequence (COPY returns none), then the
// visits, their score arrays and their section attributions COPYed in, in COPY's binary format
// (no text to escape on this side or to parse on the server's). One transaction holds the whole
// import; the writing thread alone uses the connection until it has ended.
#include "forms/error.h"
#include "storage/pg_common.h"
#include "storage/pg_import_org.h"
#include "storage/pg_store.h"
#include "storage/prepare.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <libpq-fe.h>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

namespace vs::storage {

namespace {

/// Visits written per chunk: few round trips, bounded memory.
constexpr std::size_t kChunkVisits = 4096;
/// Full chunks waiting for the writing thread at most.
constexpr std::size_t kChunksAhead = 2;
/// The key of the advisory lock that imports hold until they end ("VSIMPORT").
constexpr long long kImportLock = 0x5653'494d'504f'5254;

/// One visit of an import, copied from its ImportItem (valid only until the next one) until its
/// chunk is written.
struct PendingVisit {
    std::size_t index = 0;
    std::string uuid;
    std::int64_t source_hash = 0;
    std::int64_t template_pk = 0;
    double target = 0;
    PgOrgRefs org;
    std::vector<std::string> sections; ///< sections of org.section_employees, in its order
    std::string visited_at;
    int day = 0;
    std::string status;
    std::string calibration;
    bool reference = false;
    std::string summary;
    std::string answers;
    std::string comments;
    std::optional<double> raw;
    std::optional<double> score;
    std::optional<double> applicable;
    bool critical = false;
    std::string critical_failures;
    int nps = -1;
    std::string assignment;
    forms::Evidence evidence;
    std::vector<double> section_values;
    std::vector<double> question_values;

    void assign(const ImportItem& item) {
        const forms::Visit& v = item.visit;
        const PreparedVisit& p = item.prepared;
        index = item.index;
        uuid = v.uuid;
        source_hash = p.source_hash;
        template_pk = item.tmpl.pk;
        target = item.tmpl.tpl->target;
        org.client = v.client;
        org.region = v.region;
        org.branch = v.branch;
        org.branch_name = v.branch_name;
        org.employee = v.employee;
        org.employee_name = v.employee_name;
        org.shopper = v.shopper;
        org.shopper_name = v.shopper_name;
        org.section_employees.clear();
        sections.clear();
        for (const auto& [section, code] : v.section_employees) {
            if (code == v.employee)
                continue; // the primary's by default: only attributions that differ are stored
            sections.push_back(section);
            org.section_employees.push_back(code);
        }
        visited_at = v.visited_at;
        day = p.day;
        status = forms::to_string(v.status);
        calibration = v.calibration;
        reference = v.reference;
        summary = v.summary;
        answers = p.answers_json;
        comments = p.comments_json;
        raw = p.result.raw;
        score = p.result.score;
        applicable = p.result.applicable;
        critical = !p.result.critical_failures.empty();
        critical_failures = p.critical_failures_json;
        nps = p.nps;
        assignment = v.assignment;
        evidence = v.evidence;
        section_values = p.section_values;
        question_values = p.question_values;
    }
};

/// One `COPY table (columns) FROM STDIN (FORMAT binary)` inside a libpqxx transaction: rows
/// built field by field in a buffer that goes to the server a megabyte at a time. Every field
/// must have its column's exact type (text, bigint, integer, boolean, double precision, bytea):
/// the server refuses anything else. complete() ends the COPY and throws the server's error;
/// destroying it before abandons the COPY (the transaction then fails).
class BinaryCopy {
  public:
    BinaryCopy(pqxx::dbtransaction& tx, const std::string& table,
               const std::vector<std::string>& columns)
        : m_conn(pg_raw_connection(tx)) {
        std::string query = "COPY " + table + " (";
        for (std::size_t i = 0; i < columns.size(); ++i)
            query += (i ? ", " : "") + columns[i];
        query += ") FROM STDIN (FORMAT binary)";
        m_query = query;
        PGresult* result = PQexec(m_conn, query.c_str());
        const bool started = PQresultStatus(result) == PGRES_COPY_IN;
        if (!started) {
            const std::string error = result_error(result);
            PQclear(result);
            drain();
            throw pqxx::sql_error(error, m_query);
        }
        PQclear(result);
        m_buffer.reserve(kFlushAt + 64 * 1024);
        m_buffer.append("PGCOPY\n\377\r\n\0", 11);
        put32(0); // flags
        put32(0); // header extension
    }
    ~BinaryCopy() {
        if (m_open) {
            PQputCopyEnd(m_conn, "the import stopped");
            drain();
        }
    }
    BinaryCopy(const BinaryCopy&) = delete;
    BinaryCopy& operator=(const BinaryCopy&) = delete;

    /// Starts a row of `fields` fields.
    void row(std::int16_t fields) {
        if (m_buffer.size() >= kFlushAt)
            flush();
        put16(static_cast<std::uint16_t>(fields));
    }
    void null() { put32(0xffffffffU); }
    void text(std::string_view value) { bytes(value.data(), value.size()); }
    /// NULL when empty.
    void text_or_null(std::string_view value) { value.empty() ? null() : text(value); }
    void bigint(std::int64_t value) {
        put32(8);
        put64(static_cast<std::uint64_t>(value));
    }
    void integer(std::int32_t value) {
        put32(4);
        put32(static_cast<std::uint32_t>(value));
    }
    void boolean(bool value) {
        put32(1);
        m_buffer.push_back(value ? 1 : 0);
    }
    void float8(double value) {
        put32(8);
        put64(std::bit_cast<std::uint64_t>(value));
    }
    void float8(const std::optional<double>& value) { value ? float8(*value) : null(); }
    /// A BYTEA of raw doubles in memory order (a score array: prepare.h).
    void doubles(const std::vector<double>& values) {
        bytes(values.data(), values.size() * sizeof(double));
    }

    void complete() {
        put16(0xffff); // the trailer
        flush();
        m_open = false;
        if (PQputCopyEnd(m_conn, nullptr) != 1)
            throw pqxx::broken_connection(PQerrorMessage(m_conn));
        std::string error;
        while (PGresult* result = PQgetResult(m_conn)) {
            if (PQresultStatus(result) != PGRES_COMMAND_OK && error.empty())
                error = result_error(result);
            PQclear(result);
        }
        if (!error.empty())
            throw pqxx::sql_error(error, m_query);
    }

  private:
    static constexpr std::size_t kFlushAt = 1 << 20;

    void bytes(const void* data, std::size_t size) {
        put32(static_cast<std::uint32_t>(size));
        m_buffer.append(static_cast<const char*>(data), size);
    }
    void put16(std::uint16_t v) {
        const char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
        m_buffer.append(b, 2);
    }
    void put32(std::uint32_t v) {
        const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                           static_cast<char>(v >> 8), static_cast<char>(v)};
        m_buffer.append(b, 4);
    }
    void put64(std::uint64_t v) {
        put32(static_cast<std::uint32_t>(v >> 32));
        put32(static_cast<std::uint32_t>(v));
    }
    void flush() {
        if (m_buffer.empty())
            return;
        if (PQputCopyData(m_conn, m_buffer.data(), static_cast<int>(m_buffer.size())) != 1)
            throw pqxx::broken_connection(PQerrorMessage(m_conn));
        m_buffer.clear();
    }
    /// The server's message with its SQLSTATE, as libpqxx reports errors.
    std::string result_error(const PGresult* result) const {
        std::string s = PQresultErrorMessage(result);
        if (s.empty())
            s = PQerrorMessage(m_conn);
        while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
            s.pop_back();
        return s;
    }
    void drain() {
        while (PGresult* result = PQgetResult(m_conn))
            PQclear(result);
    }

    PGconn* m_conn;
    std::string m_query;
    std::string m_buffer;
    bool m_open = true;
};

/// Visits of an import on their way to the server.
struct Chunk {
    /// Reused from chunk to chunk: their strings keep their capacity.
    std::vector<PendingVisit> visits = std::vector<PendingVisit>(kChunkVisits);
    std::size_t used = 0;
};

/// Writes the visits of one import inside its transaction, a chunk at a time. Throws
/// InputError on a conflict with stored visits or a second reference of an exercise.
class PgVisitWriter {
  public:
    PgVisitWriter(pqxx::dbtransaction& tx, const std::string& file)
        : m_tx(tx), m_file(file), m_org(tx),
          m_staged(tx.exec("SELECT row_security_active('visits')")[0][0].as<bool>()) {}

    /// Writes the visits of `chunk` that are not stored yet.
    void write(Chunk& chunk) {
        std::vector<PendingVisit*> added = new_visits(chunk);
        if (added.empty())
            return;
        std::vector<const PgOrgRefs*> refs;
        refs.reserve(added.size());
        for (const PendingVisit* p : added)
            refs.push_back(&p->org);
        const std::vector<PgOrgIds> org = m_org.resolve(refs);
        const std::vector<std::int64_t> ids = reserve_ids(added.size());
        copy_visits(added, org, ids);
        copy_scores(added, org, ids);
        copy_sections(added, org, ids);
        m_report.added += added.size();
    }

    /// Writes what the visits changed in the organisation; the import's counts.
    ImportReport finish() {
        m_org.finish();
        return m_report;
    }

  private:
    /// The chunk's visits that are not stored yet, in order; counts the identical ones as
    /// unchanged and throws on a conflict or a second reference, at the first in source order.
    std::vector<PendingVisit*> new_visits(Chunk& chunk) {
        std::vector<const std::string*> uuids;
        uuids.reserve(chunk.used);
        for (std::size_t i = 0; i < chunk.used; ++i)
            uuids.push_back(&chunk.visits[i].uuid);
        std::vector<std::optional<std::int64_t>> stored(chunk.used);
        // One probe of the uuid index per visit: as a join the planner would hash a scan of
        // every stored visit for each chunk.
        const pqxx::result r = m_tx.exec_params(
            "SELECT o, h FROM (SELECT u.o, (SELECT v.source_hash FROM visits v WHERE v.uuid = "
            "u.k) AS h FROM unnest($1::text[]) WITH ORDINALITY AS u(k, o)) s WHERE h IS NOT NULL",
            pg_text_array(uuids));
        for (const auto& row : r)
            stored[row[0].as<std::size_t>() - 1] = row[1].as<std::int64_t>();
        // A uuid given twice in one chunk: the first is not stored yet, but it will be.
        std::map<std::string_view, std::int64_t> in_chunk;
        std::vector<PendingVisit*> added;
        for (std::size_t i = 0; i < chunk.used; ++i) {
            PendingVisit& p = chunk.visits[i];
            std::optional<std::int64_t> hash = stored[i];
            if (!hash)
                if (auto it = in_chunk.find(p.uuid); it != in_chunk.end())
                    hash = it->second;
            if (hash) {
                if (*hash != p.source_hash)
                    throw InputError(m_file, "visits[" + std::to_string(p.index) + "].uuid",
                                     "conflict: a different visit with uuid " + p.uuid +
                                         " is already stored; the file was not imported");
                ++m_report.unchanged;
                continue;
            }
            if (p.reference)
                claim_reference(p);
            in_chunk.emplace(p.uuid, p.source_hash);
            added.push_back(&p);
        }
        return added;
    }

    /// One reference visit per calibration exercise (SCORING.md §8). The stored references are
    /// read at the first reference visit, so that an import without any reads none.
    void claim_reference(const PendingVisit& p) {
        if (!m_references) {
            m_references.emplace();
            for (const auto& row :
                 m_tx.exec("SELECT calibration, uuid FROM visits WHERE reference"))
                m_references->emplace(text_or_empty(row[0]), row[1].as<std::string>());
        }
        auto [it, fresh] = m_references->emplace(p.calibration, p.uuid);
        if (!fresh)
            throw InputError(
                m_file, "visits[" + std::to_string(p.index) + "] (" + p.uuid + ").reference",
                "calibration exercise \"" + p.calibration + "\" already has a reference visit (" +
                    it->second + "); an exercise has exactly one reference");
    }

    /// `n` new ids of the visits' sequence, ascending.
    std::vector<std::int64_t> reserve_ids(std::size_t n) {
        // The sequence's name found once: pg_get_serial_sequence per id cost a catalog lookup
        // per visit.
        if (m_sequence.empty()) {
            const pqxx::result r = m_tx.exec("SELECT pg_get_serial_sequence('visits', 'id')");
            const pqxx::field seq = r[0][0];
            // A client's account reads visits through its view, which has no sequence: it may
            // not add visits (the server refuses its INSERT too).
            if (seq.is_null())
                throw StorageError("PostgreSQL: this account cannot import visits (a client's "
                                   "account reads visits and adds none)");
            m_sequence = seq.as<std::string>();
        }
        const pqxx::result r =
            m_tx.exec_params("SELECT nextval($1::regclass) FROM generate_series(1, $2)", m_sequence,
                             static_cast<std::int64_t>(n));
        std::vector<std::int64_t> ids;
        ids.reserve(n);
        for (const auto& row : r)
            ids.push_back(row[0].as<std::int64_t>());
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    void copy_visits(const std::vector<PendingVisit*>& added, const std::vector<PgOrgIds>& org,
                     const std::vector<std::int64_t>& ids) {
        static const std::vector<std::string> columns{"answers",
                                                      "comments",
                                                      "summary",
                                                      "critical_failures",
                                                      "uuid",
                                                      "visited_at",
                                                      "status",
                                                      "calibration",
                                                      "id",
                                                      "template_id",
                                                      "client_id",
                                                      "region_id",
                                                      "branch_id",
                                                      "employee_id",
                                                      "shopper_id",
                                                      "day",
                                                      "reference",
                                                      "raw",
                                                      "score",
                                                      "applicable",
                                                      "critical",
                                                      "target",
                                                      "nps",
                                                      "source_hash",
                                                      "scoring_rules",
                                                      "updated_at",
                                                      "assignment_uuid",
                                                      "opened_at",
                                                      "first_answer_at",
                                                      "submitted_at"};
        // The row version its default would give, read once: a volatile default makes the
        // server insert the rows one by one instead of a page at a time.
        const std::string updated_at =
            m_tx.exec("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                      "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")[0][0]
                .as<std::string>();
        copy_into("visits", columns, [&](BinaryCopy& copy) {
            auto id_or_null = [&](std::int64_t id) { id ? copy.bigint(id) : copy.null(); };
            for (std::size_t i = 0; i < added.size(); ++i) {
                const PendingVisit& p = *added[i];
                const PgOrgIds& o = org[i];
                copy.row(static_cast<std::int16_t>(columns.size()));
                copy.text(p.answers);
                copy.text(p.comments);
                copy.text(p.summary);
                copy.text(p.critical_failures);
                copy.text(p.uuid);
                copy.text(p.visited_at);
                copy.text(p.status);
                copy.text_or_null(p.calibration);
                copy.bigint(ids[i]);
                copy.bigint(p.template_pk);
                copy.bigint(o.client);
                id_or_null(o.region);
                copy.bigint(o.branch);
                id_or_null(o.employee);
                id_or_null(o.shopper);
                copy.integer(p.day);
                copy.boolean(p.reference);
                copy.float8(p.raw);
                copy.float8(p.score);
                copy.float8(p.applicable);
                copy.boolean(p.critical);
                copy.float8(p.target);
                p.nps >= 0 ? copy.integer(p.nps) : copy.null();
                copy.bigint(p.source_hash);
                copy.integer(scoring::kRulesVersion);
                copy.text(updated_at);
                copy.text_or_null(p.assignment);
                copy.text_or_null(p.evidence.opened_at);
                copy.text_or_null(p.evidence.first_answer_at);
                copy.text_or_null(p.evidence.submitted_at);
            }
        });
    }

    /// The score arrays as BYTEA of raw doubles, as write_visit_scores stores them in SQLite,
    /// client by client: a client's rows of one chunk lie together in the table.
    void copy_scores(const std::vector<PendingVisit*>& added, const std::vector<PgOrgIds>& org,
                     const std::vector<std::int64_t>& ids) {
        static const std::vector<std::string> columns{"client_id", "question_scores",
                                                      "section_scores", "visit_id"};
        std::vector<std::size_t> order(added.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return org[a].client < org[b].client;
        });
        copy_into("visit_scores", columns, [&](BinaryCopy& copy) {
            for (std::size_t i : order) {
                copy.row(4);
                copy.bigint(org[i].client);
                copy.doubles(added[i]->question_values);
                copy.doubles(added[i]->section_values);
                copy.bigint(ids[i]);
            }
        });
    }

    void copy_sections(const std::vector<PendingVisit*>& added, const std::vector<PgOrgIds>& org,
                       const std::vector<std::int64_t>& ids) {
        bool any = false;
        for (const PendingVisit* p : added)
            any = any || !p->sections.empty();
        if (!any)
            return;
        static const std::vector<std::string> columns{"visit_id", "section", "employee_id"};
        copy_into("visit_section_employees", columns, [&](BinaryCopy& copy) {
            for (std::size_t i = 0; i < added.size(); ++i)
                for (std::size_t s = 0; s < added[i]->sections.size(); ++s) {
                    copy.row(3);
                    copy.bigint(ids[i]);
                    copy.text(added[i]->sections[s]);
                    copy.bigint(org[i].section_employees[s]);
                }
        });
    }

    /// COPYs rows into `table`: straight in, or, for an account under row-level security
    /// (which COPY FROM refuses), into a temporary table of the same columns first, whose rows
    /// one INSERT then moves, through the table's policies.
    template <class Fill>
    void copy_into(const char* table, const std::vector<std::string>& columns, Fill&& fill) {
        if (!m_staged) {
            BinaryCopy copy(m_tx, table, columns);
            fill(copy);
            copy.complete();
            return;
        }
        std::string list;
        for (const std::string& c : columns)
            list += (list.empty() ? "" : ", ") + c;
        const std::string staging = std::string("visitscore_import_") + table;
        if (m_staging.insert(staging).second)
            m_tx.exec("CREATE TEMPORARY TABLE " + staging + " ON COMMIT DROP AS SELECT " + list +
                      " FROM " + table + " WITH NO DATA");
        BinaryCopy copy(m_tx, staging, columns);
        fill(copy);
        copy.complete();
        m_tx.exec("INSERT INTO " + std::string(table) + " (" + list + ") SELECT " + list +
                  " FROM " + staging);
        m_tx.exec("TRUNCATE " + staging);
    }

    pqxx::dbtransaction& m_tx;
    const std::string& m_file;
    PgOrgWriter m_org;
    const bool m_staged;             ///< row-level security applies to this account
    std::set<std::string> m_staging; ///< the temporary tables made
    std::string m_sequence;          ///< the visits' id sequence, once read
    ImportReport m_report;
    std::optional<std::map<std::string, std::string>> m_references; ///< exercise -> uuid
};

/// The thread that writes an import's chunks while the calling thread fills the next ones: the
/// calling thread fills current(), hands it over with submit() and ends with finish(). An error
/// of the writing thread comes out of the next submit() or finish(). Destroying it before
/// finish() (an error or Cancelled on the calling side) lets the chunk being written end and
/// writes no other.
class ChunkPipe {
  public:
    explicit ChunkPipe(PgVisitWriter& writer)
        : m_writer(writer), m_current(std::make_unique<Chunk>()), m_thread([this] { run(); }) {}
    ~ChunkPipe() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }
    ChunkPipe(const ChunkPipe&) = delete;
    ChunkPipe& operator=(const ChunkPipe&) = delete;

    Chunk& current() { return *m_current; }

    /// Queues current() for writing, waiting while kChunksAhead are queued; a fresh current().
    void submit() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_error || m_queue.size() < kChunksAhead; });
        if (m_error)
            std::rethrow_exception(m_error);
        m_queue.push_back(std::move(m_current));
        if (!m_free.empty()) {
            m_current = std::move(m_free.back());
            m_free.pop_back();
        }
        lock.unlock();
        m_changed.notify_all();
        if (!m_current)
            m_current = std::make_unique<Chunk>();
        m_current->used = 0;
    }

    /// Writes what is left and waits for the writing thread to end; the import's counts.
    ImportReport finish() {
        if (m_current->used)
            submit();
        std::unique_lock lock(m_mutex);
        m_closed = true;
        m_changed.notify_all();
        m_changed.wait(lock, [&] { return m_error || m_ended; });
        if (m_error)
            std::rethrow_exception(m_error);
        return m_report;
    }

  private:
    void run() {
        try {
            for (;;) {
                std::unique_ptr<Chunk> chunk;
                {
                    std::unique_lock lock(m_mutex);
                    m_changed.wait(lock, [&] { return m_stop || m_closed || !m_queue.empty(); });
                    if (m_stop)
                        return;
                    if (m_queue.empty())
                        break; // closed, and everything written
                    chunk = std::move(m_queue.front());
                    m_queue.pop_front();
                }
                m_changed.notify_all();
                m_writer.write(*chunk);
                std::lock_guard lock(m_mutex);
                m_free.push_back(std::move(chunk));
            }
            ImportReport report = m_writer.finish();
            std::lock_guard lock(m_mutex);
            m_report = report;
            m_ended = true;
        } catch (...) {
            std::lock_guard lock(m_mutex);
            m_error = std::current_exception();
        }
        m_changed.notify_all();
    }

    PgVisitWriter& m_writer;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<Chunk>> m_queue; ///< full chunks, in source order
    std::vector<std::unique_ptr<Chunk>> m_free; ///< written chunks, to be filled again
    std::unique_ptr<Chunk> m_current;           ///< the calling thread's
    bool m_closed = false;                      ///< finish(): nothing more comes
    bool m_stop = false;                        ///< the calling thread has gone
    bool m_ended = false;                       ///< everything written
    std::exception_ptr m_error;
    ImportReport m_report;
    std::thread m_thread; ///< last: started once the rest is made
};

} // namespace

ImportReport PgStore::import_visits(const std::vector<forms::Visit>& visits,
                                    const std::string& file, Progress* progress) {
    return import_visit_stream(
        [&visits](const forms::VisitSink& sink) {
            for (std::size_t i = 0; i < visits.size(); ++i)
                sink(forms::Visit(visits[i]), i + 1);
        },
        visits.size(), file, progress);
}

ImportReport PgStore::import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                          const std::string& file, Progress* progress) {
    try {
        // One transaction: an error, a conflict or Cancelled rolls back everything.
        pqxx::work tx(*m_conn);
        ImportReport report = write_visit_stream(tx, source, total, file, progress);
        tx.commit();
        if (progress)
            progress->finish();
        return report;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "importing visits from " + file, e);
    }
}

ImportReport PgStore::write_visit_stream(pqxx::work& tx, const forms::VisitSource& source,
                                         std::size_t total, const std::string& file,
                                         Progress* progress) {
    {
        // The worker checks visits against templates while this thread uses the connection:
        // every stored version is cached first (template_row), and the worker reads the cache,
        // which nothing changes until the import ends.
        std::vector<std::pair<std::string, int>> versions;
        for (const auto& row : tx.exec("SELECT code, version FROM templates"))
            versions.emplace_back(row[0].as<std::string>(), row[1].as<int>());
        for (const auto& [code, version] : versions)
            template_row(tx, code, version);
        // Imports take turns, as SQLite's writers do: one that waits then finds the other's
        // visits stored (unchanged, or a conflict) instead of failing on their uuids at its end.
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kImportLock);
        // The reference checks keep a chunk's visits (some megabytes) for their statement: in
        // memory rather than in a temporary file.
        tx.exec("SET LOCAL work_mem = '32MB'");
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
        PgVisitWriter writer(tx, file);
        ImportReport report;
        {
            ChunkPipe pipe(writer);
            try {
                std::size_t count = 0;
                while (const ImportItem* item = stream.next(progress)) {
                    Chunk& chunk = pipe.current();
                    chunk.visits[chunk.used++].assign(*item);
                    if (chunk.used == chunk.visits.size())
                        pipe.submit();
                    if (progress && ++count % 256 == 0 && !progress->update(item->done))
                        throw Cancelled{};
                }
                report = pipe.finish();
            } catch (const InputError&) {
                stream.finish(); // bad input anywhere in the source ranks first
                throw;
            }
        }
        return report;
    }
}

} // namespace vs::storage
