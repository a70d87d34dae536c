#pragma once
// Trimming a cell or a keyword read from a file (CSV columns, mapping values): the one rule the
// readers share. Only what reads such text includes it.

#include <string_view>

namespace vs::forms {

/// `s` without the spaces and tabs at either end (line breaks and other blanks are kept).
constexpr std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace vs::forms
