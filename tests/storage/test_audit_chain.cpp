// The audit chain's format (storage/audit_chain.h), pinned: every backend hashes an entry the
// same way, so a chain written by one verifies in another and heads recorded earlier stay valid.
#include "storage/audit_chain.h"

#include <boost/test/unit_test.hpp>

using namespace vs;

BOOST_AUTO_TEST_SUITE(audit_chain)

BOOST_AUTO_TEST_CASE(an_entry_hashes_its_fields_joined_with_unit_separators) {
    storage::AuditEntry e;
    e.id = 99; // not covered: the chain, not the id, orders entries
    e.at = "2026-01-02T03:04:05.000Z";
    e.who = "rita";
    e.visit_id = 7;
    e.action = "status";
    e.field = "status";
    e.old_value = "submitted";
    e.new_value = "approved";
    e.prev_hash = storage::kAuditChainStart;
    BOOST_TEST(storage::kAuditChainStart == std::string(64, '0'));
    BOOST_TEST(storage::audit_content(e) == "2026-01-02T03:04:05.000Z\x1frita\x1f"
                                            "7\x1fstatus\x1fstatus\x1fsubmitted\x1f"
                                            "approved\x1f\x1f" +
                                                std::string(64, '0'));
    // sha256 of that text (Python's hashlib gives the same).
    BOOST_TEST(storage::audit_hash(e) ==
               "1f3b03de016f4ba0898724105d10ae5413b4209e1ec703ac04b4bc9831d1c031");
    BOOST_TEST(storage::impersonal_audit_field("status"));
    BOOST_TEST(storage::impersonal_audit_field("visited_at"));
    BOOST_TEST(storage::impersonal_audit_field("branch"));
    BOOST_TEST(!storage::impersonal_audit_field("employee"));
    BOOST_TEST(!storage::impersonal_audit_field("comments.greeted"));
}

BOOST_AUTO_TEST_CASE(a_redaction_record_counts_only_for_its_own_assignment) {
    // A purge entry of one assignment that lists an entry of another does not excuse its
    // change: audit verify names the changed entry.
    storage::AuditEntry e;
    e.id = 1;
    e.at = "2026-11-02T10:00:00.000Z";
    e.who = "sam.shopper";
    e.action = "assignment";
    e.field = "status";
    e.old_value = "offered";
    e.new_value = "accepted";
    e.prev_hash = storage::kAuditChainStart;
    e.assignment_uuid = "p-1";
    e.hash = storage::audit_hash(e);
    const storage::AuditEntry blanked = storage::audit_redacted(e);
    const std::string record = storage::audit_redaction_record({blanked});
    for (const std::string& owner : {std::string("p-2"), std::string("p-1")}) {
        storage::AuditChainCheck chain("");
        chain.purge_record(2, 0, record, owner);
        BOOST_TEST(chain.add(blanked) == (owner == "p-1"));
    }
}

BOOST_AUTO_TEST_SUITE_END()
