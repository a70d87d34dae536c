#pragma once
// The storage contract: every storage role (storage/store.h) is tested here through its
// interface only, once per backend in backends(). A new backend is done when it passes every
// case: add one factory to backends.cpp.

#include "forms/template.h"
#include "forms/visit.h"
#include "storage/store.h"

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace vs::contract {

/// One empty database of a backend under test, removed when destroyed.
class Database {
  public:
    virtual ~Database() = default;
    /// Another store (connection) on this database, read-write.
    virtual std::unique_ptr<storage::Store> open() = 0;
    /// A store on this database that only reads (OpenMode::ReadOnly).
    virtual std::unique_ptr<storage::Store> open_read_only() = 0;
    /// Where MaintenanceStore::backup may write a copy, in a private folder of the test.
    virtual std::string backup_path() = 0;
    /// A store that reads the backup written to backup_path().
    virtual std::unique_ptr<storage::Store> open_backup() = 0;
};

/// A backend as the contract sees it: a name and a way to make an empty database.
struct Backend {
    std::string name;
    std::function<std::unique_ptr<Database>()> make;
};
std::ostream& operator<<(std::ostream& out, const Backend& backend);

/// The test cluster's URI (VISITSCORE_TEST_PG), or nullptr when none is set.
const char* test_server();

/// Every backend the contract runs against.
const std::vector<Backend>& backends();

/// An empty database of `backend` and one read-write store on it.
struct Fresh {
    explicit Fresh(const Backend& backend) : db(backend.make()), store(db->open()) {}
    std::unique_ptr<Database> db;
    std::unique_ptr<storage::Store> store;
};

/// The mini scorecard (tests/data/mini.template.json) and its three visits: A and B approved
/// (branch B1, October 2026), C submitted (branch B2, 2 November 2026).
forms::Template mini_template();
std::vector<forms::Visit> mini_visits();
inline constexpr const char* kUuidA = "00000000-0000-4000-8000-00000000000a";
inline constexpr const char* kUuidB = "00000000-0000-4000-8000-00000000000b";
inline constexpr const char* kUuidC = "00000000-0000-4000-8000-00000000000c";

/// Stores the mini scorecard and its three visits through the template and visit roles.
void load_mini(storage::TemplateStore& templates, storage::VisitStore& visits);

/// The id of a stored visit by uuid (a failure when unknown).
std::int64_t id_of(storage::VisitStore& visits, const std::string& uuid);

} // namespace vs::contract

/// One test case per backend, named CASE/_0, CASE/_1, … in backends() order.
#define VS_CONTRACT_CASE(name)                                                                     \
    BOOST_DATA_TEST_CASE(name, boost::unit_test::data::make(::vs::contract::backends()), backend)
