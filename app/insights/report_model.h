#pragma once
// The report dialog without windows: a client workbook for the dashboard's client and period,
// optionally of some branches only, written by services/export.h (as `export xlsx` writes it).

#include "app/insights/view_filter.h"
#include "forms/progress.h"
#include "services/export.h"

#include <set>

namespace vs::app {

struct ReportRequest {
    ViewFilter filter;
    std::set<std::string> branches; ///< branch codes; empty: every branch
    bool pseudonymise_staff = false;
    std::string logo; ///< image file, or ""
    std::string path; ///< the .xlsx to write
};

/// The facts of the given branches only (all when `branches` is empty).
using services::only_branches;

/// Writes the workbook; returns how many visits it holds. Throws Cancelled when `progress`
/// was cancelled (nothing is left at `path`), ExportError on failure.
std::size_t write_report(storage::Store& store, const ReportRequest& request, Progress* progress);

} // namespace vs::app
