#include "cli/assign_command.h"

#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "services/assignment_json.h"
#include "services/assignments.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

namespace vs::cli {
namespace {

using json = nlohmann::ordered_json;
using storage::Assignment;

struct AssignOptions {
    // plan, add, edit
    std::string client, branch, tmpl, scenario, shopper, fee, note, uuid;
    std::string from, to;
    int version = 0;
    std::optional<int> lockout;
    // plan
    double half_width = 5;
    long long max_n = 60;
    long long min_n = 3;
    std::optional<std::string> as_of;
    bool dry_run = false;
    // list
    std::string status;
    bool json = false;
    // import
    std::string file;
    std::string who;
    std::string expected;
};

int day_option(const std::string& text, const std::string& option) {
    const std::optional<int> day = forms::parse_plausible_day(text);
    if (!day || text.size() != 10)
        throw InputError("", option, "\"" + text + "\" is not a date (YYYY-MM-DD)");
    return *day;
}

std::optional<std::int64_t> fee_option(const std::string& text) {
    if (text.empty())
        return std::nullopt;
    const std::optional<std::int64_t> cents = services::parse_fee(text);
    if (!cents)
        throw InputError("", "--fee", "\"" + text + "\" is not a fee (such as 25 or 25.50)");
    return cents;
}

void check_lockout(const std::optional<int>& lockout) {
    if (lockout && (*lockout < 0 || *lockout > 3660))
        throw InputError("", "--lockout",
                         fmt::format("{} is not a number of days (0 to 3660)", *lockout));
}

std::string who_of(const AssignOptions& o) {
    return o.who.empty() ? os_user() : o.who;
}

/// The documented shape (services/assignment_json.h), with what only the listing shows.
json to_json(const Assignment& a) {
    json j = services::assignment_to_json(a);
    j["visit_uuid"] = a.visit_uuid.empty() ? json(nullptr) : json(a.visit_uuid);
    j["updated_at"] = a.updated_at;
    return j;
}

std::string line_of(const Assignment& a) {
    return fmt::format("{}  {}  {}  {} v{}  {} to {}  {}  {}{}", a.uuid, a.status, a.client,
                       a.template_id, a.template_version, a.window_from, a.window_to, a.branch,
                       a.shopper.empty() ? "(no shopper)" : a.shopper,
                       a.fee_cents ? "  " + services::format_fee(*a.fee_cents) : "");
}

int cmd_plan(const std::string& db, const AssignOptions& o) {
    check_lockout(o.lockout);
    services::FromPlanRequest request;
    request.client = o.client;
    request.from_day = day_option(o.from, "--from");
    request.to_day = day_option(o.to, "--to");
    if (request.to_day < request.from_day)
        throw InputError("", "--to", o.to + " is before --from " + o.from);
    request.template_id = o.tmpl;
    request.template_version = o.version;
    request.scenario = o.scenario;
    request.fee_cents = fee_option(o.fee);
    request.lockout_days = o.lockout;
    if (!(o.half_width > 0) || !(o.half_width <= 100))
        throw InputError("", "--half-width",
                         fmt::format("{} is not a half-width in score points (above 0, at most "
                                     "100)",
                                     o.half_width));
    if (o.min_n < 2 || o.min_n > 1000000)
        throw InputError("", "--min-n", fmt::format("{} is not 2 to 1000000", o.min_n));
    if (o.max_n < 2 || o.max_n > 1000000)
        throw InputError("", "--max-n", fmt::format("{} is not 2 to 1000000", o.max_n));
    services::PlanRequest plan_request;
    plan_request.client = o.client;
    plan_request.as_of_day = o.as_of ? day_option(*o.as_of, "--as-of") : request.from_day;
    plan_request.spec.half_width = o.half_width;
    plan_request.spec.min_n = static_cast<std::size_t>(o.min_n);
    plan_request.spec.max_n = static_cast<std::size_t>(o.max_n);

    auto store =
        open_database(db, o.dry_run ? storage::OpenMode::ReadOnly : storage::OpenMode::MustExist);
    const services::PlanResult plan = services::plan_visits(*store, plan_request);
    const services::FromPlanResult r = services::propose_from_plan(*store, plan, request);
    std::vector<Assignment> items; // the new ones: a plan made again adds nothing
    for (const auto& p : r.items)
        if (!p.existing)
            items.push_back(p.assignment);
    if (!o.dry_run && !items.empty())
        services::create_assignments(*store, items, who_of(o), o.lockout);

    if (o.json) {
        json list = json::array();
        for (const auto& p : r.items) {
            json j = to_json(p.assignment);
            j.erase("updated_at");
            j["reason"] = p.reason.empty() ? json(nullptr) : json(p.reason);
            j["existing"] = p.existing;
            list.push_back(j);
        }
        std::cout
            << json{{"assignments", list}, {"skipped", r.skipped}, {"created", !o.dry_run}}.dump(2)
            << "\n";
        return 0;
    }
    std::size_t without = 0;
    for (const auto& p : r.items) {
        const Assignment& a = p.assignment;
        without += a.shopper.empty();
        std::cout << fmt::format("{}  {} to {}  {}{}\n", a.branch, a.window_from, a.window_to,
                                 a.shopper.empty() ? "— " + p.reason : a.shopper,
                                 p.existing ? "  (stored before)" : "");
    }
    std::cout << fmt::format("\n{} new assignment{} {} for {} from {} to {} ({} stored before); "
                             "{} without a shopper.",
                             items.size(), items.size() == 1 ? "" : "s",
                             o.dry_run ? "proposed (not stored: --dry-run)" : "created", o.client,
                             o.from, o.to, r.items.size() - items.size(), without);
    if (!r.skipped.empty()) {
        std::cout << " No plan (no pooled spread) for:";
        for (const auto& b : r.skipped)
            std::cout << " " << b;
        std::cout << ".";
    }
    std::cout << "\n";
    return 0;
}

Assignment from_options(const AssignOptions& o) {
    Assignment a;
    a.uuid = o.uuid;
    a.client = o.client;
    a.branch = o.branch;
    a.template_id = o.tmpl;
    a.template_version = o.version;
    a.scenario = o.scenario;
    day_option(o.from, "--from");
    day_option(o.to, "--to");
    a.window_from = o.from;
    a.window_to = o.to;
    a.shopper = o.shopper;
    a.fee_cents = fee_option(o.fee);
    a.note = o.note;
    return a;
}

int cmd_add(const std::string& db, const AssignOptions& o) {
    check_lockout(o.lockout);
    Assignment a = from_options(o);
    auto store = open_database(db, storage::OpenMode::MustExist);
    if (a.template_version == 0) {
        const auto tpl = store->latest_template(a.template_id);
        if (!tpl)
            throw InputError("", "--template", "no scorecard \"" + a.template_id + "\"");
        a.template_version = tpl->version;
    }
    const Assignment stored = services::add_assignment(*store, a, who_of(o), o.lockout);
    std::cout << stored.uuid << "\n";
    return 0;
}

int cmd_edit(const std::string& db, const AssignOptions& o, const CLI::App& sub) {
    check_lockout(o.lockout);
    auto store = open_database(db, storage::OpenMode::MustExist);
    std::optional<Assignment> a = store->assignment(o.uuid);
    if (!a)
        throw InputError("", "UUID", "no assignment " + o.uuid);
    auto given = [&](const char* name) { return sub.get_option(name)->count() > 0; };
    if (given("--branch"))
        a->branch = o.branch;
    if (given("--scenario"))
        a->scenario = o.scenario;
    if (given("--shopper"))
        a->shopper = o.shopper;
    if (given("--from"))
        a->window_from = o.from, day_option(o.from, "--from");
    if (given("--to"))
        a->window_to = o.to, day_option(o.to, "--to");
    if (given("--fee"))
        a->fee_cents = fee_option(o.fee);
    if (given("--note"))
        a->note = o.note;
    if (!o.expected.empty())
        a->updated_at = o.expected;
    const Assignment stored = services::edit_assignment(*store, *a, who_of(o), o.lockout);
    std::cout << line_of(stored) << "\n";
    return 0;
}

int cmd_list(const std::string& db, const AssignOptions& o) {
    storage::AssignmentFilter f{o.client, o.shopper, o.status, o.from, o.to};
    if (!o.from.empty())
        day_option(o.from, "--from");
    if (!o.to.empty())
        day_option(o.to, "--to");
    static const std::vector<std::string> statuses = {"offered", "accepted", "declined",
                                                      "visited", "overdue",  "cancelled"};
    if (!o.status.empty() &&
        std::find(statuses.begin(), statuses.end(), o.status) == statuses.end())
        throw InputError("", "--status",
                         "\"" + o.status +
                             "\" is not offered, accepted, declined, visited, overdue or "
                             "cancelled");
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    const std::vector<Assignment> items = store->assignments(f);
    if (o.json) {
        json list = json::array();
        for (const Assignment& a : items)
            list.push_back(to_json(a));
        std::cout << json{{"assignments", list}}.dump(2) << "\n";
        return 0;
    }
    for (const Assignment& a : items)
        std::cout << line_of(a) << "\n";
    std::cout << items.size() << " assignment" << (items.size() == 1 ? "" : "s") << "\n";
    return 0;
}

int cmd_import(const std::string& db, const AssignOptions& o) {
    check_lockout(o.lockout);
    std::ifstream in(o.file, std::ios::binary);
    if (!in)
        throw InputError(o.file, "", "cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    services::parse_assignment_csv(text.str(), o.file); // a bad file never touches a database
    auto store = open_database(db, storage::OpenMode::MustExist);
    TerminalProgress progress;
    const std::size_t n = services::import_assignments_csv(*store, text.str(), o.file, who_of(o),
                                                           &progress, o.lockout);
    std::cout << fmt::format("{}: {} assignment{} imported\n", o.file, n, n == 1 ? "" : "s");
    return 0;
}

int cmd_status(const std::string& db, const AssignOptions& o, const std::string& to) {
    auto store = open_database(db, storage::OpenMode::MustExist);
    if (to == "cancelled")
        services::cancel_assignment(*store, o.uuid, o.expected, who_of(o));
    else if (to == "accepted")
        services::accept_assignment(*store, o.uuid, o.shopper, o.expected, who_of(o));
    else
        services::decline_assignment(*store, o.uuid, o.shopper, o.expected, who_of(o));
    std::cout << o.uuid << " " << to << "\n";
    return 0;
}

void add_window_options(CLI::App* cmd, AssignOptions& o, bool required) {
    auto* f = cmd->add_option("--from", o.from, "first day of the window, YYYY-MM-DD");
    auto* t = cmd->add_option("--to", o.to, "last day of the window, YYYY-MM-DD");
    if (required) {
        f->required();
        t->required();
    }
}

} // namespace

void add_assign_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto o = std::make_shared<AssignOptions>();
    auto* assign = app.add_subcommand(
        "assign", "assignments: planned visits given to shoppers (made from the plan, added, "
                  "imported, listed, cancelled, accepted, declined)");
    assign->require_subcommand(1);
    const std::string lockout_help =
        "days within which a shopper never goes to the same branch again (default: the setting "
        "assignments.lockout_days, else 90)";

    auto* plan = assign->add_subcommand(
        "plan", "create one assignment per visit `plan` says a branch needs, windows spread over "
                "the period, shoppers proposed by home region and load");
    plan->add_option("--client", o->client, "the client (its name)")->required();
    plan->add_option("--template", o->tmpl, "the scorecard id")->required();
    plan->add_option("--version", o->version, "its version (default: the latest)");
    add_window_options(plan, *o, true);
    plan->add_option("--scenario", o->scenario, "the scenario the shopper plays");
    plan->add_option("--fee", o->fee, "each assignment's fee, such as 25.00");
    plan->add_option("--lockout", o->lockout, lockout_help);
    plan->add_option("--half-width", o->half_width, "the plan's CI half-width (default 5)");
    plan->add_option("--max-n", o->max_n, "the plan's cap on visits (default 60)");
    plan->add_option("--min-n", o->min_n, "visits for a branch's own spread (default 3)");
    plan->add_option("--as-of", o->as_of, "the plan's date (default: --from)");
    plan->add_flag("--dry-run", o->dry_run, "propose only, store nothing");
    plan->add_flag("--json", o->json, "print JSON");
    plan->add_option("--as", o->who, "who creates them (default: the login name)");
    plan->callback([&action, &db, o] { action = [&db, o] { return cmd_plan(db, *o); }; });

    auto* add = assign->add_subcommand("add", "add one assignment; prints its uuid");
    add->add_option("--client", o->client, "the client (its name)")->required();
    add->add_option("--branch", o->branch, "the branch code")->required();
    add->add_option("--template", o->tmpl, "the scorecard id")->required();
    add->add_option("--version", o->version, "its version (default: the latest)");
    add_window_options(add, *o, true);
    add->add_option("--scenario", o->scenario, "the scenario the shopper plays");
    add->add_option("--shopper", o->shopper, "the shopper's code (default: none yet)");
    add->add_option("--fee", o->fee, "the fee, such as 25.00");
    add->add_option("--note", o->note, "a note");
    add->add_option("--uuid", o->uuid, "its uuid (default: a new one)");
    add->add_option("--lockout", o->lockout, lockout_help);
    add->add_option("--as", o->who, "who adds it (default: the login name)");
    add->callback([&action, &db, o] { action = [&db, o] { return cmd_add(db, *o); }; });

    auto* edit = assign->add_subcommand("edit", "change an assignment (only the options given)");
    edit->add_option("UUID", o->uuid, "the assignment")->required();
    edit->add_option("--branch", o->branch, "the branch code");
    add_window_options(edit, *o, false);
    edit->add_option("--scenario", o->scenario, "the scenario");
    edit->add_option("--shopper", o->shopper, "the shopper's code (\"\": none)");
    edit->add_option("--fee", o->fee, "the fee (\"\": none)");
    edit->add_option("--note", o->note, "a note");
    edit->add_option("--expect", o->expected, "refuse unless its row version is still this");
    edit->add_option("--lockout", o->lockout, lockout_help);
    edit->add_option("--as", o->who, "who edits it (default: the login name)");
    edit->callback(
        [&action, &db, o, edit] { action = [&db, o, edit] { return cmd_edit(db, *o, *edit); }; });

    auto* list = assign->add_subcommand("list", "assignments, by window");
    list->add_option("--client", o->client, "only this client's");
    list->add_option("--shopper", o->shopper, "only this shopper's (code)");
    list->add_option("--status", o->status,
                     "only this status: offered, accepted, declined, visited, overdue, cancelled");
    list->add_option("--from", o->from, "only windows that end on or after this day");
    list->add_option("--to", o->to, "only windows that start on or before this day");
    list->add_flag("--json", o->json, "print JSON");
    list->callback([&action, &db, o] { action = [&db, o] { return cmd_list(db, *o); }; });

    auto* imp = assign->add_subcommand(
        "import", "import assignments from CSV, all or nothing (columns: client, branch, "
                  "template, template_version, scenario, window_from, window_to, shopper, fee)");
    imp->add_option("FILE", o->file, "the CSV file")->required();
    imp->add_option("--lockout", o->lockout, lockout_help);
    imp->add_option("--as", o->who, "who imports them (default: the login name)");
    imp->callback([&action, &db, o] { action = [&db, o] { return cmd_import(db, *o); }; });

    auto* exclude = assign->add_subcommand(
        "exclude", "record that a shopper is known at a branch (never sent there), or forget it");
    exclude->add_option("--client", o->client, "the client (its name)")->required();
    exclude->add_option("--shopper", o->shopper, "the shopper's code")->required();
    exclude->add_option("--branch", o->branch, "the branch code")->required();
    exclude->add_option("--reason", o->note, "why (\"worked there\")");
    exclude->add_flag("--remove", o->dry_run, "forget it instead");
    exclude->callback([&action, &db, o] {
        action = [&db, o] {
            auto store = open_database(db, storage::OpenMode::MustExist);
            store->set_shopper_exclusion(o->client, o->shopper, o->branch, !o->dry_run, o->note);
            std::cout << fmt::format("{} {} at {}\n", o->shopper,
                                     o->dry_run ? "may be sent again" : "is never sent", o->branch);
            return 0;
        };
    });

    auto* region = assign->add_subcommand(
        "region", "set a shopper's home region (proposals go to local shoppers first)");
    region->add_option("--client", o->client, "the client (its name)")->required();
    region->add_option("--shopper", o->shopper, "the shopper's code")->required();
    region->add_option("--region", o->branch, "the region's name (\"\": none)")->required();
    region->callback([&action, &db, o] {
        action = [&db, o] {
            auto store = open_database(db, storage::OpenMode::MustExist);
            store->set_shopper_region(o->client, o->shopper, o->branch);
            std::cout << fmt::format("{}: home region {}\n", o->shopper,
                                     o->branch.empty() ? "none" : o->branch);
            return 0;
        };
    });

    using StatusCommand = std::tuple<const char*, const char*, const char*>;
    for (const auto& [name, to, help] :
         {StatusCommand{"cancel", "cancelled", "cancel an assignment"},
          StatusCommand{"accept", "accepted", "the shopper accepts an assignment"},
          StatusCommand{"decline", "declined", "the shopper declines an assignment"}}) {
        auto* cmd = assign->add_subcommand(name, help);
        cmd->add_option("UUID", o->uuid, "the assignment")->required();
        if (std::string(name) != "cancel")
            cmd->add_option("--shopper", o->shopper, "refuse unless it is given to this shopper");
        cmd->add_option("--expect", o->expected, "refuse unless its row version is still this");
        cmd->add_option("--as", o->who, "who does it (default: the login name)");
        const std::string status = to;
        cmd->callback([&action, &db, o, status] {
            action = [&db, o, status] { return cmd_status(db, *o, status); };
        });
    }
}

} // namespace vs::cli
