#include "storage/pg_common.h"

#include <charconv>
#include <cstring>

namespace vs::storage {

namespace {

/// Reaches libpqxx's protected accessor of a transaction's connection.
class RawConnection : pqxx::largeobject {
  public:
    static PGconn* of(const pqxx::dbtransaction& tx) { return raw_connection(tx); }
};

} // namespace

PGconn* pg_raw_connection(const pqxx::dbtransaction& tx) {
    return RawConnection::of(tx);
}

std::string pg_where(pqxx::connection& conn) {
    std::string where;
    const char* host = conn.hostname();
    where += host && *host ? host : "local socket";
    const char* port = conn.port();
    if (port && *port)
        where += std::string(":") + port;
    const char* db = conn.dbname();
    if (db && *db)
        where += std::string("/") + db;
    return where;
}

StorageError pg_error(pqxx::connection& conn, const std::string& what, const std::exception& e) {
    std::string message = e.what();
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    bool refused = false;
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
        const std::string state = sql->sqlstate();
        // insufficient_privilege, row-level security included; libpqxx 6.4 leaves the state
        // empty on that class, so its type says it.
        refused = state == "42501" || dynamic_cast<const pqxx::insufficient_privilege*>(&e);
    }
    std::string where;
    try {
        where = pg_where(conn);
    } catch (...) {
        where = "server";
    }
    return StorageError("PostgreSQL (" + where + "): " + what +
                        (refused ? " was refused by the server: " : ": ") + message);
}

std::string bytea_hex(const void* data, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 + 2 * size);
    out += "\\x";
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

std::vector<unsigned char> bytes_of(const pqxx::field& field) {
    if (field.is_null())
        return {};
    const pqxx::binarystring b(field);
    return {b.data(), b.data() + b.size()};
}

std::vector<double> doubles_of(const pqxx::field& field) {
    if (field.is_null())
        return {};
    const pqxx::binarystring b(field);
    std::vector<double> out(b.size() / sizeof(double));
    if (!out.empty())
        std::memcpy(out.data(), b.data(), out.size() * sizeof(double));
    return out;
}

std::int64_t pg_append_audit(pqxx::transaction_base& tx, std::int64_t visit_id,
                             const AuditChange& change) {
    return tx
        .exec_params1("SELECT visitscore_append_audit($1, $2, $3, $4, $5, $6, $7)", visit_id,
                      change.who, change.action, change.field, change.old_value, change.new_value,
                      change.reason)[0]
        .as<std::int64_t>();
}

std::int64_t pg_append_assignment_audit(pqxx::transaction_base& tx, const std::string& uuid,
                                        const AuditChange& change) {
    return tx
        .exec_params1("SELECT visitscore_append_assignment_audit($1, $2, $3, $4, $5, $6, $7)", uuid,
                      change.who, change.action, change.field, change.old_value, change.new_value,
                      change.reason)[0]
        .as<std::int64_t>();
}

std::string pg_text_array(const std::vector<const std::string*>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += ',';
        out += '"';
        for (char c : *values[i]) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

std::string pg_text_array(const std::vector<std::string>& values) {
    std::vector<const std::string*> refs;
    refs.reserve(values.size());
    for (const std::string& v : values)
        refs.push_back(&v);
    return pg_text_array(refs);
}

std::string pg_int_array(const std::vector<std::int64_t>& values) {
    std::string out = "{";
    char buf[24];
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += ',';
        out.append(buf, std::to_chars(buf, buf + sizeof buf, values[i]).ptr);
    }
    out += '}';
    return out;
}

} // namespace vs::storage
