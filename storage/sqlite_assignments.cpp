// AssignmentStore of the SQLite backend: assignments, their fees, shopper exclusions and home
// regions. On one file the person at the desk reads everything, fees included.

#include "forms/error.h"
#include "storage/assignment_checks.h"
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace vs::storage {
namespace {

constexpr const char* kAssignmentSelect =
    "SELECT a.id, a.uuid, c.name, b.code, t.code, t.version, a.scenario, a.window_from, "
    "a.window_to, s.code, a.status, a.visit_uuid, a.note, a.updated_at, f.fee_cents "
    "FROM assignments a JOIN clients c ON c.id = a.client_id "
    "JOIN branches b ON b.id = a.branch_id JOIN templates t ON t.id = a.template_id "
    "LEFT JOIN shoppers s ON s.id = a.shopper_id "
    "LEFT JOIN assignment_fees f ON f.assignment_id = a.id ";

Assignment read_assignment(SQLite::Statement& st, const std::string& today) {
    Assignment a;
    a.id = st.getColumn(0).getInt64();
    a.uuid = text_or_empty(st.getColumn(1));
    a.client = text_or_empty(st.getColumn(2));
    a.branch = text_or_empty(st.getColumn(3));
    a.template_id = text_or_empty(st.getColumn(4));
    a.template_version = st.getColumn(5).getInt();
    a.scenario = text_or_empty(st.getColumn(6));
    a.window_from = text_or_empty(st.getColumn(7));
    a.window_to = text_or_empty(st.getColumn(8));
    a.shopper = text_or_empty(st.getColumn(9));
    a.stored_status = text_or_empty(st.getColumn(10));
    a.status = effective_assignment_status(a.stored_status, a.window_to, today);
    a.visit_uuid = text_or_empty(st.getColumn(11));
    a.note = text_or_empty(st.getColumn(12));
    a.updated_at = text_or_empty(st.getColumn(13));
    if (!st.getColumn(14).isNull())
        a.fee_cents = st.getColumn(14).getInt64();
    return a;
}

std::int64_t client_id(SQLite::Database& db, const std::string& client, const std::string& at) {
    SQLite::Statement st(db, "SELECT id FROM clients WHERE name = ?");
    st.bind(1, client);
    if (!st.executeStep())
        throw InputError("", at, "unknown client \"" + client + "\"");
    return st.getColumn(0).getInt64();
}

std::int64_t coded_id(SQLite::Database& db, const char* table, std::int64_t client,
                      const std::string& code, const std::string& what, const std::string& at) {
    SQLite::Statement st(db, std::string("SELECT id FROM ") + table +
                                 " WHERE client_id = ? AND code = ?");
    st.bind(1, static_cast<int64_t>(client));
    st.bind(2, code);
    if (!st.executeStep())
        throw InputError("", at, "unknown " + what + " \"" + code + "\"");
    return st.getColumn(0).getInt64();
}

} // namespace

void SqliteStore::put_assignments(const std::vector<Assignment>& items, const std::string& who) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement upsert(
        m_db, "INSERT INTO assignments (uuid, client_id, branch_id, template_id, scenario, "
              "window_from, window_to, shopper_id, status, visit_uuid, note, created_at, "
              "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO "
              "UPDATE SET client_id = excluded.client_id, branch_id = excluded.branch_id, "
              "template_id = excluded.template_id, scenario = excluded.scenario, "
              "window_from = excluded.window_from, window_to = excluded.window_to, "
              "shopper_id = excluded.shopper_id, status = excluded.status, "
              "visit_uuid = excluded.visit_uuid, note = excluded.note, "
              "updated_at = excluded.updated_at RETURNING id");
    SQLite::Statement fee(m_db, "INSERT INTO assignment_fees (assignment_id, fee_cents) VALUES "
                                "(?, ?) ON CONFLICT (assignment_id) DO UPDATE SET fee_cents = "
                                "excluded.fee_cents");
    SQLite::Statement stored(m_db, std::string(kAssignmentSelect) + "WHERE a.uuid = ?");
    const std::string now = utc_now_micros();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Assignment& a = items[i];
        check_assignment(i, a);
        // The stored row, its status as stored (no "overdue"), for the audit entry.
        std::optional<Assignment> before;
        stored.reset();
        stored.bind(1, a.uuid);
        if (stored.executeStep())
            before = read_assignment(stored, "");
        stored.reset();
        const std::string at = assignment_place(i, a);
        const std::int64_t client = client_id(m_db, a.client, at);
        const std::int64_t branch = coded_id(m_db, "branches", client, a.branch, "branch", at);
        const std::int64_t shopper =
            a.shopper.empty() ? 0 : coded_id(m_db, "shoppers", client, a.shopper, "shopper", at);
        const TemplateRow* t = template_row(a.template_id, a.template_version);
        if (!t)
            throw InputError("", at,
                             "unknown scorecard \"" + a.template_id + "\" version " +
                                 std::to_string(a.template_version));
        check_assignment_template(i, a, *t->tpl);
        upsert.reset();
        upsert.clearBindings();
        int n = 1;
        upsert.bind(n++, a.uuid);
        upsert.bind(n++, static_cast<int64_t>(client));
        upsert.bind(n++, static_cast<int64_t>(branch));
        upsert.bind(n++, static_cast<int64_t>(t->pk));
        upsert.bind(n++, a.scenario);
        upsert.bind(n++, a.window_from);
        upsert.bind(n++, a.window_to);
        shopper ? upsert.bind(n++, static_cast<int64_t>(shopper)) : upsert.bind(n++);
        upsert.bind(n++, a.status.empty() ? std::string("offered") : a.status);
        a.visit_uuid.empty() ? upsert.bind(n++) : upsert.bind(n++, a.visit_uuid);
        upsert.bind(n++, a.note);
        upsert.bind(n++, now);
        upsert.bind(n++, now);
        if (!upsert.executeStep())
            throw StorageError("storing assignment " + a.uuid + " returned no row");
        const std::int64_t id = upsert.getColumn(0).getInt64();
        while (upsert.executeStep()) {
        }
        if (a.fee_cents) {
            fee.reset();
            fee.bind(1, static_cast<int64_t>(id));
            fee.bind(2, static_cast<int64_t>(*a.fee_cents));
            fee.exec();
        }
        if (const auto change = assignment_put_audit(before, a, who))
            append_assignment_audit(a.uuid, *change);
    }
    tx.commit();
}

std::vector<Assignment> SqliteStore::assignments(const AssignmentFilter& filter) {
    SQLite::Statement st(m_db, std::string(kAssignmentSelect) +
                                   "WHERE (?1 = '' OR c.name = ?1) AND (?2 = '' OR s.code = ?2) "
                                   "AND (?3 = '' OR a.window_to >= ?3) AND (?4 = '' OR "
                                   "a.window_from <= ?4) ORDER BY a.window_from, a.uuid");
    st.bind(1, filter.client);
    st.bind(2, filter.shopper);
    st.bind(3, filter.from);
    st.bind(4, filter.to);
    const std::string today = local_today();
    std::vector<Assignment> out;
    while (st.executeStep()) {
        Assignment a = read_assignment(st, today);
        if (assignment_matches(a, filter))
            out.push_back(std::move(a));
    }
    return out;
}

std::optional<Assignment> SqliteStore::assignment(const std::string& uuid) {
    SQLite::Statement st(m_db, std::string(kAssignmentSelect) + "WHERE a.uuid = ?");
    st.bind(1, uuid);
    if (!st.executeStep())
        return std::nullopt;
    return read_assignment(st, local_today());
}

std::string SqliteStore::assignment_changed_by(const std::string& uuid) {
    SQLite::Statement st(m_db, "SELECT who FROM audit_log WHERE assignment_uuid = ? ORDER BY id "
                               "DESC LIMIT 1");
    st.bind(1, uuid);
    return st.executeStep() ? text_or_empty(st.getColumn(0)) : std::string();
}

void SqliteStore::set_assignment_status(const std::string& uuid, const std::string& status,
                                        const std::string& expected_updated_at,
                                        const std::string& who) {
    if (!storable_assignment_status(status))
        throw InputError("", "assignment " + uuid,
                         "\"" + status +
                             "\" is not a status an assignment stores (offered, accepted, "
                             "declined, visited, cancelled)");
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement get(m_db, "SELECT updated_at, status FROM assignments WHERE uuid = ?");
    get.bind(1, uuid);
    if (!get.executeStep())
        throw InputError("", "assignment " + uuid, "no such assignment");
    const std::string stored = text_or_empty(get.getColumn(0));
    const std::string from = text_or_empty(get.getColumn(1));
    get.reset();
    if (!expected_updated_at.empty() && stored != expected_updated_at)
        throw ConflictError(assignment_conflict(uuid, assignment_changed_by(uuid), stored));
    SQLite::Statement up(m_db, "UPDATE assignments SET status = ?, updated_at = ? WHERE uuid = ?");
    up.bind(1, status);
    up.bind(2, utc_now_micros());
    up.bind(3, uuid);
    up.exec();
    append_assignment_audit(uuid, assignment_status_audit(from, status, who));
    tx.commit();
}

void SqliteStore::mark_assignment_visited(const std::string& uuid, const std::string& visit_uuid,
                                          const std::string& who) {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    mark_visited(uuid, visit_uuid, who, "no such assignment");
    tx.commit();
}

void SqliteStore::mark_visited(const std::string& uuid, const std::string& visit_uuid,
                               const std::string& who, const std::string& what) {
    SQLite::Statement get(m_db, "SELECT status, visit_uuid FROM assignments WHERE uuid = ?");
    get.bind(1, uuid);
    if (!get.executeStep())
        throw InputError("", "assignment " + uuid, what);
    const std::string from = text_or_empty(get.getColumn(0));
    // Idempotent: marking it again with the same visit changes nothing, not even its version.
    if (from == "visited" && text_or_empty(get.getColumn(1)) == visit_uuid)
        return;
    get.reset();
    SQLite::Statement up(m_db, "UPDATE assignments SET status = 'visited', visit_uuid = ?, "
                               "updated_at = ? WHERE uuid = ?");
    up.bind(1, visit_uuid);
    up.bind(2, utc_now_micros());
    up.bind(3, uuid);
    up.exec();
    append_assignment_audit(uuid, assignment_status_audit(from, "visited", who, visit_uuid));
}

std::vector<std::pair<std::string, std::string>>
SqliteStore::shopper_exclusions(const std::string& client) {
    SQLite::Statement st(m_db, "SELECT s.code, b.code FROM shopper_exclusions x "
                               "JOIN shoppers s ON s.id = x.shopper_id "
                               "JOIN branches b ON b.id = x.branch_id "
                               "JOIN clients c ON c.id = s.client_id WHERE c.name = ? "
                               "ORDER BY s.code, b.code");
    st.bind(1, client);
    std::vector<std::pair<std::string, std::string>> out;
    while (st.executeStep())
        out.emplace_back(text_or_empty(st.getColumn(0)), text_or_empty(st.getColumn(1)));
    return out;
}

void SqliteStore::set_shopper_exclusion(const std::string& client, const std::string& shopper,
                                        const std::string& branch, bool excluded,
                                        const std::string& reason) {
    const std::string at = "shopper " + shopper + " at branch " + branch;
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::int64_t c = client_id(m_db, client, at);
    const std::int64_t s = coded_id(m_db, "shoppers", c, shopper, "shopper", at);
    const std::int64_t b = coded_id(m_db, "branches", c, branch, "branch", at);
    SQLite::Statement st(m_db, excluded ? "INSERT INTO shopper_exclusions (shopper_id, branch_id, "
                                          "reason) VALUES (?, ?, ?) ON CONFLICT (shopper_id, "
                                          "branch_id) DO UPDATE SET reason = excluded.reason"
                                        : "DELETE FROM shopper_exclusions WHERE shopper_id = ? AND "
                                          "branch_id = ?");
    st.bind(1, static_cast<int64_t>(s));
    st.bind(2, static_cast<int64_t>(b));
    if (excluded)
        st.bind(3, reason);
    st.exec();
    tx.commit();
}

void SqliteStore::set_shopper_region(const std::string& client, const std::string& shopper,
                                     const std::string& region) {
    const std::string at = "shopper " + shopper;
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::int64_t c = client_id(m_db, client, at);
    const std::int64_t s = coded_id(m_db, "shoppers", c, shopper, "shopper", at);
    std::int64_t r = 0;
    if (!region.empty()) {
        SQLite::Statement find(m_db, "SELECT id FROM regions WHERE client_id = ? AND name = ?");
        find.bind(1, static_cast<int64_t>(c));
        find.bind(2, region);
        if (!find.executeStep())
            throw InputError("", at, "unknown region \"" + region + "\"");
        r = find.getColumn(0).getInt64();
    }
    SQLite::Statement up(m_db, "UPDATE shoppers SET region_id = ? WHERE id = ?");
    r ? up.bind(1, static_cast<int64_t>(r)) : up.bind(1);
    up.bind(2, static_cast<int64_t>(s));
    up.exec();
    tx.commit();
}

} // namespace vs::storage
