#pragma once
// Shared data of the import, export and training service tests: a real SQLite file in a
// temporary folder filled with the bundled scorecards and demo visits (with trainings and
// calibration exercises), and reading a workbook back with tests/exports/dump_xlsx.py.

#include "forms/template.h"
#include "storage/demo.h"
#include "storage/store.h"
#include "templates/bundled.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace vs::test {

/// A fresh temporary folder for this test run, removed at exit.
inline std::filesystem::path jobs_dir() {
    static const auto* dir = [] {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "vs-services-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        std::atexit([] {
            std::error_code ec;
            if (!std::getenv("VS_KEEP_TEST_FILES"))
                std::filesystem::remove_all(jobs_dir(), ec);
        });
        return new std::filesystem::path(pattern);
    }();
    return *dir;
}

/// A new database file `name` in the temporary folder with the bundled scorecards and `visits`
/// demo visits (seed 7) and their trainings; it has no pseudonym key until one is asked for.
inline std::string demo_database(const std::string& name, std::size_t visits) {
    const std::string path = (jobs_dir() / name).string();
    auto store = storage::open_sqlite(path, storage::OpenMode::CreateOnDisk);
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [file, text] : templates::bundled()) {
        forms::Template t = forms::parse_template(text, std::string(file));
        store->add_template(t, std::string(file));
        templates.push_back(store->find_template(t.id, t.version));
    }
    storage::DemoOptions options;
    options.visits = visits;
    options.seed = 7;
    storage::DemoData demo = storage::make_demo_data(templates, options);
    store->import_visits(demo.visits, "demo");
    store->add_trainings(demo.trainings, "demo");
    return path;
}

/// The workbook at `path` read back through tests/exports/dump_xlsx.py (openpyxl, with every XML
/// part parsed by lxml first); `only` ("Summary,Visits"): just those sheets' cells.
inline nlohmann::json read_workbook(const std::string& path, const std::string& only = {}) {
    const std::string cmd = std::string("/usr/bin/python3 ") + VS_DUMP_XLSX + " '" + path + "'" +
                            (only.empty() ? "" : " --only '" + only + "'") + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run " + cmd);
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        out.append(buf, n);
    if (::pclose(pipe) != 0)
        throw std::runtime_error("dump_xlsx.py failed: " + out.substr(0, 2000));
    return nlohmann::json::parse(out);
}

} // namespace vs::test
