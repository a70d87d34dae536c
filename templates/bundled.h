#pragma once
// The scorecards that ship with VisitScore (templates/*.json, compiled in).

#include <string_view>
#include <utility>
#include <vector>

namespace vs::templates {

/// File name and JSON text of every bundled scorecard, in file-name order.
const std::vector<std::pair<std::string_view, std::string_view>>& bundled();

} // namespace vs::templates
