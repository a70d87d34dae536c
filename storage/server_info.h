#pragma once
// What a person is told about the server database a store is connected to: the server, the
// account and whether the connection is encrypted (TLS; libpq's default sslmode=prefer uses it
// whenever the server offers it). Nothing for a SQLite file.

#include "storage/store.h"

#include <optional>
#include <string>

namespace vs::storage {

struct ServerInfo {
    std::string where;   ///< "host:port/database"
    std::string account; ///< the server account (session_user)
    bool encrypted = false;
};

/// The server, account and encryption of a PostgreSQL store (pg_store.cpp); nullopt for a
/// SQLite one. StorageError when the server cannot be asked.
std::optional<ServerInfo> server_info(Store& store);

} // namespace vs::storage
