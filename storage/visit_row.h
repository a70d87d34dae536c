#pragma once
// Internal to the SQLite backend: the stored columns of a scored visit, bound in one place for
// both import and the app's draft saves.

#include "storage/prepare.h"

#include <SQLiteCpp/Statement.h>
#include <cstdint>

namespace vs::storage {

/// Organisation and template rows a visit points at (0 means NULL for region, employee and
/// shopper).
struct VisitRowIds {
    std::int64_t tmpl = 0;
    std::int64_t client = 0;
    std::int64_t region = 0;
    std::int64_t branch = 0;
    std::int64_t employee = 0;
    std::int64_t shopper = 0;
};

/// Binds template_id, client_id, region_id, branch_id, employee_id, shopper_id, visited_at, day,
/// status, calibration, reference, summary, answers, comments, raw, score, applicable, critical,
/// critical_failures, target, nps, source_hash, scoring_rules (scoring::kRulesVersion) — in
/// that order — from position `n`; returns the next position. `p` must outlive the statement's
/// execution. The score arrays go to visit_scores (write_visit_scores in sqlite_common.h).
int bind_visit_columns(SQLite::Statement& st, int n, const VisitRowIds& ids, const PreparedVisit& p,
                       double target);

} // namespace vs::storage
