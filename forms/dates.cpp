#include "forms/dates.h"

#include <cstdio>
#include <date/date.h>
#include <date/iso_week.h>

namespace vs::forms {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > s.size())
        return false;
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

int floor_div(int a, int b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

date::year_month_day ymd_of(int day) {
    return date::year_month_day{date::sys_days{date::days{day}}};
}

} // namespace

std::optional<Period> period_from_string(std::string_view name) {
    if (name == "week")
        return Period::Week;
    if (name == "month")
        return Period::Month;
    if (name == "quarter")
        return Period::Quarter;
    if (name == "year")
        return Period::Year;
    return std::nullopt;
}

std::optional<int> parse_day(std::string_view s) {
    int y, m, d;
    if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
        !digits(s, 8, 2, d))
        return std::nullopt;
    date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                             date::day{static_cast<unsigned>(d)}};
    if (!ymd.ok())
        return std::nullopt;
    if (s.size() > 10) {
        // THH:MM or THH:MM:SS (a space instead of T is accepted too)
        int hh, mm, ss = 0;
        if ((s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, hh) || s.size() < 16 ||
            s[13] != ':' || !digits(s, 14, 2, mm) || hh > 23 || mm > 59)
            return std::nullopt;
        if (s.size() != 16 && (s.size() != 19 || s[16] != ':' || !digits(s, 17, 2, ss) || ss > 59))
            return std::nullopt;
    }
    return static_cast<int>(date::sys_days{ymd}.time_since_epoch().count());
}

bool plausible_day(int day) {
    // 1990-01-01 and 2100-12-31 as days since 1970-01-01.
    static const int first = *parse_day(kFirstPlausibleDate);
    static const int last = *parse_day(kLastPlausibleDate);
    return day >= first && day <= last;
}

std::optional<int> parse_plausible_day(std::string_view text) {
    std::optional<int> day = parse_day(text);
    if (day && !plausible_day(*day))
        return std::nullopt;
    return day;
}

std::string implausible_date_message(std::string_view text) {
    // Appended piece by piece: GCC 12 at -O3 warns (a false stringop-overflow) on
    // "literal" + std::string&&.
    std::string message = "\"";
    message.append(text);
    message += "\" is outside the dates this program accepts (";
    message += kFirstPlausibleDate;
    message += " to ";
    message += kLastPlausibleDate;
    message += ")";
    return message;
}

std::string day_to_string(int day) {
    auto ymd = ymd_of(day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string period_key(int day, Period period) {
    auto ymd = ymd_of(day);
    int y = static_cast<int>(ymd.year());
    unsigned m = static_cast<unsigned>(ymd.month());
    char buf[32];
    switch (period) {
    case Period::Month:
        std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
        return buf;
    case Period::Quarter:
        std::snprintf(buf, sizeof buf, "%04d-Q%u", y, (m - 1) / 3 + 1);
        return buf;
    case Period::Week: {
        iso_week::year_weeknum_weekday w{date::sys_days{date::days{day}}};
        std::snprintf(buf, sizeof buf, "%04d-W%02u", static_cast<int>(w.year()),
                      static_cast<unsigned>(w.weeknum()));
        return buf;
    }
    case Period::Year:
        std::snprintf(buf, sizeof buf, "%04d", y);
        return buf;
    case Period::None:
        break;
    }
    return {};
}

int period_index(int day, Period period) {
    auto ymd = ymd_of(day);
    int y = static_cast<int>(ymd.year());
    int m = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
    switch (period) {
    case Period::Month:
        return y * 12 + m;
    case Period::Quarter:
        return y * 4 + m / 3;
    case Period::Year:
        return y;
    case Period::Week:
        return floor_div(day + 3, 7); // 1970-01-01 was a Thursday; weeks start on Monday
    case Period::None:
        break;
    }
    return 0;
}

} // namespace vs::forms
