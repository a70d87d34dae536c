#pragma once
// How stored things are named on screen, made once for every backend from the separate codes
// and names a backend reads: "CODE Name" for branches, employees and shoppers, "Name v2" for a
// scorecard version.

#include "storage/visit_store.h"

#include <string>

namespace vs::storage {

/// "CODE Name", or the code alone when the name is empty; "" when both are.
std::string code_and_name(const std::string& code, const std::string& name);
/// A scorecard version as people see it: "Name v2".
std::string scorecard_label(const std::string& name, int version);
/// Fills a visit list row's display fields (branch, employee, shopper, scorecard) from the
/// codes, names and scorecard the backend read.
void label_visit_row(VisitListRow& row);

} // namespace vs::storage
