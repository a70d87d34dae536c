#pragma once
// Aggregates of stored scores (SCORING.md §4–6): groups by any keys and a period, with every
// measure, per-section means, consistency, trend and NPS; section and question groups.

#include "forms/dates.h"
#include "scoring/facts.h"
#include "scoring/stats.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vs::scoring {

enum class GroupKey { Client, Region, Branch, Employee, Shopper, Template };
inline constexpr std::size_t kGroupKeyCount = 6;

/// "client", "region", …
std::string_view to_string(GroupKey key);
/// Parses a group key name; std::nullopt when unknown (section and question are not group keys
/// here: see aggregate_sections and aggregate_questions).
std::optional<GroupKey> group_key_from_string(std::string_view name);

struct AggregateSpec {
    std::vector<GroupKey> keys;
    forms::Period period = forms::Period::None;
    bool use_raw = false;  ///< aggregate `raw` (performance) instead of `score`
    std::size_t min_n = 3; ///< below it a group is `low_sample`
    forms::Period trend_period = forms::Period::Month; ///< periods of each group's trend
    /// Only visits of these days (inclusive; nullopt: unbounded) count, so that one set of
    /// facts serves any period within it.
    std::optional<int> from_day, to_day;
    bool covers(int day) const {
        return (!from_day || day >= *from_day) && (!to_day || day <= *to_day);
    }
};

enum class Status { Above, Near, Below };
/// "above", "near", "below".
std::string_view to_string(Status status);
/// above when mean >= target, near when mean >= target - 5, else below.
Status status_of(double mean, double target);

/// The values of a group's key: one dictionary id per AggregateSpec key (-1 for none), the
/// period, and for section/question groups the section or question id.
struct GroupId {
    std::vector<std::int32_t> keys;
    std::string period; ///< empty without a period
    int period_index = 0;
    std::int32_t item = -1; ///< section or question dictionary id, or -1
    bool operator<(const GroupId& o) const;
};

struct Measures {
    std::size_t n = 0;
    std::optional<double> mean, sd, min, max, median;
    std::optional<Interval> ci95;
    std::optional<double> pass_rate;
    std::optional<Interval> pass_ci95;
    std::optional<double> critical_fail_rate;
    bool low_sample = true;
    std::optional<double> target;
    std::optional<Status> status;
};

struct SectionMean {
    std::size_t n = 0;
    double mean = 0;
};

struct VisitGroup {
    GroupId id;
    Measures m;
    /// By section dictionary id, over sections not NA. With an employee key, a section counts
    /// for the employee it is attributed to (section_employees), not the visit's primary.
    std::map<std::int32_t, SectionMean> sections;
    std::optional<double> consistency; ///< sd of employees' means (>= min_n visits each)
    std::optional<double> trend;       ///< points per trend period
    Nps nps;
};

struct QuestionGroup {
    GroupId id;
    std::size_t n = 0; ///< visible, answered, not NA
    std::optional<double> mean_f;
    std::optional<double> pass_rate;
    std::optional<Interval> pass_ci95;
    std::optional<double> na_rate; ///< NA answers / visible answers
};

/// Measures of a set of values against per-value targets (the §4 table): `targets` holds each
/// value's own target (pass_rate, target and status stay null when it is empty); throws
/// std::invalid_argument when it is neither empty nor as long as `values`.
Measures measure(std::vector<double> values, const std::vector<double>& targets,
                 std::size_t critical_failures, std::size_t min_n);

/// Visit groups, ordered by key.
std::vector<VisitGroup> aggregate_visits(const FactTable& facts, const AggregateSpec& spec);
/// Section groups: the keys plus the section, over section scores where the section is not NA;
/// the employee is the one the section is attributed to, each score is held against its visit's
/// target, and critical_fail_rate counts section-level critical failures of that section.
std::vector<VisitGroup> aggregate_sections(const FactTable& facts, const AggregateSpec& spec);
/// Question groups: the keys plus the question, over visible answers. Throws
/// std::invalid_argument when the facts were loaded without questions.
std::vector<QuestionGroup> aggregate_questions(const FactTable& facts, const AggregateSpec& spec);

/// The display value of one key of a group (a code, a name or an id), or "" for none.
const std::string& key_value(const FactTable& facts, GroupKey key, std::int32_t id);

} // namespace vs::scoring
