#pragma once
// Customer survey responses from a survey tool's own CSV export (SCORING.md §10), through a
// column mapping (docs/survey-import.md, "visitscore.survey-mapping/1"): which column is the
// branch, the date, the employee and the response id, and for each question its column and how
// the tool's values become answers. A client's mapping is kept in the database's settings and
// reused. Rows become visits of the mapped survey scorecard and go through the visit import
// (storage::Store::import_visit_stream): all or nothing, idempotent by a uuid made from the
// response id (or the row).

#include "forms/error.h"
#include "forms/progress.h"
#include "storage/store.h"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vs::services {

/// The mapping file's format tag.
inline constexpr std::string_view kSurveyMappingFormat = "visitscore.survey-mapping/1";

/// One question's column and value map.
struct SurveyQuestionMap {
    std::string question; ///< the scorecard's question id
    std::string column;   ///< the header cell of its column in the export
    /// The tool's text (trimmed) -> the answer's text: an option id, yes/no, a number, "na".
    /// Empty: the cell is the answer's text itself.
    std::map<std::string, std::string, std::less<>> values;
};

/// A survey tool's export, column by column (docs/survey-import.md).
struct SurveyMapping {
    std::string scorecard; ///< a template whose channel is "survey"
    int version = 0;
    std::string branch_column;      ///< the branch's code
    std::string date_column;        ///< when the response was given (local time)
    std::string date_format;        ///< strptime-style: %Y %m %d %H %M %S, e.g. "%d/%m/%Y %H:%M"
    std::string employee_column;    ///< optional: the employee's code
    std::string response_id_column; ///< optional: the tool's id of the response
    std::vector<std::string> not_answered; ///< cells (trimmed) that leave a question unanswered
    std::vector<std::string> na;           ///< cells (trimmed) that answer NA
    std::vector<SurveyQuestionMap> questions;
};

/// The date format when a mapping gives none: "2026-11-03 14:05:00".
inline constexpr std::string_view kDefaultSurveyDateFormat = "%Y-%m-%d %H:%M:%S";

/// Parses a mapping (JSON text); throws InputError naming `file` and the key.
SurveyMapping parse_survey_mapping(std::string_view json_text, const std::string& file);
/// The mapping as JSON text (what parse_survey_mapping reads back to the same mapping).
std::string survey_mapping_json(const SurveyMapping& mapping);

/// The settings key of a client's mapping.
std::string survey_mapping_key(const std::string& client);
/// The client's saved mapping, or none.
std::optional<SurveyMapping> saved_survey_mapping(storage::Store& store, const std::string& client);
/// Checks `mapping` against the client (it must exist) and its scorecard (stored, channel
/// survey; every question and value an answer of it) and saves it as the client's mapping.
/// InputError naming the key of what is wrong; nothing stored then.
void save_survey_mapping(storage::Store& store, const std::string& client,
                         const SurveyMapping& mapping, const std::string& file = "mapping");
/// Forgets the client's mapping; false when it had none.
bool remove_survey_mapping(storage::Store& store, const std::string& client);

/// One refused cell or row: "line 17, column 'Q3 Friendly'" and what is wrong.
struct SurveyProblem {
    std::string where;
    std::string message;
};

/// A refused export: every problem found (up to kMaxSurveyProblems listed) after checking every
/// row. message() (and what(), after the file) counts them and lists them one a line.
class SurveyRefused : public InputError {
  public:
    SurveyRefused(const std::string& file, std::vector<SurveyProblem> problems, std::size_t total);
    const std::vector<SurveyProblem>& problems() const { return m_problems; }
    /// All problems found, including those not listed.
    std::size_t total() const { return m_total; }

  private:
    std::vector<SurveyProblem> m_problems;
    std::size_t m_total = 0;
};

/// Problems listed in a refusal at most (all are counted).
inline constexpr std::size_t kMaxSurveyProblems = 100;

struct SurveyImportReport {
    std::size_t rows = 0;      ///< responses in the export
    std::size_t added = 0;     ///< 0 on a dry run
    std::size_t unchanged = 0; ///< already stored; 0 on a dry run
};

/// Imports the survey export `csv_text` (read from `file`) for `client` through `mapping`: every
/// row checked (SurveyRefused listing the problems, nothing written), then stored all or nothing
/// as approved survey responses. With `dry_run` nothing is stored: the rows are checked and
/// scored only. Progress counts bytes.
SurveyImportReport import_survey_csv(storage::Store& store, const std::string& client,
                                     const SurveyMapping& mapping, std::string_view csv_text,
                                     const std::string& file, bool dry_run = false,
                                     Progress* progress = nullptr);

} // namespace vs::services
