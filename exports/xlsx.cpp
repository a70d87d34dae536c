#include "exports/xlsx.h"

#include "forms/utf8.h"

#include <algorithm>
#include <cmath>

namespace vs::exports {

void check(lxw_error err, std::string_view what) {
    if (err != LXW_NO_ERROR)
        throw ExportError(std::string(what) + ": " + lxw_strerror(err));
}

std::string xml_safe(std::string_view s) {
    // Fast path: printable ASCII, tab, LF and CR need nothing.
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
            break;
        ++i;
    }
    if (i == s.size())
        return std::string(s);
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD
    std::string out(s.substr(0, i));
    out.reserve(s.size() + 8);
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                out += kReplacement;
            else
                out += static_cast<char>(c);
            ++i;
            continue;
        }
        if (const auto cp = forms::decode_utf8(s, i)) {
            if (cp->value == 0xFFFE || cp->value == 0xFFFF)
                out += kReplacement; // well-formed, but XML 1.0 forbids them
            else
                out.append(s.substr(i, cp->length));
            i += cp->length;
        } else {
            out += kReplacement; // each byte of a bad sequence: a stray byte starts nothing
            ++i;
        }
    }
    return out;
}

std::size_t text_width(std::string_view text) {
    std::size_t w = 0;
    for (unsigned char c : text)
        w += (c & 0xC0) != 0x80;
    return w;
}

std::string column_letters(int col) {
    std::string s;
    for (int c = col + 1; c > 0; c = (c - 1) / 26)
        s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
    return s;
}

std::string absolute_cell(std::uint32_t row, int col) {
    std::string s = "$"; // appended: GCC 12 warns falsely on "$" + string at -O3
    s += column_letters(col);
    s += '$';
    s += std::to_string(row + 1);
    return s;
}

std::string sheet_ref(std::string_view sheet) {
    if (sheet.find_first_of(" ()-'") == std::string_view::npos)
        return std::string(sheet);
    std::string s = "'";
    for (char c : sheet) {
        if (c == '\'')
            s += '\'';
        s += c;
    }
    return s + "'";
}

namespace {

/// What a cut cell ends with, so that nobody reads a cut text as whole.
constexpr std::string_view kCutMarker = " … [cut at the cell limit; export csv has the whole text]";

/// UTF-16 units of a UTF-8 lead byte's code point (Excel counts a cell's text in them).
std::size_t utf16_units(unsigned char lead) {
    return lead >= 0xF0 ? 2 : 1;
}

/// Text that fits a cell: longer text is cut at a code point boundary and marked as cut.
std::string cell_text(std::string_view s) {
    std::size_t units = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80)
            units += utf16_units(c);
    if (units <= kMaxCellText)
        return std::string(s);
    std::size_t marker = 0;
    for (unsigned char c : kCutMarker)
        if ((c & 0xC0) != 0x80)
            marker += utf16_units(c);
    const std::size_t budget = kMaxCellText - marker;
    std::size_t cut = 0;
    units = 0;
    while (cut < s.size()) {
        const auto lead = static_cast<unsigned char>(s[cut]);
        if (units + utf16_units(lead) > budget)
            break;
        units += utf16_units(lead);
        ++cut;
        while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            ++cut;
    }
    return std::string(s.substr(0, cut)) + std::string(kCutMarker);
}

/// Cell text with typed "_xHHHH_" kept as typed: Excel reads that sequence as the character
/// U+HHHH (it is how a cell keeps a carriage return), so its underscore is written "_x005F_".
std::string excel_escaped(std::string_view s) {
    auto hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    std::string out;
    std::size_t from = 0;
    bool escaped = false;
    for (std::size_t i = s.find("_x"); i != std::string_view::npos; i = s.find("_x", i + 1)) {
        if (i + 7 > s.size() || !hex(s[i + 2]) || !hex(s[i + 3]) || !hex(s[i + 4]) ||
            !hex(s[i + 5]) || s[i + 6] != '_')
            continue;
        out.append(s.substr(from, i - from));
        out += "_x005F";
        from = i;
        escaped = true;
    }
    if (!escaped)
        return std::string(s);
    out.append(s.substr(from));
    return out;
}

std::string where(const Sheet& sheet, std::uint32_t row, int col) {
    return sheet.name() + "!" + column_letters(col) + std::to_string(row + 1);
}

} // namespace

void Sheet::widen(int col, std::size_t width) {
    const auto c = static_cast<std::size_t>(col);
    if (m_widths.size() <= c) {
        m_widths.resize(c + 1, 0);
        m_fixed.resize(c + 1, false);
    }
    m_widths[c] = std::max(m_widths[c], width);
}

void Sheet::note_width(int col, std::size_t width) {
    widen(col, width);
}

std::string Sheet::write_string(std::uint32_t row, int col, std::string_view value,
                                lxw_format* format) {
    const std::string safe = m_wb->safe(value);
    std::string s = excel_escaped(cell_text(safe));
    // An empty string is refused by libxlsxwriter as a string cell: write a blank instead.
    if (s.empty()) {
        blank(row, col, format);
        return s;
    }
    check(worksheet_write_string(m_ws, row, static_cast<lxw_col_t>(col), s.c_str(), format),
          where(*this, row, col));
    return s;
}

void Sheet::label(std::uint32_t row, int col, std::string_view value, lxw_format* format) {
    write_string(row, col, value, format);
}

void Sheet::note(std::uint32_t row, int col, std::string_view text, std::uint16_t width,
                 std::uint16_t height) {
    const std::string s = cell_text(m_wb->safe(text));
    if (s.empty())
        return;
    std::string author = m_wb->safe("VisitScore");
    lxw_comment_options options{};
    options.author = author.data();
    options.width = width;
    options.height = height;
    check(worksheet_write_comment_opt(m_ws, row, static_cast<lxw_col_t>(col), s.c_str(), &options),
          where(*this, row, col) + " note");
}

void Sheet::image(std::uint32_t row, int col, const std::string& path, lxw_image_options options,
                  std::string_view description) {
    // libxlsxwriter would otherwise put the file's path in the drawing as its description.
    std::string d = m_wb->safe(description);
    options.description = d.data();
    check(
        worksheet_insert_image_opt(m_ws, row, static_cast<lxw_col_t>(col), path.c_str(), &options),
        m_name + ": image " + path);
}

void Sheet::text(std::uint32_t row, int col, std::string_view value, lxw_format* format) {
    const std::string s = write_string(row, col, value, format);
    if (s.empty())
        return;
    std::size_t w = 0;
    std::size_t line = 0;
    for (unsigned char c : s) {
        if (c == '\n') {
            w = std::max(w, line);
            line = 0;
        } else {
            line += (c & 0xC0) != 0x80;
        }
    }
    widen(col, std::max(w, line));
}

void Sheet::number(std::uint32_t row, int col, double value, lxw_format* format,
                   std::size_t width) {
    if (std::isnan(value) || std::isinf(value)) {
        blank(row, col, format);
        return;
    }
    check(worksheet_write_number(m_ws, row, static_cast<lxw_col_t>(col), value, format),
          where(*this, row, col));
    widen(col, width);
}

void Sheet::number(std::uint32_t row, int col, const std::optional<double>& value,
                   lxw_format* format, std::size_t width) {
    if (!value)
        blank(row, col, format);
    else
        number(row, col, *value, format, width);
}

void Sheet::formula(std::uint32_t row, int col, const std::string& formula, double cached,
                    lxw_format* format, std::size_t width) {
    const std::string f = formula.empty() || formula[0] == '=' ? formula : "=" + formula;
    check(worksheet_write_formula_num(m_ws, row, static_cast<lxw_col_t>(col), f.c_str(), format,
                                      std::isfinite(cached) ? cached : 0),
          where(*this, row, col));
    widen(col, width);
}

void Sheet::formula(std::uint32_t row, int col, const std::string& formula,
                    const std::optional<double>& cached, lxw_format* format, std::size_t width) {
    if (cached && std::isfinite(*cached)) {
        this->formula(row, col, formula, *cached, format, width);
        return;
    }
    const std::string f = formula.empty() || formula[0] == '=' ? formula : "=" + formula;
    check(
        worksheet_write_formula_str(m_ws, row, static_cast<lxw_col_t>(col), f.c_str(), format, ""),
        where(*this, row, col));
    widen(col, width);
}

void Sheet::datetime(std::uint32_t row, int col, double serial, lxw_format* format,
                     std::size_t width) {
    number(row, col, serial, format, width);
}

void Sheet::blank(std::uint32_t row, int col, lxw_format* format) {
    if (!format)
        return; // a blank without a format is no cell at all
    check(worksheet_write_blank(m_ws, row, static_cast<lxw_col_t>(col), format),
          where(*this, row, col));
}

void Sheet::set_column(int first, int last, double width, lxw_format* format) {
    check(worksheet_set_column(m_ws, static_cast<lxw_col_t>(first), static_cast<lxw_col_t>(last),
                               width, format),
          m_name + ": column width");
    for (int c = first; c <= last; ++c) {
        widen(c, 0);
        m_fixed[static_cast<std::size_t>(c)] = true;
    }
}

void Sheet::fit_columns(double min_width, double max_width) {
    for (std::size_t c = 0; c < m_widths.size(); ++c) {
        if (m_fixed[c] || m_widths[c] == 0)
            continue;
        // About one character of padding, as Excel's own autofit leaves.
        double w = std::clamp(static_cast<double>(m_widths[c]) * 1.05 + 1.5, min_width, max_width);
        check(worksheet_set_column(m_ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w,
                                   nullptr),
              m_name + ": column width");
    }
}

Workbook::Workbook(const std::string& path, bool constant_memory) : m_path(path) {
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    options.tmpdir = nullptr;
    options.use_zip64 = LXW_TRUE; // large Visits sheets pass 4 GB uncompressed
    m_wb = workbook_new_opt(path.c_str(), &options);
    if (!m_wb)
        throw ExportError(path + ": cannot start the workbook (out of memory?)");
}

Workbook::~Workbook() {
    if (m_wb)
        lxw_workbook_free(m_wb);
}

std::string Workbook::safe(std::string_view text) const {
    std::string s = xml_safe(text);
    return m_filter ? m_filter(s) : s;
}

Sheet Workbook::add_sheet(const std::string& wanted) {
    const std::string name = safe(wanted);
    check(workbook_validate_sheet_name(m_wb, name.c_str()), "sheet \"" + name + "\"");
    lxw_worksheet* ws = workbook_add_worksheet(m_wb, name.c_str());
    if (!ws)
        throw ExportError("cannot add the sheet \"" + name + "\"");
    return Sheet(*this, ws, name);
}

namespace {

/// Text that libxlsxwriter must not read as a formula reference (a leading '=' in chart names).
std::string chart_text(const Workbook& wb, std::string_view text) {
    std::string s = wb.safe(text);
    if (!s.empty() && s.front() == '=')
        s.insert(s.begin(), '\'');
    return s;
}

} // namespace

void Workbook::chart_title(lxw_chart* chart, std::string_view title) const {
    const std::string s = chart_text(*this, title);
    chart_title_set_name(chart, s.c_str()); // copies the text
}

void Workbook::series_name(lxw_chart_series* series, std::string_view name) const {
    const std::string s = chart_text(*this, name);
    chart_series_set_name(series, s.c_str()); // copies the text
}

lxw_format* Workbook::add_format() {
    lxw_format* f = workbook_add_format(m_wb);
    if (!f)
        throw ExportError("cannot add a cell format (out of memory?)");
    return f;
}

lxw_chart* Workbook::add_chart(std::uint8_t type) {
    lxw_chart* c = workbook_add_chart(m_wb, type);
    if (!c)
        throw ExportError("cannot add a chart (out of memory?)");
    return c;
}

void Workbook::set_properties(std::string_view title, std::string_view subject,
                              std::string_view author, std::string_view comments) {
    std::string t = safe(title), s = safe(subject), a = safe(author), c = safe(comments);
    lxw_doc_properties p{};
    p.title = t.data();
    p.subject = s.data();
    p.author = a.data();
    p.comments = c.data();
    check(workbook_set_properties(m_wb, &p), "document properties"); // copies the text
}

void Workbook::close() {
    if (!m_wb)
        throw ExportError(m_path + ": the workbook was already closed");
    lxw_workbook* wb = m_wb;
    m_wb = nullptr; // workbook_close frees it whatever happens
    check(workbook_close(wb), m_path);
}

lxw_chart_series* add_series(lxw_chart* chart, const std::string& categories,
                             const std::string& values) {
    lxw_chart_series* s =
        chart_add_series(chart, categories.empty() ? nullptr : categories.c_str(), values.c_str());
    if (!s)
        throw ExportError("cannot add the chart series " + values);
    return s;
}

} // namespace vs::exports
