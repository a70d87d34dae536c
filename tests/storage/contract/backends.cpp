// The backends the storage contract runs against: SQLite on a file of its own, and PostgreSQL
// on a database of its own in the test cluster (VISITSCORE_TEST_PG, set by CTest's postgres
// fixture; without it, as when the executable is run by hand, the PostgreSQL cases are left
// out with a message).
#include "backends.h"

#include "forms/json_io.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <pqxx/pqxx>
#include <unistd.h>

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

/// A database of its own on the test cluster, dropped when destroyed. Its backup is what
/// MaintenanceStore::backup writes for a server database: a SQLite file.
class PostgresDatabase final : public Database {
  public:
    explicit PostgresDatabase(const std::string& server) : m_server(server) {
        static int serial = 0;
        m_name = "vs_contract_" + std::to_string(::getpid()) + "_" + std::to_string(++serial);
        admin("DROP DATABASE IF EXISTS " + m_name);
        admin("CREATE DATABASE " + m_name);
        char tmpl[] = "/tmp/vs-contract-pg-XXXXXX";
        m_dir = ::mkdtemp(tmpl);
    }
    ~PostgresDatabase() override {
        try {
            admin("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
        fs::remove_all(m_dir);
    }
    std::unique_ptr<storage::Store> open() override {
        return storage::open_postgres(uri(), storage::OpenMode::Create);
    }
    std::unique_ptr<storage::Store> open_read_only() override {
        return storage::open_postgres(uri(), storage::OpenMode::ReadOnly);
    }
    std::string backup_path() override { return (m_dir / "backup.db").string(); }
    std::unique_ptr<storage::Store> open_backup() override {
        return storage::open_sqlite(backup_path(), storage::OpenMode::ReadOnly);
    }

  private:
    /// The cluster's URI with this database's name in place of the one it names.
    std::string uri() const { return m_server.substr(0, m_server.rfind('/') + 1) + m_name; }
    void admin(const std::string& sql) const {
        pqxx::connection conn(m_server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
    std::string m_server;
    std::string m_name;
    fs::path m_dir;
};

} // namespace

const char* test_server() {
    const char* uri = std::getenv("VISITSCORE_TEST_PG");
    return uri && *uri ? uri : nullptr;
}

std::ostream& operator<<(std::ostream& out, const Backend& backend) {
    return out << backend.name;
}

const std::vector<Backend>& backends() {
    static const std::vector<Backend> all = [] {
        std::vector<Backend> list = {
            {"sqlite", [] { return std::unique_ptr<Database>(new SqliteDatabase); }},
        };
        if (const char* server = test_server())
            list.push_back({"postgresql", [uri = std::string(server)] {
                                return std::unique_ptr<Database>(new PostgresDatabase(uri));
                            }});
        else
            std::cerr << "storage contract: VISITSCORE_TEST_PG is not set, so the PostgreSQL "
                         "backend is left out (ctest starts a test cluster and sets it)\n";
        return list;
    }();
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
