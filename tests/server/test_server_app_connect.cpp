// The app's File ▸ Connect to server… against a real cluster that asks every login for a
// password and offers TLS (VISITSCORE_TEST_PG_SECURE, see test_server_connect.cpp), under Xvfb:
// the real connect step (MainFrame::connect_server with its own open_server) meets the server's
// refusal, shows the real password dialog, which is answered here as a person types (a wrong
// password first, then the right one); the app then works on the server's visits over an
// encrypted connection and remembers the server without its password. With sslmode=verify-full
// and the cluster's certificate authority (VISITSCORE_TEST_PG_SECURE_CA) the app connects and its
// status bar says TLS; an unrelated authority or a name the certificate does not hold is refused
// with a message naming the server and what is wrong with its certificate.
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
#include <wx/log.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
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

/// Keeps what the app logs (wxLogError's messages) while it lives, instead of showing it.
struct LogCatcher : wxLog {
    std::string text;
    wxLog* previous = nullptr;
    LogCatcher() { previous = wxLog::SetActiveTarget(this); }
    ~LogCatcher() override { wxLog::SetActiveTarget(previous); }

  protected:
    void DoLogTextAtLevel(wxLogLevel, const wxString& message) override {
        text += message.utf8_string() + "\n";
    }
};

/// Whether every connection on `database` but the asking one is encrypted (the server's view):
/// "all", "not all" or "none connected".
std::string backends_encrypted(const std::string& database) {
    pqxx::connection su(secure_uri(database, "?password=" + password()));
    pqxx::nontransaction tx(su);
    const pqxx::row r = tx.exec_params1(
        "SELECT count(*), coalesce(bool_and(s.ssl), false) FROM pg_stat_activity a "
        "JOIN pg_stat_ssl s USING (pid) WHERE a.datname = $1 AND a.pid <> pg_backend_pid()",
        database);
    if (r[0].as<int>() == 0)
        return "none connected";
    return r[1].as<bool>() ? "all" : "not all";
}

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
        BOOST_TEST(backends_encrypted(name) == "all");
    }
    superuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

BOOST_AUTO_TEST_CASE(app_connects_with_verify_full_and_refuses_a_certificate_it_cannot_trust) {
    const char* ca = env("VISITSCORE_TEST_PG_SECURE_CA");
    if (!env("VISITSCORE_TEST_PG_SECURE") || !env("VISITSCORE_TEST_PG_PASSWORD") || !ca) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG_SECURE(_CA) is not set: left out");
        return;
    }
    const std::string other_ca = std::string(ca).substr(0, std::string(ca).rfind('/') + 1) +
                                 "other-ca.crt";   // an unrelated authority (pg_cluster.sh)
    ::setenv("PGPASSWORD", password().c_str(), 1); // no password dialog in this case
    const std::string name = "vs_secapp_tls" + std::to_string(::getpid());
    superuser("DROP DATABASE IF EXISTS " + name);
    superuser("CREATE DATABASE " + name);
    {
        auto store = storage::open_postgres(secure_uri(name), storage::OpenMode::Create);
        test::fill_demo(*store, 10);
    }
    const std::string server = secure_uri("");
    const std::string host_port =
        server.substr(server.find('@') + 1, server.rfind('/') - server.find('@') - 1);
    const std::string verify = "?sslmode=verify-full&sslrootcert=";
    {
        test::FrameFixture f;
        // The cluster's own authority: connected, and the status bar says TLS.
        BOOST_REQUIRE(f.frame->connect_server(secure_uri(name, verify + ca)));
        test::pump(100);
        BOOST_TEST(f.frame->on_server());
        const wxString status = f.frame->GetStatusBar()->GetStatusText(1);
        BOOST_TEST(status.Contains(" · TLS"), status);
        BOOST_TEST(backends_encrypted(name) == "all");
        const std::size_t visits = f.frame->visits_page()->source().size();
        BOOST_TEST(visits == 10u);

        // An unrelated authority: refused, saying which server and what is wrong; the app stays
        // on the connection it had.
        {
            LogCatcher log;
            BOOST_TEST(!f.frame->connect_server(secure_uri(name, verify + other_ca)));
            BOOST_TEST(log.text.find("certificate verify failed") != std::string::npos, log.text);
            BOOST_TEST(log.text.find("the TLS certificate of the server " + host_port +
                                     " is not signed by a certificate authority in " + other_ca) !=
                           std::string::npos,
                       log.text);
        }
        // A name the certificate does not hold (the same address): refused by verify-full.
        {
            LogCatcher log;
            const std::string wrong_name = "postgresql://postgres@visitscore-test.invalid:" +
                                           host_port.substr(host_port.find(':') + 1) + "/" + name +
                                           verify + ca + "&hostaddr=127.0.0.1";
            BOOST_TEST(!f.frame->connect_server(wrong_name));
            BOOST_TEST(log.text.find("is not made out to the name connected to") !=
                           std::string::npos,
                       log.text);
        }
        BOOST_TEST(f.frame->on_server());
        BOOST_TEST(f.frame->visits_page()->source().size() == visits);
        BOOST_TEST(f.frame->GetStatusBar()->GetStatusText(1) == status);
    }
    ::unsetenv("PGPASSWORD");
    superuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace vs
