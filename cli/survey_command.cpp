#include "cli/survey_command.h"

#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "services/survey_import.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

namespace vs::cli {
namespace {

struct SurveyImportOptions {
    std::string file;
    std::string client;
    std::string mapping; ///< a mapping file; empty: the client's saved mapping
    bool save_mapping = false;
    bool dry_run = false;
    bool json = false;
};

int cmd_import_survey(const std::string& db, const SurveyImportOptions& o) {
    // Both files are read and the mapping checked before the database is opened.
    std::optional<services::SurveyMapping> given;
    if (!o.mapping.empty())
        given = services::parse_survey_mapping(forms::read_file(o.mapping), o.mapping);
    else if (o.save_mapping)
        throw InputError("", "--save-mapping", "needs --mapping FILE: the mapping to save");
    const std::string text = forms::read_file(o.file);
    auto store =
        open_database(db, o.dry_run ? storage::OpenMode::ReadOnly : storage::OpenMode::MustExist);
    std::optional<services::SurveyMapping> mapping = given;
    if (!mapping)
        mapping = services::saved_survey_mapping(*store, o.client);
    if (!mapping)
        throw InputError("", "--mapping",
                         "no survey mapping is saved for \"" + o.client +
                             "\": give one with --mapping FILE (docs/survey-import.md)");
    // --save-mapping saves first, so that an account that may not write settings (a reviewer on
    // a server) is refused before any response is stored; a refused import puts the previous
    // mapping back.
    const bool saved = o.save_mapping && !o.dry_run;
    std::string previous;
    if (saved) {
        previous = store->setting(services::survey_mapping_key(o.client), "");
        services::save_survey_mapping(*store, o.client, *given, o.mapping);
    }
    TerminalProgress progress;
    services::SurveyImportReport r;
    try {
        r = services::import_survey_csv(*store, o.client, *mapping, text, o.file, o.dry_run,
                                        &progress);
    } catch (...) {
        if (saved)
            store->set_setting(services::survey_mapping_key(o.client), previous);
        throw;
    }
    if (o.json) {
        std::cout << nlohmann::ordered_json{{"file", o.file},           {"client", o.client},
                                            {"rows", r.rows},           {"added", r.added},
                                            {"unchanged", r.unchanged}, {"dry_run", o.dry_run},
                                            {"mapping_saved", saved}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    if (o.dry_run)
        std::cout << fmt::format("{}: {} responses checked; nothing was written (--dry-run)\n",
                                 o.file, r.rows);
    else
        std::cout << fmt::format("{}: {} responses imported, {} already stored\n", o.file, r.added,
                                 r.unchanged);
    if (saved)
        std::cout << fmt::format("The mapping is saved for \"{}\": later imports may leave out "
                                 "--mapping.\n",
                                 o.client);
    return 0;
}

struct MappingOptions {
    std::string client;
    std::string file;
};

int cmd_mapping_show(const std::string& db, const MappingOptions& o) {
    auto store = open_database(db, storage::OpenMode::ReadOnly);
    const auto m = services::saved_survey_mapping(*store, o.client);
    if (!m)
        throw InputError("", "--client", "no survey mapping is saved for \"" + o.client + "\"");
    std::cout << services::survey_mapping_json(*m) << "\n";
    return 0;
}

int cmd_mapping_set(const std::string& db, const MappingOptions& o) {
    const auto m = services::parse_survey_mapping(forms::read_file(o.file), o.file);
    auto store = open_database(db, storage::OpenMode::MustExist);
    services::save_survey_mapping(*store, o.client, m, o.file);
    std::cout << fmt::format("Survey mapping saved for \"{}\" ({} questions).\n", o.client,
                             m.questions.size());
    return 0;
}

int cmd_mapping_remove(const std::string& db, const MappingOptions& o) {
    auto store = open_database(db, storage::OpenMode::MustExist);
    if (services::remove_survey_mapping(*store, o.client))
        std::cout << fmt::format("Survey mapping of \"{}\" removed.\n", o.client);
    else
        std::cout << fmt::format("\"{}\" had no survey mapping.\n", o.client);
    return 0;
}

} // namespace

void add_survey_commands(CLI::App& visits, const std::string& db, std::function<int()>& action) {
    auto o = std::make_shared<SurveyImportOptions>();
    auto* imp = visits.add_subcommand(
        "import-survey", "import customer survey responses from a survey tool's CSV export "
                         "through a column mapping (docs/survey-import.md); all or nothing");
    imp->add_option("FILE", o->file, "the survey tool's .csv export")->required();
    imp->add_option("--client", o->client, "the client whose customers answered (its name)")
        ->required();
    imp->add_option("--mapping", o->mapping,
                    "the mapping file (visitscore.survey-mapping/1); default: the client's "
                    "saved mapping");
    imp->add_flag("--save-mapping", o->save_mapping,
                  "save --mapping as the client's mapping (put back as it was when the import is "
                  "refused)");
    imp->add_flag("--dry-run", o->dry_run, "check every row and write nothing");
    imp->add_flag("--json", o->json, "print JSON");
    imp->callback([&db, &action, o] { action = [&db, o] { return cmd_import_survey(db, *o); }; });

    auto* map = visits.add_subcommand(
        "survey-mapping", "a client's saved survey CSV column mapping (docs/survey-import.md)");
    map->require_subcommand(1);
    auto m = std::make_shared<MappingOptions>();
    auto* show = map->add_subcommand("show", "print the client's saved mapping (JSON)");
    show->add_option("--client", m->client, "the client (its name)")->required();
    show->callback([&db, &action, m] { action = [&db, m] { return cmd_mapping_show(db, *m); }; });
    auto* set = map->add_subcommand(
        "set", "check a mapping file against the client and its survey scorecard and save it");
    set->add_option("FILE", m->file, "the mapping file (visitscore.survey-mapping/1)")->required();
    set->add_option("--client", m->client, "the client (its name)")->required();
    set->callback([&db, &action, m] { action = [&db, m] { return cmd_mapping_set(db, *m); }; });
    auto* rm = map->add_subcommand("remove", "forget the client's saved mapping");
    rm->add_option("--client", m->client, "the client (its name)")->required();
    rm->callback([&db, &action, m] { action = [&db, m] { return cmd_mapping_remove(db, *m); }; });
}

} // namespace vs::cli
