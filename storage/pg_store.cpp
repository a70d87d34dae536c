// The PostgreSQL store: connecting, opening a database as an OpenMode says, and the settings.
#include "storage/pg_store.h"

#include "forms/error.h"
#include "storage/pg_common.h"
#include "storage/pg_schema.h"
#include "storage/server_info.h"

#include <cstdlib>
#include <libpq-fe.h>
#include <memory>
#include <openssl/rand.h>

namespace vs::storage {

namespace {

/// The connection string without a password, for messages.
std::string shown(const std::string& uri) {
    const auto scheme = uri.find("://");
    const auto at = uri.find('@');
    if (scheme == std::string::npos || at == std::string::npos || at < scheme)
        return uri;
    const auto colon = uri.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at)
        return uri;
    return uri.substr(0, colon) + ":…" + uri.substr(at);
}

/// What a person is told beside libpq's words when the server's TLS certificate is refused
/// (sslmode=verify-ca or verify-full): which server, which certificate authorities were trusted
/// and what to do; empty for any other failure.
std::string certificate_advice(const std::string& uri, const std::string& message) {
    const bool unknown_ca = message.find("certificate verify failed") != std::string::npos;
    const bool wrong_name = message.find("does not match host name") != std::string::npos;
    if (!unknown_ca && !wrong_name)
        return "";
    std::string host, port, root;
    char* error = nullptr;
    const std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> options(
        PQconninfoParse(uri.c_str(), &error), &PQconninfoFree);
    if (error)
        PQfreemem(error);
    for (const PQconninfoOption* o = options.get(); o && o->keyword; ++o) {
        if (!o->val)
            continue;
        const std::string key = o->keyword;
        if (key == "host")
            host = o->val;
        else if (key == "port")
            port = o->val;
        else if (key == "sslrootcert")
            root = o->val;
    }
    if (root.empty()) {
        const char* given = std::getenv("PGSSLROOTCERT");
        root = given && *given ? given : "~/.postgresql/root.crt";
    }
    const std::string server =
        (host.empty() ? "localhost" : host) + (port.empty() ? "" : ":" + port);
    if (wrong_name)
        return "\nthe TLS certificate of the server " + server +
               " is not made out to the name connected to (" + host +
               "; sslmode=verify-full checks it): connect by a name the certificate holds";
    return "\nthe TLS certificate of the server " + server +
           " is not signed by a certificate authority in " + root +
           " (sslrootcert): that file must hold the certificate of the authority that signed the "
           "server's (ask the server's administrator for it)";
}

std::unique_ptr<pqxx::connection> connect(const std::string& uri) {
    try {
        auto conn = std::make_unique<pqxx::connection>(uri);
        // Times the backend writes are UTC whatever the server's own zone.
        conn->set_variable("TimeZone", "'UTC'");
        return conn;
    } catch (const pqxx::broken_connection& e) {
        std::string message = e.what();
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        throw StorageError("cannot connect to the PostgreSQL server " + shown(uri) + ": " +
                           message + certificate_advice(uri, message));
    } catch (const pqxx::failure& e) {
        throw StorageError("cannot connect to the PostgreSQL server " + shown(uri) + ": " +
                           e.what());
    }
}

} // namespace

PgStore::PgStore(const std::string& uri, OpenMode mode)
    : m_uri(uri), m_read_only(mode == OpenMode::ReadOnly), m_conn(connect(uri)) {
    try {
        {
            pqxx::read_transaction tx(*m_conn);
            m_account = tx.exec("SELECT session_user")[0][0].as<std::string>();
        }
        const int version = pg_schema_version(*m_conn);
        if (version == 0 && (mode == OpenMode::MustExist || mode == OpenMode::ReadOnly))
            throw InputError(shown(uri), "",
                             "the server database holds no VisitScore data (run "
                             "`visitscore-cli --db URI server init` first); nothing was changed");
        if (m_read_only) {
            // An older database is brought up to date first, as a read-only open of a SQLite
            // file does where it may write: this version's reads need its schema. The owner's
            // rights are needed for that; another account is told the server's refusal.
            if (version < kPgSchemaVersion)
                pg_migrate(*m_conn);
            if (version > kPgSchemaVersion)
                throw StorageError(pg_where(*m_conn) +
                                   ": the database was written by a newer VisitScore (schema "
                                   "version " +
                                   std::to_string(version) + "; this version reads up to " +
                                   std::to_string(kPgSchemaVersion) + ")");
            m_conn->set_variable("default_transaction_read_only", "on");
        } else if (version != kPgSchemaVersion) {
            pg_migrate(*m_conn);
        }
        try {
            m_changes = std::make_unique<ChangeListener>(*m_conn);
        } catch (const pqxx::failure&) {
            m_changes.reset(); // data_version then reads the count on every call
        }
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "opening the database", e);
    }
}

/// Notes that a notice of changed data came in; LISTENs from construction on.
class PgStore::ChangeListener final : public pqxx::notification_receiver {
  public:
    explicit ChangeListener(pqxx::connection& conn)
        : pqxx::notification_receiver(conn, "visitscore_data_changed") {}
    void operator()(const std::string&, int) override { changed = true; }
    bool changed = true; ///< the first data_version reads the count
};

bool PgStore::changes_noticed() {
    if (!m_changes)
        return true;      // no LISTEN: read the count every time
    m_conn->get_notifs(); // reads the socket without waiting; a notice sets `changed`
    const bool changed = m_changes->changed;
    m_changes->changed = false;
    return changed;
}

PgStore::~PgStore() = default;

std::string PgStore::setting(const std::string& key, const std::string& fallback) {
    try {
        // One statement on its own (no BEGIN and COMMIT: one round trip): an approval reads
        // about ten settings (self-approval, the action plans' threshold, the alert rules).
        pqxx::nontransaction tx(*m_conn);
        const pqxx::result r = tx.exec_prepared(
            pg_prepared(*m_conn, "visitscore_setting", "SELECT value FROM settings WHERE key = $1"),
            key);
        return r.empty() ? fallback : r[0][0].as<std::string>();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the setting " + key, e);
    }
}

std::map<std::string, std::string> PgStore::settings(const std::vector<std::string>& keys) {
    std::map<std::string, std::string> out;
    if (keys.empty())
        return out;
    std::string in;
    for (std::size_t i = 1; i <= keys.size(); ++i)
        in += (i > 1 ? ", $" : "$") + std::to_string(i);
    try {
        pqxx::nontransaction tx(*m_conn);
        for (const auto& row :
             tx.exec_params("SELECT key, value FROM settings WHERE key IN (" + in + ")",
                            pqxx::prepare::make_dynamic_params(keys)))
            out.emplace(row[0].as<std::string>(), row[1].as<std::string>());
        return out;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the settings " + keys.front() + "…", e);
    }
}

void PgStore::set_setting(const std::string& key, const std::string& value) {
    set_settings({{key, value}});
}

void PgStore::set_settings(const std::vector<std::pair<std::string, std::string>>& values) {
    if (values.empty())
        return;
    try {
        pqxx::work tx(*m_conn);
        for (const auto& [key, value] : values)
            tx.exec_params("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) "
                           "DO UPDATE SET value = EXCLUDED.value",
                           key, value);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "storing the setting " + values.front().first, e);
    }
}

std::string PgStore::pseudonym_key() {
    constexpr const char* kKey = "pseudonym_key";
    std::string key = setting(kKey, "");
    if (!key.empty() || m_read_only)
        return key;
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw StorageError(pg_where(*m_conn) + ": cannot make a random key for staff pseudonyms");
    static const char hex[] = "0123456789abcdef";
    for (unsigned char b : bytes) {
        key += hex[b >> 4];
        key += hex[b & 15];
    }
    try {
        // Another connection may store its key first: whichever is stored is the database's key.
        pqxx::work tx(*m_conn);
        tx.exec_params("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                       kKey, key);
        const std::string stored =
            tx.exec_params("SELECT value FROM settings WHERE key = $1", kKey)[0][0]
                .as<std::string>();
        tx.commit();
        return stored;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "storing the key for staff pseudonyms", e);
    }
}

std::optional<ServerInfo> server_info(Store& store) {
    auto* pg = dynamic_cast<PgStore*>(&store);
    if (!pg)
        return std::nullopt;
    ServerInfo info;
    info.account = pg->account();
    try {
        info.where = pg_where(pg->connection());
        pqxx::nontransaction tx(pg->connection());
        const pqxx::result r =
            tx.exec("SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), "
                    "false), to_regprocedure('public.visitscore_account_role()') IS NOT NULL");
        info.encrypted = r[0][0].as<bool>();
        info.roles = r[0][1].as<bool>();
        if (info.roles) {
            // The role the server's policies decide by (pg_server.cpp), and what the account
            // is tied to: its own row of server_accounts, which every account may read; a
            // client account reads `clients` through its view (its own client only).
            info.role = tx.exec("SELECT coalesce(public.visitscore_account_role(), '')")[0][0]
                            .as<std::string>();
            const pqxx::result tie =
                tx.exec("SELECT coalesce((SELECT name FROM clients WHERE id = a.client_id), ''), "
                        "coalesce(a.shopper_code, '') FROM public.server_accounts a "
                        "WHERE a.account = session_user");
            if (!tie.empty()) {
                info.client = tie[0][0].as<std::string>();
                info.shopper = tie[0][1].as<std::string>();
            }
        }
    } catch (const pqxx::failure& e) {
        throw pg_error(pg->connection(), "asking about the connection and the account's role", e);
    }
    return info;
}

bool is_server_location(const std::string& location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Store> open_postgres(const std::string& uri, OpenMode mode) {
    return std::make_unique<PgStore>(uri, mode);
}

std::unique_ptr<Store> open_store(const std::string& location, OpenMode mode,
                                  Checkpoints checkpoints) {
    if (is_server_location(location))
        return open_postgres(location, mode);
    return open_sqlite(location, mode, checkpoints);
}

} // namespace vs::storage
