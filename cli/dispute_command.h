#pragma once
// `visitscore-cli dispute`: disputes of released visits, opened per question, listed, decided by
// an arbiter, and their statistics (services/disputes.h, docs/disputes.md).

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `dispute` command to `app`; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_dispute_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
