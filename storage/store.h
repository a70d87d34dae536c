#pragma once
// The storage interface: everything the CLI, the app and the exports need from a database, as
// small role interfaces (one header each) that one composite Store combines. Code that needs
// one role takes that role; a new backend implements every role, and the contract suite
// (tests/storage/contract/) says when it behaves as documented. SQLite implements them today
// (sqlite_store.h) and PostgreSQL (pg_store.h), for a consultancy's team on one server.
//
//   TemplateStore      template_store.h      scorecard template versions
//   VisitStore         visit_store.h         import, visit list, load, drafts, status and edits
//   AttachmentStore    attachment_store.h    photos and receipts of a visit
//   OrganisationStore  organisation_store.h  clients, regions, branches, employees, shoppers
//   AuditStore         audit_store.h         the audit log and its hash chain
//   FactStore          fact_store.h          scores, details, trainings, calibration for reports
//   SettingsStore      settings_store.h      settings, the pseudonym key, read-only
//   MaintenanceStore   maintenance_store.h   backup, purge, rescore batches
//   AssignmentStore    assignment_store.h    assignments, their fees, shopper exclusions
//   DisputeStore       dispute_store.h       disputes of released visits and their decisions
//   NotificationStore  notification_store.h  alerts: the inbox, the e-mail outbox, addresses
//   ActionPlanStore    action_plan_store.h   branches' action plans after failed visits

#include "storage/action_plan_store.h"
#include "storage/assignment_store.h"
#include "storage/attachment_store.h"
#include "storage/audit_store.h"
#include "storage/dispute_store.h"
#include "storage/fact_store.h"
#include "storage/maintenance_store.h"
#include "storage/notification_store.h"
#include "storage/organisation_store.h"
#include "storage/settings_store.h"
#include "storage/template_store.h"
#include "storage/types.h"
#include "storage/visit_store.h"

#include <memory>
#include <string>

namespace vs::storage {

/// Every storage role of one database: what open_sqlite returns.
class Store : public TemplateStore,
              public VisitStore,
              public AttachmentStore,
              public OrganisationStore,
              public AuditStore,
              public FactStore,
              public SettingsStore,
              public MaintenanceStore,
              public AssignmentStore,
              public DisputeStore,
              public NotificationStore,
              public ActionPlanStore {
  public:
    ~Store() override = default;
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

/// Whether `location` names a PostgreSQL server database (a postgresql:// or postgres:// URI)
/// rather than a SQLite file.
bool is_server_location(const std::string& location);

/// Connects to a PostgreSQL server database (any libpq URI; passwords from ~/.pgpass,
/// PGPASSWORD or PGPASSFILE, never from the URI's caller) and, unless ReadOnly, migrates it.
/// MustExist and ReadOnly refuse a database without VisitScore's schema (InputError).
std::unique_ptr<Store> open_postgres(const std::string& uri, OpenMode mode = OpenMode::Create);

/// Opens a SQLite file or a PostgreSQL server database, as `location` says
/// (is_server_location); `checkpoints` applies to SQLite only.
std::unique_ptr<Store> open_store(const std::string& location, OpenMode mode,
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
