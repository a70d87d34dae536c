#pragma once
// Asking for a password on the terminal: never from the command line, a pipe or a file.

#include <optional>
#include <string>

namespace vs::cli {

/// Shows `prompt` on the controlling terminal and reads one line from it without echoing it;
/// nullopt when the process has no terminal.
std::optional<std::string> read_secret(const std::string& prompt);

} // namespace vs::cli
