// Disputes in the app under Xvfb on a real SQLite file with demo visits: a released visit is
// disputed from the Visits page (Dispute…, Ctrl+D) with the answer proposed through the
// question's own controls, a reason and an evidence file (an empty reason refused naming the
// field, nothing written); the Disputes page lists the point with the question's text; the
// point is decided partly with the arbiter's answer and the visit's score changes in the store,
// in the visit list and in the page's statistics. The visit's approver is refused up front with
// a sentence; a client's account sees no Decide. With VS_SHOTS_DIR set, the page and both
// dialogs are photographed (screen_grab.h).
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/dispute_dialogs.h"
#include "app/visits/disputes_page.h"
#include "app/visits/visits_page.h"
#include "gui_support.h"
#include "screen_grab.h"
#include "services/review.h"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <wx/choice.h>
#include <wx/filepicker.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>

using namespace vs;
using test::pump;

namespace {

/// The main window on a demo database, and a second connection to read what it wrote.
struct DisputeFixture {
    test::TempDir dir;
    std::string db = dir.path("disputes.db");
    std::unique_ptr<storage::Store> store;
    app::MainFrame* frame = nullptr;
    app::DisputesPage* page = nullptr;
    std::vector<wxString> told;
    DisputeFixture() {
        {
            storage::SqliteStore s(db);
            test::fill_demo(s, 300);
        }
        store = storage::open_sqlite(db);
        frame = new app::MainFrame(db);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
        page = frame->disputes_page();
        page->tell = [this](const wxString& m) { told.push_back(m); };
        frame->inform = [this](const wxString& m) { told.push_back(m); };
    }
    ~DisputeFixture() {
        frame->Destroy();
        pump(50);
    }
    /// An approved visit with a scale question answered at its lowest, and that question.
    std::pair<std::int64_t, std::string> low_scale_visit() {
        storage::VisitListQuery q;
        for (std::int64_t id : store->visit_ids(q)) {
            const storage::StoredVisit v = store->load_visit(id);
            if (v.visit.status != forms::Status::Approved)
                continue;
            for (const forms::Question& question : v.tpl->questions)
                if (question.type == forms::QuestionType::Scale &&
                    question.max - question.min >= 2 && v.visit.answers.contains(question.id) &&
                    v.visit.answers[question.id] == question.min)
                    return {id, question.id};
        }
        BOOST_FAIL("no approved visit with a low scale answer");
        return {};
    }
    std::optional<double> score_of(std::int64_t id) { return store->visit_rows({id}).at(0).score; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(disputes_gui)

BOOST_FIXTURE_TEST_CASE(a_point_whose_alert_fails_is_stored_once_and_the_dialog_says_so,
                        DisputeFixture) {
    // The database refuses every notification (a trigger): the point and its decision are
    // stored, the dialogs close (OK is not pressed twice for a second point), and the status
    // line says that the alert waits for the delivery run.
    {
        SQLite::Database raw(db, SQLite::OPEN_READWRITE);
        raw.exec("CREATE TRIGGER no_alerts BEFORE INSERT ON notifications BEGIN "
                 "SELECT RAISE(ABORT, 'forced failure'); END;");
    }
    const auto [visit, qid] = low_scale_visit();
    const storage::StoredVisit v = store->load_visit(visit);
    const forms::Question& q =
        v.tpl->questions[static_cast<std::size_t>(v.tpl->find_question(qid))];
    std::vector<std::string> warned;
    frame->run_dispute_dialog = [&](app::DisputeDialog& d) {
        d.Show();
        pump(100);
        BOOST_REQUIRE(d.choose_question(qid));
        d.propose(forms::Answer::number(q.max));
        d.reason()->SetValue("Our staff log shows otherwise");
        const bool saved = d.save();
        warned = d.warnings();
        return saved ? wxID_OK : wxID_CANCEL;
    };
    BOOST_TEST(frame->dispute_visit(visit));
    pump(50);
    BOOST_TEST(store->disputes({}).size() == 1u);
    BOOST_TEST_REQUIRE(warned.size() == 1u);
    BOOST_TEST(warned[0].find("alert could not be stored") != std::string::npos, warned[0]);
    const std::string said = app::u8(frame->GetStatusBar()->GetStatusText(0));
    BOOST_TEST(said.find("Dispute opened on") == 0u, said);
    BOOST_TEST(said.find("alerts deliver") != std::string::npos, said);

    frame->show_page(app::MainFrame::Disputes);
    pump(100);
    const std::int64_t point = store->disputes({}).at(0).id;
    BOOST_REQUIRE(page->select(point));
    page->run_dialog = [&](app::DecideDialog& d) {
        d.Show();
        pump(100);
        d.choose(services::DisputeOutcome::Reject);
        d.reason()->SetValue("The shopper's notes stand");
        const bool saved = d.save();
        warned = d.warnings();
        return saved ? wxID_OK : wxID_CANCEL;
    };
    BOOST_TEST(page->decide());
    pump(50);
    BOOST_TEST(store->dispute(point)->status == "decided");
    BOOST_TEST(warned.size() == 1u);
    const std::string decided = app::u8(frame->GetStatusBar()->GetStatusText(0));
    BOOST_TEST(decided.find("decided; ") != std::string::npos, decided);
    BOOST_TEST(store->notifications({}).empty());
}

BOOST_FIXTURE_TEST_CASE(dispute_from_the_app_decided_partly_changes_the_score, DisputeFixture) {
    const auto& pages = frame->nav_pages();
    BOOST_TEST((std::find(pages.begin(), pages.end(), app::MainFrame::Disputes) != pages.end()));
    const auto [visit, qid] = low_scale_visit();
    const storage::StoredVisit before_visit = store->load_visit(visit);
    const forms::Question& q =
        before_visit.tpl->questions[static_cast<std::size_t>(before_visit.tpl->find_question(qid))];
    const std::optional<double> before = score_of(visit);
    const std::string evidence = dir.path("receipt.txt");
    std::ofstream(evidence) << "Till receipt 14:02, greeted by name";

    // From the Visits page: the released visit selected, Dispute… offered, Ctrl+D opens it.
    frame->show_page(app::MainFrame::Visits);
    pump(100);
    app::VisitsPage* visits = frame->visits_page();
    visits->select_visit(visit);
    pump(100);
    BOOST_REQUIRE(visits->selected() == visit);
    BOOST_TEST(visits->dispute_button()->IsShownOnScreen());
    int dialogs = 0;
    frame->run_dispute_dialog = [&](app::DisputeDialog& d) {
        ++dialogs;
        d.Show();
        pump(150);
        BOOST_REQUIRE(d.choose_question(qid));
        d.propose(forms::Answer::number(q.max));
        d.evidence()->SetPath(app::wxs(evidence));
        // No reason: refused naming the field, nothing written.
        BOOST_TEST(!d.save());
        BOOST_TEST(d.error_field() == "Reason");
        BOOST_TEST(store->disputes({}).empty());
        d.reason()->SetValue("Our staff log shows the adviser repeated the shopper's needs");
        pump(20);
        BOOST_TEST(d.error().empty()); // the error goes once the reason is given
        pump(50);
        test::grab("disputes-open-dialog", &d);
        for (wxWindow* w : d.GetChildren())
            if (w->IsShown())
                BOOST_TEST(test::inside(w, &d), app::u8(w->GetName()));
        return d.save() ? wxID_OK : wxID_CANCEL;
    };
    wxKeyEvent key(wxEVT_CHAR_HOOK);
    key.m_keyCode = 'D';
    key.m_controlDown = true;
    key.SetEventObject(visits);
    visits->GetEventHandler()->ProcessEvent(key);
    pump(100);
    BOOST_TEST(dialogs == 1);
    const std::vector<storage::Dispute> opened = store->disputes({});
    BOOST_REQUIRE(opened.size() == 1u);
    BOOST_TEST(opened[0].question == qid);
    BOOST_TEST(opened[0].proposed_answer == std::to_string(q.max));
    BOOST_TEST(opened[0].evidence_name == "receipt.txt");
    BOOST_TEST(opened[0].opened_by == frame->who());

    // The Disputes page lists it with the question's text.
    frame->show_page(app::MainFrame::Disputes);
    pump(200);
    BOOST_REQUIRE(page->IsShownOnScreen());
    BOOST_REQUIRE(page->rows().size() == 1u);
    wxListCtrl* list = page->list();
    BOOST_TEST(list->GetItemCount() == 1);
    BOOST_TEST(app::u8(list->GetItemText(0, static_cast<int>(app::DisputeColumn::Question))) ==
               q.text);
    BOOST_TEST(app::u8(page->count()->GetLabel()) ==
               "1 dispute point: 1 open, 0 decided (0 overturned)");
    BOOST_REQUIRE(page->select(opened[0].id));
    BOOST_TEST(page->decide_button()->IsEnabled());
    // The selected point in full under the list.
    const std::string details = app::u8(page->details()->GetLabel());
    BOOST_TEST(details.find(q.text) == 0u, details);
    BOOST_TEST(details.find("shopper's needs") != std::string::npos, details);
    BOOST_TEST(!page->stats().empty());
    test::grab("disputes-page-open", frame);

    // Decided partly with the arbiter's answer between the two.
    const int mid = q.min + 1;
    page->run_dialog = [&](app::DecideDialog& d) {
        d.Show();
        pump(150);
        d.choose(services::DisputeOutcome::Partly);
        d.answer(forms::Answer::number(mid));
        BOOST_TEST(!d.save()); // no reason yet
        BOOST_TEST(d.error_field() == "Reason");
        d.reason()->SetValue("Greeted politely, not warmly: one step up, not to the top");
        pump(50);
        test::grab("disputes-decide-dialog", &d);
        for (wxWindow* w : d.GetChildren())
            if (w->IsShown())
                BOOST_TEST(test::inside(w, &d), app::u8(w->GetName()));
        return d.save() ? wxID_OK : wxID_CANCEL;
    };
    BOOST_REQUIRE(page->decide());
    pump(100);
    const storage::Dispute decided = *store->dispute(opened[0].id);
    BOOST_TEST(decided.status == "decided");
    BOOST_TEST(decided.decision == "partly");
    BOOST_TEST(decided.decided_answer == std::to_string(mid));
    BOOST_TEST(decided.decided_by == frame->who());
    const storage::StoredVisit after_visit = store->load_visit(visit);
    BOOST_TEST(after_visit.visit.answers[qid] == mid);
    const std::optional<double> after = score_of(visit);
    BOOST_REQUIRE(before);
    BOOST_REQUIRE(after);
    BOOST_TEST(*after > *before);
    // The page and the visit list follow.
    BOOST_TEST(app::u8(page->count()->GetLabel()) ==
               "1 dispute point: 0 open, 1 decided (1 overturned)");
    BOOST_TEST(!page->decide_button()->IsEnabled());
    const std::string cell =
        app::u8(list->GetItemText(0, static_cast<int>(app::DisputeColumn::Decision)));
    BOOST_TEST(cell.find("partly accepted") == 0u, cell);
    BOOST_TEST(
        app::u8(page->details()->GetLabel()).find("partly accepted, " + std::to_string(mid)) !=
            std::string::npos,
        app::u8(page->details()->GetLabel()));
    app::VisitListSource& source = visits->source();
    const auto at = source.index_of(visit);
    BOOST_REQUIRE(at);
    const storage::VisitListRow* row = source.row(*at);
    BOOST_REQUIRE(row);
    BOOST_REQUIRE(row->score);
    BOOST_TEST(*row->score == *after);
    // The statistics by branch: the visit's branch has one overturned point.
    bool found = false;
    for (const app::DisputeStatsRow& s : page->stats())
        if (s.key == before_visit.visit.branch) {
            found = true;
            BOOST_TEST(s.overturned.rfind("1 (100.0%)", 0) == 0u, s.overturned);
            BOOST_TEST(s.decided == "1");
        }
    BOOST_TEST(found);
    test::grab("disputes-page-decided", frame);
}

BOOST_FIXTURE_TEST_CASE(the_approver_is_refused_and_a_client_cannot_decide, DisputeFixture) {
    // A visit approved in this app by the person working here.
    storage::VisitListQuery query;
    std::int64_t id = 0;
    for (std::int64_t vid : store->visit_ids(query))
        if (store->load_visit(vid).visit.status == forms::Status::Submitted) {
            id = vid;
            break;
        }
    BOOST_REQUIRE(id != 0);
    services::change_status(*store, id, forms::Status::Approved, frame->who(), "");
    const app::DisputableVisit v = app::disputable_visit(*store, id);
    const auto dq = std::find_if(v.questions.begin(), v.questions.end(), [](const auto& x) {
        return x.question->type == forms::QuestionType::YesNo &&
               (x.answer_json == "\"yes\"" || x.answer_json == "\"no\"");
    });
    BOOST_REQUIRE(dq != v.questions.end());
    services::open_dispute(*store,
                           {v.uuid,
                            dq->question->id,
                            dq->answer_json == "\"yes\"" ? "no" : "yes",
                            "the client saw it otherwise",
                            "",
                            {}},
                           "client desk");
    frame->show_page(app::MainFrame::Disputes);
    pump(200);
    // Every client's points (the page starts on the dashboard's client).
    wxChoice* clients = page->client_filter();
    clients->SetSelection(0);
    wxCommandEvent pick(wxEVT_CHOICE, clients->GetId());
    pick.SetEventObject(clients);
    clients->ProcessWindowEvent(pick);
    pump(50);
    BOOST_REQUIRE(page->rows().size() == 1u);
    BOOST_REQUIRE(page->select(page->rows()[0].dispute.id));
    bool shown = false;
    page->run_dialog = [&](app::DecideDialog&) {
        shown = true;
        return wxID_CANCEL;
    };
    BOOST_TEST(!page->decide());
    BOOST_TEST(!shown);
    BOOST_REQUIRE(told.size() == 1u);
    BOOST_TEST(app::u8(told[0]).find("approved this visit") != std::string::npos, app::u8(told[0]));
    BOOST_TEST(store->dispute(page->rows()[0].dispute.id)->status == "open");

    // A client's account: no Decide, and decide() does nothing.
    page->set_store(frame->store(), app::dispute_rights(app::AccountRole::Client), false);
    page->reload();
    pump(100);
    BOOST_TEST(!page->decide_button()->IsShown());
    BOOST_REQUIRE(page->select(page->rows()[0].dispute.id));
    BOOST_TEST(!page->decide());
    BOOST_TEST(page->group_choice()->GetCount() == 2u); // no statistics by shopper
}

BOOST_FIXTURE_TEST_CASE(open_visit_tells_a_lost_visit_from_a_failed_lookup, DisputeFixture) {
    // A point on an approved visit, opened from the Disputes page: the visit opens; when the
    // lookup fails (here the visits table is not there) the page says it could not look the
    // visit up, with the store's own message; only a visit that is gone is "not in the
    // database any more".
    const auto [visit, qid] = low_scale_visit();
    const app::DisputableVisit v = app::disputable_visit(*store, visit);
    const auto dq = std::find_if(v.questions.begin(), v.questions.end(),
                                 [&](const auto& x) { return x.question->id == qid; });
    BOOST_REQUIRE(dq != v.questions.end());
    services::open_dispute(*store,
                           {v.uuid,
                            qid,
                            std::to_string(static_cast<int>(dq->question->max)),
                            "the client saw it",
                            "",
                            {}},
                           "client desk");
    frame->show_page(app::MainFrame::Disputes);
    pump(200);
    wxChoice* clients = page->client_filter();
    clients->SetSelection(0);
    wxCommandEvent pick(wxEVT_CHOICE, clients->GetId());
    pick.SetEventObject(clients);
    clients->ProcessWindowEvent(pick);
    pump(50);
    BOOST_REQUIRE(page->rows().size() == 1u);
    BOOST_REQUIRE(page->select(page->rows()[0].dispute.id));
    std::vector<std::int64_t> opened;
    page->on_open_visit = [&](std::int64_t id) { opened.push_back(id); };
    BOOST_TEST(page->open_visit());
    BOOST_TEST(opened == std::vector<std::int64_t>{visit});

    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("ALTER TABLE visits RENAME TO visits_away");
    told.clear();
    BOOST_TEST(!page->open_visit());
    raw.exec("ALTER TABLE visits_away RENAME TO visits");
    BOOST_REQUIRE(told.size() == 1u);
    const std::string failed = app::u8(told[0]);
    BOOST_TEST(failed.find("Could not look up the visit of this point: ") == 0u, failed);
    BOOST_TEST(failed.find("visits") != std::string::npos, failed);
    BOOST_TEST(failed.find("not in the database any more") == std::string::npos, failed);

    raw.exec("PRAGMA foreign_keys = OFF");
    SQLite::Statement gone(raw, "UPDATE visits SET uuid = 'gone' WHERE id = ?");
    gone.bind(1, visit);
    BOOST_REQUIRE(gone.exec() == 1);
    told.clear();
    BOOST_TEST(!page->open_visit());
    BOOST_REQUIRE(told.size() == 1u);
    BOOST_TEST(app::u8(told[0]) == "The visit of this point is not in the database any more.");
    BOOST_TEST(opened.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
