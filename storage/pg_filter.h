#pragma once
// Internal to the PostgreSQL backend: the WHERE clause of a VisitFilter, and reading a large
// query as a binary COPY (PgCopyReader), the fastest way the server has to hand over many rows:
// no text formatting of numbers, no hex encoding of score arrays, and the server producing rows
// while the client reads them, so that a million visits stream without sitting in memory.

#include "storage/fact_store.h"

#include <cstdint>
#include <cstring>
#include <endian.h>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
struct pg_conn;
}

namespace vs::storage {

/// The conditions of a VisitFilter on `visits v` and their values.
struct PgFilter {
    /// How the conditions refer to their values.
    enum class Values {
        Bound,    ///< $1, $2, …: pass `params` to exec_params
        Settings, ///< transaction-local settings (COPY takes no bound values): call bind()
    };

    Values style = Values::Bound;
    std::string where; ///< " WHERE 1 = 1 AND …"
    std::vector<std::string> params;

    /// Adds a value and returns the expression that reads it, of SQL type `type`.
    std::string add(std::string value, const char* type);
    /// With Values::Settings: stores the values for the transaction's next statements (each
    /// bound, as set_config's argument).
    void bind(pqxx::transaction_base& tx) const;
};

PgFilter pg_filter(const VisitFilter& filter, PgFilter::Values style = PgFilter::Values::Bound);

/// Reads the rows of `COPY (query) TO STDOUT (FORMAT binary)` run inside `tx`, one at a time,
/// with libpq's own calls (libpqxx 6.4 reads COPY only as text). The query takes no bound
/// values: give it PgFilter::Values::Settings. Errors come as pqxx::sql_error with the server's
/// state (pg_error turns them into a StorageError). Destroyed before its end (an exception in
/// the reader's caller), it cancels the copy, and the transaction can only be rolled back.
class PgCopyReader {
  public:
    PgCopyReader(pqxx::dbtransaction& tx, const std::string& query);
    ~PgCopyReader();
    PgCopyReader(const PgCopyReader&) = delete;
    PgCopyReader& operator=(const PgCopyReader&) = delete;

    /// Moves to the next row; false after the last. The row's fields stay valid until the next
    /// call.
    bool next();

    bool is_null(std::size_t i) const { return m_fields[i].second < 0; }
    /// A text or bytea field's bytes ("" for NULL).
    std::string_view bytes(std::size_t i) const {
        return is_null(i) ? std::string_view()
                          : std::string_view(m_fields[i].first,
                                             static_cast<std::size_t>(m_fields[i].second));
    }
    std::string text(std::size_t i) const { return std::string(bytes(i)); }
    /// An int2, int4 or int8 field.
    std::int64_t integer(std::size_t i) const {
        const char* p = m_fields[i].first;
        switch (m_fields[i].second) {
        case 2: {
            std::uint16_t v;
            std::memcpy(&v, p, 2);
            return static_cast<std::int16_t>(be16toh(v));
        }
        case 4: {
            std::uint32_t v;
            std::memcpy(&v, p, 4);
            return static_cast<std::int32_t>(be32toh(v));
        }
        default: {
            std::uint64_t v;
            std::memcpy(&v, p, 8);
            return static_cast<std::int64_t>(be64toh(v));
        }
        }
    }
    /// A float8 field.
    double real(std::size_t i) const {
        std::uint64_t v;
        std::memcpy(&v, m_fields[i].first, 8);
        v = be64toh(v);
        double d;
        std::memcpy(&d, &v, 8);
        return d;
    }
    bool boolean(std::size_t i) const { return m_fields[i].first[0] != 0; }

  private:
    enum class Parsed { Row, End, More };
    Parsed parse();
    bool fetch();
    void finish();
    void free_chunk();

    pg_conn* m_conn;
    std::string m_query;
    char* m_chunk = nullptr; ///< the last piece from the server (libpq's memory)
    std::string m_pending;   ///< a row split over pieces, put together
    std::string_view m_rest; ///< what is not parsed yet, in m_chunk or m_pending
    bool m_header = false;   ///< the copy's header is read
    bool m_done = false;     ///< the copy has ended
    std::vector<std::pair<const char*, int>> m_fields; ///< the current row: data, length (-1 NULL)
};

} // namespace vs::storage
