#pragma once
// `visitscore-cli visits risk`: the review queue's visits with their integrity risk and named
// signals (docs/integrity.md).

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds `risk` to the `visits` command; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_risk_command(CLI::App& visits, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
