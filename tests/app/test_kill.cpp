// Never lose work: start the real app on a draft with scripted typing (visitscore_typing: the
// app with scripted_typing.h), SIGKILL it at a random moment, and prove that every answer typed
// more than one second before the kill is in the database, and that the draft reopens with them.
#include "app/visits/visit_form_model.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>

extern char** environ;

using namespace vs;

namespace {

struct Typed {
    long long ms = 0;
    std::string what; // question id, or "comment:ID"
    std::string value;
};

std::vector<Typed> read_log(const std::string& path) {
    std::vector<Typed> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        Typed t;
        std::string ms;
        std::getline(ls, ms, '\t');
        std::getline(ls, t.what, '\t');
        std::getline(ls, t.value);
        if (ms.empty() || t.what == "start" || t.what == "done")
            continue;
        t.ms = std::stoll(ms);
        out.push_back(t);
    }
    return out;
}

long long unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

BOOST_AUTO_TEST_SUITE(never_lose_work)

BOOST_AUTO_TEST_CASE(draft_survives_sigkill) {
    test::TempDir dir;
    const std::string db = dir.path("kill.db");
    std::int64_t drafts[2] = {0, 0};
    {
        storage::SqliteStore s(db);
        test::fill_demo(s, 30);
        for (auto& d : drafts)
            d = s.create_draft(test::branch_visit_header(s));
    }
    std::mt19937 rng(std::random_device{}());
    std::size_t total_checked = 0;
    for (int round = 0; round < 2; ++round) {
        BOOST_TEST_INFO_SCOPE("round " << round);
        const std::int64_t id = drafts[round];
        const std::string log = dir.path("typing" + std::to_string(round) + ".log");
        std::vector<std::string> env_strings;
        for (char** e = environ; *e; ++e)
            env_strings.emplace_back(*e);
        env_strings.push_back("VISITSCORE_TEST_TYPING=" + log);
        env_strings.push_back("VISITSCORE_TEST_INTERVAL=70");
        env_strings.push_back("VISITSCORE_CONFIG=" + dir.path("config.ini"));
        std::vector<char*> envp;
        for (auto& s : env_strings)
            envp.push_back(s.data());
        envp.push_back(nullptr);
        std::string bin = VS_APP_BINARY, idarg = std::to_string(id), opt = "--open-visit";
        std::string dbarg = db;
        char* argv[] = {bin.data(), dbarg.data(), opt.data(), idarg.data(), nullptr};
        pid_t pid = 0;
        BOOST_REQUIRE_EQUAL(::posix_spawn(&pid, bin.c_str(), nullptr, nullptr, argv, envp.data()),
                            0);

        // Wait until it has typed a random number of entries, then a random extra moment.
        const std::size_t want = std::uniform_int_distribution<std::size_t>(14, 22)(rng);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (read_log(log).size() < want && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 500)(rng)));
        // Under load the typing comes in bursts: make sure that at least three entries are more
        // than a second old at the kill, so that the check below always has something to check.
        if (const auto early = read_log(log); early.size() >= 3)
            while (unix_ms() <= early[2].ms + 1100)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const long long kill_ms = unix_ms();
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        BOOST_REQUIRE(WIFSIGNALED(status));

        std::vector<Typed> typed = read_log(log);
        BOOST_REQUIRE_GE(typed.size(), want);
        storage::SqliteStore s(db);
        storage::StoredVisit sv = s.load_visit(id);
        std::size_t checked = 0, late = 0, late_saved = 0;
        for (const Typed& t : typed) {
            bool saved;
            if (t.what.rfind("comment:", 0) == 0) {
                auto it = sv.visit.comments.find(t.what.substr(8));
                saved = it != sv.visit.comments.end() && it->second == t.value;
            } else {
                saved = sv.visit.answers.contains(t.what) &&
                        sv.visit.answers.at(t.what) == nlohmann::json::parse(t.value);
            }
            if (t.ms <= kill_ms - 1000) {
                BOOST_TEST_INFO_SCOPE(t.what << " = " << t.value << " typed " << kill_ms - t.ms
                                             << " ms before the kill");
                BOOST_TEST(saved);
                ++checked;
            } else {
                ++late;
                late_saved += saved;
            }
        }
        BOOST_TEST_MESSAGE("round " << round << ": killed after " << typed.size() << " entries; "
                                    << checked << " typed >1 s before the kill all saved; "
                                    << late_saved << " of " << late
                                    << " in the last second saved too");
        BOOST_TEST(checked >= 3u);
        total_checked += checked;
        // The draft reopens in the form exactly as stored, still a draft.
        BOOST_TEST((sv.visit.status == forms::Status::Draft));
        app::VisitFormModel reopened(sv.tpl, sv.visit);
        BOOST_TEST(reopened.to_visit().answers == sv.visit.answers);
    }
    BOOST_TEST(total_checked >= 6u);
}

BOOST_AUTO_TEST_SUITE_END()
