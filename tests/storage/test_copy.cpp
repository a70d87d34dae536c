// Copying a whole database (storage/copy.h) between SQLite files: every stored row comes back
// equal, the audit chain verifies in the copy, and a target that holds data, the source itself
// or a missing source are refused with nothing written; the field cycle's rows (assignments,
// fees, exclusions, home regions, visit evidence, attachment hashes) go SQLite → PostgreSQL →
// SQLite unchanged when a test cluster is set (VISITSCORE_TEST_PG), with customer survey
// responses (no shopper) among the visits. (More: cli_copy_tests.)

#include "forms/error.h"
#include "forms/json_io.h"
#include "storage/copy.h"
#include "storage/raw_tables.h"
#include "storage/store.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace vs;

namespace {

struct CopyFolder {
    fs::path dir;
    CopyFolder() {
        char tmpl[] = "/tmp/vs-copy-XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~CopyFolder() { fs::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

using Rows = std::vector<std::pair<std::string, std::vector<storage::RawRow>>>;

Rows rows_of(const std::string& db) {
    auto reader = storage::sqlite_raw_reader(db);
    Rows out;
    for (const storage::RawTable& table : storage::raw_tables()) {
        out.emplace_back(table.name, std::vector<storage::RawRow>{});
        reader->rows(table, [&](const storage::RawRow& row) { out.back().second.push_back(row); });
    }
    return out;
}

/// The mini scorecard and visits (one with its assignment and evidence), a review step, an
/// attachment with its hash and capture time, a setting, an inactive shopper, assignments with a
/// fee, an exclusion and a home region.
void fill(const std::string& db) {
    auto store = storage::open_sqlite(db, storage::OpenMode::Create);
    const std::string tpl = (fs::path(VS_TEST_DATA) / "mini.template.json").string();
    const std::string visits = (fs::path(VS_TEST_DATA) / "mini.visits.json").string();
    store->add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
    std::vector<forms::Visit> package =
        forms::parse_visit_package(forms::read_file(visits), visits);
    package[0].assignment = "as-1";
    package[0].evidence = {"2026-10-03T12:00:00Z", "2026-10-03T12:01:00Z", "2026-10-03T12:30:00Z"};
    store->import_visits(package, visits);
    // Two customer survey responses: visits with no shopper (a NULL shopper_id).
    const std::string survey = (fs::path(VS_TEST_DATA) / "survey.template.json").string();
    const std::string responses = (fs::path(VS_TEST_DATA) / "survey.visits.json").string();
    store->add_template(forms::parse_template(forms::read_file(survey), survey), survey);
    store->import_visits(forms::parse_visit_package(forms::read_file(responses), responses),
                         responses);
    storage::Assignment a;
    a.uuid = "as-1";
    a.client = "Test Client";
    a.branch = "B1";
    a.template_id = "mini";
    a.template_version = 1;
    a.window_from = "2026-10-01";
    a.window_to = "2026-10-31";
    a.shopper = "S1";
    a.fee_cents = 1800;
    storage::Assignment b = a;
    b.uuid = "as-2";
    b.shopper.clear();
    b.fee_cents.reset();
    store->put_assignments({a, b}, "planner");
    store->mark_assignment_visited("as-1", package[0].uuid);
    store->set_shopper_exclusion("Test Client", "S2", "B1", true, "knows the manager");
    store->set_shopper_region("Test Client", "S1", "North");
    const std::int64_t c = *store->visit_id_of("00000000-0000-4000-8000-00000000000c");
    store->record_status(c, forms::Status::Submitted, forms::Status::Returned, "rita",
                         "photo missing", "");
    store->add_attachment(c, "", "receipt.jpg", "image/jpeg", {0xff, 0xd8, 0x00, 0x0a}, {},
                          "2026-11-02T09:31:00");
    store->set_setting("user", "rita");
    BOOST_REQUIRE(!store->pseudonym_key().empty());
    const auto shoppers = store->org_list(storage::OrgKind::Shopper, std::nullopt, true, false);
    BOOST_REQUIRE(!shoppers.empty());
    store->org_set_active(storage::OrgKind::Shopper, shoppers.front().id, false);
}

} // namespace

BOOST_AUTO_TEST_SUITE(copy_database)

BOOST_AUTO_TEST_CASE(a_copy_holds_every_row_and_its_chain_verifies) {
    CopyFolder t;
    const std::string a = t.path("a.db");
    fill(a);
    const std::string b = t.path("b.db"); // missing: made beside its place and renamed there
    const storage::CopyReport r = storage::copy_database(a, b);
    BOOST_TEST(r.rows("visits") == 5u);
    BOOST_TEST(r.rows("attachments") == 1u);
    BOOST_TEST(r.rows("audit_log") == 4u); // C returned; as-1 and as-2 created, as-1 visited
    BOOST_TEST(r.rows("assignments") == 2u);
    BOOST_TEST(r.rows("assignment_fees") == 1u);
    BOOST_TEST(r.rows("shopper_exclusions") == 1u);
    BOOST_TEST((rows_of(a) == rows_of(b)));
    const bool owner_only = (fs::status(b).permissions() & fs::perms::all) ==
                            (fs::perms::owner_read | fs::perms::owner_write);
    BOOST_TEST(owner_only);
    auto copy = storage::open_sqlite(b, storage::OpenMode::ReadOnly);
    const storage::AuditCheck check = copy->verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
    BOOST_TEST(check.head ==
               storage::open_sqlite(a, storage::OpenMode::ReadOnly)->verify_audit("").head);

    // Into an existing empty database (settings may be there: the source's replace them).
    const std::string c = t.path("c.db");
    storage::open_sqlite(c, storage::OpenMode::Create)->set_setting("user", "sam");
    storage::copy_database(b, c);
    BOOST_TEST((rows_of(a) == rows_of(c)));
}

BOOST_AUTO_TEST_CASE(a_target_with_data_the_source_itself_and_a_missing_source_are_refused) {
    CopyFolder t;
    const std::string a = t.path("a.db");
    fill(a);
    const std::string b = t.path("b.db");
    storage::copy_database(a, b);
    const Rows before = rows_of(b);
    BOOST_CHECK_THROW(storage::copy_database(a, b), InputError);
    BOOST_TEST((rows_of(b) == before));
    BOOST_CHECK_THROW(storage::copy_database(a, a), InputError);
    BOOST_CHECK_THROW(storage::copy_database(t.path("missing.db"), t.path("new.db")), InputError);
    BOOST_TEST(!fs::exists(t.path("missing.db")));
    BOOST_TEST(!fs::exists(t.path("new.db")));
    try {
        storage::copy_database(a, b);
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()).find("already holds data") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(the_field_cycle_goes_to_a_server_and_back_unchanged) {
    const char* server = std::getenv("VISITSCORE_TEST_PG");
    if (!server || !*server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: no server copy");
        return;
    }
    CopyFolder t;
    const std::string a = t.path("a.db");
    fill(a);
    const std::string name = "vs_copy_" + std::to_string(::getpid());
    pqxx::connection admin(server);
    pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + name);
    pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
    const std::string uri =
        std::string(server).substr(0, std::string(server).rfind('/') + 1) + name;
    try {
        const storage::CopyReport up = storage::copy_database(a, uri);
        BOOST_TEST(up.rows("assignments") == 2u);
        {
            auto pg = storage::open_postgres(uri, storage::OpenMode::MustExist);
            const auto as1 = pg->assignment("as-1");
            BOOST_REQUIRE(as1);
            BOOST_TEST(as1->status == "visited");
            BOOST_TEST(*as1->fee_cents == 1800);
            BOOST_TEST(pg->shopper_exclusions("Test Client").size() == 1u);
            storage::VisitFilter survey;
            survey.kind = storage::VisitFilter::Kind::Survey;
            const scoring::FactTable responses = pg->load_facts(survey, false);
            BOOST_TEST(responses.visits.size() == 2u); // without a shopper, on the server too
            for (const scoring::VisitFact& v : responses.visits)
                BOOST_TEST(v.shopper == -1);
            BOOST_TEST(pg->load_facts({}, false).visits.size() == 2u); // A and B
        }
        const std::string c = t.path("c.db");
        storage::copy_database(uri, c);
        BOOST_TEST((rows_of(a) == rows_of(c)));
    } catch (...) {
        pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        throw;
    }
    pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

BOOST_AUTO_TEST_SUITE_END()
