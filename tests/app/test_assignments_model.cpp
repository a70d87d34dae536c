// The Assignments page's model on a real SQLite demo database with the demo's assignments: the
// rows and their counts per status equal what the store lists, cells, sorting, the dialog's
// fields turned into an assignment with errors naming the field, the conflict text, and the
// preview of the assignments a plan makes.
#include "app/field/assignments_model.h"
#include "forms/error.h"
#include "services/plan.h"
#include "storage/demo.h"
#include "test_support.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

using namespace vs;
using app::AssignmentColumn;

namespace {

struct AssignDb {
    test::TempDir dir;
    std::unique_ptr<storage::Store> store = storage::open_sqlite(dir.path("assign.db"));
    AssignDb() {
        test::fill_demo(*store, 600);
        storage::DemoOptions o;
        o.visits = 600;
        o.seed = 7;
        storage::add_demo_assignments(*store, o, services::today_day());
    }
};

app::AssignmentFields good_fields(const storage::Assignment& a) {
    app::AssignmentFields f;
    f.client = a.client;
    f.branch = a.branch;
    f.template_id = a.template_id;
    f.template_version = std::to_string(a.template_version);
    f.scenario = "  Ask about a mortgage ";
    f.window_from = "2027-01-10";
    f.window_to = "2027-01-20";
    f.shopper = "";
    f.fee = "25.5";
    f.note = "call first";
    return f;
}

std::string field_of(const app::AssignmentFields& f) {
    try {
        app::assignment_from_fields(f);
    } catch (const vs::InputError& e) {
        return e.where();
    }
    return "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(assignments_model)

BOOST_AUTO_TEST_CASE(rows_and_counts_are_the_stores) {
    AssignDb db;
    const auto stored = db.store->assignments({});
    BOOST_REQUIRE(!stored.empty());
    const auto rows = app::assignment_rows(*db.store, {});
    BOOST_TEST(rows.size() == stored.size());
    const auto counts = app::count_by_status(rows);
    for (const std::string& s : app::assignment_statuses()) {
        storage::AssignmentFilter f;
        f.status = s;
        const std::size_t n = db.store->assignments(f).size();
        BOOST_TEST((counts.count(s) ? counts.at(s) : 0u) == n, s);
    }
    BOOST_TEST(counts.count("overdue") == 1u); // the demo has overdue ones
    for (const auto& r : rows)
        BOOST_TEST(r.overdue == (r.assignment.status == "overdue"));
    const std::string text = app::status_counts_text(rows);
    BOOST_TEST(text.find(std::to_string(rows.size()) + " assignments: ") == 0u, text);
    BOOST_TEST(text.find(std::to_string(counts.at("overdue")) + " overdue") != std::string::npos);

    // Filtered by client: only that client's.
    storage::AssignmentFilter f;
    f.client = stored.front().client;
    for (const auto& r : app::assignment_rows(*db.store, f))
        BOOST_TEST(r.assignment.client == f.client);
}

BOOST_AUTO_TEST_CASE(cells_and_sorting) {
    AssignDb db;
    auto rows = app::assignment_rows(*db.store, {});
    const auto& r = rows.front();
    BOOST_TEST(app::assignment_cell(r, AssignmentColumn::Window) ==
               r.assignment.window_from + " \u2013 " + r.assignment.window_to);
    BOOST_TEST(app::assignment_cell(r, AssignmentColumn::Scorecard) ==
               r.assignment.template_id + " v" + std::to_string(r.assignment.template_version));
    BOOST_TEST(app::assignment_column_title(AssignmentColumn::Fee) == "Fee");

    app::sort_assignment_rows(rows, AssignmentColumn::Fee, false);
    for (std::size_t i = 1; i < rows.size(); ++i)
        BOOST_TEST(rows[i - 1].assignment.fee_cents.value_or(-1) >=
                   rows[i].assignment.fee_cents.value_or(-1));
    app::sort_assignment_rows(rows, AssignmentColumn::Shopper, true);
    for (std::size_t i = 1; i < rows.size(); ++i)
        BOOST_TEST(app::assignment_cell(rows[i - 1], AssignmentColumn::Shopper) <=
                   app::assignment_cell(rows[i], AssignmentColumn::Shopper));
    app::sort_assignment_rows(rows, AssignmentColumn::Status, true);
    const auto& order = app::assignment_statuses();
    for (std::size_t i = 1; i < rows.size(); ++i)
        BOOST_TEST((std::find(order.begin(), order.end(), rows[i - 1].assignment.status) <=
                    std::find(order.begin(), order.end(), rows[i].assignment.status)));
}

BOOST_AUTO_TEST_CASE(fields_become_an_assignment_or_name_the_field) {
    storage::Assignment base;
    base.client = "Northwind Bank";
    base.branch = "NB001";
    base.template_id = "retail_banking";
    base.template_version = 1;
    const auto f = good_fields(base);
    const storage::Assignment a = app::assignment_from_fields(f);
    BOOST_TEST(a.scenario == "Ask about a mortgage");
    BOOST_TEST(a.fee_cents.value() == 2550);
    BOOST_TEST(a.uuid.empty());
    BOOST_TEST(a.note == "call first");

    auto bad = f;
    bad.branch = " ";
    BOOST_TEST(field_of(bad) == "Branch");
    bad = f;
    bad.template_version = "two";
    BOOST_TEST(field_of(bad) == "Scorecard");
    bad = f;
    bad.window_from = "2027-02-30";
    BOOST_TEST(field_of(bad) == "Window from");
    bad = f;
    bad.window_to = "2027-01-01";
    BOOST_TEST(field_of(bad) == "Window to");
    bad = f;
    bad.fee = "12,50 EUR";
    BOOST_TEST(field_of(bad) == "Fee");
    bad = f;
    bad.fee = "";
    BOOST_TEST(!app::assignment_from_fields(bad).fee_cents.has_value());

    BOOST_TEST(app::field_of_error("assignment 1b2c, shopper") == "Shopper");
    BOOST_TEST(app::field_of_error("line 3, column 7 (window_to)") == "");
    BOOST_TEST(app::field_of_error("window_to") == "Window to");
}

BOOST_AUTO_TEST_CASE(a_conflict_says_who_and_when) {
    storage::Assignment mine;
    mine.branch = "NB001";
    mine.window_from = "2027-01-10";
    mine.window_to = "2027-01-20";
    storage::Assignment now = mine;
    now.updated_at = "2026-12-04T16:20:31.123Z";
    now.status = "cancelled";
    const std::string t = app::conflict_text(mine, now, "rita");
    BOOST_TEST(t.find("changed by rita at 2026-12-04 16:20:31") != std::string::npos, t);
    BOOST_TEST(t.find("now cancelled") != std::string::npos, t);
    BOOST_TEST(t.find("not saved") != std::string::npos, t);
    BOOST_TEST(app::conflict_text(mine, std::nullopt).find("no longer") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(plan_preview_counts_shoppers_and_unassigned) {
    services::FromPlanResult r;
    const auto item = [](const std::string& shopper, bool existing, const std::string& reason) {
        services::ProposedAssignment p;
        p.assignment.branch = "B1";
        p.assignment.window_from = "2027-01-01";
        p.assignment.window_to = "2027-01-10";
        p.assignment.shopper = shopper;
        p.existing = existing;
        p.reason = reason;
        return p;
    };
    r.items = {item("S1", false, ""), item("S1", false, ""), item("S2", false, ""),
               item("", false, "every shopper is locked out"), item("S3", true, "")};
    r.skipped = {"B9"};
    const app::PlanPreview p = app::plan_preview(r);
    BOOST_TEST(p.to_create.size() == 4u);
    BOOST_TEST(p.existing == 1u);
    BOOST_TEST(p.shoppers.at("S1") == 2u);
    BOOST_TEST(p.unassigned.size() == 1u);
    const std::string text = app::plan_preview_text(p);
    BOOST_TEST(text.find("4 new assignments") == 0u, text);
    BOOST_TEST(text.find("every shopper is locked out") != std::string::npos, text);
    BOOST_TEST(text.find("B9") != std::string::npos, text);

    services::FromPlanResult again;
    again.items = {item("S1", true, ""), item("S2", true, "")};
    BOOST_TEST(app::plan_preview_text(app::plan_preview(again)).find("No new assignment") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
