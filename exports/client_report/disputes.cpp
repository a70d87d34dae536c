// The Disputes sheet (only when the report's visits have dispute points): each point with its
// visit's date and branch, the question (its text, as the scorecard words it), the answer it
// disputed and the one proposed, and the arbiter's decision with its reason and date. Never the
// shopper: the visit is named by date and branch, and every text goes through the workbook's
// redactor as all others do. Columns are sized by their cells, not by the sheet's title.

#include "exports/client_report/sheets.h"

#include <map>

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
    // The title and note as every table has them, but not counted for column A's width: the
    // visit dates there are ten characters.
    check(worksheet_set_row(s.raw(), 0, 26, nullptr), s.name());
    s.label(0, 0, "Disputes", st.title);
    s.label(1, 0,
            ctx.client_title() + " \u00b7 " + ctx.period_text() +
                " \u00b7 each disputed question of the report's visits and the arbiter's decision",
            st.note);
    // A point's question as its visit's scorecard version words it (two scorecards, or two
    // versions of one, may word one question id differently); by id alone, from any report
    // scorecard, when the visit is not among the facts.
    std::map<std::int64_t, std::int32_t> visit_template;
    for (const scoring::VisitFact& v : ctx.f.visits)
        visit_template.emplace(v.visit_id, v.tmpl);
    std::map<std::string, std::string> texts;
    for (const auto& [index, info] : ctx.question_info)
        if (info.q && !info.q->text.empty())
            texts.emplace(ctx.f.question_ids[index], info.q->text);
    const auto question_text = [&](const ReportDispute& d) -> const std::string& {
        if (auto v = visit_template.find(d.visit_id); v != visit_template.end() && v->second >= 0) {
            const forms::Template& tpl = *ctx.f.templates[static_cast<std::size_t>(v->second)].tpl;
            if (const int q = tpl.find_question(d.question); q >= 0) {
                const std::string& text = tpl.questions[static_cast<std::size_t>(q)].text;
                if (!text.empty())
                    return text;
            }
        }
        const auto text = texts.find(d.question);
        return text == texts.end() ? d.question : text->second;
    };
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
        s.text(row, 4, question_text(d), st.text);
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
