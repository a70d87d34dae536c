#pragma once
// Internal to the PostgreSQL backend: what its parts share — turning a server error into the
// storage error a person reads, and the score arrays stored as BYTEA (raw doubles, as the
// SQLite backend stores them in BLOBs).

#include "storage/audit_store.h"
#include "storage/types.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <libpq-fe.h>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace vs::storage {

/// "PostgreSQL (host:port/db): `what`: the server's message" as a StorageError. A refusal by
/// the server's permissions (insufficient privilege, a row-level security policy) reads
/// "… `what` was refused by the server: …". Use in a catch block: `catch (const pqxx::failure& e)
/// { throw pg_error(conn, "storing visits", e); }`.
StorageError pg_error(pqxx::connection& conn, const std::string& what, const std::exception& e);

/// Where `conn` is connected, "host:port/db", for messages.
std::string pg_where(pqxx::connection& conn);

/// Bytes as a BYTEA literal in hex form ("\x0a1b…"): bound as text and cast with $n::bytea, or
/// written as a COPY field.
std::string bytea_hex(const void* data, std::size_t size);
inline std::string bytea_hex(const std::vector<double>& values) {
    return bytea_hex(values.data(), values.size() * sizeof(double));
}
inline std::string bytea_hex(const std::vector<unsigned char>& bytes) {
    return bytea_hex(bytes.data(), bytes.size());
}

/// A BYTEA field's bytes.
std::vector<unsigned char> bytes_of(const pqxx::field& field);
/// A BYTEA field of raw doubles (a score array).
std::vector<double> doubles_of(const pqxx::field& field);

/// A text field, "" for NULL.
inline std::string text_or_empty(const pqxx::field& field) {
    return field.is_null() ? std::string() : field.as<std::string>();
}

/// Appends an audit entry about visit `visit_id` inside `tx`, through the server's
/// visitscore_append_audit (pg_schema.cpp): the chain's hash is computed there, under a lock
/// that concurrent writers share until their transactions end. Returns the entry's id.
std::int64_t pg_append_audit(pqxx::transaction_base& tx, std::int64_t visit_id,
                             const AuditChange& change);

/// Appends an audit entry about the assignment `uuid` inside `tx`, through the server's
/// visitscore_append_assignment_audit (the same chain and lock as pg_append_audit). Appended
/// last in a transaction, after every row lock it takes, as a visit's entries are.
std::int64_t pg_append_assignment_audit(pqxx::transaction_base& tx, const std::string& uuid,
                                        const AuditChange& change);

/// A single-statement read: `read` (a callable taking pqxx::transaction_base&) inside `open`
/// when it is given (a transaction already open for the caller, such as a rescore batch's),
/// else as one statement on its own on `conn` (no BEGIN and COMMIT: one round trip); a server
/// error becomes pg_error(conn, `what`, …).
template <typename Read>
auto pg_read(pqxx::connection& conn, pqxx::transaction_base* open, const std::string& what,
             Read&& read) {
    try {
        if (open)
            return read(*open);
        pqxx::nontransaction tx(conn);
        return read(static_cast<pqxx::transaction_base&>(tx));
    } catch (const pqxx::failure& e) {
        throw pg_error(conn, what, e);
    }
}

/// `name`, defined as the prepared statement `sql` on `conn` (fixed strings of the caller): for a
/// statement run often, which the server then parses once per connection and, after a few runs,
/// plans once instead of at every call (a visit's load, a join of six tables, took about 1.2 ms
/// to plan and 0.2 ms to run). libpqxx registers the definition at the first call (the same
/// definition again changes nothing) and prepares it in the server when it first runs.
inline const char* pg_prepared(pqxx::connection& conn, const char* name, const char* sql) {
    conn.prepare(name, sql);
    return name;
}

/// libpq's connection under a libpqxx transaction (libpqxx 6.4 hands it out only to its large
/// objects): for what libpqxx does not do itself, binary COPY in either direction.
PGconn* pg_raw_connection(const pqxx::dbtransaction& tx);

/// Text values as a PostgreSQL array literal ({"a","b"}), bound as one value and cast to text[].
std::string pg_text_array(const std::vector<const std::string*>& values);
std::string pg_text_array(const std::vector<std::string>& values);
/// Integers as a PostgreSQL array literal ({1,2}), bound as one value and cast to bigint[].
std::string pg_int_array(const std::vector<std::int64_t>& values);

} // namespace vs::storage
