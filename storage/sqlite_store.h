#pragma once
// The SQLite backend of Store: one file, WAL, foreign keys, a busy timeout, every multi-row
// write one IMMEDIATE transaction.

#include "storage/store.h"

#include <SQLiteCpp/Database.h>

#include <map>
#include <unordered_map>

namespace vs::storage {

class SqliteStore final : public Store {
public:
    /// Opens or creates `path` (created readable by its owner only) and migrates it.
    explicit SqliteStore(const std::string& path);

    bool add_template(const forms::Template& tpl, const std::string& file) override;
    std::vector<TemplateInfo> templates() override;
    std::shared_ptr<const forms::Template> find_template(const std::string& id,
                                                         int version) override;
    std::shared_ptr<const forms::Template> latest_template(const std::string& id) override;
    ImportReport import_visits(const std::vector<forms::Visit>& visits, const std::string& file,
                               Progress* progress = nullptr) override;
    void visit_scores(const VisitFilter& filter,
                      const std::function<void(const VisitScoreRow&)>& row) override;
    scoring::FactTable load_facts(const VisitFilter& filter, bool with_questions) override;
    void add_trainings(const std::vector<Training>& trainings, const std::string& file) override;
    std::vector<Training> trainings(const std::optional<std::string>& client) override;

    /// The underlying connection, for tests and maintenance commands.
    SQLite::Database& db() { return m_db; }

private:
    struct TemplateRow {
        std::int64_t pk = 0;
        std::shared_ptr<const forms::Template> tpl;
    };
    void load_templates();
    const TemplateRow* template_row(const std::string& id, int version);
    const TemplateRow* template_by_pk(std::int64_t pk);

    SQLite::Database m_db;
    std::map<std::pair<std::string, int>, TemplateRow> m_templates;
    bool m_templates_loaded = false;
};

} // namespace vs::storage
