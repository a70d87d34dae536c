#pragma once
// An assignment as JSON: one shape for the assignment bundle (docs/bundles.md) and
// `visitscore-cli assign list --json`.

#include "storage/assignment_store.h"

#include <nlohmann/json.hpp>

namespace vs::services {

/// `a` in the shape docs/bundles.md gives an assignment bundle's entries: uuid, client, branch,
/// template, template_version, scenario, window_from, window_to, shopper ("" when none),
/// status (the effective one), note, and fee_cents only when the account may read the fee.
nlohmann::ordered_json assignment_to_json(const storage::Assignment& a);

} // namespace vs::services
