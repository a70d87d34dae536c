#pragma once
// Alerts (docs/alerts.md): rules that raise a notification once per event — a visit approved
// with a critical failure, a visit approved with a score below a threshold, a visit approved
// that went beyond the scorecard (praise), a dispute point opened, a dispute point decided, an
// action plan past its due date — into the inbox (storage/notification_store.h), each with an
// e-mail to the addresses set for its client and branch; and the delivery of that e-mail over
// SMTP (services/smtp.h). Every text is built from the organisation, the scorecard and the
// score, never from the shopper, and passes the report's redactor (every shopper code and name
// of the client becomes "[shopper]").
//
// Each rule is a setting "alert.RULE" (every client) that a client may override with
// "alert.RULE@CLIENT": "on" or "off", and for the score rule a threshold 0..100 or "off".

#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::services {

/// One alert rule: its id, what it watches, and its default value.
struct AlertRule {
    const char* id; ///< critical, below, dispute_opened, dispute_decided, action_overdue, praise
    const char* default_value; ///< on | off | a threshold
    const char* what;          ///< a sentence for people
};

/// The rules, in the order they are listed.
const std::vector<AlertRule>& alert_rules();

/// The stored form of an alert or SMTP setting ("alert.RULE", "alert.RULE@CLIENT", "smtp.url",
/// "smtp.from", "smtp.user", "smtp.tls"), InputError naming the key when the value is not one;
/// nullopt when `key` is not one of them.
std::optional<std::string> checked_alert_setting(const std::string& key, const std::string& value);

/// Stores alert rule values, each "RULE=VALUE", for `client` (its own; "" for every client).
/// Every one is checked before any is stored, so a refusal stores none: InputError naming
/// `client_field` when `client` is not a client of the organisation, naming `field` when an
/// entry is not RULE=VALUE or not a rule, and naming the setting when a value is not one.
void set_alert_rules(storage::Store& store, const std::string& client,
                     const std::vector<std::string>& values, const std::string& field,
                     const std::string& client_field);

/// Replaces the alert addresses of `client` (branch "": the whole client) or of its branch
/// `branch`, after checking them all: InputError naming `client_field` when the client is not
/// one of the organisation, `branch_field` when the client has no branch with that code, and
/// `field` when an address is not one; nothing is stored then.
void set_alert_recipients(storage::Store& store, const std::string& client,
                          const std::string& branch, const std::vector<std::string>& addresses,
                          const std::string& field, const std::string& client_field,
                          const std::string& branch_field);

/// The value of rule `rule` for `client` (its own setting, else every client's, else the
/// default).
std::string alert_rule_value(storage::SettingsStore& store, const std::string& rule,
                             const std::string& client);

/// Raises the alerts that approved visit `id` calls for (critical, below, praise: the visit
/// recognised, services/recognition.h): returns how many notifications were new. Nothing for a
/// visit that is not approved; an event raised before (event key "RULE:UUID") is not raised again.
std::size_t raise_visit_alerts(storage::Store& store, std::int64_t id);
/// The same for the visit as stored (`stored`, as load_visit reads it), with the rules read from
/// `settings`: for a caller that has read both already (an approval reads the visit once after
/// storing it, for the plan and the alerts, and its settings once: SettingsSnapshot).
std::size_t raise_visit_alerts(storage::Store& store, storage::SettingsStore& settings,
                               const storage::StoredVisit& stored);
/// The settings raise_visit_alerts reads for a visit of `client`, for a SettingsSnapshot.
std::vector<std::string> visit_alert_setting_keys(const std::string& client);

/// Raises the alert of every action plan that is open or in progress past its due date
/// (before `today`, YYYY-MM-DD), once per plan (event key "action_overdue:ID"); `alerts
/// deliver` and the app's delivery run it. Returns how many notifications were new.
std::size_t raise_overdue_alerts(storage::Store& store, const std::string& today);

/// Raises the alert of dispute point `id`: dispute_opened while it is open, dispute_decided
/// once decided (event keys "dispute_opened:ID", "dispute_decided:ID"). Returns how many
/// notifications were new.
std::size_t raise_dispute_alerts(storage::Store& store, std::int64_t id);

/// Raises what the alert rules missed (idempotent by event key), from 14 days before `today`
/// (YYYY-MM-DD) on: the alerts of the visits approved since (the audit log says when) that have
/// none yet, and the notice of each dispute point opened (or decided) since. `alerts deliver` runs
/// it, so that an alert whose raising failed after its action was stored, or that the account
/// could not raise (a client's on a server), is raised by the next run. Returns how many
/// notifications were new; StorageError, after raising the others, when one could not be.
std::size_t raise_missing_alerts(storage::Store& store, const std::string& today);

/// Adds `text` to `warnings`, or writes it to stderr when `warnings` is null.
void alert_warning(const std::string& text, std::vector<std::string>* warnings);

/// Runs `raise` (one of the above) after the action `done` was stored: a failure does not undo
/// or hide the action; it becomes a warning in `warnings` (on stderr when null) that says the
/// action stands and that the next delivery run raises the alert.
template <class Raise>
void raise_after(const std::string& done, std::vector<std::string>* warnings, Raise&& raise) {
    try {
        raise();
    } catch (const std::exception& e) {
        alert_warning(done + "; but its alert could not be stored now (" + e.what() +
                          "): the next delivery run (alerts deliver) raises it",
                      warnings);
    }
}

/// InputError naming `field` when `text` is not a UTC time YYYY-MM-DDTHH:MM:SSZ.
void check_utc_time(const std::string& text, const std::string& field);

/// Where and as whom alert e-mail is sent: settings smtp.url (smtp://host:port, or smtps:// for
/// TLS from the start), smtp.from, smtp.user, smtp.tls (try: TLS when the server offers it,
/// the default; require; off); the password only from the environment
/// (VISITSCORE_SMTP_PASSWORD), never stored.
struct SmtpSettings {
    std::string url;
    std::string from;
    std::string user;
    std::string password;
    std::string tls = "try";
    long timeout_seconds = 20;
};

/// The SMTP settings of `store` and the environment.
SmtpSettings smtp_settings(storage::SettingsStore& store);

/// What one delivery run did.
struct DeliveryReport {
    std::size_t sent = 0;
    std::size_t failed = 0;          ///< attempts that failed (kept pending)
    std::vector<std::string> errors; ///< one line per failed attempt
    /// Why the run stopped before the end ("" when it did not): after the first failure to
    /// reach or log in to the server, the rest wait for the next run untouched.
    std::string stopped;
};

/// UTC now, YYYY-MM-DDTHH:MM:SSZ.
std::string utc_now();
/// When a message that failed its `attempts`-th attempt at `now` is tried again: 1, 2, 4 …
/// minutes after, at most 6 hours.
std::string next_try_after(const std::string& now, int attempts);

/// Sends the pending messages due at `now` (empty: the clock's now), at most `max_messages` (0:
/// every one): each is claimed first with a lease from the clock at that claim (the run's `now`
/// plus the time it has taken so far, plus twice the timeout and a minute), so that another
/// deliverer does not take it while this attempt can still run; sent with its stable Message-ID,
/// and marked sent in its own transaction once the server accepted it. A failure keeps it
/// pending with the error and a later next try; a failure to reach or log in to the server stops
/// the run (DeliveryReport::stopped). InputError when smtp.url or smtp.from is not set.
DeliveryReport deliver_alerts(storage::Store& store, const SmtpSettings& smtp,
                              const std::string& now = {}, std::size_t max_messages = 0);

/// The e-mail of one outbox message as sent (headers and body, CRLF line ends).
std::string alert_mail_text(const storage::OutboxMail& mail, const std::string& from,
                            const std::string& date);

} // namespace vs::services
