#pragma once
// The Disputes page without windows: the dispute points of released visits read through a
// filter (client, status) with each question's text from its visit's scorecard, their cells and
// counts; the answers as a person reads them; the questions of a released visit that may still
// be disputed; who may open and who may decide (ROLES.md), and why an arbiter is refused; the
// statistics per client, branch or shopper as the page shows them. No wx.

#include "app/shell/account_rights.h"
#include "forms/template.h"
#include "services/disputes.h"
#include "storage/store.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vs::app {

/// What an account may do with disputes: a client account opens on its own client's released
/// visits, the consultancy opens on a client's behalf and decides; a shopper does neither.
struct DisputeRights {
    bool open = false;
    bool decide = false;
};
DisputeRights dispute_rights(AccountRole role);

/// One row of the Disputes page.
struct DisputeRow {
    storage::Dispute dispute;
    std::string question_text; ///< as the visit's scorecard words it (the id when unknown)
    std::string disputed;      ///< the answer disputed, as a person reads it
    std::string proposed;
    std::string standing; ///< the answer that stands after the decision ("" while open)
};

/// The columns of the list, in order.
enum class DisputeColumn { Visit, Branch, Question, Disputed, Proposed, Reason, Status, Decision };
inline constexpr int kDisputeColumns = 8;
/// A column's header ("Visit", "Branch", "Question", …).
std::string dispute_column_title(DisputeColumn column);

/// The points `filter` selects (by id), with their questions' text.
std::vector<DisputeRow> dispute_rows(storage::Store& store, const storage::DisputeFilter& filter);
/// What a cell shows: the visit's date, the question's text, the answers as read, the status
/// ("open", "decided"), the decision ("partly accepted: 2 — reason", "" while open).
std::string dispute_cell(const DisputeRow& row, DisputeColumn column);
/// "open", "accepted", "partly accepted" or "rejected".
std::string decision_label(const storage::Dispute& dispute);
/// "12 dispute points: 3 open, 9 decided (5 overturned)".
std::string dispute_counts_text(const std::vector<DisputeRow>& rows);

/// An answer stored as JSON text as a person reads it for `question` (null: none): "yes", "N/A",
/// an option's label, a checklist's labels joined, a number; "—" when there is none.
std::string answer_label(const forms::Question* question, const std::string& json);

/// A question of a released visit, and whether it may be disputed now.
struct DisputableQuestion {
    const forms::Question* question = nullptr; ///< into DisputableVisit::tpl
    std::string section;                       ///< its section's title
    std::string answer;                        ///< the visit's answer as read
    std::string answer_json;                   ///< as stored ("" none)
    bool open_point = false;                   ///< a point on it is open already
};

/// A released visit as the dispute dialog shows it.
struct DisputableVisit {
    std::string uuid;
    std::string label; ///< "2026-03-02 · B01 Main Street · Service v1"
    std::shared_ptr<const forms::Template> tpl;
    std::vector<DisputableQuestion> questions; ///< in the scorecard's order
    std::size_t points = 0;                    ///< points the visit has in all
    int max_points = 0;                        ///< dispute.max_per_visit
};
/// The visit `visit_id` for the dispute dialog. vs::InputError on "visit" when it is not
/// released (approved), as opening a point would say.
DisputableVisit disputable_visit(storage::Store& store, std::int64_t visit_id);

/// Why `who` may not decide `dispute` ("" when they may): the point is decided, or they made
/// the visit's approval.
std::string decide_refusal_text(storage::Store& store, const storage::Dispute& dispute,
                                const std::string& who);

/// One row of the statistics table.
struct DisputeStatsRow {
    std::string key;
    std::string released, rate, decided, overturned, changed, median_days;
};
/// The statistics of a client's released visits (every client when empty) by `group`, as shown:
/// counts, "4.0%" rates, "2.5" days, "—" when there is nothing to divide; the most disputed
/// groups first, then by key.
std::vector<DisputeStatsRow> dispute_stats_rows(storage::Store& store, const std::string& client,
                                                services::DisputeGroup group);
/// The headers of the statistics table ("Client"/"Branch"/"Shopper", "Released", …).
std::vector<std::string> dispute_stats_titles(services::DisputeGroup group);

} // namespace vs::app
