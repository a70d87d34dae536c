// The Recognition page in the app under Xvfb on a real SQLite file (the mini scorecard and
// tests/data/recognition.visits.json): in the page list for the consultancy, it lists the
// client's perfect complaint handlings and the comment praising a named staff member, following
// the dashboard's client and period, with the shopper named nowhere on the page; Down and Enter
// on the list (real keys through the X server) open the selected visit; a period typed in the
// date fields narrows the list and one that ends before it starts is refused naming the field;
// "Staff as pseudonyms" shows the workbook's pseudonyms and no staff name; a client's account
// gets no such choice. With VS_SHOTS_DIR set, the page is photographed.
#include "app/insights/recognition_page.h"
#include "app/shell/date_ctrl.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/visit_page.h"
#include "gui_support.h"
#include "layout_check.h"
#include "screen_grab.h"
#include "services/import.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

using namespace vs;
using test::pump;

namespace {

struct RecognitionFixture {
    test::TempDir dir;
    std::string db = dir.path("recognition.db");
    app::MainFrame* frame = nullptr;
    app::RecognitionPage* page = nullptr;
    RecognitionFixture() {
        {
            // The test data beside this file's folder (tests/data).
            const std::filesystem::path data =
                std::filesystem::path(__FILE__).parent_path().parent_path() / "data";
            auto store = storage::open_sqlite(db);
            services::store_templates(
                *store, services::read_template_files({(data / "mini.template.json").string()}));
            services::import_visit_file(
                *store, services::read_visit_file((data / "recognition.visits.json").string()));
        }
        frame = new app::MainFrame(db);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
        page = frame->recognition_page();
    }
    ~RecognitionFixture() {
        frame->Destroy();
        pump(50);
    }
    /// Every cell of the list, and the page's texts.
    std::string shown() const {
        std::string all =
            app::u8(page->count()->GetLabel()) + "\n" + app::u8(page->details()->GetLabel()) + "\n";
        for (long r = 0; r < page->list()->GetItemCount(); ++r)
            for (int c = 0; c < page->list()->GetColumnCount(); ++c)
                all += app::u8(page->list()->GetItemText(r, c)) + "|";
        return all;
    }
    /// Types a date into a date field and takes it with Enter, as a person does.
    void type_date(app::DateCtrl* field, const std::string& text) {
        field->text()->SetValue(app::wxs(text));
        wxCommandEvent enter(wxEVT_TEXT_ENTER, field->text()->GetId());
        enter.SetEventObject(field->text());
        field->text()->ProcessWindowEvent(enter);
        pump(100);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(recognition_gui)

BOOST_FIXTURE_TEST_CASE(lists_opens_filters_and_hides_people, RecognitionFixture) {
    const auto& pages = frame->nav_pages();
    BOOST_TEST((std::find(pages.begin(), pages.end(), app::MainFrame::Recognition) != pages.end()));
    frame->show_page(app::MainFrame::Recognition);
    pump(300);
    // The dashboard's client and period: all three recognitions of Test Client.
    BOOST_TEST(app::u8(page->client_choice()->GetStringSelection()) == "Test Client");
    BOOST_TEST_REQUIRE(page->rows().size() == 3u);
    BOOST_TEST(page->list()->GetItemCount() == 3);
    BOOST_TEST(app::u8(page->count()->GetLabel()) ==
               "3 recognitions of 2 staff members: 2 perfect sections, 1 praise in a comment");
    BOOST_TEST(app::u8(page->list()->GetItemText(1, 2)) == "E1 Ann Able");
    BOOST_TEST(app::u8(page->list()->GetItemText(1, 4)) == "Greeted?");
    BOOST_TEST(page->pseudonymise()->IsShownOnScreen());
    BOOST_TEST(!page->open_button()->IsEnabled()); // nothing selected yet

    // Keyboard: the first row, Down, Enter: the praised visit opens (real key presses).
    page->list()->SetFocus();
    page->list()->SetItemState(0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    pump(100);
    wxUIActionSimulator sim;
    sim.MouseMove(page->list()->GetScreenRect().GetBottomRight() - wxPoint(20, 20));
    pump(100);
    sim.Char(WXK_DOWN);
    pump(200);
    BOOST_TEST_REQUIRE(page->selected() == &page->rows()[1]);
    const std::string details = app::u8(page->details()->GetLabel());
    BOOST_TEST(details.find("In the shopper's words: \u201cAnn was excellent at the door and "
                            "asked [shopper] to sit down.\u201d") != std::string::npos,
               details);
    BOOST_TEST(page->open_button()->IsEnabled());
    // Nothing on the page names the shopper (S1, Sam Shopper), though a comment did.
    BOOST_TEST(shown().find("S1") == std::string::npos, shown());
    BOOST_TEST(shown().find("Sam") == std::string::npos, shown());
    for (const std::string& p : test::layout_problems(page))
        BOOST_TEST_ERROR(p);
    test::grab("recognition-page", frame);
    // At 1024x640 too: nothing cut, the note under the title whole (two lines, never elided).
    frame->SetSize(0, 0, 1024, 640);
    pump(300);
    for (const std::string& p : test::layout_problems(page))
        BOOST_TEST_ERROR(p);
    wxWindow* note = nullptr;
    for (wxWindow* c : page->GetChildren())
        if (c->GetLabel().StartsWith("For the client to thank"))
            note = c;
    BOOST_TEST_REQUIRE(note);
    BOOST_TEST(note->GetLabel().EndsWith("Never the shopper."));
    BOOST_TEST(note->GetSize().x >= note->GetBestSize().x);
    BOOST_TEST(test::inside(note, page));
    sim.MouseMove(wxPoint(1020, 5));
    pump(100);
    test::grab("recognition-page-1024x640", frame);
    frame->SetSize(0, 0, 1280, 800);
    pump(200);
    const std::int64_t praised = page->rows()[1].visit_id;
    sim.Char(WXK_RETURN);
    pump(300);
    BOOST_TEST(frame->visit_page()->visit_id() == praised);
    BOOST_TEST(frame->visit_page()->IsShownOnScreen());

    // A period typed in: October only, then to before from, refused naming the field.
    frame->show_page(app::MainFrame::Recognition);
    pump(200);
    type_date(page->from(), "2026-10-01");
    type_date(page->to(), "2026-10-31");
    BOOST_TEST(page->rows().size() == 2u);
    type_date(page->from(), "2026-11-01");
    BOOST_TEST(page->rows().empty());
    BOOST_TEST(app::u8(page->problem()->GetLabel()).rfind("to: ", 0) == 0u,
               app::u8(page->problem()->GetLabel()));
    BOOST_TEST(page->problem()->IsShownOnScreen());
    type_date(page->from(), "");
    type_date(page->to(), "");
    BOOST_TEST(page->rows().size() == 3u);
    BOOST_TEST(!page->problem()->IsShownOnScreen());

    // Staff as pseudonyms: no staff name on the page, the comment's "Ann" included.
    test::check(page->pseudonymise());
    pump(100);
    BOOST_TEST_REQUIRE(page->rows().size() == 3u);
    const std::string ann = app::u8(page->list()->GetItemText(1, 2));
    BOOST_TEST(ann.rfind("Staff ", 0) == 0u, ann);
    page->select(1);
    pump(100);
    for (const char* name : {"Ann", "Bob", "Able", "Baker", "Sam"})
        BOOST_TEST(shown().find(name) == std::string::npos, name << " in " << shown());
    BOOST_TEST(shown().find(ann + " was excellent") != std::string::npos, shown());
    test::grab("recognition-page-pseudonyms", frame);

    // A client's account has no such choice: its server decides how it sees staff.
    page->set_store(frame->store(), false);
    pump(100);
    BOOST_TEST(!page->pseudonymise()->IsShown());
    BOOST_TEST(page->rows().size() == 3u);
    BOOST_TEST(app::u8(page->list()->GetItemText(1, 2)) == "E1 Ann Able");
}

BOOST_AUTO_TEST_SUITE_END()
