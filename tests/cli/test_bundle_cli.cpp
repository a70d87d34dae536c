// Field bundles end to end through visitscore-cli, with two SQLite databases: a consultancy's
// (demo data, two assignments for one shopper) and the shopper's (empty at first). Assignment
// bundle -> opened in the shopper's database -> two visits with photos made there through the
// store -> return bundle -> imported at the consultancy -> approved. Then what must change
// nothing: the same bundle again, a changed visit under a known uuid (conflict), a tampered
// photo, a member outside the layout, bad JSON, an oversized member, a kill mid-import; and an
// overlapping bundle that stores only what is new.
#include "cli_run.h"
#include "services/bundle.h"
#include "services/bundle_zip.h"
#include "storage/store.h"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace vs::test;
using nlohmann::json;
namespace d = vs::services::detail;

namespace {

std::string shell_quoted(const std::string& s) {
    return "'" + s + "'";
}

std::string uuid_n(int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "6f1c2a1e-0d7b-4c39-9a0e-%012d", n);
    return buf;
}

std::vector<unsigned char> jpeg(int seed, std::size_t size = 40000) {
    std::vector<unsigned char> out(size);
    std::uint32_t x = 2463534242u + static_cast<std::uint32_t>(seed) * 7919u;
    for (auto& c : out) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        c = static_cast<unsigned char>(x);
    }
    out[0] = 0xFF, out[1] = 0xD8, out[size - 2] = 0xFF, out[size - 1] = 0xD9;
    return out;
}

/// What the consultancy's database holds, for "nothing changed" comparisons.
struct Snapshot {
    std::size_t visits = 0, attachments = 0;
    std::vector<std::string> assignments; // uuid:status:visit_uuid
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const std::string& db) {
    auto store = vs::storage::open_sqlite(db, vs::storage::OpenMode::ReadOnly);
    Snapshot s;
    for (std::int64_t id : store->visit_ids({})) {
        ++s.visits;
        s.attachments += store->attachments(id).size();
    }
    for (const auto& a : store->assignments({}))
        s.assignments.push_back(a.uuid + ":" + a.status + ":" + a.visit_uuid + ":" + a.updated_at);
    return s;
}

std::ostream& operator<<(std::ostream& os, const Snapshot& s) {
    return os << s.visits << " visits, " << s.attachments << " attachments";
}

/// Rewrites a bundle member by member: `edit` may change a member's bytes (then the manifest
/// is left as it was, unless `fix_manifest`) and `extra` adds members.
void rewrite_bundle(const std::string& in, const std::string& out,
                    const std::function<void(const std::string&, std::string&)>& edit,
                    bool fix_manifest,
                    const std::vector<std::pair<std::string, std::string>>& extra = {}) {
    d::ZipReader r(in);
    std::vector<std::pair<std::string, std::string>> members;
    for (const d::ZipMember& m : r.members()) {
        std::string sha;
        std::vector<unsigned char> bytes = r.read(m, 1ull << 30, sha);
        members.emplace_back(m.name, std::string(bytes.begin(), bytes.end()));
    }
    json manifest;
    for (auto& [name, text] : members) {
        if (name == "manifest.json") {
            manifest = json::parse(text);
            continue;
        }
        std::string before = text;
        edit(name, text);
        if (fix_manifest && text != before)
            manifest["sha256"][name] = d::sha256_hex(text.data(), text.size());
    }
    d::ZipWriter w(out);
    w.add_text("manifest.json", manifest.dump());
    for (auto& [name, text] : members)
        if (name != "manifest.json")
            w.add_text(name, text);
    for (auto& [name, text] : extra)
        w.add_text(name, text);
    w.close();
}

/// The consultancy with two assignments for one shopper, and the shopper's empty database.
struct Field {
    TempDir dir;
    std::string office, shop;
    std::string client, shopper, tpl;
    int tpl_version = 0;
    std::vector<vs::storage::Assignment> assigned;
    json answers; ///< a real visit's answers for the scorecard

    Field() : office(dir.path("office.db")), shop(dir.path("shopper.db")) {
        const Run demo = cli("--db " + office + " demo --visits 60 --seed 3");
        BOOST_REQUIRE_MESSAGE(demo.status == 0, demo.err);
        auto store = vs::storage::open_sqlite(office);
        // A real visit tells the client, a shopper, the scorecard and answers that fit it.
        const auto ids = store->visit_ids({});
        BOOST_REQUIRE(!ids.empty());
        const vs::storage::StoredVisit sample = store->load_visit(ids.front());
        client = sample.visit.client;
        shopper = sample.visit.shopper;
        tpl = sample.visit.template_id;
        tpl_version = sample.visit.template_version;
        answers = sample.visit.answers;
        std::vector<std::string> branches;
        for (const auto& b :
             store->org_list(vs::storage::OrgKind::Branch, std::nullopt, false, false))
            if (b.client == client && branches.size() < 2)
                branches.push_back(b.code);
        BOOST_REQUIRE_EQUAL(branches.size(), 2u);
        for (int i = 0; i < 2; ++i) {
            vs::storage::Assignment a;
            a.uuid = "0c5e0000-0000-4000-8000-00000000000" + std::to_string(i + 1);
            a.client = client;
            a.branch = branches[i];
            a.template_id = tpl;
            a.template_version = tpl_version;
            a.scenario = "Ask about a savings account (" + std::to_string(i + 1) + ")";
            a.window_from = "2026-12-01";
            a.window_to = "2099-12-20";
            a.shopper = shopper;
            a.fee_cents = 3500;
            a.status = "offered";
            assigned.push_back(a);
        }
        store->put_assignments(assigned, "planner");
    }

    /// The assignment bundle written at the consultancy and opened in the shopper's database.
    void send_assignments() {
        const std::string out = dir.path("to-shopper.vsbundle");
        Run r = cli("--db " + office + " bundle assignments --shopper " + shell_quoted(shopper) +
                    " -o " + out);
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        r = cli("--db " + shop + " bundle open " + out);
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    }

    /// A submitted visit made in the shopper's database for assignment `a`, with one photo.
    std::string make_visit(const vs::storage::Assignment& a, int n) {
        auto store = vs::storage::open_sqlite(shop);
        vs::forms::Visit v;
        v.uuid = uuid_n(n);
        v.template_id = a.template_id;
        v.template_version = a.template_version;
        v.client = a.client;
        v.branch = a.branch;
        v.shopper = a.shopper;
        v.visited_at = "2026-12-0" + std::to_string(2 + n % 7) + "T10:30:00";
        v.status = vs::forms::Status::Submitted;
        v.answers = answers;
        v.summary = "Visit " + std::to_string(n);
        v.assignment = a.uuid;
        v.evidence = {"2026-12-02T09:00:00Z", "2026-12-02T09:01:00Z", "2026-12-02T09:20:00Z"};
        store->import_visits({v}, "the app");
        const std::int64_t id = store->visit_id_of(v.uuid).value();
        store->add_attachment(id, "", "door-" + std::to_string(n) + ".jpg", "image/jpeg", jpeg(n),
                              {}, "2026-12-02T10:29:00");
        return v.uuid;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(bundle_cli)

BOOST_AUTO_TEST_CASE(assignments_out_visits_and_photos_back_then_review) {
    Field f;
    const std::string out = f.dir.path("to-shopper.vsbundle");
    Run r = cli("--db " + f.office + " bundle assignments --shopper " + shell_quoted(f.shopper) +
                " --client " + shell_quoted(f.client) + " -o " + out);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("2 assignments") != std::string::npos, r.out);

    // The shopper's side: opened twice (idempotent); an accepted assignment stays accepted.
    r = cli("--db " + f.shop + " bundle open " + out);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    {
        auto shop = vs::storage::open_sqlite(f.shop);
        const auto list = shop->assignments({});
        BOOST_REQUIRE_EQUAL(list.size(), 2u);
        BOOST_TEST(list[0].scenario.find("savings") != std::string::npos);
        BOOST_TEST(list[0].status == "offered");
        BOOST_TEST(shop->find_template(f.tpl, f.tpl_version) != nullptr);
        shop->set_assignment_status(f.assigned[0].uuid, "accepted", "", f.shopper);
    }
    r = cli("--db " + f.shop + " bundle open " + out);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("0 new scorecard versions") != std::string::npos, r.out);
    {
        auto shop = vs::storage::open_sqlite(f.shop);
        BOOST_TEST(shop->assignments({}).size() == 2u);
        BOOST_TEST(shop->assignment(f.assigned[0].uuid)->status == "accepted");
    }

    // Two visits with photos, then the return bundle; nothing unsent is left after it.
    const std::string u1 = f.make_visit(f.assigned[0], 1);
    const std::string u2 = f.make_visit(f.assigned[1], 2);
    const std::string back = f.dir.path("from-shopper.vsbundle");
    r = cli("--db " + f.shop + " bundle visits -o " + back);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("2 visits, 2 photos") != std::string::npos, r.out);
    r = cli("--db " + f.shop + " bundle visits -o " + f.dir.path("again.vsbundle"));
    BOOST_TEST(r.status == 2, r.out + r.err);
    BOOST_TEST(r.err.find("not sent before") != std::string::npos, r.err);

    // The consultancy imports it: visits, photos with hash and capture time, assignments visited.
    r = cli("--db " + f.office + " bundle import " + back);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("2 visits added") != std::string::npos, r.out);
    {
        auto office = vs::storage::open_sqlite(f.office);
        for (const auto& [uuid, n] : {std::pair{u1, 1}, std::pair{u2, 2}}) {
            const auto id = office->visit_id_of(uuid);
            BOOST_REQUIRE(id);
            const auto atts = office->attachments(*id);
            BOOST_REQUIRE_EQUAL(atts.size(), 1u);
            const auto bytes = jpeg(n);
            BOOST_TEST(atts[0].sha256 == d::sha256_hex(bytes.data(), bytes.size()));
            BOOST_TEST(atts[0].captured_at == "2026-12-02T10:29:00");
            BOOST_TEST(office->attachment_data(atts[0].id) == bytes);
            const auto v = office->load_visit(*id).visit;
            BOOST_TEST(v.assignment == f.assigned[n - 1].uuid);
            BOOST_TEST(v.evidence.submitted_at == "2026-12-02T09:20:00Z");
        }
        const auto a = office->assignment(f.assigned[0].uuid);
        BOOST_TEST(a->status == "visited");
        BOOST_TEST(a->visit_uuid == u1);
    }

    // The same bundle again changes nothing.
    const Snapshot once = snapshot(f.office);
    r = cli("--db " + f.office + " bundle import " + back);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("0 visits added, 2 already stored; 0 photos added, 2 already stored") !=
                   std::string::npos,
               r.out);
    BOOST_TEST(snapshot(f.office) == once);

    // Review: a reviewer approves an imported visit.
    r = cli("--db " + f.office + " visits approve --uuid " + u1 + " --as rita");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    {
        auto office = vs::storage::open_sqlite(f.office);
        BOOST_TEST((office->load_visit(*office->visit_id_of(u1)).visit.status ==
                    vs::forms::Status::Approved));
    }

    // An overlapping bundle (every submitted visit, one of them new) stores only the new one.
    vs::storage::Assignment extra = f.assigned[1];
    const std::string u3 = f.make_visit(extra, 3);
    const std::string overlap = f.dir.path("overlap.vsbundle");
    r = cli("--db " + f.shop + " bundle visits --all -o " + overlap);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("3 visits, 3 photos") != std::string::npos, r.out);
    r = cli("--db " + f.office + " bundle import " + overlap);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("1 visits added, 2 already stored; 1 photos added, 2 already stored") !=
                   std::string::npos,
               r.out);
    const Snapshot after = snapshot(f.office);
    BOOST_TEST(after.visits == once.visits + 1);
    BOOST_TEST(after.attachments == once.attachments + 1);
}

BOOST_AUTO_TEST_CASE(a_later_bundle_keeps_what_the_shopper_did_and_drops_what_was_cancelled) {
    Field f;
    f.send_assignments();
    {
        auto shop = vs::storage::open_sqlite(f.shop);
        shop->set_assignment_status(f.assigned[0].uuid, "accepted", "", f.shopper);
    }
    {
        auto office = vs::storage::open_sqlite(f.office);
        office->set_assignment_status(f.assigned[1].uuid, "cancelled", "", "planner");
    }
    f.send_assignments();
    auto shop = vs::storage::open_sqlite(f.shop);
    BOOST_TEST(shop->assignment(f.assigned[0].uuid)->status == "accepted");
    BOOST_TEST(shop->assignment(f.assigned[1].uuid)->status == "cancelled");
    // Nothing left to do: no bundle is written.
    {
        auto office = vs::storage::open_sqlite(f.office);
        office->set_assignment_status(f.assigned[0].uuid, "cancelled", "", "planner");
    }
    const Run r = cli("--db " + f.office + " bundle assignments --shopper " +
                      shell_quoted(f.shopper) + " -o " + f.dir.path("none.vsbundle"));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("no offered or accepted") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(refused_bundles_name_the_member_and_change_nothing) {
    Field f;
    f.send_assignments();
    f.make_visit(f.assigned[0], 1);
    f.make_visit(f.assigned[1], 2);
    const std::string good = f.dir.path("good.vsbundle");
    Run r = cli("--db " + f.shop + " bundle visits -o " + good);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli("--db " + f.office + " bundle import " + good);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    // One more visit, so that a refused bundle would have something new to store.
    const std::string u3 = f.make_visit(f.assigned[1], 3);
    const std::string base = f.dir.path("base.vsbundle");
    r = cli("--db " + f.shop + " bundle visits --all -o " + base);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const Snapshot before = snapshot(f.office);

    struct Case {
        std::string name;
        std::function<void(const std::string&, std::string&)> edit;
        bool fix_manifest;
        std::vector<std::pair<std::string, std::string>> extra;
        std::string expect; ///< in the message, beside the bundle's path
    };
    const std::string first = uuid_n(1);
    std::string photo_member;
    {
        d::ZipReader z(base);
        for (const auto& m : z.members())
            if (m.name.rfind("photos/", 0) == 0)
                photo_member = m.name;
    }
    const std::vector<Case> cases = {
        {"conflict",
         [&](const std::string& name, std::string& text) {
             if (name == "visits.json") {
                 json doc = json::parse(text);
                 doc["visits"][0]["summary"] = "changed after it was sent";
                 text = doc.dump();
             }
         },
         true,
         {},
         first},
        {"tampered photo",
         [&](const std::string& name, std::string& text) {
             if (name == photo_member)
                 text[100] ^= 1;
         },
         false,
         {},
         photo_member},
        {"visits.json changed without its hash",
         [&](const std::string& name, std::string& text) {
             if (name == "visits.json")
                 text += " ";
         },
         false,
         {},
         "visits.json"},
        {"path traversal",
         [](const std::string&, std::string&) {},
         false,
         {{"../../evil.sh", "rm -rf ~"}},
         "../../evil.sh"},
        {"bad JSON",
         [&](const std::string& name, std::string& text) {
             if (name == "visits.json")
                 text = "{\"format\": \"visitscore.visits/1\", \"visits\": [";
         },
         true,
         {},
         "visits.json"},
        {"oversized member (a zip bomb)",
         [](const std::string&, std::string&) {},
         false,
         {{"photos/" + std::string(64, 'a'), std::string((64u << 20) + 1, '\0')}},
         "photos/" + std::string(64, 'a')},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const std::string bad = f.dir.path("bad.vsbundle");
        rewrite_bundle(base, bad, c.edit, c.fix_manifest, c.extra);
        r = cli("--db " + f.office + " bundle import " + bad);
        BOOST_TEST(r.status == 2, r.out + r.err);
        BOOST_TEST(r.err.find(bad) != std::string::npos, r.err);
        BOOST_TEST(r.err.find(c.expect) != std::string::npos, r.err);
        BOOST_TEST(snapshot(f.office) == before);
        BOOST_TEST_MESSAGE(c.name << ": " << r.err);
    }
    // The untouched bundle still imports the new visit.
    r = cli("--db " + f.office + " bundle import " + base);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(snapshot(f.office).visits == before.visits + 1);
    // A return bundle is not an assignment bundle, and the other way round.
    r = cli("--db " + f.shop + " bundle open " + base);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("return bundle") != std::string::npos, r.err);
}

/// Cancels at the n-th progress update.
struct CancelAt : vs::Progress {
    std::size_t left;
    explicit CancelAt(std::size_t n) : left(n) {}
    void start(std::string_view, std::size_t) override {}
    bool update(std::size_t) override { return --left > 0; }
    void finish() override {}
};

BOOST_AUTO_TEST_CASE(a_cancelled_import_stores_nothing) {
    Field f;
    f.send_assignments();
    f.make_visit(f.assigned[0], 1);
    f.make_visit(f.assigned[1], 2);
    const std::string back = f.dir.path("back.vsbundle");
    Run r = cli("--db " + f.shop + " bundle visits -o " + back);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const Snapshot before = snapshot(f.office);
    {
        auto office = vs::storage::open_sqlite(f.office);
        CancelAt cancel(2); // while the photos are stored, after both visits
        BOOST_CHECK_THROW(vs::services::import_return_bundle(*office, back, &cancel),
                          vs::Cancelled);
    }
    BOOST_TEST(snapshot(f.office) == before);
    auto office = vs::storage::open_sqlite(f.office);
    const vs::services::BundleReport report = vs::services::import_return_bundle(*office, back);
    BOOST_TEST(report.visits_added == 2u);
    BOOST_TEST(report.photos_added == 2u);
}

BOOST_AUTO_TEST_CASE(a_kill_mid_import_changes_nothing) {
    TempDir dir;
    const std::string db = dir.path("office.db");
    Run r = cli("--db " + db + " demo --visits 200 --seed 99");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string package = dir.path("p.visits.json");
    r = cli("demo --visits 800 --seed 7 --package " + package);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string bundle = dir.path("big.vsbundle");
    const Run made = [&] {
        Run m;
        const std::string cmd =
            std::string(VS_MAKE_BUNDLE) + " " + package + " " + bundle + " 2 30 60 5 >/dev/null";
        m.status = std::system(cmd.c_str());
        return m;
    }();
    BOOST_REQUIRE_EQUAL(made.status, 0);
    const Snapshot before = snapshot(db);
    // A full import's time, on a copy, tells when to kill.
    const std::string probe = dir.path("probe.db");
    std::filesystem::copy_file(db, probe);
    const auto t0 = std::chrono::steady_clock::now();
    r = cli("--db " + probe + " bundle import " + bundle);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Snapshot full = snapshot(probe);
    BOOST_REQUIRE_EQUAL(full.visits, before.visits + 800);
    BOOST_REQUIRE_EQUAL(full.attachments, before.attachments + 1600);

    int killed = 0;
    for (double at : {0.2, 0.45, 0.7, 0.9}) {
        BOOST_TEST_INFO_SCOPE("kill at " << at);
        std::fflush(nullptr); // nothing buffered is written twice by the child
        const pid_t pid = ::fork();
        BOOST_REQUIRE(pid >= 0);
        if (pid == 0) {
            ::freopen("/dev/null", "w", stdout);
            ::freopen("/dev/null", "w", stderr);
            ::execl(VS_CLI, VS_CLI, "--db", db.c_str(), "bundle", "import", bundle.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds * at));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        BOOST_TEST(SQLite::Database(db).execAndGet("PRAGMA integrity_check").getString() == "ok");
        const Snapshot now = snapshot(db);
        // All or nothing: a kill before the commit leaves nothing, one after it everything.
        BOOST_TEST((now == before || now == full), now);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && now == before)
            ++killed;
        if (now == full)
            break; // committed: the kills after it would only test re-import
    }
    BOOST_TEST(killed >= 1);
    r = cli("--db " + db + " bundle import " + bundle);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(snapshot(db) == full);
    BOOST_TEST_MESSAGE("bundle kill: " << killed << " kills of an import of 800 visits and 1600 "
                                       << "photos (" << seconds << " s), none left a trace");
}

BOOST_AUTO_TEST_SUITE_END()
