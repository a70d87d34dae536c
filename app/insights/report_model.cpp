#include "app/insights/report_model.h"

namespace vs::app {

std::size_t write_report(storage::Store& store, const ReportRequest& request, Progress* progress) {
    services::ClientReportRequest r;
    r.filter = request.filter.visit_filter();
    r.branches = request.branches;
    r.pseudonymise_staff = request.pseudonymise_staff;
    r.logo = request.logo;
    r.min_n = request.filter.min_n;
    r.path = request.path;
    return services::write_client_report(store, r, progress).visits;
}

} // namespace vs::app
