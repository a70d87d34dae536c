// The planning view reached from the main window under Xvfb: the page list offers Planning
// beside the other insights, and the page shows the dashboard's client's plan, each branch with
// last year's visits, mean and 95% CI beside the visits needed. With VS_SHOTS_DIR set, the page
// is photographed there (planning_page.png).
#include "app/insights/plan_view.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "gui_support.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <wx/listbox.h>
#include <wx/listctrl.h>

using namespace vs;

BOOST_AUTO_TEST_SUITE(assign_gui)

BOOST_FIXTURE_TEST_CASE(planning_is_reached_from_the_page_list, test::FrameFixture) {
    const auto& pages = frame->nav_pages();
    const auto at = std::find(pages.begin(), pages.end(), app::MainFrame::Planning);
    BOOST_REQUIRE(at != pages.end());
    frame->show_page(app::MainFrame::Planning);
    test::pump(300);
    app::PlanView* view = frame->planning_page();
    BOOST_REQUIRE(view->IsShownOnScreen());
    wxListCtrl* list = view->list();
    BOOST_TEST(list->GetItemCount() > 0);
    BOOST_TEST(list->GetColumnCount() == 7);
    // Each branch: its visits of the last 365 days, their mean and CI beside the visits needed.
    for (long row = 0; row < list->GetItemCount(); ++row) {
        BOOST_TEST(std::stoul(app::u8(list->GetItemText(row, 1))) > 0u);
        BOOST_TEST(!app::u8(list->GetItemText(row, 2)).empty());
        BOOST_TEST(!app::u8(list->GetItemText(row, 6)).empty());
    }
    test::shot_of("planning_page", frame);
}

BOOST_AUTO_TEST_SUITE_END()
