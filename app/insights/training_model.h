#pragma once
// The training view without windows: the client's trainings dated in the dashboard's
// period, each with its measured effect (SCORING.md §7: pre/post of the trained staff, the
// untrained comparison, the difference-in-differences with its interval), and recording a new
// training.

#include "app/insights/view_filter.h"
#include "scoring/training.h"
#include "services/training.h"

namespace vs::app {

/// A training with its effect (services/training.h, as `training effect` measures it).
using TrainingRow = services::TrainingRow;

/// A cell's mean with its 95 % t interval (for the chart's whiskers).
std::optional<scoring::Interval> cell_interval(const scoring::Cell& cell);

/// The client's trainings dated within the filter's period, oldest first, each with its effect
/// over approved visits of the client `window_days` before and after (as `training effect`).
std::vector<TrainingRow> training_rows(storage::Store& store, const ViewFilter& filter,
                                       int window_days = 90);

/// A section a training can address: its id and title, over the stored scorecards.
struct Behaviour {
    std::string id;
    std::string title;
};
/// Every section of the stored scorecards (latest versions), by first appearance.
std::vector<Behaviour> behaviours(storage::Store& store);

/// What the "Record training" dialog asks for.
struct NewTraining {
    std::string date; ///< YYYY-MM-DD
    std::string title;
    std::string trainer;
    std::string client;
    std::vector<std::string> employees; ///< codes
    std::vector<std::string> sections;  ///< behaviours addressed; empty: the visit score
};

/// Checks a new training; returns what is wrong ("" when fine).
std::string check(const NewTraining& t);
/// Stores a new training under a fresh id ("T-YYYYMMDD-N"); returns the id. Throws InputError
/// when it is incomplete or names unknown employees.
std::string record_training(storage::Store& store, const NewTraining& t);

} // namespace vs::app
