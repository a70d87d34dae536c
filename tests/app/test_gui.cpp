// Drives the real frames: create a visit, answer every question type through the widgets and
// keys, see the live score match the scoring library, autosave, submit, approve, change.
#include "app/shell/main_frame.h"
#include "app/visits/new_visit_dialog.h"
#include "app/visits/visit_page.h"
#include "app/visits/visits_page.h"
#include "gui_support.h"
#include "scoring/visit_score.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>
#include <thread>
#include <wx/app.h>
#include <wx/checkbox.h>
#include <wx/dataview.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>
#include <wx/utils.h>

using namespace vs;
using forms::Answer;
using forms::QuestionType;

using test::check;
using test::FrameFixture;
using test::press;
using test::pump;
using test::toggle;

BOOST_FIXTURE_TEST_SUITE(gui, FrameFixture)

BOOST_AUTO_TEST_CASE(visit_list_shows_the_database) {
    app::VisitsPage* list = frame->visits_page();
    BOOST_TEST(list->source().size() == 300u);
    BOOST_TEST(list->view()->GetItemCount() == 300);
    BOOST_TEST(list->view()->cell_text(0, app::VisitListCtrl::Date).length() ==
               16u);                            // "YYYY-MM-DD HH:MM"
    BOOST_TEST(list->source().fetches() <= 3u); // pages, not rows
    list->set_search("zzzz-no-such");
    BOOST_TEST(list->source().size() == 0u);
    list->set_search("");
    list->set_status_filter(forms::Status::Submitted);
    BOOST_TEST(list->source().size() > 0u);
    BOOST_TEST(list->source().size() < 300u);
}

BOOST_AUTO_TEST_CASE(create_answer_every_type_submit_approve) {
    storage::Store& store = *frame->store();
    // New visit through the dialog (filled as a person would, not shown modally).
    forms::Visit want = test::branch_visit_header(store);
    forms::Visit header;
    {
        app::NewVisitDialog dlg(frame, store);
        dlg.choose("branch-visit", app::wxs(want.client), app::wxs(want.branch),
                   app::wxs(want.employee), app::wxs(want.shopper));
        header = dlg.header();
    }
    BOOST_TEST(header.branch == want.branch);
    BOOST_TEST(header.employee == want.employee);
    std::int64_t id = frame->start_visit(header);
    pump(50);
    app::VisitPage* page = frame->visit_page();
    BOOST_REQUIRE(page->IsShownOnScreen());
    BOOST_REQUIRE(page->model());
    BOOST_TEST(page->editable());
    const forms::Template& tpl = page->model()->tpl();

    // Submitting now lists what is missing and focuses the first question.
    BOOST_TEST(!page->submit());
    BOOST_TEST(page->message().Contains("not answered"));

    std::set<QuestionType> types_seen;
    forms::Answers expect(tpl.questions.size());
    const int critical = tpl.find_question("data_disclosed");
    const int scenario = tpl.find_question("scenario_run");
    for (int qi = 0; qi < static_cast<int>(tpl.questions.size()); ++qi) {
        if (!page->model()->visible(qi))
            continue;
        const forms::Question& q = tpl.questions[static_cast<std::size_t>(qi)];
        BOOST_TEST_INFO_SCOPE("question " << q.id);
        Answer a;
        switch (q.type) {
        case QuestionType::YesNo: { // keys on the focused row
            wxWindow* w = page->first_control(qi);
            w->SetFocus();
            const bool fail = qi == critical;
            press(w, fail ? 'Y' : (q.expect == "yes" ? 'Y' : 'N'));
            a = Answer::text(fail ? "yes" : q.expect);
            break;
        }
        case QuestionType::Scale: {
            wxWindow* w = page->first_control(qi);
            press(w, '0' + q.max - 1);
            a = Answer::number(q.max - 1);
            break;
        }
        case QuestionType::Nps:
            press(page->first_control(qi), '8');
            a = Answer::number(8);
            break;
        case QuestionType::Choice: { // click the option's button
            auto buttons = page->buttons(qi);
            std::size_t pick = qi == scenario ? 1 : 0; // run the complaint scenario
            toggle(buttons.at(pick));
            a = Answer::text(q.options[pick].id);
            break;
        }
        case QuestionType::Checklist: {
            auto boxes = page->check_boxes(qi);
            check(boxes.at(0));
            check(boxes.at(1));
            a = Answer::list({q.options[0].id, q.options[1].id});
            break;
        }
        case QuestionType::Number:
            page->text_box(qi)->SetValue("4"); // typing emits wxEVT_TEXT
            a = Answer::number(4);
            break;
        case QuestionType::Text:
            page->text_box(qi)->SetValue("Polite throughout.");
            a = Answer::text("Polite throughout.");
            break;
        }
        types_seen.insert(q.type);
        expect[static_cast<std::size_t>(qi)] = a;
        pump(5);
        BOOST_TEST((page->model()->answer(qi) == a));
        // The live score panel shows what the scoring library computes.
        scoring::VisitResult r = scoring::score_visit(tpl, page->model()->answers());
        BOOST_TEST(page->score_text() == app::wxs(app::format_score(r.score)));
    }
    BOOST_TEST(types_seen.size() == 7u); // every question type was answered
    BOOST_TEST(page->model()->visible(
        tpl.sections[static_cast<std::size_t>(tpl.find_section("complaint"))].first));
    // The critical failure shows in red text and zeroes the visit.
    BOOST_TEST(page->critical_text().Contains("Critical failure"));
    BOOST_TEST(page->score_text() == "0.0");
    page->comment_from_ui(critical, "Screen facing the queue showed a balance.");

    // Autosave: within a second, in a few milliseconds.
    pump(1100);
    BOOST_TEST(page->saved_text().StartsWith("Saved"));
    BOOST_TEST(page->save_count() >= 1);
    BOOST_TEST_MESSAGE("autosave took " << page->last_save_ms() << " ms");
    BOOST_TEST(page->last_save_ms() < 100.0);
    storage::StoredVisit saved = store.load_visit(id);
    BOOST_TEST(saved.visit.comments.at("data_disclosed") ==
               "Screen facing the queue showed a balance.");
    BOOST_TEST((forms::typed_answers(tpl, saved.visit.answers, "", "") ==
                forms::typed_answers(tpl, forms::answers_to_json(tpl, expect), "", "")));

    // Submit, then review: approve.
    BOOST_TEST(page->submit());
    BOOST_TEST((store.load_visit(id).visit.status == forms::Status::Submitted));
    BOOST_TEST(!page->editable());
    // The submitter approves too: a one-person office that allows self-approval.
    store.set_setting("allow_self_approval", "true");
    BOOST_TEST(page->approve());
    BOOST_TEST((store.load_visit(id).visit.status == forms::Status::Approved));
    BOOST_TEST(!page->editable());
    // Buttons of an approved visit do nothing.
    toggle(page->buttons(critical).at(1));
    BOOST_TEST((page->model()->answer(critical) == Answer::text("yes")));

    // Changing an approved visit needs a reason and is audited.
    page->prompt = [](const wxString&, const wxString&) {
        return std::optional<std::string>("shopper misread the screen");
    };
    page->begin_change();
    BOOST_TEST(page->editable());
    toggle(page->buttons(critical).at(1)); // "No"
    BOOST_TEST(page->save_change());
    auto log = store.audit_log(id);
    BOOST_REQUIRE(log.size() >= 3u);
    BOOST_TEST(log.back().field == "answers.data_disclosed");
    BOOST_TEST(log.back().reason == "shopper misread the screen");
    BOOST_TEST(page->score_text() != "0.0");
}

BOOST_AUTO_TEST_CASE(return_with_note_then_resubmit) {
    storage::Store& store = *frame->store();
    auto ids = store.visit_ids(test::with_status(forms::Status::Submitted));
    BOOST_REQUIRE(!ids.empty());
    frame->open_visit(ids[0]);
    app::VisitPage* page = frame->visit_page();
    BOOST_TEST(!page->return_visit("")); // a note is needed
    BOOST_TEST(page->message().Contains("note"));
    BOOST_TEST(page->return_visit("Please add the employee's name in the comment."));
    BOOST_TEST(page->editable()); // returned: the shopper edits again
    BOOST_TEST(page->message().Contains("employee's name"));
    BOOST_TEST(page->submit());
}

BOOST_AUTO_TEST_SUITE_END()
