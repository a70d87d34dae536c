// Who may read and change assignments, their fees and shopper exclusions on a shared server
// (ROLES.md), tried with raw SQL as a person with psql would, and through the store: a shopper
// reads only their own assignments and fees and only accepts or declines them, a reviewer never
// reads fees (and lists assignments without them), a client reads none of it. And a version 2
// database migrates to the field cycle's schema with its rows kept. Each case makes a database of
// its own on the cluster named by VISITSCORE_TEST_PG and drops it (and its accounts) at the end.
#include "forms/json_io.h"
#include "storage/pg_schema.h"
#include "storage/pg_server.h"
#include "storage/store.h"
#include "tests/pg_role_db.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <iterator>
#include <pqxx/pqxx>
#include <string>

namespace fs = std::filesystem;
using namespace vs;

namespace {

const char* const kAccounts[] = {"adm", "rev", "shop1", "cli"};

/// A database of its own with the mini scorecard and visits (shoppers S1, S2), an assignment
/// for each shopper with a fee, an exclusion, server init and one account of each kind.
class Server {
  public:
    void set_up() {
        {
            auto store = storage::open_postgres(uri(), storage::OpenMode::Create);
            const std::string tpl = (fs::path(VS_TEST_DATA) / "mini.template.json").string();
            const std::string visits = (fs::path(VS_TEST_DATA) / "mini.visits.json").string();
            store->add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
            store->import_visits(forms::parse_visit_package(forms::read_file(visits), visits),
                                 visits);
            storage::Assignment a;
            a.client = "Test Client";
            a.branch = "B1";
            a.template_id = "mini";
            a.template_version = 1;
            a.window_from = "2099-01-01";
            a.window_to = "2099-01-31";
            a.uuid = "as-s1";
            a.shopper = "S1";
            a.fee_cents = 1000;
            storage::Assignment b = a;
            b.uuid = "as-s2";
            b.shopper = "S2";
            b.fee_cents = 2000;
            store->put_assignments({a, b}, "planner");
            store->set_shopper_exclusion("Test Client", "S2", "B1", true, "knows the staff");
        }
        storage::PgServer server(uri(), true);
        server.init();
        server.add_account(account("adm"), "admin", std::nullopt, std::nullopt);
        server.add_account(account("rev"), "reviewer", std::nullopt, std::nullopt);
        server.add_account(account("shop1"), "shopper", std::nullopt, "S1");
        server.add_account(account("cli"), "client", "Test Client", std::nullopt);
    }

    std::string name() const { return m_db.name(); }
    std::string account(const std::string& who) const { return m_db.account(who); }
    std::string uri(const std::string& who = "") const { return m_db.uri(who); }

  private:
    test::PgRoleDatabase m_db{"vs_asg_", {kAccounts, kAccounts + std::size(kAccounts)}};
};

/// Runs `sql` in a transaction of its own on `conn`: the rows it affected or returned, or -1
/// when the server refused it.
long long run(pqxx::connection& conn, const std::string& sql) {
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

long long value(pqxx::connection& conn, const std::string& sql) {
    pqxx::work tx(conn);
    return tx.exec1(sql)[0].as<long long>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(pg_assignment_roles)

BOOST_AUTO_TEST_CASE(a_shopper_reads_and_answers_only_their_own_assignments) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    pqxx::connection shop(s.uri("shop1"));
    BOOST_TEST(run(shop, "SELECT * FROM assignments") == 1);
    BOOST_TEST(run(shop, "SELECT * FROM assignments WHERE uuid = 'as-s2'") == 0);
    BOOST_TEST(value(shop, "SELECT count(*) FROM assignment_fees") == 1);
    BOOST_TEST(value(shop, "SELECT sum(fee_cents) FROM assignment_fees") == 1000);
    // Another shopper's assignment cannot be answered; their fee is not there to read.
    BOOST_TEST(run(shop, "UPDATE assignments SET status = 'accepted' WHERE uuid = 'as-s2'") == 0);
    BOOST_TEST(run(shop, "SELECT fee_cents FROM assignment_fees f JOIN assignments a ON a.id = "
                         "f.assignment_id WHERE a.uuid = 'as-s2'") == 0);
    // Only accepted or declined, and no other column.
    BOOST_TEST(run(shop, "UPDATE assignments SET status = 'cancelled' WHERE uuid = 'as-s1'") == -1);
    BOOST_TEST(run(shop, "UPDATE assignments SET status = 'offered' WHERE uuid = 'as-s1'") == -1);
    BOOST_TEST(run(shop, "UPDATE assignments SET status = 'visited', visit_uuid = "
                         "'00000000-0000-4000-8000-00000000000c' WHERE uuid = 'as-s1'") == -1);
    BOOST_TEST(run(shop, "UPDATE assignments SET window_to = '2100-01-01' WHERE uuid = 'as-s1'") ==
               -1);
    BOOST_TEST(run(shop, "UPDATE assignments SET shopper_id = NULL WHERE uuid = 'as-s1'") == -1);
    BOOST_TEST(run(shop, "UPDATE assignment_fees SET fee_cents = 99999") == -1);
    BOOST_TEST(run(shop, "INSERT INTO assignments (uuid, client_id, branch_id, template_id, "
                         "window_from, window_to, created_at, updated_at) SELECT 'x', client_id, "
                         "branch_id, template_id, window_from, window_to, created_at, updated_at "
                         "FROM assignments") == -1);
    BOOST_TEST(run(shop, "DELETE FROM assignments") == -1);
    BOOST_TEST(run(shop, "SELECT * FROM shopper_exclusions") == -1);
    BOOST_TEST(run(shop, "UPDATE assignments SET status = 'accepted' WHERE uuid = 'as-s1'") == 1);
    // Marking it visited takes a visit of their own (A is S1's).
    BOOST_TEST(run(shop, "UPDATE assignments SET status = 'visited', visit_uuid = "
                         "'00000000-0000-4000-8000-00000000000a' WHERE uuid = 'as-s1'") == 1);

    // Through the store: their own, with its fee; a refused change is an error.
    auto store = storage::open_postgres(s.uri("shop1"), storage::OpenMode::MustExist);
    const auto mine = store->assignments({});
    BOOST_REQUIRE_EQUAL(mine.size(), 1u);
    BOOST_TEST(mine[0].uuid == "as-s1");
    BOOST_REQUIRE(mine[0].fee_cents.has_value());
    BOOST_TEST(*mine[0].fee_cents == 1000);
    BOOST_TEST(!store->assignment("as-s2"));
    BOOST_CHECK_THROW(store->set_assignment_status("as-s1", "cancelled", "", "S1"),
                      storage::StorageError);
}

BOOST_AUTO_TEST_CASE(reviewers_never_read_fees_and_clients_read_no_assignments) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    pqxx::connection rev(s.uri("rev"));
    BOOST_TEST(run(rev, "SELECT * FROM assignment_fees") == -1);
    BOOST_TEST(run(rev, "SELECT * FROM assignments") == 2);
    BOOST_TEST(run(rev, "SELECT * FROM shopper_exclusions") == 1);
    BOOST_TEST(run(rev, "INSERT INTO shopper_exclusions (shopper_id, branch_id) SELECT "
                        "shopper_id, branch_id FROM assignments WHERE uuid = 'as-s1'") == -1);
    BOOST_TEST(run(rev, "INSERT INTO assignment_fees (assignment_id, fee_cents) SELECT id, 1 FROM "
                        "assignments") == -1);
    BOOST_TEST(run(rev, "UPDATE assignments SET status = 'cancelled' WHERE uuid = 'as-s2'") == 1);
    // The store lists them without fees instead of failing.
    auto reviewer = storage::open_postgres(s.uri("rev"), storage::OpenMode::MustExist);
    const auto all = reviewer->assignments({});
    BOOST_REQUIRE_EQUAL(all.size(), 2u);
    BOOST_TEST(!all[0].fee_cents.has_value());
    BOOST_TEST(!all[1].fee_cents.has_value());
    BOOST_TEST(all[1].status == "cancelled");
    BOOST_TEST(reviewer->shopper_exclusions("Test Client").size() == 1u);
    // A fee in a reviewer's put is refused, and nothing is stored.
    storage::Assignment changed = *reviewer->assignment("as-s1");
    changed.note = "changed";
    changed.fee_cents = 5;
    BOOST_CHECK_THROW(reviewer->put_assignments({changed}, "rev"), storage::StorageError);
    BOOST_TEST(reviewer->assignment("as-s1")->note.empty());
    changed.fee_cents.reset();
    reviewer->put_assignments({changed}, "rev");
    BOOST_TEST(reviewer->assignment("as-s1")->note == "changed");

    pqxx::connection cli(s.uri("cli"));
    BOOST_TEST(run(cli, "SELECT * FROM assignments") == -1);
    BOOST_TEST(run(cli, "SELECT * FROM public.assignments") == -1);
    BOOST_TEST(run(cli, "SELECT * FROM assignment_fees") == -1);
    BOOST_TEST(run(cli, "SELECT * FROM shopper_exclusions") == -1);
    BOOST_TEST(run(cli, "UPDATE public.assignments SET status = 'accepted'") == -1);
    // A client's visits carry no assignment or evidence.
    BOOST_TEST(value(cli, "SELECT count(*) FROM visits WHERE assignment_uuid IS NOT NULL OR "
                          "opened_at IS NOT NULL") == 0);

    pqxx::connection adm(s.uri("adm"));
    BOOST_TEST(value(adm, "SELECT sum(fee_cents) FROM assignment_fees") == 3000);
    auto admin = storage::open_postgres(s.uri("adm"), storage::OpenMode::MustExist);
    BOOST_TEST(*admin->assignment("as-s2")->fee_cents == 2000);
}

BOOST_AUTO_TEST_CASE(a_shopper_reads_only_the_scorecards_of_their_assignments_and_visits) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    {
        // "second": named by an assignment of S1's only; "third": by nothing of S1's (an
        // assignment of S2's).
        auto store = storage::open_postgres(s.uri(), storage::OpenMode::MustExist);
        const std::string file = (fs::path(VS_TEST_DATA) / "mini.template.json").string();
        for (const char* code : {"second", "third"}) {
            forms::Template t = forms::parse_template(forms::read_file(file), file);
            t.id = code;
            store->add_template(t, file);
        }
        storage::Assignment a = *store->assignment("as-s1");
        a.uuid = "as-s1-second";
        a.template_id = "second";
        storage::Assignment b = *store->assignment("as-s2");
        b.uuid = "as-s2-third";
        b.template_id = "third";
        store->put_assignments({a, b}, "planner");
    }
    pqxx::connection shop(s.uri("shop1"));
    BOOST_TEST(run(shop, "SELECT * FROM templates") == 2);
    BOOST_TEST(run(shop, "SELECT * FROM templates WHERE code = 'mini'") == 1); // their visits'
    BOOST_TEST(run(shop, "SELECT * FROM templates WHERE code = 'second'") == 1);
    BOOST_TEST(run(shop, "SELECT * FROM templates WHERE code = 'third'") == 0);
    BOOST_TEST(run(shop, "SELECT source FROM templates t JOIN assignments a ON a.template_id = "
                         "t.id WHERE t.code = 'third'") == 0);
    BOOST_TEST(run(shop, "UPDATE templates SET name = 'x'") == -1);
    // Through the store: what the shopper's app lists and opens.
    auto store = storage::open_postgres(s.uri("shop1"), storage::OpenMode::MustExist);
    BOOST_TEST(store->templates().size() == 2u);
    BOOST_TEST(!store->find_template("third", 1));
    BOOST_TEST(store->find_template("second", 1));
    pqxx::connection rev(s.uri("rev"));
    BOOST_TEST(run(rev, "SELECT * FROM templates") == 3);
    pqxx::connection adm(s.uri("adm"));
    BOOST_TEST(run(adm, "SELECT * FROM templates") == 3);
}

BOOST_AUTO_TEST_CASE(assignment_changes_are_audited_with_the_account_that_made_them) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    auto shopper = storage::open_postgres(s.uri("shop1"), storage::OpenMode::MustExist);
    shopper->set_assignment_status("as-s1", "accepted", "", "whatever the app says");
    pqxx::connection shop(s.uri("shop1"));
    // An entry about someone else's assignment, or a client's, is refused by the server.
    BOOST_TEST(run(shop, "SELECT visitscore_append_assignment_audit('as-s2', 'x', 'assignment', "
                         "'status', 'offered', 'accepted', '')") == -1);
    pqxx::connection cli(s.uri("cli"));
    BOOST_TEST(run(cli, "SELECT public.visitscore_append_assignment_audit('as-s1', 'x', "
                        "'assignment', 'status', 'offered', 'accepted', '')") == -1);
    // A shopper reads the entries of their own visits only, not the assignments'.
    BOOST_TEST(run(shop, "SELECT * FROM audit_log WHERE assignment_uuid <> ''") == 0);
    auto reviewer = storage::open_postgres(s.uri("rev"), storage::OpenMode::MustExist);
    reviewer->set_assignment_status("as-s2", "cancelled", "", "rita");
    storage::AuditQuery q;
    q.action = "assignment";
    const auto rows = reviewer->audit_entries(q);
    BOOST_REQUIRE_EQUAL(rows.size(), 4u); // two created (set-up), accepted, cancelled
    BOOST_TEST(rows[2].entry.assignment_uuid == "as-s1");
    BOOST_TEST(rows[2].entry.who == s.account("shop1"));
    BOOST_TEST(rows[2].entry.new_value == "accepted");
    BOOST_TEST(rows[3].entry.who == s.account("rev"));
    for (const auto& r : rows) // no fee (1000, 2000) in what a reviewer reads
        for (const std::string& text : {r.entry.old_value, r.entry.new_value, r.entry.reason})
            BOOST_TEST(text.find("000") == std::string::npos, text);
    const storage::AuditCheck check = reviewer->verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
}

BOOST_AUTO_TEST_CASE(version_2_migrates_to_the_field_cycle_with_its_rows) {
    VS_NEEDS_SERVER();
    Server s;
    pqxx::connection conn(s.uri());
    storage::pg_migrate(conn, 2);
    {
        pqxx::work tx(conn);
        tx.exec("INSERT INTO clients (name) VALUES ('Old')");
        tx.exec("INSERT INTO shoppers (client_id, code) SELECT id, 'S1' FROM clients");
        tx.exec("INSERT INTO branches (client_id, code) SELECT id, 'B1' FROM clients");
        tx.commit();
    }
    storage::pg_migrate(conn);
    BOOST_TEST(storage::pg_schema_version(conn) == storage::kPgSchemaVersion);
    BOOST_TEST(value(conn, "SELECT count(*) FROM shoppers WHERE region_id IS NULL") == 1);
    BOOST_TEST(value(conn, "SELECT count(*) FROM assignments") == 0);
    // The new tables count their writes like every other.
    const long long before = value(conn, "SELECT sum(commits) FROM visitscore_data_version");
    auto store = storage::open_postgres(s.uri(), storage::OpenMode::MustExist);
    store->set_shopper_exclusion("Old", "S1", "B1", true, "");
    BOOST_TEST(value(conn, "SELECT sum(commits) FROM visitscore_data_version") == before + 1);
    BOOST_TEST(store->shopper_exclusions("Old").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
