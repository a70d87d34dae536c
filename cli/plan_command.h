#pragma once
// `visitscore-cli plan`: visits needed next period per branch or employee for a confidence
// interval of ±h points (SCORING.md §9, FORMATS.md "Visit planning").

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `plan` command to `app`; when it runs it sets `action`. `db` is read when the action
/// runs (after parsing).
void add_plan_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
