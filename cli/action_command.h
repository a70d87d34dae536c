#pragma once
// `visitscore-cli action`: action plans after failed visits — listed, shown, opened by hand,
// changed, marked done (proposing the re-shop), verified, and their measured effect
// (services/action_plans.h, docs/action-plans.md).

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `action` command to `app`; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_action_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
