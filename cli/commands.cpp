#include "cli/commands.h"

#include "cli/report_json.h"
#include "cli/terminal_progress.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "scoring/aggregate.h"
#include "storage/demo.h"
#include "storage/store.h"
#include "templates/bundled.h"

#include <fmt/core.h>

#include <algorithm>
#include <iostream>

namespace vs::cli {

using json = nlohmann::ordered_json;

namespace {

std::string lower_extension(const std::string& path) {
    auto dot = path.rfind('.');
    std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

std::string fmt_opt(const std::optional<double>& v, int decimals = 1) {
    return v ? fmt::format("{:.{}f}", *v, decimals) : "—";
}

int parse_date_option(const std::optional<std::string>& text, const char* option) {
    auto day = forms::parse_day(*text);
    if (!day || text->size() != 10)
        throw InputError("", option, "\"" + *text + "\" is not a date (YYYY-MM-DD)");
    return *day;
}

std::vector<forms::Status> parse_statuses(const std::string& text) {
    std::vector<forms::Status> out;
    if (text == "all")
        return out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = std::min(text.find(',', start), text.size());
        std::string name = text.substr(start, end - start);
        auto s = forms::status_from_string(name);
        if (!s)
            throw InputError("", "--status", "\"" + name + "\" is not a status (draft, submitted, "
                                             "approved, returned, excluded, or all)");
        out.push_back(*s);
        start = end + 1;
    }
    return out;
}

} // namespace

int cmd_init(const std::string& db) {
    auto store = storage::open_sqlite(db);
    std::cout << "Database ready: " << db << "\n";
    return 0;
}

int cmd_template_check(const std::string& file) {
    forms::Template t = forms::parse_template(forms::read_file(file), file);
    std::size_t scored = std::count_if(t.questions.begin(), t.questions.end(),
                                       [](const forms::Question& q) { return q.scored(); });
    std::cout << fmt::format("{}: \"{}\" version {} is valid: {} sections, {} questions ({} scored)\n",
                             file, t.id, t.version, t.sections.size(), t.questions.size(), scored);
    return 0;
}

int cmd_template_import(const std::string& db, const std::vector<std::string>& files) {
    // Check every file before storing any.
    std::vector<std::pair<std::string, forms::Template>> templates;
    for (const std::string& file : files)
        templates.emplace_back(file, forms::parse_template(forms::read_file(file), file));
    auto store = storage::open_sqlite(db);
    for (const auto& [file, t] : templates) {
        bool added = store->add_template(t, file);
        std::cout << fmt::format("{} \"{}\" version {}\n", added ? "Stored" : "Already stored:",
                                 t.id, t.version);
    }
    return 0;
}

int cmd_template_list(const std::string& db, bool as_json) {
    auto store = storage::open_sqlite(db);
    auto list = store->templates();
    if (as_json) {
        json arr = json::array();
        for (const auto& t : list)
            arr.push_back({{"id", t.id},
                           {"version", t.version},
                           {"name", t.name},
                           {"channel", t.channel},
                           {"visits", t.visits}});
        std::cout << json{{"templates", arr}}.dump(2) << "\n";
        return 0;
    }
    std::cout << fmt::format("{:<22} {:>7}  {:<36} {:>8}\n", "ID", "VERSION", "NAME", "VISITS");
    for (const auto& t : list)
        std::cout << fmt::format("{:<22} {:>7}  {:<36} {:>8}\n", t.id, t.version, t.name, t.visits);
    return 0;
}

int cmd_visits_import(const std::string& db, const std::string& file) {
    std::string text = forms::read_file(file);
    auto store = storage::open_sqlite(db);
    std::vector<forms::Visit> visits;
    if (lower_extension(file) == "csv") {
        visits = forms::parse_visit_csv(text, file, [&](const std::string& id, int version) {
            return store->find_template(id, version).get();
        });
    } else {
        visits = forms::parse_visit_package(text, file);
    }
    TerminalProgress progress;
    storage::ImportReport r = store->import_visits(visits, file, &progress);
    std::cout << fmt::format("{}: {} visits imported, {} already stored\n", file, r.added,
                             r.unchanged);
    return 0;
}

int cmd_visits_score(const std::string& db, const std::optional<std::string>& uuid, bool as_json) {
    auto store = storage::open_sqlite(db);
    storage::VisitFilter filter;
    filter.statuses.clear(); // every status
    filter.uuid = uuid;
    json arr = json::array();
    bool any = false;
    if (!as_json)
        std::cout << fmt::format("{:<36}  {:<18} {:<10} {:>6} {:>6}  {}\n", "UUID", "SCORECARD",
                                 "STATUS", "RAW", "SCORE", "CRITICAL");
    store->visit_scores(filter, [&](const storage::VisitScoreRow& row) {
        any = true;
        if (as_json) {
            arr.push_back(visit_score_json(row));
            return;
        }
        std::string crit;
        for (const auto& c : row.critical_failures)
            crit += (crit.empty() ? "" : ",") + c;
        std::cout << fmt::format("{:<36}  {:<18} {:<10} {:>6} {:>6}  {}\n", row.uuid,
                                 row.template_id + " v" + std::to_string(row.template_version),
                                 forms::to_string(row.status), fmt_opt(row.raw), fmt_opt(row.score),
                                 crit);
    });
    if (uuid && !any)
        throw InputError("", "--uuid", "no visit with uuid " + *uuid);
    if (as_json)
        std::cout << json{{"visits", arr}}.dump(2) << "\n";
    return 0;
}

int cmd_report(const std::string& db, const ReportOptions& o) {
    scoring::AggregateSpec spec;
    spec.use_raw = o.raw;
    spec.min_n = o.min_n;
    std::string item; // "section" or "question"
    for (const std::string& key : o.by) {
        if (key == "section" || key == "question") {
            if (!item.empty())
                throw InputError("", "--by", "use section or question, not both");
            item = key;
            continue;
        }
        if (key == "period")
            continue; // the period comes from --period
        auto k = scoring::group_key_from_string(key);
        if (!k)
            throw InputError("", "--by", "\"" + key + "\" is not a group key (client, region, "
                                                      "branch, employee, shopper, template, "
                                                      "section, question)");
        if (std::find(spec.keys.begin(), spec.keys.end(), *k) != spec.keys.end())
            throw InputError("", "--by", "\"" + key + "\" is named twice");
        spec.keys.push_back(*k);
    }
    if (!o.period.empty()) {
        auto p = forms::period_from_string(o.period);
        if (!p)
            throw InputError("", "--period", "\"" + o.period + "\" is not month, quarter, week or year");
        spec.period = *p;
    }
    storage::VisitFilter filter;
    filter.client = o.client;
    if (o.from)
        filter.from_day = parse_date_option(o.from, "--from");
    if (o.to)
        filter.to_day = parse_date_option(o.to, "--to");
    filter.statuses = parse_statuses(o.status);

    auto store = storage::open_sqlite(db);
    scoring::FactTable facts = store->load_facts(filter, item == "question");
    json groups = json::array();
    std::vector<std::vector<std::string>> rows;
    auto key_cells = [&](const scoring::GroupId& id) {
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < spec.keys.size(); ++i) {
            const std::string& v = scoring::key_value(facts, spec.keys[i], id.keys[i]);
            cells.push_back(id.keys[i] < 0 ? "(none)" : v);
        }
        if (spec.period != forms::Period::None)
            cells.push_back(id.period);
        return cells;
    };
    std::vector<std::string> header;
    for (auto k : spec.keys)
        header.emplace_back(scoring::to_string(k));
    if (spec.period != forms::Period::None)
        header.emplace_back("period");

    if (item == "question") {
        header.insert(header.end(), {"question", "n", "mean_f", "pass", "pass ci95", "na"});
        for (const auto& g : scoring::aggregate_questions(facts, spec)) {
            if (o.json) {
                groups.push_back(question_json(facts, spec, g));
                continue;
            }
            auto cells = key_cells(g.id);
            cells.push_back(facts.question_ids[g.id.item]);
            cells.push_back(std::to_string(g.n));
            cells.push_back(fmt_opt(g.mean_f, 3));
            cells.push_back(g.pass_rate ? fmt::format("{:.1f}%", 100 * *g.pass_rate) : "—");
            cells.push_back(g.pass_ci95 ? fmt::format("{:.1f}–{:.1f}%", 100 * g.pass_ci95->lo,
                                                      100 * g.pass_ci95->hi)
                                        : "—");
            cells.push_back(g.na_rate ? fmt::format("{:.1f}%", 100 * *g.na_rate) : "—");
            rows.push_back(std::move(cells));
        }
    } else {
        const bool sections = item == "section";
        if (sections)
            header.emplace_back("section");
        header.insert(header.end(), {"n", "mean", "ci95", "sd", "min", "median", "max", "pass",
                                     "critical", "target", "status"});
        auto groups_of = sections ? scoring::aggregate_sections(facts, spec)
                                  : scoring::aggregate_visits(facts, spec);
        for (const auto& g : groups_of) {
            if (o.json) {
                groups.push_back(group_json(facts, spec, g, sections ? "section" : nullptr));
                continue;
            }
            const auto& m = g.m;
            auto cells = key_cells(g.id);
            if (sections)
                cells.push_back(facts.section_ids[g.id.item]);
            cells.push_back(std::to_string(m.n) + (m.low_sample ? "*" : ""));
            cells.push_back(fmt_opt(m.mean));
            cells.push_back(m.ci95 ? fmt::format("{:.1f}–{:.1f}", m.ci95->lo, m.ci95->hi) : "—");
            cells.push_back(fmt_opt(m.sd));
            cells.push_back(fmt_opt(m.min));
            cells.push_back(fmt_opt(m.median));
            cells.push_back(fmt_opt(m.max));
            cells.push_back(m.pass_rate ? fmt::format("{:.0f}%", 100 * *m.pass_rate) : "—");
            cells.push_back(m.critical_fail_rate ? fmt::format("{:.1f}%", 100 * *m.critical_fail_rate)
                                                 : "—");
            cells.push_back(fmt_opt(m.target, 0));
            cells.push_back(m.status ? std::string(scoring::to_string(*m.status)) : "—");
            rows.push_back(std::move(cells));
        }
    }
    if (o.json) {
        std::cout << json{{"groups", groups}}.dump(2) << "\n";
        return 0;
    }
    std::vector<std::size_t> widths(header.size());
    auto width = [](const std::string& s) {
        std::size_t w = 0;
        for (unsigned char c : s)
            w += (c & 0xC0) != 0x80; // count code points, not bytes
        return w;
    };
    for (std::size_t c = 0; c < header.size(); ++c) {
        widths[c] = width(header[c]);
        for (const auto& r : rows)
            widths[c] = std::max(widths[c], width(r[c]));
    }
    auto print_row = [&](const std::vector<std::string>& r) {
        std::string line;
        for (std::size_t c = 0; c < r.size(); ++c)
            line += r[c] + std::string(widths[c] - width(r[c]) + 2, ' ');
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        std::cout << line << "\n";
    };
    print_row(header);
    for (const auto& r : rows)
        print_row(r);
    std::cout << rows.size() << " groups; * marks fewer than " << spec.min_n << " visits.\n";
    return 0;
}

int cmd_demo(const std::string& db, std::size_t visits, std::uint64_t seed) {
    auto store = storage::open_sqlite(db);
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [name, text] : templates::bundled()) {
        forms::Template t = forms::parse_template(text, std::string(name));
        store->add_template(t, std::string(name));
        templates.push_back(store->find_template(t.id, t.version));
    }
    storage::DemoOptions options;
    options.visits = visits;
    options.seed = seed;
    // Generate and store in batches, so that a million visits never sit in memory at once.
    constexpr std::size_t kBatch = 50000;
    std::vector<forms::Visit> batch;
    batch.reserve(std::min(visits, kBatch));
    storage::ImportReport r;
    TerminalProgress progress;
    auto flush = [&] {
        storage::ImportReport b = store->import_visits(batch, "demo", &progress);
        r.added += b.added;
        r.unchanged += b.unchanged;
        batch.clear();
    };
    std::vector<storage::Training> trainings =
        storage::make_demo_data(templates, options, [&](forms::Visit&& v) {
            batch.push_back(std::move(v));
            if (batch.size() == kBatch)
                flush();
        });
    if (!batch.empty())
        flush();
    store->add_trainings(trainings, "demo");
    std::cout << fmt::format("Demo data: {} visits added, {} already there, {} trainings, in {}\n",
                             r.added, r.unchanged, trainings.size(), db);
    return 0;
}

} // namespace vs::cli
