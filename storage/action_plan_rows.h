#pragma once
// Internal to the storage backends: an action plan's list columns as stored (JSON text) and the
// audit entries a change of a plan writes, the same for every backend.

#include "storage/action_plan_store.h"
#include "storage/audit_store.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

/// A plan's columns as every backend reads them, in the order plan_of_row takes them; a query
/// adds its WHERE and ORDER BY.
inline constexpr const char* kPlanSelect =
    "SELECT p.id, c.name, b.code, coalesce(v.uuid, ''), p.sections, p.owner, p.actions, "
    "p.start_date, p.due_date, p.state, p.note, p.reshop_assignment, p.opened_by, p.opened_at, "
    "p.version FROM action_plans p JOIN clients c ON c.id = p.client_id JOIN branches b ON b.id "
    "= p.branch_id LEFT JOIN visits v ON v.id = p.visit_id ";

/// A plan from one row of kPlanSelect: its id (column 0) and version (column 14), and `text`,
/// which reads column i as text ("" for NULL).
ActionPlan plan_of_row(std::int64_t id, const std::function<std::string(int)>& text,
                       std::int64_t version);

/// Section ids as a JSON array.
std::string plan_sections_json(const std::vector<std::string>& sections);
/// Actions as a JSON array of {text, owner, due, done}.
std::string plan_actions_json(const std::vector<PlanAction>& actions);
/// The stored JSON back (an unreadable value reads as empty).
std::vector<std::string> plan_sections_of(const std::string& json);
std::vector<PlanAction> plan_actions_of(const std::string& json);

/// The audit entries of a plan's opening: action "action_plan", field "state", "" -> its state.
AuditChange plan_opened_entry(const ActionPlan& plan, const std::string& who);
/// One audit entry (action "action_plan") per field `after` changes against `before`: owner,
/// actions, sections, start_date, due_date, state, note, reshop_assignment, in this order.
std::vector<AuditChange> plan_change_entries(const ActionPlan& before, const ActionPlan& after,
                                             const std::string& who, const std::string& reason);

/// One open plan per branch and section set: StorageError naming the plan when one of the
/// branch's open or in-progress plans (`open`: id and stored sections JSON) has the sections of
/// `plan` (in any order), which a plan opened open would repeat. Checked inside the insert's
/// transaction.
void refuse_same_open_plan(const std::vector<std::pair<std::int64_t, std::string>>& open,
                           const ActionPlan& plan);

/// Takes every one of `names` (longest first, as a purge orders them) out of a plan's owner,
/// note and actions' texts and owners; true when something changed.
bool redact_plan_names(ActionPlan& plan, const std::vector<std::string>& names);

} // namespace vs::storage
