// visitscore-cli: the command line of FORMATS.md. Exit status 0 on success, 2 on bad input
// (with a message naming what and where), 1 on any other failure.

#include "cli/action_command.h"
#include "cli/alerts_command.h"
#include "cli/assign_command.h"
#include "cli/bundle_command.h"
#include "cli/commands.h"
#include "cli/dispute_command.h"
#include "cli/fees_command.h"
#include "cli/plan_command.h"
#include "cli/recognition_command.h"
#include "cli/risk_command.h"
#include "cli/server_commands.h"
#include "cli/survey_command.h"
#include "cli/voice_command.h"
#include "forms/describe.h"
#include "forms/error.h"
#include "forms/progress.h"
#include "storage/store.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <vector>

namespace {

/// What of the database's path does not exist before a command runs (the file, then each
/// missing folder upward), so that a command that fails removes what it created: refused input
/// leaves no database and no folder behind.
class CreatedOnFailure {
  public:
    explicit CreatedOnFailure(const std::string& db) {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (db.empty() || db == ":memory:" || db.rfind("file:", 0) == 0 ||
            vs::storage::is_server_location(db) || fs::exists(fs::symlink_status(db, ec)))
            return;
        fs::path p = fs::absolute(db, ec);
        if (ec)
            return;
        m_file = p.string();
        for (p = p.parent_path(); !p.empty() && p != p.root_path() && !fs::exists(p, ec);
             p = p.parent_path())
            m_folders.push_back(p);
    }
    /// Removes the database files and the (empty) folders the refused command created, unless
    /// the database holds data by now (another command stored into it meanwhile).
    void undo() const {
        if (m_file.empty())
            return;
        try {
            if (!vs::storage::open_sqlite(m_file, vs::storage::OpenMode::ReadOnly)
                     ->templates()
                     .empty())
                return;
        } catch (const std::exception&) {
            // not a database (yet): ours to remove
        }
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(m_file + suffix, ec);
        for (const auto& folder : m_folders)
            std::filesystem::remove(folder, ec); // only when empty
    }

  private:
    std::string m_file;
    std::vector<std::filesystem::path> m_folders; ///< deepest first
};

} // namespace

int main(int argc, char** argv) {
    using namespace vs::cli;
    CLI::App app{"VisitScore command line: scorecards, visits, reports."};
    app.require_subcommand(1);
    std::string db = vs::storage::default_database_path();
    app.add_option("--db", db,
                   "database file, or a server database as postgresql://user@host:port/name "
                   "(passwords from ~/.pgpass or PGPASSWORD) (default: the per-user database "
                   "the app opens)");

    std::function<int()> action;

    auto* init = app.add_subcommand("init", "create the database (idempotent)");
    init->callback([&] { action = [&] { return cmd_init(db); }; });

    auto* tpl = app.add_subcommand("template", "scorecard templates");
    tpl->require_subcommand(1);
    std::string tpl_file;
    std::vector<std::string> tpl_files;
    auto* tcheck = tpl->add_subcommand("check", "validate a template without a database");
    tcheck->add_option("FILE", tpl_file, "template JSON file")->required();
    tcheck->callback([&] { action = [&] { return cmd_template_check(tpl_file); }; });
    auto* timport = tpl->add_subcommand("import", "validate and store template versions");
    timport->add_option("FILE", tpl_files, "template JSON files")->required();
    timport->callback([&] { action = [&] { return cmd_template_import(db, tpl_files); }; });
    bool list_json = false;
    auto* tlist = tpl->add_subcommand("list", "stored templates and versions");
    tlist->add_flag("--json", list_json, "print JSON");
    tlist->callback([&] { action = [&] { return cmd_template_list(db, list_json); }; });
    TemplateToCsvOptions to_csv;
    auto* tto = tpl->add_subcommand("to-csv", "a scorecard as a spreadsheet (CSV, one row per "
                                              "question)");
    auto* to_id = tto->add_option("--id", to_csv.id, "a stored or bundled scorecard's id");
    tto->add_option("--version", to_csv.version, "its version (default: the newest)")
        ->needs(to_id)
        ->check(CLI::Range(1, 1000000));
    tto->add_option("FILE", to_csv.file, "or a template JSON file")->excludes(to_id);
    tto->add_option("-o,--output", to_csv.output, "the .csv file to write (default: stdout)");
    tto->callback([&] { action = [&] { return cmd_template_to_csv(db, to_csv); }; });
    TemplateFromCsvOptions from_csv;
    auto* tfrom = tpl->add_subcommand("from-csv", "a spreadsheet scorecard (CSV) back to JSON");
    tfrom->add_option("FILE", from_csv.file, "the .csv file")->required();
    tfrom->add_option("-o,--output", from_csv.output, "the .json file to write (default: stdout)");
    tfrom->add_flag("--import", from_csv.import, "also store the template version in the database");
    tfrom->callback([&] { action = [&] { return cmd_template_from_csv(db, from_csv); }; });

    auto* visits = app.add_subcommand("visits", "visit packages and scores");
    visits->require_subcommand(1);
    std::string visits_file;
    auto* vimport = visits->add_subcommand("import", "import a visit package (.json) or CSV file");
    vimport->add_option("FILE", visits_file, "package file")->required();
    vimport->callback([&] { action = [&] { return cmd_visits_import(db, visits_file); }; });
    std::optional<std::string> uuid;
    bool score_json = false;
    auto* vscore = visits->add_subcommand("score", "per-visit results");
    vscore->add_option("--uuid", uuid, "one visit");
    vscore->add_flag("--json", score_json, "print JSON");
    vscore->callback([&] { action = [&] { return cmd_visits_score(db, uuid, score_json); }; });
    add_risk_command(*visits, db, action);
    add_survey_commands(*visits, db, action);

    // Review steps: the rules of services/review_rules.h, as in the app.
    ReviewOptions review;
    for (const char* step : {"submit", "approve", "return", "exclude", "reopen"}) {
        const std::string name = step;
        auto* cmd = visits->add_subcommand(
            name, name == "approve"  ? "approve a submitted visit (never one you submitted, unless "
                                       "allow_self_approval is set)"
                  : name == "return" ? "return a submitted or approved visit to the shopper with a "
                                       "note"
                  : name == "exclude" ? "exclude a visit from every report, with a note"
                  : name == "submit"  ? "submit a draft or returned visit for review"
                                      : "reopen an approved or excluded visit for review, with a "
                                        "reason");
        cmd->add_option("--uuid", review.uuid, "the visit")->required();
        auto* note = cmd->add_option("--note", review.note,
                                     name == "approve" || name == "submit"
                                         ? "a note for the audit log"
                                         : "why (required; kept in the audit log)");
        cmd->add_option("--reason", review.note, "the same as --note")->excludes(note);
        cmd->add_option("--as", review.who, "who does it (default: the login name)");
        cmd->callback([&, name] {
            review.action = name;
            action = [&] { return cmd_visits_review(db, review); };
        });
    }

    auto* settings = app.add_subcommand("settings", "per-database settings");
    settings->require_subcommand(1);
    std::string setting_key, setting_value;
    auto* sset = settings->add_subcommand(
        "set",
        "change a setting: allow_self_approval true|false (a one-person office), user "
        "NAME, fees.default_cents, fees.currency, integrity.<threshold> (docs/integrity.md)");
    sset->add_option("KEY", setting_key, "allow_self_approval, user, fees.*, integrity.*")
        ->required();
    sset->add_option("VALUE", setting_value, "its value")->required();
    sset->callback(
        [&] { action = [&] { return cmd_settings_set(db, setting_key, setting_value); }; });
    auto* sget = settings->add_subcommand("get", "print a setting");
    sget->add_option("KEY", setting_key, "allow_self_approval or user")->required();
    sget->callback([&] { action = [&] { return cmd_settings_get(db, setting_key); }; });

    ReportOptions report;
    std::string by;
    auto* rep = app.add_subcommand("report", "aggregates by group keys and period");
    rep->add_option("--by", by,
                    "comma list of group keys: client, region, branch, employee, shopper, "
                    "template, and at most one of section, question")
        ->required();
    rep->add_option("--period", report.period, "month, quarter, week or year");
    rep->add_option("--client", report.client, "only this client (its name)");
    rep->add_option("--from", report.from, "first date, YYYY-MM-DD");
    rep->add_option("--to", report.to, "last date, YYYY-MM-DD");
    rep->add_option("--status", report.status,
                    "comma list of statuses, or all (default: approved)");
    rep->add_flag("--raw", report.raw, "aggregate raw performance instead of the reported score");
    rep->add_option("--min-n", report.min_n, "fewer visits than this is a low sample (default 3)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
    rep->add_flag("--survey", report.survey,
                  "aggregate customer survey responses (scorecards whose channel is survey), "
                  "with their NPS, instead of mystery visits");
    rep->add_flag("--json", report.json, "print JSON");
    rep->callback([&] {
        report.by.clear();
        std::size_t start = 0;
        while (start <= by.size()) {
            std::size_t end = std::min(by.find(',', start), by.size());
            if (end > start)
                report.by.push_back(by.substr(start, end - start));
            start = end + 1;
        }
        action = [&] { return cmd_report(db, report); };
    });

    std::size_t demo_visits = 5000;
    std::uint64_t demo_seed = 1;
    auto* demo = app.add_subcommand("demo", "fill the database with realistic synthetic data");
    demo->add_option("--visits", demo_visits,
                     "number of mystery visits (default 5000); survey responses come in addition")
        ->check(CLI::Range(std::size_t{0}, std::size_t{10000000}));
    demo->add_option("--seed", demo_seed, "random seed (default 1)");
    std::string demo_package;
    demo->add_option(
        "--package", demo_package,
        "write the visits to this visitscore.visits/1 package instead of the database");
    demo->callback([&] {
        action = [&] {
            return demo_package.empty() ? cmd_demo(db, demo_visits, demo_seed)
                                        : cmd_demo_package(demo_package, demo_visits, demo_seed);
        };
    });

    auto* training = app.add_subcommand("training", "training records and their measured effect");
    training->require_subcommand(1);
    std::string training_file;
    auto* tadd = training->add_subcommand("add", "validate and store a visitscore.training/1 file");
    tadd->add_option("FILE", training_file, "training records (JSON)")->required();
    tadd->callback([&] { action = [&] { return cmd_training_add(db, training_file); }; });
    TrainingEffectOptions effect;
    auto* teffect = training->add_subcommand("effect", "each training's effect against a control "
                                                       "group (difference in differences)");
    teffect->add_option("--window", effect.window, "days before and after the date (default 90)")
        ->check(CLI::Range(1, 3660));
    teffect->add_option("--client", effect.client, "only this client's trainings (its name)");
    teffect->add_flag("--json", effect.json, "print JSON");
    teffect->callback([&] { action = [&] { return cmd_training_effect(db, effect); }; });

    std::string backup_file;
    auto* backup = app.add_subcommand("backup", "copy the database while it is in use");
    backup->add_option("FILE", backup_file, "the backup file to write")->required();
    backup->callback([&] { action = [&] { return cmd_backup(db, backup_file); }; });
    auto* restore = app.add_subcommand(
        "restore", "replace the database with a checked backup (close the app first)");
    restore->add_option("FILE", backup_file, "the backup file to restore")->required();
    restore->callback([&] { action = [&] { return cmd_restore(db, backup_file); }; });

    std::string copy_from, copy_to;
    auto* copy = app.add_subcommand(
        "copy", "copy a whole database into an empty one: SQLite file or PostgreSQL server, "
                "either way (scorecards, visits, attachments, organisation, trainings, "
                "settings, the audit chain)");
    copy->add_option("--from", copy_from, "the database to copy: a file or postgresql://…")
        ->required();
    copy->add_option("--to", copy_to,
                     "the empty database to fill: a file (created when missing) or "
                     "postgresql://… (created with createdb)")
        ->required();
    copy->callback([&] { action = [&] { return cmd_copy(copy_from, copy_to); }; });

    auto* audit = app.add_subcommand("audit", "the review audit log");
    audit->require_subcommand(1);
    std::string audit_head;
    auto* averify = audit->add_subcommand(
        "verify", "recompute the hash chain; exit 1 naming the first edited or removed entry");
    averify->add_option("--head", audit_head,
                        "a head hash printed by an earlier verify, which must still be there");
    averify->callback([&] { action = [&] { return cmd_audit_verify(db, audit_head); }; });

    AuditLogOptions audit_log;
    auto* alog = audit->add_subcommand("log", "who changed what, across all visits");
    alog->add_option("--visit", audit_log.visit, "only this visit (its uuid)");
    alog->add_option("--who", audit_log.who, "only this person");
    alog->add_option("--branch", audit_log.branch, "only visits of this branch (its code)");
    alog->add_option("--action", audit_log.action,
                     "only this action: status, edit, purge or rescore");
    alog->add_option("--from", audit_log.from, "first date (UTC), YYYY-MM-DD");
    alog->add_option("--to", audit_log.to, "last date (UTC), YYYY-MM-DD");
    alog->add_flag("--json", audit_log.json, "print JSON");
    alog->callback([&] { action = [&] { return cmd_audit_log(db, audit_log); }; });

    std::string purge_before;
    std::string purge_who = "visitscore-cli";
    auto* purge = app.add_subcommand(
        "purge", "remove the personal data of visits before a date; scores stay");
    purge->add_option("--before", purge_before, "retention date, YYYY-MM-DD")->required();
    purge->add_option("--who", purge_who, "who purges, for the audit log");
    purge->callback([&] { action = [&] { return cmd_purge(db, purge_before, purge_who); }; });

    RescoreOptions rescore_options;
    auto* rescore = app.add_subcommand(
        "rescore", "recompute the stored scores that older scoring rules made, in one "
                   "transaction, with an audit entry per moved score");
    rescore->add_flag("--all", rescore_options.all, "recompute every visit, not only older ones");
    rescore->add_flag("--dry-run", rescore_options.dry_run, "show what would move; write nothing");
    rescore->add_option("--as", rescore_options.who, "who rescores (default: the login name)");
    rescore->add_flag("--json", rescore_options.json, "print JSON");
    rescore->callback([&] { action = [&] { return cmd_rescore(db, rescore_options); }; });

    CalibrationOptions calibration;
    auto* calib = app.add_subcommand("calibration", "evaluator agreement in calibration exercises");
    calib->add_option("--client", calibration.client, "only this client's visits (its name)");
    calib->add_option("--status", calibration.status,
                      "comma list of statuses, or all (default: submitted,approved)");
    calib->add_flag("--json", calibration.json, "print JSON");
    calib->callback([&] { action = [&] { return cmd_calibration(db, calibration); }; });

    ExportOptions exp;
    auto* exp_cmd = app.add_subcommand("export", "the client workbook and CSV exports");
    exp_cmd->require_subcommand(1);
    auto* xlsx = exp_cmd->add_subcommand("xlsx", "the client report workbook (approved visits)");
    xlsx->add_option("-o,--output", exp.output, "the .xlsx file to write")->required();
    xlsx->add_option("--client", exp.client, "only this client (its name)");
    xlsx->add_option("--from", exp.from, "first date, YYYY-MM-DD");
    xlsx->add_option("--to", exp.to, "last date, YYYY-MM-DD");
    xlsx->add_flag("--pseudonymise-staff", exp.pseudonymise_staff,
                   "show staff as stable pseudonyms (keyed by a secret of the database)");
    xlsx->add_option("--logo", exp.logo, "a PNG or JPEG logo for the Summary sheet");
    xlsx->callback([&] { action = [&] { return cmd_export_xlsx(db, exp); }; });
    auto* csv = exp_cmd->add_subcommand("csv", "one row per visit with every answer and score");
    csv->add_option("-o,--output", exp.output, "the .csv file to write")->required();
    csv->add_option("--client", exp.client, "only this client (its name)");
    csv->add_option("--from", exp.from, "first date, YYYY-MM-DD");
    csv->add_option("--to", exp.to, "last date, YYYY-MM-DD");
    csv->add_option("--status", exp.status, "comma list of statuses, or all (default: approved)");
    csv->callback([&] { action = [&] { return cmd_export_csv(db, exp); }; });

    add_plan_command(app, db, action);
    add_assign_command(app, db, action);
    add_dispute_command(app, db, action);
    add_alerts_command(app, db, action);
    add_action_command(app, db, action);
    add_recognition_command(app, db, action);
    add_fees_command(app, db, action);
    add_bundle_command(app, db, action);
    add_voice_command(app, db, action);
    add_server_commands(app, db, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    // The one place that turns exceptions into exit codes; their messages are vs::describe's
    // (a library's own text, such as exception class names, `[json.exception…]` or
    // `basic_filebuf`, never reaches the terminal).
    const CreatedOnFailure created(db);
    try {
        refuse_password(db, "--db"); // passwords come from ~/.pgpass or PGPASSWORD
        return action ? action() : 2;
    } catch (const vs::InputError&) {
        created.undo();
        std::cerr << "error: " << vs::describe(std::current_exception()) << "\n";
        return 2;
    } catch (const vs::Cancelled&) {
        created.undo();
        std::cerr << vs::describe(std::current_exception()) << "\n";
        return 1;
    } catch (...) {
        // Other failures (a busy or full disk) keep what is there for the next try.
        std::cerr << "error: " << vs::describe(std::current_exception()) << "\n";
        return 1;
    }
}
