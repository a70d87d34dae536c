// The backends the storage contract runs against. Today: SQLite on a file of its own.
#include "backends.h"

#include "forms/json_io.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>

namespace vs::contract {
namespace {

namespace fs = std::filesystem;

/// A SQLite database file in a private temporary folder.
class SqliteDatabase final : public Database {
  public:
    SqliteDatabase() {
        char tmpl[] = "/tmp/vs-contract-XXXXXX";
        m_dir = ::mkdtemp(tmpl);
    }
    ~SqliteDatabase() override { fs::remove_all(m_dir); }
    std::unique_ptr<storage::Store> open() override {
        return storage::open_sqlite(path(), storage::OpenMode::Create);
    }
    std::unique_ptr<storage::Store> open_read_only() override {
        return storage::open_sqlite(path(), storage::OpenMode::ReadOnly);
    }
    std::string backup_path() override { return (m_dir / "backup.db").string(); }
    std::unique_ptr<storage::Store> open_backup() override {
        return storage::open_sqlite(backup_path(), storage::OpenMode::ReadOnly);
    }

  private:
    std::string path() const { return (m_dir / "contract.db").string(); }
    fs::path m_dir;
};

} // namespace

std::ostream& operator<<(std::ostream& out, const Backend& backend) {
    return out << backend.name;
}

const std::vector<Backend>& backends() {
    static const std::vector<Backend> all = {
        {"sqlite", [] { return std::unique_ptr<Database>(new SqliteDatabase); }},
    };
    return all;
}

forms::Template mini_template() {
    const std::string file = std::string(VS_TEST_DATA) + "/mini.template.json";
    return forms::parse_template(forms::read_file(file), file);
}

std::vector<forms::Visit> mini_visits() {
    const std::string file = std::string(VS_TEST_DATA) + "/mini.visits.json";
    return forms::parse_visit_package(forms::read_file(file), file);
}

void load_mini(storage::TemplateStore& templates, storage::VisitStore& visits) {
    templates.add_template(mini_template(), "mini.template.json");
    visits.import_visits(mini_visits(), "mini.visits.json");
}

std::int64_t id_of(storage::VisitStore& visits, const std::string& uuid) {
    const std::optional<std::int64_t> id = visits.visit_id_of(uuid);
    BOOST_REQUIRE_MESSAGE(id.has_value(), "no visit " << uuid);
    return *id;
}

} // namespace vs::contract
