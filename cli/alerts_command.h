#pragma once
// `visitscore-cli alerts`: the alert inbox and e-mail outbox, their delivery over SMTP (for
// cron), the rules and the addresses per client or branch (services/alerts.h, docs/alerts.md).

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `alerts` command to `app`; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_alerts_command(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
