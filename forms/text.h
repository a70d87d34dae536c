#pragma once
// Text that every file format can carry: well-formed UTF-8 without the characters XML 1.0
// forbids. Every string read from a template, a visit package or a CSV passes through here, and
// so should text that people type before it is stored.

#include <string>
#include <string_view>

namespace vs::forms {

/// Why `text` cannot be kept, for a message after the field's name ("holds U+0001 …"); empty
/// when it can. Refused: invalid UTF-8 (including lone surrogates), NUL and the other C0
/// controls except tab, line feed and carriage return, and the noncharacters U+FFFE and U+FFFF
/// (XML 1.0 forbids them all, so no workbook could hold them).
std::string text_problem(std::string_view text);

/// As text_problem, for text already known to be valid UTF-8 (strings from the JSON parser):
/// only the forbidden characters are looked for.
std::string forbidden_character(std::string_view utf8);

/// Throws InputError(file, where, "holds …") when `text` cannot be kept (see text_problem).
void check_text(std::string_view text, const std::string& file, const std::string& where);

} // namespace vs::forms
