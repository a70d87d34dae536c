#include "cli/plan_command.h"

#include "cli/commands.h"
#include "cli/report_json.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "scoring/visit_score.h"
#include "services/plan.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/core.h>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

namespace vs::cli {
namespace {

using json = nlohmann::ordered_json;

struct PlanOptions {
    std::string client;
    std::string by = "branch";
    double half_width = 5;
    std::optional<std::string> as_of;
    long long max_n = 60;
    long long min_n = 3;
    bool json = false;
};

/// The largest max_n accepted: far beyond any period's visits, and a bound for the search.
constexpr long long kMaxN = 1000000;

scoring::PlanSpec checked_spec(const PlanOptions& o) {
    scoring::PlanSpec spec;
    if (o.by == "branch")
        spec.by = scoring::PlanBy::Branch;
    else if (o.by == "employee")
        spec.by = scoring::PlanBy::Employee;
    else
        throw InputError("", "--by", "\"" + o.by + "\" is not branch or employee");
    if (!(o.half_width > 0) || !(o.half_width <= 100))
        throw InputError("", "--half-width",
                         fmt::format("{} is not a half-width in score points (above 0, at most "
                                     "100)",
                                     o.half_width));
    // An own sd needs two visits: min_n 1 would leave a one-visit group with no s at all.
    if (o.min_n < 2 || o.min_n > kMaxN)
        throw InputError("", "--min-n",
                         fmt::format("{} is not a number of visits for a group's own spread "
                                     "(2 to {})",
                                     o.min_n, kMaxN));
    // A ci95 needs two visits, so no plan can ask for fewer.
    if (o.max_n < 2 || o.max_n > kMaxN)
        throw InputError("", "--max-n",
                         fmt::format("{} is not a cap on visits needed (2 to {})", o.max_n, kMaxN));
    spec.half_width = o.half_width;
    spec.min_n = static_cast<std::size_t>(o.min_n);
    spec.max_n = static_cast<std::size_t>(o.max_n);
    return spec;
}

int parse_as_of(const std::optional<std::string>& text) {
    if (!text)
        return services::today_day();
    const std::optional<int> day = forms::parse_day(*text);
    if (!day || text->size() != 10)
        throw InputError("", "--as-of", "\"" + *text + "\" is not a date (YYYY-MM-DD)");
    if (!forms::plausible_day(*day))
        throw InputError("", "--as-of", forms::implausible_date_message(*text));
    return *day;
}

/// One decimal, rounded half away from zero (SCORING.md §3), or "—".
std::string one_decimal(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}", scoring::round1(*v)) : "—";
}

std::size_t columns(const std::string& s) {
    std::size_t w = 0;
    for (unsigned char c : s)
        w += (c & 0xC0) != 0x80;
    return w;
}

/// A table with columns padded to their widest cell; every column but the first right-aligned.
void print_table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths(rows.front().size());
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c)
            widths[c] = std::max(widths[c], columns(r[c]));
    for (const auto& r : rows) {
        std::string line;
        for (std::size_t c = 0; c < r.size(); ++c) {
            const std::string pad(widths[c] - columns(r[c]), ' ');
            line += (c == 0 || c == 5 ? r[c] + pad : pad + r[c]) + "  ";
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        std::cout << line << "\n";
    }
}

int cmd_plan(const std::string& db, const PlanOptions& o) {
    services::PlanRequest request;
    request.client = o.client;
    request.spec = checked_spec(o);
    request.as_of_day = parse_as_of(o.as_of);
    const std::string key_name(scoring::to_string(request.spec.by));

    const services::PlanResult r =
        services::plan_visits(*open_database(db, storage::OpenMode::ReadOnly), request);
    const scoring::Dictionary& names =
        request.spec.by == scoring::PlanBy::Branch ? r.facts.branches : r.facts.employees;

    if (o.json) {
        json groups = json::array();
        for (const scoring::PlanGroup& g : r.plan.groups)
            groups.push_back({{"key", {{key_name, names[g.key]}}},
                              {"n_ref", g.n_ref},
                              {"s", opt(g.s)},
                              {"s_source", scoring::to_string(g.s_source)},
                              {"needed", g.needed ? json(*g.needed) : json(nullptr)},
                              {"capped", g.capped}});
        std::cout << json{{"groups", groups}}.dump(2) << "\n";
        return 0;
    }

    const std::string range =
        forms::day_to_string(r.from_day) + " to " + forms::day_to_string(r.to_day);
    if (r.plan.groups.empty()) {
        std::cout << "No approved visits of " << o.client << " with a score from " << range
                  << (request.spec.by == scoring::PlanBy::Employee ? " that name an employee" : "")
                  << ": nothing to plan from.\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows = {
        {key_name, "visits", "mean", "95% CI", "s", "s from", "needed"}};
    for (const scoring::PlanGroup& g : r.plan.groups)
        rows.push_back({names[g.key], std::to_string(g.n_ref), one_decimal(g.mean),
                        g.ci95 ? one_decimal(g.ci95->lo) + "–" + one_decimal(g.ci95->hi) : "—",
                        one_decimal(g.s), std::string(scoring::to_string(g.s_source)),
                        !g.needed ? "—" : std::to_string(*g.needed) + (g.capped ? " (cap)" : "")});
    print_table(rows);
    std::cout << fmt::format(
        "\n{} {}{}. Reference: approved visits of {} from {} (the {} days before {}). Needed: "
        "visits next period for a 95% CI of ±{} points; s is a group's own sd with {} or more "
        "visits, else the client's pooled sd ({}); — where no group has two visits. (cap): "
        "more than {} needed.\n",
        r.plan.groups.size(), key_name == "branch" ? "branch" : "employee",
        r.plan.groups.size() == 1 ? "" : (key_name == "branch" ? "es" : "s"), o.client, range,
        services::kPlanReferenceDays, forms::day_to_string(request.as_of_day), o.half_width,
        request.spec.min_n, one_decimal(r.plan.pooled_sd), request.spec.max_n);
    return 0;
}

} // namespace

void add_plan_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto options = std::make_shared<PlanOptions>();
    auto* plan = app.add_subcommand(
        "plan", "visits needed next period per branch or employee for a 95% CI of ±H points "
                "(SCORING.md §9)");
    plan->add_option("--client", options->client, "the client (its name)")->required();
    plan->add_option("--by", options->by, "branch (default) or employee (the primary one)");
    plan->add_option("--half-width", options->half_width,
                     "the CI half-width to reach, in score points (default 5)");
    plan->add_option("--as-of", options->as_of,
                     "the planning date, YYYY-MM-DD (default today); the reference range is the "
                     "365 days before it");
    plan->add_option("--max-n", options->max_n, "the most visits a group is planned (default 60)");
    plan->add_option("--min-n", options->min_n,
                     "visits a group needs for its own spread, else the client's pooled one "
                     "(default 3)");
    plan->add_flag("--json", options->json, "print JSON");
    plan->callback(
        [&action, &db, options] { action = [&db, options] { return cmd_plan(db, *options); }; });
}

} // namespace vs::cli
