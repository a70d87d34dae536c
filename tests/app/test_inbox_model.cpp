// The Inbox page's model without a window: notifications newest first with their rule's label
// and date, filtered by client and read state, the unread count following a read mark.
#include "app/visits/inbox_model.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>

using namespace vs;

namespace {

storage::NewNotification note(const std::string& key, const std::string& rule,
                              const std::string& client) {
    storage::NewNotification n;
    n.event_key = key;
    n.rule = rule;
    n.client = client;
    n.branch = "B1";
    n.subject = "About " + key;
    n.body = "Body of " + key;
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(inbox_model)

BOOST_AUTO_TEST_CASE(rows_labels_filters_and_unread) {
    test::TempDir dir;
    storage::SqliteStore s(dir.path("inbox.db"));
    test::fill_demo(s, 30);
    const auto clients = s.org_list(storage::OrgKind::Client, std::nullopt, true, false);
    BOOST_REQUIRE(clients.size() >= 2u);
    const std::string a = clients[0].name, b = clients[1].name;
    s.add_notification(note("critical:x", "critical", a));
    s.add_notification(note("below:y", "below", b));
    s.add_notification(note("dispute_opened:1", "dispute_opened", a));

    app::InboxModel m;
    m.load(s, "", false);
    BOOST_REQUIRE(m.rows().size() == 3u);
    BOOST_TEST(m.rows()[0].rule == "Dispute opened"); // newest first
    BOOST_TEST(m.rows()[1].rule == "Low score");
    BOOST_TEST(m.rows()[2].rule == "Critical failure");
    BOOST_TEST(m.rows()[2].subject == "About critical:x");
    BOOST_TEST(m.rows()[2].body == "Body of critical:x");
    BOOST_TEST(m.rows()[2].date.size() == 16u); // YYYY-MM-DD HH:MM
    BOOST_TEST(m.rows()[2].date[10] == ' ');
    BOOST_TEST(m.unread() == 3u);
    BOOST_TEST(app::inbox_rule_label("dispute_decided") == "Dispute decided");
    BOOST_TEST(app::inbox_rule_label("new_rule") == "new_rule");

    s.set_notification_read(m.rows()[1].id, true);
    m.load(s, "", false);
    BOOST_TEST(m.unread() == 2u);
    BOOST_TEST(m.rows()[1].read);
    m.load(s, "", true);
    BOOST_TEST(m.rows().size() == 2u);
    BOOST_TEST(m.index_of(m.rows()[1].id) == 1);
    BOOST_TEST(m.index_of(987654) == -1);
    m.load(s, a, false);
    BOOST_TEST(m.rows().size() == 2u);
    for (const auto& r : m.rows())
        BOOST_TEST(r.client == a);
}

BOOST_AUTO_TEST_SUITE_END()
