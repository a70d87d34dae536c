#include "app/insights/calibration_model.h"

namespace vs::app {

storage::VisitFilter calibration_filter(const ViewFilter& filter) {
    storage::VisitFilter f = filter.visit_filter();
    f.statuses = {forms::Status::Submitted, forms::Status::Approved};
    f.calibration = true;
    return f;
}

std::vector<scoring::ExerciseAgreement> calibration_exercises(storage::Store& store,
                                                              const ViewFilter& filter) {
    return scoring::calibrate(store.calibration_visits(calibration_filter(filter)));
}

} // namespace vs::app
