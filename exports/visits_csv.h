#pragma once
// `export csv`: one row per visit (FORMATS.md): uuid, template, template_version, client,
// region, branch, employee, shopper, visited_at, status, one column per question id (checklists
// joined with ';'; a checklist answered with no option holds kNoOptions, an unanswered question
// nothing), then raw, score and SECTION_score for each section. RFC 4180 quoting, CRLF line
// ends, UTF-8 without a byte-order mark; every field goes through forms' one field writer, which
// guards against formula injection (numbers that the export writes itself are plain numbers).
// No two columns share a name (unique_columns). Shoppers appear only in the shopper column: their
// names and codes elsewhere (typed answers) become "[shopper]" (redact.h); staff are not
// pseudonymised here.

#include "exports/visit_record.h"
#include "forms/csv.h"
#include "forms/progress.h"
#include "forms/template.h"

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vs::exports {

/// The cell of a checklist answered with no option (forms' CSV reader reads it back).
inline constexpr std::string_view kNoOptions = forms::kNoOptionsCell;

/// Column names made unique in order: a name already taken gets "_2", "_3", … (a question id
/// equal to a visit field or to a section's SECTION_score, say).
std::vector<std::string> unique_columns(const std::vector<std::string>& wanted);

// RFC 4180 fields and shortest round-trip numbers: the one CSV writer of forms/csv.h.
using forms::append_csv_field;
using forms::number_text;

/// Writes the CSV to `out`. `templates` give the question and section columns (in their order,
/// each id once); `total` is the expected number of visits for progress (0 when unknown).
void write_visits_csv(std::ostream& out,
                      const std::vector<std::shared_ptr<const forms::Template>>& templates,
                      const VisitSource& visits, Progress* progress = nullptr,
                      std::size_t total = 0);

/// The same into a file, written to a temporary file and renamed on success.
void write_visits_csv_file(const std::string& path,
                           const std::vector<std::shared_ptr<const forms::Template>>& templates,
                           const VisitSource& visits, Progress* progress = nullptr,
                           std::size_t total = 0);

} // namespace vs::exports
