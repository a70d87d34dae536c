#pragma once
// The demo data generator behind `visitscore-cli demo` and the app's "Load demo data": believable
// synthetic visits, organisation and training records whose reports show real differences
// (weaker branches, employees and behaviours, and training that works).
//
// Deterministic: the same templates, options and seed give the same data on every platform (the
// generator draws only raw 64-bit outputs of std::mt19937_64 and builds its own distributions).

#include "forms/template.h"
#include "forms/visit.h"
#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace vs::storage {

struct DemoOptions {
    std::size_t visits = 5000;
    std::uint64_t seed = 1;
    int end_day = 20757; ///< days since 1970-01-01 of the last visit day (2026-10-31)
};

struct DemoData {
    std::vector<forms::Visit> visits; ///< in visit date order
    std::vector<Training> trainings;
};

/// The names of the clients the demo data is made for, whatever the seed: a database holding
/// one of them holds demo data already.
std::vector<std::string> demo_client_names();

/// Believable synthetic visits over the given templates (deterministic for a seed).
///
/// Three clients with 2–3 regions each, 31 branches, 115+ employees and 14 shoppers per client;
/// visits spread over the 365 days ending at `end_day` (09:00–17:29, no Sundays, fewer on
/// Saturdays). Of several versions of one template id only the newest is used. Every visit passes
/// forms::check_visit and reaches its template's min_applicable. The probability of a good answer
/// comes from the attributed employee's skill for the question's section (a base skill, a
/// per-section offset, the branch, the client's weak behaviours, the shopper's strictness and the
/// day's form); trained employees improve in the trained section from the training date on.
DemoData make_demo_data(const std::vector<std::shared_ptr<const forms::Template>>& templates,
                        const DemoOptions& options);

/// The same data streamed, for large counts (a million visits take several GB as forms::Visit):
/// hands every visit to `sink` in date order, one at a time, and returns the trainings. Gives
/// exactly the visits of make_demo_data for the same templates and options.
std::vector<Training>
make_demo_data(const std::vector<std::shared_ptr<const forms::Template>>& templates,
               const DemoOptions& options, const std::function<void(forms::Visit&&)>& sink);

/// Customer survey responses (SCORING.md §10) for the demo's branches, to the first survey
/// scorecard among `templates` (its newest version; none without one): 20–60 a branch over the
/// demo's year (two branches of each client only 3–8), fewer for demos of fewer than 2,000
/// visits, approved, with no shopper, in date order. Their NPS follows what a mystery shopper
/// would expect of each branch's staff: strongly their greeting and needs finding, somewhat their
/// complaint handling, the other behaviours not at all (they go with it only as far as a branch
/// good at those is good at them too). Deterministic for a seed; make_demo_data's visits are
/// the same with or without them. Returns how many it gave `sink`.
std::size_t make_demo_survey(const std::vector<std::shared_ptr<const forms::Template>>& templates,
                             const DemoOptions& options,
                             const std::function<void(forms::Visit&&)>& sink);

/// Demo assignments over the organisation and visits a demo run stored: every shopper gets a
/// home region of their client, a few are known at a branch (exclusions), and each client gets
/// assignments with fees in every status (offered, accepted, declined, cancelled, overdue, and
/// visited ones linked to a stored visit), windows after `today` (days since 1970-01-01) but for
/// the overdue and visited ones. Deterministic for the same stored data, seed and today. Returns
/// how many assignments.
std::size_t add_demo_assignments(Store& store, const DemoOptions& options, int today);

} // namespace vs::storage
