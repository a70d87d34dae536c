// The Inbox page in the main window under Xvfb, on a real SQLite file with demo visits whose
// alerts were raised by the rules (services/alerts.h): every notification listed newest first,
// unread ones in bold with the count above; the selected one's text below; "Open visit" shows
// its visit on the Visit page and marks it read (bold no more); "Unread only" filters; the e-mail
// that is due goes to a real SMTP server on loopback (smtp_sink.h) from the page's timer step,
// and the state under the list says so. With VS_SHOTS_DIR set the page is photographed
// (inbox.png).
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/inbox_page.h"
#include "app/visits/visit_page.h"
#include "gui_support.h"
#include "layout_check.h"
#include "screen_grab.h"
#include "services/alerts.h"
#include "tests/services/smtp_sink.h"

#include <boost/test/unit_test.hpp>
#include <wx/checkbox.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

using namespace vs;
using test::pump;

namespace {

struct InboxFixture {
    test::TempDir dir;
    std::string db = dir.path("inbox.db");
    std::vector<std::int64_t> alerted; // visits with an alert, in the order raised
    app::MainFrame* frame = nullptr;
    InboxFixture() {
        {
            storage::SqliteStore s(db);
            test::fill_demo(s, 200);
            s.set_setting("alert.below", "75");
            storage::VisitListQuery q;
            q.status = forms::Status::Approved;
            for (std::int64_t id : s.visit_ids(q)) {
                if (services::raise_visit_alerts(s, id) > 0)
                    alerted.push_back(id);
                if (alerted.size() == 6)
                    break;
            }
        }
        frame = new app::MainFrame(db);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
    }
    ~InboxFixture() {
        frame->Destroy();
        pump(50);
    }
};

bool bold(wxListCtrl* list, long row) {
    return list->GetItemFont(row).GetWeight() == wxFONTWEIGHT_BOLD;
}

} // namespace

BOOST_AUTO_TEST_SUITE(inbox_gui)

BOOST_FIXTURE_TEST_CASE(lists_opens_marks_and_sends, InboxFixture) {
    BOOST_REQUIRE(alerted.size() == 6u);
    app::InboxPage* page = frame->inbox_page();
    frame->show_page(app::MainFrame::Inbox);
    pump(200);
    wxListCtrl* list = page->list();
    const long n = list->GetItemCount();
    BOOST_TEST(n >= 6);
    BOOST_TEST(static_cast<std::size_t>(n) == page->model().rows().size());
    BOOST_TEST(page->model().unread() == static_cast<std::size_t>(n));
    for (long row = 0; row < n; ++row)
        BOOST_TEST(bold(list, row));
    BOOST_TEST(app::u8(page->count()->GetLabel()).find("unread") != std::string::npos);
    // Newest first: the last visit alerted is on top.
    const auto top = frame->store()->load_visit(alerted.back()).visit.uuid;
    BOOST_TEST(page->model().rows().front().visit_uuid == top);

    // Selected: its text below, shopper-free.
    BOOST_REQUIRE(page->select(page->model().rows().front().id));
    pump(50);
    const std::string text = app::u8(page->text()->GetValue());
    BOOST_TEST(text.find(page->model().rows().front().subject) == 0u);
    BOOST_TEST(text.find("Open the visit in VisitScore") != std::string::npos);
    const auto shopper = frame->store()->load_visit(alerted.back()).visit.shopper;
    BOOST_TEST(text.find(shopper) == std::string::npos);
    for (const std::string& p : test::layout_problems(page))
        BOOST_TEST(false, "inbox: " << p);
    // No cell is cut, bold as unread cells are: every column but the subject fits its text.
    const wxFont bold_font = list->GetFont().Bold();
    for (long r = 0; r < n; ++r)
        for (int c = 0; c < 4; ++c) {
            int w = 0, h = 0;
            list->GetTextExtent(list->GetItemText(r, c), &w, &h, nullptr, nullptr, &bold_font);
            BOOST_TEST(w < list->GetColumnWidth(c), "row " << r << ", column " << c);
        }
    test::grab("inbox", frame);

    // Open visit: the Visit page on that visit; back in the Inbox it is read, not bold.
    const std::int64_t id = page->model().rows().front().id;
    BOOST_TEST(page->open_visit());
    pump(200);
    BOOST_TEST(frame->visit_page()->visit_id() == alerted.back());
    frame->show_page(app::MainFrame::Inbox);
    pump(200);
    const long row = page->model().index_of(id);
    BOOST_REQUIRE(row >= 0);
    BOOST_TEST(page->model().rows()[static_cast<std::size_t>(row)].read);
    BOOST_TEST(!bold(list, row));
    BOOST_TEST(page->model().unread() == static_cast<std::size_t>(n - 1));
    BOOST_TEST(page->select(id));
    test::grab("inbox_read", frame);

    // Unread only: the read one is gone.
    test::check(page->unread_only());
    pump(100);
    BOOST_TEST(list->GetItemCount() == n - 1);
    BOOST_TEST(page->model().index_of(id) == -1);
    test::check(page->unread_only());
    pump(100);
    BOOST_TEST(list->GetItemCount() == n);

    // The e-mail: addresses set after the alerts were raised get none; a new alert's e-mail
    // goes out from the page's delivery step, once.
    test::SmtpSink sink;
    storage::Store& s = *frame->store();
    const auto v = s.load_visit(alerted.front()).visit;
    s.set_alert_recipients(v.client, "", {"area@client.example", "ops@client.example"});
    s.set_setting("smtp.url", sink.url());
    s.set_setting("smtp.from", "alerts@consultancy.example");
    s.set_setting("alert.below", "100");
    storage::VisitListQuery q;
    q.status = forms::Status::Approved;
    q.client_id = std::nullopt;
    std::size_t raised = 0;
    for (std::int64_t vid : s.visit_ids(q))
        if (s.load_visit(vid).visit.client == v.client &&
            (raised += services::raise_visit_alerts(s, vid)) > 0)
            break;
    BOOST_REQUIRE(raised >= 1u);
    // One message per step (the window waits for one send at most), each once: two
    // addresses, two messages per alert.
    for (std::size_t i = 0; i < 2 * raised; ++i)
        BOOST_TEST(page->deliver_now() == 1u);
    BOOST_TEST(page->deliver_now() == 0u);
    BOOST_TEST(sink.messages().size() == 2 * raised);
    page->reload();
    pump(50);
    BOOST_TEST(
        app::u8(page->outbox_state()->GetLabel()).find(std::to_string(2 * raised) + " sent") !=
        std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
