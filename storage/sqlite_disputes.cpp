// DisputeStore of the SQLite backend: dispute points on approved visits and their decisions.
// On one file the person at the desk is the consultancy: the rules of who may open and decide
// are the services' (services/disputes.h).

#include "storage/assignment_checks.h"
#include "storage/audit_chain.h"
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"
#include "storage/visit_conflict.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace vs::storage {
namespace {

constexpr const char* kDisputeSelect =
    "SELECT d.id, v.uuid, c.name, b.code, s.code, v.visited_at, d.question, d.original_answer, "
    "d.proposed_answer, d.reason, d.opened_by, d.opened_at, d.evidence_name, d.evidence_mime, "
    "d.evidence_sha256, coalesce(length(d.evidence), 0), d.status, coalesce(d.decision, ''), "
    "d.decided_answer, d.decision_reason, d.decided_by, coalesce(d.decided_at, '') "
    "FROM disputes d JOIN visits v ON v.id = d.visit_id JOIN clients c ON c.id = d.client_id "
    "JOIN branches b ON b.id = v.branch_id JOIN shoppers s ON s.id = v.shopper_id ";

Dispute read_dispute(SQLite::Statement& st) {
    Dispute d;
    d.id = st.getColumn(0).getInt64();
    d.visit_uuid = text_or_empty(st.getColumn(1));
    d.client = text_or_empty(st.getColumn(2));
    d.branch = text_or_empty(st.getColumn(3));
    d.shopper = text_or_empty(st.getColumn(4));
    d.visited_at = text_or_empty(st.getColumn(5));
    d.question = text_or_empty(st.getColumn(6));
    d.original_answer = text_or_empty(st.getColumn(7));
    d.proposed_answer = text_or_empty(st.getColumn(8));
    d.reason = text_or_empty(st.getColumn(9));
    d.opened_by = text_or_empty(st.getColumn(10));
    d.opened_at = text_or_empty(st.getColumn(11));
    d.evidence_name = text_or_empty(st.getColumn(12));
    d.evidence_mime = text_or_empty(st.getColumn(13));
    d.evidence_sha256 = text_or_empty(st.getColumn(14));
    d.evidence_size = st.getColumn(15).getInt64();
    d.status = text_or_empty(st.getColumn(16));
    d.decision = text_or_empty(st.getColumn(17));
    d.decided_answer = text_or_empty(st.getColumn(18));
    d.decision_reason = text_or_empty(st.getColumn(19));
    d.decided_by = text_or_empty(st.getColumn(20));
    d.decided_at = text_or_empty(st.getColumn(21));
    return d;
}

} // namespace

std::int64_t SqliteStore::add_dispute(const NewDispute& n, const std::string& who) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement v(m_db, "SELECT id, client_id, status FROM visits WHERE uuid = ?");
    v.bind(1, n.visit_uuid);
    if (!v.executeStep())
        throw StorageError("visit " + n.visit_uuid + " is not in the database");
    const std::int64_t visit_id = v.getColumn(0).getInt64();
    const std::int64_t client_id = v.getColumn(1).getInt64();
    if (text_or_empty(v.getColumn(2)) != "approved")
        throw StorageError("visit " + n.visit_uuid +
                           " is not released (approved): it cannot be "
                           "disputed");
    v.reset();
    SQLite::Statement ins(
        m_db, "INSERT INTO disputes (visit_id, client_id, question, original_answer, "
              "proposed_answer, reason, opened_by, opened_at, evidence_name, evidence_mime, "
              "evidence_sha256, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, static_cast<int64_t>(visit_id));
    ins.bind(2, static_cast<int64_t>(client_id));
    ins.bind(3, n.question);
    ins.bind(4, n.original_answer);
    ins.bind(5, n.proposed_answer);
    ins.bind(6, n.reason);
    ins.bind(7, who);
    ins.bind(8, utc_now_seconds());
    ins.bind(9, n.evidence_name);
    ins.bind(10, n.evidence_mime);
    if (n.evidence_name.empty()) {
        ins.bind(11, std::string());
        ins.bind(12);
    } else {
        ins.bind(11, sha256_hex(n.evidence.data(), n.evidence.size()));
        ins.bind(12, n.evidence.data(), static_cast<int>(n.evidence.size()));
    }
    ins.exec();
    const std::int64_t id = m_db.getLastInsertRowid();
    tx.commit();
    return id;
}

std::vector<Dispute> SqliteStore::disputes(const DisputeFilter& f) {
    std::string sql = std::string(kDisputeSelect) + "WHERE 1 = 1";
    if (!f.client.empty())
        sql += " AND c.name = :client";
    if (!f.status.empty())
        sql += " AND d.status = :status";
    if (!f.visit_uuid.empty())
        sql += " AND v.uuid = :visit";
    sql += " ORDER BY d.id";
    SQLite::Statement st(m_db, sql);
    if (!f.client.empty())
        st.bind(":client", f.client);
    if (!f.status.empty())
        st.bind(":status", f.status);
    if (!f.visit_uuid.empty())
        st.bind(":visit", f.visit_uuid);
    std::vector<Dispute> out;
    while (st.executeStep())
        out.push_back(read_dispute(st));
    return out;
}

std::optional<Dispute> SqliteStore::dispute(std::int64_t id) {
    SQLite::Statement st(m_db, std::string(kDisputeSelect) + "WHERE d.id = ?");
    st.bind(1, static_cast<int64_t>(id));
    if (!st.executeStep())
        return std::nullopt;
    return read_dispute(st);
}

std::vector<unsigned char> SqliteStore::dispute_evidence(std::int64_t id) {
    SQLite::Statement st(m_db, "SELECT evidence FROM disputes WHERE id = ?");
    st.bind(1, static_cast<int64_t>(id));
    std::vector<unsigned char> out;
    if (st.executeStep() && !st.getColumn(0).isNull()) {
        const auto* p = static_cast<const unsigned char*>(st.getColumn(0).getBlob());
        out.assign(p, p + st.getColumn(0).getBytes());
    }
    return out;
}

void SqliteStore::decide_dispute(std::int64_t id, const DisputeDecision& d,
                                 const DisputeEdit* edit) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement cur(m_db, "SELECT d.visit_id, d.status, d.question, d.original_answer, "
                                "v.uuid, v.updated_at FROM disputes d JOIN visits v ON v.id = "
                                "d.visit_id WHERE d.id = ?");
    cur.bind(1, static_cast<int64_t>(id));
    if (!cur.executeStep())
        throw StorageError("dispute " + std::to_string(id) + " is not in the database");
    const std::int64_t visit_id = cur.getColumn(0).getInt64();
    const std::string status = text_or_empty(cur.getColumn(1));
    const std::string question = text_or_empty(cur.getColumn(2));
    const std::string original = text_or_empty(cur.getColumn(3));
    const std::string uuid = text_or_empty(cur.getColumn(4));
    const std::string stored_at = text_or_empty(cur.getColumn(5));
    cur.reset();
    if (status != "open")
        throw StorageError("dispute " + std::to_string(id) + " is already decided");
    SQLite::Statement up(m_db, "UPDATE disputes SET status = 'decided', decision = ?, "
                               "decided_answer = ?, decision_reason = ?, decided_by = ?, "
                               "decided_at = ? WHERE id = ?");
    up.bind(1, d.decision);
    up.bind(2, d.decided_answer);
    up.bind(3, d.reason);
    up.bind(4, d.who);
    up.bind(5, utc_now_seconds());
    up.bind(6, static_cast<int64_t>(id));
    up.exec();
    append_audit(visit_id, d.who, "dispute", "dispute " + std::to_string(id) + " " + question,
                 original, d.decided_answer, d.decision + ": " + d.reason);
    if (edit && !edit->entries.empty()) {
        if (stored_at != edit->updated_at)
            throw StorageError(edit_conflict_message(uuid, stored_at, LastChange{}));
        const TemplateRow* t = template_row(edit->visit.template_id, edit->visit.template_version);
        if (!t)
            throw StorageError("unknown scorecard \"" + edit->visit.template_id + "\"");
        for (const AuditChange& e : edit->entries)
            append_audit(visit_id, e.who, e.action, e.field, e.old_value, e.new_value, e.reason);
        write_visit(visit_id, edit->visit, *t->tpl, t->pk);
    }
    tx.commit();
}

std::string SqliteStore::released_at(const std::string& visit_uuid) {
    SQLite::Statement st(
        m_db, "SELECT CASE WHEN v.status <> 'approved' THEN '' ELSE coalesce((SELECT a.at FROM "
              "audit_log a WHERE a.visit_id = v.id AND a.action = 'status' AND a.new_value = "
              "'approved' ORDER BY a.id DESC LIMIT 1), v.updated_at) END FROM visits v WHERE "
              "v.uuid = ?");
    st.bind(1, visit_uuid);
    return st.executeStep() ? text_or_empty(st.getColumn(0)) : std::string();
}

std::string SqliteStore::approver(const std::string& visit_uuid) {
    SQLite::Statement st(m_db, "SELECT a.who FROM audit_log a JOIN visits v ON v.id = a.visit_id "
                               "WHERE v.uuid = ? AND a.action = 'status' AND a.new_value = "
                               "'approved' ORDER BY a.id DESC LIMIT 1");
    st.bind(1, visit_uuid);
    return st.executeStep() ? text_or_empty(st.getColumn(0)) : std::string();
}

std::vector<ReleasedVisit> SqliteStore::released_visits(const std::string& client) {
    std::string sql =
        "SELECT v.uuid, c.name, b.code, s.code FROM visits v JOIN clients c ON c.id = "
        "v.client_id JOIN branches b ON b.id = v.branch_id JOIN shoppers s ON s.id "
        "= v.shopper_id JOIN templates t ON t.id = v.template_id WHERE v.status = "
        "'approved' AND v.calibration IS NULL AND t.channel <> 'survey'";
    if (!client.empty())
        sql += " AND c.name = ?";
    sql += " ORDER BY v.id";
    SQLite::Statement st(m_db, sql);
    if (!client.empty())
        st.bind(1, client);
    std::vector<ReleasedVisit> out;
    while (st.executeStep())
        out.push_back({text_or_empty(st.getColumn(0)), text_or_empty(st.getColumn(1)),
                       text_or_empty(st.getColumn(2)), text_or_empty(st.getColumn(3))});
    return out;
}

} // namespace vs::storage
