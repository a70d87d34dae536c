// The queries behind the app's trainer and consultancy views (issue 7): which clients have
// visits, and the comments an employee's visits carry.
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

namespace vs::storage {
namespace {

/// The conditions of a VisitFilter as fixed SQL with named parameters (bound by bind_filter), so
/// that one statement text serves every filter.
constexpr const char* kFilterWhere =
    " (:client IS NULL OR v.client_id = (SELECT id FROM clients WHERE name = :client))"
    " AND (:from IS NULL OR v.day >= :from) AND (:to IS NULL OR v.day <= :to)"
    " AND (json_array_length(:statuses) = 0 OR v.status IN (SELECT value FROM json_each(:statuses)))"
    " AND (v.calibration IS NOT NULL) = :calibration"
    " AND (:uuid IS NULL OR v.uuid = :uuid)";

void bind_filter(SQLite::Statement& st, const VisitFilter& f) {
    if (f.client)
        st.bind(":client", *f.client);
    if (f.from_day)
        st.bind(":from", *f.from_day);
    if (f.to_day)
        st.bind(":to", *f.to_day);
    nlohmann::json statuses = nlohmann::json::array();
    for (forms::Status s : f.statuses)
        statuses.push_back(std::string(forms::to_string(s)));
    st.bind(":statuses", statuses.dump());
    st.bind(":calibration", f.calibration ? 1 : 0);
    if (f.uuid)
        st.bind(":uuid", *f.uuid);
}

} // namespace

std::vector<ClientActivity> SqliteStore::client_activity(const VisitFilter& filter) {
    SQLite::Statement st(m_db, std::string("SELECT c.name, count(*), min(v.day), max(v.day) "
                                           "FROM visits v JOIN clients c ON c.id = v.client_id "
                                           "WHERE") +
                                   kFilterWhere + " GROUP BY v.client_id ORDER BY c.name");
    bind_filter(st, filter);
    std::vector<ClientActivity> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64(),
                       st.getColumn(2).getInt(), st.getColumn(3).getInt()});
    return out;
}

std::vector<QuestionComment> SqliteStore::employee_comments(const VisitFilter& filter,
                                                            const std::string& employee) {
    SQLite::Statement st(
        m_db, std::string("WITH e AS (SELECT e.id FROM employees e JOIN clients c ON c.id = "
                          "e.client_id WHERE e.code = :employee AND (:client IS NULL OR c.name = "
                          ":client)) "
                          "SELECT v.id, v.day, j.key, j.value FROM visits v, json_each(v.comments) j "
                          "WHERE (v.employee_id IN (SELECT id FROM e) OR v.id IN (SELECT visit_id "
                          "FROM visit_section_employees WHERE employee_id IN (SELECT id FROM e))) "
                          "AND") +
            kFilterWhere + " ORDER BY v.day, v.id, j.key");
    bind_filter(st, filter);
    st.bind(":employee", employee);
    std::vector<QuestionComment> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt(),
                       st.getColumn(2).getString(), st.getColumn(3).getString()});
    return out;
}

} // namespace vs::storage
