#include "app/insights/action_plans_model.h"

#include "forms/error.h"

#include <cmath>
#include <fmt/core.h>

namespace vs::app {
namespace {

std::string num(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}", std::round(*v * 10) / 10) : std::string("—");
}

std::string signed_num(const std::optional<double>& v) {
    if (!v)
        return "—";
    const double r = std::round(*v * 10) / 10;
    return (r > 0 ? "+" : "") + fmt::format("{:.1f}", r == 0 ? 0.0 : r);
}

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

} // namespace

std::vector<services::ActionPlanRow>
action_plan_list(storage::Store& store, const ActionPlanListFilter& filter, int window_days) {
    return services::action_plan_rows(store, {filter.client, "", filter.state}, window_days);
}

std::vector<std::string> action_plan_cells(const services::ActionPlanRow& row) {
    const storage::ActionPlan& p = row.plan;
    std::size_t done = 0;
    for (const storage::PlanAction& a : p.actions)
        done += a.done ? 1 : 0;
    return {std::to_string(p.id),
            p.client,
            p.branch,
            services::state_label(p.state),
            p.start_date,
            p.due_date.empty() ? "—" : p.due_date,
            fmt::format("{}/{}", done, p.actions.size()),
            p.sections.empty() ? "visit score" : joined(p.sections),
            signed_num(row.effect.did)};
}

std::string actions_text(const std::vector<storage::PlanAction>& actions) {
    std::string out;
    for (const storage::PlanAction& a : actions) {
        out += std::string(a.done ? "[x] " : "[ ] ") + a.text;
        if (!a.owner.empty() || !a.due.empty())
            out += " | " + a.owner;
        if (!a.due.empty())
            out += " | " + a.due;
        out += "\n";
    }
    return out;
}

std::vector<storage::PlanAction> actions_from_text(const std::string& text) {
    std::vector<storage::PlanAction> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        std::string line = trim(text.substr(start, end == std::string::npos ? end : end - start));
        start = end == std::string::npos ? text.size() + 1 : end + 1;
        if (line.empty())
            continue;
        storage::PlanAction a;
        if (line.rfind("[x]", 0) == 0 || line.rfind("[X]", 0) == 0) {
            a.done = true;
            line = trim(line.substr(3));
        } else if (line.rfind("[ ]", 0) == 0) {
            line = trim(line.substr(3));
        }
        std::vector<std::string> parts;
        std::size_t at = 0;
        for (;;) {
            const auto bar = line.find(" | ", at);
            parts.push_back(trim(line.substr(at, bar == std::string::npos ? bar : bar - at)));
            if (bar == std::string::npos)
                break;
            at = bar + 3;
        }
        a.text = parts[0];
        if (parts.size() > 1)
            a.owner = parts[1];
        if (parts.size() > 2)
            a.due = parts[2];
        out.push_back(std::move(a));
    }
    return out;
}

std::string save_plan_edit(storage::Store& store, const storage::ActionPlan& plan,
                           const PlanEdit& edit, const std::string& who) {
    storage::ActionPlan changed = plan;
    changed.owner = trim(edit.owner);
    changed.due_date = trim(edit.due);
    changed.state = edit.state;
    changed.actions = actions_from_text(edit.actions);
    try {
        services::update_plan(store, changed, who, "edited in the app");
    } catch (const InputError& e) {
        return e.where() + ": " + e.message();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

std::string reshop_question(storage::Store& store, const storage::ActionPlan& plan) {
    try {
        const storage::Assignment a = services::proposed_reshop(store, plan);
        return fmt::format("Mark action plan {} done and add its re-shop: branch {}, scorecard "
                           "{} v{}, from {} to {}?",
                           plan.id, a.branch, a.template_id, a.template_version, a.window_from,
                           a.window_to);
    } catch (const InputError& e) {
        return fmt::format("Mark action plan {} done? No re-shop can be added: {}", plan.id,
                           e.message());
    }
}

std::string plan_detail_text(const services::ActionPlanRow& row) {
    const storage::ActionPlan& p = row.plan;
    const scoring::TrainingEffect& e = row.effect;
    std::string t = fmt::format("Action plan {} — {}, branch {} ({})\n", p.id, p.client, p.branch,
                                services::state_label(p.state));
    t += "Failed behaviours: " + (p.sections.empty() ? "the visit score" : joined(p.sections)) +
         "\n";
    t += "Owner: " + (p.owner.empty() ? std::string("—") : p.owner) + "; start " + p.start_date +
         "; due " + (p.due_date.empty() ? std::string("—") : p.due_date) + "\n";
    for (const storage::PlanAction& a : p.actions)
        t += std::string(a.done ? "  ✓ " : "  • ") + a.text +
             (a.owner.empty() ? "" : " — " + a.owner) + (a.due.empty() ? "" : " (" + a.due + ")") +
             "\n";
    if (!p.reshop_assignment.empty())
        t += "Re-shop assignment: " + p.reshop_assignment + "\n";
    t += "\nBranch " + p.branch + ": " + num(e.trained.pre.mean) + " → " +
         num(e.trained.post.mean) + " (" + std::to_string(e.trained.pre.n) + " → " +
         std::to_string(e.trained.post.n) + " visits)\n";
    t += "Comparison: " + num(e.control.pre.mean) + " → " + num(e.control.post.mean) + " (" +
         std::to_string(e.control.pre.n) + " → " + std::to_string(e.control.post.n) + " visits)" +
         (row.excluded.empty() ? ""
                               : ", without " + joined(row.excluded) + " (plans of their own)") +
         "\n";
    t += row.verdict;
    return t;
}

} // namespace vs::app
