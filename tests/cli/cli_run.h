#pragma once
// End-to-end test helpers: run the built visitscore-cli binary and keep its files in a
// temporary folder.

#include "forms/json_io.h"

#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace vs::test {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

/// Runs visitscore-cli with `args` (already shell-quoted where needed).
inline Run cli(const std::string& args) {
    namespace fs = std::filesystem;
    static int counter = 0;
    std::string err_name = "vs-cli-err-"; // appended: GCC 12 warns falsely on literal + string
    err_name += std::to_string(::getpid()) + "-" + std::to_string(counter++);
    const std::string err_file = (fs::temp_directory_path() / err_name).string();
    const std::string cmd = std::string(VS_CLI) + " " + args + " 2>" + err_file;
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
        r.out.append(buf.data(), n);
    int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = vs::forms::read_file(err_file);
    fs::remove(err_file);
    return r;
}

/// A file of tests/data.
inline std::string data(const std::string& name) {
    return (std::filesystem::path(VS_TEST_DATA) / name).string();
}

/// A fresh folder under /tmp, removed with everything in it.
struct TempDir {
    std::filesystem::path dir;
    TempDir() {
        char tmpl[] = "/tmp/vs-cli-XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~TempDir() { std::filesystem::remove_all(dir); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string db() const { return (dir / "test.db").string(); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name, std::ios::binary) << text;
        return path(name);
    }
};

} // namespace vs::test
