#pragma once
// The report dialog without windows: a client workbook (exports/client_report.h) for
// the dashboard's client and period, optionally of some branches only.

#include "app/insights/view_filter.h"
#include "exports/client_report.h"

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
scoring::FactTable only_branches(scoring::FactTable facts, const std::set<std::string>& branches);

/// Writes the workbook; returns how many visits it holds. Throws Cancelled when `progress`
/// was cancelled (nothing is left at `path`), ExportError on failure.
std::size_t write_report(storage::Store& store, const ReportRequest& request, Progress* progress);

} // namespace vs::app
