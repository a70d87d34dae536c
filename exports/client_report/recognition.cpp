// The Recognition sheet (only when some of the report's visits went beyond the scorecard): each
// perfect section and each comment that praises a named staff member (scoring/recognition.h),
// with the visit's date and branch, the staff member recognised, why, and the words of praise.
// Never the shopper: every text goes through the workbook's redactor as all others do; with
// pseudonymised staff the staff member is shown by pseudonym only, and the words of a comment
// that named them (a first name, say) are replaced by it too.

#include "exports/client_report/sheets.h"
#include "exports/recognition_redact.h"
#include "forms/template.h"

#include <map>
#include <string>

namespace vs::exports::report {
namespace {

std::string kind_text(const scoring::Recognition& r) {
    return r.kind == "perfect_section" ? "perfect section" : "praised in a comment";
}

} // namespace

void write_recognition(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    const bool names = !ctx.o.pseudonymise_staff;
    // Pseudonymised: the recognised staff's codes, names and the words that named them become
    // their pseudonyms everywhere from now on (the Visits sheets learned the primary staff).
    if (!names)
        add_recognised_staff(book.redact, ctx.in.recognitions,
                             [&ctx](const std::string& client, const std::string& code) {
                                 return ctx.staff_label(client, code);
                             });
    std::vector<std::string> h = {"Visit date", "Client", "Branch", "Branch name",
                                  names ? "Staff" : "Staff (pseudonym)"};
    if (names)
        h.push_back("Staff name");
    for (const char* c : {"Recognised for", "Section or comment", "Why", "In the shopper's words"})
        h.push_back(c);
    // The title and note as every table has them, but not counted for column A's width (the
    // visit dates there are ten characters).
    check(worksheet_set_row(s.raw(), 0, 26, nullptr), s.name());
    s.label(0, 0, "Recognition", st.title);
    s.label(1, 0,
            ctx.client_title() + " \u00b7 " + ctx.period_text() +
                " \u00b7 visits and staff that went beyond the scorecard, for the client to "
                "thank: a section such as complaint handling at 100 with no question NA, or a "
                "shopper's comment that praises a named member of the branch's staff",
            st.note);
    // Section titles and question texts by id, from the report's scorecards.
    std::map<std::string, std::string> titles;
    for (const scoring::TemplateRef& t : ctx.f.templates) {
        if (!t.tpl)
            continue;
        for (const forms::Section& section : t.tpl->sections)
            titles.emplace(section.id, section.title);
        for (const forms::Question& question : t.tpl->questions)
            if (!question.text.empty())
                titles.emplace(question.id, question.text);
    }
    auto title_of = [&](const std::string& id) {
        const auto it = titles.find(id);
        return it == titles.end() || it->second.empty() ? id : it->second;
    };
    const auto rows = static_cast<std::uint32_t>(ctx.in.recognitions.size());
    check(worksheet_autofilter(s.raw(), kHeaderRow, 0, kHeaderRow + rows,
                               static_cast<lxw_col_t>(h.size() - 1)),
          "Recognition: autofilter");
    header_row(s, st, kHeaderRow, h);
    std::uint32_t row = kHeaderRow + 1;
    for (const scoring::Recognition& r : ctx.in.recognitions) {
        std::string branch_name;
        if (auto it = book.names.branches.find({r.client, r.branch});
            it != book.names.branches.end())
            branch_name = it->second;
        int c = 0;
        s.text(row, c++, r.visited_at.substr(0, 10), st.text);
        s.text(row, c++, r.client, st.text);
        s.text(row, c++, r.branch, st.text);
        s.text(row, c++, branch_name, st.text);
        s.text(row, c++, ctx.staff_label(r.client, r.employee), st.text);
        if (names)
            s.text(row, c++, r.employee_name, st.text);
        s.text(row, c++, kind_text(r), st.text);
        s.text(row, c++,
               r.kind == "perfect_section" ? title_of(r.section)
               : r.question == "summary"   ? std::string("the visit's summary")
                                           : title_of(r.question),
               st.text);
        s.text(row, c++, r.reason, st.text);
        s.text(row, c++, r.comment, st.text);
        ++row;
    }
    worksheet_freeze_panes(s.raw(), kHeaderRow + 1, 1);
    print_setup(s, kHeaderRow);
    s.fit_columns(6, 60);
}

} // namespace vs::exports::report
