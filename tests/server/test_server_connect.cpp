// Connecting as a person does, end to end: the real visitscore-cli against a real cluster that
// asks every login for a password (scram-sha-256) and offers TLS (tests/pg_cluster.sh
// start-secure; VISITSCORE_TEST_PG_SECURE, its superuser's password in
// VISITSCORE_TEST_PG_PASSWORD). The password comes from libpq's own sources (PGPASSWORD, a
// password file, the terminal's prompt, played through a pseudo-terminal), never from the
// command line; without one, or with a wrong one, the command is refused and says why; the
// connection is encrypted unless the address says sslmode=disable. The trusting cluster
// (VISITSCORE_TEST_PG) has no TLS: sslmode=require is refused there.
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <poll.h>
#include <pqxx/pqxx>
#include <pty.h>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

const char* env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

/// Leaves a case out, with a message, when no password-requiring cluster is given (as when the
/// executable is run by hand); ctest's postgres_secure fixture sets it.
#define VS_NEEDS_SECURE_SERVER()                                                                   \
    if (!env("VISITSCORE_TEST_PG_SECURE") || !env("VISITSCORE_TEST_PG_PASSWORD")) {                \
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG_SECURE is not set: left out");                      \
        return;                                                                                    \
    }

struct Run {
    int code = -1;      ///< the exit code; -1 when killed or timed out
    std::string output; ///< stdout and stderr together (a terminal shows both)
};

/// The environment a command runs in: this process's, without any password source of the
/// person running the tests (PGPASSWORD, PGPASSFILE, ~/.pgpass: HOME is `home`), plus `extra`.
std::vector<std::string> environment(const std::string& home,
                                     const std::map<std::string, std::string>& extra) {
    std::vector<std::string> out;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        const std::string key = kv.substr(0, kv.find('='));
        if (key.rfind("PG", 0) == 0 || key == "HOME" || extra.count(key))
            continue;
        out.push_back(kv);
    }
    out.push_back("HOME=" + home);
    for (const auto& [k, v] : extra)
        out.push_back(k + "=" + v);
    return out;
}

[[noreturn]] void exec_cli(const std::vector<std::string>& args,
                           const std::vector<std::string>& envs) {
    std::vector<char*> argv{const_cast<char*>(VS_CLI)};
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& e : envs)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    ::execve(VS_CLI, argv.data(), envp.data());
    ::_exit(127);
}

/// Reads what `fd` gives until it closes, `timeout` passes or the output holds `stop_at`,
/// answering each prompt of `answers` (in order) once the output since the last answer holds it.
std::string read_all(int fd, std::vector<std::pair<std::string, std::string>> answers,
                     std::chrono::seconds timeout, const std::string& stop_at = "") {
    std::string out;
    std::size_t answered_at = 0;
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (!answers.empty() && out.find(answers.front().first, answered_at) != std::string::npos) {
            const std::string line = answers.front().second + "\n";
            BOOST_REQUIRE(::write(fd, line.data(), line.size()) ==
                          static_cast<ssize_t>(line.size()));
            answered_at = out.size();
            answers.erase(answers.begin());
        }
        if (!stop_at.empty() && out.find(stop_at) != std::string::npos)
            break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0)
            continue;
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break; // closed (a pseudo-terminal whose child has gone says EIO)
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

int wait_for(pid_t pid) {
    int status = 0;
    for (int i = 0; i < 100; ++i) {
        if (::waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        ::usleep(100 * 1000);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
}

/// The CLI with no terminal at all (a session of its own, stdin from /dev/null), as from cron
/// or a pipe: it cannot ask for a password.
Run cli(const std::vector<std::string>& args, const std::string& home,
        const std::map<std::string, std::string>& extra = {}) {
    const std::vector<std::string> envs = environment(home, extra);
    int pipe_fds[2];
    BOOST_REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t pid = ::fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
        ::setsid();
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
        ::dup2(pipe_fds[1], 1);
        ::dup2(pipe_fds[1], 2);
        ::close(pipe_fds[0]);
        exec_cli(args, envs);
    }
    ::close(pipe_fds[1]);
    Run r;
    r.output = read_all(pipe_fds[0], {}, std::chrono::seconds(60));
    ::close(pipe_fds[0]);
    r.code = wait_for(pid);
    return r;
}

/// The CLI on a pseudo-terminal of its own (a person at a terminal): `answers` are typed in
/// when their prompts show. `while_waiting` runs when the output shows `wait_on`, before
/// that prompt is answered (the command's connection is open then).
Run cli_on_terminal(const std::vector<std::string>& args, const std::string& home,
                    const std::map<std::string, std::string>& extra,
                    const std::vector<std::pair<std::string, std::string>>& answers) {
    const std::vector<std::string> envs = environment(home, extra);
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0)
        exec_cli(args, envs);
    Run r;
    r.output = read_all(master, answers, std::chrono::seconds(60));
    ::close(master);
    r.code = wait_for(pid);
    return r;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// A database of its own on the password-requiring cluster, set up with `server init` run by
/// the CLI as the superuser (password from PGPASSWORD); dropped, with the accounts it made, at
/// the end. `home` is an empty HOME for the commands run (no ~/.pgpass unless a case writes it).
class SecureDb {
  public:
    SecureDb() {
        static int serial = 0;
        m_prefix = "vs_sec" + std::to_string(::getpid()) + "_" + std::to_string(++serial) + "_";
        m_name = m_prefix + "db";
        m_home = fs::temp_directory_path() / (m_prefix + "home");
        fs::remove_all(m_home);
        fs::create_directories(m_home);
        superuser("DROP DATABASE IF EXISTS " + m_name);
        superuser("CREATE DATABASE " + m_name);
        const Run init = cli({"--db", uri(), "server", "init"}, home(), password_env());
        BOOST_REQUIRE_MESSAGE(init.code == 0, init.output);
    }
    ~SecureDb() {
        try {
            superuser("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
            for (const auto& a : m_accounts)
                superuser("DROP ROLE IF EXISTS " + a);
        } catch (const std::exception&) {
        }
        std::error_code ignored;
        fs::remove_all(m_home, ignored);
    }

    static std::string password() { return env("VISITSCORE_TEST_PG_PASSWORD"); }
    static std::map<std::string, std::string> password_env() {
        return {{"PGPASSWORD", password()}};
    }

    /// The database's URI as `user` (the superuser by default), with `query` appended.
    std::string uri(const std::string& user = "postgres", const std::string& query = "") const {
        const std::string server = env("VISITSCORE_TEST_PG_SECURE");
        const auto start = server.find("://") + 3;
        const auto at = server.find('@', start);
        const std::string host = server.substr(at + 1, server.rfind('/') - at - 1);
        return "postgresql://" + user + "@" + host + "/" + m_name + query;
    }
    /// "127.0.0.1:PORT", as a password file's line starts.
    std::string host_port() const {
        const std::string u = uri();
        const auto at = u.find('@');
        return u.substr(at + 1, u.rfind('/') - at - 1);
    }
    const std::string& name() const { return m_name; }
    std::string home() const { return m_home.string(); }

    /// An account name of this case's own (accounts are cluster-wide), dropped at the end.
    std::string account(const std::string& who) {
        m_accounts.push_back(m_prefix + who);
        return m_accounts.back();
    }

    /// A connection of the test's own as the superuser (the password given to libpq here only).
    std::unique_ptr<pqxx::connection> as_superuser(const std::string& database = "") const {
        const std::string server = env("VISITSCORE_TEST_PG_SECURE");
        std::string u =
            database.empty() ? server : server.substr(0, server.rfind('/') + 1) + database;
        return std::make_unique<pqxx::connection>(u + "?password=" + password());
    }

    /// Whether the backends of `account` on this database (not the test's own) use TLS: "all",
    /// "not all", or "none connected".
    std::string backends_encrypted(const std::string& account) const {
        auto conn = as_superuser(m_name);
        pqxx::nontransaction tx(*conn);
        const pqxx::row r = tx.exec_params1(
            "SELECT count(*), coalesce(bool_and(s.ssl), false) FROM pg_stat_activity a "
            "JOIN pg_stat_ssl s USING (pid) WHERE a.datname = $1 AND a.usename = $2 "
            "AND a.pid <> pg_backend_pid()",
            m_name, account);
        if (r[0].as<int>() == 0)
            return "none connected";
        return r[1].as<bool>() ? "all" : "not all";
    }

  private:
    void superuser(const std::string& sql) const {
        auto conn = as_superuser();
        pqxx::nontransaction tx(*conn);
        tx.exec(sql);
    }

    std::string m_prefix;
    std::string m_name;
    fs::path m_home;
    std::vector<std::string> m_accounts;
};

/// A read-only command that needs the database (and so a connection that logs in).
std::vector<std::string> list_templates(const std::string& uri) {
    return {"--db", uri, "template", "list"};
}

/// Whether the CLI's connection through `uri` is encrypted, as the server sees it:
/// `server user password` holds its connection open while it asks for `person`'s new password,
/// and the server's own view of that backend is read then ("all", "not all", "none connected").
/// Two different answers follow: nothing is changed.
std::string encrypted_while_asking(const SecureDb& db, const std::string& person,
                                   const std::string& uri) {
    std::string seen;
    const std::vector<std::string> args = {"--db", uri, "server", "user", "password", person};
    const std::vector<std::string> envs = environment(db.home(), SecureDb::password_env());
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0)
        exec_cli(args, envs);
    std::string out = read_all(master, {}, std::chrono::seconds(60), "New password for");
    BOOST_TEST(has(out, "New password for " + person), out);
    seen = db.backends_encrypted("postgres");
    out += read_all(master, {{"", "one"}, {"Again:", "two"}}, std::chrono::seconds(30));
    ::close(master);
    BOOST_TEST(wait_for(pid) == 2, out);
    BOOST_TEST(has(out, "the two passwords differ"), out);
    return seen;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_connect)

BOOST_AUTO_TEST_CASE(password_from_pgpassword) {
    VS_NEEDS_SECURE_SERVER();
    SecureDb db; // server init itself ran with PGPASSWORD
    const Run r = cli(list_templates(db.uri()), db.home(), SecureDb::password_env());
    BOOST_TEST(r.code == 0, r.output);
}

BOOST_AUTO_TEST_CASE(password_from_a_password_file) {
    VS_NEEDS_SECURE_SERVER();
    SecureDb db;
    const std::string line = db.host_port() + ":" + db.name() + ":postgres:" + db.password();
    // ~/.pgpass, read by libpq when nothing else is given.
    const fs::path home_file = fs::path(db.home()) / ".pgpass";
    std::ofstream(home_file) << line << "\n";
    ::chmod(home_file.c_str(), 0600);
    Run r = cli(list_templates(db.uri()), db.home());
    BOOST_TEST(r.code == 0, r.output);
    // A file others can read is ignored by libpq (with its warning): no password, refused.
    ::chmod(home_file.c_str(), 0644);
    r = cli(list_templates(db.uri()), db.home());
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "group or world access"), r.output);
    fs::remove(home_file);
    // PGPASSFILE names another file in the same format.
    const fs::path other = fs::path(db.home()) / "servers.pass";
    std::ofstream(other) << "# host:port:database:user:password\n" << line << "\n";
    ::chmod(other.c_str(), 0600);
    r = cli(list_templates(db.uri()), db.home(), {{"PGPASSFILE", other.string()}});
    BOOST_TEST(r.code == 0, r.output);
}

BOOST_AUTO_TEST_CASE(refused_without_a_password_or_with_a_wrong_one) {
    VS_NEEDS_SECURE_SERVER();
    SecureDb db;
    // No password anywhere and no terminal to ask on: refused, saying where one comes from.
    Run r = cli(list_templates(db.uri()), db.home());
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "error: cannot connect to the PostgreSQL server"), r.output);
    BOOST_TEST(has(r.output, "the server asks for a password"), r.output);
    BOOST_TEST(has(r.output, "~/.pgpass"), r.output);
    BOOST_TEST(has(r.output, "PGPASSWORD"), r.output);
    // The server commands connect the same way.
    r = cli({"--db", db.uri(), "server", "user", "list"}, db.home());
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "the server asks for a password"), r.output);
    // A wrong password: the server's refusal, never the password itself.
    r = cli(list_templates(db.uri()), db.home(), {{"PGPASSWORD", "not-the-password"}});
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "password authentication failed for user \"postgres\""), r.output);
    BOOST_TEST(!has(r.output, "not-the-password"), r.output);
}

BOOST_AUTO_TEST_CASE(a_password_in_the_address_is_refused) {
    VS_NEEDS_SECURE_SERVER();
    SecureDb db;
    const std::string with_user_password =
        "postgresql://postgres:" + db.password() + "@" + db.host_port() + "/" + db.name();
    for (const std::string& uri :
         {with_user_password, db.uri("postgres", "?password=" + db.password()),
          db.uri("postgres", "?sslmode=require&password=x")}) {
        const Run r = cli(list_templates(uri), db.home());
        BOOST_TEST(r.code == 2, uri + ": " + r.output);
        BOOST_TEST(has(r.output, "error: --db: the server address carries a password"), r.output);
    }
}

BOOST_AUTO_TEST_CASE(password_asked_on_the_terminal) {
    VS_NEEDS_SECURE_SERVER();
    SecureDb db;
    const std::string prompt = "Password for " + db.uri() + ": ";
    Run r = cli_on_terminal(list_templates(db.uri()), db.home(), {}, {{prompt, db.password()}});
    BOOST_TEST(r.code == 0, r.output);
    BOOST_TEST(has(r.output, prompt), r.output);
    BOOST_TEST(!has(r.output, db.password()), r.output); // not echoed
    // A wrong answer: refused once, not asked again in a loop.
    r = cli_on_terminal(list_templates(db.uri()), db.home(), {}, {{prompt, "wrong-answer"}});
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "password authentication failed"), r.output);
    BOOST_TEST(!has(r.output, "wrong-answer"), r.output);
    // The server commands ask too.
    r = cli_on_terminal({"--db", db.uri(), "server", "user", "list"}, db.home(), {},
                        {{prompt, db.password()}});
    BOOST_TEST(r.code == 0, r.output);
    BOOST_TEST(has(r.output, "postgres\tadmin"), r.output);
}

BOOST_AUTO_TEST_CASE(the_connection_is_encrypted_when_the_server_offers_tls) {
    VS_NEEDS_SECURE_SERVER();
    SecureDb db;
    const std::string person = db.account("ann");
    Run r = cli({"--db", db.uri(), "server", "user", "add", person, "--role", "reviewer"},
                db.home(), SecureDb::password_env());
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.output);
    BOOST_TEST(encrypted_while_asking(db, person, db.uri()) == "all");
    // sslmode=disable: the same command, in the clear (the address's choice is kept).
    BOOST_TEST(encrypted_while_asking(db, person, db.uri("postgres", "?sslmode=disable")) ==
               "not all");
    // sslmode=require is met here.
    r = cli(list_templates(db.uri("postgres", "?sslmode=require")), db.home(),
            SecureDb::password_env());
    BOOST_TEST(r.code == 0, r.output);
}

BOOST_AUTO_TEST_CASE(sslmode_require_refused_by_a_server_without_tls) {
    const char* trusting = env("VISITSCORE_TEST_PG");
    if (!trusting) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: left out");
        return;
    }
    const fs::path home = fs::temp_directory_path() / ("vs_sec" + std::to_string(::getpid()));
    fs::create_directories(home);
    const Run r = cli(list_templates(std::string(trusting) + "?sslmode=require"), home.string());
    fs::remove_all(home);
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "error: cannot connect to the PostgreSQL server"), r.output);
    BOOST_TEST(has(r.output, "server does not support SSL, but SSL was required"), r.output);
}

BOOST_AUTO_TEST_CASE(a_new_account_logs_in_with_the_password_it_was_given) {
    VS_NEEDS_SECURE_SERVER();
    SecureDb db;
    const std::string ann = db.account("ann");
    Run r = cli({"--db", db.uri(), "server", "user", "add", ann, "--role", "reviewer"}, db.home(),
                SecureDb::password_env());
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.output);
    BOOST_TEST(has(r.output, "no password set: " + ann), r.output);
    // No password yet: the server lets nobody in as ann.
    r = cli(list_templates(db.uri(ann)), db.home(), {{"PGPASSWORD", "anything"}});
    BOOST_TEST(r.code == 1, r.output);
    // The admin sets it on the terminal (asked twice).
    r = cli_on_terminal({"--db", db.uri(), "server", "user", "password", ann}, db.home(),
                        SecureDb::password_env(),
                        {{"New password for " + ann, "ann's pass 1"}, {"Again:", "ann's pass 1"}});
    BOOST_TEST(r.code == 0, r.output);
    BOOST_TEST(has(r.output, "password of " + ann + " changed"), r.output);
    BOOST_TEST(!has(r.output, "ann's pass 1"), r.output);
    // Ann logs in with it, from the prompt and from PGPASSWORD; not with another.
    r = cli_on_terminal(list_templates(db.uri(ann)), db.home(), {},
                        {{"Password for " + db.uri(ann), "ann's pass 1"}});
    BOOST_TEST(r.code == 0, r.output);
    r = cli({"--db", db.uri(ann), "server", "user", "list"}, db.home(),
            {{"PGPASSWORD", "ann's pass 1"}});
    BOOST_TEST(r.code == 0, r.output);
    BOOST_TEST(has(r.output, ann + "\treviewer"), r.output);
    r = cli(list_templates(db.uri(ann)), db.home(), {{"PGPASSWORD", "ann's pass 2"}});
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "password authentication failed for user \"" + ann + "\""), r.output);
    // An account added with its password asked at once logs in with it too.
    const std::string bob = db.account("bob");
    r = cli_on_terminal(
        {"--db", db.uri(), "server", "user", "add", bob, "--role", "reviewer", "--password-prompt"},
        db.home(), SecureDb::password_env(),
        {{"New password for " + bob, "bob-secret"}, {"Again:", "bob-secret"}});
    BOOST_TEST(r.code == 0, r.output);
    r = cli(list_templates(db.uri(bob)), db.home(), {{"PGPASSWORD", "bob-secret"}});
    BOOST_TEST(r.code == 0, r.output);
    // The server keeps a SCRAM verifier, never the password.
    auto conn = db.as_superuser();
    pqxx::nontransaction tx(*conn);
    const std::string stored =
        tx.exec_params1("SELECT rolpassword FROM pg_authid WHERE rolname = $1", bob)[0]
            .as<std::string>();
    BOOST_TEST(stored.rfind("SCRAM-SHA-256$", 0) == 0u, stored);
    BOOST_TEST(!has(stored, "bob-secret"));
}

BOOST_AUTO_TEST_CASE(verify_full_trusts_only_the_servers_authority_and_name) {
    VS_NEEDS_SECURE_SERVER();
    const char* ca = env("VISITSCORE_TEST_PG_SECURE_CA");
    if (!ca) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG_SECURE_CA is not set: left out");
        return;
    }
    // pg_cluster.sh start-secure: the cluster's authority signed the server's certificate (made
    // out to 127.0.0.1 and localhost); other-ca.crt beside it is an unrelated authority.
    const std::string other_ca = (fs::path(ca).parent_path() / "other-ca.crt").string();
    BOOST_REQUIRE(fs::exists(ca));
    BOOST_REQUIRE(fs::exists(other_ca));
    SecureDb db;
    const std::string person = db.account("vera");
    const std::string verify = "?sslmode=verify-full&sslrootcert=";

    // The right authority: connected, over TLS (the server's view of the command's backend).
    const std::string good = db.uri("postgres", verify + ca);
    Run r = cli({"--db", good, "server", "user", "add", person, "--role", "reviewer"}, db.home(),
                SecureDb::password_env());
    BOOST_TEST(r.code == 0, r.output);
    BOOST_TEST(encrypted_while_asking(db, person, good) == "all");
    // By the other name the certificate holds (the address still 127.0.0.1).
    const std::string by_name =
        "postgresql://postgres@localhost:" + db.host_port().substr(db.host_port().find(':') + 1) +
        "/" + db.name() + verify + ca + "&hostaddr=127.0.0.1";
    r = cli(list_templates(by_name), db.home(), SecureDb::password_env());
    BOOST_TEST(r.code == 0, r.output);

    // An unrelated authority: refused before anything is sent, saying which server and what is
    // wrong with its certificate; nothing written (the account is not added).
    const std::string stranger = db.account("stan");
    r = cli({"--db", db.uri("postgres", verify + other_ca), "server", "user", "add", stranger,
             "--role", "reviewer"},
            db.home(), SecureDb::password_env());
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "error: cannot connect to the PostgreSQL server"), r.output);
    BOOST_TEST(has(r.output, "certificate verify failed"), r.output);
    BOOST_TEST(has(r.output, "the TLS certificate of the server " + db.host_port() +
                                 " is not signed by a certificate authority in " + other_ca),
               r.output);
    {
        auto conn = db.as_superuser();
        pqxx::nontransaction tx(*conn);
        BOOST_TEST(tx.exec_params1("SELECT count(*) FROM pg_roles WHERE rolname = $1", stranger)[0]
                       .as<int>() == 0);
        BOOST_TEST(tx.exec_params1("SELECT count(*) FROM pg_roles WHERE rolname = $1", person)[0]
                       .as<int>() == 1);
    }
    // No authority at all (no sslrootcert, no ~/.postgresql/root.crt in this HOME): refused too.
    r = cli(list_templates(db.uri("postgres", "?sslmode=verify-full")), db.home(),
            SecureDb::password_env());
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "root.crt"), r.output);
    // The CA file where libpq looks by default (~/.postgresql/root.crt): no sslrootcert needed.
    fs::create_directories(fs::path(db.home()) / ".postgresql");
    fs::copy_file(ca, fs::path(db.home()) / ".postgresql" / "root.crt");
    r = cli(list_templates(db.uri("postgres", "?sslmode=verify-full")), db.home(),
            SecureDb::password_env());
    BOOST_TEST(r.code == 0, r.output);

    // The right authority, but a name the certificate does not hold: refused by verify-full
    // (verify-ca, which checks only the signature, lets it in).
    const std::string wrong_name = "postgresql://postgres@visitscore-test.invalid:" +
                                   db.host_port().substr(db.host_port().find(':') + 1) + "/" +
                                   db.name() + verify + ca + "&hostaddr=127.0.0.1";
    r = cli(list_templates(wrong_name), db.home(), SecureDb::password_env());
    BOOST_TEST(r.code == 1, r.output);
    BOOST_TEST(has(r.output, "does not match host name \"visitscore-test.invalid\""), r.output);
    BOOST_TEST(has(r.output, "is not made out to the name connected to"), r.output);
    std::string verify_ca = wrong_name;
    verify_ca.replace(verify_ca.find("verify-full"), 11, "verify-ca");
    r = cli(list_templates(verify_ca), db.home(), SecureDb::password_env());
    BOOST_TEST(r.code == 0, r.output);
}

BOOST_AUTO_TEST_SUITE_END()
