// The Disputes sheet (only when the report's visits have dispute points): each point with its
// visit's date and branch, the question, the answer it disputed and the one proposed, and the
// arbiter's decision with its reason and date. Never the shopper: the visit is named by date and
// branch, and every text goes through the workbook's redactor as all others do.

#include "exports/client_report/sheets.h"

namespace vs::exports::report {
namespace {

/// An answer as stored (JSON text) as a person reads it: a string without its quotes.
std::string answer_text(const std::string& json) {
    if (json.size() >= 2 && json.front() == '"' && json.back() == '"' &&
        json.find('\\') == std::string::npos)
        return json.substr(1, json.size() - 2);
    return json;
}

std::string decision_text(const ReportDispute& d) {
    if (d.status != "decided")
        return "open";
    if (d.decision == "partly")
        return "partly accepted";
    return d.decision;
}

} // namespace

void write_disputes(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    const std::vector<std::string> h = {
        "Visit date",      "Client",          "Branch", "Branch name", "Question",
        "Original answer", "Proposed answer", "Reason", "Opened",      "Decision",
        "Answer standing", "Decision reason", "Decided"};
    book.table_top(s, "Disputes",
                   "each disputed question of the report's visits and the arbiter's decision");
    const auto rows = static_cast<std::uint32_t>(ctx.in.disputes.size());
    check(worksheet_autofilter(s.raw(), kHeaderRow, 0, kHeaderRow + rows,
                               static_cast<lxw_col_t>(h.size() - 1)),
          "Disputes: autofilter");
    header_row(s, st, kHeaderRow, h);
    std::uint32_t row = kHeaderRow + 1;
    for (const ReportDispute& d : ctx.in.disputes) {
        std::string branch_name;
        if (auto it = book.names.branches.find({d.client, d.branch});
            it != book.names.branches.end())
            branch_name = it->second;
        s.text(row, 0, d.visited_at.substr(0, 10), st.text);
        s.text(row, 1, d.client, st.text);
        s.text(row, 2, d.branch, st.text);
        s.text(row, 3, branch_name, st.text);
        s.text(row, 4, d.question, st.text);
        s.text(row, 5, answer_text(d.original_answer), st.text);
        s.text(row, 6, answer_text(d.proposed_answer), st.text);
        s.text(row, 7, d.reason, st.text);
        s.text(row, 8, d.opened_at.substr(0, 10), st.text);
        s.text(row, 9, decision_text(d), st.text);
        s.text(row, 10, d.status == "decided" ? answer_text(d.decided_answer) : "", st.text);
        s.text(row, 11, d.decision_reason, st.text);
        s.text(row, 12, d.decided_at.substr(0, 10), st.text);
        ++row;
    }
    worksheet_freeze_panes(s.raw(), kHeaderRow + 1, 1);
    print_setup(s, kHeaderRow);
    s.fit_columns(6, 50);
}

} // namespace vs::exports::report
