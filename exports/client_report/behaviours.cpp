// The Behaviours sheet: one row per question, weakest pass rate first (low samples last), under
// a chart of the ten weakest.

#include "exports/client_report/sheets.h"
#include "forms/template.h"

#include <algorithm>

namespace vs::exports::report {

void write_behaviours(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    const std::vector<std::string> h = {
        "Behaviour (question)", "Section",   "Scorecard",  "Question id",
        "Answers (n)",          "Pass rate", "95% CI low", "95% CI high",
        "Mean fraction",        "NA rate"};
    const std::size_t n = ctx.questions.size();
    const std::size_t worst = std::min<std::size_t>(10, n);
    // The chart of the worst ten sits above the table.
    const std::uint32_t header = worst > 0 ? 22 : kHeaderRow;
    book.table_top(s, "Behaviours",
                   "weakest first, by pass rate; answers not applicable (NA) are left out of pass "
                   "rates");
    check(worksheet_autofilter(s.raw(), header, 0,
                               header + std::max<std::uint32_t>(static_cast<std::uint32_t>(n), 1),
                               static_cast<lxw_col_t>(h.size() - 1)),
          "Behaviours: autofilter");
    header_row(s, st, header, h);
    std::uint32_t row = header + 1;
    for (const auto& g : ctx.questions) {
        const bool low = g.n < ctx.o.min_n;
        lxw_format* t = low ? st.text_low : st.text;
        lxw_format* pc = low ? st.pct_low : st.pct;
        auto info = ctx.question_info.find(g.id.item);
        const std::string& id = ctx.f.question_ids[g.id.item];
        const bool known = info != ctx.question_info.end();
        s.text(row, 0, known && !info->second.q->text.empty() ? info->second.q->text : id, t);
        s.text(row, 1, known ? info->second.section : "", t);
        s.text(row, 2, known ? info->second.scorecards : "", t);
        s.text(row, 3, id, t);
        s.number(row, 4, static_cast<double>(g.n), low ? st.integer_low : st.integer);
        s.number(row, 5, g.pass_rate, pc);
        s.number(row, 6, g.pass_ci95 ? std::optional<double>(g.pass_ci95->lo) : std::nullopt, pc);
        s.number(row, 7, g.pass_ci95 ? std::optional<double>(g.pass_ci95->hi) : std::nullopt, pc);
        s.number(row, 8, g.mean_f, pc);
        s.number(row, 9, g.na_rate, pc);
        ++row;
    }
    if (worst > 0) {
        lxw_chart* chart = book.wb.add_chart(LXW_CHART_BAR);
        auto* series = add_series(
            chart, range(s.name(), 0, header + 1, header + static_cast<std::uint32_t>(worst)),
            range(s.name(), 5, header + 1, header + static_cast<std::uint32_t>(worst)));
        book.wb.series_name(series, "Pass rate");
        lxw_chart_fill fill{};
        fill.color = 0xC0504D;
        chart_series_set_fill(series, &fill);
        chart_series_set_labels(series);
        chart_series_set_labels_num_format(series, "0%");
        book.wb.chart_title(chart, "The ten weakest behaviours (pass rate)");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        chart_axis_set_reverse(chart->y_axis);
        chart_axis_set_min(chart->x_axis, 0);
        chart_axis_set_max(chart->x_axis, 1);
        chart_axis_set_num_format(chart->x_axis, "0%");
        chart_set_series_gap(chart, 60);
        insert_sheet_chart(s, chart, "Behaviours: chart");
    }
    worksheet_freeze_panes(s.raw(), header + 1, 1);
    print_setup(s, header);
    s.fit_columns(6, 70);
}

} // namespace vs::exports::report
