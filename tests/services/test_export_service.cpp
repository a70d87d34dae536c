// services/export.h on a real SQLite file, the workbooks read back with openpyxl: the visits of
// the filter (and only the chosen branches), staff pseudonymised with the database's own key
// (the same pseudonyms in every report of that database, the key made on the first such
// report), and the visits CSV.

#include "exports/pseudonym.h"
#include "forms/csv.h"
#include "forms/json_io.h"
#include "jobs_fixture.h"
#include "services/export.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>

namespace {

using namespace vs;
using nlohmann::json;

const std::string& database() {
    static const std::string db = test::demo_database("report.db", 240);
    return db;
}

/// The client with the most approved visits, and its approved visits' filter.
storage::VisitFilter busiest_client(storage::Store& store) {
    const scoring::FactTable facts = store.load_facts(storage::VisitFilter{}, false);
    std::map<std::int32_t, std::size_t> count;
    for (const auto& v : facts.visits)
        ++count[v.client];
    const auto best = std::max_element(count.begin(), count.end(),
                                       [](auto& a, auto& b) { return a.second < b.second; });
    storage::VisitFilter filter;
    filter.client = facts.clients[best->first];
    return filter;
}

/// The letters of the column headed `header` on the Visits sheet.
std::string visits_column_letters(const json& cells, const std::string& header) {
    for (const auto& [ref, cell] : cells.items())
        if (ref.find_first_of("0123456789") == ref.size() - 1 && ref.back() == '1' &&
            cell.at("v") == header)
            return ref.substr(0, ref.size() - 1);
    return {};
}

/// The values of the column headed `header` on the Visits sheet, one per visit row ("" for an
/// empty cell).
std::vector<std::string> visits_column(const json& book, const std::string& header) {
    const json& cells = book.at("cells").at("Visits");
    const std::string column = visits_column_letters(cells, header);
    const std::string dates = visits_column_letters(cells, "Visited");
    BOOST_REQUIRE_MESSAGE(!column.empty() && !dates.empty(), "no column \"" << header << "\"");
    std::vector<std::string> out;
    for (int row = 2; cells.contains(dates + std::to_string(row)); ++row) {
        const auto it = cells.find(column + std::to_string(row));
        out.push_back(it == cells.end()         ? std::string()
                      : it->at("v").is_string() ? it->at("v").get<std::string>()
                                                : it->at("v").dump());
    }
    return out;
}

bool book_contains(const json& book, const std::string& text) {
    for (const auto& [sheet, cells] : book.at("cells").items())
        for (const auto& [ref, cell] : cells.items())
            if (cell.at("v").is_string() &&
                cell.at("v").get<std::string>().find(text) != std::string::npos)
                return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_report_service)

BOOST_AUTO_TEST_CASE(staff_are_pseudonymised_with_the_database_key) {
    auto store = storage::open_sqlite(database(), storage::OpenMode::MustExist);
    services::ClientReportRequest request;
    request.filter = busiest_client(*store);
    request.pseudonymise_staff = true;
    request.path = (test::jobs_dir() / "pseudo.xlsx").string();
    const services::ClientReportResult r = services::write_client_report(*store, request);
    BOOST_TEST(!r.pseudonyms_unkeyed);
    BOOST_TEST(r.visits == store->load_facts(request.filter, false).visits.size());
    BOOST_TEST(r.visits > 10u);

    const std::string key = store->pseudonym_key(); // made by the export, kept in the database
    BOOST_REQUIRE(!key.empty());
    std::set<std::string> expected, names;
    store->visit_details(request.filter, [&](const storage::VisitDetail& d) {
        if (!d.employee.empty())
            expected.insert(exports::staff_pseudonym(key, d.client, d.employee));
        if (!d.employee_name.empty())
            names.insert(d.employee_name);
    });
    const json book = test::read_workbook(request.path);
    const std::vector<std::string> staff = visits_column(book, "Staff (pseudonym)");
    BOOST_TEST(staff.size() == r.visits);
    BOOST_TEST(std::count(staff.begin(), staff.end(), std::string()) <
               static_cast<long>(staff.size()));
    for (const std::string& s : staff)
        if (!s.empty())
            BOOST_TEST(expected.count(s) == 1u,
                       s << " is not a keyed pseudonym of the client's staff");
    for (const std::string& name : names)
        BOOST_TEST(!book_contains(book, name), "the workbook names " << name);
    BOOST_TEST(!book_contains(book, "without a secret key"));

    // Another report of the same database (read-only now): the same pseudonyms.
    store.reset();
    auto read_only = storage::open_sqlite(database(), storage::OpenMode::ReadOnly);
    request.path = (test::jobs_dir() / "pseudo-again.xlsx").string();
    BOOST_TEST(!services::write_client_report(*read_only, request).pseudonyms_unkeyed);
    BOOST_TEST(visits_column(test::read_workbook(request.path, "Visits"), "Staff (pseudonym)") ==
               staff);
}

BOOST_AUTO_TEST_CASE(the_key_is_made_on_first_pseudonymised_report) {
    // (A database that cannot be written and has no key: reliability_tests.read_only_database,
    // through `export xlsx`, which warns.)
    const std::string db = test::demo_database("first-key.db", 40);
    services::ClientReportRequest request;
    request.path = (test::jobs_dir() / "first-key.xlsx").string();
    {
        auto store = storage::open_sqlite(db, storage::OpenMode::ReadOnly);
        request.filter = busiest_client(*store);
        // Without pseudonyms nothing is asked of the key: none is made.
        BOOST_TEST(!services::write_client_report(*store, request).pseudonyms_unkeyed);
    }
    BOOST_TEST(storage::open_sqlite(db, storage::OpenMode::ReadOnly)
                   ->setting("pseudonym_key", "")
                   .empty());
    {
        // A store opened for reading of a file that may be written makes the key in the file.
        auto store = storage::open_sqlite(db, storage::OpenMode::ReadOnly);
        request.pseudonymise_staff = true;
        BOOST_TEST(!services::write_client_report(*store, request).pseudonyms_unkeyed);
    }
    const std::string key =
        storage::open_sqlite(db, storage::OpenMode::ReadOnly)->setting("pseudonym_key", "");
    BOOST_TEST(!key.empty());
    const json book = test::read_workbook(request.path, "Summary,Visits");
    BOOST_TEST(!book_contains(book, "without a secret key"));
    for (const std::string& s : visits_column(book, "Staff (pseudonym)"))
        BOOST_TEST((s.empty() || s.rfind("Staff ", 0) == 0));
}

BOOST_AUTO_TEST_CASE(only_the_chosen_branches) {
    auto store = storage::open_sqlite(database(), storage::OpenMode::ReadOnly);
    services::ClientReportRequest request;
    request.filter = busiest_client(*store);
    const scoring::FactTable facts = store->load_facts(request.filter, false);
    const std::string branch = facts.branches[facts.visits.front().branch];
    request.branches = {branch};
    request.path = (test::jobs_dir() / "branch.xlsx").string();
    const services::ClientReportResult r = services::write_client_report(*store, request);
    BOOST_TEST(r.visits == services::only_branches(facts, {branch}).visits.size());
    BOOST_TEST(r.visits < facts.visits.size());
    const std::vector<std::string> branches =
        visits_column(test::read_workbook(request.path, "Visits"), "Branch");
    BOOST_TEST(branches.size() == r.visits);
    BOOST_TEST(std::set<std::string>(branches.begin(), branches.end()) ==
               std::set<std::string>{branch});
    BOOST_TEST(services::only_branches(facts, {}).visits.size() == facts.visits.size());
}

BOOST_AUTO_TEST_CASE(the_visits_csv_holds_the_filtered_visits) {
    auto store = storage::open_sqlite(database(), storage::OpenMode::ReadOnly);
    storage::VisitFilter filter = busiest_client(*store);
    filter.statuses.clear(); // every status
    std::set<std::string> uuids;
    store->visit_details(filter, [&](const storage::VisitDetail& d) { uuids.insert(d.uuid); });
    const std::string path = (test::jobs_dir() / "visits.csv").string();
    BOOST_TEST(services::write_visits_csv(*store, filter, path) == uuids.size());
    const auto rows = forms::parse_csv(forms::read_file(path), path);
    BOOST_REQUIRE_EQUAL(rows.size(), uuids.size() + 1);
    BOOST_TEST(rows[0].fields.at(0) == "uuid");
    std::set<std::string> written;
    for (std::size_t i = 1; i < rows.size(); ++i)
        written.insert(rows[i].fields.at(0));
    BOOST_TEST((written == uuids));
}

BOOST_AUTO_TEST_SUITE_END()
