#include "services/alerts.h"

#include "exports/redact.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/survey.h"
#include "scoring/visit_score.h"
#include "services/recognition.h"
#include "services/smtp.h"
#include "storage/email_address.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <initializer_list>
#include <iostream>
#include <map>
#include <openssl/evp.h>
#include <set>
#include <string_view>

namespace vs::services {
namespace {

constexpr const char* kPrefix = "alert.";

const AlertRule* find_rule(const std::string& id) {
    for (const AlertRule& r : alert_rules())
        if (id == r.id)
            return &r;
    return nullptr;
}

/// A threshold "0".."100" (decimals allowed); nullopt when not one.
std::optional<double> threshold_of(const std::string& text) {
    double v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v < 0 || v > 100)
        return std::nullopt;
    return v;
}

/// `pattern` with each "{}" replaced by the next of `args`, in order.
std::string fill_list(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    auto arg = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' &&
            arg != args.end()) {
            out += *arg++;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

template <class... Args> std::string fill(std::string_view pattern, const Args&... args) {
    return fill_list(pattern, {std::string_view(args)...});
}

/// A score as an alert shows it: rounded to one decimal, or "NA".
std::string shown_score(const std::optional<double>& v) {
    if (!v)
        return "NA";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", scoring::round1(*v));
    return buf;
}

/// The client's shoppers (codes and names) and the visit's own, replaced by "[shopper]".
exports::Redactor shopper_redactor(storage::Store& store, const std::string& client,
                                   const forms::VisitHeader* visit) {
    exports::Redactor r;
    if (visit) {
        r.add(visit->shopper, "[shopper]");
        r.add(visit->shopper_name, "[shopper]");
    }
    try {
        for (const auto& c : store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
            if (c.name == client)
                for (const auto& s : store.org_list(storage::OrgKind::Shopper, c.id, true, false)) {
                    r.add(s.code, "[shopper]");
                    r.add(s.name, "[shopper]");
                }
    } catch (const std::exception&) {
        // An account that may not read the shoppers (a client's) sees none in its texts either.
    }
    return r;
}

/// The addresses of a client's alerts and of its branch's; one that is not an address (written
/// before addresses were checked, or by hand) is left out rather than keeping the alert from
/// being raised.
std::vector<std::string> recipients_of(storage::Store& store, const std::string& client,
                                       const std::string& branch) {
    std::vector<std::string> out;
    for (const auto& r : store.alert_recipients(client))
        if ((r.branch.empty() || r.branch == branch) &&
            storage::email_address_problem(r.address).empty() &&
            std::find(out.begin(), out.end(), r.address) == out.end())
            out.push_back(r.address);
    return out;
}

/// Stores notification `n`, redacted, for `recipients` (recipients_of its client and branch).
bool raise(storage::Store& store, storage::NewNotification n, const exports::Redactor& redact,
           std::vector<std::string> recipients) {
    n.subject = redact.apply(n.subject);
    n.body = redact.apply(n.body);
    n.recipients = std::move(recipients);
    return store.add_notification(n);
}

bool raise(storage::Store& store, storage::NewNotification n, const exports::Redactor& redact) {
    std::vector<std::string> recipients = recipients_of(store, n.client, n.branch);
    return raise(store, std::move(n), redact, std::move(recipients));
}

std::string question_text(const forms::Template* tpl, const std::string& id) {
    if (tpl) {
        const int i = tpl->find_question(id);
        if (i >= 0 && !tpl->questions[static_cast<std::size_t>(i)].text.empty())
            return tpl->questions[static_cast<std::size_t>(i)].text + " (" + id + ")";
    }
    return id;
}

std::string join_sections(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids)
        out += (out.empty() ? "" : ", ") + id;
    return out.empty() ? "(none)" : out;
}

std::string branch_text(const std::string& code, const std::string& name) {
    return name.empty() || name == code ? code : code + " " + name;
}

std::string base64(const std::string& text) {
    std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

/// A header value as RFC 2047 wants it: as is when plain ASCII, else UTF-8 in base64.
std::string header_text(const std::string& text) {
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    return plain ? text : "=?UTF-8?B?" + base64(text) + "?=";
}

std::string with_crlf(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n')
            out += '\r';
        if (c != '\r')
            out += c;
    }
    return out;
}

std::time_t parse_utc(const std::string& iso, const std::string& field = "now") {
    std::tm tm{};
    if (iso.size() != 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[19] != 'Z' ||
        std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6 ||
        tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60)
        throw InputError("", field, "\"" + iso + "\" is not a UTC time YYYY-MM-DDTHH:MM:SSZ");
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

std::string format_utc(std::time_t t, const char* format) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    return std::string(buf, std::strftime(buf, sizeof buf, format, &tm));
}

} // namespace

const std::vector<AlertRule>& alert_rules() {
    static const std::vector<AlertRule> rules = {
        {"critical", "on", "a visit is approved with a critical failure"},
        {"below", "60", "a visit is approved with a score below the threshold (or off)"},
        {"dispute_opened", "on", "a dispute point is opened on a visit"},
        {"dispute_decided", "on", "a dispute point is decided"},
        {"action_overdue", "on", "an action plan is past its due date and not done"},
        {"praise", "on", "a visit is approved that went beyond the scorecard (recognition)"},
    };
    return rules;
}

std::optional<std::string> checked_alert_setting(const std::string& key, const std::string& value) {
    if (key == "smtp.url") {
        if (!value.empty() && value.rfind("smtp://", 0) != 0 && value.rfind("smtps://", 0) != 0)
            throw InputError(
                "", key, "\"" + value + "\" is not an SMTP URL (smtp://host:port or smtps://…)");
        return value;
    }
    if (key == "smtp.from") {
        if (!value.empty())
            storage::check_email_addresses({value}, key);
        return value;
    }
    if (key == "smtp.user")
        return value;
    if (key == "smtp.tls") {
        if (value != "try" && value != "require" && value != "off")
            throw InputError("", key, "\"" + value + "\" is not try, require or off");
        return value;
    }
    if (key.rfind(kPrefix, 0) != 0)
        return std::nullopt;
    const std::string rest = key.substr(std::char_traits<char>::length(kPrefix));
    const auto at = rest.find('@');
    const std::string rule = rest.substr(0, at);
    if (!find_rule(rule))
        return std::nullopt;
    if (at != std::string::npos && at + 1 == rest.size())
        throw InputError("", key, "name the client after @");
    if (value == "on" || value == "off")
        return value;
    if (rule == "below") {
        if (!threshold_of(value))
            throw InputError("", key, "\"" + value + "\" is not a score 0 to 100, or off");
        return value;
    }
    throw InputError("", key, "\"" + value + "\" is not on or off");
}

namespace {

/// The id of client `client` of the organisation; InputError naming `field` when there is none.
std::int64_t known_client(storage::Store& store, const std::string& client,
                          const std::string& field) {
    for (const auto& c : store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        if (c.name == client)
            return c.id;
    throw InputError("", field, "no client named \"" + client + "\"");
}

} // namespace

void set_alert_rules(storage::Store& store, const std::string& client,
                     const std::vector<std::string>& values, const std::string& field,
                     const std::string& client_field) {
    if (!client.empty())
        known_client(store, client, client_field);
    std::vector<std::pair<std::string, std::string>> checked;
    for (const std::string& s : values) {
        const auto eq = s.find('=');
        if (eq == std::string::npos)
            throw InputError("", field, "\"" + s + "\" is not RULE=VALUE");
        const std::string rule = s.substr(0, eq);
        if (rule.find('@') != std::string::npos || !find_rule(rule))
            throw InputError("", field, "\"" + rule + "\" is not a rule");
        const std::string key = kPrefix + rule + (client.empty() ? "" : "@" + client);
        checked.emplace_back(key, *checked_alert_setting(key, s.substr(eq + 1)));
    }
    store.set_settings(checked);
}

void set_alert_recipients(storage::Store& store, const std::string& client,
                          const std::string& branch, const std::vector<std::string>& addresses,
                          const std::string& field, const std::string& client_field,
                          const std::string& branch_field) {
    if (client.empty())
        throw InputError("", client_field, "name the client whose addresses these are");
    const std::int64_t id = known_client(store, client, client_field);
    if (!branch.empty()) {
        const auto branches = store.org_list(storage::OrgKind::Branch, id, true, false);
        if (std::none_of(branches.begin(), branches.end(),
                         [&](const auto& b) { return b.code == branch; }))
            throw InputError("", branch_field,
                             "client \"" + client + "\" has no branch \"" + branch + "\"");
    }
    storage::check_email_addresses(addresses, field);
    store.set_alert_recipients(client, branch, addresses);
}

namespace {

/// The setting keys rule `rule` is read from for `client` (every client's, then its own).
void add_rule_keys(std::vector<std::string>& keys, const std::string& rule,
                   const std::string& client) {
    keys.push_back(kPrefix + rule);
    if (!client.empty())
        keys.push_back(kPrefix + rule + "@" + client);
}

/// alert_rule_value from settings already read (at least add_rule_keys' keys).
std::string rule_value(const std::map<std::string, std::string>& stored, const std::string& rule,
                       const std::string& client) {
    const auto value = [&](const std::string& key, const std::string& fallback) {
        const auto it = stored.find(key);
        return it == stored.end() ? fallback : it->second;
    };
    const AlertRule* r = find_rule(rule);
    const std::string every = value(kPrefix + rule, r ? r->default_value : "off");
    return client.empty() ? every : value(kPrefix + rule + "@" + client, every);
}

} // namespace

std::string alert_rule_value(storage::SettingsStore& store, const std::string& rule,
                             const std::string& client) {
    std::vector<std::string> keys;
    add_rule_keys(keys, rule, client);
    return rule_value(store.settings(keys), rule, client);
}

std::vector<std::string> visit_alert_setting_keys(const std::string& client) {
    std::vector<std::string> keys = {kRecognitionSectionsSetting, kRecognitionWordsSetting};
    for (const char* rule : {"critical", "below", "praise"})
        add_rule_keys(keys, rule, client);
    return keys;
}

std::size_t raise_visit_alerts(storage::Store& store, std::int64_t id) {
    return raise_visit_alerts(store, store, store.load_visit(id));
}

std::size_t raise_visit_alerts(storage::Store& store, storage::SettingsStore& settings,
                               const storage::StoredVisit& sv) {
    const forms::Visit& v = sv.visit;
    if (v.status != forms::Status::Approved)
        return 0;
    if (sv.tpl && forms::is_survey(*sv.tpl))
        return 0; // a customer's survey response is no visit of the consultancy's to alert on
    const scoring::VisitResult result =
        scoring::score_visit(*sv.tpl, forms::check_visit(*sv.tpl, v, "", "visit " + v.uuid));
    // The three rules and the recognition rules in one read (an approval waits for it).
    const std::map<std::string, std::string> stored =
        settings.settings(visit_alert_setting_keys(v.client));
    const bool critical =
        !result.critical_failures.empty() && rule_value(stored, "critical", v.client) == "on";
    const std::string below = rule_value(stored, "below", v.client);
    const std::optional<double> threshold = threshold_of(below);
    const bool low = threshold && result.score && *result.score < *threshold;
    std::vector<scoring::Recognition> praise;
    if (rule_value(stored, "praise", v.client) == "on")
        praise = visit_recognition(store, sv, result, recognition_rules(stored));
    if (!critical && !low && praise.empty())
        return 0;
    const exports::Redactor redact = shopper_redactor(store, v.client, &v);
    const std::vector<std::string> recipients = recipients_of(store, v.client, v.branch);
    const std::string date = v.visited_at.substr(0, 10);
    const std::string where = branch_text(v.branch, v.branch_name);
    const std::string about = fill("Client: {}\nBranch: {}\nVisit: {} ({})\nScore: {} "
                                   "(performance {}; target {})\n",
                                   v.client, where, date, sv.tpl->name, shown_score(result.score),
                                   shown_score(result.raw), shown_score(sv.tpl->target));
    const std::string open = "\nOpen the visit in VisitScore: " + v.uuid + "\n";
    std::size_t raised = 0;
    if (critical) {
        storage::NewNotification n;
        n.event_key = "critical:" + v.uuid;
        n.rule = "critical";
        n.client = v.client;
        n.branch = v.branch;
        n.visit_uuid = v.uuid;
        n.subject = fill("Critical failure: {}, {}, visit of {}", v.client, where, date);
        std::string failed;
        for (const std::string& q : result.critical_failures)
            failed += " - " + question_text(sv.tpl.get(), q) + "\n";
        n.body = "A visit was approved with a critical failure.\n\n" + about +
                 "Failed critical questions:\n" + failed + open;
        raised += raise(store, n, redact, recipients) ? 1 : 0;
    }
    if (low) {
        storage::NewNotification n;
        n.event_key = "below:" + v.uuid;
        n.rule = "below";
        n.client = v.client;
        n.branch = v.branch;
        n.visit_uuid = v.uuid;
        n.subject = fill("Score {} below {}: {}, {}, visit of {}", shown_score(result.score), below,
                         v.client, where, date);
        n.body = fill("A visit was approved with a score below {}.\n\n", below) + about + open;
        raised += raise(store, n, redact, recipients) ? 1 : 0;
    }
    if (!praise.empty()) {
        // What went beyond the scorecard, never who: the Recognition list and sheet name the
        // staff as the client's settings allow (pseudonyms).
        storage::NewNotification n;
        n.event_key = "praise:" + v.uuid;
        n.rule = "praise";
        n.client = v.client;
        n.branch = v.branch;
        n.visit_uuid = v.uuid;
        n.subject = fill("Praise: {}, {}, visit of {}", v.client, where, date);
        std::string what;
        for (const scoring::Recognition& r : praise) {
            const int s = r.kind == "perfect_section" ? sv.tpl->find_section(r.section) : -1;
            what += s >= 0 ? " - a perfect " + sv.tpl->sections[static_cast<std::size_t>(s)].title +
                                 " section\n"
                           : " - a staff member praised by name in a comment of the visit\n";
        }
        n.body = "A visit was approved that went beyond the scorecard.\n\n" + about +
                 "Recognised:\n" + what +
                 "\nThe Recognition list (visitscore-cli recognition) names whom to thank.\n" +
                 open;
        raised += raise(store, n, redact, recipients) ? 1 : 0;
    }
    return raised;
}

std::size_t raise_overdue_alerts(storage::Store& store, const std::string& today) {
    std::size_t raised = 0;
    std::map<std::string, exports::Redactor> redactors;
    for (const storage::ActionPlan& p : store.action_plans({})) {
        if ((p.state != "open" && p.state != "in_progress") || p.due_date.empty() ||
            p.due_date >= today)
            continue;
        if (alert_rule_value(store, "action_overdue", p.client) != "on")
            continue;
        auto it = redactors.find(p.client);
        if (it == redactors.end())
            it = redactors.emplace(p.client, shopper_redactor(store, p.client, nullptr)).first;
        std::size_t open_actions = 0;
        for (const storage::PlanAction& a : p.actions)
            open_actions += a.done ? 0 : 1;
        storage::NewNotification n;
        n.event_key = "action_overdue:" + std::to_string(p.id);
        n.rule = "action_overdue";
        n.client = p.client;
        n.branch = p.branch;
        n.visit_uuid = p.visit_uuid;
        n.subject = fill("Action plan overdue: {}, {}, due {}", p.client, p.branch, p.due_date);
        n.body = fill("Action plan {} of {} at {} was due on {} and is {}.\n\nOwner: {}\n"
                      "Failed behaviours: {}\nActions not done: {} of {}\n",
                      std::to_string(p.id), p.client, p.branch, p.due_date,
                      p.state == "open" ? "still open" : "still in progress",
                      p.owner.empty() ? "(none)" : p.owner, join_sections(p.sections),
                      std::to_string(open_actions), std::to_string(p.actions.size()));
        if (!p.visit_uuid.empty())
            n.body += "\nOpen the visit in VisitScore: " + p.visit_uuid + "\n";
        raised += raise(store, n, it->second) ? 1 : 0;
    }
    return raised;
}

std::size_t raise_dispute_alerts(storage::Store& store, std::int64_t id) {
    const std::optional<storage::Dispute> d = store.dispute(id);
    if (!d)
        throw InputError("", "dispute",
                         "dispute " + std::to_string(id) + " is not in the database");
    const bool decided = d->status == "decided";
    const std::string rule = decided ? "dispute_decided" : "dispute_opened";
    if (alert_rule_value(store, rule, d->client) != "on")
        return 0;
    std::shared_ptr<const forms::Template> tpl;
    forms::VisitHeader header;
    header.shopper = d->shopper;
    try {
        if (const auto vid = store.visit_id_of(d->visit_uuid)) {
            storage::StoredVisit sv = store.load_visit(*vid);
            tpl = sv.tpl;
            header = sv.visit;
        }
    } catch (const std::exception&) {
        // A client's account may read the point but not the visit's every detail.
    }
    const exports::Redactor redact = shopper_redactor(store, d->client, &header);
    const std::string date = d->visited_at.substr(0, 10);
    const std::string where = branch_text(d->branch, header.branch_name);
    storage::NewNotification n;
    n.event_key = rule + ":" + std::to_string(d->id);
    n.rule = rule;
    n.client = d->client;
    n.branch = d->branch;
    n.visit_uuid = d->visit_uuid;
    const std::string about =
        fill("Client: {}\nBranch: {}\nVisit: {}\nQuestion: {}\nAnswer disputed: {}\n"
             "Answer proposed: {}\nReason: {}\nOpened by {} at {}\n",
             d->client, where, date, question_text(tpl.get(), d->question),
             d->original_answer.empty() ? "(none)" : d->original_answer, d->proposed_answer,
             d->reason, d->opened_by, d->opened_at);
    if (!decided) {
        n.subject = fill("Dispute opened: {}, {}, visit of {}", d->client, where, date);
        n.body = "A dispute point was opened.\n\n" + about;
    } else {
        n.subject = fill("Dispute {}: {}, {}, visit of {}", d->decision, d->client, where, date);
        n.body = fill("A dispute point was decided: {}.\n\n", d->decision) + about +
                 fill("Answer that stands: {}\nDecision's reason: {}\nDecided by {} at {}\n",
                      d->decided_answer, d->decision_reason, d->decided_by, d->decided_at);
    }
    n.body += "\nOpen the visit in VisitScore: " + d->visit_uuid + "\n";
    return raise(store, n, redact) ? 1 : 0;
}

void alert_warning(const std::string& text, std::vector<std::string>* warnings) {
    if (warnings)
        warnings->push_back(text);
    else
        std::cerr << "warning: " << text << "\n";
}

void check_utc_time(const std::string& text, const std::string& field) {
    parse_utc(text, field);
}

std::size_t raise_missing_alerts(storage::Store& store, const std::string& today) {
    const std::optional<int> day = forms::parse_day(today);
    if (!day)
        throw InputError("", "today", "\"" + today + "\" is not a date YYYY-MM-DD");
    const std::string since = forms::day_to_string(*day - 14);
    // A notification is raised at or after its event, so those of the days checked (one more
    // for the time zones) are all the pass needs to skip; an event whose notification is older
    // (a visit approved before, reopened and approved again) is not raised twice by the store.
    storage::NotificationFilter recent;
    recent.since = forms::day_to_string(*day - 15);
    std::set<std::string> raised_keys;
    for (const storage::Notification& n : store.notifications(recent))
        raised_keys.insert(n.event_key);
    std::size_t raised = 0;
    std::string first_error;
    // One event that cannot be raised does not keep the others from it.
    const auto each = [&](auto&& raise) {
        try {
            raised += raise();
        } catch (const std::exception& e) {
            if (first_error.empty())
                first_error = e.what();
        }
    };
    for (const storage::Dispute& d : store.disputes({})) {
        const bool decided = d.status == "decided";
        const std::string when = decided ? d.decided_at : d.opened_at;
        const std::string event =
            (decided ? "dispute_decided:" : "dispute_opened:") + std::to_string(d.id);
        if (!raised_keys.count(event) && when.substr(0, 10) >= since)
            each([&] { return raise_dispute_alerts(store, d.id); });
    }
    // The visits approved since (the audit log's status entries), each once; one approved then
    // reopened is not (raise_visit_alerts raises nothing for it).
    storage::AuditQuery approvals;
    approvals.action = "status";
    approvals.from_day = *day - 14;
    std::set<std::int64_t> seen;
    for (const storage::AuditRow& row : store.audit_entries(approvals)) {
        const std::string& uuid = row.visit_uuid;
        if (row.entry.new_value != forms::to_string(forms::Status::Approved) ||
            row.entry.visit_id == 0 || !seen.insert(row.entry.visit_id).second ||
            raised_keys.count("critical:" + uuid) || raised_keys.count("below:" + uuid) ||
            raised_keys.count("praise:" + uuid))
            continue;
        each([&] { return raise_visit_alerts(store, row.entry.visit_id); });
    }
    if (!first_error.empty())
        throw storage::StorageError(std::to_string(raised) +
                                    " missed alerts raised, but not all: " + first_error);
    return raised;
}

SmtpSettings smtp_settings(storage::SettingsStore& store) {
    SmtpSettings s;
    s.url = store.setting("smtp.url", "");
    s.from = store.setting("smtp.from", "");
    s.user = store.setting("smtp.user", "");
    s.tls = store.setting("smtp.tls", "try");
    if (const char* pw = std::getenv("VISITSCORE_SMTP_PASSWORD"))
        s.password = pw;
    return s;
}

std::string utc_now() {
    return format_utc(std::time(nullptr), "%Y-%m-%dT%H:%M:%SZ");
}

std::string next_try_after(const std::string& now, int attempts) {
    const int shift = std::clamp(attempts - 1, 0, 9);
    const long minutes = std::min(1L << shift, 360L);
    return format_utc(parse_utc(now) + minutes * 60, "%Y-%m-%dT%H:%M:%SZ");
}

std::string alert_mail_text(const storage::OutboxMail& mail, const std::string& from,
                            const std::string& date) {
    std::string text = "Date: " + date + "\n";
    text += "From: VisitScore <" + from + ">\n";
    text += "To: <" + mail.recipient + ">\n";
    text += "Message-ID: " + mail.message_id + "\n";
    text += "Subject: " + header_text("[VisitScore] " + mail.subject) + "\n";
    text += "MIME-Version: 1.0\n";
    text += "Content-Type: text/plain; charset=UTF-8\n";
    text += "Content-Transfer-Encoding: 8bit\n";
    text += "Auto-Submitted: auto-generated\n\n";
    text += mail.body;
    return with_crlf(text);
}

DeliveryReport deliver_alerts(storage::Store& store, const SmtpSettings& smtp,
                              const std::string& now_given, std::size_t max_messages) {
    if (smtp.url.empty())
        throw InputError("", "smtp.url",
                         "no SMTP server is set: settings set smtp.url smtp://host:port");
    if (smtp.from.empty())
        throw InputError("", "smtp.from",
                         "no sender is set: settings set smtp.from alerts@example.org");
    const std::string now = now_given.empty() ? utc_now() : now_given;
    const std::time_t now_t = parse_utc(now);
    const std::time_t started = std::time(nullptr);
    DeliveryReport report;
    const std::vector<storage::OutboxMail> due = store.outbox(now);
    if (due.empty())
        return report;
    SmtpClient client({smtp.url, smtp.user, smtp.password, smtp.tls, smtp.timeout_seconds});
    const std::string date = format_utc(now_t, "%a, %d %b %Y %H:%M:%S +0000");
    std::size_t tried = 0;
    for (const storage::OutboxMail& m : due) {
        if (max_messages && tried == max_messages)
            break;
        // The run's clock: its `now` plus the time it has taken so far (earlier sends can each
        // take up to the timeout). While an attempt runs, its next try is a lease longer than
        // the attempt can take: a deliverer that dies mid-way leaves the message to be tried
        // again after it.
        const std::time_t at = now_t + std::max<std::time_t>(0, std::time(nullptr) - started);
        const std::string lease =
            format_utc(at + 2 * smtp.timeout_seconds + 60, "%Y-%m-%dT%H:%M:%SZ");
        if (!store.claim_mail(m.id, m.next_try, lease))
            continue; // another deliverer has it
        ++tried;
        try {
            client.send({smtp.from, {m.recipient}, alert_mail_text(m, smtp.from, date)});
        } catch (const SmtpError& e) {
            store.mark_mail_failed(m.id, e.what(), next_try_after(now, m.attempts + 1));
            ++report.failed;
            report.errors.push_back(m.recipient + " (" + m.message_id + "): " + e.what());
            if (e.server_unreachable()) {
                report.stopped = std::string("the SMTP server could not be reached or refused "
                                             "the login: the rest wait for the next run (") +
                                 e.what() + ")";
                break;
            }
            continue;
        }
        store.mark_mail_sent(m.id, now);
        ++report.sent;
    }
    return report;
}

} // namespace vs::services
