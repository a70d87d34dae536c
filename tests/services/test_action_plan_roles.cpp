// Who may do what with action plans on a shared server (ROLES.md: admin and reviewer edit; a
// client's account its own client's plans' actions and state; a shopper nothing), tried with raw
// SQL as a person with psql would, and through the services. Each case makes a database of its
// own on the cluster named by VISITSCORE_TEST_PG and drops it (and its accounts) at the end.
#include "forms/error.h"
#include "forms/json_io.h"
#include "services/action_plans.h"
#include "storage/pg_server.h"
#include "storage/store.h"
#include "tests/pg_role_db.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <pqxx/pqxx>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace vs;

namespace {

using namespace test::raw_sql;

const char* const kAccounts[] = {"adm", "rev", "shop1", "cli", "cli2"};
constexpr const char* kOther = "00000000-0000-4000-8000-0000000000d1";

/// A database of its own with the mini scorecard and visits (Test Client, branches B1 and B2),
/// an approved visit of Other Client (branch O1), server init and one account of each kind.
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
        }
        storage::PgServer server(uri(), true);
        server.init();
        server.add_account(account("adm"), "admin", std::nullopt, std::nullopt);
        server.add_account(account("rev"), "reviewer", std::nullopt, std::nullopt);
        server.add_account(account("shop1"), "shopper", std::nullopt, "S1");
        server.add_account(account("cli"), "client", "Test Client", std::nullopt);
        server.add_account(account("cli2"), "client", "Other Client", std::nullopt);
    }
    std::string account(const std::string& who) const { return m_db.account(who); }
    std::string uri(const std::string& who = "") const { return m_db.uri(who); }
    std::unique_ptr<storage::Store> store(const std::string& who) const {
        return storage::open_postgres(uri(who), storage::OpenMode::MustExist);
    }

  private:
    test::PgRoleDatabase m_db{"vs_apl_", {kAccounts, kAccounts + std::size(kAccounts)}};
};

storage::ActionPlan plan(const std::string& client, const std::string& branch) {
    storage::ActionPlan p;
    p.client = client;
    p.branch = branch;
    p.sections = {"greeting"};
    p.owner = "Branch manager";
    p.actions = {{"Greet at the door", "Anna", "", false}};
    p.start_date = "2026-10-12";
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(action_plan_roles)

BOOST_AUTO_TEST_CASE(a_client_changes_only_its_own_plans_actions_and_state) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    auto admin = s.store("adm");
    const std::int64_t mine = services::open_plan(*admin, plan("Test Client", "B1"), "adm");
    const std::int64_t theirs = services::open_plan(*admin, plan("Other Client", "O1"), "adm");
    pqxx::connection super(s.uri());
    pqxx::connection cli(s.uri("cli"));
    pqxx::connection cli2(s.uri("cli2"));
    const std::string where_mine = " WHERE id = " + std::to_string(mine);
    // Each client reads its own client's plans only.
    BOOST_TEST(value(cli, "SELECT count(*) FROM action_plans") == 1);
    BOOST_TEST(value(cli2, "SELECT count(*) FROM action_plans") == 1);
    BOOST_TEST(value(cli, "SELECT id FROM action_plans") == mine);
    // What a client may not do, by hand.
    BOOST_TEST(run(cli, "UPDATE action_plans SET owner = 'nobody'" + where_mine) == -1);
    BOOST_TEST(run(cli, "UPDATE action_plans SET due_date = '2099-01-01'" + where_mine) == -1);
    BOOST_TEST(run(cli, "UPDATE action_plans SET state = 'verified'" + where_mine) == -1);
    BOOST_TEST(run(cli, "INSERT INTO action_plans (client_id, branch_id, start_date) SELECT "
                        "client_id, branch_id, start_date FROM action_plans") == -1);
    BOOST_TEST(run(cli, "DELETE FROM action_plans") == -1);
    BOOST_TEST(run(cli2, "UPDATE action_plans SET state = 'done'" + where_mine) == 0); // unseen
    BOOST_TEST(text(super, "SELECT owner || '/' || state || '/' || version FROM action_plans" +
                               where_mine) == "Branch manager/open/1");
    // What it may: the state, and the actions; the server adds one to the version whatever
    // the writer says.
    BOOST_TEST(
        run(cli, "UPDATE action_plans SET state = 'in_progress', version = 40" + where_mine) == 1);
    BOOST_TEST(value(super, "SELECT version FROM action_plans" + where_mine) == 2);
    // Through the services as the client's account: an action ticked, audited in its name.
    auto client = s.store("cli");
    storage::ActionPlan p = *client->action_plan(mine);
    BOOST_TEST(!client->action_plan(theirs));
    p.actions[0].done = true;
    services::update_plan(*client, p, "pretending to be someone", "ticked at the branch");
    BOOST_TEST(admin->action_plan(mine)->actions[0].done);
    BOOST_TEST(text(super, "SELECT who FROM audit_log WHERE assignment_uuid = 'plan:" +
                               std::to_string(mine) + "' ORDER BY id DESC LIMIT 1") ==
               s.account("cli"));
    p = *client->action_plan(mine);
    p.owner = "Someone else";
    BOOST_CHECK_THROW(services::update_plan(*client, p, "cli"), std::exception);
    // Its audit entries only about its own plans.
    BOOST_TEST(run(cli2, "SELECT visitscore_append_plan_audit(" + std::to_string(mine) +
                             ", 'x', 'state', '', '', '')") == -1);
    BOOST_TEST(admin->verify_audit("").ok());
}

BOOST_AUTO_TEST_CASE(a_shopper_has_no_right_on_plans) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    auto admin = s.store("adm");
    const std::int64_t id = services::open_plan(*admin, plan("Test Client", "B1"), "adm");
    pqxx::connection shop(s.uri("shop1"));
    BOOST_TEST(run(shop, "SELECT * FROM action_plans") == -1);
    BOOST_TEST(run(shop, "UPDATE action_plans SET state = 'done'") == -1);
    BOOST_TEST(run(shop, "INSERT INTO action_plans (client_id, branch_id, start_date) VALUES "
                         "(1, 1, '2026-01-01')") == -1);
    BOOST_TEST(run(shop, "SELECT visitscore_append_plan_audit(" + std::to_string(id) +
                             ", 'x', 'state', '', '', '')") == -1);
    pqxx::connection super(s.uri());
    BOOST_TEST(text(super, "SELECT state FROM action_plans") == "open");
}

BOOST_AUTO_TEST_CASE(staff_edit_in_their_own_name_and_only_an_admin_removes) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    auto rev = s.store("rev");
    const std::int64_t id = services::open_plan(*rev, plan("Test Client", "B1"), "claims admin");
    BOOST_TEST(rev->action_plan(id)->opened_by == s.account("rev"));
    storage::ActionPlan p = *rev->action_plan(id);
    p.owner = "Area manager";
    p.state = "in_progress";
    services::update_plan(*rev, p, "claims admin");
    pqxx::connection super(s.uri());
    BOOST_TEST(text(super, "SELECT string_agg(DISTINCT who, ',') FROM audit_log WHERE "
                           "action = 'action_plan'") == s.account("rev"));
    pqxx::connection r(s.uri("rev"));
    BOOST_TEST(run(r, "DELETE FROM action_plans") == -1);
    // A plan's branch is its client's, whoever writes.
    BOOST_TEST(run(r, "UPDATE action_plans SET branch_id = (SELECT id FROM branches WHERE code "
                      "= 'O1')") == -1);
    pqxx::connection adm(s.uri("adm"));
    BOOST_TEST(run(adm, "DELETE FROM action_plans") == 1);
}

BOOST_AUTO_TEST_CASE(the_server_keeps_the_states_order_and_audits_every_non_admin_write) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    auto admin = s.store("adm");
    const std::int64_t id = services::open_plan(*admin, plan("Test Client", "B1"), "adm");
    const std::string where = " WHERE id = " + std::to_string(id);
    const std::string subject = "'plan:" + std::to_string(id) + "'";
    pqxx::connection super(s.uri());
    pqxx::connection cli(s.uri("cli"));
    pqxx::connection rev(s.uri("rev"));
    auto entries = [&] {
        return value(super, "SELECT count(*) FROM audit_log WHERE assignment_uuid = " + subject);
    };
    const long long opened = entries();
    // A client's raw UPDATE forward is stored and audited in its account's name, with the
    // state's old and new values.
    BOOST_TEST(run(cli, "UPDATE action_plans SET state = 'in_progress'" + where) == 1);
    BOOST_TEST(entries() == opened + 1);
    BOOST_TEST(text(super, "SELECT who || '/' || field || '/' || old_value || '/' || new_value "
                           "FROM audit_log WHERE assignment_uuid = " +
                               subject + " ORDER BY id DESC LIMIT 1") ==
               s.account("cli") + "/state/open/in_progress");
    // Backwards: refused for a client and a reviewer, by raw SQL.
    BOOST_TEST(run(cli, "UPDATE action_plans SET state = 'open'" + where) == -1);
    BOOST_TEST(run(rev, "UPDATE action_plans SET state = 'open'" + where) == -1);
    BOOST_TEST(run(rev, "UPDATE action_plans SET state = 'verified'" + where) == -1); // not done
    BOOST_TEST(run(rev, "UPDATE action_plans SET state = 'done', owner = 'Area manager'" + where) ==
               1);
    BOOST_TEST(run(cli, "UPDATE action_plans SET state = 'in_progress'" + where) == 1);
    BOOST_TEST(run(rev, "UPDATE action_plans SET state = 'open'" + where) == -1);
    BOOST_TEST(run(rev, "UPDATE action_plans SET state = 'finished'" + where) == -1);
    BOOST_TEST(text(super, "SELECT state FROM action_plans" + where) == "in_progress");
    // The reviewer's two fields and the client's move back to in progress: three entries more.
    BOOST_TEST(entries() == opened + 4);
    BOOST_TEST(text(super, "SELECT string_agg(e, ',') FROM (SELECT who || ':' || field AS e "
                           "FROM audit_log WHERE assignment_uuid = " +
                               subject + " ORDER BY id OFFSET 2) t") ==
               s.account("rev") + ":owner," + s.account("rev") + ":state," + s.account("cli") +
                   ":state");
    // No one but an admin writes an entry by hand: not a client about its own plan, not a
    // reviewer.
    BOOST_TEST(run(cli, "SELECT visitscore_append_plan_audit(" + std::to_string(id) +
                            ", 'x', 'state', 'open', 'verified', '')") == -1);
    BOOST_TEST(run(rev, "SELECT visitscore_append_plan_audit(" + std::to_string(id) +
                            ", 'x', 'state', 'open', 'verified', '')") == -1);
    BOOST_TEST(entries() == opened + 4);
    // Through the services as a reviewer: its reason on the server's entries, no duplicates.
    auto r = s.store("rev");
    storage::ActionPlan p = *r->action_plan(id);
    p.note = "called the branch";
    services::update_plan(*r, p, "claims admin", "weekly call");
    BOOST_TEST(entries() == opened + 5);
    BOOST_TEST(text(super, "SELECT who || '/' || field || '/' || reason FROM audit_log WHERE "
                           "assignment_uuid = " +
                               subject + " ORDER BY id DESC LIMIT 1") ==
               s.account("rev") + "/note/weekly call");
    // An admin's store still appends its own, in the name the app gives.
    p = *admin->action_plan(id);
    p.owner = "Regional manager";
    services::update_plan(*admin, p, "Ada Admin", "");
    BOOST_TEST(entries() == opened + 6);
    BOOST_TEST(text(super, "SELECT who FROM audit_log WHERE assignment_uuid = " + subject +
                               " ORDER BY id DESC LIMIT 1") == "Ada Admin");
    BOOST_TEST(admin->verify_audit("").ok());
}

BOOST_AUTO_TEST_CASE(two_writers_at_once_store_one_open_plan_per_branch_and_sections) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    pqxx::connection super(s.uri());
    // A first writer holds the branch's lock and has inserted its plan on B1's "greeting", not
    // yet committed; a second opens the same plan meanwhile: the services' check sees nothing
    // yet, the store waits for the lock, then sees the first plan and refuses.
    pqxx::work first(super);
    const auto b1 = first.exec1("SELECT id, client_id FROM branches WHERE code = 'B1'");
    first.exec("SELECT pg_advisory_xact_lock(hashtext('visitscore.action_plans'), " +
               b1[0].as<std::string>() + ")");
    first.exec("INSERT INTO action_plans (client_id, branch_id, sections, start_date) VALUES (" +
               b1[1].as<std::string>() + ", " + b1[0].as<std::string>() +
               ", '[\"greeting\"]', '2026-10-12')");
    std::string refused;
    std::thread second([&] {
        auto rev = s.store("rev");
        try {
            services::open_plan(*rev, plan("Test Client", "B1"), "rev");
        } catch (const std::exception& e) {
            refused = e.what();
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    first.commit();
    second.join();
    BOOST_TEST(refused.find("(one open plan per branch and section set)") != std::string::npos,
               refused); // the store's refusal, not the services' check
    pqxx::connection check(s.uri());
    BOOST_TEST(value(check, "SELECT count(*) FROM action_plans") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
