#include "scoring/action_plans.h"

#include "scoring/visit_score.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace vs::scoring {

namespace {

std::int32_t index_of(const std::vector<std::string>& names, const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<std::int32_t>(it - names.begin());
}

/// "branch B1 has no visits after the start (n 0; before it: n 3)", or "" when the group has
/// visits in both windows.
std::string empty_windows(const GroupEffect& g, const std::string& who) {
    const std::string before = std::to_string(g.pre.n), after = std::to_string(g.post.n);
    if (g.pre.n == 0 && g.post.n == 0)
        return who + " has no visits before or after the start (n 0 and 0)";
    if (g.pre.n == 0)
        return who + " has no visits before the start (n 0; after it: n " + after + ")";
    if (g.post.n == 0)
        return who + " has no visits after the start (n 0; before it: n " + before + ")";
    return "";
}

} // namespace

std::string signed1(double x) {
    const double r = round1(x);
    char buf[32];
    std::snprintf(buf, sizeof buf, r > 0 ? "+%.1f" : "%.1f", r == 0 ? 0.0 : r);
    return buf;
}

TrainingEffect action_plan_effect(const FactTable& facts, const ActionPlanSpec& spec,
                                  int window_days) {
    std::vector<bool> excluded(facts.branches.names.size(), false);
    for (std::int32_t b : spec.excluded)
        if (b >= 0 && static_cast<std::size_t>(b) < excluded.size())
            excluded[static_cast<std::size_t>(b)] = true;
    const EffectGroup group = [&](const VisitFact& v) {
        if (v.branch == spec.branch && spec.branch >= 0)
            return 0;
        if (v.branch >= 0 && static_cast<std::size_t>(v.branch) < excluded.size() &&
            excluded[static_cast<std::size_t>(v.branch)])
            return -1;
        return 1;
    };
    return did_effect(facts, spec.id, spec.client, spec.day, spec.sections, group, window_days);
}

std::vector<std::string> overlapping_plan_branches(const std::vector<PlanWindow>& others, int day,
                                                   int window_days) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const PlanWindow& p : others)
        if (std::abs(p.day - day) < 2 * window_days && seen.insert(p.branch).second)
            out.push_back(p.branch);
    return out;
}

ActionPlanSpec action_plan_spec(const FactTable& facts, const std::string& id, int day,
                                const std::string& client, const std::string& branch,
                                const std::vector<std::string>& sections,
                                const std::vector<std::string>& excluded_branches) {
    ActionPlanSpec spec;
    spec.id = id;
    spec.day = day;
    spec.client = index_of(facts.clients.names, client);
    spec.branch = index_of(facts.branches.names, branch);
    for (const std::string& s : sections)
        spec.sections.push_back(index_of(facts.section_ids.names, s));
    for (const std::string& b : excluded_branches)
        if (const std::int32_t i = index_of(facts.branches.names, b); i >= 0 && b != branch)
            spec.excluded.push_back(i);
    return spec;
}

std::string did_words(const TrainingEffect& e, const std::string& above, const std::string& below,
                      const std::string& sep) {
    std::string text =
        "Difference-in-differences: " + (e.did ? signed1(*e.did) : std::string("—")) + " points";
    if (!e.did_ci95)
        return text + "." + sep + "Too few visits (fewer than 2 in a window) for an interval.";
    text += ", 95% CI " + signed1(e.did_ci95->lo) + " to " + signed1(e.did_ci95->hi) + "." + sep;
    if (e.did_ci95->lo > 0)
        return text + "The interval is above 0: " + above;
    if (e.did_ci95->hi < 0)
        return text + "The interval is below 0: " + below;
    return text + "The interval includes 0: no clear difference yet.";
}

std::string effect_verdict(const TrainingEffect& e, const std::string& treated) {
    if (!e.did) {
        std::string why = empty_windows(e.trained, treated);
        const std::string control = empty_windows(e.control, "the comparison (other branches)");
        if (!control.empty())
            why += (why.empty() ? "" : "; ") + control;
        return "No difference can be measured yet: " +
               (why.empty() ? treated + " or the comparison has no measured visits in a window"
                            : why) +
               ".";
    }
    return did_words(e, treated + " improved beyond the comparison.",
                     treated + " fell behind the comparison.");
}

} // namespace vs::scoring
