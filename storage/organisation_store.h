#pragma once
// Storage role: the organisation tables — clients, regions, branches, employees, shoppers.

#include "storage/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::storage {

/// Organisation tables. CSV columns for import (services/organisation.h; header row, names
/// case-insensitive):
/// Client: name · Region: client, name · Branch: client, code, name, region ·
/// Employee: client, code, name, branch · Shopper: client, code, name.
enum class OrgKind { Client, Region, Branch, Employee, Shopper };

/// One client, region, branch, employee or shopper.
struct OrgEntity {
    OrgKind kind = OrgKind::Client;
    std::int64_t id = 0; ///< 0 for a new entity
    std::int64_t client_id = 0;
    std::string client;
    std::string code; ///< branches, employees, shoppers
    std::string name;
    std::int64_t parent_id = 0; ///< region of a branch, branch of an employee; 0 for none
    std::string parent;
    bool active = true;
    std::int64_t visits = 0; ///< visits that point at it
};

/// One checked row of an organisation import (services/organisation.h): the client's name
/// (for a client itself: `name`), the code of a branch, employee or shopper, a name (a region's
/// key; for coded entries a new name when not empty) and a parent found or created by its key
/// (a branch's region name, an employee's branch code; "" for none).
struct OrgImportRow {
    std::string client;
    std::string code;
    std::string name;
    std::string parent;
};

/// Lists and keeps up the organisation; nothing that visits point at is ever deleted.
class OrganisationStore {
  public:
    virtual ~OrganisationStore() = default;

    /// Clients, regions, branches, employees or shoppers (optionally of one client); with
    /// `count_visits` each with the number of visits that name it (a pass over the visits:
    /// choosers leave it out).
    virtual std::vector<OrgEntity> org_list(OrgKind kind,
                                            const std::optional<std::int64_t>& client_id,
                                            bool include_inactive, bool count_visits = true) = 0;
    /// Adds (id 0) or updates an organisation entity; returns its id.
    virtual std::int64_t org_save(const OrgEntity& entity) = 0;
    /// Deactivates or reactivates an entity (nothing is ever deleted that visits point at).
    virtual void org_set_active(OrgKind kind, std::int64_t id, bool active) = 0;
    /// Adds or updates checked import rows of one kind in one transaction (all or nothing):
    /// each entry is found by its key (client by name; region by client and name; others by
    /// client and code) or created, a coded entry takes a non-empty name, and a parent is found
    /// or created and linked. Returns how many rows.
    virtual std::size_t org_import(OrgKind kind, const std::vector<OrgImportRow>& rows) = 0;
};

} // namespace vs::storage
