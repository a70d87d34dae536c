#include "services/review_rules.h"

#include <algorithm>
#include <cctype>

namespace vs::services {

using forms::Status;

namespace {

std::string trimmed(const std::string& s) {
    auto b = std::find_if_not(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
    auto e =
        std::find_if_not(s.rbegin(), s.rend(), [](unsigned char c) { return std::isspace(c); });
    return b < e.base() ? std::string(b, e.base()) : std::string();
}

std::string name(Status s) {
    return std::string(forms::to_string(s));
}

/// "a submitted", "an approved", "an excluded".
std::string a_name(Status s) {
    const std::string n = name(s);
    return (n[0] == 'a' || n[0] == 'e' ? "an " : "a ") + n;
}

} // namespace

std::string_view to_string(ReviewAction action) {
    switch (action) {
    case ReviewAction::Submit:
        return "submit";
    case ReviewAction::Approve:
        return "approve";
    case ReviewAction::Return:
        return "return";
    case ReviewAction::Exclude:
        return "exclude";
    case ReviewAction::Reopen:
        return "reopen";
    }
    return "submit";
}

std::optional<ReviewAction> review_action_from_string(std::string_view name) {
    for (ReviewAction a : {ReviewAction::Submit, ReviewAction::Approve, ReviewAction::Return,
                           ReviewAction::Exclude, ReviewAction::Reopen})
        if (to_string(a) == name)
            return a;
    return std::nullopt;
}

Status review_action_status(ReviewAction action) {
    switch (action) {
    case ReviewAction::Submit:
    case ReviewAction::Reopen:
        return Status::Submitted;
    case ReviewAction::Approve:
        return Status::Approved;
    case ReviewAction::Return:
        return Status::Returned;
    case ReviewAction::Exclude:
        return Status::Excluded;
    }
    return Status::Submitted;
}

bool is_reopen(Status from, Status to) {
    return to == Status::Submitted && (from == Status::Approved || from == Status::Excluded);
}

ReviewDecision check_review(const ReviewRequest& r) {
    ReviewDecision d;
    const Status from = r.from, to = r.to;
    bool allowed = false;
    switch (to) {
    case Status::Submitted:
        allowed = from == Status::Draft || from == Status::Returned || is_reopen(from, to);
        break;
    case Status::Approved:
        allowed = from == Status::Submitted;
        break;
    case Status::Returned:
        allowed = from == Status::Submitted || from == Status::Approved;
        break;
    case Status::Excluded:
        allowed = from == Status::Submitted || from == Status::Approved || from == Status::Returned;
        break;
    case Status::Draft:
        allowed = false;
        break;
    }
    if (!allowed) {
        d.field = "status";
        if (from == to)
            d.problem = "the visit is already " + name(from);
        else if (to == Status::Submitted && from == Status::Submitted)
            d.problem = "the visit is already submitted";
        else
            d.problem = a_name(from) + " visit cannot be made " + name(to) +
                        (from == Status::Excluded || from == Status::Approved
                             ? " (reopen it first, with a reason)"
                             : "");
        return d;
    }
    const std::string reason = trimmed(r.reason);
    if (reason.empty()) {
        if (to == Status::Returned || to == Status::Excluded) {
            d.field = "reason";
            d.problem = to == Status::Returned ? "write a note saying why the visit is returned"
                                               : "write a note saying why the visit is excluded";
            return d;
        }
        if (is_reopen(from, to)) {
            d.field = "reason";
            d.problem = "write a reason for reopening the " + name(from) + " visit";
            return d;
        }
    }
    if (to == Status::Approved && !r.submitter.empty() && trimmed(r.who) == trimmed(r.submitter)) {
        if (!r.allow_self_approval) {
            d.field = "who";
            d.problem = "\"" + r.who +
                        "\" submitted this visit and may not approve it too: "
                        "another reviewer approves it (a one-person office can allow "
                        "self-approval in the settings: allow_self_approval)";
            return d;
        }
        d.self_approval = true;
    }
    d.allowed = true;
    d.audit_reason = reason;
    if (d.self_approval)
        d.audit_reason = reason.empty() ? kSelfApprovalMark : reason + " — " + kSelfApprovalMark;
    return d;
}

std::optional<bool> parse_flag(std::string_view text) {
    std::string t(text);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    t = trimmed(t);
    if (t == "true" || t == "1" || t == "yes" || t == "on")
        return true;
    if (t == "false" || t == "0" || t == "no" || t == "off" || t.empty())
        return false;
    return std::nullopt;
}

} // namespace vs::services
