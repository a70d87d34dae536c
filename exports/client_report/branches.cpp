// The Branches sheet: one row per branch of each client, ranked within the client; Visits (n)
// and Mean score are formulas over the Visits sheets with the computed values cached.

#include "exports/client_report/sheets.h"

#include <algorithm>

namespace vs::exports::report {
namespace {

/// COUNTIFS-style formulas over every Visits sheet.
struct VisitRange {
    std::string sheet;
    std::uint32_t last = 0; ///< last data row (0-based)
};
std::vector<VisitRange> visit_ranges(const ReportBook& book) {
    std::vector<VisitRange> out;
    for (std::size_t i = 0; i < book.visit_sheets.size(); ++i)
        if (book.visit_rows[i] > 0)
            out.push_back({book.visit_sheets[i]->name(), book.visit_rows[i]});
    return out;
}

/// The Visits (n) and Mean score formulas of a Branches row. Codes are compared with EXACT,
/// never with COUNTIFS/SUMIFS/AVERAGEIFS/MATCH or "=": those ignore case and read "007" as
/// the number 7, so that Excel's recalculation on open (the workbook asks for it) would
/// merge branches "ab01" and "AB01", or "007" and "7", that the cached values keep apart.
std::pair<std::string, std::string> branch_formulas(const ReportBook& book, std::uint32_t row) {
    const VisitLayout& L = book.ctx.layout;
    const std::string client_cell = "$A" + std::to_string(row + 1);
    const std::string branch_cell = "$B" + std::to_string(row + 1);
    const std::string n_cell = "$E" + std::to_string(row + 1);
    std::string n, sum;
    for (const auto& r : visit_ranges(book)) {
        const std::string c = range(r.sheet, L.client, 1, r.last);
        const std::string b = range(r.sheet, L.branch, 1, r.last);
        const std::string sc = range(r.sheet, L.score, 1, r.last);
        if (!n.empty()) {
            n += "+";
            sum += "+";
        }
        const std::string match = "EXACT(" + c + "," + client_cell + ")*EXACT(" + b + "," +
                                  branch_cell + ")*ISNUMBER(" + sc + ")";
        n += "SUMPRODUCT(" + match + ")";
        sum += "SUMPRODUCT(" + match + "," + sc + ")";
    }
    if (n.empty())
        return {"0", "0"};
    return {n, "IF(" + n_cell + ">0,(" + sum + ")/" + n_cell + ",\"\")"};
}

} // namespace

void write_branches(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    const VisitLayout& L = ctx.layout;
    std::vector<std::string> h = {
        "Client",     "Branch",     "Branch name", "Region",    "Visits (n)",
        "Mean score", "95% CI low", "95% CI high", "Pass rate", "Critical-fail rate"};
    for (const auto& sec : L.sections)
        h.push_back(sec.title);
    const int c_consistency = static_cast<int>(h.size());
    h.insert(h.end(), {"Consistency (sd of staff means)", "Trend (points / month)", "Rank",
                       "Target", "Status", "Sample"});
    const int last_col = static_cast<int>(h.size()) - 1;
    const auto n_rows = static_cast<std::uint32_t>(ctx.branch_rows.size());
    book.table_top(
        s, "Branches",
        "n and mean are formulas over the Visits sheet; grey italic rows have fewer than " +
            std::to_string(ctx.o.min_n) + " visits");
    check(worksheet_autofilter(s.raw(), kHeaderRow, 0, kHeaderRow + std::max(n_rows, 1u),
                               static_cast<lxw_col_t>(last_col)),
          "Branches: autofilter");
    header_row(s, st, kHeaderRow, h);
    std::uint32_t row = kHeaderRow + 1;
    for (const auto& r : ctx.branch_rows) {
        const auto& m = r.g->m;
        const bool low = m.low_sample;
        lxw_format* t = low ? st.text_low : st.text;
        lxw_format* sc = low ? st.score_low : st.score;
        lxw_format* pc = low ? st.pct_low : st.pct;
        book.branch_at[&r] = row;
        const std::string& client = ctx.f.clients[r.client];
        const std::string& code = ctx.f.branches[r.branch];
        s.text(row, 0, client, t);
        s.text(row, 1, code, t);
        s.text(row, 2, book.branch_name(r.branch), t);
        s.text(row, 3, r.region >= 0 ? ctx.f.regions[r.region] : "", t);
        auto [n_formula, mean_formula] = branch_formulas(book, row);
        s.formula(row, 4, n_formula, static_cast<double>(m.n), low ? st.integer_low : st.integer);
        s.formula(row, 5, mean_formula, m.mean, sc); // "" when no visit has a score
        s.number(row, 6, m.ci95 ? std::optional<double>(m.ci95->lo) : std::nullopt, sc);
        s.number(row, 7, m.ci95 ? std::optional<double>(m.ci95->hi) : std::nullopt, sc);
        s.number(row, 8, m.pass_rate, pc);
        s.number(row, 9, m.critical_fail_rate, pc);
        int c = 10;
        for (const auto& sec : L.sections) {
            auto it = r.sections.find(sec.id);
            s.number(row, c++,
                     it == r.sections.end() ? std::nullopt : std::optional<double>(it->second.mean),
                     sc);
        }
        s.number(row, c_consistency, r.g->consistency, sc);
        s.number(row, c_consistency + 1, r.g->trend, low ? st.trend_low : st.trend);
        s.number(row, c_consistency + 2, static_cast<double>(r.rank),
                 low ? st.integer_low : st.integer, 4);
        s.number(row, c_consistency + 3, m.target, sc);
        s.text(row, c_consistency + 4, m.status ? std::string(scoring::to_string(*m.status)) : "",
               t);
        s.text(row, c_consistency + 5, low ? "low sample" : "", t);
        ++row;
    }
    status_formats(s, st, kHeaderRow + 1, row - 1, c_consistency + 4);
    worksheet_freeze_panes(s.raw(), kHeaderRow + 1, 3);
    print_setup(s, kHeaderRow);
    s.fit_columns(6, 40);
    book.branches_sheet = s.name();
}

} // namespace vs::exports::report
