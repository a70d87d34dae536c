// Help ▸ User guide in the real main window: the menu item opens the guide inside the app, read
// from the source tree (or the installed documentation), with its title and its screenshots.
#include "gui_support.h"

#include "app/main_frame.h"
#include "app/user_guide.h"

#include <boost/test/unit_test.hpp>

#include <wx/html/htmlwin.h>
#include <wx/menu.h>

using namespace vs;
using test::pump;

BOOST_FIXTURE_TEST_SUITE(user_guide_gui, test::FrameFixture)

BOOST_AUTO_TEST_CASE(help_menu_opens_the_guide_in_a_window_of_the_app) {
    const wxString path = app::user_guide_path();
    BOOST_REQUIRE(!path.empty());
    BOOST_TEST(path.EndsWith("guide/index.html"));

    const int id = frame->GetMenuBar()->FindMenuItem("Help", "User guide");
    BOOST_REQUIRE(id != wxNOT_FOUND);
    wxCommandEvent e(wxEVT_MENU, id);
    e.SetEventObject(frame);
    frame->ProcessWindowEvent(e);
    pump(200);

    app::UserGuideFrame* guide = nullptr;
    for (wxWindow* w : frame->GetChildren())
        if (auto* g = dynamic_cast<app::UserGuideFrame*>(w))
            guide = g;
    BOOST_REQUIRE(guide);
    BOOST_TEST(guide->IsShownOnScreen());
    BOOST_TEST(guide->page_title() == "VisitScore user guide");
    BOOST_TEST(guide->GetTitle() == "VisitScore user guide");
    // The text is the guide's: its sections for each role are there.
    const wxString text = guide->html()->ToText();
    BOOST_TEST(text.Contains("For shoppers"));
    BOOST_TEST(text.Contains("For trainers"));
    BOOST_TEST(text.Contains("For reviewers"));

    // A second click brings the same window forward.
    frame->ProcessWindowEvent(e);
    pump(50);
    int guides = 0;
    for (wxWindow* w : frame->GetChildren())
        if (auto* g = dynamic_cast<app::UserGuideFrame*>(w); g && !g->IsBeingDeleted())
            ++guides;
    BOOST_TEST(guides == 1);
    guide->Destroy();
    pump(50);
}

BOOST_AUTO_TEST_SUITE_END()
