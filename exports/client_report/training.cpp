// The Training sheet (only when the report's clients have trainings): for each training, the
// trained staff's visits before and after it against the client's other staff.

#include "scoring/training.h"

#include "exports/client_report/sheets.h"
#include "forms/dates.h"

namespace vs::exports::report {

namespace {

scoring::TrainingEffect effect_of(const ReportContext& ctx, const ReportTraining& t, int day) {
    scoring::TrainingSpec spec =
        scoring::training_spec(ctx.f, t.id, day, t.client, t.employees, t.sections);
    return scoring::training_effect(ctx.f, spec, ctx.o.training_window);
}

} // namespace

void write_training(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    const std::vector<std::string> h = {"Training",
                                        "Title",
                                        "Date",
                                        "Client",
                                        "Measured on",
                                        "Trained staff",
                                        "Trained: before (n)",
                                        "Trained: before (mean)",
                                        "Trained: after (n)",
                                        "Trained: after (mean)",
                                        "Effect (points)",
                                        "p (Welch)",
                                        "Cohen's d",
                                        "Control: before (n)",
                                        "Control: before (mean)",
                                        "Control: after (n)",
                                        "Control: after (mean)",
                                        "Control effect",
                                        "Difference in differences",
                                        "DiD 95% CI low",
                                        "DiD 95% CI high"};
    book.table_top(s, "Training",
                   "approved visits " + std::to_string(ctx.o.training_window) +
                       " days before and after each training; control: the client's other staff");
    check(worksheet_autofilter(s.raw(), kHeaderRow, 0,
                               kHeaderRow + static_cast<std::uint32_t>(ctx.trainings.size()),
                               static_cast<lxw_col_t>(h.size() - 1)),
          "Training: autofilter");
    header_row(s, st, kHeaderRow, h);
    std::uint32_t row = kHeaderRow + 1;
    for (const ReportTraining* t : ctx.trainings) {
        const int day = forms::parse_day(t->date).value_or(0);
        scoring::TrainingEffect e = effect_of(ctx, *t, day);
        std::string measured;
        for (const auto& sec : t->sections) {
            std::string title = sec;
            for (const auto& [id, ttl] : ctx.section_titles)
                if (ctx.f.section_ids[id] == sec)
                    title = ttl;
            measured += (measured.empty() ? "" : ", ") + title;
        }
        s.text(row, 0, t->id, st.text);
        s.text(row, 1, t->title, st.text);
        s.text(row, 2, t->date, st.text);
        s.text(row, 3, t->client, st.text);
        s.text(row, 4, measured.empty() ? "Visit score" : measured, st.text);
        s.number(row, 5, static_cast<double>(t->employees.size()), st.integer);
        auto cell = [&](int col, const scoring::Cell& c) {
            s.number(row, col, static_cast<double>(c.n), st.integer);
            s.number(row, col + 1, c.mean, st.score);
        };
        cell(6, e.trained.pre);
        cell(8, e.trained.post);
        s.number(row, 10, e.trained.effect, st.trend);
        s.number(row, 11, e.trained.p, st.p);
        s.number(row, 12, e.trained.d, st.d);
        cell(13, e.control.pre);
        cell(15, e.control.post);
        s.number(row, 17, e.control.effect, st.trend);
        s.number(row, 18, e.did, st.trend);
        s.number(row, 19, e.did_ci95 ? std::optional<double>(e.did_ci95->lo) : std::nullopt,
                 st.trend);
        s.number(row, 20, e.did_ci95 ? std::optional<double>(e.did_ci95->hi) : std::nullopt,
                 st.trend);
        ++row;
    }
    worksheet_freeze_panes(s.raw(), kHeaderRow + 1, 1);
    print_setup(s, kHeaderRow);
    s.fit_columns(6, 40);
}

} // namespace vs::exports::report
