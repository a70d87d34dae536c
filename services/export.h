#pragma once
// Writing stored visits out, as both front ends do it: the client report workbook
// (exports/client_report.h) over the store's visits, trainings and the database's pseudonym
// key, optionally of some branches only; and the visits CSV (exports/visits_csv.h).

#include "forms/progress.h"
#include "scoring/facts.h"
#include "storage/store.h"

#include <cstddef>
#include <set>
#include <string>

namespace vs::services {

struct ClientReportRequest {
    /// The visits reported: its client and period (the workbook counts approved visits only).
    storage::VisitFilter filter;
    std::set<std::string> branches; ///< branch codes; empty: every branch
    bool pseudonymise_staff = false;
    std::string logo;      ///< PNG or JPEG for the Summary sheet, or ""
    std::size_t min_n = 3; ///< fewer visits is a low sample
    std::string path;      ///< the .xlsx to write
};

struct ClientReportResult {
    std::size_t visits = 0; ///< visits in the workbook
    /// Pseudonymised without the database's key: a read-only database that has none yet. The
    /// workbook says so; its pseudonyms match no other report's.
    bool pseudonyms_unkeyed = false;
};

/// The facts of the given branches only (all when `branches` is empty).
scoring::FactTable only_branches(scoring::FactTable facts, const std::set<std::string>& branches);

/// Writes the client workbook. The pseudonyms' secret is the database's own (made on first use;
/// none on a read-only database that has none yet). Throws Cancelled when `progress` was
/// cancelled (nothing is left at `path`), ExportError on failure.
ClientReportResult write_client_report(storage::Store& store, const ClientReportRequest& request,
                                       Progress* progress = nullptr);

/// Writes one row per visit the filter covers, with every answer and score, to `path`; returns
/// how many visits it holds.
std::size_t write_visits_csv(storage::Store& store, const storage::VisitFilter& filter,
                             const std::string& path, Progress* progress = nullptr);

} // namespace vs::services
