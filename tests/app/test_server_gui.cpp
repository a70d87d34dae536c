// The app on a server database, under Xvfb against the PostgreSQL test cluster
// (VISITSCORE_TEST_PG; each case makes a database of its own): File ▸ Connect to server… shows
// the server's visits, remembers the server without its password; a change made through another
// connection shows in the open visit list and the open review page within two seconds (on a
// SQLite file too, written by another connection); a lost connection shows a banner, keeps
// what is typed meanwhile and writes it once when the server lets the app in again.
// VS_SHOTS_DIR set: screenshots of the connect dialog and the banner.
#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/shell/connect_dialog.h"
#include "app/shell/server_address.h"
#include "app/visits/visit_page.h"
#include "app/visits/visits_page.h"
#include "gui_support.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <pqxx/pqxx>
#include <wx/config.h>
#include <wx/dialog.h>
#include <wx/infobar.h>
#include <wx/listbox.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>

namespace vs {
namespace {

using Clock = std::chrono::steady_clock;

const char* test_server() {
    const char* uri = std::getenv("VISITSCORE_TEST_PG");
    return uri && *uri ? uri : nullptr;
}

/// A database of its own on the test cluster with the bundled scorecards and 60 demo visits,
/// dropped at the end.
struct ServerDatabase {
    std::string server;
    std::string name;
    ServerDatabase() : server(test_server()) {
        static int serial = 0;
        name = "vs_gui_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
        admin("DROP DATABASE IF EXISTS " + name);
        admin("CREATE DATABASE " + name);
        auto store = storage::open_postgres(uri(), storage::OpenMode::Create);
        test::fill_demo(*store, 60);
    }
    ~ServerDatabase() {
        try {
            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (const std::exception& e) {
            std::cerr << "server_gui: could not drop " << name << ": " << e.what() << "\n";
        }
    }
    /// The cluster's URI with this database's name in place of the one it names.
    std::string uri() const { return server.substr(0, server.rfind('/') + 1) + name; }
    void admin(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
    /// Ends every connection of the app to this database, as a server restart does.
    int end_connections() const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        const pqxx::result r =
            tx.exec_params("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                           "datname = $1 AND pid <> pg_backend_pid()",
                           name);
        return static_cast<int>(r.size());
    }
};

/// Runs the event loop until `done` or `ms` milliseconds; the milliseconds it took.
long pump_until(const std::function<bool()>& done, int ms) {
    const auto t0 = Clock::now();
    while (!done() && Clock::now() - t0 < std::chrono::milliseconds(ms))
        test::pump(20);
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
}

/// The main window on nothing, for connecting.
struct EmptyFrame {
    app::MainFrame* frame = nullptr;
    EmptyFrame() {
        frame = new app::MainFrame("");
        frame->SetSize(1280, 800);
        frame->Show();
        test::pump(100);
    }
    ~EmptyFrame() {
        frame->Destroy();
        test::pump(50);
    }
};

#define NEED_SERVER()                                                                              \
    if (!test_server()) {                                                                          \
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: no PostgreSQL case (ctest sets it)");   \
        return;                                                                                    \
    }

} // namespace

BOOST_AUTO_TEST_SUITE(server_gui)

BOOST_AUTO_TEST_CASE(server_address_parts_and_passwords) {
    using app::ServerAddress;
    const auto a = app::parse_server_uri("postgresql://ann%40shop@db.example:5433/visit%20score");
    BOOST_REQUIRE(a);
    BOOST_TEST(a->user == "ann@shop");
    BOOST_TEST(a->host == "db.example");
    BOOST_TEST(a->port == "5433");
    BOOST_TEST(a->database == "visit score");
    BOOST_TEST(app::server_uri(*a) == "postgresql://ann%40shop@db.example:5433/visit%20score");
    BOOST_TEST(!app::parse_server_uri("/home/ann/visitscore.db"));
    const auto v6 = app::parse_server_uri("postgresql://[::1]:5432/vs");
    BOOST_REQUIRE(v6);
    BOOST_TEST(v6->host == "::1");
    BOOST_TEST(app::server_uri(*v6) == "postgresql://[::1]:5432/vs");

    BOOST_TEST(app::has_password("postgresql://ann:s3cret@db/vs"));
    BOOST_TEST(app::without_password("postgresql://ann:s3cret@db/vs") == "postgresql://ann@db/vs");
    BOOST_TEST(app::without_password("postgresql://ann@db/vs?sslmode=require&password=x&a=b") ==
               "postgresql://ann@db/vs?sslmode=require&a=b");
    BOOST_TEST(!app::has_password("postgresql://ann@db/vs?sslmode=require"));
    BOOST_TEST(app::with_parameter("postgresql://ann@db/vs", "password", "p&w d") ==
               "postgresql://ann@db/vs?password=p%26w%20d");
    BOOST_TEST(app::scrub("failed for postgresql://db/vs?password=p%26w%20d", "p&w d") ==
               "failed for postgresql://db/vs?password=…");
    BOOST_TEST(app::server_label("postgresql://ann:x@db.example:5433/vs") ==
               "ann@db.example:5433/vs");
    BOOST_TEST(app::asks_for_password("fe_sendauth: no password supplied"));
    BOOST_TEST(app::connection_lost_message("server closed the connection unexpectedly"));
    // libpqxx's words when it cannot open a dropped connection again (a save after the server
    // ended the app's connection and lets nobody in).
    BOOST_TEST(app::connection_lost_message(
        "PostgreSQL (server): saving visit 61: Connection to database failed"));
    BOOST_TEST(!app::connection_lost_message("the status change was refused by the server"));

    const auto recent = app::remember_server({"postgresql://b@h/vs", "postgresql://a:pw@h/vs"},
                                             "postgresql://a:other@h/vs", 2);
    BOOST_TEST(recent.size() == 2u);
    BOOST_TEST(recent.at(0) == "postgresql://a@h/vs");
    BOOST_TEST(recent.at(1) == "postgresql://b@h/vs");
}

BOOST_AUTO_TEST_CASE(connect_dialog_shows_the_servers_visits) {
    NEED_SERVER();
    ServerDatabase db;
    EmptyFrame f;
    const auto parts = app::parse_server_uri(db.uri());
    BOOST_REQUIRE(parts);

    // The parts make the URI, as a person fills them in.
    {
        app::ConnectDialog dlg(f.frame, f.frame->recent_servers());
        dlg.host_box()->SetValue(wxString::FromUTF8(parts->host));
        dlg.port_box()->SetValue(wxString::FromUTF8(parts->port));
        dlg.database_box()->SetValue(wxString::FromUTF8(parts->database));
        dlg.user_box()->SetValue(wxString::FromUTF8(parts->user));
        BOOST_TEST(dlg.uri() == app::server_uri(*parts));
        BOOST_TEST(dlg.validate());
        dlg.database_box()->SetValue("");
        BOOST_TEST(!dlg.validate());
        BOOST_TEST(dlg.problem().Contains("Database"));
        BOOST_TEST(f.frame->connect_server(db.uri()));
    }
    BOOST_TEST(f.frame->on_server());
    BOOST_TEST(f.frame->visits_page()->source().size() == 60u);
    BOOST_TEST(f.frame->GetTitle().Contains(wxString::FromUTF8(parts->database)));
    const wxString status = f.frame->GetStatusBar()->GetStatusText(1);
    BOOST_TEST(status.Contains(wxString::FromUTF8(parts->user)), status);
    BOOST_TEST(status.Contains("encrypted"), status); // the test cluster offers no TLS
    BOOST_TEST(f.frame->who() == parts->user);

    // A password written into the URI is used for the connection and never remembered.
    const std::string with_pw = "postgresql://" + parts->user + ":s3cret-pw@" + parts->host + ":" +
                                parts->port + "/" + parts->database;
    BOOST_TEST(f.frame->connect_server(with_pw));
    const auto recent = f.frame->recent_servers();
    BOOST_REQUIRE(!recent.empty());
    BOOST_TEST(recent.front() == db.uri());
    wxConfigBase::Get()->Flush();
    std::ifstream config(std::getenv("VISITSCORE_CONFIG"));
    const std::string text((std::istreambuf_iterator<char>(config)),
                           std::istreambuf_iterator<char>());
    BOOST_TEST(text.find("s3cret") == std::string::npos);
    BOOST_TEST(text.find(parts->database) != std::string::npos);

    // The dialog offers the recent server (the screenshot shows it as a person sees it).
    app::ConnectDialog dlg(f.frame, f.frame->recent_servers());
    BOOST_REQUIRE(dlg.recent_list());
    BOOST_TEST(dlg.uri() == db.uri());
    BOOST_TEST(dlg.host_box()->GetValue() == wxString::FromUTF8(parts->host));
    dlg.Show();
    test::pump(200);
    for (wxWindow* w :
         {static_cast<wxWindow*>(dlg.uri_box()), static_cast<wxWindow*>(dlg.user_box()),
          static_cast<wxWindow*>(dlg.recent_list())})
        BOOST_TEST(test::inside(w, &dlg));
    test::shot_of("connect-dialog", &dlg);
    dlg.Hide();
}

BOOST_AUTO_TEST_CASE(password_asked_when_the_server_wants_one) {
    NEED_SERVER();
    ServerDatabase db;
    EmptyFrame f;
    // The test cluster trusts loopback: the server's answers to a connection without a
    // password and with a wrong one are played here, libpq's words as they are.
    std::vector<std::string> tried;
    f.frame->open_server = [&](const std::string& uri) {
        tried.push_back(uri);
        if (uri.find("password=") == std::string::npos)
            throw storage::StorageError("cannot connect to the PostgreSQL server " + uri +
                                        ": fe_sendauth: no password supplied");
        if (uri.find("password=wrong") != std::string::npos)
            throw storage::StorageError("cannot connect to the PostgreSQL server " + uri +
                                        ": FATAL:  password authentication failed for user");
        return storage::open_postgres(app::without_password(uri), storage::OpenMode::MustExist);
    };
    std::vector<bool> refused;
    f.frame->ask_password = [&](const std::string& uri,
                                bool was_refused) -> std::optional<std::string> {
        BOOST_TEST(!app::has_password(uri));
        refused.push_back(was_refused);
        return refused.size() == 1 ? "wrong" : "right pw&1";
    };
    BOOST_TEST(f.frame->connect_server(db.uri()));
    BOOST_TEST(tried.size() == 3u);
    BOOST_TEST((refused == std::vector<bool>{false, true}));
    BOOST_TEST(tried.back().find("password=right%20pw%261") != std::string::npos);
    BOOST_TEST(f.frame->visits_page()->source().size() == 60u);
    // Never written anywhere, never shown.
    wxConfigBase::Get()->Flush();
    std::ifstream config(std::getenv("VISITSCORE_CONFIG"));
    const std::string text((std::istreambuf_iterator<char>(config)),
                           std::istreambuf_iterator<char>());
    BOOST_TEST(text.find("right") == std::string::npos);
    BOOST_TEST(text.find("password") == std::string::npos);
    BOOST_TEST(!f.frame->GetTitle().Contains("right"));
    BOOST_TEST(!f.frame->database_path().empty());
    BOOST_TEST(f.frame->database_path().find("right") == std::string::npos);

    // The prompt itself: a password field, cancelled here (the screenshot shows it).
    bool seen = false;
    wxTheApp->CallAfter([&] {
        for (wxWindow* w : wxTopLevelWindows)
            if (auto* d = dynamic_cast<wxDialog*>(w); d && d->IsModal()) {
                seen = true;
                for (wxTextCtrl* box : test::all_of<wxTextCtrl>(d)) {
                    BOOST_TEST(box->HasFlag(wxTE_PASSWORD));
                    BOOST_TEST(test::inside(box, d));
                }
                test::shot_of("password-prompt", d);
                d->EndModal(wxID_CANCEL);
            }
    });
    BOOST_TEST(!app::ask_server_password(f.frame, db.uri(), true));
    BOOST_TEST(seen);

    // Cancelling the prompt keeps the database that was open.
    const std::size_t before = tried.size();
    f.frame->ask_password = [](const std::string&, bool) { return std::nullopt; };
    f.frame->open_server = [&](const std::string& uri) -> std::unique_ptr<storage::Store> {
        tried.push_back(uri);
        throw storage::StorageError("fe_sendauth: no password supplied");
    };
    BOOST_TEST(!f.frame->connect_server("postgresql://ann@elsewhere.example/vs"));
    BOOST_TEST(tried.size() == before + 1);
    BOOST_TEST(f.frame->on_server());
    BOOST_TEST(f.frame->visits_page()->source().size() == 60u);
}

BOOST_AUTO_TEST_CASE(sqlite_changes_of_another_connection_show) {
    test::FrameFixture f;
    f.frame->show_page(app::MainFrame::Visits);
    const std::size_t before = f.frame->visits_page()->source().size();
    {
        storage::SqliteStore other(f.db);
        other.create_draft(test::branch_visit_header(other));
    }
    const long ms =
        pump_until([&] { return f.frame->visits_page()->source().size() == before + 1; }, 3000);
    BOOST_TEST(f.frame->visits_page()->source().size() == before + 1);
    BOOST_TEST(ms < 2000);
    BOOST_TEST_MESSAGE("SQLite: another connection's draft listed after " << ms << " ms");
}

namespace {

/// Shows the dashboard, approves one of its client's submitted visits through `other` and
/// returns the milliseconds until the dashboard counts it (-1 when it did not within 4 s).
long dashboard_follows(app::MainFrame* frame, storage::Store& other) {
    frame->show_page(app::MainFrame::Dashboard);
    test::pump(100);
    app::DashboardModel* model = frame->dashboard_page()->dashboard()->model();
    BOOST_REQUIRE(model);
    BOOST_REQUIRE(model->data().overall);
    const std::size_t before = model->data().overall->m.n;
    std::optional<std::int64_t> client;
    for (const auto& c : other.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        if (c.name == model->filter().client)
            client = c.id;
    BOOST_REQUIRE(client);
    storage::VisitListQuery q = test::with_status(forms::Status::Submitted);
    q.client_id = client;
    const auto submitted = other.visit_ids(q);
    BOOST_REQUIRE(!submitted.empty());
    other.record_status(submitted.front(), forms::Status::Submitted, forms::Status::Approved,
                        "reviewer-b", "", "");
    const long ms = pump_until(
        [&] { return model->data().overall && model->data().overall->m.n == before + 1; }, 4000);
    BOOST_TEST(model->data().overall->m.n == before + 1);
    return model->data().overall->m.n == before + 1 ? ms : -1;
}

} // namespace

BOOST_AUTO_TEST_CASE(sqlite_dashboard_follows_another_connection) {
    test::FrameFixture f;
    storage::SqliteStore other(f.db);
    const long ms = dashboard_follows(f.frame, other);
    BOOST_TEST(ms >= 0);
    BOOST_TEST(ms < 2000);
    BOOST_TEST_MESSAGE("SQLite: another connection's approval on the dashboard after " << ms
                                                                                       << " ms");
}

BOOST_AUTO_TEST_CASE(server_dashboard_follows_another_connection) {
    NEED_SERVER();
    ServerDatabase db;
    EmptyFrame f;
    BOOST_REQUIRE(f.frame->connect_server(db.uri()));
    auto other = storage::open_postgres(db.uri(), storage::OpenMode::MustExist);
    const long ms = dashboard_follows(f.frame, *other);
    BOOST_TEST(ms >= 0);
    BOOST_TEST(ms < 2000);
    BOOST_TEST_MESSAGE("PostgreSQL: another connection's approval on the dashboard after "
                       << ms << " ms");
}

BOOST_AUTO_TEST_CASE(others_changes_show_within_two_seconds) {
    NEED_SERVER();
    ServerDatabase db;
    EmptyFrame f;
    BOOST_REQUIRE(f.frame->connect_server(db.uri()));
    auto other = storage::open_postgres(db.uri(), storage::OpenMode::MustExist);

    // Cheap while nothing changes: one small query a second.
    const auto t0 = Clock::now();
    for (int i = 0; i < 50; ++i)
        f.frame->check_for_changes();
    const double tick_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / 50;
    BOOST_TEST(tick_ms < 20.0);
    BOOST_TEST_MESSAGE("PostgreSQL: a watch tick with nothing changed takes " << tick_ms << " ms");

    // A visit added elsewhere appears in the open list.
    const std::size_t before = f.frame->visits_page()->source().size();
    other->create_draft(test::branch_visit_header(*other));
    long ms =
        pump_until([&] { return f.frame->visits_page()->source().size() == before + 1; }, 4000);
    BOOST_TEST(f.frame->visits_page()->source().size() == before + 1);
    BOOST_TEST(ms < 2000);
    BOOST_TEST_MESSAGE("PostgreSQL: another connection's draft listed after " << ms << " ms");

    // A submitted visit open for review here, approved elsewhere: the page shows it approved
    // and keeps the note being typed in the review bar.
    const auto submitted = f.frame->store()->visit_ids(test::with_status(forms::Status::Submitted));
    BOOST_REQUIRE(!submitted.empty());
    const std::int64_t id = submitted.front();
    f.frame->open_visit(id);
    app::VisitPage* page = f.frame->visit_page();
    wxTextCtrl* note_box = nullptr;
    for (wxTextCtrl* b : test::all_of<wxTextCtrl>(page))
        if (b->GetHint().Contains("Note to the shopper"))
            note_box = b;
    BOOST_REQUIRE(note_box);
    note_box->ChangeValue("half typed");
    other->record_status(id, forms::Status::Submitted, forms::Status::Approved, "reviewer-b", "",
                         "");
    ms =
        pump_until([&] { return page->model()->header().status == forms::Status::Approved; }, 4000);
    BOOST_TEST((page->model()->header().status == forms::Status::Approved));
    BOOST_TEST(ms < 2000);
    BOOST_TEST(note_box->GetValue() == "half typed");
    BOOST_TEST(page->message().Contains("reviewer-b"), page->message());
    BOOST_TEST_MESSAGE("PostgreSQL: an approval elsewhere shown on the review page after "
                       << ms << " ms");
}

BOOST_AUTO_TEST_CASE(lost_connection_keeps_typing_and_writes_it_once) {
    NEED_SERVER();
    ServerDatabase db;
    EmptyFrame f;
    f.frame->inform = [](const wxString&) {};
    BOOST_REQUIRE(f.frame->connect_server(db.uri()));
    const std::int64_t id = f.frame->start_visit(test::branch_visit_header(*f.frame->store()));
    app::VisitPage* page = f.frame->visit_page();
    BOOST_REQUIRE(page->editable());
    std::vector<int> shown; // three questions the form shows
    for (int qi = 0; shown.size() < 3; ++qi)
        if (page->model()->visible(qi))
            shown.push_back(qi);
    page->comment_from_ui(shown[0], "Queue of six at 10:40");
    BOOST_TEST(page->flush());

    // The server lets nobody in and ends the app's connection (as when it stops).
    db.admin("ALTER DATABASE " + db.name + " ALLOW_CONNECTIONS false");
    BOOST_TEST(db.end_connections() >= 1);
    page->comment_from_ui(shown[1], "Nobody greeted me");
    long ms = pump_until([&] { return f.frame->connection_lost(); }, 4000);
    BOOST_TEST(f.frame->connection_lost());
    BOOST_TEST(f.frame->banner()->IsShown());
    BOOST_TEST_MESSAGE("banner shown " << ms << " ms after the connection ended");
    page->comment_from_ui(shown[2], "Shelf empty by the door");
    test::pump(1500); // autosave while lost: kept
    BOOST_TEST(page->has_unsaved());
    BOOST_TEST(page->saved_text() == "Kept locally");
    BOOST_TEST(!page->message().Contains("could not be saved"), page->message());
    BOOST_TEST(!page->submit()); // needs the server: says so, keeps the answers
    BOOST_TEST(page->message().Contains("connection to it is lost"), page->message());
    test::shot_of("connection-lost-banner", f.frame);
    test::pump(3500); // tries to connect again, refused
    BOOST_TEST(f.frame->connection_lost());

    // The server lets the app in again: the kept answers are written, once.
    db.admin("ALTER DATABASE " + db.name + " ALLOW_CONNECTIONS true");
    ms = pump_until([&] { return !f.frame->connection_lost(); }, 6000);
    BOOST_TEST(!f.frame->connection_lost());
    BOOST_TEST(!f.frame->banner()->IsShown());
    BOOST_TEST(!page->has_unsaved());
    BOOST_TEST_MESSAGE("connected again " << ms << " ms after the server let it in");
    auto check = storage::open_postgres(db.uri(), storage::OpenMode::MustExist);
    const storage::StoredVisit sv = check->load_visit(id);
    BOOST_TEST(sv.visit.comments.size() == 3u);
    BOOST_TEST(sv.visit.comments == page->model()->to_visit().comments);
    BOOST_TEST(check->audit_log(id).empty()); // a draft's saves are not review steps
    BOOST_TEST(check->visit_ids({}).size() == 61u);
    BOOST_TEST(f.frame->GetStatusBar()->GetStatusText(0).Contains("written"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace vs
