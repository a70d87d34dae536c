#pragma once
// Shared by the storage tests: a store on a database file of its own (in a private temporary
// directory, removed afterwards) holding the mini scorecard and its three visits
// (tests/data/mini.*.json). `raw()` opens another connection on the same file, for what no
// storage role does (making a database look as an older version left it).
#include "forms/json_io.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Database.h>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace vs::test {

/// A private temporary directory, removed with everything in it.
struct TempFolder {
    std::filesystem::path dir;
    TempFolder() {
        char tmpl[] = "/tmp/vs-storage-XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~TempFolder() { std::filesystem::remove_all(dir); }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

struct MiniStore {
    TempFolder folder;
    std::string path = folder.path("mini.db");
    storage::SqliteStore s{path};
    std::int64_t a = 0, b = 0, c = 0; ///< approved, approved, submitted
    MiniStore() {
        const std::filesystem::path dir(VS_TEST_DATA);
        const std::string tf = (dir / "mini.template.json").string();
        s.add_template(forms::parse_template(forms::read_file(tf), tf), tf);
        const std::string vf = (dir / "mini.visits.json").string();
        s.import_visits(forms::parse_visit_package(forms::read_file(vf), vf), vf);
        a = *s.visit_id_of("00000000-0000-4000-8000-00000000000a");
        b = *s.visit_id_of("00000000-0000-4000-8000-00000000000b");
        c = *s.visit_id_of("00000000-0000-4000-8000-00000000000c");
    }
    /// Another connection on the store's file, for SQL of the test's own.
    SQLite::Database raw() const { return SQLite::Database(path, SQLite::OPEN_READWRITE); }
};

} // namespace vs::test
