// Who reads and raises alerts on a shared server (ROLES.md, docs/alerts.md), tried with raw SQL as
// a person with psql would, and through the services: a client account reads only its own
// client's notifications and never the outbox, marks them read for itself alone (as everyone
// does: each account's inbox is its own), and raises none (no forged key, recipient or text): the
// notice of a dispute point it opened is raised by the staff's delivery run and reaches its
// client's addresses; a shopper has no right on alerts; a reviewer reads and delivers but does not
// set addresses.
#include "forms/json_io.h"
#include "services/alerts.h"
#include "services/disputes.h"
#include "storage/assignment_checks.h"
#include "storage/pg_schema.h"
#include "storage/pg_server.h"
#include "storage/store.h"
#include "tests/pg_role_db.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace vs;

namespace {

using namespace test::raw_sql;

const char* const kAccounts[] = {"adm", "rev", "shop1", "cli", "cli2"};
constexpr const char* kA = "00000000-0000-4000-8000-00000000000a";
constexpr const char* kOther = "00000000-0000-4000-8000-0000000000d1";

/// The mini data (Test Client) and one approved visit of Other Client, server init, an account
/// of each kind, and one notification with its e-mail per client.
class Server {
  public:
    void set_up() {
        {
            auto store = storage::open_postgres(uri(), storage::OpenMode::Create);
            const std::string tpl = (fs::path(VS_TEST_DATA) / "mini.template.json").string();
            const std::string visits = (fs::path(VS_TEST_DATA) / "mini.visits.json").string();
            store->add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
            auto list = forms::parse_visit_package(forms::read_file(visits), visits);
            forms::Visit other = list.at(0);
            other.uuid = kOther;
            other.client = "Other Client";
            other.branch = "O1";
            other.region = "";
            other.employee = "";
            other.section_employees.clear();
            other.shopper = "S9";
            list.push_back(other);
            store->import_visits(list, visits);
            store->set_alert_recipients("Test Client", "", {"test@client.example"});
            store->set_alert_recipients("Other Client", "", {"other@client.example"});
            for (const char* client : {"Test Client", "Other Client"}) {
                storage::NewNotification n;
                n.event_key = std::string("critical:") + client;
                n.rule = "critical";
                n.client = client;
                n.subject = std::string("About ") + client;
                n.body = "-";
                n.recipients = {"x@client.example"};
                store->add_notification(n);
            }
        }
        storage::PgServer server(uri(), true);
        server.init();
        server.add_account(m_db.account("adm"), "admin", std::nullopt, std::nullopt);
        server.add_account(m_db.account("rev"), "reviewer", std::nullopt, std::nullopt);
        server.add_account(m_db.account("shop1"), "shopper", std::nullopt, "S1");
        server.add_account(m_db.account("cli"), "client", "Test Client", std::nullopt);
        server.add_account(m_db.account("cli2"), "client", "Other Client", std::nullopt);
    }
    std::string uri(const std::string& who = "") const { return m_db.uri(who); }
    std::string account(const std::string& who) const { return m_db.account(who); }
    std::unique_ptr<storage::Store> store(const std::string& who) const {
        return storage::open_postgres(uri(who), storage::OpenMode::MustExist);
    }

  private:
    test::PgRoleDatabase m_db{"vs_alr_", {kAccounts, kAccounts + std::size(kAccounts)}};
};

} // namespace

BOOST_AUTO_TEST_SUITE(alert_roles)

BOOST_AUTO_TEST_CASE(each_account_reads_and_raises_what_roles_say) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    pqxx::connection super(s.uri());
    const std::string other_client =
        std::to_string(value(super, "SELECT id FROM clients WHERE name = 'Other Client'"));
    const std::string test_client =
        std::to_string(value(super, "SELECT id FROM clients WHERE name = 'Test Client'"));

    // A client account: its own client's notifications only, never the outbox.
    pqxx::connection cli(s.uri("cli"));
    BOOST_TEST(run(cli, "SELECT * FROM notifications") == 1);
    BOOST_TEST(run(cli, "SELECT * FROM notifications WHERE client_id = " + other_client) == 0);
    BOOST_TEST(run(cli, "SELECT * FROM alert_mail") == -1);
    BOOST_TEST(run(cli, "SELECT * FROM alert_recipients") == 1);
    // It marks its own read; nothing else of it, and nothing of another client's.
    BOOST_TEST(run(cli, "UPDATE notifications SET read_at = 'now'") == 1);
    BOOST_TEST(run(cli, "UPDATE notifications SET subject = 'x'") == -1);
    BOOST_TEST(run(cli, "UPDATE notifications SET read_at = 'now' WHERE client_id = " +
                            other_client) == 0);
    BOOST_TEST(value(super, "SELECT count(*) FROM notifications WHERE read_at IS NOT NULL") == 1);
    // It raises no alert at all, not even a dispute's notice of its own client: no forged key
    // (squatting a real event's), no forged text, no forged recipient.
    for (const std::string& key :
         {std::string("critical:forged"), std::string("dispute_opened:1"),
          std::string("dispute_decided:1"), std::string("action_overdue:1")}) {
        const std::string rule = key.substr(0, key.find(':'));
        BOOST_TEST_INFO_SCOPE(key);
        BOOST_TEST(run(cli, "INSERT INTO notifications (event_key, rule, client_id, subject, body) "
                            "VALUES ('" +
                                key + "', '" + rule + "', " + test_client +
                                ", 'Your contract ends', 'Pay at http://evil.example')") == -1);
    }
    BOOST_TEST(run(cli, "INSERT INTO notifications (event_key, rule, client_id, subject, body) "
                        "VALUES ('dispute_opened:forged', 'dispute_opened', " +
                            other_client + ", 's', 'b')") == -1);
    const std::string some_notification = std::to_string(
        value(super, "SELECT min(id) FROM notifications WHERE client_id = " + test_client));
    BOOST_TEST(run(cli, "INSERT INTO alert_mail (notification_id, recipient, message_id, "
                        "next_try) VALUES (" +
                            some_notification +
                            ", 'me@evil.example>\r\nBcc: <all@evil.example', '<forged>', "
                            "now())") == -1);
    BOOST_TEST(run(cli, "INSERT INTO alert_mail (notification_id, recipient, message_id, "
                        "next_try) VALUES (" +
                            some_notification + ", 'me@evil.example', '<forged>', now())") == -1);
    BOOST_TEST(value(super, "SELECT count(*) FROM notifications") == 2);
    BOOST_TEST(value(super, "SELECT count(*) FROM alert_mail") == 2);
    BOOST_TEST(run(cli, "DELETE FROM notifications") == -1);
    BOOST_TEST(run(cli, "DELETE FROM alert_recipients") == -1);
    // Through the services: a point it opens stands, and raises no notice from its account (no
    // warning either); the staff's delivery run raises it, e-mailed to its client's addresses.
    {
        auto store = s.store("cli");
        std::vector<std::string> warnings;
        services::open_dispute(*store, {kA, "style", "scripted", "we saw it", "", {}}, "cli", {},
                               &warnings);
        BOOST_TEST(warnings.empty());
        BOOST_TEST(store->notifications({}).size() == 1u);
    }
    BOOST_TEST(value(super, "SELECT count(*) FROM notifications WHERE rule = 'dispute_opened'") ==
               0);
    // An address written by hand that is not one is left out; the notice still goes to the
    // others.
    BOOST_TEST(run(super, "INSERT INTO alert_recipients (client_id, branch, address) VALUES (" +
                              test_client + ", '', 'bad@x.example>, <evil@x.example')") == 1);
    {
        auto reviewer = s.store("rev");
        // Today: the point was opened now; the visits (2026-10 and 11) are long before.
        const std::string today = storage::local_today();
        BOOST_TEST(services::raise_missing_alerts(*reviewer, today) == 1u);
        BOOST_TEST(services::raise_missing_alerts(*reviewer, today) == 0u);
    }
    BOOST_TEST(value(super, "SELECT count(*) FROM notifications WHERE rule = 'dispute_opened'") ==
               1);
    BOOST_TEST(value(super, "SELECT count(*) FROM alert_mail m JOIN notifications n ON n.id = "
                            "m.notification_id WHERE n.rule = 'dispute_opened' AND m.recipient "
                            "= 'test@client.example'") == 1);
    BOOST_TEST(run(cli, "SELECT * FROM notifications") == 2);

    // The other client's account sees only its own.
    pqxx::connection cli2(s.uri("cli2"));
    BOOST_TEST(run(cli2, "SELECT * FROM notifications") == 1);

    // A shopper: nothing at all.
    pqxx::connection shop(s.uri("shop1"));
    BOOST_TEST(run(shop, "SELECT * FROM notifications") == -1);
    BOOST_TEST(run(shop, "SELECT * FROM alert_mail") == -1);
    BOOST_TEST(run(shop, "SELECT * FROM alert_recipients") == -1);

    // A reviewer reads and delivers every client's, but does not set the addresses.
    pqxx::connection rev(s.uri("rev"));
    BOOST_TEST(run(rev, "SELECT * FROM notifications") == 3);
    BOOST_TEST(run(rev, "UPDATE alert_mail SET attempts = attempts") == 3);
    BOOST_TEST(run(rev, "DELETE FROM alert_recipients") == -1);
    auto reviewer = s.store("rev");
    BOOST_CHECK_THROW(reviewer->set_alert_recipients("Test Client", "", {"r@x.example"}),
                      std::exception);
    auto admin = s.store("adm");
    admin->set_alert_recipients("Test Client", "", {"a@x.example"});
    BOOST_TEST(admin->alert_recipients("Test Client").at(0).address == "a@x.example");
}

BOOST_AUTO_TEST_CASE(each_account_marks_its_own_reads) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    pqxx::connection super(s.uri());
    const std::string mine = std::to_string(
        value(super, "SELECT n.id FROM notifications n JOIN clients c ON c.id = n.client_id WHERE "
                     "c.name = 'Test Client'"));
    const std::string theirs = std::to_string(
        value(super, "SELECT n.id FROM notifications n JOIN clients c ON c.id = n.client_id WHERE "
                     "c.name = 'Other Client'"));
    auto admin = s.store("adm");
    auto reviewer = s.store("rev");
    auto client = s.store("cli");
    auto read_by = [&](storage::Store& store) {
        std::vector<std::string> out;
        for (const storage::Notification& n : store.notifications({}))
            if (n.read)
                out.push_back(std::to_string(n.id));
        return out;
    };
    using Ids = std::vector<std::string>;

    // The admin reads one: read for the admin alone.
    admin->set_notification_read(std::stoll(mine), true);
    BOOST_TEST(read_by(*admin) == Ids{mine});
    BOOST_TEST(read_by(*reviewer).empty());
    BOOST_TEST(read_by(*client).empty());
    storage::NotificationFilter unread;
    unread.unread_only = true;
    BOOST_TEST(admin->notifications(unread).size() == 1u);
    BOOST_TEST(reviewer->notifications(unread).size() == 2u);
    // The server keeps the first time anyone read it.
    BOOST_TEST(value(super, "SELECT count(*) FROM notifications WHERE read_at IS NOT NULL") == 1);

    // The client's account marks it too, and the reviewer marking it unread (never read by
    // them) takes no one's mark away.
    client->set_notification_read(std::stoll(mine), true);
    BOOST_TEST(read_by(*client) == Ids{mine});
    reviewer->set_notification_read(std::stoll(mine), false);
    BOOST_TEST(read_by(*admin) == Ids{mine});
    BOOST_TEST(read_by(*client) == Ids{mine});
    BOOST_TEST(read_by(*reviewer).empty());
    // Another client's notification is not the client's to mark: nothing written.
    BOOST_CHECK_THROW(client->set_notification_read(std::stoll(theirs), true),
                      storage::StorageError);

    // Raw SQL: each account reads and writes its own marks only, of notifications it reads.
    pqxx::connection cli(s.uri("cli"));
    pqxx::connection rev(s.uri("rev"));
    pqxx::connection shop(s.uri("shop1"));
    BOOST_TEST(run(cli, "SELECT * FROM notification_reads") == 1);
    BOOST_TEST(run(rev, "SELECT * FROM notification_reads") == 0);
    BOOST_TEST(run(cli, "INSERT INTO notification_reads (notification_id, account) VALUES (" +
                            mine + ", '" + s.account("rev") + "')") == -1);
    BOOST_TEST(
        run(cli, "INSERT INTO notification_reads (notification_id) VALUES (" + theirs + ")") == -1);
    BOOST_TEST(run(cli, "UPDATE notification_reads SET account = '" + s.account("rev") + "'") ==
               -1);
    BOOST_TEST(run(cli, "UPDATE public.notifications SET read_at = NULL") == -1);
    // The server writes the account and the time: neither is the caller's to choose.
    for (pqxx::connection* who : {&cli, &rev})
        for (const std::string& columns :
             {std::string("notification_id, read_at) VALUES (" + mine +
                          ", '1999-01-01T00:00:00Z')"),
              std::string("notification_id, account) VALUES (" + mine + ", session_user)")})
            BOOST_TEST(run(*who, "INSERT INTO notification_reads (" + columns) == -1);
    // The admin's mark is not the client's to take away.
    BOOST_TEST(run(cli, "DELETE FROM notification_reads WHERE account <> session_user") == 0);
    BOOST_TEST(run(rev, "DELETE FROM notification_reads") == 0);
    BOOST_TEST(run(shop, "SELECT * FROM notification_reads") == -1);
    BOOST_TEST(
        run(shop, "INSERT INTO notification_reads (notification_id) VALUES (" + mine + ")") == -1);
    BOOST_TEST(value(super, "SELECT count(*) FROM notification_reads") == 2);
    // Through the client's view, as its psql would: its own mark, set and taken back.
    BOOST_TEST(value(cli, "SELECT count(*) FROM notifications WHERE read_at IS NOT NULL") == 1);
    BOOST_TEST(run(cli, "UPDATE notifications SET read_at = NULL") == 1);
    BOOST_TEST(read_by(*client).empty());
    BOOST_TEST(read_by(*admin) == Ids{mine});

    // Once no one has it read, it is unread for the server too.
    admin->set_notification_read(std::stoll(mine), false);
    BOOST_TEST(value(super, "SELECT count(*) FROM notification_reads") == 0);
    BOOST_TEST(value(super, "SELECT count(*) FROM notifications WHERE read_at IS NOT NULL") == 0);
}

BOOST_AUTO_TEST_CASE(a_read_before_the_marks_per_account_stays_read_for_everyone) {
    VS_NEEDS_SERVER();
    test::PgRoleDatabase db{"vs_alm_", {}};
    pqxx::connection conn(db.uri());
    storage::pg_migrate(conn, 11);
    {
        pqxx::work tx(conn);
        tx.exec("INSERT INTO clients (name) VALUES ('A'), ('B')");
        tx.exec("INSERT INTO notifications (event_key, rule, client_id, subject, body, read_at) "
                "SELECT 'k' || name, 'critical', id, 's', 'b', CASE WHEN name = 'A' THEN "
                "'2026-01-02T03:04:05Z' END FROM clients");
        // The accounts of a server set up before (the columns the migration reads).
        tx.exec("CREATE TABLE server_accounts (account TEXT PRIMARY KEY, role TEXT NOT NULL, "
                "client_id BIGINT)");
        tx.exec(
            "INSERT INTO server_accounts SELECT 'rev', 'reviewer', NULL::BIGINT UNION ALL SELECT "
            "'shop', 'shopper', NULL UNION ALL SELECT 'cli_' || name, 'client', id FROM "
            "clients");
        tx.commit();
    }
    storage::pg_migrate(conn);
    BOOST_TEST(storage::pg_schema_version(conn) == storage::kPgSchemaVersion);
    // A's notification: read for the one migrating, the reviewer and A's client account; not
    // for a shopper or B's account. B's stays unread.
    const std::string me = text(conn, "SELECT session_user");
    BOOST_TEST(value(conn, "SELECT count(*) FROM notification_reads m JOIN notifications n ON "
                           "n.id = m.notification_id WHERE n.event_key = 'kA' AND m.read_at = "
                           "'2026-01-02T03:04:05Z' AND m.account IN ('" +
                               me + "', 'rev', 'cli_A')") == 3);
    BOOST_TEST(value(conn, "SELECT count(*) FROM notification_reads") == 3);
    BOOST_TEST(value(conn, "SELECT count(*) FROM notifications WHERE read_at IS NOT NULL") == 1);

    // Migrated again (set back to version 11, as the tests of a migration do): the marks are the
    // accounts' own by now, and one taken away stays away.
    run(conn, "DELETE FROM notification_reads WHERE account = 'rev'");
    run(conn, "UPDATE visitscore_meta SET value = '11' WHERE key = 'schema_version'");
    storage::pg_migrate(conn);
    BOOST_TEST(value(conn, "SELECT count(*) FROM notification_reads") == 2);
    BOOST_TEST(value(conn, "SELECT count(*) FROM notification_reads WHERE account = 'rev'") == 0);

    // A database never set up as a server: the one migrating keeps what was read.
    test::PgRoleDatabase desk{"vs_alm_", {}};
    pqxx::connection plain(desk.uri());
    storage::pg_migrate(plain, 11);
    run(plain, "INSERT INTO clients (name) VALUES ('A')");
    run(plain, "INSERT INTO notifications (event_key, rule, client_id, subject, body, read_at) "
               "SELECT 'k', 'critical', id, 's', 'b', '2026-01-02T03:04:05Z' FROM clients");
    storage::pg_migrate(plain);
    BOOST_TEST(value(plain, "SELECT count(*) FROM notification_reads WHERE account = "
                            "session_user") == 1);
    BOOST_TEST(value(plain, "SELECT count(*) FROM notification_reads") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
