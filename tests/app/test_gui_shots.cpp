// The three screens the issue asks to look at, at 1280×800: the visit list, a form in progress
// with a critical failure, and the review view with its audit log. The test checks that what
// matters is on screen and not clipped; with VS_SHOTS_DIR set it also saves them as PNG files.
#include "gui_support.h"

#include "app/main_frame.h"
#include "app/visit_form_ui.h"
#include "app/visit_list_ui.h"

#include <boost/test/unit_test.hpp>

#include <wx/image.h>
#include <wx/splitter.h>
#include <wx/stattext.h>

#include <cstdlib>
#include <fstream>

using namespace vs;
using forms::Answer;
using test::pump;

namespace {

wxWindow* frame_of_shots = nullptr;

/// Saves the screen as VS_SHOTS_DIR/NAME.png when that variable is set.
void shot(const std::string& name) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(150);
    frame_of_shots->Update();
    pump(100);
    const std::string path = std::string(dir) + "/" + name + ".png";
    // ImageMagick reads what the X server shows (a screen DC may return a stale copy).
    const std::string cmd = "import -window root '" + path + "'";
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}

/// Every static text under `w` that is shown gets at least its text's width (no clipped
/// text), unless it ellipsizes on purpose.
void check_no_clipped_text(wxWindow* w) {
    for (wxWindow* c : w->GetChildren()) {
        if (!c->IsShownOnScreen())
            continue;
        if (auto* t = dynamic_cast<wxStaticText*>(c); t && !t->HasFlag(wxST_ELLIPSIZE_END) &&
                                                      !t->HasFlag(wxST_NO_AUTORESIZE) &&
                                                      !t->GetLabel().empty()) {
            BOOST_TEST_INFO_SCOPE("label \"" << app::u8(t->GetLabel()) << "\"");
            BOOST_TEST(t->GetSize().x >= t->GetBestSize().x - 1);
            BOOST_TEST(t->GetSize().y >= t->GetBestSize().y - 1);
        }
        check_no_clipped_text(c);
    }
}

struct ShotFixture : test::FrameFixture {
    ShotFixture() {
        frame->Move(0, 0);
        frame->SetSize(1280, 800);
        frame->nav_splitter()->SetSashPosition(170);
        frame_of_shots = frame;
        pump(100);
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(gui_screens, ShotFixture)

BOOST_AUTO_TEST_CASE(visit_list_form_with_critical_failure_and_review) {
    // 1. The visit list.
    BOOST_TEST(frame->visits_page()->IsShownOnScreen());
    BOOST_TEST(frame->visits_page()->view()->GetSize().y > 500); // the list fills the page
    check_no_clipped_text(frame->visits_page());
    shot("visit-list");

    // 2. A form in progress with a critical failure in the live score.
    storage::Store& store = *frame->store();
    std::int64_t id = frame->start_visit(test::branch_visit_header(store));
    pump(100);
    app::VisitPage* page = frame->visit_page();
    const forms::Template& tpl = page->model()->tpl();
    const int critical = tpl.find_question("data_disclosed");
    BOOST_REQUIRE(critical >= 0);
    for (int qi = 0; qi <= critical; ++qi) {
        const forms::Question& q = tpl.questions[static_cast<std::size_t>(qi)];
        if (!page->model()->visible(qi))
            continue;
        if (q.type == forms::QuestionType::YesNo)
            page->answer_from_ui(qi, Answer::text(qi == critical ? "yes" : q.expect));
        else if (q.type == forms::QuestionType::Scale)
            page->answer_from_ui(qi, Answer::number(q.max - 1));
        else if (q.type == forms::QuestionType::Choice)
            page->answer_from_ui(qi, Answer::text(q.options.front().id));
    }
    page->comment_from_ui(critical, "The screen facing the queue showed a balance.");
    page->first_control(critical)->SetFocus();
    pump(1200); // autosaved
    BOOST_TEST(page->critical_text().Contains("Critical failure"));
    BOOST_TEST(page->score_text() == "0.0");
    BOOST_TEST(page->saved_text().StartsWith("Saved"));
    check_no_clipped_text(page);
    shot("form-critical-failure");

    // 3. The review view: a visit returned once with a note, corrected (a photo added) and
    //    submitted again, waiting for the reviewer's Approve / Return / Exclude.
    const std::string photo = dir.path("shelf.png");
    {
        wxImage img(800, 600);
        img.SetRGB(wxRect(0, 0, 800, 600), 0xD8, 0xC8, 0x9A);
        img.SetRGB(wxRect(100, 150, 600, 300), 0x40, 0x70, 0xA0);
        img.SaveFile(app::wxs(photo), wxBITMAP_TYPE_PNG);
    }
    auto ids = store.visit_ids(test::with_status(forms::Status::Submitted));
    BOOST_REQUIRE(!ids.empty());
    frame->open_visit(ids[0]);
    BOOST_REQUIRE(page->return_visit("Please attach the photo of the leaflet stand."));
    wxArrayString files;
    files.Add(app::wxs(photo));
    BOOST_TEST(page->attach_files("", files) == 1);
    BOOST_REQUIRE(page->submit());
    frame->open_visit(ids[0]); // as the reviewer opens it from the list
    pump(100);
    BOOST_TEST(page->audit_rows().size() == 2u);
    BOOST_TEST(page->score_title() == "Visit score");
    BOOST_TEST(page->shown_attachments("") == 1);
    check_no_clipped_text(page);
    shot("review-with-audit");
    (void)id;
}

BOOST_AUTO_TEST_SUITE_END()
