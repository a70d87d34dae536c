#pragma once
// `visitscore-cli fees statement`: shoppers' monthly fee statements (services/fees.h) as a CSV
// or a workbook; an admin gets every shopper's, a shopper their own; a reviewer or a client is
// refused.

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `fees` command to `app`; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_fees_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
