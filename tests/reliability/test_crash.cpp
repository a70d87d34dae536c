// Crash safety: visitscore-cli killed with SIGKILL at random moments during a large import and
// during exports. Afterwards the database passes PRAGMA integrity_check and holds the package
// wholly or not at all; an export's final file is either absent or complete.
//
// CI runs a short loop (5,000 visits, 12 + 2 x 4 kills); the long run: VS_KILLS=500
// VS_EXPORT_KILLS=100 VS_KILL_VISITS=20000 (see README.md here).

#include "tests/reliability/util.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

namespace fs = std::filesystem;
using namespace rel;
using Clock = std::chrono::steady_clock;

namespace {

/// A base database (templates and some visits) and a large package of other visits; built once.
struct BigImport {
    TempDir dir;
    std::string base;    ///< the database before the import (checkpointed, copied per kill)
    std::string full;    ///< the database after a complete import
    std::string package; ///< the large visit package
    std::int64_t before = 0;
    std::int64_t after = 0;
    double import_seconds = 0;

    BigImport() {
        const long visits = env_long("VS_KILL_VISITS", 5000);
        base = dir.path("base.db");
        package = dir.path("big.visits.json");
        Run r = cli({"--db", base, "demo", "--visits", "1000", "--seed", "99"});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        r = cli({"demo", "--visits", std::to_string(visits), "--seed", "7", "--package", package});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        before = count_visits(base);
        full = dir.path("full.db");
        copy_file(base, full);
        auto t0 = Clock::now();
        r = cli({"--db", full, "visits", "import", package});
        import_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        after = count_visits(full);
        BOOST_REQUIRE_EQUAL(after - before, visits);
    }
};

BigImport& big() {
    static BigImport b;
    return b;
}

void remove_db(const std::string& db) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(db + suffix);
}

} // namespace

BOOST_AUTO_TEST_SUITE(crash_safety)

BOOST_AUTO_TEST_CASE(sigkill_during_import_leaves_all_or_nothing) {
    BigImport& b = big();
    const long kills = env_long("VS_KILLS", 12);
    std::mt19937_64 rng(static_cast<std::uint64_t>(env_long("VS_KILL_SEED", 20261122)));
    // Random moments over the whole run: reading, checking, writing, committing, and a few
    // after it ended.
    std::uniform_real_distribution<double> when(0.0, b.import_seconds * 1.1);
    const std::string db = b.dir.path("work.db");
    long killed = 0, finished = 0, rolled_back = 0, committed = 0;
    for (long i = 0; i < kills; ++i) {
        BOOST_TEST_INFO_SCOPE("kill " << i);
        remove_db(db);
        copy_file(b.base, db);
        pid_t pid = spawn_cli({"--db", db, "visits", "import", b.package}, "/dev/null",
                              b.dir.path("kill.err"));
        std::this_thread::sleep_for(std::chrono::duration<double>(when(rng)));
        ::kill(pid, SIGKILL);
        Run r = wait_child(pid);
        if (r.signal == SIGKILL)
            ++killed;
        else
            ++finished;
        BOOST_TEST_REQUIRE(integrity_check(db) == "ok");
        const std::int64_t n = count_visits(db);
        BOOST_TEST_REQUIRE((n == b.before || n == b.after), "visits: " << n);
        (n == b.before ? rolled_back : committed) += 1;
    }
    // The survivor still works: the import completes on it and is idempotent afterwards.
    Run r = cli({"--db", db, "visits", "import", b.package});
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(count_visits(db) == b.after);
    std::cout << "crash_safety: " << kills << " SIGKILLs at random moments of an import of "
              << b.after - b.before << " visits (" << b.import_seconds << " s): " << killed
              << " killed it mid-run, " << finished << " came after it ended; afterwards "
              << rolled_back << " times without the package, " << committed
              << " times with all of it, integrity ok every time\n";
}

BOOST_AUTO_TEST_CASE(sigkill_during_export_never_leaves_a_half_file) {
    BigImport& b = big();
    const long kills = env_long("VS_EXPORT_KILLS", 4);
    std::mt19937_64 rng(static_cast<std::uint64_t>(env_long("VS_KILL_SEED", 20261122)) + 1);
    struct Kind {
        std::vector<std::string> args;
        std::string output;
    };
    const std::string csv = b.dir.path("out.csv");
    const std::string xlsx = b.dir.path("out.xlsx");
    const std::vector<Kind> kinds = {
        {{"--db", b.full, "export", "csv", "--status", "all", "-o", csv}, csv},
        {{"--db", b.full, "export", "xlsx", "-o", xlsx}, xlsx}};
    long killed = 0, complete = 0, absent = 0;
    for (const Kind& k : kinds) {
        // A complete export first: its time and, for CSV, its exact bytes.
        fs::remove(k.output);
        auto t0 = Clock::now();
        Run r = cli(k.args);
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        const std::string reference = bytes_of(k.output);
        std::uniform_real_distribution<double> when(0.0, seconds * 1.1);
        for (long i = 0; i < kills; ++i) {
            BOOST_TEST_INFO_SCOPE(k.output << " kill " << i);
            fs::remove(k.output);
            pid_t pid = spawn_cli(k.args, "/dev/null", b.dir.path("export.err"));
            std::this_thread::sleep_for(std::chrono::duration<double>(when(rng)));
            ::kill(pid, SIGKILL);
            killed += wait_child(pid).signal == SIGKILL;
            if (!fs::exists(k.output)) {
                ++absent;
                continue;
            }
            ++complete;
            const std::string got = bytes_of(k.output);
            if (k.output == csv) {
                BOOST_TEST((got == reference));
            } else {
                // A whole zip ends with its end-of-central-directory record.
                BOOST_TEST_REQUIRE(got.size() > 22u);
                BOOST_TEST(got.compare(got.size() - 22, 4, "PK\x05\x06") == 0);
                // The workbook's "written at" time compresses a byte or two differently from
                // one run to the next: a whole file is the reference's size within that.
                const long diff =
                    static_cast<long>(got.size()) - static_cast<long>(reference.size());
                BOOST_TEST(std::labs(diff) <= 16);
            }
        }
    }
    std::cout << "crash_safety: " << 2 * kills << " kills during exports (" << killed
              << " killed): " << absent << " left no file, " << complete
              << " left the complete file\n";
}

BOOST_AUTO_TEST_SUITE_END()
