#pragma once
// Doubtful visits planted in the demo data, so that the review queue's integrity risk
// (docs/integrity.md) has something to show: submitted visits made from the demo's own approved
// ones, each changed so that one integrity signal fires — a form submitted in a minute, a photo
// also stored with an earlier visit, a photo taken days before, a comment repeated between two
// of a shopper's visits, a visit after its assignment's window, a score far below the branch's
// usual level, and a visit by the demo's most lenient shopper.

#include "storage/demo.h"
#include "storage/store.h"

#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

/// Plants the doubtful visits in the first client of a store holding demo data (after
/// make_demo_data's visits are stored). Deterministic for the same stored data and seed; run
/// again on the same store it adds nothing. Returns (visit uuid, the signal it was made to
/// show) per planted visit; none when the store has too little data for them.
std::vector<std::pair<std::string, std::string>>
add_demo_doubtful_visits(Store& store, const DemoOptions& options);

} // namespace vs::storage
