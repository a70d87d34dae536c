// The Method sheet: how the numbers are made, in words, with the report's own settings (minimum
// sample, training window) and what the Visits sheet leaves out.

#include "exports/client_report/sheets.h"

#include <cmath>

namespace vs::exports::report {

void write_method(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    s.set_column(0, 0, 26);
    s.set_column(1, 1, 110, st.wrap);
    s.text(0, 0, "How the numbers are made", st.title);
    s.text(1, 0, ctx.client_title() + " · " + ctx.period_text(), st.note);
    std::uint32_t row = 3;
    auto para = [&](const std::string& topic, const std::string& text) {
        // Viewers do not grow rows for wrapped text in streamed sheets: size them here
        // (about 120 characters a line at this width).
        const double lines = std::ceil(static_cast<double>(text_width(text)) / 120.0);
        check(worksheet_set_row(s.raw(), row, 14.0 * std::max(1.0, lines) + 2, nullptr), "Method");
        s.text(row, 0, topic, st.label);
        s.text(row, 1, text, st.wrap);
        ++row;
    };
    const std::string min_n = std::to_string(ctx.o.min_n);
    para("Data", "Approved visits of " + ctx.client_title() + " dated " + ctx.period_text() + ": " +
                     thousands(ctx.counted) +
                     " visits with a score. Visits that are drafts, submitted but not yet "
                     "approved, returned or excluded are not counted.");
    para("Made", ctx.generated_at() + " by VisitScore.");
    para("Question scores",
         "Each scored answer gives a fraction from 0 to 1: yes/no questions 1 for the expected "
         "answer, scales in proportion, choices and checklists by the points of the options "
         "chosen, numbers by bands. A question passes when its fraction reaches its pass mark "
         "(1 unless the scorecard says otherwise).");
    para("Not applicable (NA)",
         "An answer \"not applicable\" and a question hidden by an earlier answer count as if "
         "the question did not exist: they add to neither the points earned nor the points "
         "possible. A section with nothing applicable is left out of the visit score. The NA "
         "rate on Behaviours is NA answers divided by the times the question was shown.");
    para("Section and visit scores",
         "Section score = 100 × points earned / points possible. Visit score = the "
         "weighted mean of its applicable sections' scores, with the section weights of the "
         "scorecard. Sections with weight 0 describe the visit and carry no score.");
    para("Critical questions",
         "Failing a question marked critical sets its section's score to 0 (section-level) or "
         "the whole visit's score to 0 (visit-level). Raw shows the visit without criticals "
         "applied; Score (with them) is the reported result. The critical-fail rate is the "
         "share of visits with at least one critical failure.");
    para("Means and intervals",
         "Every visit weighs the same: a branch is the mean of its visits, not of its staff. "
         "95% confidence intervals of means use Student's t with n − 1 degrees of freedom; "
         "intervals of rates (pass rates) are Wilson score intervals. Fewer than two visits "
         "give no interval.");
    para("Targets and status",
         "Each visit is compared with its own scorecard's target. Pass rate = share of visits "
         "at or above their target. Status: above when the mean reaches the target, near when "
         "it is within 5 points below it, otherwise below.");
    para("Minimum sample",
         "Groups with fewer than " + min_n +
             " visits are marked \"low sample\" and shown in grey italics: their figures are "
             "too uncertain to rank or judge on their own.");
    para("Consistency and trend",
         "Consistency = standard deviation of the mean scores of a branch's staff who have at "
         "least " +
             min_n +
             " visits (needs two such people); lower means service depends "
             "less on who is on shift. Trend = least-squares slope of the monthly means, in score "
             "points per month (needs three months with visits).");
    para("Staff",
         "A visit's score belongs to its primary staff member; section means on Staff use every "
         "section attributed to the person. The weakest behaviour is the question with the "
         "lowest pass rate among those answered at least " +
             min_n + " times." +
             // Appended, not " " + std::string: GCC 12 at -O3 warns (a false
             // stringop-overflow) on a literal + a temporary string here.
             (ctx.one_off_key() ? std::string(" ").append(kOneOffKeyNote)
              : ctx.o.pseudonymise_staff
                  ? std::string(" Staff are shown as stable pseudonyms: the same person gets "
                                "the same pseudonym in every report made with the same secret "
                                "key, and it cannot be turned back into a name without the key.")
                  : std::string()));
    para("Visits sheet",
         "One row per visit. Each answer column is headed by the question as the scorecard "
         "asks it; the question's id (as on Behaviours and in export csv) and its section "
         "are in the heading's note. A question worded like another heading is followed by "
         "its id.");
    if (!ctx.left_out.empty())
        para("Questions left out", ctx.left_out_text());
    para("Net Promoter Score",
         "From 0–10 ratings: 100 × (promoters 9–10 − detractors 0–6) / ratings.");
    para("Training effect",
         "For each training: the trained staff's visits in the " +
             std::to_string(ctx.o.training_window) +
             " days before and after the training date, "
             "compared with the client's other staff over the same days (control). Effect = "
             "after − before; p from Welch's t-test; Cohen's d with the pooled standard "
             "deviation; difference in differences = trained effect − control effect with a "
             "normal 95% interval. Only visits inside the report's period are used.");
    para("Checking the figures",
         "On Branches, Visits (n) and Mean score are formulas over the Visits sheets, whose "
         "Score column holds each visit's reported score: select a cell to see how it is "
         "made. They compare client and branch codes with EXACT, so that codes differing "
         "only in case or leading zeros (\"AB01\" and \"ab01\", \"007\" and \"7\") stay "
         "apart, and the workbook is recalculated when it is opened.");
    para("Privacy",
         "Shoppers are never named or coded in this workbook; mentions of the shopper in "
         "comments are replaced by [shopper]. Comments and answers are shown as text exactly as "
         "typed; nothing typed is ever run as a formula.");
    print_setup(s, std::nullopt, false);
}

} // namespace vs::exports::report
