// ActionPlanStore of the PostgreSQL backend. The server's rules (pg_server.cpp) decide who may
// change what: the staff open and edit plans; a client's account reads its own client's and
// changes only their actions and state (never to verified); a shopper has no right on plans.
// The server adds one to a plan's row version on every change. Its audit entries are appended
// through visitscore_append_plan_audit (pg_schema.cpp), last in the transaction, by an admin or
// on a database without server rules; the server's trigger writes everyone else's.

#include "storage/action_plan_rows.h"
#include "storage/audit_chain.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"

#include <algorithm>
#include <map>

namespace vs::storage {
namespace {

ActionPlan read_plan(const pqxx::row& r) {
    return plan_of_row(
        r[0].as<std::int64_t>(), [&](int i) { return text_or_empty(r[i]); },
        r[14].as<std::int64_t>());
}

/// Whether this account appends a plan's audit entries itself: an admin on a server, or anyone
/// on a database without server rules. Everyone else's are written by the server's trigger
/// (pg_server.cpp) in the connected account's name, with the reason set here.
bool audits_plans_itself(pqxx::transaction_base& tx) {
    return tx
        .exec("SELECT has_function_privilege('visitscore_append_plan_audit(bigint, text, text, "
              "text, text, text)', 'EXECUTE')")[0][0]
        .as<bool>();
}

void append_plan_audit(pqxx::transaction_base& tx, std::int64_t plan, const AuditChange& e) {
    tx.exec_params("SELECT visitscore_append_plan_audit($1, $2, $3, $4, $5, $6)", plan, e.who,
                   e.field, e.old_value, e.new_value, e.reason);
}

} // namespace

std::int64_t PgStore::add_action_plan(const ActionPlan& plan, const std::string& who) {
    try {
        pqxx::work tx(*m_conn);
        const pqxx::result b =
            tx.exec_params("SELECT c.id, b.id FROM clients c JOIN branches b ON b.client_id = c.id "
                           "WHERE c.name = $1 AND b.code = $2",
                           plan.client, plan.branch);
        if (b.empty())
            throw StorageError("client \"" + plan.client + "\" has no branch \"" + plan.branch +
                               "\" in the database");
        // One open plan per branch and section set, checked after taking the branch's lock
        // for the rest of the transaction: a second writer waits here and then sees the first
        // one's plan (each statement reads what was committed before it).
        tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('visitscore.action_plans'), "
                       "$1::integer)",
                       b[0][1].as<std::int64_t>());
        std::vector<std::pair<std::int64_t, std::string>> open;
        for (const auto& r : tx.exec_params("SELECT id, sections FROM action_plans WHERE "
                                            "branch_id = $1 AND state IN ('open', 'in_progress')",
                                            b[0][1].as<std::int64_t>()))
            open.emplace_back(r[0].as<std::int64_t>(), text_or_empty(r[1]));
        refuse_same_open_plan(open, plan);
        std::optional<std::int64_t> visit_id;
        if (!plan.visit_uuid.empty()) {
            const pqxx::result v =
                tx.exec_params("SELECT id FROM visits WHERE uuid = $1 AND branch_id = $2",
                               plan.visit_uuid, b[0][1].as<std::int64_t>());
            if (v.empty())
                throw StorageError("visit " + plan.visit_uuid + " of branch " + plan.branch +
                                   " is not in the database");
            visit_id = v[0][0].as<std::int64_t>();
        }
        ActionPlan stored = plan;
        stored.state = plan.state.empty() ? "open" : plan.state;
        const std::int64_t id =
            tx.exec_params1("INSERT INTO action_plans (client_id, branch_id, visit_id, sections, "
                            "owner, actions, start_date, due_date, state, note, "
                            "reshop_assignment, opened_by) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                            "$8, $9, $10, $11, $12) RETURNING id",
                            b[0][0].as<std::int64_t>(), b[0][1].as<std::int64_t>(), visit_id,
                            plan_sections_json(plan.sections), plan.owner,
                            plan_actions_json(plan.actions), plan.start_date, plan.due_date,
                            stored.state, plan.note, plan.reshop_assignment, who)[0]
                .as<std::int64_t>();
        if (audits_plans_itself(tx))
            append_plan_audit(tx, id, plan_opened_entry(stored, who));
        tx.commit();
        return id;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "opening an action plan for branch " + plan.branch, e);
    }
}

std::vector<ActionPlan> PgStore::action_plans(const ActionPlanFilter& f) {
    return pg_read(*m_conn, nullptr, "reading action plans", [&](pqxx::transaction_base& tx) {
        std::vector<ActionPlan> out;
        for (const auto& r :
             tx.exec_params(std::string(kPlanSelect) +
                                "WHERE ($1 = '' OR c.name = $1) AND ($2 = '' OR b.code = $2) "
                                "AND ($3 = '' OR p.state = $3) ORDER BY p.id",
                            f.client, f.branch, f.state))
            out.push_back(read_plan(r));
        return out;
    });
}

std::optional<ActionPlan> PgStore::action_plan(std::int64_t id) {
    return pg_read(*m_conn, nullptr, "reading an action plan",
                   [&](pqxx::transaction_base& tx) -> std::optional<ActionPlan> {
                       const pqxx::result r =
                           tx.exec_params(std::string(kPlanSelect) + "WHERE p.id = $1", id);
                       if (r.empty())
                           return std::nullopt;
                       return read_plan(r[0]);
                   });
}

std::int64_t PgStore::update_action_plan(const ActionPlan& plan, const std::string& who,
                                         const std::string& reason) {
    try {
        pqxx::work tx(*m_conn);
        // The row locked in the table (a client's account reads plans through its view of them,
        // which has no rows to lock), then read as this account reads it.
        tx.exec_params("SELECT 1 FROM public.action_plans WHERE id = $1 FOR UPDATE", plan.id);
        const pqxx::result cur =
            tx.exec_params(std::string(kPlanSelect) + "WHERE p.id = $1", plan.id);
        if (cur.empty())
            throw StorageError("action plan " + std::to_string(plan.id) +
                               " is not in the database");
        const ActionPlan before = read_plan(cur[0]);
        if (before.version != plan.version)
            throw StorageError("action plan " + std::to_string(plan.id) +
                               " was changed by someone else since it was read (version " +
                               std::to_string(before.version) + ", read at " +
                               std::to_string(plan.version) + "); nothing was written");
        const std::vector<AuditChange> entries = plan_change_entries(before, plan, who, reason);
        if (entries.empty())
            return before.version;
        const bool itself = audits_plans_itself(tx);
        if (!itself) // the reason of the server's audit entries, for this transaction only
            tx.exec_params("SELECT set_config('visitscore.plan_reason', $1, true)", reason);
        // Only the changed columns are written: a client's account may update only some.
        std::string sql = "UPDATE public.action_plans SET version = version + 1";
        std::vector<std::string> values{std::to_string(plan.id)};
        for (const AuditChange& e : entries) {
            values.push_back(e.new_value);
            sql += ", " + e.field + " = $" + std::to_string(values.size());
        }
        const std::int64_t version = tx.exec_params1(sql + " WHERE id = $1 RETURNING version",
                                                     pqxx::prepare::make_dynamic_params(values))[0]
                                         .as<std::int64_t>();
        if (itself)
            for (const AuditChange& e : entries)
                append_plan_audit(tx, plan.id, e);
        tx.commit();
        return version;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "changing action plan " + std::to_string(plan.id), e);
    }
}

void PgStore::redact_action_plans(pqxx::transaction_base& tx,
                                  const std::vector<std::string>& names) {
    if (names.empty())
        return;
    for (const auto& r : tx.exec("SELECT id, owner, note, actions FROM action_plans")) {
        ActionPlan p;
        p.id = r[0].as<std::int64_t>();
        p.owner = text_or_empty(r[1]);
        p.note = text_or_empty(r[2]);
        p.actions = plan_actions_of(text_or_empty(r[3]));
        if (redact_plan_names(p, names))
            tx.exec_params("UPDATE action_plans SET owner = $2, note = $3, actions = $4, "
                           "version = version + 1 WHERE id = $1",
                           p.id, p.owner, p.note, plan_actions_json(p.actions));
    }
}

void PgStore::redact_plan_audit(pqxx::transaction_base& tx, const std::vector<std::string>& names,
                                const std::string& who) {
    if (names.empty())
        return;
    std::map<std::string, std::vector<AuditEntry>> entries; // by plan subject
    for (const pqxx::row& r :
         tx.exec("SELECT a.id, a.at, a.who, a.action, a.field, a.old_value, a.new_value, "
                 "a.reason, a.prev_hash, a.hash, a.assignment_uuid FROM audit_log a WHERE "
                 "a.assignment_uuid LIKE 'plan:%' AND a.action <> 'purge' AND a.id > "
                 "coalesce((SELECT max(p.id) FROM audit_log p WHERE p.assignment_uuid = "
                 "a.assignment_uuid AND p.action = 'purge'), 0) ORDER BY a.id"))
        entries[text_or_empty(r[10])].push_back(AuditEntry{
            r[0].as<std::int64_t>(), text_or_empty(r[1]), text_or_empty(r[2]), 0,
            text_or_empty(r[3]), text_or_empty(r[4]), text_or_empty(r[5]), text_or_empty(r[6]),
            text_or_empty(r[7]), text_or_empty(r[8]), text_or_empty(r[9]), text_or_empty(r[10])});
    auto names_someone = [&](const AuditEntry& e) {
        for (const std::string* v : {&e.old_value, &e.new_value, &e.reason})
            for (const std::string& n : names)
                if (!n.empty() && v->find(n) != std::string::npos)
                    return true;
        return false;
    };
    std::string ids, values;
    std::map<std::string, std::vector<AuditEntry>> redacted;
    for (const auto& [subject, list] : entries) {
        if (std::none_of(list.begin(), list.end(), names_someone))
            continue;
        for (const AuditEntry& e : list) {
            ids += (ids.empty() ? "" : ",") + std::to_string(e.id);
            values += values.empty() ? "" : ",";
            values += impersonal_audit_field(e.field) ? "f" : "t";
            redacted[subject].push_back(audit_redacted(e));
        }
    }
    if (redacted.empty())
        return;
    tx.exec_params("SELECT visitscore_redact_audit($1::bigint[], $2::boolean[])", "{" + ids + "}",
                   "{" + values + "}");
    for (const auto& [subject, list] : redacted)
        pg_append_assignment_audit(
            tx, subject,
            AuditChange{who, "purge", "personal_data", "", audit_redaction_record(list),
                        "retention: names of purged staff and shoppers removed from an action "
                        "plan's entries"});
}

} // namespace vs::storage
