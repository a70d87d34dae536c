#pragma once
// What the harnesses assert of an accepted input: its text is text that files can carry.

#include "forms/text.h"

#include <nlohmann/json.hpp>

namespace vs::fuzz {

/// True when no string or key in `j` holds text that files cannot carry (forms::text_problem).
inline bool clean_text(const nlohmann::json& j) {
    if (j.is_string())
        return forms::text_problem(j.get_ref<const std::string&>()).empty();
    if (j.is_object()) {
        for (const auto& [key, value] : j.items())
            if (!forms::text_problem(key).empty() || !clean_text(value))
                return false;
    } else if (j.is_array()) {
        for (const auto& value : j)
            if (!clean_text(value))
                return false;
    }
    return true;
}

} // namespace vs::fuzz
