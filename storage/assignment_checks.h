#pragma once
// Backend-independent part of the AssignmentStore (assignment_store.h): what an assignment must
// hold before any backend stores it, and the effective status a backend reports.

#include "storage/assignment_store.h"
#include "storage/audit_store.h"

#include <optional>
#include <string>
#include <string_view>

namespace vs::forms {
struct Template;
}

namespace vs::storage {

/// Whether `status` may be stored (offered, accepted, declined, visited, cancelled; "overdue"
/// is only ever reported).
bool storable_assignment_status(std::string_view status);

/// The status to report: an offered or accepted assignment whose window ended before `today`
/// (YYYY-MM-DD) is "overdue".
std::string effective_assignment_status(const std::string& stored, const std::string& window_to,
                                        const std::string& today);

/// Today's local date, YYYY-MM-DD.
std::string local_today();

/// The current UTC time with microseconds (an assignment's row version).
std::string utc_now_micros();
/// The current UTC time to the second, as the audit log writes it (2026-12-05T09:53:57Z).
std::string utc_now_seconds();

/// The place put_assignments names for item `index`: `assignments[3] (uuid)`.
std::string assignment_place(std::size_t index, const Assignment& a);

/// Checks what needs no database: a uuid, a template code and version, the window's dates (and
/// from <= to), a storable status (empty means offered), a fee of 0 or more. InputError naming
/// the item otherwise.
void check_assignment(std::size_t index, const Assignment& a);

/// Checks the stored scorecard `tpl` an assignment names: a customer survey scorecard
/// (SCORING.md §10) is answered by customers, never visited by a shopper, so it is refused,
/// InputError naming the item's template.
void check_assignment_template(std::size_t index, const Assignment& a, const forms::Template& tpl);

/// Whether an assignment with effective status `status` and window [from, to] matches `filter`
/// (client and shopper are matched by the backend's query).
bool assignment_matches(const Assignment& a, const AssignmentFilter& filter);

/// The audit entry (action "assignment") that storing `after` over `before` (its stored row,
/// status as stored; nullopt: a new assignment) writes, by `who`; nullopt when nothing changes.
/// It names the fields that changed, never their values: a note may name people, and the fee is
/// hidden from reviewers, who read the audit log (ROLES.md).
std::optional<AuditChange> assignment_put_audit(const std::optional<Assignment>& before,
                                                const Assignment& after, const std::string& who);

/// The audit entry of an assignment's status change from `from` to `to` (`visit`: the visit
/// that marked it visited, else "").
AuditChange assignment_status_audit(const std::string& from, const std::string& to,
                                    const std::string& who, const std::string& visit = {});

/// The refusal of a change to assignment `uuid` read before its row version became `at`: names
/// `who` changed it (the author of its last audit entry; "" when unknown: "someone else").
std::string assignment_conflict(const std::string& uuid, const std::string& who,
                                const std::string& at);

} // namespace vs::storage
