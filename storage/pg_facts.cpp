// The PostgreSQL backend's FactStore: what reports, views and exports read; trainings.
// Not implemented yet: remove with the last stub below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "storage/pg_store.h"

#include "storage/pg_common.h"

namespace vs::storage {

void PgStore::visit_scores(const VisitFilter& filter,
                      const std::function<void(const VisitScoreRow&)>& row) {
    throw StorageError("PostgreSQL: visit_scores is not implemented yet");
}

scoring::FactTable PgStore::load_facts(const VisitFilter& filter, bool with_questions,
                                  bool with_attributions) {
    throw StorageError("PostgreSQL: load_facts is not implemented yet");
}

DataVersion PgStore::data_version() {
    throw StorageError("PostgreSQL: data_version is not implemented yet");
}

void PgStore::visit_details(const VisitFilter& filter,
                       const std::function<void(const VisitDetail&)>& row) {
    throw StorageError("PostgreSQL: visit_details is not implemented yet");
}

void PgStore::add_trainings(const std::vector<Training>& trainings, const std::string& file) {
    throw StorageError("PostgreSQL: add_trainings is not implemented yet");
}

std::vector<Training> PgStore::trainings(const std::optional<std::string>& client) {
    throw StorageError("PostgreSQL: trainings is not implemented yet");
}

std::vector<scoring::CalibrationVisit> PgStore::calibration_visits(const VisitFilter& filter) {
    throw StorageError("PostgreSQL: calibration_visits is not implemented yet");
}

std::vector<ClientActivity> PgStore::client_activity(const VisitFilter& filter) {
    throw StorageError("PostgreSQL: client_activity is not implemented yet");
}

std::vector<QuestionComment> PgStore::employee_comments(const VisitFilter& filter,
                                                   const std::string& employee) {
    throw StorageError("PostgreSQL: employee_comments is not implemented yet");
}

} // namespace vs::storage
