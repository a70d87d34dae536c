#pragma once
// The branch view and the employee card without windows: for the dashboard's client
// and period, a branch's staff with their monthly sparkline, its consistency and weakest
// behaviours; an employee's scores over time, sections against branch and client, weakest
// questions with the shoppers' comments, and the trainings attended with before/after.

#include "app/insights/dashboard_model.h"
#include "scoring/training.h"

namespace vs::app {

/// A question's answers in a group, weakest first in the lists below.
struct QuestionRow {
    std::int32_t id = -1; ///< into FactTable::question_ids
    std::string section;  ///< section title
    std::string text;
    scoring::QuestionGroup g;
    std::vector<storage::QuestionComment> comments; ///< employee card only
};

struct BranchFigures {
    std::string code;
    std::string label;
    scoring::Measures m;
    std::optional<double> consistency; ///< sd of its employees' means
    std::optional<double> trend;
    std::vector<std::string> months; ///< the sparkline columns, oldest first
    std::vector<RankRow> employees;  ///< best mean first
    std::vector<std::vector<std::optional<double>>> sparklines; ///< per employee, per month
    std::vector<QuestionRow> weakest; ///< lowest pass rate first (n >= min_n)
};

/// A section's mean for the employee, their branch and the client.
struct SectionCompare {
    std::int32_t id = -1;
    std::string title;
    scoring::Measures employee;
    std::optional<double> branch;
    std::optional<double> client;
};

/// A training the employee attended: their own visits before and after (the trained group
/// is the employee alone; the control group is everyone else of the client).
struct TrainingAttended {
    storage::Training training;
    scoring::TrainingEffect effect;
};

struct EmployeeFigures {
    std::string code;
    std::string label;
    std::string branch; ///< home branch code (organisation), else where most visits were
    std::string branch_label;
    scoring::Measures m;
    std::optional<double> trend;
    std::vector<TrendPoint> monthly;
    std::vector<SectionCompare> sections;
    std::vector<QuestionRow> weakest;
    std::vector<TrainingAttended> trainings;
};

/// Months of the filter's period (or of the facts when unbounded), oldest first.
std::vector<std::pair<int, std::string>> months_of(const scoring::FactTable& facts,
                                                   const ViewFilter& filter);

/// Questions of the groups whose keys equal `keys`, weakest pass rate first, n >= min_n,
/// at most `limit`.
std::vector<QuestionRow> weakest_questions(const scoring::FactTable& facts,
                                           const std::vector<scoring::QuestionGroup>& groups,
                                           const std::vector<std::int32_t>& keys, std::size_t min_n,
                                           std::size_t limit);

/// The branch view from facts loaded with questions.
BranchFigures build_branch_view(const scoring::FactTable& facts, const ViewFilter& filter,
                                const OrgNames& names, const std::string& branch,
                                std::size_t weakest = 8);

/// The employee card from facts loaded with questions; comments and trainings come from `store`.
EmployeeFigures build_employee_view(storage::Store& store, const scoring::FactTable& facts,
                                    const ViewFilter& filter, const OrgNames& names,
                                    const std::string& employee, std::size_t weakest = 6,
                                    int window_days = 90);

/// Facts of the filter with per-question values (what the branch view and the card need).
std::shared_ptr<const scoring::FactTable> load_question_facts(storage::Store& store,
                                                              const ViewFilter& filter);

} // namespace vs::app
