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

/// Reads CSV text one record at a time (a large file never becomes a vector of rows), with the
/// rules and errors of parse_csv.
class CsvReader {
  public:
    /// `text` must outlive the reader; a leading UTF-8 BOM is skipped.
    CsvReader(std::string_view text, std::string file);
    /// The next record into `row` (its fields replaced); false after the last one. Throws
    /// InputError as parse_csv does.
    bool next(CsvRow& row);
    /// Bytes of the text read so far (a progress measure).
    std::size_t offset() const { return m_pos; }

  private:
    std::string_view m_text;
    std::string m_file;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_rows = 0;
    std::vector<std::string> m_header; ///< the first record, to name columns in errors
    std::string m_field;               ///< the field being read (its buffer is reused)
};

/// Parses CSV text; throws InputError(file, "line L") for an unterminated quote, a stray quote
/// or invalid UTF-8. Blank lines are skipped. A field that append_csv_field neutralised gets its
/// leading single quote back off: a quote followed by what csv_neutralised guards.
std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file);

/// True when `text` is well-formed UTF-8.
bool valid_utf8(std::string_view text);

/// Appends one field, the one way every CSV of the product is written (OWASP's CSV-injection
/// advice): a field a spreadsheet could run as a formula (see csv_neutralised) gets a leading
/// single quote, and a field holding a comma, a quote, a semicolon, CR or LF is quoted per
/// RFC 4180 (quotes doubled). A plain number ("-2", "1.5e-07") stays as it is: it cannot be
/// a formula, and a quote would turn it into text in a spreadsheet.
void append_csv_field(std::string& line, std::string_view field);

/// True when append_csv_field writes `field` with a leading single quote: it starts with = + -
/// @, a tab or CR after any number of single quotes (so that a field that truly starts with a
/// quote reads back unchanged), and it is not a plain number.
bool csv_neutralised(std::string_view field);

/// The CSV cell of a checklist answered with no option (an unanswered question's cell is empty).
/// Option ids never hold parentheses, so it cannot be mistaken for one.
inline constexpr std::string_view kNoOptionsCell = "(none)";

/// The shortest text that reads back as exactly `value` ("" for NaN and infinities).
std::string number_text(double value);

} // namespace vs::forms
