#include "app/visits/audit_log_model.h"

#include "forms/dates.h"
#include "forms/error.h"

#include <algorithm>
#include <cctype>

namespace vs::app {
namespace {

std::string trimmed(const std::string& s) {
    auto b = std::find_if_not(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
    auto e =
        std::find_if_not(s.rbegin(), s.rend(), [](unsigned char c) { return std::isspace(c); });
    return b < e.base() ? std::string(b, e.base()) : std::string();
}

std::optional<int> day_field(const std::string& text, const char* field) {
    const std::string t = trimmed(text);
    if (t.empty())
        return std::nullopt;
    auto day = forms::parse_day(t);
    if (!day || t.size() != 10)
        throw InputError("", field, "\"" + t + "\" is not a date; write it as YYYY-MM-DD");
    return day;
}

} // namespace

storage::AuditQuery audit_query(const AuditFilterText& f) {
    storage::AuditQuery q;
    if (auto who = trimmed(f.who); !who.empty())
        q.who = who;
    if (auto visit = trimmed(f.visit); !visit.empty())
        q.visit_uuid = visit;
    if (auto branch = trimmed(f.branch); !branch.empty())
        q.branch = branch;
    if (auto action = trimmed(f.action); !action.empty()) {
        if (action != "status" && action != "edit" && action != "purge")
            throw InputError("", "Action", "\"" + action + "\" is not status, edit or purge");
        q.action = action;
    }
    q.from_day = day_field(f.from, "From");
    q.to_day = day_field(f.to, "To");
    if (q.from_day && q.to_day && *q.from_day > *q.to_day)
        throw InputError("", "To",
                         "the last day " + trimmed(f.to) + " is before the first day " +
                             trimmed(f.from));
    return q;
}

bool narrows(const storage::AuditQuery& q) {
    return q.visit_uuid || q.who || q.branch || q.action || q.from_day || q.to_day;
}

std::string no_entries_text(const storage::AuditQuery& q) {
    return narrows(q) ? "No entries match the filter."
                      : "The audit log is empty: entries appear when visits are submitted, "
                        "reviewed or changed; imported visits bring none.";
}

const std::vector<std::string>& audit_column_titles() {
    static const std::vector<std::string> titles{"When (UTC)", "Who",       "Visit", "Branch",
                                                 "Field",      "Old → new", "Reason"};
    return titles;
}

std::string audit_cell(const storage::AuditRow& r, int column) {
    switch (column) {
    case AuditWhen: {
        std::string at = r.entry.at.substr(0, 16);
        if (at.size() > 10 && at[10] == 'T')
            at[10] = ' ';
        return at;
    }
    case AuditWho:
        return r.entry.who;
    case AuditVisit:
        return r.visit_uuid;
    case AuditBranch:
        return r.branch;
    case AuditField:
        return r.entry.field;
    case AuditChange:
        return r.entry.old_value + " \u2192 " + r.entry.new_value;
    case AuditReason:
        return r.entry.reason;
    default:
        return "";
    }
}

} // namespace vs::app
