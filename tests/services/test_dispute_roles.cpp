// Who may open and decide disputes on a shared server (ROLES.md), tried with raw SQL as a person
// with psql would, and through the services: a client account opens only on its own client's
// approved visits and reads only its own disputes (never the shopper), a client of another
// client and a shopper are refused, a client never decides, and the server refuses an arbiter
// who approved the visit even when the app's check is bypassed; nobody disputes a customer
// survey response, even by raw SQL. Each case makes a database of
// its own on the cluster named by VISITSCORE_TEST_PG and drops it (and its accounts) at the end.
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "services/disputes.h"
#include "services/review.h"
#include "storage/pg_server.h"
#include "storage/store.h"
#include "tests/pg_role_db.h"
#include "tests/services/survey_fixture.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <iterator>
#include <pqxx/pqxx>
#include <string>

namespace fs = std::filesystem;
using namespace vs;

namespace {

using namespace test::raw_sql;

const char* const kAccounts[] = {"adm", "rev", "shop1", "cli", "cli2"};
constexpr const char* kA = "00000000-0000-4000-8000-00000000000a";
constexpr const char* kC = "00000000-0000-4000-8000-00000000000c";
constexpr const char* kOther = "00000000-0000-4000-8000-0000000000d1";

/// A database of its own with the mini scorecard and visits (Test Client: A and B approved, C
/// submitted), an approved visit of Other Client, server init and one account of each kind
/// (two client accounts, one per client).
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
    test::PgRoleDatabase m_db{"vs_dsp_", {kAccounts, kAccounts + std::size(kAccounts)}};
};

std::string insert_on(const std::string& uuid) {
    return "INSERT INTO disputes (visit_id, client_id, question, proposed_answer, reason) "
           "SELECT id, client_id, 'greeted', '\"no\"', 'raw' FROM public.visits WHERE uuid = '" +
           uuid + "'";
}

std::string open_field(storage::Store& store, const std::string& uuid) {
    try {
        services::open_dispute(store, {uuid, "greeted", "no", "we saw it", "", {}}, "x");
    } catch (const InputError& e) {
        return e.where();
    } catch (const storage::StorageError& e) {
        return std::string("storage: ") + e.what();
    }
    return "";
}

/// The server's refusal of `sql` as `conn` ("" when it went through).
std::string refusal(pqxx::connection& conn, const std::string& sql) {
    try {
        pqxx::work tx(conn);
        tx.exec(sql);
        tx.commit();
    } catch (const pqxx::insufficient_privilege& e) {
        return e.what();
    }
    return "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(dispute_roles)

BOOST_AUTO_TEST_CASE(a_client_disputes_only_its_own_released_visits) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    pqxx::connection super(s.uri());
    const long long a_id =
        value(super, std::string("SELECT id FROM visits WHERE uuid = '") + kA + "'");
    const long long test_client = value(super, "SELECT id FROM clients WHERE name = 'Test Client'");
    // Another client's account: refused on Test Client's visit, even naming its ids by hand.
    pqxx::connection cli2(s.uri("cli2"));
    BOOST_TEST(run(cli2, "INSERT INTO disputes (visit_id, client_id, question, proposed_answer, "
                         "reason) VALUES (" +
                             std::to_string(a_id) + ", " + std::to_string(test_client) +
                             ", 'greeted', '\"no\"', 'raw')") == -1);
    // Its own client's submitted visit: refused (cli reads no unapproved visit; the id by hand).
    pqxx::connection cli(s.uri("cli"));
    const long long c_id =
        value(super, std::string("SELECT id FROM visits WHERE uuid = '") + kC + "'");
    BOOST_TEST(run(cli, "INSERT INTO disputes (visit_id, client_id, question, proposed_answer, "
                        "reason) VALUES (" +
                            std::to_string(c_id) + ", " + std::to_string(test_client) +
                            ", 'greeted', '\"no\"', 'raw')") == -1);
    BOOST_TEST(value(super, "SELECT count(*) FROM disputes") == 0);
    // Its own approved visit: stored in its own name whatever it says.
    BOOST_TEST(run(cli, "INSERT INTO disputes (visit_id, client_id, question, proposed_answer, "
                        "reason, opened_by) VALUES (" +
                            std::to_string(a_id) + ", " + std::to_string(test_client) +
                            ", 'style', '\"none\"', 'raw', 'someone else')") == 1);
    BOOST_TEST(text(super, "SELECT opened_by FROM disputes") == s.account("cli"));
    // Each client reads its own only; a client decides nothing.
    BOOST_TEST(value(cli, "SELECT count(*) FROM disputes") == 1);
    BOOST_TEST(value(cli2, "SELECT count(*) FROM disputes") == 0);
    BOOST_TEST(run(cli, "UPDATE disputes SET status = 'decided', decision = 'accepted'") == -1);
    BOOST_TEST(run(cli, "DELETE FROM disputes") == -1);

    // Through the services as each client account.
    auto own = s.store("cli");
    BOOST_TEST(open_field(*own, kA) == "");
    BOOST_TEST(open_field(*s.store("cli2"), kA) == "visit"); // not a visit it can see
    BOOST_TEST(open_field(*s.store("cli2"), kOther) == "");
    const auto mine = own->disputes({});
    BOOST_TEST_REQUIRE(mine.size() == 2u);
    for (const storage::Dispute& d : mine) {
        BOOST_TEST(d.shopper == "[shopper]"); // never the shopper's identity
        BOOST_TEST(d.client == "Test Client");
    }
    BOOST_CHECK_THROW(services::decide_dispute(*own, mine[0].id, services::DisputeOutcome::Accept,
                                               "", "we win", "cli"),
                      std::exception);
    BOOST_TEST(own->dispute(mine[0].id)->status == "open");
}

BOOST_AUTO_TEST_CASE(a_shopper_neither_reads_nor_opens_disputes) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    auto admin = s.store("adm");
    services::open_dispute(*admin, {kA, "greeted", "no", "on the client's behalf", "", {}}, "adm");
    pqxx::connection shop(s.uri("shop1"));
    BOOST_TEST(run(shop, "SELECT * FROM disputes") == -1);
    BOOST_TEST(run(shop, insert_on(kA)) == -1);
    BOOST_TEST(run(shop, "UPDATE disputes SET status = 'decided', decision = 'rejected'") == -1);
    pqxx::connection super(s.uri());
    BOOST_TEST(value(super, "SELECT count(*) FROM disputes") == 1);
    BOOST_TEST(text(super, "SELECT status FROM disputes") == "open");
}

BOOST_AUTO_TEST_CASE(the_server_refuses_an_arbiter_who_approved_the_visit) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    auto rev = s.store("rev");
    const std::int64_t c = *rev->visit_id_of(kC);
    services::approve(*rev, c, s.account("rev"), "");
    // The reviewer opens on the client's behalf (allowed), then may not decide it.
    const std::int64_t id =
        services::open_dispute(*rev, {kC, "greeted", "no", "the client says so", "", {}}, "rev");
    BOOST_CHECK_THROW(services::decide_dispute(*rev, id, services::DisputeOutcome::Reject, "", "no",
                                               s.account("rev")),
                      InputError);
    // With the app's check bypassed: the store names another arbiter; the server still refuses.
    BOOST_CHECK_THROW(rev->decide_dispute(id, {"rejected", "\"yes\"", "no", "somebody"}, nullptr),
                      storage::StorageError);
    pqxx::connection raw(s.uri("rev"));
    BOOST_TEST(run(raw, "UPDATE disputes SET status = 'decided', decision = 'rejected', "
                        "decided_answer = '\"yes\"', decision_reason = 'no', decided_by = "
                        "'somebody', decided_at = '2026-12-04T00:00:00Z' WHERE id = " +
                            std::to_string(id)) == -1);
    BOOST_TEST(rev->dispute(id)->status == "open");
    // Another arbiter (the admin) decides; the score follows and the chain verifies.
    auto admin = s.store("adm");
    services::decide_dispute(*admin, id, services::DisputeOutcome::Accept, "", "seen", "ahmed");
    BOOST_TEST(admin->dispute(id)->decision == "accepted");
    BOOST_TEST(admin->load_visit(c).visit.answers.at("greeted") == "no");
    // A decided point is not decided again, even by raw SQL.
    BOOST_TEST(run(raw, "UPDATE disputes SET decision = 'rejected' WHERE id = " +
                            std::to_string(id)) == -1);
    BOOST_TEST(admin->verify_audit("").ok());
}

BOOST_AUTO_TEST_CASE(nobody_disputes_a_customer_survey_response_even_by_raw_sql) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    test::load_survey(*s.store(""));
    pqxx::connection super(s.uri());
    const std::string survey_id = std::to_string(value(
        super, std::string("SELECT id FROM visits WHERE uuid = '") + test::kSurveyDetractor + "'"));
    const std::string a_id = std::to_string(
        value(super, std::string("SELECT id FROM visits WHERE uuid = '") + kA + "'"));
    const std::string client =
        std::to_string(value(super, "SELECT id FROM clients WHERE name = 'Test Client'"));
    const auto insert = [&](const std::string& visit) {
        return "INSERT INTO disputes (visit_id, client_id, question, proposed_answer, reason) "
               "VALUES (" +
               visit + ", " + client + ", 'resolved', '\"yes\"', 'raw')";
    };
    // The client's account reads its approved response, and the server refuses its point, as
    // the reviewer's.
    pqxx::connection cli(s.uri("cli"));
    BOOST_TEST(value(cli, "SELECT count(*) FROM visits WHERE id = " + survey_id) == 1);
    BOOST_TEST(refusal(cli, insert(survey_id)).find("customer survey response") !=
               std::string::npos);
    pqxx::connection rev(s.uri("rev"));
    BOOST_TEST(refusal(rev, insert(survey_id)).find("customer survey response") !=
               std::string::npos);
    BOOST_TEST(value(super, "SELECT count(*) FROM disputes") == 0);
    // Through the services, as the client: refused naming the visit, nothing written.
    auto own = s.store("cli");
    try {
        services::open_dispute(*own, {test::kSurveyDetractor, "resolved", "yes", "no", "", {}},
                               "cli", "2026-10-21");
        BOOST_ERROR("a survey response was disputed");
    } catch (const InputError& e) {
        BOOST_TEST(e.where() == "visit");
    }
    BOOST_TEST(value(super, "SELECT count(*) FROM disputes") == 0);
    // Its mystery visit is still disputed by raw SQL.
    BOOST_TEST(refusal(cli, "INSERT INTO disputes (visit_id, client_id, question, "
                            "proposed_answer, reason) VALUES (" +
                                a_id + ", " + client + ", 'style', '\"none\"', 'raw')") == "");
    BOOST_TEST(value(super, "SELECT count(*) FROM disputes") == 1);
}

BOOST_AUTO_TEST_CASE(only_an_admins_purge_blanks_decided_points) {
    VS_NEEDS_SERVER();
    Server s;
    s.set_up();
    auto rev = s.store("rev");
    const std::int64_t id = services::open_dispute(
        *rev, {kA, "greeted", "no", "Sam Shopper missed the greeting", "", {}}, "rev");
    auto admin = s.store("adm");
    services::decide_dispute(*admin, id, services::DisputeOutcome::Reject, "",
                             "Sam Shopper's photo stands", "ahmed");
    // A reviewer who sets the purge's flag still may not change a decided point.
    pqxx::connection raw(s.uri("rev"));
    BOOST_TEST(run(raw, "SET LOCAL visitscore.purging = 'on'; UPDATE disputes SET reason = '' "
                        "WHERE id = " +
                            std::to_string(id)) == -1);
    BOOST_TEST(rev->dispute(id)->reason == "Sam Shopper missed the greeting");
    // The admin's purge (A is before the day) blanks its names and reasons; the decision stays.
    const storage::PurgeReport r =
        admin->purge_personal_data(*forms::parse_day("2026-11-01"), s.account("adm"));
    BOOST_TEST(r.visits >= 1u);
    const storage::Dispute d = *admin->dispute(id);
    BOOST_TEST(d.reason == "");
    BOOST_TEST(d.decision_reason == "");
    BOOST_TEST(d.opened_by == "");
    BOOST_TEST(d.decided_by == "");
    BOOST_TEST(d.decision == "rejected");
    // The flag lasts for the purge's transaction only: a decided point is not changed after.
    pqxx::connection adm(s.uri("adm"));
    BOOST_TEST(run(adm, "UPDATE disputes SET decision_reason = 'x' WHERE id = " +
                            std::to_string(id)) == -1);
    BOOST_TEST(admin->verify_audit("").ok());
}

BOOST_AUTO_TEST_SUITE_END()
