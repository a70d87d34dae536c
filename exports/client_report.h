#pragma once
// The client report: one .xlsx workbook a consultancy can send to its client as it is.
//
// Sheets: Summary, Branches, Employees, Behaviours, Trend, Training (when trainings exist),
// Disputes (when the visits have dispute points), Recognition (when visits or staff went beyond
// the scorecard), Customer voice (when the client has customer survey responses: they count in
// no other sheet), Visits (continued on "Visits (2)" … past Excel's row limit) and Method. Every
// figure comes from the scoring library; on Branches, n and mean are COUNTIFS/AVERAGEIFS formulas
// over the Visits sheets with the computed values cached (codes compared exactly, recalculated on
// open). Shoppers never appear, not even in typed text, whatever its case or Unicode form
// (redact.h); staff can be pseudonymised. The whole workbook streams
// (libxlsxwriter constant_memory), so memory stays flat with size.

#include "exports/visit_record.h"
#include "forms/progress.h"
#include "scoring/facts.h"
#include "scoring/recognition.h"
#include "scoring/voice.h"
#include "scoring/voice_facts.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vs::exports {

/// A training record, as plain data (FORMATS.md "Training records").
struct ReportTraining {
    std::string id;
    std::string title;
    std::string date; ///< YYYY-MM-DD
    std::string client;
    std::vector<std::string> employees; ///< codes
    std::vector<std::string> sections;  ///< section ids; empty means the visit score
};

/// One dispute point of a visit in the report, as plain data: never the shopper.
struct ReportDispute {
    std::string visited_at; ///< the visit's local date and time
    std::string client;
    std::string branch; ///< code
    std::string question;
    /// The disputed visit's id (FactTable::VisitFact::visit_id): its scorecard version words the
    /// question. 0 when unknown (the text is then any report scorecard's).
    std::int64_t visit_id = 0;
    std::string original_answer; ///< JSON text, as stored
    std::string proposed_answer;
    std::string reason;
    std::string opened_at; ///< UTC, ISO 8601
    std::string status;    ///< open | decided
    std::string decision;  ///< accepted | partly | rejected; "" while open
    std::string decided_answer;
    std::string decision_reason;
    std::string decided_at; ///< UTC, ISO 8601; "" while open
};

/// One client's customer voice (SCORING.md §10), computed by the caller from the client's survey
/// responses and mystery visits: what its branches' customers say beside the mystery-shop score,
/// and which behaviours go with it across branches. Never the responses themselves.
struct ReportVoice {
    std::string client;
    scoring::VoiceOptions options;
    scoring::Voice voice;                              ///< per branch, and the drivers
    std::vector<scoring::VoicePeriodRow> whole;        ///< per branch over the report's range
    std::vector<scoring::VoicePeriodRow> periods;      ///< per branch and `period`
    std::string period = "Quarter";                    ///< what `periods` are, for the header
    std::map<std::string, std::string> section_titles; ///< section id -> title
    std::map<std::string, std::string> branch_names;   ///< code -> name
    std::string caveat; ///< the plain words: association, not proof of cause
    /// The first and last day (forms days) of the survey responses and mystery visits read;
    /// nullopt when there are none.
    std::optional<std::int32_t> first_day, last_day;
};

/// What the report is made from. `facts` and `visits` must cover the same visits (the caller
/// loads both with one filter, normally approved visits of one client and period); the writer
/// checks that they agree.
struct ReportInput {
    const scoring::FactTable* facts = nullptr; ///< with questions (FactTable::has_questions)
    VisitSource visits;                        ///< the same visits with details, in date order
    std::vector<ReportTraining> trainings;     ///< shown when some belong to the report's clients
    std::vector<ReportDispute> disputes;       ///< a Disputes sheet when there are any
    /// A Recognition sheet when there are any (scoring::recognise over the report's visits).
    std::vector<scoring::Recognition> recognitions;
    /// A Customer voice sheet when any client here has survey responses (one entry each).
    std::vector<ReportVoice> voices;
};

struct ReportOptions {
    std::string client;          ///< who the report is for; empty: the clients in the data
    std::optional<int> from_day; ///< the requested range, for the Summary and Method
    std::optional<int> to_day;
    bool pseudonymise_staff = false; ///< staff as "Staff XXXXXX" (see pseudonym.h), no names
    /// The secret of the pseudonyms (the database's own key). Empty: made without one, with a
    /// random key for this report only; the workbook says so on its Summary and Method sheets,
    /// and its pseudonyms match no other report's.
    std::string pseudonym_key;
    std::string logo;         ///< PNG, JPEG, GIF or BMP for the Summary; empty: none
    std::size_t min_n = 3;    ///< fewer visits is a low sample
    int training_window = 90; ///< days before and after a training
    std::uint32_t max_rows_per_sheet = 1048576; ///< Excel's limit (tests lower it)
    std::string generated_at;                   ///< shown on Summary and Method; empty: now (UTC)
};

/// Writes the workbook to `path` (through a temporary file renamed on success). Reports progress
/// and honours cancellation (throws Cancelled). Throws ExportError on failure.
void write_client_report(const std::string& path, const ReportInput& input,
                         const ReportOptions& options, Progress* progress = nullptr);

} // namespace vs::exports
