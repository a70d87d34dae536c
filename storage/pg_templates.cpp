// The PostgreSQL backend's TemplateStore: scorecard template versions on the server, cached per connection.
// Not implemented yet: remove with the last stub below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "storage/pg_store.h"

#include "storage/pg_common.h"

namespace vs::storage {

bool PgStore::add_template(const forms::Template& tpl, const std::string& file) {
    throw StorageError("PostgreSQL: add_template is not implemented yet");
}

std::vector<bool>
PgStore::add_templates(const std::vector<std::pair<forms::Template, std::string>>& templates) {
    throw StorageError("PostgreSQL: add_templates is not implemented yet");
}

std::vector<TemplateInfo> PgStore::templates() {
    throw StorageError("PostgreSQL: templates is not implemented yet");
}

std::shared_ptr<const forms::Template> PgStore::find_template(const std::string& id,
                                                         int version) {
    throw StorageError("PostgreSQL: find_template is not implemented yet");
}

std::shared_ptr<const forms::Template> PgStore::latest_template(const std::string& id) {
    throw StorageError("PostgreSQL: latest_template is not implemented yet");
}

const PgStore::TemplateRow* PgStore::template_row(const std::string& id, int version) {
    throw StorageError("PostgreSQL: template_row is not implemented yet");
}

const PgStore::TemplateRow* PgStore::template_by_pk(std::int64_t pk) {
    throw StorageError("PostgreSQL: template_by_pk is not implemented yet");
}

} // namespace vs::storage
