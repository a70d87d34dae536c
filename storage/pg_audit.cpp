// The PostgreSQL backend's AuditStore: the audit log and its hash chain. Entries are appended
// only by the server's visitscore_append_audit (pg_common.h's pg_append_audit), which hashes
// them as audit_chain.h says; this part reads them and recomputes the chain with the same
// check as every backend (AuditChainCheck). While a rescore batch is open the reads go through
// its transaction and see what it wrote (pg_maintenance.cpp).
#include "forms/dates.h"
#include "storage/audit_chain.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"

#include <utility>

namespace vs::storage {
namespace {

constexpr const char* kColumns = "a.id, a.at, a.who, a.visit_id, a.action, a.field, "
                                 "a.old_value, a.new_value, a.reason, a.prev_hash, a.hash, "
                                 "a.assignment_uuid";

/// The triggers that keep audit_log append-only (pg_schema.cpp).
constexpr const char* kTriggers[] = {"audit_log_no_update", "audit_log_no_truncate"};

/// An entry from a row whose first columns are kColumns.
AuditEntry entry_of(const pqxx::row& r) {
    AuditEntry e;
    e.id = r[0].as<std::int64_t>();
    e.at = text_or_empty(r[1]);
    e.who = text_or_empty(r[2]);
    e.visit_id = r[3].is_null() ? 0 : r[3].as<std::int64_t>(); // an assignment's entry: none
    e.action = text_or_empty(r[4]);
    e.field = text_or_empty(r[5]);
    e.old_value = text_or_empty(r[6]);
    e.new_value = text_or_empty(r[7]);
    e.reason = text_or_empty(r[8]);
    e.prev_hash = text_or_empty(r[9]);
    e.hash = text_or_empty(r[10]);
    e.assignment_uuid = text_or_empty(r[11]);
    return e;
}

/// A text parameter, NULL when absent.
const char* or_null(const std::optional<std::string>& value) {
    return value ? value->c_str() : nullptr;
}

} // namespace

std::vector<AuditEntry> PgStore::audit_log(std::int64_t visit_id) {
    return pg_read(
        *m_conn, batch_transaction(), "reading the audit log", [&](pqxx::transaction_base& tx) {
            std::vector<AuditEntry> out;
            for (const pqxx::row& r : tx.exec_params(std::string("SELECT ") + kColumns +
                                                         " FROM audit_log a WHERE a.visit_id = $1 "
                                                         "ORDER BY a.id",
                                                     visit_id))
                out.push_back(entry_of(r));
            return out;
        });
}

std::vector<AuditRow> PgStore::audit_entries(const AuditQuery& q) {
    // Entry times are UTC text "YYYY-MM-DDTHH:MM:SS.mmmZ": a day range is a text range. An
    // absent filter is bound as NULL and drops out when the server plans the statement.
    std::optional<std::string> from, to;
    if (q.from_day)
        from = forms::day_to_string(*q.from_day);
    if (q.to_day)
        to = forms::day_to_string(*q.to_day + 1);
    return pg_read(
        *m_conn, batch_transaction(), "reading the audit log", [&](pqxx::transaction_base& tx) {
            // An assignment's entry names no visit: the assignment's client and branch, for an
            // account that may read assignments (a client may not, and reads no entries); an
            // action plan's (subject "plan:<id>") the plan's, for one that may read plans.
            const pqxx::row may = tx.exec1("SELECT has_table_privilege('assignments', 'SELECT'), "
                                           "has_table_privilege('action_plans', 'SELECT')");
            const bool assignments = may[0].as<bool>();
            const bool plans = may[1].as<bool>();
            const pqxx::result rows = tx.exec_params(
                std::string("SELECT ") + kColumns +
                    ", v.uuid, c.name, b.code FROM audit_log a "
                    "LEFT JOIN visits v ON v.id = a.visit_id " +
                    (assignments ? "LEFT JOIN assignments x ON a.visit_id IS NULL AND x.uuid = "
                                   "a.assignment_uuid "
                                 : "LEFT JOIN (SELECT NULL::bigint AS client_id, NULL::bigint AS "
                                   "branch_id) x ON FALSE ") +
                    (plans ? "LEFT JOIN action_plans p ON a.visit_id IS NULL AND "
                             "a.assignment_uuid LIKE 'plan:%' AND "
                             "p.id::text = substr(a.assignment_uuid, 6) "
                           : "LEFT JOIN (SELECT NULL::bigint AS client_id, NULL::bigint AS "
                             "branch_id) p ON FALSE ") +
                    "LEFT JOIN clients c ON c.id = coalesce(v.client_id, x.client_id, p.client_id) "
                    "LEFT JOIN branches b ON b.id = coalesce(v.branch_id, x.branch_id, "
                    "p.branch_id) "
                    "WHERE ($1::text IS NULL OR v.uuid = $1) AND ($2::text IS NULL OR a.who = $2) "
                    "AND ($3::text IS NULL OR b.code = $3) AND ($4::text IS NULL OR a.action = $4) "
                    "AND ($5::text IS NULL OR a.at >= $5) AND ($6::text IS NULL OR a.at < $6) "
                    "ORDER BY a.id",
                or_null(q.visit_uuid), or_null(q.who), or_null(q.branch), or_null(q.action),
                or_null(from), or_null(to));
            std::vector<AuditRow> out;
            out.reserve(rows.size());
            for (const pqxx::row& r : rows) {
                AuditRow row;
                row.entry = entry_of(r);
                row.visit_uuid = text_or_empty(r[12]);
                row.client = text_or_empty(r[13]);
                row.branch = text_or_empty(r[14]);
                out.push_back(std::move(row));
            }
            return out;
        });
}

std::string PgStore::submitter(std::int64_t visit_id) {
    return pg_read(*m_conn, batch_transaction(), "reading who submitted a visit",
                   [&](pqxx::transaction_base& tx) {
                       const pqxx::result r = tx.exec_params(
                           "SELECT who FROM audit_log WHERE visit_id = $1 AND action = 'status' "
                           "AND new_value = 'submitted' AND old_value IN ('draft', 'returned') "
                           "ORDER BY id DESC LIMIT 1",
                           visit_id);
                       return r.empty() ? std::string() : text_or_empty(r[0][0]);
                   });
}

AuditCheck PgStore::verify_audit(const std::string& recorded_head) {
    auto check_in = [&](pqxx::transaction_base& tx) {
        AuditChainCheck chain(recorded_head);
        // An assignment's purge entry has no visit (NULL) and names its assignment.
        for (const pqxx::row& r :
             tx.exec("SELECT id, coalesce(visit_id, 0), new_value, assignment_uuid FROM "
                     "audit_log WHERE action = 'purge' AND new_value <> '' ORDER BY id"))
            chain.purge_record(r[0].as<std::int64_t>(), r[1].as<std::int64_t>(),
                               text_or_empty(r[2]), text_or_empty(r[3]));
        // Streamed in id order: the whole log is never held at once.
        pqxx::stateless_cursor<pqxx::cursor_base::read_only, pqxx::cursor_base::owned> cursor(
            tx, std::string("SELECT ") + kColumns + " FROM audit_log a ORDER BY a.id",
            "visitscore_audit_chain", false);
        constexpr pqxx::result::difference_type kChunk = 10000;
        bool going = true;
        for (pqxx::result::difference_type at = 0; going; at += kChunk) {
            const pqxx::result rows = cursor.retrieve(at, at + kChunk);
            for (const pqxx::row& r : rows)
                if (!chain.add(entry_of(r))) {
                    going = false;
                    break;
                }
            if (rows.size() < static_cast<pqxx::result::size_type>(kChunk))
                going = false;
        }
        AuditCheck check = chain.result();
        // The append-only triggers: a removed or disabled one lets entries be changed unseen.
        for (const char* trigger : kTriggers) {
            if (!check.problem.empty())
                break;
            const pqxx::result t = tx.exec_params(
                "SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND "
                "tgname = $1 AND NOT tgisinternal",
                trigger);
            if (t.empty())
                check.problem = std::string("the trigger ") + trigger +
                                " that keeps the audit log append-only was removed";
            else if (t[0][0].as<std::string>() == "D")
                check.problem = std::string("the trigger ") + trigger +
                                " that keeps the audit log append-only was disabled";
        }
        return check;
    };
    try {
        if (pqxx::transaction_base* batch = batch_transaction())
            return check_in(*batch);
        // One snapshot for the purge records, the chain and the triggers (a purge committed
        // meanwhile would otherwise show redacted entries without their records).
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*m_conn);
        return check_in(tx);
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "checking the audit log", e);
    }
}

} // namespace vs::storage
