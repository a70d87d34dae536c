#include "cli/server_commands.h"

#include "cli/commands.h"
#include "cli/terminal_secret.h"
#include "forms/error.h"
#include "storage/pg_server.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace vs::cli {
namespace {

/// Reads a line from the terminal without echoing it; InputError when there is no terminal
/// (a password never comes from the command line or a pipe of the shell's history).
std::string read_secret_or_refuse(const std::string& prompt) {
    std::optional<std::string> secret = read_secret(prompt);
    if (!secret)
        throw InputError("", "--password-prompt",
                         "there is no terminal to ask for the password on; nothing was changed");
    return *secret;
}

/// Asks for a new password twice; InputError when the two differ.
std::string new_password(const std::string& account) {
    const std::string first = read_secret_or_refuse("New password for " + account + ": ");
    const std::string again = read_secret_or_refuse("Again: ");
    if (first != again)
        throw InputError("", "--password-prompt", "the two passwords differ; nothing was changed");
    return first;
}

std::optional<bool> on_off(const std::optional<std::string>& value, const char* option) {
    if (!value)
        return std::nullopt;
    if (*value == "true" || *value == "on" || *value == "yes")
        return true;
    if (*value == "false" || *value == "off" || *value == "no")
        return false;
    throw InputError("", option, "\"" + *value + "\" is not true or false");
}

/// Connects as PgServer does, asking for the password on the terminal when the server wants
/// one that libpq found nowhere (as every other command does).
std::unique_ptr<storage::PgServer> connect_server(const std::string& db, bool create) {
    try {
        return std::make_unique<storage::PgServer>(db, create);
    } catch (const storage::StorageError&) {
        ask_password_or_rethrow(db);
    }
    return std::make_unique<storage::PgServer>(db, create);
}

struct ServerOptions {
    std::string name;
    std::string role;
    std::optional<std::string> client;
    std::optional<std::string> shopper;
    bool password_prompt = false;
    bool json = false;
    std::optional<std::string> pseudonymise_staff;
    std::optional<std::string> withhold_photos;
};

int server_init(const std::string& db) {
    const std::unique_ptr<storage::PgServer> server = connect_server(db, true);
    server->init();
    std::cout << "server ready: roles visitscore_admin, visitscore_reviewer, visitscore_shopper, "
                 "visitscore_client; "
              << server->account() << " is an admin of this database\n";
    return 0;
}

int server_user_add(const std::string& db, const ServerOptions& o) {
    const std::unique_ptr<storage::PgServer> server = connect_server(db, false);
    // Asked first: a prompt that cannot be answered leaves no account behind.
    const std::string password = o.password_prompt ? new_password(o.name) : std::string();
    server->add_account(o.name, o.role, o.client, o.shopper);
    std::cout << "account " << o.name << " added as " << o.role
              << (o.client ? " of " + *o.client : "")
              << (o.shopper ? " (shopper " + *o.shopper + ")" : "") << "\n";
    if (o.password_prompt)
        server->set_password(o.name, password);
    else
        std::cout << "no password set: " << o.name
                  << " sets one with \\password in psql, or run `server user password " << o.name
                  << "`\n";
    return 0;
}

int server_user_password(const std::string& db, const ServerOptions& o) {
    const std::unique_ptr<storage::PgServer> server = connect_server(db, false);
    server->set_password(o.name, new_password(o.name));
    std::cout << "password of " << o.name << " changed\n";
    return 0;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

int server_user_list(const std::string& db, const ServerOptions& o) {
    const std::unique_ptr<storage::PgServer> server = connect_server(db, false);
    const std::vector<storage::ServerAccount> accounts = server->accounts();
    if (o.json) {
        std::cout << "[";
        for (std::size_t i = 0; i < accounts.size(); ++i) {
            const auto& a = accounts[i];
            std::cout << (i ? ",\n " : "") << "{\"account\": " << json_string(a.account)
                      << ", \"role\": " << json_string(a.role)
                      << ", \"client\": " << json_string(a.client)
                      << ", \"shopper\": " << json_string(a.shopper)
                      << ", \"added_at\": " << json_string(a.added_at)
                      << ", \"added_by\": " << json_string(a.added_by) << "}";
        }
        std::cout << "]\n";
        return 0;
    }
    for (const auto& a : accounts) {
        std::cout << a.account << "\t" << a.role;
        if (!a.client.empty())
            std::cout << "\tclient " << a.client;
        if (!a.shopper.empty())
            std::cout << "\tshopper " << a.shopper;
        std::cout << "\t(added " << a.added_at << " by " << a.added_by << ")\n";
    }
    return 0;
}

int server_client(const std::string& db, const ServerOptions& o) {
    const std::unique_ptr<storage::PgServer> server = connect_server(db, false);
    const storage::ClientViewOptions now =
        server->client_options(o.name, on_off(o.pseudonymise_staff, "--pseudonymise-staff"),
                               on_off(o.withhold_photos, "--withhold-photos"));
    std::cout << o.name << ": staff " << (now.pseudonymise_staff ? "as pseudonyms" : "by name")
              << ", photos " << (now.withhold_photos ? "withheld" : "shown")
              << " (approved visits only)\n";
    return 0;
}

} // namespace

void add_server_commands(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto options = std::make_shared<ServerOptions>();
    auto* server = app.add_subcommand(
        "server", "set up a shared PostgreSQL server: roles, rights and people's accounts");
    server->require_subcommand(1);

    auto* init = server->add_subcommand(
        "init", "create the schema, the group roles, their rights and the client views "
                "(idempotent; as a superuser)");
    init->callback([&db, &action] { action = [&db] { return server_init(db); }; });

    auto* user = server->add_subcommand("user", "people's accounts on the server");
    user->require_subcommand(1);
    auto* add = user->add_subcommand(
        "add", "add a login account (admin, reviewer, shopper or client); admins only");
    add->add_option("NAME", options->name, "the account's login name")->required();
    add->add_option("--role", options->role, "admin, reviewer, shopper or client")
        ->required()
        ->check(CLI::IsMember(storage::server_roles()));
    add->add_option("--client", options->client,
                    "the client (its name) a client account sees, or a shopper account's client");
    add->add_option("--shopper", options->shopper, "a shopper account's shopper code");
    add->add_flag("--password-prompt", options->password_prompt,
                  "ask for the account's password on the terminal (never on the command line)");
    add->callback([&db, &action, options] {
        action = [&db, options] { return server_user_add(db, *options); };
    });
    auto* list = user->add_subcommand("list", "the accounts of this database and what they are");
    list->add_flag("--json", options->json, "print JSON");
    list->callback([&db, &action, options] {
        action = [&db, options] { return server_user_list(db, *options); };
    });
    auto* password = user->add_subcommand(
        "password", "set an account's password, asked on the terminal (an admin, or yourself)");
    password->add_option("NAME", options->name, "the account")->required();
    password->callback([&db, &action, options] {
        action = [&db, options] { return server_user_password(db, *options); };
    });

    auto* client = server->add_subcommand(
        "client", "what a client's accounts see: staff pseudonyms, photos; admins only");
    client->add_option("NAME", options->name, "the client's name")->required();
    client->add_option("--pseudonymise-staff", options->pseudonymise_staff,
                       "true: staff as stable pseudonyms; false: by code and name");
    client->add_option("--withhold-photos", options->withhold_photos,
                       "true: no attachments for the client's accounts");
    client->callback([&db, &action, options] {
        action = [&db, options] { return server_client(db, *options); };
    });
}

} // namespace vs::cli
