// Contract of DisputeStore (storage/dispute_store.h): dispute points on approved visits, their
// evidence with its SHA-256, listing by client, status and visit, a decision once (with the
// visit rewritten and re-scored in the same transaction, audited in the one chain), when a
// visit was released and who approved it, and the released visits of a client.
#include "backends.h"
#include "storage/audit_chain.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

namespace {

storage::NewDispute point(const std::string& uuid, const std::string& question,
                          const std::string& proposed) {
    storage::NewDispute n;
    n.visit_uuid = uuid;
    n.question = question;
    n.original_answer = "\"no\"";
    n.proposed_answer = proposed;
    n.reason = "The staff member greeted us at the door";
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(dispute_store)

VS_CONTRACT_CASE(points_are_stored_listed_and_read_with_their_evidence) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::DisputeStore& ds = *f.store;
    BOOST_TEST(ds.disputes({}).empty());
    BOOST_TEST(!ds.dispute(1));
    storage::NewDispute a = point(contract::kUuidB, "greeted", "\"yes\"");
    a.evidence_name = "door.jpg";
    a.evidence_mime = "image/jpeg";
    a.evidence = {0xff, 0xd8, 0xff, 0xe0, 1, 2, 3};
    const std::int64_t id = ds.add_dispute(a, "client desk");
    const std::int64_t id2 =
        ds.add_dispute(point(contract::kUuidA, "style", "\"personal\""), "client desk");
    BOOST_TEST(id2 > id);
    const auto d = ds.dispute(id);
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->visit_uuid == contract::kUuidB);
    BOOST_TEST(d->client == "Test Client");
    BOOST_TEST(d->branch == "B1");
    BOOST_TEST(d->shopper == "S1");
    BOOST_TEST(d->visited_at.substr(0, 10) == "2026-10-10");
    BOOST_TEST(d->question == "greeted");
    BOOST_TEST(d->original_answer == "\"no\"");
    BOOST_TEST(d->proposed_answer == "\"yes\"");
    BOOST_TEST(d->opened_by == "client desk");
    BOOST_TEST(d->opened_at.size() >= 19u);
    BOOST_TEST(d->status == "open");
    BOOST_TEST(d->decision == "");
    BOOST_TEST(d->evidence_name == "door.jpg");
    BOOST_TEST(d->evidence_size == 7);
    BOOST_TEST(d->evidence_sha256 == storage::sha256_hex(a.evidence.data(), a.evidence.size()));
    BOOST_TEST(ds.dispute_evidence(id) == a.evidence);
    BOOST_TEST(ds.dispute_evidence(id2).empty());
    BOOST_TEST(ds.disputes({}).size() == 2u);
    BOOST_TEST(ds.disputes({"Test Client", "", ""}).size() == 2u);
    BOOST_TEST(ds.disputes({"Other", "", ""}).empty());
    BOOST_TEST(ds.disputes({"", "open", contract::kUuidA}).size() == 1u);
    BOOST_TEST(ds.disputes({"", "decided", ""}).empty());
    // A visit that is not released is refused, and nothing is written.
    BOOST_CHECK_THROW(ds.add_dispute(point(contract::kUuidC, "greeted", "\"no\""), "x"),
                      storage::StorageError);
    BOOST_CHECK_THROW(ds.add_dispute(point("nope", "greeted", "\"no\""), "x"),
                      storage::StorageError);
    BOOST_TEST(ds.disputes({}).size() == 2u);
}

VS_CONTRACT_CASE(a_decision_is_recorded_once_and_rewrites_the_visit_with_its_audit) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    const std::int64_t id = s.add_dispute(point(contract::kUuidB, "greeted", "\"yes\""), "cl");
    const std::int64_t reject = s.add_dispute(point(contract::kUuidA, "style", "\"none\""), "cl");
    const std::int64_t b = contract::id_of(s, contract::kUuidB);
    const storage::StoredVisit before = s.load_visit(b);
    const auto old_score = s.stored_scores(b).score;

    storage::DisputeEdit edit;
    edit.visit = before.visit;
    edit.visit.answers["greeted"] = "yes";
    edit.updated_at = before.updated_at;
    edit.entries.push_back({"arbiter", "dispute", "answers.greeted", "no", "yes", "accepted"});
    // A stale row version refuses the whole decision.
    storage::DisputeEdit stale = edit;
    stale.updated_at = "2000-01-01T00:00:00Z";
    BOOST_CHECK_THROW(
        s.decide_dispute(id, {"accepted", "\"yes\"", "seen on video", "arbiter"}, &stale),
        storage::StorageError);
    BOOST_TEST(s.dispute(id)->status == "open");

    s.decide_dispute(id, {"accepted", "\"yes\"", "seen on video", "arbiter"}, &edit);
    const auto d = s.dispute(id);
    BOOST_TEST(d->status == "decided");
    BOOST_TEST(d->decision == "accepted");
    BOOST_TEST(d->decided_answer == "\"yes\"");
    BOOST_TEST(d->decision_reason == "seen on video");
    BOOST_TEST(d->decided_by == "arbiter");
    BOOST_TEST(d->decided_at.size() >= 19u);
    BOOST_TEST(s.load_visit(b).visit.answers.at("greeted") == "yes");
    BOOST_TEST((s.stored_scores(b).score != old_score)); // re-scored: the critical miss is gone
    // Decided once.
    BOOST_CHECK_THROW(s.decide_dispute(id, {"rejected", "\"no\"", "again", "arbiter"}, nullptr),
                      storage::StorageError);
    // A rejection writes its decision and its audit entry, not the visit.
    s.decide_dispute(reject, {"rejected", "\"personal\"", "no evidence", "arbiter"}, nullptr);
    BOOST_TEST(s.dispute(reject)->decision == "rejected");
    BOOST_TEST(s.load_visit(contract::id_of(s, contract::kUuidA)).visit.answers.at("style") ==
               "personal");
    BOOST_TEST(s.disputes({"", "decided", ""}).size() == 2u);

    const auto log = s.audit_log(b);
    BOOST_TEST_REQUIRE(log.size() == 2u);
    BOOST_TEST(log[0].action == "dispute");
    BOOST_TEST(log[0].field == "dispute " + std::to_string(id) + " greeted");
    BOOST_TEST(log[0].new_value == "\"yes\"");
    BOOST_TEST(log[1].field == "answers.greeted");
    BOOST_TEST(s.verify_audit("").ok());
    BOOST_TEST(s.verify_audit("").entries == 3);
}

VS_CONTRACT_CASE(release_time_approver_and_released_visits) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    // Imported approved: released when stored, no approver; submitted: not released.
    BOOST_TEST(s.released_at(contract::kUuidA).size() >= 19u);
    BOOST_TEST(s.approver(contract::kUuidA) == "");
    BOOST_TEST(s.released_at(contract::kUuidC) == "");
    BOOST_TEST(s.released_at("nope") == "");
    const std::int64_t c = contract::id_of(s, contract::kUuidC);
    s.record_status(c, forms::Status::Submitted, forms::Status::Approved, "rita", "", "");
    BOOST_TEST(s.approver(contract::kUuidC) == "rita");
    const std::string at = s.released_at(contract::kUuidC);
    BOOST_TEST(at == s.audit_log(c).back().at);
    const auto released = s.released_visits("Test Client");
    BOOST_TEST_REQUIRE(released.size() == 3u);
    BOOST_TEST(released[0].uuid == contract::kUuidA);
    BOOST_TEST(released[0].client == "Test Client");
    BOOST_TEST(released[0].branch == "B1");
    BOOST_TEST(released[0].shopper == "S1");
    BOOST_TEST(released[2].branch == "B2");
    BOOST_TEST(s.released_visits("").size() == 3u);
    BOOST_TEST(s.released_visits("Other").empty());
}

BOOST_AUTO_TEST_SUITE_END()
