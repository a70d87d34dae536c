#include "services/action_plans.h"

#include "forms/dates.h"
#include "forms/error.h"
#include "forms/survey.h"
#include "forms/visit.h"
#include "scoring/visit_score.h"
#include "services/assignments.h"
#include "services/int_settings.h"
#include "storage/assignment_checks.h"

#include <algorithm>
#include <set>

namespace vs::services {
namespace {

int state_index(const std::string& state) {
    const auto& states = action_plan_states();
    const auto it = std::find(states.begin(), states.end(), state);
    return it == states.end() ? -1 : static_cast<int>(it - states.begin());
}

std::string today_or(const std::string& today) {
    return today.empty() ? storage::local_today() : today;
}

/// YYYY-MM-DD that exists, or InputError naming `field`.
void check_date(const std::string& value, const std::string& field, bool required) {
    if (value.empty() && !required)
        return;
    if (value.size() != 10 || !forms::parse_day(value))
        throw InputError("", field, "\"" + value + "\" is not a date that exists (YYYY-MM-DD)");
}

/// The checks every stored plan passes (open_plan, update_plan).
void check_plan(storage::Store& store, const storage::ActionPlan& plan) {
    check_date(plan.start_date, "start", true);
    check_date(plan.due_date, "due", false);
    if (!plan.due_date.empty() && plan.due_date < plan.start_date)
        throw InputError("", "due",
                         plan.due_date + " is before the plan's start " + plan.start_date);
    if (plan.owner.size() > 200)
        throw InputError("", "owner", "is longer than 200 characters");
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
        const std::string at = "actions[" + std::to_string(i) + "]";
        if (plan.actions[i].text.empty())
            throw InputError("", at, "an action needs a text");
        if (plan.actions[i].text.size() > 500)
            throw InputError("", at, "is longer than 500 characters");
        check_date(plan.actions[i].due, at + ".due", false);
    }
    if (!plan.sections.empty()) {
        std::set<std::string> known;
        for (const auto& [id, version] : store.template_versions())
            if (auto tpl = store.find_template(id, version))
                for (const auto& s : tpl->sections)
                    known.insert(s.id);
        for (const std::string& s : plan.sections)
            if (!known.count(s))
                throw InputError("", "sections",
                                 "\"" + s + "\" is not a section of any stored scorecard");
    }
}

bool same_sections(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

/// The open or in-progress plan of the branch on the same sections, if any.
std::optional<std::int64_t> open_plan_on(storage::Store& store, const std::string& client,
                                         const std::string& branch,
                                         const std::vector<std::string>& sections) {
    storage::ActionPlanFilter f;
    f.client = client;
    f.branch = branch;
    for (const storage::ActionPlan& p : store.action_plans(f))
        if ((p.state == "open" || p.state == "in_progress") && same_sections(p.sections, sections))
            return p.id;
    return std::nullopt;
}

/// Said when the re-shop of a plan just marked done could not be added.
std::string missing_reshop(std::int64_t id) {
    return " (action plan " + std::to_string(id) +
           " is done; its re-shop was not added: mark it done again to add it)";
}

std::string open_state(storage::Store& store, std::int64_t id) {
    const auto p = store.action_plan(id);
    return p ? p->state : "open";
}

} // namespace

std::optional<std::string> checked_action_setting(const std::string& key,
                                                  const std::string& value) {
    int lo = 0, hi = 0;
    std::string what;
    if (key == kActionThresholdSetting) {
        lo = 0, hi = 100, what = "score points";
    } else if (key == kActionReshopSetting || key == kActionDueSetting) {
        lo = 1, hi = 3650, what = "days";
    } else {
        return std::nullopt;
    }
    return checked_int_setting(key, value, lo, hi, what);
}

int action_threshold(storage::SettingsStore& store) {
    return int_setting(store, kActionThresholdSetting, kDefaultActionThreshold);
}
int action_reshop_days(storage::SettingsStore& store) {
    return int_setting(store, kActionReshopSetting, kDefaultReshopDays);
}
int action_due_days(storage::SettingsStore& store) {
    return int_setting(store, kActionDueSetting, kDefaultActionDueDays);
}

const std::vector<std::string>& action_plan_states() {
    static const std::vector<std::string> states = {"open", "in_progress", "done", "verified"};
    return states;
}

std::string state_label(const std::string& state) {
    return state == "in_progress" ? "in progress" : state;
}

std::vector<std::string> failed_sections(const forms::Template& tpl, const forms::Visit& visit,
                                         int threshold) {
    const forms::Answers answers = forms::check_visit(tpl, visit, "", "");
    const scoring::VisitResult r = scoring::score_visit(tpl, answers);
    const bool below = r.score && *r.score < threshold;
    if (r.critical_failures.empty() && !below)
        return {};
    const std::set<std::string> critical(r.critical_failures.begin(), r.critical_failures.end());
    std::vector<std::string> out;
    std::vector<bool> failed(tpl.sections.size(), false);
    for (std::size_t s = 0; s < tpl.sections.size(); ++s)
        failed[s] = r.sections[s].score && *r.sections[s].score < threshold;
    for (const forms::Question& q : tpl.questions)
        if (critical.count(q.id))
            failed[static_cast<std::size_t>(q.section)] = true;
    for (std::size_t s = 0; s < tpl.sections.size(); ++s)
        if (failed[s])
            out.push_back(tpl.sections[s].id);
    if (out.empty()) { // below on the whole only: its weakest section
        std::optional<std::size_t> lowest;
        for (std::size_t s = 0; s < tpl.sections.size(); ++s)
            if (r.sections[s].score &&
                (!lowest || *r.sections[s].score < *r.sections[*lowest].score))
                lowest = s;
        if (lowest)
            out.push_back(tpl.sections[*lowest].id);
    }
    return out;
}

std::optional<std::int64_t> open_plan_for_visit(storage::Store& store, std::int64_t id,
                                                const std::string& who, const std::string& today) {
    return open_plan_for_visit(store, store, store.load_visit(id), who, today);
}

std::optional<std::int64_t> open_plan_for_visit(storage::Store& store,
                                                storage::SettingsStore& settings,
                                                const storage::StoredVisit& cur,
                                                const std::string& who, const std::string& today) {
    if (cur.visit.status != forms::Status::Approved || !cur.tpl || !cur.visit.calibration.empty() ||
        forms::is_survey(*cur.tpl))
        return std::nullopt;
    const std::vector<std::string> sections =
        failed_sections(*cur.tpl, cur.visit, action_threshold(settings));
    if (sections.empty())
        return std::nullopt;
    if (open_plan_on(store, cur.visit.client, cur.visit.branch, sections))
        return std::nullopt; // one open plan per branch and section set
    storage::ActionPlan plan;
    plan.client = cur.visit.client;
    plan.branch = cur.visit.branch;
    plan.visit_uuid = cur.visit.uuid;
    plan.sections = sections;
    plan.start_date = today_or(today);
    plan.due_date =
        forms::day_to_string(*forms::parse_day(plan.start_date) + action_due_days(settings));
    plan.note = "opened by the approval of visit " + cur.visit.uuid;
    try {
        return store.add_action_plan(plan, who);
    } catch (const storage::StorageError&) {
        // The store refuses a second open plan on the same sections inside its transaction:
        // another approval opened it meanwhile.
        if (open_plan_on(store, plan.client, plan.branch, sections))
            return std::nullopt;
        throw;
    }
}

std::int64_t open_plan(storage::Store& store, storage::ActionPlan plan, const std::string& who) {
    if (plan.client.empty())
        throw InputError("", "client", "is missing");
    if (plan.branch.empty())
        throw InputError("", "branch", "is missing");
    const auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, true, false);
    const auto client = std::find_if(clients.begin(), clients.end(),
                                     [&](const auto& c) { return c.name == plan.client; });
    if (client == clients.end())
        throw InputError("", "client", "no client named \"" + plan.client + "\"");
    const auto branches = store.org_list(storage::OrgKind::Branch, client->id, true, false);
    if (std::none_of(branches.begin(), branches.end(),
                     [&](const auto& b) { return b.code == plan.branch; }))
        throw InputError("", "branch",
                         "client \"" + plan.client + "\" has no branch \"" + plan.branch + "\"");
    plan.state = "open";
    if (plan.start_date.empty())
        plan.start_date = storage::local_today();
    if (!plan.visit_uuid.empty()) {
        const std::optional<std::int64_t> visit = store.visit_id_of(plan.visit_uuid);
        if (!visit && plan.sections.empty())
            throw InputError("", "visit", "no visit " + plan.visit_uuid + " in the database");
        if (visit) {
            const storage::StoredVisit v = store.load_visit(*visit);
            if (v.tpl && forms::is_survey(*v.tpl))
                throw InputError("", "visit",
                                 "visit " + plan.visit_uuid +
                                     " is a customer survey response: a plan follows a mystery "
                                     "visit");
            // Measured on the sections that visit failed, by default (SCORING.md §7).
            if (v.tpl && plan.sections.empty())
                plan.sections = failed_sections(*v.tpl, v.visit, action_threshold(store));
        }
    }
    check_plan(store, plan);
    if (const auto same = open_plan_on(store, plan.client, plan.branch, plan.sections))
        throw InputError("", "sections",
                         "branch " + plan.branch + " already has action plan " +
                             std::to_string(*same) + " " + state_label(open_state(store, *same)) +
                             " on the same sections; change that one");
    return store.add_action_plan(plan, who);
}

std::int64_t update_plan(storage::Store& store, const storage::ActionPlan& plan,
                         const std::string& who, const std::string& reason) {
    const std::optional<storage::ActionPlan> stored = store.action_plan(plan.id);
    if (!stored)
        throw InputError("", "plan", "no action plan " + std::to_string(plan.id));
    const int from = state_index(stored->state);
    const int to = state_index(plan.state);
    if (to < 0)
        throw InputError("", "state",
                         "\"" + plan.state +
                             "\" is not a state (open, in_progress, done, verified)");
    const bool allowed =
        to == from || (to > from && to <= 2) || (to == 3 && from == 2) || (from == 2 && to == 1);
    if (!allowed)
        throw InputError("", "state",
                         "a plan that is " + state_label(stored->state) + " cannot become " +
                             state_label(plan.state) +
                             " (open -> in progress -> done -> verified; done may go back to in "
                             "progress)");
    // Done proposes the re-shop that proves the fix: only mark_done makes a plan done.
    if (to == 2 && from != 2)
        throw InputError("", "state",
                         "a plan is marked done with Done (visitscore-cli action done), which "
                         "proposes the re-shop visit that checks it");
    check_plan(store, plan);
    return store.update_action_plan(plan, who, reason);
}

storage::Assignment proposed_reshop(storage::Store& store, const storage::ActionPlan& plan,
                                    const std::string& today) {
    storage::Assignment a;
    a.client = plan.client;
    a.branch = plan.branch;
    std::string failed_shopper; // who made the visit that opened the plan: never its re-shop
    if (!plan.visit_uuid.empty())
        if (const auto id = store.visit_id_of(plan.visit_uuid)) {
            const storage::StoredVisit v = store.load_visit(*id);
            a.template_id = v.visit.template_id;
            a.template_version = v.visit.template_version;
            failed_shopper = v.visit.shopper;
        }
    if (a.template_id.empty()) { // opened by hand: the scorecard of the branch's latest visit
        storage::VisitFilter filter;
        filter.client = plan.client;
        filter.statuses.clear();
        const scoring::FactTable facts = store.load_facts(filter, false);
        const auto& names = facts.branches.names;
        const auto it = std::find(names.begin(), names.end(), plan.branch);
        const scoring::VisitFact* latest = nullptr;
        if (it != names.end())
            for (const scoring::VisitFact& v : facts.visits)
                if (v.branch == static_cast<std::int32_t>(it - names.begin()) &&
                    (!latest || v.day >= latest->day))
                    latest = &v;
        if (!latest)
            throw InputError("", "scorecard",
                             "branch " + plan.branch +
                                 " has no visit to take the re-shop's scorecard from");
        const auto& tpl = facts.templates[static_cast<std::size_t>(latest->tmpl)].tpl;
        a.template_id = tpl->id;
        a.template_version = tpl->version;
    }
    const int start = *forms::parse_day(today_or(today)) + 1;
    a.window_from = forms::day_to_string(start);
    a.window_to = forms::day_to_string(start + action_reshop_days(store) - 1);
    a.scenario = "re-shop";
    a.note = "re-shop after action plan " + std::to_string(plan.id);
    // Offered to the shopper the assignment rules propose (home region, then load, within the
    // lockout and exclusions), as the field cycle's plan does; nobody when none fits, or when the
    // account may not read the shoppers and their assignments (a client's, on a server).
    try {
        a.shopper = propose_shopper_for(store, a, std::nullopt, failed_shopper).shopper;
    } catch (const storage::StorageError&) {
        a.shopper.clear();
    }
    return a;
}

storage::ActionPlan mark_done(storage::Store& store, std::int64_t id, std::int64_t version,
                              bool reshop, const std::string& who, const std::string& today) {
    std::optional<storage::ActionPlan> plan = store.action_plan(id);
    if (!plan)
        throw InputError("", "plan", "no action plan " + std::to_string(id));
    // The plan is written first, naming its re-shop's uuid, and the assignment after it: a
    // failure in between leaves the plan done with its re-shop missing, which marking it done
    // again adds (once: the uuid is the plan's); no assignment is ever added for a plan that
    // was not marked done.
    if (plan->state == "done" && reshop && !plan->reshop_assignment.empty() &&
        !store.assignment(plan->reshop_assignment)) {
        storage::Assignment a = proposed_reshop(store, *plan, today);
        a.uuid = plan->reshop_assignment;
        add_assignment(store, a, who);
        return *store.action_plan(id);
    }
    if (plan->state != "open" && plan->state != "in_progress")
        throw InputError("", "state",
                         "action plan " + std::to_string(id) + " is " + state_label(plan->state) +
                             ": only an open or in-progress plan is marked done");
    if (plan->version != version)
        throw InputError("", "plan",
                         "action plan " + std::to_string(id) +
                             " was changed by someone else since it was read; nothing was written");
    plan->state = "done";
    std::optional<storage::Assignment> proposed;
    if (reshop) {
        proposed = proposed_reshop(store, *plan, today); // refusals before anything is written
        proposed->uuid = new_assignment_uuid();
        plan->reshop_assignment = proposed->uuid;
    }
    store.update_action_plan(*plan, who, reshop ? "done; re-shop proposed" : "done");
    if (proposed) {
        try {
            add_assignment(store, *proposed, who);
        } catch (const InputError& e) {
            throw InputError("", e.where(), e.message() + missing_reshop(id));
        } catch (const storage::StorageError& e) {
            throw storage::StorageError(e.what() + missing_reshop(id));
        }
    }
    return *store.action_plan(id);
}

std::vector<ActionPlanRow>
action_plan_rows(storage::Store& store, const storage::ActionPlanFilter& filter, int window_days) {
    std::vector<ActionPlanRow> rows;
    for (storage::ActionPlan& p : store.action_plans(filter)) {
        const int day = forms::parse_day(p.start_date).value_or(0);
        rows.push_back({std::move(p), day, {}, {}, {}});
    }
    if (rows.empty())
        return rows;
    // Every plan of the clients concerned, for the overlaps; one fact load per client.
    std::set<std::string> clients;
    for (const ActionPlanRow& r : rows)
        clients.insert(r.plan.client);
    for (const std::string& client : clients) {
        storage::ActionPlanFilter all;
        all.client = client;
        const std::vector<storage::ActionPlan> plans = store.action_plans(all);
        int lo = 0, hi = 0;
        bool any = false;
        for (const ActionPlanRow& r : rows)
            if (r.plan.client == client) {
                lo = any ? std::min(lo, r.day) : r.day;
                hi = any ? std::max(hi, r.day) : r.day;
                any = true;
            }
        storage::VisitFilter around;
        around.client = client;
        around.from_day = lo - window_days;
        around.to_day = hi + window_days - 1;
        const scoring::FactTable facts = store.load_facts(around, false);
        for (ActionPlanRow& r : rows) {
            if (r.plan.client != client)
                continue;
            std::vector<scoring::PlanWindow> others;
            for (const storage::ActionPlan& o : plans)
                if (o.id != r.plan.id)
                    others.push_back({o.branch, forms::parse_day(o.start_date).value_or(0)});
            r.excluded = scoring::overlapping_plan_branches(others, r.day, window_days);
            r.excluded.erase(std::remove(r.excluded.begin(), r.excluded.end(), r.plan.branch),
                             r.excluded.end());
            const scoring::ActionPlanSpec spec =
                scoring::action_plan_spec(facts, std::to_string(r.plan.id), r.day, client,
                                          r.plan.branch, r.plan.sections, r.excluded);
            r.effect = scoring::action_plan_effect(facts, spec, window_days);
            r.verdict = scoring::effect_verdict(r.effect, "branch " + r.plan.branch);
        }
    }
    return rows;
}

} // namespace vs::services
