#include "cli/commands.h"

#include "cli/action_command.h"
#include "cli/dispute_command.h"
#include "cli/report_json.h"
#include "cli/terminal_progress.h"
#include "cli/terminal_secret.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "scoring/aggregate.h"
#include "scoring/visit_score.h"
#include "services/action_plans.h"
#include "services/alerts.h"
#include "services/disputes.h"
#include "services/export.h"
#include "services/fees.h"
#include "services/import.h"
#include "services/integrity.h"
#include "services/plan.h"
#include "services/recognition.h"
#include "services/rescore.h"
#include "services/review.h"
#include "services/training.h"
#include "services/voice.h"
#include "storage/copy.h"
#include "storage/demo.h"
#include "storage/demo_doubtful.h"
#include "storage/store.h"
#include "templates/bundled.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vs::cli {

using json = nlohmann::ordered_json;

namespace {

/// Display width: code points, not bytes ("—" and "–" are one column each).
std::size_t display_width(const std::string& s) {
    std::size_t w = 0;
    for (unsigned char c : s)
        w += (c & 0xC0) != 0x80;
    return w;
}

/// A number for people: one decimal rounded half away from zero (SCORING.md §3), or `decimals`.
std::string fmt_num(double v, int decimals = 1) {
    if (decimals == 1)
        return fmt::format("{:.1f}", scoring::round1(v));
    return fmt::format("{:.{}f}", v, decimals);
}

std::string fmt_opt(const std::optional<double>& v, int decimals = 1) {
    return v ? fmt_num(*v, decimals) : "—";
}

/// A share as a percentage with one decimal ("58.3%"), or "—".
std::string fmt_pct(const std::optional<double>& v) {
    return v ? fmt_num(100 * *v) + "%" : "—";
}

/// "lo–hi", or "—".
std::string fmt_interval(const std::optional<scoring::Interval>& v, bool percent = false) {
    if (!v)
        return "—";
    const double k = percent ? 100 : 1;
    return fmt_num(k * v->lo) + "–" + fmt_num(k * v->hi) + (percent ? "%" : "");
}

} // namespace

int parse_date_option(const std::optional<std::string>& text, const char* option) {
    auto day = forms::parse_day(*text);
    if (!day || text->size() != 10)
        throw InputError("", option, "\"" + *text + "\" is not a date (YYYY-MM-DD)");
    if (!forms::plausible_day(*day)) // the same range as a visit's date
        throw InputError("", option, forms::implausible_date_message(*text));
    return *day;
}

/// Prints a table with columns padded to their widest cell; columns `first_number` up to (not
/// including) `end_number` hold numbers and are right-aligned so that their digits line up.
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, std::size_t first_number,
                 std::size_t end_number) {
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        widths[c] = display_width(header[c]);
        for (const auto& r : rows)
            widths[c] = std::max(widths[c], display_width(r[c]));
    }
    auto print_row = [&](const std::vector<std::string>& r) {
        std::string line;
        for (std::size_t c = 0; c < r.size(); ++c) {
            const std::string pad(widths[c] - display_width(r[c]), ' ');
            line += c >= first_number && c < end_number ? pad + r[c] : r[c] + pad;
            line += "  ";
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << "\n";
    };
    print_row(header);
    for (const auto& r : rows)
        print_row(r);
}

namespace {

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
            throw InputError("", "--status",
                             "\"" + name +
                                 "\" is not a status (draft, submitted, "
                                 "approved, returned, excluded, or all)");
        out.push_back(*s);
        start = end + 1;
    }
    return out;
}

/// Whether a connection failed because the server wants a password libpq found nowhere.
bool wants_password(const std::string& message) {
    return message.find("no password supplied") != std::string::npos;
}

} // namespace

void refuse_password(const std::string& location, const std::string& option) {
    if (!storage::is_server_location(location))
        return;
    const std::size_t start = location.find("://") + 3;
    const std::size_t end = std::min(location.find_first_of("/?", start), location.size());
    const std::string authority = location.substr(start, end - start);
    const std::size_t at = authority.rfind('@');
    const bool in_user =
        at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos;
    const std::size_t query = location.find('?');
    const bool in_query =
        query != std::string::npos && (location.find("?password=", query) == query ||
                                       location.find("&password=", query) != std::string::npos);
    if (in_user || in_query)
        throw InputError("", option,
                         "the server address carries a password, which every user of this "
                         "machine can read (process list, shell history); give the address "
                         "without it and keep the password in ~/.pgpass "
                         "(host:port:database:user:password, chmod 600) or PGPASSWORD");
}

void ask_password_or_rethrow(const std::string& db) {
    std::string message;
    try {
        throw;
    } catch (const storage::StorageError& e) {
        message = e.what();
    }
    if (!storage::is_server_location(db) || !wants_password(message))
        throw;
    // libpq found no password (~/.pgpass, PGPASSWORD): ask for it on the terminal, once, and
    // hand it to libpq through its own variable for this process's connections.
    if (::isatty(0) && !std::getenv("PGPASSWORD")) {
        const std::optional<std::string> password = read_secret("Password for " + db + ": ");
        if (password && !password->empty()) {
            ::setenv("PGPASSWORD", password->c_str(), 1);
            return;
        }
    }
    throw storage::StorageError(message +
                                "\nthe server asks for a password: keep it in ~/.pgpass "
                                "(host:port:database:user:password, chmod 600) or PGPASSWORD, "
                                "or run the command on a terminal to be asked for it");
}

std::unique_ptr<storage::Store> open_database(const std::string& db, storage::OpenMode mode) {
    try {
        return storage::open_store(db, mode);
    } catch (const storage::StorageError&) {
        ask_password_or_rethrow(db);
    }
    return storage::open_store(db, mode);
}

namespace {

/// The database for a command that stores something: created when missing, never in memory.
std::unique_ptr<storage::Store> open_for_writing(const std::string& db) {
    return open_database(db, storage::OpenMode::CreateOnDisk);
}

/// The database for a command that only reads: never created, written or migrated.
std::unique_ptr<storage::Store> open_for_reading(const std::string& db) {
    return open_database(db, storage::OpenMode::ReadOnly);
}

} // namespace

int cmd_init(const std::string& db) {
    auto store = open_for_writing(db);
    std::cout << "Database ready: " << db << "\n";
    return 0;
}

int cmd_template_check(const std::string& file) {
    forms::Template t = forms::parse_template(forms::read_file(file), file);
    std::size_t scored = std::count_if(t.questions.begin(), t.questions.end(),
                                       [](const forms::Question& q) { return q.scored(); });
    std::cout << fmt::format(
        "{}: \"{}\" version {} is valid: {} sections, {} questions ({} scored)\n", file, t.id,
        t.version, t.sections.size(), t.questions.size(), scored);
    return 0;
}

int cmd_template_import(const std::string& db, const std::vector<std::string>& files) {
    // Check every file before the database is touched, then store all or none.
    const std::vector<services::TemplateFile> batch = services::read_template_files(files);
    const std::vector<bool> added = services::store_templates(*open_for_writing(db), batch);
    for (std::size_t i = 0; i < batch.size(); ++i)
        std::cout << fmt::format("{} \"{}\" version {}\n",
                                 added[i] ? "Stored" : "Already stored:", batch[i].tpl.id,
                                 batch[i].tpl.version);
    return 0;
}

int cmd_template_list(const std::string& db, bool as_json) {
    auto store = open_for_reading(db);
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
    // The database is open while the file is read; main() removes a database (and folders)
    // created for a file that is then refused.
    const services::VisitFile visit_file = services::read_visit_file(file); // before the database
    TerminalProgress progress;
    const storage::ImportReport r =
        services::import_visit_file(*open_for_writing(db), visit_file, &progress);
    std::cout << fmt::format("{}: {} visits imported, {} already stored\n", file, r.added,
                             r.unchanged);
    return 0;
}

int cmd_visits_score(const std::string& db, const std::optional<std::string>& uuid, bool as_json) {
    auto store = open_for_reading(db);
    storage::VisitFilter filter;
    filter.statuses.clear();                       // every status
    filter.kind = storage::VisitFilter::Kind::Any; // mystery visits and survey responses
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
            throw InputError("", "--by",
                             "\"" + key +
                                 "\" is not a group key (client, region, "
                                 "branch, employee, shopper, template, "
                                 "section, question)");
        if (std::find(spec.keys.begin(), spec.keys.end(), *k) != spec.keys.end())
            throw InputError("", "--by", "\"" + key + "\" is named twice");
        if (o.survey && *k == scoring::GroupKey::Shopper)
            throw InputError("", "--by",
                             "customer survey responses have no shopper (--survey): group them "
                             "by client, region, branch, employee or template");
        spec.keys.push_back(*k);
    }
    if (!o.period.empty()) {
        auto p = forms::period_from_string(o.period);
        if (!p)
            throw InputError("", "--period",
                             "\"" + o.period + "\" is not month, quarter, week or year");
        spec.period = *p;
    }
    storage::VisitFilter filter;
    filter.client = o.client;
    if (o.from)
        filter.from_day = parse_date_option(o.from, "--from");
    if (o.to)
        filter.to_day = parse_date_option(o.to, "--to");
    filter.statuses = parse_statuses(o.status);
    // Customer survey responses are aggregated on their own, never mixed into mystery visits'
    // figures (SCORING.md §4, §10).
    filter.kind =
        o.survey ? storage::VisitFilter::Kind::Survey : storage::VisitFilter::Kind::Mystery;

    auto store = open_for_reading(db);
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
        header.insert(header.end(), {"question", "n", "mean f", "pass", "pass 95% CI", "NA"});
        for (const auto& g : scoring::aggregate_questions(facts, spec)) {
            if (o.json) {
                groups.push_back(question_json(facts, spec, g));
                continue;
            }
            auto cells = key_cells(g.id);
            cells.push_back(facts.question_ids[g.id.item]);
            cells.push_back(std::to_string(g.n) + (g.n < spec.min_n ? "*" : " "));
            cells.push_back(fmt_opt(g.mean_f, 3));
            cells.push_back(fmt_pct(g.pass_rate));
            cells.push_back(fmt_interval(g.pass_ci95, true));
            cells.push_back(fmt_pct(g.na_rate));
            rows.push_back(std::move(cells));
        }
    } else {
        const bool sections = item == "section";
        if (sections)
            header.emplace_back("section");
        header.insert(header.end(),
                      {"n", "mean", "95% CI", "sd", "min", "median", "max", "pass", "critical"});
        const bool with_nps = o.survey && !sections; // NPS (§6) of each group's responses
        if (with_nps)
            header.insert(header.end(), {"NPS", "NPS n"});
        header.insert(header.end(), {"target", "status"});
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
            cells.push_back(std::to_string(m.n) + (m.low_sample ? "*" : " "));
            cells.push_back(fmt_opt(m.mean));
            cells.push_back(fmt_interval(m.ci95));
            cells.push_back(fmt_opt(m.sd));
            cells.push_back(fmt_opt(m.min));
            cells.push_back(fmt_opt(m.median));
            cells.push_back(fmt_opt(m.max));
            cells.push_back(fmt_pct(m.pass_rate));
            cells.push_back(fmt_pct(m.critical_fail_rate));
            if (with_nps) {
                cells.push_back(g.nps.nps ? fmt_num(*g.nps.nps, 0) : "—");
                cells.push_back(std::to_string(g.nps.n));
            }
            // One target is shown whole; a mean of several targets with its decimal.
            cells.push_back(!m.target                            ? "—"
                            : *m.target == std::floor(*m.target) ? fmt_num(*m.target, 0)
                                                                 : fmt_num(*m.target));
            cells.push_back(m.status ? std::string(scoring::to_string(*m.status)) : "—");
            rows.push_back(std::move(cells));
        }
    }
    if (o.json) {
        std::cout << json{{"groups", groups}}.dump(2) << "\n";
        return 0;
    }
    const std::size_t key_columns =
        spec.keys.size() + (spec.period != forms::Period::None) + (item.empty() ? 0 : 1);
    // Every measure is a number but the last column of visit and section groups (status).
    print_table(std::cout, header, rows, key_columns,
                item == "question" ? header.size() : header.size() - 1);
    std::cout << rows.size() << (rows.size() == 1 ? " group" : " groups") << " of "
              << (o.survey ? "survey " : "") << (o.raw ? "raw performance" : "scores")
              << "; * marks fewer than " << spec.min_n << (o.survey ? " responses" : " visits")
              << " (a low sample: read with care).\n";
    return 0;
}

// --- training add / training effect / calibration ---

namespace {

json cell_json(const scoring::Cell& c) {
    return {{"n", c.n}, {"mean", opt(c.mean)}, {"sd", opt(c.sd)}};
}

json group_effect_json(const scoring::GroupEffect& g) {
    return {{"pre", cell_json(g.pre)},
            {"post", cell_json(g.post)},
            {"effect", opt(g.effect)},
            {"p", opt(g.p)},
            {"d", opt(g.d)}};
}

/// "+1.2" / "-1.2" / "—": signed, for differences.
std::string fmt_signed(const std::optional<double>& v) {
    if (!v)
        return "—";
    const double r = scoring::round1(*v);
    return (r > 0 ? "+" : "") + fmt_num(r);
}

std::string fmt_p(const std::optional<double>& p) {
    if (!p)
        return "—";
    return *p < 0.001 ? "<0.001" : fmt_num(*p, 3);
}

} // namespace

int cmd_training_add(const std::string& db, const std::string& file) {
    const std::string text = forms::read_file(file); // before the database is touched
    const std::size_t stored = services::add_training_file(*open_for_writing(db), file, text);
    std::cout << fmt::format("{}: {} training{} stored\n", file, stored, stored == 1 ? "" : "s");
    return 0;
}

int cmd_training_effect(const std::string& db, const TrainingEffectOptions& o) {
    if (o.window < 1 || o.window > 3660)
        throw InputError("", "--window",
                         std::to_string(o.window) + " is not a window in days (1 to 3660)");
    storage::VisitFilter filter; // approved, not calibration
    filter.client = o.client;
    const std::vector<services::TrainingRow> trainings =
        services::training_rows(*open_for_reading(db), filter, o.window);

    json list = json::array();
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> notes;
    for (const services::TrainingRow& row : trainings) {
        const storage::Training& t = row.training;
        const scoring::TrainingEffect& e = row.effect;
        if (o.json) {
            list.push_back({{"id", t.id},
                            {"title", t.title},
                            {"trainer", t.trainer},
                            {"date", t.date},
                            {"client", t.client},
                            {"employees", t.employees},
                            {"sections", t.sections},
                            {"window", o.window},
                            {"trained", group_effect_json(e.trained)},
                            {"control", group_effect_json(e.control)},
                            {"did", opt(e.did)},
                            {"did_se", opt(e.did_se)},
                            {"did_ci95", opt(e.did_ci95)}});
            continue;
        }
        auto add = [&](const std::string& id, const std::string& date, const std::string& what,
                       const scoring::GroupEffect& g) {
            rows.push_back({id, date, what, std::to_string(g.pre.n), fmt_opt(g.pre.mean),
                            std::to_string(g.post.n), fmt_opt(g.post.mean), fmt_signed(g.effect),
                            fmt_p(g.p), fmt_opt(g.d, 2), ""});
        };
        add(t.id, t.date, "trained (" + std::to_string(t.employees.size()) + ")", e.trained);
        add("", "", "control", e.control);
        std::string measured = t.sections.empty() ? "visit score" : "";
        for (const std::string& s : t.sections)
            measured += (measured.empty() ? "" : ", ") + s;
        rows.push_back(
            {"", "", "difference", "", "", "", "", fmt_signed(e.did), "", "",
             e.did_ci95 ? fmt_signed(e.did_ci95->lo) + " to " + fmt_signed(e.did_ci95->hi) : "—"});
        notes.push_back(t.id + ": " + t.client + ", \"" + t.title + "\"; measured: " + measured);
    }
    if (o.json) {
        std::cout << json{{"trainings", list}}.dump(2) << "\n";
        return 0;
    }
    if (trainings.empty()) {
        std::cout << "No trainings stored" << (o.client ? " for " + *o.client : "")
                  << " (add them with: training add FILE).\n";
        return 0;
    }
    print_table(std::cout,
                {"training", "date", "group", "pre n", "pre mean", "post n", "post mean", "effect",
                 "p", "d", "95% CI"},
                rows, 3, 10);
    std::cout << "\n";
    for (const std::string& n : notes)
        std::cout << n << "\n";
    std::cout << fmt::format(
        "\nWindows: {} days before the training date and {} days from it; approved visits of the "
        "training's client. Effect = post mean - pre mean (score points); p: Welch's t-test; d: "
        "Cohen's d. Control: the client's other employees. Difference = trained effect - control "
        "effect; a CI that excludes 0 means the training made a difference.\n",
        o.window, o.window);
    return 0;
}

int cmd_calibration(const std::string& db, const CalibrationOptions& o) {
    storage::VisitFilter filter;
    filter.client = o.client;
    filter.statuses = parse_statuses(o.status);
    const std::vector<scoring::ExerciseAgreement> exercises =
        services::calibration_exercises(*open_for_reading(db), filter);
    if (o.json) {
        json list = json::array();
        for (const auto& e : exercises) {
            json shoppers = json::array();
            for (const auto& s : e.shoppers)
                shoppers.push_back({{"uuid", s.uuid},
                                    {"shopper", s.shopper},
                                    {"score", opt(s.score)},
                                    {"deviation", opt(s.deviation)},
                                    {"alignment", opt(s.alignment)},
                                    {"aligned_questions", s.aligned},
                                    {"kappa", opt(s.kappa)},
                                    {"kappa_questions", s.kappa_pairs}});
            json questions = json::array();
            for (const auto& q : e.questions) {
                json answers = json::object();
                for (const auto& [label, count] : q.answers)
                    answers[label] = count;
                questions.push_back({{"id", q.question},
                                     {"raters", q.raters},
                                     {"answers", std::move(answers)},
                                     {"agreement", opt(q.agreement)},
                                     {"fleiss_kappa", opt(q.fleiss_kappa)}});
            }
            json reference = nullptr;
            if (e.reference_uuid)
                reference = {{"uuid", *e.reference_uuid},
                             {"shopper", *e.reference_shopper},
                             {"score", opt(e.reference_score)}};
            list.push_back({{"id", e.id},
                            {"template", e.template_id},
                            {"template_version", e.template_version},
                            {"reference", std::move(reference)},
                            {"shoppers", std::move(shoppers)},
                            {"fleiss_kappa", opt(e.fleiss_kappa)},
                            {"fleiss_questions", e.fleiss_subjects},
                            {"questions", std::move(questions)},
                            {"problems", e.problems}});
        }
        std::cout << json{{"exercises", list}}.dump(2) << "\n";
        return 0;
    }
    if (exercises.empty()) {
        std::cout << "No calibration visits (a visit joins an exercise with \"calibration\": ID; "
                     "one of them carries \"reference\": true).\n";
        return 0;
    }
    for (const auto& e : exercises) {
        std::cout << fmt::format(
            "Exercise {} ({} v{}): reference {}, score {}; Fleiss' kappa "
            "{} over {} yes/no and choice questions\n",
            e.id, e.template_id, e.template_version,
            e.reference_shopper ? *e.reference_shopper + " " + *e.reference_uuid
                                : std::string("none"),
            fmt_opt(e.reference_score), fmt_opt(e.fleiss_kappa, 2), e.fleiss_subjects);
        for (const std::string& p : e.problems)
            std::cout << "  problem: " << p << "\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& s : e.shoppers)
            rows.push_back({s.shopper, s.uuid, fmt_opt(s.score), fmt_signed(s.deviation),
                            s.alignment ? fmt_num(100 * *s.alignment) + "%" : "—",
                            fmt_opt(s.kappa, 2), std::to_string(s.kappa_pairs)});
        print_table(std::cout,
                    {"shopper", "visit", "score", "deviation", "alignment", "kappa", "questions"},
                    rows, 2);
        rows.clear();
        for (const auto& q : e.questions) {
            std::string answers;
            for (const auto& [label, count] : q.answers)
                answers += (answers.empty() ? "" : ", ") + label + " ×" + std::to_string(count);
            rows.push_back({q.question, std::to_string(q.raters),
                            q.agreement ? fmt_num(100 * *q.agreement) + "%" : "—",
                            fmt_opt(q.fleiss_kappa, 2), answers});
        }
        std::cout << "\n";
        print_table(std::cout, {"question", "raters", "agreement", "kappa", "answers"}, rows, 1, 4);
        std::cout << "\n";
    }
    std::cout << "Deviation: score - reference score. Alignment: 1 - points-weighted mean "
                 "|f - f_ref| over questions both answered. Kappa: Cohen's, of yes/no and choice "
                 "answers against the reference. Per question: share of agreeing pairs of raters "
                 "(reference included) and Fleiss' kappa (1 when all agree).\n";
    return 0;
}

int cmd_demo(const std::string& db, std::size_t visits, std::uint64_t seed) {
    auto store = open_for_writing(db);
    // A second run would meet its own visits, changed since by the first run's assignments:
    // refused before anything is written, whatever the seed.
    const auto clients =
        store->org_list(storage::OrgKind::Client, std::nullopt, true, /*count_visits=*/false);
    for (const std::string& name : storage::demo_client_names())
        for (const storage::OrgEntity& c : clients)
            if (c.name == name)
                throw InputError(db, "",
                                 "demo data already present (client \"" + name +
                                     "\"); nothing was written. The demo fills a new database: "
                                     "give another --db file");
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
    // Assignments in every status around today, with home regions, exclusions and fees.
    const std::size_t assignments =
        storage::add_demo_assignments(*store, options, services::today_day());
    // Doubtful submitted visits, one per integrity signal, for the review queue's risk.
    const std::size_t doubtful = storage::add_demo_doubtful_visits(*store, options).size();
    // Disputes on about 4% of the released visits, decided within the deadline over the days
    // after the visits, a few lately opened still open (cli/dispute_command).
    const std::size_t disputes = add_demo_disputes(*store, db, seed, options.end_day);
    // Action plans in every state, one with its re-shop (cli/action_command).
    const std::size_t plans = add_demo_action_plans(*store, seed, options.end_day);
    // Customer survey responses last, so that nothing above meets them: their NPS follows the
    // branches' staff (storage/demo.h), for the customer voice.
    std::vector<forms::Visit> responses;
    storage::make_demo_survey(templates, options,
                              [&](forms::Visit&& v) { responses.push_back(std::move(v)); });
    if (!responses.empty())
        store->import_visits(responses, "demo", &progress);
    std::cout << fmt::format("Demo data: {} visits added, {} already there, {} trainings, {} "
                             "assignments, {} doubtful visits for review, {} dispute points, "
                             "{} action plans, {} customer survey responses, in {}\n",
                             r.added, r.unchanged, trainings.size(), assignments, doubtful,
                             disputes, plans, responses.size(), db);
    return 0;
}

int cmd_demo_package(const std::string& file, std::size_t visits, std::uint64_t seed) {
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [name, text] : templates::bundled())
        templates.push_back(std::make_shared<const forms::Template>(
            forms::parse_template(text, std::string(name))));
    storage::DemoOptions options;
    options.visits = visits;
    options.seed = seed;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error(file + ": cannot write the package");
    out << "{\"format\": \"visitscore.visits/1\", \"visits\": [\n";
    std::size_t n = 0;
    storage::make_demo_data(templates, options, [&](forms::Visit&& v) {
        out << (n++ ? ",\n" : "") << v.to_json().dump();
    });
    out << "\n]}\n";
    out.close();
    if (!out)
        throw std::runtime_error(file + ": writing the package failed");
    std::cout << fmt::format("Demo package: {} visits in {}\n", n, file);
    return 0;
}

// --- export xlsx / export csv ---

namespace {

storage::VisitFilter export_filter(const ExportOptions& o) {
    storage::VisitFilter filter;
    filter.client = o.client;
    if (o.from)
        filter.from_day = parse_date_option(o.from, "--from");
    if (o.to)
        filter.to_day = parse_date_option(o.to, "--to");
    return filter;
}

} // namespace

int cmd_export_xlsx(const std::string& db, const ExportOptions& o) {
    services::ClientReportRequest request;
    request.filter = export_filter(o); // approved visits only
    request.pseudonymise_staff = o.pseudonymise_staff;
    request.logo = o.logo.value_or("");
    request.path = o.output;
    TerminalProgress progress;
    const services::ClientReportResult r =
        services::write_client_report(*open_for_reading(db), request, &progress);
    // A read-only database that has no pseudonym key yet gives a workbook whose pseudonyms are
    // for that report only (it says so).
    if (r.pseudonyms_unkeyed)
        std::cerr << "warning: " << db << " is read-only and has no pseudonym key yet: the "
                  << "workbook's staff pseudonyms match no other report's (export once with "
                  << "write access to make the key)\n";
    std::cout << fmt::format("{}: {} visits\n", o.output, r.visits);
    return 0;
}

int cmd_export_csv(const std::string& db, const ExportOptions& o) {
    storage::VisitFilter filter = export_filter(o);
    filter.statuses = parse_statuses(o.status);
    filter.kind = storage::VisitFilter::Kind::Any; // the interchange: survey responses too
    TerminalProgress progress;
    const std::size_t rows =
        services::write_visits_csv(*open_for_reading(db), filter, o.output, &progress);
    std::cout << fmt::format("{}: {} visits\n", o.output, rows);
    return 0;
}

// --- backup, restore, audit verify, purge ---

int cmd_backup(const std::string& db, const std::string& file) {
    auto store = open_for_reading(db);
    std::int64_t visits = 0;
    for (const auto& t : store->templates())
        visits += t.visits;
    store->backup(file); // owner-only, never onto the database or its -wal, -shm, -journal
    std::cout << fmt::format("Backed up {} ({} visits) to {}\n", db, visits, file);
    return 0;
}

int cmd_restore(const std::string& db, const std::string& file) {
    if (storage::is_server_location(db))
        throw InputError("", "restore",
                         "restore replaces a SQLite file; a server database is restored by "
                         "its administrator (pg_restore), or a backup file is loaded into an "
                         "empty server database with: visitscore-cli copy --from " +
                             file + " --to " + db);
    storage::restore_sqlite(file, db);
    auto store = storage::open_sqlite(db, storage::OpenMode::MustExist);
    std::int64_t visits = 0;
    for (const auto& t : store->templates())
        visits += t.visits;
    std::cout << fmt::format("Restored {} from {} ({} visits)\n", db, file, visits);
    return 0;
}

int cmd_audit_verify(const std::string& db, const std::string& recorded_head) {
    auto store = open_for_reading(db);
    storage::AuditCheck check = store->verify_audit(recorded_head);
    if (!check.ok()) {
        std::cerr << "error: " << db << ": the audit log does not verify: " << check.problem
                  << "\n";
        if (check.first_broken)
            std::cout << "first broken entry: " << *check.first_broken << "\n";
        return 1;
    }
    std::cout << fmt::format("Audit log intact: {} entries; head {}\n", check.entries, check.head);
    return 0;
}

int cmd_purge(const std::string& db, const std::string& before, const std::string& who) {
    const int day = parse_date_option(before, "--before");
    auto store = open_database(db, storage::OpenMode::MustExist);
    storage::PurgeReport r = store->purge_personal_data(day, who);
    std::cout << fmt::format("Purged the personal data of {} visits before {}: {} staff and {} "
                             "shoppers anonymised, {} attachments deleted; scores kept\n",
                             r.visits, before, r.employees, r.shoppers, r.attachments);
    return 0;
}

// --- copy ------------------------------------------------------------------------------------

int cmd_copy(const std::string& from, const std::string& to) {
    refuse_password(from, "--from");
    refuse_password(to, "--to");
    // Each server is connected to once before the copy: a clear refusal (no VisitScore data to
    // copy, a server that cannot be reached) and the password prompt come first.
    if (storage::is_server_location(from))
        open_database(from, storage::OpenMode::ReadOnly);
    if (storage::is_server_location(to))
        open_database(to, storage::OpenMode::Create);
    TerminalProgress progress;
    const storage::CopyReport r = storage::copy_database(from, to, &progress);
    const std::size_t people = r.rows("employees") + r.rows("shoppers");
    std::cout << fmt::format(
        "Copied {} to {}: {} scorecard versions, {} visits, {} attachments, {} clients, {} "
        "branches, {} staff and shoppers, {} trainings, {} audit entries, {} settings\n",
        from, to, r.rows("templates"), r.rows("visits"), r.rows("attachments"), r.rows("clients"),
        r.rows("branches"), people, r.rows("trainings"), r.rows("audit_log"), r.rows("settings"));
    return 0;
}

// --- Review, settings and the audit log ---------------------------------------------------------

std::string os_user() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name)
        return pw->pw_name;
    if (const char* user = std::getenv("USER"); user && *user)
        return user;
    return "uid " + std::to_string(::geteuid());
}

int cmd_visits_review(const std::string& db, const ReviewOptions& o) {
    const auto action = services::review_action_from_string(o.action);
    if (!action)
        throw InputError("", "visits",
                         "\"" + o.action +
                             "\" is not a review step (submit, "
                             "approve, return, exclude, reopen)");
    if (o.uuid.empty())
        throw InputError("", "--uuid", "name the visit by its uuid");
    std::string who = o.who.empty() ? os_user() : o.who;
    if (who.find_first_not_of(" \t") == std::string::npos)
        throw InputError("", "--as", "give the name of the person who does it");
    auto store = open_database(db, storage::OpenMode::MustExist);
    const auto id = store->visit_id_of(o.uuid);
    if (!id)
        throw InputError(db, "--uuid", "no visit with uuid \"" + o.uuid + "\" in the database");
    // The rules of services/review_rules.h; InputError on refusal, nothing written.
    const services::ReviewStep step = services::review(*store, *id, *action, who, o.note);
    std::cout << fmt::format("{}: {} -> {} by {}\n", o.uuid, forms::to_string(step.from),
                             forms::to_string(step.to), who);
    for (const std::string& w : step.warnings)
        std::cerr << "warning: " << w << "\n";
    return 0;
}

namespace {

/// The settings `settings set` may change, and a check of each value.
std::string checked_setting(const std::string& key, const std::string& value) {
    if (key == services::kAllowSelfApproval) {
        const auto flag = services::parse_flag(value);
        if (!flag || value.empty())
            throw InputError("", "allow_self_approval", "\"" + value + "\" is not true or false");
        return *flag ? "true" : "false";
    }
    if (key == services::kUserSetting) {
        if (value.find_first_not_of(" \t") == std::string::npos)
            throw InputError("", "user", "give the name of the person who works here");
        return value;
    }
    if (auto fee = services::checked_fee_setting(key, value))
        return *fee;
    if (auto threshold = services::checked_integrity_setting(key, value))
        return *threshold;
    if (auto dispute = services::checked_dispute_setting(key, value))
        return *dispute;
    if (auto alert = services::checked_alert_setting(key, value))
        return *alert;
    if (auto recognition = services::checked_recognition_setting(key, value))
        return *recognition;
    if (auto action = services::checked_action_setting(key, value))
        return *action;
    if (auto voice = services::checked_voice_setting(key, value))
        return *voice;
    std::string thresholds;
    for (const auto& t : scoring::threshold_settings())
        thresholds += std::string(", ") + t.key;
    throw InputError("", "settings",
                     "\"" + key +
                         "\" is not a setting (allow_self_approval, "
                         "user, fees.default_cents, fees.currency, dispute.deadline_days, "
                         "dispute.max_per_visit, action.threshold, action.reshop_days, "
                         "action.due_days, voice.measure, voice.min_responses, voice.min_n, "
                         "alert.RULE[@CLIENT], smtp.url, smtp.from, smtp.user, "
                         "smtp.tls" +
                         thresholds + ")");
}

} // namespace

int cmd_settings_set(const std::string& db, const std::string& key, const std::string& value) {
    const std::string stored = checked_setting(key, value);
    auto store = open_database(db, storage::OpenMode::MustExist);
    // A client's own alert rule names a client of the organisation (as alerts rules --client).
    if (const auto at = key.find('@'); key.rfind("alert.", 0) == 0 && at != std::string::npos) {
        const std::string client = key.substr(at + 1);
        const auto clients = store->org_list(storage::OrgKind::Client, std::nullopt, true, false);
        if (std::none_of(clients.begin(), clients.end(),
                         [&](const storage::OrgEntity& c) { return c.name == client; }))
            throw InputError("", key, "no client named \"" + client + "\"");
    }
    store->set_setting(key, stored);
    std::cout << key << " = " << stored << "\n";
    return 0;
}

int cmd_settings_get(const std::string& db, const std::string& key) {
    if (key.rfind("smtp.", 0) == 0 || key.rfind("alert.", 0) == 0) {
        // Alert rules: the client's own value, else every client's, else the default.
        const bool smtp =
            key == "smtp.url" || key == "smtp.from" || key == "smtp.user" || key == "smtp.tls";
        if (!smtp && !services::checked_alert_setting(key, "off"))
            checked_setting(key, "x"); // refused, naming the settings there are
        auto store = open_for_reading(db);
        if (smtp) {
            std::cout << store->setting(key, key == "smtp.tls" ? "try" : "") << "\n";
            return 0;
        }
        const std::string rest = key.substr(6);
        const auto at = rest.find('@');
        std::cout << services::alert_rule_value(*store, rest.substr(0, at),
                                                at == std::string::npos ? "" : rest.substr(at + 1))
                  << "\n";
        return 0;
    }
    if (key == services::kVoiceMeasureKey || key == services::kVoiceMinResponsesKey ||
        key == services::kVoiceMinNKey) {
        // The value the customer voice uses: the stored one, else the default.
        const scoring::VoiceOptions o = services::voice_settings(*open_for_reading(db));
        std::cout << (key == services::kVoiceMeasureKey ? services::to_string(o.measure)
                      : key == services::kVoiceMinNKey  ? std::to_string(o.min_n)
                                                        : std::to_string(o.min_responses))
                  << "\n";
        return 0;
    }
    if (key == services::kRecognitionSectionsSetting || key == services::kRecognitionWordsSetting) {
        // Unset: "" for the sections (those whose id or title says complaint), the built-in
        // list for the words.
        std::string fallback;
        if (key == services::kRecognitionWordsSetting)
            for (const std::string& w : scoring::default_praise_words())
                fallback += (fallback.empty() ? "" : ",") + w;
        std::cout << open_for_reading(db)->setting(key, fallback) << "\n";
        return 0;
    }
    const bool fee = key == services::kDefaultFeeSetting || key == services::kCurrencySetting;
    const std::string fee_default = key == services::kDefaultFeeSetting ? "0" : "GBP";
    const scoring::ThresholdSetting* threshold = scoring::threshold_setting(key);
    const std::string threshold_default = threshold ? scoring::threshold_default(*threshold) : "";
    const std::string dispute_default = key == services::kDisputeDeadlineSetting
                                            ? std::to_string(services::kDefaultDisputeDeadlineDays)
                                        : key == services::kDisputeMaxSetting
                                            ? std::to_string(services::kDefaultDisputeMax)
                                            : "";
    checked_setting(key, key == services::kAllowSelfApproval ? "false"
                         : fee                               ? fee_default
                         : threshold                         ? threshold_default
                         : !dispute_default.empty()          ? dispute_default
                                                             : "x");
    auto store = open_for_reading(db);
    std::string fallback = key == services::kAllowSelfApproval ? "false"
                           : fee                               ? fee_default
                           : threshold                         ? threshold_default
                           : !dispute_default.empty()          ? dispute_default
                                                               : os_user();
    std::cout << store->setting(key, fallback) << "\n";
    return 0;
}

int cmd_audit_log(const std::string& db, const AuditLogOptions& o) {
    storage::AuditQuery q;
    q.visit_uuid = o.visit;
    q.who = o.who;
    q.branch = o.branch;
    q.action = o.action;
    if (o.from)
        q.from_day = parse_date_option(o.from, "--from");
    if (o.to)
        q.to_day = parse_date_option(o.to, "--to");
    if (q.from_day && q.to_day && *q.from_day > *q.to_day)
        throw InputError("", "--to", "the last date " + *o.to + " is before the first " + *o.from);
    auto store = open_for_reading(db);
    const std::vector<storage::AuditRow> rows = store->audit_entries(q);
    if (o.json) {
        json out = json::array();
        for (const auto& r : rows)
            out.push_back({{"id", r.entry.id},
                           {"at", r.entry.at},
                           {"who", r.entry.who},
                           {"visit", r.visit_uuid},
                           {"client", r.client},
                           {"branch", r.branch},
                           {"action", r.entry.action},
                           {"field", r.entry.field},
                           {"old", r.entry.old_value},
                           {"new", r.entry.new_value},
                           {"reason", r.entry.reason}});
        std::cout << json{{"entries", out}}.dump(2) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> table;
    for (const auto& r : rows)
        table.push_back({r.entry.at.substr(0, 16), r.entry.who, r.visit_uuid, r.branch,
                         r.entry.field, r.entry.old_value + " -> " + r.entry.new_value,
                         r.entry.reason});
    print_table(std::cout, {"when (UTC)", "who", "visit", "branch", "field", "change", "reason"},
                table, 7);
    std::cout << rows.size() << (rows.size() == 1 ? " entry\n" : " entries\n");
    return 0;
}

// --- Rescore ------------------------------------------------------------------------------------

int cmd_rescore(const std::string& db, const RescoreOptions& o) {
    std::string who = o.who.empty() ? os_user() : o.who;
    if (who.find_first_not_of(" \t") == std::string::npos)
        throw InputError("", "--as", "give the name of the person who rescores");
    auto store = open_database(db, storage::OpenMode::MustExist);
    TerminalProgress progress;
    services::RescoreOptions options;
    options.all = o.all;
    options.dry_run = o.dry_run;
    options.who = who;
    const services::RescoreSummary r = services::rescore(*store, options, &progress);
    if (o.json) {
        json templates = json::array();
        for (const auto& t : r.templates)
            templates.push_back({{"template", t.template_id},
                                 {"version", t.template_version},
                                 {"checked", t.checked},
                                 {"changed", t.changed},
                                 {"largest_move", t.largest_move}});
        json largest = json::array();
        auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
        for (const auto& m : r.largest)
            largest.push_back({{"uuid", m.uuid},
                               {"template", m.template_id},
                               {"version", m.template_version},
                               {"old_rules", m.old_rules},
                               {"old_score", opt(m.old_score)},
                               {"new_score", opt(m.new_score)},
                               {"old_raw", opt(m.old_raw)},
                               {"new_raw", opt(m.new_raw)},
                               {"move", m.move}});
        std::cout << json{{"rules", r.rules},     {"dry_run", r.dry_run},   {"checked", r.checked},
                          {"changed", r.changed}, {"templates", templates}, {"largest", largest}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    if (r.checked == 0) {
        std::cout << fmt::format("Every stored score was made by scoring rules {}: nothing to "
                                 "rescore{}\n",
                                 r.rules, o.all ? "" : " (--all recomputes every visit)");
        return 0;
    }
    std::vector<std::vector<std::string>> table;
    for (const auto& t : r.templates)
        table.push_back({t.template_id + " v" + std::to_string(t.template_version),
                         std::to_string(t.checked), std::to_string(t.changed),
                         t.changed ? fmt_num(t.largest_move, 2) : "-"});
    print_table(std::cout, {"scorecard", "visits", "moved", "largest move"}, table, 1);
    if (!r.largest.empty()) {
        std::cout << "\nLargest moves:\n";
        std::vector<std::vector<std::string>> moves;
        for (const auto& m : r.largest)
            moves.push_back({m.uuid, m.template_id + " v" + std::to_string(m.template_version),
                             fmt_opt(m.old_score, 2) + " -> " + fmt_opt(m.new_score, 2),
                             fmt_opt(m.old_raw, 2) + " -> " + fmt_opt(m.new_raw, 2)});
        print_table(std::cout, {"visit", "scorecard", "score", "raw"}, moves, 4);
    }
    if (r.dry_run)
        std::cout << fmt::format("Dry run: {} visits recomputed with scoring rules {}, {} would "
                                 "move; nothing was written\n",
                                 r.checked, r.rules, r.changed);
    else if (r.changed == 0)
        std::cout << fmt::format("Rescored {} visits with scoring rules {}: no score moved, so no "
                                 "audit entries\n",
                                 r.checked, r.rules);
    else
        std::cout << fmt::format("Rescored {} visits with scoring rules {}: {} moved, each with "
                                 "an audit entry (audit log --action rescore)\n",
                                 r.checked, r.rules, r.changed);
    return 0;
}

} // namespace vs::cli
