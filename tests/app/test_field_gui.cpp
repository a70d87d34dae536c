// The shopper's side of the field cycle through the real main window, end to end on two SQLite
// databases: the consultancy plans assignments and writes the shopper's assignment bundle; the
// app on the shopper's own database opens it (File ▸ Open assignment bundle), lists the
// assignments in To do sorted by due date with the overdue one in red, accepts one and declines
// one, starts two visits from the list (header filled from the assignment and locked, the
// scenario shown), fills them, attaches a JPEG photo with an EXIF capture time to each, submits
// them and sends them (File ▸ Send visits, behind a progress dialog that disables every window)
// into a return bundle, then opens the assignment bundle again (another progress dialog): neither
// crashes GTK in the visit page's multi-line answer boxes (app/shell/steady_text_ctrl.h). The
// consultancy imports the return bundle and reviews the visits. With VS_SHOTS_DIR set it saves
// the To do page, the visit made from an assignment and the Sent view as PNG files (read from
// Xvfb's frame buffer when VS_XVFB_FBDIR names its -fbdir: screen_grab.h).
#include "app/field/todo_model.h"
#include "app/field/todo_page.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/new_visit_dialog.h"
#include "app/visits/visit_page.h"
#include "field_support.h"
#include "gui_support.h"
#include "layout_check.h"
#include "screen_grab.h"
#include "services/bundle.h"
#include "services/review.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <wx/combobox.h>
#include <wx/datetime.h>
#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/image.h>
#include <wx/listbox.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>

using namespace vs;
using test::answer_all;
using test::pump;
using test::write_jpeg_with_exif;

namespace {

/// Today's date as YYYY-MM-DD, moved by `days`.
std::string day(int days) {
    return app::u8((wxDateTime::Today() + wxDateSpan::Days(days)).FormatISODate());
}

/// One test failure per layout problem under `w`, each naming `where`.
void check_layout(wxWindow* w, const std::string& where) {
    for (const std::string& p : test::layout_problems(w))
        BOOST_TEST(false, where << ": " << p);
}

/// The To do list's cell (row, column) as shown.
std::string cell(wxListCtrl* list, long row, int col) {
    return app::u8(list->GetItemText(row, col));
}

} // namespace

BOOST_AUTO_TEST_SUITE(field_gui)

BOOST_AUTO_TEST_CASE(shopper_opens_assignments_makes_two_visits_and_sends_them_back) {
    test::TempDir dir;
    const std::string office_db = dir.path("office.db");
    const std::string shopper_db = dir.path("shopper.db");
    const std::string assignments_file = dir.path("assignments.vsbundle");
    const std::string return_file = dir.path("visits.vsbundle");

    // The consultancy: its scorecards and organisation, and three assignments for one shopper
    // (one already overdue), plus one for someone else that must not travel.
    std::string client, shopper, other_shopper;
    std::vector<std::string> branches;
    const std::string scenario_a =
        "Ask for a current account for a student; mention that you are moving to the area next "
        "month and want to know whether you can open it online before you arrive, and which "
        "documents the branch needs to see.";
    {
        storage::SqliteStore office(office_db);
        test::fill_demo(office, 60);
        const auto clients = office.org_list(storage::OrgKind::Client, std::nullopt, false, false);
        client = clients.at(0).name;
        for (const auto& b : office.org_list(storage::OrgKind::Branch, clients[0].id, false, false))
            branches.push_back(b.code);
        const auto shoppers =
            office.org_list(storage::OrgKind::Shopper, clients[0].id, false, false);
        BOOST_REQUIRE(branches.size() >= 3u);
        BOOST_REQUIRE(shoppers.size() >= 2u);
        shopper = shoppers[0].code;
        other_shopper = shoppers[1].code;
        const auto tpl = office.latest_template("branch-visit");
        const auto make = [&](const std::string& uuid, const std::string& branch,
                              const std::string& from, const std::string& to,
                              const std::string& scenario, const std::string& who) {
            storage::Assignment a;
            a.uuid = uuid;
            a.client = client;
            a.branch = branch;
            a.template_id = tpl->id;
            a.template_version = tpl->version;
            a.scenario = scenario;
            a.window_from = from;
            a.window_to = to;
            a.shopper = who;
            a.status = "offered";
            a.fee_cents = 2500;
            return a;
        };
        office.put_assignments({make("a0000000-0000-4000-8000-000000000001", branches[0], day(-3),
                                     day(9), scenario_a, shopper),
                                make("a0000000-0000-4000-8000-000000000002", branches[1], day(-1),
                                     day(4), "Ask about a mortgage in principle.", shopper),
                                make("a0000000-0000-4000-8000-000000000003", branches[2], day(-20),
                                     day(-2), "Return a faulty card reader.", shopper),
                                make("a0000000-0000-4000-8000-000000000004", branches[0], day(0),
                                     day(5), "Not for this shopper.", other_shopper)},
                               "office");
        services::AssignmentBundleRequest request;
        request.shopper = shopper;
        request.client = client;
        request.from = "Field Office";
        const services::BundleReport r =
            services::write_assignment_bundle(office, assignments_file, request);
        BOOST_TEST(r.assignments == 3u);
    }
    { storage::SqliteStore create(shopper_db); } // the shopper's own, empty database

    auto* frame = new app::MainFrame(shopper_db);
    frame->SetSize(1280, 800);
    frame->Show();
    std::vector<wxString> told;
    frame->inform = [&](const wxString& m) { told.push_back(m); };
    pump(150);

    // File ▸ Open assignment bundle: the To do page comes up, listed in the page list.
    BOOST_REQUIRE(frame->open_assignment_bundle(assignments_file));
    pump(100);
    const auto& pages = frame->nav_pages();
    BOOST_TEST((std::find(pages.begin(), pages.end(), app::MainFrame::Todo) != pages.end()));
    app::TodoPage* todo = frame->todo_page();
    BOOST_TEST(todo->IsShownOnScreen());
    wxListCtrl* list = todo->list();
    BOOST_REQUIRE(list->GetItemCount() == 3);
    // By due date: the overdue one first, in red; the other shopper's never arrived.
    BOOST_TEST(cell(list, 0, 0) == day(-2));
    BOOST_TEST(cell(list, 1, 0) == day(4));
    BOOST_TEST(cell(list, 2, 0) == day(9));
    BOOST_TEST(cell(list, 0, 5) == "overdue");
    BOOST_TEST(list->GetItemTextColour(0) == app::colour_below());
    BOOST_TEST(cell(list, 2, 3) == scenario_a);
    BOOST_TEST(cell(list, 1, 5) == "offered");
    for (const auto& row : todo->rows())
        BOOST_TEST(row.assignment.shopper == shopper);
    // Opening it again changes nothing (idempotent).
    BOOST_REQUIRE(frame->open_assignment_bundle(assignments_file));
    BOOST_TEST(todo->list()->GetItemCount() == 3);
    check_layout(todo, "To do page");
    test::grab("field-todo", frame);

    // Accept one, decline the overdue one.
    BOOST_REQUIRE(todo->select("a0000000-0000-4000-8000-000000000002"));
    BOOST_REQUIRE(todo->accept());
    BOOST_TEST(frame->store()->assignment("a0000000-0000-4000-8000-000000000002")->status ==
               "accepted");
    wxStatusBar* status_bar = frame->GetStatusBar();
    BOOST_REQUIRE(status_bar);
    BOOST_TEST(status_bar->GetStatusText(0).Contains("accepted"));
    // Someone else changes the overdue one after the list was read: declining it is refused,
    // naming who changed it, when, and what it is now; the list is read again, and a second
    // try works on what is there now.
    std::vector<wxString> warned;
    todo->tell = [&](const wxString& m) { warned.push_back(m); };
    BOOST_REQUIRE(todo->select("a0000000-0000-4000-8000-000000000003"));
    {
        storage::SqliteStore elsewhere(shopper_db);
        elsewhere.set_assignment_status("a0000000-0000-4000-8000-000000000003", "accepted", "",
                                        "office.olga");
    }
    BOOST_TEST(!todo->decline());
    BOOST_REQUIRE_EQUAL(warned.size(), 1u);
    BOOST_TEST(warned[0].Contains("was changed by office.olga at "), app::u8(warned[0]));
    BOOST_TEST(warned[0].Contains("it is now accepted"), app::u8(warned[0]));
    BOOST_TEST(warned[0].Contains("Nothing was saved"));
    BOOST_TEST(status_bar->GetStatusText(0).Contains("changed by office.olga"));
    BOOST_TEST(todo->selected() != nullptr);
    BOOST_TEST(frame->store()->assignment("a0000000-0000-4000-8000-000000000003")->stored_status ==
               "accepted");
    check_layout(todo, "To do page after a conflict");
    test::grab("field-todo-conflict", frame);
    BOOST_REQUIRE(todo->select("a0000000-0000-4000-8000-000000000003"));
    BOOST_REQUIRE(todo->decline());
    BOOST_TEST(warned.size() == 1u);
    BOOST_TEST(todo->list()->GetItemCount() == 2); // To do lists what is still to do

    // Two visits started from the list, filled, each with a photo, submitted.
    std::vector<std::int64_t> visit_ids;
    int n = 0;
    for (const std::string uuid :
         {"a0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002"}) {
        frame->show_page(app::MainFrame::Todo);
        BOOST_REQUIRE(todo->select(uuid));
        todo->start();
        pump(100);
        app::VisitPage* page = frame->visit_page();
        BOOST_REQUIRE(page->model());
        BOOST_TEST(page->IsShownOnScreen());
        const forms::Visit header = page->model()->header();
        const storage::Assignment a = *frame->store()->assignment(uuid);
        BOOST_TEST(app::assignment_of(header) == uuid);
        BOOST_TEST(header.client == client);
        BOOST_TEST(header.branch == a.branch);
        BOOST_TEST(header.shopper == shopper);
        BOOST_TEST(header.template_id == a.template_id);
        BOOST_TEST(header.template_version == a.template_version);
        // Started, not yet visited: an abandoned draft leaves the assignment to do.
        BOOST_TEST(a.status == (n == 0 ? "offered" : "accepted"));
        BOOST_TEST(a.visit_uuid.empty());
        // The scenario on the page, whole.
        BOOST_TEST(page->assignment_bar()->IsShownOnScreen());
        wxStaticText* label = page->assignment_label();
        wxString shown = label->GetLabel();
        shown.Replace("\n", " ");
        wxString scenario = app::wxs(a.scenario);
        BOOST_TEST(shown.Contains(scenario.BeforeFirst(' ')));
        BOOST_TEST(label->GetSize().y >= label->GetBestSize().y - 1);
        BOOST_TEST(test::inside(label, page));
        // The header is locked: the details dialog offers only staff, date and time, and a
        // header with another branch or shopper keeps the assignment's.
        {
            app::NewVisitDialog dlg(frame, *frame->store(), &header);
            int disabled = 0;
            for (wxComboBox* box : test::all_of<wxComboBox>(&dlg))
                disabled += box->IsEnabled() ? 0 : 1;
            BOOST_TEST(disabled == 2); // branch and shopper (scorecard and client: choices)
        }
        forms::Visit moved = header;
        moved.branch = branches[2];
        moved.shopper = other_shopper;
        app::set_assignment_of(moved, "");
        page->apply_header(moved);
        BOOST_TEST(page->model()->header().branch == a.branch);
        BOOST_TEST(page->model()->header().shopper == shopper);
        BOOST_TEST(app::assignment_of(page->model()->header()) == uuid);
        if (n == 0) {
            check_layout(page, "visit from an assignment");
            test::grab("field-visit-from-assignment", frame);
        }
        if (n == 1) {
            // Nothing answered yet: refused, and the status bar says so in place of the
            // first visit's "submitted".
            BOOST_TEST(!page->submit());
            const wxString said = status_bar->GetStatusText(0);
            BOOST_TEST(said.StartsWith(app::wxs("Visit at " + a.branch + " not submitted: ")),
                       app::u8(said));
        }
        answer_all(page);
        const std::string photo = dir.path("photo" + std::to_string(n) + ".jpg");
        write_jpeg_with_exif(photo, n == 0 ? "2026:12:03 10:15:00" : "2026:12:03 14:40:00",
                             static_cast<unsigned char>(0x60 + 0x30 * n));
        wxArrayString files;
        files.Add(app::wxs(photo));
        BOOST_TEST(page->attach_files("", files) == 1);
        BOOST_REQUIRE(page->submit());
        // The status bar says the submit's outcome, not what was said before it.
        BOOST_TEST(status_bar->GetStatusText(0) == app::wxs("Visit at " + a.branch + " submitted"),
                   app::u8(status_bar->GetStatusText(0)));
        if (n == 0)
            test::grab("field-submitted", frame);
        visit_ids.push_back(page->visit_id());
        // Submitted: now the assignment is visited, by this visit.
        const storage::Assignment after = *frame->store()->assignment(uuid);
        BOOST_TEST(after.status == "visited");
        BOOST_TEST(after.visit_uuid == header.uuid);
        ++n;
    }

    // Sent: nothing sent yet, and the page says where review states come from.
    frame->show_page(app::MainFrame::Todo);
    todo->set_show(app::TodoShow::Sent);
    BOOST_REQUIRE(todo->list()->GetItemCount() == 2);
    for (long r = 0; r < 2; ++r)
        BOOST_TEST(cell(todo->list(), r, 5).find("not sent yet") != std::string::npos);
    BOOST_TEST(todo->note()->GetLabel().Contains("only what this database knows"));

    // File ▸ Send visits: the return bundle, with a progress dialog (which disables every
    // window while it is up).
    told.clear();
    BOOST_REQUIRE(frame->send_visits_to(return_file));
    BOOST_TEST(std::filesystem::exists(return_file));
    BOOST_REQUIRE(told.size() == 1u);
    BOOST_TEST(told[0].Contains("2 visits and 2 photos"));
    todo->reload();
    for (long r = 0; r < 2; ++r)
        BOOST_TEST(cell(todo->list(), r, 5) == "sent — review not known here");
    check_layout(todo, "Sent view");
    test::grab("field-sent", frame);
    // Sending again: nothing new to send, and it says so.
    told.clear();
    BOOST_TEST(!frame->send_visits_to(dir.path("again.vsbundle")));
    BOOST_REQUIRE(told.size() == 1u);
    BOOST_TEST(told[0].Contains("Nothing was written"));
    // Opening the assignment bundle again after the visits were submitted and sent: its progress
    // dialog disables every window as Send visits' did, the visit page's multi-line answer boxes
    // included (one in a row a show-if rule hides), and the visited assignments stay visited.
    BOOST_REQUIRE(frame->open_assignment_bundle(assignments_file));
    pump(100);
    todo->set_show(app::TodoShow::Sent);
    BOOST_TEST(todo->list()->GetItemCount() == 2);
    frame->Destroy();
    pump(50);

    // The consultancy imports the return bundle and reviews the two visits.
    storage::SqliteStore office(office_db);
    const services::BundleReport in = services::import_return_bundle(office, return_file);
    BOOST_TEST(in.visits_added == 2u);
    BOOST_TEST(in.photos_added == 2u);
    for (const std::string uuid :
         {"a0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002"}) {
        const auto a = office.assignment(uuid);
        BOOST_REQUIRE(a);
        BOOST_TEST(a->status == "visited");
        const auto id = office.visit_id_of(a->visit_uuid);
        BOOST_REQUIRE(id);
        const storage::StoredVisit sv = office.load_visit(*id);
        BOOST_TEST(app::assignment_of(sv.visit) == uuid);
        BOOST_TEST((sv.visit.status == forms::Status::Submitted));
        const auto photos = office.attachments(*id);
        BOOST_REQUIRE(photos.size() == 1u);
        BOOST_TEST(photos[0].sha256.size() == 64u);
        services::approve(office, *id, "reviewer", "");
        BOOST_TEST((office.load_visit(*id).visit.status == forms::Status::Approved));
    }
    // Importing it again stores nothing twice.
    const services::BundleReport again = services::import_return_bundle(office, return_file);
    BOOST_TEST(again.visits_added == 0u);
    BOOST_TEST(again.photos_added == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
