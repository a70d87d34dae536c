#include "tests/reliability/util.h"

#include "forms/json_io.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;

namespace rel {

TempDir::TempDir() {
    char tmpl[] = "/tmp/vs-rel-XXXXXX";
    const char* d = ::mkdtemp(tmpl);
    BOOST_REQUIRE(d);
    m_dir = d;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

std::string TempDir::path(const std::string& name) const {
    return (fs::path(m_dir) / name).string();
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
    const std::string p = path(name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

pid_t spawn_cli(const std::vector<std::string>& args, const std::string& out_file,
                const std::string& err_file) {
    std::vector<std::string> all{VS_CLI};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + all[0]);
    return pid;
}

Run wait_child(pid_t pid) {
    Run r;
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(st))
        r.status = WEXITSTATUS(st);
    else if (WIFSIGNALED(st))
        r.signal = WTERMSIG(st);
    return r;
}

Run cli(const std::vector<std::string>& args) {
    static int counter = 0;
    const std::string base = (fs::temp_directory_path() / ("vs-rel-" + std::to_string(::getpid()) +
                                                           "-" + std::to_string(counter++)))
                                 .string();
    Run r = wait_child(spawn_cli(args, base + ".out", base + ".err"));
    r.out = vs::forms::read_file(base + ".out");
    r.err = vs::forms::read_file(base + ".err");
    fs::remove(base + ".out");
    fs::remove(base + ".err");
    return r;
}

long env_long(const char* name, long fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::strtol(v, nullptr, 10) : fallback;
}

std::int64_t count_visits(const std::string& db) {
    SQLite::Database d(db, SQLite::OPEN_READONLY);
    return d.execAndGet("SELECT count(*) FROM visits").getInt64();
}

std::string integrity_check(const std::string& db) {
    // Read-write, so that a crashed writer's WAL is recovered as any later opener would.
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    std::string out;
    SQLite::Statement st(d, "PRAGMA integrity_check");
    while (st.executeStep())
        out += (out.empty() ? "" : "; ") + st.getColumn(0).getString();
    return out;
}

std::string bytes_of(const std::string& path) {
    return vs::forms::read_file(path);
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    BOOST_REQUIRE_EQUAL(::stat(path.c_str(), &st), 0);
    return st.st_mode & 0777;
}

void copy_file(const std::string& from, const std::string& to) {
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

std::string data(const std::string& name) {
    return (fs::path(VS_TEST_DATA) / name).string();
}

std::vector<std::string> bundled_templates() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(VS_TEMPLATES))
        if (e.path().extension() == ".json")
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace rel
