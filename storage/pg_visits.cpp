// The PostgreSQL backend's VisitStore: the visit list, loading a visit, drafts, status changes
// and edits. Many people change visits at once: a status change or an edit locks the visit's
// row (SELECT … FOR UPDATE) and compares the status or the row version (updated_at, with
// microseconds) it was read with, so that of two changes made from the same reading exactly one
// is written and the other is refused with who changed the visit and when. Audit entries are
// appended last in each transaction (pg_append_audit), after every row lock it takes, so that
// writers waiting for the audit chain's lock never wait for each other's rows.
#include "forms/dates.h"
#include "forms/error.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"
#include "storage/prepare.h"
#include "storage/visit_conflict.h"

#include <chrono>
#include <cstdio>
#include <random>
#include <unordered_map>

namespace vs::storage {
namespace {

using forms::Status;
using forms::Visit;

/// The row version written with every change: UTC now with microseconds.
constexpr const char* kNow =
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

std::string new_uuid() {
    static thread_local std::mt19937_64 rng{
        std::random_device{}() ^
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
    std::uint64_t a = rng(), b = rng();
    a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL; // version 4
    b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // variant 1
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                  static_cast<unsigned>(b >> 48),
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    return buf;
}

std::string like_pattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "%";
}

/// A parameter that may be NULL: bound as text (nullptr when NULL) and cast in the SQL.
class Nullable {
  public:
    Nullable() = default;
    explicit Nullable(std::string text) : m_text(std::move(text)), m_null(false) {}
    const char* get() const { return m_null ? nullptr : m_text.c_str(); }

  private:
    std::string m_text;
    bool m_null = true;
};

Nullable id_or_null(std::int64_t id) {
    return id > 0 ? Nullable(std::to_string(id)) : Nullable();
}

Nullable number_or_null(const std::optional<double>& x) {
    if (!x)
        return {};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", *x);
    return Nullable(buf);
}

std::optional<double> opt_real(const pqxx::field& f) {
    return f.is_null() ? std::optional<double>() : f.as<double>();
}

/// Finds an organisation row of a client (regions by name; branches, employees, shoppers by
/// code), creating it with `name` when missing. A row another writer creates at the same time
/// is found, not duplicated. `table` and `key_column` are fixed strings of this file.
std::int64_t find_or_create(pqxx::work& tx, const char* table, const char* key_column,
                            std::int64_t client_id, const std::string& key,
                            const std::string& name) {
    const std::string find = std::string("SELECT id FROM ") + table + " WHERE client_id = $1 AND " +
                             key_column + " = $2";
    pqxx::result r = tx.exec_params(find, client_id, key);
    if (!r.empty())
        return r[0][0].as<std::int64_t>();
    const bool named = std::string_view(key_column) != "name";
    const std::string insert = std::string("INSERT INTO ") + table + " (client_id, " + key_column +
                               (named ? ", name) VALUES ($1, $2, $3)" : ") VALUES ($1, $2)") +
                               " ON CONFLICT DO NOTHING RETURNING id";
    r = named ? tx.exec_params(insert, client_id, key, name)
              : tx.exec_params(insert, client_id, key);
    if (!r.empty())
        return r[0][0].as<std::int64_t>();
    return tx.exec_params1(find, client_id, key)[0].as<std::int64_t>();
}

std::int64_t find_or_create_client(pqxx::work& tx, const std::string& name) {
    pqxx::result r = tx.exec_params("SELECT id FROM clients WHERE name = $1", name);
    if (!r.empty())
        return r[0][0].as<std::int64_t>();
    r = tx.exec_params("INSERT INTO clients (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id",
                       name);
    if (!r.empty())
        return r[0][0].as<std::int64_t>();
    return tx.exec_params1("SELECT id FROM clients WHERE name = $1", name)[0].as<std::int64_t>();
}

/// Inserts (id 0) or rewrites visit `id` from a checked, scored visit inside `tx`; organisation
/// rows the header names are found or created. Returns the visit's id.
std::int64_t write_visit(pqxx::work& tx, std::int64_t id, const Visit& v,
                         const forms::Template& tpl, std::int64_t template_pk) {
    const PreparedVisit p = prepare_visit(tpl, v, "", "visit " + v.uuid);
    // The organisation rows the header names, in one statement when they are there already (a
    // draft saved again, an edit): one round trip instead of five, inside a transaction that
    // holds the visit's row. A row not there yet is created as before.
    const pqxx::result org = tx.exec_params(
        "SELECT c.id, b.id, b.region_id, r.id, e.id, s.id FROM clients c "
        "LEFT JOIN branches b ON b.client_id = c.id AND b.code = $2 "
        "LEFT JOIN regions r ON r.client_id = c.id AND r.name = $3 "
        "LEFT JOIN employees e ON e.client_id = c.id AND e.code = $4 "
        "LEFT JOIN shoppers s ON s.client_id = c.id AND s.code = $5 WHERE c.name = $1",
        v.client, v.branch, v.region, v.employee, v.shopper);
    auto found = [&org](int column) -> std::int64_t { // 0 when not there
        return org.empty() || org[0][column].is_null() ? 0 : org[0][column].as<std::int64_t>();
    };
    const std::int64_t client = found(0) ? found(0) : find_or_create_client(tx, v.client);
    const std::int64_t branch =
        found(1) ? found(1)
                 : find_or_create(tx, "branches", "code", client, v.branch, v.branch_name);
    std::int64_t region = 0;
    if (!v.region.empty()) {
        region = found(3) ? found(3) : find_or_create(tx, "regions", "name", client, v.region, "");
    } else if (found(1)) {
        region = found(2); // the branch's own
    } else {
        const pqxx::result r =
            tx.exec_params("SELECT region_id FROM branches WHERE id = $1", branch);
        if (!r.empty() && !r[0][0].is_null())
            region = r[0][0].as<std::int64_t>();
    }
    const std::int64_t employee =
        v.employee.empty() ? 0
        : found(4)         ? found(4)
                   : find_or_create(tx, "employees", "code", client, v.employee, v.employee_name);
    const std::int64_t shopper = // a customer survey response has none
        v.shopper.empty() ? 0
        : found(5)        ? found(5)
                   : find_or_create(tx, "shoppers", "code", client, v.shopper, v.shopper_name);

    const std::string columns =
        "template_id, client_id, region_id, branch_id, employee_id, shopper_id, visited_at, day, "
        "status, calibration, reference, summary, answers, comments, raw, score, applicable, "
        "critical, critical_failures, target, nps, source_hash, scoring_rules, assignment_uuid, "
        "opened_at, first_answer_at, submitted_at";
    const std::string values =
        "$1, $2, $3::bigint, $4, $5::bigint, $6::bigint, $7, $8, $9, $10::text, $11, $12, $13, "
        "$14, "
        "$15::float8, $16::float8, $17::float8, $18, $19, $20, $21::integer, $22, $23, $24::text, "
        "$25::text, $26::text, $27::text";
    const std::string sql =
        id ? "UPDATE visits SET (" + columns + ", updated_at) = (" + values + ", " + kNow +
                 ") WHERE id = $28 RETURNING id"
           : "INSERT INTO visits (" + columns + ", uuid) VALUES (" + values + ", $28) RETURNING id";
    auto text_or_null = [](const std::string& s) { return s.empty() ? Nullable() : Nullable(s); };
    const Nullable assignment = text_or_null(v.assignment);
    const Nullable opened = text_or_null(v.evidence.opened_at);
    const Nullable first_answer = text_or_null(v.evidence.first_answer_at);
    const Nullable submitted = text_or_null(v.evidence.submitted_at);
    const Nullable calibration = v.calibration.empty() ? Nullable() : Nullable(v.calibration);
    const Nullable nps = p.nps >= 0 ? Nullable(std::to_string(p.nps)) : Nullable();
    const Nullable raw = number_or_null(p.result.raw);
    const Nullable score = number_or_null(p.result.score);
    const Nullable applicable = number_or_null(p.result.applicable);
    char target[40];
    std::snprintf(target, sizeof target, "%.17g", tpl.target);
    const std::string key = id ? std::to_string(id) : v.uuid;
    id = tx.exec_params1(sql, template_pk, client, id_or_null(region).get(), branch,
                         id_or_null(employee).get(), id_or_null(shopper).get(), v.visited_at, p.day,
                         std::string(forms::to_string(v.status)), calibration.get(), v.reference,
                         v.summary, p.answers_json, p.comments_json, raw.get(), score.get(),
                         applicable.get(), !p.result.critical_failures.empty(),
                         p.critical_failures_json, std::string(target), nps.get(), p.source_hash,
                         scoring::kRulesVersion, assignment.get(), opened.get(), first_answer.get(),
                         submitted.get(), key)[0]
             .as<std::int64_t>();
    tx.exec_params("INSERT INTO visit_scores (visit_id, client_id, section_scores, "
                   "question_scores) VALUES ($1, $2, $3::bytea, $4::bytea) ON CONFLICT (visit_id) "
                   "DO UPDATE SET client_id = EXCLUDED.client_id, "
                   "section_scores = EXCLUDED.section_scores, "
                   "question_scores = EXCLUDED.question_scores",
                   id, client, bytea_hex(p.section_values), bytea_hex(p.question_values));
    tx.exec_params("DELETE FROM visit_section_employees WHERE visit_id = $1", id);
    for (const auto& [section, code] : v.section_employees) {
        if (code == v.employee)
            continue; // the primary's by default: only attributions that differ are stored
        tx.exec_params("INSERT INTO visit_section_employees (visit_id, section, employee_id) "
                       "VALUES ($1, $2, $3)",
                       id, section, find_or_create(tx, "employees", "code", client, code, ""));
    }
    return id;
}

/// Who changed visit `id` last and when, as its latest audit entry says (empty when none).
LastChange last_change(pqxx::work& tx, std::int64_t id) {
    const pqxx::result r = tx.exec_params(
        "SELECT who, at FROM audit_log WHERE visit_id = $1 ORDER BY id DESC LIMIT 1", id);
    if (r.empty())
        return {};
    return {text_or_empty(r[0][0]), text_or_empty(r[0][1])};
}

StorageError unknown_visit(std::int64_t id) {
    return StorageError("visit " + std::to_string(id) + " is not in the database");
}

} // namespace

// --- Visit list -------------------------------------------------------------------------------

std::vector<std::int64_t> PgStore::visit_ids(const VisitListQuery& q) {
    // Every condition is written with its parameter; an absent filter's parameter is NULL and
    // the condition true, so that one statement with fixed placeholders serves every query.
    const bool search = !q.search.empty();
    std::string sql = "SELECT v.id FROM visits v";
    if (search)
        sql += " JOIN branches b ON b.id = v.branch_id LEFT JOIN shoppers s ON s.id = v.shopper_id"
               " JOIN templates t ON t.id = v.template_id"
               " LEFT JOIN employees e ON e.id = v.employee_id";
    sql += " WHERE ($1::bigint IS NULL OR v.client_id = $1::bigint)"
           " AND ($2::bigint IS NULL OR v.branch_id = $2::bigint)"
           " AND ($3::text IS NULL OR v.status = $3::text)"
           // Dates as visited_at text ranges, so that the list index covers the query.
           " AND ($4::text IS NULL OR v.visited_at >= $4::text)"
           " AND ($5::text IS NULL OR v.visited_at < $5::text)";
    if (search)
        sql += " AND (v.uuid ILIKE $6 OR b.code ILIKE $6 OR b.name ILIKE $6 OR e.code ILIKE $6"
               " OR e.name ILIKE $6 OR s.code ILIKE $6 OR s.name ILIKE $6 OR t.name ILIKE $6"
               " OR t.code ILIKE $6)";
    else
        sql += " AND $6::text IS NULL";
    // As SQLite orders it: the list index read backwards, no sort of every row on a tie-break.
    sql += " ORDER BY v.visited_at DESC";
    const Nullable client = q.client_id ? Nullable(std::to_string(*q.client_id)) : Nullable();
    const Nullable branch = q.branch_id ? Nullable(std::to_string(*q.branch_id)) : Nullable();
    const Nullable status =
        q.status ? Nullable(std::string(forms::to_string(*q.status))) : Nullable();
    const Nullable from = q.from_day ? Nullable(forms::day_to_string(*q.from_day)) : Nullable();
    const Nullable to = q.to_day ? Nullable(forms::day_to_string(*q.to_day + 1)) : Nullable();
    const Nullable pattern = search ? Nullable(like_pattern(q.search)) : Nullable();
    try {
        pqxx::nontransaction tx(*m_conn); // one statement: no BEGIN and COMMIT
        const pqxx::result r = tx.exec_params(sql, client.get(), branch.get(), status.get(),
                                              from.get(), to.get(), pattern.get());
        std::vector<std::int64_t> ids;
        ids.reserve(r.size());
        for (const auto& row : r)
            ids.push_back(row[0].as<std::int64_t>());
        return ids;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "listing visits", e);
    }
}

std::vector<VisitListRow> PgStore::read_visit_rows(const std::vector<std::int64_t>& ids) {
    if (ids.empty())
        return {};
    std::string array = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i)
            array += ',';
        array += std::to_string(ids[i]);
    }
    array += '}';
    std::unordered_map<std::int64_t, VisitListRow> found;
    std::unordered_map<std::int64_t, std::int64_t> template_of; // visit id → template row id
    try {
        pqxx::nontransaction tx(*m_conn);
        const pqxx::result r = tx.exec_params(
            "SELECT v.id, v.uuid, v.visited_at, c.name, b.code, b.name, e.code, e.name, s.code, "
            "s.name, v.template_id, v.status, v.score, v.raw, v.target, v.critical "
            "FROM visits v JOIN clients c ON c.id = v.client_id "
            "JOIN branches b ON b.id = v.branch_id LEFT JOIN shoppers s ON s.id = v.shopper_id "
            "LEFT JOIN employees e ON e.id = v.employee_id WHERE v.id = ANY($1::bigint[])",
            array);
        for (const auto& row : r) {
            VisitListRow out;
            out.id = row[0].as<std::int64_t>();
            out.uuid = text_or_empty(row[1]);
            out.visited_at = text_or_empty(row[2]);
            out.client = text_or_empty(row[3]);
            out.branch_code = text_or_empty(row[4]);
            out.branch_name = text_or_empty(row[5]);
            out.employee_code = text_or_empty(row[6]);
            out.employee_name = text_or_empty(row[7]);
            out.shopper_code = text_or_empty(row[8]);
            out.shopper_name = text_or_empty(row[9]);
            template_of[out.id] = row[10].as<std::int64_t>();
            out.status = forms::status_from_string(text_or_empty(row[11])).value_or(Status::Draft);
            out.score = opt_real(row[12]);
            out.raw = opt_real(row[13]);
            out.target = row[14].as<double>();
            out.critical = row[15].as<bool>();
            found.emplace(out.id, std::move(out));
        }
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the visit list", e);
    }
    std::vector<VisitListRow> out;
    out.reserve(ids.size());
    for (std::int64_t id : ids) {
        auto it = found.find(id);
        if (it == found.end())
            continue;
        // Templates are read after the transaction: template_by_pk may read the server itself.
        if (const TemplateRow* t = template_by_pk(template_of[id])) {
            it->second.scorecard_name = t->tpl->name;
            it->second.scorecard_version = t->tpl->version;
        }
        out.push_back(std::move(it->second));
        found.erase(it);
    }
    return out;
}

// --- One visit --------------------------------------------------------------------------------

namespace {

/// One visit with its names and section attributions: one statement, one round trip, one
/// snapshot; prepared (pg_prepared): its six joins cost more to plan than to run.
constexpr const char* kLoadVisit =
    "SELECT v.uuid, v.template_id, c.name, r.name, b.code, b.name, e.code, e.name, "
    "s.code, s.name, v.visited_at, v.status, v.answers, v.comments, v.summary, "
    "v.calibration, v.reference, v.review_note, v.updated_at, "
    "(SELECT json_object_agg(x.section, xe.code) FROM visit_section_employees x "
    "JOIN employees xe ON xe.id = x.employee_id WHERE x.visit_id = v.id), "
    "v.assignment_uuid, v.opened_at, v.first_answer_at, v.submitted_at FROM visits v"
    " JOIN clients c ON c.id = v.client_id LEFT JOIN regions r ON r.id = v.region_id"
    " JOIN branches b ON b.id = v.branch_id LEFT JOIN employees e ON e.id = v.employee_id"
    " LEFT JOIN shoppers s ON s.id = v.shopper_id WHERE v.id = $1";

} // namespace

StoredVisit PgStore::load_visit(std::int64_t id) {
    StoredVisit out;
    out.id = id;
    Visit& v = out.visit;
    std::int64_t template_pk = 0;
    try {
        // One statement, the section attributions included: one round trip, one snapshot.
        pqxx::nontransaction tx(*m_conn);
        const pqxx::result r =
            tx.exec_prepared(pg_prepared(*m_conn, "visitscore_load_visit", kLoadVisit), id);
        if (r.empty())
            throw unknown_visit(id);
        const pqxx::row row = r[0];
        v.uuid = text_or_empty(row[0]);
        template_pk = row[1].as<std::int64_t>();
        v.client = text_or_empty(row[2]);
        v.region = text_or_empty(row[3]);
        v.branch = text_or_empty(row[4]);
        v.branch_name = text_or_empty(row[5]);
        v.employee = text_or_empty(row[6]);
        v.employee_name = text_or_empty(row[7]);
        v.shopper = text_or_empty(row[8]);
        v.shopper_name = text_or_empty(row[9]);
        v.visited_at = text_or_empty(row[10]);
        v.status = forms::status_from_string(text_or_empty(row[11])).value_or(Status::Draft);
        v.answers = nlohmann::json::parse(text_or_empty(row[12]));
        v.comments =
            nlohmann::json::parse(text_or_empty(row[13])).get<std::map<std::string, std::string>>();
        v.summary = text_or_empty(row[14]);
        v.calibration = text_or_empty(row[15]);
        v.reference = row[16].as<bool>();
        out.note = text_or_empty(row[17]);
        out.updated_at = text_or_empty(row[18]);
        if (!row[19].is_null())
            v.section_employees =
                nlohmann::json::parse(row[19].c_str()).get<std::map<std::string, std::string>>();
        v.assignment = text_or_empty(row[20]);
        v.evidence.opened_at = text_or_empty(row[21]);
        v.evidence.first_answer_at = text_or_empty(row[22]);
        v.evidence.submitted_at = text_or_empty(row[23]);
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "loading visit " + std::to_string(id), e);
    }
    const TemplateRow* t = template_by_pk(template_pk);
    if (!t)
        throw StorageError("visit " + std::to_string(id) + " refers to an unknown scorecard");
    out.tpl = t->tpl;
    v.template_id = t->tpl->id;
    v.template_version = t->tpl->version;
    return out;
}

std::optional<std::int64_t> PgStore::visit_id_of(const std::string& uuid) {
    try {
        pqxx::nontransaction tx(*m_conn);
        const pqxx::result r = tx.exec_params("SELECT id FROM visits WHERE uuid = $1", uuid);
        if (r.empty())
            return std::nullopt;
        return r[0][0].as<std::int64_t>();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "finding visit " + uuid, e);
    }
}

// --- Drafts -----------------------------------------------------------------------------------

std::int64_t PgStore::create_draft(const Visit& header) {
    const TemplateRow* t = template_row(header.template_id, header.template_version);
    if (!t)
        throw InputError("", "template",
                         "unknown scorecard \"" + header.template_id + "\" version " +
                             std::to_string(header.template_version));
    Visit v = header;
    if (v.uuid.empty())
        v.uuid = new_uuid();
    v.status = Status::Draft;
    try {
        pqxx::work tx(*m_conn);
        const std::int64_t id = write_visit(tx, 0, v, *t->tpl, t->pk);
        tx.commit();
        return id;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "creating a draft", e);
    }
}

void PgStore::save_draft(std::int64_t id, const Visit& visit) {
    // The template is read before the transaction: template_row may read the server itself.
    const TemplateRow* t = template_row(visit.template_id, visit.template_version);
    try {
        pqxx::work tx(*m_conn);
        // The row stays locked to the end: a submission at the same time waits, then sees this.
        const pqxx::result cur =
            tx.exec_params("SELECT uuid, status FROM visits WHERE id = $1 FOR UPDATE", id);
        if (cur.empty())
            throw unknown_visit(id);
        const std::string uuid = text_or_empty(cur[0][0]);
        const auto status = forms::status_from_string(text_or_empty(cur[0][1]));
        if (status != Status::Draft && status != Status::Returned)
            throw StorageError("visit " + uuid + " is " +
                               std::string(forms::to_string(status.value_or(Status::Draft))) +
                               ": only drafts and returned visits can be edited freely");
        if (!t)
            throw StorageError("unknown scorecard \"" + visit.template_id + "\"");
        Visit v = visit;
        v.uuid = uuid;
        v.status = *status;
        write_visit(tx, id, v, *t->tpl, t->pk);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "saving visit " + std::to_string(id), e);
    }
}

// --- Review steps and edits -------------------------------------------------------------------

namespace {

/// Locks visit `id`'s row for the rest of `tx` and reads its uuid and `column` (a fixed column
/// name of this file: "status" or "updated_at"); StorageError when there is no such visit.
std::pair<std::string, std::string> lock_visit(pqxx::work& tx, std::int64_t id,
                                               const char* column) {
    const pqxx::result cur = tx.exec_params(
        std::string("SELECT uuid, ") + column + " FROM visits WHERE id = $1 FOR UPDATE", id);
    if (cur.empty())
        throw unknown_visit(id);
    return {text_or_empty(cur[0][0]), text_or_empty(cur[0][1])};
}

} // namespace

void PgStore::record_status(std::int64_t id, Status from, Status to, const std::string& who,
                            const std::string& note, const std::string& reason) {
    try {
        // One statement in its own transaction (schema version 10's function): the row locked,
        // the status compared, changed and audited in the server. Of two steps from the same
        // status, the second waits for the first to end and then reads the status it wrote.
        pqxx::nontransaction tx(*m_conn);
        const pqxx::result r =
            tx.exec_prepared(pg_prepared(*m_conn, "visitscore_record_status",
                                         "SELECT * FROM visitscore_record_status($1, $2, $3, "
                                         "$4, $5, $6)"),
                             id, std::string(forms::to_string(from)),
                             std::string(forms::to_string(to)), note, who, reason);
        if (r.empty())
            throw unknown_visit(id);
        const pqxx::row row = r[0];
        if (!row[0].as<bool>())
            throw StorageError(status_conflict_message(
                text_or_empty(row[1]), text_or_empty(row[2]), forms::to_string(from),
                {text_or_empty(row[3]), text_or_empty(row[4])}));
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "recording the status of visit " + std::to_string(id), e);
    }
}

void PgStore::apply_edit(std::int64_t id, const Visit& visit, const std::string& updated_at,
                         const std::vector<AuditChange>& entries) {
    // The template is read before the transaction: template_row may read the server itself.
    const TemplateRow* t = template_row(visit.template_id, visit.template_version);
    try {
        pqxx::work tx(*m_conn);
        // Compares the row's version: of two edits of the same reading, the second waits for
        // the first to end and then reads the version it wrote.
        const auto [uuid, stored] = lock_visit(tx, id, "updated_at");
        if (stored != updated_at)
            throw StorageError(edit_conflict_message(uuid, stored, last_change(tx, id)));
        if (!t)
            throw StorageError("unknown scorecard \"" + visit.template_id + "\"");
        if (entries.empty())
            return;
        write_visit(tx, id, visit, *t->tpl, t->pk);
        for (const AuditChange& e : entries)
            pg_append_audit(tx, id, e);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "editing visit " + std::to_string(id), e);
    }
}

void PgStore::write_edited_visit(pqxx::work& tx, std::int64_t id, const Visit& visit,
                                 const std::string& updated_at, const forms::Template& tpl,
                                 std::int64_t template_pk) {
    const auto [uuid, stored] = lock_visit(tx, id, "updated_at");
    if (stored != updated_at)
        throw StorageError(edit_conflict_message(uuid, stored, last_change(tx, id)));
    write_visit(tx, id, visit, tpl, template_pk);
}

} // namespace vs::storage
