// Copying a whole database (storage/copy.h) between SQLite files: every stored row comes back
// equal, the audit chain verifies in the copy, and a target that holds data, the source itself
// or a missing source are refused with nothing written. (SQLite ↔ PostgreSQL: cli_copy_tests.)

#include "forms/error.h"
#include "forms/json_io.h"
#include "storage/copy.h"
#include "storage/raw_tables.h"
#include "storage/store.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>

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

/// The mini scorecard and visits, a review step, an attachment, a setting, an inactive shopper.
void fill(const std::string& db) {
    auto store = storage::open_sqlite(db, storage::OpenMode::Create);
    const std::string tpl = (fs::path(VS_TEST_DATA) / "mini.template.json").string();
    const std::string visits = (fs::path(VS_TEST_DATA) / "mini.visits.json").string();
    store->add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
    store->import_visits(forms::parse_visit_package(forms::read_file(visits), visits), visits);
    const std::int64_t c = *store->visit_id_of("00000000-0000-4000-8000-00000000000c");
    store->record_status(c, forms::Status::Submitted, forms::Status::Returned, "rita",
                         "photo missing", "");
    store->add_attachment(c, "", "receipt.jpg", "image/jpeg", {0xff, 0xd8, 0x00, 0x0a}, {});
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
    BOOST_TEST(r.rows("visits") == 3u);
    BOOST_TEST(r.rows("attachments") == 1u);
    BOOST_TEST(r.rows("audit_log") == 1u);
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

BOOST_AUTO_TEST_SUITE_END()
