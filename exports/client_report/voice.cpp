// The Customer voice sheet (only when a client of the report has customer survey responses,
// SCORING.md §10): per branch, over the report's range and per period, what its customers said
// (NPS with promoters, passives and detractors, the mean survey score) beside its mystery-shop
// score; then, per behaviour, the association across branches between the branch's mystery-shop
// score and its customers' voice (k, r with its interval, p, slope), with the plain-words caveat.
// Branches with too few responses to take part are marked. The responses themselves never
// appear, and they count in no other sheet.

#include "exports/client_report/sheets.h"
#include "forms/dates.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::exports::report {
namespace {

/// Writes one branch-period row, grey when the branch had too few responses to take part.
void period_row(ReportBook& book, Sheet& s, std::uint32_t row, const ReportVoice& v,
                const scoring::VoicePeriodRow& r, const std::string& period) {
    const Styles& st = book.st;
    const bool nps = v.options.measure == scoring::VoiceMeasure::Nps;
    const std::size_t m = nps ? r.nps.n : r.survey_n;
    const bool low = m < v.options.min_responses;
    lxw_format* text = low ? st.text_low : st.text;
    lxw_format* integer = low ? st.integer_low : st.integer;
    lxw_format* score = low ? st.score_low : st.score;
    const auto name = v.branch_names.find(r.branch);
    int c = 0;
    s.text(row, c++, v.client, text);
    s.text(row, c++, r.branch, text);
    s.text(row, c++, name == v.branch_names.end() ? std::string() : name->second, text);
    s.text(row, c++, period, low || !r.period.empty() ? text : st.bold_text);
    s.number(row, c++, static_cast<double>(r.responses), integer);
    s.number(row, c++, r.nps.nps, score);
    s.number(row, c++, static_cast<double>(r.nps.promoters), integer);
    s.number(row, c++, static_cast<double>(r.nps.passives), integer);
    s.number(row, c++, static_cast<double>(r.nps.detractors), integer);
    s.number(row, c++, static_cast<double>(r.nps.n), integer);
    s.number(row, c++, r.survey_score, score);
    s.number(row, c++, static_cast<double>(r.survey_n), integer);
    s.number(row, c++, r.mystery_score, score);
    s.number(row, c++, static_cast<double>(r.mystery_n), integer);
    s.text(row, c++, low ? "low sample" : "", text);
}

/// The dates the sheet's figures cover: the report's range when it gives one, else the first
/// to the last day of the survey responses and mystery visits read (not the mystery visits'
/// range of the other sheets: responses may lie outside it).
std::string voice_dates(const ReportContext& ctx) {
    if (ctx.o.from_day || ctx.o.to_day)
        return ctx.period_text();
    std::optional<std::int32_t> first, last;
    for (const ReportVoice& v : ctx.in.voices) {
        if (v.first_day)
            first = std::min(first.value_or(*v.first_day), *v.first_day);
        if (v.last_day)
            last = std::max(last.value_or(*v.last_day), *v.last_day);
    }
    if (!first || !last)
        return ctx.period_text();
    return forms::day_to_string(*first) + " to " + forms::day_to_string(*last);
}

} // namespace

void write_voice(ReportBook& book, Sheet& s) {
    const ReportContext& ctx = book.ctx;
    const Styles& st = book.st;
    check(worksheet_set_row(s.raw(), 0, 26, nullptr), s.name());
    s.label(0, 0, "Customer voice", st.title);
    s.label(1, 0,
            ctx.client_title() + " \u00b7 " + voice_dates(ctx) +
                " \u00b7 what customers said in survey responses beside what mystery shoppers "
                "measured; survey responses count in no other sheet of this report",
            st.note);

    const std::vector<std::string> h = {
        "Client",       "Branch",    "Branch name",        "Period",         "Responses",
        "NPS",          "Promoters", "Passives",           "Detractors",     "NPS n",
        "Survey score", "Survey n",  "Mystery-shop score", "Mystery visits", "Sample"};
    header_row(s, st, kHeaderRow, h);
    std::uint32_t row = kHeaderRow + 1;
    // Per branch: the whole range, then each period.
    for (const ReportVoice& v : ctx.in.voices)
        for (const scoring::VoicePeriodRow& whole : v.whole) {
            period_row(book, s, row++, v, whole, "Whole period");
            for (const scoring::VoicePeriodRow& p : v.periods)
                if (p.branch == whole.branch)
                    period_row(book, s, row++, v, p, p.period);
        }

    // The drivers, client by client.
    for (const ReportVoice& v : ctx.in.voices) {
        const bool nps = v.options.measure == scoring::VoiceMeasure::Nps;
        row += 1;
        s.label(row++, 0,
                "Drivers: " + v.client + " \u2014 each behaviour's mystery-shop score against " +
                    (nps ? "the customers' NPS" : "the customers' mean survey score") +
                    ", across branches",
                st.subtitle);
        s.label(row++, 0,
                "k: branches taking part (at least " + std::to_string(v.options.min_responses) +
                    " responses and " + std::to_string(v.options.min_n) +
                    " mystery visits scoring the behaviour); r: Pearson correlation (needs 4 "
                    "branches and both sides varying), its 95% interval (Fisher z), p (t test, "
                    "k - 2 df); slope: " +
                    (nps ? "NPS" : "survey score") + " points per mystery-shop score point",
                st.note);
        header_row(s, st, row++,
                   {"Behaviour", "Section id", "k", "r", "95% CI low", "95% CI high", "p", "Slope",
                    "Branches taking part"});
        for (const scoring::VoiceDriver& d : v.voice.drivers) {
            const auto title = v.section_titles.find(d.section);
            std::string part;
            for (const scoring::VoicePoint& pt : d.points)
                if (pt.part)
                    part += (part.empty() ? "" : ", ") + pt.branch;
            int c = 0;
            s.text(row, c++,
                   d.visit                           ? std::string("Visit score")
                   : title != v.section_titles.end() ? title->second
                                                     : d.section,
                   st.text);
            s.text(row, c++, d.section, st.text);
            s.number(row, c++, static_cast<double>(d.k), st.integer);
            s.number(row, c++, d.r, st.d);
            s.number(row, c++, d.ci95 ? std::optional<double>(d.ci95->lo) : std::nullopt, st.d);
            s.number(row, c++, d.ci95 ? std::optional<double>(d.ci95->hi) : std::nullopt, st.d);
            s.number(row, c++, d.p, st.p);
            s.number(row, c++, d.slope, st.d);
            s.label(row, c++, part, st.text);
            ++row;
        }
        s.label(row++, 0, v.caveat, st.bold_text);
    }
    row += 1;
    s.label(row, 0,
            "NPS = 100 \u00d7 (promoters 9\u201310 \u2212 detractors 0\u20136) / ratings, of "
            "each response's first 0\u201310 rating; survey score: the survey scorecard's "
            "score of a response. Low sample (grey): fewer responses than a branch needs to "
            "take part in the drivers. Blank: no value (no responses, no score, or too few "
            "branches).",
            st.note);
    worksheet_freeze_panes(s.raw(), kHeaderRow + 1, 0);
    print_setup(s, kHeaderRow);
    s.fit_columns(6, 40);
}

} // namespace vs::exports::report
