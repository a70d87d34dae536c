#include "cli/alerts_command.h"

#include "cli/commands.h"
#include "forms/error.h"
#include "services/alerts.h"
#include "storage/assignment_checks.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace vs::cli {
namespace {

using json = nlohmann::ordered_json;

struct AlertsOptions {
    std::string client, branch, at;
    std::optional<std::string> url, from, user, tls;
    bool unread = false, outbox = false, json = false, clear = false;
    std::vector<std::string> set;
};

int cmd_list(const std::string& db, const AlertsOptions& o) {
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    if (o.outbox) {
        const auto mail = store->outbox("");
        if (o.json) {
            json out = json::array();
            for (const auto& m : mail)
                out.push_back({{"id", m.id},
                               {"notification", m.notification_id},
                               {"client", m.client},
                               {"to", m.recipient},
                               {"message_id", m.message_id},
                               {"subject", m.subject},
                               {"status", m.status},
                               {"attempts", m.attempts},
                               {"last_error", m.last_error},
                               {"next_try", m.next_try},
                               {"sent_at", m.sent_at.empty() ? json(nullptr) : json(m.sent_at)}});
            std::cout << json{{"outbox", out}}.dump(2) << "\n";
            return 0;
        }
        for (const auto& m : mail)
            if (o.client.empty() || m.client == o.client)
                std::cout << fmt::format("{:>5} {:<8} {:>2} {:<30} {}{}\n", m.id, m.status,
                                         m.attempts, m.recipient, m.subject,
                                         m.last_error.empty() ? "" : "  [" + m.last_error + "]");
        return 0;
    }
    const auto list = store->notifications({o.client, o.unread, {}});
    if (o.json) {
        json out = json::array();
        for (const auto& n : list)
            out.push_back({{"id", n.id},
                           {"rule", n.rule},
                           {"event", n.event_key},
                           {"client", n.client},
                           {"branch", n.branch},
                           {"visit", n.visit_uuid},
                           {"subject", n.subject},
                           {"body", n.body},
                           {"created_at", n.created_at},
                           {"read", n.read}});
        std::cout << json{{"notifications", out}}.dump(2) << "\n";
        return 0;
    }
    for (const auto& n : list)
        std::cout << fmt::format("{:>5} {} {:<16} {:<6} {}\n", n.id, n.read ? " " : "*", n.rule,
                                 n.created_at.substr(0, 10), n.subject);
    return 0;
}

int cmd_deliver(const std::string& db, const AlertsOptions& o) {
    if (!o.at.empty())
        services::check_utc_time(o.at, "--at");
    auto store = open_database(db, storage::OpenMode::MustExist);
    // Time raises the overdue plans' alerts (once per plan; due dates are local dates, as the
    // plans' are), and the run raises what the rules missed: the alert of an approval or a
    // dispute point whose raising failed or that a client's account could not raise.
    const std::string today = o.at.empty() ? storage::local_today() : o.at.substr(0, 10);
    services::raise_overdue_alerts(*store, today);
    try {
        services::raise_missing_alerts(*store, today);
    } catch (const std::exception& e) {
        std::cerr << "warning: the missed alerts could not all be raised: " << e.what() << "\n";
    }
    const auto report = services::deliver_alerts(*store, services::smtp_settings(*store), o.at);
    for (const std::string& e : report.errors)
        std::cerr << "not sent (kept to try again): " << e << "\n";
    if (!report.stopped.empty())
        std::cerr << "stopped: " << report.stopped << "\n";
    std::cout << report.sent << " sent, " << report.failed << " failed\n";
    return report.failed ? 1 : 0;
}

int cmd_rules(const std::string& db, const AlertsOptions& o) {
    auto store = open_database(db, o.set.empty() ? storage::OpenMode::ReadOnly
                                                 : storage::OpenMode::MustExist);
    if (!o.set.empty())
        services::set_alert_rules(*store, o.client, o.set, "--set", "--client");
    if (o.json) {
        json out = json::array();
        for (const auto& r : services::alert_rules())
            out.push_back({{"rule", r.id},
                           {"value", services::alert_rule_value(*store, r.id, o.client)},
                           {"default", r.default_value},
                           {"fires_when", r.what}});
        std::cout << json{{"client", o.client}, {"rules", out}}.dump(2) << "\n";
        return 0;
    }
    for (const auto& r : services::alert_rules())
        std::cout << fmt::format("{:<16} {:<5} {}\n", r.id,
                                 services::alert_rule_value(*store, r.id, o.client), r.what);
    return 0;
}

int cmd_recipients(const std::string& db, const AlertsOptions& o) {
    const bool change = o.clear || !o.set.empty();
    auto store =
        open_database(db, change ? storage::OpenMode::MustExist : storage::OpenMode::ReadOnly);
    if (change) {
        services::set_alert_recipients(*store, o.client, o.branch, o.set, "--set", "--client",
                                       "--branch");
    }
    for (const auto& r : store->alert_recipients(o.client))
        std::cout << fmt::format("{:<24} {:<10} {}\n", r.client, r.branch.empty() ? "*" : r.branch,
                                 r.address);
    return 0;
}

int cmd_smtp(const std::string& db, const AlertsOptions& o) {
    const std::pair<const char*, const std::optional<std::string>*> given[] = {
        {"smtp.url", &o.url}, {"smtp.from", &o.from}, {"smtp.user", &o.user}, {"smtp.tls", &o.tls}};
    std::vector<std::pair<std::string, std::string>> changes;
    for (const auto& [key, value] : given)
        if (*value)
            changes.emplace_back(key, *services::checked_alert_setting(key, **value));
    auto store = open_database(db, changes.empty() ? storage::OpenMode::ReadOnly
                                                   : storage::OpenMode::MustExist);
    store->set_settings(changes);
    const services::SmtpSettings s = services::smtp_settings(*store);
    std::cout << "smtp.url  " << s.url << "\nsmtp.from " << s.from << "\nsmtp.user " << s.user
              << "\nsmtp.tls  " << s.tls << "\npassword  "
              << (s.password.empty() ? "(none: VISITSCORE_SMTP_PASSWORD is not set)"
                                     : "(from VISITSCORE_SMTP_PASSWORD)")
              << "\n";
    return 0;
}

} // namespace

void add_alerts_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto o = std::make_shared<AlertsOptions>();
    auto* alerts = app.add_subcommand(
        "alerts", "alerts: notifications raised once per event (a critical failure, a low score, "
                  "a dispute opened or decided), their e-mail over SMTP, rules and addresses "
                  "(docs/alerts.md)");
    alerts->require_subcommand(1);

    auto* list = alerts->add_subcommand("list", "the notifications, newest first (* unread)");
    list->add_option("--client", o->client, "only this client's (its name)");
    list->add_flag("--unread", o->unread, "only those not read yet");
    list->add_flag("--outbox", o->outbox, "the e-mail outbox instead, with each delivery state");
    list->add_flag("--json", o->json, "print JSON");
    list->callback([&action, &db, o] { action = [&db, o] { return cmd_list(db, *o); }; });

    auto* deliver = alerts->add_subcommand(
        "deliver", "raise the overdue action plans' alerts, then send the e-mail that is due "
                   "(settings smtp.url and smtp.from; the password "
                   "from VISITSCORE_SMTP_PASSWORD); exit status 1 when a message failed (it is "
                   "kept and tried again later)");
    deliver->add_option("--at", o->at,
                        "deliver as if the time were this UTC time "
                        "(YYYY-MM-DDTHH:MM:SSZ): a retry schedule's check");
    deliver->callback([&action, &db, o] { action = [&db, o] { return cmd_deliver(db, *o); }; });

    auto* rules = alerts->add_subcommand(
        "rules", "the alert rules and their values (on, off, or a score threshold)");
    rules->add_option("--client", o->client, "this client's values (its own, else everyone's)");
    rules->add_option("--set", o->set,
                      "RULE=VALUE: store a value (for --client only, or for every client)");
    rules->add_flag("--json", o->json, "print JSON");
    rules->callback([&action, &db, o] { action = [&db, o] { return cmd_rules(db, *o); }; });

    auto* smtp = alerts->add_subcommand(
        "smtp", "the SMTP server alert e-mail goes through (the settings smtp.*; the password "
                "only from VISITSCORE_SMTP_PASSWORD)");
    smtp->add_option("--url", o->url,
                     "smtp://host:port (STARTTLS as --tls says) or smtps://host:port");
    smtp->add_option("--from", o->from, "the sender's address");
    smtp->add_option("--user", o->user, "the login, when the server wants one");
    smtp->add_option("--tls", o->tls, "try (STARTTLS when offered; the default), require or off");
    smtp->callback([&action, &db, o] { action = [&db, o] { return cmd_smtp(db, *o); }; });

    auto* rcpt =
        alerts->add_subcommand("recipients", "the addresses alerts go to, per client or branch");
    rcpt->add_option("--client", o->client, "this client's (its name)");
    rcpt->add_option("--branch", o->branch, "this branch's (its code; default: the whole client)");
    rcpt->add_option("--set", o->set, "replace the addresses with these")->delimiter(',');
    rcpt->add_flag("--clear", o->clear, "remove the addresses");
    rcpt->callback([&action, &db, o] { action = [&db, o] { return cmd_recipients(db, *o); }; });
}

} // namespace vs::cli
