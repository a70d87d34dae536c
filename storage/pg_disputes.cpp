// DisputeStore of the PostgreSQL backend. The server's rules (pg_server.cpp) decide who may open
// and decide: a client's account disputes only its own client's approved visits and reads only
// its own disputes (with the placeholder shopper its views show), a shopper has no right on
// disputes, and an arbiter who approved the visit is refused by the server itself. A decision
// locks the point and the visit, writes the visit (re-scored) and appends its audit entries last.

#include "storage/audit_chain.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"

namespace vs::storage {
namespace {

constexpr const char* kDisputeSelect =
    "SELECT d.id, v.uuid, c.name, b.code, s.code, v.visited_at, d.question, d.original_answer, "
    "d.proposed_answer, d.reason, d.opened_by, d.opened_at, d.evidence_name, d.evidence_mime, "
    "d.evidence_sha256, coalesce(length(d.evidence), 0), d.status, coalesce(d.decision, ''), "
    "d.decided_answer, d.decision_reason, d.decided_by, coalesce(d.decided_at, '') "
    "FROM disputes d JOIN visits v ON v.id = d.visit_id JOIN clients c ON c.id = d.client_id "
    "JOIN branches b ON b.id = v.branch_id JOIN shoppers s ON s.id = v.shopper_id ";

Dispute read_dispute(const pqxx::row& r) {
    Dispute d;
    d.id = r[0].as<std::int64_t>();
    d.visit_uuid = text_or_empty(r[1]);
    d.client = text_or_empty(r[2]);
    d.branch = text_or_empty(r[3]);
    d.shopper = text_or_empty(r[4]);
    d.visited_at = text_or_empty(r[5]);
    d.question = text_or_empty(r[6]);
    d.original_answer = text_or_empty(r[7]);
    d.proposed_answer = text_or_empty(r[8]);
    d.reason = text_or_empty(r[9]);
    d.opened_by = text_or_empty(r[10]);
    d.opened_at = text_or_empty(r[11]);
    d.evidence_name = text_or_empty(r[12]);
    d.evidence_mime = text_or_empty(r[13]);
    d.evidence_sha256 = text_or_empty(r[14]);
    d.evidence_size = r[15].as<std::int64_t>();
    d.status = text_or_empty(r[16]);
    d.decision = text_or_empty(r[17]);
    d.decided_answer = text_or_empty(r[18]);
    d.decision_reason = text_or_empty(r[19]);
    d.decided_by = text_or_empty(r[20]);
    d.decided_at = text_or_empty(r[21]);
    return d;
}

} // namespace

std::int64_t PgStore::add_dispute(const NewDispute& n, const std::string& who) {
    try {
        pqxx::work tx(*m_conn);
        const pqxx::result v = tx.exec_params(
            "SELECT id, client_id, status FROM visits WHERE uuid = $1", n.visit_uuid);
        if (v.empty())
            throw StorageError("visit " + n.visit_uuid + " is not in the database");
        if (text_or_empty(v[0][2]) != "approved")
            throw StorageError("visit " + n.visit_uuid +
                               " is not released (approved): it cannot be disputed");
        const bool has_evidence = !n.evidence_name.empty();
        const std::string sha =
            has_evidence ? sha256_hex(n.evidence.data(), n.evidence.size()) : "";
        const std::int64_t id =
            tx.exec_params1(
                  "INSERT INTO public.disputes (visit_id, client_id, question, original_answer, "
                  "proposed_answer, reason, opened_by, evidence_name, evidence_mime, "
                  "evidence_sha256, evidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                  "CASE WHEN $8 = '' THEN NULL ELSE $11::bytea END) RETURNING id",
                  v[0][0].as<std::int64_t>(), v[0][1].as<std::int64_t>(), n.question,
                  n.original_answer, n.proposed_answer, n.reason, who, n.evidence_name,
                  n.evidence_mime, sha, bytea_hex(n.evidence))[0]
                .as<std::int64_t>();
        tx.commit();
        return id;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "opening a dispute on visit " + n.visit_uuid, e);
    }
}

std::vector<Dispute> PgStore::disputes(const DisputeFilter& f) {
    return pg_read(*m_conn, nullptr, "reading disputes", [&](pqxx::transaction_base& tx) {
        std::vector<Dispute> out;
        for (const auto& r :
             tx.exec_params(std::string(kDisputeSelect) +
                                "WHERE ($1 = '' OR c.name = $1) AND ($2 = '' OR d.status = $2) "
                                "AND ($3 = '' OR v.uuid = $3) ORDER BY d.id",
                            f.client, f.status, f.visit_uuid))
            out.push_back(read_dispute(r));
        return out;
    });
}

std::optional<Dispute> PgStore::dispute(std::int64_t id) {
    return pg_read(*m_conn, nullptr, "reading a dispute",
                   [&](pqxx::transaction_base& tx) -> std::optional<Dispute> {
                       const pqxx::result r =
                           tx.exec_params(std::string(kDisputeSelect) + "WHERE d.id = $1", id);
                       if (r.empty())
                           return std::nullopt;
                       return read_dispute(r[0]);
                   });
}

std::vector<unsigned char> PgStore::dispute_evidence(std::int64_t id) {
    return pg_read(*m_conn, nullptr, "reading a dispute's evidence",
                   [&](pqxx::transaction_base& tx) {
                       const pqxx::result r =
                           tx.exec_params("SELECT evidence FROM disputes WHERE id = $1", id);
                       return r.empty() || r[0][0].is_null() ? std::vector<unsigned char>()
                                                             : bytes_of(r[0][0]);
                   });
}

void PgStore::decide_dispute(std::int64_t id, const DisputeDecision& d, const DisputeEdit* edit) {
    // The template is read before the transaction: template_row may read the server itself.
    const TemplateRow* t =
        edit ? template_row(edit->visit.template_id, edit->visit.template_version) : nullptr;
    try {
        pqxx::work tx(*m_conn);
        const pqxx::result cur = tx.exec_params(
            "SELECT d.visit_id, d.status, d.question, d.original_answer FROM disputes d "
            "WHERE d.id = $1 FOR UPDATE",
            id);
        if (cur.empty())
            throw StorageError("dispute " + std::to_string(id) + " is not in the database");
        const std::int64_t visit_id = cur[0][0].as<std::int64_t>();
        if (text_or_empty(cur[0][1]) != "open")
            throw StorageError("dispute " + std::to_string(id) + " is already decided");
        const std::string question = text_or_empty(cur[0][2]);
        const std::string original = text_or_empty(cur[0][3]);
        tx.exec_params("UPDATE disputes SET status = 'decided', decision = $2, decided_answer = "
                       "$3, decision_reason = $4, decided_by = $5, decided_at = "
                       "to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                       "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') WHERE id = $1",
                       id, d.decision, d.decided_answer, d.reason, d.who);
        const bool rewrite = edit && !edit->entries.empty();
        if (rewrite) {
            if (!t)
                throw StorageError("unknown scorecard \"" + edit->visit.template_id + "\"");
            write_edited_visit(tx, visit_id, edit->visit, edit->updated_at, *t->tpl, t->pk);
        }
        pg_append_audit(tx, visit_id,
                        {d.who, "dispute", "dispute " + std::to_string(id) + " " + question,
                         original, d.decided_answer, d.decision + ": " + d.reason});
        if (rewrite)
            for (const AuditChange& e : edit->entries)
                pg_append_audit(tx, visit_id, e);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "deciding dispute " + std::to_string(id), e);
    }
}

std::string PgStore::released_at(const std::string& visit_uuid) {
    return pg_read(
        *m_conn, nullptr, "reading when a visit was released", [&](pqxx::transaction_base& tx) {
            const pqxx::result r = tx.exec_params(
                "SELECT visitscore_released_at(id) FROM visits WHERE uuid = $1", visit_uuid);
            return r.empty() ? std::string() : text_or_empty(r[0][0]);
        });
}

std::string PgStore::approver(const std::string& visit_uuid) {
    return pg_read(
        *m_conn, nullptr, "reading who approved a visit", [&](pqxx::transaction_base& tx) {
            const pqxx::result r = tx.exec_params(
                "SELECT visitscore_approver(id) FROM visits WHERE uuid = $1", visit_uuid);
            return r.empty() ? std::string() : text_or_empty(r[0][0]);
        });
}

std::vector<ReleasedVisit> PgStore::released_visits(const std::string& client) {
    return pg_read(*m_conn, nullptr, "reading released visits", [&](pqxx::transaction_base& tx) {
        std::vector<ReleasedVisit> out;
        for (const auto& r : tx.exec_params(
                 "SELECT v.uuid, c.name, b.code, s.code FROM visits v JOIN clients c ON c.id = "
                 "v.client_id JOIN branches b ON b.id = v.branch_id JOIN shoppers s ON s.id = "
                 "v.shopper_id JOIN templates t ON t.id = v.template_id WHERE v.status = "
                 "'approved' AND v.calibration IS NULL AND t.channel <> 'survey' AND ($1 = '' OR "
                 "c.name = $1) ORDER BY v.id",
                 client))
            out.push_back({text_or_empty(r[0]), text_or_empty(r[1]), text_or_empty(r[2]),
                           text_or_empty(r[3])});
        return out;
    });
}

} // namespace vs::storage
