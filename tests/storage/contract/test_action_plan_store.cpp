// Contract of ActionPlanStore (storage/action_plan_store.h): a branch's plan stored with the visit
// that opened it, its sections, owner, actions and dates; listed by client, branch and state; a
// change written over the version it was read at, with one audit entry per changed field in the
// one chain (subject "plan:<id>"), read back with the plan's client and branch; a stale version or
// an unknown branch writes nothing.
#include "backends.h"
#include "forms/dates.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

namespace {

storage::ActionPlan plan_b1() {
    storage::ActionPlan p;
    p.client = "Test Client";
    p.branch = "B1";
    p.visit_uuid = contract::kUuidB;
    p.sections = {"greeting", "handling"};
    p.owner = "Branch manager";
    p.actions = {{"Greet every customer at the door", "Anna", "2026-11-01", false},
                 {"Listen before answering", "", "", true}};
    p.start_date = "2026-10-12";
    p.due_date = "2026-11-11";
    p.note = "after visit B";
    return p;
}

std::vector<storage::AuditRow> plan_entries(storage::AuditStore& a) {
    storage::AuditQuery q;
    q.action = "action_plan";
    return a.audit_entries(q);
}

} // namespace

BOOST_AUTO_TEST_SUITE(action_plan_store)

VS_CONTRACT_CASE(plans_are_stored_listed_and_read_back) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::ActionPlanStore& ps = *f.store;
    BOOST_TEST(ps.action_plans({}).empty());
    BOOST_TEST(!ps.action_plan(1));
    const std::int64_t id = ps.add_action_plan(plan_b1(), "reviewer one");
    storage::ActionPlan hand;
    hand.client = "Test Client";
    hand.branch = "B2";
    hand.start_date = "2026-11-05";
    const std::int64_t id2 = ps.add_action_plan(hand, "reviewer one");
    BOOST_TEST(id2 > id);
    const auto p = ps.action_plan(id);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->client == "Test Client");
    BOOST_TEST(p->branch == "B1");
    BOOST_TEST(p->visit_uuid == contract::kUuidB);
    BOOST_TEST(p->sections == (std::vector<std::string>{"greeting", "handling"}),
               boost::test_tools::per_element());
    BOOST_TEST(p->owner == "Branch manager");
    BOOST_TEST_REQUIRE(p->actions.size() == 2u);
    BOOST_TEST((p->actions[0] == plan_b1().actions[0]));
    BOOST_TEST(p->actions[1].done);
    BOOST_TEST(p->start_date == "2026-10-12");
    BOOST_TEST(p->due_date == "2026-11-11");
    BOOST_TEST(p->state == "open");
    BOOST_TEST(p->note == "after visit B");
    BOOST_TEST(p->opened_by == "reviewer one");
    BOOST_TEST(p->opened_at.size() >= 19u);
    BOOST_TEST(p->version == 1);
    const auto h = ps.action_plan(id2);
    BOOST_TEST_REQUIRE(h.has_value());
    BOOST_TEST(h->visit_uuid == "");
    BOOST_TEST(h->sections.empty());

    storage::ActionPlanFilter by_branch;
    by_branch.branch = "B2";
    BOOST_TEST(ps.action_plans(by_branch).size() == 1u);
    storage::ActionPlanFilter other;
    other.client = "Nobody";
    BOOST_TEST(ps.action_plans(other).empty());
    storage::ActionPlanFilter open;
    open.state = "open";
    BOOST_TEST(ps.action_plans(open).size() == 2u);

    // One audit entry per opening, about the plan (no visit), in the one chain.
    const auto entries = plan_entries(*f.store);
    BOOST_TEST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(entries[0].entry.assignment_uuid == storage::action_plan_subject(id));
    BOOST_TEST(entries[0].entry.field == "state");
    BOOST_TEST(entries[0].entry.new_value == "open");
    BOOST_TEST(entries[0].entry.who == "reviewer one");
    // Each with its plan's client and branch (the audit log window's Branch), which the branch
    // filter finds.
    BOOST_TEST(entries[0].client == "Test Client");
    BOOST_TEST(entries[0].branch == "B1");
    BOOST_TEST(entries[1].branch == "B2");
    BOOST_TEST(entries[0].visit_uuid == "");
    storage::AuditQuery of_b2;
    of_b2.branch = "B2";
    of_b2.action = "action_plan";
    const auto b2 = f.store->audit_entries(of_b2);
    BOOST_TEST_REQUIRE(b2.size() == 1u);
    BOOST_TEST(b2[0].entry.assignment_uuid == storage::action_plan_subject(id2));
    BOOST_TEST(f.store->verify_audit("").ok());
}

VS_CONTRACT_CASE(a_change_is_written_over_its_version_with_an_entry_per_field) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::ActionPlanStore& ps = *f.store;
    const std::int64_t id = ps.add_action_plan(plan_b1(), "reviewer one");
    storage::ActionPlan p = *ps.action_plan(id);
    p.state = "in_progress";
    p.owner = "Area manager";
    p.actions[0].done = true;
    const std::int64_t v2 = ps.update_action_plan(p, "reviewer two", "weekly call");
    BOOST_TEST(v2 == 2);
    const auto stored = ps.action_plan(id);
    BOOST_TEST(stored->state == "in_progress");
    BOOST_TEST(stored->owner == "Area manager");
    BOOST_TEST(stored->actions[0].done);
    BOOST_TEST(stored->version == 2);
    auto entries = plan_entries(*f.store);
    BOOST_TEST_REQUIRE(entries.size() == 4u); // opened, owner, actions, state
    BOOST_TEST(entries[1].entry.field == "owner");
    BOOST_TEST(entries[1].entry.old_value == "Branch manager");
    BOOST_TEST(entries[1].entry.new_value == "Area manager");
    BOOST_TEST(entries[1].entry.reason == "weekly call");
    BOOST_TEST(entries[1].entry.who == "reviewer two");
    BOOST_TEST(entries[2].entry.field == "actions");
    BOOST_TEST(entries[3].entry.field == "state");
    BOOST_TEST(entries[3].entry.old_value == "open");
    BOOST_TEST(entries[3].entry.new_value == "in_progress");

    // Written again at the old version: refused, nothing written.
    p.state = "done";
    BOOST_CHECK_THROW(ps.update_action_plan(p, "reviewer two", ""), storage::StorageError);
    BOOST_TEST(ps.action_plan(id)->state == "in_progress");
    BOOST_TEST(plan_entries(*f.store).size() == 4u);
    // Nothing changed: no entry, the version stays.
    BOOST_TEST(ps.update_action_plan(*ps.action_plan(id), "reviewer two", "") == 2);
    BOOST_TEST(plan_entries(*f.store).size() == 4u);
    // Another connection reads what was written.
    auto other = f.db->open();
    BOOST_TEST(other->action_plan(id)->owner == "Area manager");
    BOOST_TEST(f.store->verify_audit("").ok());
}

VS_CONTRACT_CASE(an_unknown_branch_or_visit_writes_nothing) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::ActionPlan p = plan_b1();
    p.branch = "B9";
    BOOST_CHECK_THROW(f.store->add_action_plan(p, "x"), storage::StorageError);
    p = plan_b1();
    p.visit_uuid = contract::kUuidC; // a visit of B2, not B1
    BOOST_CHECK_THROW(f.store->add_action_plan(p, "x"), storage::StorageError);
    p = plan_b1();
    p.id = 77;
    BOOST_CHECK_THROW(f.store->update_action_plan(p, "x", ""), storage::StorageError);
    BOOST_TEST(f.store->action_plans({}).empty());
    BOOST_TEST(plan_entries(*f.store).empty());
}

VS_CONTRACT_CASE(a_purge_takes_purged_staff_out_of_plans) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::ActionPlanStore& ps = *f.store;
    // E1 Ann Able and E2 Bob Baker have visits before 1 November 2026 only: both are purged.
    storage::ActionPlan p = plan_b1();
    p.owner = "Ann Able";
    p.note = "Ann Able agreed";
    p.actions = {{"Bob Baker to coach the team", "E2", "", false}};
    const std::int64_t named = ps.add_action_plan(p, "reviewer one");
    storage::ActionPlan unnamed = plan_b1();
    unnamed.sections = {"close"};
    const std::int64_t other = ps.add_action_plan(unnamed, "reviewer one");
    // A change whose audit entry names them: Ann Able -> Bob Baker, and back.
    storage::ActionPlan changed = *ps.action_plan(named);
    changed.owner = "Bob Baker";
    ps.update_action_plan(changed, "reviewer one", "");
    changed = *ps.action_plan(named);
    changed.owner = "Ann Able";
    ps.update_action_plan(changed, "reviewer one", "Bob Baker left");
    f.store->purge_personal_data(*forms::parse_day("2026-11-01"), "dpo");
    // The plan's entries are redacted, with a purge entry about the plan; the chain verifies.
    for (const storage::AuditRow& row : plan_entries(*f.store)) {
        if (row.entry.assignment_uuid != storage::action_plan_subject(named))
            continue;
        BOOST_TEST(row.entry.old_value.find("Ann Able") == std::string::npos);
        BOOST_TEST(row.entry.new_value.find("Bob Baker") == std::string::npos);
        BOOST_TEST(row.entry.reason == "");
        BOOST_TEST(row.entry.who == "");
    }
    storage::AuditQuery purges;
    purges.action = "purge";
    bool purge_entry = false;
    for (const storage::AuditRow& row : f.store->audit_entries(purges))
        purge_entry =
            purge_entry || row.entry.assignment_uuid == storage::action_plan_subject(named);
    BOOST_TEST(purge_entry);
    const storage::AuditCheck check = f.store->verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
    // The other plan's entries (no name) are left as they were.
    bool other_kept = false;
    for (const storage::AuditRow& row : plan_entries(*f.store))
        other_kept =
            other_kept || (row.entry.assignment_uuid == storage::action_plan_subject(other) &&
                           row.entry.who == "reviewer one");
    BOOST_TEST(other_kept);
    const auto got = ps.action_plan(named);
    BOOST_TEST(got->owner == "");
    BOOST_TEST(got->note == " agreed");
    BOOST_TEST_REQUIRE(got->actions.size() == 1u);
    BOOST_TEST(got->actions[0].text == " to coach the team");
    BOOST_TEST(got->actions[0].owner == "");
    BOOST_TEST(got->version == 4);
    BOOST_TEST(ps.action_plan(other)->owner == "Branch manager");
    BOOST_TEST(ps.action_plan(other)->version == 1);
}

BOOST_AUTO_TEST_SUITE_END()
