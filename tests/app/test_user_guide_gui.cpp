// Help ▸ User guide in the real main window: the menu item opens the guide inside the app, read
// from the source tree (or the installed documentation), with its title and its screenshots,
// which are readable: as wide as the page (about their natural size at 1280 px), and each opens
// at its natural size in a window of its own.
#include "app/shell/main_frame.h"
#include "app/shell/user_guide_frame.h"
#include "gui_support.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>
#include <wx/filename.h>
#include <wx/html/htmlcell.h>
#include <wx/html/htmlwin.h>
#include <wx/image.h>
#include <wx/menu.h>
#include <wx/statbmp.h>

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

namespace {

/// The guide's pictures: the cells that link to a PNG file.
std::vector<wxHtmlCell*> picture_cells(wxHtmlWindow* html) {
    std::vector<wxHtmlCell*> out;
    std::function<void(wxHtmlCell*)> walk = [&](wxHtmlCell* c) {
        for (; c; c = c->GetNext()) {
            if (c->GetFirstChild())
                walk(c->GetFirstChild());
            else if (c->GetLink() && c->GetLink()->GetHref().Lower().EndsWith(".png") &&
                     c->GetHeight() > 50)
                out.push_back(c);
        }
    };
    walk(html->GetInternalRepresentation());
    return out;
}

/// Saves the whole screen as VS_SHOTS_DIR/NAME.png when that variable is set (to look at).
void shot(const std::string& name) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir)
        return;
    pump(300);
    const std::string cmd = "import -window root " + std::string(dir) + "/" + name + ".png";
    BOOST_TEST(std::system(cmd.c_str()) == 0);
}

} // namespace

BOOST_AUTO_TEST_CASE(screenshots_are_shown_large_enough_to_read_and_open_at_full_size) {
    app::UserGuideFrame* guide = frame->open_user_guide();
    BOOST_REQUIRE(guide);
    pump(200);
    // On a 1280×800 screen the guide opens as large as the screen.
    BOOST_TEST(guide->GetSize().x >= 1200, "the guide opens " << guide->GetSize().x << " px wide");
    BOOST_TEST(guide->GetSize().x <= 1280);
    BOOST_TEST(guide->GetSize().y <= 800);
    guide->SetSize(0, 0, 1280, 800);
    pump(200);

    wxHtmlWindow* html = guide->html();
    const auto pictures = picture_cells(html);
    BOOST_TEST_REQUIRE(pictures.size() == 3u);
    const wxFileName dir(app::user_guide_path());
    for (wxHtmlCell* c : pictures) {
        const wxString href = c->GetLink()->GetHref();
        BOOST_TEST_INFO_SCOPE(href.utf8_string());
        wxFileName file(href, wxPATH_UNIX);
        file.MakeAbsolute(dir.GetPath());
        const wxImage natural(file.GetFullPath());
        BOOST_TEST_REQUIRE(natural.IsOk());
        // At least 90% of the natural width (text in it stays readable), never wider than the
        // page (no sideways scrolling), its proportions kept.
        BOOST_TEST(c->GetWidth() >= 0.9 * natural.GetWidth(),
                   c->GetWidth() << " px of " << natural.GetWidth());
        BOOST_TEST(c->GetWidth() <= html->GetClientSize().x);
        BOOST_TEST(std::abs(c->GetHeight() * natural.GetWidth() -
                            natural.GetHeight() * c->GetWidth()) <= natural.GetWidth() * 2);
    }
    BOOST_TEST(html->GetVirtualSize().x <= html->GetClientSize().x);

    // A click on a picture opens it at its natural size; the guide stays where it was.
    const wxString page = html->GetOpenedPage();
    html->OnLinkClicked(*pictures[0]->GetLink());
    pump(200);
    BOOST_TEST(html->GetOpenedPage() == page);
    wxFrame* picture = guide->picture();
    BOOST_REQUIRE(picture);
    BOOST_TEST(picture->IsShownOnScreen());
    wxStaticBitmap* bitmap = nullptr;
    std::function<void(wxWindow*)> find = [&](wxWindow* w) {
        for (wxWindow* child : w->GetChildren()) {
            if (auto* b = dynamic_cast<wxStaticBitmap*>(child))
                bitmap = b;
            find(child);
        }
    };
    find(picture);
    BOOST_REQUIRE(bitmap);
    BOOST_TEST(bitmap->GetBitmap().GetWidth() == 1280);
    BOOST_TEST(bitmap->GetSize().x == 1280);
    BOOST_TEST(bitmap->GetSize().y == 800);
    BOOST_TEST(picture->GetSize().x <= 1280);
    BOOST_TEST(picture->GetSize().y <= 800);
    shot("user-guide-picture-1280x800");
    // Another picture replaces it; Escape closes it.
    html->OnLinkClicked(*pictures[1]->GetLink());
    pump(200);
    int pictures_open = 0;
    for (wxWindow* w : guide->GetChildren())
        if (w->GetName() == "guide_picture" && !w->IsBeingDeleted())
            ++pictures_open;
    BOOST_TEST(pictures_open == 1);
    wxKeyEvent escape(wxEVT_CHAR_HOOK);
    escape.m_keyCode = WXK_ESCAPE;
    escape.SetEventObject(guide->picture());
    guide->picture()->ProcessWindowEvent(escape);
    pump(100);
    BOOST_TEST(!guide->picture());
    guide->Destroy();
    pump(50);
}

BOOST_AUTO_TEST_SUITE_END()
