// End to end: `visitscore-cli alerts rules|recipients|list|deliver` on a real SQLite file with
// the mini data set and a real SMTP server on loopback (tests/services/smtp_sink.h): a value
// refused names the setting and stores nothing; approving a visit with a critical failure raises
// its alerts once; deliver with the server down exits 1, stops after its first attempt and keeps
// every message, and with the server back (at the next try) sends each once; no message names
// the shopper; --at is checked first.
#include "cli_run.h"
#include "tests/services/smtp_sink.h"

#include <SQLiteCpp/Database.h>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

using namespace vs::test;
using nlohmann::json;

namespace {

const std::string kA = "00000000-0000-4000-8000-00000000000a";
const std::string kC = "00000000-0000-4000-8000-00000000000c";

json list(const std::string& opt, const std::string& more = "") {
    const Run r = cli(opt + "alerts list --json" + more);
    BOOST_REQUIRE_EQUAL(r.status, 0);
    return json::parse(r.out);
}

} // namespace

BOOST_AUTO_TEST_SUITE(alerts_cli)

BOOST_AUTO_TEST_CASE(rules_recipients_list_and_deliver) {
    TempDir dir;
    SmtpSink sink;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);

    // Rules: defaults, a client's own value, a refusal naming the setting.
    Run r = cli(opt + "alerts rules --json");
    BOOST_REQUIRE_EQUAL(r.status, 0);
    json rules = json::parse(r.out).at("rules");
    BOOST_TEST(rules.size() == 6u);
    BOOST_TEST(rules.at(0).at("rule") == "critical");
    BOOST_TEST(rules.at(0).at("value") == "on");
    BOOST_TEST(rules.at(1).at("value") == "60");
    r = cli(opt + "alerts rules --client \"Test Client\" --set below=120");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("alert.below@Test Client") != std::string::npos, r.err);
    BOOST_TEST(cli(opt + "alerts rules --client \"Test Client\" --set below=30").status == 0);
    r = cli(opt + "alerts rules --client \"Test Client\" --json");
    BOOST_TEST(json::parse(r.out).at("rules").at(1).at("value") == "30");
    r = cli(opt + "alerts rules --json");
    BOOST_TEST(json::parse(r.out).at("rules").at(1).at("value") == "60");
    r = cli(opt + "alerts smtp --url http://nope");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("smtp.url") != std::string::npos, r.err);

    // Addresses; a bad one is refused.
    r = cli(opt + "alerts recipients --client \"Test Client\" --set not-an-address");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(cli(opt + "alerts recipients --client \"Test Client\" --set "
                         "area@client.example,ops@client.example")
                   .status == 0);
    r = cli(opt + "alerts recipients --client \"Test Client\"");
    BOOST_TEST(r.out.find("ops@client.example") != std::string::npos, r.out);

    // Approving C (critical failure, score 0) raises both of its alerts, once.
    BOOST_REQUIRE_EQUAL(cli(opt + "visits approve --uuid " + kC + " --as rita").status, 0);
    json notes = list(opt).at("notifications");
    BOOST_TEST(notes.size() == 2u);
    BOOST_REQUIRE_EQUAL(
        cli(opt + "visits reopen --uuid " + kC + " --reason again --as rita").status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits approve --uuid " + kC + " --as rob").status, 0);
    BOOST_TEST(list(opt).at("notifications").size() == 2u);
    BOOST_TEST(list(opt, " --outbox").at("outbox").size() == 4u);

    // Delivery: nothing set is refused by name; the server down keeps every message.
    r = cli(opt + "alerts deliver");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("smtp.url") != std::string::npos, r.err);
    r = cli(opt + "alerts smtp --url " + sink.url() + " --from alerts@consultancy.example");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find("smtp.tls  try") != std::string::npos, r.out);
    sink.stop();
    // In 2030 the action plan C's approval opened (when plans open on a critical failure) is
    // overdue too: its alert is raised by this run and e-mailed with the others.
    // A time that is not one is refused first, naming --at.
    r = cli(opt + "alerts deliver --at 2030-01-01");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--at") != std::string::npos, r.err);
    // The server cannot be reached: the run stops after the first attempt; the rest wait.
    r = cli(opt + "alerts deliver --at 2030-01-01T10:00:00Z");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err.find("stopped") != std::string::npos, r.err);
    const json pending = list(opt, " --outbox");
    const std::size_t n = pending.at("outbox").size();
    BOOST_TEST(n >= 4u);
    BOOST_TEST(r.out.find("0 sent, 1 failed") != std::string::npos, r.out);
    std::size_t tried = 0;
    for (const json& m : pending.at("outbox")) {
        BOOST_TEST(m.at("status") == "pending");
        if (m.at("attempts") == 1) {
            ++tried;
            BOOST_TEST(m.at("next_try") == "2030-01-01T10:01:00Z");
        } else {
            BOOST_TEST(m.at("attempts") == 0);
        }
    }
    BOOST_TEST(tried == 1u);
    sink.start();
    r = cli(opt + "alerts deliver --at 2030-01-01T10:01:00Z");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find(std::to_string(n) + " sent, 0 failed") != std::string::npos, r.out);
    BOOST_TEST(cli(opt + "alerts deliver --at 2030-01-02T00:00:00Z").out == "0 sent, 0 failed\n");
    const auto got = sink.messages();
    BOOST_TEST(got.size() == n);
    for (const std::string& m : got) {
        BOOST_TEST(m.find("S2") == std::string::npos);
        const bool about = m.find("Critical failure") != std::string::npos ||
                           m.find("below 30") != std::string::npos ||
                           m.find("Action plan overdue") != std::string::npos;
        BOOST_TEST(about);
    }
    r = cli(opt + "alerts list");
    BOOST_TEST(r.out.find("critical") != std::string::npos, r.out);
}

// A refused change stores nothing: every --set is checked before any is written, a client not
// in the organisation is refused naming --client, a branch not the client's naming --branch.
BOOST_AUTO_TEST_CASE(a_refused_change_stores_nothing) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);
    const auto count = [&](const std::string& sql) {
        SQLite::Database db(dir.db(), SQLite::OPEN_READONLY);
        return db.execAndGet(sql).getInt();
    };
    const std::string alert_settings = "SELECT count(*) FROM settings WHERE key LIKE 'alert.%'";

    // The first --set is good, the second not: neither is stored.
    Run r = cli(opt + "alerts rules --client \"Test Client\" --set critical=off --set below=bad");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("alert.below@Test Client") != std::string::npos, r.err);
    r = cli(opt + "alerts rules --set praise=off --set nosuch=on");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--set") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("nosuch") != std::string::npos, r.err);
    r = cli(opt + "alerts rules --set praise=off --set below@Other=10");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--set") != std::string::npos, r.err);
    r = cli(opt + "alerts rules --client Typo --set critical=off");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--client") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("Typo") != std::string::npos, r.err);
    BOOST_TEST(count(alert_settings) == 0);
    // settings set refuses a client's own rule for a client there is not, naming it.
    r = cli(opt + "settings set alert.critical@Typo off");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("alert.critical@Typo") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("no client named \"Typo\"") != std::string::npos, r.err);
    BOOST_TEST(count(alert_settings) == 0);
    r = cli(opt + "alerts rules --client \"Test Client\" --json");
    BOOST_REQUIRE_EQUAL(r.status, 0);
    BOOST_TEST(json::parse(r.out).at("rules").at(0).at("value") == "on");
    BOOST_TEST(json::parse(r.out).at("rules").at(5).at("value") == "on");

    // Both good: both stored.
    BOOST_TEST(cli(opt + "alerts rules --client \"Test Client\" --set critical=off --set below=40")
                   .status == 0);
    r = cli(opt + "alerts rules --client \"Test Client\" --json");
    BOOST_TEST(json::parse(r.out).at("rules").at(0).at("value") == "off");
    BOOST_TEST(json::parse(r.out).at("rules").at(1).at("value") == "40");
    BOOST_TEST(count(alert_settings) == 2);

    // Recipients: an unknown client, a branch the client does not have.
    r = cli(opt + "alerts recipients --client Typo --set ops@client.example");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--client") != std::string::npos, r.err);
    r = cli(opt +
            "alerts recipients --client \"Test Client\" --branch B9 --set ops@client.example");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--branch") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("B9") != std::string::npos, r.err);
    BOOST_TEST(count("SELECT count(*) FROM alert_recipients") == 0);
    BOOST_TEST(cli(opt + "alerts recipients --client \"Test Client\" --branch B2 --set "
                         "b2@client.example")
                   .status == 0);
    r = cli(opt + "alerts recipients --client \"Test Client\"");
    BOOST_TEST(r.out.find("B2") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("b2@client.example") != std::string::npos, r.out);
    BOOST_TEST(count("SELECT count(*) FROM alert_recipients") == 1);
}

BOOST_AUTO_TEST_CASE(an_action_whose_alert_fails_stands_and_deliver_raises_it) {
    // The file refuses every notification (a trigger): the approval and the dispute point are
    // stored, exit 0 with a warning on stderr; the fault gone, alerts deliver raises both.
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);
    SQLite::Database(dir.db(), SQLite::OPEN_READWRITE)
        .exec("CREATE TRIGGER no_alerts BEFORE INSERT ON notifications BEGIN "
              "SELECT RAISE(ABORT, 'forced failure'); END;");
    Run r = cli(opt + "visits approve --uuid " + kC + " --as rita");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.err.find("warning: visit " + kC + " was approved") != std::string::npos, r.err);
    r = cli(opt + "dispute open " + kA + " --question style --answer scripted --reason video");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find("dispute 1 opened") != std::string::npos, r.out);
    BOOST_TEST(r.err.find("warning: dispute 1 was opened") != std::string::npos, r.err);
    BOOST_TEST(list(opt).at("notifications").empty());
    SQLite::Database(dir.db(), SQLite::OPEN_READWRITE).exec("DROP TRIGGER no_alerts");
    r = cli(opt + "alerts deliver"); // no SMTP server set: refused after raising
    BOOST_TEST(r.status == 2);
    std::vector<std::string> keys;
    const json raised = list(opt);
    for (const json& n : raised.at("notifications"))
        keys.push_back(n.at("rule").get<std::string>());
    std::sort(keys.begin(), keys.end());
    const std::vector<std::string> expected = {"below", "critical", "dispute_opened"};
    BOOST_TEST(keys == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(overdue_means_before_the_local_date) {
    // A time zone where the local date is not the UTC date: a plan due on the local date is not
    // overdue yet, one due the day before is (the UTC date would say otherwise for one of them).
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    // UTC-12 before 11:00 UTC (the day before), else UTC+14 (the day after): an hour or more
    // from local midnight either way.
    const char* const old_tz = std::getenv("TZ");
    const std::string kept = old_tz ? old_tz : "";
    ::setenv("TZ", utc.tm_hour < 11 ? "Etc/GMT+12" : "Etc/GMT-14", 1);
    ::tzset();
    const auto local_day = [](int days_back) {
        const std::time_t t = std::time(nullptr) - days_back * 86400L;
        std::tm tm{};
        localtime_r(&t, &tm);
        char buf[16];
        std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        return std::string(buf);
    };
    const std::string today = local_day(0), yesterday = local_day(1), start = local_day(30);
    BOOST_TEST_REQUIRE(cli(opt + "action open --client 'Test Client' --branch B1 --start " + start +
                           " --due " + today)
                           .status == 0);
    BOOST_TEST_REQUIRE(cli(opt + "action open --client 'Test Client' --branch B2 --start " + start +
                           " --due " + yesterday)
                           .status == 0);
    const Run r = cli(opt + "alerts deliver"); // no SMTP server: refused after raising
    if (old_tz)
        ::setenv("TZ", kept.c_str(), 1);
    else
        ::unsetenv("TZ");
    ::tzset();
    BOOST_TEST(r.status == 2, r.err);
    const json raised = list(opt);
    std::vector<std::string> due;
    for (const json& n : raised.at("notifications"))
        if (n.at("rule") == "action_overdue")
            due.push_back(n.at("subject").get<std::string>());
    BOOST_TEST_REQUIRE(due.size() == 1u);
    BOOST_TEST(due[0].find("B2") != std::string::npos, due[0]);
    BOOST_TEST(due[0].find(yesterday) != std::string::npos, due[0]);
}

BOOST_AUTO_TEST_SUITE_END()
