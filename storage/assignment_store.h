#pragma once
// Storage role: assignments — the visits a consultancy plans, offers to its shoppers and sees
// made — their fees (kept apart: reviewers and clients never read them), the branches where a
// shopper is known (never sent there) and shoppers' home regions.

#include "storage/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

/// One assignment: a visit to make at a branch with a scorecard version within a window.
struct Assignment {
    std::int64_t id = 0; ///< 0 when new
    std::string uuid;
    std::string client;      ///< client name
    std::string branch;      ///< branch code within the client
    std::string template_id; ///< scorecard code
    int template_version = 0;
    std::string scenario;
    std::string window_from, window_to;    ///< YYYY-MM-DD, inclusive
    std::string shopper;                   ///< shopper code within the client, empty: none
    std::optional<std::int64_t> fee_cents; ///< absent when the account may not read fees
    /// offered|accepted|declined|visited|overdue|cancelled: the effective status ("overdue" is
    /// never stored: an offered or accepted assignment whose window_to is before today).
    std::string status;
    /// The status as stored (never "overdue"; empty for an assignment not read from a store):
    /// what a bundle or a copy carries, overdue being derived wherever it is read.
    std::string stored_status;
    std::string visit_uuid;
    std::string note;
    std::string updated_at; ///< row version
};

/// Which assignments to list; an empty field matches any. `from`/`to` select assignments whose
/// window overlaps [from, to] (YYYY-MM-DD); `status` is an effective status.
struct AssignmentFilter {
    std::string client, shopper, status, from, to;
};

/// Plans, lists and tracks assignments.
class AssignmentStore {
  public:
    virtual ~AssignmentStore() = default;

    /// Every change below (but to exclusions and regions) writes an audit entry about the
    /// assignment, with `who`, in the same transaction (audit_store.h).
    ///
    /// Adds or replaces assignments by uuid, all-or-nothing; names the first bad one
    /// (forms::InputError: unknown client, branch, shopper or template version, window_from
    /// after window_to, a status that cannot be stored).
    virtual void put_assignments(const std::vector<Assignment>& items, const std::string& who) = 0;
    /// The assignments `filter` selects, by window_from then uuid.
    virtual std::vector<Assignment> assignments(const AssignmentFilter& filter) = 0;
    /// One assignment by uuid; nullopt when unknown (or not readable by this account).
    virtual std::optional<Assignment> assignment(const std::string& uuid) = 0;
    /// Who made the last recorded change to an assignment: the author of its last audit entry;
    /// "" when it has none (or this account may not read them).
    virtual std::string assignment_changed_by(const std::string& uuid) = 0;
    /// Sets the stored status; ConflictError, nothing written, when the stored updated_at is
    /// no longer `expected_updated_at` (empty: no check; the message names who changed it and
    /// when); InputError for an unknown uuid or a status that cannot be stored.
    virtual void set_assignment_status(const std::string& uuid, const std::string& status,
                                       const std::string& expected_updated_at,
                                       const std::string& who) = 0;
    /// Links a visit to its assignment and marks it visited (`who`: for its audit entry).
    virtual void mark_assignment_visited(const std::string& uuid, const std::string& visit_uuid,
                                         const std::string& who = {}) = 0;
    /// Shoppers known at a branch (never sent there) of one client: (shopper code, branch code).
    virtual std::vector<std::pair<std::string, std::string>>
    shopper_exclusions(const std::string& client) = 0;
    /// Records (or, `excluded` false, forgets) that a shopper is known at a branch.
    virtual void set_shopper_exclusion(const std::string& client, const std::string& shopper,
                                       const std::string& branch, bool excluded,
                                       const std::string& reason) = 0;
    /// Sets a shopper's home region (a region name of the client; empty: none).
    virtual void set_shopper_region(const std::string& client, const std::string& shopper,
                                    const std::string& region) = 0;
};

} // namespace vs::storage
