// The visit form's header at 1280×800 and at the smallest supported window, 1024×640: a
// reviewer sees which visit is open (the branch's code and name and the full date and time;
// only the scorecard's name may give way), the review view has no empty gap in its bar, and the
// comment boxes' Photo… buttons are normal buttons as tall as the boxes.
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/visit_page.h"
#include "gui_support.h"
#include "layout_check.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>
#include <vector>
#include <wx/button.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

using namespace vs;
using forms::Status;
using test::all_of;
using test::pump;
using test::shown_button;

namespace {

const wxSize kSizes[] = {wxSize(1280, 800), wxSize(1024, 640)};

/// Whether `t` shows its whole text: it is on screen, at least as wide as its text needs
/// (ellipsizing only when narrower) and inside the page.
void check_whole(wxStaticText* t, wxWindow* page) {
    BOOST_TEST_INFO_SCOPE("label \"" << app::u8(t->GetLabel()) << "\"");
    BOOST_TEST(t->IsShownOnScreen());
    const int need = t->GetTextExtent(t->GetLabel()).x;
    BOOST_TEST(t->GetSize().x >= need - 1);
    BOOST_TEST(t->GetSize().x >= t->GetBestSize().x - 1);
    BOOST_TEST(t->GetSize().y >= t->GetBestSize().y - 1);
    const wxRect r = t->GetScreenRect(), p = page->GetScreenRect();
    BOOST_TEST(r.x >= p.x);
    BOOST_TEST(r.GetRight() <= p.GetRight());
}

/// The visit's date and time as the header shows it ("2026-11-02 10:30").
wxString shown_when(const forms::Visit& h) {
    std::string when = h.visited_at.substr(0, 16);
    if (when.size() > 10)
        when[10] = ' ';
    return app::wxs(when);
}

/// The header names the open visit in full: branch code and name, date and time.
void check_header(app::VisitPage* page) {
    const forms::Visit& h = page->model()->header();
    BOOST_REQUIRE(!h.branch_name.empty());
    wxStaticText* branch = page->branch_label();
    BOOST_TEST(branch->GetLabel().Contains(app::wxs(h.branch)));
    BOOST_TEST(branch->GetLabel().Contains(app::wxs(h.branch_name)));
    check_whole(branch, page);
    wxStaticText* when = page->when_label();
    BOOST_TEST(when->GetLabel() == shown_when(h));
    BOOST_TEST(!when->HasFlag(wxST_ELLIPSIZE_END));
    check_whole(when, page);
    // The scorecard line is there (cut with "…" when narrow); the tooltip has it all.
    wxStaticText* scorecard = page->scorecard_label();
    BOOST_TEST(scorecard->IsShownOnScreen());
    BOOST_TEST(scorecard->GetSize().x > 0);
    BOOST_TEST(scorecard->GetLabel().Contains(app::wxs(page->model()->tpl().name)));
    const wxString tip = branch->GetToolTipText();
    for (const std::string& part : {h.branch, h.branch_name, page->model()->tpl().name})
        BOOST_TEST(tip.Contains(app::wxs(part)), part);
    BOOST_TEST(tip.Contains(shown_when(h)));
    // The two lines do not overlap each other or the buttons beside them.
    BOOST_TEST(!branch->GetScreenRect().Intersects(when->GetScreenRect()));
    BOOST_TEST(!branch->GetScreenRect().Intersects(scorecard->GetScreenRect()));
    for (wxButton* b : all_of<wxButton>(page))
        if (b->IsShownOnScreen() && b->GetParent() == page) {
            BOOST_TEST_INFO_SCOPE("button \"" << app::u8(b->GetLabel()) << "\"");
            BOOST_TEST(!b->GetScreenRect().Intersects(branch->GetScreenRect()));
            BOOST_TEST(!b->GetScreenRect().Intersects(when->GetScreenRect()));
            BOOST_TEST(!b->GetScreenRect().Intersects(scorecard->GetScreenRect()));
        }
}

void check_layout(wxWindow* w) {
    std::vector<std::string> problems = test::layout_problems(w);
    if (!problems.empty()) { // a slow machine may still be laying out
        pump(400);
        problems = test::layout_problems(w);
    }
    for (const std::string& p : problems)
        BOOST_TEST(false, p);
}

struct HeaderFixture : test::FrameFixture {
    HeaderFixture() {
        frame->Move(0, 0);
        // The panes as a new user has them (earlier tests in this process save theirs).
        frame->nav_splitter()->SetSashPosition(170);
        frame->visit_page()->index_splitter()->SetSashPosition(230);
        frame->visit_page()->score_splitter()->SetSashPosition(-300);
        pump(50);
    }
    void resize(wxSize size) {
        frame->SetSize(0, 0, size.x, size.y);
        pump(150);
        BOOST_TEST(frame->GetSize().x == size.x);
        BOOST_TEST(frame->GetSize().y == size.y);
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(visit_header_gui, HeaderFixture)

BOOST_AUTO_TEST_CASE(visit_form_header_shows_branch_and_full_date) {
    const std::int64_t draft = frame->start_visit(test::branch_visit_header(*frame->store()));
    pump(100);
    for (const wxSize size : kSizes) {
        BOOST_TEST_INFO_SCOPE("size " << size.x << "x" << size.y);
        resize(size);
        frame->open_visit(draft);
        pump(150);
        app::VisitPage* page = frame->visit_page();
        BOOST_REQUIRE(page->IsShownOnScreen());
        BOOST_TEST((page->model()->header().status == Status::Draft));
        check_header(page);
        check_layout(frame);
    }
}

BOOST_AUTO_TEST_CASE(review_header_shows_branch_and_full_date_without_a_gap) {
    auto ids = frame->store()->visit_ids(test::with_status(Status::Submitted));
    BOOST_REQUIRE(!ids.empty());
    for (const wxSize size : kSizes) {
        BOOST_TEST_INFO_SCOPE("size " << size.x << "x" << size.y);
        resize(size);
        frame->open_visit(ids.front());
        pump(150);
        app::VisitPage* page = frame->visit_page();
        BOOST_REQUIRE(page->IsShownOnScreen());
        check_header(page);
        // Nothing is saved in the review view: the status sits next to Change…, with no
        // empty saving-state room between them.
        wxButton* change = shown_button(page, "Change…");
        BOOST_REQUIRE(change);
        wxStaticText* status = nullptr;
        for (wxStaticText* t : all_of<wxStaticText>(page))
            if (t->IsShownOnScreen() && t->GetLabel() == "Submitted")
                status = t;
        BOOST_REQUIRE(status);
        const int gap = change->GetScreenRect().x - status->GetScreenRect().GetRight();
        BOOST_TEST(gap >= 0);
        BOOST_TEST(gap <= 40);
        check_layout(frame);
    }
}

BOOST_AUTO_TEST_CASE(photo_buttons_are_padded_and_as_tall_as_the_comment_box) {
    const std::int64_t draft = frame->start_visit(test::branch_visit_header(*frame->store()));
    pump(100);
    for (const wxSize size : kSizes) {
        BOOST_TEST_INFO_SCOPE("size " << size.x << "x" << size.y);
        resize(size);
        frame->open_visit(draft);
        pump(150);
        app::VisitPage* page = frame->visit_page();
        int seen = 0;
        for (wxButton* b : all_of<wxButton>(page)) {
            if (!b->IsShownOnScreen() || b->GetLabel() != "Photo…")
                continue;
            wxTextCtrl* comment = nullptr;
            for (wxWindow* sibling : b->GetParent()->GetChildren())
                if (auto* t = dynamic_cast<wxTextCtrl*>(sibling);
                    t && t->GetHint() == "Comment (optional)")
                    comment = t;
            BOOST_REQUIRE(comment);
            ++seen;
            BOOST_TEST(!b->HasFlag(wxBU_EXACTFIT));
            // The theme's padding around the text on both sides, not the bare text.
            BOOST_TEST(b->GetSize().x >= b->GetTextExtent(b->GetLabelText()).x + 16);
            BOOST_TEST(std::abs(b->GetSize().y - comment->GetSize().y) <= 1);
            // Beside the box, level with it.
            const wxRect br = b->GetScreenRect(), cr = comment->GetScreenRect();
            BOOST_TEST(br.x > cr.GetRight());
            BOOST_TEST(std::abs((br.y + br.height / 2) - (cr.y + cr.height / 2)) <= 1);
        }
        BOOST_TEST(seen > 0);
        check_layout(frame);
    }
}

BOOST_AUTO_TEST_SUITE_END()
