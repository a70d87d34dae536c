#pragma once
// The review workflow's rules in one place, with no database behind them: which status changes
// are allowed, which need a written reason, and separation of duties (ROLES.md: whoever
// submitted a visit may not approve it, unless a one-person office allows it in the settings).
// The review actions (services/review.h) call check_review before the store writes a status
// change; the app and the CLI use review_action_status to name what a person asked for.

#include "forms/visit.h"

#include <optional>
#include <string>
#include <string_view>

namespace vs::services {

/// The per-database setting that lets the submitter approve their own visit ("true"/"false").
inline constexpr const char* kAllowSelfApproval = "allow_self_approval";
/// The per-database setting naming who works at this desk (the audit log's "who").
inline constexpr const char* kUserSetting = "user";
/// What the audit log's reason holds for an approval by the visit's own submitter.
inline constexpr const char* kSelfApprovalMark = "self-approval (one-person office)";

/// What a reviewer (or the shopper, for submit) asks for.
enum class ReviewAction { Submit, Approve, Return, Exclude, Reopen };

/// The action's name as the CLI spells it ("approve", "reopen", …).
std::string_view to_string(ReviewAction action);
/// The action named `name`, or nullopt.
std::optional<ReviewAction> review_action_from_string(std::string_view name);
/// The status an action leads to (Reopen: back to Submitted, for another review).
forms::Status review_action_status(ReviewAction action);

/// One asked-for status change, with what the rules need to know.
struct ReviewRequest {
    forms::Status from = forms::Status::Draft;
    forms::Status to = forms::Status::Draft;
    std::string who;       ///< who asks
    std::string submitter; ///< who last submitted the visit ("" when unknown, e.g. imported)
    std::string reason;    ///< note or reason as typed
    bool allow_self_approval = false;
};

/// The rules' answer: allowed, or the field at fault and why, in words for people.
struct ReviewDecision {
    bool allowed = false;
    std::string field;          ///< "status", "reason" or "who" when refused
    std::string problem;        ///< why not, naming the statuses
    bool self_approval = false; ///< allowed only because the setting allows self-approval
    /// The reason to record in the audit log (marked for a self-approval).
    std::string audit_reason;
};

/// Whether `request` may happen. Allowed changes: submit (draft or returned → submitted),
/// approve (submitted → approved), return (submitted or approved → returned, with a note),
/// exclude (submitted, approved or returned → excluded, with a note), reopen (approved or
/// excluded → submitted, with a reason). The submitter may not approve unless allowed.
ReviewDecision check_review(const ReviewRequest& request);

/// Whether a status change is a reopening (approved or excluded back to submitted).
bool is_reopen(forms::Status from, forms::Status to);

/// "true", "1", "yes", "on" (any case) → true; "false", "0", "no", "off", "" → false;
/// anything else nullopt (for settings typed by people).
std::optional<bool> parse_flag(std::string_view text);

} // namespace vs::services
