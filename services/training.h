#pragma once
// Trainings and calibration, as both front ends show them: each stored training with its
// measured effect (SCORING.md §7), adding a visitscore.training/1 file (FORMATS.md "Training
// records"), and the calibration exercises with each shopper's agreement (SCORING.md §8).

#include "scoring/calibration.h"
#include "scoring/training.h"
#include "storage/store.h"

#include <cstddef>
#include <string>
#include <vector>

namespace vs::services {

/// A training with its effect.
struct TrainingRow {
    storage::Training training;
    int day = 0;                         ///< the training date, days since 1970-01-01
    std::vector<std::string> behaviours; ///< section titles; empty: the visit score
    scoring::TrainingEffect effect;
};

/// The trainings of the filter's client (every client without one) dated within its period
/// (every date without one), oldest first, each with its effect over the filter's visits
/// (approved, no calibration visits) `window_days` before and after its date.
std::vector<TrainingRow> training_rows(storage::Store& store, const storage::VisitFilter& filter,
                                       int window_days = 90);

/// Reads a visitscore.training/1 file strictly (its sections checked against the stored
/// scorecards) and stores its records, all or nothing: throws InputError naming the file and
/// the place, or the client or employee the database does not know. Returns how many it stored.
std::size_t add_training_file(storage::Store& store, const std::string& file,
                              const std::string& text);

/// The calibration exercises the filter covers (its statuses; its `calibration` flag is
/// ignored), by id, with each shopper's deviation and agreement and each question's agreement.
std::vector<scoring::ExerciseAgreement> calibration_exercises(storage::Store& store,
                                                              const storage::VisitFilter& filter);

} // namespace vs::services
