// What the sheets share while the workbook is written (sheets.h): names learned from the
// visits, table titles, and the anonymisation every string goes through.

#include "exports/client_report/sheets.h"

#include <set>

namespace vs::exports::report {

const std::string& ReportBook::branch_name(std::int32_t branch) const {
    auto it =
        names.branches.find({ctx.f.clients[ctx.branch_client[static_cast<std::size_t>(branch)]],
                             ctx.f.branches[branch]});
    return it == names.branches.end() ? ctx.empty : it->second;
}

void ReportBook::table_top(Sheet& s, const std::string& title, const std::string& note) const {
    check(worksheet_set_row(s.raw(), 0, 26, nullptr), s.name());
    s.text(0, 0, title, st.title);
    s.text(1, 0,
           ctx.client_title() + " · " + ctx.period_text() + (note.empty() ? "" : " · " + note),
           st.note);
}

void start_anonymisation(ReportBook& book) {
    const ReportContext& ctx = book.ctx;
    for (const auto& code : ctx.f.shoppers.names)
        book.redact.add(code, "[shopper]");
    if (ctx.o.pseudonymise_staff) {
        std::set<std::pair<std::int32_t, std::int32_t>> staff;
        for (const auto& v : ctx.f.visits)
            if (v.employee >= 0)
                staff.emplace(v.client, v.employee);
        for (const auto& [client, employee] : staff)
            book.redact.add(ctx.f.employees[employee],
                            ctx.staff_label(ctx.f.clients[client], ctx.f.employees[employee]));
    }
    book.wb.set_text_filter([&book](std::string_view text) { return book.redact.apply(text); });
}

} // namespace vs::exports::report
