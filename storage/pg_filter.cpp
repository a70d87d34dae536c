#include "storage/pg_filter.h"

#include "forms/visit.h"
#include "storage/pg_common.h"

#include <libpq-fe.h>

namespace vs::storage {
namespace {

std::string trimmed(const char* message) {
    std::string s = message ? message : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

/// The error of a failed result, as libpqxx reports one (with the server's SQLSTATE).
[[noreturn]] void throw_result_error(const PGresult* result, const std::string& query) {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    throw pqxx::sql_error(trimmed(PQresultErrorMessage(result)), query, state);
}

std::uint16_t be16(const char* p) {
    std::uint16_t v;
    std::memcpy(&v, p, 2);
    return be16toh(v);
}

std::uint32_t be32(const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return be32toh(v);
}

} // namespace

std::string PgFilter::add(std::string value, const char* type) {
    params.push_back(std::move(value));
    const std::string n = std::to_string(params.size());
    if (style == Values::Bound)
        return "$" + n + "::" + type;
    return "current_setting('visitscore.filter_" + n + "')::" + type;
}

void PgFilter::bind(pqxx::transaction_base& tx) const {
    if (style != Values::Settings)
        return;
    if (params.empty())
        return;
    // One statement for them all (one round trip).
    std::string sql = "SELECT ";
    for (std::size_t i = 1; i <= params.size(); ++i)
        sql += (i > 1 ? ", " : "") + std::string("set_config('visitscore.filter_") +
               std::to_string(i) + "', $" + std::to_string(i) + ", true)";
    tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
}

PgFilter pg_filter(const VisitFilter& f, PgFilter::Values style) {
    PgFilter s;
    s.style = style;
    s.where = " WHERE 1 = 1";
    if (f.client)
        s.where +=
            " AND v.client_id = (SELECT id FROM clients WHERE name = " + s.add(*f.client, "text") +
            ")";
    if (f.from_day)
        s.where += " AND v.day >= " + s.add(std::to_string(*f.from_day), "integer");
    if (f.to_day)
        s.where += " AND v.day <= " + s.add(std::to_string(*f.to_day), "integer");
    if (!f.statuses.empty()) {
        s.where += " AND v.status IN (";
        for (std::size_t i = 0; i < f.statuses.size(); ++i)
            s.where +=
                (i ? ", " : "") + s.add(std::string(forms::to_string(f.statuses[i])), "text");
        s.where += ")";
    }
    s.where += f.calibration ? " AND v.calibration IS NOT NULL" : " AND v.calibration IS NULL";
    // The survey scorecards' ids as an array, computed once per statement: tested on each row of
    // the report index, <> ALL of it took a third of the time of NOT IN's hashed subplan (0.11
    // against 0.28 s over a million visits), and = ANY kept a hash join out of the survey reads.
    if (f.kind == VisitFilter::Kind::Mystery)
        s.where += " AND v.template_id <> ALL (ARRAY(SELECT id FROM templates WHERE channel = "
                   "'survey'))";
    else if (f.kind == VisitFilter::Kind::Survey)
        s.where += " AND v.template_id = ANY (ARRAY(SELECT id FROM templates WHERE channel = "
                   "'survey'))";
    // The visit's row id, looked up once: compared on each row of the client's report index,
    // a uuid read from a setting made one visit of a client's 7,000 take 43 ms instead of 2.
    if (f.uuid)
        s.where +=
            " AND v.id = (SELECT id FROM visits WHERE uuid = " + s.add(*f.uuid, "text") + ")";
    return s;
}

PgCopyReader::PgCopyReader(pqxx::dbtransaction& tx, const std::string& query)
    : m_conn(pg_raw_connection(tx)), m_query("COPY (" + query + ") TO STDOUT (FORMAT binary)") {
    PGresult* result = PQexec(m_conn, m_query.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COPY_OUT) {
        m_done = true;
        try {
            if (status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR)
                throw_result_error(result, m_query);
            throw pqxx::failure(result ? "unexpected reply to COPY: " +
                                             std::string(PQresStatus(status))
                                       : trimmed(PQerrorMessage(m_conn)));
        } catch (...) {
            PQclear(result);
            while (PGresult* more = PQgetResult(m_conn))
                PQclear(more);
            throw;
        }
    }
    PQclear(result);
}

PgCopyReader::~PgCopyReader() {
    if (!m_done) {
        // Stop the server and read what it already sent: the connection must leave COPY mode.
        if (PGcancel* cancel = PQgetCancel(m_conn)) {
            char message[256];
            PQcancel(cancel, message, sizeof message);
            PQfreeCancel(cancel);
        }
        char* chunk = nullptr;
        while (PQgetCopyData(m_conn, &chunk, 0) > 0)
            PQfreemem(chunk);
        while (PGresult* more = PQgetResult(m_conn))
            PQclear(more);
    }
    free_chunk();
}

void PgCopyReader::free_chunk() {
    if (m_chunk)
        PQfreemem(m_chunk);
    m_chunk = nullptr;
}

PgCopyReader::Parsed PgCopyReader::parse() {
    std::string_view in = m_rest;
    if (!m_header) {
        // "PGCOPY\n\377\r\n\0", flags, the header extension's length and the extension.
        constexpr std::size_t kSignature = 11;
        if (in.size() < kSignature + 8)
            return Parsed::More;
        const std::size_t extension = be32(in.data() + kSignature + 4);
        if (in.size() < kSignature + 8 + extension)
            return Parsed::More;
        in.remove_prefix(kSignature + 8 + extension);
        m_header = true;
        m_rest = in;
    }
    if (in.size() < 2)
        return Parsed::More;
    const auto count = static_cast<std::int16_t>(be16(in.data()));
    if (count < 0) {
        m_rest = in.substr(2);
        return Parsed::End;
    }
    in.remove_prefix(2);
    m_fields.resize(static_cast<std::size_t>(count));
    for (auto& field : m_fields) {
        if (in.size() < 4)
            return Parsed::More;
        const auto length = static_cast<std::int32_t>(be32(in.data()));
        in.remove_prefix(4);
        if (length > 0 && in.size() < static_cast<std::size_t>(length))
            return Parsed::More;
        field = {in.data(), length};
        if (length > 0)
            in.remove_prefix(static_cast<std::size_t>(length));
    }
    m_rest = in;
    return Parsed::Row;
}

bool PgCopyReader::fetch() {
    char* chunk = nullptr;
    const int size = PQgetCopyData(m_conn, &chunk, 0);
    if (size == -2)
        throw pqxx::failure(trimmed(PQerrorMessage(m_conn)));
    if (size == -1) {
        finish();
        return false;
    }
    if (m_rest.empty()) {
        free_chunk();
        m_chunk = chunk;
        m_rest = std::string_view(chunk, static_cast<std::size_t>(size));
        return true;
    }
    // A row split over pieces (the server sends one row a piece, so this is rare).
    std::string joined(m_rest);
    joined.append(chunk, static_cast<std::size_t>(size));
    PQfreemem(chunk);
    free_chunk();
    m_pending = std::move(joined);
    m_rest = m_pending;
    return true;
}

void PgCopyReader::finish() {
    m_done = true;
    PGresult* failed = nullptr;
    while (PGresult* result = PQgetResult(m_conn)) {
        const ExecStatusType status = PQresultStatus(result);
        if (!failed && (status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR))
            failed = result;
        else
            PQclear(result);
    }
    if (failed) {
        try {
            throw_result_error(failed, m_query);
        } catch (...) {
            PQclear(failed);
            throw;
        }
    }
}

bool PgCopyReader::next() {
    for (;;) {
        if (m_done)
            return false;
        switch (parse()) {
        case Parsed::Row:
            return true;
        case Parsed::End:
            // The trailer: what follows is the end of the copy and its result.
            while (fetch()) {
            }
            return false;
        case Parsed::More:
            if (!fetch()) {
                if (!m_rest.empty() || !m_header)
                    throw pqxx::failure("the server's COPY ended inside a row");
                return false;
            }
            break;
        }
    }
}

} // namespace vs::storage
