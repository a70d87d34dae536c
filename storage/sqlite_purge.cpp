#include "storage/sqlite_purge.h"

#include <SQLiteCpp/Statement.h>

namespace vs::storage {
namespace {

constexpr const char* kTriggers[] = {"audit_log_no_update", "audit_log_no_delete"};

/// One audit_log row (columns in the order of kColumns).
using Entry = AuditEntry;

constexpr const char* kColumns =
    "id, at, who, visit_id, action, field, old_value, new_value, reason, prev_hash, hash, "
    "assignment_uuid";

Entry read_entry(SQLite::Statement& st) {
    Entry e;
    e.id = st.getColumn(0).getInt64();
    e.at = st.getColumn(1).getString();
    e.who = st.getColumn(2).getString();
    e.visit_id = st.getColumn(3).getInt64();
    e.action = st.getColumn(4).getString();
    e.field = st.getColumn(5).getString();
    e.old_value = st.getColumn(6).getString();
    e.new_value = st.getColumn(7).getString();
    e.reason = st.getColumn(8).getString();
    e.prev_hash = st.getColumn(9).getString();
    e.hash = st.getColumn(10).getString();
    e.assignment_uuid = st.getColumn(11).getString();
    return e;
}

} // namespace

AuditCheck verify_audit_chain(SQLite::Database& db, const std::string& recorded_head) {
    AuditChainCheck chain(recorded_head); // audit_chain.h
    {
        SQLite::Statement st(db, "SELECT id, visit_id, new_value, assignment_uuid FROM audit_log "
                                 "WHERE action = 'purge' AND new_value <> '' ORDER BY id");
        while (st.executeStep())
            chain.purge_record(st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                               st.getColumn(2).getString(), st.getColumn(3).getString());
    }
    SQLite::Statement st(db, std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY id");
    while (st.executeStep())
        if (!chain.add(read_entry(st)))
            break;
    AuditCheck check = chain.result();
    for (const char* trigger : kTriggers) {
        if (!check.problem.empty())
            break;
        SQLite::Statement t(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        t.bind(1, trigger);
        if (!t.executeStep())
            check.problem = std::string("the trigger ") + trigger +
                            " that keeps the audit log append-only was removed";
    }
    return check;
}

AuditRedactor::AuditRedactor(SQLite::Database& db) : m_db(db) {
    for (const char* name : kTriggers) {
        SQLite::Statement t(m_db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                                  "name = ?");
        t.bind(1, name);
        if (!t.executeStep())
            continue; // verify reports a missing trigger; a purge does not add it
        m_triggers.push_back(t.getColumn(0).getString());
        // Names from the constant list above, never from input.
        m_db.exec(std::string("DROP TRIGGER ") + name);
    }
}

std::string AuditRedactor::redact(std::int64_t visit_id) {
    std::vector<Entry> entries;
    {
        SQLite::Statement st(m_db, std::string("SELECT ") + kColumns +
                                       " FROM audit_log WHERE visit_id = ? AND action <> 'purge' "
                                       "ORDER BY id");
        st.bind(1, static_cast<int64_t>(visit_id));
        while (st.executeStep())
            entries.push_back(audit_redacted(read_entry(st)));
    }
    return blank(entries);
}

std::string AuditRedactor::redact_assignment(const std::string& uuid) {
    std::vector<Entry> entries;
    {
        SQLite::Statement st(m_db, std::string("SELECT ") + kColumns +
                                       " FROM audit_log WHERE assignment_uuid = :u AND action <> "
                                       "'purge' AND id > coalesce((SELECT max(id) FROM audit_log "
                                       "WHERE assignment_uuid = :u AND action = 'purge'), 0) "
                                       "ORDER BY id");
        st.bind(":u", uuid);
        while (st.executeStep())
            entries.push_back(audit_redacted(read_entry(st)));
    }
    return blank(entries);
}

std::string AuditRedactor::blank(const std::vector<AuditEntry>& entries) {
    SQLite::Statement up(m_db, "UPDATE audit_log SET who = '', reason = '', old_value = ?, "
                               "new_value = ? WHERE id = ?");
    for (const Entry& e : entries) {
        up.reset();
        up.bind(1, e.old_value);
        up.bind(2, e.new_value);
        up.bind(3, static_cast<int64_t>(e.id));
        up.exec();
        ++m_entries;
    }
    return audit_redaction_record(entries);
}

void AuditRedactor::finish() {
    for (const std::string& sql : m_triggers)
        m_db.exec(sql);
    m_triggers.clear();
}

} // namespace vs::storage
