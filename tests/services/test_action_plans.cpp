// services/action_plans.h on every backend of the storage contract (SQLite, and PostgreSQL on the
// test cluster): approving a failed visit opens its branch's plan with the failed sections, once
// per branch and section set; a passing visit opens none; a plan by hand refuses bad input by
// field and writes nothing; the states' order; done adds the re-shop assignment for the branch
// and the scorecard in the window after it; the effect of the plans on the mini visits.
#include "forms/dates.h"
#include "forms/error.h"
#include "scoring/action_plans.h"
#include "services/action_plans.h"
#include "services/assignments.h"
#include "services/review.h"
#include "tests/services/survey_fixture.h"
#include "tests/storage/contract/backends.h"

#include <algorithm>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

namespace {

std::string refused_field(storage::Store& store, const storage::ActionPlan& plan) {
    try {
        services::open_plan(store, plan, "reviewer one");
    } catch (const InputError& e) {
        return e.where();
    }
    return "";
}

std::string update_refusal(storage::Store& store, const storage::ActionPlan& plan) {
    try {
        services::update_plan(store, plan, "reviewer one");
    } catch (const InputError& e) {
        return e.where();
    }
    return "";
}

storage::ActionPlan by_hand() {
    storage::ActionPlan p;
    p.client = "Test Client";
    p.branch = "B2";
    p.sections = {"close"};
    p.owner = "Area manager";
    p.actions = {{"Shorten the wait", "Bo", "2026-12-01", false}};
    p.start_date = "2026-11-05";
    p.due_date = "2026-12-05";
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(action_plan_service)

VS_CONTRACT_CASE(approving_a_failed_visit_opens_one_plan_for_its_branch) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    // Visit C (branch B2, submitted): listened no (a visit-level critical in "handling"), no
    // remedies, a 100 s wait and no closing style ("close" 0): score 0, below the threshold.
    // Approving it opens a plan on "handling" and "close" ("greeting" scores 80).
    const std::int64_t c = contract::id_of(s, contract::kUuidC);
    s.set_setting(services::kActionDueSetting, "10");
    services::approve(s, c, "reviewer one", "");
    auto plans = s.action_plans({});
    BOOST_TEST_REQUIRE(plans.size() == 1u);
    const storage::ActionPlan& p = plans[0];
    BOOST_TEST(p.client == "Test Client");
    BOOST_TEST(p.branch == "B2");
    BOOST_TEST(p.visit_uuid == contract::kUuidC);
    BOOST_TEST(p.sections == (std::vector<std::string>{"handling", "close"}),
               boost::test_tools::per_element());
    BOOST_TEST(p.state == "open");
    BOOST_TEST(p.opened_by == "reviewer one");
    BOOST_TEST(p.due_date == forms::day_to_string(*forms::parse_day(p.start_date) + 10));
    // The same failure approved again (reopened, approved): no second plan.
    services::reopen(s, c, "reviewer one", "second look");
    services::approve(s, c, "reviewer two", "");
    BOOST_TEST(s.action_plans({}).size() == 1u);
    // Once the plan is done, the same failure opens a new one: under the threshold set now, also
    // on "greeting" (80).
    const std::int64_t first = p.id;
    services::mark_done(s, first, p.version, false, "reviewer one");
    services::reopen(s, c, "reviewer one", "third look");
    s.set_setting(services::kActionThresholdSetting, "90");
    services::approve(s, c, "reviewer two", "");
    plans = s.action_plans({});
    BOOST_TEST_REQUIRE(plans.size() == 2u);
    const auto second = std::find_if(plans.begin(), plans.end(),
                                     [&](const storage::ActionPlan& x) { return x.id != first; });
    BOOST_TEST(second->sections == (std::vector<std::string>{"greeting", "handling", "close"}),
               boost::test_tools::per_element());
    BOOST_TEST(s.verify_audit("").ok());
}

VS_CONTRACT_CASE(a_visit_above_the_threshold_without_criticals_opens_none) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    const auto tpl = contract::mini_template();
    const auto visits = contract::mini_visits();
    // A passes (no critical failure, score above 60); B fails on the section-level critical
    // "greeted" (its "handling" is not shown: no complaint staged; "close" scores 75).
    BOOST_TEST(services::failed_sections(tpl, visits[0], 60).empty());
    BOOST_TEST(services::failed_sections(tpl, visits[1], 60) ==
                   (std::vector<std::string>{"greeting"}),
               boost::test_tools::per_element());
    // With a threshold of 100 A fails on its score: its sections below 100.
    BOOST_TEST(!services::failed_sections(tpl, visits[0], 100).empty());
    // Imported approved visits open nothing by themselves.
    BOOST_TEST(s.action_plans({}).empty());
    BOOST_TEST(
        !services::open_plan_for_visit(s, contract::id_of(s, contract::kUuidA), "x").has_value());
    BOOST_TEST(
        services::open_plan_for_visit(s, contract::id_of(s, contract::kUuidB), "x").has_value());
    BOOST_TEST(
        !services::open_plan_for_visit(s, contract::id_of(s, contract::kUuidB), "x").has_value());
    // A submitted visit opens none.
    BOOST_TEST(
        !services::open_plan_for_visit(s, contract::id_of(s, contract::kUuidC), "x").has_value());
    BOOST_TEST(s.action_plans({}).size() == 1u);
    BOOST_CHECK_THROW(services::checked_action_setting(services::kActionThresholdSetting, "101"),
                      InputError);
    BOOST_TEST(*services::checked_action_setting(services::kActionReshopSetting, "14") == "14");
    BOOST_TEST(!services::checked_action_setting("action.other", "1"));
}

VS_CONTRACT_CASE(a_plan_by_hand_refuses_bad_input_by_field) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    auto p = by_hand();
    p.client = "Nobody";
    BOOST_TEST(refused_field(s, p) == "client");
    p = by_hand();
    p.branch = "B9";
    BOOST_TEST(refused_field(s, p) == "branch");
    p = by_hand();
    p.sections = {"nowhere"};
    BOOST_TEST(refused_field(s, p) == "sections");
    p = by_hand();
    p.start_date = "2026-02-30";
    BOOST_TEST(refused_field(s, p) == "start");
    p = by_hand();
    p.due_date = "2026-11-01";
    BOOST_TEST(refused_field(s, p) == "due");
    p = by_hand();
    p.actions.push_back({"", "", "", false});
    BOOST_TEST(refused_field(s, p) == "actions[1]");
    p = by_hand();
    p.actions[0].due = "soon";
    BOOST_TEST(refused_field(s, p) == "actions[0].due");
    BOOST_TEST(s.action_plans({}).empty());
    BOOST_TEST(refused_field(s, by_hand()) == "");
    BOOST_TEST(s.action_plans({}).size() == 1u);
}

VS_CONTRACT_CASE(states_follow_their_order_and_done_proposes_the_reshop) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    const std::int64_t id = services::open_plan(s, by_hand(), "reviewer one");
    storage::ActionPlan p = *s.action_plan(id);
    p.state = "verified";
    BOOST_TEST(update_refusal(s, p) == "state"); // not before done
    p.state = "finished";
    BOOST_TEST(update_refusal(s, p) == "state");
    p.state = "in_progress";
    BOOST_TEST(update_refusal(s, p) == "");
    p = *s.action_plan(id);
    p.state = "open";
    BOOST_TEST(update_refusal(s, p) == "state"); // not back to open
    p.state = "done";
    BOOST_TEST(update_refusal(s, p) == "state"); // only mark_done, with its re-shop
    BOOST_TEST(s.action_plan(id)->state == "in_progress");
    // Done: the re-shop for B2 with the scorecard of its latest visit (C: mini v1), in the
    // action.reshop_days (here 14) after today.
    s.set_setting(services::kActionReshopSetting, "14");
    const storage::ActionPlan done =
        services::mark_done(s, id, s.action_plan(id)->version, true, "reviewer one", "2026-11-20");
    BOOST_TEST(done.state == "done");
    BOOST_TEST_REQUIRE(!done.reshop_assignment.empty());
    const auto a = s.assignment(done.reshop_assignment);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->client == "Test Client");
    BOOST_TEST(a->branch == "B2");
    BOOST_TEST(a->template_id == "mini");
    BOOST_TEST(a->template_version == 1);
    BOOST_TEST(a->window_from == "2026-11-21");
    BOOST_TEST(a->window_to == "2026-12-04");
    // Done twice: refused; a stale version: refused, nothing added.
    BOOST_CHECK_THROW(services::mark_done(s, id, done.version, true, "x"), InputError);
    const std::size_t assignments = s.assignments({}).size();
    const std::int64_t other = services::open_plan(s, by_hand(), "reviewer one");
    BOOST_CHECK_THROW(services::mark_done(s, other, 99, true, "x"), InputError);
    BOOST_TEST(s.assignments({}).size() == assignments);
    p = *s.action_plan(id);
    p.state = "verified";
    BOOST_TEST(update_refusal(s, p) == "");
    BOOST_TEST(s.action_plan(id)->state == "verified");
    BOOST_TEST(s.verify_audit("").ok());
}

VS_CONTRACT_CASE(the_effect_of_a_plan_on_the_mini_visits) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    // A plan at B1 starting 2026-10-05: B1's visit A (3 Oct) is before, B (10 Oct) after; no
    // other branch has an approved visit: the comparison is empty, no difference measured.
    storage::ActionPlan p = by_hand();
    p.branch = "B1";
    p.sections = {};
    p.actions.clear();
    p.start_date = "2026-10-05";
    p.due_date = "";
    services::open_plan(s, p, "reviewer one");
    const auto rows = services::action_plan_rows(s, {}, 90);
    BOOST_TEST_REQUIRE(rows.size() == 1u);
    const auto& e = rows[0].effect;
    BOOST_TEST(e.trained.pre.n == 1u);
    BOOST_TEST(e.trained.post.n == 1u);
    BOOST_TEST(e.trained.effect.has_value());
    BOOST_TEST(!e.trained.pre.sd); // n < 2: null
    BOOST_TEST(e.control.pre.n == 0u);
    BOOST_TEST(!e.did);
    // The verdict names the group and the window without visits, with the counts.
    BOOST_TEST(rows[0].verdict == "No difference can be measured yet: the comparison (other "
                                  "branches) has no visits before or after the start (n 0 and "
                                  "0).",
               rows[0].verdict);
}

BOOST_AUTO_TEST_CASE(the_verdict_names_the_empty_window) {
    scoring::TrainingEffect e;
    e.trained.pre.n = 3;
    e.control.pre.n = 2;
    e.control.post.n = 4;
    BOOST_TEST(scoring::effect_verdict(e, "branch B1") ==
               "No difference can be measured yet: branch B1 has no visits after the start (n 0; "
               "before it: n 3).");
    e.trained.post.n = 1;
    e.did = 2.04;
    BOOST_TEST(scoring::effect_verdict(e, "branch B1") ==
               "Difference-in-differences: +2.0 points. Too few visits (fewer than 2 in a window) "
               "for an interval.");
    e.did_ci95 = scoring::Interval{0.34, 4.0};
    BOOST_TEST(scoring::effect_verdict(e, "branch B1") ==
               "Difference-in-differences: +2.0 points, 95% CI +0.3 to +4.0. The interval is above "
               "0: branch B1 improved beyond the comparison.");
    e.did_ci95 = scoring::Interval{-0.04, 4.0};
    BOOST_TEST(scoring::did_words(e, "x", "y", "\n") ==
               "Difference-in-differences: +2.0 points, 95% CI 0.0 to +4.0.\nThe interval "
               "includes 0: no clear difference yet.");
}

VS_CONTRACT_CASE(a_plan_by_hand_on_a_visit_measures_the_sections_it_failed) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    // C (B2) fails "handling" (a visit-level critical) and "close" (0); "greeting" scores 80.
    storage::ActionPlan p = by_hand();
    p.sections.clear();
    p.visit_uuid = contract::kUuidC;
    const std::int64_t id = services::open_plan(s, p, "reviewer one");
    BOOST_TEST(s.action_plan(id)->sections == (std::vector<std::string>{"handling", "close"}),
               boost::test_tools::per_element());
    // Sections given by hand stand.
    p.sections = {"greeting"};
    BOOST_TEST(s.action_plan(services::open_plan(s, p, "reviewer one"))->sections ==
                   (std::vector<std::string>{"greeting"}),
               boost::test_tools::per_element());
    p.sections.clear();
    p.visit_uuid = "00000000-0000-4000-8000-0000000000ff";
    BOOST_TEST(refused_field(s, p) == "visit");
    BOOST_TEST(s.action_plans({}).size() == 2u);
}

VS_CONTRACT_CASE(a_customer_survey_response_opens_no_plan) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    test::load_survey(s); // the detractor fails every section of its scorecard
    const std::int64_t detractor = contract::id_of(s, test::kSurveyDetractor);
    BOOST_TEST(!services::open_plan_for_visit(s, detractor, "reviewer one", "2026-11-05"));
    // By hand on it, with or without sections: refused naming the visit, nothing written.
    storage::ActionPlan p = by_hand();
    p.visit_uuid = test::kSurveyDetractor;
    BOOST_TEST(refused_field(s, p) == "visit");
    p.sections.clear();
    BOOST_TEST(refused_field(s, p) == "visit");
    BOOST_TEST(s.action_plans({}).empty());
    // The branch's mystery visit still opens its plan.
    p.visit_uuid = contract::kUuidC;
    BOOST_TEST(refused_field(s, p) == "");
    BOOST_TEST(s.action_plans({}).size() == 1u);
}

VS_CONTRACT_CASE(one_open_plan_per_branch_and_section_set_in_the_store) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    storage::ActionPlan p = by_hand();
    p.sections = {"close", "greeting"};
    const std::int64_t first = s.add_action_plan(p, "reviewer one");
    // The store itself refuses the same set (in any order) while the first is open or in
    // progress, whoever asks (two approvals at once both pass the services' check first).
    p.sections = {"greeting", "close"};
    BOOST_CHECK_THROW(s.add_action_plan(p, "reviewer two"), storage::StorageError);
    BOOST_TEST(refused_field(s, p) == "sections");
    BOOST_TEST(s.action_plans({}).size() == 1u);
    // Another set, another branch, or a plan stored done: stored.
    p.sections = {"close"};
    s.add_action_plan(p, "reviewer one");
    p.sections = {"close", "greeting"};
    p.branch = "B1";
    s.add_action_plan(p, "reviewer one");
    p.branch = "B2";
    p.state = "done";
    s.add_action_plan(p, "reviewer one");
    BOOST_TEST(s.action_plans({}).size() == 4u);
    // Once the first is done, the set may be opened again.
    services::mark_done(s, first, s.action_plan(first)->version, false, "reviewer one");
    p.state.clear();
    BOOST_TEST(refused_field(s, p) == "");
    BOOST_TEST(s.action_plans({}).size() == 5u);
}

VS_CONTRACT_CASE(a_done_plan_whose_reshop_failed_gets_it_once_when_done_again) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    const std::int64_t id = services::open_plan(s, by_hand(), "reviewer one");
    // What mark_done leaves when the assignment fails after the plan was written: the plan
    // done, naming a re-shop that is not stored.
    storage::ActionPlan p = *s.action_plan(id);
    p.state = "done";
    p.reshop_assignment = "00000000-0000-4000-8000-0000000000a7";
    s.update_action_plan(p, "reviewer one", "done; re-shop proposed");
    const std::size_t before = s.assignments({}).size();
    const storage::ActionPlan done =
        services::mark_done(s, id, s.action_plan(id)->version, true, "reviewer one", "2026-11-20");
    BOOST_TEST(done.state == "done");
    BOOST_TEST(done.reshop_assignment == p.reshop_assignment);
    const auto a = s.assignment(p.reshop_assignment);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->branch == "B2");
    BOOST_TEST(a->window_from == "2026-11-21");
    BOOST_TEST(s.assignments({}).size() == before + 1);
    // Again: refused, no second re-shop.
    BOOST_CHECK_THROW(services::mark_done(s, id, s.action_plan(id)->version, true, "x"),
                      InputError);
    BOOST_TEST(s.assignments({}).size() == before + 1);
    // A normal done names the assignment it added, written after the plan.
    const std::int64_t other = services::open_plan(s, by_hand(), "reviewer one");
    const storage::ActionPlan second =
        services::mark_done(s, other, s.action_plan(other)->version, true, "reviewer one");
    BOOST_TEST_REQUIRE(!second.reshop_assignment.empty());
    BOOST_TEST(s.assignment(second.reshop_assignment).has_value());
    BOOST_TEST(s.assignments({}).size() == before + 2);
    BOOST_TEST(s.verify_audit("").ok());
}

VS_CONTRACT_CASE(end_to_end_failure_plan_reshop_and_its_effect) {
    // A critical failure approved -> the plan opened -> done -> the re-shop assignment -> the
    // re-shop visit approved -> the plan's effect shown.
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    services::approve(s, contract::id_of(s, contract::kUuidC), "reviewer one", "");
    BOOST_TEST_REQUIRE(s.action_plans({}).size() == 1u);
    storage::ActionPlan plan = s.action_plans({})[0];
    // The start the effect is measured from, set by the reviewer: after C (2 November).
    plan.start_date = "2026-11-05";
    plan.due_date = "2026-12-05";
    plan.state = "in_progress";
    plan.actions = {{"Listen to the whole complaint", "Branch manager", "2026-11-10", true}};
    services::update_plan(s, plan, "reviewer one", "weekly call");
    const storage::ActionPlan done = services::mark_done(
        s, plan.id, s.action_plan(plan.id)->version, true, "reviewer one", "2026-11-06");
    const auto reshop = s.assignment(done.reshop_assignment);
    BOOST_TEST_REQUIRE(reshop.has_value());
    BOOST_TEST(reshop->branch == "B2");
    BOOST_TEST(reshop->window_from == "2026-11-07");

    // The re-shop: A's answers (a pass) at B2 on 12 November, made for the assignment.
    forms::Visit v = contract::mini_visits()[0];
    v.uuid = "00000000-0000-4000-8000-0000000000e1";
    v.branch = "B2";
    v.employee.clear();
    v.section_employees.clear();
    v.visited_at = "2026-11-12T10:00:00";
    v.status = forms::Status::Submitted;
    v.assignment = reshop->uuid;
    s.import_visits({v}, "reshop.json");
    services::approve(s, contract::id_of(s, v.uuid), "reviewer two", "");
    BOOST_TEST(s.assignment(reshop->uuid)->status == "visited");
    BOOST_TEST(s.assignment(reshop->uuid)->visit_uuid == v.uuid);
    BOOST_TEST(s.action_plans({}).size() == 1u); // the re-shop passed: no new plan

    // Measured on the plan's sections (handling, close), 90 days either side of 5 November:
    //   B2 before: C, handling 0 (listened no, no remedies), close 0 (100 s, no style) -> 0
    //   B2 after:  the re-shop, handling (1 + 0.6) / 2 = 80, close (0.5 + 1) / 2 = 75 -> 77.5
    //   comparison (B1): A and B before (handling hidden in B: close only), none after.
    const auto rows = services::action_plan_rows(s, {}, 90);
    BOOST_TEST_REQUIRE(rows.size() == 1u);
    const auto& e = rows[0].effect;
    BOOST_TEST(e.trained.pre.n == 1u);
    BOOST_TEST(e.trained.post.n == 1u);
    BOOST_TEST_REQUIRE(e.trained.effect.has_value());
    BOOST_TEST(*e.trained.effect == 77.5, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(e.control.pre.n == 2u);
    BOOST_TEST(e.control.post.n == 0u);
    BOOST_TEST(!e.did); // no comparison after: no difference, said in words
    BOOST_TEST(rows[0].verdict.rfind("No difference can be measured", 0) == 0u);
    // Verified once the re-shop shows the fix; the audit chain holds every step.
    storage::ActionPlan verified = *s.action_plan(plan.id);
    verified.state = "verified";
    services::update_plan(s, verified, "reviewer one", "the re-shop passed");
    BOOST_TEST(s.action_plan(plan.id)->state == "verified");
    BOOST_TEST(s.verify_audit("").ok());
}

BOOST_AUTO_TEST_SUITE_END()
