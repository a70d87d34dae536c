// Closing the loop end to end with visitscore-cli, as a consultancy would run it, on a real
// SQLite file and on the test cluster (VISITSCORE_TEST_PG): a visit with a critical failure
// approved -> its alert e-mails received by a real SMTP server on loopback (tests/services/
// smtp_sink.h), read back with Python's email package, never naming a shopper -> the branch's
// action plan opened -> in progress -> done with its re-shop assignment -> the re-shop visit
// handed in and approved -> verified, with its effect in numbers; a dispute opened, partly
// accepted, the score changed by what the standing answer is worth, the audit chain verified,
// the client workbook's Disputes sheet read back with openpyxl. Every number of `dispute stats`
// and `action effect` equals loop_oracle.py, an independent computation of docs/disputes.md's
// statistics and SCORING.md §7 for action plans in Python; and so do those of the demo data.
#include "cli_run.h"
#include "tests/services/smtp_sink.h"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

using namespace vs::test;
using nlohmann::json;

namespace {

const std::string kClient = "Loop Client";
// The shoppers' codes and names: none may appear in an e-mail or the workbook.
const std::vector<std::string> kShopperWords = {"Q7731", "Quentin", "Quill",
                                                "R4402", "Rhea",    "Ross"};

/// The local date `offset` days from today, YYYY-MM-DD (at noon, so that no clock change moves
/// it to another day).
std::string local_day(int offset) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    tm.tm_mday += offset;
    tm.tm_hour = 12;
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    const std::time_t t = std::mktime(&tm);
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string quoted(const std::string& s) {
    return "'" + s + "'";
}

/// What a Python helper of this folder prints, as JSON (its exit status must be 0).
json python(const std::string& args) {
    const std::string cmd = "/usr/bin/python3 " + args;
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    std::string out;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
        out.append(buf.data(), n);
    BOOST_REQUIRE_MESSAGE(::pclose(p) == 0, cmd + " failed: " + out);
    return json::parse(out);
}

json cli_json(const std::string& args) {
    const Run r = cli(args);
    BOOST_REQUIRE_MESSAGE(r.status == 0, args + ": " + r.err);
    return json::parse(r.out);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// No shopper's code or name in `text`, in any case.
void no_shopper_in(const std::string& text, const std::string& where) {
    for (const std::string& w : kShopperWords)
        BOOST_TEST(lower(text).find(lower(w)) == std::string::npos, where << " names " << w);
}

/// How much a comparison covered.
struct Tally {
    std::size_t numbers = 0, nulls = 0;
};

/// `got` (the CLI's JSON) holds every field of `want` (the oracle's) with the same value:
/// numbers within 1e-9 (relative above 1), null where the oracle has null, control_excludes as a
/// set (the CLI lists them in the order of the plans).
void check_same(const json& got, const json& want, const std::string& path, Tally& tally) {
    BOOST_TEST_INFO_SCOPE(path);
    if (want.is_object()) {
        BOOST_TEST_REQUIRE(got.is_object());
        for (const auto& [k, v] : want.items()) {
            BOOST_TEST_REQUIRE(got.contains(k), path << " has no " << k);
            if (k == "control_excludes") {
                const auto g = got.at(k).get<std::set<std::string>>();
                const auto w = v.get<std::set<std::string>>();
                BOOST_TEST(g == w, boost::test_tools::per_element());
                continue;
            }
            check_same(got.at(k), v, path + "." + k, tally);
        }
    } else if (want.is_array()) {
        BOOST_TEST_REQUIRE(got.is_array());
        BOOST_TEST_REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i)
            check_same(got[i], want[i], path + "[" + std::to_string(i) + "]", tally);
    } else if (want.is_null()) {
        BOOST_TEST(got.is_null(), path << " is " << got.dump() << ", the oracle's null");
        ++tally.nulls;
    } else if (want.is_number()) {
        BOOST_TEST_REQUIRE(got.is_number(), path << " is " << got.dump());
        const double a = got.get<double>(), b = want.get<double>();
        BOOST_TEST(std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)),
                   path << ": " << a << " != " << b);
        ++tally.numbers;
    } else {
        BOOST_TEST(got == want, path << ": " << got.dump() << " != " << want.dump());
    }
}

/// The oracle's computation for the SQLite file `file`.
json oracle(const std::string& file) {
    return python(std::string(VS_LOOP_ORACLE) + " " + quoted(file));
}

/// `dispute stats --json` of every client, by client, branch and shopper, against the oracle's.
void check_dispute_stats(const std::string& db, const json& want, Tally& tally) {
    for (const auto& [client, bys] : want.at("disputes").items())
        for (const auto& [by, groups] : bys.items()) {
            const json got = cli_json("--db " + db + " dispute stats --client " + quoted(client) +
                                      " --by " + by + " --json");
            BOOST_TEST(got.at("by") == by);
            check_same(got.at("groups"), groups, client + " by " + by, tally);
        }
}

/// `action effect --json` against the oracle's effects, plan by plan.
void check_plan_effects(const std::string& db, const json& want, Tally& tally) {
    const json got = cli_json("--db " + db + " action effect --json").at("action_plans");
    const json& plans = want.at("action_plans");
    BOOST_TEST_REQUIRE(got.size() == plans.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        BOOST_TEST_REQUIRE(got[i].at("id") == plans[i].at("id"));
        BOOST_TEST(got[i].at("branch") == plans[i].at("branch"));
        check_same(got[i].at("effect"), plans[i].at("effect"), "plan " + got[i].at("id").dump(),
                   tally);
    }
}

// --- the loop -----------------------------------------------------------------------------------

std::string uuid_of(int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
    return buf;
}

/// A visit of the mini scorecard (tests/data/mini.template.json) at `branch`, `offset` days from
/// today; the complaint section is hidden (no complaint staged).
json mini_visit(int n, const std::string& branch, const std::string& shopper, int offset,
                const std::string& status, const std::string& greeted, int warmth, int wait,
                const std::string& style) {
    const bool q = shopper == "Q7731";
    return {{"uuid", uuid_of(n)},
            {"template", "mini"},
            {"template_version", 1},
            {"client", kClient},
            {"region", branch == "L3" ? "South" : "North"},
            {"branch", branch},
            {"branch_name", "Branch " + branch},
            {"employee", "E" + branch.substr(1)},
            {"employee_name", "Staff of " + branch},
            {"shopper", shopper},
            {"shopper_name", q ? "Quentin Quill" : "Rhea Ross"},
            {"visited_at", local_day(offset) + "T" + (offset == 0 ? "00:01" : "11:30") + ":00"},
            {"status", status},
            {"answers",
             {{"greeted", greeted},
              {"warmth", warmth},
              {"complaint", "no"},
              {"wait", wait},
              {"style", style},
              {"nps", 8}}}};
}

constexpr int kCritical = 100; // L1, two days ago, submitted: greeted "no" (a critical question)
constexpr int kDisputed = 8;   // L2, approved, warmth 2
constexpr int kReshop = 200;   // the re-shop visit

/// The package: three branches' approved visits in the 90 days before today and on today (L1 one,
/// L2 and L3 two each), and the failed visit at L1, submitted. Only Q7731 has been to L1, so that
/// R4402 may make its re-shop (the lockout keeps a shopper away from a branch for 90 days).
std::string loop_package(const TempDir& dir) {
    json visits = json::array();
    const char* styles[] = {"personal", "scripted", "none"};
    int n = 0;
    for (const std::string branch : {"L1", "L2", "L3"}) {
        for (int i = 0; i < 5; ++i) {
            ++n;
            const int warmth = n == kDisputed ? 2 : 2 + (n * 7) % 4;
            visits.push_back(mini_visit(n, branch, branch != "L1" && i % 2 ? "R4402" : "Q7731",
                                        -70 + 14 * i, "approved", "yes", warmth, 20 + (n * 37) % 90,
                                        styles[(n * 5) % 3]));
        }
        for (int i = 0; i < (branch == "L1" ? 1 : 2); ++i) {
            ++n;
            visits.push_back(mini_visit(n, branch, branch == "L1" ? "Q7731" : "R4402", 0,
                                        "approved", "yes", 3 + (n * 3) % 3, 15 + (n * 11) % 40,
                                        styles[n % 2]));
        }
    }
    visits.push_back(mini_visit(kCritical, "L1", "Q7731", -2, "submitted", "no", 2, 100, "none"));
    return dir.write("loop.visits.json",
                     json{{"format", "visitscore.visits/1"}, {"visits", visits}}.dump(1));
}

double score_of(const std::string& opt, const std::string& uuid) {
    const json j = cli_json(opt + "visits score --json --uuid " + uuid);
    const json& v = j.is_array() ? j.at(0) : j.contains("visits") ? j.at("visits").at(0) : j;
    return v.at("score").get<double>();
}

/// Every message the server has received so far, parsed (to, subject, body).
json received(const SmtpSink& sink, const TempDir& dir) {
    std::string files;
    int i = 0;
    for (const std::string& m : sink.messages())
        files += " " + quoted(dir.write("mail" + std::to_string(i++) + ".eml", m));
    return python(std::string(VS_LOOP_READ) + " mail" + files).at("mail");
}

/// The loop on `db` (a SQLite path or a quoted server URI); `file` is the SQLite file the oracle
/// reads: `db` itself, or a new file that a server's database is copied into.
void run_loop(const std::string& db, const std::string& file, const TempDir& dir) {
    SmtpSink sink;
    const std::string opt = "--db " + db + " ";
    const std::string today = local_day(0);
    Run r = cli(opt + "init");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli(opt + "template import " + data("mini.template.json"));
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    r = cli(opt + "visits import " + loop_package(dir));
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_REQUIRE_EQUAL(
        cli(opt + "alerts recipients --client '" + kClient + "' --set area@loop.example").status,
        0);
    BOOST_REQUIRE_EQUAL(
        cli(opt + "alerts recipients --client '" + kClient + "' --branch L1 --set l1@loop.example")
            .status,
        0);
    BOOST_REQUIRE_EQUAL(
        cli(opt + "alerts smtp --url " + sink.url() + " --from alerts@consultancy.example").status,
        0);

    // 1. The failed visit approved: its alerts raised, the plan opened for L1 on its sections.
    const std::string critical = uuid_of(kCritical);
    r = cli(opt + "visits approve --uuid " + critical + " --as 'Rita Reviewer'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.err.empty(), r.err);
    json plans = cli_json(opt + "action list --json").at("action_plans");
    BOOST_TEST_REQUIRE(plans.size() == 1u);
    const std::string plan = plans[0].at("id").dump();
    BOOST_TEST(plans[0].at("branch") == "L1");
    BOOST_TEST(plans[0].at("visit") == critical);
    BOOST_TEST(plans[0].at("sections") == json({"greeting", "close"}));
    BOOST_TEST(plans[0].at("state") == "open");
    BOOST_TEST(plans[0].at("start") == today);

    // 2. The alerts delivered: critical and below, each to the client's and L1's address, once.
    r = cli(opt + "alerts deliver");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("4 sent, 0 failed") != std::string::npos, r.out);
    json mail = received(sink, dir);
    BOOST_TEST_REQUIRE(mail.size() == 4u);
    std::multiset<std::string> to;
    std::size_t about_critical = 0;
    for (const json& m : mail) {
        const std::string text =
            m.at("subject").get<std::string>() + "\n" + m.at("body").get<std::string>();
        no_shopper_in(text, "an alert e-mail");
        BOOST_TEST(text.find(critical) != std::string::npos, text);
        BOOST_TEST(text.find("L1") != std::string::npos, text);
        about_critical += text.find("Critical failure") != std::string::npos;
        to.insert(m.at("to").get<std::string>());
    }
    BOOST_TEST(about_critical >= 2u);
    BOOST_TEST(to == (std::multiset<std::string>{"area@loop.example", "area@loop.example",
                                                 "l1@loop.example", "l1@loop.example"}),
               boost::test_tools::per_element());
    BOOST_TEST(cli(opt + "alerts deliver").out == "0 sent, 0 failed\n");

    // 3. The plan worked on, then done: the re-shop assignment for L1 on the mini scorecard.
    r = cli(
        opt + "action update " + plan +
        " --state in_progress --owner 'Branch manager' --reason 'weekly call' --as 'Area Manager'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    r = cli(opt + "action done " + plan + " --as 'Rita Reviewer'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("re-shop assignment") != std::string::npos, r.out);
    plans = cli_json(opt + "action list --json").at("action_plans");
    BOOST_TEST(plans[0].at("state") == "done");
    const std::string reshop = plans[0].at("reshop_assignment");
    BOOST_TEST_REQUIRE(!reshop.empty());
    json assignment;
    const json offered = cli_json(opt + "assign list --json").at("assignments");
    for (const json& a : offered)
        if (a.at("uuid") == reshop)
            assignment = a;
    BOOST_TEST_REQUIRE(assignment.is_object());
    BOOST_TEST(assignment.at("branch") == "L1");
    BOOST_TEST(assignment.at("scenario") == "re-shop");
    BOOST_TEST(assignment.at("window_from").get<std::string>() >= today);
    std::string shopper = assignment.value("shopper", std::string());
    BOOST_TEST(shopper != "Q7731"); // who made the failed visit is locked out of L1
    if (shopper.empty()) {
        // Offered to nobody yet: the consultancy gives it to a shopper; the lockout refuses the
        // one who made the failed visit, naming why, and takes R4402, who has not been to L1.
        r = cli(opt + "assign edit " + reshop + " --shopper Q7731 --as 'Rita Reviewer'");
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find("Q7731 is at branch L1 within 90 days") != std::string::npos, r.err);
        r = cli(opt + "assign edit " + reshop + " --shopper R4402 --as 'Rita Reviewer'");
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        shopper = "R4402";
    }
    r = cli(opt + "assign accept " + reshop + " --shopper " + shopper + " --as " + shopper);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);

    // 4. The re-shop visit: made for the assignment, handed in, approved; the plan verified.
    json visit = mini_visit(kReshop, "L1", shopper, 0, "draft", "yes", 5, 25, "personal");
    visit["assignment"] = reshop;
    visit["visited_at"] = assignment.at("window_from").get<std::string>() + "T10:00:00";
    visit["shopper_name"] = shopper == "Q7731" ? "Quentin Quill" : "Rhea Ross";
    r = cli(opt + "visits import " +
            dir.write("reshop.visits.json",
                      json{{"format", "visitscore.visits/1"}, {"visits", {visit}}}.dump()));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const std::string reshop_visit = uuid_of(kReshop);
    r = cli(opt + "visits submit --uuid " + reshop_visit + " --as " + shopper);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    r = cli(opt + "visits approve --uuid " + reshop_visit + " --as 'Rita Reviewer'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json visited = cli_json(opt + "assign list --json").at("assignments");
    BOOST_TEST(visited.size() == 1u);
    for (const json& a : visited)
        if (a.at("uuid") == reshop) {
            BOOST_TEST(a.at("status") == "visited");
            BOOST_TEST(a.at("visit_uuid") == reshop_visit);
        }
    r = cli(opt + "action verify " + plan + " --reason 're-shop passed' --as 'Rita Reviewer'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(cli_json(opt + "action list --json").at("action_plans")[0].at("state") ==
               "verified");

    // 5. The effect in numbers: L1 before (five visits and the failed one) and after (the
    // re-shop and one more) on greeting and close, against L2 and L3 (5 + 2 each).
    json effect = cli_json(opt + "action effect --json").at("action_plans").at(0).at("effect");
    BOOST_TEST(effect.at("treated").at("pre").at("n") == 6);
    BOOST_TEST(effect.at("treated").at("post").at("n") == 2);
    BOOST_TEST(effect.at("control").at("pre").at("n") == 10);
    BOOST_TEST(effect.at("control").at("post").at("n") == 4);
    BOOST_TEST(effect.at("control_excludes").empty());
    BOOST_TEST_REQUIRE(effect.at("did").is_number());
    BOOST_TEST_REQUIRE(effect.at("did_ci95").is_array());
    BOOST_TEST(effect.at("treated").at("effect").get<double>() > 0); // the fix shows
    r = cli(opt + "action effect");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("Difference-in-differences: +") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("95% CI") != std::string::npos, r.out);

    // 6. A dispute on an L2 visit, naming the shopper: warmth 2, 5 proposed, 4 decided.
    const std::string disputed = uuid_of(kDisputed);
    const double before = score_of(opt, disputed);
    r = cli(opt + "dispute open " + disputed +
            " --question warmth --answer 5 --reason 'Quentin Quill misjudged it: our camera shows "
            "a warm welcome' --as 'Client Desk'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("dispute 1 opened") != std::string::npos, r.out);
    r = cli(opt + "dispute decide 1 --partly 4 --reason 'Warmer than reported, not as warm as "
                  "claimed' --as 'Ada Arbiter'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("partly") != std::string::npos, r.out);
    // Warmth 2 -> 4 of 1..5 (f 0.25 -> 0.75) at 2 of greeting's 5 points: greeting +20 points,
    // the visit 2/3 of that (the complaint section hidden, greeting weighing 2 and closing 1).
    BOOST_TEST(score_of(opt, disputed) - before == 40.0 / 3, boost::test_tools::tolerance(1e-9));
    r = cli(opt + "audit verify");
    BOOST_TEST(r.status == 0, r.out + r.err);
    const json stats = cli_json(opt + "dispute stats --client '" + kClient + "' --json");
    BOOST_TEST_REQUIRE(stats.at("groups").size() == 1u);
    const json& g = stats.at("groups")[0];
    BOOST_TEST(g.at("released") == 22); // 15 before, the failed one, 1 + 2 + 2 today, re-shop
    BOOST_TEST(g.at("disputed_visits") == 1);
    BOOST_TEST(g.at("overturned_rate") == 1.0);
    BOOST_TEST(g.at("changed_visits") == 1);

    // The dispute's notices, opened and decided, to the client's address: the shopper's name in
    // the reason arrives as [shopper].
    r = cli(opt + "alerts deliver");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("2 sent, 0 failed") != std::string::npos, r.out);
    mail = received(sink, dir);
    BOOST_TEST_REQUIRE(mail.size() == 6u);
    std::size_t shopper_marks = 0;
    for (const json& m : mail) {
        const std::string text =
            m.at("subject").get<std::string>() + "\n" + m.at("body").get<std::string>();
        no_shopper_in(text, "an alert e-mail");
        shopper_marks += text.find("[shopper] misjudged it") != std::string::npos;
    }
    BOOST_TEST(shopper_marks >= 1u);

    // 7. The client workbook's Disputes sheet, read back with openpyxl.
    const std::string workbook = dir.path("loop.xlsx");
    r = cli(opt + "export xlsx -o " + workbook + " --client '" + kClient + "'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json rows =
        python(std::string(VS_LOOP_READ) + " sheet " + workbook + " Disputes").at("rows");
    BOOST_TEST_REQUIRE(rows.is_array());
    std::size_t header = rows.size();
    for (std::size_t i = 0; i < rows.size() && header == rows.size(); ++i)
        for (const json& c : rows[i])
            if (c == "Decision")
                header = i;
    BOOST_TEST_REQUIRE(header + 2 == rows.size(), rows.dump()); // the header and one point
    const auto cell = [&](const std::string& column) {
        const json& h = rows[header];
        const auto it = std::find(h.begin(), h.end(), json(column));
        BOOST_TEST_REQUIRE((it != h.end()), "no column " << column);
        const json& v = rows[header + 1][static_cast<std::size_t>(it - h.begin())];
        return v.is_string() ? v.get<std::string>() : v.dump();
    };
    BOOST_TEST(cell("Branch") == "L2");
    BOOST_TEST(cell("Client") == kClient);
    BOOST_TEST(cell("Original answer") == "2");
    BOOST_TEST(cell("Proposed answer") == "5");
    BOOST_TEST(cell("Decision") == "partly accepted");
    BOOST_TEST(cell("Answer standing") == "4");
    BOOST_TEST(cell("Reason").find("[shopper] misjudged it") != std::string::npos);
    no_shopper_in(rows.dump(), "the Disputes sheet");

    // Every number of dispute stats and action effect equals the independent computation, which
    // also rescored every approved visit from its answers (the dispute's change included).
    std::string copy = file;
    if (file != db) {
        r = cli("copy --from " + db + " --to " + file);
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
    }
    const json want = oracle(copy);
    BOOST_TEST(want.at("rescored") == 22);
    Tally tally;
    check_dispute_stats(db, want, tally);
    check_plan_effects(db, want, tally);
    BOOST_TEST(tally.numbers > 30u);
    BOOST_TEST(cli(opt + "audit verify").status == 0);
}

/// A database of its own on the test cluster, dropped at the end.
struct LoopServerDatabase {
    std::string server, name;
    explicit LoopServerDatabase(const std::string& server_uri)
        : server(server_uri), name("vs_loop_" + std::to_string(::getpid())) {
        admin("DROP DATABASE IF EXISTS " + name);
        admin("CREATE DATABASE " + name);
    }
    ~LoopServerDatabase() {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
    }
    LoopServerDatabase(const LoopServerDatabase&) = delete;
    LoopServerDatabase& operator=(const LoopServerDatabase&) = delete;
    std::string uri() const { return server.substr(0, server.rfind('/') + 1) + name; }
    void admin(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(loop_cli)

BOOST_AUTO_TEST_CASE(the_loop_on_a_file) {
    TempDir dir;
    run_loop(dir.db(), dir.db(), dir);
}

BOOST_AUTO_TEST_CASE(the_loop_on_a_server) {
    const char* server = std::getenv("VISITSCORE_TEST_PG");
    if (!server || !*server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: the loop on a server not checked");
        return;
    }
    TempDir dir;
    LoopServerDatabase pg(server);
    run_loop(quoted(pg.uri()), dir.path("copy.db"), dir);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(loop_demo_oracle)

// The demo data against the oracle; then, since the demo decides its points in the second it
// opens them, the same with the points' times spread over days (raw SQL) and a disputed visit
// reopened (its points count, its visit no more), for the median and the unreleased case.
BOOST_AUTO_TEST_CASE(demo_disputes_and_plans_equal_the_independent_computation) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    Run r = cli(opt + "demo --visits 3000 --seed 7");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    json want = oracle(dir.db());
    Tally tally;
    check_dispute_stats(dir.db(), want, tally);
    check_plan_effects(dir.db(), want, tally);
    // The demo opens its plans 115 ... 0 days before its last visit day (2026-10-31).
    const json& plans = want.at("action_plans");
    BOOST_TEST(plans.size() >= 1u, "the demo opened no action plan");
    std::size_t with_interval = 0;
    for (const json& p : plans)
        with_interval += p.at("effect").at("did_ci95").is_array();
    BOOST_TEST(with_interval >= 1u);
    BOOST_TEST(want.at("rescored").get<int>() > 2500);
    BOOST_TEST(tally.numbers > 500u);

    // Times spread; one disputed visit reopened.
    {
        SQLite::Database db(dir.db(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE disputes SET opened_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-01', "
                "'+' || (id * 7 % 23) || ' days', '+' || (id * 3571 % 86400) || ' seconds')");
        db.exec("UPDATE disputes SET decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', opened_at, "
                "'+' || (id * 11 % 9) || ' days', '+' || (id * 977 % 86400) || ' seconds') "
                "WHERE status = 'decided'");
    }
    const json points = cli_json(opt + "dispute list --json").at("disputes");
    BOOST_TEST_REQUIRE(!points.empty());
    const std::string reopened = points[0].at("visit");
    r = cli(opt + "visits reopen --uuid " + reopened + " --reason 'second look' --as 'Rita'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    want = oracle(dir.db());
    Tally spread;
    check_dispute_stats(dir.db(), want, spread);
    std::size_t medians = 0, unreleased = 0;
    for (const auto& [client, bys] : want.at("disputes").items())
        for (const json& g : bys.at("shopper")) {
            const json& m = g.at("median_days_to_decide");
            medians += m.is_number() && m.get<double>() > 0 &&
                       m.get<double>() != std::floor(m.get<double>());
            unreleased += g.at("points").get<int>() > 0 &&
                          g.at("points").get<int>() > g.at("disputed_visits").get<int>();
        }
    BOOST_TEST(medians > 10u);
    BOOST_TEST(unreleased >= 1u);
}

BOOST_AUTO_TEST_SUITE_END()
