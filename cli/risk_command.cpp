#include "cli/risk_command.h"

#include "cli/commands.h"
#include "forms/error.h"
#include "services/integrity.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace vs::cli {
namespace {

using json = nlohmann::ordered_json;

struct RiskOptions {
    std::string client;
    std::string status = "submitted";
    bool json = false;
};

int cmd_visits_risk(const std::string& db, const RiskOptions& o) {
    services::RiskQuery query;
    query.client = o.client;
    const auto status = forms::status_from_string(o.status);
    if (!status)
        throw InputError("", "--status",
                         "\"" + o.status +
                             "\" is not a status (draft, submitted, approved, returned, excluded)");
    query.status = *status;
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    const auto thresholds = services::integrity_thresholds(*store);
    const auto risks = services::risk_queue(*store, query, thresholds);
    if (o.json) {
        json out = json::array();
        for (const services::VisitRisk& r : risks) {
            json signals = json::array();
            for (const auto& s : r.signals)
                signals.push_back(
                    {{"name", s.name}, {"weight", s.weight}, {"explanation", s.explanation}});
            out.push_back({{"uuid", r.uuid},
                           {"client", r.client},
                           {"branch", r.branch},
                           {"shopper", r.shopper},
                           {"visited_at", r.visited_at},
                           {"status", std::string(forms::to_string(r.status))},
                           {"score", r.score ? json(*r.score) : json(nullptr)},
                           {"risk", r.risk},
                           {"signals", signals}});
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const services::VisitRisk& r : risks) {
        std::cout << fmt::format("{:>3}  {}  {}  {}  {}\n", r.risk, r.uuid, r.visited_at, r.branch,
                                 r.shopper);
        for (const auto& s : r.signals)
            std::cout << fmt::format("       {} (+{}): {}\n", s.name, s.weight, s.explanation);
    }
    return 0;
}

} // namespace

void add_risk_command(CLI::App& visits, const std::string& db, std::function<int()>& action) {
    static RiskOptions o;
    auto* cmd = visits.add_subcommand(
        "risk", "the review queue by integrity risk: each visit's risk and signals "
                "(docs/integrity.md)");
    cmd->add_option("--client", o.client, "only this client (its name)");
    cmd->add_option("--status", o.status, "the visits of this status (default: submitted)");
    cmd->add_flag("--json", o.json, "print JSON");
    cmd->callback([&] { action = [&] { return cmd_visits_risk(db, o); }; });
}

} // namespace vs::cli
