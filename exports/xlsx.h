#pragma once
// The one wrapper around libxlsxwriter: RAII ownership of the workbook, every lxw_error checked
// and thrown as ExportError with lxw_strerror, people's text always written as a string, and
// column widths fitted to what was written (libxlsxwriter 1.1.4 has no worksheet_autofit).
//
// Every string that reaches the file (cells, headers, cell notes, sheet names, chart titles and
// series names, document properties, image descriptions) passes through Workbook::safe(): made
// XML-safe (xml_safe) and then through the workbook's text filter (the client report's
// anonymisation), so that no caller can write text that breaks a part of the zip or that
// names someone it must not.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
#include <xlsxwriter.h>

namespace vs::exports {

/// An export that could not be written (I/O, a libxlsxwriter refusal, …).
class ExportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Throws ExportError "`what`: lxw_strerror(err)" unless err is LXW_NO_ERROR.
void check(lxw_error err, std::string_view what);

/// The most characters (UTF-16 units) a cell holds in .xlsx; longer text is cut at a code point
/// boundary and ends with a note that it was cut.
inline constexpr std::size_t kMaxCellText = 32767;

/// Text as XML 1.0 can carry it: invalid UTF-8 (overlong forms, encoded surrogates, bytes that
/// start nothing, code points past U+10FFFF) and the characters XML 1.0 forbids (NUL and the
/// other C0 controls but tab, LF and CR; U+FFFE and U+FFFF) each become U+FFFD.
std::string xml_safe(std::string_view text);

/// What a workbook does to every string after xml_safe (e.g. anonymisation).
using TextFilter = std::function<std::string(std::string_view)>;

class Workbook;

/// Width in characters of UTF-8 text (code points).
std::size_t text_width(std::string_view text);

/// "A", "B", …, "AA": the letters of a zero-based column.
std::string column_letters(int col);
/// "$A$1"-style absolute reference of a zero-based cell.
std::string absolute_cell(std::uint32_t row, int col);
/// A sheet name as a formula or chart reference needs it: quoted when it has spaces.
std::string sheet_ref(std::string_view sheet);

/// One worksheet: writes cells (checking every call) and remembers the widest content of each
/// column so that fit_columns() can size them.
class Sheet {
  public:
    Sheet(const Workbook& wb, lxw_worksheet* ws, std::string name)
        : m_wb(&wb), m_ws(ws), m_name(std::move(name)) {}

    const std::string& name() const { return m_name; }
    lxw_worksheet* raw() const { return m_ws; }

    /// Writes text as a string cell (never a formula, whatever it starts with), made safe by
    /// the workbook (Workbook::safe).
    void text(std::uint32_t row, int col, std::string_view value, lxw_format* format = nullptr);
    /// The same without counting the text for the column width (a wrapped header).
    void label(std::uint32_t row, int col, std::string_view value, lxw_format* format);
    /// Attaches a note (a cell comment, shown on hover) to a cell, its text made safe; `width`
    /// and `height` are the note box's size in pixels.
    void note(std::uint32_t row, int col, std::string_view text, std::uint16_t width = 240,
              std::uint16_t height = 60);
    /// Inserts an image; its description in the file is `description`, made safe.
    void image(std::uint32_t row, int col, const std::string& path, lxw_image_options options,
               std::string_view description);
    /// Writes a number; NaN or an empty optional writes a blank cell with the format.
    void number(std::uint32_t row, int col, double value, lxw_format* format = nullptr,
                std::size_t width = 6);
    void number(std::uint32_t row, int col, const std::optional<double>& value,
                lxw_format* format = nullptr, std::size_t width = 6);
    /// Writes a formula (without the leading '=' or with it) with its computed value cached.
    void formula(std::uint32_t row, int col, const std::string& formula, double cached,
                 lxw_format* format = nullptr, std::size_t width = 6);
    /// The same; no value caches an empty text result (what the formula gives with no data).
    void formula(std::uint32_t row, int col, const std::string& formula,
                 const std::optional<double>& cached, lxw_format* format = nullptr,
                 std::size_t width = 6);
    /// Writes an Excel serial date-time number with a date format.
    void datetime(std::uint32_t row, int col, double serial, lxw_format* format,
                  std::size_t width = 16);
    void blank(std::uint32_t row, int col, lxw_format* format);

    /// Counts `width` characters for a column without writing (e.g. a wrapped header).
    void note_width(int col, std::size_t width);
    /// Sets every written column's width from its content, between min and max characters.
    void fit_columns(double min_width = 6, double max_width = 60);
    /// Sets one column's width now and stops fitting it.
    void set_column(int first, int last, double width, lxw_format* format = nullptr);

  private:
    void widen(int col, std::size_t width);
    /// Writes a string cell; returns the text written.
    std::string write_string(std::uint32_t row, int col, std::string_view value,
                             lxw_format* format);

    const Workbook* m_wb;
    lxw_worksheet* m_ws;
    std::string m_name;
    std::vector<std::size_t> m_widths;
    std::vector<bool> m_fixed;
};

/// A workbook being written. The destructor discards an unclosed workbook; close() writes the
/// file and reports any error.
class Workbook {
  public:
    /// Starts a workbook at `path`; constant_memory streams every sheet row by row.
    Workbook(const std::string& path, bool constant_memory);
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    /// Sets what every string goes through after xml_safe (see TextFilter); none by default.
    void set_text_filter(TextFilter filter) { m_filter = std::move(filter); }
    /// A string as this workbook writes it: xml_safe, then the text filter.
    std::string safe(std::string_view text) const;

    /// Adds a worksheet (sheets appear in the order they are added).
    Sheet add_sheet(const std::string& name);
    /// A new cell format to configure with format_set_*.
    lxw_format* add_format();
    /// A new chart of an LXW_CHART_* type.
    lxw_chart* add_chart(std::uint8_t type);
    /// Document properties, each made safe.
    void set_properties(std::string_view title, std::string_view subject, std::string_view author,
                        std::string_view comments);
    /// A chart's title, made safe and always shown as text (never read as a formula reference).
    void chart_title(lxw_chart* chart, std::string_view title) const;
    /// A series' name, made safe and always shown as text.
    void series_name(lxw_chart_series* series, std::string_view name) const;

    /// Writes the file; throws ExportError on failure. Only once.
    void close();

    lxw_workbook* raw() const { return m_wb; }

  private:
    lxw_workbook* m_wb = nullptr;
    std::string m_path;
    TextFilter m_filter;
};

/// Adds a series to a chart; throws when libxlsxwriter refuses it.
lxw_chart_series* add_series(lxw_chart* chart, const std::string& categories,
                             const std::string& values);

} // namespace vs::exports
