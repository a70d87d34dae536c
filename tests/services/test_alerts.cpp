// services/alerts.h on every backend of the storage contract (SQLite, and PostgreSQL on the test
// cluster), with a real SMTP server on loopback (smtp_sink.h, aiosmtpd): each rule fires once
// per event however often it is evaluated; the e-mail reaches every address set for the client
// and branch, once; with the server down nothing is lost, and when it is back each message is
// sent exactly once (same Message-ID); no message holds a shopper's code or name.
#include "forms/error.h"
#include "forms/json_io.h"
#include "services/alerts.h"
#include "services/disputes.h"
#include "services/recognition.h"
#include "services/review.h"
#include "storage/assignment_checks.h"
#include "storage/demo.h"
#include "templates/bundled.h"
#include "tests/services/smtp_sink.h"
#include "tests/services/survey_fixture.h"
#include "tests/storage/contract/backends.h"

#include <SQLiteCpp/Database.h>
#include <atomic>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <thread>
#include <unistd.h>

using namespace vs;
using contract::Fresh;

namespace {

std::vector<std::string> rules_of(storage::NotificationStore& s) {
    std::vector<std::string> out;
    for (const auto& n : s.notifications({}))
        out.push_back(n.event_key.substr(0, n.event_key.find(':')));
    std::sort(out.begin(), out.end());
    return out;
}

/// A header's value in a received message ("" when absent).
std::string header(const std::string& message, const std::string& name) {
    const std::regex re("(^|\r\n)" + name + ": ([^\r\n]*)", std::regex::icase);
    std::smatch m;
    return std::regex_search(message, m, re) ? m[2].str() : "";
}

/// Whether `text` names a shopper of the mini data (codes S1, S2; Sam Shopper) as a word, the
/// redactor's "[shopper]" aside.
bool names_a_shopper(const std::string& text) {
    static const std::regex placeholder(R"(\[shopper\])");
    static const std::regex re(R"((^|[^A-Za-z0-9])(s1|s2|sam|shopper)([^A-Za-z0-9]|$))",
                               std::regex::icase);
    return std::regex_search(std::regex_replace(text, placeholder, "-"), re);
}

/// Visit C approved (critical failure, score 0) and a dispute on A opened and decided, whose
/// texts name the shopper.
void raise_every_rule(storage::Store& s) {
    services::approve(s, contract::id_of(s, contract::kUuidC), "rita", "");
    services::DisputeRequest r{
        contract::kUuidA, "style", "scripted", "Sam Shopper (S1) misheard the staff", "", {}};
    const std::int64_t d = services::open_dispute(s, r, "client desk");
    services::decide_dispute(s, d, services::DisputeOutcome::Reject, "",
                             "S1 confirmed it in writing, Sam Shopper says", "arbiter");
}

services::SmtpSettings smtp_to(const test::SmtpSink& sink) {
    services::SmtpSettings smtp;
    smtp.url = sink.url();
    smtp.from = "alerts@consultancy.example";
    smtp.timeout_seconds = 5;
    return smtp;
}

} // namespace

BOOST_AUTO_TEST_SUITE(alert_rules)

VS_CONTRACT_CASE(each_rule_fires_once_per_event) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    raise_every_rule(s);
    const std::vector<std::string> expected = {"below", "critical", "dispute_decided",
                                               "dispute_opened"};
    BOOST_TEST(rules_of(s) == expected, boost::test_tools::per_element());
    // Evaluated again, from this connection and another: nothing new.
    const std::int64_t c = contract::id_of(s, contract::kUuidC);
    BOOST_TEST(services::raise_visit_alerts(s, c) == 0u);
    auto other = f.db->open();
    BOOST_TEST(services::raise_visit_alerts(*other, c) == 0u);
    for (const auto& d : s.disputes({}))
        BOOST_TEST(services::raise_dispute_alerts(*other, d.id) == 0u);
    // Reopened and approved again: the same event, not raised twice.
    services::reopen(s, c, "rita", "a second look");
    services::approve(s, c, "rob", "");
    BOOST_TEST(s.notifications({}).size() == 4u);
    // The critical alert names the failed question and the visit, never the shopper.
    for (const auto& n : s.notifications({})) {
        BOOST_TEST_INFO_SCOPE(n.event_key);
        BOOST_TEST(!names_a_shopper(n.subject + "\n" + n.body));
        BOOST_TEST(n.client == "Test Client");
        if (n.rule == "critical") {
            BOOST_TEST(n.branch == "B2");
            BOOST_TEST(n.visit_uuid == contract::kUuidC);
            BOOST_TEST(n.body.find("listened") != std::string::npos);
            BOOST_TEST(n.body.find("Score: 0.0") != std::string::npos);
        }
        if (n.rule == "dispute_opened")
            BOOST_TEST(n.body.find("[shopper] ([shopper]) misheard") != std::string::npos);
    }
}

VS_CONTRACT_CASE(a_customer_survey_response_raises_no_alert) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    // The detractor (far below the threshold) stored excluded, then approved with its audit
    // status entry, which the missing-alerts pass reads; the promoter is what praise is made of.
    test::load_survey(s, forms::Status::Excluded);
    const std::int64_t detractor = contract::id_of(s, test::kSurveyDetractor);
    s.record_status(detractor, forms::Status::Excluded, forms::Status::Approved, "rita", "",
                    "counted again");
    BOOST_TEST(services::raise_visit_alerts(s, detractor) == 0u);
    BOOST_TEST(services::raise_visit_alerts(s, contract::id_of(s, test::kSurveyPromoter)) == 0u);
    BOOST_TEST(services::raise_missing_alerts(s, storage::local_today()) == 0u);
    BOOST_TEST(s.notifications({}).empty());
    // A mystery visit as poor still raises its alerts.
    services::approve(s, contract::id_of(s, contract::kUuidC), "rita", "");
    BOOST_TEST(!s.notifications({}).empty());
}

VS_CONTRACT_CASE(rules_follow_their_settings_per_client) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    // B: critical failure, score 25. Critical off for this client, the threshold at 20: none.
    s.set_setting("alert.critical@Test Client", "off");
    s.set_setting("alert.below", "20");
    const std::int64_t b = contract::id_of(s, contract::kUuidB);
    BOOST_TEST(services::raise_visit_alerts(s, b) == 0u);
    // Threshold 30 for this client only: the score rule fires, the critical one still not.
    s.set_setting("alert.below@Test Client", "30");
    BOOST_TEST(services::raise_visit_alerts(s, b) == 1u);
    BOOST_TEST(rules_of(s) == std::vector<std::string>{"below"}, boost::test_tools::per_element());
    // A (83.75, no critical failure): nothing. Disputes off: none raised.
    BOOST_TEST(services::raise_visit_alerts(s, contract::id_of(s, contract::kUuidA)) == 0u);
    s.set_setting("alert.dispute_opened", "off");
    services::open_dispute(s, {contract::kUuidA, "style", "scripted", "no", "", {}}, "desk");
    BOOST_TEST(s.notifications({}).size() == 1u);
    // A visit not approved raises nothing.
    BOOST_TEST(services::raise_visit_alerts(s, contract::id_of(s, contract::kUuidC)) == 0u);
}

VS_CONTRACT_CASE(praise_fires_once_without_naming_anyone) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    const std::string file = std::string(VS_TEST_DATA) + "/recognition.visits.json";
    s.import_visits(forms::parse_visit_package(forms::read_file(file), file), file);
    const std::string perfect = "00000000-0000-4000-8000-000000000101"; // complaint handling
    const std::string praised = "00000000-0000-4000-8000-000000000102"; // "Ann was excellent"
    BOOST_TEST(services::raise_visit_alerts(s, contract::id_of(s, perfect)) == 1u);
    BOOST_TEST(services::raise_visit_alerts(s, contract::id_of(s, praised)) == 1u);
    BOOST_TEST(services::raise_visit_alerts(s, contract::id_of(s, praised)) == 0u);
    std::map<std::string, std::string> body;
    for (const auto& n : s.notifications({}))
        body[n.event_key] = n.subject + "\n" + n.body;
    BOOST_TEST_REQUIRE(body.size() == 2u);
    const std::string& a = body["praise:" + perfect];
    const std::string& b = body["praise:" + praised];
    BOOST_TEST(a.find("a perfect Complaint handling section") != std::string::npos, a);
    BOOST_TEST(b.find("praised by name in a comment") != std::string::npos, b);
    for (const std::string* t : {&a, &b}) {
        BOOST_TEST(!names_a_shopper(*t), *t);
        BOOST_TEST(t->find("Ann") == std::string::npos, *t); // staff are not named either
        BOOST_TEST(t->find("Bob") == std::string::npos, *t);
    }
    s.set_setting("alert.praise", "off");
    BOOST_TEST(services::raise_visit_alerts(
                   s, contract::id_of(s, "00000000-0000-4000-8000-000000000104")) == 0u);
}

// An approval's praise alert recognises the visit in hand (visit_recognition, reading only the
// client's staff) as the recognition report does from the store: recognition() of that visit.
VS_CONTRACT_CASE(an_approvals_recognition_is_the_reports_of_that_visit_alone) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    const std::string file = std::string(VS_TEST_DATA) + "/recognition.visits.json";
    std::vector<forms::Visit> visits = forms::parse_visit_package(forms::read_file(file), file);
    s.import_visits(visits, file);
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [name, text] : templates::bundled()) {
        forms::Template t = forms::parse_template(text, std::string(name));
        s.add_template(t, std::string(name));
        templates.push_back(s.find_template(t.id, t.version));
    }
    storage::DemoOptions options;
    options.visits = 300;
    options.seed = 3;
    const std::vector<forms::Visit> demo = storage::make_demo_data(templates, options).visits;
    s.import_visits(demo, "demo");
    visits.insert(visits.end(), demo.begin(), demo.end());
    // Every section recognised at 100, and the default words of praise.
    scoring::RecognitionRules rules;
    rules.sections = {"*"};
    const auto fields = [](const scoring::Recognition& r) {
        return std::tie(r.visit, r.visited_at, r.client, r.branch, r.employee, r.employee_name,
                        r.kind, r.section, r.question, r.comment, r.named_as, r.reason);
    };
    std::map<std::string, std::size_t> kinds;
    std::size_t approved = 0;
    for (const forms::Visit& v : visits) {
        const storage::StoredVisit stored = s.load_visit(contract::id_of(s, v.uuid));
        const scoring::VisitResult result = scoring::score_visit(
            *stored.tpl, forms::check_visit(*stored.tpl, stored.visit, "", v.uuid));
        storage::VisitFilter only;
        only.client = v.client;
        only.uuid = v.uuid;
        const std::vector<scoring::Recognition> expected = services::recognition(s, only, rules);
        const std::vector<scoring::Recognition> got =
            services::visit_recognition(s, stored, result, rules);
        approved += stored.visit.status == forms::Status::Approved ? 1 : 0;
        BOOST_TEST_CONTEXT("visit " << v.uuid) {
            BOOST_TEST_REQUIRE(got.size() == expected.size());
            for (std::size_t i = 0; i < got.size(); ++i)
                BOOST_TEST((fields(got[i]) == fields(expected[i])), "recognition " << i);
        }
        for (const scoring::Recognition& r : got)
            ++kinds[r.kind];
    }
    BOOST_TEST(approved > 100u);
    BOOST_TEST(kinds["perfect_section"] > 50u);
    BOOST_TEST(kinds["praise"] > 0u);
}

VS_CONTRACT_CASE(an_overdue_plan_fires_once) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    storage::ActionPlan p;
    p.client = "Test Client";
    p.branch = "B1";
    p.visit_uuid = contract::kUuidB;
    p.sections = {"greeting"};
    p.owner = "Branch manager";
    p.actions = {{"Greet at the door", "Branch manager", "2026-11-15", false},
                 {"Brief the team", "Area manager", "2026-11-10", true}};
    p.start_date = "2026-11-01";
    p.due_date = "2026-11-30";
    p.state = "in_progress";
    s.add_action_plan(p, "rita");
    storage::ActionPlan done = p;
    done.visit_uuid.clear();
    done.state = "done";
    s.add_action_plan(done, "rita");
    BOOST_TEST(services::raise_overdue_alerts(s, "2026-11-30") == 0u); // due today: not yet
    BOOST_TEST(services::raise_overdue_alerts(s, "2026-12-01") == 1u);
    BOOST_TEST(services::raise_overdue_alerts(s, "2026-12-02") == 0u); // once
    const auto notes = s.notifications({});
    BOOST_TEST_REQUIRE(notes.size() == 1u);
    BOOST_TEST(notes[0].rule == "action_overdue");
    BOOST_TEST(notes[0].branch == "B1");
    BOOST_TEST(notes[0].visit_uuid == contract::kUuidB);
    BOOST_TEST(notes[0].body.find("still in progress") != std::string::npos, notes[0].body);
    BOOST_TEST(notes[0].body.find("Actions not done: 1 of 2") != std::string::npos);
    BOOST_TEST(!names_a_shopper(notes[0].subject + notes[0].body));
}

BOOST_AUTO_TEST_CASE(an_action_stands_when_its_alert_fails_and_the_sweep_raises_it) {
    // A SQLite file whose notifications and action plans refuse every insert (triggers): the
    // approval, the dispute point and its decision are stored and reported done, with warnings;
    // once the fault is gone, the delivery run's sweep raises the missing alerts, once.
    namespace fs = std::filesystem;
    const fs::path file =
        fs::temp_directory_path() / ("vs_alert_sweep_" + std::to_string(::getpid()) + ".db");
    fs::remove(file);
    {
        auto s = storage::open_sqlite(file.string(), storage::OpenMode::Create);
        contract::load_mini(*s, *s);
        {
            SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
            raw.exec("CREATE TRIGGER no_alerts BEFORE INSERT ON notifications BEGIN "
                     "SELECT RAISE(ABORT, 'forced failure'); END;"
                     "CREATE TRIGGER no_plans BEFORE INSERT ON action_plans BEGIN "
                     "SELECT RAISE(ABORT, 'forced failure'); END;");
        }
        const std::int64_t c = contract::id_of(*s, contract::kUuidC);
        services::ReviewStep step;
        BOOST_REQUIRE_NO_THROW(step = services::approve(*s, c, "rita", ""));
        BOOST_TEST((step.to == forms::Status::Approved));
        BOOST_TEST((s->load_visit(c).visit.status == forms::Status::Approved));
        BOOST_TEST_REQUIRE(step.warnings.size() == 2u);
        BOOST_TEST(step.warnings[0].find("action plan could not be opened") != std::string::npos);
        BOOST_TEST(step.warnings[1].find("alert could not be stored") != std::string::npos);
        std::vector<std::string> warnings;
        std::int64_t point = 0;
        BOOST_REQUIRE_NO_THROW(point = services::open_dispute(
                                   *s, {contract::kUuidA, "style", "scripted", "we saw it", "", {}},
                                   "client desk", {}, &warnings));
        BOOST_TEST(point > 0);
        BOOST_TEST(warnings.size() == 1u);
        BOOST_TEST(s->disputes({}).size() == 1u);
        BOOST_TEST(s->notifications({}).empty());
        {
            SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
            raw.exec("DROP TRIGGER no_alerts; DROP TRIGGER no_plans;");
        }
        // C was visited on 2 November 2026: within the sweep's 14 days of the 10th.
        BOOST_TEST(services::raise_missing_alerts(*s, "2026-11-10") >= 3u);
        std::set<std::string> keys;
        for (const auto& n : s->notifications({}))
            keys.insert(n.event_key);
        BOOST_TEST(keys.count(std::string("critical:") + contract::kUuidC) == 1u);
        BOOST_TEST(keys.count(std::string("below:") + contract::kUuidC) == 1u);
        BOOST_TEST(keys.count("dispute_opened:" + std::to_string(point)) == 1u);
        BOOST_TEST(services::raise_missing_alerts(*s, "2026-11-10") == 0u);
    }
    fs::remove(file);
}

BOOST_AUTO_TEST_CASE(settings_are_checked_by_name) {
    using services::checked_alert_setting;
    BOOST_TEST(!checked_alert_setting("user", "x").has_value());
    BOOST_TEST(!checked_alert_setting("alert.nothing", "on").has_value());
    BOOST_TEST(*checked_alert_setting("alert.below", "72.5") == "72.5");
    BOOST_TEST(*checked_alert_setting("alert.below@Test Client", "off") == "off");
    BOOST_TEST(*checked_alert_setting("alert.critical", "on") == "on");
    auto field = [](const std::string& k, const std::string& v) {
        try {
            checked_alert_setting(k, v);
        } catch (const InputError& e) {
            return e.where();
        }
        return std::string();
    };
    BOOST_TEST(field("alert.below", "101") == "alert.below");
    BOOST_TEST(field("alert.critical", "7") == "alert.critical");
    BOOST_TEST(field("alert.critical@", "on") == "alert.critical@");
    BOOST_TEST(field("smtp.url", "http://x") == "smtp.url");
    BOOST_TEST(field("smtp.from", "no address") == "smtp.from");
    BOOST_TEST(field("smtp.tls", "maybe") == "smtp.tls");
    BOOST_TEST(field("smtp.url", "smtps://mail.example.org:465") == "");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(alert_mail)

VS_CONTRACT_CASE(each_message_reaches_its_addresses_once_without_a_shopper) {
    test::SmtpSink sink;
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    s.set_alert_recipients("Test Client", "", {"area@client.example"});
    s.set_alert_recipients("Test Client", "B2", {"b2@client.example"});
    raise_every_rule(s);
    // C is at B2: its two alerts go to both addresses; the disputes (A, B1) to the client's.
    BOOST_TEST(s.outbox("").size() == 6u);
    const auto report = services::deliver_alerts(s, smtp_to(sink));
    BOOST_TEST(report.sent == 6u);
    BOOST_TEST(report.failed == 0u);
    BOOST_TEST(services::deliver_alerts(s, smtp_to(sink)).sent == 0u); // nothing twice
    const auto got = sink.messages();
    BOOST_TEST_REQUIRE(got.size() == 6u);
    std::map<std::string, std::string> to_of;
    for (const auto& m : got) {
        BOOST_TEST_INFO_SCOPE(m);
        BOOST_TEST(!names_a_shopper(m));
        BOOST_TEST(header(m, "From") == "VisitScore <alerts@consultancy.example>");
        BOOST_TEST(header(m, "Subject").rfind("[VisitScore] ", 0) == 0u);
        to_of[header(m, "Message-ID")] = header(m, "X-Envelope-To");
    }
    BOOST_TEST(to_of.size() == 6u); // six distinct Message-IDs
    for (const auto& m : s.outbox("")) {
        BOOST_TEST(m.status == "sent");
        BOOST_TEST(m.attempts == 1);
        BOOST_TEST(to_of[m.message_id] == m.recipient);
    }
}

VS_CONTRACT_CASE(with_the_server_down_nothing_is_lost_or_sent_twice) {
    test::SmtpSink sink;
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    s.set_alert_recipients("Test Client", "", {"area@client.example", "ops@client.example"});
    sink.stop();
    raise_every_rule(s); // 4 notifications, 8 messages
    const std::string t0 = "2030-01-01T10:00:00Z";
    // The server cannot be reached: the run stops after the first attempt (each other message
    // would wait for the same timeout); the rest wait untouched.
    auto report = services::deliver_alerts(s, smtp_to(sink), t0);
    BOOST_TEST(report.sent == 0u);
    BOOST_TEST(report.failed == 1u);
    BOOST_TEST(report.errors.size() == 1u);
    BOOST_TEST(!report.stopped.empty());
    auto box = s.outbox("");
    BOOST_TEST_REQUIRE(box.size() == 8u);
    BOOST_TEST(box[0].status == "pending");
    BOOST_TEST(box[0].attempts == 1);
    BOOST_TEST(!box[0].last_error.empty());
    BOOST_TEST(box[0].next_try == "2030-01-01T10:01:00Z"); // a minute after the first failure
    for (std::size_t i = 1; i < box.size(); ++i) {
        BOOST_TEST(box[i].status == "pending");
        BOOST_TEST(box[i].attempts == 0);
        BOOST_TEST(box[i].last_error.empty());
    }
    // Still down a minute later: the first again (the oldest), whose second failure waits two
    // minutes.
    report = services::deliver_alerts(s, smtp_to(sink), "2030-01-01T10:01:00Z");
    BOOST_TEST(report.failed == 1u);
    BOOST_TEST(s.outbox("")[0].next_try == "2030-01-01T10:03:00Z");
    sink.start();
    // Back: the seven never tried go; the first waits for its next try, then goes, once.
    report = services::deliver_alerts(s, smtp_to(sink), "2030-01-01T10:02:00Z");
    BOOST_TEST(report.sent == 7u);
    BOOST_TEST(report.stopped.empty());
    BOOST_TEST(sink.messages().size() == 7u);
    report = services::deliver_alerts(s, smtp_to(sink), "2030-01-01T10:03:00Z");
    BOOST_TEST(report.sent == 1u);
    BOOST_TEST(report.failed == 0u);
    BOOST_TEST(services::deliver_alerts(s, smtp_to(sink), "2030-01-02T00:00:00Z").sent == 0u);
    const auto got = sink.messages();
    BOOST_TEST(got.size() == 8u);
    std::set<std::string> ids;
    for (const auto& m : got) {
        ids.insert(header(m, "Message-ID"));
        BOOST_TEST(!names_a_shopper(m));
    }
    BOOST_TEST(ids.size() == 8u);
    box = s.outbox("");
    for (std::size_t i = 0; i < box.size(); ++i) {
        BOOST_TEST(box[i].status == "sent");
        BOOST_TEST(box[i].attempts == (i == 0 ? 3 : 1));
        BOOST_TEST(box[i].sent_at == (i == 0 ? "2030-01-01T10:03:00Z" : "2030-01-01T10:02:00Z"));
    }
}

VS_CONTRACT_CASE(each_claim_takes_its_lease_from_the_clock) {
    // A slow server (1 s a message): the second message is claimed a second or more into the
    // run, so its lease runs from then (the run's time plus 2 x 5 s + 60 s), not from the
    // run's start. Another connection watches the outbox while the run sends.
    test::SmtpSink sink(1.0);
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    s.set_alert_recipients("Test Client", "", {"area@client.example"});
    services::approve(s, contract::id_of(s, contract::kUuidC), "rita", ""); // 2 messages
    BOOST_TEST_REQUIRE(s.outbox("").size() == 2u);
    auto watcher = f.db->open();
    std::atomic<bool> done{false};
    std::string latest_lease;
    std::thread watch([&] {
        while (!done) {
            try {
                for (const auto& m : watcher->outbox(""))
                    if (m.status == "pending" && m.attempts == 1 && m.next_try > latest_lease)
                        latest_lease = m.next_try;
            } catch (const std::exception&) {
                // busy for a moment: look again
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    const auto report = services::deliver_alerts(s, smtp_to(sink), "2030-01-01T10:00:00Z");
    done = true;
    watch.join();
    BOOST_TEST(report.sent == 2u);
    // From the start alone: 10:01:10.
    BOOST_TEST(latest_lease > "2030-01-01T10:01:10Z", latest_lease);
    BOOST_TEST(latest_lease <= "2030-01-01T10:01:20Z", latest_lease);
}

VS_CONTRACT_CASE(a_login_over_plain_smtp_needs_tls) {
    // With a user set on smtp://, the password never goes in clear: the plain test server
    // offers no STARTTLS, so the message is refused (kept pending), unless tls=off says so.
    test::SmtpSink sink;
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    s.set_alert_recipients("Test Client", "", {"area@client.example"});
    services::approve(s, contract::id_of(s, contract::kUuidC), "rita", ""); // 2 messages
    services::SmtpSettings smtp = smtp_to(sink);
    smtp.user = "alerts";
    smtp.password = "secret";
    const auto report = services::deliver_alerts(s, smtp, "2030-01-01T10:00:00Z");
    BOOST_TEST(report.sent == 0u);
    BOOST_TEST(report.failed == 1u);
    BOOST_TEST(!report.stopped.empty()); // the next would fail the same way
    BOOST_TEST(sink.messages().empty());
    for (const auto& m : s.outbox(""))
        BOOST_TEST(m.status == "pending");
}

VS_CONTRACT_CASE(an_address_that_could_add_a_header_is_refused) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    s.set_alert_recipients("Test Client", "", {"area@client.example"});
    for (const std::string bad :
         {"a@b.example\r\nBcc: all@evil.example", "a@b.example>, <x@evil.example",
          "a@b.example; x@evil.example", "no-at-sign", "a b@c.example", "@b.example"}) {
        BOOST_TEST_INFO_SCOPE(bad);
        BOOST_CHECK_THROW(s.set_alert_recipients("Test Client", "", {"ok@client.example", bad}),
                          InputError);
        storage::NewNotification n;
        n.event_key = "critical:forged";
        n.rule = "critical";
        n.client = "Test Client";
        n.subject = "s";
        n.body = "b";
        n.recipients = {bad};
        BOOST_CHECK_THROW(s.add_notification(n), InputError);
        BOOST_CHECK_THROW(services::checked_alert_setting("smtp.from", bad), InputError);
    }
    // Nothing written.
    BOOST_TEST(s.notifications({}).empty());
    BOOST_TEST_REQUIRE(s.alert_recipients("Test Client").size() == 1u);
    BOOST_TEST(s.alert_recipients("Test Client")[0].address == "area@client.example");
}

BOOST_AUTO_TEST_CASE(no_server_set_is_refused_by_name) {
    Fresh f(contract::backends().front());
    services::SmtpSettings smtp;
    smtp.from = "a@b.example";
    try {
        services::deliver_alerts(*f.store, smtp);
        BOOST_FAIL("no refusal");
    } catch (const InputError& e) {
        BOOST_TEST(e.where() == "smtp.url");
    }
}

BOOST_AUTO_TEST_SUITE_END()
