#pragma once
// Shared by the storage tests: an in-memory store holding the mini scorecard and its three
// visits (tests/data/mini.*.json).
#include "forms/json_io.h"
#include "storage/sqlite_store.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace vs::test {

struct MiniStore {
    storage::SqliteStore s{":memory:"};
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
};

} // namespace vs::test
