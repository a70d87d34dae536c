#pragma once
// What the tests of the server's roles share: a database of their own on the test cluster
// (VISITSCORE_TEST_PG) and login accounts named after it (accounts are cluster-wide), the URI
// that connects to it as each account (the cluster trusts loopback), and both dropped at the end.

#include <cstdlib>
#include <pqxx/pqxx>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace vs::test {

/// The test cluster's URI, or nullptr when none is set (the executable run by hand; ctest's
/// postgres fixture sets it).
inline const char* pg_test_server() {
    const char* uri = std::getenv("VISITSCORE_TEST_PG");
    return uri && *uri ? uri : nullptr;
}

/// Leaves a case out, with a message, when no test cluster is given (as when the executable is
/// run by hand); ctest's postgres fixture sets VISITSCORE_TEST_PG.
#define VS_NEEDS_SERVER()                                                                          \
    if (!::vs::test::pg_test_server()) {                                                           \
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: left out");                             \
        return;                                                                                    \
    }

/// A database of its own on the test cluster, named `<tag><pid>_<n>_db`, whose accounts are
/// `<tag><pid>_<n>_<who>`; the database and the accounts `accounts` names are dropped when it
/// is destroyed (also when a set-up after its construction throws).
class PgRoleDatabase {
  public:
    PgRoleDatabase(const std::string& tag, std::vector<std::string> accounts)
        : m_server(pg_test_server()), m_accounts(std::move(accounts)) {
        static int serial = 0;
        m_prefix = tag + std::to_string(::getpid()) + "_" + std::to_string(++serial) + "_";
        superuser("DROP DATABASE IF EXISTS " + name());
        superuser("CREATE DATABASE " + name());
    }
    ~PgRoleDatabase() {
        try {
            superuser("DROP DATABASE IF EXISTS " + name() + " WITH (FORCE)");
            for (const std::string& a : m_accounts)
                superuser("DROP ROLE IF EXISTS " + account(a));
        } catch (const std::exception&) {
        }
    }
    PgRoleDatabase(const PgRoleDatabase&) = delete;
    PgRoleDatabase& operator=(const PgRoleDatabase&) = delete;

    std::string name() const { return m_prefix + "db"; }
    /// The account's full name on the cluster.
    std::string account(const std::string& who) const { return m_prefix + who; }
    /// This database's URI, as the cluster's superuser or as the account `who`.
    std::string uri(const std::string& who = "") const {
        std::string u = m_server.substr(0, m_server.rfind('/') + 1) + name();
        if (who.empty())
            return u;
        const auto start = u.find("://") + 3;
        const auto at = u.find('@', start);
        return u.substr(0, start) + account(who) + u.substr(at == std::string::npos ? start : at);
    }
    /// Runs `sql` on the cluster as its superuser, outside any transaction.
    void superuser(const std::string& sql) const {
        pqxx::connection conn(m_server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }

  private:
    std::string m_server;
    std::vector<std::string> m_accounts;
    std::string m_prefix;
};

/// Raw SQL as a role's connection sends it, for the tests that try the forbidden.
namespace raw_sql {

/// Runs `sql` in a transaction of its own: the rows it affected or returned, or -1 when the
/// server refused it.
inline long long run(pqxx::connection& conn, const std::string& sql) {
    try {
        pqxx::work tx(conn);
        const pqxx::result r = tx.exec(sql);
        const long long n = r.columns() > 0 ? static_cast<long long>(r.size())
                                            : static_cast<long long>(r.affected_rows());
        tx.commit();
        return n;
    } catch (const pqxx::sql_error&) {
        return -1;
    }
}

/// The one number `sql` returns.
inline long long value(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    return tx.exec1(sql)[0].as<long long>();
}

/// The one text `sql` returns.
inline std::string text(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    return tx.exec1(sql)[0].as<std::string>();
}

} // namespace raw_sql

} // namespace vs::test
