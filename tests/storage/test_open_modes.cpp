// How opening a database may touch the file system (storage::OpenMode), several templates stored
// all or none, and the database's pseudonym key — against real SQLite files.

#include "forms/error.h"
#include "forms/json_io.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <filesystem>

namespace fs = std::filesystem;
using namespace vs;

namespace {

struct TempFolder {
    fs::path dir;
    TempFolder() {
        char tmpl[] = "/tmp/vs-open-XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~TempFolder() { fs::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
    bool empty() const { return fs::is_empty(dir); }
};

forms::Template mini() {
    const std::string file = (fs::path(VS_TEST_DATA) / "mini.template.json").string();
    return forms::parse_template(forms::read_file(file), file);
}

} // namespace

BOOST_AUTO_TEST_SUITE(open_modes)

BOOST_AUTO_TEST_CASE(only_create_modes_create_and_never_in_memory_for_keeps) {
    TempFolder t;
    using storage::OpenMode;
    for (OpenMode mode : {OpenMode::MustExist, OpenMode::ReadOnly}) {
        BOOST_CHECK_THROW(storage::open_sqlite(t.path("a/b.db"), mode), InputError);
        BOOST_CHECK_THROW(storage::open_sqlite(t.path("."), mode), InputError);
    }
    for (const char* path : {"", ":memory:", "file::memory:"})
        BOOST_CHECK_THROW(storage::open_sqlite(path, OpenMode::CreateOnDisk), InputError);
    BOOST_TEST(t.empty());
    // Not a VisitScore database: refused, left as it was.
    { SQLite::Database other(t.path("other.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); }
    BOOST_CHECK_THROW(storage::open_sqlite(t.path("other.db"), OpenMode::ReadOnly), InputError);
    BOOST_CHECK_THROW(storage::open_sqlite(t.path("other.db"), OpenMode::MustExist), InputError);
    // Create makes it; the others then open it.
    storage::open_sqlite(t.path("a/b.db"), OpenMode::CreateOnDisk)->add_template(mini(), "mini");
    BOOST_TEST(storage::open_sqlite(t.path("a/b.db"), OpenMode::MustExist)->templates().size() ==
               1u);
    auto reader = storage::open_sqlite(t.path("a/b.db"), OpenMode::ReadOnly);
    BOOST_TEST(reader->read_only());
    BOOST_TEST(reader->templates().size() == 1u);
    forms::Template next = mini();
    next.version = 2;
    BOOST_CHECK_THROW(reader->add_template(next, "next"), std::exception); // query_only
}

BOOST_AUTO_TEST_CASE(several_templates_are_stored_all_or_none) {
    storage::SqliteStore s(":memory:");
    s.add_template(mini(), "mini");
    forms::Template a = mini();
    a.id = "alpha";
    forms::Template b = mini();
    b.name = "Changed under a stored version";
    BOOST_CHECK_THROW(s.add_templates({{a, "a.json"}, {b, "b.json"}}), InputError);
    BOOST_TEST(s.templates().size() == 1u);
    BOOST_TEST(!s.find_template("alpha", 1));
    const std::vector<bool> added = s.add_templates({{a, "a.json"}, {mini(), "m.json"}, {a, "a2"}});
    BOOST_TEST((added == std::vector<bool>{true, false, false}));
    BOOST_TEST(s.templates().size() == 2u);
}

BOOST_AUTO_TEST_CASE(pseudonym_key_is_random_per_database_and_stays) {
    TempFolder t;
    std::string k1;
    {
        storage::SqliteStore one(t.path("one.db"));
        k1 = one.pseudonym_key();
        BOOST_TEST(k1.size() == 64u);
        BOOST_TEST(one.pseudonym_key() == k1);
        storage::SqliteStore two(t.path("two.db"));
        BOOST_TEST(two.pseudonym_key() != k1);
    }
    BOOST_TEST(storage::SqliteStore(t.path("one.db")).pseudonym_key() == k1);
    // A store opened to read makes the key when the file may be written.
    { storage::SqliteStore three(t.path("three.db")); }
    auto reader = storage::open_sqlite(t.path("three.db"), storage::OpenMode::ReadOnly);
    const std::string k3 = reader->pseudonym_key();
    BOOST_TEST(k3.size() == 64u);
    BOOST_TEST(storage::SqliteStore(t.path("three.db")).pseudonym_key() == k3);
}

BOOST_AUTO_TEST_SUITE_END()
