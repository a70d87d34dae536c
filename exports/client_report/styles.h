#pragma once
// The client report's look, in one place: its colours, cell formats (Styles) and the layout
// helpers every sheet shares (header rows, print setup, status colours, chart placement, cell
// ranges for formulas and charts).

#include "exports/xlsx.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::exports::report {

constexpr lxw_color_t kNavy = 0x1F3864;
constexpr lxw_color_t kBlue = 0x2E75B6;
constexpr lxw_color_t kGrey = 0x7F7F7F;

/// The row of a table's header under its title and note (tables without a chart above them).
constexpr std::uint32_t kHeaderRow = 3;

/// Every cell format of the report, made once per workbook (Calibri 10 unless said otherwise).
struct Styles {
    lxw_format *title, *subtitle, *note, *header, *label, *text, *wrap, *integer, *score, *pct,
        *trend, *p, *d, *datetime, *bold_text, *big_score, *big_pct;
    // Low-sample variants: grey italic.
    lxw_format *text_low, *integer_low, *score_low, *pct_low, *trend_low;
    // Conditional formats of the status column.
    lxw_format *good, *near, *bad;

    explicit Styles(Workbook& wb);
};

/// A4, fit to one page wide, a footer with sheet name and page; `repeat_row` printed on every
/// page.
void print_setup(Sheet& sheet, std::optional<std::uint32_t> repeat_row, bool landscape = true);

/// Writes a header row `height` points high; wrapped headers count their longest word for the
/// column width.
void header_row(Sheet& sheet, const Styles& st, std::uint32_t row,
                const std::vector<std::string>& headers, int first_col = 0, double height = 30);

/// Colours a status column's "above", "near" and "below" cells, rows `first` to `last`.
void status_formats(Sheet& sheet, const Styles& st, std::uint32_t first, std::uint32_t last,
                    int col);

/// `'Sheet'!$C$2:$C$9`: rows `first` to `last` of one column.
std::string range(const std::string& sheet, int col, std::uint32_t first, std::uint32_t last);
/// `'Sheet'!$C$2:$H$2`: columns `first` to `last` of one row.
std::string row_range(const std::string& sheet, std::uint32_t row, int first, int last);

/// A sheet's own chart: wide, at the top left, above its table.
void insert_sheet_chart(Sheet& s, lxw_chart* chart, const char* what);

/// The dashed grey "Target" line of a trend chart.
void add_target_line(lxw_chart* chart, const std::string& categories, const std::string& values);

} // namespace vs::exports::report
