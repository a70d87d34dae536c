#include "cli/fees_command.h"

#include "cli/commands.h"
#include "forms/error.h"
#include "services/fees.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <iostream>
#include <memory>

namespace vs::cli {
namespace {

struct StatementOptions {
    std::string month;
    std::string shopper;
    std::string output;
};

int cmd_fees_statement(const std::string& db, const StatementOptions& o) {
    if (!services::valid_month(o.month))
        throw InputError("", "--month", "'" + o.month + "' is not a month as YYYY-MM");
    // Read-only: a statement changes nothing, and a file may be read by a shopper without
    // write access.
    const auto store = open_database(db, storage::OpenMode::ReadOnly);
    const auto st = services::fee_statements(*store, o.month, o.shopper);
    services::write_statements_file(o.output, st);
    std::size_t lines = 0;
    for (const auto& s : st.shoppers)
        lines += s.lines.size();
    std::cout << fmt::format("{}: {} shopper(s), {} approved visit(s), total {} {}\n", o.output,
                             st.shoppers.size(), lines, exports::format_cents(st.total_cents),
                             st.currency);
    return 0;
}

} // namespace

void add_fees_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto* fees = app.add_subcommand("fees", "shopper fees (admin: all; shopper: their own)");
    fees->require_subcommand(1);
    auto opts = std::make_shared<StatementOptions>();
    auto* st = fees->add_subcommand(
        "statement", "monthly statements: each shopper's approved visits of the month (by visit "
                     "date) with their fees and total, as .csv or .xlsx");
    st->add_option("--month", opts->month, "the month, YYYY-MM")->required();
    st->add_option("--shopper", opts->shopper, "only this shopper code");
    st->add_option("-o,--output", opts->output, "the .csv or .xlsx file to write")->required();
    st->callback(
        [&db, &action, opts] { action = [&db, opts] { return cmd_fees_statement(db, *opts); }; });
}

} // namespace vs::cli
