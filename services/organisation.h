#pragma once
// Organisation import: a CSV file of clients, regions, branches, employees or shoppers read,
// checked row by row (errors name the file and line) and handed to the store as a list of
// checked rows that it writes all-or-nothing.

#include "storage/store.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vs::services {

/// The columns a CSV of `kind` must have (the key columns, never empty in a row): Client: name ·
/// Region: client, name · Branch, Employee, Shopper: client, code.
std::vector<std::string> required_org_columns(storage::OrgKind kind);

/// Reads organisation CSV text: a header row (names case-insensitive; see storage::OrgKind for
/// the columns; others are ignored), then one entity per row. InputError naming `file` and the
/// line for an empty file, a missing column or an empty key cell.
std::vector<storage::OrgImportRow>
parse_organisation_csv(storage::OrgKind kind, std::string_view csv_text, const std::string& file);

/// Imports organisation CSV text all-or-nothing: rows are checked first, then written in one
/// transaction (a known entry by its key is updated: a non-empty name renames it, a branch's
/// region or an employee's branch is found or created and linked). Returns how many rows were
/// added or updated.
std::size_t import_organisation_csv(storage::Store& store, storage::OrgKind kind,
                                    std::string_view csv_text, const std::string& file);

} // namespace vs::services
