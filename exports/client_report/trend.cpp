// The Trend sheet: monthly mean score per client (all branches, with its target) and per branch
// in rank order, under a line chart (the best and weakest branch with one client).

#include "exports/client_report/sheets.h"

#include <algorithm>

namespace vs::exports::report {

void write_trend(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    std::vector<int> months;
    for (const auto& [index, key] : ctx.months)
        months.push_back(index);
    // Reserved, then appended: GCC 12 at -O3 warns (a false array-bounds) when this vector
    // grows from an initializer list.
    std::vector<std::string> h;
    h.reserve(ctx.months.size() + 4);
    for (const char* head : {"Client", "Branch", "Branch name"})
        h.emplace_back(head);
    for (const auto& [index, key] : ctx.months)
        h.push_back(key);
    h.emplace_back("Trend (points / month)");
    const int first_month = 3;
    const int last_month = first_month + static_cast<int>(months.size()) - 1;
    std::map<int, int> month_col;
    for (std::size_t i = 0; i < months.size(); ++i)
        month_col[months[i]] = first_month + static_cast<int>(i);
    std::map<std::pair<std::int32_t, std::int32_t>, std::map<int, double>> cells;
    for (const auto& g : ctx.branch_months)
        cells[{g.id.keys[0], g.id.keys[1]}][g.id.period_index] = g.m.mean.value_or(0);
    std::map<std::int32_t, std::map<int, double>> client_cells;
    for (const auto& g : ctx.client_months)
        client_cells[g.id.keys[0]][g.id.period_index] = g.m.mean.value_or(0);

    const bool chart = !months.empty();
    const std::uint32_t header = chart ? 22 : kHeaderRow;
    book.table_top(s, "Trend", "monthly mean score per branch");
    const std::size_t rows = ctx.clients.size() * 2 + ctx.branch_rows.size();
    check(worksheet_autofilter(s.raw(), header, 0,
                               header + static_cast<std::uint32_t>(std::max<std::size_t>(rows, 1)),
                               static_cast<lxw_col_t>(h.size() - 1)),
          "Trend: autofilter");
    header_row(s, st, header, h);
    std::uint32_t row = header + 1;
    std::map<std::int32_t, std::uint32_t> all_row, target_row;
    std::vector<std::pair<std::uint32_t, std::string>> chart_rows;
    for (std::int32_t client : ctx.clients) {
        const std::string& cname = ctx.f.clients[client];
        // All branches, then the target, then each branch in rank order.
        s.text(row, 0, cname, st.bold_text);
        s.text(row, 1, "All", st.bold_text);
        s.text(row, 2, "All branches", st.bold_text);
        for (const auto& [index, mean] : client_cells[client])
            s.number(row, month_col[index], mean, st.score);
        const scoring::VisitGroup* overall = ctx.overall_of(client);
        s.number(row, last_month + 1, overall ? overall->trend : std::nullopt, st.trend);
        all_row[client] = row++;
        s.text(row, 0, cname, st.note);
        s.text(row, 1, "Target", st.note);
        s.text(row, 2, "Target", st.note);
        for (int c = first_month; c <= last_month; ++c)
            s.number(row, c, overall ? overall->m.target : std::nullopt, st.score);
        target_row[client] = row++;
        for (const auto& r : ctx.branch_rows) {
            if (r.client != client)
                continue;
            lxw_format* t = r.g->m.low_sample ? st.text_low : st.text;
            s.text(row, 0, cname, t);
            s.text(row, 1, ctx.f.branches[r.branch], t);
            s.text(row, 2, book.branch_name(r.branch), t);
            for (const auto& [index, mean] : cells[{r.client, r.branch}])
                s.number(row, month_col[index], mean, r.g->m.low_sample ? st.score_low : st.score);
            s.number(row, last_month + 1, r.g->trend, r.g->m.low_sample ? st.trend_low : st.trend);
            if (ctx.clients.size() == 1 && (r.rank == 1 || &r == ctx.last_branch_of(client)))
                chart_rows.emplace_back(row, (r.rank == 1 ? "Best: " : "Weakest: ") +
                                                 book.branch_name(r.branch));
            ++row;
        }
    }
    book.trend.sheet = s.name();
    book.trend.all = all_row;
    book.trend.target = target_row;
    book.trend.first_month = first_month;
    book.trend.last_month = last_month;
    book.trend.header = header;
    if (chart) {
        lxw_chart* c = book.wb.add_chart(LXW_CHART_LINE);
        const std::string cats = row_range(s.name(), header, first_month, last_month);
        for (std::int32_t client : ctx.clients) {
            auto* series =
                add_series(c, cats, row_range(s.name(), all_row[client], first_month, last_month));
            std::string name = ctx.clients.size() == 1 ? "All branches" : ctx.f.clients[client];
            book.wb.series_name(series, name);
            lxw_chart_line line{};
            line.width = 2.5;
            chart_series_set_line(series, &line);
            chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
        }
        for (const auto& [r, name] : chart_rows) {
            auto* series = add_series(c, cats, row_range(s.name(), r, first_month, last_month));
            book.wb.series_name(series, name);
        }
        if (ctx.clients.size() == 1)
            add_target_line(
                c, cats, row_range(s.name(), target_row.begin()->second, first_month, last_month));
        book.wb.chart_title(c, "Monthly mean score");
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        chart_axis_set_name(c->y_axis, "Mean score");
        chart_axis_set_num_format(c->y_axis, "0");
        insert_sheet_chart(s, c, "Trend: chart");
    }
    worksheet_freeze_panes(s.raw(), header + 1, 3);
    print_setup(s, header);
    s.fit_columns(6, 40);
}

} // namespace vs::exports::report
