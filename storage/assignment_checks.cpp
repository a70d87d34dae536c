// What an assignment must hold before any backend stores it (assignment_checks.h).

#include "storage/assignment_checks.h"

#include "forms/dates.h"
#include "forms/error.h"
#include "forms/survey.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace vs::storage {

bool storable_assignment_status(std::string_view status) {
    return status == "offered" || status == "accepted" || status == "declined" ||
           status == "visited" || status == "cancelled";
}

std::string effective_assignment_status(const std::string& stored, const std::string& window_to,
                                        const std::string& today) {
    if ((stored == "offered" || stored == "accepted") && window_to < today)
        return "overdue";
    return stored;
}

std::string local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string utc_now_micros() {
    const auto now = std::chrono::system_clock::now();
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(micros / 1000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[64];
    std::snprintf(out, sizeof out, "%s.%06lldZ", buf, static_cast<long long>(micros % 1000000));
    return out;
}

std::string utc_now_seconds() {
    return utc_now_micros().substr(0, 19) + "Z";
}

std::string assignment_place(std::size_t index, const Assignment& a) {
    return "assignments[" + std::to_string(index) + "]" +
           (a.uuid.empty() ? "" : " (" + a.uuid + ")");
}

void check_assignment(std::size_t index, const Assignment& a) {
    const std::string at = assignment_place(index, a);
    if (a.uuid.empty())
        throw InputError("", at, "an assignment needs a uuid");
    if (a.client.empty())
        throw InputError("", at, "an assignment needs a client");
    if (a.branch.empty())
        throw InputError("", at, "an assignment needs a branch");
    if (a.template_id.empty() || a.template_version < 1)
        throw InputError("", at, "an assignment needs a scorecard and its version (1 or more)");
    if (!forms::parse_plausible_day(a.window_from) || a.window_from.size() != 10)
        throw InputError("", at,
                         "window_from \"" + a.window_from + "\" is not a date (YYYY-MM-DD)");
    if (!forms::parse_plausible_day(a.window_to) || a.window_to.size() != 10)
        throw InputError("", at, "window_to \"" + a.window_to + "\" is not a date (YYYY-MM-DD)");
    if (a.window_from > a.window_to)
        throw InputError("", at,
                         "the window runs from " + a.window_from + " to " + a.window_to +
                             ": window_from is after window_to");
    if (!a.status.empty() && !storable_assignment_status(a.status))
        throw InputError("", at,
                         "\"" + a.status +
                             "\" is not a status an assignment stores (offered, accepted, "
                             "declined, visited, cancelled)");
    if (a.fee_cents && *a.fee_cents < 0)
        throw InputError("", at, "a fee cannot be negative");
}

void check_assignment_template(std::size_t index, const Assignment& a, const forms::Template& tpl) {
    if (forms::is_survey(tpl))
        throw InputError("", assignment_place(index, a),
                         "template \"" + a.template_id + "\" version " +
                             std::to_string(a.template_version) +
                             " is a customer survey scorecard: a customer survey is answered by "
                             "customers, not shoppers, so it is never assigned");
}

bool assignment_matches(const Assignment& a, const AssignmentFilter& filter) {
    if (!filter.status.empty() && a.status != filter.status)
        return false;
    if (!filter.from.empty() && a.window_to < filter.from)
        return false;
    if (!filter.to.empty() && a.window_from > filter.to)
        return false;
    return true;
}

std::optional<AuditChange> assignment_put_audit(const std::optional<Assignment>& before,
                                                const Assignment& after, const std::string& who) {
    const std::string status = after.status.empty() ? std::string("offered") : after.status;
    if (!before)
        return AuditChange{who, "assignment", "created", "", status, ""};
    const Assignment& b = *before;
    std::string changed;
    auto check = [&](bool differs, const char* field) {
        if (differs)
            changed += (changed.empty() ? "" : ", ") + std::string(field);
    };
    check(b.client != after.client, "client");
    check(b.branch != after.branch, "branch");
    check(b.template_id != after.template_id || b.template_version != after.template_version,
          "scorecard");
    check(b.scenario != after.scenario, "scenario");
    check(b.window_from != after.window_from, "window_from");
    check(b.window_to != after.window_to, "window_to");
    check(b.shopper != after.shopper, "shopper");
    check(after.fee_cents && after.fee_cents != b.fee_cents, "fee");
    check(b.status != status, "status");
    check(b.visit_uuid != after.visit_uuid, "visit");
    check(b.note != after.note, "note");
    if (changed.empty())
        return std::nullopt;
    return AuditChange{who, "assignment", "edited", "", changed, ""};
}

AuditChange assignment_status_audit(const std::string& from, const std::string& to,
                                    const std::string& who, const std::string& visit) {
    return {who, "assignment", "status", from, to, visit.empty() ? "" : "visit " + visit};
}

std::string assignment_conflict(const std::string& uuid, const std::string& who,
                                const std::string& at) {
    return "assignment " + uuid + " was changed by " + (who.empty() ? "someone else" : who) +
           " at " + at + " since it was read; nothing was written: reload it and try again";
}

} // namespace vs::storage
