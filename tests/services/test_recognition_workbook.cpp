// The client workbook's Recognition sheet, read back with openpyxl (tests/exports/dump_xlsx.py):
// one row per recognition of the report's visits (tests/data/recognition.visits.json on the
// mini scorecard) with the visit's date and branch, the staff member, what for and why; the
// shopper never named, not even inside a comment; with pseudonymised staff, no staff code or
// name anywhere in the sheet, the first name that a comment used included. A report with
// nothing to recognise has no such sheet.

#include "forms/dates.h"
#include "jobs_fixture.h"
#include "services/export.h"
#include "services/import.h"
#include "services/recognition.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <regex>

namespace {

using namespace vs;
using nlohmann::json;

/// The cell values of a sheet by row (1-based) and column letter.
std::map<int, std::map<std::string, std::string>> rows_of(const json& cells) {
    std::map<int, std::map<std::string, std::string>> out;
    for (const auto& [ref, cell] : cells.items()) {
        const auto digit = ref.find_first_of("0123456789");
        const json& v = cell.at("v");
        out[std::stoi(ref.substr(digit))][ref.substr(0, digit)] =
            v.is_string() ? v.get<std::string>() : v.dump();
    }
    return out;
}

/// Every text of a sheet, joined.
std::string all_text(const json& cells) {
    std::string out;
    for (const auto& [ref, cell] : cells.items())
        out += (cell.at("v").is_string() ? cell.at("v").get<std::string>() : "") + "\n";
    return out;
}

std::unique_ptr<storage::Store> recognition_database(const std::string& name) {
    const std::string path = (test::jobs_dir() / name).string();
    auto store = storage::open_sqlite(path, storage::OpenMode::CreateOnDisk);
    const std::filesystem::path data(VS_TEST_DATA);
    services::store_templates(
        *store, services::read_template_files({(data / "mini.template.json").string()}));
    services::import_visit_file(
        *store, services::read_visit_file((data / "recognition.visits.json").string()));
    return store;
}

} // namespace

BOOST_AUTO_TEST_SUITE(recognition_workbook)

BOOST_AUTO_TEST_CASE(the_recognition_sheet_lists_each_recognition_without_the_shopper) {
    auto store = recognition_database("recognition.db");
    services::ClientReportRequest request;
    request.filter.client = "Test Client";
    request.path = (test::jobs_dir() / "recognition.xlsx").string();
    services::write_client_report(*store, request);
    const json book = test::read_workbook(request.path);
    BOOST_REQUIRE(book.at("cells").contains("Recognition"));
    const json& sheet = book.at("cells").at("Recognition");
    const auto rows = rows_of(sheet);
    // Title, note, a blank row, the header (row 4), then one row per recognition by date.
    const auto& header = rows.at(4);
    BOOST_TEST(header.at("A") == "Visit date");
    BOOST_TEST(header.at("C") == "Branch");
    BOOST_TEST(header.at("D") == "Branch name");
    BOOST_TEST(header.at("E") == "Staff");
    BOOST_TEST(header.at("F") == "Staff name");
    BOOST_TEST(header.at("G") == "Recognised for");
    BOOST_TEST(header.at("H") == "Section or comment");
    BOOST_TEST(header.at("I") == "Why");
    BOOST_TEST(header.at("J") == "In the shopper's words");
    BOOST_TEST(rows.count(8) == 0u); // three recognitions
    const auto& perfect = rows.at(5);
    BOOST_TEST(perfect.at("A") == "2026-10-05");
    BOOST_TEST(perfect.at("B") == "Test Client");
    BOOST_TEST(perfect.at("C") == "B1");
    BOOST_TEST(perfect.at("D") == "Branch One");
    BOOST_TEST(perfect.at("E") == "E2");
    BOOST_TEST(perfect.at("F") == "Bob Baker");
    BOOST_TEST(perfect.at("G") == "perfect section");
    BOOST_TEST(perfect.at("H") == "Complaint handling"); // the section's title, not its id
    BOOST_TEST(perfect.at("I") ==
               "Complaint handling at 100: all 2 scored questions answered and passed, none NA");
    const auto& praise = rows.at(6);
    BOOST_TEST(praise.at("A") == "2026-10-06");
    BOOST_TEST(praise.at("E") == "E1");
    BOOST_TEST(praise.at("F") == "Ann Able");
    BOOST_TEST(praise.at("G") == "praised in a comment");
    BOOST_TEST(praise.at("H") == "Greeted?"); // the question's text
    // The shopper's code inside the comment is redacted as everywhere in the workbook.
    BOOST_TEST(praise.at("J") == "Ann was excellent at the door and asked [shopper] to sit down.");
    BOOST_TEST(rows.at(7).at("A") == "2026-11-20");
    // Columns sized by their cells, not by the title and note of rows 1 and 2.
    BOOST_TEST(book.at("widths").at("Recognition").at("A").get<double>() < 15.0);
    const std::string text = all_text(sheet);
    for (const char* shopper : {"S1", "S2", "Sam Shopper", "Sue Second"})
        BOOST_TEST(text.find(shopper) == std::string::npos, shopper);
    // The same list as the service gives.
    BOOST_TEST(services::recognition(*store, request.filter).size() == 3u);

    // Pseudonymised staff: no code or name of theirs, Ann's first name in the comment included.
    request.pseudonymise_staff = true;
    request.path = (test::jobs_dir() / "recognition-pseudonyms.xlsx").string();
    services::write_client_report(*store, request);
    const json hidden = test::read_workbook(request.path, "Recognition");
    const json& cells = hidden.at("cells").at("Recognition");
    const auto prow = rows_of(cells);
    BOOST_TEST(prow.at(4).at("E") == "Staff (pseudonym)");
    BOOST_TEST(prow.at(4).at("F") == "Recognised for"); // no name column
    BOOST_TEST(prow.at(5).at("E").rfind("Staff ", 0) == 0u, prow.at(5).at("E"));
    BOOST_TEST(prow.at(6).at("E") != prow.at(5).at("E")); // Ann and Bob: two pseudonyms
    BOOST_TEST(prow.at(6).at("I").find(prow.at(6).at("E")) != std::string::npos);
    BOOST_TEST(prow.at(6).at("I").find("Ann") == std::string::npos, prow.at(6).at("I"));
    const std::string ptext = all_text(cells);
    // Whole words: a pseudonym's letters may hold "E1".
    for (const char* staff : {"E1", "E2", "Ann", "Able", "Bob", "Baker"})
        BOOST_TEST(!std::regex_search(ptext, std::regex(std::string("\\b") + staff + "\\b")),
                   staff);
    BOOST_TEST(ptext.find(prow.at(6).at("E") + " was excellent at the door") != std::string::npos,
               ptext);

    // Nothing to recognise (the 7 October visit alone): no sheet.
    request.pseudonymise_staff = false;
    request.filter.from_day = *forms::parse_day("2026-10-07");
    request.filter.to_day = *forms::parse_day("2026-10-07");
    request.path = (test::jobs_dir() / "no-recognition.xlsx").string();
    services::write_client_report(*store, request);
    BOOST_TEST(!test::read_workbook(request.path).at("cells").contains("Recognition"));
}

BOOST_AUTO_TEST_SUITE_END()
