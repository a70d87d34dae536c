#pragma once
// The shopper's side of the field cycle without windows: the assignments still to do (sorted by
// due date), the visits made from assignments with what is known of their review, and the
// header of a visit started from an assignment (its client, branch, scorecard version, shopper
// and assignment come from the assignment and stay as they are).

#include "storage/store.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vs::app {

/// Which assignments the To do page lists.
enum class TodoShow {
    Todo, ///< offered, accepted and overdue: still to do
    Sent, ///< visited: the visits made from them, with their review state
    All,  ///< everything, declined and cancelled included
};

/// One row of the To do page.
struct TodoRow {
    storage::Assignment assignment;
    std::string branch_label; ///< "CODE Name" (the code alone when the name is unknown)
    std::string scorecard;    ///< "Name v2" (the id when the scorecard is not stored)
    bool overdue = false;     ///< offered or accepted, and its window is over
    /// The visit made from it (0: none stored here), its status and when it was last changed.
    std::int64_t visit_id = 0;
    std::optional<forms::Status> visit_status;
    std::string visit_updated_at;
    /// The visit was written into a return bundle as it is now (on a file), or it is on a
    /// server (submitting it there was sending it).
    bool sent = false;
};

/// Whether `a` is still to do (offered, accepted or overdue).
bool is_open_assignment(const storage::Assignment& a);

/// The assignments `show` selects, sorted by due date (window_to), then window_from, then
/// branch, then uuid. `on_server`: visits there are sent as soon as they are submitted.
std::vector<TodoRow> todo_rows(storage::Store& store, TodoShow show, bool on_server);

/// What the Status column says of a row: "offered", "accepted", "overdue" (shown in red),
/// "declined", "cancelled"; for a visited one the visit's state as this database knows it
/// ("draft", "submitted, not sent yet", "sent: submitted, review not known here", "approved",
/// "returned"…).
std::string todo_status_text(const TodoRow& row, bool on_server);

/// What the To do page says when accepting or declining found the assignment changed since
/// the list was read: who changed it (`changed_by`, the author of its last audit entry; "" for
/// someone else) and when, what it is now (`now`; none: removed), and that nothing was saved.
std::string todo_conflict_text(const std::string& branch_label,
                               const std::optional<storage::Assignment>& now,
                               const std::string& changed_by);

/// The header of a new draft made from `a` (client, branch and name, scorecard version,
/// shopper and name, assignment uuid; visited now, local time `now` "YYYY-MM-DDTHH:MM:00"):
/// InputError when the database lacks the scorecard version, the branch or the shopper.
forms::Visit visit_header_from(storage::Store& store, const storage::Assignment& a,
                               const std::string& now);

/// The assignment uuid a visit was made for ("" for none).
std::string assignment_of(const forms::VisitHeader& visit);
/// Sets the assignment uuid of a visit header.
void set_assignment_of(forms::VisitHeader& visit, const std::string& uuid);

/// Keeps the fields an assignment fixes (client, branch and its name, scorecard version,
/// shopper and its name, assignment) from `before` in `after` when `before` was made for an
/// assignment; true when something had to be put back.
bool keep_assignment_fields(const forms::VisitHeader& before, forms::VisitHeader& after);

/// The drafts made for assignments: assignment uuid -> the draft's id (the most recent when
/// there are several). An assignment is visited only when its visit is submitted, so a draft
/// in progress is found here, and a deleted draft leaves its assignment open.
std::map<std::string, std::int64_t> drafts_by_assignment(storage::Store& store);

/// Whether the database holds any assignment (false when the backend cannot tell).
bool has_assignments(storage::Store& store);

} // namespace vs::app
