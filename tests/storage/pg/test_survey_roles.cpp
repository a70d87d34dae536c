// Customer survey responses on a shared server (SCORING.md §10, ROLES.md): a version 7 database
// (visits.shopper_id NOT NULL) migrates with its visits kept and then takes responses without a
// shopper; a shopper account never reads one and cannot write a visit without a shopper with
// raw SQL; a client account reads its approved responses and still no shopper's code or name.
// Each case makes a database of its own on the cluster named by VISITSCORE_TEST_PG.
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
using test::pg_test_server;
using test::raw_sql::run;
using test::raw_sql::text;
using test::raw_sql::value;

namespace {

#define VS_NEEDS_SERVER()                                                                          \
    if (!pg_test_server()) {                                                                       \
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: left out");                             \
        return;                                                                                    \
    }

const char* const kAccounts[] = {"shop1", "cli"};

std::string data_file(const std::string& name) {
    return (fs::path(VS_TEST_DATA) / name).string();
}

void add(storage::Store& store, const std::string& tpl, const std::string& visits) {
    store.add_template(forms::parse_template(forms::read_file(data_file(tpl)), tpl), tpl);
    store.import_visits(forms::parse_visit_package(forms::read_file(data_file(visits)), visits),
                        visits);
}

const char* const kSurveyVisits =
    "SELECT count(*) FROM visits WHERE template_id IN (SELECT id FROM templates WHERE channel = "
    "'survey')";

} // namespace

BOOST_AUTO_TEST_SUITE(pg_survey_responses)

BOOST_AUTO_TEST_CASE(version_7_migrates_and_then_takes_responses_without_a_shopper) {
    VS_NEEDS_SERVER();
    test::PgRoleDatabase db("vs_srv_", {});
    {
        auto store = storage::open_postgres(db.uri(), storage::OpenMode::Create);
        add(*store, "mini.template.json", "mini.visits.json");
    }
    // Back to version 7's shape with these rows.
    pqxx::connection conn(db.uri());
    {
        pqxx::work tx(conn);
        tx.exec("ALTER TABLE visits ALTER COLUMN shopper_id SET NOT NULL");
        tx.exec("UPDATE visitscore_meta SET value = '7' WHERE key = 'schema_version'");
        tx.commit();
    }
    BOOST_TEST(storage::pg_schema_version(conn) == 7);
    BOOST_TEST(text(conn, "SELECT is_nullable FROM information_schema.columns WHERE table_name = "
                          "'visits' AND column_name = 'shopper_id'") == "NO");
    auto store = storage::open_postgres(db.uri(), storage::OpenMode::MustExist); // migrates
    BOOST_TEST(storage::pg_schema_version(conn) == storage::kPgSchemaVersion);
    BOOST_TEST(value(conn, "SELECT count(*) FROM visits WHERE shopper_id IS NOT NULL") == 3);
    BOOST_TEST(text(conn, "SELECT is_nullable FROM information_schema.columns WHERE table_name = "
                          "'visits' AND column_name = 'shopper_id'") == "YES");
    add(*store, "survey.template.json", "survey.visits.json");
    BOOST_TEST(value(conn, "SELECT count(*) FROM visits WHERE shopper_id IS NULL AND status = "
                           "'approved'") == 2);
    BOOST_TEST(value(conn, "SELECT count(*) FROM shoppers") == 2); // S1, S2: none was made
    // The visits' references are still checked: a shopper that is not there is refused.
    BOOST_TEST(run(conn, "UPDATE visits SET shopper_id = 999999 WHERE shopper_id IS NULL") == -1);
}

BOOST_AUTO_TEST_CASE(shoppers_never_read_responses_and_clients_see_no_shopper) {
    VS_NEEDS_SERVER();
    test::PgRoleDatabase db("vs_srv_", {kAccounts, kAccounts + std::size(kAccounts)});
    {
        auto store = storage::open_postgres(db.uri(), storage::OpenMode::Create);
        add(*store, "mini.template.json", "mini.visits.json");
        add(*store, "survey.template.json", "survey.visits.json");
    }
    storage::PgServer server(db.uri(), true);
    server.init();
    server.add_account(db.account("shop1"), "shopper", std::nullopt, "S1");
    server.add_account(db.account("cli"), "client", "Test Client", std::nullopt);

    pqxx::connection shop(db.uri("shop1"));
    BOOST_TEST(value(shop, "SELECT count(*) FROM visits") == 2); // A and B, their own
    BOOST_TEST(value(shop, kSurveyVisits) == 0);
    BOOST_TEST(run(shop, "UPDATE visits SET summary = 'x' WHERE shopper_id IS NULL") <= 0);
    // A visit of no shopper written by a shopper's account is refused by the server.
    BOOST_TEST(run(shop, "UPDATE visits SET shopper_id = NULL WHERE status = 'approved'") <= 0);
    pqxx::connection admin(db.uri());
    BOOST_TEST(value(admin, "SELECT count(*) FROM visits WHERE shopper_id IS NULL") == 2);

    pqxx::connection cli(db.uri("cli"));
    BOOST_TEST(value(cli, kSurveyVisits) == 2); // the client's approved responses
    BOOST_TEST(value(cli, "SELECT count(*) FROM visits") == 4);
    // No shopper's code or name, on a mystery visit or a response.
    BOOST_TEST(value(cli, "SELECT count(*) FROM visits v JOIN shoppers s ON s.id = v.shopper_id "
                          "WHERE s.code <> '[shopper]' OR s.name <> ''") == 0);
    BOOST_TEST(run(cli, "SELECT * FROM public.shoppers") == -1);
    // A response names no shopper, not even the placeholder; a mystery visit names it.
    BOOST_TEST(value(cli, std::string(kSurveyVisits) + " AND shopper_id IS NULL") == 2);
    BOOST_TEST(value(cli, "SELECT count(*) FROM visits v JOIN shoppers s ON s.id = v.shopper_id "
                          "WHERE s.code = '[shopper]'") == 2);
    // So through the client's store: the response's page and the visit list show none.
    auto client = storage::open_postgres(db.uri("cli"), storage::OpenMode::MustExist);
    const storage::StoredVisit response =
        client->load_visit(*client->visit_id_of("00000000-0000-4000-8000-0000000000d1"));
    BOOST_TEST(response.visit.shopper.empty());
    BOOST_TEST(response.visit.shopper_name.empty());
    const storage::StoredVisit mystery =
        client->load_visit(*client->visit_id_of("00000000-0000-4000-8000-00000000000a"));
    BOOST_TEST(mystery.visit.shopper == "[shopper]");
}

BOOST_AUTO_TEST_SUITE_END()
