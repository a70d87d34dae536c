#pragma once
// `visitscore-cli action`: action plans after failed visits — listed, shown, opened by hand,
// changed, marked done (proposing the re-shop), verified, and their measured effect
// (services/action_plans.h, docs/action-plans.md).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::storage {
class Store;
}

namespace vs::cli {

/// Adds the `action` command to `app`; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_action_command(CLI::App& app, const std::string& db, std::function<int()>& action);

/// Demo action plans (visitscore-cli demo): per client, on failed approved visits of four
/// branches about 115, 40, 10 and 0 days before `last_day` (the demo's last visit day, days since
/// 1970-01-01), a verified plan, a done one with its re-shop assignment, one in progress and an
/// open one. Every date (start, due, actions, done, the re-shop's window) follows the visits,
/// never the clock. Returns how many were opened.
std::size_t add_demo_action_plans(storage::Store& store, std::uint64_t seed, int last_day);

} // namespace vs::cli
