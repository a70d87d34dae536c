#pragma once
// The client report's computed context: every figure the sheets show, computed once from the
// report's input before anything is written. Sheets read it and never compute aggregates of
// their own (sheets.h: what the sheets learn from each other while writing).

#include "exports/client_report.h"
#include "scoring/aggregate.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace vs::exports::report {

/// A weighted section with a column of its own (union over the report's scorecards).
struct SectionCol {
    std::int32_t id = -1; ///< section dictionary id
    std::string title;
};

/// A question with an answer column on the Visits sheets.
struct QuestionCol {
    std::string id;
    std::string text;    ///< the question as the scorecard asks it; empty when it has none
    std::string section; ///< its section's title
};

/// One branch of one client: its figures and its rank within the client.
struct BranchRow {
    const scoring::VisitGroup* g = nullptr;
    std::int32_t client = -1, branch = -1, region = -1;
    std::map<std::int32_t, scoring::SectionMean> sections;
    int rank = 0;
};

/// One staff member of one client (or the client's visits with nobody identified).
struct EmployeeRow {
    const scoring::VisitGroup* g = nullptr;
    std::int32_t client = -1, employee = -1, branch = -1;
    std::map<std::int32_t, scoring::SectionMean> sections;
    std::optional<std::int32_t> weakest; ///< question dictionary id
    std::optional<double> weakest_pass;
};

/// Where one visit-sheet row's fields go.
struct VisitLayout {
    int date = 0, client = 1, region = 2, branch = 3, branch_name = 4, staff = 5, staff_name = -1;
    int scorecard = 0, version = 0, status = 0, raw = 0, score = 0, target = 0, critical = 0;
    int first_section = 0, first_question = 0, comments = 0, summary = 0, reference = 0, last = 0;
    std::vector<SectionCol> sections;       ///< weighted sections, union over scorecards
    std::vector<QuestionCol> questions;     ///< every question, union over scorecards
    std::map<std::string, int> section_col; ///< section id -> column
    std::map<std::string, int> question_col;
};

/// The question behind a question dictionary id (first scorecard that has it).
struct QuestionInfo {
    const forms::Question* q = nullptr;
    std::string section;
    std::string scorecards; ///< ids of every report scorecard that asks it, comma-separated
};

/// Every figure of the report. Built once (the constructor computes everything); the sheets
/// only read it.
struct ReportContext {
    /// Computes the report's figures; throws ExportError when the scorecards are wider than a
    /// worksheet allows for their weighted sections.
    ReportContext(const ReportInput& in, const ReportOptions& o);
    ReportContext(const ReportContext&) = delete;
    ReportContext& operator=(const ReportContext&) = delete;

    const ReportInput& in;
    const ReportOptions& o;
    const scoring::FactTable& f;
    const std::string empty; ///< what a lookup that finds nothing returns by reference

    std::set<std::int32_t> clients;                      ///< clients with visits
    std::size_t counted = 0;                             ///< visits with a score
    std::map<std::int32_t, std::size_t> template_visits; ///< visits with a score per scorecard
    std::string data_range;                              ///< first to last scored day; "" when none
    std::vector<std::int32_t> templates;                 ///< by id, then version
    std::vector<std::int32_t> branch_client, branch_region, employee_client, employee_branch;
    VisitLayout layout;
    std::vector<std::string> left_out;                  ///< question ids with no column on Visits
    std::map<std::int32_t, std::string> section_titles; ///< every section of a report scorecard
    std::vector<scoring::VisitGroup> overall, branch_groups, employee_groups, client_months,
        branch_months;
    std::vector<scoring::QuestionGroup> questions; ///< weakest first, low samples last
    std::map<int, std::string> months;             ///< period index -> "YYYY-MM"
    std::vector<BranchRow> branch_rows;            ///< by client, then rank
    std::vector<EmployeeRow> employee_rows;        ///< by client, home branch, then mean
    std::map<std::int32_t, QuestionInfo> question_info;
    std::vector<const ReportTraining*> trainings; ///< of the report's clients
    std::string pseudonym_key; ///< options' key, or a random one for this report only

    /// True when staff pseudonyms use a key made for this report only (none was given).
    bool one_off_key() const { return o.pseudonymise_staff && o.pseudonym_key.empty(); }
    /// Who the report is for: the options' client, or the clients in the data.
    std::string client_title() const;
    /// The requested period, or the dates of the data.
    std::string period_text() const;
    /// A staff code as the report shows it: the code, or its pseudonym.
    std::string staff_label(const std::string& client, const std::string& code) const;
    /// When the report was made: the options' time, or now (UTC).
    std::string generated_at() const;
    /// What the Visits sheet leaves out of a scorecard wider than a worksheet.
    std::string left_out_text() const;
    /// The last branch row of a client (its weakest).
    const BranchRow* last_branch_of(std::int32_t client) const;
    /// The client's all-branches group; nullptr when it has none.
    const scoring::VisitGroup* overall_of(std::int32_t client) const;

  private:
    void compute();
    void layout_visits();
};

/// "1,234".
std::string thousands(std::size_t n);

} // namespace vs::exports::report
