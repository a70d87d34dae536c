#include "exports/client_report/styles.h"

#include <algorithm>

namespace vs::exports::report {

Styles::Styles(Workbook& wb) {
    auto make = [&](auto&& set) {
        lxw_format* f = wb.add_format();
        format_set_font_name(f, "Calibri");
        format_set_font_size(f, 10);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        set(f);
        return f;
    };
    auto none = [](lxw_format*) {};
    title = make([](lxw_format* f) {
        format_set_font_size(f, 18);
        format_set_bold(f);
        format_set_font_color(f, kNavy);
    });
    subtitle = make([](lxw_format* f) {
        format_set_font_size(f, 12);
        format_set_font_color(f, kBlue);
    });
    note = make([](lxw_format* f) {
        format_set_italic(f);
        format_set_font_color(f, kGrey);
    });
    header = make([](lxw_format* f) {
        format_set_bold(f);
        format_set_font_color(f, LXW_COLOR_WHITE);
        format_set_bg_color(f, kNavy);
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, 0xBFBFBF);
    });
    label = make([](lxw_format* f) {
        format_set_bold(f);
        format_set_font_color(f, kNavy);
    });
    text = make(none);
    wrap = make([](lxw_format* f) {
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    });
    bold_text = make([](lxw_format* f) { format_set_bold(f); });
    integer = make([](lxw_format* f) { format_set_num_format(f, "#,##0"); });
    score = make([](lxw_format* f) { format_set_num_format(f, "0.0"); });
    pct = make([](lxw_format* f) { format_set_num_format(f, "0.0%"); });
    trend = make([](lxw_format* f) { format_set_num_format(f, "+0.0;-0.0;0.0"); });
    p = make([](lxw_format* f) { format_set_num_format(f, "0.000"); });
    d = make([](lxw_format* f) { format_set_num_format(f, "+0.00;-0.00;0.00"); });
    datetime = make([](lxw_format* f) { format_set_num_format(f, "yyyy-mm-dd hh:mm"); });
    big_score = make([](lxw_format* f) {
        format_set_num_format(f, "0.0");
        format_set_bold(f);
        format_set_font_size(f, 12);
    });
    big_pct = make([](lxw_format* f) {
        format_set_num_format(f, "0.0%");
        format_set_bold(f);
        format_set_font_size(f, 12);
    });
    auto low = [](lxw_format* f) {
        format_set_italic(f);
        format_set_font_color(f, kGrey);
    };
    text_low = make(low);
    integer_low = make([&](lxw_format* f) {
        low(f);
        format_set_num_format(f, "#,##0");
    });
    score_low = make([&](lxw_format* f) {
        low(f);
        format_set_num_format(f, "0.0");
    });
    pct_low = make([&](lxw_format* f) {
        low(f);
        format_set_num_format(f, "0.0%");
    });
    trend_low = make([&](lxw_format* f) {
        low(f);
        format_set_num_format(f, "+0.0;-0.0;0.0");
    });
    // Conditional formats carry only what they change.
    good = wb.add_format();
    format_set_bg_color(good, 0xC6EFCE);
    format_set_font_color(good, 0x006100);
    near = wb.add_format();
    format_set_bg_color(near, 0xFFEB9C);
    format_set_font_color(near, 0x9C5700);
    bad = wb.add_format();
    format_set_bg_color(bad, 0xFFC7CE);
    format_set_font_color(bad, 0x9C0006);
}

void print_setup(Sheet& sheet, std::optional<std::uint32_t> repeat_row, bool landscape) {
    lxw_worksheet* ws = sheet.raw();
    if (landscape)
        worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); // A4
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(ws, 1, 0);
    if (repeat_row)
        check(worksheet_repeat_rows(ws, *repeat_row, *repeat_row), sheet.name() + ": print titles");
    check(worksheet_set_footer(ws, "&L&8&A&R&8Page &P of &N"), sheet.name() + ": footer");
    worksheet_hide_zero(ws);
}

void header_row(Sheet& sheet, const Styles& st, std::uint32_t row,
                const std::vector<std::string>& headers, int first_col, double height) {
    check(worksheet_set_row(sheet.raw(), row, height, nullptr), sheet.name() + ": header row");
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const int col = first_col + static_cast<int>(i);
        sheet.label(row, col, headers[i], st.header);
        std::size_t longest = 0, current = 0;
        for (char c : headers[i] + " ") {
            if (c == ' ') {
                longest = std::max(longest, current);
                current = 0;
            } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
                ++current;
            }
        }
        sheet.note_width(col, std::max<std::size_t>(longest + 1, 6));
    }
}

void status_formats(Sheet& sheet, const Styles& st, std::uint32_t first, std::uint32_t last,
                    int col) {
    if (last < first)
        return;
    struct Rule {
        const char* text;
        lxw_format* format;
    };
    for (Rule r : {Rule{"above", st.good}, Rule{"near", st.near}, Rule{"below", st.bad}}) {
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_TEXT;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING;
        cf.value_string = const_cast<char*>(r.text);
        cf.format = r.format;
        check(worksheet_conditional_format_range(sheet.raw(), first, static_cast<lxw_col_t>(col),
                                                 last, static_cast<lxw_col_t>(col), &cf),
              sheet.name() + ": status colours");
    }
}

std::string range(const std::string& sheet, int col, std::uint32_t first, std::uint32_t last) {
    return sheet_ref(sheet) + "!" + absolute_cell(first, col) + ":" + absolute_cell(last, col);
}

std::string row_range(const std::string& sheet, std::uint32_t row, int first, int last) {
    return sheet_ref(sheet) + "!" + absolute_cell(row, first) + ":" + absolute_cell(row, last);
}

void insert_sheet_chart(Sheet& s, lxw_chart* chart, const char* what) {
    lxw_chart_options opt{};
    opt.x_offset = 5;
    opt.y_offset = 5;
    opt.x_scale = 1.9;
    opt.y_scale = 1.3;
    check(worksheet_insert_chart_opt(s.raw(), 2, 0, chart, &opt), what);
}

void add_target_line(lxw_chart* chart, const std::string& categories, const std::string& values) {
    auto* series = add_series(chart, categories, values);
    chart_series_set_name(series, "Target");
    lxw_chart_line line{};
    line.dash_type = LXW_CHART_LINE_DASH_DASH;
    line.color = 0x7F7F7F;
    chart_series_set_line(series, &line);
}

} // namespace vs::exports::report
