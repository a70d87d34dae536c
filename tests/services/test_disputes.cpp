// services/disputes.h on every backend of the storage contract (SQLite, and PostgreSQL on the
// test cluster): each refusal names its field and writes nothing; an accepted, a partly accepted
// and a rejected point; the visit re-scored through the scoring path and the reports' facts
// following; the audit chain verifying; an arbiter who approved the visit refused; the dispute
// statistics by client, branch and shopper on the mini visits.
#include "forms/error.h"
#include "services/disputes.h"
#include "services/review.h"
#include "storage/prepare.h"
#include "tests/services/survey_fixture.h"
#include "tests/storage/contract/backends.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

namespace {

/// The field an open_dispute refuses, "" when it is accepted.
std::string refused_field(storage::Store& store, const services::DisputeRequest& r,
                          const std::string& today = {}) {
    try {
        services::open_dispute(store, r, "client desk", today);
    } catch (const InputError& e) {
        return e.where();
    }
    return "";
}

services::DisputeRequest request(const std::string& uuid, const std::string& question,
                                 const std::string& answer) {
    return {uuid, question, answer, "we saw it otherwise", "", {}};
}

std::string decide_refusal(storage::Store& store, std::int64_t id, services::DisputeOutcome o,
                           const std::string& partly, const std::string& who) {
    try {
        services::decide_dispute(store, id, o, partly, "checked the receipt", who);
    } catch (const InputError& e) {
        return e.where();
    }
    return "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(dispute_service)

VS_CONTRACT_CASE(a_customer_survey_response_is_not_disputed) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    test::load_survey(*f.store);
    storage::Store& s = *f.store;
    // Approved, its question and a different answer, within the deadline: refused for what it
    // is, a customer's own answers.
    for (const char* uuid : {test::kSurveyDetractor, test::kSurveyPromoter}) {
        BOOST_TEST_INFO_SCOPE(uuid);
        BOOST_TEST(refused_field(s, request(uuid, "resolved", "no"), "2026-10-21") == "visit");
        BOOST_TEST(refused_field(s, request(uuid, "resolved", "yes"), "2026-10-21") == "visit");
    }
    BOOST_TEST(s.disputes({}).empty());
    const auto d = s.load_visit(contract::id_of(s, test::kSurveyDetractor));
    BOOST_TEST(d.visit.answers.at("resolved") == "no");
    // A mystery visit of the same client and day is still disputed.
    BOOST_TEST(refused_field(s, request(contract::kUuidA, "style", "scripted"), "2026-10-21") ==
               "");
}

VS_CONTRACT_CASE(each_refusal_names_its_field_and_writes_nothing) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    using contract::kUuidA;
    using contract::kUuidB;
    services::DisputeRequest no_reason = request(kUuidB, "greeted", "yes");
    no_reason.reason = " ";
    BOOST_TEST(refused_field(s, no_reason) == "reason");
    BOOST_TEST(refused_field(s, request("nope", "greeted", "yes")) == "visit");
    BOOST_TEST(refused_field(s, request(contract::kUuidC, "greeted", "no")) == "visit");
    BOOST_TEST(refused_field(s, request(kUuidB, "greeting", "yes")) == "question");
    BOOST_TEST(refused_field(s, request(kUuidB, "greeted", "maybe")) == "answer");
    BOOST_TEST(refused_field(s, request(kUuidB, "warmth", "9")) == "answer"); // scale 1..5
    BOOST_TEST(refused_field(s, request(kUuidB, "remedies", "[\"gift\"]")) == "answer");
    BOOST_TEST(refused_field(s, request(kUuidB, "greeted", "no")) == "answer"); // the same
    // Released today: past a 30-day deadline in 2099, within it today.
    BOOST_TEST(refused_field(s, request(kUuidB, "greeted", "yes"), "2099-01-01") == "deadline");
    BOOST_TEST(s.disputes({}).empty());

    s.set_setting(services::kDisputeMaxSetting, "2");
    BOOST_TEST(refused_field(s, request(kUuidA, "style", "scripted")) == "");
    BOOST_TEST(refused_field(s, request(kUuidA, "style", "none")) == "question"); // open already
    BOOST_TEST(refused_field(s, request(kUuidA, "warmth", "5")) == "");
    BOOST_TEST(refused_field(s, request(kUuidA, "wait", "10")) == services::kDisputeMaxSetting);
    BOOST_TEST(s.disputes({}).size() == 2u);
    s.set_setting(services::kDisputeDeadlineSetting, "1");
    BOOST_TEST(refused_field(s, request(kUuidB, "greeted", "yes"), "2099-01-01") == "deadline");

    // Settings are checked by name.
    BOOST_CHECK_THROW(services::checked_dispute_setting(services::kDisputeMaxSetting, "0"),
                      InputError);
    BOOST_CHECK_THROW(services::checked_dispute_setting(services::kDisputeDeadlineSetting, "x"),
                      InputError);
    BOOST_TEST(*services::checked_dispute_setting(services::kDisputeDeadlineSetting, "45") == "45");
    BOOST_TEST(!services::checked_dispute_setting("user", "x"));
}

VS_CONTRACT_CASE(decisions_change_answers_rescore_and_keep_the_chain) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    const std::int64_t a = contract::id_of(s, contract::kUuidA);
    const std::int64_t b = contract::id_of(s, contract::kUuidB);
    const std::int64_t c = contract::id_of(s, contract::kUuidC);
    // C approved by rita: she may not arbitrate on it.
    services::approve(s, c, "rita", "");

    const auto greeted =
        services::open_dispute(s, request(contract::kUuidB, "greeted", "yes"), "cl");
    const auto remedies = services::open_dispute(
        s, request(contract::kUuidA, "remedies", R"(["refund","replace","apology"])"), "cl");
    const auto style = services::open_dispute(s, request(contract::kUuidA, "style", "none"), "cl");
    const auto on_c = services::open_dispute(s, request(contract::kUuidC, "greeted", "no"), "cl");

    // Accepted: the answer changes, the visit is re-scored as the scoring path scores it.
    const auto old_b = s.stored_scores(b);
    services::decide_dispute(s, greeted, services::DisputeOutcome::Accept, "", "video", "arbiter");
    const storage::StoredVisit now_b = s.load_visit(b);
    BOOST_TEST(now_b.visit.answers.at("greeted") == "yes");
    const auto expected = storage::prepare_visit(*now_b.tpl, now_b.visit, "", "b").result;
    BOOST_TEST((s.stored_scores(b).score == expected.score));
    BOOST_TEST((s.stored_scores(b).score != old_b.score));
    // Reports read the stored visit: its fact carries the new score.
    storage::VisitFilter only_b;
    only_b.uuid = contract::kUuidB;
    const auto facts = s.load_facts(only_b, false);
    BOOST_TEST_REQUIRE(facts.visits.size() == 1u);
    BOOST_TEST(facts.visits[0].score == *expected.score);
    // Audit: the decision, the answer and the score, all "dispute".
    const auto log_b = s.audit_log(b);
    BOOST_TEST_REQUIRE(log_b.size() == 3u);
    BOOST_TEST(log_b[1].field == "answers.greeted");
    BOOST_TEST(log_b[2].field == "score");
    for (const auto& e : log_b)
        BOOST_TEST(e.action == "dispute");

    // Partly: an invalid standing answer is refused with nothing written; then the arbiter's.
    BOOST_TEST(decide_refusal(s, remedies, services::DisputeOutcome::Partly, "[\"gift\"]",
                              "arbiter") == "answer");
    BOOST_TEST(s.dispute(remedies)->status == "open");
    services::decide_dispute(s, remedies, services::DisputeOutcome::Partly,
                             R"(["refund","replace"])", "the apology was not heard", "arbiter");
    BOOST_TEST(s.load_visit(a).visit.answers.at("remedies") ==
               nlohmann::json::parse(R"(["refund","replace"])"));
    BOOST_TEST(s.dispute(remedies)->decision == "partly");
    BOOST_TEST(s.dispute(remedies)->decided_answer == R"(["refund","replace"])");

    // Rejected: nothing of the visit changes.
    const auto before_a = s.load_visit(a).updated_at;
    services::decide_dispute(s, style, services::DisputeOutcome::Reject, "", "no proof", "arbiter");
    BOOST_TEST(s.load_visit(a).updated_at == before_a);
    BOOST_TEST(s.dispute(style)->decided_answer == "\"personal\"");

    // The reviewer who approved C is refused as its arbiter; another decides.
    BOOST_TEST(decide_refusal(s, on_c, services::DisputeOutcome::Accept, "", "rita") == "arbiter");
    BOOST_TEST(s.dispute(on_c)->status == "open");
    BOOST_TEST(decide_refusal(s, on_c, services::DisputeOutcome::Accept, "", "ahmed") == "");
    BOOST_TEST(decide_refusal(s, on_c, services::DisputeOutcome::Reject, "", "ahmed") ==
               "dispute"); // decided already
    BOOST_TEST(decide_refusal(s, 9999, services::DisputeOutcome::Reject, "", "ahmed") == "dispute");
    BOOST_TEST(refused_field(s, request(contract::kUuidB, "warmth", "3")) == "");
    BOOST_TEST(decide_refusal(s, s.disputes({"", "open", ""}).at(0).id,
                              services::DisputeOutcome::Accept, "", "ahmed") == "");

    const storage::AuditCheck check = s.verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
}

VS_CONTRACT_CASE(statistics_by_client_branch_and_shopper) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    services::approve(s, contract::id_of(s, contract::kUuidC), "rita", "");
    using services::DisputeOutcome;
    const auto p1 = services::open_dispute(s, request(contract::kUuidB, "greeted", "yes"), "cl");
    const auto p2 = services::open_dispute(
        s, request(contract::kUuidA, "remedies", R"(["refund","replace","apology"])"), "cl");
    const auto p3 = services::open_dispute(s, request(contract::kUuidA, "style", "none"), "cl");
    const auto p4 = services::open_dispute(s, request(contract::kUuidC, "greeted", "no"), "cl");
    services::open_dispute(s, request(contract::kUuidC, "wait", "10"), "cl"); // stays open
    services::decide_dispute(s, p1, DisputeOutcome::Accept, "", "r", "arb");
    services::decide_dispute(s, p2, DisputeOutcome::Partly, R"(["refund","replace"])", "r", "arb");
    services::decide_dispute(s, p3, DisputeOutcome::Reject, "", "r", "arb");
    services::decide_dispute(s, p4, DisputeOutcome::Accept, "", "r", "arb");

    const auto client =
        services::dispute_statistics(s, "Test Client", services::DisputeGroup::Client);
    BOOST_TEST_REQUIRE(client.size() == 1u);
    BOOST_TEST(client[0].released == 3u);
    BOOST_TEST(client[0].disputed_visits == 3u);
    BOOST_TEST(client[0].points == 5u);
    BOOST_TEST(client[0].decided == 4u);
    BOOST_TEST(client[0].overturned == 3u);
    BOOST_TEST(client[0].changed_visits == 3u);
    BOOST_TEST(*client[0].overturned_rate == 0.75);
    BOOST_TEST(*client[0].dispute_rate == 1.0);
    BOOST_TEST_REQUIRE(client[0].median_days.has_value());
    BOOST_TEST(*client[0].median_days >= 0.0);
    BOOST_TEST(*client[0].median_days < 0.01); // decided within seconds

    const auto branch =
        services::dispute_statistics(s, "Test Client", services::DisputeGroup::Branch);
    BOOST_TEST_REQUIRE(branch.size() == 2u);
    BOOST_TEST(branch[0].key == "B1");
    BOOST_TEST(branch[0].released == 2u);
    BOOST_TEST(branch[0].points == 3u);
    BOOST_TEST(*branch[0].overturned_rate == 2.0 / 3.0);
    BOOST_TEST(branch[1].key == "B2");
    BOOST_TEST(branch[1].points == 2u);
    BOOST_TEST(branch[1].decided == 1u);
    BOOST_TEST(*branch[1].changed_rate == 1.0);

    const auto shopper =
        services::dispute_statistics(s, "Test Client", services::DisputeGroup::Shopper);
    BOOST_TEST_REQUIRE(shopper.size() == 2u);
    BOOST_TEST(shopper[0].key == "S1");
    BOOST_TEST(shopper[0].overturned == 2u);
    BOOST_TEST(shopper[1].key == "S2");
    BOOST_TEST(services::dispute_statistics(s, "Other", services::DisputeGroup::Client).empty());
}

BOOST_AUTO_TEST_CASE(days_between_iso_times) {
    BOOST_TEST(*services::days_between("2026-01-01T00:00:00Z", "2026-01-03T12:00:00Z") == 2.5);
    BOOST_TEST(!services::days_between("", "2026-01-03T12:00:00Z"));
    BOOST_TEST(services::answer_from_text("yes") == "yes");
    BOOST_TEST(services::answer_from_text("4") == 4);
    BOOST_TEST(services::answer_from_text("[\"a\"]").is_array());
}

BOOST_AUTO_TEST_SUITE_END()
