#pragma once
// Storage role: work on the whole database — backup, purging personal data, and rewriting
// stored scores when the scoring rules change (the rules of a rescore: services/rescore.h).

#include "scoring/visit_score.h"
#include "storage/types.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vs::storage {

struct PreparedVisit; // storage/prepare.h

/// What `purge --before DATE` removed.
struct PurgeReport {
    std::size_t visits = 0;      ///< visits whose personal data was removed
    std::size_t employees = 0;   ///< staff anonymised (no visit on or after the date)
    std::size_t shoppers = 0;    ///< shoppers anonymised
    std::size_t attachments = 0; ///< photos and receipts deleted
};

/// A visit's stored scores and the version of the scoring rules that made them.
struct StoredScores {
    std::int64_t id = 0;
    std::string uuid;
    int rules = 0; ///< the scoring::kRulesVersion that computed them
    std::optional<double> raw;
    std::optional<double> score;
    std::optional<double> applicable;
    std::vector<std::string> critical_failures;   ///< question ids
    std::vector<scoring::SectionResult> sections; ///< aligned with the template's sections
};

/// Rewrites stored scores all or nothing: one write transaction from
/// MaintenanceStore::rescore_batch until commit(); a batch destroyed without commit() rolls
/// back everything it wrote. The store may be read while the batch is open, and sees what the
/// batch wrote.
class ScoreBatch {
  public:
    virtual ~ScoreBatch() = default;
    /// Replaces the stored scores of visit `id` (raw, score, applicable, critical failures and
    /// the per-section and per-question arrays) with those of `p`, recorded as made by the
    /// scoring rules `rules`. Answers, status and updated_at stay.
    virtual void replace_scores(std::int64_t id, const PreparedVisit& p, int rules) = 0;
    /// Appends an entry to the audit log about visit `id`.
    virtual void audit(std::int64_t id, const std::string& who, const std::string& action,
                       const std::string& field, const std::string& old_value,
                       const std::string& new_value, const std::string& reason) = 0;
    virtual void commit() = 0;
};

/// Whole-database work: online backup, the personal-data purge, and the stored scores a
/// rescore reads and rewrites.
class MaintenanceStore {
  public:
    virtual ~MaintenanceStore() = default;

    /// Copies the whole database to `path` while it stays in use (online backup). The copy is
    /// readable by its owner only whatever the umask, written beside `path` (after following
    /// symlinks) and renamed over it; InputError when `path` is the database or its -wal, -shm
    /// or -journal file under any spelling.
    virtual void backup(const std::string& path) = 0;
    /// Removes the personal data of the visits before `before_day` (a local day number) and
    /// anonymises the staff and shoppers who have no visit on or after it; scores, codes of
    /// the remaining people and aggregates stay. Records one audit entry per purged visit.
    virtual PurgeReport purge_personal_data(int before_day, const std::string& who) = 0;

    /// Ids of the visits whose stored scores were made by scoring rules older than `rules`
    /// (INT_MAX: every visit), in id order.
    virtual std::vector<std::int64_t> visits_scored_before(int rules) = 0;
    /// The stored scores of visit `id`; StorageError when there is no such visit.
    virtual StoredScores stored_scores(std::int64_t id) = 0;
    /// Opens a batch that rewrites stored scores (services/rescore.h holds the rules of a
    /// rescore); StorageError on a read-only store.
    virtual std::unique_ptr<ScoreBatch> rescore_batch() = 0;
};

} // namespace vs::storage
