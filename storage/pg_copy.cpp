// The PostgreSQL backend's rows as they are (raw_tables.h): reading a server database from one
// snapshot through COPY … TO, writing a copy through COPY … FROM in one transaction, and the
// backup of a server database (MaintenanceStore::backup): a SQLite file of all its rows.
#include "forms/error.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"
#include "storage/raw_tables.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <utility>

namespace vs::storage {
namespace {

std::string column_list(const RawTable& table) {
    std::string out;
    for (const RawColumn& c : table.columns)
        out += (out.empty() ? "" : ", ") + std::string(c.name);
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// One field of a COPY text line, unescaped (COPY's backslash escapes).
std::string unescape(std::string_view field) {
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            out += field[i];
            continue;
        }
        const char c = field[++i];
        switch (c) {
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'v':
            out += '\v';
            break;
        case 'x': {
            int v = 0, n = 0;
            while (n < 2 && i + 1 < field.size() && hex_digit(field[i + 1]) >= 0)
                v = v * 16 + hex_digit(field[++i]), ++n;
            out += static_cast<char>(v);
            break;
        }
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0', n = 1;
                while (n < 3 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7')
                    v = v * 8 + (field[++i] - '0'), ++n;
                out += static_cast<char>(v);
            } else {
                out += c; // "\\" and any other escaped character stand for themselves
            }
        }
    }
    return out;
}

RawValue parse_value(std::string_view field, RawKind kind, const char* table) {
    if (field == "\\N")
        return std::monostate{};
    switch (kind) {
    case RawKind::Int: {
        std::int64_t v = 0;
        const auto r = std::from_chars(field.data(), field.data() + field.size(), v);
        if (r.ec != std::errc())
            throw StorageError(std::string("copying ") + table + ": \"" + std::string(field) +
                               "\" is not an integer");
        return v;
    }
    case RawKind::Bool:
        return static_cast<std::int64_t>(field == "t" || field == "true" || field == "1");
    case RawKind::Real: {
        // PostgreSQL prints the shortest text that reads back as the same double.
        const std::string text(field);
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str())
            throw StorageError(std::string("copying ") + table + ": \"" + text +
                               "\" is not a number");
        return v;
    }
    case RawKind::Text:
        return unescape(field);
    case RawKind::Blob: {
        const std::string hex = unescape(field); // "\x0a1b…"
        RawBytes bytes;
        if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x')
            throw StorageError(std::string("copying ") + table +
                               ": a BYTEA value is not in hex form (bytea_output = hex)");
        bytes.reserve((hex.size() - 2) / 2);
        for (std::size_t i = 2; i + 1 < hex.size(); i += 2)
            bytes.push_back(
                static_cast<unsigned char>(hex_digit(hex[i]) * 16 + hex_digit(hex[i + 1])));
        return bytes;
    }
    }
    return std::monostate{};
}

/// A value as COPY … FROM reads it (before COPY's own escaping), for a column of `kind`.
std::string copy_text(const RawValue& v, RawKind kind) {
    if (const auto* x = std::get_if<std::int64_t>(&v)) {
        if (kind == RawKind::Bool)
            return *x ? "t" : "f";
        return std::to_string(*x);
    }
    if (const auto* d = std::get_if<double>(&v)) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, *d); // shortest exact
        return std::string(buf, r.ptr);
    }
    if (const auto* s = std::get_if<std::string>(&v))
        return *s;
    return bytea_hex(std::get<RawBytes>(v));
}

using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

/// Writes one COPY row of `fields` (nullptr: NULL). libpqxx 6.4 streams fixed-size tuples only:
/// the row goes out as a std::array of its own width.
template <std::size_t N>
void write_fields(pqxx::stream_to& copy, const std::vector<const char*>& fields) {
    std::array<const char*, N> row;
    std::copy_n(fields.begin(), N, row.begin());
    copy << row;
}
template <std::size_t... N>
void write_row(pqxx::stream_to& copy, const std::vector<const char*>& fields,
               std::index_sequence<N...>) {
    const bool written =
        ((fields.size() == N + 1 ? (write_fields<N + 1>(copy, fields), true) : false) || ...);
    if (!written)
        throw StorageError("copying: a table of " + std::to_string(fields.size()) +
                           " columns is wider than the copy handles");
}

class PgRawReader final : public RawReader {
  public:
    /// On the connection of `store`; `owned` keeps a store opened for this reader alive.
    PgRawReader(PgStore& store, std::unique_ptr<Store> owned)
        : m_owned(std::move(owned)), m_conn(store.connection()) {
        try {
            m_tx.emplace(m_conn);
            m_tx->exec("SET LOCAL bytea_output = 'hex'");
        } catch (const pqxx::failure& e) {
            throw pg_error(m_conn, "reading the database", e);
        }
    }

    std::size_t count(const RawTable& table) override {
        try {
            return m_tx->exec(std::string("SELECT count(*) FROM ") + table.name)[0][0]
                .as<std::size_t>();
        } catch (const pqxx::failure& e) {
            throw pg_error(m_conn, std::string("counting the rows of ") + table.name, e);
        }
    }

    void rows(const RawTable& table, const std::function<void(const RawRow&)>& row) override {
        try {
            // COPY of a query (the table's name and columns are the backend's own strings).
            pqxx::stream_from copy(*m_tx, "(SELECT " + column_list(table) + " FROM " + table.name +
                                              (table.stored_order ? ")" : " ORDER BY 1)"));
            std::string line;
            RawRow values(table.columns.size());
            while (copy.get_raw_line(line)) {
                if (!line.empty() && line.back() == '\n')
                    line.pop_back();
                std::size_t start = 0;
                for (std::size_t i = 0; i < table.columns.size(); ++i) {
                    std::size_t end = line.find('\t', start);
                    if (end == std::string::npos)
                        end = line.size();
                    values[i] = parse_value(std::string_view(line).substr(start, end - start),
                                            table.columns[i].kind, table.name);
                    start = end + 1;
                }
                row(values);
            }
            copy.complete();
        } catch (const pqxx::failure& e) {
            throw pg_error(m_conn, std::string("reading the rows of ") + table.name, e);
        }
    }

  private:
    std::unique_ptr<Store> m_owned;
    pqxx::connection& m_conn;
    std::optional<Snapshot> m_tx;
};

/// The audit chain's lock key (visitscore_append_audit, pg_schema.cpp).
constexpr long long kAuditChainLock = 6149290220431856980LL;

class PgRawWriter final : public RawWriter {
  public:
    explicit PgRawWriter(const std::string& uri)
        : m_store(std::make_unique<PgStore>(uri, OpenMode::Create)), m_conn(m_store->connection()) {
        try {
            m_tx.emplace(m_conn);
            std::string tables;
            for (const RawTable& t : raw_tables())
                tables += (tables.empty() ? "" : ", ") + std::string(t.name);
            // No other writer between the check that the database is empty and the commit; the
            // audit chain's lock keeps concurrent appends off the copied chain.
            m_tx->exec("LOCK TABLE " + tables + " IN SHARE ROW EXCLUSIVE MODE");
            m_tx->exec_params("SELECT pg_advisory_xact_lock($1)", kAuditChainLock);
        } catch (const pqxx::failure& e) {
            const StorageError error = pg_error(m_conn, "preparing the copy", e);
            const std::string what = error.what();
            if (what.find("refused by the server") == std::string::npos)
                throw error;
            throw StorageError(what + " (a copy writes the audit chain entry by entry as it is, "
                                      "which only the database's owner may do: copy as the "
                                      "account that ran `server init`)");
        }
    }

    std::string first_nonempty_table() override {
        try {
            for (const RawTable& table : raw_tables())
                if (!table.merged && m_tx->exec(std::string("SELECT EXISTS (SELECT 1 FROM ") +
                                                table.name + ")")[0][0]
                                         .as<bool>())
                    return table.name;
            return "";
        } catch (const pqxx::failure& e) {
            throw pg_error(m_conn, "checking that the database is empty", e);
        }
    }

    void begin_table(const RawTable& table) override {
        m_table = &table;
        if (table.merged)
            return;
        try {
            std::vector<std::string> columns;
            for (const RawColumn& c : table.columns)
                columns.emplace_back(c.name);
            m_copy.emplace(*m_tx, table.name, columns);
        } catch (const pqxx::failure& e) {
            throw pg_error(m_conn, std::string("copying into ") + table.name, e);
        }
    }

    void write(const RawRow& row) override {
        try {
            if (m_table->merged) {
                // Settings: the source's value replaces the target's.
                m_tx->exec_params(
                    "INSERT INTO " + std::string(m_table->name) + " (" + column_list(*m_table) +
                        ") VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET "
                        "value = EXCLUDED.value",
                    copy_text(row.at(0), RawKind::Text), copy_text(row.at(1), RawKind::Text));
                return;
            }
            m_texts.resize(row.size());
            m_fields.resize(row.size());
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (std::holds_alternative<std::monostate>(row[i])) {
                    m_fields[i] = nullptr;
                    continue;
                }
                m_texts[i] = copy_text(row[i], m_table->columns[i].kind);
                m_fields[i] = m_texts[i].c_str();
            }
            write_row(*m_copy, m_fields, std::make_index_sequence<32>{});
        } catch (const pqxx::failure& e) {
            throw pg_error(m_conn, std::string("copying into ") + m_table->name, e);
        }
    }

    void end_table() override {
        try {
            if (m_copy)
                m_copy->complete();
            m_copy.reset();
        } catch (const pqxx::failure& e) {
            throw pg_error(m_conn, std::string("copying into ") + m_table->name, e);
        }
    }

    void commit() override {
        try {
            // The server numbers new rows after the highest copied id.
            for (const RawTable& table : raw_tables())
                if (table.identity)
                    m_tx->exec(std::string("SELECT setval(pg_get_serial_sequence('") + table.name +
                               "', 'id'), max(id)) FROM " + table.name +
                               " HAVING max(id) IS NOT NULL");
            // A desk's file has one read mark per notification: on a server it becomes the mark
            // of the account that copies (the database's owner). The marks of a server's other
            // accounts are not copied (docs/alerts.md).
            m_tx->exec("INSERT INTO notification_reads (notification_id, account, read_at) SELECT "
                       "id, session_user, read_at FROM notifications WHERE read_at IS NOT NULL "
                       "ON CONFLICT DO NOTHING");
            m_tx->commit();
            m_tx.reset();
            pqxx::nontransaction vacuum(m_conn);
            // The planner's statistics for the rows just copied, and their visibility map: the
            // reports' reads of the visits are index-only scans, which without it visit the heap
            // for every row until autovacuum's next round (about 5 s at 1M).
            vacuum.exec("VACUUM (ANALYZE)");
        } catch (const pqxx::failure& e) {
            throw pg_error(m_conn, "storing the copy", e);
        }
    }

  private:
    std::unique_ptr<PgStore> m_store;
    pqxx::connection& m_conn;
    std::optional<pqxx::work> m_tx;
    std::optional<pqxx::stream_to> m_copy;
    const RawTable* m_table = nullptr;
    std::vector<std::string> m_texts;
    std::vector<const char*> m_fields;
};

} // namespace

std::unique_ptr<RawReader> pg_raw_reader(const std::string& uri) {
    auto store = std::make_unique<PgStore>(uri, OpenMode::ReadOnly);
    PgStore& pg = *store;
    return std::make_unique<PgRawReader>(pg, std::move(store));
}

std::unique_ptr<RawReader> pg_raw_reader(PgStore& store) {
    return std::make_unique<PgRawReader>(store, nullptr);
}

std::unique_ptr<RawWriter> pg_raw_writer(const std::string& uri) {
    return std::make_unique<PgRawWriter>(uri);
}

void PgStore::backup(const std::string& path) {
    // A SQLite file of every row, read from one snapshot while the server stays in use.
    auto reader = pg_raw_reader(*this);
    write_sqlite_copy(*reader, path);
}

} // namespace vs::storage
