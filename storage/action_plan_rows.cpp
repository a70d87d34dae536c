#include "storage/action_plan_rows.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace vs::storage {

ActionPlan plan_of_row(std::int64_t id, const std::function<std::string(int)>& text,
                       std::int64_t version) {
    ActionPlan p;
    p.id = id;
    p.client = text(1);
    p.branch = text(2);
    p.visit_uuid = text(3);
    p.sections = plan_sections_of(text(4));
    p.owner = text(5);
    p.actions = plan_actions_of(text(6));
    p.start_date = text(7);
    p.due_date = text(8);
    p.state = text(9);
    p.note = text(10);
    p.reshop_assignment = text(11);
    p.opened_by = text(12);
    p.opened_at = text(13);
    p.version = version;
    return p;
}

std::string plan_sections_json(const std::vector<std::string>& sections) {
    return nlohmann::json(sections).dump();
}

std::string plan_actions_json(const std::vector<PlanAction>& actions) {
    nlohmann::json out = nlohmann::json::array();
    for (const PlanAction& a : actions)
        out.push_back({{"text", a.text}, {"owner", a.owner}, {"due", a.due}, {"done", a.done}});
    return out.dump();
}

std::vector<std::string> plan_sections_of(const std::string& json) {
    std::vector<std::string> out;
    const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_array())
        for (const auto& v : doc)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

std::vector<PlanAction> plan_actions_of(const std::string& json) {
    std::vector<PlanAction> out;
    const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
    if (!doc.is_array())
        return out;
    for (const auto& v : doc) {
        if (!v.is_object())
            continue;
        PlanAction a;
        a.text = v.value("text", "");
        a.owner = v.value("owner", "");
        a.due = v.value("due", "");
        a.done = v.value("done", false);
        out.push_back(std::move(a));
    }
    return out;
}

AuditChange plan_opened_entry(const ActionPlan& plan, const std::string& who) {
    return {who, "action_plan", "state", "", plan.state, "opened"};
}

std::vector<AuditChange> plan_change_entries(const ActionPlan& before, const ActionPlan& after,
                                             const std::string& who, const std::string& reason) {
    std::vector<AuditChange> out;
    auto field = [&](const char* name, const std::string& old_value, const std::string& new_value) {
        if (old_value != new_value)
            out.push_back({who, "action_plan", name, old_value, new_value, reason});
    };
    field("owner", before.owner, after.owner);
    field("actions", plan_actions_json(before.actions), plan_actions_json(after.actions));
    field("sections", plan_sections_json(before.sections), plan_sections_json(after.sections));
    field("start_date", before.start_date, after.start_date);
    field("due_date", before.due_date, after.due_date);
    field("state", before.state, after.state);
    field("note", before.note, after.note);
    field("reshop_assignment", before.reshop_assignment, after.reshop_assignment);
    return out;
}

bool redact_plan_names(ActionPlan& plan, const std::vector<std::string>& names) {
    bool changed = false;
    auto out = [&](std::string& text) {
        for (const std::string& name : names) {
            if (name.empty())
                continue;
            for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
                text.erase(at, name.size());
                changed = true;
            }
        }
    };
    out(plan.owner);
    out(plan.note);
    for (PlanAction& a : plan.actions) {
        out(a.text);
        out(a.owner);
    }
    return changed;
}

void refuse_same_open_plan(const std::vector<std::pair<std::int64_t, std::string>>& open,
                           const ActionPlan& plan) {
    if (!plan.state.empty() && plan.state != "open" && plan.state != "in_progress")
        return;
    std::vector<std::string> mine = plan.sections;
    std::sort(mine.begin(), mine.end());
    for (const auto& [id, json] : open) {
        std::vector<std::string> theirs = plan_sections_of(json);
        std::sort(theirs.begin(), theirs.end());
        if (theirs == mine)
            throw StorageError("branch " + plan.branch + " already has action plan " +
                               std::to_string(id) +
                               " open on the same sections (one open plan per branch and "
                               "section set); nothing was written");
    }
}

} // namespace vs::storage
