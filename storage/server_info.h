#pragma once
// What a person is told about the server database a store is connected to: the server, the
// account, what the account is in this database (its role, and the client or shopper it is tied
// to) and whether the connection is encrypted (TLS; libpq's default sslmode=prefer uses it
// whenever the server offers it). Nothing for a SQLite file.

#include "storage/store.h"

#include <optional>
#include <string>

namespace vs::storage {

struct ServerInfo {
    std::string where;   ///< "host:port/database"
    std::string account; ///< the server account (session_user)
    bool encrypted = false;
    /// Whether the database is set up with roles (`server init`); when not, every account may
    /// do what its grants allow and `role` is empty.
    bool roles = false;
    /// admin, reviewer, shopper or client, as the server's policies see the account (a
    /// superuser is an admin); empty when the account has no role in this database.
    std::string role;
    std::string client;  ///< the client a client account (or a narrowed shopper) is tied to
    std::string shopper; ///< a shopper account's shopper code
};

/// The server, account, role and encryption of a PostgreSQL store (pg_store.cpp); nullopt for a
/// SQLite one. StorageError when the server cannot be asked.
std::optional<ServerInfo> server_info(Store& store);

} // namespace vs::storage
