#include "cli/action_command.h"

#include "cli/commands.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "services/action_plans.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/core.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

namespace vs::cli {
namespace {

using json = nlohmann::ordered_json;

struct ActionOptions {
    std::int64_t id = 0;
    std::string client, branch, state, visit, owner, start, due, note, reason, who;
    std::vector<std::string> sections, actions;
    std::optional<std::string> set_owner, set_due, set_start, set_note, set_state;
    std::string action_owner, action_due;
    std::vector<int> done_actions;
    bool no_reshop = false;
    int window = 90;
    bool json = false;
};

std::string who_of(const ActionOptions& o) {
    return o.who.empty() ? os_user() : o.who;
}

json opt(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}

json cell_json(const scoring::Cell& c) {
    return {{"n", c.n}, {"mean", opt(c.mean)}, {"sd", opt(c.sd)}};
}

json group_json(const scoring::GroupEffect& g) {
    return {{"pre", cell_json(g.pre)},
            {"post", cell_json(g.post)},
            {"effect", opt(g.effect)},
            {"p", opt(g.p)},
            {"d", opt(g.d)}};
}

json plan_json(const storage::ActionPlan& p) {
    json actions = json::array();
    for (const storage::PlanAction& a : p.actions)
        actions.push_back({{"text", a.text}, {"owner", a.owner}, {"due", a.due}, {"done", a.done}});
    return {{"id", p.id},
            {"client", p.client},
            {"branch", p.branch},
            {"visit", p.visit_uuid},
            {"sections", p.sections},
            {"owner", p.owner},
            {"actions", actions},
            {"start", p.start_date},
            {"due", p.due_date},
            {"state", p.state},
            {"note", p.note},
            {"reshop_assignment", p.reshop_assignment},
            {"opened_by", p.opened_by},
            {"opened_at", p.opened_at},
            {"version", p.version}};
}

json effect_json(const services::ActionPlanRow& r, int window) {
    const scoring::TrainingEffect& e = r.effect;
    json ci = nullptr;
    if (e.did_ci95)
        ci = json::array({e.did_ci95->lo, e.did_ci95->hi});
    return {{"window", window},
            {"treated", group_json(e.trained)},
            {"control", group_json(e.control)},
            {"control_excludes", r.excluded},
            {"did", opt(e.did)},
            {"did_se", opt(e.did_se)},
            {"did_ci95", ci},
            {"verdict", r.verdict}};
}

std::string num(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}", std::round(*v * 10) / 10) : "-";
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

storage::ActionPlan must_read(storage::Store& store, std::int64_t id) {
    auto p = store.action_plan(id);
    if (!p)
        throw InputError("", "ID", "no action plan " + std::to_string(id));
    return *p;
}

void check_state_filter(const std::string& state) {
    const auto& states = services::action_plan_states();
    if (!state.empty() && std::find(states.begin(), states.end(), state) == states.end())
        throw InputError("", "--state",
                         "\"" + state + "\" is not open, in_progress, done or verified");
}

int cmd_list(const std::string& db, const ActionOptions& o) {
    check_state_filter(o.state);
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    const auto plans = store->action_plans({o.client, o.branch, o.state});
    if (o.json) {
        json out = json::array();
        for (const storage::ActionPlan& p : plans)
            out.push_back(plan_json(p));
        std::cout << json{{"action_plans", out}}.dump(2) << "\n";
        return 0;
    }
    if (plans.empty()) {
        std::cout << "No action plans.\n";
        return 0;
    }
    std::cout << fmt::format("{:>5}  {:<16} {:<8} {:<11} {:<10} {:<10} {:>7}  {}\n", "id", "client",
                             "branch", "state", "start", "due", "actions", "sections");
    for (const storage::ActionPlan& p : plans) {
        std::size_t done = 0;
        for (const auto& a : p.actions)
            done += a.done ? 1 : 0;
        std::cout << fmt::format("{:>5}  {:<16} {:<8} {:<11} {:<10} {:<10} {:>7}  {}\n", p.id,
                                 p.client, p.branch, services::state_label(p.state), p.start_date,
                                 p.due_date.empty() ? "-" : p.due_date,
                                 fmt::format("{}/{}", done, p.actions.size()),
                                 p.sections.empty() ? "visit score" : joined(p.sections));
    }
    return 0;
}

void print_effect(const services::ActionPlanRow& r) {
    const scoring::TrainingEffect& e = r.effect;
    std::cout << fmt::format("  branch {}:   {} -> {} ({} -> {} visits)\n", r.plan.branch,
                             num(e.trained.pre.mean), num(e.trained.post.mean), e.trained.pre.n,
                             e.trained.post.n);
    std::cout << fmt::format(
        "  comparison: {} -> {} ({} -> {} visits){}\n", num(e.control.pre.mean),
        num(e.control.post.mean), e.control.pre.n, e.control.post.n,
        r.excluded.empty() ? ""
                           : "; without branches " + joined(r.excluded) + " (plans of their own)");
    std::cout << "  " << r.verdict << "\n";
}

int cmd_show(const std::string& db, const ActionOptions& o) {
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    const storage::ActionPlan p = must_read(*store, o.id);
    storage::ActionPlanFilter f{p.client, p.branch, ""};
    services::ActionPlanRow row;
    for (auto& r : services::action_plan_rows(*store, f, o.window))
        if (r.plan.id == o.id)
            row = std::move(r);
    if (o.json) {
        json out = plan_json(p);
        out["effect"] = effect_json(row, o.window);
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::cout << fmt::format("Action plan {}: {}, branch {} ({})\n", p.id, p.client, p.branch,
                             services::state_label(p.state));
    std::cout << "  opened " << p.opened_at << " by " << p.opened_by
              << (p.visit_uuid.empty() ? "" : " after visit " + p.visit_uuid) << "\n";
    std::cout << "  failed behaviours: "
              << (p.sections.empty() ? "the visit score" : joined(p.sections)) << "\n";
    std::cout << "  owner: " << (p.owner.empty() ? "-" : p.owner) << "; start " << p.start_date
              << "; due " << (p.due_date.empty() ? "-" : p.due_date) << "\n";
    for (std::size_t i = 0; i < p.actions.size(); ++i) {
        const auto& a = p.actions[i];
        std::cout << fmt::format("  {}. [{}] {}{}{}\n", i + 1, a.done ? "x" : " ", a.text,
                                 a.owner.empty() ? "" : " — " + a.owner,
                                 a.due.empty() ? "" : " (due " + a.due + ")");
    }
    if (!p.reshop_assignment.empty())
        std::cout << "  re-shop assignment: " << p.reshop_assignment << "\n";
    if (!p.note.empty())
        std::cout << "  note: " << p.note << "\n";
    std::cout << fmt::format("Effect ({} days before and after the start):\n", o.window);
    print_effect(row);
    return 0;
}

std::vector<storage::PlanAction> actions_of(const ActionOptions& o) {
    std::vector<storage::PlanAction> out;
    for (const std::string& text : o.actions)
        out.push_back({text, o.action_owner, o.action_due, false});
    return out;
}

int cmd_open(const std::string& db, const ActionOptions& o) {
    storage::ActionPlan p;
    p.client = o.client;
    p.branch = o.branch;
    p.visit_uuid = o.visit;
    p.sections = o.sections;
    p.owner = o.owner;
    p.actions = actions_of(o);
    p.start_date = o.start;
    p.due_date = o.due;
    p.note = o.note;
    auto store = open_database(db, storage::OpenMode::MustExist);
    const std::int64_t id = services::open_plan(*store, p, who_of(o));
    std::cout << "action plan " << id << " opened for " << o.client << ", branch " << o.branch
              << "\n";
    return 0;
}

int cmd_update(const std::string& db, const ActionOptions& o) {
    auto store = open_database(db, storage::OpenMode::MustExist);
    storage::ActionPlan p = must_read(*store, o.id);
    if (o.set_owner)
        p.owner = *o.set_owner;
    if (o.set_due)
        p.due_date = *o.set_due;
    if (o.set_start)
        p.start_date = *o.set_start;
    if (o.set_note)
        p.note = *o.set_note;
    if (o.set_state) {
        // Done proposes the re-shop, which only `action done` adds.
        if (*o.set_state == "done" && p.state != "done")
            throw InputError("", "--state",
                             "use `action done " + std::to_string(o.id) +
                                 "` to mark a plan done (it adds the re-shop assignment; "
                                 "--no-reshop adds none)");
        p.state = *o.set_state;
    }
    if (!o.sections.empty())
        p.sections = o.sections;
    for (const storage::PlanAction& a : actions_of(o))
        p.actions.push_back(a);
    for (int n : o.done_actions) {
        if (n < 1 || static_cast<std::size_t>(n) > p.actions.size())
            throw InputError("", "--done-action",
                             std::to_string(n) + " is not an action of plan " +
                                 std::to_string(o.id) + " (1 to " +
                                 std::to_string(p.actions.size()) + ")");
        p.actions[static_cast<std::size_t>(n - 1)].done = true;
    }
    const std::int64_t version = services::update_plan(*store, p, who_of(o), o.reason);
    std::cout << "action plan " << o.id << " is " << services::state_label(p.state) << " (version "
              << version << ")\n";
    return 0;
}

int cmd_done(const std::string& db, const ActionOptions& o) {
    auto store = open_database(db, storage::OpenMode::MustExist);
    const storage::ActionPlan p = must_read(*store, o.id);
    const storage::ActionPlan done =
        services::mark_done(*store, o.id, p.version, !o.no_reshop, who_of(o));
    std::cout << "action plan " << o.id << " is done";
    if (!done.reshop_assignment.empty()) {
        const auto a = store->assignment(done.reshop_assignment);
        std::cout << "; re-shop assignment " << done.reshop_assignment;
        if (a)
            std::cout << " for branch " << a->branch << ", " << a->template_id << " v"
                      << a->template_version << ", " << a->window_from << " to " << a->window_to;
    }
    std::cout << "\n";
    return 0;
}

int cmd_verify(const std::string& db, const ActionOptions& o) {
    auto store = open_database(db, storage::OpenMode::MustExist);
    storage::ActionPlan p = must_read(*store, o.id);
    p.state = "verified";
    services::update_plan(*store, p, who_of(o), o.reason);
    std::cout << "action plan " << o.id << " is verified\n";
    return 0;
}

int cmd_effect(const std::string& db, const ActionOptions& o) {
    if (o.window < 1 || o.window > 3660)
        throw InputError("", "--window",
                         std::to_string(o.window) + " is not a window in days (1 to 3660)");
    check_state_filter(o.state);
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    const auto rows = services::action_plan_rows(*store, {o.client, o.branch, o.state}, o.window);
    if (o.json) {
        json out = json::array();
        for (const services::ActionPlanRow& r : rows) {
            json p = plan_json(r.plan);
            p["effect"] = effect_json(r, o.window);
            out.push_back(p);
        }
        std::cout << json{{"action_plans", out}}.dump(2) << "\n";
        return 0;
    }
    if (rows.empty()) {
        std::cout << "No action plans.\n";
        return 0;
    }
    for (const services::ActionPlanRow& r : rows) {
        std::cout << fmt::format("Action plan {} ({}, branch {}, from {}; {}):\n", r.plan.id,
                                 r.plan.client, r.plan.branch, r.plan.start_date,
                                 r.plan.sections.empty() ? "visit score" : joined(r.plan.sections));
        print_effect(r);
    }
    return 0;
}

} // namespace

std::size_t add_demo_action_plans(storage::Store& store, std::uint64_t seed, int last_day) {
    // Per client, four plans on failed approved visits of four branches, at about 115, 40, 10
    // and 0 days before the demo's last visit day: verified, done with its re-shop, in progress,
    // open. Dated from the visits, not the clock, so that the demo opens them whenever it runs.
    struct Stage {
        int days_before;
        const char* state;
    };
    static const Stage kStages[] = {
        {115, "verified"}, {40, "done"}, {10, "in_progress"}, {0, "open"}};
    std::mt19937_64 rng(seed ^ 0x616374696f6e73ULL); // "actions"
    const int threshold = services::action_threshold(store);
    std::size_t opened = 0;
    for (const storage::OrgEntity& client :
         store.org_list(storage::OrgKind::Client, std::nullopt, false, false)) {
        storage::VisitFilter filter;
        filter.client = client.name;
        const scoring::FactTable facts = store.load_facts(filter, false);
        std::vector<const scoring::VisitFact*> failing;
        for (const scoring::VisitFact& v : facts.visits)
            if (v.critical_failure || (!scoring::is_na(v.score) && v.score < threshold))
                failing.push_back(&v);
        std::shuffle(failing.begin(), failing.end(), rng);
        std::set<std::int32_t> branches;
        for (const Stage& stage : kStages) {
            const int want = last_day - stage.days_before;
            const scoring::VisitFact* best = nullptr;
            for (const scoring::VisitFact* v : failing)
                if (!branches.count(v->branch) && std::abs(v->day - want) <= 15 &&
                    (!best || std::abs(v->day - want) < std::abs(best->day - want)))
                    best = v;
            if (!best)
                continue;
            branches.insert(best->branch);
            const storage::StoredVisit visit = store.load_visit(best->visit_id);
            if (!visit.tpl)
                continue;
            storage::ActionPlan p;
            p.client = client.name;
            p.branch = visit.visit.branch;
            p.visit_uuid = visit.visit.uuid;
            p.sections = services::failed_sections(*visit.tpl, visit.visit, threshold);
            p.owner = "Branch manager";
            for (const forms::Section& s : visit.tpl->sections)
                if (std::find(p.sections.begin(), p.sections.end(), s.id) != p.sections.end()) {
                    const std::string what = s.title.empty() ? s.id : s.title;
                    p.actions.push_back({"Coach the team on " + what, "Branch manager",
                                         forms::day_to_string(best->day + 14), false});
                    p.actions.push_back({"Check " + what + " at the weekly meeting", "Area manager",
                                         forms::day_to_string(best->day + 28), false});
                }
            p.start_date = forms::day_to_string(best->day + 1);
            p.due_date = forms::day_to_string(best->day + 31);
            p.note = "opened after a failed visit (demo)";
            const std::int64_t id = services::open_plan(store, p, "reviewer (demo)");
            ++opened;
            const std::string state = stage.state;
            if (state == "open")
                continue;
            storage::ActionPlan stored = *store.action_plan(id);
            stored.state = "in_progress";
            if (state != "in_progress")
                for (storage::PlanAction& a : stored.actions)
                    a.done = true;
            else if (!stored.actions.empty())
                stored.actions.front().done = true;
            services::update_plan(store, stored, "reviewer (demo)", "weekly call");
            if (state == "in_progress")
                continue;
            const std::int64_t version = store.action_plan(id)->version;
            // Done when due, or on the last visit day (its re-shop's window follows that day).
            const std::string done_day = forms::day_to_string(std::min(best->day + 31, last_day));
            try {
                services::mark_done(store, id, version, state == "done", "reviewer (demo)",
                                    done_day);
            } catch (const InputError&) { // no re-shop fits: done without one
                services::mark_done(store, id, version, false, "reviewer (demo)", done_day);
            }
            if (state == "verified") {
                storage::ActionPlan done = *store.action_plan(id);
                done.state = "verified";
                services::update_plan(store, done, "reviewer (demo)", "the re-shop passed");
            }
        }
    }
    return opened;
}

void add_action_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto o = std::make_shared<ActionOptions>();
    auto* cmd = app.add_subcommand(
        "action", "action plans after failed visits: the failed behaviours, owner, actions, due "
                  "date; open -> in progress -> done (proposing a re-shop) -> verified; and "
                  "their measured effect (docs/action-plans.md)");
    cmd->require_subcommand(1);

    auto* list = cmd->add_subcommand("list", "action plans, oldest first");
    list->add_option("--client", o->client, "only this client's (its name)");
    list->add_option("--branch", o->branch, "only this branch's (its code)");
    list->add_option("--state", o->state, "open, in_progress, done or verified");
    list->add_flag("--json", o->json, "print JSON");
    list->callback([&action, &db, o] { action = [&db, o] { return cmd_list(db, *o); }; });

    auto* show = cmd->add_subcommand("show", "one plan with its actions and measured effect");
    show->add_option("ID", o->id, "the plan's id")->required();
    show->add_option("--window", o->window, "days before and after the start (default 90)");
    show->add_flag("--json", o->json, "print JSON");
    show->callback([&action, &db, o] { action = [&db, o] { return cmd_show(db, *o); }; });

    auto* open = cmd->add_subcommand("open", "open a plan by hand for a branch");
    open->add_option("--client", o->client, "the client (its name)")->required();
    open->add_option("--branch", o->branch, "the branch (its code)")->required();
    open->add_option("--section", o->sections,
                     "a failed behaviour (section id; repeat; none: the visit score)");
    open->add_option("--visit", o->visit, "the visit that shows the failure (its uuid)");
    open->add_option("--owner", o->owner, "who is responsible");
    open->add_option("--action", o->actions, "an action to take (repeat)");
    open->add_option("--action-owner", o->action_owner, "who takes the actions given");
    open->add_option("--action-due", o->action_due, "when the actions given are due (YYYY-MM-DD)");
    open->add_option("--start", o->start, "the start date (YYYY-MM-DD; default today)");
    open->add_option("--due", o->due, "the due date (YYYY-MM-DD)");
    open->add_option("--note", o->note, "a note");
    open->add_option("--as", o->who, "who opens it (default: the login name)");
    open->callback([&action, &db, o] { action = [&db, o] { return cmd_open(db, *o); }; });

    auto* update = cmd->add_subcommand(
        "update", "change a plan's owner, dates, state or note, add actions or tick them done");
    update->add_option("ID", o->id, "the plan's id")->required();
    update->add_option("--owner", o->set_owner, "who is responsible");
    update->add_option("--due", o->set_due, "the due date (YYYY-MM-DD)");
    update->add_option("--start", o->set_start, "the start date (YYYY-MM-DD)");
    update->add_option("--state", o->set_state,
                       "open, in_progress or verified (done: `action done`)");
    update->add_option("--note", o->set_note, "a note");
    update->add_option("--section", o->sections, "the failed behaviours, replacing them (repeat)");
    update->add_option("--action", o->actions, "an action to add (repeat)");
    update->add_option("--action-owner", o->action_owner, "who takes the actions added");
    update->add_option("--action-due", o->action_due, "when the actions added are due");
    update->add_option("--done-action", o->done_actions, "tick action N done (1 first; repeat)");
    update->add_option("--reason", o->reason, "why, for the audit log");
    update->add_option("--as", o->who, "who changes it (default: the login name)");
    update->callback([&action, &db, o] { action = [&db, o] { return cmd_update(db, *o); }; });

    auto* done = cmd->add_subcommand(
        "done", "mark a plan done and add its re-shop assignment (the branch, the scorecard, "
                "the action.reshop_days after today)");
    done->add_option("ID", o->id, "the plan's id")->required();
    done->add_flag("--no-reshop", o->no_reshop, "add no re-shop assignment");
    done->add_option("--as", o->who, "who marks it (default: the login name)");
    done->callback([&action, &db, o] { action = [&db, o] { return cmd_done(db, *o); }; });

    auto* verify = cmd->add_subcommand("verify", "mark a done plan verified");
    verify->add_option("ID", o->id, "the plan's id")->required();
    verify->add_option("--reason", o->reason, "why, for the audit log (the re-shop's result)");
    verify->add_option("--as", o->who, "who verifies it (default: the login name)");
    verify->callback([&action, &db, o] { action = [&db, o] { return cmd_verify(db, *o); }; });

    auto* effect = cmd->add_subcommand(
        "effect", "each plan's branch before and after on its failed behaviours against the "
                  "client's branches without a plan: difference-in-differences, 95% interval, "
                  "verdict (SCORING.md §7)");
    effect->add_option("--client", o->client, "only this client's (its name)");
    effect->add_option("--branch", o->branch, "only this branch's (its code)");
    effect->add_option("--state", o->state, "only plans in this state");
    effect->add_option("--window", o->window, "days before and after the start (default 90)");
    effect->add_flag("--json", o->json, "print JSON");
    effect->callback([&action, &db, o] { action = [&db, o] { return cmd_effect(db, *o); }; });
}

} // namespace vs::cli
