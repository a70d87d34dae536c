// Display strings of stored things (labels.h), and the part of VisitStore::visit_rows that
// every backend shares: reading is the backend's (read_visit_rows), naming is done here once.

#include "storage/labels.h"

namespace vs::storage {

std::string code_and_name(const std::string& code, const std::string& name) {
    return name.empty() ? code : code + " " + name;
}

std::string scorecard_label(const std::string& name, int version) {
    return name + " v" + std::to_string(version);
}

void label_visit_row(VisitListRow& row) {
    row.branch = code_and_name(row.branch_code, row.branch_name);
    row.employee = code_and_name(row.employee_code, row.employee_name);
    row.shopper = code_and_name(row.shopper_code, row.shopper_name);
    row.scorecard = row.scorecard_version > 0
                        ? scorecard_label(row.scorecard_name, row.scorecard_version)
                        : std::string();
}

std::vector<VisitListRow> VisitStore::visit_rows(const std::vector<std::int64_t>& ids) {
    std::vector<VisitListRow> rows = read_visit_rows(ids);
    for (VisitListRow& row : rows)
        label_visit_row(row);
    return rows;
}

} // namespace vs::storage
