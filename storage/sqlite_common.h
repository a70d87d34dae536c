#pragma once
// Internal to the SQLite backend: what its parts (sqlite_store.cpp, sqlite_app.cpp,
// sqlite_exports.cpp) share — the WHERE clause of a VisitFilter, finding or creating organisation
// rows, and a visit's stored score arrays.

#include "storage/prepare.h"
#include "storage/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace vs::storage {

/// A text column, "" for NULL.
std::string text_or_empty(const SQLite::Column& c);

/// The first columns of a query of visits with their people, and the joins they need after
/// `FROM visits v`: 0 the uuid, 1 the template's row id, 2–10 what read_visit_people reads.
inline constexpr const char* kVisitPeopleColumns =
    "v.uuid, v.template_id, c.name, r.name, b.code, b.name, e.code, e.name, s.code, s.name, "
    "v.visited_at";
inline constexpr const char* kVisitPeopleJoins =
    " JOIN clients c ON c.id = v.client_id LEFT JOIN regions r ON r.id = v.region_id"
    " JOIN branches b ON b.id = v.branch_id LEFT JOIN employees e ON e.id = v.employee_id"
    " LEFT JOIN shoppers s ON s.id = v.shopper_id";

/// Columns 2–10 of kVisitPeopleColumns into a Visit or a VisitDetail (the same field names).
template <class Row> void read_visit_people(SQLite::Statement& st, Row& out) {
    out.client = text_or_empty(st.getColumn(2));
    out.region = text_or_empty(st.getColumn(3));
    out.branch = text_or_empty(st.getColumn(4));
    out.branch_name = text_or_empty(st.getColumn(5));
    out.employee = text_or_empty(st.getColumn(6));
    out.employee_name = text_or_empty(st.getColumn(7));
    out.shopper = text_or_empty(st.getColumn(8));
    out.shopper_name = text_or_empty(st.getColumn(9));
    out.visited_at = text_or_empty(st.getColumn(10));
}

/// A visit's assignment and evidence times (`FROM visits v`), read by read_visit_evidence.
inline constexpr const char* kVisitEvidenceColumns =
    "v.assignment_uuid, v.opened_at, v.first_answer_at, v.submitted_at";

/// kVisitEvidenceColumns from column `first` on into a Visit or a VisitDetail.
template <class Row> void read_visit_evidence(SQLite::Statement& st, int first, Row& out) {
    out.assignment = text_or_empty(st.getColumn(first));
    out.evidence.opened_at = text_or_empty(st.getColumn(first + 1));
    out.evidence.first_answer_at = text_or_empty(st.getColumn(first + 2));
    out.evidence.submitted_at = text_or_empty(st.getColumn(first + 3));
}

/// The conditions of a VisitFilter on `visits v` with its bind values in placeholder order.
struct FilterSql {
    std::string where; ///< " WHERE 1 = 1 AND …"
    std::vector<std::string> texts;
    std::vector<std::int64_t> ints;
    std::vector<char> kinds; ///< 't' or 'i', in placeholder order

    /// Binds the values from placeholder 1 on.
    void bind(SQLite::Statement& st) const;
};

/// What a filtered query does with the rows, which decides the index SQLite should pick.
enum class FilterUse {
    Report,  ///< aggregates in any order: visits_for_reports (status first) covers the query
    InOrder, ///< reads whole rows in date order: the day indexes, not a sort of every wide row
};

FilterSql filter_sql(const VisitFilter& f, FilterUse use);

/// Finds an organisation row (regions by name; branches, employees, shoppers by code) within a
/// client, creating it with `name` when missing. Table and column names are fixed strings of the
/// backend, never user input.
std::int64_t find_or_create(SQLite::Database& db, const char* table, const char* key_column,
                            std::int64_t client_id, const std::string& key,
                            const std::string& name);
std::int64_t find_or_create_client(SQLite::Database& db, const std::string& name);

/// find_or_create with caches for one import, which also brings names, an employee's home branch
/// and a branch's region up to date from the visits it sees.
class OrgWriter {
  public:
    explicit OrgWriter(SQLite::Database& db) : m_db(db) {}

    std::int64_t client(const std::string& name);
    std::int64_t region(std::int64_t client_id, const std::string& name);
    std::int64_t branch(std::int64_t client_id, std::int64_t region_id, const std::string& code,
                        const std::string& name);
    std::int64_t employee(std::int64_t client_id, const std::string& code, const std::string& name,
                          std::int64_t branch_id);
    std::int64_t shopper(std::int64_t client_id, const std::string& code, const std::string& name);

  private:
    std::int64_t coded(const char* table, const char* key_column, std::int64_t client_id,
                       const std::string& key, const std::string& name);

    SQLite::Database& m_db;
    std::map<std::string, std::int64_t> m_clients;
    std::map<std::tuple<const char*, std::int64_t, std::string>, std::int64_t, std::less<>> m_coded;
    std::set<std::tuple<const char*, std::int64_t, std::string>> m_named;
    std::set<std::pair<std::int64_t, std::int64_t>> m_homes;
    std::set<std::pair<std::int64_t, std::int64_t>> m_branch_regions;
};

/// Writes (inserts or replaces) the score arrays of visit `visit_id`, whose visits row has
/// client `client_id`, into visit_scores with `st`, a statement made by scores_statement(); the
/// caller holds the transaction.
SQLite::Statement scores_statement(SQLite::Database& db);
void write_visit_scores(SQLite::Statement& st, std::int64_t visit_id, std::int64_t client_id,
                        const PreparedVisit& p);

/// The visits that client_day_visits counts (schema 13): approved, not a calibration exercise's,
/// not a survey response; the reports' and the dashboard's visits.
bool counted_per_day(forms::Status status, const std::string& calibration,
                     const forms::Template& tpl);
/// Adds `visits` to client_day_visits' count of `client`'s `day`. What inserts visits counts
/// them itself (an insert trigger made SQLite journal every inserted row's statement: an import
/// took twice as long); triggers count the updates and deletes.
void add_client_day_visits(SQLite::Database& db, std::int64_t client, int day, std::int64_t visits);
/// client_day_visits counted again from every stored visit (after a copy wrote rows wholesale).
void recount_client_day_visits(SQLite::Database& db);

} // namespace vs::storage
