#include "cli/bundle_command.h"

#include "cli/commands.h"
#include "cli/terminal_progress.h"
#include "services/bundle.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <iostream>
#include <memory>

namespace vs::cli {
namespace {

struct BundleOptions {
    std::string shopper;
    std::string client;
    std::string from;
    std::string output;
    std::string file;
    bool all = false;
};

} // namespace

void add_bundle_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto o = std::make_shared<BundleOptions>();
    auto* bundle = app.add_subcommand("bundle", "field bundles: assignments out, visits and photos "
                                                "back (docs/bundles.md)");
    bundle->require_subcommand(1);

    auto* out = bundle->add_subcommand(
        "assignments", "write an assignment bundle for one shopper (consultancy side)");
    out->add_option("--shopper", o->shopper, "the shopper's code")->required();
    out->add_option("--client", o->client, "only this client's assignments (its name)");
    out->add_option("--from", o->from, "who sends it (default: consultancy)");
    out->add_option("-o,--output", o->output, "the bundle file to write")->required();
    out->callback([&action, &db, o] {
        action = [&db, o] {
            auto store = open_database(db, storage::OpenMode::MustExist);
            TerminalProgress progress;
            services::BundleReport r = services::write_assignment_bundle(
                *store, o->output, {o->shopper, o->client, o->from}, &progress);
            std::cout << fmt::format("{}: {} assignments, {} scorecard versions, {} bytes\n",
                                     o->output, r.assignments, r.templates, r.bytes);
            return 0;
        };
    });

    auto* open = bundle->add_subcommand(
        "open", "store an assignment bundle's assignments and scorecards (shopper side)");
    open->add_option("FILE", o->file, "the assignment bundle")->required();
    open->callback([&action, &db, o] {
        action = [&db, o] {
            services::read_bundle_manifest(o->file); // a bad file never creates a database
            auto store = open_database(db, storage::OpenMode::CreateOnDisk);
            TerminalProgress progress;
            services::BundleReport r = services::open_assignment_bundle(*store, o->file, &progress);
            std::cout << fmt::format("{}: {} assignments, {} new scorecard versions\n", o->file,
                                     r.assignments, r.templates);
            return 0;
        };
    });

    auto* back = bundle->add_subcommand(
        "visits", "write a return bundle of submitted visits and their photos (shopper side)");
    back->add_option("--shopper", o->shopper, "only this shopper's visits (code)");
    back->add_flag("--all", o->all, "every submitted visit, also those sent before");
    back->add_option("--from", o->from, "who sends it (default: the shopper's code)");
    back->add_option("-o,--output", o->output, "the bundle file to write")->required();
    back->callback([&action, &db, o] {
        action = [&db, o] {
            auto store = open_database(db, storage::OpenMode::MustExist);
            TerminalProgress progress;
            services::BundleReport r = services::write_return_bundle(
                *store, o->output, {o->shopper, !o->all, o->from}, &progress);
            std::cout << fmt::format("{}: {} visits, {} photos, {} bytes\n", o->output,
                                     r.visits_added, r.photos_added, r.bytes);
            return 0;
        };
    });

    auto* in = bundle->add_subcommand("import",
                                      "import a return bundle, all or nothing (consultancy side)");
    in->add_option("FILE", o->file, "the return bundle")->required();
    in->callback([&action, &db, o] {
        action = [&db, o] {
            services::read_bundle_manifest(o->file);
            auto store = open_database(db, storage::OpenMode::MustExist);
            TerminalProgress progress;
            services::BundleReport r = services::import_return_bundle(*store, o->file, &progress);
            std::cout << fmt::format("{}: {} visits added, {} already stored; {} photos added, {} "
                                     "already stored\n",
                                     o->file, r.visits_added, r.visits_unchanged, r.photos_added,
                                     r.photos_unchanged);
            return 0;
        };
    });
}

} // namespace vs::cli
