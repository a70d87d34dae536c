#include "services/fees.h"

#include "forms/dates.h"
#include "forms/error.h"
#include "storage/server_info.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

namespace vs::services {

namespace {

/// The default fee setting as whole cents; InputError naming the setting when it is not one.
std::int64_t default_fee(storage::SettingsStore& settings) {
    const std::string text = settings.setting(kDefaultFeeSetting, "0");
    std::int64_t cents = 0;
    const auto* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, cents);
    if (ec != std::errc() || p != end || cents < 0)
        throw InputError("", std::string("setting ") + kDefaultFeeSetting,
                         "is not a whole number of cents >= 0: '" + text + "'");
    return cents;
}

/// The time of the visit's last approval in its audit log; empty when none is recorded (a visit
/// imported approved).
std::string approved_at(storage::AuditStore& audit, std::int64_t visit_id) {
    std::string at;
    for (const auto& e : audit.audit_log(visit_id))
        if (e.action == "status" && e.new_value == "approved")
            at = e.at;
    return at;
}

} // namespace

std::optional<std::string> checked_fee_setting(const std::string& key, const std::string& value) {
    if (key == kDefaultFeeSetting) {
        std::int64_t cents = 0;
        const auto* end = value.data() + value.size();
        const auto [p, ec] = std::from_chars(value.data(), end, cents);
        if (value.empty() || ec != std::errc() || p != end || cents < 0)
            throw InputError("", key,
                             "\"" + value + "\" is not a whole number of cents (0 or more)");
        return std::to_string(cents);
    }
    if (key == kCurrencySetting) {
        std::string code;
        for (char c : value)
            code += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        if (code.size() != 3 ||
            code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
            throw InputError("", key,
                             "\"" + value + "\" is not a three-letter currency code (GBP)");
        return code;
    }
    return std::nullopt;
}

bool valid_month(const std::string& month) {
    if (month.size() != 7 || month[4] != '-')
        return false;
    const auto day = forms::parse_plausible_day(month + "-01");
    return day.has_value();
}

FeeStatements fee_statements(storage::Store& store, const std::string& month,
                             const std::string& shopper) {
    if (!valid_month(month))
        throw InputError("", "--month", "'" + month + "' is not a month as YYYY-MM");
    if (const auto info = storage::server_info(store);
        info && info->roles && info->role != "admin" && info->role != "shopper")
        throw storage::StorageError("shopper fees and statements are refused to " +
                                    (info->role.empty() ? std::string("an account without a role")
                                                        : "a " + info->role + " account") +
                                    " (" + info->account +
                                    "): only an admin reads every fee, and a shopper their own");

    FeeStatements out;
    out.month = month;
    out.currency = store.setting(kCurrencySetting, "GBP");
    const std::int64_t fallback = default_fee(store);

    const int first = *forms::parse_day(month + "-01");
    // The last day of the month: the day before the first of the next one.
    int y = std::stoi(month.substr(0, 4));
    int m = std::stoi(month.substr(5, 2)) + 1;
    if (m == 13) {
        m = 1;
        ++y;
    }
    char next[32];
    std::snprintf(next, sizeof next, "%04d-%02d-01", y, m);
    const int last = *forms::parse_day(next) - 1;

    // Fees of the assignments this account may read, by assignment uuid.
    std::map<std::string, std::optional<std::int64_t>> fees;
    for (const auto& a : store.assignments({}))
        fees.emplace(a.uuid, a.fee_cents);

    storage::VisitListQuery q;
    q.status = forms::Status::Approved;
    q.from_day = first;
    q.to_day = last;
    const auto ids = store.visit_ids(q);
    const auto rows = store.visit_rows(ids);

    std::map<std::pair<std::string, std::string>, ShopperStatement> by_shopper;
    for (const auto& row : rows) {
        if (!shopper.empty() && row.shopper_code != shopper)
            continue;
        const auto stored = store.load_visit(row.id);
        FeeLine line;
        line.visit_date = row.visited_at.substr(0, 10);
        line.client = row.client;
        line.branch = row.branch;
        line.scorecard = row.scorecard;
        line.visit_uuid = row.uuid;
        line.approved_at = approved_at(store, row.id);
        line.assignment = stored.visit.assignment;
        line.fee_cents = fallback;
        if (!line.assignment.empty())
            if (const auto it = fees.find(line.assignment); it != fees.end() && it->second)
                line.fee_cents = *it->second;
        auto& st = by_shopper[{row.client, row.shopper_code}];
        st.client = row.client;
        st.shopper_code = row.shopper_code;
        st.shopper_name = row.shopper_name;
        st.total_cents += line.fee_cents;
        st.lines.push_back(std::move(line));
    }
    for (auto& [key, st] : by_shopper) {
        std::sort(st.lines.begin(), st.lines.end(), [](const FeeLine& a, const FeeLine& b) {
            return std::tie(a.visit_date, a.visit_uuid) < std::tie(b.visit_date, b.visit_uuid);
        });
        out.total_cents += st.total_cents;
        out.shoppers.push_back(std::move(st));
    }
    return out;
}

void write_statements_file(const std::string& path, const FeeStatements& statements) {
    exports::write_statements_file(path, statements);
}

} // namespace vs::services
