// Who sees what on a shared server (ROLES.md), enforced by the server itself: each case makes
// a database of its own on the test cluster (VISITSCORE_TEST_PG), loads a small organisation
// as the superuser, runs `server init`, adds one account of each kind and connects as each with
// raw SQL, as a person with psql would: every "no" is refused (an error, or no rows), and the
// allowed work goes through.
#include "exports/recognition_redact.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "storage/pg_server.h"
#include "storage/pg_store.h"
#include "tests/pg_role_db.h"
#include "tests/visit_copies.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <unistd.h>

namespace {

using vs::storage::PgServer;

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A database of its own on the test cluster with a small organisation, server init done and
/// one account of each kind; the database and the accounts are dropped at the end.
class ServerDb {
  public:
    /// `with_visits` false: the organisation's clients and people without its few visits.
    explicit ServerDb(bool with_visits = true) {
        // A refused set-up leaves no database or account behind: m_db drops them.
        { PgServer schema(uri(), true); } // creates the schema, as a superuser
        load(with_visits);
        PgServer server(uri(), true);
        server.init();
        server.add_account(account("adm"), "admin", std::nullopt, std::nullopt);
        server.add_account(account("rev1"), "reviewer", std::nullopt, std::nullopt);
        server.add_account(account("rev2"), "reviewer", std::nullopt, std::nullopt);
        server.add_account(account("shop1"), "shopper", std::nullopt, "SH1");
        server.add_account(account("shop2"), "shopper", std::nullopt, "SH2");
        server.add_account(account("north"), "client", "North", std::nullopt);
        server.add_account(account("south"), "client", "South", std::nullopt);
    }

    /// The account's full name on the cluster (accounts are cluster-wide: names of their own).
    std::string account(const std::string& who) const { return m_db.account(who); }

    /// This database's URI, as the superuser or as `who` (trust authentication on the cluster).
    std::string uri(const std::string& who = "") const { return m_db.uri(who); }

    /// A connection as `who` ("" for the superuser).
    std::unique_ptr<pqxx::connection> as(const std::string& who) const {
        return std::make_unique<pqxx::connection>(uri(who));
    }

    std::int64_t visit(const std::string& key) const { return m_visits.at(key); }
    std::int64_t employee_north() const { return m_employee_north; }
    std::int64_t employee_south() const { return m_employee_south; }
    std::int64_t shopper_sh2() const { return m_shopper_sh2; }

  private:
    vs::test::PgRoleDatabase m_db{
        "vs_t", {"adm", "rev1", "rev2", "shop1", "shop2", "north", "south", "new"}};

    /// Two clients, North (branch N1, staff E1, shoppers SH1 and SH2) and South (branch S1,
    /// staff E9, shopper SH3); the mini scorecard; visits in every state; scores, photos and
    /// audit entries.
    void load(bool with_visits) {
        pqxx::connection conn(uri());
        pqxx::work tx(conn);
        auto id = [&](const std::string& sql, auto... args) {
            return tx.exec_params1(sql, args...)[0].template as<std::int64_t>();
        };
        const auto north = id("INSERT INTO clients (name) VALUES ('North') RETURNING id");
        const auto south = id("INSERT INTO clients (name) VALUES ('South') RETURNING id");
        const auto n1 = id("INSERT INTO branches (client_id, code, name) VALUES ($1, 'N1', "
                           "'North One') RETURNING id",
                           north);
        const auto s1 = id("INSERT INTO branches (client_id, code, name) VALUES ($1, 'S1', "
                           "'South One') RETURNING id",
                           south);
        m_employee_north = id("INSERT INTO employees (client_id, branch_id, code, name) VALUES "
                              "($1, $2, 'E1', 'Ann Able') RETURNING id",
                              north, n1);
        m_employee_south = id("INSERT INTO employees (client_id, branch_id, code, name) VALUES "
                              "($1, $2, 'E9', 'Zed South') RETURNING id",
                              south, s1);
        const auto sh1 = id("INSERT INTO shoppers (client_id, code, name) VALUES ($1, 'SH1', "
                            "'Sam Shopper') RETURNING id",
                            north);
        m_shopper_sh2 = id("INSERT INTO shoppers (client_id, code, name) VALUES ($1, 'SH2', "
                           "'Sue Other') RETURNING id",
                           north);
        const auto sh3 = id("INSERT INTO shoppers (client_id, code, name) VALUES ($1, 'SH3', "
                            "'Stan South') RETURNING id",
                            south);
        const std::string source = read_text(std::string(VS_TEST_DATA) + "/mini.template.json");
        const auto tpl = id("INSERT INTO templates (code, version, name, target, source) VALUES "
                            "('mini', 1, 'Mini test scorecard', 80, $1) RETURNING id",
                            source);
        if (!with_visits) {
            tx.commit();
            return;
        }
        int serial = 0;
        auto add_visit = [&](const std::string& key, std::int64_t client, std::int64_t branch,
                             std::int64_t employee, std::int64_t shopper,
                             const std::string& status) {
            const std::string uuid =
                "00000000-0000-4000-8000-0000000000" + std::to_string(10 + ++serial);
            m_visits[key] = id("INSERT INTO visits (uuid, template_id, client_id, branch_id, "
                               "employee_id, shopper_id, visited_at, day, status, target, "
                               "source_hash, score, summary) VALUES ($1, $2, $3, $4, $5, $6, "
                               "'2026-10-03T14:05:00', 20364, $7, 80, 1, 90, 'seen') "
                               "RETURNING id",
                               uuid, tpl, client, branch, employee, shopper, status);
        };
        add_visit("north_approved", north, n1, m_employee_north, sh1, "approved");
        add_visit("sh1_submitted", north, n1, m_employee_north, sh1, "submitted");
        add_visit("sh1_draft", north, n1, m_employee_north, sh1, "draft");
        add_visit("sh2_draft", north, n1, m_employee_north, m_shopper_sh2, "draft");
        add_visit("rev1_submitted", north, n1, m_employee_north, m_shopper_sh2, "submitted");
        add_visit("other_submitted", north, n1, m_employee_north, m_shopper_sh2, "submitted");
        add_visit("south_approved", south, s1, m_employee_south, sh3, "approved");
        for (const char* key : {"north_approved", "sh1_submitted", "south_approved"}) {
            tx.exec_params("INSERT INTO visit_scores (visit_id, client_id, section_scores, "
                           "question_scores) SELECT id, client_id, '\\x00'::bytea, "
                           "'\\x00'::bytea FROM visits WHERE id = $1",
                           m_visits[key]);
            tx.exec_params("INSERT INTO attachments (visit_id, name, size, data, thumbnail) "
                           "VALUES ($1, 'photo.jpg', 3, '\\x010203'::bytea, '\\x01'::bytea)",
                           m_visits[key]);
        }
        // Who submitted what (the superuser writes any author).
        auto submitted = [&](const std::string& key, const std::string& who) {
            tx.exec_params("SELECT visitscore_append_audit($1, $2, 'status', 'status', 'draft', "
                           "'submitted', '')",
                           m_visits[key], who);
        };
        submitted("sh1_submitted", account("shop1"));
        submitted("rev1_submitted", account("rev1"));
        submitted("other_submitted", account("shop2"));
        tx.exec("INSERT INTO settings (key, value) VALUES ('allow_self_approval', 'true')");
        tx.commit();
    }

    std::map<std::string, std::int64_t> m_visits;
    std::int64_t m_employee_north = 0;
    std::int64_t m_employee_south = 0;
    std::int64_t m_shopper_sh2 = 0;
};

/// What the server said when it refused `sql` (run in a transaction of its own), or "" when it
/// ran.
std::string refusal(pqxx::connection& conn, const std::string& sql) {
    try {
        pqxx::work tx(conn);
        tx.exec(sql);
        tx.commit();
        return "";
    } catch (const pqxx::sql_error& e) {
        return e.what();
    }
}

bool refused(pqxx::connection& conn, const std::string& sql) {
    const std::string message = refusal(conn, sql);
    BOOST_TEST_INFO("refusal of " << sql << ": " << message);
    return !message.empty();
}

/// Runs `sql` and returns the rows it changed (or returned).
std::size_t rows(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    const pqxx::result r = tx.exec(sql);
    tx.commit();
    return r.affected_rows() ? r.affected_rows() : r.size();
}

std::int64_t count(pqxx::connection& conn, const std::string& sql) {
    pqxx::read_transaction tx(conn);
    return tx.exec1(sql)[0].as<std::int64_t>();
}

std::string one(pqxx::connection& conn, const std::string& sql) {
    pqxx::read_transaction tx(conn);
    return tx.exec1(sql)[0].as<std::string>();
}

std::string id(std::int64_t v) {
    return std::to_string(v);
}

std::string append_audit(std::int64_t visit, const std::string& who, const std::string& action) {
    return "SELECT visitscore_append_audit(" + id(visit) + ", '" + who + "', '" + action +
           "', 'x', '', '', '')";
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_roles)

BOOST_AUTO_TEST_CASE(init_makes_roles_rights_and_views_and_runs_twice) {
    VS_NEEDS_SERVER();
    ServerDb db;
    PgServer again(db.uri(), true);
    again.init(); // a second run changes nothing and refuses nothing
    auto su = db.as("");
    BOOST_TEST(count(*su, "SELECT count(*) FROM pg_roles WHERE rolname IN ('visitscore_admin', "
                          "'visitscore_reviewer', 'visitscore_shopper', 'visitscore_client') "
                          "AND NOT rolcanlogin") == 4);
    BOOST_TEST(count(*su, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                          "c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND "
                          "c.relname IN ('visits', 'attachments', 'audit_log', 'settings', "
                          "'templates', 'clients', 'shoppers', 'server_accounts') AND "
                          "c.relrowsecurity") == 8);
    BOOST_TEST(count(*su, "SELECT count(*) FROM pg_views WHERE schemaname = 'visitscore_client' "
                          "AND definition IS NOT NULL") >= 14);
    const auto accounts = again.accounts();
    BOOST_TEST(accounts.size() == 8u); // postgres (who ran init) and the seven added
    // Accounts log in and are what they were added as.
    auto rev = db.as("rev1");
    BOOST_TEST(one(*rev, "SELECT visitscore_account_role()") == "reviewer");
    auto north = db.as("north");
    BOOST_TEST(one(*north, "SHOW search_path") == "visitscore_client, public");
}

BOOST_AUTO_TEST_CASE(adding_accounts_refuses_unknown_clients_shoppers_and_non_admins) {
    VS_NEEDS_SERVER();
    ServerDb db;
    PgServer admin(db.uri("adm"), false); // an admin account, not a superuser
    try {
        admin.add_account(db.account("new"), "client", std::string("Nowhere Ltd"), std::nullopt);
        BOOST_FAIL("an unknown client was accepted");
    } catch (const vs::InputError& e) {
        BOOST_TEST(std::string(e.what()).find("Nowhere Ltd") != std::string::npos, e.what());
        BOOST_TEST(std::string(e.what()).find("North") != std::string::npos, e.what());
    }
    try {
        admin.add_account(db.account("new"), "shopper", std::nullopt, std::string("SH404"));
        BOOST_FAIL("an unknown shopper was accepted");
    } catch (const vs::InputError& e) {
        BOOST_TEST(std::string(e.what()).find("SH404") != std::string::npos, e.what());
    }
    BOOST_CHECK_THROW(admin.add_account(db.account("new"), "client", std::nullopt, std::nullopt),
                      vs::InputError);
    BOOST_CHECK_THROW(admin.add_account(db.account("new"), "owner", std::nullopt, std::nullopt),
                      vs::InputError);
    BOOST_CHECK_THROW(admin.add_account("postgres", "reviewer", std::nullopt, std::nullopt),
                      vs::InputError);
    auto su = db.as("");
    BOOST_TEST(count(*su, "SELECT count(*) FROM pg_roles WHERE rolname = '" + db.account("new") +
                              "'") == 0);

    // A reviewer, a shopper and a client may not add accounts: the server refuses.
    for (const char* who : {"rev1", "shop1", "north"}) {
        BOOST_TEST_INFO_SCOPE(who);
        PgServer other(db.uri(who), false);
        try {
            other.add_account(db.account("new"), "admin", std::nullopt, std::nullopt);
            BOOST_FAIL("a non-admin added an account");
        } catch (const vs::storage::StorageError& e) {
            BOOST_TEST(std::string(e.what()).find("refused by the server") != std::string::npos,
                       e.what());
        } catch (const vs::InputError& e) {
            BOOST_FAIL(e.what());
        }
        BOOST_TEST(other.accounts().size() == 1u); // their own row only
        auto conn = db.as(who);
        BOOST_TEST(refused(*conn, "CREATE ROLE " + db.account("new") + " LOGIN"));
        BOOST_TEST(refused(*conn, "INSERT INTO public.server_accounts (account, role) VALUES ('" +
                                      db.account("new") + "', 'admin')"));
        BOOST_TEST(refused(*conn, "UPDATE public.server_accounts SET role = 'admin'"));
    }
    BOOST_TEST(count(*su, "SELECT count(*) FROM pg_roles WHERE rolname = '" + db.account("new") +
                              "'") == 0);

    // The admin account adds one, which logs in and is a shopper of SH2's visits.
    admin.add_account(db.account("new"), "shopper", std::string("North"), std::string("SH2"));
    auto added = db.as("new");
    BOOST_TEST(count(*added, "SELECT count(*) FROM visits") == 3);
    BOOST_TEST(admin.accounts().size() == 9u);
    // A password goes to the server as a SCRAM verifier, never as the text.
    admin.set_password(db.account("new"), "correct horse");
    BOOST_TEST(
        one(*su, "SELECT rolpassword FROM pg_authid WHERE rolname = '" + db.account("new") + "'")
            .rfind("SCRAM-SHA-256$4096:", 0) == 0);
    PgServer shopper(db.uri("shop1"), false);
    BOOST_CHECK_THROW(shopper.set_password(db.account("new"), "x"), vs::storage::StorageError);
}

BOOST_AUTO_TEST_CASE(shopper_sees_and_changes_only_their_own_visits) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto c = db.as("shop1");
    // Reads: the scorecards; their own visits, drafts and audit entries only.
    BOOST_TEST(count(*c, "SELECT count(*) FROM templates") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM visits") == 3);
    BOOST_TEST(count(*c, "SELECT count(*) FROM visits WHERE id = " + id(db.visit("sh2_draft"))) ==
               0);
    BOOST_TEST(count(*c, "SELECT count(*) FROM shoppers") == 1);
    BOOST_TEST(one(*c, "SELECT string_agg(name, ',') FROM clients") == "North");
    BOOST_TEST(count(*c, "SELECT count(*) FROM employees") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM branches WHERE code = 'S1'") == 0);
    BOOST_TEST(count(*c, "SELECT count(*) FROM attachments") == 2);
    BOOST_TEST(count(*c, "SELECT count(*) FROM visit_scores") == 2);
    BOOST_TEST(count(*c, "SELECT count(*) FROM audit_log") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM audit_log WHERE visit_id = " +
                             id(db.visit("rev1_submitted"))) == 0);
    BOOST_TEST(count(*c, "SELECT count(*) FROM settings WHERE key = 'pseudonym_key'") == 0);
    BOOST_TEST(refused(*c, "SELECT count(*) FROM trainings"));
    BOOST_TEST(refused(*c, "SELECT count(*) FROM server_clients"));

    // Their own draft: edited, then submitted; nothing after that.
    const std::string draft = id(db.visit("sh1_draft"));
    BOOST_TEST(rows(*c, "UPDATE visits SET summary = 'edited' WHERE id = " + draft) == 1u);
    BOOST_TEST(rows(*c, "INSERT INTO attachments (visit_id, name, size, data, thumbnail) VALUES "
                        "(" +
                            draft + ", 'p.jpg', 1, '\\x01', '\\x01')") == 1u);
    BOOST_TEST(refused(*c, "UPDATE visits SET status = 'approved' WHERE id = " + draft));
    BOOST_TEST(refused(*c, "UPDATE visits SET status = 'excluded' WHERE id = " + draft));
    BOOST_TEST(refused(*c, "UPDATE visits SET shopper_id = " + id(db.shopper_sh2()) +
                               " WHERE id = " + draft));
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'submitted' WHERE id = " + draft) == 1u);
    BOOST_TEST(rows(*c, "UPDATE visits SET summary = 'changed later' WHERE id = " + draft) == 0u);
    BOOST_TEST(refused(*c, "INSERT INTO attachments (visit_id, name, size, data, thumbnail) VALUES "
                           "(" +
                               draft + ", 'late.jpg', 1, '\\x01', '\\x01')"));
    BOOST_TEST(rows(*c, "DELETE FROM attachments WHERE visit_id = " + draft) == 0u);
    // Approving, returning, excluding or reopening anything: no.
    for (const char* status : {"approved", "returned", "excluded", "draft"}) {
        BOOST_TEST_INFO_SCOPE(status);
        for (const char* key : {"sh1_submitted", "north_approved", "other_submitted"}) {
            BOOST_TEST_INFO_SCOPE(key);
            const std::string sql = std::string("UPDATE visits SET status = '") + status +
                                    "' WHERE id = " + id(db.visit(key));
            BOOST_TEST((refusal(*c, sql) != "" || rows(*c, sql) == 0u));
        }
    }
    // Another shopper's draft: neither read nor changed.
    BOOST_TEST(
        rows(*c, "UPDATE visits SET summary = 'x' WHERE id = " + id(db.visit("sh2_draft"))) == 0u);
    BOOST_TEST(refused(*c, "DELETE FROM visits WHERE id = " + draft));

    // New drafts: their own, as drafts only.
    auto su = db.as("");
    const std::string values =
        one(*su, "SELECT format('%s, %s, %s', template_id, client_id, branch_id) FROM visits "
                 "WHERE id = " +
                     draft);
    const std::string sh1 = one(*su, "SELECT shopper_id FROM visits WHERE id = " + draft);
    const std::string insert = "INSERT INTO visits (uuid, template_id, client_id, branch_id, "
                               "shopper_id, visited_at, day, status, target, source_hash) VALUES ";
    BOOST_TEST(rows(*c, insert + "('new-1', " + values + ", " + sh1 +
                            ", '2026-11-01T10:00', 20393, 'draft', 80, 1)") == 1u);
    BOOST_TEST(refused(*c, insert + "('new-2', " + values + ", " + sh1 +
                               ", '2026-11-01T10:00', 20393, 'approved', 80, 1)"));
    BOOST_TEST(refused(*c, insert + "('new-3', " + values + ", " + id(db.shopper_sh2()) +
                               ", '2026-11-01T10:00', 20393, 'draft', 80, 1)"));

    // Scorecards, organisation and settings: no writes.
    BOOST_TEST(refused(*c, "INSERT INTO templates (code, version, name, target, source) VALUES "
                           "('x', 1, 'x', 80, '{}')"));
    BOOST_TEST(refused(*c, "UPDATE templates SET name = 'x'"));
    BOOST_TEST(refused(*c, "INSERT INTO clients (name) VALUES ('Shopper Ltd')"));
    BOOST_TEST(refused(*c, "UPDATE branches SET name = 'x'"));
    BOOST_TEST(refused(*c, "INSERT INTO shoppers (client_id, code) SELECT client_id, 'SH9' FROM "
                           "shoppers LIMIT 1"));
    BOOST_TEST(refused(*c, "UPDATE settings SET value = 'x'"));
    BOOST_TEST(refused(*c, "INSERT INTO settings (key, value) VALUES ('pseudonym_key', 'x')"));

    // The audit log: its author is the account, whatever it says; not on others' visits;
    // never a purge; never written directly.
    rows(*c, append_audit(db.visit("sh1_draft"), "the boss", "note"));
    BOOST_TEST(one(*su, "SELECT who FROM audit_log ORDER BY id DESC LIMIT 1") ==
               db.account("shop1"));
    BOOST_TEST(refused(*c, append_audit(db.visit("sh2_draft"), "x", "note")));
    BOOST_TEST(refused(*c, append_audit(db.visit("sh1_draft"), "x", "purge")));
    BOOST_TEST(refused(*c, "INSERT INTO audit_log (at, who, visit_id, action, prev_hash, hash) "
                           "VALUES ('x', 'x', " +
                               draft + ", 'x', 'x', 'x')"));
    BOOST_TEST(refused(*c, "DELETE FROM audit_log"));
    BOOST_TEST(count(*su, "SELECT count(*) FROM visits WHERE status = 'approved'") == 2);
}

BOOST_AUTO_TEST_CASE(reviewer_reviews_but_never_approves_a_visit_they_submitted) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto c = db.as("rev1");
    BOOST_TEST(count(*c, "SELECT count(*) FROM visits") == 7);
    BOOST_TEST(count(*c, "SELECT count(*) FROM audit_log") == 3);
    BOOST_TEST(count(*c, "SELECT count(*) FROM shoppers") == 3);

    // The visit rev1 submitted: refused by the server (even with allow_self_approval set,
    // which is for a one-person office's admin); another reviewer approves it.
    const std::string own = id(db.visit("rev1_submitted"));
    const std::string message =
        refusal(*c, "UPDATE visits SET status = 'approved' WHERE id = " + own);
    BOOST_TEST(message.find("never approves a visit they submitted") != std::string::npos, message);
    auto rev2 = db.as("rev2");
    BOOST_TEST(rows(*rev2, "UPDATE visits SET status = 'approved' WHERE id = " + own) == 1u);
    // Others' submissions: approved, returned, reopened.
    const std::string other = id(db.visit("other_submitted"));
    BOOST_TEST(
        rows(*c, "UPDATE visits SET status = 'returned', review_note = 'photo?' WHERE id = " +
                     other) == 1u);
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'submitted' WHERE id = " + other) == 1u);
    // That submission wrote no audit entry, but the server saw who made it.
    BOOST_TEST(refused(*c, "UPDATE visits SET status = 'approved' WHERE id = " + other));
    BOOST_TEST(rows(*rev2, "UPDATE visits SET status = 'approved' WHERE id = " + other) == 1u);
    rows(*c, append_audit(db.visit("other_submitted"), "someone else", "status"));

    // A reviewer submits a visit (the audit entry says so, as the account), then cannot
    // approve it.
    const std::string draft = id(db.visit("sh2_draft"));
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'submitted' WHERE id = " + draft) == 1u);
    rows(*c, "SELECT visitscore_append_audit(" + draft +
                 ", 'a shopper', 'status', 'status', 'draft', 'submitted', '')");
    auto su = db.as("");
    BOOST_TEST(one(*su, "SELECT who FROM audit_log ORDER BY id DESC LIMIT 1") ==
               db.account("rev1"));
    BOOST_TEST(refused(*c, "UPDATE visits SET status = 'approved' WHERE id = " + draft));
    BOOST_TEST(one(*su, "SELECT status FROM visits WHERE id = " + draft) == "submitted");

    // Scorecards, organisation changes, settings, purges, deletions: no.
    BOOST_TEST(refused(*c, "INSERT INTO templates (code, version, name, target, source) VALUES "
                           "('x', 1, 'x', 80, '{}')"));
    BOOST_TEST(refused(*c, "UPDATE templates SET name = 'x'"));
    BOOST_TEST(refused(*c, "UPDATE clients SET name = 'x'"));
    BOOST_TEST(refused(*c, "UPDATE employees SET active = FALSE"));
    BOOST_TEST(refused(*c, "DELETE FROM branches"));
    // A reviewer's rights on settings reach the survey mappings only (rules 9): nothing else.
    BOOST_TEST(rows(*c, "UPDATE settings SET value = 'false'") == 0u);
    BOOST_TEST(refused(*c, "INSERT INTO settings (key, value) VALUES ('x', 'y')"));
    BOOST_TEST(refused(*c, append_audit(db.visit("north_approved"), "x", "purge")));
    BOOST_TEST(refused(*c, "DELETE FROM visits WHERE id = " + draft));
    BOOST_TEST(refused(*c, "DELETE FROM audit_log"));
    BOOST_TEST(refused(*c, "UPDATE server_clients SET withhold_photos = TRUE"));
    BOOST_TEST(refused(*c, "DELETE FROM server_submissions"));
    BOOST_TEST(refused(*c, "SELECT * FROM server_submissions"));
    // What imports need: new organisation rows (never changed afterwards).
    BOOST_TEST(rows(*c, "INSERT INTO clients (name) VALUES ('Imported Ltd')") == 1u);
}

BOOST_AUTO_TEST_CASE(client_reads_only_its_approved_visits_without_shoppers) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto c = db.as("north");
    // Through its views: its own approved visits only, never another client's or a draft.
    BOOST_TEST(count(*c, "SELECT count(*) FROM visits") == 1);
    BOOST_TEST(
        count(*c, "SELECT count(*) FROM visits WHERE id = " + id(db.visit("south_approved"))) == 0);
    BOOST_TEST(count(*c, "SELECT count(*) FROM visits WHERE status <> 'approved'") == 0);
    BOOST_TEST(count(*c, "SELECT count(*) FROM clients") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM branches") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM employees") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM visit_scores") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM templates") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM templates WHERE source LIKE '%guidance%'") == 0);
    // Shoppers: one placeholder, which every visit names; no code, no name, no real id.
    BOOST_TEST(one(*c, "SELECT string_agg(code || '/' || name, ',') FROM shoppers") ==
               "[shopper]/");
    BOOST_TEST(count(*c, "SELECT count(*) FROM visits v JOIN shoppers s ON s.id = v.shopper_id") ==
               1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM visits WHERE shopper_id <> client_id") == 0);
    BOOST_TEST(count(*c, "SELECT count(*) FROM shoppers WHERE id <> client_id") == 0);
    // Photos: of approved visits only; none when the consultancy withholds them.
    BOOST_TEST(count(*c, "SELECT count(*) FROM attachments") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM attachments WHERE visit_id = " +
                             id(db.visit("sh1_submitted"))) == 0);
    // No audit log, no pseudonym key.
    BOOST_TEST(count(*c, "SELECT count(*) FROM audit_log") == 0);
    BOOST_TEST(count(*c, "SELECT count(*) FROM settings WHERE key = 'pseudonym_key'") == 0);
    BOOST_TEST(count(*c, "SELECT count(*) FROM settings WHERE key = 'allow_self_approval'") == 1);

    // The tables themselves: refused, whatever the search path.
    for (const char* table : {"visits", "shoppers", "attachments", "audit_log", "settings",
                              "templates", "employees", "visit_scores", "server_clients"}) {
        BOOST_TEST_INFO_SCOPE(table);
        BOOST_TEST(refused(*c, std::string("SELECT count(*) FROM public.") + table));
    }
    BOOST_TEST(rows(*c, "SELECT * FROM public.server_accounts") == 1u); // its own row
    BOOST_TEST(refused(*c, "SET search_path = public; SELECT count(*) FROM visits"));
    // No writes anywhere.
    BOOST_TEST(refused(*c, "UPDATE visits SET summary = 'x'"));
    BOOST_TEST(refused(*c, "DELETE FROM attachments"));
    BOOST_TEST(refused(*c, "INSERT INTO settings (key, value) VALUES ('x', 'y')"));
    BOOST_TEST(refused(*c, "UPDATE public.visits SET status = 'excluded'"));
    BOOST_TEST(refused(*c, append_audit(db.visit("north_approved"), "x", "note")));
    BOOST_TEST(refused(*c, "SELECT visitscore_hmac_sha256('\\x00', '\\x00')"));
    BOOST_TEST(refused(*c, "SELECT visitscore_redact_audit(ARRAY[1]::BIGINT[], "
                           "ARRAY[TRUE])"));
    // Another client's staff get no pseudonym from it (it is no oracle for codes).
    BOOST_TEST(count(*c, "SELECT count(*) FROM (SELECT visitscore_staff_pseudonym(" +
                             id(db.employee_south()) + ") AS p) x WHERE p IS NOT NULL") == 0);

    // The other client sees its own visit only.
    auto s = db.as("south");
    BOOST_TEST(count(*s, "SELECT count(*) FROM visits") == 1);
    BOOST_TEST(
        count(*s, "SELECT count(*) FROM visits WHERE id = " + id(db.visit("north_approved"))) == 0);

    // Staff pseudonyms and withheld photos, when the admin sets the client so.
    PgServer admin(db.uri("adm"), false);
    const auto options = admin.client_options("North", true, true);
    BOOST_TEST(options.pseudonymise_staff);
    BOOST_TEST(options.withhold_photos);
    const std::string pseudonym = one(*c, "SELECT code || '|' || name FROM employees");
    BOOST_TEST(pseudonym.rfind("Staff ", 0) == 0, pseudonym);
    BOOST_TEST(pseudonym.size() == std::string("Staff XXXXXX|").size(), pseudonym);
    BOOST_TEST(pseudonym.find("E1") == std::string::npos);
    BOOST_TEST(pseudonym.find("Ann") == std::string::npos);
    BOOST_TEST(one(*c, "SELECT code FROM employees") == one(*c, "SELECT code FROM employees"));
    BOOST_TEST(count(*c, "SELECT count(*) FROM attachments") == 0);
    BOOST_TEST(count(*s, "SELECT count(*) FROM attachments") == 1); // South is not set so
    PgServer reviewer(db.uri("rev1"), false);
    BOOST_CHECK_THROW(reviewer.client_options("North", false, false), vs::storage::StorageError);
    BOOST_CHECK_THROW(admin.client_options("Nowhere", false, false), vs::InputError);
}

BOOST_AUTO_TEST_CASE(client_reads_free_text_without_its_shoppers_or_pseudonymised_staff) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto su = db.as("");
    // A shopper's name with the pattern's special characters; texts naming the visit's shopper
    // (code and name, other case), the other shopper, the staff member, and words that only
    // look alike (SH10, xsh1); a JSON escape right before a name.
    rows(*su, "UPDATE shoppers SET name = 'Sue (O.) Other+' WHERE code = 'SH2'");
    rows(*su, "UPDATE visits SET summary = 'Met by sh1 and SAM SHOPPER; Ann Able (e1) helped; "
              "SH10, xsh1 and sue (o.) other+ too', "
              "answers = '{\"greeted\": \"yes\", \"notes\": \"Sh1 wrote this\"}', "
              "comments = '{\"greeted\": \"sam shopper\\nsaw ANN ABLE\", \"warmth\": \"fine\"}' "
              "WHERE id = " +
                  id(db.visit("north_approved")));
    auto c = db.as("north");
    const std::string where = " FROM visits WHERE id = " + id(db.visit("north_approved"));
    BOOST_TEST(one(*c, "SELECT summary" + where) ==
               "Met by [shopper] and [shopper]; Ann Able (e1) helped; SH10, xsh1 and [shopper] "
               "too");
    BOOST_TEST(one(*c, "SELECT comments::jsonb ->> 'greeted'" + where) ==
               "[shopper]\nsaw ANN ABLE");
    BOOST_TEST(one(*c, "SELECT comments::jsonb ->> 'warmth'" + where) == "fine");
    BOOST_TEST(one(*c, "SELECT answers::jsonb ->> 'greeted'" + where) == "yes");
    BOOST_TEST(one(*c, "SELECT answers::jsonb ->> 'notes'" + where) == "[shopper] wrote this");
    // Values of other types and in lists.
    BOOST_TEST(one(*c, "SELECT visitscore_redact_json('{\"a\": [\"x SH1\", 3, null]}', "
                       "'{\"sh1\": true}', '(?<![[:alnum:]_])(sh1)(?![[:alnum:]_])', "
                       "'{\"sh1\": \"[shopper]\"}')") == "{\"a\": [\"x [shopper]\", 3, null]}");
    // South's texts are South's: North's names are not its to redact, nor its own in them.
    auto s = db.as("south");
    BOOST_TEST(one(*s, "SELECT summary FROM visits") == "seen");

    // With the client's staff pseudonymised, the staff member's code and name read as the
    // pseudonym it reads in employees.
    PgServer admin(db.uri("adm"), false);
    admin.client_options("North", true, false);
    const std::string pseudonym = one(*c, "SELECT code FROM employees");
    BOOST_TEST(pseudonym.rfind("Staff ", 0) == 0, pseudonym);
    BOOST_TEST(one(*c, "SELECT summary" + where) == "Met by [shopper] and [shopper]; " + pseudonym +
                                                        " (" + pseudonym +
                                                        ") helped; SH10, xsh1 and [shopper] too");
    BOOST_TEST(one(*c, "SELECT comments::jsonb ->> 'greeted'" + where) ==
               "[shopper]\nsaw " + pseudonym);
    const std::string all = one(*c, "SELECT summary || answers || comments" + where);
    for (const char* name : {"SH1", "Sam", "SAM", "Ann", "ANN", "Sue", "sue"}) {
        BOOST_TEST_INFO_SCOPE(name);
        BOOST_TEST(all.find(std::string(name) + " ") == std::string::npos, all);
    }
    // The client's app reads the same texts through its store (its redactors find nothing left).
    {
        vs::storage::PgStore store(db.uri("north"), vs::storage::OpenMode::ReadOnly);
        const vs::storage::StoredVisit got = store.load_visit(db.visit("north_approved"));
        BOOST_TEST(got.visit.summary == one(*c, "SELECT summary" + where));
        BOOST_TEST(got.visit.comments.at("greeted") == "[shopper]\nsaw " + pseudonym);
        BOOST_TEST(got.visit.comments.at("warmth") == "fine");
    }
    // The staff read the texts as written.
    BOOST_TEST(one(*su, "SELECT summary" + where).find("SAM SHOPPER") != std::string::npos);
    auto r = db.as("rev1");
    BOOST_TEST(one(*r, "SELECT comments" + where).find("ANN ABLE") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(
    client_reads_what_the_staff_write_without_its_shoppers_or_pseudonymised_staff) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto su = db.as("");
    const std::string visit = id(db.visit("north_approved"));
    // Branch N1's staff: Ann Able (E1), Bob Baker and Al Green; branch N2's two Bobs share
    // their first name. What the staff wrote: a decided dispute point, an action plan, and
    // notifications of both branches; a photo named after the shopper.
    rows(*su, "INSERT INTO branches (client_id, code, name) SELECT id, 'N2', 'North Two' FROM "
              "clients WHERE name = 'North'");
    rows(*su, "INSERT INTO employees (client_id, branch_id, code, name) SELECT c.id, b.id, x.code, "
              "x.name FROM clients c JOIN branches b ON b.client_id = c.id, (VALUES ('N1', 'E2', "
              "'Bob Baker'), ('N1', 'E3', 'Al Green'), ('N2', 'E4', 'Bob Stone'), ('N2', 'E5', "
              "'Bob Marsh')) x(branch, code, name) WHERE c.name = 'North' AND b.code = x.branch");
    rows(*su, "INSERT INTO disputes (visit_id, client_id, question, original_answer, "
              "proposed_answer, reason, opened_by, evidence_name, status, decision, "
              "decided_answer, decision_reason, decided_by) SELECT " +
                  visit +
                  ", client_id, 'greeted', 'no, said Sam Shopper', 'yes', 'SH1 missed "
                  "Ann at the door', '" +
                  db.account("rev2") +
                  "', 'sh1-door.jpg', 'decided', 'partly', 'Ann Able greeted', "
                  "'Checked with ann able and Bob: sam shopper (sh1) was early; Al agreed', '" +
                  db.account("rev1") + "' FROM visits WHERE id = " + visit);
    rows(*su, "INSERT INTO action_plans (client_id, branch_id, visit_id, sections, owner, "
              "actions, start_date, note) SELECT v.client_id, v.branch_id, v.id, '[\"greeting\"]', "
              "'Ann Able', '[{\"text\":\"Ann to greet; Sam Shopper returns\",\"owner\":\"Bob "
              "Baker\",\"due\":\"\",\"done\":false},{\"text\":\"Al checks the door\",\"owner\":"
              "\"Al Green\",\"due\":\"\",\"done\":false}]', '2026-10-04', 'sh1 saw Bob; coach "
              "Ann' FROM visits v WHERE v.id = " +
                  visit);
    rows(*su, "INSERT INTO notifications (event_key, rule, client_id, branch, visit_id, subject, "
              "body) SELECT x.k, 'critical', c.id, x.b, NULL, x.s, x.t FROM clients c, (VALUES "
              "('n1', 'N1', 'Ann at N1', 'SH1 (Sam Shopper) saw Ann Able and Bob'), ('n2', 'N2', "
              "'Bob at N2', 'Bob Stone and Bob asked')) x(k, b, s, t) WHERE c.name = 'North'");
    rows(*su, "UPDATE attachments SET name = 'Sam Shopper till.JPG' WHERE visit_id = " + visit);

    auto c = db.as("north");
    const std::string dispute = "SELECT original_answer || '|' || reason || '|' || evidence_name "
                                "|| '|' || decided_answer || '|' || decision_reason FROM disputes";
    const std::string plan = "SELECT owner || '|' || note || '|' || actions FROM action_plans";
    const std::string notes =
        "SELECT string_agg(subject || '|' || body, '/' ORDER BY id) FROM notifications";
    // Staff named as written (the client does not read them pseudonymised); shoppers never.
    BOOST_TEST(one(*c, dispute) == "no, said [shopper]|[shopper] missed Ann at the door|"
                                   "[shopper]-door.jpg|Ann Able greeted|Checked with ann able and "
                                   "Bob: [shopper] ([shopper]) was early; Al agreed");
    BOOST_TEST(one(*c, plan) ==
               "Ann Able|[shopper] saw Bob; coach Ann|[{\"due\": \"\", \"done\": false, \"text\": "
               "\"Ann to greet; [shopper] returns\", \"owner\": \"Bob Baker\"}, {\"due\": \"\", "
               "\"done\": false, \"text\": \"Al checks the door\", \"owner\": \"Al Green\"}]");
    BOOST_TEST(one(*c, notes) ==
               "Ann at N1|[shopper] ([shopper]) saw Ann Able and Bob/Bob at N2|Bob Stone and Bob "
               "asked");
    BOOST_TEST(one(*c, "SELECT name FROM attachments") == "photo-1.jpg");
    // The tables' free text is not the client's to read, whatever the search path; what its
    // writes need is.
    for (const char* sql :
         {"SELECT reason FROM public.disputes", "SELECT decision_reason FROM public.disputes",
          "SELECT decided_answer FROM public.disputes", "SELECT * FROM public.disputes",
          "SELECT note FROM public.action_plans", "SELECT actions FROM public.action_plans",
          "SELECT owner FROM public.action_plans", "SELECT body FROM public.notifications",
          "SELECT subject FROM public.notifications", "SELECT name FROM public.attachments",
          "SET search_path = public; SELECT reason FROM disputes"}) {
        BOOST_TEST_INFO_SCOPE(sql);
        BOOST_TEST(refused(*c, sql));
    }
    BOOST_TEST(count(*c, "SELECT count(*) FROM public.disputes WHERE status = 'decided'") == 1);
    BOOST_TEST(count(*c, "SELECT count(*) FROM public.action_plans WHERE state = 'open'") == 1);
    // A query that reads no text works out no names and redacts nothing.
    for (const char* sql : {"SELECT id, status FROM disputes", "SELECT id, state FROM action_plans",
                            "SELECT id, read_at FROM notifications", "SELECT id, score FROM visits",
                            "SELECT id, size FROM attachments"}) {
        BOOST_TEST_INFO_SCOPE(sql);
        pqxx::read_transaction tx(*c);
        std::string plan_text;
        for (const auto& row : tx.exec(std::string("EXPLAIN (VERBOSE, COSTS OFF) ") + sql))
            plan_text += row[0].as<std::string>() + "\n";
        for (const char* needle : {"redact", "shoppers", "employees", "count("})
            BOOST_TEST(plan_text.find(needle) == std::string::npos, plan_text);
    }
    // Writing through the views goes to the tables with the account's own rights: a text it
    // may not change is refused, nothing written.
    BOOST_TEST(refused(*c, "UPDATE action_plans SET note = 'x'"));
    BOOST_TEST(refused(*c, "UPDATE notifications SET body = 'x'"));
    BOOST_TEST(refused(*c, "UPDATE disputes SET reason = 'x'"));

    // Pseudonymised: the staff's codes, full names and (unique in their branch, of three letters
    // or more) first names read as their pseudonyms; Al (two letters) and N2's Bob (shared) do
    // not, Bob Stone does.
    PgServer admin(db.uri("adm"), false);
    admin.client_options("North", true, false);
    auto pseudonym = [&](const std::string& code) {
        return one(*su, "SELECT visitscore_staff_pseudonym(id) FROM employees WHERE code = '" +
                            code + "'");
    };
    const std::string ann = pseudonym("E1"), bob = pseudonym("E2"), al = pseudonym("E3"),
                      stone = pseudonym("E4");
    BOOST_TEST(ann.rfind("Staff ", 0) == 0, ann);
    BOOST_TEST(one(*c, dispute) == "no, said [shopper]|[shopper] missed " + ann +
                                       " at the door|[shopper]-door.jpg|" + ann +
                                       " greeted|Checked with " + ann + " and " + bob +
                                       ": [shopper] ([shopper]) was early; Al agreed");
    BOOST_TEST(one(*c, plan) == ann + "|[shopper] saw " + bob + "; coach " + ann +
                                    "|[{\"due\": \"\", \"done\": false, \"text\": \"" + ann +
                                    " to greet; [shopper] returns\", \"owner\": \"" + bob +
                                    "\"}, {\"due\": \"\", \"done\": false, \"text\": \"Al checks "
                                    "the door\", \"owner\": \"" +
                                    al + "\"}]");
    BOOST_TEST(one(*c, notes) == "" + ann + " at N1|[shopper] ([shopper]) saw " + ann + " and " +
                                     bob + "/Bob at N2|" + stone + " and Bob asked");
    // The visit's own texts follow the same first-name rule.
    rows(*su, "UPDATE visits SET summary = 'Ann and Bob were there, Al too' WHERE id = " + visit);
    BOOST_TEST(one(*c, "SELECT summary FROM visits") ==
               ann + " and " + bob + " were there, Al too");

    // The client's app reads the same through its store, and ticks an action done and a
    // notification read: the staff's text stays as they wrote it.
    {
        vs::storage::PgStore store(db.uri("north"), vs::storage::OpenMode::MustExist);
        const std::vector<vs::storage::Dispute> points = store.disputes({});
        BOOST_REQUIRE(points.size() == 1u);
        BOOST_TEST(points[0].reason == "[shopper] missed " + ann + " at the door");
        BOOST_TEST(points[0].decided_answer == ann + " greeted");
        BOOST_TEST(points[0].shopper == "[shopper]");
        std::vector<vs::storage::ActionPlan> plans = store.action_plans({});
        BOOST_REQUIRE(plans.size() == 1u);
        BOOST_TEST(plans[0].owner == ann);
        BOOST_TEST(plans[0].note == "[shopper] saw " + bob + "; coach " + ann);
        BOOST_REQUIRE(plans[0].actions.size() == 2u);
        BOOST_TEST(plans[0].actions[0].text == ann + " to greet; [shopper] returns");
        plans[0].actions[0].done = true;
        plans[0].actions[1].text = "Al checks the door daily";
        plans[0].state = "in_progress";
        store.update_action_plan(plans[0], "someone", "started");
        std::vector<vs::storage::Notification> got = store.notifications({});
        BOOST_REQUIRE(got.size() == 2u);
        if (got[0].branch != "N1")
            std::swap(got[0], got[1]);
        BOOST_TEST(got[0].body == "[shopper] ([shopper]) saw " + ann + " and " + bob);
        BOOST_TEST(got[1].body == stone + " and Bob asked");
        store.set_notification_read(got[0].id, true);
        const std::vector<vs::storage::AttachmentInfo> photos =
            store.attachments(db.visit("north_approved"));
        BOOST_REQUIRE(photos.size() == 1u);
        BOOST_TEST(photos[0].name == "photo-1.jpg");
    }
    BOOST_TEST(one(*su, "SELECT state || '|' || (actions::jsonb->0->>'text') || '|' || "
                        "(actions::jsonb->0->>'done') || '|' || (actions::jsonb->0->>'owner') || "
                        "'|' || (actions::jsonb->1->>'text') FROM action_plans") ==
               "in_progress|Ann to greet; Sam Shopper returns|true|Bob Baker|Al checks the door "
               "daily");
    BOOST_TEST(count(*su, "SELECT count(*) FROM notifications WHERE read_at IS NOT NULL") == 1);

    // A point the client's account opens reads in its own words.
    rows(*c, "INSERT INTO public.disputes (visit_id, client_id, question, proposed_answer, "
             "reason) SELECT id, client_id, 'warmth', '5', 'Ann says Bob was warm' FROM visits");
    BOOST_TEST(one(*c, "SELECT reason FROM disputes WHERE question = 'warmth'") ==
               "Ann says Bob was warm");

    // The staff read everything as written, through their stores too.
    auto r = db.as("rev1");
    BOOST_TEST(one(*r, "SELECT decision_reason FROM disputes WHERE question = 'greeted'") ==
               "Checked with ann able and Bob: sam shopper (sh1) was early; Al agreed");
    BOOST_TEST(one(*r, "SELECT note FROM action_plans") == "sh1 saw Bob; coach Ann");
    vs::storage::PgStore reviewer(db.uri("rev1"), vs::storage::OpenMode::MustExist);
    BOOST_TEST(reviewer.action_plans({}).at(0).owner == "Ann Able");
    BOOST_TEST(one(*r, "SELECT body FROM notifications WHERE branch = 'N1'") ==
               "SH1 (Sam Shopper) saw Ann Able and Bob");
    for (const vs::storage::Notification& n : reviewer.notifications({}))
        if (n.branch == "N1")
            BOOST_TEST(n.body == "SH1 (Sam Shopper) saw Ann Able and Bob");
    BOOST_TEST(reviewer.attachments(db.visit("north_approved")).at(0).name ==
               "Sam Shopper till.JPG");

    // The workbook's redactor (the Recognition sheet's: the shoppers, the visit's staff member,
    // and the recognised staff's names and the words that named them) and the server give the
    // same text for the same praise, with the server's pseudonyms.
    const std::string praise = "Ann was excellent at the door, Bob helped, Al waved and SH1 saw it";
    rows(*su, "UPDATE visits SET comments = jsonb_build_object('greeted', '" + praise +
                  "')::TEXT WHERE id = " + visit);
    vs::scoring::RecognitionVisit v;
    v.uuid = "v";
    v.visited_at = "2026-10-03T14:05";
    v.client = "North";
    v.branch = "N1";
    v.employee = "E1";
    v.comments = {{"greeted", praise}};
    const std::vector<vs::scoring::Recognition> found =
        vs::scoring::recognise({v}, {{"E1", "Ann Able", "N1"},
                                     {"E2", "Bob Baker", "N1"},
                                     {"E3", "Al Green", "N1"},
                                     {"E4", "Bob Stone", "N2"},
                                     {"E5", "Bob Marsh", "N2"}});
    BOOST_REQUIRE(found.size() == 2u); // Ann and Bob, each by their first name
    vs::exports::Redactor redact;
    for (const char* shopper : {"SH1", "Sam Shopper", "SH2", "Sue Other"})
        redact.add(shopper, "[shopper]");
    redact.add("Ann Able", ann);
    redact.add("E1", ann);
    vs::exports::add_recognised_staff(
        redact, found,
        [&](const std::string&, const std::string& code) { return pseudonym(code); });
    const std::string workbook = redact.apply(found[0].comment);
    BOOST_TEST(workbook == ann + " was excellent at the door, " + bob +
                               " helped, Al waved and [shopper] saw it");
    BOOST_TEST(one(*c, "SELECT comments::jsonb ->> 'greeted' FROM visits") == workbook);
}

BOOST_AUTO_TEST_CASE(an_audit_entry_of_a_malformed_plan_subject_fails_no_audit_read) {
    VS_NEEDS_SERVER();
    ServerDb db;
    // Subjects beginning "plan:" without a plan's number (written by hand or by a tool): the
    // audit log is read all the same, those entries with no client or branch.
    auto su = db.as("");
    for (const char* subject : {"plan:x1", "plan:", "plan:99999999999999999999"})
        rows(*su, std::string("SELECT visitscore_append_assignment_audit('") + subject +
                      "', 'someone', 'action_plan', 'owner', '', 'y', '')");
    for (const char* who : {"", "adm", "rev1"}) {
        BOOST_TEST_INFO_SCOPE(who);
        vs::storage::PgStore store(db.uri(who), vs::storage::OpenMode::MustExist);
        vs::storage::AuditQuery q;
        q.action = "action_plan";
        std::vector<vs::storage::AuditRow> got;
        BOOST_CHECK_NO_THROW(got = store.audit_entries(q));
        BOOST_TEST(got.size() == 3u);
        for (const vs::storage::AuditRow& row : got)
            BOOST_TEST(row.client.empty());
        BOOST_CHECK_NO_THROW(store.audit_entries({}));
    }
}

BOOST_AUTO_TEST_CASE(a_survey_response_names_no_shopper_and_a_mystery_visit_one_whoever_writes) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto su = db.as("");
    std::string survey;
    {
        pqxx::work tx(*su);
        survey = tx.exec1("INSERT INTO templates (code, version, name, channel, target, source) "
                          "SELECT 'cs', 1, 'Customer survey', 'survey', 0, source FROM templates "
                          "WHERE code = 'mini' RETURNING id")[0]
                     .as<std::string>();
        tx.commit();
    }
    const std::string mystery = one(*su, "SELECT id FROM templates WHERE code = 'mini'");
    const std::string shopper = one(*su, "SELECT id FROM shoppers WHERE code = 'SH1'");
    auto insert = [&](const std::string& uuid, const std::string& tpl, const std::string& shop) {
        return "INSERT INTO visits (uuid, template_id, client_id, branch_id, shopper_id, "
               "visited_at, day, status, target, source_hash) SELECT '" +
               uuid + "', " + tpl + ", client_id, branch_id, " + shop +
               ", visited_at, day, 'approved', 80, 1 FROM visits WHERE id = " +
               id(db.visit("north_approved"));
    };
    // Refused for the superuser (a copy) and the admin account alike, naming the shopper.
    for (const char* who : {"", "adm"}) {
        BOOST_TEST_INFO_SCOPE(who);
        auto c = db.as(who);
        const std::string with = refusal(*c, insert("r-with", survey, shopper));
        BOOST_TEST(with.find("customer survey") != std::string::npos, with);
        BOOST_TEST(with.find("shopper_id") != std::string::npos, with);
        const std::string without = refusal(*c, insert("m-without", mystery, "NULL"));
        BOOST_TEST(without.find("names its shopper") != std::string::npos, without);
        BOOST_TEST(refused(*c, "UPDATE visits SET shopper_id = NULL WHERE id = " +
                                   id(db.visit("north_approved"))));
        BOOST_TEST(refused(*c, "UPDATE visits SET template_id = " + survey +
                                   " WHERE id = " + id(db.visit("north_approved"))));
    }
    BOOST_TEST(count(*su, "SELECT count(*) FROM visits WHERE uuid IN ('r-with', 'm-without')") ==
               0);
    BOOST_TEST(count(*su, "SELECT count(*) FROM visits WHERE shopper_id IS NULL") == 0);
    // A response without a shopper and a mystery visit with one go through; the response is
    // then never given a shopper.
    BOOST_TEST(rows(*su, insert("r-without", survey, "NULL")) == 1u);
    BOOST_TEST(rows(*su, insert("m-with", mystery, shopper)) == 1u);
    BOOST_TEST(refused(*su, "UPDATE visits SET shopper_id = " + shopper +
                                " WHERE uuid = "
                                "'r-without'"));
    BOOST_TEST(rows(*su, "UPDATE visits SET summary = 'kept' WHERE uuid = 'r-without'") == 1u);
}

BOOST_AUTO_TEST_CASE(admin_edits_scorecards_organisation_settings_and_purges) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto c = db.as("adm");
    BOOST_TEST(count(*c, "SELECT count(*) FROM visits") == 7);
    BOOST_TEST(count(*c, "SELECT count(*) FROM settings WHERE key = 'pseudonym_key'") == 1);
    BOOST_TEST(rows(*c, "UPDATE templates SET name = 'Renamed'") == 1u);
    BOOST_TEST(rows(*c, "UPDATE branches SET name = 'Renamed' WHERE code = 'N1'") == 1u);
    BOOST_TEST(rows(*c, "UPDATE settings SET value = 'false' WHERE key = "
                        "'allow_self_approval'") == 1u);
    rows(*c, append_audit(db.visit("north_approved"), "retention job", "purge"));
    auto su = db.as("");
    BOOST_TEST(one(*su, "SELECT who FROM audit_log ORDER BY id DESC LIMIT 1") == "retention job");
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'approved' WHERE id = " +
                            id(db.visit("other_submitted"))) == 1u);
    // Imports stream through COPY, which PostgreSQL allows only past row-level security: an
    // admin account bypasses it; a reviewer does not.
    {
        pqxx::work tx(*c);
        pqxx::stream_to copy(tx, "clients", std::vector<std::string>{"name"});
        copy << std::make_tuple(std::string("Copied Ltd"));
        copy.complete();
        tx.commit();
    }
    BOOST_TEST(count(*su, "SELECT count(*) FROM clients WHERE name = 'Copied Ltd'") == 1);
    auto rev = db.as("rev1");
    BOOST_TEST(refused(*rev, "COPY clients (name) FROM STDIN"));
}

BOOST_AUTO_TEST_CASE(admin_approves_their_own_submission_only_where_self_approval_is_allowed) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto c = db.as("adm");
    auto su = db.as("");
    BOOST_TEST(one(*su, "SELECT value FROM visitscore_meta WHERE key = 'server_rules'") == "14");
    // The admin submits a draft; without self-approval allowed, approving it is refused, even
    // though the audit entry names someone else (an admin's entries carry the name given).
    BOOST_TEST(rows(*c, "UPDATE settings SET value = 'false' WHERE key = "
                        "'allow_self_approval'") == 1u);
    const std::string own = id(db.visit("sh2_draft"));
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'submitted' WHERE id = " + own) == 1u);
    rows(*c, "SELECT visitscore_append_audit(" + own +
                 ", 'Front desk', 'status', 'status', 'draft', 'submitted', '')");
    const std::string message =
        refusal(*c, "UPDATE visits SET status = 'approved' WHERE id = " + own);
    BOOST_TEST(message.find("submitted it, and an admin approves a visit they submitted only "
                            "where the database allows self-approval") != std::string::npos,
               message);
    BOOST_TEST(one(*su, "SELECT status FROM visits WHERE id = " + own) == "submitted");
    // Nor is it once returned and submitted again by the same admin.
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'returned' WHERE id = " + own) == 1u);
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'submitted' WHERE id = " + own) == 1u);
    BOOST_TEST(refused(*c, "UPDATE visits SET status = 'approved' WHERE id = " + own));
    // A reviewer who did not submit it approves it.
    BOOST_TEST(rows(*db.as("rev1"), "UPDATE visits SET status = 'approved' WHERE id = " + own) ==
               1u);
    BOOST_TEST(one(*su, "SELECT status FROM visits WHERE id = " + own) == "approved");
    // A setting missing altogether allows nothing either; the superuser is held to it too.
    BOOST_TEST(rows(*c, "DELETE FROM settings WHERE key = 'allow_self_approval'") == 1u);
    const std::string mine = id(db.visit("sh1_draft"));
    BOOST_TEST(rows(*su, "UPDATE visits SET status = 'submitted' WHERE id = " + mine) == 1u);
    BOOST_TEST(refused(*su, "UPDATE visits SET status = 'approved' WHERE id = " + mine));
    // A one-person office allows it: the admin's own submission is approved.
    BOOST_TEST(rows(*c, "INSERT INTO settings (key, value) VALUES ('allow_self_approval', "
                        "' Yes ')") == 1u);
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'returned' WHERE id = " + mine) == 1u);
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'submitted' WHERE id = " + mine) == 1u);
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'approved' WHERE id = " + mine) == 1u);
    // Running init again keeps the rule (and its version) in force.
    {
        PgServer again(db.uri(), true);
        again.init();
    }
    BOOST_TEST(one(*su, "SELECT value FROM visitscore_meta WHERE key = 'server_rules'") == "14");
    BOOST_TEST(rows(*c, "UPDATE settings SET value = 'off' WHERE key = "
                        "'allow_self_approval'") == 1u);
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'returned' WHERE id = " + mine) == 1u);
    BOOST_TEST(rows(*c, "UPDATE visits SET status = 'submitted' WHERE id = " + mine) == 1u);
    BOOST_TEST(refused(*c, "UPDATE visits SET status = 'approved' WHERE id = " + mine));
}

BOOST_AUTO_TEST_CASE(clients_and_shoppers_read_only_the_settings_their_apps_need) {
    VS_NEEDS_SERVER();
    ServerDb db;
    auto su = db.as("");
    BOOST_TEST(rows(*su, "INSERT INTO settings (key, value) VALUES "
                         "('survey_mapping.South', '{\"client\": \"South\"}'), "
                         "('survey_mapping.North', '{}'), ('alert.below@South', '70'), "
                         "('alert.below@North', '50'), ('alert.below', '60'), "
                         "('smtp.url', 'smtp://mail.consultancy.example:25'), "
                         "('smtp.user', 'alerts'), ('smtp.from', 'alerts@consultancy.example'), "
                         "('integrity.branch_z', '2.5'), ('user', 'Rita Reviewer'), "
                         "('dispute.deadline_days', '20'), ('voice.min_n', '4')") == 12u);
    // A client's account: nothing naming another client, no survey mapping, no SMTP, no
    // integrity threshold, no staff member's name; its own client's alert rules and what its
    // app reads.
    auto north = db.as("north");
    BOOST_TEST(count(*north, "SELECT count(*) FROM settings WHERE key LIKE '%South%' OR value "
                             "LIKE '%South%'") == 0);
    BOOST_TEST(count(*north, "SELECT count(*) FROM settings WHERE key LIKE 'survey\\_mapping.%' "
                             "OR key LIKE 'smtp.%' OR key LIKE 'integrity.%' OR key IN ('user', "
                             "'pseudonym_key')") == 0);
    BOOST_TEST(one(*north, "SELECT string_agg(key, ',' ORDER BY key) FROM settings") ==
               "alert.below,alert.below@North,allow_self_approval,dispute.deadline_days,"
               "voice.min_n");
    BOOST_TEST(count(*db.as("south"), "SELECT count(*) FROM settings WHERE key LIKE '%North%'") ==
               0);
    // A shopper's account: the self-approval and dispute rules only.
    BOOST_TEST(one(*db.as("shop1"), "SELECT string_agg(key, ',' ORDER BY key) FROM settings") ==
               "allow_self_approval,dispute.deadline_days");
    // The staff read them all.
    BOOST_TEST(count(*db.as("rev1"), "SELECT count(*) FROM settings WHERE key LIKE "
                                     "'survey\\_mapping.%' OR key LIKE 'smtp.%'") == 5);
    // Through the store, as the client's app reads them.
    vs::storage::PgStore client(db.uri("north"), vs::storage::OpenMode::ReadOnly);
    BOOST_TEST(client.setting("smtp.url", "none") == "none");
    BOOST_TEST(client.setting("survey_mapping.South", "none") == "none");
    BOOST_TEST(client.setting("alert.below@South", "none") == "none");
    BOOST_TEST(client.setting("alert.below@North", "none") == "50");
    BOOST_TEST(client.setting("dispute.deadline_days", "none") == "20");
}

BOOST_AUTO_TEST_CASE(stores_of_each_account_work_within_the_server_rules) {
    VS_NEEDS_SERVER();
    ServerDb db;
    // The mini scorecard's visits (client "Test Client": A and B approved, C submitted),
    // imported through the store as the superuser.
    {
        vs::storage::PgStore su(db.uri(), vs::storage::OpenMode::MustExist);
        const std::string dir = VS_TEST_DATA;
        const std::string tpl = dir + "/mini.template.json";
        su.add_template(vs::forms::parse_template(vs::forms::read_file(tpl), tpl), tpl);
        const std::string visits = dir + "/mini.visits.json";
        su.import_visits(vs::forms::parse_visit_package(vs::forms::read_file(visits), visits),
                         visits);
    }
    PgServer(db.uri(), false)
        .add_account(db.account("new"), "client", std::string("Test Client"), std::nullopt);

    // A client account's store reads its views with the backend's ordinary SQL: its approved
    // visits, their scorecard, aggregates, never a shopper.
    vs::storage::PgStore client(db.uri("new"), vs::storage::OpenMode::ReadOnly);
    BOOST_TEST(client.account() == db.account("new"));
    BOOST_TEST(client.templates().size() == 1u);
    BOOST_TEST(client.visit_id_of("00000000-0000-4000-8000-00000000000a").has_value());
    BOOST_TEST(!client.visit_id_of("00000000-0000-4000-8000-00000000000c").has_value());
    BOOST_TEST(!client.visit_id_of("00000000-0000-4000-8000-000000000011").has_value());
    vs::storage::VisitFilter all;
    all.statuses = {};
    std::vector<vs::storage::VisitDetail> details;
    client.visit_details(all, [&](const vs::storage::VisitDetail& d) { details.push_back(d); });
    BOOST_TEST(details.size() == 2u);
    for (const auto& d : details) {
        BOOST_TEST(d.client == "Test Client");
        BOOST_TEST(d.shopper == "[shopper]");
        BOOST_TEST(d.shopper_name.empty());
        BOOST_TEST(d.employee_name != "");
    }
    const vs::scoring::FactTable facts = client.load_facts(all, true);
    BOOST_TEST(facts.visits.size() == 2u);
    BOOST_TEST(facts.shoppers.names == std::vector<std::string>{"[shopper]"});
    BOOST_TEST(client.pseudonym_key().empty());
    BOOST_TEST(client.setting("allow_self_approval", "") == "true");
    BOOST_TEST(client.audit_entries({}).empty());

    // A reviewer's store: review steps go through, but not the approval of a visit they
    // submitted, whatever author the call names.
    vs::storage::PgStore reviewer(db.uri("rev1"), vs::storage::OpenMode::MustExist);
    const auto c = reviewer.visit_id_of("00000000-0000-4000-8000-00000000000c");
    BOOST_REQUIRE(c.has_value());
    using vs::forms::Status;
    reviewer.record_status(*c, Status::Submitted, Status::Returned, "someone", "a photo?", "");
    reviewer.record_status(*c, Status::Returned, Status::Submitted, "someone", "", "");
    BOOST_TEST(reviewer.submitter(*c) == db.account("rev1"));
    try {
        reviewer.record_status(*c, Status::Submitted, Status::Approved, "someone", "", "");
        BOOST_FAIL("a reviewer approved a visit they submitted");
    } catch (const vs::storage::StorageError& e) {
        BOOST_TEST(std::string(e.what()).find("refused by the server") != std::string::npos,
                   e.what());
    }
    vs::storage::PgStore other(db.uri("rev2"), vs::storage::OpenMode::MustExist);
    other.record_status(*c, Status::Submitted, Status::Approved, "someone", "", "");
    BOOST_TEST(client.visit_id_of("00000000-0000-4000-8000-00000000000c").has_value());

    // A shopper's store: nothing of the mini visits (another shopper's), no approval.
    vs::storage::PgStore shopper(db.uri("shop1"), vs::storage::OpenMode::MustExist);
    BOOST_TEST(!shopper.visit_id_of("00000000-0000-4000-8000-00000000000a").has_value());
    BOOST_CHECK_THROW(shopper.record_status(db.visit("sh1_submitted"), Status::Submitted,
                                            Status::Approved, "someone", "", ""),
                      vs::storage::StorageError);
    BOOST_CHECK_THROW(shopper.purge_personal_data(30000, "someone"), vs::storage::StorageError);
    // Their own drafts: created, saved, submitted; none in another shopper's name.
    vs::forms::Visit draft;
    draft.template_id = "mini";
    draft.template_version = 1;
    draft.client = "North";
    draft.branch = "N1";
    draft.employee = "E1";
    draft.shopper = "SH1";
    draft.visited_at = "2026-11-02T10:00";
    const std::int64_t mine = shopper.create_draft(draft);
    draft.summary = "saved";
    shopper.save_draft(mine, draft);
    shopper.record_status(mine, Status::Draft, Status::Submitted, "someone", "", "");
    BOOST_TEST(shopper.submitter(mine) == db.account("shop1"));
    BOOST_CHECK_THROW(shopper.save_draft(mine, draft), vs::storage::StorageError);
    draft.shopper = "SH2";
    BOOST_CHECK_THROW(shopper.create_draft(draft), vs::storage::StorageError);
    draft.shopper = "SH1";
    draft.branch = "N2"; // a branch nobody has added: a shopper adds no organisation
    BOOST_CHECK_THROW(shopper.create_draft(draft), vs::storage::StorageError);
}

BOOST_AUTO_TEST_CASE(large_reads_of_a_client_account_and_a_reviewer_are_whole) {
    // Enough visits that a store shares a read between two connections (pg_facts.cpp): a
    // reviewer's read of several clients splits at a sampled (client, day) under row-level
    // security; a client account's read of its view (which cannot be sampled) by day.
    VS_NEEDS_SERVER();
    ServerDb db(false);
    vs::storage::PgStore su(db.uri(), vs::storage::OpenMode::MustExist);
    const std::string dir = VS_TEST_DATA;
    const std::string tpl = dir + "/mini.template.json";
    su.add_template(vs::forms::parse_template(vs::forms::read_file(tpl), tpl), tpl);
    const std::string file = dir + "/mini.visits.json";
    // The mini visits (client "Test Client": A and B approved, C submitted), copied; every
    // other copy for a second client, in dates unlike their id order.
    const std::vector<vs::forms::Visit> models =
        vs::forms::parse_visit_package(vs::forms::read_file(file), file);
    constexpr int kCopies = 5600;
    const std::vector<vs::forms::Visit> visits = vs::test::visit_copies(models, kCopies, '9');
    su.import_visits(visits, file);
    PgServer(db.uri(), false)
        .add_account(db.account("new"), "client", std::string("Test Client"), std::nullopt);
    auto ids = [](const vs::scoring::FactTable& facts) {
        std::set<std::int64_t> out;
        for (const vs::scoring::VisitFact& v : facts.visits)
            out.insert(v.visit_id);
        BOOST_TEST(out.size() == facts.visits.size()); // each visit once
        return out;
    };
    vs::storage::VisitFilter every;
    every.statuses = {};
    const std::set<std::int64_t> all = ids(su.load_facts(every, false));
    BOOST_TEST(all.size() == visits.size());
    vs::storage::PgStore reviewer(db.uri("rev1"), vs::storage::OpenMode::MustExist);
    BOOST_TEST((ids(reviewer.load_facts(every, true)) == all));
    vs::storage::VisitFilter theirs;
    theirs.client = "Test Client";
    const std::set<std::int64_t> approved = ids(su.load_facts(theirs, false));
    BOOST_TEST(approved.size() == 2u * kCopies / 2);
    vs::storage::PgStore client(db.uri("new"), vs::storage::OpenMode::ReadOnly);
    BOOST_TEST((ids(client.load_facts(every, true)) == approved));
}

BOOST_AUTO_TEST_CASE(a_purge_leaves_no_trace_of_the_shopper_who_accepted_or_declined) {
    VS_NEEDS_SERVER();
    ServerDb db;
    // Two assignments of SH1 (Sam Shopper, account shop1), made by the superuser.
    {
        vs::storage::PgStore su(db.uri(), vs::storage::OpenMode::MustExist);
        std::vector<vs::storage::Assignment> items;
        for (const char* uuid : {"pa-1", "pa-2"}) {
            vs::storage::Assignment a;
            a.uuid = uuid;
            a.client = "North";
            a.branch = "N1";
            a.template_id = "mini";
            a.template_version = 1;
            a.window_from = "2025-10-01";
            a.window_to = "2025-10-31";
            a.shopper = "SH1";
            items.push_back(a);
        }
        su.put_assignments(items, "planner");
    }
    // The shopper accepts one and declines the other on the server, in their own name.
    {
        vs::storage::PgStore shopper(db.uri("shop1"), vs::storage::OpenMode::MustExist);
        shopper.set_assignment_status("pa-1", "accepted", "", "whatever the app says");
        shopper.set_assignment_status("pa-2", "declined", "", "whatever the app says");
    }
    const std::string name = db.account("shop1");
    auto su = db.as("");
    // These two, and the submission the fixture recorded in their name.
    BOOST_TEST(count(*su, "SELECT count(*) FROM audit_log WHERE who = '" + name + "'") == 3);
    BOOST_TEST(count(*su, "SELECT count(*) FROM audit_log WHERE who = '" + name +
                              "' AND assignment_uuid IN ('pa-1', 'pa-2')") == 2);
    const std::string head = [&] {
        vs::storage::PgStore store(db.uri(), vs::storage::OpenMode::MustExist);
        return store.verify_audit("").head;
    }();

    // The admin purges every visit (all are before the day): SH1 is purged.
    vs::storage::PgStore admin(db.uri("adm"), vs::storage::OpenMode::MustExist);
    BOOST_TEST(admin.purge_personal_data(30000, "dpo").shoppers >= 1u);

    // Raw SQL as the superuser over every text column of every table: the account and the
    // shopper's name are gone, but from the list of server accounts (who may log in).
    std::vector<std::pair<std::string, std::string>> columns;
    {
        pqxx::read_transaction tx(*su);
        for (const pqxx::row& r :
             tx.exec("SELECT table_name, column_name FROM information_schema.columns c JOIN "
                     "information_schema.tables t USING (table_schema, table_name) WHERE "
                     "table_schema = 'public' AND t.table_type = 'BASE TABLE' AND data_type IN "
                     "('text', 'character varying') AND table_name <> 'server_accounts'"))
            columns.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
    }
    BOOST_TEST_REQUIRE(columns.size() > 20u);
    for (const std::string& needle : {name, std::string("Sam Shopper")})
        for (const auto& [table, column] : columns) {
            BOOST_TEST_INFO_SCOPE(table << "." << column << " holds " << needle);
            BOOST_TEST(count(*su, "SELECT count(*) FROM " + su->quote_name(table) +
                                      " WHERE strpos(" + su->quote_name(column) + ", " +
                                      su->quote(needle) + ") > 0") == 0);
        }
    // Each assignment: its entries redacted, a purge entry of its own by the admin's named
    // author, and the chain verifies with the head recorded before the purge.
    BOOST_TEST(count(*su, "SELECT count(*) FROM audit_log WHERE action = 'purge' AND "
                          "assignment_uuid IN ('pa-1', 'pa-2') AND who = 'dpo' AND visit_id IS "
                          "NULL") == 2);
    BOOST_TEST(one(*su, "SELECT new_value FROM audit_log WHERE assignment_uuid = 'pa-2' AND "
                        "action = 'assignment' AND field = 'status'") == "declined");
    const vs::storage::AuditCheck check = admin.verify_audit(head);
    BOOST_TEST(check.ok(), check.problem);
}

BOOST_AUTO_TEST_CASE(manual_page_names_every_server_command) {
    const std::string page =
        read_text(std::string(VS_TEST_DATA) + "/../../packaging/visitscore-cli.1");
    BOOST_REQUIRE(!page.empty());
    for (const char* command : {"server init", "server user add", "server user list",
                                "server user password", "server client"}) {
        BOOST_TEST_INFO_SCOPE(command);
        BOOST_TEST(page.find(std::string(".SS \"") + command) != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
