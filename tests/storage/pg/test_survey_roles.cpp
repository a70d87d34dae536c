// Customer survey responses on a shared server (SCORING.md §10, ROLES.md): a version 7 database
// (visits.shopper_id NOT NULL) migrates with its visits kept and then takes responses without a
// shopper; a shopper account never reads one, changes none (exactly no row) and cannot turn its
// own draft into a visit without a shopper with raw SQL (the server's check_violation); a client
// account reads its approved responses and still no shopper's code or name.
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
using test::raw_sql::run;
using test::raw_sql::text;
using test::raw_sql::value;

namespace {

const char* const kAccounts[] = {"shop1", "cli"};

std::string data_file(const std::string& name) {
    return (fs::path(VS_TEST_DATA) / name).string();
}

void add(storage::Store& store, const std::string& tpl, const std::string& visits) {
    store.add_template(forms::parse_template(forms::read_file(data_file(tpl)), tpl), tpl);
    store.import_visits(forms::parse_visit_package(forms::read_file(data_file(visits)), visits),
                        visits);
}

/// What the server did with `sql`, run in a transaction of its own: the rows it changed, or its
/// refusal's SQLSTATE and message.
struct Outcome {
    long long rows = -1;
    std::string sqlstate; ///< empty when it was carried out
    std::string message;
};

Outcome attempt(pqxx::connection& conn, const std::string& sql) {
    Outcome out;
    try {
        pqxx::work tx(conn);
        out.rows = static_cast<long long>(tx.exec0(sql).affected_rows());
        tx.commit();
    } catch (const pqxx::sql_error& e) {
        out.sqlstate = e.sqlstate();
        out.message = e.what();
    }
    return out;
}

/// The visits' rows as the superuser reads them: uuid, shopper, status and summary, in order.
std::string visit_rows(pqxx::connection& conn) {
    return text(conn, "SELECT string_agg(concat_ws('|', uuid, coalesce(shopper_id::text, '-'), "
                      "status, coalesce(summary, '-')), E'\\n' ORDER BY uuid) FROM visits");
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

    // Visit A, S1's, back to a draft (as the superuser), so that its shopper may edit it.
    pqxx::connection admin(db.uri());
    BOOST_TEST(run(admin, "UPDATE visits SET status = 'draft' WHERE uuid = "
                          "'00000000-0000-4000-8000-00000000000a'") == 1);
    const std::string before = visit_rows(admin);
    pqxx::connection shop(db.uri("shop1"));
    BOOST_TEST(value(shop, "SELECT count(*) FROM visits") == 2); // A and B, their own
    BOOST_TEST(value(shop, kSurveyVisits) == 0);
    // The responses are not the shopper's to see, so not to change: no row is touched (and
    // nothing refused: a shopper may update their own drafts).
    const Outcome hidden =
        attempt(shop, "UPDATE visits SET summary = 'x' WHERE shopper_id IS NULL");
    BOOST_TEST(hidden.sqlstate == "", hidden.message);
    BOOST_TEST(hidden.rows == 0);
    const Outcome by_uuid = attempt(shop, "UPDATE visits SET summary = 'x' WHERE uuid = "
                                          "'00000000-0000-4000-8000-0000000000d1'");
    BOOST_TEST(by_uuid.sqlstate == "", by_uuid.message);
    BOOST_TEST(by_uuid.rows == 0);
    // Their approved visit B is no longer theirs to edit: no row either.
    const Outcome approved =
        attempt(shop, "UPDATE visits SET shopper_id = NULL WHERE status = 'approved'");
    BOOST_TEST(approved.sqlstate == "", approved.message);
    BOOST_TEST(approved.rows == 0);
    // Their draft A turned into a visit of no shopper: the server refuses it (the visit's channel
    // rules: a mystery visit names its shopper).
    const Outcome orphan = attempt(shop, "UPDATE visits SET shopper_id = NULL WHERE uuid = "
                                         "'00000000-0000-4000-8000-00000000000a'");
    BOOST_TEST(orphan.sqlstate == "23514", orphan.message); // check_violation
    BOOST_TEST(orphan.message.find("visit 00000000-0000-4000-8000-00000000000a: scorecard") !=
                   std::string::npos,
               orphan.message);
    BOOST_TEST(orphan.message.find("names its shopper (shopper_id)") != std::string::npos,
               orphan.message);
    // A change the shopper may make to the draft goes through, so the refusals above are the
    // rules' and not a lack of rights.
    BOOST_TEST(attempt(shop, "UPDATE visits SET summary = summary WHERE uuid = "
                             "'00000000-0000-4000-8000-00000000000a'")
                   .rows == 1);
    // Read back as the superuser: every visit as it was.
    BOOST_TEST(visit_rows(admin) == before);
    BOOST_TEST(value(admin, "SELECT count(*) FROM visits WHERE shopper_id IS NULL") == 2);
    // Visit A approved again, as the client's reads below expect it.
    BOOST_TEST(run(admin, "UPDATE visits SET status = 'approved' WHERE uuid = "
                          "'00000000-0000-4000-8000-00000000000a'") == 1);

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
