// Text typed in the app (organisation entries, training records) is held to the rules of the
// file readers before it is stored: nothing that a workbook or CSV could not carry, no dates
// outside the plausible range. Against a real SQLite file.

#include "forms/error.h"
#include "storage/sqlite_store.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace vs;

namespace {

struct TempDb {
    fs::path dir;
    TempDb() {
        char tmpl[] = "/tmp/vs-typed-XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~TempDb() { fs::remove_all(dir); }
    std::string path() const { return (dir / "typed.db").string(); }
};

bool names(const InputError& e, const std::string& field) {
    return e.where().find(field) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(typed_text)

BOOST_AUTO_TEST_CASE(organisation_entries_refuse_characters_no_file_can_carry) {
    TempDb t;
    storage::SqliteStore store(t.path());
    storage::OrgEntity client;
    client.kind = storage::OrgKind::Client;
    client.name = "Acme";
    client.id = store.org_save(client);
    for (const std::string& bad : {std::string("A\x01", 2), std::string("B\0C", 3),
                                   std::string("D\xEF\xBF\xBE"), std::string("\xC3")}) {
        BOOST_TEST_INFO_SCOPE("name " << bad.size() << " bytes");
        storage::OrgEntity branch;
        branch.kind = storage::OrgKind::Branch;
        branch.client_id = client.id;
        branch.code = "B1";
        branch.name = bad;
        BOOST_CHECK_EXCEPTION(store.org_save(branch), InputError,
                              [](const InputError& e) { return names(e, "name"); });
        branch.code = bad;
        branch.name = "High Street";
        BOOST_CHECK_EXCEPTION(store.org_save(branch), InputError,
                              [](const InputError& e) { return names(e, "code"); });
    }
    BOOST_TEST(store.org_list(storage::OrgKind::Branch, client.id, true).empty());
}

BOOST_AUTO_TEST_CASE(training_records_refuse_bad_text_and_implausible_dates) {
    TempDb t;
    storage::SqliteStore store(t.path());
    storage::OrgEntity client;
    client.kind = storage::OrgKind::Client;
    client.name = "Acme";
    store.org_save(client);
    storage::Training good{"t1", "Greeting", "Kim", "2026-03-01", "Acme", {}, {}};
    struct Case {
        const char* field;
        storage::Training training;
    };
    std::vector<Case> cases;
    cases.push_back({"title", good});
    cases.back().training.title = std::string("Greet\x07ing");
    cases.push_back({"trainer", good});
    cases.back().training.trainer = std::string("K\xEF\xBF\xBFm");
    cases.push_back({"date", good});
    cases.back().training.date = "1899-12-31";
    cases.push_back({"date", good});
    cases.back().training.date = "2101-01-01";
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.field);
        BOOST_CHECK_EXCEPTION(store.add_trainings({c.training}, "typed"), InputError,
                              [&](const InputError& e) { return names(e, c.field); });
    }
    BOOST_TEST(store.trainings(std::nullopt).empty());
}

BOOST_AUTO_TEST_SUITE_END()
