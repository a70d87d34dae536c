#pragma once
// The Recognition page without windows: the visits and staff of one client and period that went
// beyond the scorecard (services/recognition.h), for the client to thank, as the client may see
// them (services/recognition_view.h: never the shopper; staff by pseudonym when asked), each
// with the visit's id to open it and the section's title or the question's text; the list's
// cells, counts and the selected row in words. No wx.

#include "scoring/recognition.h"
#include "storage/store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::app {

/// What the page lists.
struct RecognitionQuery {
    std::string client;
    std::optional<int> from_day; ///< inclusive local day numbers; none: no bound
    std::optional<int> to_day;
    bool pseudonymise_staff = false; ///< staff as the client workbook's pseudonyms, no names
};

/// One row of the page.
struct RecognitionRow {
    scoring::Recognition recognition; ///< hidden as the client workbook hides people
    std::int64_t visit_id = 0;        ///< 0 when the visit cannot be looked up
    std::string where; ///< the section's title, the commented question's text, or "summary"
};

/// The recognitions of `query` by visit date. vs::InputError naming "client" (none chosen, or
/// not a client of the database), "to" (before "from") or "pseudonymise staff" (no key to make
/// the pseudonyms with).
std::vector<RecognitionRow> recognition_rows(storage::Store& store, const RecognitionQuery& query);

/// The columns of the list, in order (the client workbook's Recognition sheet's words).
enum class RecognitionColumn { Date, Branch, Staff, For, Where, Why };
inline constexpr int kRecognitionColumns = 6;
/// "Visit date", "Branch", "Staff", "Recognised for", "Section or comment", "Why".
std::string recognition_column_title(RecognitionColumn column);
/// What a cell shows: the staff member as "E1 Ann Able" (or the pseudonym alone, "—" when the
/// visit names no one), "perfect section" or "praised in a comment".
std::string recognition_cell(const RecognitionRow& row, RecognitionColumn column);
/// "3 recognitions of 2 staff members: 2 perfect sections, 1 praise in a comment", or that
/// nothing in the period went beyond the scorecard.
std::string recognition_counts_text(const std::vector<RecognitionRow>& rows);
/// The selected row in full: the visit, the staff member, why, and the shopper's sentence.
std::string recognition_detail(const RecognitionRow& row);

} // namespace vs::app
