#pragma once
// RFC 4180 CSV reading and writing: quoted fields, doubled quotes, quoted newlines, CRLF or LF,
// a UTF-8 BOM.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vs::forms {

struct CsvRow {
    std::size_t line = 0; ///< the line the record starts on (1-based)
    std::vector<std::string> fields;
};

/// Parses CSV text; throws InputError(file, "line L") for an unterminated quote, a stray quote
/// or invalid UTF-8. Blank lines are skipped.
std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file);

/// True when `text` is well-formed UTF-8.
bool valid_utf8(std::string_view text);

/// Appends one field, quoted per RFC 4180 when it holds a comma, a quote, CR or LF.
void append_csv_field(std::string& line, std::string_view field);

/// The shortest text that reads back as exactly `value` ("" for NaN and infinities).
std::string number_text(double value);

} // namespace vs::forms
