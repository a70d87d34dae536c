#pragma once
// `visitscore-cli voice`: what each branch's customers say beside its mystery-shop score, and
// which behaviours go with it across branches (SCORING.md §10, FORMATS.md "Customer voice").

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `voice` command to `app`; when it runs it sets `action`. `db` is read when the action
/// runs (after parsing).
void add_voice_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
