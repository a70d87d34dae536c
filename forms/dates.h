#pragma once
// Calendar helpers on local dates: validation, day numbers and period keys (SCORING.md §4).

#include <optional>
#include <string>
#include <string_view>

namespace vs::forms {

enum class Period { None, Week, Month, Quarter, Year };

/// Parses "week" | "month" | "quarter" | "year"; std::nullopt otherwise.
std::optional<Period> period_from_string(std::string_view name);

/// Days since 1970-01-01 of a "YYYY-MM-DD" date, or of the date part of "YYYY-MM-DDTHH:MM[:SS]";
/// std::nullopt for malformed or non-existent dates (2026-02-30) and times (25:00).
std::optional<int> parse_day(std::string_view text);

/// The dates a visit, a training or a report range may name: 1990-01-01 to 2100-12-31. Dates
/// outside are typing errors (a year 0206 or 20026), and a workbook cannot show them.
inline constexpr const char* kFirstPlausibleDate = "1990-01-01";
inline constexpr const char* kLastPlausibleDate = "2100-12-31";
/// True when a day number lies within kFirstPlausibleDate..kLastPlausibleDate.
bool plausible_day(int day);
/// parse_day, and std::nullopt also for a date outside the plausible range.
std::optional<int> parse_plausible_day(std::string_view text);
/// The message for a date outside the plausible range: "is before 1990-01-01 (…)".
std::string implausible_date_message(std::string_view text);

/// "YYYY-MM-DD" of a day number.
std::string day_to_string(int day);

/// The period key of a day: "2026-10", "2026-Q4", "2026-W41" (ISO week-year), "2026".
std::string period_key(int day, Period period);

/// A running index of the period containing `day` (months since 1970-01 and so on), so that
/// consecutive periods have consecutive indexes.
int period_index(int day, Period period);

} // namespace vs::forms
