#include "app/field/assignments_model.h"

#include "app/insights/view_filter.h"
#include "forms/dates.h"
#include "forms/error.h"

#include <algorithm>
#include <charconv>
#include <fmt/core.h>
#include <tuple>

namespace vs::app {
namespace {

using storage::Assignment;
using vs::InputError;

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

/// A row version ("2026-12-04T16:20:31.123Z" or the like) as a person reads it.
std::string when_text(const std::string& at) {
    std::string t = at.substr(0, std::min<std::size_t>(at.size(), 19));
    if (t.size() > 10 && t[10] == 'T')
        t[10] = ' ';
    return t.empty() ? "a moment ago" : t + " (UTC)";
}

} // namespace

std::string assignment_column_title(AssignmentColumn column) {
    switch (column) {
    case AssignmentColumn::Window:
        return "Window";
    case AssignmentColumn::Client:
        return "Client";
    case AssignmentColumn::Branch:
        return "Branch";
    case AssignmentColumn::Scorecard:
        return "Scorecard";
    case AssignmentColumn::Scenario:
        return "Scenario";
    case AssignmentColumn::Shopper:
        return "Shopper";
    case AssignmentColumn::Fee:
        return "Fee";
    case AssignmentColumn::Status:
        return "Status";
    }
    return {};
}

const std::vector<std::string>& assignment_statuses() {
    static const std::vector<std::string> statuses = {"offered",  "accepted", "overdue",
                                                      "declined", "visited",  "cancelled"};
    return statuses;
}

std::vector<AssignmentRow> assignment_rows(storage::Store& store,
                                           const storage::AssignmentFilter& filter) {
    std::map<std::string, OrgNames> names; // per client, read once
    std::vector<AssignmentRow> rows;
    for (Assignment& a : store.assignments(filter)) {
        AssignmentRow r;
        auto at = names.find(a.client);
        if (at == names.end())
            at = names.emplace(a.client, org_names(store, a.client)).first;
        r.branch_label = OrgNames::show(a.branch, at->second.branch);
        r.scorecard = a.template_id + " v" + std::to_string(a.template_version);
        r.overdue = a.status == "overdue";
        r.assignment = std::move(a);
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string assignment_cell(const AssignmentRow& row, AssignmentColumn column) {
    const Assignment& a = row.assignment;
    switch (column) {
    case AssignmentColumn::Window:
        return a.window_from + " \u2013 " + a.window_to;
    case AssignmentColumn::Client:
        return a.client;
    case AssignmentColumn::Branch:
        return row.branch_label;
    case AssignmentColumn::Scorecard:
        return row.scorecard;
    case AssignmentColumn::Scenario:
        return a.scenario.empty() ? "\u2014" : a.scenario;
    case AssignmentColumn::Shopper:
        return a.shopper.empty() ? "\u2014 none" : a.shopper;
    case AssignmentColumn::Fee:
        return a.fee_cents ? services::format_fee(*a.fee_cents) : "\u2014";
    case AssignmentColumn::Status:
        return a.status;
    }
    return {};
}

void sort_assignment_rows(std::vector<AssignmentRow>& rows, AssignmentColumn column,
                          bool ascending) {
    const auto tie = [](const AssignmentRow& r) {
        return std::tie(r.assignment.window_from, r.assignment.window_to, r.assignment.uuid);
    };
    const auto status_rank = [](const std::string& s) {
        const auto& all = assignment_statuses();
        return std::find(all.begin(), all.end(), s) - all.begin();
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const AssignmentRow& x, const AssignmentRow& y) {
        const AssignmentRow& a = ascending ? x : y;
        const AssignmentRow& b = ascending ? y : x;
        switch (column) {
        case AssignmentColumn::Window:
            return tie(a) < tie(b);
        case AssignmentColumn::Fee: {
            const auto fa = a.assignment.fee_cents.value_or(-1);
            const auto fb = b.assignment.fee_cents.value_or(-1);
            return fa != fb ? fa < fb : tie(a) < tie(b);
        }
        case AssignmentColumn::Status: {
            const auto sa = status_rank(a.assignment.status);
            const auto sb = status_rank(b.assignment.status);
            return sa != sb ? sa < sb : tie(a) < tie(b);
        }
        default: {
            const std::string ca = assignment_cell(a, column), cb = assignment_cell(b, column);
            return ca != cb ? ca < cb : tie(a) < tie(b);
        }
        }
    });
}

std::map<std::string, std::size_t> count_by_status(const std::vector<AssignmentRow>& rows) {
    std::map<std::string, std::size_t> counts;
    for (const AssignmentRow& r : rows)
        ++counts[r.assignment.status];
    return counts;
}

std::string status_counts_text(const std::vector<AssignmentRow>& rows) {
    std::string text = fmt::format("{} assignment{}", rows.size(), rows.size() == 1 ? "" : "s");
    const auto counts = count_by_status(rows);
    std::string parts;
    for (const std::string& s : assignment_statuses())
        if (const auto at = counts.find(s); at != counts.end())
            parts += (parts.empty() ? "" : ", ") + fmt::format("{} {}", at->second, s);
    return parts.empty() ? text : text + ": " + parts;
}

Assignment assignment_from_fields(const AssignmentFields& f, const Assignment& base) {
    Assignment a = base;
    a.client = trimmed(f.client);
    a.branch = trimmed(f.branch);
    a.template_id = trimmed(f.template_id);
    if (a.client.empty())
        throw InputError("", "Client", "choose the client");
    if (a.branch.empty())
        throw InputError("", "Branch", "choose the branch");
    if (a.template_id.empty())
        throw InputError("", "Scorecard", "choose the scorecard");
    const std::string version = trimmed(f.template_version);
    int v = 0;
    const auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), v);
    if (version.empty() || ec != std::errc() || end != version.data() + version.size() || v < 1)
        throw InputError("", "Scorecard", "\"" + version + "\" is not a scorecard version");
    a.template_version = v;
    a.scenario = trimmed(f.scenario);
    a.window_from = trimmed(f.window_from);
    a.window_to = trimmed(f.window_to);
    const auto from = forms::parse_plausible_day(a.window_from);
    if (!from || a.window_from.size() != 10)
        throw InputError("", "Window from", "\"" + a.window_from + "\" is not a date (YYYY-MM-DD)");
    const auto to = forms::parse_plausible_day(a.window_to);
    if (!to || a.window_to.size() != 10)
        throw InputError("", "Window to", "\"" + a.window_to + "\" is not a date (YYYY-MM-DD)");
    if (*to < *from)
        throw InputError("", "Window to",
                         "the window ends (" + a.window_to + ") before it starts (" +
                             a.window_from + ")");
    a.shopper = trimmed(f.shopper);
    const std::string fee = trimmed(f.fee);
    if (fee.empty()) {
        a.fee_cents.reset();
    } else {
        a.fee_cents = services::parse_fee(fee);
        if (!a.fee_cents)
            throw InputError("", "Fee", "\"" + fee + "\" is not an amount such as 25 or 25.50");
    }
    a.note = f.note;
    return a;
}

std::string field_of_error(const std::string& where) {
    const auto comma = where.rfind(", ");
    const std::string last = comma == std::string::npos ? where : where.substr(comma + 2);
    static const std::vector<std::pair<std::string, std::string>> fields = {
        {"client", "Client"},
        {"branch", "Branch"},
        {"template", "Scorecard"},
        {"template_version", "Scorecard"},
        {"scenario", "Scenario"},
        {"window_from", "Window from"},
        {"window_to", "Window to"},
        {"shopper", "Shopper"},
        {"fee", "Fee"},
        {"note", "Note"}};
    for (const auto& [key, label] : fields)
        if (last == key || last == label)
            return label;
    return {};
}

std::string conflict_text(const Assignment& mine, const std::optional<Assignment>& now,
                          const std::string& changed_by) {
    const std::string what = "The assignment at " + mine.branch + " (" + mine.window_from +
                             " \u2013 " + mine.window_to + ")";
    if (!now)
        return what + " is no longer in the database: someone else removed it. The list is read "
                      "again.";
    const std::string by = changed_by.empty() ? "someone else" : changed_by;
    return what + " was changed by " + by + " at " + when_text(now->updated_at) +
           ", after you opened it; it is now " + now->status +
           (now->shopper.empty() ? "" : " with shopper " + now->shopper) +
           ". Your change was not saved. The list is read again: open it again to change it.";
}

PlanPreview plan_preview(const services::FromPlanResult& result) {
    PlanPreview p;
    for (const services::ProposedAssignment& item : result.items) {
        if (item.existing) {
            ++p.existing;
            continue;
        }
        const Assignment& a = item.assignment;
        p.to_create.push_back(a);
        if (a.shopper.empty())
            p.unassigned.emplace_back(a.branch + " " + a.window_from + " \u2013 " + a.window_to,
                                      item.reason);
        else
            ++p.shoppers[a.shopper];
    }
    p.skipped = result.skipped;
    return p;
}

std::string plan_preview_text(const PlanPreview& p) {
    const std::size_t n = p.to_create.size();
    std::string text = n == 0 ? std::string("No new assignment: ")
                              : fmt::format("{} new assignment{}", n, n == 1 ? "" : "s");
    if (n == 0)
        text += p.existing ? fmt::format("the plan's {} assignment{} are stored already.",
                                         p.existing, p.existing == 1 ? "" : "s")
                           : "the plan needs no visit.";
    else
        text += p.existing ? fmt::format(" ({} stored before stay as they are).", p.existing) : ".";
    if (!p.shoppers.empty()) {
        text += "\n\nShoppers proposed:";
        for (const auto& [shopper, count] : p.shoppers)
            text += fmt::format("\n  {}: {}", shopper, count);
    }
    if (!p.unassigned.empty()) {
        text += fmt::format("\n\nWithout a shopper ({}):", p.unassigned.size());
        for (const auto& [what, why] : p.unassigned)
            text += "\n  " + what + ": " + (why.empty() ? "no shopper fits" : why);
    }
    if (!p.skipped.empty()) {
        text += "\n\nNo plan (no spread to plan from) for:";
        for (const std::string& b : p.skipped)
            text += " " + b;
    }
    return text;
}

} // namespace vs::app
