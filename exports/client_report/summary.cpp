// The Summary sheet, the first a reader sees: the period and scorecards, headline figures per
// client, the monthly trend chart (over Trend's rows), each client's branch ranking chart (over
// Branches' rows) and the logo.

#include "exports/client_report/sheets.h"
#include "forms/error.h"
#include "forms/template.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>

namespace vs::exports::report {
namespace {

/// Width and height of a PNG, JPEG, GIF or BMP image (the types libxlsxwriter takes), when
/// recognisable.
std::optional<std::pair<double, double>> image_size(const std::vector<unsigned char>& b) {
    auto le16 = [&](std::size_t i) { return static_cast<double>(b[i] | b[i + 1] << 8); };
    auto le32 = [&](std::size_t i) {
        return static_cast<double>(
            static_cast<std::int32_t>(static_cast<std::uint32_t>(b[i]) | b[i + 1] << 8 |
                                      b[i + 2] << 16 | static_cast<std::uint32_t>(b[i + 3]) << 24));
    };
    if (b.size() >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8')
        return std::make_pair(le16(6), le16(8));
    if (b.size() >= 26 && b[0] == 'B' && b[1] == 'M')
        return std::make_pair(le32(18), std::abs(le32(22)));
    auto be16 = [&](std::size_t i) { return static_cast<double>(b[i] << 8 | b[i + 1]); };
    auto be32 = [&](std::size_t i) {
        return static_cast<double>(static_cast<std::uint32_t>(b[i]) << 24 | b[i + 1] << 16 |
                                   b[i + 2] << 8 | b[i + 3]);
    };
    if (b.size() > 24 && b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G')
        return std::make_pair(be32(16), be32(20));
    if (b.size() > 4 && b[0] == 0xFF && b[1] == 0xD8) {
        std::size_t i = 2;
        while (i + 9 < b.size()) {
            if (b[i] != 0xFF) {
                ++i;
                continue;
            }
            const unsigned char marker = b[i + 1];
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                marker != 0xCC)
                return std::make_pair(be16(i + 7), be16(i + 5));
            i += 2 + static_cast<std::size_t>(be16(i + 2));
        }
    }
    return std::nullopt;
}

} // namespace

std::vector<unsigned char> read_logo(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw InputError(path, "logo", "there is no such file");
    if (std::filesystem::is_directory(status))
        throw InputError(path, "logo", "is a folder, not an image file");
    if (!std::filesystem::is_regular_file(status))
        throw InputError(path, "logo", "is not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path, "logo", "cannot be read (permissions?)");
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), {});
    const auto size = image_size(bytes);
    if (!size || !(size->first > 0) || !(size->second > 0))
        throw InputError(path, "logo", "is not a PNG, JPEG, GIF or BMP image");
    return bytes;
}

void write_summary(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    s.set_column(0, 0, 30);
    s.set_column(1, 5, 13);
    s.set_column(6, 6, 4);
    s.set_column(7, 12, 13);
    check(worksheet_set_row(s.raw(), 0, 30, nullptr), "Summary");
    s.text(0, 0, "Mystery shopping report", st.title);
    s.text(1, 0, ctx.client_title(), st.subtitle);
    std::uint32_t row = 3;
    auto info = [&](const std::string& label, const std::string& value) {
        s.text(row, 0, label, st.label);
        s.text(row, 1, value, st.text);
        ++row;
    };
    info("Period", ctx.period_text());
    if (!ctx.data_range.empty() && (ctx.o.from_day || ctx.o.to_day))
        info("Visits dated", ctx.data_range);
    s.text(row, 0, "Visits counted", st.label);
    s.number(row, 1, static_cast<double>(ctx.counted), st.integer);
    s.text(row, 2, "approved visits with a score", st.note);
    ++row;
    bool first = true;
    for (std::int32_t t : ctx.templates) {
        const auto& tpl = *ctx.f.templates[static_cast<std::size_t>(t)].tpl;
        auto it = ctx.template_visits.find(t);
        info(first ? "Scorecards" : "",
             tpl.name + " (" + tpl.id + " v" + std::to_string(tpl.version) +
                 "): " + thousands(it == ctx.template_visits.end() ? 0 : it->second) + " visits");
        first = false;
    }
    info("Generated", ctx.generated_at());
    if (!ctx.left_out.empty()) {
        s.text(row, 0, "Left out", st.label);
        s.text(row, 1, ctx.left_out_text(), st.bold_text);
        ++row;
    }
    ++row;

    // Headline figures, one block per client.
    for (std::int32_t client : ctx.clients) {
        const scoring::VisitGroup* g = ctx.overall_of(client);
        if (!g)
            continue;
        const auto& m = g->m;
        if (ctx.clients.size() > 1) {
            s.text(row, 0, ctx.f.clients[client], st.subtitle);
            ++row;
        }
        header_row(s, st, row,
                   {"Headline", "Value", "95% CI low", "95% CI high", "Target", "Status"});
        ++row;
        s.text(row, 0, "Mean score", st.bold_text);
        s.number(row, 1, m.mean, st.big_score);
        s.number(row, 2, m.ci95 ? std::optional<double>(m.ci95->lo) : std::nullopt, st.score);
        s.number(row, 3, m.ci95 ? std::optional<double>(m.ci95->hi) : std::nullopt, st.score);
        s.number(row, 4, m.target, st.score);
        s.text(row, 5, m.status ? std::string(scoring::to_string(*m.status)) : "", st.text);
        status_formats(s, st, row, row, 5);
        ++row;
        s.text(row, 0, "Pass rate (visits at or above target)", st.bold_text);
        s.number(row, 1, m.pass_rate, st.big_pct);
        s.number(row, 2, m.pass_ci95 ? std::optional<double>(m.pass_ci95->lo) : std::nullopt,
                 st.pct);
        s.number(row, 3, m.pass_ci95 ? std::optional<double>(m.pass_ci95->hi) : std::nullopt,
                 st.pct);
        ++row;
        s.text(row, 0, "Critical-fail rate", st.bold_text);
        s.number(row, 1, m.critical_fail_rate, st.big_pct);
        ++row;
        s.text(row, 0, "Net Promoter Score", st.bold_text);
        if (g->nps.nps) {
            s.number(row, 1, *g->nps.nps, st.big_score);
            s.text(row, 2,
                   thousands(g->nps.n) + " ratings: " + thousands(g->nps.promoters) +
                       " promoters, " + thousands(g->nps.detractors) + " detractors",
                   st.note);
        } else {
            s.text(row, 1, "no ratings", st.note);
        }
        ++row;
        s.text(row, 0, "Visits", st.bold_text);
        s.number(row, 1, static_cast<double>(m.n), st.integer);
        ++row;
        s.text(row, 0, "Trend (points / month)", st.bold_text);
        s.number(row, 1, g->trend, st.trend);
        ++row;
        ++row;
    }
    if (ctx.one_off_key()) {
        s.text(row, 0, kOneOffKeyNote, st.bold_text);
        ++row;
    } else if (ctx.o.pseudonymise_staff) {
        s.text(row, 0, "Staff appear as stable pseudonyms (\"Staff …\").", st.note);
        ++row;
    }
    s.text(row, 0, "Shoppers are never named in this report. How the figures are made: see Method.",
           st.note);
    row += 2;

    // Charts: the monthly trend, then each client's branch ranking.
    const std::uint32_t chart_row = row;
    if (!ctx.months.empty()) {
        lxw_chart* c = book.wb.add_chart(LXW_CHART_LINE);
        const std::string trend = book.trend.sheet;
        const std::string cats =
            row_range(trend, book.trend.header, book.trend.first_month, book.trend.last_month);
        for (std::int32_t client : ctx.clients) {
            auto* series = add_series(c, cats,
                                      row_range(trend, book.trend.all[client],
                                                book.trend.first_month, book.trend.last_month));
            const std::string name = ctx.clients.size() == 1 ? "Mean score" : ctx.f.clients[client];
            book.wb.series_name(series, name);
            lxw_chart_line line{};
            line.width = 2.5;
            line.color = ctx.clients.size() == 1 ? kBlue : LXW_COLOR_UNSET;
            chart_series_set_line(series, &line);
            chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
        }
        if (ctx.clients.size() == 1)
            add_target_line(c, cats,
                            row_range(trend, book.trend.target.begin()->second,
                                      book.trend.first_month, book.trend.last_month));
        book.wb.chart_title(c, "Monthly trend");
        chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
        chart_axis_set_num_format(c->y_axis, "0");
        lxw_chart_options opt{};
        opt.x_scale = 1.45;
        opt.y_scale = 1.2;
        check(worksheet_insert_chart_opt(s.raw(), chart_row, 0, c, &opt), "Summary: trend chart");
    }
    std::uint32_t rank_row = chart_row;
    for (std::int32_t client : ctx.clients) {
        std::vector<const BranchRow*> rows;
        for (const auto& r : ctx.branch_rows)
            if (r.client == client)
                rows.push_back(&r);
        if (rows.empty())
            continue;
        lxw_chart* c = book.wb.add_chart(LXW_CHART_BAR);
        const std::string b = book.branches_sheet;
        auto* series = add_series(
            c, range(b, 2, book.branch_at.at(rows.front()), book.branch_at.at(rows.back())),
            range(b, 5, book.branch_at.at(rows.front()), book.branch_at.at(rows.back())));
        book.wb.series_name(series, "Mean score");
        lxw_chart_fill fill{};
        fill.color = kBlue;
        chart_series_set_fill(series, &fill);
        chart_series_set_labels(series);
        chart_series_set_labels_num_format(series, "0.0");
        lxw_chart_font small{};
        small.size = 7;
        chart_series_set_labels_font(series, &small);
        const std::string title = "Branch ranking (mean score)" +
                                  (ctx.clients.size() > 1 ? " — " + ctx.f.clients[client] : "");
        book.wb.chart_title(c, title);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        chart_axis_set_reverse(c->y_axis);
        chart_axis_set_num_font(c->y_axis, &small);
        chart_axis_set_min(c->x_axis, 0);
        chart_axis_set_max(c->x_axis, 100);
        chart_set_series_gap(c, 40);
        lxw_chart_options opt{};
        opt.x_scale = 1.45;
        // About 16 px a branch, at least the standard height (288 px).
        const double height = std::max(288.0, 70.0 + 16.0 * static_cast<double>(rows.size()));
        opt.y_scale = height / 288.0;
        check(worksheet_insert_chart_opt(s.raw(), rank_row, 7, c, &opt), "Summary: ranking chart");
        rank_row += static_cast<std::uint32_t>(height / 20.0) + 2;
    }

    if (!ctx.o.logo.empty()) {
        lxw_image_options opt{};
        opt.x_offset = 4;
        opt.y_offset = 2;
        if (auto size = image_size(read_logo(ctx.o.logo)); size && size->second > 0) {
            const double scale = std::min(56.0 / size->second, 220.0 / size->first);
            opt.x_scale = opt.y_scale = std::min(1.0, scale);
        }
        s.image(0, 4, ctx.o.logo, opt, "Logo");
    }
    print_setup(s, std::nullopt);
    worksheet_set_zoom(s.raw(), 100);
}

} // namespace vs::exports::report
