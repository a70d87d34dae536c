// The app's File ▸ Connect to server… against a real cluster that asks every login for a
// password and offers TLS (VISITSCORE_TEST_PG_SECURE, see test_server_connect.cpp), under Xvfb:
// the real connect step (MainFrame::connect_server with its own open_server) meets the server's
// refusal, shows the real password dialog, which is answered here as a person types (a wrong
// password first, then the right one); the app then works on the server's visits over an
// encrypted connection and remembers the server without its password.
#include "app/shell/main_frame.h"
#include "app/visits/visits_page.h"
#include "gui_support.h"
#include "storage/store.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <pqxx/pqxx>
#include <wx/config.h>
#include <wx/dialog.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

namespace vs {
namespace {

const char* env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

std::string password() {
    return env("VISITSCORE_TEST_PG_PASSWORD");
}

/// The secure cluster's URI for `database` (its own when empty), with `query` appended.
std::string secure_uri(const std::string& database, const std::string& query = "") {
    const std::string server = env("VISITSCORE_TEST_PG_SECURE");
    return (database.empty() ? server : server.substr(0, server.rfind('/') + 1) + database) + query;
}

void superuser(const std::string& sql) {
    pqxx::connection conn(secure_uri("", "?password=" + password()));
    pqxx::nontransaction tx(conn);
    tx.exec(sql);
}

/// Answers each password dialog the app shows with the next of `answers` (OK pressed), and
/// records what each dialog said; looks for one every 50 ms while it runs (a timer fires inside
/// the dialog's own event loop).
struct DialogAnswers : wxTimer {
    std::vector<std::string> answers;
    std::vector<std::string> shown;

    void Notify() override {
        if (shown.size() >= answers.size())
            return;
        for (wxWindow* w : wxTopLevelWindows) {
            auto* d = dynamic_cast<wxDialog*>(w);
            if (!d || !d->IsModal() || !d->IsShown()) // a dialog just answered is hidden
                continue;
            std::string text;
            for (wxStaticText* t : test::all_of<wxStaticText>(d))
                text += t->GetLabel().ToStdString() + "\n";
            const std::vector<wxTextCtrl*> boxes = test::all_of<wxTextCtrl>(d);
            BOOST_REQUIRE(boxes.size() == 1u);
            BOOST_TEST(boxes[0]->HasFlag(wxTE_PASSWORD)); // typed unseen
            boxes[0]->ChangeValue(answers[shown.size()]);
            shown.push_back(text);
            d->EndModal(wxID_OK);
            return;
        }
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(server_app_connect)

BOOST_AUTO_TEST_CASE(app_asks_for_the_password_the_server_wants_and_connects_over_tls) {
    if (!env("VISITSCORE_TEST_PG_SECURE") || !env("VISITSCORE_TEST_PG_PASSWORD")) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG_SECURE is not set: left out");
        return;
    }
    // No password from libpq's other sources: the app has to ask.
    ::unsetenv("PGPASSWORD");
    ::setenv("PGPASSFILE", "/nonexistent/visitscore-test-pgpass", 1);
    const std::string name = "vs_secapp" + std::to_string(::getpid());
    superuser("DROP DATABASE IF EXISTS " + name);
    superuser("CREATE DATABASE " + name);
    {
        auto store = storage::open_postgres(secure_uri(name, "?password=" + password()),
                                            storage::OpenMode::Create);
        test::fill_demo(*store, 40);
    }
    const std::string uri = secure_uri(name);
    {
        test::FrameFixture f; // the app open on a desk file first
        DialogAnswers dialogs;
        dialogs.answers = {"not the password", password()};
        dialogs.Start(50);
        BOOST_TEST(f.frame->connect_server(uri));
        dialogs.Stop();
        test::pump(100);
        BOOST_REQUIRE(dialogs.shown.size() == 2u);
        BOOST_TEST(dialogs.shown[0].find("refused") == std::string::npos, dialogs.shown[0]);
        BOOST_TEST(dialogs.shown[1].find("The server refused that password") != std::string::npos,
                   dialogs.shown[1]);
        BOOST_TEST(f.frame->on_server());
        BOOST_TEST(f.frame->visits_page()->source().size() == 40u);
        BOOST_TEST(f.frame->database_path().find(password()) == std::string::npos);
        const std::vector<std::string> recent = f.frame->recent_servers();
        BOOST_REQUIRE(!recent.empty());
        BOOST_TEST(recent.front() == uri);
        if (wxConfigBase* c = wxConfigBase::Get())
            c->Flush();
        if (const char* config = env("VISITSCORE_CONFIG")) {
            std::ifstream in(config);
            const std::string text{std::istreambuf_iterator<char>(in), {}};
            BOOST_TEST(text.find(password()) == std::string::npos);
        }
        // Every connection the app holds on the server is encrypted (the server's own view).
        pqxx::connection su(secure_uri(name, "?password=" + password()));
        pqxx::nontransaction tx(su);
        const pqxx::row r = tx.exec_params1(
            "SELECT count(*), coalesce(bool_and(s.ssl), false) FROM pg_stat_activity a "
            "JOIN pg_stat_ssl s USING (pid) WHERE a.datname = $1 AND a.pid <> pg_backend_pid()",
            name);
        BOOST_TEST(r[0].as<int>() >= 1);
        BOOST_TEST(r[1].as<bool>());
    }
    superuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace vs
