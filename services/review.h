#pragma once
// The review actions on a stored visit — submit, approve, return, exclude, reopen, and a change
// to a reviewed visit with a reason — written once for every front end and every backend. Each
// action reads the visit, asks the rules (services/review_rules.h) and computes the audit
// entries; the store only writes what it is given, in one transaction. A refusal throws
// InputError naming the visit and the field, and nothing is written.

#include "forms/visit.h"
#include "services/review_rules.h"
#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vs::services {

/// Moves visit `id` to status `to` as the review rules allow (check_review: the allowed status
/// changes, a note to return or exclude, a reason to reopen, separation of duties with the
/// database's allow_self_approval setting, whose approvals the audit entry marks "self-approval
/// (one-person office)"). Submitting also checks the scorecard's min_applicable. `note` is kept
/// with the visit (not for a plain submission) and in the audit entry. InputError naming the
/// visit and the field when refused; nothing written. Once the change is stored it stands: what
/// follows an approval (opening the branch's action plan, raising the visit's alerts) runs step
/// by step, and a step that fails adds a warning to `warnings` (stderr when null) instead of
/// throwing; `alerts deliver` raises the missing alerts later.
void change_status(storage::Store& store, std::int64_t id, forms::Status to, const std::string& who,
                   const std::string& note, std::vector<std::string>* warnings = nullptr);

/// What a review action did.
struct ReviewStep {
    forms::Status from = forms::Status::Draft;
    forms::Status to = forms::Status::Draft;
    std::vector<std::string> warnings; ///< what failed after the step was stored (it stands)
};

/// The review action `action` on visit `id` (change_status to the status it leads to), refused
/// by name when it is not the step asked for: "reopen" only reopens an approved or excluded
/// visit, "submit" never reopens one.
ReviewStep review(storage::Store& store, std::int64_t id, ReviewAction action,
                  const std::string& who, const std::string& note);

/// Submits a draft or returned visit.
inline ReviewStep submit(storage::Store& store, std::int64_t id, const std::string& who) {
    return review(store, id, ReviewAction::Submit, who, "");
}
/// Approves a submitted visit (an optional note).
inline ReviewStep approve(storage::Store& store, std::int64_t id, const std::string& who,
                          const std::string& note) {
    return review(store, id, ReviewAction::Approve, who, note);
}
/// Returns a submitted or approved visit to the shopper with a note.
inline ReviewStep return_visit(storage::Store& store, std::int64_t id, const std::string& who,
                               const std::string& note) {
    return review(store, id, ReviewAction::Return, who, note);
}
/// Excludes a visit from every report, with a note.
inline ReviewStep exclude(storage::Store& store, std::int64_t id, const std::string& who,
                          const std::string& note) {
    return review(store, id, ReviewAction::Exclude, who, note);
}
/// Reopens an approved or excluded visit for review, with a reason.
inline ReviewStep reopen(storage::Store& store, std::int64_t id, const std::string& who,
                         const std::string& reason) {
    return review(store, id, ReviewAction::Reopen, who, reason);
}

/// Whether `who` may approve visit `id` of status `from`: the rules' decision with the stored
/// submitter and the database's allow_self_approval setting, the reason left empty.
ReviewDecision approval_decision(storage::Store& store, std::int64_t id, forms::Status from,
                                 const std::string& who);

/// Whether the rules allow a visit of status `from` to be made `to` at all, whoever asks and
/// with a reason given (what a review bar offers).
bool status_allows(forms::Status from, forms::Status to);

/// The audit entries a change of `before` into `after` makes, one per changed field (visited_at,
/// branch, employee, shopper, summary, answers.ID and comments.ID of each question,
/// section_employees.SECTION), in field order, then fields that disappeared; action "edit".
/// Both visits' answers must already be normalised through `tpl` (answers_to_json).
std::vector<storage::AuditChange> edit_entries(const forms::Template& tpl,
                                               const forms::Visit& before,
                                               const forms::Visit& after, const std::string& who,
                                               const std::string& reason);

/// Changes a reviewed (or submitted) visit: its header, answers, comments and summary as in
/// `edited` (status, scorecard and uuid stay), checked against its scorecard and re-scored,
/// with one audit entry per changed field carrying `reason`. Returns how many fields changed
/// (0: nothing written). InputError when the reason is empty, the visit is excluded or the
/// answers are refused; nothing written.
std::size_t edit_visit(storage::Store& store, std::int64_t id, const forms::Visit& edited,
                       const std::string& who, const std::string& reason);

} // namespace vs::services
