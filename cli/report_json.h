#pragma once
// The JSON shapes of `report --json` and `visits score --json` (FORMATS.md).

#include "scoring/aggregate.h"
#include "storage/store.h"

#include <nlohmann/json.hpp>

namespace vs::cli {

/// One `report --json` group of visits or sections.
nlohmann::ordered_json group_json(const scoring::FactTable& facts,
                                  const scoring::AggregateSpec& spec, const scoring::VisitGroup& g,
                                  const char* item_key);
/// One `report --by question --json` group.
nlohmann::ordered_json question_json(const scoring::FactTable& facts,
                                     const scoring::AggregateSpec& spec,
                                     const scoring::QuestionGroup& g);
/// One visit of `visits score --json`.
nlohmann::ordered_json visit_score_json(const storage::VisitScoreRow& row);

/// A number, or null for NA.
nlohmann::ordered_json opt(const std::optional<double>& value);
/// [lo, hi], or null.
nlohmann::ordered_json opt(const std::optional<scoring::Interval>& value);

} // namespace vs::cli
