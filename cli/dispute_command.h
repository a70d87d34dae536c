#pragma once
// `visitscore-cli dispute`: disputes of released visits, opened per question, listed, decided by
// an arbiter, and their statistics (services/disputes.h, docs/disputes.md).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace CLI {
class App;
}
namespace vs::storage {
class Store;
}

namespace vs::cli {

/// Adds the `dispute` command to `app`; when it runs it sets `action`. `db` is read when the
/// action runs (after parsing).
void add_dispute_command(CLI::App& app, const std::string& db, std::function<int()>& action);

/// The demo's disputes (`demo`): points on about 4% of the released visits (at most 1,000
/// visits), opened by a client desk through services/disputes.h, and decided by an arbiter so
/// that about a quarter of the disputed visits change (accepted, or partly accepted on a scale
/// question) and about 1% of all released visits; the rest rejected, or left open when opened
/// within dispute.deadline_days of `last_day` (the demo's last visit day, days since 1970-01-01).
/// Then dated in `db` (storage/demo_disputes.h): each opened a day to the deadline after its
/// visit's release (1-3 days after the visit), and decided within the deadline after that.
/// Deterministic for the same stored visits and seed. Returns the points opened.
std::size_t add_demo_disputes(storage::Store& store, const std::string& db, std::uint64_t seed,
                              int last_day);

} // namespace vs::cli
