// The Visits sheets: one row per visit, streamed (constant memory), continued on "Visits (2)" …
// past the rows a sheet may hold. The first sheet written: it learns the names of branches and
// staff (ReportBook::names) and makes each visit's people known to the anonymisation before
// anything of the visit is written.

#include "exports/client_report/sheets.h"
#include "forms/template.h"

#include <algorithm>
#include <cctype>

namespace vs::exports::report {
namespace {

constexpr double kExcelEpoch = 25569; // 1970-01-01 as an Excel serial day

/// Excel serial date-time of a visit.
double excel_datetime(int day, const std::string& visited_at) {
    double minutes = 0;
    auto digits = [&](std::size_t at) {
        if (visited_at.size() < at + 2 ||
            !std::isdigit(static_cast<unsigned char>(visited_at[at])) ||
            !std::isdigit(static_cast<unsigned char>(visited_at[at + 1])))
            return 0;
        return (visited_at[at] - '0') * 10 + (visited_at[at + 1] - '0');
    };
    if (visited_at.size() >= 16) {
        minutes = digits(11) * 60 + digits(14);
        if (visited_at.size() >= 19)
            minutes += digits(17) / 60.0;
    }
    return kExcelEpoch + day + minutes / 1440.0;
}

/// Lines that `text` takes when wrapped at `width` characters (words kept whole unless longer
/// than a line; line breaks kept).
std::size_t wrapped_lines(std::string_view text, std::size_t width) {
    std::size_t lines = 1, line = 0, word = 0;
    auto place = [&] {
        if (word == 0)
            return;
        if (line > 0 && line + 1 + word > width) {
            ++lines;
            line = 0;
        }
        line += (line > 0 ? 1 : 0) + word;
        while (line > width) { // a word longer than a line continues on the next
            ++lines;
            line -= width;
        }
        word = 0;
    };
    for (unsigned char c : text) {
        if (c == ' ' || c == '\n') {
            place();
            if (c == '\n') {
                ++lines;
                line = 0;
            }
        } else if ((c & 0xC0) != 0x80) {
            ++word;
        }
    }
    place();
    return lines;
}

/// The width (characters) of a column headed by a question's text: wide enough for the text
/// to wrap into about four lines, between 14 and 32 characters, and never narrower than its
/// longest word.
std::size_t question_column_width(std::string_view text) {
    std::size_t longest = 0, word = 0;
    for (unsigned char c : std::string(text) + " ") {
        if (c == ' ' || c == '\n') {
            longest = std::max(longest, word);
            word = 0;
        } else if ((c & 0xC0) != 0x80) {
            ++word;
        }
    }
    const std::size_t quarter = (text_width(text) + 3) / 4 + 2;
    return std::max(std::clamp<std::size_t>(quarter, 14, 32),
                    std::min<std::size_t>(longest + 2, 45));
}

class VisitsWriter {
  public:
    explicit VisitsWriter(ReportBook& b) : book(b), ctx(b.ctx) {}

    Sheet& visit_sheet(std::size_t index) {
        while (book.visit_sheets.size() <= index) {
            const std::string name =
                book.visit_sheets.empty()
                    ? "Visits"
                    : "Visits (" + std::to_string(book.visit_sheets.size() + 1) + ")";
            book.visit_sheets.push_back(std::make_unique<Sheet>(book.wb.add_sheet(name)));
            book.visit_rows.push_back(0);
            Sheet& s = *book.visit_sheets.back();
            const std::uint32_t capacity = ctx.o.max_rows_per_sheet - 1;
            const std::size_t remaining =
                ctx.f.visits.size() > index * capacity ? ctx.f.visits.size() - index * capacity : 0;
            const auto rows =
                static_cast<std::uint32_t>(std::min<std::size_t>(remaining, capacity));
            // constant_memory: the autofilter must come before the rows it covers.
            check(worksheet_autofilter(s.raw(), 0, 0, std::max<std::uint32_t>(rows, 1),
                                       static_cast<lxw_col_t>(ctx.layout.last)),
                  name + ": autofilter");
            worksheet_freeze_panes(s.raw(), 1, 4);
            print_setup(s, 0);
            visit_header(s);
        }
        return *book.visit_sheets[index];
    }

    void visit_header(Sheet& s) {
        const VisitLayout& L = ctx.layout;
        std::vector<std::string> h(static_cast<std::size_t>(L.last) + 1);
        h[L.date] = "Visited";
        h[L.client] = "Client";
        h[L.region] = "Region";
        h[L.branch] = "Branch";
        h[L.branch_name] = "Branch name";
        h[L.staff] = ctx.o.pseudonymise_staff ? "Staff (pseudonym)" : "Staff";
        if (L.staff_name >= 0)
            h[L.staff_name] = "Staff name";
        h[L.scorecard] = "Scorecard";
        h[L.version] = "Version";
        h[L.status] = "Status";
        h[L.raw] = "Raw";
        h[L.score] = "Score";
        h[L.target] = "Target";
        h[L.critical] = "Critical failures";
        for (std::size_t i = 0; i < L.sections.size(); ++i)
            h[static_cast<std::size_t>(L.first_section) + i] = L.sections[i].title;
        h[L.comments] = "Comments";
        h[L.summary] = "Summary";
        h[L.reference] = "Visit reference";
        // Answer columns are headed by the question's text (its id when it has none), wrapped;
        // the id is in the heading's note. A text that heads another column too (the same
        // question worded alike on two scorecards, a question called "Summary") is followed by
        // its id, so that every heading names one column.
        std::map<std::string, int> uses;
        for (const std::string& text : h)
            ++uses[text];
        for (const auto& q : L.questions)
            ++uses[q.text.empty() ? q.id : q.text];
        double height = 30;
        for (std::size_t i = 0; i < L.questions.size(); ++i) {
            const QuestionCol& q = L.questions[i];
            std::string heading = q.text.empty() ? q.id : q.text;
            if (!q.text.empty() && uses[heading] > 1)
                heading += " (" + q.id + ")";
            const int col = L.first_question + static_cast<int>(i);
            h[static_cast<std::size_t>(col)] = heading;
            if (q.text.empty())
                continue;
            const std::size_t width = question_column_width(heading);
            s.note_width(col, width);
            // Bold 10-point lines are about 13 points apart; six lines at most, the rest of a
            // very long text is in the cell.
            const auto lines =
                std::min<std::size_t>(wrapped_lines(book.wb.safe(heading), width - 2), 6);
            height = std::max(height, 13.0 * static_cast<double>(lines) + 5);
        }
        header_row(s, book.st, 0, h, 0, height);
        for (std::size_t i = 0; i < L.questions.size(); ++i) {
            const QuestionCol& q = L.questions[i];
            if (!q.text.empty())
                s.note(0, L.first_question + static_cast<int>(i),
                       "Question id: " + q.id + "\nSection: " + q.section);
        }
    }

    struct TemplateColumns {
        const forms::Template* tpl = nullptr;
        double target = 80;
        std::vector<int> section_cols; ///< per template section, -1 when unweighted
        std::vector<std::pair<int, const forms::Question*>> questions;
    };

    const TemplateColumns& template_columns(const std::string& id, int version) {
        auto key = std::make_pair(id, version);
        if (auto it = m_template_cols.find(key); it != m_template_cols.end())
            return it->second;
        TemplateColumns tc;
        for (std::int32_t t : ctx.templates) {
            const auto& tpl = *ctx.f.templates[static_cast<std::size_t>(t)].tpl;
            if (tpl.id == id && tpl.version == version)
                tc.tpl = &tpl;
        }
        if (!tc.tpl)
            throw ExportError("the visits to export and the figures disagree: scorecard " + id +
                              " version " + std::to_string(version) +
                              " has no figures (did the data change during the export?)");
        tc.target = tc.tpl->target;
        for (const auto& s : tc.tpl->sections) {
            auto it = ctx.layout.section_col.find(s.id);
            tc.section_cols.push_back(
                s.weight > 0 && it != ctx.layout.section_col.end() ? it->second : -1);
        }
        for (const auto& q : tc.tpl->questions)
            if (auto col = ctx.layout.question_col.find(q.id); col != ctx.layout.question_col.end())
                tc.questions.emplace_back(col->second, &q);
        return m_template_cols.emplace(key, std::move(tc)).first->second;
    }

    void write_answer(Sheet& s, std::uint32_t row, int col, const forms::Question& q,
                      const nlohmann::json& v) {
        const Styles& st = book.st;
        if (v.is_number()) {
            s.number(row, col, v.get<double>(), nullptr, 4);
            return;
        }
        auto label = [&](const std::string& id) -> std::string {
            int o = q.find_option(id);
            if (o >= 0 && !q.options[static_cast<std::size_t>(o)].label.empty())
                return q.options[static_cast<std::size_t>(o)].label;
            return id;
        };
        if (v.is_string()) {
            const std::string& text = v.get_ref<const std::string&>();
            if (q.type == forms::QuestionType::Choice && text != "na")
                s.text(row, col, label(text), st.text);
            else
                s.text(row, col, text, st.text);
            return;
        }
        if (v.is_array()) {
            std::string joined;
            for (const auto& item : v)
                if (item.is_string())
                    joined += (joined.empty() ? "" : "; ") + label(item.get<std::string>());
            s.text(row, col, joined.empty() ? "(none)" : joined, st.text);
        }
    }

    /// Makes the visit's shopper (and, pseudonymised, its staff) known to the anonymisation
    /// before anything of the visit is written.
    void learn_people(const VisitRecord& v) {
        book.redact.add(v.shopper_name, "[shopper]");
        book.redact.add(v.shopper, "[shopper]");
        if (ctx.o.pseudonymise_staff && !v.employee.empty()) {
            const std::string p = ctx.staff_label(v.client, v.employee);
            book.redact.add(v.employee_name, p);
            book.redact.add(v.employee, p);
        }
    }

    void write_visits() {
        if (book.progress)
            book.progress->start("Writing visits", ctx.f.visits.size());
        const VisitLayout& L = ctx.layout;
        const Styles& st = book.st;
        const std::uint32_t capacity = ctx.o.max_rows_per_sheet - 1;
        std::size_t done = 0;
        visit_sheet(0);
        ctx.in.visits([&](const VisitRecord& v) {
            learn_people(v);
            const std::size_t index = done / capacity;
            Sheet& s = visit_sheet(index);
            const auto row = static_cast<std::uint32_t>(done % capacity) + 1;
            book.visit_rows[index] = row;
            ++done;

            book.names.branches.emplace(std::make_pair(v.client, v.branch), v.branch_name);
            if (!v.employee.empty())
                book.names.employees.emplace(std::make_pair(v.client, v.employee), v.employee_name);
            if (v.score)
                ++m_stream_counts[{v.client, v.branch}];

            const TemplateColumns& tc = template_columns(v.template_id, v.template_version);
            s.datetime(row, L.date, excel_datetime(v.day, v.visited_at), st.datetime);
            s.text(row, L.client, v.client, st.text);
            s.text(row, L.region, v.region, st.text);
            s.text(row, L.branch, v.branch, st.text);
            s.text(row, L.branch_name, v.branch_name, st.text);
            s.text(row, L.staff, ctx.staff_label(v.client, v.employee), st.text);
            if (L.staff_name >= 0)
                s.text(row, L.staff_name, v.employee_name, st.text);
            s.text(row, L.scorecard, v.template_id, st.text);
            s.number(row, L.version, v.template_version, st.integer, 3);
            s.text(row, L.status, forms::to_string(v.status), st.text);
            s.number(row, L.raw, v.raw, st.score, 5);
            s.number(row, L.score, v.score, st.score, 5);
            s.number(row, L.target, tc.target, st.score, 5);
            std::string critical;
            for (const auto& c : v.critical_failures)
                critical += (critical.empty() ? "" : ", ") + c;
            s.text(row, L.critical, critical, st.text);
            for (std::size_t i = 0; i < tc.section_cols.size() && i < v.section_scores.size(); ++i)
                if (tc.section_cols[i] >= 0)
                    s.number(row, tc.section_cols[i], v.section_scores[i], st.score, 5);
            for (const auto& [col, q] : tc.questions)
                if (auto it = v.answers.find(q->id); it != v.answers.end())
                    write_answer(s, row, col, *q, *it);
            std::string comments;
            for (const auto& [question, text] : v.comments)
                comments += (comments.empty() ? "" : " | ") + question + ": " + text;
            s.text(row, L.comments, comments, st.text);
            s.text(row, L.summary, v.summary, st.text);
            s.text(row, L.reference, v.uuid, st.text);
            if (book.progress && done % 1024 == 0 && !book.progress->update(done))
                throw Cancelled{};
        });
        if (book.progress)
            book.progress->finish();
        for (std::size_t i = 0; i < book.visit_sheets.size(); ++i) {
            Sheet& s = *book.visit_sheets[i];
            s.set_column(L.date, L.date, 16);
            s.fit_columns(5, 45);
            // On paper, the visit header and scores; every answer stays on screen.
            const int last = L.sections.empty()
                                 ? L.critical
                                 : L.first_section + static_cast<int>(L.sections.size()) - 1;
            check(worksheet_print_area(s.raw(), 0, 0,
                                       std::max<std::uint32_t>(book.visit_rows[i], 1),
                                       static_cast<lxw_col_t>(last)),
                  s.name() + ": print area");
        }
        // The visits written must be the visits counted.
        std::map<std::pair<std::string, std::string>, std::size_t> counted;
        for (const auto& r : ctx.branch_rows)
            counted[{ctx.f.clients[r.client], ctx.f.branches[r.branch]}] = r.g->m.n;
        if (counted != m_stream_counts)
            throw ExportError("the visits to export and the figures disagree (did the data change "
                              "during the export?); export again");
    }

  private:
    ReportBook& book;
    const ReportContext& ctx;
    std::map<std::pair<std::string, int>, TemplateColumns> m_template_cols;
    /// Visits with a score per (client, branch code), as streamed.
    std::map<std::pair<std::string, std::string>, std::size_t> m_stream_counts;
};

} // namespace

void write_visits(ReportBook& book) {
    VisitsWriter(book).write_visits();
}

} // namespace vs::exports::report
