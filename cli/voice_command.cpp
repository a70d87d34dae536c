#include "cli/voice_command.h"

#include "cli/commands.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "scoring/visit_score.h"
#include "services/voice.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/core.h>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace vs::cli {
namespace {

struct VoiceCliOptions {
    std::string client;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::optional<std::string> measure;
    std::optional<long long> min_responses;
    std::optional<long long> min_n;
    bool json = false;
};

/// The largest threshold accepted, as for the settings.
constexpr long long kMaxThreshold = 100000;

std::size_t checked_threshold(long long value, const char* option, const char* what) {
    if (value < 1 || value > kMaxThreshold)
        throw InputError(
            "", option,
            fmt::format("{} is not a number of {} (1 to {})", value, what, kMaxThreshold));
    return static_cast<std::size_t>(value);
}

/// The stored settings with the options' overrides, checked before anything is read.
scoring::VoiceOptions voice_options(storage::SettingsStore& store, const VoiceCliOptions& o) {
    scoring::VoiceOptions v = services::voice_settings(store);
    if (o.measure) {
        const auto m = services::voice_measure_from_string(*o.measure);
        if (!m)
            throw InputError("", "--measure", "\"" + *o.measure + "\" is not nps or score");
        v.measure = *m;
    }
    if (o.min_responses)
        v.min_responses = checked_threshold(*o.min_responses, "--min-responses", "responses");
    if (o.min_n)
        v.min_n = checked_threshold(*o.min_n, "--min-n", "mystery visits");
    return v;
}

/// One decimal, rounded half away from zero (SCORING.md §3), or "—".
std::string one_decimal(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}", scoring::round1(*v)) : "—";
}

std::string two_decimals(const std::optional<double>& v) {
    return v ? fmt::format("{:.2f}", *v) : "—";
}

std::string p_text(const std::optional<double>& p) {
    if (!p)
        return "—";
    return *p < 0.001 ? "<0.001" : fmt::format("{:.3f}", *p);
}

int cmd_voice(const std::string& db, const VoiceCliOptions& o) {
    services::VoiceQuery query;
    query.client = o.client;
    if (o.from)
        query.from_day = parse_date_option(o.from, "--from");
    if (o.to)
        query.to_day = parse_date_option(o.to, "--to");
    if (query.from_day && query.to_day && *query.from_day > *query.to_day)
        throw InputError("", "--to", "\"" + *o.to + "\" is before --from \"" + *o.from + "\"");

    const auto store = open_database(db, storage::OpenMode::ReadOnly);
    const scoring::VoiceOptions options = voice_options(*store, o);
    const services::VoiceFacts facts = services::read_voice_facts(*store, query, "--client");
    const services::CustomerVoice cv = services::customer_voice(facts, options);

    if (o.json) {
        std::cout << scoring::voice_json(cv.voice).dump(2) << "\n";
        return 0;
    }

    const bool nps = options.measure == scoring::VoiceMeasure::Nps;
    const std::string range =
        (query.from_day ? forms::day_to_string(*query.from_day) : std::string("the first visit")) +
        " to " + (query.to_day ? forms::day_to_string(*query.to_day) : std::string("the last"));
    std::cout << "Customer voice of " << o.client << ", " << range << " (approved visits)\n\n";
    if (cv.voice.branches.empty()) {
        std::cout << "No approved survey responses or mystery visits in this range.\n";
        return 0;
    }

    std::map<std::string, const scoring::VoicePeriodRow*> by_branch;
    const std::vector<scoring::VoicePeriodRow> rows =
        services::voice_periods(facts, forms::Period::None);
    for (const scoring::VoicePeriodRow& r : rows)
        by_branch[r.branch] = &r;
    const std::vector<std::string> header = {
        "branch",     "name",         "responses",      "NPS",           "promoters", "passives",
        "detractors", "survey score", "mystery visits", "mystery score", ""};
    std::vector<std::vector<std::string>> table;
    for (const scoring::VoiceBranch& b : cv.voice.branches) {
        const auto it = by_branch.find(b.branch);
        const scoring::VoicePeriodRow* r = it == by_branch.end() ? nullptr : it->second;
        const auto name = facts.branch_names.find(b.branch);
        table.push_back(
            {b.branch, name == facts.branch_names.end() ? "" : name->second,
             std::to_string(r ? r->responses : 0), one_decimal(b.nps.nps),
             std::to_string(b.nps.promoters), std::to_string(b.nps.passives),
             std::to_string(b.nps.detractors), one_decimal(r ? r->survey_score : std::nullopt),
             std::to_string(b.n_mystery), one_decimal(r ? r->mystery_score : std::nullopt),
             b.m < options.min_responses ? "few responses" : ""});
    }
    print_table(std::cout, header, table, 2);

    std::cout << fmt::format("\nDrivers: each behaviour's mystery-shop score against the "
                             "customers' {} across branches\n\n",
                             nps ? "NPS" : "mean survey score");
    const std::vector<std::string> driver_header = {
        "behaviour",
        "k",
        "r",
        "95% CI",
        "p",
        nps ? "slope (NPS points per score point)" : "slope (survey points per score point)"};
    std::vector<std::vector<std::string>> drivers;
    for (const scoring::VoiceDriver& d : cv.voice.drivers) {
        const auto title = cv.section_titles.find(d.section);
        const std::string name = d.visit                            ? "Visit score"
                                 : title != cv.section_titles.end() ? title->second
                                                                    : d.section;
        drivers.push_back(
            {name, std::to_string(d.k), two_decimals(d.r),
             d.ci95 ? two_decimals(d.ci95->lo) + " to " + two_decimals(d.ci95->hi) : "—",
             p_text(d.p), one_decimal(d.slope)});
    }
    print_table(std::cout, driver_header, drivers, 1);
    std::cout << fmt::format(
        "\nk: branches taking part (at least {} responses that gave the {} and {} mystery visits "
        "scoring the behaviour); r needs 4 and both sides varying. {}\n",
        options.min_responses, nps ? "NPS rating" : "survey score", options.min_n,
        services::kVoiceCaveat);
    return 0;
}

} // namespace

void add_voice_command(CLI::App& app, const std::string& db, std::function<int()>& action) {
    auto options = std::make_shared<VoiceCliOptions>();
    auto* voice = app.add_subcommand(
        "voice", "customer voice per branch beside its mystery-shop score, and which behaviours "
                 "go with it across branches (SCORING.md §10)");
    voice->add_option("--client", options->client, "the client (its name)")->required();
    voice->add_option("--from", options->from, "first date, YYYY-MM-DD (visits' local dates)");
    voice->add_option("--to", options->to, "last date, YYYY-MM-DD");
    voice->add_option("--measure", options->measure,
                      "nps (default: the setting voice.measure, else nps) or score (the mean "
                      "survey score)");
    voice->add_option("--min-responses", options->min_responses,
                      "responses a branch needs to take part (default: the setting "
                      "voice.min_responses, else 10)");
    voice->add_option("--min-n", options->min_n,
                      "mystery visits scoring a behaviour a branch needs to take part for it "
                      "(default: the setting voice.min_n, else 3)");
    voice->add_flag("--json", options->json, "print JSON (FORMATS.md)");
    voice->callback(
        [&action, &db, options] { action = [&db, options] { return cmd_voice(db, *options); }; });
}

} // namespace vs::cli
