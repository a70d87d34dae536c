#pragma once
// `visitscore-cli visits import-survey` and `visits survey-mapping`: customer survey responses
// from a survey tool's own CSV export through a client's column mapping (docs/survey-import.md).

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds `import-survey` and `survey-mapping show|set|remove` to the `visits` command; when one
/// runs it sets `action`. `db` is read when the action runs (after parsing).
void add_survey_commands(CLI::App& visits, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
