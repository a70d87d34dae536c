// The evaluator app's part of SqliteStore (store.h, "Evaluator app"): the virtual visit list,
// drafts, status changes and edits as the review actions (services/review.h) decide them, with a
// hash-chained audit log, attachments, organisation upkeep, settings and online backup. Every
// multi-row write is one IMMEDIATE transaction; every value is bound.

#include "forms/dates.h"
#include "forms/error.h"
#include "forms/text.h"
#include "storage/audit_chain.h"
#include "storage/prepare.h"
#include "storage/record_checks.h"
#include "storage/sqlite_common.h"
#include "storage/sqlite_purge.h"
#include "storage/sqlite_store.h"
#include "storage/visit_conflict.h"
#include "storage/visit_row.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <openssl/rand.h>
#include <random>
#include <sqlite3.h>
#include <unistd.h>
#include <unordered_map>

namespace vs::storage {
namespace {

using forms::Status;
using forms::Visit;

std::int64_t i64(const SQLite::Column& c) {
    return c.isNull() ? 0 : c.getInt64();
}
std::optional<double> opt_real(const SQLite::Column& c) {
    return c.isNull() ? std::optional<double>() : c.getDouble();
}

void bind_id_or_null(SQLite::Statement& st, int n, std::int64_t id) {
    if (id > 0)
        st.bind(n, static_cast<int64_t>(id));
    else
        st.bind(n);
}

/// UTC now, "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string utc_now() {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    return buf;
}

std::string new_uuid() {
    static std::mt19937_64 rng{
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

const char* table_of(OrgKind kind) {
    switch (kind) {
    case OrgKind::Client:
        return "clients";
    case OrgKind::Region:
        return "regions";
    case OrgKind::Branch:
        return "branches";
    case OrgKind::Employee:
        return "employees";
    case OrgKind::Shopper:
        return "shoppers";
    }
    return "clients";
}

const char* visit_column_of(OrgKind kind) {
    switch (kind) {
    case OrgKind::Client:
        return "client_id";
    case OrgKind::Region:
        return "region_id";
    case OrgKind::Branch:
        return "branch_id";
    case OrgKind::Employee:
        return "employee_id";
    case OrgKind::Shopper:
        return "shopper_id";
    }
    return "client_id";
}

/// Who changed visit `id` last and when, as its latest audit entry says (empty when none).
LastChange last_change(SQLite::Database& db, std::int64_t id) {
    SQLite::Statement st(db, "SELECT who, at FROM audit_log WHERE visit_id = ? ORDER BY id DESC "
                             "LIMIT 1");
    st.bind(1, static_cast<int64_t>(id));
    if (!st.executeStep())
        return {};
    return {text_or_empty(st.getColumn(0)), text_or_empty(st.getColumn(1))};
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

} // namespace

// --- Visit list -------------------------------------------------------------------------------

std::vector<std::int64_t> SqliteStore::visit_ids(const VisitListQuery& q) {
    std::string sql = "SELECT v.id FROM visits v";
    const bool search = !q.search.empty();
    if (search)
        sql += " JOIN branches b ON b.id = v.branch_id LEFT JOIN shoppers s ON s.id = v.shopper_id"
               " JOIN templates t ON t.id = v.template_id"
               " LEFT JOIN employees e ON e.id = v.employee_id";
    sql += " WHERE 1 = 1";
    if (q.client_id)
        sql += " AND v.client_id = :client";
    if (q.branch_id)
        sql += " AND v.branch_id = :branch";
    if (q.status)
        sql += " AND v.status = :status";
    // Dates as visited_at text ranges, so that the list index covers the query.
    if (q.from_day)
        sql += " AND v.visited_at >= :from";
    if (q.to_day)
        sql += " AND v.visited_at < :to";
    if (search)
        sql += " AND (v.uuid LIKE :s ESCAPE '\\' OR b.code LIKE :s ESCAPE '\\' OR b.name LIKE :s "
               "ESCAPE '\\' OR e.code LIKE :s ESCAPE '\\' OR e.name LIKE :s ESCAPE '\\' OR s.code "
               "LIKE :s ESCAPE '\\' OR s.name LIKE :s ESCAPE '\\' OR t.name LIKE :s ESCAPE '\\' OR "
               "t.code LIKE :s ESCAPE '\\')";
    sql += " ORDER BY v.visited_at DESC";
    SQLite::Statement st(m_db, sql);
    if (q.client_id)
        st.bind(":client", static_cast<int64_t>(*q.client_id));
    if (q.branch_id)
        st.bind(":branch", static_cast<int64_t>(*q.branch_id));
    if (q.status)
        st.bind(":status", std::string(forms::to_string(*q.status)));
    if (q.from_day)
        st.bind(":from", forms::day_to_string(*q.from_day));
    if (q.to_day)
        st.bind(":to", forms::day_to_string(*q.to_day + 1));
    if (search)
        st.bind(":s", like_pattern(q.search));
    std::vector<std::int64_t> ids;
    while (st.executeStep())
        ids.push_back(st.getColumn(0).getInt64());
    return ids;
}

std::vector<VisitListRow> SqliteStore::read_visit_rows(const std::vector<std::int64_t>& ids) {
    load_templates();
    std::unordered_map<std::int64_t, VisitListRow> found;
    constexpr std::size_t kChunk = 200;
    for (std::size_t start = 0; start < ids.size(); start += kChunk) {
        std::size_t n = std::min(kChunk, ids.size() - start);
        std::string sql =
            "SELECT v.id, v.uuid, v.visited_at, c.name, b.code, b.name, e.code, e.name, s.code, "
            "s.name, v.template_id, v.status, v.score, v.raw, v.target, v.critical "
            "FROM visits v JOIN clients c ON c.id = v.client_id "
            "JOIN branches b ON b.id = v.branch_id LEFT JOIN shoppers s ON s.id = v.shopper_id "
            "LEFT JOIN employees e ON e.id = v.employee_id WHERE v.id IN (";
        for (std::size_t i = 0; i < n; ++i)
            sql += i ? ",?" : "?";
        sql += ")";
        SQLite::Statement st(m_db, sql);
        for (std::size_t i = 0; i < n; ++i)
            st.bind(static_cast<int>(i + 1), static_cast<int64_t>(ids[start + i]));
        while (st.executeStep()) {
            VisitListRow r;
            r.id = st.getColumn(0).getInt64();
            r.uuid = text_or_empty(st.getColumn(1));
            r.visited_at = text_or_empty(st.getColumn(2));
            r.client = text_or_empty(st.getColumn(3));
            r.branch_code = text_or_empty(st.getColumn(4));
            r.branch_name = text_or_empty(st.getColumn(5));
            r.employee_code = text_or_empty(st.getColumn(6));
            r.employee_name = text_or_empty(st.getColumn(7));
            r.shopper_code = text_or_empty(st.getColumn(8));
            r.shopper_name = text_or_empty(st.getColumn(9));
            if (const TemplateRow* t = template_by_pk(st.getColumn(10).getInt64())) {
                r.scorecard_name = t->tpl->name;
                r.scorecard_version = t->tpl->version;
            }
            r.status =
                forms::status_from_string(text_or_empty(st.getColumn(11))).value_or(Status::Draft);
            r.score = opt_real(st.getColumn(12));
            r.raw = opt_real(st.getColumn(13));
            r.target = st.getColumn(14).getDouble();
            r.critical = st.getColumn(15).getInt() != 0;
            found.emplace(r.id, std::move(r));
        }
    }
    std::vector<VisitListRow> out;
    out.reserve(ids.size());
    for (std::int64_t id : ids)
        if (auto it = found.find(id); it != found.end())
            out.push_back(std::move(it->second));
    return out;
}

// --- One visit --------------------------------------------------------------------------------

StoredVisit SqliteStore::load_visit(std::int64_t id) {
    SQLite::Statement st(
        m_db, std::string("SELECT ") + kVisitPeopleColumns +
                  ", v.status, v.answers, v.comments, v.summary, v.calibration, v.reference, "
                  "v.review_note, v.updated_at, " +
                  kVisitEvidenceColumns + " FROM visits v" + kVisitPeopleJoins + " WHERE v.id = ?");
    st.bind(1, static_cast<int64_t>(id));
    if (!st.executeStep())
        throw StorageError("visit " + std::to_string(id) + " is not in the database");
    StoredVisit out;
    out.id = id;
    const TemplateRow* t = template_by_pk(st.getColumn(1).getInt64());
    if (!t)
        throw StorageError("visit " + std::to_string(id) + " refers to an unknown scorecard");
    out.tpl = t->tpl;
    Visit& v = out.visit;
    v.uuid = text_or_empty(st.getColumn(0));
    v.template_id = t->tpl->id;
    v.template_version = t->tpl->version;
    read_visit_people(st, v);
    v.status = forms::status_from_string(text_or_empty(st.getColumn(11))).value_or(Status::Draft);
    v.answers = nlohmann::json::parse(text_or_empty(st.getColumn(12)));
    v.comments = nlohmann::json::parse(text_or_empty(st.getColumn(13)))
                     .get<std::map<std::string, std::string>>();
    v.summary = text_or_empty(st.getColumn(14));
    v.calibration = text_or_empty(st.getColumn(15));
    v.reference = st.getColumn(16).getInt() != 0;
    out.note = text_or_empty(st.getColumn(17));
    out.updated_at = text_or_empty(st.getColumn(18));
    read_visit_evidence(st, 19, v);
    SQLite::Statement se(m_db, "SELECT x.section, e.code FROM visit_section_employees x JOIN "
                               "employees e ON e.id = x.employee_id WHERE x.visit_id = ?");
    se.bind(1, static_cast<int64_t>(id));
    while (se.executeStep())
        v.section_employees[se.getColumn(0).getString()] = se.getColumn(1).getString();
    return out;
}

/// Inserts (id 0) or rewrites a visit row from a checked, scored visit; the caller holds the
/// transaction. Organisation rows the header names are found or created.
void SqliteStore::write_visit(std::int64_t id, const Visit& v, const forms::Template& tpl,
                              std::int64_t template_pk) {
    const std::string where = "visit " + v.uuid;
    PreparedVisit p = prepare_visit(tpl, v, "", where);
    std::int64_t client = find_or_create_client(m_db, v.client);
    std::int64_t branch = find_or_create(m_db, "branches", "code", client, v.branch, v.branch_name);
    std::int64_t region = 0;
    if (!v.region.empty()) {
        region = find_or_create(m_db, "regions", "name", client, v.region, "");
    } else {
        SQLite::Statement r(m_db, "SELECT region_id FROM branches WHERE id = ?");
        r.bind(1, static_cast<int64_t>(branch));
        if (r.executeStep())
            region = i64(r.getColumn(0));
    }
    std::int64_t employee = v.employee.empty() ? 0
                                               : find_or_create(m_db, "employees", "code", client,
                                                                v.employee, v.employee_name);
    std::int64_t shopper = v.shopper.empty() ? 0
                                             : find_or_create(m_db, "shoppers", "code", client,
                                                              v.shopper, v.shopper_name);

    const char* insert_sql =
        "INSERT INTO visits (template_id, client_id, region_id, branch_id, employee_id, "
        "shopper_id, visited_at, day, status, calibration, reference, summary, answers, comments, "
        "raw, score, applicable, critical, critical_failures, target, nps, source_hash, "
        "scoring_rules, assignment_uuid, opened_at, first_answer_at, submitted_at, updated_at, "
        "uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?)";
    const char* update_sql =
        "UPDATE visits SET template_id = ?, client_id = ?, region_id = ?, branch_id = ?, "
        "employee_id = ?, shopper_id = ?, visited_at = ?, day = ?, status = ?, calibration = ?, "
        "reference = ?, summary = ?, answers = ?, comments = ?, raw = ?, score = ?, applicable = "
        "?, "
        "critical = ?, critical_failures = ?, target = ?, nps = ?, source_hash = ?, "
        "scoring_rules = ?, assignment_uuid = ?, opened_at = ?, first_answer_at = ?, "
        "submitted_at = ?, updated_at = ? WHERE uuid = ?";
    SQLite::Statement st(m_db, id ? update_sql : insert_sql);
    int n = 1;
    n = bind_visit_columns(st, n, {template_pk, client, region, branch, employee, shopper}, p,
                           tpl.target);
    st.bind(n++, utc_now());
    st.bind(n++, v.uuid);
    st.exec();
    if (id == 0) {
        id = m_db.getLastInsertRowid();
        if (counted_per_day(v.status, v.calibration, tpl))
            add_client_day_visits(m_db, client, p.day, 1);
    }
    SQLite::Statement scores = scores_statement(m_db);
    write_visit_scores(scores, id, client, p);
    SQLite::Statement del(m_db, "DELETE FROM visit_section_employees WHERE visit_id = ?");
    del.bind(1, static_cast<int64_t>(id));
    del.exec();
    for (const auto& [section, code] : v.section_employees) {
        if (code == v.employee)
            continue; // the primary's by default: only attributions that differ are stored
        SQLite::Statement ins(m_db, "INSERT INTO visit_section_employees (visit_id, section, "
                                    "employee_id) VALUES (?, ?, ?)");
        ins.bind(1, static_cast<int64_t>(id));
        ins.bind(2, section);
        ins.bind(3,
                 static_cast<int64_t>(find_or_create(m_db, "employees", "code", client, code, "")));
        ins.exec();
    }
}

std::int64_t SqliteStore::create_draft(const Visit& header) {
    const TemplateRow* t = template_row(header.template_id, header.template_version);
    if (!t)
        throw InputError("", "template",
                         "unknown scorecard \"" + header.template_id + "\" version " +
                             std::to_string(header.template_version));
    Visit v = header;
    if (v.uuid.empty())
        v.uuid = new_uuid();
    v.status = Status::Draft;
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    write_visit(0, v, *t->tpl, t->pk);
    std::int64_t id = m_db.getLastInsertRowid();
    SQLite::Statement find(m_db, "SELECT id FROM visits WHERE uuid = ?");
    find.bind(1, v.uuid);
    if (find.executeStep())
        id = find.getColumn(0).getInt64();
    tx.commit();
    return id;
}

void SqliteStore::save_draft(std::int64_t id, const Visit& visit) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement cur(m_db, "SELECT uuid, status FROM visits WHERE id = ?");
    cur.bind(1, static_cast<int64_t>(id));
    if (!cur.executeStep())
        throw StorageError("visit " + std::to_string(id) + " is not in the database");
    const std::string uuid = cur.getColumn(0).getString();
    const auto status = forms::status_from_string(cur.getColumn(1).getString());
    cur.reset();
    if (status != Status::Draft && status != Status::Returned)
        throw StorageError("visit " + uuid + " is " +
                           std::string(forms::to_string(status.value_or(Status::Draft))) +
                           ": only drafts and returned visits can be edited freely");
    const TemplateRow* t = template_row(visit.template_id, visit.template_version);
    if (!t)
        throw StorageError("unknown scorecard \"" + visit.template_id + "\"");
    Visit v = visit;
    v.uuid = uuid;
    v.status = *status;
    write_visit(id, v, *t->tpl, t->pk);
    tx.commit();
}

void SqliteStore::append_audit(std::int64_t visit_id, const std::string& who,
                               const std::string& action, const std::string& field,
                               const std::string& old_value, const std::string& new_value,
                               const std::string& reason, const std::string& assignment_uuid) {
    // The chain (audit_chain.h) runs over the whole table in id order.
    AuditEntry e;
    e.prev_hash = kAuditChainStart;
    {
        SQLite::Statement last(m_db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (last.executeStep())
            e.prev_hash = last.getColumn(0).getString();
    }
    e.at = utc_now();
    e.who = who;
    e.visit_id = visit_id;
    e.action = action;
    e.field = field;
    e.old_value = old_value;
    e.new_value = new_value;
    e.reason = reason;
    e.assignment_uuid = assignment_uuid;
    SQLite::Statement ins(m_db, "INSERT INTO audit_log (at, who, visit_id, action, field, "
                                "old_value, new_value, reason, prev_hash, hash, assignment_uuid) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, e.at);
    ins.bind(2, who);
    visit_id ? ins.bind(3, static_cast<int64_t>(visit_id)) : ins.bind(3);
    ins.bind(4, action);
    ins.bind(5, field);
    ins.bind(6, old_value);
    ins.bind(7, new_value);
    ins.bind(8, reason);
    ins.bind(9, e.prev_hash);
    ins.bind(10, audit_hash(e));
    ins.bind(11, assignment_uuid);
    ins.exec();
}

void SqliteStore::append_assignment_audit(const std::string& uuid, const AuditChange& c) {
    append_audit(0, c.who, c.action, c.field, c.old_value, c.new_value, c.reason, uuid);
}

void SqliteStore::record_status(std::int64_t id, Status from, Status to, const std::string& who,
                                const std::string& note, const std::string& reason) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement cur(m_db, "SELECT uuid, status FROM visits WHERE id = ?");
    cur.bind(1, static_cast<int64_t>(id));
    if (!cur.executeStep())
        throw StorageError("visit " + std::to_string(id) + " is not in the database");
    const std::string uuid = text_or_empty(cur.getColumn(0));
    const std::string stored = text_or_empty(cur.getColumn(1));
    cur.reset();
    if (stored != forms::to_string(from))
        throw StorageError(
            status_conflict_message(uuid, stored, forms::to_string(from), last_change(m_db, id)));
    SQLite::Statement up(m_db, "UPDATE visits SET status = ?, review_note = ?, updated_at = ? "
                               "WHERE id = ?");
    up.bind(1, std::string(forms::to_string(to)));
    up.bind(2, note);
    up.bind(3, utc_now());
    up.bind(4, static_cast<int64_t>(id));
    up.exec();
    append_audit(id, who, "status", "status", std::string(forms::to_string(from)),
                 std::string(forms::to_string(to)), reason);
    tx.commit();
}

void SqliteStore::apply_edit(std::int64_t id, const Visit& visit, const std::string& updated_at,
                             const std::vector<AuditChange>& entries) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement cur(m_db, "SELECT uuid, updated_at FROM visits WHERE id = ?");
    cur.bind(1, static_cast<int64_t>(id));
    if (!cur.executeStep())
        throw StorageError("visit " + std::to_string(id) + " is not in the database");
    const std::string uuid = text_or_empty(cur.getColumn(0));
    const std::string stored = text_or_empty(cur.getColumn(1));
    cur.reset();
    if (stored != updated_at)
        throw StorageError(edit_conflict_message(uuid, stored, last_change(m_db, id)));
    const TemplateRow* t = template_row(visit.template_id, visit.template_version);
    if (!t)
        throw StorageError("unknown scorecard \"" + visit.template_id + "\"");
    for (const AuditChange& e : entries)
        append_audit(id, e.who, e.action, e.field, e.old_value, e.new_value, e.reason);
    if (!entries.empty())
        write_visit(id, visit, *t->tpl, t->pk);
    tx.commit();
}

namespace {

constexpr const char* kAuditColumns = "a.id, a.at, a.who, a.visit_id, a.action, a.field, "
                                      "a.old_value, a.new_value, a.reason, a.prev_hash, a.hash, "
                                      "a.assignment_uuid";

AuditEntry audit_entry_of(SQLite::Statement& st) {
    AuditEntry e;
    e.id = st.getColumn(0).getInt64();
    e.at = text_or_empty(st.getColumn(1));
    e.who = text_or_empty(st.getColumn(2));
    e.visit_id = st.getColumn(3).getInt64(); // NULL (an assignment's entry): 0
    e.action = text_or_empty(st.getColumn(4));
    e.field = text_or_empty(st.getColumn(5));
    e.old_value = text_or_empty(st.getColumn(6));
    e.new_value = text_or_empty(st.getColumn(7));
    e.reason = text_or_empty(st.getColumn(8));
    e.prev_hash = text_or_empty(st.getColumn(9));
    e.hash = text_or_empty(st.getColumn(10));
    e.assignment_uuid = text_or_empty(st.getColumn(11));
    return e;
}

} // namespace

std::vector<AuditEntry> SqliteStore::audit_log(std::int64_t visit_id) {
    std::vector<AuditEntry> out;
    SQLite::Statement st(m_db, std::string("SELECT ") + kAuditColumns +
                                   " FROM audit_log a WHERE a.visit_id = ? ORDER BY a.id");
    st.bind(1, static_cast<int64_t>(visit_id));
    while (st.executeStep())
        out.push_back(audit_entry_of(st));
    return out;
}

std::vector<AuditRow> SqliteStore::audit_entries(const AuditQuery& q) {
    // An assignment's entry names no visit: its client and branch are the assignment's; an
    // action plan's (subject "plan:<id>") the plan's.
    std::string sql =
        std::string("SELECT ") + kAuditColumns +
        ", v.uuid, c.name, b.code FROM audit_log a "
        "LEFT JOIN visits v ON v.id = a.visit_id "
        "LEFT JOIN assignments x ON a.visit_id IS NULL AND x.uuid = a.assignment_uuid "
        "LEFT JOIN action_plans p ON a.visit_id IS NULL AND a.assignment_uuid LIKE 'plan:%' "
        "AND p.id = CAST(substr(a.assignment_uuid, 6) AS INTEGER) "
        "LEFT JOIN clients c ON c.id = coalesce(v.client_id, x.client_id, p.client_id) "
        "LEFT JOIN branches b ON b.id = coalesce(v.branch_id, x.branch_id, p.branch_id) "
        "WHERE 1 = 1";
    if (q.visit_uuid)
        sql += " AND v.uuid = :uuid";
    if (q.who)
        sql += " AND a.who = :who";
    if (q.branch)
        sql += " AND b.code = :branch";
    if (q.action)
        sql += " AND a.action = :action";
    // Entry times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ": a day range is a text range.
    if (q.from_day)
        sql += " AND a.at >= :from";
    if (q.to_day)
        sql += " AND a.at < :to";
    sql += " ORDER BY a.id";
    SQLite::Statement st(m_db, sql);
    if (q.visit_uuid)
        st.bind(":uuid", *q.visit_uuid);
    if (q.who)
        st.bind(":who", *q.who);
    if (q.branch)
        st.bind(":branch", *q.branch);
    if (q.action)
        st.bind(":action", *q.action);
    if (q.from_day)
        st.bind(":from", forms::day_to_string(*q.from_day));
    if (q.to_day)
        st.bind(":to", forms::day_to_string(*q.to_day + 1));
    std::vector<AuditRow> out;
    while (st.executeStep()) {
        AuditRow r;
        r.entry = audit_entry_of(st);
        r.visit_uuid = text_or_empty(st.getColumn(12));
        r.client = text_or_empty(st.getColumn(13));
        r.branch = text_or_empty(st.getColumn(14));
        out.push_back(std::move(r));
    }
    return out;
}

std::string SqliteStore::submitter(std::int64_t visit_id) {
    SQLite::Statement st(m_db, "SELECT who FROM audit_log WHERE visit_id = ? AND action = "
                               "'status' AND new_value = 'submitted' AND old_value IN ('draft', "
                               "'returned') ORDER BY id DESC LIMIT 1");
    st.bind(1, static_cast<int64_t>(visit_id));
    return st.executeStep() ? text_or_empty(st.getColumn(0)) : std::string();
}

std::optional<std::int64_t> SqliteStore::visit_id_of(const std::string& uuid) {
    SQLite::Statement st(m_db, "SELECT id FROM visits WHERE uuid = ?");
    st.bind(1, uuid);
    if (st.executeStep())
        return st.getColumn(0).getInt64();
    return std::nullopt;
}

// --- Attachments ------------------------------------------------------------------------------

std::int64_t SqliteStore::add_attachment(std::int64_t visit_id, const std::string& question,
                                         const std::string& name, const std::string& mime,
                                         const std::vector<unsigned char>& data,
                                         const std::vector<unsigned char>& thumbnail,
                                         const std::string& captured_at) {
    const std::string sha256 = sha256_hex(data.data(), data.size());
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement ins(m_db, "INSERT INTO attachments (visit_id, question, name, mime, size, "
                                "data, thumbnail, sha256, captured_at) VALUES (?, ?, ?, ?, ?, ?, "
                                "?, ?, ?)");
    ins.bind(1, static_cast<int64_t>(visit_id));
    ins.bind(2, question);
    ins.bind(3, name);
    ins.bind(4, mime);
    ins.bind(5, static_cast<int64_t>(data.size()));
    static const unsigned char kEmpty = 0; // a zero-length blob, not NULL
    ins.bind(6, data.empty() ? &kEmpty : data.data(), static_cast<int>(data.size()));
    ins.bind(7, thumbnail.empty() ? &kEmpty : thumbnail.data(), static_cast<int>(thumbnail.size()));
    ins.bind(8, sha256);
    captured_at.empty() ? ins.bind(9) : ins.bind(9, captured_at);
    ins.exec();
    std::int64_t id = m_db.getLastInsertRowid();
    tx.commit();
    return id;
}

std::vector<std::pair<std::string, std::int64_t>>
SqliteStore::visits_with_sha256(const std::vector<std::string>& hashes) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    SQLite::Statement st(m_db, "SELECT sha256, visit_id FROM attachments WHERE sha256 = ? "
                               "ORDER BY visit_id");
    std::vector<std::string> sorted(hashes);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const std::string& h : sorted) {
        if (h.empty())
            continue;
        st.reset();
        st.bind(1, h);
        while (st.executeStep())
            out.emplace_back(h, st.getColumn(1).getInt64());
    }
    return out;
}

std::vector<AttachmentInfo> SqliteStore::attachments(std::int64_t visit_id) {
    std::vector<AttachmentInfo> out;
    SQLite::Statement st(m_db, "SELECT id, visit_id, question, name, mime, size, thumbnail, "
                               "added_at, sha256, captured_at FROM attachments WHERE visit_id = ? "
                               "ORDER BY id");
    st.bind(1, static_cast<int64_t>(visit_id));
    while (st.executeStep()) {
        AttachmentInfo a;
        a.id = st.getColumn(0).getInt64();
        a.visit_id = st.getColumn(1).getInt64();
        a.question = text_or_empty(st.getColumn(2));
        a.name = text_or_empty(st.getColumn(3));
        a.mime = text_or_empty(st.getColumn(4));
        a.size = st.getColumn(5).getInt64();
        const SQLite::Column thumb = st.getColumn(6);
        const auto* p = static_cast<const unsigned char*>(thumb.getBlob());
        a.thumbnail.assign(p, p + thumb.getBytes());
        a.added_at = text_or_empty(st.getColumn(7));
        a.sha256 = text_or_empty(st.getColumn(8));
        a.captured_at = text_or_empty(st.getColumn(9));
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<unsigned char> SqliteStore::attachment_data(std::int64_t attachment_id) {
    SQLite::Statement st(m_db, "SELECT data FROM attachments WHERE id = ?");
    st.bind(1, static_cast<int64_t>(attachment_id));
    if (!st.executeStep())
        throw StorageError("attachment " + std::to_string(attachment_id) + " is not stored");
    const SQLite::Column c = st.getColumn(0);
    const auto* p = static_cast<const unsigned char*>(c.getBlob());
    return std::vector<unsigned char>(p, p + c.getBytes());
}

void SqliteStore::remove_attachment(std::int64_t attachment_id) {
    SQLite::Statement st(m_db, "DELETE FROM attachments WHERE id = ? AND visit_id IN (SELECT id "
                               "FROM visits WHERE status IN ('draft', 'returned'))");
    st.bind(1, static_cast<int64_t>(attachment_id));
    if (st.exec() == 0)
        throw InputError("", "attachment",
                         "only attachments of drafts and returned visits can "
                         "be removed");
}

// --- Organisation -----------------------------------------------------------------------------

std::vector<OrgEntity> SqliteStore::org_list(OrgKind kind,
                                             const std::optional<std::int64_t>& client_id,
                                             bool include_inactive, bool count_visits) {
    std::unordered_map<std::int64_t, std::int64_t> counts;
    if (count_visits) {
        SQLite::Statement c(
            m_db, std::string("SELECT ") + visit_column_of(kind) + ", count(*) FROM visits" +
                      (client_id ? " WHERE client_id = :client" : "") + " GROUP BY 1");
        if (client_id)
            c.bind(":client", static_cast<int64_t>(*client_id));
        while (c.executeStep())
            counts[i64(c.getColumn(0))] = c.getColumn(1).getInt64();
    }
    std::string sql;
    switch (kind) {
    case OrgKind::Client:
        sql = "SELECT x.id, x.id, x.name, '', x.name, 0, '', x.active FROM clients x WHERE 1 = 1";
        break;
    case OrgKind::Region:
        sql = "SELECT x.id, x.client_id, c.name, '', x.name, 0, '', x.active FROM regions x "
              "JOIN clients c ON c.id = x.client_id WHERE 1 = 1";
        break;
    case OrgKind::Branch:
        sql = "SELECT x.id, x.client_id, c.name, x.code, x.name, x.region_id, p.name, x.active "
              "FROM branches x JOIN clients c ON c.id = x.client_id LEFT JOIN regions p ON p.id = "
              "x.region_id WHERE 1 = 1";
        break;
    case OrgKind::Employee:
        sql = "SELECT x.id, x.client_id, c.name, x.code, x.name, x.branch_id, p.code, x.active "
              "FROM employees x JOIN clients c ON c.id = x.client_id LEFT JOIN branches p ON "
              "p.id = x.branch_id WHERE 1 = 1";
        break;
    case OrgKind::Shopper:
        // A shopper's parent is their home region (assignments propose local shoppers first).
        sql = "SELECT x.id, x.client_id, c.name, x.code, x.name, x.region_id, p.name, x.active "
              "FROM shoppers x JOIN clients c ON c.id = x.client_id LEFT JOIN regions p ON p.id = "
              "x.region_id WHERE 1 = 1";
        break;
    }
    if (client_id)
        sql += kind == OrgKind::Client ? " AND x.id = :client" : " AND x.client_id = :client";
    if (!include_inactive)
        sql += " AND x.active = 1";
    sql += kind == OrgKind::Client || kind == OrgKind::Region ? " ORDER BY x.name"
                                                              : " ORDER BY c.name, x.code";
    SQLite::Statement st(m_db, sql);
    if (client_id)
        st.bind(":client", static_cast<int64_t>(*client_id));
    std::vector<OrgEntity> out;
    while (st.executeStep()) {
        OrgEntity e;
        e.kind = kind;
        e.id = st.getColumn(0).getInt64();
        e.client_id = st.getColumn(1).getInt64();
        e.client = text_or_empty(st.getColumn(2));
        e.code = text_or_empty(st.getColumn(3));
        e.name = text_or_empty(st.getColumn(4));
        e.parent_id = i64(st.getColumn(5));
        e.parent = text_or_empty(st.getColumn(6));
        e.active = st.getColumn(7).getInt() != 0;
        auto it = counts.find(e.id);
        e.visits = it == counts.end() ? 0 : it->second;
        out.push_back(std::move(e));
    }
    return out;
}

std::int64_t SqliteStore::org_save(const OrgEntity& e) {
    check_org_entity(e); // record_checks.h
    const bool coded =
        e.kind == OrgKind::Branch || e.kind == OrgKind::Employee || e.kind == OrgKind::Shopper;
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    std::int64_t id = e.id;
    try {
        switch (e.kind) {
        case OrgKind::Client: {
            SQLite::Statement st(m_db, id ? "UPDATE clients SET name = ?, active = ? WHERE id = ?"
                                          : "INSERT INTO clients (name, active) VALUES (?, ?)");
            st.bind(1, e.name);
            st.bind(2, e.active ? 1 : 0);
            if (id)
                st.bind(3, static_cast<int64_t>(id));
            st.exec();
            break;
        }
        case OrgKind::Region: {
            SQLite::Statement st(m_db, id ? "UPDATE regions SET client_id = ?, name = ?, active = "
                                            "? WHERE id = ?"
                                          : "INSERT INTO regions (client_id, name, active) VALUES "
                                            "(?, ?, ?)");
            st.bind(1, static_cast<int64_t>(e.client_id));
            st.bind(2, e.name);
            st.bind(3, e.active ? 1 : 0);
            if (id)
                st.bind(4, static_cast<int64_t>(id));
            st.exec();
            break;
        }
        case OrgKind::Branch:
        case OrgKind::Employee: {
            const bool branch = e.kind == OrgKind::Branch;
            std::string sql =
                id ? std::string("UPDATE ") + table_of(e.kind) +
                         " SET client_id = ?, code = ?, "
                         "name = ?, " +
                         (branch ? "region_id" : "branch_id") + " = ?, active = ? WHERE id = ?"
                   : std::string("INSERT INTO ") + table_of(e.kind) + " (client_id, code, name, " +
                         (branch ? "region_id" : "branch_id") + ", active) VALUES (?, ?, ?, ?, ?)";
            SQLite::Statement st(m_db, sql);
            st.bind(1, static_cast<int64_t>(e.client_id));
            st.bind(2, e.code);
            st.bind(3, e.name);
            bind_id_or_null(st, 4, e.parent_id);
            st.bind(5, e.active ? 1 : 0);
            if (id)
                st.bind(6, static_cast<int64_t>(id));
            st.exec();
            break;
        }
        case OrgKind::Shopper: {
            SQLite::Statement st(m_db, id ? "UPDATE shoppers SET client_id = ?, code = ?, name = "
                                            "?, active = ? WHERE id = ?"
                                          : "INSERT INTO shoppers (client_id, code, name, active) "
                                            "VALUES (?, ?, ?, ?)");
            st.bind(1, static_cast<int64_t>(e.client_id));
            st.bind(2, e.code);
            st.bind(3, e.name);
            st.bind(4, e.active ? 1 : 0);
            if (id)
                st.bind(5, static_cast<int64_t>(id));
            st.exec();
            break;
        }
        }
    } catch (const SQLite::Exception& x) {
        if (x.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE)
            throw InputError("", coded ? "code" : "name",
                             "\"" + (coded ? e.code : e.name) +
                                 "\" is already used by another entry of this client; choose "
                                 "another or edit that entry");
        throw;
    }
    if (!id)
        id = m_db.getLastInsertRowid();
    tx.commit();
    return id;
}

void SqliteStore::org_set_active(OrgKind kind, std::int64_t id, bool active) {
    SQLite::Statement st(m_db,
                         std::string("UPDATE ") + table_of(kind) + " SET active = ? WHERE id = ?");
    st.bind(1, active ? 1 : 0);
    st.bind(2, static_cast<int64_t>(id));
    st.exec();
}

std::size_t SqliteStore::org_import(OrgKind kind, const std::vector<OrgImportRow>& rows) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    for (const OrgImportRow& r : rows) {
        if (kind == OrgKind::Client) {
            find_or_create_client(m_db, r.name);
            continue;
        }
        std::int64_t client = find_or_create_client(m_db, r.client);
        if (kind == OrgKind::Region) {
            find_or_create(m_db, "regions", "name", client, r.name, "");
            continue;
        }
        std::int64_t id = find_or_create(m_db, table_of(kind), "code", client, r.code, r.name);
        if (!r.name.empty()) {
            SQLite::Statement up(m_db, std::string("UPDATE ") + table_of(kind) +
                                           " SET name = ? WHERE id = ?");
            up.bind(1, r.name);
            up.bind(2, static_cast<int64_t>(id));
            up.exec();
        }
        if (kind == OrgKind::Branch && !r.parent.empty()) {
            SQLite::Statement up(m_db, "UPDATE branches SET region_id = ? WHERE id = ?");
            up.bind(1, static_cast<int64_t>(
                           find_or_create(m_db, "regions", "name", client, r.parent, "")));
            up.bind(2, static_cast<int64_t>(id));
            up.exec();
        }
        if (kind == OrgKind::Employee && !r.parent.empty()) {
            SQLite::Statement up(m_db, "UPDATE employees SET branch_id = ? WHERE id = ?");
            up.bind(1, static_cast<int64_t>(
                           find_or_create(m_db, "branches", "code", client, r.parent, "")));
            up.bind(2, static_cast<int64_t>(id));
            up.exec();
        }
    }
    tx.commit();
    return rows.size();
}

// --- Settings and backup ----------------------------------------------------------------------

std::string SqliteStore::setting(const std::string& key, const std::string& fallback) {
    SQLite::Statement st(m_db, "SELECT value FROM settings WHERE key = ?");
    st.bind(1, key);
    return st.executeStep() ? st.getColumn(0).getString() : fallback;
}

std::map<std::string, std::string> SqliteStore::settings(const std::vector<std::string>& keys) {
    std::map<std::string, std::string> out;
    SQLite::Statement st(m_db, "SELECT value FROM settings WHERE key = ?");
    for (const std::string& key : keys) {
        st.bind(1, key);
        if (st.executeStep())
            out.emplace(key, st.getColumn(0).getString());
        st.reset();
    }
    return out;
}

namespace {

constexpr const char* kStoreSetting =
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
    "excluded.value";

} // namespace

void SqliteStore::set_setting(const std::string& key, const std::string& value) {
    SQLite::Statement st(m_db, kStoreSetting); // one statement: no transaction of its own
    st.bind(1, key);
    st.bind(2, value);
    st.exec();
}

void SqliteStore::set_settings(const std::vector<std::pair<std::string, std::string>>& values) {
    if (values.empty())
        return;
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement st(m_db, kStoreSetting);
    for (const auto& [key, value] : values) {
        st.bind(1, key);
        st.bind(2, value);
        st.exec();
        st.reset();
    }
    tx.commit();
}

namespace {

/// Stores a new random key under `name` unless one is there; returns the one stored.
std::string store_new_key(SQLite::Database& db, const char* name, const std::string& path) {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw StorageError(path + ": cannot make a random key for staff pseudonyms");
    static const char hex[] = "0123456789abcdef";
    std::string key;
    for (unsigned char b : bytes) {
        key += hex[b >> 4];
        key += hex[b & 15];
    }
    // Another process may store its key first: whichever is stored is the database's key.
    SQLite::Statement ins(db, "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)");
    ins.bind(1, name);
    ins.bind(2, key);
    ins.exec();
    SQLite::Statement get(db, "SELECT value FROM settings WHERE key = ?");
    get.bind(1, name);
    return get.executeStep() ? get.getColumn(0).getString() : std::string();
}

} // namespace

std::string SqliteStore::pseudonym_key() {
    constexpr const char* kKey = "pseudonym_key";
    std::string key = setting(kKey, "");
    if (!key.empty())
        return key;
    if (!m_read_only)
        return store_new_key(m_db, kKey, m_path);
    // A store opened for reading makes the key through a connection of its own when the file
    // may be written after all, and otherwise goes without one.
    try {
        SQLite::Database rw(m_path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX, 10000);
        if (sqlite3_db_readonly(rw.getHandle(), "main") != 0)
            return "";
        return store_new_key(rw, kKey, m_path);
    } catch (const SQLite::Exception&) {
        return "";
    }
}

namespace {

/// `path` with symlinks in its last component followed (a dangling one to where it points).
std::filesystem::path follow_symlinks(std::filesystem::path path) {
    for (int i = 0; i < 40 && std::filesystem::is_symlink(path); ++i) {
        std::filesystem::path to = std::filesystem::read_symlink(path);
        path = to.is_absolute() ? to : path.parent_path() / to;
    }
    return path;
}

/// Whether `a` and `b` name one file: the same inode when both exist, else the same path
/// once made absolute and free of symlinks, `.` and `..`.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::error_code ec;
    if (std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec))
        return std::filesystem::equivalent(a, b, ec);
    const auto ca = std::filesystem::weakly_canonical(a, ec);
    const auto cb = std::filesystem::weakly_canonical(b, ec);
    return !ec && ca == cb;
}

} // namespace

void SqliteStore::backup(const std::string& path) {
    namespace fs = std::filesystem;
    if (path.empty())
        throw InputError(path, "", "name the backup file");
    const fs::path target = follow_symlinks(path);
    std::error_code ec;
    const fs::path db = fs::weakly_canonical(m_path, ec);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        if (same_file(target, db.string() + suffix))
            throw InputError(path, "",
                             *suffix ? std::string("is the database's own ") + (suffix + 1) +
                                           " file; name another file"
                                     : "is the database itself; name another file");
    if (fs::is_directory(target))
        throw InputError(path, "", "is a folder; name the backup file");
    if (!target.parent_path().empty() && !fs::is_directory(target.parent_path()))
        throw InputError(path, "",
                         "its folder " + target.parent_path().string() + " does not exist");
    // Write an owner-only file beside the target (mkstemp makes it 0600 whatever the umask),
    // then rename it over the target: a failed backup never leaves half a file.
    std::string tmp = (target.parent_path().empty() ? fs::path(".") : target.parent_path()) /
                      ("." + target.filename().string() + ".part-XXXXXX");
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        throw StorageError(path + ": cannot create the backup file: " + std::strerror(errno));
    ::close(fd);
    try {
        m_db.backup(tmp.c_str(), SQLite::Database::Save);
        fs::rename(tmp, target);
    } catch (const std::exception& e) {
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            fs::remove(tmp + suffix, ec);
        throw StorageError(path + ": backup failed: " + e.what());
    }
}

} // namespace vs::storage
