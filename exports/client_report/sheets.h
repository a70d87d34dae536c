#pragma once
// The client report's sheets: one writer per sheet, each in its own file of this folder, all
// over one computed context (context.h) and one workbook being written (ReportBook).
// client_report.cpp makes the sheets in tab order and calls the writers in the order their
// references need: Visits first (it streams the visits and learns the names of branches and
// staff), Branches before Summary (the ranking chart reads its rows), Trend before Summary (the
// trend chart reads its rows).
//
// A new sheet: a file here with its `write_…(ReportBook&, Sheet&)`, declared below, listed in
// exports/CMakeLists.txt, and one call in client_report.cpp.

#include "exports/client_report/context.h"
#include "exports/client_report/styles.h"
#include "exports/redact.h"
#include "exports/xlsx.h"
#include "forms/progress.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace vs::exports::report {

/// Said on Summary and Method when pseudonyms were made with a key for this report only.
inline constexpr const char* kOneOffKeyNote =
    "Staff pseudonyms in this report were made without a secret key, with a random key used for "
    "this report only: they do not match the pseudonyms of any other report.";

/// Names of branches and staff, learned while the visits stream.
struct Names {
    std::map<std::pair<std::string, std::string>, std::string> branches;  ///< (client, code)
    std::map<std::pair<std::string, std::string>, std::string> employees; ///< (client, code)
};

/// Rows of the Trend sheet the Summary's chart refers to.
struct TrendRows {
    std::string sheet;
    std::uint32_t header = 0;
    int first_month = 0, last_month = 0;
    std::map<std::int32_t, std::uint32_t> all, target; ///< per client
};

/// The workbook being written and what its sheets learn from each other while writing.
struct ReportBook {
    ReportBook(const ReportContext& context, Workbook& workbook, const Styles& styles,
               Progress* progress_)
        : ctx(context), wb(workbook), st(styles), progress(progress_) {}

    const ReportContext& ctx;
    Workbook& wb;
    const Styles& st;
    Progress* progress;

    /// Every string of the workbook goes through it (Workbook::safe): shoppers become
    /// "[shopper]", pseudonymised staff their pseudonym.
    Redactor redact;
    Names names; ///< filled by the Visits sheets

    std::vector<std::unique_ptr<Sheet>> visit_sheets; ///< "Visits", "Visits (2)", …
    std::vector<std::uint32_t> visit_rows; ///< last data row written on each Visits sheet

    std::string branches_sheet;                          ///< set by write_branches
    std::map<const BranchRow*, std::uint32_t> branch_at; ///< its row on Branches
    TrendRows trend;                                     ///< set by write_trend

    /// A branch's name as the visits gave it; "" when unknown.
    const std::string& branch_name(std::int32_t branch) const;
    /// A table's title (row 0) and its note (row 1: client, period and `note`).
    void table_top(Sheet& s, const std::string& title, const std::string& note) const;
};

/// Every string of the workbook goes through the book's redactor from now on: shoppers' codes
/// (all known now) and, with pseudonymised staff, staff codes; names are added as the visits
/// stream, before their visit's row is written.
void start_anonymisation(ReportBook& book);

/// Visits, continued on "Visits (2)" … past `max_rows_per_sheet`: one row per visit, streamed;
/// adds its sheets to the workbook as they fill. Throws when the visits streamed are not the
/// visits counted.
void write_visits(ReportBook& book);
/// Branches: one row per branch, n and mean as formulas over the Visits sheets.
void write_branches(ReportBook& book, Sheet& s);
/// Staff: one row per staff member, with the weakest behaviour.
void write_employees(ReportBook& book, Sheet& s);
/// Behaviours: one row per question, weakest first, a chart of the ten weakest.
void write_behaviours(ReportBook& book, Sheet& s);
/// Trend: monthly means per client and branch, with a chart.
void write_trend(ReportBook& book, Sheet& s);
/// Training: the effect of each training of the report's clients.
void write_training(ReportBook& book, Sheet& s);
/// Disputes: each dispute point of the report's visits, with its decision; never the shopper.
void write_disputes(ReportBook& book, Sheet& s);
/// Recognition: the visits and staff that went beyond the scorecard, for the client to thank;
/// never the shopper, staff pseudonymised when the report is.
void write_recognition(ReportBook& book, Sheet& s);
/// Customer voice: per branch and period what its customers said beside its mystery-shop score,
/// and the drivers with the caveat; never a survey response itself.
void write_voice(ReportBook& book, Sheet& s);
/// Summary: headline figures per client, the trend and ranking charts, the logo.
void write_summary(ReportBook& book, Sheet& s);
/// Method: how the numbers are made.
void write_method(ReportBook& book, Sheet& s);

/// The logo's bytes; throws InputError naming the file unless it is a readable image of a type
/// the workbook can hold (libxlsxwriter's own complaints would only reach stderr).
std::vector<unsigned char> read_logo(const std::string& path);

} // namespace vs::exports::report
