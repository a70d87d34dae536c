// The Visits page, the visit form and the review view at 1280×800 and at the smallest supported
// window, 1024×640: the filter row and the list's columns stay within the page, question
// titles show in full when read-only, and the review bar offers exactly the status changes the
// review rules allow for the visit's status.
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/new_visit_dialog.h"
#include "app/visits/visit_page.h"
#include "app/visits/visits_page.h"
#include "gui_support.h"
#include "layout_check.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>
#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>

using namespace vs;
using forms::Status;
using test::all_of;
using test::inside;
using test::pump;
using test::shown_button;

namespace {

const wxSize kSizes[] = {wxSize(1280, 800), wxSize(1024, 640)};

/// Every shown static text under `w` has at least its best size (nothing cut), unless it
/// ellipsizes on purpose.
void check_labels_whole(wxWindow* w) {
    for (wxStaticText* t : all_of<wxStaticText>(w)) {
        if (!t->IsShownOnScreen() || t->GetLabel().empty() || t->HasFlag(wxST_ELLIPSIZE_END) ||
            t->HasFlag(wxST_NO_AUTORESIZE))
            continue;
        BOOST_TEST_INFO_SCOPE("label \"" << app::u8(t->GetLabel()) << "\"");
        const wxSize best = t->GetBestSize(), size = t->GetSize();
        BOOST_TEST(size.x >= best.x - 1);
        BOOST_TEST(size.y >= best.y - 1);
    }
}

struct VisitsFixture : test::FrameFixture {
    VisitsFixture() {
        frame->Move(0, 0);
        pump(50);
    }
    void resize(wxSize size) {
        frame->SetSize(0, 0, size.x, size.y);
        pump(200);
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(visits_finish, VisitsFixture)

// At the smallest window the filter row reflows instead of running off the page, and the
// list's columns share its width: Status and Score are visible without scrolling sideways and
// every heading is whole.
BOOST_AUTO_TEST_CASE(visit_list_filters_and_columns_fit_at_both_sizes) {
    for (const wxSize size : kSizes) {
        BOOST_TEST_INFO_SCOPE("frame " << size.x << "x" << size.y);
        resize(size);
        frame->show_page(app::MainFrame::Visits);
        pump(150);
        app::VisitsPage* page = frame->visits_page();
        auto searches = all_of<wxSearchCtrl>(page);
        BOOST_REQUIRE(searches.size() == 1u);
        BOOST_TEST(searches[0]->IsShownOnScreen());
        BOOST_TEST(inside(searches[0], page));
        BOOST_TEST(searches[0]->GetSize().x >= 200); // still a usable box
        for (wxWindow* c : page->GetChildren())
            if (c->IsShownOnScreen()) {
                BOOST_TEST_INFO_SCOPE("control " << app::u8(c->GetClassInfo()->GetClassName()));
                BOOST_TEST(inside(c, page));
            }

        app::VisitListCtrl* list = page->view();
        // The rows are drawn in an inner window that loses the vertical scroll bar's width.
        int client = list->GetClientSize().x;
        for (wxWindow* inner : list->GetChildren())
            if (inner->IsShown() && inner->GetClientSize().x > 0)
                client = std::min(client, inner->GetClientSize().x);
        int right = 0;
        for (int c = 0; c < list->GetColumnCount(); ++c) {
            wxListItem item;
            item.SetMask(wxLIST_MASK_TEXT);
            list->GetColumn(c, item);
            BOOST_TEST_INFO_SCOPE("column " << app::u8(item.GetText()));
            const int width = list->GetColumnWidth(c);
            // The heading's text, with the room GTK's header button takes around it.
            BOOST_TEST(width >= list->GetTextExtent(item.GetText()).x + 16);
            right += width;
            if (c == app::VisitListCtrl::Status || c == app::VisitListCtrl::Score)
                BOOST_TEST(right <= client);
        }
        BOOST_TEST(right <= client);
        BOOST_TEST(right >= client - 40); // the columns use the width they have
        // The longest status and a score with its dot and critical mark fit their cells.
        BOOST_TEST(list->GetColumnWidth(app::VisitListCtrl::Status) >=
                   list->GetTextExtent(app::wxs(app::status_label(Status::Submitted))).x + 12);
        BOOST_TEST(list->GetColumnWidth(app::VisitListCtrl::Score) >=
                   list->GetTextExtent("100.0 !").x + 12 + 16);
        check_labels_whole(page);
        for (const std::string& problem : test::layout_problems(page))
            BOOST_ERROR(problem);
    }
}

// Read-only, a long question title wraps to the form's width and shows every line, also when
// the form was already on screen with another visit (its labels are then measured before GTK
// gives them their bold font).
BOOST_AUTO_TEST_CASE(review_shows_question_titles_whole_at_both_sizes) {
    storage::Store& store = *frame->store();
    auto ids = store.visit_ids(test::with_status(Status::Submitted));
    BOOST_REQUIRE(ids.size() >= 2u);
    for (const wxSize size : kSizes) {
        BOOST_TEST_INFO_SCOPE("frame " << size.x << "x" << size.y);
        resize(size);
        frame->open_visit(ids[1]);
        pump(150);
        frame->open_visit(ids[0]);
        pump(200);
        app::VisitPage* page = frame->visit_page();
        BOOST_REQUIRE(!page->editable());
        int long_titles = 0;
        for (wxStaticText* t : all_of<wxStaticText>(page)) {
            if (!t->IsShownOnScreen() || t->GetLabel().empty())
                continue;
            if (t->GetLabelText().Freq('\n') >= 1)
                ++long_titles;
        }
        BOOST_TEST(long_titles > 0); // some labels were long enough to wrap
        check_labels_whole(page);
        for (const std::string& problem : test::layout_problems(page))
            BOOST_ERROR(problem);
        frame->show_page(app::MainFrame::Visits);
        pump(50);
    }
}

// A visit being filled (every kind of question of the branch visit, NPS included) keeps every
// control whole at both sizes: where the answers do not fit beside the guidance, the guidance
// goes under them.
BOOST_AUTO_TEST_CASE(visit_form_controls_whole_at_both_sizes) {
    storage::Store& store = *frame->store();
    const std::int64_t draft = frame->start_visit(test::branch_visit_header(store));
    pump(100);
    for (const wxSize size : kSizes) {
        BOOST_TEST_INFO_SCOPE("frame " << size.x << "x" << size.y);
        resize(size);
        frame->show_page(app::MainFrame::Visits);
        pump(50);
        frame->open_visit(draft);
        pump(200);
        app::VisitPage* page = frame->visit_page();
        BOOST_REQUIRE(page->editable());
        check_labels_whole(page);
        for (const std::string& problem : test::layout_problems(page))
            BOOST_ERROR(problem);
    }
    // The smallest window with wide page list and index panes (a narrow form): long choice and
    // checklist labels break into lines, scale and NPS buttons narrow, nothing is cut.
    frame->nav_splitter()->SetSashPosition(230);
    frame->visit_page()->index_splitter()->SetSashPosition(300);
    pump(300);
    app::VisitPage* page = frame->visit_page();
    check_labels_whole(page);
    for (const std::string& problem : test::layout_problems(page))
        BOOST_ERROR("narrow form: " + problem);
}

namespace {

/// The review bar's actions shown on screen, by label, and whether each is enabled.
std::vector<std::pair<wxString, bool>> review_actions(app::VisitPage* page) {
    std::vector<std::pair<wxString, bool>> shown;
    for (const wxString label : {"Approve", "Return with note", "Exclude…"})
        if (wxButton* b = shown_button(page, label))
            shown.emplace_back(label, b->IsEnabled());
    return shown;
}

using Actions = std::vector<std::pair<wxString, bool>>;

} // namespace

// The review bar offers exactly what services/review_rules.h allows from the visit's status.
BOOST_AUTO_TEST_CASE(review_bar_offers_what_the_rules_allow_for_each_status) {
    storage::Store& store = *frame->store();
    const auto first = [&](Status status) {
        auto ids = store.visit_ids(test::with_status(status));
        BOOST_REQUIRE(!ids.empty());
        return ids.front();
    };
    app::VisitPage* page = frame->visit_page();
    const auto actions_of = [&](std::int64_t id) {
        frame->open_visit(id);
        pump(100);
        return review_actions(page);
    };
    BOOST_TEST((actions_of(first(Status::Submitted)) ==
                Actions{{"Approve", true}, {"Return with note", true}, {"Exclude…", true}}));
    BOOST_TEST((actions_of(first(Status::Approved)) ==
                Actions{{"Return with note", true}, {"Exclude…", true}}));
    BOOST_TEST((actions_of(first(Status::Returned)) == Actions{{"Exclude…", true}}));
    BOOST_TEST(actions_of(frame->start_visit(test::branch_visit_header(store))).empty());
    const std::int64_t excluded = first(Status::Submitted);
    page->confirm = [](const wxString&, const wxString&) { return true; };
    frame->open_visit(excluded);
    BOOST_REQUIRE(page->exclude("Shopper was recognised."));
    BOOST_TEST(actions_of(excluded).empty());
    BOOST_TEST(shown_button(page, "Reopen…")); // the way back, in the header
}

// Returning or excluding an approved visit takes it out of the reports: each asks first, needs
// its note, and is recorded.
BOOST_AUTO_TEST_CASE(approved_visit_can_be_returned_or_excluded_after_confirming) {
    storage::Store& store = *frame->store();
    auto ids = store.visit_ids(test::with_status(Status::Approved));
    BOOST_REQUIRE(ids.size() >= 2u);
    app::VisitPage* page = frame->visit_page();
    int asked = 0;
    bool answer = false;
    page->confirm = [&](const wxString&, const wxString& message) {
        ++asked;
        BOOST_TEST(message.Contains("price was wrong"));
        return answer;
    };
    frame->open_visit(ids[0]);
    BOOST_TEST(!page->return_visit("")); // a note first
    BOOST_TEST(asked == 0);
    BOOST_TEST(!page->return_visit("The price was wrong"));
    BOOST_TEST(asked == 1);
    BOOST_TEST((store.load_visit(ids[0]).visit.status == Status::Approved));
    answer = true;
    BOOST_TEST(page->return_visit("The price was wrong"));
    BOOST_TEST((store.load_visit(ids[0]).visit.status == Status::Returned));
    BOOST_TEST(page->audit_rows().back()[3] == "approved → returned");

    frame->open_visit(ids[1]);
    BOOST_TEST(page->exclude("The price was wrong"));
    BOOST_TEST(asked == 3);
    BOOST_TEST((store.load_visit(ids[1]).visit.status == Status::Excluded));
    BOOST_TEST(page->audit_rows().back()[3] == "approved → excluded");
}

// The New visit dialog shows every field and its message whole in the smallest window.
BOOST_AUTO_TEST_CASE(new_visit_dialog_whole_with_its_message) {
    storage::Store& store = *frame->store();
    for (const wxSize size : kSizes) {
        BOOST_TEST_INFO_SCOPE("frame " << size.x << "x" << size.y);
        resize(size);
        app::NewVisitDialog dlg(frame, store);
        dlg.Show();
        pump(150);
        for (const std::string& problem : test::layout_problems(&dlg))
            BOOST_ERROR(problem);
        // OK with no branch says what is missing, in full.
        wxCommandEvent ok(wxEVT_BUTTON, wxID_OK);
        ok.SetEventObject(&dlg);
        dlg.ProcessWindowEvent(ok);
        pump(100);
        BOOST_TEST(!dlg.message().empty());
        check_labels_whole(&dlg);
        for (const std::string& problem : test::layout_problems(&dlg))
            BOOST_ERROR(problem);
        BOOST_TEST(dlg.GetSize().x <= size.x);
        BOOST_TEST(dlg.GetSize().y <= size.y);
        dlg.Hide();
    }
}

BOOST_AUTO_TEST_SUITE_END()
