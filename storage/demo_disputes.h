#pragma once
// The demo's dispute points dated as a consultancy's would be (visitscore-cli demo): the demo
// opens and decides them through the dispute rules in one run, so the stores stamp them all with
// the same second; these dates spread them over the days after each visit's release.

#include <cstdint>
#include <string>
#include <vector>

namespace vs::storage {

/// When a dispute point was opened and, once decided, decided (UTC, YYYY-MM-DDTHH:MM:SSZ;
/// decided_at "" keeps an open point open).
struct DisputeDates {
    std::int64_t id = 0;
    std::string opened_at;
    std::string decided_at;
};

/// Writes `dates` to the dispute points they name, in one transaction, in the database at
/// `location` (a SQLite file or a server URI, as open_store takes it). For the demo only: on a
/// server the account must be an admin, and a decided point's row, fixed for everyone else
/// (visitscore_dispute_rules), is rewritten as the admin's purge rewrites it. StorageError, nothing
/// written, when a point is unknown or a date is not of that form.
void date_demo_disputes(const std::string& location, const std::vector<DisputeDates>& dates);

} // namespace vs::storage
