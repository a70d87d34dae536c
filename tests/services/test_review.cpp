// The review workflow's rules (services/review_rules.h) as a table, and the review actions
// (services/review.h) applying them to the SQLite store: forbidden changes and missing reasons
// write nothing, the submitter approves only where the database allows self-approval, and the
// audit log across visits filters by person, visit, branch, action and date.
#include "forms/dates.h"
#include "forms/error.h"
#include "services/review.h"
#include "services/review_rules.h"
#include "services/settings_snapshot.h"
#include "storage/sqlite_store.h"
#include "tests/storage/mini_store.h"

#include <boost/test/unit_test.hpp>

using namespace vs;
using forms::Status;

namespace {

struct MiniStore : test::MiniStore {
    Status status(std::int64_t id) { return s.load_visit(id).visit.status; }
    std::size_t entries() { return s.audit_entries({}).size(); }
};

bool names(const InputError& e, const std::string& field, const std::string& words) {
    return e.where().find(field) != std::string::npos &&
           e.message().find(words) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(review)

BOOST_AUTO_TEST_CASE(rules_table) {
    struct Case {
        Status from, to;
        const char* who;
        const char* submitter;
        const char* reason;
        bool self_ok;
        bool allowed;
        const char* field;
    };
    const Case cases[] = {
        {Status::Draft, Status::Submitted, "sam", "", "", false, true, ""},
        {Status::Returned, Status::Submitted, "sam", "", "", false, true, ""},
        {Status::Submitted, Status::Approved, "rita", "sam", "", false, true, ""},
        {Status::Submitted, Status::Approved, "sam", "sam", "", false, false, "who"},
        {Status::Submitted, Status::Approved, "sam", "sam", "", true, true, ""},
        {Status::Submitted, Status::Approved, "rita", "", "", false, true, ""}, // imported
        {Status::Submitted, Status::Returned, "rita", "sam", "", false, false, "reason"},
        {Status::Submitted, Status::Returned, "rita", "sam", "fix the wait", false, true, ""},
        {Status::Submitted, Status::Excluded, "rita", "sam", "  ", false, false, "reason"},
        {Status::Approved, Status::Excluded, "rita", "sam", "recognised", false, true, ""},
        {Status::Excluded, Status::Submitted, "rita", "sam", "", false, false, "reason"},
        {Status::Excluded, Status::Submitted, "rita", "sam", "excluded by mistake", false, true,
         ""},
        {Status::Approved, Status::Submitted, "rita", "sam", "wrong branch", false, true, ""},
        {Status::Excluded, Status::Approved, "rita", "sam", "", false, false, "status"},
        {Status::Approved, Status::Approved, "rita", "sam", "", false, false, "status"},
        {Status::Draft, Status::Approved, "rita", "", "", false, false, "status"},
        {Status::Submitted, Status::Draft, "rita", "", "", false, false, "status"},
        {Status::Returned, Status::Approved, "rita", "", "", false, false, "status"},
    };
    for (const Case& k : cases) {
        BOOST_TEST_INFO_SCOPE(forms::to_string(k.from) << " -> " << forms::to_string(k.to) << " by "
                                                       << k.who << " reason '" << k.reason << "'");
        services::ReviewRequest r{k.from, k.to, k.who, k.submitter, k.reason, k.self_ok};
        services::ReviewDecision d = services::check_review(r);
        BOOST_TEST(d.allowed == k.allowed);
        BOOST_TEST(d.field == k.field);
        BOOST_TEST(d.problem.empty() == k.allowed);
    }
    auto self =
        services::check_review({Status::Submitted, Status::Approved, "sam", "sam", "", true});
    BOOST_TEST(self.self_approval);
    BOOST_TEST(self.audit_reason == services::kSelfApprovalMark);
    BOOST_TEST(
        (services::review_action_from_string("reopen").value() == services::ReviewAction::Reopen));
    BOOST_TEST(!services::review_action_from_string("delete"));
    BOOST_TEST(
        (services::review_action_status(services::ReviewAction::Reopen) == Status::Submitted));
    BOOST_TEST(services::parse_flag("TRUE").value());
    BOOST_TEST(!services::parse_flag("off").value());
    BOOST_TEST(!services::parse_flag("maybe"));
}

BOOST_AUTO_TEST_CASE(refusals_write_nothing_and_reopen_is_audited) {
    MiniStore m;
    // An approved visit cannot be approved again or excluded without a note.
    BOOST_CHECK_EXCEPTION(
        services::change_status(m.s, m.a, Status::Approved, "rita", ""), InputError,
        [](const InputError& e) { return names(e, "status", "already approved"); });
    BOOST_CHECK_EXCEPTION(services::change_status(m.s, m.a, Status::Excluded, "rita", ""),
                          InputError,
                          [](const InputError& e) { return names(e, "reason", "excluded"); });
    BOOST_TEST(m.entries() == 0u);
    services::change_status(m.s, m.a, Status::Excluded, "rita", "shopper recognised");
    // Excluded: only reopening (with a reason) brings it back.
    BOOST_CHECK_EXCEPTION(services::change_status(m.s, m.a, Status::Approved, "rita", ""),
                          InputError,
                          [](const InputError& e) { return names(e, "status", "reopen"); });
    BOOST_CHECK_EXCEPTION(services::change_status(m.s, m.a, Status::Submitted, "rita", " "),
                          InputError,
                          [](const InputError& e) { return names(e, "reason", "reopening"); });
    BOOST_TEST((m.status(m.a) == Status::Excluded));
    BOOST_TEST(m.entries() == 1u);
    services::change_status(m.s, m.a, Status::Submitted, "rita", "excluded the wrong visit");
    BOOST_TEST((m.status(m.a) == Status::Submitted));
    auto log = m.s.audit_log(m.a);
    BOOST_REQUIRE_EQUAL(log.size(), 2u);
    BOOST_TEST(log[1].who == "rita");
    BOOST_TEST(log[1].old_value == "excluded");
    BOOST_TEST(log[1].new_value == "submitted");
    BOOST_TEST(log[1].reason == "excluded the wrong visit");
    BOOST_TEST(!log[1].at.empty());
    // Reopening is no submission: the reviewer who reopened may approve it.
    BOOST_TEST(m.s.submitter(m.a).empty());
    services::change_status(m.s, m.a, Status::Approved, "rita", "");
    BOOST_TEST((m.status(m.a) == Status::Approved));
    BOOST_TEST(m.s.verify_audit("").ok());
}

BOOST_AUTO_TEST_CASE(submitter_may_not_approve_unless_the_office_allows_it) {
    MiniStore m;
    // c is submitted (imported); sam takes it back and submits it again.
    services::change_status(m.s, m.c, Status::Returned, "rita", "add the wait time");
    services::change_status(m.s, m.c, Status::Submitted, "sam", "");
    BOOST_TEST(m.s.submitter(m.c) == "sam");
    const std::size_t before = m.entries();
    BOOST_CHECK_EXCEPTION(services::change_status(m.s, m.c, Status::Approved, "sam", ""),
                          InputError, [](const InputError& e) {
                              return names(e, "who", "may not approve") &&
                                     e.message().find("allow_self_approval") != std::string::npos;
                          });
    BOOST_TEST((m.status(m.c) == Status::Submitted));
    BOOST_TEST(m.entries() == before);

    // A one-person office: allowed, and the audit entry says so.
    m.s.set_setting(services::kAllowSelfApproval, "true");
    services::change_status(m.s, m.c, Status::Approved, "sam", "");
    auto log = m.s.audit_log(m.c);
    BOOST_TEST(log.back().who == "sam");
    BOOST_TEST(log.back().new_value == "approved");
    BOOST_TEST(log.back().reason == services::kSelfApprovalMark);
    // Another reviewer's approval is not marked.
    services::change_status(m.s, m.c, Status::Returned, "rita", "one more thing");
    services::change_status(m.s, m.c, Status::Submitted, "sam", "");
    services::change_status(m.s, m.c, Status::Approved, "rita", "looks right");
    BOOST_TEST(m.s.audit_log(m.c).back().reason == "looks right");
}

BOOST_AUTO_TEST_CASE(a_settings_snapshot_answers_its_keys_from_one_read) {
    MiniStore m;
    m.s.set_setting("action.threshold", "70");
    services::SettingsSnapshot snap(m.s, {"action.threshold", services::kAllowSelfApproval});
    // Another seat changes the settings on the same file after the snapshot's one read.
    storage::SqliteStore other(m.path);
    other.set_setting("action.threshold", "40");
    other.set_setting(services::kAllowSelfApproval, "true");
    other.set_setting("alert.below", "55");
    // The keys read at the start keep their values (or their absence) for the whole job ...
    BOOST_TEST(snap.setting("action.threshold", "") == "70");
    BOOST_TEST(snap.setting(services::kAllowSelfApproval, "unset") == "unset");
    // ... any other key is read from the store, alone or among snapshot keys.
    BOOST_TEST(snap.setting("alert.below", "") == "55");
    const auto both = snap.settings({"action.threshold", "alert.below", "alert.critical"});
    BOOST_TEST(both.size() == 2u);
    BOOST_TEST(both.at("action.threshold") == "70");
    BOOST_TEST(both.at("alert.below") == "55");
    // A write goes to the database and to the copy.
    snap.set_setting("action.threshold", "65");
    BOOST_TEST(snap.setting("action.threshold", "") == "65");
    BOOST_TEST(other.setting("action.threshold", "") == "65");
}

BOOST_AUTO_TEST_CASE(audit_log_across_visits_filters) {
    MiniStore m;
    services::change_status(m.s, m.a, Status::Excluded, "rita", "recognised");
    services::change_status(m.s, m.b, Status::Returned, "tom", "photo missing");
    services::change_status(m.s, m.c, Status::Approved, "rita", "");
    // C fails (a critical): its approval also opened its branch's action plan, one entry more.
    BOOST_TEST(m.s.audit_entries({}).size() == 4u);
    storage::AuditQuery by_rita;
    by_rita.who = "rita";
    auto rows = m.s.audit_entries(by_rita);
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    BOOST_TEST(rows[0].visit_uuid == "00000000-0000-4000-8000-00000000000a");
    BOOST_TEST(rows[1].visit_uuid == "00000000-0000-4000-8000-00000000000c");
    BOOST_TEST(rows[2].visit_uuid == "");
    BOOST_TEST(rows[2].entry.action == "action_plan");
    BOOST_TEST(!rows[0].branch.empty());
    BOOST_TEST(!rows[0].client.empty());
    storage::AuditQuery by_visit;
    by_visit.visit_uuid = "00000000-0000-4000-8000-00000000000b";
    rows = m.s.audit_entries(by_visit);
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0].entry.who == "tom");
    storage::AuditQuery by_branch;
    by_branch.branch = rows[0].branch;
    BOOST_TEST(!m.s.audit_entries(by_branch).empty());
    by_branch.branch = "NO-SUCH-BRANCH";
    BOOST_TEST(m.s.audit_entries(by_branch).empty());
    storage::AuditQuery edits;
    edits.action = "edit";
    BOOST_TEST(m.s.audit_entries(edits).empty());
    // Dates: entries are made today (UTC).
    const int today = *forms::parse_day(m.s.audit_entries({})[0].entry.at.substr(0, 10));
    storage::AuditQuery range;
    range.from_day = today;
    range.to_day = today;
    BOOST_TEST(m.s.audit_entries(range).size() == 4u);
    range.from_day = today + 1;
    range.to_day.reset();
    BOOST_TEST(m.s.audit_entries(range).empty());
    range.from_day.reset();
    range.to_day = today - 1;
    BOOST_TEST(m.s.audit_entries(range).empty());
}

BOOST_AUTO_TEST_SUITE_END()
