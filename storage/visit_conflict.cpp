#include "storage/visit_conflict.h"

#include <cstdio>
#include <ctime>
#include <optional>

namespace vs::storage {
namespace {

constexpr const char* kReload = "; nothing was written. Reload the visit to see the change";

/// Milliseconds since 1970 of a UTC time "YYYY-MM-DDTHH:MM:SS[.fff…]Z"; nullopt when not one.
std::optional<long long> utc_ms(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, n = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    long long ms = static_cast<long long>(timegm(&tm)) * 1000;
    if (static_cast<std::size_t>(n) < text.size() && text[static_cast<std::size_t>(n)] == '.') {
        long long scale = 100;
        for (std::size_t i = static_cast<std::size_t>(n) + 1;
             i < text.size() && text[i] >= '0' && text[i] <= '9' && scale > 0; ++i, scale /= 10)
            ms += (text[i] - '0') * scale;
    }
    return ms;
}

} // namespace

std::string status_conflict_message(const std::string& uuid, std::string_view stored,
                                    std::string_view from, const LastChange& last) {
    std::string out =
        "visit " + uuid + " is " + std::string(stored) + " now, not " + std::string(from) + ": ";
    if (last.who.empty())
        out += "someone else changed it meanwhile";
    else
        out += last.who + " changed it at " + last.at;
    return out + kReload;
}

std::string edit_conflict_message(const std::string& uuid, const std::string& stored_at,
                                  const LastChange& last) {
    // A change that writes no audit entry (a draft saved) leaves the latest entry older than
    // the visit's row version (written in the same transaction as its entries, within a few
    // milliseconds of them): that entry's author did not make the change.
    const auto entry = utc_ms(last.at);
    const auto version = utc_ms(stored_at);
    const bool audited = !last.who.empty() && (!entry || !version || *version - *entry <= 250);
    const std::string who = audited ? last.who : "someone else";
    const std::string at = audited ? last.at : stored_at;
    return "visit " + uuid + " was changed by " + who + " at " + at + " while it was edited" +
           kReload;
}

} // namespace vs::storage
