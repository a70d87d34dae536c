// NotificationStore of the PostgreSQL backend. The server's rules (pg_server.cpp) decide who
// reads and raises which notification: the staff every one, a client's account reads only its
// own client's and raises none (the staff's delivery run raises a dispute point's notice), a
// shopper none.

#include "storage/email_address.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"

#include <set>

namespace vs::storage {
namespace {

constexpr const char* kNow =
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

constexpr const char* kMailSelect =
    "SELECT m.id, m.notification_id, m.recipient, m.message_id, n.subject, n.body, c.name, "
    "n.created_at, m.status, m.attempts, m.last_error, m.next_try, coalesce(m.sent_at, '') "
    "FROM alert_mail m JOIN notifications n ON n.id = m.notification_id "
    "JOIN clients c ON c.id = n.client_id ";

OutboxMail read_mail(const pqxx::row& r) {
    OutboxMail m;
    m.id = r[0].as<std::int64_t>();
    m.notification_id = r[1].as<std::int64_t>();
    m.recipient = text_or_empty(r[2]);
    m.message_id = text_or_empty(r[3]);
    m.subject = text_or_empty(r[4]);
    m.body = text_or_empty(r[5]);
    m.client = text_or_empty(r[6]);
    m.created_at = text_or_empty(r[7]);
    m.status = text_or_empty(r[8]);
    m.attempts = r[9].as<int>();
    m.last_error = text_or_empty(r[10]);
    m.next_try = text_or_empty(r[11]);
    m.sent_at = text_or_empty(r[12]);
    return m;
}

std::int64_t client_id_of(pqxx::transaction_base& tx, const std::string& client) {
    const pqxx::result c = tx.exec_params("SELECT id FROM clients WHERE name = $1", client);
    if (c.empty())
        throw StorageError("client \"" + client + "\" is not in the database");
    return c[0][0].as<std::int64_t>();
}

} // namespace

bool PgStore::add_notification(const NewNotification& n) {
    check_email_addresses(n.recipients, "recipient");
    try {
        // An account that may not raise notifications (a client's) stores none: the staff's
        // delivery run raises what it missed (services::raise_missing_alerts). That and the
        // client in one statement on its own, and a notification without recipients stored by
        // one statement on its own: the approval of a failed visit waits for them.
        std::int64_t client_id = 0;
        {
            pqxx::nontransaction tx(*m_conn);
            const pqxx::row may = tx.exec_params1(
                "SELECT has_table_privilege('notifications', 'INSERT'), (SELECT id FROM clients "
                "WHERE name = $1)",
                n.client);
            if (!may[0].as<bool>())
                return false;
            if (may[1].is_null())
                throw StorageError("client \"" + n.client + "\" is not in the database");
            client_id = may[1].as<std::int64_t>();
        }
        const auto insert = [&](pqxx::transaction_base& tx) {
            return tx.exec_params(
                "INSERT INTO notifications (event_key, rule, client_id, branch, visit_id, "
                "subject, body) VALUES ($1, $2, $3, $4, (SELECT id FROM visits WHERE uuid = $5), "
                "$6, $7) ON CONFLICT (event_key) DO NOTHING RETURNING id",
                n.event_key, n.rule, client_id, n.branch, n.visit_uuid, n.subject, n.body);
        };
        if (n.recipients.empty()) {
            pqxx::nontransaction tx(*m_conn);
            return !insert(tx).empty(); // empty: already raised
        }
        pqxx::work tx(*m_conn);
        const pqxx::result ins = insert(tx);
        if (ins.empty())
            return false; // already raised
        const std::int64_t id = ins[0][0].as<std::int64_t>();
        // Each address once.
        std::set<std::string> seen;
        for (const std::string& to : n.recipients)
            if (seen.insert(to).second)
                tx.exec_params(std::string("INSERT INTO alert_mail (notification_id, recipient, "
                                           "message_id, next_try) VALUES ($1, $2, $3, ") +
                                   kNow + ")",
                               id, to, alert_message_id(n.event_key, to));
        tx.commit();
        return true;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "storing the notification " + n.event_key, e);
    }
}

std::vector<Notification> PgStore::notifications(const NotificationFilter& f) {
    return pg_read(*m_conn, nullptr, "reading notifications", [&](pqxx::transaction_base& tx) {
        std::vector<Notification> out;
        for (const auto& r : tx.exec_params(
                 "SELECT n.id, n.event_key, n.rule, c.name, n.branch, "
                 "coalesce((SELECT v.uuid FROM visits v WHERE v.id = n.visit_id), ''), n.subject, "
                 "n.body, n.created_at, m.account IS NOT NULL FROM notifications n JOIN clients "
                 "c ON c.id = n.client_id LEFT JOIN notification_reads m ON m.notification_id = "
                 "n.id AND m.account = session_user WHERE ($1 = '' OR c.name = $1) AND (NOT $2 "
                 "OR m.account IS NULL) AND n.created_at >= $3 ORDER BY n.id DESC",
                 f.client, f.unread_only, f.since)) {
            Notification n;
            n.id = r[0].as<std::int64_t>();
            n.event_key = text_or_empty(r[1]);
            n.rule = text_or_empty(r[2]);
            n.client = text_or_empty(r[3]);
            n.branch = text_or_empty(r[4]);
            n.visit_uuid = text_or_empty(r[5]);
            n.subject = text_or_empty(r[6]);
            n.body = text_or_empty(r[7]);
            n.created_at = text_or_empty(r[8]);
            n.read = r[9].as<bool>();
            out.push_back(std::move(n));
        }
        return out;
    });
}

void PgStore::set_notification_read(std::int64_t id, bool read) {
    try {
        // The connected account's own mark (each person's inbox is their own; the server writes
        // the account and the time); the notification as this account may read it, or none.
        pqxx::work tx(*m_conn);
        const pqxx::row r = tx.exec_params1(
            "WITH target AS (SELECT id FROM notifications WHERE id = $1), "
            "marked AS (INSERT INTO notification_reads (notification_id) "
            "SELECT id FROM target WHERE $2 ON CONFLICT DO NOTHING), "
            "unmarked AS (DELETE FROM notification_reads WHERE NOT $2 AND account = session_user "
            "AND notification_id = (SELECT id FROM target)) "
            "SELECT count(*) FROM target",
            id, read);
        if (r[0].as<int>() == 0)
            throw StorageError("notification " + std::to_string(id) + " is not in the database");
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "marking notification " + std::to_string(id), e);
    }
}

std::vector<OutboxMail> PgStore::outbox(const std::string& due_at) {
    return pg_read(*m_conn, nullptr, "reading the e-mail outbox", [&](pqxx::transaction_base& tx) {
        std::vector<OutboxMail> out;
        for (const auto& r :
             tx.exec_params(std::string(kMailSelect) +
                                "WHERE $1 = '' OR (m.status = 'pending' AND m.next_try <= $1) "
                                "ORDER BY m.id",
                            due_at))
            out.push_back(read_mail(r));
        return out;
    });
}

bool PgStore::claim_mail(std::int64_t id, const std::string& seen_next_try,
                         const std::string& lease_until) {
    try {
        pqxx::work tx(*m_conn);
        const pqxx::result r =
            tx.exec_params("UPDATE alert_mail SET attempts = attempts + 1, next_try = $3 "
                           "WHERE id = $1 AND status = 'pending' AND next_try = $2",
                           id, seen_next_try, lease_until);
        tx.commit();
        return r.affected_rows() == 1;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "claiming e-mail " + std::to_string(id), e);
    }
}

void PgStore::mark_mail_sent(std::int64_t id, const std::string& at) {
    try {
        pqxx::work tx(*m_conn);
        tx.exec_params("UPDATE alert_mail SET status = 'sent', sent_at = $2, last_error = '' "
                       "WHERE id = $1",
                       id, at);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "marking e-mail " + std::to_string(id) + " sent", e);
    }
}

void PgStore::mark_mail_failed(std::int64_t id, const std::string& error,
                               const std::string& next_try) {
    try {
        pqxx::work tx(*m_conn);
        tx.exec_params("UPDATE alert_mail SET last_error = $2, next_try = $3 WHERE id = $1 AND "
                       "status = 'pending'",
                       id, error, next_try);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "recording a failed attempt of e-mail " + std::to_string(id), e);
    }
}

std::vector<AlertRecipient> PgStore::alert_recipients(const std::string& client) {
    return pg_read(*m_conn, nullptr, "reading alert addresses", [&](pqxx::transaction_base& tx) {
        std::vector<AlertRecipient> out;
        for (const auto& r :
             tx.exec_params("SELECT c.name, r.branch, r.address FROM alert_recipients r JOIN "
                            "clients c ON c.id = r.client_id WHERE $1 = '' OR c.name = $1 "
                            "ORDER BY c.name, r.branch, r.address",
                            client))
            out.push_back({text_or_empty(r[0]), text_or_empty(r[1]), text_or_empty(r[2])});
        return out;
    });
}

void PgStore::set_alert_recipients(const std::string& client, const std::string& branch,
                                   const std::vector<std::string>& addresses) {
    check_email_addresses(addresses, "address");
    try {
        pqxx::work tx(*m_conn);
        const std::int64_t client_id = client_id_of(tx, client);
        tx.exec_params("DELETE FROM alert_recipients WHERE client_id = $1 AND branch = $2",
                       client_id, branch);
        for (const std::string& a : addresses)
            tx.exec_params("INSERT INTO alert_recipients (client_id, branch, address) VALUES "
                           "($1, $2, $3) ON CONFLICT DO NOTHING",
                           client_id, branch, a);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "setting alert addresses of " + client, e);
    }
}

} // namespace vs::storage
