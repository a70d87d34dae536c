// The planning view under Xvfb on a demo database: one row per branch (or employee) with last
// year's visits, mean and CI beside the visits needed next period, the same figures as
// services/plan (SCORING.md §9); the half-width and grouping controls plan again.
#include "app/insights/plan_view.h"
#include "app/insights/view_page.h"
#include "app/shell/ui_util.h"
#include "forms/dates.h"
#include "gui_support.h"
#include "services/plan.h"
#include "storage/sqlite_store.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <wx/choice.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>

using namespace vs;

namespace {

std::string cell(wxListCtrl* list, long row, int column) {
    return app::u8(list->GetItemText(row, column));
}

/// The column's header text.
std::string heading(wxListCtrl* list, int column) {
    wxListItem item;
    item.SetMask(wxLIST_MASK_TEXT);
    list->GetColumn(column, item);
    return app::u8(item.GetText());
}

/// The needed visits of each group from services/plan, "—" when null, "N (cap M)" when capped.
std::vector<std::string> needed_of(storage::Store& store, const scoring::PlanSpec& spec,
                                   int as_of) {
    services::PlanRequest request;
    request.client = "Northwind Bank";
    request.as_of_day = as_of;
    request.spec = spec;
    std::vector<std::string> out;
    for (const auto& g : services::plan_visits(store, request).plan.groups)
        out.push_back(!g.needed
                          ? "—"
                          : std::to_string(*g.needed) +
                                (g.capped ? " (cap " + std::to_string(spec.max_n) + ")" : ""));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(plan_gui)

BOOST_AUTO_TEST_CASE(planning_view_shows_the_plan_and_follows_its_controls) {
    test::TempDir dir;
    storage::SqliteStore store(dir.path("plan.db"));
    test::fill_demo(store, 600);
    const int as_of = *forms::parse_day("2026-11-01"); // the demo's last day is 2026-10-31

    auto* frame = new wxFrame(nullptr, wxID_ANY, "Planning", wxDefaultPosition, wxSize(1000, 640));
    auto* view = new app::PlanView(frame);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(view, 1, wxEXPAND);
    frame->SetSizer(sizer);
    frame->Show();
    test::pump(100);
    // As the main window hands it over: the store, then the dashboard's client.
    view->set_store(&store);
    view->set_as_of(as_of);
    app::ViewFilter filter;
    filter.client = "Northwind Bank";
    view->set_filter(filter);
    test::pump(100);

    // By branch, h = 5: a row per branch with the service's figures.
    wxListCtrl* list = view->list();
    scoring::PlanSpec spec;
    std::vector<std::string> want = needed_of(store, spec, as_of);
    BOOST_TEST_REQUIRE(list->GetItemCount() == static_cast<int>(want.size()));
    BOOST_TEST(want.size() == 13u); // Northwind Bank's branches in the demo
    BOOST_TEST(heading(list, 0) == "Branch");
    bool capped = false;
    for (long i = 0; i < list->GetItemCount(); ++i) {
        BOOST_TEST_INFO_SCOPE("row " << i);
        BOOST_TEST(cell(list, i, 6) == want[static_cast<std::size_t>(i)]);
        BOOST_TEST(std::stoi(cell(list, i, 1)) >= 2);
        BOOST_TEST(cell(list, i, 3).find("–") != std::string::npos); // a CI beside the plan
        capped = capped || cell(list, i, 6).find("(cap 60)") != std::string::npos;
    }
    BOOST_TEST(capped); // with 600 demo visits some branches vary too much for 60 visits
    BOOST_TEST(view->table().note.find("±5 points") != std::string::npos, view->table().note);
    test::shot_of("plan_view_branches", frame);

    // A wider interval needs fewer visits: h = 10.
    view->half_width()->SetValue(10);
    wxSpinDoubleEvent changed(wxEVT_SPINCTRLDOUBLE, view->half_width()->GetId(), 10);
    changed.SetEventObject(view->half_width());
    view->half_width()->ProcessWindowEvent(changed);
    test::pump(50);
    spec.half_width = 10;
    const std::vector<std::string> wider = needed_of(store, spec, as_of);
    BOOST_TEST_REQUIRE(list->GetItemCount() == static_cast<int>(wider.size()));
    for (long i = 0; i < list->GetItemCount(); ++i) {
        BOOST_TEST(cell(list, i, 6) == wider[static_cast<std::size_t>(i)]);
        BOOST_TEST(std::stoi(wider[static_cast<std::size_t>(i)]) <
                   std::stoi(want[static_cast<std::size_t>(i)]));
    }
    BOOST_TEST(view->table().note.find("±10 points") != std::string::npos);

    // Per employee: the employees' rows, some planned from the client's pooled spread.
    view->by()->SetSelection(1);
    wxCommandEvent chosen(wxEVT_CHOICE, view->by()->GetId());
    chosen.SetEventObject(view->by());
    chosen.SetInt(1);
    view->by()->ProcessWindowEvent(chosen);
    test::pump(50);
    spec.by = scoring::PlanBy::Employee;
    const std::vector<std::string> staff = needed_of(store, spec, as_of);
    BOOST_TEST(heading(list, 0) == "Employee");
    BOOST_TEST_REQUIRE(list->GetItemCount() == static_cast<int>(staff.size()));
    bool pooled = false;
    for (long i = 0; i < list->GetItemCount(); ++i) {
        BOOST_TEST(cell(list, i, 6) == staff[static_cast<std::size_t>(i)]);
        pooled = pooled || cell(list, i, 5) == "client's pooled";
    }
    BOOST_TEST(pooled);
    test::shot_of("plan_view_employees", frame);

    // Before the first demo visit there is nothing to plan from, and the view says so.
    view->set_as_of(*forms::parse_day("2025-06-01"));
    test::pump(50);
    BOOST_TEST(list->GetItemCount() == 0);
    BOOST_TEST(view->table().rows.empty());
    const std::string note = app::u8(view->note()->text());
    BOOST_TEST(note.find("No approved visits of Northwind Bank") == 0u, note);
    BOOST_TEST(note.find("nothing to plan from") != std::string::npos, note);
    frame->Destroy();
    test::pump(50);
}

BOOST_AUTO_TEST_SUITE_END()
