// visitscore-cli: the command line of FORMATS.md. Exit status 0 on success, 2 on bad input
// (with a message naming what and where), 1 on any other failure.

#include "cli/commands.h"
#include "forms/error.h"
#include "forms/progress.h"
#include "storage/store.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    using namespace vs::cli;
    CLI::App app{"VisitScore command line: scorecards, visits, reports."};
    app.require_subcommand(1);
    std::string db = vs::storage::default_database_path();
    app.add_option("--db", db, "database file (default: the per-user database the app opens)");

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
    rep->add_option("--min-n", report.min_n, "fewer visits than this is a low sample (default 3)");
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
    demo->add_option("--visits", demo_visits, "number of visits (default 5000)");
    demo->add_option("--seed", demo_seed, "random seed (default 1)");
    demo->callback([&] { action = [&] { return cmd_demo(db, demo_visits, demo_seed); }; });

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
    try {
        return action ? action() : 2;
    } catch (const vs::InputError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    } catch (const vs::Cancelled&) {
        std::cerr << "cancelled\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
