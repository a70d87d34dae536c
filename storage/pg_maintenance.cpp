// The PostgreSQL backend's MaintenanceStore: backup, purge, rescore batches.
//
// A rescore batch runs on a connection of its own, to the same server as the same account:
// libpqxx lets a connection run one transaction at a time, and the store's other reads open
// their own. The batch's transaction lasts from rescore_batch() to commit() (rolled back when
// the batch is destroyed first); it locks the visits table against other writers (readers go
// on), as SQLite's write lock does. While it is open, the store's maintenance and audit reads
// go through the batch's transaction and see what it wrote; the store's other reads see what is
// committed. Write through the batch only while it is open: the store's own writes would wait
// for it.
//
// The purge redacts audit entries as SQLite's does (audit_chain.h), through the server's
// visitscore_redact_audit: it lifts the append-only trigger with its owner's rights inside the
// purge's transaction only, and refuses anyone but an admin on a server set up with roles.
#include "forms/dates.h"
#include "storage/audit_chain.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"
#include "storage/prepare.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace vs::storage {

namespace {

/// The audit chain's lock key (pg_schema.cpp's visitscore_append_audit takes the same).
constexpr long long kAuditChainLock = 6149290220431856980;

/// A double as the shortest text that reads back as the same value; "" for none.
std::string real_text(const std::optional<double>& v) {
    if (!v)
        return {};
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

/// A text parameter, NULL when empty.
const char* or_null(const std::string& value) {
    return value.empty() ? nullptr : value.c_str();
}

std::optional<double> real_of(const pqxx::field& f) {
    return f.is_null() ? std::optional<double>() : f.as<double>();
}

} // namespace

// --- Rescore batches ---------------------------------------------------------------------------

class PgScoreBatch final : public ScoreBatch {
  public:
    explicit PgScoreBatch(PgStore& store) : m_store(store) {
        try {
            m_conn = std::make_unique<pqxx::connection>(store.uri());
            m_conn->set_variable("TimeZone", "'UTC'");
            m_conn->prepare("visitscore_rescore_visit",
                            "UPDATE visits SET raw = $1::double precision, score = "
                            "$2::double precision, applicable = $3::double precision, critical = "
                            "$4, critical_failures = $5, scoring_rules = $6 WHERE id = $7");
            m_conn->prepare("visitscore_rescore_arrays",
                            "INSERT INTO visit_scores (visit_id, client_id, section_scores, "
                            "question_scores) SELECT $1, client_id, $2::bytea, $3::bytea FROM "
                            "visits WHERE id = $1 ON CONFLICT (visit_id) DO UPDATE "
                            "SET section_scores = EXCLUDED.section_scores, question_scores = "
                            "EXCLUDED.question_scores");
            m_tx = std::make_unique<pqxx::work>(*m_conn);
            // Other writers wait until the batch ends; readers go on.
            m_tx->exec("LOCK TABLE visits IN SHARE ROW EXCLUSIVE MODE");
        } catch (const pqxx::failure& e) {
            throw pg_error(store.connection(), "opening a batch that rewrites stored scores", e);
        }
        m_store.m_batch = this;
    }

    ~PgScoreBatch() override {
        if (m_store.m_batch == this)
            m_store.m_batch = nullptr;
        // m_tx, destroyed uncommitted, rolls back; then the connection closes.
    }

    void replace_scores(std::int64_t id, const PreparedVisit& p, int rules) override {
        std::size_t changed = 0;
        try {
            const std::string raw = real_text(p.result.raw);
            const std::string score = real_text(p.result.score);
            const std::string applicable = real_text(p.result.applicable);
            changed = m_tx->exec_prepared("visitscore_rescore_visit", or_null(raw), or_null(score),
                                          or_null(applicable), !p.result.critical_failures.empty(),
                                          p.critical_failures_json, rules, id)
                          .affected_rows();
            if (changed == 1)
                m_tx->exec_prepared("visitscore_rescore_arrays", id, bytea_hex(p.section_values),
                                    bytea_hex(p.question_values));
        } catch (const pqxx::failure& e) {
            throw pg_error(*m_conn, "rewriting the stored scores of visit " + std::to_string(id),
                           e);
        }
        if (changed != 1)
            throw StorageError("visit " + std::to_string(id) + " is not in the database");
    }

    void audit(std::int64_t id, const std::string& who, const std::string& action,
               const std::string& field, const std::string& old_value, const std::string& new_value,
               const std::string& reason) override {
        try {
            pg_append_audit(*m_tx, id, {who, action, field, old_value, new_value, reason});
        } catch (const pqxx::failure& e) {
            throw pg_error(*m_conn, "recording the audit entry of visit " + std::to_string(id), e);
        }
    }

    void commit() override {
        try {
            m_tx->commit();
        } catch (const pqxx::failure& e) {
            throw pg_error(*m_conn, "committing the rewritten scores", e);
        }
        // The store reads what is committed from now on.
        if (m_store.m_batch == this)
            m_store.m_batch = nullptr;
    }

    pqxx::transaction_base& transaction() { return *m_tx; }

  private:
    PgStore& m_store;
    std::unique_ptr<pqxx::connection> m_conn;
    std::unique_ptr<pqxx::work> m_tx;
};

pqxx::transaction_base* PgStore::batch_transaction() {
    return m_batch ? &m_batch->transaction() : nullptr;
}

std::unique_ptr<ScoreBatch> PgStore::rescore_batch() {
    if (m_read_only)
        throw StorageError(pg_where(*m_conn) + ": the database is open read-only; scores "
                                               "cannot be rewritten");
    if (m_batch)
        throw StorageError(pg_where(*m_conn) + ": a batch that rewrites stored scores is "
                                               "already open on this connection");
    return std::make_unique<PgScoreBatch>(*this);
}

std::vector<std::int64_t> PgStore::visits_scored_before(int rules) {
    return pg_read(
        *m_conn, batch_transaction(), "reading which visits to rescore",
        [&](pqxx::transaction_base& tx) {
            std::vector<std::int64_t> ids;
            for (const pqxx::row& r : tx.exec_params(
                     "SELECT id FROM visits WHERE scoring_rules < $1 ORDER BY id", rules))
                ids.push_back(r[0].as<std::int64_t>());
            return ids;
        });
}

StoredScores PgStore::stored_scores(std::int64_t id) {
    std::optional<StoredScores> found = pg_read(
        *m_conn, batch_transaction(), "reading the stored scores of a visit",
        [&](pqxx::transaction_base& tx) {
            const pqxx::result r =
                tx.exec_params("SELECT v.uuid, v.scoring_rules, v.raw, v.score, v.applicable, "
                               "v.critical_failures, s.section_scores FROM visits v "
                               "JOIN visit_scores s ON s.visit_id = v.id WHERE v.id = $1",
                               id);
            if (r.empty())
                return std::optional<StoredScores>();
            StoredScores out;
            out.id = id;
            out.uuid = text_or_empty(r[0][0]);
            out.rules = r[0][1].as<int>();
            out.raw = real_of(r[0][2]);
            out.score = real_of(r[0][3]);
            out.applicable = real_of(r[0][4]);
            out.critical_failures =
                nlohmann::json::parse(text_or_empty(r[0][5])).get<std::vector<std::string>>();
            const std::vector<double> values = doubles_of(r[0][6]);
            out.sections = decode_sections(values.data(), values.size() / kSectionValues);
            return std::optional<StoredScores>(std::move(out));
        });
    if (!found)
        throw StorageError("visit " + std::to_string(id) + " is not in the database");
    return std::move(*found);
}

// --- Backup ------------------------------------------------------------------------------------

// backup: pg_copy.cpp (a SQLite file of every row, through the copy between backends).

// --- Purge -------------------------------------------------------------------------------------

PurgeReport PgStore::purge_personal_data(int before_day, const std::string& who) {
    if (m_batch)
        throw StorageError(pg_where(*m_conn) + ": a batch that rewrites stored scores is open "
                                               "on this connection; purge after it ends");
    PurgeReport report;
    try {
        pqxx::work tx(*m_conn);
        // Lock order as the writers take theirs (a visit, then the audit chain): visits
        // against other writers (readers go on), then the chain.
        tx.exec("LOCK TABLE visits IN SHARE ROW EXCLUSIVE MODE");
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kAuditChainLock);

        // Visits before the date that were not purged yet.
        struct Row {
            std::int64_t id;
            std::int64_t template_pk;
            std::string answers;
        };
        std::vector<Row> rows;
        for (const pqxx::row& r : tx.exec_params(
                 "SELECT v.id, v.template_id, v.answers FROM visits v WHERE v.day < $1 AND NOT "
                 "EXISTS (SELECT 1 FROM audit_log a WHERE a.visit_id = v.id AND a.action = "
                 "'purge') ORDER BY v.id",
                 before_day))
            rows.push_back({r[0].as<std::int64_t>(), r[1].as<std::int64_t>(), text_or_empty(r[2])});

        if (!rows.empty()) {
            // Free-text answers are personal data and never scored; a text answer that a
            // show_if condition tests is a coded value and stays, so that visibility is
            // unchanged. Per template: the ids of the answers that go.
            std::map<std::int64_t, std::vector<std::string>> removed_answers;
            for (const Row& row : rows) {
                if (removed_answers.count(row.template_pk))
                    continue;
                std::vector<std::string>& ids = removed_answers[row.template_pk];
                if (const TemplateRow* t = template_by_pk(tx, row.template_pk)) {
                    std::set<int> tested;
                    for (const auto& s : t->tpl->sections)
                        if (s.show_if)
                            tested.insert(s.show_if->question_index);
                    for (const auto& q : t->tpl->questions)
                        if (q.show_if)
                            tested.insert(q.show_if->question_index);
                    for (std::size_t i = 0; i < t->tpl->questions.size(); ++i)
                        if (t->tpl->questions[i].type == forms::QuestionType::Text &&
                            !tested.count(static_cast<int>(i)))
                            ids.push_back(t->tpl->questions[i].id);
                }
            }
            // Personal values in the audit log: blanked, each visit's purge entry records the
            // hashes of the redacted entries (audit_chain.h). The log is append-only: the
            // server's visitscore_redact_audit (pg_schema.cpp) blanks them with its owner's
            // rights, for an admin only on a server set up with roles.
            std::map<std::int64_t, std::vector<AuditEntry>> redacted; // by visit
            std::string ids, values;                                  // array literals
            for (const pqxx::row& r : tx.exec_params(
                     "SELECT a.id, a.at, a.who, a.visit_id, a.action, a.field, a.old_value, "
                     "a.new_value, a.reason, a.prev_hash, a.hash FROM audit_log a JOIN visits v "
                     "ON v.id = a.visit_id WHERE v.day < $1 AND a.action <> 'purge' AND NOT "
                     "EXISTS (SELECT 1 FROM audit_log p WHERE p.visit_id = v.id AND p.action = "
                     "'purge') ORDER BY a.id",
                     before_day)) {
                const AuditEntry e{
                    r[0].as<std::int64_t>(), text_or_empty(r[1]),  text_or_empty(r[2]),
                    r[3].as<std::int64_t>(), text_or_empty(r[4]),  text_or_empty(r[5]),
                    text_or_empty(r[6]),     text_or_empty(r[7]),  text_or_empty(r[8]),
                    text_or_empty(r[9]),     text_or_empty(r[10]), std::string()};
                ids += (ids.empty() ? "" : ",") + std::to_string(e.id);
                values += values.empty() ? "" : ",";
                values += impersonal_audit_field(e.field) ? "f" : "t";
                redacted[e.visit_id].push_back(audit_redacted(e));
            }
            if (!redacted.empty())
                tx.exec_params("SELECT visitscore_redact_audit($1::bigint[], $2::boolean[])",
                               "{" + ids + "}", "{" + values + "}");

            // The purged visits with what stays of their answers and their purge records.
            tx.exec("CREATE TEMP TABLE visitscore_purged (id BIGINT PRIMARY KEY, answers TEXT "
                    "NOT NULL, record TEXT NOT NULL) ON COMMIT DROP");
            {
                // No other statement may run while the COPY is open.
                pqxx::stream_to copy(tx, "visitscore_purged",
                                     std::vector<std::string>{"id", "answers", "record"});
                for (const Row& row : rows) {
                    nlohmann::json answers = nlohmann::json::parse(row.answers);
                    for (const std::string& id : removed_answers[row.template_pk])
                        answers.erase(id);
                    const auto entries = redacted.find(row.id);
                    copy << std::make_tuple(row.id, answers.dump(),
                                            entries == redacted.end()
                                                ? std::string()
                                                : audit_redaction_record(entries->second));
                }
                copy.complete();
            }
            tx.exec("UPDATE visits v SET summary = '', comments = '{}', review_note = '', "
                    "answers = p.answers, updated_at = to_char(clock_timestamp() AT TIME ZONE "
                    "'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM visitscore_purged p "
                    "WHERE v.id = p.id");
            report.attachments += tx.exec("DELETE FROM attachments WHERE visit_id IN (SELECT id "
                                          "FROM visitscore_purged)")
                                      .affected_rows();
            // One chained purge entry per visit, in id order.
            const std::string reason = "retention: personal data of visits before " +
                                       forms::day_to_string(before_day) + " removed";
            tx.exec_params("SELECT visitscore_append_audit(p.id, $1, 'purge', 'personal_data', "
                           "'', p.record, $2) FROM (SELECT id, record FROM visitscore_purged "
                           "ORDER BY id) p",
                           who, reason);
            report.visits = rows.size();
        }

        // People whose every visit (and training) is before the date: the name goes, the code
        // becomes an opaque pseudonym that keeps their visits grouped in aggregates. Their
        // names and codes are also taken out of the free text of trainings before the date.
        const std::string staff_purged =
            "SELECT e.id FROM employees e WHERE e.code <> 'anon-e' || e.id AND ("
            " EXISTS (SELECT 1 FROM visits v WHERE v.employee_id = e.id AND v.day < $1) OR"
            " EXISTS (SELECT 1 FROM visit_section_employees s JOIN visits v ON v.id = s.visit_id"
            "         WHERE s.employee_id = e.id AND v.day < $1) OR"
            " EXISTS (SELECT 1 FROM training_employees te JOIN trainings t ON t.id = "
            "te.training_id WHERE te.employee_id = e.id AND t.day < $1)) AND"
            " NOT EXISTS (SELECT 1 FROM visits v WHERE v.employee_id = e.id AND v.day >= $1) AND"
            " NOT EXISTS (SELECT 1 FROM visit_section_employees s JOIN visits v ON v.id = "
            "s.visit_id WHERE s.employee_id = e.id AND v.day >= $1) AND"
            " NOT EXISTS (SELECT 1 FROM training_employees te JOIN trainings t ON t.id = "
            "te.training_id WHERE te.employee_id = e.id AND t.day >= $1)";
        const std::string shoppers_purged =
            "SELECT s.id FROM shoppers s WHERE s.code <> 'anon-s' || s.id AND"
            " EXISTS (SELECT 1 FROM visits v WHERE v.shopper_id = s.id AND v.day < $1) AND"
            " NOT EXISTS (SELECT 1 FROM visits v WHERE v.shopper_id = s.id AND v.day >= $1)";
        std::vector<std::string> names;
        auto collect = [&](const std::string& sql) {
            for (const pqxx::row& r : tx.exec_params(sql, before_day))
                for (int c = 0; c < 2; ++c)
                    if (std::string v = text_or_empty(r[c]); v.size() >= 2)
                        names.push_back(std::move(v));
        };
        collect("SELECT code, name FROM employees WHERE id IN (" + staff_purged + ")");
        collect("SELECT code, name FROM shoppers WHERE id IN (" + shoppers_purged + ")");
        collect("SELECT trainer, NULL::text FROM trainings WHERE day < $1");
        // Longest first, so that "Sam Taylor" goes before "Sam".
        std::stable_sort(
            names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
        for (const std::string& name : names)
            tx.exec_params("UPDATE trainings SET title = replace(title, $1, '') WHERE day < $2 "
                           "AND strpos(title, $1) > 0",
                           name, before_day);
        tx.exec_params("UPDATE trainings SET trainer = '' WHERE day < $1 AND trainer <> ''",
                       before_day);
        // Disputes: on a purged visit, who opened and who decided a point, its reasons and its
        // evidence go, as the visit's comments do; on a later visit, a purged person's name or
        // code is taken out of the reasons. The server's dispute rules let an admin's purge
        // change decided points, in this transaction only (visitscore.purging).
        tx.exec("SET LOCAL visitscore.purging = 'on'");
        tx.exec_params("UPDATE disputes SET reason = '', decision_reason = '', opened_by = '', "
                       "decided_by = '', evidence = NULL, evidence_name = '', evidence_mime = "
                       "'', evidence_sha256 = '' WHERE visit_id IN (SELECT id FROM visits WHERE "
                       "day < $1)",
                       before_day);
        for (const std::string& name : names)
            tx.exec_params("UPDATE disputes SET reason = replace(reason, $1, ''), "
                           "decision_reason = replace(decision_reason, $1, '') WHERE "
                           "strpos(reason, $1) > 0 OR strpos(decision_reason, $1) > 0",
                           name);
        tx.exec("SET LOCAL visitscore.purging = 'off'");
        // Alerts copy dispute reasons, who opened and decided them and plans' owners: the text
        // of a notification about a purged visit goes (its subject names the client, branch and
        // date only), and a purged person's name or code is taken out of every other one.
        tx.exec_params("UPDATE notifications SET body = '' WHERE visit_id IN (SELECT id FROM "
                       "visits WHERE day < $1)",
                       before_day);
        for (const std::string& name : names)
            tx.exec_params("UPDATE notifications SET subject = replace(subject, $1, ''), body = "
                           "replace(body, $1, '') WHERE strpos(subject, $1) > 0 OR "
                           "strpos(body, $1) > 0",
                           name);
        // Action plans: a purged person's name or code goes from their owners, notes and
        // actions, and the audit entries of a plan that hold one are redacted as an
        // assignment's are, with a purge entry per plan.
        redact_action_plans(tx, names);
        redact_plan_audit(tx, names, who);
        // The audit entries of the assignments of a purged shopper (now or before) or a purged
        // visit name who offered, accepted or declined them: redacted as a visit's are, those
        // written since the assignment's last purge entry, and a purge entry per assignment
        // records them.
        {
            std::map<std::string, std::vector<AuditEntry>> redacted; // by assignment
            std::string ids, values;                                 // array literals
            for (const pqxx::row& r : tx.exec_params(
                     "SELECT a.id, a.at, a.who, a.action, a.field, a.old_value, a.new_value, "
                     "a.reason, a.prev_hash, a.hash, a.assignment_uuid FROM audit_log a JOIN "
                     "assignments s ON s.uuid = a.assignment_uuid WHERE a.assignment_uuid <> '' "
                     "AND a.action <> 'purge' AND (s.shopper_id IN (" +
                         shoppers_purged +
                         ") OR s.shopper_id IN (SELECT id FROM shoppers WHERE code = 'anon-s' || "
                         "id) OR s.visit_uuid IN (SELECT uuid FROM visits WHERE day < $1)) AND "
                         "a.id > coalesce((SELECT max(p.id) FROM audit_log p WHERE "
                         "p.assignment_uuid = a.assignment_uuid AND p.action = 'purge'), 0) "
                         "ORDER BY a.id",
                     before_day)) {
                const AuditEntry e{r[0].as<std::int64_t>(), text_or_empty(r[1]),
                                   text_or_empty(r[2]),     0,
                                   text_or_empty(r[3]),     text_or_empty(r[4]),
                                   text_or_empty(r[5]),     text_or_empty(r[6]),
                                   text_or_empty(r[7]),     text_or_empty(r[8]),
                                   text_or_empty(r[9]),     text_or_empty(r[10])};
                ids += (ids.empty() ? "" : ",") + std::to_string(e.id);
                values += values.empty() ? "" : ",";
                values += impersonal_audit_field(e.field) ? "f" : "t";
                redacted[e.assignment_uuid].push_back(audit_redacted(e));
            }
            if (!redacted.empty()) {
                tx.exec_params("SELECT visitscore_redact_audit($1::bigint[], $2::boolean[])",
                               "{" + ids + "}", "{" + values + "}");
                const std::string reason = "retention: personal data of assignments of visits "
                                           "or shoppers before " +
                                           forms::day_to_string(before_day) + " removed";
                for (const auto& [uuid, entries] : redacted)
                    pg_append_assignment_audit(tx, uuid,
                                               AuditChange{who, "purge", "personal_data", "",
                                                           audit_redaction_record(entries),
                                                           reason});
            }
        }
        // Free text about a purged shopper, or about a purged visit, may name people:
        // assignment notes and the reasons a shopper is kept from a branch go too.
        tx.exec_params("UPDATE assignments SET note = '', updated_at = to_char(clock_timestamp() "
                       "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') WHERE note <> '' "
                       "AND (shopper_id IN (" +
                           shoppers_purged +
                           ") OR visit_uuid IN (SELECT uuid FROM visits WHERE day < $1))",
                       before_day);
        tx.exec_params("UPDATE shopper_exclusions SET reason = '' WHERE reason <> '' AND "
                       "shopper_id IN (" +
                           shoppers_purged + ")",
                       before_day);
        report.employees += tx.exec_params("UPDATE employees SET code = 'anon-e' || id, name = "
                                           "'' WHERE id IN (" +
                                               staff_purged + ")",
                                           before_day)
                                .affected_rows();
        report.shoppers += tx.exec_params("UPDATE shoppers SET code = 'anon-s' || id, name = '' "
                                          "WHERE id IN (" +
                                              shoppers_purged + ")",
                                          before_day)
                               .affected_rows();
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "purging personal data", e);
    }
    // The old row versions that still hold the removed data go when the tables are vacuumed:
    // now, when this account may (the owner's), else at the server's next autovacuum.
    try {
        pqxx::nontransaction vacuum(*m_conn);
        vacuum.exec("VACUUM visits, attachments, audit_log, employees, shoppers, trainings, "
                    "assignments, shopper_exclusions, disputes");
    } catch (const pqxx::failure&) {
    }
    return report;
}

} // namespace vs::storage
