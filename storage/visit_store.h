#pragma once
// Storage role: visits themselves — importing them, the app's visit list, loading one whole,
// drafts, and recording status changes and edits (the rules that allow them and the audit
// entries they write: services/review.h).

#include "forms/progress.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "storage/audit_store.h"
#include "storage/types.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vs::storage {

struct ImportReport {
    std::size_t added = 0;
    std::size_t unchanged = 0; ///< already stored, identical: a no-op
};

/// What the app's visit list shows: filters of the list (all optional; search matches uuid,
/// branch, employee, shopper and scorecard, case-insensitively).
struct VisitListQuery {
    std::optional<std::int64_t> client_id;
    std::optional<std::int64_t> branch_id;
    std::optional<forms::Status> status;
    std::optional<int> from_day;
    std::optional<int> to_day;
    std::string search;
};

/// One light row of the visit list. A backend reads the codes, names and scorecard; the display
/// fields are made from them by label_visit_row (labels.h) in VisitStore::visit_rows.
struct VisitListRow {
    std::int64_t id = 0;
    std::string uuid;
    std::string visited_at;
    std::string client;
    std::string branch;    ///< "CODE Name"
    std::string employee;  ///< "CODE Name", or empty when not identified
    std::string shopper;   ///< "CODE Name"
    std::string scorecard; ///< "Name v2"
    std::string branch_code;
    std::string branch_name;
    std::string employee_code; ///< empty when not identified
    std::string employee_name;
    std::string shopper_code;
    std::string shopper_name;
    std::string scorecard_name;
    int scorecard_version = 0; ///< 0: the scorecard is unknown (scorecard stays empty)
    forms::Status status = forms::Status::Draft;
    std::optional<double> score;
    std::optional<double> raw;
    double target = 80;
    bool critical = false;
};

/// A visit loaded whole, for the form and the review.
struct StoredVisit {
    std::int64_t id = 0;
    forms::Visit visit;
    std::shared_ptr<const forms::Template> tpl;
    std::string note;       ///< the last review note (returned visits)
    std::string updated_at; ///< UTC, ISO 8601
};

/// A photo of an imported visit (a return bundle's), with the SHA-256 and capture time its
/// sender recorded.
struct ImportedPhoto {
    std::string question;
    std::string name;
    std::string mime;
    std::string sha256;      ///< lower-case hex; computed from `data` when empty
    std::string captured_at; ///< local YYYY-MM-DDTHH:MM:SS; empty when unknown
    std::vector<unsigned char> data;
};

/// One write transaction for visits, their photos and the assignments they were made for (a
/// return bundle): nothing is stored unless commit() is called; destroying the batch without it
/// rolls everything back.
class VisitImportBatch {
  public:
    virtual ~VisitImportBatch() = default;
    /// VisitStore::import_visit_stream inside the batch's transaction (no commit of its own).
    virtual ImportReport import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                             const std::string& file,
                                             Progress* progress = nullptr) = 0;
    /// Stores a photo with the visit `visit_uuid` (imported in this batch or before) unless that
    /// visit already has an attachment with this sha256; returns whether it stored it.
    /// InputError when there is no such visit. The thumbnail is left empty.
    virtual bool add_photo(const std::string& visit_uuid, const ImportedPhoto& photo) = 0;
    /// AssignmentStore::mark_assignment_visited inside the batch; InputError for an unknown
    /// assignment.
    virtual void mark_assignment_visited(const std::string& uuid, const std::string& visit_uuid,
                                         const std::string& who = {}) = 0;
    /// Commits everything the batch wrote.
    virtual void commit() = 0;
};

/// Imports, lists, loads and changes visits. Every change of a visit is one transaction.
class VisitStore {
  public:
    virtual ~VisitStore() = default;

    /// Imports visits all-or-nothing: checks every visit against its template, scores it and
    /// stores it in one transaction. A known uuid with identical content is a no-op; with other
    /// content it is a conflict that rejects the whole file (InputError naming the uuid).
    virtual ImportReport import_visits(const std::vector<forms::Visit>& visits,
                                       const std::string& file, Progress* progress = nullptr) = 0;
    /// As import_visits, for visits read while they are stored (a package parsed visit by
    /// visit): `source` runs on a worker thread, which also checks and scores, while the calling
    /// thread writes. Errors rank as in import_visits: the source's bad input first, then checks
    /// and scores, then conflicts. `total` is the source's progress total (0 when unknown).
    virtual ImportReport import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                             const std::string& file,
                                             Progress* progress = nullptr) = 0;

    /// Opens one write transaction for an import of visits with their photos (VisitImportBatch).
    /// The store is not used for anything else while the batch lives.
    virtual std::unique_ptr<VisitImportBatch> visit_import_batch() = 0;

    /// Ids of the visits a list query covers, newest visit first (cheap: ids only).
    virtual std::vector<std::int64_t> visit_ids(const VisitListQuery& query) = 0;
    /// The list rows of the given visit ids, in the same order (unknown ids are skipped), with
    /// their display fields filled (labels.cpp): read_visit_rows, then label_visit_row.
    std::vector<VisitListRow> visit_rows(const std::vector<std::int64_t>& ids);
    /// One visit with everything the form needs; throws StorageError when unknown.
    virtual StoredVisit load_visit(std::int64_t id) = 0;
    /// The id of the visit with this uuid, or nullopt.
    virtual std::optional<std::int64_t> visit_id_of(const std::string& uuid) = 0;
    /// Creates a draft from a header (template, client, branch, employee, shopper, visited_at);
    /// returns its id. The uuid is generated when empty.
    virtual std::int64_t create_draft(const forms::Visit& header) = 0;
    /// Replaces a draft's (or returned visit's) header, answers, comments and summary in one
    /// transaction and re-scores it. Throws StorageError for other statuses.
    virtual void save_draft(std::int64_t id, const forms::Visit& visit) = 0;
    /// Records a status change the review rules allowed (services/review.h): the status, the
    /// note kept with the visit and one audit entry (action and field "status", `from` -> `to`,
    /// `reason`), in one transaction. StorageError, nothing written, when the stored status is
    /// no longer `from` (another change came first) or the visit is unknown.
    virtual void record_status(std::int64_t id, forms::Status from, forms::Status to,
                               const std::string& who, const std::string& note,
                               const std::string& reason) = 0;
    /// Rewrites a visit that the review rules allowed to change (services/review.h): the
    /// checked visit, re-scored, and its audit entries, in one transaction; nothing when
    /// `entries` is empty. StorageError, nothing written, when the visit's stored updated_at is
    /// no longer `updated_at` (another change came first) or the visit is unknown.
    virtual void apply_edit(std::int64_t id, const forms::Visit& visit,
                            const std::string& updated_at,
                            const std::vector<AuditChange>& entries) = 0;

  protected:
    /// What visit_rows returns, before its display fields: ids, codes, names, scorecard name and
    /// version, status and scores.
    virtual std::vector<VisitListRow> read_visit_rows(const std::vector<std::int64_t>& ids) = 0;
};

} // namespace vs::storage
