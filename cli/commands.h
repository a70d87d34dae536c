#pragma once
// The commands of visitscore-cli; main.cpp parses the arguments and calls these.

#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vs::cli {

struct ReportOptions {
    std::vector<std::string> by;
    std::string period;
    std::optional<std::string> client;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::string status = "approved";
    bool raw = false;
    std::size_t min_n = 3;
    bool survey = false; ///< customer survey responses instead of mystery visits
    bool json = false;
};

int cmd_init(const std::string& db);
int cmd_template_check(const std::string& file);
int cmd_template_import(const std::string& db, const std::vector<std::string>& files);
int cmd_template_list(const std::string& db, bool json);
/// `template to-csv (--id ID [--version N] | FILE) [-o OUT]`: a scorecard from the
/// database, the bundled ones or a JSON file as the spreadsheet layout of forms/template_csv.h.
struct TemplateToCsvOptions {
    std::string id;
    std::optional<int> version; ///< newest when absent
    std::string file;
    std::string output; ///< stdout when empty
};
int cmd_template_to_csv(const std::string& db, const TemplateToCsvOptions& options);
/// `template from-csv FILE [-o OUT] [--import]`: validates a spreadsheet scorecard and writes its
/// JSON (stdout without -o) and/or stores it; nothing is written when anything fails.
struct TemplateFromCsvOptions {
    std::string file;
    std::string output;
    bool import = false;
};
int cmd_template_from_csv(const std::string& db, const TemplateFromCsvOptions& options);
int cmd_visits_import(const std::string& db, const std::string& file);
int cmd_visits_score(const std::string& db, const std::optional<std::string>& uuid, bool json);
int cmd_report(const std::string& db, const ReportOptions& options);
int cmd_demo(const std::string& db, std::size_t visits, std::uint64_t seed);

/// Reliability and privacy: backup, restore, audit verify, purge.
int cmd_backup(const std::string& db, const std::string& file);
int cmd_restore(const std::string& db, const std::string& file);
int cmd_audit_verify(const std::string& db, const std::string& recorded_head);
int cmd_purge(const std::string& db, const std::string& before, const std::string& who);
/// `demo --package FILE`: the same synthetic visits written to a visitscore.visits/1 package
/// (streamed, no database; the trainings are not part of a package).
int cmd_demo_package(const std::string& file, std::size_t visits, std::uint64_t seed);

/// `training add FILE`: validates a visitscore.training/1 file and stores its records.
int cmd_training_add(const std::string& db, const std::string& file);
struct TrainingEffectOptions {
    int window = 90; ///< days before and after the training date
    std::optional<std::string> client;
    bool json = false;
};
/// `training effect`: each stored training's effect (SCORING.md §7).
int cmd_training_effect(const std::string& db, const TrainingEffectOptions& options);
struct CalibrationOptions {
    std::optional<std::string> client;
    std::string status = "submitted,approved";
    bool json = false;
};
/// `calibration`: evaluator agreement per calibration exercise (SCORING.md §8).
int cmd_calibration(const std::string& db, const CalibrationOptions& options);

/// `export xlsx` and `export csv`.
struct ExportOptions {
    std::string output;
    std::optional<std::string> client;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::string status = "approved"; ///< csv only; the workbook always counts approved visits
    bool pseudonymise_staff = false;
    std::optional<std::string> logo;
};
int cmd_export_xlsx(const std::string& db, const ExportOptions& options);
int cmd_export_csv(const std::string& db, const ExportOptions& options);

/// `visits approve|return|exclude|reopen --uuid U [--note TEXT] [--as NAME]`: one review step
/// as services/review_rules.h allows it (exit 2, nothing written, when it does not).
struct ReviewOptions {
    std::string action; ///< approve, return, exclude, reopen
    std::string uuid;
    std::string note; ///< --note or --reason
    std::string who;  ///< --as; the OS user when empty
};
int cmd_visits_review(const std::string& db, const ReviewOptions& options);

/// `settings set KEY VALUE` / `settings get KEY`: the per-database settings people may change
/// (allow_self_approval, user).
int cmd_settings_set(const std::string& db, const std::string& key, const std::string& value);
int cmd_settings_get(const std::string& db, const std::string& key);

/// `audit log [--visit U] [--who NAME] [--branch CODE] [--action A] [--from D] [--to D] [--json]`.
struct AuditLogOptions {
    std::optional<std::string> visit;
    std::optional<std::string> who;
    std::optional<std::string> branch;
    std::optional<std::string> action;
    std::optional<std::string> from;
    std::optional<std::string> to;
    bool json = false;
};
int cmd_audit_log(const std::string& db, const AuditLogOptions& options);

/// `rescore [--all] [--dry-run] [--json] [--as NAME]`: recomputes the stored scores that older
/// scoring rules made (services/rescore.h) in one transaction and prints what moved.
struct RescoreOptions {
    bool all = false;
    bool dry_run = false;
    bool json = false;
    std::string who; ///< --as; the OS user when empty
};
int cmd_rescore(const std::string& db, const RescoreOptions& options);

/// `copy --from A --to B`: the whole database A into the empty database B, each a SQLite file
/// or a postgresql:// server database (storage/copy.h).
int cmd_copy(const std::string& from, const std::string& to);

/// InputError naming `option` when `location` is a server address that carries a password
/// (user:password@ or ?password=): passwords come from ~/.pgpass or PGPASSWORD, never from
/// the command line.
void refuse_password(const std::string& location, const std::string& option);

/// Called while handling a failure to connect to `db`: when the server wants a password that
/// libpq found nowhere (~/.pgpass, PGPASSWORD) and there is a terminal, asks for it there and
/// hands it to libpq (PGPASSWORD, this process only), and the caller connects again; otherwise
/// rethrows, saying where a password comes from when the server wants one.
void ask_password_or_rethrow(const std::string& db);

/// Opens a SQLite file or a server database as `mode` says; when the server wants a password
/// that libpq found nowhere and there is a terminal, asks for it there.
std::unique_ptr<storage::Store> open_database(const std::string& db, storage::OpenMode mode);

/// `text` (set) as a day: InputError naming `option` when it is not a date (YYYY-MM-DD) or not
/// a plausible one (the range of a visit's date).
int parse_date_option(const std::optional<std::string>& text, const char* option);

/// The login name of the person running the command (the audit log's default "who").
std::string os_user();

/// Prints a table with columns padded to their widest cell; columns `first_number` up to (not
/// including) `end_number` hold numbers and are right-aligned so that their digits line up.
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, std::size_t first_number,
                 std::size_t end_number = static_cast<std::size_t>(-1));

} // namespace vs::cli
