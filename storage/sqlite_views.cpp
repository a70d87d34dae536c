// The queries behind the app's trainer and consultancy views: which clients have
// visits, and the comments an employee's visits carry.
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <optional>
#include <sqlite3.h>

namespace vs::storage {

namespace {

/// Whether `filter` takes what client_day_visits counts (approved visits, no calibration
/// exercise, no survey response), whichever client and days it names.
bool takes_day_counts(const VisitFilter& filter) {
    return filter.statuses == std::vector<forms::Status>{forms::Status::Approved} &&
           !filter.calibration && filter.kind == VisitFilter::Kind::Mystery && !filter.uuid;
}

/// client_activity from client_day_visits: a few rows per client and day.
std::vector<ClientActivity> counted_activity(SQLite::Database& db, const VisitFilter& filter) {
    std::string sql = "SELECT c.name, sum(d.visits), min(d.day), max(d.day) "
                      "FROM client_day_visits d JOIN clients c ON c.id = d.client_id WHERE 1 = 1";
    if (filter.client)
        sql += " AND c.name = :client";
    if (filter.from_day)
        sql += " AND d.day >= :from";
    if (filter.to_day)
        sql += " AND d.day <= :to";
    SQLite::Statement st(db, sql + " GROUP BY d.client_id");
    if (filter.client)
        st.bind(":client", *filter.client);
    if (filter.from_day)
        st.bind(":from", *filter.from_day);
    if (filter.to_day)
        st.bind(":to", *filter.to_day);
    std::vector<ClientActivity> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64(),
                       st.getColumn(2).getInt(), st.getColumn(3).getInt()});
    return out;
}

/// client_activity of any other filter: one pass over the report index counts the visits per
/// client id; each client's first and last day are then two lookups in the index's day order, and
/// its name one more. Taking the days (and joining the names) in the counting pass doubled its
/// time.
std::vector<ClientActivity> indexed_activity(SQLite::Database& db, const VisitFilter& filter) {
    std::optional<SQLite::Transaction> tx; // every statement below on one snapshot
    if (sqlite3_get_autocommit(db.getHandle()))
        tx.emplace(db);
    const FilterSql f = filter_sql(filter, FilterUse::Report);
    SQLite::Statement count(db, "SELECT v.client_id, count(*) FROM visits v" + f.where +
                                    " GROUP BY v.client_id");
    f.bind(count);
    std::vector<std::pair<std::int64_t, std::int64_t>> counts;
    while (count.executeStep())
        counts.emplace_back(count.getColumn(0).getInt64(), count.getColumn(1).getInt64());
    const int client_param = static_cast<int>(f.kinds.size()) + 1;
    SQLite::Statement first(db, "SELECT v.day FROM visits v" + f.where +
                                    " AND v.client_id = ? ORDER BY v.day LIMIT 1");
    SQLite::Statement last(db, "SELECT v.day FROM visits v" + f.where +
                                   " AND v.client_id = ? ORDER BY v.day DESC LIMIT 1");
    SQLite::Statement name(db, "SELECT name FROM clients WHERE id = ?");
    f.bind(first);
    f.bind(last);
    std::vector<ClientActivity> out;
    for (const auto& [id, visits] : counts) {
        auto day = [&, id = id](SQLite::Statement& st) {
            st.reset();
            st.bind(client_param, static_cast<int64_t>(id));
            if (!st.executeStep())
                throw StorageError("client " + std::to_string(id) + ": no visit to date");
            return st.getColumn(0).getInt();
        };
        name.reset();
        name.bind(1, static_cast<int64_t>(id));
        if (!name.executeStep())
            throw StorageError("client " + std::to_string(id) + " of stored visits is unknown");
        out.push_back({name.getColumn(0).getString(), visits, day(first), day(last)});
    }
    first.reset();
    last.reset();
    name.reset();
    if (tx)
        tx->commit();
    return out;
}

} // namespace

std::vector<ClientActivity> SqliteStore::client_activity(const VisitFilter& filter) {
    std::vector<ClientActivity> out;
    if (takes_day_counts(filter))
        out = counted_activity(m_db, filter);
    else
        out = indexed_activity(m_db, filter);
    std::sort(out.begin(), out.end(),
              [](const ClientActivity& a, const ClientActivity& b) { return a.client < b.client; });
    return out;
}

std::vector<QuestionComment> SqliteStore::employee_comments(const VisitFilter& filter,
                                                            const std::string& employee) {
    // The employee by code within the visit's client (codes are unique per client); named after
    // the filter's numbered placeholders.
    const FilterSql f = filter_sql(filter, FilterUse::InOrder);
    SQLite::Statement st(
        m_db, "SELECT v.id, v.day, j.key, j.value FROM visits v, json_each(v.comments) j" +
                  f.where +
                  " AND (v.employee_id IN (SELECT id FROM employees WHERE code = :employee AND "
                  "client_id = v.client_id) OR v.id IN (SELECT s.visit_id FROM "
                  "visit_section_employees s JOIN employees e ON e.id = s.employee_id WHERE "
                  "e.code = :employee AND e.client_id = v.client_id))"
                  " ORDER BY v.day, v.id, j.key");
    f.bind(st);
    st.bind(":employee", employee);
    std::vector<QuestionComment> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt(),
                       st.getColumn(2).getString(), st.getColumn(3).getString()});
    return out;
}

} // namespace vs::storage
