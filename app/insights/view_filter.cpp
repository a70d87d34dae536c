#include "app/insights/view_filter.h"

#include "forms/dates.h"
#include "scoring/action_plans.h"
#include "scoring/visit_score.h"

#include <algorithm>
#include <fmt/core.h>

namespace vs::app {
namespace {

/// The first day of the month `months_back` months before `day`'s month.
int month_start(int day, int months_back) {
    const std::string ymd = forms::day_to_string(day);
    int months = std::stoi(ymd.substr(0, 4)) * 12 + std::stoi(ymd.substr(5, 2)) - 1 - months_back;
    return *forms::parse_day(fmt::format("{:04d}-{:02d}-01", months / 12, months % 12 + 1));
}

/// The last day of `day`'s month.
int month_end(int day) {
    return month_start(day, -1) - 1;
}

} // namespace

std::string label(PeriodPreset preset) {
    switch (preset) {
    case PeriodPreset::Last12Months:
        return "Last 12 months";
    case PeriodPreset::Last6Months:
        return "Last 6 months";
    case PeriodPreset::Last3Months:
        return "Last 3 months";
    case PeriodPreset::LastMonth:
        return "Last month";
    case PeriodPreset::YearToDate:
        return "Year to date";
    case PeriodPreset::AllTime:
        return "All time";
    case PeriodPreset::Custom:
        return "Custom";
    }
    return "";
}

std::pair<std::optional<int>, std::optional<int>> preset_range(PeriodPreset preset, int last_day) {
    const int end = month_end(last_day);
    switch (preset) {
    case PeriodPreset::Last12Months:
        return {month_start(last_day, 11), end};
    case PeriodPreset::Last6Months:
        return {month_start(last_day, 5), end};
    case PeriodPreset::Last3Months:
        return {month_start(last_day, 2), end};
    case PeriodPreset::LastMonth:
        return {month_start(last_day, 0), end};
    case PeriodPreset::YearToDate:
        return {*forms::parse_day(forms::day_to_string(last_day).substr(0, 4) + "-01-01"), end};
    case PeriodPreset::AllTime:
    case PeriodPreset::Custom:
        break;
    }
    return {std::nullopt, std::nullopt};
}

storage::VisitFilter ViewFilter::visit_filter() const {
    storage::VisitFilter f; // approved, no calibration visits
    f.client = client;
    f.from_day = from_day;
    f.to_day = to_day;
    return f;
}

scoring::AggregateSpec ViewFilter::spec(std::vector<scoring::GroupKey> keys,
                                        forms::Period period) const {
    scoring::AggregateSpec s;
    s.keys = std::move(keys);
    s.period = period;
    s.use_raw = use_raw;
    s.min_n = min_n;
    s.from_day = from_day;
    s.to_day = to_day;
    return s;
}

std::string ViewFilter::describe() const {
    std::string out = client;
    out += " · ";
    out += from_day ? forms::day_to_string(*from_day) : std::string("the first visit");
    out += " to ";
    out += to_day ? forms::day_to_string(*to_day) : std::string("the last visit");
    if (use_raw)
        out += " · raw performance";
    return out;
}

std::vector<ClientChoice> client_choices(storage::Store& store) {
    std::vector<ClientChoice> out;
    for (const storage::ClientActivity& a : store.client_activity(storage::VisitFilter{})) {
        // The last 12 months end after the last visit: every visit but those before them, a
        // short range to count where the 12 months would be most of the visits counted again.
        ClientChoice c{a.client, a.visits, a.last_day};
        storage::VisitFilter before;
        before.client = a.client;
        before.to_day = *preset_range(PeriodPreset::Last12Months, a.last_day).first - 1;
        for (const storage::ClientActivity& r : store.client_activity(before))
            c.visits -= r.visits;
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<ClientChoice> busiest_client(const std::vector<ClientChoice>& choices) {
    auto it = std::max_element(choices.begin(), choices.end(),
                               [](const auto& a, const auto& b) { return a.visits < b.visits; });
    return it == choices.end() ? std::nullopt : std::optional<ClientChoice>(*it);
}

std::optional<ClientChoice> busiest_client(storage::Store& store) {
    return busiest_client(client_choices(store));
}

ViewFilter last_12_months(const ClientChoice& client) {
    ViewFilter f;
    f.client = client.client;
    std::tie(f.from_day, f.to_day) = preset_range(PeriodPreset::Last12Months, client.last_day);
    return f;
}

std::string OrgNames::show(const std::string& code,
                           const std::map<std::string, std::string>& names) {
    auto it = names.find(code);
    if (it == names.end() || it->second.empty())
        return code;
    return code + " " + it->second;
}

OrgNames org_names(storage::Store& store, const std::string& client) {
    OrgNames out;
    std::optional<std::int64_t> client_id;
    for (const auto& c : store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        if (c.name == client)
            client_id = c.id;
    if (!client_id)
        return out;
    std::map<std::int64_t, std::string> branch_code;
    for (const auto& b : store.org_list(storage::OrgKind::Branch, client_id, true, false)) {
        out.branch[b.code] = b.name;
        branch_code[b.id] = b.code;
    }
    for (const auto& e : store.org_list(storage::OrgKind::Employee, client_id, true, false)) {
        out.employee[e.code] = e.name;
        if (auto it = branch_code.find(e.parent_id); it != branch_code.end())
            out.employee_branch[e.code] = it->second;
    }
    return out;
}

std::int32_t dict_id(const scoring::Dictionary& dict, const std::string& name) {
    auto it = std::find(dict.names.begin(), dict.names.end(), name);
    return it == dict.names.end() ? -1 : static_cast<std::int32_t>(it - dict.names.begin());
}

std::string section_title(const scoring::FactTable& facts, std::int32_t section) {
    for (const auto& ref : facts.templates)
        for (std::size_t s = 0; s < ref.section_ids.size(); ++s)
            if (ref.section_ids[s] == section && !ref.tpl->sections[s].title.empty())
                return ref.tpl->sections[s].title;
    return section >= 0 ? facts.section_ids[section] : std::string();
}

bool section_scored(const scoring::FactTable& facts, std::int32_t section) {
    for (const auto& ref : facts.templates)
        for (std::size_t s = 0; s < ref.section_ids.size(); ++s)
            if (ref.section_ids[s] == section && ref.tpl->sections[s].weight > 0)
                return true;
    return false;
}

std::string question_text(const scoring::FactTable& facts, std::int32_t question) {
    for (const auto& ref : facts.templates)
        for (std::size_t q = 0; q < ref.question_ids.size(); ++q)
            if (ref.question_ids[q] == question && !ref.tpl->questions[q].text.empty())
                return ref.tpl->questions[q].text;
    return question >= 0 ? facts.question_ids[question] : std::string();
}

std::int32_t question_section(const scoring::FactTable& facts, std::int32_t question) {
    for (const auto& ref : facts.templates)
        for (std::size_t q = 0; q < ref.question_ids.size(); ++q)
            if (ref.question_ids[q] == question)
                return ref.section_ids[static_cast<std::size_t>(ref.tpl->questions[q].section)];
    return -1;
}

double mean_target(const scoring::FactTable& facts) {
    if (facts.visits.empty())
        return 80;
    double sum = 0;
    for (const auto& v : facts.visits)
        sum += v.target;
    return sum / static_cast<double>(facts.visits.size());
}

std::string fmt1(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}", scoring::round1(*v)) : "—";
}

std::string fmt_pct(const std::optional<double>& v) {
    return v ? fmt1(100 * *v) + "%" : "—";
}

std::string fmt_signed(const std::optional<double>& v) {
    return v ? scoring::signed1(*v) : "—";
}

std::string fmt_interval(const std::optional<scoring::Interval>& v) {
    return v ? fmt1(v->lo) + "–" + fmt1(v->hi) : "—";
}

std::string fmt_pct_interval(const std::optional<scoring::Interval>& v) {
    return v ? fmt1(100 * v->lo) + "–" + fmt1(100 * v->hi) + "%" : "—";
}

} // namespace vs::app
