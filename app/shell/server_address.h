#pragma once
// Where a server database is, without windows: a PostgreSQL connection URI
// (postgresql://user@host:port/database) and its parts, the URI without a password (what the
// app shows and remembers: a password is never stored), the password added for one connection
// in memory, the recent servers, and whether a failed connection asks for a password.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace vs::app {

/// The parts of a server database's URI a person fills in (percent-decoded).
struct ServerAddress {
    std::string host;
    std::string port;
    std::string database;
    std::string user;
    bool operator==(const ServerAddress&) const = default;
};

/// The parts of a postgresql:// or postgres:// URI; nullopt when `uri` is not one.
std::optional<ServerAddress> parse_server_uri(const std::string& uri);
/// postgresql://user@host:port/database with each part percent-encoded (empty parts left out).
std::string server_uri(const ServerAddress& address);
/// Whether `uri` carries a password (user:password@ or a password= parameter).
bool has_password(const std::string& uri);
/// `uri` without its password (both forms); unchanged when it has none.
std::string without_password(const std::string& uri);
/// `uri` with the parameter `key`=`value` (percent-encoded) appended, for one connection.
std::string with_parameter(const std::string& uri, const std::string& key,
                           const std::string& value);
/// `text` with every occurrence of `secret` (and of its percent-encoded form) replaced by "…":
/// for messages about a connection made with a password.
std::string scrub(std::string text, const std::string& secret);
/// "user@host:port/database" for the title and status bar (no password).
std::string server_label(const std::string& uri);
/// Whether a connection failure says the server wants a password it did not get, or refused
/// the one given.
bool asks_for_password(const std::string& message);
/// Whether a storage error says the connection to the server is gone (the server stopped or
/// ended the session, the network dropped).
bool connection_lost_message(const std::string& message);
/// The recent servers with `uri` first (without its password), no duplicates, at most `max`.
std::vector<std::string> remember_server(std::vector<std::string> recent, const std::string& uri,
                                         std::size_t max = 8);

} // namespace vs::app
