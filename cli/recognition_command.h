#pragma once
// `visitscore-cli recognition`: a client's visits and staff that went beyond the scorecard, for
// the client to thank (services/recognition.h, docs/recognition.md).

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `recognition` command to `app`; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_recognition_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
