#include "services/review.h"

#include "forms/error.h"
#include "forms/survey.h"
#include "forms/visit.h"
#include "services/action_plans.h"
#include "services/alerts.h"
#include "services/settings_snapshot.h"
#include "storage/prepare.h"

#include <map>
#include <optional>
#include <string>

namespace vs::services {

using forms::Status;
using forms::Visit;

namespace {

std::string name(Status s) {
    return std::string(forms::to_string(s));
}

/// The (field, JSON value) pairs of a visit that edits are audited on.
std::map<std::string, std::string> audited_fields(const forms::Template& tpl, const Visit& v) {
    std::map<std::string, std::string> f;
    f["visited_at"] = v.visited_at;
    f["branch"] = v.branch;
    f["employee"] = v.employee;
    f["shopper"] = v.shopper;
    f["summary"] = v.summary;
    for (const auto& q : tpl.questions) {
        auto it = v.answers.find(q.id);
        f["answers." + q.id] = it == v.answers.end() || it->is_null() ? "" : it->dump();
        auto c = v.comments.find(q.id);
        f["comments." + q.id] = c == v.comments.end() ? "" : c->second;
    }
    for (const auto& [section, code] : v.section_employees)
        f["section_employees." + section] = code;
    return f;
}

bool allows_self_approval(storage::SettingsStore& store) {
    return parse_flag(store.setting(kAllowSelfApproval, "")).value_or(false);
}

/// Marks `assignment` visited by `visit` unless it is already, or it is not in this database
/// (a visit package imported where its assignment was never planned), or it was visited by
/// another visit (the first visit handed in keeps it).
void mark_assignment_visited(storage::Store& store, const std::string& assignment,
                             const std::string& visit, const std::string& who) {
    const std::optional<storage::Assignment> a = store.assignment(assignment);
    if (!a || (a->status == "visited" && !a->visit_uuid.empty()))
        return;
    store.mark_assignment_visited(assignment, visit, who);
}

} // namespace

namespace {

/// change_status on `cur`, visit `id` as just read (review reads it once for both).
void change_status_of(storage::Store& store, std::int64_t id, const storage::StoredVisit& cur,
                      Status to, const std::string& who, const std::string& note,
                      std::vector<std::string>* warnings) {
    const Status from = cur.visit.status;
    // A customer survey response needs no review (SCORING.md §10): it never waits in the queue.
    const bool survey = cur.tpl && forms::is_survey(*cur.tpl);
    if (survey && (to == Status::Submitted || to == Status::Returned))
        throw InputError("", "visit " + cur.visit.uuid + ", status",
                         "a customer survey response needs no review: it is approved, excluded "
                         "or a draft, never " +
                             std::string(forms::to_string(to)));
    // Nor does it go through review to be approved: a response imported as a draft is approved
    // or excluded directly, and an excluded one approved again directly with a reason (a
    // mystery visit is reopened first, and a response is never submitted).
    const bool survey_step = survey && ((from == Status::Draft && to == Status::Approved) ||
                                        (from == Status::Draft && to == Status::Excluded) ||
                                        (from == Status::Excluded && to == Status::Approved));
    // An approval of a visit (not of a survey response) has follow-ups, and reads its settings
    // once: the self-approval flag here, then the action plans' and the alert rules for the
    // follow-ups (on a server, one round trip for all).
    std::optional<SettingsSnapshot> approval_settings;
    if (to == Status::Approved && !survey) {
        std::vector<std::string> keys = visit_alert_setting_keys(cur.visit.client);
        for (const char* key : {kAllowSelfApproval, kActionThresholdSetting, kActionDueSetting})
            keys.emplace_back(key);
        approval_settings.emplace(store, keys);
    }
    ReviewDecision decision;
    if (survey_step) {
        const auto first = note.find_first_not_of(" \t\r\n");
        const std::string reason =
            first == std::string::npos
                ? std::string()
                : note.substr(first, note.find_last_not_of(" \t\r\n") - first + 1);
        if (reason.empty() && from == Status::Excluded)
            throw InputError("", "visit " + cur.visit.uuid + ", reason",
                             "write a reason for approving the excluded survey response");
        if (reason.empty() && to == Status::Excluded)
            throw InputError("", "visit " + cur.visit.uuid + ", reason",
                             "write a note saying why the visit is excluded");
        decision.allowed = true;
        decision.audit_reason = reason;
    } else {
        ReviewRequest request;
        request.from = from;
        request.to = to;
        request.who = who;
        request.reason = note;
        if (to == Status::Approved) {
            request.submitter = store.submitter(id);
            request.allow_self_approval = approval_settings
                                              ? allows_self_approval(*approval_settings)
                                              : allows_self_approval(store);
        }
        decision = check_review(request);
    }
    if (!decision.allowed)
        throw InputError("", "visit " + cur.visit.uuid + ", " + decision.field, decision.problem);
    if (to == Status::Submitted ||
        (survey_step && from == Status::Draft && to == Status::Approved)) {
        Visit check = cur.visit;
        check.status = to;
        storage::prepare_visit(*cur.tpl, check, "", "visit " + cur.visit.uuid); // min_applicable
    }
    // A plain submission clears the reviewer's last note; every other step keeps its own.
    const std::string kept = to == Status::Submitted && !is_reopen(from, to) ? std::string() : note;
    store.record_status(id, from, to, who, kept, decision.audit_reason);
    // A visit made for an assignment makes it visited when it is handed in (submitted, or
    // approved): a draft left unfinished leaves the assignment open.
    if ((to == Status::Submitted || to == Status::Approved) && !cur.visit.assignment.empty())
        mark_assignment_visited(store, cur.visit.assignment, cur.visit.uuid, who);
    // A failed visit, once approved, opens its branch's action plan (services/action_plans.h),
    // and raises its alerts: each on its own, neither undoing nor hiding the approval stored.
    if (approval_settings) { // an approved survey response opens no plan and raises no alert
        // The visit as stored now, read once for both: an edit may have come in after `cur` was
        // read (record_status compares the status only), and a reopening after the approval.
        std::optional<storage::StoredVisit> approved;
        try {
            approved = store.load_visit(id);
            open_plan_for_visit(store, *approval_settings, *approved, who);
        } catch (const std::exception& e) {
            alert_warning("visit " + cur.visit.uuid +
                              " was approved; but its action plan could not be opened: " + e.what(),
                          warnings);
        }
        raise_after("visit " + cur.visit.uuid + " was approved", warnings, [&] {
            raise_visit_alerts(store, *approval_settings,
                               approved ? *approved : store.load_visit(id));
        });
    }
}

} // namespace

void change_status(storage::Store& store, std::int64_t id, Status to, const std::string& who,
                   const std::string& note, std::vector<std::string>* warnings) {
    change_status_of(store, id, store.load_visit(id), to, who, note, warnings);
}

ReviewStep review(storage::Store& store, std::int64_t id, ReviewAction action,
                  const std::string& who, const std::string& note) {
    const storage::StoredVisit cur = store.load_visit(id);
    const Status from = cur.visit.status;
    const Status to = review_action_status(action);
    // "submit" and "reopen" both lead to submitted: a step that is not the one asked for is
    // refused by name.
    if (action == ReviewAction::Reopen && !is_reopen(from, to))
        throw InputError("", "visit " + cur.visit.uuid + ", status",
                         "only approved or excluded visits are reopened; this one is " +
                             name(from));
    if (action == ReviewAction::Submit && is_reopen(from, to))
        throw InputError("", "visit " + cur.visit.uuid + ", status",
                         "the visit is " + name(from) +
                             ": it is not submitted again but reopened, with a reason");
    ReviewStep step{from, to, {}};
    change_status_of(store, id, cur, to, who, note, &step.warnings);
    return step;
}

ReviewDecision approval_decision(storage::Store& store, std::int64_t id, Status from,
                                 const std::string& who) {
    ReviewRequest request;
    request.from = from;
    request.to = Status::Approved;
    request.who = who;
    request.submitter = store.submitter(id);
    request.allow_self_approval = allows_self_approval(store);
    return check_review(request);
}

bool status_allows(Status from, Status to) {
    ReviewRequest request;
    request.from = from;
    request.to = to;
    request.reason = "-";
    return check_review(request).field != "status";
}

std::vector<storage::AuditChange> edit_entries(const forms::Template& tpl, const Visit& before,
                                               const Visit& after, const std::string& who,
                                               const std::string& reason) {
    const auto old_fields = audited_fields(tpl, before);
    const auto new_fields = audited_fields(tpl, after);
    std::vector<storage::AuditChange> out;
    for (const auto& [field, value] : new_fields) {
        auto it = old_fields.find(field);
        std::string old_value = it == old_fields.end() ? "" : it->second;
        if (old_value == value)
            continue;
        out.push_back({who, "edit", field, std::move(old_value), value, reason});
    }
    for (const auto& [field, value] : old_fields)
        if (!new_fields.count(field) && !value.empty())
            out.push_back({who, "edit", field, value, "", reason});
    return out;
}

std::size_t edit_visit(storage::Store& store, std::int64_t id, const Visit& edited,
                       const std::string& who, const std::string& reason) {
    if (reason.empty())
        throw InputError("", "reason", "changing a reviewed visit needs a reason");
    const storage::StoredVisit cur = store.load_visit(id);
    if (cur.visit.status == Status::Excluded)
        throw InputError("", "visit " + cur.visit.uuid, "an excluded visit cannot be changed");
    Visit v = edited;
    v.uuid = cur.visit.uuid;
    v.status = cur.visit.status;
    v.template_id = cur.visit.template_id;
    v.template_version = cur.visit.template_version;
    // Normalise answers through the template so that equal answers compare equal.
    forms::Answers typed = forms::check_visit(*cur.tpl, v, "", "visit " + v.uuid);
    v.answers = forms::answers_to_json(*cur.tpl, typed);
    forms::Answers old_typed = forms::check_visit(*cur.tpl, cur.visit, "", "visit " + v.uuid);
    Visit old = cur.visit;
    old.answers = forms::answers_to_json(*cur.tpl, old_typed);
    const std::vector<storage::AuditChange> entries = edit_entries(*cur.tpl, old, v, who, reason);
    if (!entries.empty())
        store.apply_edit(id, v, cur.updated_at, entries);
    return entries.size();
}

} // namespace vs::services
