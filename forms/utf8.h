#pragma once
// UTF-8 one code point at a time: the one decoder and encoder that the text checks, the workbook
// writer and name matching share.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vs::forms {

struct CodePoint {
    char32_t value = 0;
    std::size_t length = 0; ///< bytes
};

/// The code point that starts at `s[i]` (i < s.size()), or nullopt where the bytes there are not
/// well-formed UTF-8: a stray or truncated sequence, an overlong form, a surrogate, or a value
/// past U+10FFFF.
std::optional<CodePoint> decode_utf8(std::string_view s, std::size_t i);

/// Appends `cp` encoded as UTF-8. Surrogates are encoded like any other value, which is how
/// tests make ill-formed text; the readers refuse it.
void append_utf8(std::string& out, char32_t cp);

/// `cp` as UTF-8 (see append_utf8).
std::string to_utf8(char32_t cp);

} // namespace vs::forms
