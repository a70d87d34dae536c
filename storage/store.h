#pragma once
// The storage interface: everything the CLI, the app and the exports need from a database.
// SQLite implements it today (sqlite_store.h); a PostgreSQL backend for consultancies with many
// reviewers can implement the same interface later.

#include "forms/progress.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/calibration.h"
#include "scoring/facts.h"
#include "scoring/visit_score.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

/// A storage failure that is not bad input (I/O, a database from a newer version, …).
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TemplateInfo {
    std::string id;
    int version = 0;
    std::string name;
    std::string channel;
    std::int64_t visits = 0;
};

struct ImportReport {
    std::size_t added = 0;
    std::size_t unchanged = 0; ///< already stored, identical: a no-op
};

/// Which visits a query covers. Dates are local day numbers (forms::parse_day), inclusive.
struct VisitFilter {
    std::optional<std::string> client;
    std::optional<int> from_day;
    std::optional<int> to_day;
    std::vector<forms::Status> statuses{forms::Status::Approved}; ///< empty means every status
    bool calibration = false; ///< true: only calibration visits; false: none of them
    std::optional<std::string> uuid;
};

/// A stored visit's scores, as `visits score --json` prints them.
struct VisitScoreRow {
    std::string uuid;
    std::string template_id;
    int template_version = 0;
    forms::Status status = forms::Status::Submitted;
    std::optional<double> raw;
    std::optional<double> score;
    std::vector<std::string> critical_failures;
    std::vector<std::pair<std::string, scoring::SectionResult>> sections;
};

/// A training record (SCORING.md §7, FORMATS.md "Training records").
struct Training {
    std::string id;
    std::string title;
    std::string trainer;
    std::string date; ///< YYYY-MM-DD
    std::string client;
    std::vector<std::string> employees; ///< codes
    std::vector<std::string> sections;  ///< section ids; empty means the visit score
};

// --- Evaluator app types ---

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

/// One light row of the visit list.
struct VisitListRow {
    std::int64_t id = 0;
    std::string uuid;
    std::string visited_at;
    std::string client;
    std::string branch; ///< "CODE Name"
    std::string employee; ///< "CODE Name", or empty when not identified
    std::string shopper;
    std::string scorecard; ///< "Name v2"
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

/// One append-only audit entry; hash = SHA-256 over the entry and prev_hash (hex).
struct AuditEntry {
    std::int64_t id = 0;
    std::string at; ///< UTC, ISO 8601
    std::string who;
    std::int64_t visit_id = 0;
    std::string action; ///< "status" or "edit"
    std::string field;
    std::string old_value;
    std::string new_value;
    std::string reason;
    std::string prev_hash;
    std::string hash;
};

/// Which audit entries Store::audit_entries returns (every filter optional; dates are local
/// day numbers of the entry's UTC date, inclusive).
struct AuditQuery {
    std::optional<std::string> visit_uuid;
    std::optional<std::string> who;    ///< exactly this person
    std::optional<std::string> branch; ///< a branch code (of any client)
    std::optional<std::string> action; ///< "status", "edit", "purge", …
    std::optional<int> from_day;
    std::optional<int> to_day;
};

/// One audit entry with the visit it is about, for the audit log across all visits.
struct AuditRow {
    AuditEntry entry;
    std::string visit_uuid;
    std::string client;
    std::string branch; ///< code
};

/// A photo or receipt stored with a visit (question empty) or one of its questions.
struct AttachmentInfo {
    std::int64_t id = 0;
    std::int64_t visit_id = 0;
    std::string question;
    std::string name;
    std::string mime;
    std::int64_t size = 0;
    std::vector<unsigned char> thumbnail; ///< PNG
    std::string added_at;
};

/// Organisation tables. CSV columns for import (header row, names case-insensitive):
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

// --- Exports (issue 5) ---

/// One stored visit with everything an export writes, for Store::visit_details: header codes
/// and names, scorecard, status, scores, per-section results, answers and comments.
/// Shopper fields are here for the CSV interchange export; client reports never write them.
struct VisitDetail {
    std::string uuid;
    std::string template_id;
    int template_version = 0;
    std::string client;
    std::string region; ///< empty when none
    std::string branch;
    std::string branch_name;
    std::string employee; ///< empty when not identified
    std::string employee_name;
    std::string shopper;
    std::string shopper_name;
    std::string visited_at; ///< local time as stored, YYYY-MM-DDTHH:MM[:SS]
    int day = 0;            ///< local date, days since 1970-01-01
    forms::Status status = forms::Status::Submitted;
    std::optional<double> raw;
    std::optional<double> score;
    std::vector<std::string> critical_failures;      ///< question ids
    std::vector<scoring::SectionResult> sections;    ///< aligned with the template's sections
    nlohmann::json answers = nlohmann::json::object(); ///< package form; hidden ones left out
    std::map<std::string, std::string> comments;     ///< question id -> comment
    std::string summary;
};

// --- Reliability and privacy (issue 6) ---

/// The outcome of recomputing the audit log's hash chain.
struct AuditCheck {
    std::int64_t entries = 0;
    std::string head;                       ///< hash of the last entry (64 zeros when none)
    std::optional<std::int64_t> first_broken; ///< id of the first entry that does not verify
    std::string problem;                    ///< why, when broken (also: missing triggers)
    bool ok() const { return problem.empty(); }
};

// --- Trainer and consultancy views (issue 7) ---

/// What Store::data_version returns: equal values mean nothing was stored in between.
struct DataVersion {
    std::int64_t others = 0; ///< commits by other connections to the same database
    std::int64_t own = 0;    ///< rows this store has written
    bool operator==(const DataVersion&) const = default;
};

/// How many visits of one client a filter covers, and their first and last day.
struct ClientActivity {
    std::string client;
    std::int64_t visits = 0;
    int first_day = 0;
    int last_day = 0;
};

/// A shopper's comment on one question of a stored visit.
struct QuestionComment {
    std::int64_t visit_id = 0;
    int day = 0;
    std::string question;
    std::string text;
};

/// What `purge --before DATE` removed.
struct PurgeReport {
    std::size_t visits = 0;      ///< visits whose personal data was removed
    std::size_t employees = 0;   ///< staff anonymised (no visit on or after the date)
    std::size_t shoppers = 0;    ///< shoppers anonymised
    std::size_t attachments = 0; ///< photos and receipts deleted
};

// --- Scoring rules versions ---

struct PreparedVisit; // storage/prepare.h

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

/// Rewrites stored scores all or nothing: one write transaction from Store::rescore_batch until
/// commit(); a batch destroyed without commit() rolls back everything it wrote. The store may be
/// read while the batch is open, and sees what the batch wrote.
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

class Store {
public:
    virtual ~Store() = default;

    /// Stores a template version. The same version again is a no-op (returns false); a
    /// different template under a stored id and version throws InputError.
    virtual bool add_template(const forms::Template& tpl, const std::string& file) = 0;
    /// Stores several template versions (each with the file it came from) all or none, in one
    /// transaction: every one is checked against the stored versions and the others first.
    /// Returns, per template, whether it was new (false: the same version was already stored).
    virtual std::vector<bool> add_templates(
        const std::vector<std::pair<forms::Template, std::string>>& templates) = 0;
    /// Every stored template version, with how many visits use it.
    virtual std::vector<TemplateInfo> templates() = 0;
    /// A stored template version, or nullptr.
    virtual std::shared_ptr<const forms::Template> find_template(const std::string& id,
                                                                 int version) = 0;
    /// The newest stored version of a template, or nullptr.
    virtual std::shared_ptr<const forms::Template> latest_template(const std::string& id) = 0;

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

    /// Calls `row` for every visit the filter covers, in visit date order.
    virtual void visit_scores(const VisitFilter& filter,
                              const std::function<void(const VisitScoreRow&)>& row) = 0;

    /// The stored scores of the visits the filter covers, for aggregation; with
    /// `with_questions` the per-question values too. Without `with_attributions` every section
    /// counts for the visit's primary employee: for figures that no employee key groups (the
    /// attributions are the slowest part to read).
    virtual scoring::FactTable load_facts(const VisitFilter& filter, bool with_questions,
                                          bool with_attributions = true) = 0;
    /// Changes whenever stored data may have changed, through this store or any other
    /// connection: views keep facts they loaded until it differs from what they saw then.
    virtual DataVersion data_version() = 0;

    /// Adds or replaces training records (by client and id) in one transaction. The date, the
    /// client and the employees must exist (InputError naming `file` and the record otherwise).
    virtual void add_trainings(const std::vector<Training>& trainings, const std::string& file) = 0;
    /// The stored trainings, optionally of one client.
    virtual std::vector<Training> trainings(const std::optional<std::string>& client) = 0;
    /// The calibration visits the filter covers (its `calibration` flag is ignored), with
    /// their scorecard, typed answers and stored score (SCORING.md §8).
    virtual std::vector<scoring::CalibrationVisit> calibration_visits(const VisitFilter& filter) = 0;

    // --- Evaluator app ---
    // What the desktop app needs: a virtual visit list, drafts saved atomically, review with
    // an audit log, attachments, organisation upkeep, settings and backup. Types: the
    // "Evaluator app types" block above the class.

    /// Ids of the visits a list query covers, newest visit first (cheap: ids only).
    virtual std::vector<std::int64_t> visit_ids(const VisitListQuery& query) = 0;
    /// The list rows of the given visit ids, in the same order (unknown ids are skipped).
    virtual std::vector<VisitListRow> visit_rows(const std::vector<std::int64_t>& ids) = 0;
    /// One visit with everything the form needs; throws StorageError when unknown.
    virtual StoredVisit load_visit(std::int64_t id) = 0;
    /// Creates a draft from a header (template, client, branch, employee, shopper, visited_at);
    /// returns its id. The uuid is generated when empty.
    virtual std::int64_t create_draft(const forms::Visit& header) = 0;
    /// Replaces a draft's (or returned visit's) header, answers, comments and summary in one
    /// transaction and re-scores it. Throws StorageError for other statuses.
    virtual void save_draft(std::int64_t id, const forms::Visit& visit) = 0;
    /// Moves a visit to another status (submit, approve, return, exclude, reopen) with an audit
    /// entry, as review_rules.h's check_review allows (InputError naming the field otherwise,
    /// nothing written): the submitter approves only where the "allow_self_approval" setting
    /// says so, and the audit entry's reason then says "self-approval (one-person office)".
    /// Submitting checks min_applicable (InputError saying why). `note` is kept with the visit.
    virtual void set_status(std::int64_t id, forms::Status to, const std::string& who,
                            const std::string& note) = 0;
    /// Changes an approved (or submitted) visit: one audit entry per changed field, with the
    /// reason; re-scores it. Returns how many fields changed.
    virtual std::size_t edit_visit(std::int64_t id, const forms::Visit& edited,
                                   const std::string& who, const std::string& reason) = 0;
    /// The audit entries of a visit, oldest first.
    virtual std::vector<AuditEntry> audit_log(std::int64_t visit_id) = 0;
    /// The audit entries across all visits that a query covers, oldest first.
    virtual std::vector<AuditRow> audit_entries(const AuditQuery& query) = 0;
    /// Who last submitted a visit (from a draft or returned visit; reopening is no submission);
    /// "" when unknown (an imported visit).
    virtual std::string submitter(std::int64_t visit_id) = 0;
    /// The id of the visit with this uuid, or nullopt.
    virtual std::optional<std::int64_t> visit_id_of(const std::string& uuid) = 0;

    /// Stores a photo or receipt with a visit (question empty) or one of its questions.
    virtual std::int64_t add_attachment(std::int64_t visit_id, const std::string& question,
                                        const std::string& name, const std::string& mime,
                                        const std::vector<unsigned char>& data,
                                        const std::vector<unsigned char>& thumbnail) = 0;
    /// The attachments of a visit (thumbnails, no full data).
    virtual std::vector<AttachmentInfo> attachments(std::int64_t visit_id) = 0;
    /// The full data of one attachment.
    virtual std::vector<unsigned char> attachment_data(std::int64_t attachment_id) = 0;
    /// Removes an attachment of a draft.
    virtual void remove_attachment(std::int64_t attachment_id) = 0;

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
    /// Imports entities from CSV (header row; see OrgKind for the columns) all-or-nothing;
    /// returns how many rows were added or updated.
    virtual std::size_t org_import_csv(OrgKind kind, std::string_view csv_text,
                                       const std::string& file) = 0;

    /// A stored setting (e.g. "user"), or `fallback`.
    virtual std::string setting(const std::string& key, const std::string& fallback) = 0;
    /// Stores a setting.
    virtual void set_setting(const std::string& key, const std::string& value) = 0;
    /// The database's secret for staff pseudonyms: random, generated and stored on first use;
    /// "" on a read-only database that has none yet.
    virtual std::string pseudonym_key() = 0;
    /// Whether the store was opened read-only (OpenMode::ReadOnly).
    virtual bool read_only() const = 0;
    /// Copies the whole database to `path` while it stays in use (online backup). The copy is
    /// readable by its owner only whatever the umask, written beside `path` (after following
    /// symlinks) and renamed over it; InputError when `path` is the database or its -wal, -shm
    /// or -journal file under any spelling.
    virtual void backup(const std::string& path) = 0;

    // --- Reliability and privacy (issue 6) --- (sqlite_store.cpp)

    /// Recomputes the audit log's hash chain from the first entry; names the first entry that
    /// was edited, or that follows a removed one. A `recorded_head` (a head hash printed by an
    /// earlier check, or "") must still be in the chain: that catches entries removed from
    /// its end, or a chain rewritten from some entry on.
    virtual AuditCheck verify_audit(const std::string& recorded_head) = 0;
    /// Removes the personal data of the visits before `before_day` (a local day number) and
    /// anonymises the staff and shoppers who have no visit on or after it; scores, codes of
    /// the remaining people and aggregates stay. Records one audit entry per purged visit.
    virtual PurgeReport purge_personal_data(int before_day, const std::string& who) = 0;

    // --- Scoring rules versions --- (sqlite_rescore.cpp)

    /// Ids of the visits whose stored scores were made by scoring rules older than `rules`
    /// (INT_MAX: every visit), in id order.
    virtual std::vector<std::int64_t> visits_scored_before(int rules) = 0;
    /// The stored scores of visit `id`; StorageError when there is no such visit.
    virtual StoredScores stored_scores(std::int64_t id) = 0;
    /// Opens a batch that rewrites stored scores (services/rescore.h holds the rules of a
    /// rescore); StorageError on a read-only store.
    virtual std::unique_ptr<ScoreBatch> rescore_batch() = 0;

    // --- Exports (issue 5) --- (sqlite_exports.cpp)

    /// Calls `row` for every visit the filter covers, in visit date order, with everything an
    /// export writes (VisitDetail). Streams: one visit in memory at a time.
    virtual void visit_details(const VisitFilter& filter,
                               const std::function<void(const VisitDetail&)>& row) = 0;

    // --- Trainer and consultancy views (issue 7) --- (sqlite_views.cpp)

    /// Per client with visits the filter covers (its client too): how many, first and last day;
    /// ordered by client name.
    virtual std::vector<ClientActivity> client_activity(const VisitFilter& filter) = 0;
    /// The comments of the visits the filter covers in which `employee` (a code of the filter's
    /// client) is the primary employee or has a section attributed, in visit date order.
    virtual std::vector<QuestionComment> employee_comments(const VisitFilter& filter,
                                                           const std::string& employee) = 0;
};

/// How a SQLite store copies its write-ahead log back into the database file.
enum class Checkpoints {
    Inline,     ///< SQLite's default: inside the commit that crosses 1,000 WAL frames
    Background, ///< on a thread of its own, so that small interactive saves never wait for it
};

/// What opening a database may do to the file system.
enum class OpenMode {
    /// Read-write, creating the file (owner-only) and its missing folders (0700) when there is
    /// none; "" and ":memory:" give a database that lives only as long as the store.
    Create,
    /// As Create, but a path SQLite would keep in memory or in a temporary file ("",
    /// ":memory:", a file: URI) is refused (InputError): for whatever must be kept.
    CreateOnDisk,
    /// Read-write on an existing VisitScore database; InputError, nothing created, otherwise.
    MustExist,
    /// Reads only, and needs no write access: the store never writes (but for the pseudonym key,
    /// when it may), and without write access to the file or its folder the file is opened
    /// read-only (a WAL left behind is then read from a private copy). InputError, nothing
    /// created, when there is no VisitScore database at `path`.
    ReadOnly,
};

/// Opens (creating when missing) a SQLite database and migrates it to the current schema. The
/// desktop app asks for Checkpoints::Background; batch tools keep SQLite's default.
std::unique_ptr<Store> open_sqlite(const std::string& path,
                                   Checkpoints checkpoints = Checkpoints::Inline);
/// Opens a SQLite database as `mode` says (migrating it unless ReadOnly).
std::unique_ptr<Store> open_sqlite(const std::string& path, OpenMode mode,
                                   Checkpoints checkpoints = Checkpoints::Inline);

/// Replaces the SQLite database `path` with the backup `backup_file` after checking that the
/// backup is a VisitScore database this version can read and passes PRAGMA integrity_check.
/// The copy is made and migrated beside `path` and renamed over it; refused (StorageError,
/// nothing changed) while another connection has `path` open.
void restore_sqlite(const std::string& backup_file, const std::string& path);

/// The per-user database the GUI and the CLI open by default:
/// $VISITSCORE_DB, else $XDG_DATA_HOME/visitscore/visitscore.db, else ~/.local/share/….
std::string default_database_path();

} // namespace vs::storage
