// NotificationStore of the SQLite backend: the inbox, the e-mail outbox and the alert addresses.
// On one file the person at the desk is the consultancy and reads every client's notifications.

#include "storage/assignment_checks.h"
#include "storage/audit_chain.h"
#include "storage/email_address.h"
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace vs::storage {
namespace {

constexpr const char* kMailSelect =
    "SELECT m.id, m.notification_id, m.recipient, m.message_id, n.subject, n.body, c.name, "
    "n.created_at, m.status, m.attempts, m.last_error, m.next_try, coalesce(m.sent_at, '') "
    "FROM alert_mail m JOIN notifications n ON n.id = m.notification_id "
    "JOIN clients c ON c.id = n.client_id ";

OutboxMail read_mail(SQLite::Statement& st) {
    OutboxMail m;
    m.id = st.getColumn(0).getInt64();
    m.notification_id = st.getColumn(1).getInt64();
    m.recipient = text_or_empty(st.getColumn(2));
    m.message_id = text_or_empty(st.getColumn(3));
    m.subject = text_or_empty(st.getColumn(4));
    m.body = text_or_empty(st.getColumn(5));
    m.client = text_or_empty(st.getColumn(6));
    m.created_at = text_or_empty(st.getColumn(7));
    m.status = text_or_empty(st.getColumn(8));
    m.attempts = st.getColumn(9).getInt();
    m.last_error = text_or_empty(st.getColumn(10));
    m.next_try = text_or_empty(st.getColumn(11));
    m.sent_at = text_or_empty(st.getColumn(12));
    return m;
}

std::int64_t client_id_of(SQLite::Database& db, const std::string& client) {
    SQLite::Statement c(db, "SELECT id FROM clients WHERE name = ?");
    c.bind(1, client);
    if (!c.executeStep())
        throw StorageError("client \"" + client + "\" is not in the database");
    return c.getColumn(0).getInt64();
}

} // namespace

std::string alert_message_id(const std::string& event_key, const std::string& recipient) {
    const std::string key = event_key + '\n' + recipient;
    return "<alert." + sha256_hex(key.data(), key.size()).substr(0, 32) + "@visitscore>";
}

bool SqliteStore::add_notification(const NewNotification& n) {
    check_email_addresses(n.recipients, "recipient");
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::int64_t client_id = client_id_of(m_db, n.client);
    SQLite::Statement ins(m_db, "INSERT INTO notifications (event_key, rule, client_id, branch, "
                                "visit_id, subject, body, created_at) VALUES (?, ?, ?, ?, "
                                "(SELECT id FROM visits WHERE uuid = ?), ?, ?, ?) "
                                "ON CONFLICT (event_key) DO NOTHING");
    const std::string now = utc_now_seconds();
    ins.bind(1, n.event_key);
    ins.bind(2, n.rule);
    ins.bind(3, static_cast<int64_t>(client_id));
    ins.bind(4, n.branch);
    ins.bind(5, n.visit_uuid);
    ins.bind(6, n.subject);
    ins.bind(7, n.body);
    ins.bind(8, now);
    if (ins.exec() == 0)
        return false; // already raised: the transaction rolls back, nothing written
    const std::int64_t id = m_db.getLastInsertRowid();
    SQLite::Statement mail(m_db, "INSERT INTO alert_mail (notification_id, recipient, "
                                 "message_id, next_try) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (notification_id, recipient) DO NOTHING");
    for (const std::string& to : n.recipients) {
        mail.bind(1, static_cast<int64_t>(id));
        mail.bind(2, to);
        mail.bind(3, alert_message_id(n.event_key, to));
        mail.bind(4, now);
        mail.exec();
        mail.reset();
    }
    tx.commit();
    return true;
}

std::vector<Notification> SqliteStore::notifications(const NotificationFilter& f) {
    std::string sql = "SELECT n.id, n.event_key, n.rule, c.name, n.branch, coalesce(v.uuid, ''), "
                      "n.subject, n.body, n.created_at, n.read_at IS NOT NULL FROM notifications "
                      "n JOIN clients c ON c.id = n.client_id LEFT JOIN visits v ON v.id = "
                      "n.visit_id WHERE 1 = 1";
    if (!f.client.empty())
        sql += " AND c.name = :client";
    if (f.unread_only)
        sql += " AND n.read_at IS NULL";
    if (!f.since.empty())
        sql += " AND n.created_at >= :since";
    sql += " ORDER BY n.id DESC";
    SQLite::Statement st(m_db, sql);
    if (!f.client.empty())
        st.bind(":client", f.client);
    if (!f.since.empty())
        st.bind(":since", f.since);
    std::vector<Notification> out;
    while (st.executeStep()) {
        Notification n;
        n.id = st.getColumn(0).getInt64();
        n.event_key = text_or_empty(st.getColumn(1));
        n.rule = text_or_empty(st.getColumn(2));
        n.client = text_or_empty(st.getColumn(3));
        n.branch = text_or_empty(st.getColumn(4));
        n.visit_uuid = text_or_empty(st.getColumn(5));
        n.subject = text_or_empty(st.getColumn(6));
        n.body = text_or_empty(st.getColumn(7));
        n.created_at = text_or_empty(st.getColumn(8));
        n.read = st.getColumn(9).getInt() != 0;
        out.push_back(std::move(n));
    }
    return out;
}

void SqliteStore::set_notification_read(std::int64_t id, bool read) {
    SQLite::Statement st(m_db, "UPDATE notifications SET read_at = CASE WHEN ? THEN "
                               "coalesce(read_at, ?) END WHERE id = ?");
    st.bind(1, read ? 1 : 0);
    st.bind(2, utc_now_seconds());
    st.bind(3, static_cast<int64_t>(id));
    if (st.exec() == 0)
        throw StorageError("notification " + std::to_string(id) + " is not in the database");
}

std::vector<OutboxMail> SqliteStore::outbox(const std::string& due_at) {
    std::string sql = kMailSelect;
    if (!due_at.empty())
        sql += "WHERE m.status = 'pending' AND m.next_try <= ? ";
    sql += "ORDER BY m.id";
    SQLite::Statement st(m_db, sql);
    if (!due_at.empty())
        st.bind(1, due_at);
    std::vector<OutboxMail> out;
    while (st.executeStep())
        out.push_back(read_mail(st));
    return out;
}

bool SqliteStore::claim_mail(std::int64_t id, const std::string& seen_next_try,
                             const std::string& lease_until) {
    SQLite::Statement st(m_db, "UPDATE alert_mail SET attempts = attempts + 1, next_try = ? "
                               "WHERE id = ? AND status = 'pending' AND next_try = ?");
    st.bind(1, lease_until);
    st.bind(2, static_cast<int64_t>(id));
    st.bind(3, seen_next_try);
    return st.exec() == 1;
}

void SqliteStore::mark_mail_sent(std::int64_t id, const std::string& at) {
    SQLite::Statement st(m_db, "UPDATE alert_mail SET status = 'sent', sent_at = ?, "
                               "last_error = '' WHERE id = ?");
    st.bind(1, at);
    st.bind(2, static_cast<int64_t>(id));
    st.exec();
}

void SqliteStore::mark_mail_failed(std::int64_t id, const std::string& error,
                                   const std::string& next_try) {
    SQLite::Statement st(m_db, "UPDATE alert_mail SET last_error = ?, next_try = ? WHERE id = ? "
                               "AND status = 'pending'");
    st.bind(1, error);
    st.bind(2, next_try);
    st.bind(3, static_cast<int64_t>(id));
    st.exec();
}

std::vector<AlertRecipient> SqliteStore::alert_recipients(const std::string& client) {
    SQLite::Statement st(m_db, "SELECT c.name, r.branch, r.address FROM alert_recipients r JOIN "
                               "clients c ON c.id = r.client_id WHERE ? = '' OR c.name = ? "
                               "ORDER BY c.name, r.branch, r.address");
    st.bind(1, client);
    st.bind(2, client);
    std::vector<AlertRecipient> out;
    while (st.executeStep())
        out.push_back({text_or_empty(st.getColumn(0)), text_or_empty(st.getColumn(1)),
                       text_or_empty(st.getColumn(2))});
    return out;
}

void SqliteStore::set_alert_recipients(const std::string& client, const std::string& branch,
                                       const std::vector<std::string>& addresses) {
    check_email_addresses(addresses, "address");
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::int64_t client_id = client_id_of(m_db, client);
    SQLite::Statement del(m_db, "DELETE FROM alert_recipients WHERE client_id = ? AND branch = ?");
    del.bind(1, static_cast<int64_t>(client_id));
    del.bind(2, branch);
    del.exec();
    SQLite::Statement ins(m_db, "INSERT OR IGNORE INTO alert_recipients (client_id, branch, "
                                "address) VALUES (?, ?, ?)");
    for (const std::string& a : addresses) {
        ins.bind(1, static_cast<int64_t>(client_id));
        ins.bind(2, branch);
        ins.bind(3, a);
        ins.exec();
        ins.reset();
    }
    tx.commit();
}

} // namespace vs::storage
