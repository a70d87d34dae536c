#pragma once
// `visitscore-cli bundle`: field bundles (docs/bundles.md) — an assignment bundle for a
// shopper, opening it in the shopper's database, a return bundle of submitted visits with their
// photos, and importing it at the consultancy.

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `bundle` command and its subcommands to `app`; when one runs it sets `action`.
/// `db` is read when the action runs (after parsing).
void add_bundle_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
