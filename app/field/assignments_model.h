#pragma once
// The consultancy's Assignments page without windows: the rows of the list (window, client,
// branch, scorecard, scenario, shopper, fee, status) read through a filter, their cells, sort
// and counts per status; the add/edit dialog's fields turned into an assignment with errors
// that name the field; the text of a row-version conflict; and the preview of the assignments
// a plan makes (services::propose_from_plan). No wx.

#include "services/assignments.h"
#include "storage/store.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vs::app {

/// One row of the Assignments page.
struct AssignmentRow {
    storage::Assignment assignment;
    std::string branch_label; ///< "CODE Name" (the code alone when the name is unknown)
    std::string scorecard;    ///< "id v2"
    bool overdue = false;
};

/// The columns of the list, in order.
enum class AssignmentColumn { Window, Client, Branch, Scorecard, Scenario, Shopper, Fee, Status };
inline constexpr int kAssignmentColumns = 8;
/// A column's header ("Window", "Client", …, "Fee", "Status").
std::string assignment_column_title(AssignmentColumn column);

/// The assignments `filter` selects (by window, then uuid), ready to show.
std::vector<AssignmentRow> assignment_rows(storage::Store& store,
                                           const storage::AssignmentFilter& filter);

/// What a cell shows: the window "2027-01-10 – 2027-01-20", the fee "25.00" ("—" when none),
/// the scenario "—" when empty, the shopper "— none" when none.
std::string assignment_cell(const AssignmentRow& row, AssignmentColumn column);

/// Sorts rows by a column (the window by its first then last day; the fee by amount, none
/// first; others by text), then by window and uuid; stable and the same every time.
void sort_assignment_rows(std::vector<AssignmentRow>& rows, AssignmentColumn column,
                          bool ascending);

/// How many rows are in each effective status ("offered", "overdue", …).
std::map<std::string, std::size_t> count_by_status(const std::vector<AssignmentRow>& rows);
/// "14 assignments: 5 offered, 2 accepted, 2 overdue, …" (statuses in their order of work).
std::string status_counts_text(const std::vector<AssignmentRow>& rows);

/// The statuses a person may filter by, in their order of work.
const std::vector<std::string>& assignment_statuses();

/// The add/edit dialog's fields as typed.
struct AssignmentFields {
    std::string client, branch, template_id, template_version, scenario, window_from, window_to,
        shopper, fee, note;
};

/// Turns the fields into an assignment over `base` (an edited one; empty for a new one, whose
/// uuid stays empty). vs::InputError whose where() is the field's label ("Branch",
/// "Window from", "Fee", …) for an empty client, branch or scorecard, a version that is not a
/// number, a date that is not YYYY-MM-DD, a window that ends before it starts, a fee that is not
/// an amount.
storage::Assignment assignment_from_fields(const AssignmentFields& fields,
                                           const storage::Assignment& base = {});

/// The field label ("Branch", "Shopper", "Window from", …) a service error's where() points at
/// ("assignment 1b2c…, shopper" → "Shopper"); "" when it names none.
std::string field_of_error(const std::string& where);

/// What to say when an edit meets a row-version conflict: who changed it (when known) and when,
/// and what it is now ("cancelled", "gone").
std::string conflict_text(const storage::Assignment& mine,
                          const std::optional<storage::Assignment>& now,
                          const std::string& changed_by = {});

/// The preview of the assignments a plan makes.
struct PlanPreview {
    std::vector<storage::Assignment> to_create;  ///< the new ones
    std::size_t existing = 0;                    ///< stored before (the same plan made again)
    std::map<std::string, std::size_t> shoppers; ///< proposed shopper → new assignments
    /// New ones with no shopper: "BRANCH window", and why.
    std::vector<std::pair<std::string, std::string>> unassigned;
    std::vector<std::string> skipped; ///< branches with no plan
};
PlanPreview plan_preview(const services::FromPlanResult& result);
/// The preview as a person reads it: how many, the shoppers proposed, the unassigned ones with
/// their reason, those stored before.
std::string plan_preview_text(const PlanPreview& preview);

} // namespace vs::app
