// Contract of DisputeStore (storage/dispute_store.h): dispute points on approved visits, their
// evidence with its SHA-256, listing by client, status and visit, a decision once (with the
// visit rewritten and re-scored in the same transaction, audited in the one chain), when a
// visit was released and who approved it, and the released visits of a client; the
// personal-data purge takes people's names out of points (searched for in the raw database).
#include "backends.h"
#include "forms/dates.h"
#include "storage/audit_chain.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
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

VS_CONTRACT_CASE(a_purge_takes_peoples_names_out_of_disputes) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    // C (after the purge's day, shopper S2) released too, so that a later point is kept.
    const std::int64_t c = contract::id_of(s, contract::kUuidC);
    s.record_status(c, s.load_visit(c).visit.status, forms::Status::Approved, "Rita Reviewer", "",
                    "");
    // A point on B (before the day, shopper S1 "Sam Shopper", purged): opened, with evidence,
    // and decided, each by a named person, its reasons quoting the shopper.
    storage::NewDispute b = point(contract::kUuidB, "greeted", "\"yes\"");
    b.reason = "Sam Shopper arrived after the greeting; Dana Desk saw it";
    b.evidence_name = "Sam Shopper at the door.jpg";
    b.evidence_mime = "image/jpeg";
    b.evidence = {'S', 'a', 'm', ' ', 'S', 'h', 'o', 'p', 'p', 'e', 'r'};
    const std::int64_t on_b = s.add_dispute(b, "Dana Desk");
    s.decide_dispute(
        on_b, {"rejected", "\"no\"", "Sam Shopper's photo shows no greeting", "Arne Arbiter"},
        nullptr);
    // A point on C (kept): its reason quotes the purged shopper by name and code.
    storage::NewDispute later = point(contract::kUuidC, "greeted", "\"yes\"");
    later.original_answer = "";
    later.reason = "Unlike Sam Shopper (S1) last month, the greeting was warm";
    const std::int64_t on_c = s.add_dispute(later, "Dana Desk");

    const storage::PurgeReport r = s.purge_personal_data(*forms::parse_day("2026-11-01"), "dpo");
    BOOST_TEST(r.shoppers == 1u);
    // The purged visit's point: no one's name, no reasons, no evidence; the decision stays.
    const storage::Dispute gone = *s.dispute(on_b);
    BOOST_TEST(gone.opened_by == "");
    BOOST_TEST(gone.decided_by == "");
    BOOST_TEST(gone.reason == "");
    BOOST_TEST(gone.decision_reason == "");
    BOOST_TEST(gone.evidence_name == "");
    BOOST_TEST(s.dispute_evidence(on_b).empty());
    BOOST_TEST(gone.decision == "rejected");
    BOOST_TEST(gone.question == "greeted");
    // The later point keeps its people and its reason, without the purged shopper's name and
    // code.
    const storage::Dispute kept = *s.dispute(on_c);
    BOOST_TEST(kept.opened_by == "Dana Desk");
    BOOST_TEST(kept.reason == "Unlike  () last month, the greeting was warm");
    BOOST_TEST(s.verify_audit("").ok());

    // The raw database searched for the names: every value of every table of the backup (a
    // SQLite file of every table on each backend).
    s.backup(f.db->backup_path());
    SQLite::Database raw(f.db->backup_path());
    std::vector<std::string> tables;
    {
        SQLite::Statement t(raw, "SELECT name FROM sqlite_master WHERE type = 'table'");
        while (t.executeStep())
            tables.push_back(t.getColumn(0).getString());
    }
    BOOST_TEST(tables.size() > 5u);
    std::size_t values = 0;
    for (const std::string& table : tables) {
        SQLite::Statement all(raw, "SELECT * FROM \"" + table + "\"");
        while (all.executeStep())
            for (int c = 0; c < all.getColumnCount(); ++c) {
                const SQLite::Column v = all.getColumn(c);
                if (v.isNull() || v.isInteger() || v.isFloat())
                    continue;
                ++values;
                const std::string text(static_cast<const char*>(v.getBlob()),
                                       static_cast<std::size_t>(v.getBytes()));
                for (const char* name : {"Sam Shopper", "Arne Arbiter"})
                    BOOST_TEST(text.find(name) == std::string::npos,
                               name << " is still in " << table << "." << all.getColumnName(c));
            }
    }
    BOOST_TEST(values > 50u);
    SQLite::Statement ev(raw, "SELECT count(*) FROM disputes WHERE evidence IS NOT NULL");
    BOOST_REQUIRE(ev.executeStep());
    BOOST_TEST(ev.getColumn(0).getInt() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
