#include "forms/text.h"

#include "forms/csv.h"
#include "forms/error.h"

#include <cstdio>

namespace vs::forms {
namespace {

/// "U+0001, a control character, at character 7".
std::string describe_forbidden(char32_t cp, std::size_t position) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
    const char* what =
        cp < 0x20 ? (cp == 0 ? "a NUL character" : "a control character") : "a noncharacter";
    return "holds " + std::string(code) + ", " + what + " that files cannot carry (at character " +
           std::to_string(position) +
           "; of the control characters only tab and line breaks "
           "are allowed)";
}

} // namespace

std::string forbidden_character(std::string_view s) {
    std::size_t characters = 0; // counted only up to a problem, for the message
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80)
            ++characters;
        if (c < 0x20) {
            if (c != '\t' && c != '\n' && c != '\r')
                return describe_forbidden(c, characters);
        } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
            return describe_forbidden(
                static_cast<unsigned char>(s[i + 2]) == 0xBE ? 0xFFFE : 0xFFFF, characters);
        }
    }
    return {};
}

std::string text_problem(std::string_view text) {
    if (!valid_utf8(text))
        return "is not valid UTF-8 text";
    return forbidden_character(text);
}

void check_text(std::string_view text, const std::string& file, const std::string& where) {
    if (std::string problem = text_problem(text); !problem.empty())
        throw InputError(file, where, problem);
}

} // namespace vs::forms
