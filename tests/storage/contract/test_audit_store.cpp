// Contract of AuditStore (storage/audit_store.h): entries chained by hash, read per visit and
// across visits, and the chain verified. Entries come from the changes they record; here from a
// rescore batch, which every backend offers (MaintenanceStore).
#include "backends.h"
#include "forms/dates.h"
#include "storage/audit_chain.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

namespace {

/// Two entries about visit A (by rita, then sam) and one about visit C (by rita), committed.
void three_entries(storage::Store& s) {
    const std::int64_t a = contract::id_of(s, contract::kUuidA);
    const std::int64_t c = contract::id_of(s, contract::kUuidC);
    auto batch = s.rescore_batch();
    batch->audit(a, "rita", "rescore", "score", "70", "83.75", "rules changed");
    batch->audit(a, "sam", "edit", "summary", "Good visit.", "Fine visit.", "typo");
    batch->audit(c, "rita", "rescore", "score", "10", "12", "rules changed");
    batch->commit();
}

} // namespace

BOOST_AUTO_TEST_SUITE(audit_store)

VS_CONTRACT_CASE(entries_are_chained_and_verified) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::AuditStore& audit = *f.store;
    storage::AuditCheck empty = audit.verify_audit("");
    BOOST_TEST(empty.ok(), empty.problem);
    BOOST_TEST(empty.entries == 0);
    BOOST_TEST(empty.head == std::string(64, '0'));
    three_entries(*f.store);
    const auto log = audit.audit_log(contract::id_of(*f.store, contract::kUuidA));
    BOOST_REQUIRE_EQUAL(log.size(), 2u);
    BOOST_TEST(log[0].who == "rita"); // oldest first
    BOOST_TEST(log[0].action == "rescore");
    BOOST_TEST(log[0].field == "score");
    BOOST_TEST(log[0].old_value == "70");
    BOOST_TEST(log[0].new_value == "83.75");
    BOOST_TEST(log[0].reason == "rules changed");
    BOOST_TEST(!log[0].at.empty());
    BOOST_TEST(log[0].prev_hash == std::string(64, '0'));
    BOOST_TEST(log[0].hash.size() == 64u);
    BOOST_TEST(log[1].who == "sam");
    BOOST_TEST(log[1].prev_hash == log[0].hash);
    const storage::AuditCheck check = audit.verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
    BOOST_TEST(check.entries == 3);
    BOOST_TEST(!check.first_broken.has_value());
    const auto all = audit.audit_entries({});
    BOOST_REQUIRE_EQUAL(all.size(), 3u);
    BOOST_TEST(check.head == all.back().entry.hash);
    BOOST_TEST(audit.verify_audit(check.head).ok()); // a head recorded earlier is in the chain
    BOOST_TEST(audit.verify_audit(log[0].hash).ok());
    BOOST_TEST(!audit.verify_audit(std::string(64, 'f')).ok()); // a head the chain never had
}

VS_CONTRACT_CASE(entries_across_visits_filter) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    three_entries(*f.store);
    storage::AuditStore& audit = *f.store;
    const auto all = audit.audit_entries({});
    BOOST_REQUIRE_EQUAL(all.size(), 3u);
    BOOST_TEST(all[0].visit_uuid == contract::kUuidA);
    BOOST_TEST(all[0].client == "Test Client");
    BOOST_TEST(all[0].branch == "B1");
    BOOST_TEST(all[2].visit_uuid == contract::kUuidC);
    BOOST_TEST(all[2].branch == "B2");
    storage::AuditQuery q;
    q.visit_uuid = contract::kUuidC;
    BOOST_TEST(audit.audit_entries(q).size() == 1u);
    q = {};
    q.who = "rita";
    BOOST_TEST(audit.audit_entries(q).size() == 2u);
    q.who = "rit"; // exactly this person
    BOOST_TEST(audit.audit_entries(q).empty());
    q = {};
    q.action = "edit";
    BOOST_REQUIRE_EQUAL(audit.audit_entries(q).size(), 1u);
    BOOST_TEST(audit.audit_entries(q)[0].entry.who == "sam");
    q = {};
    q.branch = "B2";
    BOOST_TEST(audit.audit_entries(q).size() == 1u);
    const int today = *forms::parse_day(all[0].entry.at.substr(0, 10));
    q = {};
    q.from_day = today;
    q.to_day = today;
    BOOST_TEST(audit.audit_entries(q).size() == 3u);
    q.from_day = today + 1;
    q.to_day = std::nullopt;
    BOOST_TEST(audit.audit_entries(q).empty());
}

VS_CONTRACT_CASE(every_backend_hashes_entries_in_the_chain_format) {
    // A chain written by one backend verifies in another: each entry's hash is audit_chain.h's,
    // whoever computed it (the PostgreSQL server computes its own).
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    three_entries(*f.store);
    const auto all = f.store->audit_entries({});
    BOOST_REQUIRE_EQUAL(all.size(), 3u);
    std::string prev = storage::kAuditChainStart;
    for (const storage::AuditRow& row : all) {
        BOOST_TEST(row.entry.prev_hash == prev);
        BOOST_TEST(row.entry.hash == storage::audit_hash(row.entry));
        // UTC with milliseconds, as the chain's entries are written by every backend.
        BOOST_TEST(row.entry.at.size() == 24u);
        BOOST_TEST(row.entry.at.back() == 'Z');
        prev = row.entry.hash;
    }
    // Another connection continues the same chain.
    auto other = f.db->open();
    auto batch = other->rescore_batch();
    batch->audit(contract::id_of(*other, contract::kUuidB), "tom", "edit", "summary", "a", "b", "");
    batch->commit();
    const storage::AuditCheck check = f.store->verify_audit(all.back().entry.hash);
    BOOST_TEST(check.ok(), check.problem);
    BOOST_TEST(check.entries == 4);
    BOOST_TEST(f.store->audit_entries({}).back().entry.prev_hash == all.back().entry.hash);
}

VS_CONTRACT_CASE(an_imported_visit_has_no_submitter_and_no_entries) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::AuditStore& audit = *f.store;
    const std::int64_t a = contract::id_of(*f.store, contract::kUuidA);
    BOOST_TEST(audit.submitter(a).empty());
    BOOST_TEST(audit.audit_log(a).empty());
    BOOST_TEST(audit.audit_entries({}).empty());
}

BOOST_AUTO_TEST_SUITE_END()
