// ActionPlanStore of the SQLite backend. On one file the person at the desk is the consultancy:
// the rules of who may change what are the services' (services/action_plans.h).

#include "storage/action_plan_rows.h"
#include "storage/assignment_checks.h"
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>

namespace vs::storage {
namespace {

ActionPlan read_plan(SQLite::Statement& st) {
    return plan_of_row(
        st.getColumn(0).getInt64(), [&](int i) { return text_or_empty(st.getColumn(i)); },
        st.getColumn(14).getInt64());
}

} // namespace

std::int64_t SqliteStore::add_action_plan(const ActionPlan& plan, const std::string& who) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement b(m_db, "SELECT c.id, b.id FROM clients c JOIN branches b ON b.client_id = "
                              "c.id WHERE c.name = ? AND b.code = ?");
    b.bind(1, plan.client);
    b.bind(2, plan.branch);
    if (!b.executeStep())
        throw StorageError("client \"" + plan.client + "\" has no branch \"" + plan.branch +
                           "\" in the database");
    const std::int64_t client_id = b.getColumn(0).getInt64();
    const std::int64_t branch_id = b.getColumn(1).getInt64();
    b.reset();
    std::optional<std::int64_t> visit_id;
    if (!plan.visit_uuid.empty()) {
        SQLite::Statement v(m_db, "SELECT id FROM visits WHERE uuid = ? AND branch_id = ?");
        v.bind(1, plan.visit_uuid);
        v.bind(2, static_cast<int64_t>(branch_id));
        if (!v.executeStep())
            throw StorageError("visit " + plan.visit_uuid + " of branch " + plan.branch +
                               " is not in the database");
        visit_id = v.getColumn(0).getInt64();
    }
    {
        // Inside the IMMEDIATE transaction: no other writer comes between check and insert.
        SQLite::Statement open(m_db, "SELECT id, sections FROM action_plans WHERE branch_id = ? "
                                     "AND state IN ('open', 'in_progress')");
        open.bind(1, static_cast<int64_t>(branch_id));
        std::vector<std::pair<std::int64_t, std::string>> rows;
        while (open.executeStep())
            rows.emplace_back(open.getColumn(0).getInt64(), text_or_empty(open.getColumn(1)));
        refuse_same_open_plan(rows, plan);
    }
    SQLite::Statement ins(
        m_db, "INSERT INTO action_plans (client_id, branch_id, visit_id, sections, owner, "
              "actions, start_date, due_date, state, note, reshop_assignment, opened_by, "
              "opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, static_cast<int64_t>(client_id));
    ins.bind(2, static_cast<int64_t>(branch_id));
    visit_id ? ins.bind(3, static_cast<int64_t>(*visit_id)) : ins.bind(3);
    ins.bind(4, plan_sections_json(plan.sections));
    ins.bind(5, plan.owner);
    ins.bind(6, plan_actions_json(plan.actions));
    ins.bind(7, plan.start_date);
    ins.bind(8, plan.due_date);
    ins.bind(9, plan.state.empty() ? std::string("open") : plan.state);
    ins.bind(10, plan.note);
    ins.bind(11, plan.reshop_assignment);
    ins.bind(12, who);
    ins.bind(13, utc_now_micros().substr(0, 19) + "Z");
    ins.exec();
    const std::int64_t id = m_db.getLastInsertRowid();
    ActionPlan stored = plan;
    stored.state = plan.state.empty() ? "open" : plan.state;
    const AuditChange e = plan_opened_entry(stored, who);
    append_audit(0, e.who, e.action, e.field, e.old_value, e.new_value, e.reason,
                 action_plan_subject(id));
    tx.commit();
    return id;
}

std::vector<ActionPlan> SqliteStore::action_plans(const ActionPlanFilter& f) {
    std::string sql = std::string(kPlanSelect) + "WHERE 1 = 1";
    if (!f.client.empty())
        sql += " AND c.name = :client";
    if (!f.branch.empty())
        sql += " AND b.code = :branch";
    if (!f.state.empty())
        sql += " AND p.state = :state";
    sql += " ORDER BY p.id";
    SQLite::Statement st(m_db, sql);
    if (!f.client.empty())
        st.bind(":client", f.client);
    if (!f.branch.empty())
        st.bind(":branch", f.branch);
    if (!f.state.empty())
        st.bind(":state", f.state);
    std::vector<ActionPlan> out;
    while (st.executeStep())
        out.push_back(read_plan(st));
    return out;
}

std::optional<ActionPlan> SqliteStore::action_plan(std::int64_t id) {
    SQLite::Statement st(m_db, std::string(kPlanSelect) + "WHERE p.id = ?");
    st.bind(1, static_cast<int64_t>(id));
    if (!st.executeStep())
        return std::nullopt;
    return read_plan(st);
}

std::int64_t SqliteStore::update_action_plan(const ActionPlan& plan, const std::string& who,
                                             const std::string& reason) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement cur(m_db, std::string(kPlanSelect) + "WHERE p.id = ?");
    cur.bind(1, static_cast<int64_t>(plan.id));
    if (!cur.executeStep())
        throw StorageError("action plan " + std::to_string(plan.id) + " is not in the database");
    const ActionPlan before = read_plan(cur);
    cur.reset();
    if (before.version != plan.version)
        throw StorageError("action plan " + std::to_string(plan.id) +
                           " was changed by someone else since it was read (version " +
                           std::to_string(before.version) + ", read at " +
                           std::to_string(plan.version) + "); nothing was written");
    const std::vector<AuditChange> entries = plan_change_entries(before, plan, who, reason);
    if (entries.empty())
        return before.version;
    SQLite::Statement up(m_db, "UPDATE action_plans SET owner = ?, actions = ?, sections = ?, "
                               "start_date = ?, due_date = ?, state = ?, note = ?, "
                               "reshop_assignment = ?, version = version + 1 WHERE id = ?");
    up.bind(1, plan.owner);
    up.bind(2, plan_actions_json(plan.actions));
    up.bind(3, plan_sections_json(plan.sections));
    up.bind(4, plan.start_date);
    up.bind(5, plan.due_date);
    up.bind(6, plan.state);
    up.bind(7, plan.note);
    up.bind(8, plan.reshop_assignment);
    up.bind(9, static_cast<int64_t>(plan.id));
    up.exec();
    for (const AuditChange& e : entries)
        append_audit(0, e.who, e.action, e.field, e.old_value, e.new_value, e.reason,
                     action_plan_subject(plan.id));
    tx.commit();
    return before.version + 1;
}

void SqliteStore::redact_action_plans(const std::vector<std::string>& names) {
    if (names.empty())
        return;
    std::vector<ActionPlan> changed;
    {
        SQLite::Statement st(m_db, "SELECT id, owner, note, actions FROM action_plans");
        while (st.executeStep()) {
            ActionPlan p;
            p.id = st.getColumn(0).getInt64();
            p.owner = text_or_empty(st.getColumn(1));
            p.note = text_or_empty(st.getColumn(2));
            p.actions = plan_actions_of(text_or_empty(st.getColumn(3)));
            if (redact_plan_names(p, names))
                changed.push_back(std::move(p));
        }
    }
    SQLite::Statement up(m_db, "UPDATE action_plans SET owner = ?, note = ?, actions = ?, "
                               "version = version + 1 WHERE id = ?");
    for (const ActionPlan& p : changed) {
        up.reset();
        up.bind(1, p.owner);
        up.bind(2, p.note);
        up.bind(3, plan_actions_json(p.actions));
        up.bind(4, static_cast<int64_t>(p.id));
        up.exec();
    }
}

std::vector<std::string> SqliteStore::plan_subjects_naming(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    if (names.empty())
        return out;
    SQLite::Statement st(
        m_db, "SELECT a.assignment_uuid, a.old_value, a.new_value, a.reason FROM audit_log a "
              "WHERE a.assignment_uuid LIKE 'plan:%' AND a.action <> 'purge' AND a.id > "
              "coalesce((SELECT max(p.id) FROM audit_log p WHERE p.assignment_uuid = "
              "a.assignment_uuid AND p.action = 'purge'), 0) ORDER BY a.id");
    while (st.executeStep()) {
        const std::string subject = text_or_empty(st.getColumn(0));
        if (!out.empty() && out.back() == subject)
            continue;
        if (std::find(out.begin(), out.end(), subject) != out.end())
            continue;
        for (int c = 1; c <= 3; ++c) {
            const std::string v = text_or_empty(st.getColumn(c));
            if (std::any_of(names.begin(), names.end(), [&](const std::string& n) {
                    return !n.empty() && v.find(n) != std::string::npos;
                })) {
                out.push_back(subject);
                break;
            }
        }
    }
    return out;
}

} // namespace vs::storage
