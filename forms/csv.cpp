#include "forms/csv.h"

#include "forms/error.h"
#include "forms/text.h"
#include "forms/utf8.h"

#include <charconv>
#include <cmath>

namespace vs::forms {

namespace {

/// A plain decimal number as number_text writes it: -?digits[.digits][e[+-]digits].
bool plain_number(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            ++i;
        return i > start;
    };
    if (i < s.size() && s[i] == '-')
        ++i;
    if (!digits())
        return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits())
            return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == s.size();
}

bool formula_start(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

} // namespace

bool csv_neutralised(std::string_view field) {
    std::size_t i = 0;
    while (i < field.size() && field[i] == '\'')
        ++i;
    return i < field.size() && formula_start(field[i]) && !plain_number(field);
}

void append_csv_field(std::string& line, std::string_view field) {
    const bool quote_first = csv_neutralised(field);
    if (field.find_first_of(",\";\r\n") == std::string_view::npos) {
        if (quote_first)
            line += '\'';
        line += field;
        return;
    }
    line += '"';
    if (quote_first)
        line += '\'';
    for (char c : field) {
        if (c == '"')
            line += '"';
        line += c;
    }
    line += '"';
}

std::string number_text(double value) {
    if (!std::isfinite(value))
        return {};
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = decode_utf8(s, i);
        if (!cp)
            return false;
        i += cp->length;
    }
    return true;
}

CsvReader::CsvReader(std::string_view text, std::string file)
    : m_text(text), m_file(std::move(file)) {
    if (m_text.size() >= 3 && m_text.substr(0, 3) == "\xEF\xBB\xBF")
        m_text.remove_prefix(3);
}

bool CsvReader::next(CsvRow& row) {
    const std::string_view text = m_text;
    const std::string& file = m_file;
    std::size_t& i = m_pos;
    std::size_t& line = m_line;
    while (i < text.size()) {
        row.line = line;
        // The row's strings are reused from one record to the next: a large file reads with
        // few allocations.
        std::size_t n = 0;
        std::string& field = m_field;
        bool row_done = false;
        while (!row_done) {
            field.clear();
            if (i < text.size() && text[i] == '"') {
                std::size_t quote_line = line;
                ++i;
                for (;;) {
                    if (i >= text.size())
                        throw InputError(file, "line " + std::to_string(quote_line),
                                         "a quoted field is never closed");
                    char c = text[i++];
                    if (c == '"') {
                        if (i < text.size() && text[i] == '"') {
                            field += '"';
                            ++i;
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n')
                            ++line;
                        field += c;
                    }
                }
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    throw InputError(file, "line " + std::to_string(line),
                                     "unexpected text after a closing quote");
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    if (text[i] == '"')
                        throw InputError(file, "line " + std::to_string(line),
                                         "a quote inside an unquoted field (quote the whole "
                                         "field and double the quote)");
                    field += text[i++];
                }
            }
            if (!valid_utf8(field))
                throw InputError(file, "line " + std::to_string(line), "invalid UTF-8 text");
            // Undo append_csv_field's guard against formulas.
            if (field.size() > 1 && field[0] == '\'' &&
                csv_neutralised(std::string_view(field).substr(1)))
                field.erase(0, 1);
            if (std::string problem = forbidden_character(field); !problem.empty()) {
                // Named by the header's cell when the first row has one, as people see it.
                const std::size_t column = n;
                std::string where = "line " + std::to_string(row.line) + ", column ";
                if (m_rows > 0 && column < m_header.size() &&
                    forbidden_character(m_header[column]).empty())
                    where += "\"" + m_header[column] + "\"";
                else
                    where += std::to_string(column + 1);
                throw InputError(file, where, problem);
            }
            if (n < row.fields.size())
                row.fields[n].assign(field);
            else
                row.fields.push_back(field);
            ++n;
            if (i >= text.size()) {
                row_done = true;
            } else if (text[i] == ',') {
                ++i;
            } else {
                if (text[i] == '\r')
                    ++i;
                if (i < text.size() && text[i] == '\n')
                    ++i;
                ++line;
                row_done = true;
            }
        }
        row.fields.resize(n);
        bool blank = row.fields.size() == 1 && row.fields[0].empty();
        if (!blank) {
            if (m_rows++ == 0)
                m_header = row.fields;
            return true;
        }
    }
    return false;
}

std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file) {
    CsvReader reader(text, file);
    std::vector<CsvRow> rows;
    CsvRow row;
    while (reader.next(row))
        rows.push_back(std::move(row));
    return rows;
}

} // namespace vs::forms
