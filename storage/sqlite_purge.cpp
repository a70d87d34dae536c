#include "storage/sqlite_purge.h"

#include <SQLiteCpp/Statement.h>
#include <map>
#include <nlohmann/json.hpp>

namespace vs::storage {
namespace {

const std::string& kZeros = kAuditChainStart;
constexpr const char* kTriggers[] = {"audit_log_no_update", "audit_log_no_delete"};

/// One audit_log row (columns in the order of kColumns).
using Entry = AuditEntry;

constexpr const char* kColumns =
    "id, at, who, visit_id, action, field, old_value, new_value, reason, prev_hash, hash";

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
    return e;
}

/// The redactions the purge entries record: redacted entry id -> (purge entry id, visit, hash).
struct Redaction {
    std::int64_t by = 0;
    std::int64_t visit_id = 0;
    std::string hash;
};

std::map<std::int64_t, Redaction> recorded_redactions(SQLite::Database& db) {
    std::map<std::int64_t, Redaction> out;
    SQLite::Statement st(db, "SELECT id, visit_id, new_value FROM audit_log WHERE action = "
                             "'purge' AND new_value <> '' ORDER BY id");
    while (st.executeStep()) {
        // A record that does not parse redacts nothing: the entries it meant then fail.
        const nlohmann::json record =
            nlohmann::json::parse(st.getColumn(2).getString(), nullptr, false);
        if (!record.is_object() || !record.contains("redacted") || !record["redacted"].is_array())
            continue;
        for (const nlohmann::json& r : record["redacted"])
            if (r.is_object() && r.value("id", nlohmann::json()).is_number_integer() &&
                r.value("hash", nlohmann::json()).is_string())
                out.emplace(r["id"].get<std::int64_t>(),
                            Redaction{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                                      r["hash"].get<std::string>()});
    }
    return out;
}

/// Whether `e` is as written, or as a later purge entry of its visit redacted it.
bool entry_matches(const Entry& e, const std::map<std::int64_t, Redaction>& redactions) {
    const std::string digest = audit_hash(e);
    if (digest == e.hash)
        return true;
    auto r = redactions.find(e.id);
    return r != redactions.end() && r->second.by > e.id && r->second.visit_id == e.visit_id &&
           r->second.hash == digest;
}

} // namespace

AuditCheck verify_audit_chain(SQLite::Database& db, const std::string& recorded_head) {
    AuditCheck check;
    std::string prev = kZeros;
    bool recorded_seen = recorded_head.empty() || recorded_head == kZeros;
    const auto redactions = recorded_redactions(db);
    SQLite::Statement st(db, std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY id");
    while (st.executeStep()) {
        ++check.entries;
        const Entry e = read_entry(st);
        if (e.prev_hash != prev) {
            check.first_broken = e.id;
            check.problem = "entry " + std::to_string(e.id) +
                            " does not follow the entry before "
                            "it (an entry before it was removed, or its prev_hash was edited)";
            break;
        }
        if (!entry_matches(e, redactions)) {
            check.first_broken = e.id;
            check.problem = "entry " + std::to_string(e.id) +
                            " was changed after it was written "
                            "(its content does not match its hash)";
            break;
        }
        if (e.hash == recorded_head)
            recorded_seen = true;
        prev = e.hash;
    }
    check.head = prev;
    if (check.problem.empty() && !recorded_seen)
        check.problem = "the entry with the recorded hash " + recorded_head +
                        " is no longer in the log (entries were removed from its end, or the "
                        "chain was rewritten)";
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
            entries.push_back(read_entry(st));
    }
    nlohmann::json list = nlohmann::json::array();
    SQLite::Statement up(m_db, "UPDATE audit_log SET who = '', reason = '', old_value = ?, "
                               "new_value = ? WHERE id = ?");
    for (Entry& e : entries) {
        e.who.clear();
        e.reason.clear();
        if (!impersonal_audit_field(e.field)) {
            e.old_value.clear();
            e.new_value.clear();
        }
        up.reset();
        up.bind(1, e.old_value);
        up.bind(2, e.new_value);
        up.bind(3, static_cast<int64_t>(e.id));
        up.exec();
        list.push_back({{"id", e.id}, {"hash", audit_hash(e)}});
        ++m_entries;
    }
    return list.empty() ? std::string() : nlohmann::json{{"redacted", list}}.dump();
}

void AuditRedactor::finish() {
    for (const std::string& sql : m_triggers)
        m_db.exec(sql);
    m_triggers.clear();
}

} // namespace vs::storage
