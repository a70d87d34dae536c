// bench_app: what the desktop app does against a large database, without a window.
//
//   bench_app open DB            open the store and do what MainFrame::open_database does before
//                                the list can draw: the list's ids (VisitListSource::set_query
//                                with no filter), the first page of rows, the scorecard and
//                                client lists. Prints one JSON object of milliseconds.
//   bench_app queue DB [--plain] the review queue as the Visits page loads it for a reviewer: the
//                                submitted visits' ids and first page of rows (the plain load,
//                                all a client account's list does), then, unless --plain, the
//                                integrity risk of every queue visit (services::visit_risks, as
//                                VisitListSource does once per load). Prints JSON of ms.
//   bench_app autosave DB [N]    the form's autosave: N times, change one answer of a draft and
//                                save it (Store::save_draft, one transaction, re-scored). Uses a
//                                draft of the database or makes one from its newest visit, so
//                                run it on a copy. Prints the latencies' p50, p99 and max (ms).
//
// The driver (bench/bench.py) runs each case several times and takes medians.

#include "forms/answer.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "services/integrity.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <time.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// CPU time of this thread, in ms.
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

int bench_open(const std::string& db) {
    const auto t0 = Clock::now();
    auto store = vs::storage::open_sqlite(db);
    const double open_ms = ms_since(t0);

    auto t = Clock::now();
    std::vector<std::int64_t> ids = store->visit_ids(vs::storage::VisitListQuery{});
    const double ids_ms = ms_since(t);

    // The first page the list draws (VisitListSource::kPage rows).
    t = Clock::now();
    std::vector<std::int64_t> page(ids.begin(),
                                   ids.begin() + std::min<std::size_t>(ids.size(), 128));
    std::vector<vs::storage::VisitListRow> rows = store->visit_rows(page);
    const double rows_ms = ms_since(t);
    const double list_ms = ms_since(t0);

    // The rest of MainFrame::open_database before the list draws: the list's client filter.
    t = Clock::now();
    auto clients = store->org_list(vs::storage::OrgKind::Client, std::nullopt, true, false);
    const double org_ms = ms_since(t);
    const double total_ms = ms_since(t0);
    // Later, when the Scorecards page is first shown: the visit count per scorecard.
    t = Clock::now();
    auto templates = store->templates();
    const double templates_ms = ms_since(t);

    std::printf("{\"visits\": %zu, \"rows\": %zu, \"open_ms\": %.3f, \"ids_ms\": %.3f, "
                "\"rows_ms\": %.3f, \"list_ms\": %.3f, \"templates_ms\": %.3f, \"org_ms\": %.3f, "
                "\"total_ms\": %.3f}\n",
                ids.size(), rows.size(), open_ms, ids_ms, rows_ms, list_ms, templates_ms, org_ms,
                total_ms);
    return templates.empty() || clients.empty() ? 1 : 0;
}

int bench_queue(const std::string& db, bool plain) {
    const auto t0 = Clock::now();
    auto store = vs::storage::open_sqlite(db);
    vs::storage::VisitListQuery queue;
    queue.status = vs::forms::Status::Submitted;
    auto t = Clock::now();
    const std::vector<std::int64_t> ids = store->visit_ids(queue);
    const double ids_ms = ms_since(t);
    t = Clock::now();
    const std::vector<std::int64_t> page(ids.begin(),
                                         ids.begin() + std::min<std::size_t>(ids.size(), 128));
    const auto rows = store->visit_rows(page);
    const double rows_ms = ms_since(t);
    const double plain_ms = ms_since(t0);
    double risk_ms = 0;
    std::size_t flagged = 0;
    if (!plain) {
        t = Clock::now();
        const auto risks =
            vs::services::visit_risks(*store, ids, vs::services::integrity_thresholds(*store));
        risk_ms = ms_since(t);
        for (const auto& r : risks)
            flagged += r.risk > 0;
    }
    std::printf("{\"queue\": %zu, \"rows\": %zu, \"flagged\": %zu, \"ids_ms\": %.3f, "
                "\"rows_ms\": %.3f, \"plain_ms\": %.3f, \"risk_ms\": %.3f, \"total_ms\": %.3f}\n",
                ids.size(), rows.size(), flagged, ids_ms, rows_ms, plain_ms, risk_ms, ms_since(t0));
    return 0;
}

/// A yes/no question that is answered in `answers`, or -1.
int toggle_question(const vs::forms::Template& tpl, const vs::forms::Answers& answers) {
    for (std::size_t i = 0; i < tpl.questions.size(); ++i)
        if (tpl.questions[i].type == vs::forms::QuestionType::YesNo && answers[i].answered() &&
            !answers[i].is_na())
            return static_cast<int>(i);
    return -1;
}

int bench_autosave(const std::string& db, int n) {
    // As the app opens it: checkpoints on a thread of their own.
    auto store = vs::storage::open_sqlite(db, vs::storage::Checkpoints::Background);
    // The peer and diagnosis: BENCH_WAL_AUTOCHECKPOINT=PAGES puts SQLite's own checkpoint back on
    // this connection (it replaces the store's hook) with that interval; 0: no checkpoint at all.
    if (const char* pages = std::getenv("BENCH_WAL_AUTOCHECKPOINT"))
        if (auto* sqlite = dynamic_cast<vs::storage::SqliteStore*>(store.get()))
            sqlite->set_wal_autocheckpoint(std::atoi(pages));
    vs::storage::VisitListQuery drafts;
    drafts.status = vs::forms::Status::Draft;
    std::vector<std::int64_t> ids = store->visit_ids(drafts);
    std::int64_t id = 0;
    if (!ids.empty()) {
        id = ids.front();
    } else {
        std::vector<std::int64_t> all = store->visit_ids(vs::storage::VisitListQuery{});
        if (all.empty()) {
            std::fprintf(stderr, "bench_app autosave: %s has no visits\n", db.c_str());
            return 1;
        }
        vs::forms::Visit header = store->load_visit(all.front()).visit;
        header.uuid.clear();
        header.status = vs::forms::Status::Draft;
        id = store->create_draft(header);
        store->save_draft(id, header); // the answers too
    }
    vs::storage::StoredVisit sv = store->load_visit(id);
    const vs::forms::Template& tpl = *sv.tpl;
    vs::forms::Answers answers = vs::forms::typed_answers(tpl, sv.visit.answers, db, "answers");
    const int qi = toggle_question(tpl, answers);
    if (qi < 0) {
        std::fprintf(stderr, "bench_app autosave: the draft has no answered yes/no question\n");
        return 1;
    }
    vs::forms::Visit visit = sv.visit;
    std::vector<double> ms, cpu_ms;
    ms.reserve(static_cast<std::size_t>(n));
    cpu_ms.reserve(static_cast<std::size_t>(n));
    // BENCH_AUTOSAVE_PAUSE_MS=N: a pause between saves, as a person types (the app saves 300 ms
    // after the last keystroke at the earliest); by default the saves follow each other at once.
    const char* pause_env = std::getenv("BENCH_AUTOSAVE_PAUSE_MS");
    const auto pause = std::chrono::milliseconds(pause_env ? std::atoi(pause_env) : 0);
    for (int i = 0; i < n; ++i) {
        if (pause.count() > 0)
            std::this_thread::sleep_for(pause);
        // One edit, as the form makes it; the timed part is what the autosave timer runs.
        auto& a = answers[static_cast<std::size_t>(qi)];
        a = vs::forms::Answer::text(a.str() == "yes" ? "no" : "yes");
        const double c0 = thread_cpu_ms();
        const auto t0 = Clock::now();
        visit.answers = vs::forms::answers_to_json(tpl, answers);
        store->save_draft(id, visit);
        ms.push_back(ms_since(t0));
        cpu_ms.push_back(thread_cpu_ms() - c0);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu_ms.begin(), cpu_ms.end());
    auto pct = [](const std::vector<double>& v, double p) {
        auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
        return v[std::min(k, v.size() - 1)];
    };
    // Wall-clock latency is what the user waits; CPU time leaves out waiting for a core (a loaded
    // machine) and for the disk.
    std::printf("{\"saves\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, "
                "\"cpu_p50_ms\": %.3f, \"cpu_p99_ms\": %.3f}\n",
                n, pct(ms, 0.50), pct(ms, 0.99), ms.back(), pct(cpu_ms, 0.50), pct(cpu_ms, 0.99));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_app open DB | bench_app queue DB [--plain] | "
                             "bench_app autosave DB [N]\n");
        return 2;
    }
    const std::string cmd = argv[1];
    try {
        if (cmd == "open")
            return bench_open(argv[2]);
        if (cmd == "queue")
            return bench_queue(argv[2], argc > 3 && std::string(argv[3]) == "--plain");
        if (cmd == "autosave")
            return bench_autosave(argv[2], argc > 3 ? std::atoi(argv[3]) : 500);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_app: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "bench_app: unknown command %s\n", cmd.c_str());
    return 2;
}
