// An assignment's status as the field cycle moves it: visited only when the visit made for it
// is handed in (a draft left or deleted keeps it open), and an accepted assignment gone overdue
// travels in an assignment bundle as accepted (overdue is derived where it is read, never
// stored).
#include "services/bundle.h"
#include "services/review.h"
#include "storage/sqlite_store.h"
#include "tests/storage/mini_store.h"

#include <boost/test/unit_test.hpp>
#include <ctime>
#include <string>

using namespace vs;

namespace {

/// Today's local date moved by `days`, YYYY-MM-DD.
std::string day(int days) {
    const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

/// An assignment of the mini store's visit `of` (its client, branch and shopper), window
/// [from, to], status `status`.
storage::Assignment assignment_like(const forms::Visit& of, const std::string& uuid,
                                    const std::string& from, const std::string& to,
                                    const std::string& status) {
    storage::Assignment a;
    a.uuid = uuid;
    a.client = of.client;
    a.branch = of.branch;
    a.template_id = of.template_id;
    a.template_version = of.template_version;
    a.window_from = from;
    a.window_to = to;
    a.shopper = of.shopper;
    a.status = status;
    return a;
}

} // namespace

BOOST_AUTO_TEST_SUITE(field_status)

BOOST_AUTO_TEST_CASE(an_assignment_is_visited_when_its_visit_is_submitted_not_when_started) {
    test::MiniStore m;
    const forms::Visit like = m.s.load_visit(m.c).visit;
    const std::string uuid = "a0000000-0000-4000-8000-0000000000f1";
    m.s.put_assignments({assignment_like(like, uuid, day(-2), day(5), "accepted")}, "office");

    // A draft made for it: still accepted (to do).
    forms::Visit header = like;
    header.uuid.clear();
    header.status = forms::Status::Draft;
    header.assignment = uuid;
    const std::int64_t id = m.s.create_draft(header);
    BOOST_TEST(m.s.assignment(uuid)->status == "accepted");
    BOOST_TEST(m.s.assignment(uuid)->visit_uuid.empty());

    // Submitted: visited by it.
    const std::string visit_uuid = m.s.load_visit(id).visit.uuid;
    services::submit(m.s, id, "S1");
    BOOST_TEST(m.s.assignment(uuid)->status == "visited");
    BOOST_TEST(m.s.assignment(uuid)->visit_uuid == visit_uuid);
    // Returned and submitted again: still visited by the same visit, row version unchanged.
    const std::string version = m.s.assignment(uuid)->updated_at;
    services::return_visit(m.s, id, "rita", "the receipt");
    services::submit(m.s, id, "S1");
    BOOST_TEST(m.s.assignment(uuid)->updated_at == version);
}

BOOST_AUTO_TEST_CASE(an_accepted_overdue_assignment_travels_as_accepted) {
    test::MiniStore m;
    const forms::Visit like = m.s.load_visit(m.c).visit;
    const std::string late = "a0000000-0000-4000-8000-0000000000f2";
    const std::string open = "a0000000-0000-4000-8000-0000000000f3";
    m.s.put_assignments({assignment_like(like, late, day(-20), day(-2), "accepted"),
                         assignment_like(like, open, day(-20), day(-2), "offered")},
                        "office");
    BOOST_TEST(m.s.assignment(late)->status == "overdue");
    BOOST_TEST(m.s.assignment(late)->stored_status == "accepted");

    services::AssignmentBundleRequest request;
    request.shopper = like.shopper;
    request.client = like.client;
    const std::string bundle = m.folder.path("out.vsbundle");
    BOOST_TEST(services::write_assignment_bundle(m.s, bundle, request).assignments == 2u);

    // The shopper's own database: accepted stays accepted (shown overdue), offered offered.
    storage::SqliteStore shopper(m.folder.path("shopper.db"));
    services::open_assignment_bundle(shopper, bundle);
    BOOST_TEST(shopper.assignment(late)->status == "overdue");
    BOOST_TEST(shopper.assignment(late)->stored_status == "accepted");
    BOOST_TEST(shopper.assignment(open)->stored_status == "offered");
    // Opened again, the shopper's accepted one stays accepted.
    services::open_assignment_bundle(shopper, bundle);
    BOOST_TEST(shopper.assignment(late)->stored_status == "accepted");
}

BOOST_AUTO_TEST_SUITE_END()
