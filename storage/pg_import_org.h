#pragma once
// Internal to the PostgreSQL backend's import (pg_import.cpp): the organisation rows that the
// visits of one import name, found or created a chunk of visits at a time in a few statements,
// and brought up to date from the visits as the SQLite backend's OrgWriter (sqlite_common.h)
// leaves them: names, an employee's home branch, a branch's region.

#include <cstdint>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vs::storage {

/// The organisation one visit names, as its package holds it.
struct PgOrgRefs {
    std::string client;
    std::string region; ///< empty when none
    std::string branch;
    std::string branch_name;
    std::string employee; ///< empty when not identified
    std::string employee_name;
    std::string shopper;
    std::string shopper_name;
    std::vector<std::string> section_employees; ///< codes of sections attributed to others
};

/// The row ids of what a PgOrgRefs names; 0 for no region or no employee.
struct PgOrgIds {
    std::int64_t client = 0;
    std::int64_t region = 0;
    std::int64_t branch = 0;
    std::int64_t employee = 0;
    std::int64_t shopper = 0;
    std::vector<std::int64_t> section_employees; ///< in the order of PgOrgRefs's
};

/// Finds or creates the organisation rows of one import inside its transaction, with caches
/// for the whole import.
class PgOrgWriter {
  public:
    explicit PgOrgWriter(pqxx::transaction_base& tx) : m_tx(tx) {}

    /// The ids of what `visits` name, in order. Missing rows are created in the order the
    /// visits first name them, with the name they are first given (a section's employee: none).
    std::vector<PgOrgIds> resolve(const std::vector<const PgOrgRefs*>& visits);
    /// Writes what the resolved visits changed in rows: each name, home branch and branch
    /// region takes the value that was given last for the first time, as the SQLite backend's
    /// visit-by-visit updates leave it. Not in tables the account may not update: it only adds.
    void finish();

  private:
    /// A table of rows keyed by client and code (or name), fixed strings of this backend.
    struct Coded {
        const char* table;
        const char* key; ///< "code", or "name" for regions
        bool named;      ///< has a name column apart from the key
        std::map<std::pair<std::int64_t, std::string>, std::int64_t> ids;
    };
    struct Wanted {
        std::int64_t client;
        const std::string* key;
        const std::string* name;
    };
    /// A value that later visits may change: the values given so far, and the last new one.
    template <class T> struct Latest {
        std::set<T> seen;
        T last{};
    };

    bool may_update(const char* table);
    void fetch_clients(const std::vector<const std::string*>& names);
    void fetch(Coded& kind, const std::vector<Wanted>& wanted);
    std::size_t find(Coded& kind, const std::vector<Wanted>& wanted);
    /// Adds a row to `wanted` unless it is known or already wanted.
    void want(Coded& kind, std::vector<Wanted>& wanted, std::int64_t client, const std::string& key,
              const std::string& name);

    pqxx::transaction_base& m_tx;
    std::set<std::pair<std::int64_t, std::string_view>> m_wanted; ///< what `wanted` holds
    std::map<std::string, std::int64_t> m_clients;
    Coded m_regions{"regions", "name", false, {}};
    Coded m_branches{"branches", "code", true, {}};
    Coded m_employees{"employees", "code", true, {}};
    Coded m_shoppers{"shoppers", "code", true, {}};
    std::map<std::int64_t, Latest<std::string>> m_branch_names;
    std::map<std::int64_t, Latest<std::string>> m_employee_names;
    std::map<std::int64_t, Latest<std::string>> m_shopper_names;
    std::map<std::int64_t, Latest<std::int64_t>> m_homes;          ///< employee → branch
    std::map<std::int64_t, Latest<std::int64_t>> m_branch_regions; ///< branch → region
};

} // namespace vs::storage
