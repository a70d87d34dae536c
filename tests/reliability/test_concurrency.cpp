// Concurrency: two visitscore-cli writers (each a child process running imports one after the
// other) and the app's store writing drafts, submitting and approving them, all on one database
// at once. Every write must succeed (no "database is locked" reaches a person) and none is lost.
//
// CI: VS_CONCURRENT_IMPORTS imports per writer (150; the long run 1000, see README.md here). At
// 300 this one case was a sixth of CI's test time (347 s in the sanitized build, each import a
// sanitized process waiting its turn behind the app's writes); 150 still overlaps every import
// with thousands of the app's writes, and the long run keeps the larger count.

#include "forms/json_io.h"
#include "services/review.h"
#include "storage/sqlite_store.h"
#include "tests/reliability/util.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

using namespace rel;
using nlohmann::json;

namespace {

std::string uuid_of(int writer, long i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%08x-0000-4000-8000-%012lx", 0xc0000000u + writer, i);
    return buf;
}

/// One small package per import: visit A of mini.visits.json under a fresh uuid.
std::string write_package(const TempDir& dir, const json& visit, int writer, long i) {
    json v = visit;
    v["uuid"] = uuid_of(writer, i);
    v["employee"] = "E" + std::to_string(writer * 10 + i % 7);
    json package = {{"format", "visitscore.visits/1"}, {"visits", json::array({v})}};
    return dir.write("w" + std::to_string(writer) + "-" + std::to_string(i) + ".visits.json",
                     package.dump());
}

/// The child process of one writer: runs the imports, writes "ok failed locked" to `result`.
[[noreturn]] void writer_process(const std::string& db, const std::vector<std::string>& files,
                                 const std::string& err_file, const std::string& result) {
    long ok = 0, failed = 0, locked = 0;
    for (const std::string& f : files) {
        Run r = wait_child(spawn_cli({"--db", db, "visits", "import", f}, "/dev/null", err_file));
        std::ifstream in(err_file);
        std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (err.find("locked") != std::string::npos || err.find("busy") != std::string::npos)
            ++locked;
        if (r.status == 0)
            ++ok;
        else {
            ++failed;
            std::ofstream(result + ".err", std::ios::app) << f << ": " << err;
        }
    }
    std::ofstream(result) << ok << " " << failed << " " << locked << "\n";
    std::fflush(nullptr);
    ::_exit(0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(concurrency)

BOOST_AUTO_TEST_CASE(two_cli_writers_and_the_app_lose_nothing) {
    TempDir dir;
    const std::string db = dir.path("shared.db");
    Run r = cli({"--db", db, "template", "import", data("mini.template.json")});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const long n = env_long("VS_CONCURRENT_IMPORTS", 150);
    const json visit = json::parse(vs::forms::read_file(data("mini.visits.json")))["visits"][0];
    std::vector<std::vector<std::string>> files(2);
    for (int w = 0; w < 2; ++w)
        for (long i = 0; i < n; ++i)
            files[static_cast<std::size_t>(w)].push_back(write_package(dir, visit, w, i));

    auto t0 = std::chrono::steady_clock::now();
    std::vector<pid_t> children;
    std::cout.flush();
    std::fflush(nullptr); // the children must not print what this process buffered
    for (int w = 0; w < 2; ++w) {
        pid_t pid = ::fork();
        BOOST_REQUIRE(pid >= 0);
        if (pid == 0)
            writer_process(db, files[static_cast<std::size_t>(w)],
                           dir.path("w" + std::to_string(w) + ".err"),
                           dir.path("w" + std::to_string(w) + ".result"));
        children.push_back(pid);
    }

    // Meanwhile the app: create a draft, autosave it, submit it, approve it (audited).
    long app_visits = 0, app_writes = 0, app_failures = 0;
    std::string app_error;
    {
        vs::storage::SqliteStore store(db);
        store.set_setting("allow_self_approval", "true"); // "app" submits and approves alone
        vs::forms::Visit header = vs::forms::parse_visit_package(
            json{{"format", "visitscore.visits/1"}, {"visits", json::array({visit})}}.dump(),
            "app")[0];
        std::size_t running = children.size();
        std::vector<bool> done(children.size(), false);
        while (running > 0) {
            try {
                vs::forms::Visit v = header;
                v.uuid = uuid_of(7, app_visits);
                v.status = vs::forms::Status::Draft;
                std::int64_t id = store.create_draft(v);
                store.save_draft(id, v);
                vs::services::submit(store, id, "app");
                vs::services::approve(store, id, "app", "");
                app_writes += 4;
                ++app_visits;
            } catch (const std::exception& e) {
                ++app_failures;
                app_error = e.what();
            }
            for (std::size_t c = 0; c < children.size(); ++c) {
                int st = 0;
                if (!done[c] && ::waitpid(children[c], &st, WNOHANG) == children[c]) {
                    done[c] = true;
                    --running;
                }
            }
        }
        BOOST_TEST(app_failures == 0, app_error);
        vs::storage::AuditCheck check = store.verify_audit("");
        BOOST_TEST(check.ok(), check.problem);
        BOOST_TEST(check.entries == 2 * app_visits);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    long imports = 0;
    for (int w = 0; w < 2; ++w) {
        long ok = -1, failed = -1, locked = -1;
        std::ifstream(dir.path("w" + std::to_string(w) + ".result")) >> ok >> failed >> locked;
        BOOST_TEST_INFO_SCOPE("writer " << w);
        BOOST_TEST(ok == n);
        BOOST_TEST(failed == 0);
        BOOST_TEST(locked == 0);
        if (failed)
            BOOST_TEST_MESSAGE(bytes_of(dir.path("w" + std::to_string(w) + ".result.err")));
        imports += ok;
    }
    BOOST_TEST(count_visits(db) == 2 * n + app_visits);
    BOOST_TEST(integrity_check(db) == "ok");
    std::cout << "concurrency: " << imports << " imports by two visitscore-cli writers and "
              << app_writes << " app writes (" << app_visits << " visits drafted, saved, "
              << "submitted, approved) at once in " << seconds << " s; none failed or lost\n";
}

BOOST_AUTO_TEST_SUITE_END()
