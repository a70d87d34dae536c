// The review actions (services/review.h) on a store: a forbidden step writes nothing, the
// action asked for is the one done, the self-approval setting decides whether a submitter
// approves, submitting checks min_applicable, a change to a reviewed visit writes one audit
// entry per changed field, and the store's primitives refuse a visit that changed meanwhile.
#include "forms/error.h"
#include "services/review.h"
#include "services/review_rules.h"
#include "storage/sqlite_store.h"
#include "tests/storage/mini_store.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

using namespace vs;
using forms::Status;

namespace {

/// What a review step may touch, to compare before and after a refusal.
struct Snapshot {
    Status status;
    std::string note;
    std::string updated_at;
    std::size_t audit;
    nlohmann::json answers;
    bool operator==(const Snapshot&) const = default;
};

struct ReviewStore : test::MiniStore {
    Snapshot snap(std::int64_t id) {
        const storage::StoredVisit v = s.load_visit(id);
        return {v.visit.status, v.note, v.updated_at, s.audit_entries({}).size(), v.visit.answers};
    }
    std::string uuid(std::int64_t id) { return s.load_visit(id).visit.uuid; }
};

/// The refusal names the field (after the visit) and says `words`.
auto refused(const std::string& where, const std::string& words) {
    return [where, words](const InputError& e) {
        return e.where() == where && e.message().find(words) != std::string::npos;
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(review_service)

BOOST_AUTO_TEST_CASE(a_forbidden_step_writes_nothing) {
    ReviewStore m;
    const Snapshot a = m.snap(m.a), c = m.snap(m.c);
    const std::string ua = "visit " + m.uuid(m.a), uc = "visit " + m.uuid(m.c);
    // Approved: not approved again, not submitted, not excluded without a note.
    BOOST_CHECK_EXCEPTION(services::approve(m.s, m.a, "rita", "fine"), InputError,
                          refused(ua + ", status", "the visit is already approved"));
    BOOST_CHECK_EXCEPTION(services::submit(m.s, m.a, "sam"), InputError,
                          refused(ua + ", status", "it is not submitted again but reopened"));
    BOOST_CHECK_EXCEPTION(services::exclude(m.s, m.a, "rita", "  "), InputError,
                          refused(ua + ", reason", "why the visit is excluded"));
    // Submitted: a return needs a note; "reopen" is not a submission.
    BOOST_CHECK_EXCEPTION(services::return_visit(m.s, m.c, "rita", ""), InputError,
                          refused(uc + ", reason", "why the visit is returned"));
    BOOST_CHECK_EXCEPTION(
        services::reopen(m.s, m.c, "rita", "again"), InputError,
        refused(uc + ", status", "only approved or excluded visits are reopened"));
    // No action leads back to a draft.
    BOOST_CHECK_EXCEPTION(services::change_status(m.s, m.c, Status::Draft, "rita", "x"), InputError,
                          refused(uc + ", status", "cannot be made draft"));
    BOOST_TEST((m.snap(m.a) == a));
    BOOST_TEST((m.snap(m.c) == c));
    BOOST_TEST(m.s.verify_audit("").ok());
}

BOOST_AUTO_TEST_CASE(each_action_does_its_step_with_one_audit_entry) {
    ReviewStore m;
    auto step = services::return_visit(m.s, m.c, "rita", "add the wait time");
    BOOST_TEST((step.from == Status::Submitted && step.to == Status::Returned));
    BOOST_TEST(m.s.load_visit(m.c).note == "add the wait time");
    step = services::submit(m.s, m.c, "sam");
    BOOST_TEST((step.to == Status::Submitted));
    BOOST_TEST(m.s.load_visit(m.c).note.empty()); // a plain submission clears the note
    services::approve(m.s, m.c, "rita", "");
    services::exclude(m.s, m.c, "rita", "recognised");
    step = services::reopen(m.s, m.c, "rita", "wrong visit excluded");
    BOOST_TEST((step.from == Status::Excluded && step.to == Status::Submitted));
    BOOST_TEST(m.s.load_visit(m.c).note == "wrong visit excluded"); // a reopening keeps its reason
    const auto log = m.s.audit_log(m.c);
    BOOST_REQUIRE_EQUAL(log.size(), 5u);
    const char* expect[][3] = {{"submitted", "returned", "add the wait time"},
                               {"returned", "submitted", ""},
                               {"submitted", "approved", ""},
                               {"approved", "excluded", "recognised"},
                               {"excluded", "submitted", "wrong visit excluded"}};
    for (std::size_t i = 0; i < log.size(); ++i) {
        BOOST_TEST_INFO_SCOPE("entry " << i);
        BOOST_TEST(log[i].action == "status");
        BOOST_TEST(log[i].field == "status");
        BOOST_TEST(log[i].old_value == expect[i][0]);
        BOOST_TEST(log[i].new_value == expect[i][1]);
        BOOST_TEST(log[i].reason == expect[i][2]);
    }
    BOOST_TEST(m.s.verify_audit("").ok());
}

BOOST_AUTO_TEST_CASE(the_self_approval_setting_decides) {
    ReviewStore m;
    services::return_visit(m.s, m.c, "rita", "add the wait time");
    services::submit(m.s, m.c, "sam");
    const std::string who = "visit " + m.uuid(m.c) + ", who";
    for (const char* setting : {"", "false", "no"}) {
        BOOST_TEST_INFO_SCOPE("allow_self_approval = '" << setting << "'");
        m.s.set_setting(services::kAllowSelfApproval, setting);
        const Snapshot before = m.snap(m.c);
        BOOST_CHECK_EXCEPTION(services::approve(m.s, m.c, "sam", ""), InputError,
                              refused(who, "may not approve it too"));
        BOOST_TEST((m.snap(m.c) == before));
        const auto d = services::approval_decision(m.s, m.c, Status::Submitted, "sam");
        BOOST_TEST(!d.allowed);
        BOOST_TEST(d.field == "who");
        // Another reviewer may.
        BOOST_TEST(services::approval_decision(m.s, m.c, Status::Submitted, "rita").allowed);
    }
    m.s.set_setting(services::kAllowSelfApproval, "yes");
    BOOST_TEST(services::approval_decision(m.s, m.c, Status::Submitted, "sam").self_approval);
    services::approve(m.s, m.c, "sam", "checked twice");
    BOOST_TEST(m.s.audit_log(m.c).back().reason ==
               std::string("checked twice — ") + services::kSelfApprovalMark);
    services::return_visit(m.s, m.c, "rita", "one more");
    services::submit(m.s, m.c, "sam");
    services::approve(m.s, m.c, "sam", "");
    BOOST_TEST(m.s.audit_log(m.c).back().reason == services::kSelfApprovalMark);
}

BOOST_AUTO_TEST_CASE(submitting_checks_min_applicable) {
    ReviewStore m;
    forms::Visit header = m.s.load_visit(m.c).visit;
    header.uuid.clear();
    header.answers = nlohmann::json::object();
    header.comments.clear();
    const std::int64_t id = m.s.create_draft(header);
    const Snapshot before = m.snap(id);
    BOOST_CHECK_EXCEPTION(services::submit(m.s, id, "sam"), InputError, [](const InputError& e) {
        return e.message().find("min_applicable") != std::string::npos;
    });
    BOOST_TEST((m.snap(id) == before));
}

BOOST_AUTO_TEST_CASE(a_change_writes_one_entry_per_changed_field) {
    ReviewStore m;
    forms::Visit edited = m.s.load_visit(m.a).visit;
    BOOST_CHECK_EXCEPTION(services::edit_visit(m.s, m.a, edited, "rita", ""), InputError,
                          refused("reason", "needs a reason"));
    // Nothing changed: nothing written.
    const Snapshot same = m.snap(m.a);
    BOOST_TEST(services::edit_visit(m.s, m.a, edited, "rita", "no change") == 0u);
    BOOST_TEST((m.snap(m.a) == same));

    edited.answers["wait"] = 30;
    edited.answers["warmth"] = 4.0; // equal once typed: not a change
    edited.comments["wait"] = "half a minute";
    edited.summary = "Edited.";
    BOOST_TEST(services::edit_visit(m.s, m.a, edited, "rita", "receipt time") == 3u);
    const auto log = m.s.audit_log(m.a);
    BOOST_REQUIRE_EQUAL(log.size(), 3u);
    const char* expect[][3] = {{"answers.wait", "45", "30"},
                               {"comments.wait", "", "half a minute"},
                               {"summary", "Good visit.", "Edited."}};
    for (std::size_t i = 0; i < log.size(); ++i) {
        BOOST_TEST_INFO_SCOPE("entry " << i);
        BOOST_TEST(log[i].action == "edit");
        BOOST_TEST(log[i].who == "rita");
        BOOST_TEST(log[i].field == expect[i][0]);
        BOOST_TEST(log[i].old_value == expect[i][1]);
        BOOST_TEST(log[i].new_value == expect[i][2]);
        BOOST_TEST(log[i].reason == "receipt time");
    }
    const storage::StoredVisit after = m.s.load_visit(m.a);
    BOOST_TEST(after.visit.answers.at("wait") == 30);
    BOOST_TEST((after.visit.status == Status::Approved));

    // An excluded visit is not changed; a refused answer writes nothing.
    edited.answers["style"] = "no such option";
    const Snapshot before = m.snap(m.a);
    BOOST_CHECK_THROW(services::edit_visit(m.s, m.a, edited, "rita", "typo"), InputError);
    BOOST_TEST((m.snap(m.a) == before));
    services::exclude(m.s, m.b, "rita", "recognised");
    BOOST_CHECK_EXCEPTION(services::edit_visit(m.s, m.b, m.s.load_visit(m.b).visit, "rita", "x"),
                          InputError, refused("visit " + m.uuid(m.b), "cannot be changed"));
}

BOOST_AUTO_TEST_CASE(edit_entries_list_removed_fields) {
    ReviewStore m;
    const storage::StoredVisit a = m.s.load_visit(m.a);
    forms::Visit before = a.visit, after = a.visit;
    before.section_employees["close"] = "E9";
    const auto entries = services::edit_entries(*a.tpl, before, after, "rita", "why");
    BOOST_REQUIRE_EQUAL(entries.size(), 1u);
    BOOST_TEST(entries[0].field == "section_employees.close");
    BOOST_TEST(entries[0].old_value == "E9");
    BOOST_TEST(entries[0].new_value == "");
    BOOST_TEST(entries[0].action == "edit");
    BOOST_TEST(entries[0].reason == "why");
}

BOOST_AUTO_TEST_CASE(the_store_refuses_a_visit_changed_meanwhile) {
    ReviewStore m;
    const Snapshot c = m.snap(m.c);
    // Another reviewer approved it after this one read it as returned.
    BOOST_CHECK_THROW(m.s.record_status(m.c, Status::Returned, Status::Submitted, "sam", "", ""),
                      storage::StorageError);
    BOOST_TEST((m.snap(m.c) == c));
    const storage::StoredVisit a = m.s.load_visit(m.a);
    forms::Visit v = a.visit;
    v.summary = "late edit";
    const std::vector<storage::AuditChange> entries = {
        {"rita", "edit", "summary", "", "late edit", "why"}};
    BOOST_CHECK_THROW(m.s.apply_edit(m.a, v, "2000-01-01T00:00:00.000Z", entries),
                      storage::StorageError);
    BOOST_TEST(m.s.audit_entries({}).size() == 0u);
    m.s.apply_edit(m.a, v, a.updated_at, entries);
    BOOST_TEST(m.s.load_visit(m.a).visit.summary == "late edit");
    BOOST_TEST(m.s.audit_log(m.a).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_survey_response_is_approved_directly_from_draft_or_excluded) {
    // A customer survey response (SCORING.md §10) never goes through review: a draft is approved
    // or excluded directly, an excluded one approved again with a reason; a mystery visit still
    // goes back through review (reopened first).
    ReviewStore m;
    const std::filesystem::path dir(VS_TEST_DATA);
    const std::string tf = (dir / "survey.template.json").string();
    m.s.add_template(forms::parse_template(forms::read_file(tf), tf), tf);
    const std::string vf = (dir / "survey.visits.json").string();
    std::vector<forms::Visit> responses =
        forms::parse_visit_package(forms::read_file(vf), vf); // two, approved
    responses[0].status = Status::Draft;
    responses[0].status_given = true;
    responses[1].status = Status::Excluded;
    responses[1].status_given = true;
    m.s.import_visits(responses, vf);
    const std::int64_t draft = *m.s.visit_id_of(responses[0].uuid);
    const std::int64_t excluded = *m.s.visit_id_of(responses[1].uuid);
    const std::string ud = "visit " + responses[0].uuid, ue = "visit " + responses[1].uuid;

    // Refused, writing nothing: an excluded response approved without a reason, reopened, or
    // submitted; a draft submitted.
    const Snapshot e = m.snap(excluded), d = m.snap(draft);
    BOOST_CHECK_EXCEPTION(services::approve(m.s, excluded, "rita", " "), InputError,
                          refused(ue + ", reason", "write a reason for approving the excluded"));
    BOOST_CHECK_EXCEPTION(services::reopen(m.s, excluded, "rita", "by mistake"), InputError,
                          refused(ue + ", status", "needs no review"));
    BOOST_CHECK_EXCEPTION(services::submit(m.s, draft, "rita"), InputError,
                          refused(ud + ", status", "needs no review"));
    BOOST_TEST((m.snap(excluded) == e));
    BOOST_TEST((m.snap(draft) == d));

    // The draft approved directly, no reason needed; the excluded one with its reason.
    auto step = services::approve(m.s, draft, "rita", "");
    BOOST_TEST((step.from == Status::Draft && step.to == Status::Approved));
    step = services::approve(m.s, excluded, "rita", "  excluded by mistake ");
    BOOST_TEST((step.from == Status::Excluded && step.to == Status::Approved));
    BOOST_TEST((m.s.load_visit(excluded).visit.status == Status::Approved));
    const auto log = m.s.audit_log(excluded);
    BOOST_REQUIRE(!log.empty());
    BOOST_TEST(log.back().old_value == "excluded");
    BOOST_TEST(log.back().new_value == "approved");
    BOOST_TEST(log.back().reason == "excluded by mistake");
    BOOST_TEST(m.s.audit_log(draft).back().old_value == "draft");

    // Excluded and approved again, back and forth; a new draft excluded directly with a note.
    services::exclude(m.s, excluded, "rita", "a test response");
    services::approve(m.s, excluded, "rita", "not a test after all");
    BOOST_TEST((m.s.load_visit(excluded).visit.status == Status::Approved));
    responses[0].uuid = "00000000-0000-4000-8000-0000000000d9";
    responses.resize(1);
    m.s.import_visits(responses, vf);
    const std::int64_t second = *m.s.visit_id_of(responses[0].uuid);
    BOOST_CHECK_EXCEPTION(services::exclude(m.s, second, "rita", ""), InputError,
                          refused("visit " + responses[0].uuid + ", reason", "why the visit is"));
    services::exclude(m.s, second, "rita", "a duplicate");
    BOOST_TEST((m.s.load_visit(second).visit.status == Status::Excluded));
    BOOST_TEST(m.s.verify_audit("").ok());

    // A mystery visit excluded is still reopened first, not approved directly.
    services::exclude(m.s, m.a, "rita", "recognised");
    BOOST_CHECK_EXCEPTION(services::approve(m.s, m.a, "rita", "fine"), InputError,
                          refused("visit " + m.uuid(m.a) + ", status", "reopen it first"));
}

BOOST_AUTO_TEST_SUITE_END()
