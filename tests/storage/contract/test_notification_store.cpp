// Contract of NotificationStore (storage/notification_store.h): a notification stored once per
// event key with one pending e-mail per recipient (a stable Message-ID), read state, the
// outbox's due list, a claim that only one deliverer gets, sent and failed attempts, and the
// alert addresses per client and branch.
#include "backends.h"
#include "forms/dates.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <map>

using namespace vs;
using contract::Fresh;

namespace {

storage::NewNotification critical(const std::string& uuid) {
    storage::NewNotification n;
    n.event_key = "critical:" + uuid;
    n.rule = "critical";
    n.client = "Test Client";
    n.branch = "B1";
    n.visit_uuid = uuid;
    n.subject = "Critical failure at B1";
    n.body = "A critical question failed.";
    n.recipients = {"area@example.org", "branch@example.org"};
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(notification_store)

VS_CONTRACT_CASE(a_notification_is_stored_once_per_event_with_its_mail) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::NotificationStore& ns = *f.store;
    BOOST_TEST(ns.notifications({}).empty());
    BOOST_TEST(ns.add_notification(critical(contract::kUuidA)));
    BOOST_TEST(!ns.add_notification(critical(contract::kUuidA))); // the same event again
    auto other = critical(contract::kUuidB);
    other.recipients.clear();
    BOOST_TEST(ns.add_notification(other));
    const auto all = ns.notifications({});
    BOOST_TEST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[0].visit_uuid == contract::kUuidB); // newest first
    BOOST_TEST(all[1].event_key == "critical:" + std::string(contract::kUuidA));
    BOOST_TEST(all[1].client == "Test Client");
    BOOST_TEST(all[1].branch == "B1");
    BOOST_TEST(all[1].subject == "Critical failure at B1");
    BOOST_TEST(all[1].created_at.size() >= 19u);
    BOOST_TEST(!all[1].read);
    // Those raised since a time or a day.
    storage::NotificationFilter since;
    since.since = all[1].created_at;
    BOOST_TEST(ns.notifications(since).size() == 2u);
    since.since = all[1].created_at.substr(0, 10);
    BOOST_TEST(ns.notifications(since).size() == 2u);
    since.since = "9999-01-01";
    BOOST_TEST(ns.notifications(since).empty());
    const auto mail = ns.outbox("");
    BOOST_TEST_REQUIRE(mail.size() == 2u);
    BOOST_TEST(mail[0].recipient == "area@example.org");
    BOOST_TEST(mail[0].status == "pending");
    BOOST_TEST(mail[0].attempts == 0);
    BOOST_TEST(mail[0].subject == "Critical failure at B1");
    BOOST_TEST(
        mail[0].message_id ==
        storage::alert_message_id("critical:" + std::string(contract::kUuidA), "area@example.org"));
    BOOST_TEST(mail[0].message_id != mail[1].message_id);
    // Another connection sees the same, and an unknown client writes nothing.
    auto second = f.db->open();
    BOOST_TEST(second->notifications({"Test Client", true, {}}).size() == 2u);
    auto bad = critical(contract::kUuidC);
    bad.client = "Nobody";
    BOOST_CHECK_THROW(ns.add_notification(bad), storage::StorageError);
    BOOST_TEST(ns.notifications({}).size() == 2u);
}

VS_CONTRACT_CASE(read_state_and_the_unread_filter) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::NotificationStore& ns = *f.store;
    ns.add_notification(critical(contract::kUuidA));
    ns.add_notification(critical(contract::kUuidB));
    const auto all = ns.notifications({});
    ns.set_notification_read(all[0].id, true);
    BOOST_TEST(ns.notifications({"", true, {}}).size() == 1u);
    BOOST_TEST(ns.notifications({"Other", false, {}}).empty());
    ns.set_notification_read(all[0].id, false);
    BOOST_TEST(ns.notifications({"", true, {}}).size() == 2u);
    BOOST_CHECK_THROW(ns.set_notification_read(999999, true), storage::StorageError);
}

VS_CONTRACT_CASE(the_outbox_claims_once_and_keeps_failures_pending) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::NotificationStore& ns = *f.store;
    ns.add_notification(critical(contract::kUuidA));
    BOOST_TEST(ns.outbox("2000-01-01T00:00:00Z").empty()); // not due yet
    auto due = ns.outbox("2999-01-01T00:00:00Z");
    BOOST_TEST_REQUIRE(due.size() == 2u);
    const auto m = due[0];
    BOOST_TEST(ns.claim_mail(m.id, m.next_try, "2999-01-01T00:00:05Z"));
    // A second deliverer that read the same row does not get it.
    auto second = f.db->open();
    BOOST_TEST(!second->claim_mail(m.id, m.next_try, "2999-01-01T00:00:05Z"));
    ns.mark_mail_failed(m.id, "connection refused", "2999-01-01T00:01:00Z");
    due = ns.outbox("2999-01-01T00:00:30Z");
    BOOST_TEST_REQUIRE(due.size() == 1u); // the failed one waits for its next try
    BOOST_TEST(due[0].id != m.id);
    auto after = ns.outbox("2999-01-01T00:01:00Z");
    BOOST_TEST_REQUIRE(after.size() == 2u);
    BOOST_TEST(after[0].attempts == 1);
    BOOST_TEST(after[0].last_error == "connection refused");
    BOOST_TEST(ns.claim_mail(after[0].id, after[0].next_try, "2999-01-01T00:01:05Z"));
    ns.mark_mail_sent(after[0].id, "2999-01-01T00:01:01Z");
    const auto all = ns.outbox("");
    BOOST_TEST(all[0].status == "sent");
    BOOST_TEST(all[0].attempts == 2);
    BOOST_TEST(all[0].sent_at == "2999-01-01T00:01:01Z");
    BOOST_TEST(all[0].last_error == "");
    BOOST_TEST(!ns.claim_mail(all[0].id, all[0].next_try, "2999-01-01T00:02:00Z")); // sent
    BOOST_TEST(ns.outbox("2999-12-31T00:00:00Z").size() == 1u);
}

VS_CONTRACT_CASE(addresses_per_client_and_branch) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::NotificationStore& ns = *f.store;
    BOOST_TEST(ns.alert_recipients("").empty());
    ns.set_alert_recipients("Test Client", "", {"area@example.org", "ops@example.org"});
    ns.set_alert_recipients("Test Client", "B1", {"b1@example.org"});
    ns.set_alert_recipients("Test Client", "", {"ops@example.org"}); // replaces the client's
    const auto r = ns.alert_recipients("Test Client");
    BOOST_TEST_REQUIRE(r.size() == 2u);
    BOOST_TEST(r[0].branch == "");
    BOOST_TEST(r[0].address == "ops@example.org");
    BOOST_TEST(r[1].branch == "B1");
    BOOST_TEST(r[1].address == "b1@example.org");
    BOOST_TEST(ns.alert_recipients("Other").empty());
    BOOST_CHECK_THROW(ns.set_alert_recipients("Nobody", "", {"x@example.org"}),
                      storage::StorageError);
}

VS_CONTRACT_CASE(a_purge_takes_purged_people_out_of_notifications) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::NotificationStore& ns = *f.store;
    // A and B (October 2026) are purged before 1 November, with E1 Ann Able and E2 Bob Baker;
    // C (2 November) is not.
    auto about_a = critical(contract::kUuidA);
    about_a.body = "Reason: the greeter was rude\nOpened by Carla Client";
    ns.add_notification(about_a);
    auto about_c = critical(contract::kUuidC);
    about_c.subject = "Plan of Ann Able overdue";
    about_c.body = "Owner: Ann Able\nAction: E2 to coach the team";
    ns.add_notification(about_c);
    auto plain = critical(contract::kUuidC);
    plain.event_key = "below:" + std::string(contract::kUuidC);
    plain.body = "A score below 60.";
    ns.add_notification(plain);
    f.store->purge_personal_data(*forms::parse_day("2026-11-01"), "dpo");
    std::map<std::string, storage::Notification> by_key;
    for (const auto& n : ns.notifications({}))
        by_key[n.event_key] = n;
    const auto& a = by_key.at(about_a.event_key);
    BOOST_TEST(a.body == "");
    BOOST_TEST(a.subject == about_a.subject);
    const auto& c = by_key.at(about_c.event_key);
    BOOST_TEST(c.subject.find("Ann Able") == std::string::npos, c.subject);
    BOOST_TEST(c.body.find("Ann Able") == std::string::npos, c.body);
    BOOST_TEST(c.body.find("E2") == std::string::npos, c.body);
    BOOST_TEST(c.body.find("to coach the team") != std::string::npos, c.body);
    BOOST_TEST(by_key.at(plain.event_key).body == "A score below 60.");
}

BOOST_AUTO_TEST_SUITE_END()
