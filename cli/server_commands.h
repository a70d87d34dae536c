#pragma once
// `visitscore-cli server …`: setting up a shared PostgreSQL server (storage/pg_server.h) — its
// roles and rights (init), people's accounts (user add, user list, user password) and what a
// client's account sees (client).

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace vs::cli {

/// Adds the `server` command and its subcommands to `app`; the one that runs sets `action`.
/// `db` is read when the action runs (after parsing).
void add_server_commands(CLI::App& app, const std::string& db, std::function<int()>& action);

} // namespace vs::cli
