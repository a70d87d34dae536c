#include "app/insights/calibration_model.h"

#include "services/training.h"

namespace vs::app {

storage::VisitFilter calibration_filter(const ViewFilter& filter) {
    storage::VisitFilter f = filter.visit_filter();
    f.statuses = {forms::Status::Submitted, forms::Status::Approved};
    f.calibration = true;
    return f;
}

std::vector<scoring::ExerciseAgreement> calibration_exercises(storage::Store& store,
                                                              const ViewFilter& filter) {
    return services::calibration_exercises(store, calibration_filter(filter));
}

} // namespace vs::app
