// The shopper's round trip on a server database, in the app, under Xvfb against the PostgreSQL
// test cluster (VISITSCORE_TEST_PG): a database of its own set up as `server init` sets it up,
// an admin, a reviewer and a shopper account added as `server user add` adds them; the
// consultancy (the admin's connection) gives the shopper two assignments and another shopper
// one. The app connects as the shopper: To do lists the shopper's two from the server and not
// the other shopper's, which the shopper can neither see nor accept through the connection; the
// shopper accepts one, starts its visit from To do (header filled and locked, the scenario
// shown), answers it, attaches a JPEG with an EXIF capture time and submits it. The reviewer
// approves it through a connection of their own, and the app's Sent view shows it approved
// within the window's refresh. The stored rows are read back through the server: the visit and
// its assignment, the photo's SHA-256 and capture time, who did what in the audit log, and the
// audit chain verifies. VS_SHOTS_DIR set: To do from the server and the Sent view (read from
// Xvfb's frame buffer when VS_XVFB_FBDIR names its -fbdir: screen_grab.h).
#include "app/field/todo_model.h"
#include "app/field/todo_page.h"
#include "app/shell/account_rights.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/new_visit_dialog.h"
#include "app/visits/visit_page.h"
#include "field_support.h"
#include "forms/error.h"
#include "gui_support.h"
#include "layout_check.h"
#include "screen_grab.h"
#include "services/assignments.h"
#include "services/review.h"
#include "storage/audit_chain.h"
#include "storage/pg_server.h"
#include "tests/pg_role_db.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <vector>
#include <wx/combobox.h>
#include <wx/datetime.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>

namespace vs {
namespace {

using Clock = std::chrono::steady_clock;

/// Today's date as YYYY-MM-DD, moved by `days`.
std::string day(int days) {
    return app::u8((wxDateTime::Today() + wxDateSpan::Days(days)).FormatISODate());
}

/// Runs the event loop until `done` or `ms` milliseconds; the milliseconds it took.
long pump_until(const std::function<bool()>& done, int ms) {
    const auto t0 = Clock::now();
    while (!done() && Clock::now() - t0 < std::chrono::milliseconds(ms))
        test::pump(20);
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
}

/// The row of an assignment in the To do page's list, or -1.
long row_of(app::TodoPage* todo, const std::string& uuid) {
    const auto& rows = todo->rows();
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].assignment.uuid == uuid)
            return static_cast<long>(i);
    return -1;
}

/// The status cell of an assignment's row as shown ("" when it is not listed).
std::string shown_status(app::TodoPage* todo, const std::string& uuid) {
    const long r = row_of(todo, uuid);
    return r < 0 ? std::string() : app::u8(todo->list()->GetItemText(r, 5));
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace

BOOST_AUTO_TEST_SUITE(field_server_gui)

BOOST_AUTO_TEST_CASE(shopper_on_a_server_does_an_assignment_and_sees_it_approved) {
    VS_NEEDS_SERVER();
    test::PgRoleDatabase db("vs_fs", {"adm", "rev", "shop"});
    test::TempDir dir;

    // The consultancy's database on the server: scorecards and organisation, then set up with
    // roles (`server init`) and the accounts (`server user add`), the admin adding the others.
    std::string client, shopper, other_shopper;
    std::vector<std::string> branches;
    {
        auto store = storage::open_postgres(db.uri(), storage::OpenMode::Create);
        test::fill_demo(*store, 60);
        const auto clients = store->org_list(storage::OrgKind::Client, std::nullopt, false, false);
        client = clients.at(0).name;
        for (const auto& b : store->org_list(storage::OrgKind::Branch, clients[0].id, false, false))
            branches.push_back(b.code);
        const auto shoppers =
            store->org_list(storage::OrgKind::Shopper, clients[0].id, false, false);
        BOOST_REQUIRE(shoppers.size() >= 2u);
        shopper = shoppers[0].code;
        other_shopper = shoppers[1].code;
    }
    {
        storage::PgServer init(db.uri(), true);
        init.init();
        init.add_account(db.account("adm"), "admin", std::nullopt, std::nullopt);
    }
    {
        storage::PgServer admin(db.uri("adm"), false);
        admin.add_account(db.account("rev"), "reviewer", std::nullopt, std::nullopt);
        admin.add_account(db.account("shop"), "shopper", client, shopper);
    }

    // The consultancy gives the shopper two assignments and the other shopper one, through the
    // admin's connection and the same checks as the Assignments page (no lockout: the demo's
    // shoppers have been everywhere lately).
    auto office = storage::open_postgres(db.uri("adm"), storage::OpenMode::MustExist);
    const auto tpl = office->latest_template("branch-visit");
    BOOST_REQUIRE(tpl);
    const std::string scenario =
        "Ask to open a savings account for a child; say you want to pay in monthly by standing "
        "order, and ask which documents the branch needs from both parents.";
    std::vector<std::string> mine;
    std::string others;
    for (std::size_t i = 0; i < branches.size() && (mine.size() < 2 || others.empty()); ++i) {
        storage::Assignment a;
        a.client = client;
        a.branch = branches[i];
        a.template_id = tpl->id;
        a.template_version = tpl->version;
        a.scenario = mine.empty() ? scenario : "Ask about a mortgage in principle.";
        a.window_from = day(-2);
        a.window_to = day(mine.empty() ? 6 : 10);
        a.shopper = mine.size() < 2 ? shopper : other_shopper;
        a.fee_cents = 3000;
        try {
            const storage::Assignment made = services::add_assignment(*office, a, "office", 0);
            (mine.size() < 2 ? mine.push_back(made.uuid) : void(others = made.uuid));
        } catch (const InputError&) {
            // This shopper is known at this branch (an exclusion): the next branch.
        }
    }
    BOOST_REQUIRE(mine.size() == 2u);
    BOOST_REQUIRE(!others.empty());

    // The app, connected as the shopper: To do comes first, from the server.
    auto* frame = new app::MainFrame("");
    std::vector<wxString> told;
    frame->inform = [&](const wxString& m) { told.push_back(m); };
    frame->confirm_rescore = [](std::size_t) { return false; };
    frame->SetSize(0, 0, 1280, 800);
    frame->Show();
    test::pump(100);
    BOOST_REQUIRE(frame->connect_server(db.uri("shop")));
    test::pump(150);
    BOOST_TEST((frame->role() == app::AccountRole::Shopper));
    BOOST_TEST(frame->on_server());
    BOOST_REQUIRE(!frame->nav_pages().empty());
    BOOST_TEST((frame->nav_pages().front() == app::MainFrame::Todo));
    app::TodoPage* todo = frame->todo_page();
    BOOST_TEST(todo->IsShownOnScreen());
    BOOST_REQUIRE(todo->list()->GetItemCount() == 2);
    for (const auto& row : todo->rows())
        BOOST_TEST(row.assignment.shopper == shopper);
    BOOST_TEST(shown_status(todo, mine[0]) == "offered");
    BOOST_TEST(shown_status(todo, mine[1]) == "offered");
    BOOST_TEST(app::u8(todo->list()->GetItemText(row_of(todo, mine[0]), 3)) == scenario);
    BOOST_TEST(todo->note()->GetLabel().Contains("on the server") == false); // To do's own note
    for (const std::string& p : test::layout_problems(todo))
        BOOST_TEST(false, "To do from the server: " << p);
    test::grab("field-server-todo", frame);

    // Forbidden: the other shopper's assignment is not listed, cannot be read through the
    // shopper's connection, and cannot be accepted by it; the server keeps it as it was.
    BOOST_TEST(row_of(todo, others) < 0);
    BOOST_TEST(!todo->select(others));
    BOOST_TEST(!frame->store()->assignment(others));
    BOOST_CHECK_THROW(
        services::accept_assignment(*frame->store(), others, shopper, "", db.account("shop")),
        std::exception);
    BOOST_TEST(office->assignment(others)->status == "offered");

    // Accept the first; the server has it accepted, in the shopper's name.
    BOOST_REQUIRE(todo->select(mine[0]));
    BOOST_REQUIRE(todo->accept());
    BOOST_TEST(office->assignment(mine[0])->status == "accepted");
    BOOST_TEST(shown_status(todo, mine[0]) == "accepted");

    // Start its visit from To do: the header comes from the assignment and stays.
    BOOST_REQUIRE(todo->select(mine[0]));
    todo->start();
    test::pump(150);
    app::VisitPage* page = frame->visit_page();
    BOOST_REQUIRE(page->model());
    BOOST_TEST(page->IsShownOnScreen());
    const forms::Visit header = page->model()->header();
    const storage::Assignment assigned = *office->assignment(mine[0]);
    BOOST_TEST(app::assignment_of(header) == mine[0]);
    BOOST_TEST(header.client == client);
    BOOST_TEST(header.branch == assigned.branch);
    BOOST_TEST(header.shopper == shopper);
    BOOST_TEST(header.template_id == tpl->id);
    BOOST_TEST(header.template_version == tpl->version);
    BOOST_TEST(page->assignment_bar()->IsShownOnScreen());
    wxString shown = page->assignment_label()->GetLabel();
    shown.Replace("\n", " ");
    BOOST_TEST(shown.Contains("savings account for a child"), shown);
    {
        app::NewVisitDialog dlg(frame, *frame->store(), &header);
        int disabled = 0;
        for (wxComboBox* box : test::all_of<wxComboBox>(&dlg))
            disabled += box->IsEnabled() ? 0 : 1;
        BOOST_TEST(disabled == 2); // branch and shopper
    }
    forms::Visit moved = header;
    moved.branch = assigned.branch == branches[0] ? branches[1] : branches[0];
    moved.shopper = other_shopper;
    page->apply_header(moved);
    BOOST_TEST(page->model()->header().branch == assigned.branch);
    BOOST_TEST(page->model()->header().shopper == shopper);
    // Started, not visited: the draft is on the server, the assignment still accepted.
    BOOST_TEST(office->assignment(mine[0])->status == "accepted");

    // Answer it, attach a photo taken during the visit, submit.
    test::answer_all(page);
    const std::string photo = dir.path("shelf.jpg");
    test::write_jpeg_with_exif(photo, "2026:12:03 11:20:00", 0x70);
    wxArrayString files;
    files.Add(app::wxs(photo));
    BOOST_TEST(page->attach_files("", files) == 1);
    BOOST_REQUIRE(page->submit());
    const std::int64_t visit_id = page->visit_id();
    BOOST_TEST(office->assignment(mine[0])->status == "visited");

    // Sent: on the server as soon as it is submitted, awaiting review.
    frame->show_page(app::MainFrame::Todo);
    todo->set_show(app::TodoShow::Sent);
    test::pump(100);
    BOOST_REQUIRE(todo->list()->GetItemCount() == 1);
    BOOST_TEST(shown_status(todo, mine[0]) == "submitted — on the server, awaiting review");
    BOOST_TEST(todo->note()->GetLabel().Contains("on the server"));
    // File ▸ Send visits has nothing to do on a server, and says so.
    told.clear();
    BOOST_TEST(!frame->send_visits_to(dir.path("none.vsbundle")));
    BOOST_REQUIRE(told.size() == 1u);
    BOOST_TEST(told[0].Contains("on it already"));

    // The reviewer approves it through a connection of their own; the Sent view follows.
    auto reviewer = storage::open_postgres(db.uri("rev"), storage::OpenMode::MustExist);
    const auto reviewed_id = reviewer->visit_id_of(header.uuid);
    BOOST_REQUIRE(reviewed_id);
    BOOST_TEST((reviewer->load_visit(*reviewed_id).visit.status == forms::Status::Submitted));
    services::approve(*reviewer, *reviewed_id, db.account("rev"), "");
    const long ms = pump_until([&] { return shown_status(todo, mine[0]) == "approved"; }, 5000);
    BOOST_TEST(shown_status(todo, mine[0]) == "approved");
    BOOST_TEST(ms < 3000);
    BOOST_TEST_MESSAGE("the reviewer's approval shown in the shopper's Sent view after " << ms
                                                                                         << " ms");
    for (const std::string& p : test::layout_problems(todo))
        BOOST_TEST(false, "Sent view: " << p);
    test::grab("field-server-sent", frame);
    frame->Destroy();
    test::pump(50);

    // What the server holds, read back as the admin.
    const auto id = office->visit_id_of(header.uuid);
    BOOST_REQUIRE(id);
    const storage::StoredVisit sv = office->load_visit(*id);
    BOOST_TEST((sv.visit.status == forms::Status::Approved));
    BOOST_TEST(app::assignment_of(sv.visit) == mine[0]);
    BOOST_TEST(sv.visit.branch == assigned.branch);
    BOOST_TEST(sv.visit.shopper == shopper);
    BOOST_TEST(*id == visit_id);
    const storage::Assignment done = *office->assignment(mine[0]);
    BOOST_TEST(done.status == "visited");
    BOOST_TEST(done.visit_uuid == header.uuid);
    BOOST_TEST(office->assignment(mine[1])->status == "offered");
    BOOST_TEST(office->assignment(others)->status == "offered");
    const auto photos = office->attachments(*id);
    BOOST_REQUIRE(photos.size() == 1u);
    const std::string bytes = file_bytes(photo);
    BOOST_TEST(photos[0].sha256 == storage::sha256_hex(bytes.data(), bytes.size()));
    BOOST_TEST(photos[0].captured_at == "2026-12-03T11:20:00");
    // Who did what: the shopper submitted, the reviewer approved, each under their account.
    const auto log = office->audit_log(*id);
    BOOST_REQUIRE(log.size() >= 2u);
    BOOST_TEST(log.back().who == db.account("rev"));
    bool submitted_by_shopper = false;
    for (const auto& e : log)
        submitted_by_shopper =
            submitted_by_shopper ||
            (e.who == db.account("shop") && e.action == "status" && e.new_value == "submitted");
    BOOST_TEST(submitted_by_shopper);
    const storage::AuditCheck check = office->verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace vs
