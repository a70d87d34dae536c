// Closing the loop in the app, the small pieces, under Xvfb on a real SQLite file with demo
// visits: Dispute… on a released visit's own page (the button and Ctrl+D) opens the dispute
// dialog on that visit and stores the point; a visit not released offers no Dispute…; Help ▸
// Keyboard shortcuts lists Ctrl+D and the Disputes and Recognition pages' keys; the Inbox's timer
// raises a dispute point's missed notice, not on every tick but every ten minutes.
#include "app/shell/main_frame.h"
#include "app/shell/menu_keys.h"
#include "app/shell/ui_util.h"
#include "app/visits/dispute_dialogs.h"
#include "app/visits/inbox_page.h"
#include "app/visits/visit_page.h"
#include "gui_support.h"
#include "screen_grab.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <wx/textctrl.h>

using namespace vs;
using test::pump;

namespace {

struct LoopFixture {
    test::TempDir dir;
    std::string db = dir.path("loop.db");
    std::unique_ptr<storage::Store> store;
    app::MainFrame* frame = nullptr;
    std::vector<std::string> told; ///< what the frame said in a message box
    LoopFixture() {
        {
            storage::SqliteStore s(db);
            test::fill_demo(s, 200);
        }
        store = storage::open_sqlite(db);
        frame = new app::MainFrame(db);
        frame->inform = [this](const wxString& m) { told.push_back(app::u8(m)); };
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
    }
    ~LoopFixture() {
        frame->Destroy();
        pump(50);
    }
    /// The first visit with `status` and a scale question answered at its lowest (none: 0).
    std::pair<std::int64_t, std::string> visit_with(forms::Status status) {
        for (std::int64_t id : store->visit_ids(storage::VisitListQuery{})) {
            const storage::StoredVisit v = store->load_visit(id);
            if (v.visit.status != status)
                continue;
            for (const forms::Question& q : v.tpl->questions)
                if (q.type == forms::QuestionType::Scale && q.max - q.min >= 2 &&
                    v.visit.answers.contains(q.id) && v.visit.answers[q.id] == q.min)
                    return {id, q.id};
        }
        return {0, ""};
    }
};

void press_ctrl_d(wxWindow* w) {
    wxKeyEvent key(wxEVT_CHAR_HOOK);
    key.m_keyCode = 'D';
    key.m_controlDown = true;
    key.SetEventObject(w);
    w->GetEventHandler()->ProcessEvent(key);
}

} // namespace

BOOST_AUTO_TEST_SUITE(loop_leftovers_gui)

BOOST_FIXTURE_TEST_CASE(dispute_from_the_visit_page, LoopFixture) {
    const auto [visit, qid] = visit_with(forms::Status::Approved);
    BOOST_REQUIRE(visit != 0);
    const storage::StoredVisit sv = store->load_visit(visit);
    const forms::Question& q =
        sv.tpl->questions[static_cast<std::size_t>(sv.tpl->find_question(qid))];
    frame->open_visit(visit);
    pump(200);
    app::VisitPage* page = frame->visit_page();
    BOOST_REQUIRE(page->visit_id() == visit);
    BOOST_TEST(page->dispute_button()->IsShownOnScreen());
    test::grab("visit-page-dispute", frame);

    // The button opens the dialog on this visit; cancelled, nothing is stored.
    std::vector<std::string> labels;
    frame->run_dispute_dialog = [&](app::DisputeDialog& d) {
        labels.push_back(app::u8(d.GetTitle()));
        return wxID_CANCEL;
    };
    wxCommandEvent click(wxEVT_BUTTON, page->dispute_button()->GetId());
    click.SetEventObject(page->dispute_button());
    page->dispute_button()->ProcessWindowEvent(click);
    pump(100);
    BOOST_TEST(labels.size() == 1u);
    BOOST_TEST(told.empty(), (told.empty() ? "" : told.front()));
    BOOST_TEST(store->disputes({}).empty());

    // Ctrl+D on the page: the point is stored on this visit.
    frame->run_dispute_dialog = [&](app::DisputeDialog& d) {
        d.Show();
        pump(100);
        BOOST_REQUIRE(d.choose_question(qid));
        d.propose(forms::Answer::number(q.max));
        d.reason()->SetValue("The adviser asked twice about the customer's needs");
        pump(20);
        return d.save() ? wxID_OK : wxID_CANCEL;
    };
    press_ctrl_d(page);
    pump(100);
    const std::vector<storage::Dispute> opened = store->disputes({});
    BOOST_REQUIRE(opened.size() == 1u);
    BOOST_TEST(opened[0].visit_uuid == sv.visit.uuid);
    BOOST_TEST(opened[0].question == qid);
    BOOST_TEST(opened[0].proposed_answer == std::to_string(q.max));

    // A visit not released: no Dispute…, and Ctrl+D opens nothing.
    const auto [submitted, unused] = visit_with(forms::Status::Submitted);
    if (submitted != 0) {
        frame->open_visit(submitted);
        pump(200);
        BOOST_TEST(!page->dispute_button()->IsShown());
        int dialogs = 0;
        frame->run_dispute_dialog = [&](app::DisputeDialog&) {
            ++dialogs;
            return wxID_CANCEL;
        };
        press_ctrl_d(page);
        pump(50);
        BOOST_TEST(dialogs == 0);
    }
}

BOOST_FIXTURE_TEST_CASE(the_keyboard_help_lists_the_pages_keys, LoopFixture) {
    std::map<std::string, std::vector<std::string>> keys; // section -> keys
    for (const app::ShortcutSection& s : frame->keyboard_help_sections())
        for (const app::ShortcutRow& r : s.rows)
            if (!r.key.empty())
                keys[s.title].push_back(r.key);
    using V = std::vector<std::string>;
    BOOST_TEST((keys["On the visit list and a visit's page"] == V{"Ctrl+D"}));
    BOOST_TEST((keys["On the Disputes page"] == V{"Enter / Ctrl+Enter"}));
    BOOST_TEST((keys["On the Recognition page"] == V{"Enter"}));
    // Still once each: the form's submit key and the menus' keys.
    std::size_t submit = 0;
    for (const auto& [title, list] : keys)
        submit += static_cast<std::size_t>(std::count(list.begin(), list.end(), "Ctrl+Enter"));
    BOOST_TEST(submit == 1u);
    BOOST_TEST(!keys["Everywhere"].empty());
}

BOOST_FIXTURE_TEST_CASE(the_inbox_timer_raises_what_the_rules_missed, LoopFixture) {
    // A point stored without its notice (as when raising it failed after it was stored).
    const auto found = visit_with(forms::Status::Approved);
    const std::int64_t visit = found.first;
    const std::string qid = found.second;
    BOOST_REQUIRE(visit != 0);
    const storage::StoredVisit sv = store->load_visit(visit);
    const forms::Question& q =
        sv.tpl->questions[static_cast<std::size_t>(sv.tpl->find_question(qid))];
    auto point = [&](const std::string& reason) {
        storage::NewDispute d;
        d.visit_uuid = sv.visit.uuid;
        d.question = qid;
        d.original_answer = std::to_string(q.min);
        d.proposed_answer = std::to_string(q.max);
        d.reason = reason;
        return store->add_dispute(d, "rita");
    };
    auto raised = [&](std::int64_t id) {
        for (const storage::Notification& n : store->notifications({}))
            if (n.event_key == "dispute_opened:" + std::to_string(id))
                return true;
        return false;
    };
    const std::int64_t first = point("The adviser asked about the customer's needs");
    BOOST_TEST(!raised(first));
    app::InboxPage* inbox = frame->inbox_page();
    inbox->deliver_now(); // the timer's step
    BOOST_TEST(raised(first));
    // Not on every tick: a second point waits for the next pass (ten minutes on).
    const std::int64_t second = point("The adviser offered a follow-up call");
    inbox->deliver_now();
    BOOST_TEST(!raised(second));
    // A store taken again (another database, the connection made again) passes at once.
    inbox->set_store(frame->store(), true);
    inbox->deliver_now();
    BOOST_TEST(raised(second));
}

BOOST_AUTO_TEST_SUITE_END()
