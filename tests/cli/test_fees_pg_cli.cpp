// `visitscore-cli fees statement` on a shared server (ROLES.md: shopper fees and statements —
// admin all, reviewer no, shopper their own, client never): a database of its own on the test
// cluster with the mini visits, `server init` and one account of each kind; the admin and the
// shopper get their statements, the reviewer and the client are refused with a message naming
// the refusal, and write no file.
#include "cli_run.h"

#include <cstdlib>
#include <pqxx/pqxx>

using namespace vs::test;

namespace {

struct FeesServer {
    std::string server;
    std::string prefix = "vs_fee" + std::to_string(::getpid()) + "_";
    std::string name = prefix + "db";
    explicit FeesServer(const std::string& server_uri) : server(server_uri) {
        drop();
        superuser("CREATE DATABASE " + name);
    }
    ~FeesServer() { drop(); }
    FeesServer(const FeesServer&) = delete;
    FeesServer& operator=(const FeesServer&) = delete;
    void drop() const {
        try {
            superuser("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            for (const char* a : {"adm", "rev", "shop", "cli"})
                superuser("DROP ROLE IF EXISTS " + prefix + a);
        } catch (const std::exception&) {
        }
    }
    /// This database as the superuser, or as account `who` (trust authentication).
    std::string uri(const std::string& who = "") const {
        std::string u = server.substr(0, server.rfind('/') + 1) + name;
        if (who.empty())
            return u;
        const auto start = u.find("://") + 3;
        const auto at = u.find('@', start);
        return u.substr(0, start) + prefix + who + u.substr(at == std::string::npos ? start : at);
    }
    void superuser(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(fees_pg_cli)

BOOST_AUTO_TEST_CASE(admin_and_shopper_get_statements_reviewer_and_client_are_refused) {
    const char* server = std::getenv("VISITSCORE_TEST_PG");
    if (!server || !*server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: left out");
        return;
    }
    FeesServer pg(server);
    TempDir dir;
    const std::string su = "--db '" + pg.uri() + "' ";
    for (const std::string& args :
         {"template import " + data("mini.template.json"),
          "visits import " + data("mini.visits.json"),
          std::string("settings set fees.default_cents 1999"), std::string("server init"),
          "server user add " + pg.prefix + "adm --role admin",
          "server user add " + pg.prefix + "rev --role reviewer",
          "server user add " + pg.prefix +
              "shop --role shopper --client 'Test Client' --shopper S1",
          "server user add " + pg.prefix + "cli --role client --client 'Test Client'"}) {
        const Run r = cli(su + args);
        BOOST_TEST_REQUIRE(r.status == 0, args + ": " + r.err);
    }
    auto statement = [&](const std::string& who, const std::string& file) {
        return cli("--db '" + pg.uri(who) + "' fees statement --month 2026-10 -o " +
                   dir.path(file));
    };
    Run r = statement("adm", "adm.csv");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find("2 approved visit(s), total 39.98 GBP") != std::string::npos, r.out);
    r = statement("shop", "shop.xlsx");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find("1 shopper(s), 2 approved visit(s)") != std::string::npos, r.out);
    for (const char* who : {"rev", "cli"}) {
        r = statement(who, std::string(who) + ".csv");
        BOOST_TEST(r.status != 0, who);
        BOOST_TEST(r.err.find("refused") != std::string::npos, r.err);
        BOOST_TEST(!std::filesystem::exists(dir.path(std::string(who) + ".csv")));
    }
    BOOST_TEST(r.err.find("client account") != std::string::npos, r.err);

    // The database refuses them too, whatever program asks: the fees table itself.
    for (const char* who : {"rev", "cli"}) {
        pqxx::connection conn(pg.uri(who));
        pqxx::work tx(conn);
        BOOST_CHECK_THROW(tx.exec("SELECT * FROM assignment_fees"), pqxx::sql_error);
    }
    // No table or view these accounts may read (the client's views included) has a fee
    // column: information_schema lists only the columns the account has a right to.
    for (const char* who : {"rev", "cli"}) {
        pqxx::connection conn(pg.uri(who));
        pqxx::work tx(conn);
        const pqxx::result r = tx.exec(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE "
            "table_schema NOT IN ('pg_catalog', 'information_schema') AND (column_name ILIKE "
            "'%fee%' OR table_name ILIKE '%fee%')");
        BOOST_TEST(r.empty(), who << ": " << (r.empty() ? "" : r[0][0].c_str()));
        // A client reads some columns at all (the check is not vacuous).
        if (std::string(who) == "cli")
            BOOST_TEST(tx.exec1("SELECT count(*) FROM information_schema.columns WHERE "
                                "table_schema = 'public'")[0]
                           .as<int>() > 0);
    }
}

BOOST_AUTO_TEST_SUITE_END()
