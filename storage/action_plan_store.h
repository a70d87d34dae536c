#pragma once
// Storage role: action plans — after a failed visit, a branch's plan to fix the failed
// behaviours: the visit that opened it, its sections, an owner, actions (text, owner, due,
// done), a start and a due date, and its state open -> in progress -> done -> verified. Each
// write is one transaction with its audit entries in the one chain (subject "plan:<id>" in the
// entries' assignment_uuid, no visit). The rules of opening, the states' order and the
// re-shop live in services/action_plans.h; a server enforces who may change what itself
// (pg_server.cpp).

#include "storage/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::storage {

/// One action of a plan.
struct PlanAction {
    std::string text;
    std::string owner;
    std::string due; ///< YYYY-MM-DD, or ""
    bool done = false;
    bool operator==(const PlanAction&) const = default;
};

/// A stored action plan.
struct ActionPlan {
    std::int64_t id = 0;
    std::string client;                ///< client name
    std::string branch;                ///< branch code
    std::string visit_uuid;            ///< the visit that opened it ("" when opened by hand)
    std::vector<std::string> sections; ///< the failed behaviours (section ids)
    std::string owner;
    std::vector<PlanAction> actions;
    std::string start_date; ///< YYYY-MM-DD: the date its effect is measured from
    std::string due_date;   ///< YYYY-MM-DD, or ""
    std::string state;      ///< open | in_progress | done | verified
    std::string note;
    std::string reshop_assignment; ///< the re-shop's assignment uuid, once proposed
    std::string opened_by;
    std::string opened_at;    ///< UTC, ISO 8601
    std::int64_t version = 1; ///< row version: each write adds one
};

/// The audit subject of plan `id` (the entries' assignment_uuid).
inline std::string action_plan_subject(std::int64_t id) {
    return "plan:" + std::to_string(id);
}

/// Which plans to list; an empty field matches any.
struct ActionPlanFilter {
    std::string client; ///< client name
    std::string branch; ///< branch code
    std::string state;
};

/// Stores and changes action plans.
class ActionPlanStore {
  public:
    virtual ~ActionPlanStore() = default;

    /// Stores `plan` (its client, branch, visit by name; id, version and opened_* are the
    /// store's) opened by `who`, with its audit entry; returns its id. StorageError, nothing
    /// written, for an unknown client, branch or visit (or, on a server, an account that may
    /// not).
    virtual std::int64_t add_action_plan(const ActionPlan& plan, const std::string& who) = 0;
    /// The plans `filter` selects, by id.
    virtual std::vector<ActionPlan> action_plans(const ActionPlanFilter& filter) = 0;
    /// One plan; nullopt when unknown (or not readable by this account).
    virtual std::optional<ActionPlan> action_plan(std::int64_t id) = 0;
    /// Writes the owner, actions, sections, dates, state, note and re-shop assignment of
    /// `plan` over the stored plan read at `plan.version`, with one audit entry per changed
    /// field (`reason` on each); returns the new version. StorageError, nothing written, when
    /// the plan is unknown or was changed since (or, on a server, the account may not).
    virtual std::int64_t update_action_plan(const ActionPlan& plan, const std::string& who,
                                            const std::string& reason) = 0;
};

} // namespace vs::storage
