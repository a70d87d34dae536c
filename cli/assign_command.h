#pragma once
// `visitscore-cli assign`: assignments made from the visit plan, added, edited, listed,
// imported from CSV, cancelled, accepted and declined (services/assignments.h).

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `assign` command to `app`; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_assign_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
