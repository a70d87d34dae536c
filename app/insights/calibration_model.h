#pragma once
// The calibration view without windows: the calibration exercises of the dashboard's
// client and period (submitted and approved sets of answers, as `visitscore-cli calibration`),
// with each shopper's deviation and agreement (SCORING.md §8).

#include "app/insights/view_filter.h"
#include "scoring/calibration.h"

namespace vs::app {

/// The calibration visits the filter's client and period cover (submitted or approved).
storage::VisitFilter calibration_filter(const ViewFilter& filter);
/// The exercises of the filter's client and period, by id.
std::vector<scoring::ExerciseAgreement> calibration_exercises(storage::Store& store,
                                                              const ViewFilter& filter);

} // namespace vs::app
