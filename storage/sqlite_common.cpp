#include "storage/sqlite_common.h"

#include "forms/survey.h"

#include <cstring>
#include <string_view>

namespace vs::storage {

void FilterSql::bind(SQLite::Statement& st) const {
    std::size_t t = 0;
    std::size_t i = 0;
    int n = 1;
    for (char k : kinds) {
        if (k == 't')
            st.bind(n++, texts[t++]);
        else
            st.bind(n++, static_cast<int64_t>(ints[i++]));
    }
}

std::string text_or_empty(const SQLite::Column& c) {
    return c.isNull() ? std::string() : c.getString();
}

FilterSql filter_sql(const VisitFilter& f, FilterUse use) {
    FilterSql s;
    s.where = " WHERE 1 = 1";
    if (f.client) {
        s.where += " AND v.client_id = (SELECT id FROM clients WHERE name = ?)";
        s.texts.push_back(*f.client);
        s.kinds.push_back('t');
    }
    if (f.from_day) {
        s.where += " AND v.day >= ?";
        s.ints.push_back(*f.from_day);
        s.kinds.push_back('i');
    }
    if (f.to_day) {
        s.where += " AND v.day <= ?";
        s.ints.push_back(*f.to_day);
        s.kinds.push_back('i');
    }
    if (!f.statuses.empty()) {
        // A unary + keeps the status condition off the index (SQLite's documented way), so that
        // a query in date order walks a day index instead of sorting every row it reads.
        s.where += use == FilterUse::Report ? " AND v.status IN (" : " AND +v.status IN (";
        for (std::size_t i = 0; i < f.statuses.size(); ++i) {
            s.where += i ? ", ?" : "?";
            s.texts.emplace_back(forms::to_string(f.statuses[i]));
            s.kinds.push_back('t');
        }
        s.where += ")";
    }
    s.where += f.calibration ? " AND v.calibration IS NOT NULL" : " AND v.calibration IS NULL";
    // templates holds a few hundred rows; template_id is in visits_for_reports, so a report's
    // query stays on its covering index.
    if (f.kind == VisitFilter::Kind::Mystery)
        s.where += " AND v.template_id NOT IN (SELECT id FROM templates WHERE channel = 'survey')";
    else if (f.kind == VisitFilter::Kind::Survey)
        s.where += " AND v.template_id IN (SELECT id FROM templates WHERE channel = 'survey')";
    if (f.uuid) {
        s.where += " AND v.uuid = ?";
        s.texts.push_back(*f.uuid);
        s.kinds.push_back('t');
    }
    return s;
}

std::int64_t find_or_create(SQLite::Database& db, const char* table, const char* key_column,
                            std::int64_t client_id, const std::string& key,
                            const std::string& name) {
    SQLite::Statement find(db, std::string("SELECT id FROM ") + table +
                                   " WHERE client_id = ? AND " + key_column + " = ?");
    find.bind(1, static_cast<int64_t>(client_id));
    find.bind(2, key);
    if (find.executeStep())
        return find.getColumn(0).getInt64();
    const bool named = std::strcmp(key_column, "name") != 0;
    SQLite::Statement ins(db, std::string("INSERT INTO ") + table + " (client_id, " + key_column +
                                  (named ? ", name" : "") + ") VALUES (?, ?" +
                                  (named ? ", ?" : "") + ")");
    ins.bind(1, static_cast<int64_t>(client_id));
    ins.bind(2, key);
    if (named)
        ins.bind(3, name);
    ins.exec();
    return db.getLastInsertRowid();
}

std::int64_t find_or_create_client(SQLite::Database& db, const std::string& name) {
    SQLite::Statement find(db, "SELECT id FROM clients WHERE name = ?");
    find.bind(1, name);
    if (find.executeStep())
        return find.getColumn(0).getInt64();
    SQLite::Statement ins(db, "INSERT INTO clients (name) VALUES (?)");
    ins.bind(1, name);
    ins.exec();
    return db.getLastInsertRowid();
}

std::int64_t OrgWriter::client(const std::string& name) {
    auto it = m_clients.find(name);
    if (it != m_clients.end())
        return it->second;
    return m_clients[name] = find_or_create_client(m_db, name);
}

std::int64_t OrgWriter::region(std::int64_t client_id, const std::string& name) {
    return coded("regions", "name", client_id, name, "");
}

std::int64_t OrgWriter::branch(std::int64_t client_id, std::int64_t region_id,
                               const std::string& code, const std::string& name) {
    std::int64_t id = coded("branches", "code", client_id, code, name);
    if (region_id > 0 && m_branch_regions.insert({id, region_id}).second) {
        SQLite::Statement up(m_db, "UPDATE branches SET region_id = ? WHERE id = ? AND "
                                   "region_id IS NOT ?");
        up.bind(1, static_cast<int64_t>(region_id));
        up.bind(2, static_cast<int64_t>(id));
        up.bind(3, static_cast<int64_t>(region_id));
        up.exec();
    }
    return id;
}

std::int64_t OrgWriter::employee(std::int64_t client_id, const std::string& code,
                                 const std::string& name, std::int64_t branch_id) {
    std::int64_t id = coded("employees", "code", client_id, code, name);
    if (branch_id > 0 && m_homes.insert({id, branch_id}).second) {
        SQLite::Statement up(m_db, "UPDATE employees SET branch_id = ? WHERE id = ?");
        up.bind(1, static_cast<int64_t>(branch_id));
        up.bind(2, static_cast<int64_t>(id));
        up.exec();
    }
    return id;
}

std::int64_t OrgWriter::shopper(std::int64_t client_id, const std::string& code,
                                const std::string& name) {
    return coded("shoppers", "code", client_id, code, name);
}

std::int64_t OrgWriter::coded(const char* table, const char* key_column, std::int64_t client_id,
                              const std::string& key, const std::string& name) {
    // `table` is one of the literals above: compared by address, no string built per lookup.
    auto it = m_coded.find(std::make_tuple(table, client_id, std::string_view(key)));
    std::int64_t id;
    if (it != m_coded.end()) {
        id = it->second;
    } else {
        id = find_or_create(m_db, table, key_column, client_id, key, name);
        m_coded.emplace(std::make_tuple(table, client_id, key), id);
    }
    // A later visit may carry a newer name for a known row.
    if (!name.empty() && m_named.insert({table, id, name}).second) {
        SQLite::Statement up(m_db, std::string("UPDATE ") + table +
                                       " SET name = ? WHERE id = ? AND name IS NOT ?");
        up.bind(1, name);
        up.bind(2, static_cast<int64_t>(id));
        up.bind(3, name);
        up.exec();
    }
    return id;
}

SQLite::Statement scores_statement(SQLite::Database& db) {
    // OR REPLACE also removes a row of the visit under another client (the visit was moved).
    return SQLite::Statement(db, "INSERT OR REPLACE INTO visit_scores (visit_id, client_id, "
                                 "section_scores, question_scores) VALUES (?, ?, ?, ?)");
}

void write_visit_scores(SQLite::Statement& st, std::int64_t visit_id, std::int64_t client_id,
                        const PreparedVisit& p) {
    st.reset();
    st.bind(1, static_cast<int64_t>(visit_id));
    st.bind(2, static_cast<int64_t>(client_id));
    st.bindNoCopy(3, p.section_values.data(),
                  static_cast<int>(p.section_values.size() * sizeof(double)));
    st.bindNoCopy(4, p.question_values.data(),
                  static_cast<int>(p.question_values.size() * sizeof(double)));
    st.exec();
}

bool counted_per_day(forms::Status status, const std::string& calibration,
                     const forms::Template& tpl) {
    return status == forms::Status::Approved && calibration.empty() && !forms::is_survey(tpl);
}

void add_client_day_visits(SQLite::Database& db, std::int64_t client, int day,
                           std::int64_t visits) {
    SQLite::Statement st(db, "INSERT INTO client_day_visits (client_id, day, visits) "
                             "VALUES (?, ?, ?) ON CONFLICT (client_id, day) "
                             "DO UPDATE SET visits = visits + excluded.visits");
    st.bind(1, static_cast<int64_t>(client));
    st.bind(2, day);
    st.bind(3, static_cast<int64_t>(visits));
    st.exec();
}

void recount_client_day_visits(SQLite::Database& db) {
    db.exec("DELETE FROM client_day_visits; INSERT INTO client_day_visits (client_id, day, visits) "
            "SELECT client_id, day, count(*) FROM visits WHERE status = 'approved' AND "
            "calibration IS NULL AND template_id NOT IN (SELECT id FROM templates WHERE "
            "channel = 'survey') GROUP BY client_id, day");
}

} // namespace vs::storage
