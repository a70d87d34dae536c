#include "cli/recognition_command.h"

#include "cli/commands.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "services/recognition_view.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace vs::cli {
namespace {

using json = nlohmann::ordered_json;

struct RecognitionOptions {
    std::string client;
    std::optional<std::string> from, to;
    bool json = false;
    bool pseudonymise_staff = false;
};

std::optional<int> day_option(const std::optional<std::string>& text, const char* option) {
    if (!text)
        return std::nullopt;
    return parse_date_option(text, option);
}

int cmd_recognition(const std::string& db, const RecognitionOptions& o) {
    storage::VisitFilter filter;
    filter.client = o.client;
    filter.from_day = day_option(o.from, "--from");
    filter.to_day = day_option(o.to, "--to");
    if (filter.from_day && filter.to_day && *filter.from_day > *filter.to_day)
        throw InputError("", "--to", *o.to + " is before --from " + *o.from);
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    bool known = false;
    for (const storage::OrgEntity& c :
         store->org_list(storage::OrgKind::Client, std::nullopt, true, false))
        known = known || c.name == o.client;
    if (!known)
        throw InputError("", "--client", "there is no client \"" + o.client + "\" in the database");
    // What the client may see, as its workbook shows it: never the shopper; staff by pseudonym
    // when asked.
    std::string key;
    if (o.pseudonymise_staff) {
        key = store->pseudonym_key();
        if (key.empty())
            throw InputError("", "--pseudonymise-staff",
                             db + " has no pseudonym key yet and is opened read-only: export a "
                                  "workbook with --pseudonymise-staff once with write access");
    }
    const auto rows =
        services::client_recognition(*store, filter, o.pseudonymise_staff ? &key : nullptr);
    if (o.json) {
        json out = json::array();
        for (const scoring::Recognition& r : rows)
            out.push_back({{"visit", r.visit},
                           {"visited_at", r.visited_at},
                           {"branch", r.branch},
                           {"employee", r.employee.empty() ? json(nullptr) : json(r.employee)},
                           {"employee_name", r.employee_name},
                           {"kind", r.kind},
                           {"section", r.section.empty() ? json(nullptr) : json(r.section)},
                           {"question", r.question.empty() ? json(nullptr) : json(r.question)},
                           {"named_as", r.named_as},
                           {"comment", r.comment},
                           {"reason", r.reason}});
        std::cout << json{{"client", o.client},
                          {"from", o.from ? json(*o.from) : json(nullptr)},
                          {"to", o.to ? json(*o.to) : json(nullptr)},
                          {"recognitions", out}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    if (rows.empty()) {
        std::cout << "No visit of " << o.client
                  << " in the range went beyond the scorecard (docs/recognition.md).\n";
        return 0;
    }
    for (const scoring::Recognition& r : rows)
        std::cout << fmt::format("{}  {:<8} {:<12} {}\n", r.visited_at.substr(0, 10), r.branch,
                                 r.employee.empty() ? "-" : r.employee, r.reason);
    std::cout << rows.size() << (rows.size() == 1 ? " recognition\n" : " recognitions\n");
    return 0;
}

} // namespace

void add_recognition_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto o = std::make_shared<RecognitionOptions>();
    auto* cmd = app.add_subcommand(
        "recognition",
        "a client's approved visits and staff that went beyond the scorecard, for the client to "
        "thank: a complaint-handling (or other chosen) section at 100 with no question NA, or a "
        "comment praising a named member of the branch's staff (docs/recognition.md)");
    cmd->add_option("--client", o->client, "the client (its name)")->required();
    cmd->add_option("--from", o->from, "first visit date (YYYY-MM-DD)");
    cmd->add_option("--to", o->to, "last visit date (YYYY-MM-DD)");
    cmd->add_flag("--pseudonymise-staff", o->pseudonymise_staff,
                  "staff as their pseudonyms (as in the client workbook), without names");
    cmd->add_flag("--json", o->json, "print JSON");
    cmd->callback([&action, &db, o] { action = [&db, o] { return cmd_recognition(db, *o); }; });
}

} // namespace vs::cli
