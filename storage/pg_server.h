#pragma once
// Setting up a shared PostgreSQL server: who sees what, enforced by the server itself, so that a
// person who connects with psql under their own account can do no more than the app lets them
// (ROLES.md). `init` creates the schema (as PgStore does on open) and then:
//
// - four NOLOGIN group roles: visitscore_admin, visitscore_reviewer, visitscore_shopper,
//   visitscore_client, with the table rights of each;
// - server_accounts: which login account is which kind of person in this database (a client
//   account's client, a shopper account's shopper code). Accounts are cluster-wide in
//   PostgreSQL; what an account may do in this database is decided by its row here: every table
//   has row-level security whose policies read it (through session_user);
// - server_clients: per client, whether its account sees staff as pseudonyms and whether photos
//   are withheld from it;
// - the schema visitscore_client: security-barrier views named like the tables, which a client
//   account's search_path puts first, so that the backend's ordinary SQL reads only that
//   client's approved visits, a placeholder for every shopper and, when the client is set so,
//   staff pseudonyms (HMAC-SHA-256 under the database's pseudonym key, which a client account
//   never reads);
// - triggers and checks: a shopper moves a visit only from draft or returned to submitted; a
//   reviewer never approves a visit whose last submission they made; the audit log's author is
//   the connected account for everyone but an admin; only an admin purges.
//
// Only an admin (an account mapped as admin, or a superuser) adds accounts. Running init again
// changes nothing that is there and brings the rights and views up to date.

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vs::storage {

class PgStore;

/// One row of `server user list`.
struct ServerAccount {
    std::string account;
    std::string role;    ///< admin, reviewer, shopper or client
    std::string client;  ///< the client's name, for client (and narrowed shopper) accounts
    std::string shopper; ///< the shopper code, for shopper accounts
    std::string added_at;
    std::string added_by;
};

/// What a client's account sees (`server client`).
struct ClientViewOptions {
    bool pseudonymise_staff = false; ///< staff codes and names as "Staff XXXXXX"
    bool withhold_photos = false;    ///< no attachments at all
};

/// The kinds of person an account can be, as `--role` takes them.
const std::vector<std::string>& server_roles();

/// Server set-up on one database, connected as the account in `uri`.
class PgServer {
  public:
    /// Connects; with `create`, creates or migrates the schema first (init), otherwise the
    /// database must already hold VisitScore data. StorageError when the server cannot be
    /// reached; InputError when `uri` is not a PostgreSQL location.
    PgServer(const std::string& uri, bool create);
    ~PgServer();
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    /// Creates the group roles, rights, policies, views and triggers (idempotent), records the
    /// connected account as an admin and makes sure the pseudonym key exists. Needs a superuser
    /// or an account that owns the tables and may create roles.
    void init();

    /// Creates the login role `name` when it does not exist (no password: the person sets one
    /// with \password in psql, or set_password), grants it the group role of `role` and records
    /// what it is in this database. InputError naming an unknown role, client or shopper code;
    /// StorageError "… refused by the server …" unless the connected account is an admin.
    void add_account(const std::string& name, const std::string& role,
                     const std::optional<std::string>& client,
                     const std::optional<std::string>& shopper);

    /// Sets the password of `name` (an admin, or the account itself). The password is turned
    /// into a SCRAM verifier here; only the verifier reaches the server.
    void set_password(const std::string& name, const std::string& password);

    /// The accounts recorded in this database (an admin sees all; anyone else their own).
    std::vector<ServerAccount> accounts();

    /// Changes what `client`'s account sees (the options given; the others stay) and returns
    /// the options now in force. InputError naming an unknown client. Admin only.
    ClientViewOptions client_options(const std::string& client,
                                     const std::optional<bool>& pseudonymise_staff,
                                     const std::optional<bool>& withhold_photos);

    /// The account connected (session_user).
    const std::string& account() const;

  private:
    std::unique_ptr<PgStore> m_store;
};

} // namespace vs::storage
