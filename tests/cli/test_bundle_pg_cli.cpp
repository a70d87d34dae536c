// The field cycle through the server instead of bundles: a shopper with an account of their own
// (server user add --role shopper) needs no bundle, since working on the server is the sync.
// The consultancy's demo data is copied onto a database of the test cluster, two assignments
// are given to two shoppers, and the shopper's account sees only its own assignment (and fee),
// accepts it, writes a visit with a photo there (draft, photo, submit, visited), and the
// reviewer approves it. Checked with raw reads as the superuser and as the shopper, as a person
// with psql would. Runs on the test cluster (VISITSCORE_TEST_PG, set by CTest's fixture).
#include "cli_run.h"
#include "services/bundle_zip.h"
#include "storage/store.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <unistd.h>

using namespace vs::test;

namespace {

/// A database of its own on the test cluster and the accounts made for it, dropped at the end.
struct FieldServer {
    std::string server;
    std::string prefix;
    std::string name;
    explicit FieldServer(const std::string& server_uri)
        : server(server_uri), prefix("vs_fb" + std::to_string(::getpid()) + "_"),
          name(prefix + "db") {
        drop();
        admin("CREATE DATABASE " + name);
    }
    ~FieldServer() { drop(); }
    FieldServer(const FieldServer&) = delete;
    FieldServer& operator=(const FieldServer&) = delete;

    void drop() const {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            for (const char* who : {"shop", "rev"})
                admin("DROP ROLE IF EXISTS " + prefix + who);
        } catch (const std::exception&) {
        }
    }
    void admin(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
    /// The database's URI as the superuser, or as the account `who` (trust on the test cluster).
    std::string uri(const std::string& who = "") const {
        std::string u = server.substr(0, server.rfind('/') + 1) + name;
        if (who.empty())
            return u;
        const auto start = u.find("://") + 3;
        const auto at = u.find('@', start);
        return u.substr(0, start) + prefix + who + u.substr(at == std::string::npos ? start : at);
    }
    std::string account(const std::string& who) const { return prefix + who; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(bundle_pg_cli)

BOOST_AUTO_TEST_CASE(a_shopper_account_works_on_the_server_without_bundles) {
    const char* server = std::getenv("VISITSCORE_TEST_PG");
    if (!server || !*server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: the server round trip is left out");
        return;
    }
    TempDir dir;
    const std::string office = dir.path("office.db");
    Run r = cli("--db " + office + " demo --visits 60 --seed 3");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    FieldServer pg(server);
    r = cli("--db '" + pg.uri() + "' server init");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli("copy --from " + office + " --to '" + pg.uri() + "'");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);

    // The consultancy (the database's owner) gives one assignment to each of two shoppers.
    std::string client, shopper, other, tpl;
    int version = 0;
    nlohmann::json answers;
    std::vector<std::string> branches;
    {
        auto store = vs::storage::open_sqlite(office, vs::storage::OpenMode::ReadOnly);
        const vs::storage::StoredVisit sample = store->load_visit(store->visit_ids({}).front());
        client = sample.visit.client;
        shopper = sample.visit.shopper;
        tpl = sample.visit.template_id;
        version = sample.visit.template_version;
        answers = sample.visit.answers;
        for (const auto& s :
             store->org_list(vs::storage::OrgKind::Shopper, std::nullopt, false, false))
            if (s.client == client && s.code != shopper && other.empty())
                other = s.code;
        for (const auto& b :
             store->org_list(vs::storage::OrgKind::Branch, std::nullopt, false, false))
            if (b.client == client && branches.size() < 2)
                branches.push_back(b.code);
    }
    BOOST_REQUIRE(!other.empty());
    BOOST_REQUIRE_EQUAL(branches.size(), 2u);
    const std::string mine = "0c5e0000-0000-4000-8000-000000000101";
    const std::string theirs = "0c5e0000-0000-4000-8000-000000000102";
    {
        // The demo data's own assignments aside: the shopper's view is checked on these two.
        pqxx::connection conn(pg.uri());
        pqxx::work tx(conn);
        tx.exec("DELETE FROM assignments");
        tx.commit();
    }
    {
        auto store = vs::storage::open_postgres(pg.uri());
        std::vector<vs::storage::Assignment> items(2);
        for (int i = 0; i < 2; ++i) {
            auto& a = items[i];
            a.uuid = i == 0 ? mine : theirs;
            a.client = client;
            a.branch = branches[i];
            a.template_id = tpl;
            a.template_version = version;
            a.scenario = "Ask about a savings account";
            a.window_from = "2026-12-01";
            a.window_to = "2099-12-20";
            a.shopper = i == 0 ? shopper : other;
            a.fee_cents = 3500 + i;
            a.status = "offered";
        }
        store->put_assignments(items, "planner");
    }
    r = cli("--db '" + pg.uri() + "' server user add " + pg.account("shop") +
            " --role shopper --client '" + client + "' --shopper " + shopper);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli("--db '" + pg.uri() + "' server user add " + pg.account("rev") + " --role reviewer");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);

    // The shopper's "sync": their own assignment and fee only, read as psql would.
    {
        pqxx::connection conn(pg.uri("shop"));
        pqxx::work tx(conn);
        const pqxx::result rows = tx.exec("SELECT uuid FROM assignments");
        BOOST_REQUIRE_EQUAL(rows.size(), 1u);
        BOOST_TEST(rows[0][0].as<std::string>() == mine);
        const pqxx::result fees = tx.exec("SELECT fee_cents FROM assignment_fees");
        BOOST_REQUIRE_EQUAL(fees.size(), 1u);
        BOOST_TEST(fees[0][0].as<long>() == 3500);
    }
    // Accepting it, a visit written on the server (draft, photo, submitted), the assignment
    // visited: all under the shopper's own account.
    const std::string visit_uuid = "6f1c2a1e-0d7b-4c39-9a0e-000000000101";
    std::vector<unsigned char> photo(30000);
    for (std::size_t i = 0; i < photo.size(); ++i)
        photo[i] = static_cast<unsigned char>(i * 7919 >> 3);
    const std::string sha = vs::services::detail::sha256_hex(photo.data(), photo.size());
    {
        auto store = vs::storage::open_postgres(pg.uri("shop"), vs::storage::OpenMode::MustExist);
        const auto list = store->assignments({});
        BOOST_REQUIRE_EQUAL(list.size(), 1u);
        store->set_assignment_status(mine, "accepted", list[0].updated_at, pg.account("shop"));
        vs::forms::Visit v;
        v.uuid = visit_uuid;
        v.template_id = tpl;
        v.template_version = version;
        v.client = client;
        v.branch = branches[0];
        v.shopper = shopper;
        v.visited_at = "2026-12-03T10:00:00";
        v.status = vs::forms::Status::Draft;
        v.answers = answers;
        v.assignment = mine;
        v.evidence = {"2026-12-03T09:00:00Z", "2026-12-03T09:01:00Z", ""};
        store->import_visits({v}, "the app");
        const std::int64_t id = store->visit_id_of(visit_uuid).value();
        store->add_attachment(id, "", "door.jpg", "image/jpeg", photo, {}, "2026-12-03T09:59:00");
    }
    r = cli("--db '" + pg.uri("shop") + "' visits submit --uuid " + visit_uuid);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    {
        auto store = vs::storage::open_postgres(pg.uri("shop"), vs::storage::OpenMode::MustExist);
        store->mark_assignment_visited(mine, visit_uuid);
    }

    // What the server holds, read raw as its owner.
    {
        pqxx::connection conn(pg.uri());
        pqxx::work tx(conn);
        const pqxx::row v = tx.exec_params1(
            "SELECT status, assignment_uuid, opened_at FROM visits WHERE uuid = $1", visit_uuid);
        BOOST_TEST(v[0].as<std::string>() == "submitted");
        BOOST_TEST(v[1].as<std::string>() == mine);
        BOOST_TEST(v[2].as<std::string>() == "2026-12-03T09:00:00Z");
        const pqxx::row a = tx.exec_params1(
            "SELECT a.sha256, a.captured_at, a.size FROM attachments a JOIN visits v "
            "ON v.id = a.visit_id WHERE v.uuid = $1",
            visit_uuid);
        BOOST_TEST(a[0].as<std::string>() == sha);
        BOOST_TEST(a[1].as<std::string>() == "2026-12-03T09:59:00");
        BOOST_TEST(a[2].as<long>() == 30000);
        const pqxx::row s =
            tx.exec_params1("SELECT status, visit_uuid FROM assignments WHERE uuid = $1", mine);
        BOOST_TEST(s[0].as<std::string>() == "visited");
        BOOST_TEST(s[1].as<std::string>() == visit_uuid);
        BOOST_TEST(tx.exec_params1("SELECT status FROM assignments WHERE uuid = $1", theirs)[0]
                       .as<std::string>() == "offered");
    }
    // The reviewer approves it; the shopper sees the review state of what they sent.
    r = cli("--db '" + pg.uri("rev") + "' visits approve --uuid " + visit_uuid);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    {
        pqxx::connection conn(pg.uri("shop"));
        pqxx::work tx(conn);
        BOOST_TEST(tx.exec_params1("SELECT status FROM visits WHERE uuid = $1", visit_uuid)[0]
                       .as<std::string>() == "approved");
        const long seen = tx.exec1("SELECT count(*) FROM visits")[0].as<long>();
        pqxx::connection owner(pg.uri());
        pqxx::work otx(owner);
        const long theirs_only = otx.exec_params1("SELECT count(*) FROM visits v JOIN shoppers s "
                                                  "ON s.id = v.shopper_id JOIN clients c ON "
                                                  "c.id = v.client_id WHERE s.code = $1 AND "
                                                  "c.name = $2",
                                                  shopper, client)[0]
                                     .as<long>();
        BOOST_TEST(seen == theirs_only); // only their own visits
    }
}

BOOST_AUTO_TEST_SUITE_END()
