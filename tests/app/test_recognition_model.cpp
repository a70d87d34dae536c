// The Recognition page's model on a real SQLite file (the mini scorecard and
// tests/data/recognition.visits.json): a client's perfect complaint handlings and the comment
// praising a staff member of the branch, by visit date, each with the visit's id to open, the
// section's title or the question's text, the staff member; the shopper never named; staff as
// the workbook's pseudonyms when asked (no name left anywhere); the period; refusals naming the
// field.
#include "app/insights/recognition_model.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "services/import.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>

using namespace vs;

namespace {

struct RecognitionDb {
    test::TempDir dir;
    std::unique_ptr<storage::Store> store = storage::open_sqlite(dir.path("recognition.db"));
    RecognitionDb() {
        const std::filesystem::path data(VS_TEST_DATA);
        services::store_templates(
            *store, services::read_template_files({(data / "mini.template.json").string()}));
        services::import_visit_file(
            *store, services::read_visit_file((data / "recognition.visits.json").string()));
    }
};

/// Every text of the rows as the page shows them: cells and details.
std::string shown(const std::vector<app::RecognitionRow>& rows) {
    std::string all = app::recognition_counts_text(rows) + "\n";
    for (const app::RecognitionRow& r : rows) {
        for (int c = 0; c < app::kRecognitionColumns; ++c)
            all += app::recognition_cell(r, static_cast<app::RecognitionColumn>(c)) + "|";
        all += app::recognition_detail(r) + "\n";
    }
    return all;
}

std::string refusal(storage::Store& store, const app::RecognitionQuery& q) {
    try {
        app::recognition_rows(store, q);
    } catch (const InputError& e) {
        return e.where();
    }
    return "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(recognition_model)

BOOST_FIXTURE_TEST_CASE(lists_what_went_beyond_the_scorecard_without_the_shopper, RecognitionDb) {
    app::RecognitionQuery q;
    q.client = "Test Client";
    const auto rows = app::recognition_rows(*store, q);
    BOOST_TEST_REQUIRE(rows.size() == 3u);
    using C = app::RecognitionColumn;
    // 5 October: complaint handling at 100, attributed to Bob (E2).
    BOOST_TEST(app::recognition_cell(rows[0], C::Date) == "2026-10-05");
    BOOST_TEST(app::recognition_cell(rows[0], C::Branch) == "B1");
    BOOST_TEST(app::recognition_cell(rows[0], C::Staff) == "E2 Bob Baker");
    BOOST_TEST(app::recognition_cell(rows[0], C::For) == "perfect section");
    BOOST_TEST(app::recognition_cell(rows[0], C::Where) == "Complaint handling");
    BOOST_TEST(app::recognition_cell(rows[0], C::Why).rfind("Complaint handling at 100", 0) == 0u);
    // Each row opens its own visit.
    BOOST_TEST(rows[0].visit_id == *store->visit_id_of("00000000-0000-4000-8000-000000000101"));
    BOOST_TEST(rows[1].visit_id == *store->visit_id_of("00000000-0000-4000-8000-000000000102"));
    BOOST_TEST(rows[2].visit_id == *store->visit_id_of("00000000-0000-4000-8000-000000000105"));
    // 6 October: the comment praising Ann, by the question's text.
    BOOST_TEST(app::recognition_cell(rows[1], C::Staff) == "E1 Ann Able");
    BOOST_TEST(app::recognition_cell(rows[1], C::For) == "praised in a comment");
    BOOST_TEST(app::recognition_cell(rows[1], C::Where) == "Greeted?");
    const std::string detail = app::recognition_detail(rows[1]);
    BOOST_TEST(detail.find("\u201cAnn was excellent at the door and asked [shopper] to sit "
                           "down.\u201d") != std::string::npos,
               detail);
    BOOST_TEST(app::recognition_counts_text(rows) ==
               "3 recognitions of 2 staff members: 2 perfect sections, 1 praise in a comment");
    // Where a kind is missing it says "no", not "0"; with no staff named, of whom goes unsaid.
    const std::vector<app::RecognitionRow> perfect_only = {rows[0], rows[2]};
    BOOST_TEST(app::recognition_counts_text(perfect_only) ==
               "2 recognitions of 2 staff members: 2 perfect sections, no praise in comments");
    std::vector<app::RecognitionRow> nameless = {rows[1]};
    nameless[0].recognition.employee.clear();
    BOOST_TEST(app::recognition_counts_text(nameless) ==
               "1 recognition: no perfect section, 1 praise in a comment");
    // The shopper (S1, Sam Shopper) is named nowhere, though a comment named them.
    const std::string all = shown(rows);
    BOOST_TEST(all.find("S1") == std::string::npos, all);
    BOOST_TEST(all.find("Sam") == std::string::npos, all);
}

BOOST_FIXTURE_TEST_CASE(the_period_and_pseudonymised_staff, RecognitionDb) {
    app::RecognitionQuery q;
    q.client = "Test Client";
    q.from_day = forms::parse_day("2026-10-01");
    q.to_day = forms::parse_day("2026-10-31");
    BOOST_TEST(app::recognition_rows(*store, q).size() == 2u);
    q.to_day = forms::parse_day("2026-10-05");
    BOOST_TEST(app::recognition_rows(*store, q).size() == 1u);
    q.from_day = forms::parse_day("2025-01-01");
    q.to_day = forms::parse_day("2025-12-31");
    const auto none = app::recognition_rows(*store, q);
    BOOST_TEST(none.empty());
    BOOST_TEST(app::recognition_counts_text(none) ==
               "No visit in this period went beyond the scorecard");

    // Staff as the client workbook's pseudonyms: no staff code or name anywhere, the comment's
    // "Ann" included; the same person has the same pseudonym.
    q.from_day.reset();
    q.to_day.reset();
    q.pseudonymise_staff = true;
    const auto rows = app::recognition_rows(*store, q);
    BOOST_TEST_REQUIRE(rows.size() == 3u);
    const std::string ann = app::recognition_cell(rows[1], app::RecognitionColumn::Staff);
    BOOST_TEST(ann.rfind("Staff ", 0) == 0u, ann);
    BOOST_TEST(app::recognition_cell(rows[2], app::RecognitionColumn::Staff) == ann);
    BOOST_TEST(app::recognition_cell(rows[0], app::RecognitionColumn::Staff) != ann);
    const std::string all = shown(rows);
    // (Codes are not looked for: a pseudonym's six characters may hold "E1".)
    for (const char* name : {"Ann", "Bob", "Baker", "Able", "Sam"})
        BOOST_TEST(all.find(name) == std::string::npos, name << " in " << all);
    BOOST_TEST(all.find(ann + " was excellent at the door") != std::string::npos, all);
}

BOOST_FIXTURE_TEST_CASE(refusals_name_the_field, RecognitionDb) {
    app::RecognitionQuery q;
    BOOST_TEST(refusal(*store, q) == "client");
    q.client = "Nobody";
    BOOST_TEST(refusal(*store, q) == "client");
    q.client = "Test Client";
    q.from_day = forms::parse_day("2026-10-31");
    q.to_day = forms::parse_day("2026-10-01");
    BOOST_TEST(refusal(*store, q) == "to");
}

BOOST_AUTO_TEST_SUITE_END()
