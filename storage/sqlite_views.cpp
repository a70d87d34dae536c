// The queries behind the app's trainer and consultancy views: which clients have
// visits, and the comments an employee's visits carry.
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>

namespace vs::storage {

std::vector<ClientActivity> SqliteStore::client_activity(const VisitFilter& filter) {
    const FilterSql f = filter_sql(filter, FilterUse::Report);
    SQLite::Statement st(m_db, "SELECT c.name, count(*), min(v.day), max(v.day) "
                               "FROM visits v JOIN clients c ON c.id = v.client_id" +
                                   f.where + " GROUP BY v.client_id ORDER BY c.name");
    f.bind(st);
    std::vector<ClientActivity> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64(),
                       st.getColumn(2).getInt(), st.getColumn(3).getInt()});
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
