#pragma once
// Rescoring: recomputes stored visit scores that older scoring rules made (scoring::
// kRulesVersion says which rules this build computes) from each visit's stored answers and its
// template, and writes them in one transaction, with an audit entry per visit whose score moved.

#include "forms/progress.h"
#include "storage/store.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace vs::services {

struct RescoreOptions {
    bool all = false;     ///< every visit, not only those older rules scored
    bool dry_run = false; ///< compute and summarise, write nothing
    std::string who;      ///< for the audit log
};

/// One visit whose stored scores moved.
struct ScoreMove {
    std::string uuid;
    std::string template_id;
    int template_version = 0;
    int old_rules = 0;
    std::optional<double> old_score;
    std::optional<double> new_score;
    std::optional<double> old_raw;
    std::optional<double> new_raw;
    /// |new - old| of the score (of raw when the score did not move); a score that became or
    /// stopped being NA counts as 100.
    double move = 0;
};

/// What a rescore did to the visits of one template version.
struct TemplateRescore {
    std::string template_id;
    int template_version = 0;
    std::size_t checked = 0;
    std::size_t changed = 0;
    double largest_move = 0;
};

struct RescoreSummary {
    int rules = 0; ///< the rules the visits were rescored with
    bool dry_run = false;
    std::size_t checked = 0;        ///< visits recomputed
    std::size_t changed = 0;        ///< of them, visits whose scores moved (one audit entry each)
    std::vector<ScoreMove> largest; ///< the largest moves, largest first (at most 10)
    std::vector<TemplateRescore> templates; ///< per template version, by id and version
};

/// Scores that differ by less than this are the same (the last bits of floating point rounding).
inline constexpr double kScoreTolerance = 1e-9;

/// How many visits older scoring rules scored (what a rescore without `all` would check).
std::size_t visits_to_rescore(storage::Store& store);

/// A score as the audit log keeps it: the shortest text that reads back as the same double, or
/// "NA".
std::string audit_score_text(const std::optional<double>& v);

/// Recomputes the stored scores of the visits older rules scored (every visit with `all`) and,
/// unless `dry_run`, writes them with the current rules version, all in one transaction, with an
/// audit entry ("rescore", field "score", old -> new) for each visit whose score, raw score,
/// critical failures or section scores moved. A visit that cannot be rescored (its template
/// missing, its stored answers refused by today's checks) stops the rescore with the error
/// naming the visit; nothing is written. Progress counts visits; Cancelled also writes nothing.
RescoreSummary rescore(storage::Store& store, const RescoreOptions& options,
                       Progress* progress = nullptr);

} // namespace vs::services
