// bench_review_load: many reviewers at once on one server database.
//
//   bench_review_load --db URI [--setup VISITS] [--reviewers 16] [--seconds 60] [--hot 20]
//                     [--pause-ms 0] [--json FILE]
//
// Each reviewer is a process of its own with its own connection (as each person's app is).
// Until the time is up it picks a visit — half of the time one of the `hot` visits that every
// reviewer works on, otherwise one of its own share — opens it (load_visit) and does what the
// visit's status offers, through the same review service the app and the CLI call: approve a
// submitted visit, and of an approved one either change its summary with a reason (an edit) or
// reopen it for another review. Two reviewers acting on the same visit at once is the point:
// the second must be refused with a message (StorageError or InputError from the rules), never
// an unexplained server error, and no change may be lost.
//
// After the run the driver checks, on a connection of its own:
//   - the audit chain verifies (AuditStore::verify_audit) — one chain under concurrent writers;
//   - no lost update: the audit log holds exactly the entries the reviewers' successful actions
//     wrote (one per approve or reopen, one per edit's changed field), and each visit's stored
//     summary is the last one an audited edit wrote;
//   - no error reached a person other than a clear refusal.
// It prints p50/p99/max latency per action and the counts, as JSON with --json.
// --pause-ms P makes each reviewer wait a random 0–2P ms between visits (reading, typing): 0 is
// the stress case, every reviewer acting back to back.
// --setup VISITS first stores the bundled scorecards and VISITS demo visits in the (empty)
// database. Exit status 0 when every check holds.

#include "forms/error.h"
#include "forms/visit.h"
#include "services/review.h"
#include "storage/demo.h"
#include "storage/store.h"
#include "templates/bundled.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace vs;

enum Action { Open, Approve, Edit, Reopen, kActions };
const char* const kActionNames[kActions] = {"open", "approve", "edit", "reopen"};

struct Options {
    std::string db;
    std::size_t setup = 0;
    int reviewers = 16;
    double seconds = 60;
    std::size_t hot = 20;
    int pause_ms = 0;
    std::string json;
};

/// What one reviewer process reports back through its pipe, one line per record:
///   L action ms          a successful action's latency
///   R action message     a clear refusal (someone else came first; the rules refused)
///   E action message     anything else: an error that would reach a person
///   A entries            audit entries its successful actions wrote
///   S visit_id summary   a summary it wrote with an audited edit (last one wins per visit)
[[noreturn]] void reviewer(const Options& o, int index, const std::vector<std::int64_t>& ids,
                           int out_fd) {
    // Records are kept in memory and sent when the run is over: the driver reads the reviewers'
    // pipes one after another, so a reviewer writing to a full pipe during the run would wait
    // for it (in an edit, between its clock's two readings) and stop loading the server.
    char* records = nullptr;
    std::size_t records_size = 0;
    FILE* out = open_memstream(&records, &records_size);
    const std::string who = "reviewer" + std::to_string(index + 1);
    std::mt19937_64 rng(0x5eedULL + static_cast<unsigned>(index));
    std::size_t audit_entries = 0;
    auto one_line = [](std::string s) {
        std::replace(s.begin(), s.end(), '\n', ' ');
        return s;
    };
    try {
        auto store = storage::open_store(o.db, storage::OpenMode::MustExist);
        const auto end = Clock::now() + std::chrono::duration<double>(o.seconds);
        const std::size_t hot = std::min(o.hot, ids.size());
        std::uint64_t n = 0;
        while (Clock::now() < end) {
            if (o.pause_ms > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(
                    rng() % static_cast<std::uint64_t>(2 * o.pause_ms + 1)));
            // Half the time a hot visit; otherwise one of this reviewer's own share.
            std::int64_t id = 0;
            if (hot > 0 && (rng() & 1)) {
                id = ids[rng() % hot];
            } else {
                const std::size_t rest = ids.size() - hot;
                if (rest == 0)
                    continue;
                const std::size_t share = std::max<std::size_t>(1, rest / o.reviewers);
                id = ids[hot + (index * share + rng() % share) % rest];
            }
            Action action = Open;
            try {
                auto t0 = Clock::now();
                storage::StoredVisit visit = store->load_visit(id);
                std::fprintf(out, "L %d %.3f\n", Open,
                             std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                const forms::Status status = visit.visit.status;
                if (status == forms::Status::Submitted) {
                    action = Approve;
                    t0 = Clock::now();
                    services::approve(*store, id, who, "");
                    ++audit_entries;
                } else if (status == forms::Status::Approved && (rng() & 1)) {
                    action = Edit;
                    forms::Visit edited = visit.visit;
                    const std::string summary = who + " edit " + std::to_string(++n);
                    edited.summary = summary;
                    t0 = Clock::now();
                    const std::size_t fields =
                        services::edit_visit(*store, id, edited, who, "load test correction");
                    audit_entries += fields;
                    if (fields > 0)
                        std::fprintf(out, "S %lld %s\n", static_cast<long long>(id),
                                     summary.c_str());
                } else if (status == forms::Status::Approved) {
                    action = Reopen;
                    t0 = Clock::now();
                    services::reopen(*store, id, who, "load test: another look");
                    ++audit_entries;
                } else {
                    continue; // returned, excluded, drafts: not a reviewer's next step here
                }
                std::fprintf(out, "L %d %.3f\n", action,
                             std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            } catch (const storage::StorageError& e) {
                // A row version or status that changed under us is a refusal with a message;
                // anything else from the server is an error a person would see.
                const std::string what = e.what();
                const bool refusal = what.find("changed") != std::string::npos ||
                                     what.find("reload") != std::string::npos ||
                                     what.find("no longer") != std::string::npos;
                std::fprintf(out, "%c %d %s\n", refusal ? 'R' : 'E', action,
                             one_line(what).c_str());
            } catch (const InputError& e) {
                std::fprintf(out, "R %d %s\n", action, one_line(e.what()).c_str());
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(out, "E %d %s\n", Open, one_line(e.what()).c_str());
    }
    std::fprintf(out, "A %zu\n", audit_entries);
    std::fclose(out);
    for (std::size_t sent = 0; sent < records_size;) {
        const ssize_t n = ::write(out_fd, records + sent, records_size - sent);
        if (n <= 0)
            std::_Exit(1);
        sent += static_cast<std::size_t>(n);
    }
    ::close(out_fd);
    std::_Exit(0);
}

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

void setup(const Options& o) {
    auto store = storage::open_store(o.db, storage::OpenMode::Create);
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [name, text] : templates::bundled()) {
        forms::Template t = forms::parse_template(text, std::string(name));
        store->add_template(t, std::string(name));
        templates.push_back(store->find_template(t.id, t.version));
    }
    storage::DemoOptions options;
    options.visits = o.setup;
    options.seed = 3;
    storage::DemoData data = storage::make_demo_data(templates, options);
    store->import_visits(data.visits, "load test");
}

int run(const Options& o) {
    if (o.setup > 0)
        setup(o);
    std::vector<std::int64_t> ids;
    std::size_t audit_before = 0, plans_before = 0;
    {
        auto store = storage::open_store(o.db, storage::OpenMode::MustExist);
        // Every visit a reviewer can act on: submitted and approved ones, newest first.
        storage::VisitListQuery q;
        for (forms::Status s : {forms::Status::Submitted, forms::Status::Approved}) {
            q.status = s;
            for (std::int64_t id : store->visit_ids(q))
                ids.push_back(id);
        }
        std::shuffle(ids.begin(), ids.end(), std::mt19937_64(7));
        audit_before = static_cast<std::size_t>(store->verify_audit("").entries);
        plans_before = store->action_plans({}).size();
    }
    if (ids.empty()) {
        std::cerr << "bench_review_load: " << o.db << " holds no submitted or approved visits\n";
        return 2;
    }

    std::vector<pid_t> pids;
    std::vector<FILE*> pipes;
    std::fflush(nullptr);
    for (int i = 0; i < o.reviewers; ++i) {
        int fds[2];
        if (::pipe(fds) != 0)
            throw std::runtime_error("pipe failed");
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            reviewer(o, i, ids, fds[1]);
        }
        ::close(fds[1]);
        pids.push_back(pid);
        pipes.push_back(fdopen(fds[0], "r"));
    }

    std::vector<double> latencies[kActions];
    std::size_t refusals[kActions] = {};
    std::size_t errors = 0;
    std::size_t audit_written = 0;
    std::vector<std::string> error_examples;
    std::set<std::string> refusal_examples;
    std::vector<std::vector<std::pair<long long, std::string>>> summaries(pipes.size());
    for (std::size_t p = 0; p < pipes.size(); ++p) {
        char line[4096];
        while (std::fgets(line, sizeof line, pipes[p])) {
            std::istringstream in(line);
            char kind = 0;
            in >> kind;
            if (kind == 'L') {
                int a = 0;
                double ms = 0;
                in >> a >> ms;
                latencies[a].push_back(ms);
            } else if (kind == 'R' || kind == 'E') {
                int a = 0;
                in >> a;
                std::string message;
                std::getline(in, message);
                if (kind == 'R') {
                    ++refusals[a];
                    if (refusal_examples.size() < 3)
                        refusal_examples.insert(message);
                } else {
                    ++errors;
                    if (error_examples.size() < 5)
                        error_examples.push_back(message);
                }
            } else if (kind == 'A') {
                std::size_t n = 0;
                in >> n;
                audit_written += n;
            } else if (kind == 'S') {
                long long id = 0;
                in >> id;
                std::string summary;
                std::getline(in, summary);
                summaries[p].push_back({id, summary.substr(summary.find_first_not_of(' '))});
            }
        }
        std::fclose(pipes[p]);
    }
    for (pid_t pid : pids) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            ++errors;
            error_examples.push_back("a reviewer process died");
        }
    }

    // The checks, on a connection of its own.
    auto store = storage::open_store(o.db, storage::OpenMode::MustExist);
    const storage::AuditCheck chain = store->verify_audit("");
    const std::size_t audit_after = static_cast<std::size_t>(chain.entries);
    // An approval of a failed visit also opens its branch's action plan: one entry each.
    const std::size_t plans_opened = store->action_plans({}).size() - plans_before;
    const bool entries_match = audit_after - audit_before == audit_written + plans_opened;
    // Each visit's stored summary must be one that an audited edit wrote, and the newest such:
    // the audit log's last summary entry for the visit names it.
    std::size_t summaries_checked = 0, summaries_lost = 0;
    std::set<long long> edited;
    for (const auto& list : summaries)
        for (const auto& [id, summary] : list)
            edited.insert(id);
    for (long long id : edited) {
        std::string last;
        for (const storage::AuditEntry& e : store->audit_log(id))
            if (e.field == "summary")
                last = e.new_value;
        const std::string stored = store->load_visit(id).visit.summary;
        ++summaries_checked;
        if (stored != last)
            ++summaries_lost;
    }
    const bool ok = chain.ok() && entries_match && summaries_lost == 0 && errors == 0;

    std::ostringstream json;
    json << "{\"reviewers\": " << o.reviewers << ", \"seconds\": " << o.seconds
         << ", \"pause_ms\": " << o.pause_ms << ", \"visits\": " << ids.size()
         << ", \"hot\": " << std::min(o.hot, ids.size()) << ", \"actions\": {";
    for (int a = 0; a < kActions; ++a) {
        json << (a ? ", " : "") << "\"" << kActionNames[a] << "\": {\"n\": " << latencies[a].size()
             << ", \"refused\": " << refusals[a]
             << ", \"p50_ms\": " << percentile(latencies[a], 0.5)
             << ", \"p99_ms\": " << percentile(latencies[a], 0.99)
             << ", \"max_ms\": " << percentile(latencies[a], 1.0) << "}";
    }
    json << "}, \"errors\": " << errors << ", \"audit_entries_written\": " << audit_written
         << ", \"audit_entries_plans\": " << plans_opened
         << ", \"audit_entries_added\": " << audit_after - audit_before
         << ", \"chain_ok\": " << (chain.ok() ? "true" : "false")
         << ", \"summaries_checked\": " << summaries_checked
         << ", \"summaries_lost\": " << summaries_lost << ", \"ok\": " << (ok ? "true" : "false")
         << "}";
    if (!o.json.empty())
        std::ofstream(o.json) << json.str() << "\n";

    std::printf("%d reviewers for %.0f s on %zu visits (%zu shared by all)\n", o.reviewers,
                o.seconds, ids.size(), std::min(o.hot, ids.size()));
    std::printf("%-8s %8s %8s %9s %9s %9s\n", "action", "done", "refused", "p50 ms", "p99 ms",
                "max ms");
    for (int a = 0; a < kActions; ++a)
        std::printf("%-8s %8zu %8zu %9.2f %9.2f %9.2f\n", kActionNames[a], latencies[a].size(),
                    refusals[a], percentile(latencies[a], 0.5), percentile(latencies[a], 0.99),
                    percentile(latencies[a], 1.0));
    for (const std::string& r : refusal_examples)
        std::printf("a refusal reads:%s\n", r.c_str());
    std::printf("audit chain: %s (%zu entries; %zu written by the run and %zu by the action plans "
                "its approvals opened, %zu added)\n",
                chain.ok() ? "verifies" : chain.problem.c_str(), audit_after, audit_written,
                plans_opened, audit_after - audit_before);
    std::printf("summaries: %zu edited visits checked, %zu lost updates\n", summaries_checked,
                summaries_lost);
    std::printf("errors that would reach a person: %zu\n", errors);
    for (const std::string& e : error_examples)
        std::printf("  %s\n", e.c_str());
    std::printf("%s\n", ok ? "OK" : "FAILED");
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "bench_review_load: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--db")
            o.db = value();
        else if (a == "--setup")
            o.setup = std::stoul(value());
        else if (a == "--reviewers")
            o.reviewers = std::stoi(value());
        else if (a == "--seconds")
            o.seconds = std::stod(value());
        else if (a == "--hot")
            o.hot = std::stoul(value());
        else if (a == "--pause-ms")
            o.pause_ms = std::stoi(value());
        else if (a == "--json")
            o.json = value();
        else {
            std::cerr << "bench_review_load: unknown option " << a << "\n";
            return 2;
        }
    }
    if (o.db.empty() || o.reviewers < 1 || o.seconds <= 0) {
        std::cerr << "usage: bench_review_load --db URI [--setup VISITS] [--reviewers 16] "
                     "[--seconds 60] [--hot 20] [--pause-ms 0] [--json FILE]\n";
        return 2;
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "bench_review_load: " << e.what() << "\n";
        return 1;
    }
}
