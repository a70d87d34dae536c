// The Staff sheet ("Employees"): one row per staff member of each client, by home branch and
// mean, with section means and the weakest behaviour; staff as codes and names or pseudonyms.

#include "exports/client_report/sheets.h"

namespace vs::exports::report {

void write_employees(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    const VisitLayout& L = ctx.layout;
    const bool names = !ctx.o.pseudonymise_staff;
    std::vector<std::string> h = {"Client",
                                  ctx.o.pseudonymise_staff ? "Staff (pseudonym)" : "Staff"};
    if (names)
        h.push_back("Name");
    const int c_branch = static_cast<int>(h.size());
    h.insert(h.end(),
             {"Branch", "Visits (n)", "Mean score", "95% CI low", "95% CI high", "Low sample"});
    const int c_sections = static_cast<int>(h.size());
    for (const auto& sec : L.sections)
        h.push_back(sec.title);
    const int c_weakest = static_cast<int>(h.size());
    h.insert(h.end(), {"Weakest behaviour", "Its pass rate", "Trend (points / month)"});
    const auto n_rows = static_cast<std::uint32_t>(ctx.employee_rows.size());
    book.table_top(
        s, "Staff",
        std::string(ctx.o.pseudonymise_staff ? "staff shown as stable pseudonyms; " : "") +
            "section means use the sections attributed to each person");
    check(worksheet_autofilter(s.raw(), kHeaderRow, 0, kHeaderRow + std::max(n_rows, 1u),
                               static_cast<lxw_col_t>(h.size() - 1)),
          "Employees: autofilter");
    header_row(s, st, kHeaderRow, h);
    std::uint32_t row = kHeaderRow + 1;
    for (const auto& r : ctx.employee_rows) {
        const auto& m = r.g->m;
        const bool low = m.low_sample;
        lxw_format* t = low ? st.text_low : st.text;
        lxw_format* sc = low ? st.score_low : st.score;
        const std::string& client = ctx.f.clients[r.client];
        s.text(row, 0, client, t);
        if (r.employee < 0) {
            s.text(row, 1, "(no staff member identified)", t);
        } else {
            const std::string& code = ctx.f.employees[r.employee];
            s.text(row, 1, ctx.staff_label(client, code), t);
            if (names) {
                auto it = book.names.employees.find({client, code});
                s.text(row, 2, it == book.names.employees.end() ? "" : it->second, t);
            }
        }
        if (r.branch >= 0)
            s.text(row, c_branch, ctx.f.branches[r.branch] + " " + book.branch_name(r.branch), t);
        s.number(row, c_branch + 1, static_cast<double>(m.n), low ? st.integer_low : st.integer);
        s.number(row, c_branch + 2, m.mean, sc);
        s.number(row, c_branch + 3, m.ci95 ? std::optional<double>(m.ci95->lo) : std::nullopt, sc);
        s.number(row, c_branch + 4, m.ci95 ? std::optional<double>(m.ci95->hi) : std::nullopt, sc);
        s.text(row, c_branch + 5, low ? "low sample" : "", t);
        int c = c_sections;
        for (const auto& sec : L.sections) {
            auto it = r.sections.find(sec.id);
            s.number(row, c++,
                     it == r.sections.end() ? std::nullopt : std::optional<double>(it->second.mean),
                     sc);
        }
        if (r.weakest) {
            const auto info = ctx.question_info.find(*r.weakest);
            s.text(row, c_weakest,
                   info != ctx.question_info.end() && !info->second.q->text.empty()
                       ? info->second.q->text
                       : ctx.f.question_ids[*r.weakest],
                   t);
        }
        s.number(row, c_weakest + 1, r.weakest_pass, low ? st.pct_low : st.pct);
        s.number(row, c_weakest + 2, r.g->trend, low ? st.trend_low : st.trend);
        ++row;
    }
    worksheet_freeze_panes(s.raw(), kHeaderRow + 1, names ? 3 : 2);
    print_setup(s, kHeaderRow);
    s.fit_columns(6, 50);
}

} // namespace vs::exports::report
