#pragma once
// Storage role: alerts — the notifications the alert rules raise (the inbox), the e-mail outbox
// that carries each to its recipients with its delivery state, and the addresses set per client
// or branch. The rules themselves, the texts and the delivery live in services/alerts.h; a
// notification is stored once per event (its event key), whoever raises it and however often.
// On a server, who reads which notification is the server's rule (pg_server.cpp): the staff
// all, a client's account its own client's, a shopper none.

#include "storage/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vs::storage {

/// One notification of the inbox.
struct Notification {
    std::int64_t id = 0;
    std::string event_key;  ///< what it is about, once: rule + the visit, dispute or plan
    std::string rule;       ///< critical, below, dispute_opened, dispute_decided, …
    std::string client;     ///< client name
    std::string branch;     ///< branch code ("" when about the whole client)
    std::string visit_uuid; ///< the visit it is about ("" none)
    std::string subject;
    std::string body;
    std::string created_at; ///< UTC, ISO 8601
    bool read = false;
};

/// A notification to store, with the addresses its e-mail goes to.
struct NewNotification {
    std::string event_key;
    std::string rule;
    std::string client;
    std::string branch;
    std::string visit_uuid;
    std::string subject;
    std::string body;
    std::vector<std::string> recipients; ///< one outbox message each
};

/// Which notifications to list; an empty field matches any.
struct NotificationFilter {
    std::string client;
    bool unread_only = false;
    std::string since; ///< raised at or after this UTC time or day (YYYY-MM-DD…)
};

/// One e-mail of the outbox: a notification to one recipient, and its delivery state.
struct OutboxMail {
    std::int64_t id = 0;
    std::int64_t notification_id = 0;
    std::string recipient;
    std::string message_id; ///< stable: the same on every attempt
    std::string subject;
    std::string body;
    std::string client;
    std::string created_at;
    std::string status; ///< pending | sent
    int attempts = 0;
    std::string last_error;
    std::string next_try; ///< UTC, ISO 8601 (a claim's lease while an attempt runs)
    std::string sent_at;  ///< "" until sent
};

/// An address alerts of a client (branch "") or of one of its branches go to.
struct AlertRecipient {
    std::string client;
    std::string branch; ///< branch code; "" for the whole client
    std::string address;
};

/// The Message-ID of the e-mail about event `event_key` to `recipient`: the same on every
/// attempt and whoever computes it, so that a receiver can tell a repeated delivery.
std::string alert_message_id(const std::string& event_key, const std::string& recipient);

/// Stores notifications, their e-mail and its recipients.
class NotificationStore {
  public:
    virtual ~NotificationStore() = default;

    /// Stores a notification and a pending message per recipient (next try now), in one
    /// transaction, unless a notification with its event key exists; returns whether it stored
    /// it. False, nothing written, on a server when the account may not raise notifications (a
    /// client's: the staff's delivery run raises what it missed); StorageError, nothing written,
    /// when the client is unknown.
    virtual bool add_notification(const NewNotification& notification) = 0;
    /// The notifications `filter` selects, newest first.
    virtual std::vector<Notification> notifications(const NotificationFilter& filter) = 0;
    /// Marks a notification read or unread: on a server for the connected account alone (each
    /// person's inbox is their own; Notification::read is that account's mark), in a desk's
    /// file for the file. StorageError when the account reads no such notification.
    virtual void set_notification_read(std::int64_t id, bool read) = 0;
    /// The outbox, oldest first: every message, or only those pending whose next try is at or
    /// before `due_at` (UTC, ISO 8601) when `due_at` is not empty.
    virtual std::vector<OutboxMail> outbox(const std::string& due_at) = 0;
    /// Claims a pending message for one attempt: counts the attempt and moves its next try to
    /// `lease_until`, only if it is still pending with the next try `seen_next_try` (so that two
    /// deliverers never send it at once). Returns whether this caller has the claim.
    virtual bool claim_mail(std::int64_t id, const std::string& seen_next_try,
                            const std::string& lease_until) = 0;
    /// Marks a message sent at `at` (the server accepted it); its own transaction.
    virtual void mark_mail_sent(std::int64_t id, const std::string& at) = 0;
    /// Keeps a message pending after a failed attempt, with the error and the next try.
    virtual void mark_mail_failed(std::int64_t id, const std::string& error,
                                  const std::string& next_try) = 0;
    /// The addresses set for a client's alerts (every client when empty), by client, branch
    /// and address.
    virtual std::vector<AlertRecipient> alert_recipients(const std::string& client) = 0;
    /// Replaces the addresses of a client (branch "") or one of its branches, in one
    /// transaction. StorageError when the client is unknown.
    virtual void set_alert_recipients(const std::string& client, const std::string& branch,
                                      const std::vector<std::string>& addresses) = 0;
};

} // namespace vs::storage
