#pragma once
// Whole-number settings kept in the database (action.*, dispute.*): reading one with its
// default, and checking a value before it is stored.

#include "forms/error.h"
#include "storage/settings_store.h"

#include <charconv>
#include <optional>
#include <string>

namespace vs::services {

/// `text` as a whole number (all of it), or nullopt.
inline std::optional<int> whole_number(const std::string& text) {
    int v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size())
        return std::nullopt;
    return v;
}

/// The stored setting `key` as a whole number; `fallback` when unset or not a number.
inline int int_setting(storage::SettingsStore& store, const char* key, int fallback) {
    return whole_number(store.setting(key, "")).value_or(fallback);
}

/// The stored form of `value` for setting `key`: a whole number of `what` from lo to hi, else
/// InputError naming the key.
inline std::string checked_int_setting(const std::string& key, const std::string& value, int lo,
                                       int hi, const std::string& what) {
    const std::optional<int> v = whole_number(value);
    if (!v || *v < lo || *v > hi)
        throw InputError("", key,
                         "\"" + value + "\" is not a whole number of " + what + " from " +
                             std::to_string(lo) + " to " + std::to_string(hi));
    return std::to_string(*v);
}

} // namespace vs::services
