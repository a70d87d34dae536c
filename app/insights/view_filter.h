#pragma once
// What every trainer and consultancy view shows: one client and one period of approved
// visits, chosen on the dashboard and followed by every other view; and the small lookups the
// views share (names from the organisation, titles from the scorecards). No wx.

#include "scoring/aggregate.h"
#include "storage/store.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vs::app {

/// Period choices of the dashboard; month presets are whole calendar months that end with the
/// month of the client's last visit (so that a quiet last week does not shift the window).
enum class PeriodPreset {
    Last12Months,
    Last6Months,
    Last3Months,
    LastMonth,
    YearToDate,
    AllTime,
    Custom
};
inline constexpr PeriodPreset kPeriodPresets[] = {
    PeriodPreset::Last12Months, PeriodPreset::Last6Months, PeriodPreset::Last3Months,
    PeriodPreset::LastMonth,    PeriodPreset::YearToDate,  PeriodPreset::AllTime,
    PeriodPreset::Custom};

/// "Last 12 months", …, "Custom".
std::string label(PeriodPreset preset);
/// The inclusive day range of a preset ending with `last_day`'s month; Custom and AllTime give
/// no bounds.
std::pair<std::optional<int>, std::optional<int>> preset_range(PeriodPreset preset, int last_day);

/// The client and period every view follows.
struct ViewFilter {
    std::string client;
    std::optional<int> from_day; ///< inclusive local day numbers
    std::optional<int> to_day;
    bool use_raw = false;  ///< raw performance instead of the score
    std::size_t min_n = 3; ///< below it a group is a low sample

    /// Approved visits of the client in the period (no calibration visits).
    storage::VisitFilter visit_filter() const;
    /// An aggregate spec by `keys` (and `period`) with this filter's measure and min_n.
    scoring::AggregateSpec spec(std::vector<scoring::GroupKey> keys,
                                forms::Period period = forms::Period::None) const;
    /// "Northwind Bank · 2025-11-01 to 2026-10-31".
    std::string describe() const;
    bool operator==(const ViewFilter&) const = default;
};

/// A client and its approved visits (for choosers and the benchmark).
struct ClientChoice {
    std::string client;
    std::int64_t visits = 0; ///< over the last 12 months ending with its last visit
    int last_day = 0;
};
/// Every client with approved visits, by name, with its visits over its last 12 months.
std::vector<ClientChoice> client_choices(storage::Store& store);
/// The client with the most approved visits over its last 12 months; nullopt without visits.
std::optional<ClientChoice> busiest_client(storage::Store& store);
/// The same among `choices` (client_choices), read already.
std::optional<ClientChoice> busiest_client(const std::vector<ClientChoice>& choices);
/// The dashboard's default filter for a client: its last 12 months.
ViewFilter last_12_months(const ClientChoice& client);

/// Names of a client's organisation, by code.
struct OrgNames {
    std::map<std::string, std::string> branch;          ///< code -> name
    std::map<std::string, std::string> employee;        ///< code -> name
    std::map<std::string, std::string> employee_branch; ///< employee code -> home branch code
    /// "CODE Name" (or the code alone when the name is unknown or empty).
    static std::string show(const std::string& code,
                            const std::map<std::string, std::string>& names);
};
OrgNames org_names(storage::Store& store, const std::string& client);

/// The index of `name` in a dictionary, or -1.
std::int32_t dict_id(const scoring::Dictionary& dict, const std::string& name);
/// The title of a section (by FactTable::section_ids index) in the first scorecard that has it.
std::string section_title(const scoring::FactTable& facts, std::int32_t section);
/// Whether a section counts towards the score (weight above 0 in a scorecard that has it); an
/// unscored section's "score" is not a result and is left out of charts.
bool section_scored(const scoring::FactTable& facts, std::int32_t section);
/// The wording of a question (by FactTable::question_ids index), likewise.
std::string question_text(const scoring::FactTable& facts, std::int32_t question);
/// The section (FactTable::section_ids index) a question belongs to, or -1.
std::int32_t question_section(const scoring::FactTable& facts, std::int32_t question);

/// The mean target of the visits (80 without visits).
double mean_target(const scoring::FactTable& facts);

/// A number for people: one decimal, rounded half away from zero (SCORING.md §3), or "—".
std::string fmt1(const std::optional<double>& v);
/// "57.3%" of a share, or "—".
std::string fmt_pct(const std::optional<double>& v);
/// "+1.2" / "-1.2" / "—".
std::string fmt_signed(const std::optional<double>& v);
/// "lo–hi", or "—".
std::string fmt_interval(const std::optional<scoring::Interval>& v);
/// A share's interval as percentages ("42.2–47.0%"), "—" when there is none.
std::string fmt_pct_interval(const std::optional<scoring::Interval>& v);

} // namespace vs::app
