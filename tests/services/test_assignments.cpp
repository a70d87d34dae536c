// Assignments on a store (services/assignments.h): made from the plan with windows over the
// period and shoppers by home region within the lockout and exclusions, the same each time;
// added, edited and imported only when the checks pass (a CSV all or nothing, errors naming the
// file, line and column); the status steps a consultancy and a shopper may take.
#include "forms/dates.h"
#include "forms/error.h"
#include "services/assignments.h"
#include "storage/sqlite_store.h"
#include "tests/storage/mini_store.h"

#include <boost/test/unit_test.hpp>

using namespace vs;
using storage::Assignment;

namespace {

/// The mini store (Test Client: B1 in North, B2 in South; S1 visited B1 on 2026-10-03 and
/// 2026-10-10, S2 visited B2 on 2026-11-02) with S2 at home in South and S3 in North.
struct AssignStore : test::MiniStore {
    AssignStore() {
        std::int64_t client = 0;
        for (const auto& c : s.org_list(storage::OrgKind::Client, std::nullopt, true, false))
            if (c.name == "Test Client")
                client = c.id;
        storage::OrgEntity s3;
        s3.kind = storage::OrgKind::Shopper;
        s3.client_id = client;
        s3.code = "S3";
        s3.name = "Sue Third";
        s.org_save(s3);
        s.set_shopper_region("Test Client", "S2", "South");
        s.set_shopper_region("Test Client", "S3", "North");
    }
    Assignment item(const std::string& branch, const std::string& shopper, const std::string& from,
                    const std::string& to) {
        Assignment a;
        a.client = "Test Client";
        a.branch = branch;
        a.template_id = "mini";
        a.template_version = 1;
        a.window_from = from;
        a.window_to = to;
        a.shopper = shopper;
        return a;
    }
};

int day(const char* text) {
    return *forms::parse_day(text);
}

auto refused(const std::string& file, const std::string& where, const std::string& words) {
    return [file, where, words](const InputError& e) {
        BOOST_TEST_INFO("where: " << e.where() << " message: " << e.message());
        return e.file() == file && e.where() == where &&
               e.message().find(words) != std::string::npos;
    };
}

/// An add's refusal names the new assignment's shopper and says `words`.
auto refused_shopper(const std::string& words) {
    return [words](const InputError& e) {
        BOOST_TEST_INFO("where: " << e.where() << " message: " << e.message());
        return e.where().starts_with("assignment ") && e.where().ends_with(", shopper") &&
               e.message().find(words) != std::string::npos;
    };
}

services::FromPlanResult propose(AssignStore& m, int lockout) {
    services::PlanRequest pr;
    pr.client = "Test Client";
    pr.as_of_day = day("2026-12-01");
    const services::PlanResult plan = services::plan_visits(m.s, pr);
    services::FromPlanRequest r;
    r.client = "Test Client";
    r.from_day = day("2026-12-01");
    r.to_day = day("2027-02-28");
    r.template_id = "mini";
    r.fee_cents = 2500;
    r.lockout_days = lockout;
    return services::propose_from_plan(m.s, plan, r);
}

} // namespace

BOOST_AUTO_TEST_SUITE(assignments_service)

BOOST_AUTO_TEST_CASE(from_plan_spreads_windows_and_proposes_local_shoppers_first) {
    AssignStore m;
    const services::FromPlanResult r = propose(m, 30);
    BOOST_REQUIRE(!r.items.empty());
    // Only B1 has approved visits: its needed visits, windows back to back over the period.
    int next = day("2026-12-01");
    for (const auto& p : r.items) {
        BOOST_TEST(p.assignment.branch == "B1");
        BOOST_TEST(day(p.assignment.window_from.c_str()) == next);
        next = day(p.assignment.window_to.c_str()) + 1;
        BOOST_TEST(p.assignment.status == "offered");
        BOOST_TEST(p.assignment.template_version == 1);
        BOOST_TEST(*p.assignment.fee_cents == 2500);
    }
    BOOST_TEST(next == day("2027-02-28") + 1);
    // B1 is in North: S3 (North) first; S1 is locked out by its visit of 2026-10-10 only with a
    // lockout beyond 51 days, so with 30 it takes its turn by load.
    BOOST_TEST(r.items[0].assignment.shopper == "S3");
    // Same input, same output, uuids included.
    const services::FromPlanResult again = propose(m, 30);
    BOOST_REQUIRE_EQUAL(again.items.size(), r.items.size());
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        BOOST_TEST(again.items[i].assignment.uuid == r.items[i].assignment.uuid);
        BOOST_TEST(again.items[i].assignment.shopper == r.items[i].assignment.shopper);
    }
}

BOOST_AUTO_TEST_CASE(from_plan_never_breaks_the_lockout_and_says_why) {
    AssignStore m;
    // 365 days: every shopper may go to B1 once in the period at most, S1 not at all (its
    // visit of 2026-10-10); S3 is known at B1.
    m.s.set_shopper_exclusion("Test Client", "S3", "B1", true, "worked there");
    const services::FromPlanResult r = propose(m, 365);
    std::size_t s2 = 0, none = 0;
    for (const auto& p : r.items) {
        BOOST_TEST(p.assignment.shopper != "S1");
        BOOST_TEST(p.assignment.shopper != "S3");
        s2 += p.assignment.shopper == "S2";
        if (p.assignment.shopper.empty()) {
            ++none;
            BOOST_TEST(p.reason == "no shopper fits: 1 of 3 known at branch B1, 2 at it within "
                                   "the 365-day lockout");
        } else {
            BOOST_TEST(p.reason.empty());
        }
    }
    BOOST_TEST(s2 == 1u);
    BOOST_TEST(none == r.items.size() - 1);
    // Stored, they are all there: the ones without a shopper too.
    std::vector<Assignment> items;
    for (const auto& p : r.items)
        items.push_back(p.assignment);
    BOOST_TEST(services::create_assignments(m.s, items, "rita", 365) == items.size());
    BOOST_TEST(m.s.assignments({"Test Client", "", "", "", ""}).size() == items.size());
    // The same plan made again: every assignment is the stored one, nothing new.
    for (const auto& p : propose(m, 365).items)
        BOOST_TEST(p.existing);
}

BOOST_AUTO_TEST_CASE(add_refuses_the_lockout_and_known_shoppers) {
    AssignStore m;
    BOOST_CHECK_EXCEPTION(
        services::add_assignment(m.s, m.item("B1", "S1", "2026-12-10", "2026-12-15"), "rita", 90),
        InputError, refused_shopper("within 90 days already (a visit on 2026-10-10"));
    m.s.set_shopper_exclusion("Test Client", "S2", "B1", true, "");
    BOOST_CHECK_EXCEPTION(
        services::add_assignment(m.s, m.item("B1", "S2", "2026-12-10", "2026-12-15"), "rita", 90),
        InputError, refused_shopper("known at branch B1"));
    BOOST_TEST(m.s.assignments({}).empty());
    // Allowed ones; a second for the same shopper and branch within the lockout is refused.
    const Assignment a =
        services::add_assignment(m.s, m.item("B1", "S3", "2026-12-10", "2026-12-15"), "rita", 90);
    BOOST_TEST(a.status == "offered");
    BOOST_TEST(a.uuid.size() == 36u);
    BOOST_CHECK_EXCEPTION(
        services::add_assignment(m.s, m.item("B1", "S3", "2027-02-01", "2027-02-05"), "rita", 90),
        InputError, refused_shopper("assignment " + a.uuid));
    // No shopper yet: always allowed.
    services::add_assignment(m.s, m.item("B1", "", "2026-12-10", "2026-12-15"), "rita", 90);
    BOOST_TEST(m.s.assignments({}).size() == 2u);
}

BOOST_AUTO_TEST_CASE(csv_import_is_all_or_nothing_and_names_file_line_and_column) {
    AssignStore m;
    const std::string header =
        "client,branch,template,template_version,scenario,window_from,window_to,shopper,fee\n";
    const std::string good =
        "Test Client,B2,mini,1,Ask for a refund,2027-03-01,2027-03-10,S3,25.5\n";
    // Bad cells, before anything is read from the store.
    BOOST_CHECK_EXCEPTION(
        services::import_assignments_csv(
            m.s, header + good + "Test Client,B1,mini,1,,2027-02-30,2027-03-10,,\n", "a.csv",
            "rita"),
        InputError, refused("a.csv", "line 3, column 6 (window_from)", "not a date"));
    BOOST_CHECK_EXCEPTION(services::import_assignments_csv(
                              m.s,
                              header + "Test Client,B1,mini,1,,2027-03-01,2027-03-10,,12.345\n",
                              "a.csv", "rita"),
                          InputError, refused("a.csv", "line 2, column 9 (fee)", "not a fee"));
    BOOST_CHECK_EXCEPTION(
        services::import_assignments_csv(m.s, "client,branch\nx,y\n", "a.csv", "rita"), InputError,
        refused("a.csv", "line 1", "no \"template\" column"));
    // The lockout against the file's own rows: S3 twice at B2 within 90 days.
    BOOST_CHECK_EXCEPTION(services::import_assignments_csv(
                              m.s,
                              header + good + "Test Client,B2,mini,1,,2027-04-01,2027-04-10,S3,\n",
                              "a.csv", "rita", nullptr, 90),
                          InputError, refused("a.csv", "line 3, shopper", "within 90 days"));
    // The store's own checks, placed on the line: an unknown scorecard version.
    BOOST_CHECK_EXCEPTION(
        services::import_assignments_csv(
            m.s, header + good + "Test Client,B1,mini,7,,2027-04-01,2027-04-10,,\n", "a.csv",
            "rita"),
        InputError,
        [](const InputError& e) { return e.file() == "a.csv" && e.where() == "line 3"; });
    BOOST_TEST(m.s.assignments({}).empty());
    BOOST_TEST(services::import_assignments_csv(
                   m.s, header + good + "Test Client,B1,mini,1,,2027-04-01,2027-04-10,,\n", "a.csv",
                   "rita") == 2u);
    const auto stored = m.s.assignments({"", "S3", "", "", ""});
    BOOST_REQUIRE_EQUAL(stored.size(), 1u);
    BOOST_TEST(*stored[0].fee_cents == 2550);
    BOOST_TEST(stored[0].scenario == "Ask for a refund");
}

BOOST_AUTO_TEST_CASE(status_steps_of_consultancy_and_shopper) {
    AssignStore m;
    const Assignment a =
        services::add_assignment(m.s, m.item("B2", "S3", "2030-01-01", "2030-01-31"), "rita");
    BOOST_CHECK_EXCEPTION(services::accept_assignment(m.s, a.uuid, "S2", "", "S2"), InputError,
                          refused("", "assignment " + a.uuid, "not given to S2"));
    services::accept_assignment(m.s, a.uuid, "S3", "", "S3");
    BOOST_TEST(m.s.assignment(a.uuid)->status == "accepted");
    BOOST_CHECK_EXCEPTION(services::accept_assignment(m.s, a.uuid, "S3", "", "S3"), InputError,
                          refused("", "assignment " + a.uuid, "accepted cannot be accepted"));
    services::decline_assignment(m.s, a.uuid, "S3", "", "S3");
    // Edited to another shopper: offered again; a stale row version is a conflict.
    Assignment e = *m.s.assignment(a.uuid);
    e.shopper = "S2";
    const Assignment edited = services::edit_assignment(m.s, e, "rita");
    BOOST_TEST(edited.status == "offered");
    BOOST_TEST(edited.shopper == "S2");
    BOOST_CHECK_EXCEPTION(services::edit_assignment(m.s, e, "sam"), storage::ConflictError,
                          [&](const storage::ConflictError& x) {
                              const std::string what = x.what();
                              BOOST_TEST(what.find("changed by rita at " + edited.updated_at) !=
                                             std::string::npos,
                                         what);
                              return true;
                          });
    services::cancel_assignment(m.s, a.uuid, edited.updated_at, "rita");
    BOOST_TEST(m.s.assignment(a.uuid)->status == "cancelled");
    BOOST_CHECK_EXCEPTION(services::cancel_assignment(m.s, a.uuid, "", "rita"), InputError,
                          refused("", "assignment " + a.uuid, "cancelled cannot be cancelled"));
}

BOOST_AUTO_TEST_CASE(fees_are_read_and_written_in_cents) {
    BOOST_TEST(*services::parse_fee("25") == 2500);
    BOOST_TEST(*services::parse_fee("25.5") == 2550);
    BOOST_TEST(*services::parse_fee("0.05") == 5);
    BOOST_TEST(!services::parse_fee("-1"));
    BOOST_TEST(!services::parse_fee("1.234"));
    BOOST_TEST(!services::parse_fee("1,50"));
    BOOST_TEST(!services::parse_fee("."));
    BOOST_TEST(services::format_fee(2550) == "25.50");
}

BOOST_AUTO_TEST_SUITE_END()
