// Closing the loop in the app as a client's account on a server, under Xvfb against the
// PostgreSQL test cluster (VISITSCORE_TEST_PG): a database of its own with the mini scorecard,
// the recognition visits of two clients (tests/data/recognition.visits.json, and a copy of them
// for another client), set up with roles and a client account of the first client whose staff
// the server pseudonymises (`server client --pseudonymise-staff`). The Recognition page lists
// that client's recognitions only (its two perfect complaint handlings: with no staff names the
// praise of "Ann" is matched to no one), the staff as the server's pseudonyms and the shopper
// nowhere, with no pseudonym choice of its own; the Action plans page's Done marks the client's
// plan done without a re-shop (the client has no right on assignments), audited in the
// account's name. With VS_SHOTS_DIR set, both pages are photographed.
#include "app/insights/action_plans_page.h"
#include "app/insights/recognition_page.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/visit_page.h"
#include "forms/json_io.h"
#include "gui_support.h"
#include "screen_grab.h"
#include "services/action_plans.h"
#include "services/import.h"
#include "storage/pg_server.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <pqxx/pqxx>
#include <unistd.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>

using namespace vs;
using test::pump;

namespace {

const char* test_server() {
    const char* uri = std::getenv("VISITSCORE_TEST_PG");
    return uri && *uri ? uri : nullptr;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

/// The database on the test cluster, its client account ("cli", of Test Client) and a plan of
/// that client's branch B1; dropped at the end.
struct LoopServer {
    std::string server = test_server();
    std::string prefix = "vs_lg" + std::to_string(::getpid()) + "_";
    std::string name = prefix + "db";
    std::int64_t plan = 0;
    LoopServer() {
        superuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        superuser("DROP ROLE IF EXISTS " + prefix + "cli");
        superuser("CREATE DATABASE " + name);
        try {
            const std::filesystem::path data =
                std::filesystem::path(__FILE__).parent_path().parent_path() / "data";
            {
                auto store = storage::open_postgres(uri(), storage::OpenMode::Create);
                services::store_templates(*store, services::read_template_files(
                                                      {(data / "mini.template.json").string()}));
                const std::string path = (data / "recognition.visits.json").string();
                services::import_visit_file(*store, services::read_visit_file(path));
                // The same visits for another client (other uuids), which the account never sees.
                const std::string other =
                    replace_all(replace_all(forms::read_file(path), "Test Client", "Other Client"),
                                "-4000-8000-000000000", "-4000-8000-000000009");
                store->import_visits(forms::parse_visit_package(other, "other"), "other");
                storage::ActionPlan p;
                p.client = "Test Client";
                p.branch = "B1";
                p.owner = "Branch manager";
                p.actions = {{"Greet every customer at the door", "", "", false}};
                p.start_date = "2026-10-12";
                plan = services::open_plan(*store, p, "rita");
            }
            storage::PgServer s(uri(), false);
            s.init();
            s.add_account(prefix + "cli", "client", std::string("Test Client"), std::nullopt);
            s.client_options("Test Client", true, std::nullopt);
        } catch (...) {
            drop();
            throw;
        }
    }
    ~LoopServer() { drop(); }
    /// The database's URI as the superuser, or as the client account.
    std::string uri(bool client = false) const {
        std::string u = server.substr(0, server.rfind('/') + 1) + name;
        if (!client)
            return u;
        const auto start = u.find("://") + 3;
        const auto at = u.find('@', start);
        return u.substr(0, start) + prefix + "cli" + u.substr(at == std::string::npos ? start : at);
    }
    void superuser(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
    void drop() const {
        try {
            superuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            superuser("DROP ROLE IF EXISTS " + prefix + "cli");
        } catch (const std::exception& e) {
            std::cerr << "loop_server_gui: could not drop " << name << ": " << e.what() << "\n";
        }
    }
};

/// The main window connected as the client account.
struct ClientFrame {
    LoopServer db;
    app::MainFrame* frame = nullptr;
    ClientFrame() {
        frame = new app::MainFrame("");
        frame->inform = [](const wxString&) {};
        frame->confirm_rescore = [](std::size_t) { return false; };
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
        BOOST_REQUIRE(frame->connect_server(db.uri(true)));
        pump(100);
        BOOST_REQUIRE((frame->role() == app::AccountRole::Client));
    }
    ~ClientFrame() {
        frame->Destroy();
        pump(50);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(loop_server_gui)

BOOST_AUTO_TEST_CASE(a_client_account_thanks_its_own_staff_and_marks_its_plan_done) {
    if (!test_server()) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: no PostgreSQL case (ctest sets it)");
        return;
    }
    ClientFrame f;
    app::MainFrame* frame = f.frame;

    // Recognition: its own client only, staff as the server's pseudonyms, never the shopper.
    const auto& pages = frame->nav_pages();
    BOOST_TEST((std::find(pages.begin(), pages.end(), app::MainFrame::Recognition) != pages.end()));
    frame->show_page(app::MainFrame::Recognition);
    pump(300);
    app::RecognitionPage* page = frame->recognition_page();
    BOOST_TEST(page->client_choice()->GetCount() == 1u);
    BOOST_TEST(app::u8(page->client_choice()->GetStringSelection()) == "Test Client");
    BOOST_TEST(!page->pseudonymise()->IsShown());
    BOOST_TEST(app::u8(page->problem()->GetLabel()) == "");
    // The two perfect complaint handlings; the comment praising "Ann" names no one this account
    // may know (its server gives it no staff names), so it is not matched to a staff member.
    BOOST_TEST_REQUIRE(page->rows().size() == 2u);
    for (const app::RecognitionRow& r : page->rows())
        BOOST_TEST(r.recognition.kind == "perfect_section");
    std::string shown = app::u8(page->count()->GetLabel()) + "\n";
    for (const app::RecognitionRow& r : page->rows()) {
        BOOST_TEST(r.recognition.client == "Test Client");
        BOOST_TEST(r.recognition.visit.find("-000000009") == std::string::npos);
        BOOST_TEST(r.visit_id != 0);
        for (int c = 0; c < app::kRecognitionColumns; ++c)
            shown += app::recognition_cell(r, static_cast<app::RecognitionColumn>(c)) + "|";
        shown += app::recognition_detail(r) + "\n";
    }
    for (const char* hidden : {"Ann", "Bob", "Able", "Baker", "Sam", "Other Client"})
        BOOST_TEST(shown.find(hidden) == std::string::npos, hidden << " in " << shown);
    const std::string staff = app::u8(page->list()->GetItemText(0, 2));
    BOOST_TEST(staff.rfind("Staff ", 0) == 0u, staff);
    page->select(0);
    pump(100);
    test::grab("recognition-page-client", frame);
    // Its visit opens (an approved visit of its own client).
    BOOST_TEST(page->open_visit());
    pump(200);
    BOOST_TEST(frame->visit_page()->visit_id() == page->rows()[0].visit_id);

    // Action plans: Done without a re-shop, in the account's name.
    frame->show_page(app::MainFrame::ActionPlans);
    pump(300);
    app::ActionPlansPage* plans = frame->action_plans_page();
    BOOST_TEST_REQUIRE(plans->rows().size() == 1u);
    plans->select(0);
    BOOST_TEST(plans->done_button()->IsEnabled());
    BOOST_TEST(!plans->verify_button()->IsEnabled());
    wxString asked;
    plans->confirm = [&](const wxString& q) {
        asked = q;
        return true;
    };
    std::vector<wxString> told;
    plans->tell = [&](const wxString& m) { told.push_back(m); };
    plans->done_selected();
    pump(200);
    BOOST_TEST(told.empty(), (told.empty() ? "" : app::u8(told.front())));
    BOOST_TEST(app::u8(asked).find("The consultancy adds the re-shop visit") != std::string::npos,
               app::u8(asked));
    auto admin = storage::open_postgres(f.db.uri(), storage::OpenMode::MustExist);
    const auto stored = admin->action_plan(f.db.plan);
    BOOST_TEST_REQUIRE(stored.has_value());
    BOOST_TEST(stored->state == "done");
    BOOST_TEST(stored->reshop_assignment == "");
    BOOST_TEST(admin->assignments({}).empty());
    storage::AuditQuery q;
    q.action = "action_plan";
    bool by_client = false;
    for (const storage::AuditRow& r : admin->audit_entries(q))
        by_client = by_client || (r.entry.field == "state" && r.entry.new_value == "done" &&
                                  r.entry.who == f.db.prefix + "cli");
    BOOST_TEST(by_client);
    BOOST_TEST(admin->verify_audit("").ok());
    BOOST_TEST(plans->rows().at(0).plan.state == "done");
    BOOST_TEST(!plans->done_button()->IsEnabled());
    test::grab("action-plans-client-done", frame);
}

BOOST_AUTO_TEST_SUITE_END()
