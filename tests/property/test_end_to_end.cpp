// Random scorecards and visits, end to end: the JSON readers, visit scoring, a real SQLite file,
// aggregation, the client workbook and the visits CSV. Every score lies in [0, 100] or is NA,
// every interval inside its scale, nothing is NaN or infinite, every workbook part is XML a real
// parser accepts, the CSV is RFC 4180 with one column count, and neither file names the shopper
// in any case, spacing or Unicode form.
//
// Seeded and reproducible: every failure names its seed. VS_PROPERTY_SEED=S runs that seed
// alone; VS_PROPERTY_CASES=N runs N seeds (from S, or from 1); VS_PROPERTY_SEED=random picks a
// seed from the clock. VS_KEEP_TEST_FILES=1 keeps the databases, workbooks and CSVs.

#include "exports/client_report.h"
#include "exports/visits_csv.h"
#include "forms/error.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "generate.h"
#include "oracle.h"
#include "scoring/aggregate.h"
#include "scoring/stats.h"
#include "scoring/visit_score.h"
#include "storage/store.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace vs;

namespace {

constexpr std::uint64_t kDefaultFirstSeed = 1;
constexpr std::size_t kDefaultCases = 30;
constexpr int kVisitsPerCase = 20;

std::vector<std::uint64_t> seeds() {
    const char* seed = std::getenv("VS_PROPERTY_SEED");
    const char* cases = std::getenv("VS_PROPERTY_CASES");
    std::uint64_t first = kDefaultFirstSeed;
    std::size_t n = kDefaultCases;
    if (seed && *seed) {
        first = std::string(seed) == "random"
                    ? static_cast<std::uint64_t>(
                          std::chrono::system_clock::now().time_since_epoch().count()) %
                          1000000007ULL
                    : std::stoull(seed);
        n = 1;
    }
    if (cases && *cases)
        n = std::stoul(cases);
    std::vector<std::uint64_t> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(first + i);
    return out;
}

/// The failures of one case, each kind reported once with how often it happened.
class Findings {
  public:
    explicit Findings(std::uint64_t seed) : m_seed(seed) {}
    void add(const std::string& kind, const std::string& detail) {
        auto& [count, first] = m_by_kind[kind];
        if (count++ == 0)
            first = detail;
    }
    void report() const {
        for (const auto& [kind, e] : m_by_kind)
            BOOST_ERROR("seed " << m_seed << ": " << kind << " (" << e.first
                                << " times): " << e.second
                                << "\n  rerun: VS_KEEP_TEST_FILES=1 VS_PROPERTY_SEED=" << m_seed
                                << " property_tests");
    }
    std::uint64_t seed() const { return m_seed; }

  private:
    std::uint64_t m_seed;
    std::map<std::string, std::pair<std::size_t, std::string>> m_by_kind;
};

std::string num(double x) {
    std::ostringstream s;
    s.precision(17);
    s << x;
    return s.str();
}

/// What the cases exercised, printed at the end (--log_level=message).
struct Coverage {
    std::size_t templates = 0, templates_refused = 0, visits = 0, visits_refused = 0;
    std::size_t hostile_accepted = 0, na_scores = 0, critical_failures = 0, hidden = 0;
    std::size_t groups = 0, ci95_clipped = 0, heavy_checklists = 0, zero_weight_sections = 0;
} g_coverage;

/// A score: NA or a finite number in [0, 100].
void check_score(Findings& f, const std::optional<double>& x, const std::string& kind,
                 const std::string& where, double lo = 0, double hi = 100) {
    if (x && !(std::isfinite(*x) && *x >= lo && *x <= hi))
        f.add(kind + " outside [" + num(lo) + ", " + num(hi) + "] or not finite",
              where + " = " + num(*x));
}

void check_interval(Findings& f, const std::optional<scoring::Interval>& i, const std::string& kind,
                    const std::string& where, double lo, double hi) {
    if (i && !(std::isfinite(i->lo) && std::isfinite(i->hi) && i->lo >= lo && i->hi <= hi &&
               i->lo <= i->hi))
        f.add(kind + " not inside [" + num(lo) + ", " + num(hi) + "]",
              where + " = [" + num(i->lo) + ", " + num(i->hi) + "]");
}

void check_result(Findings& f, const scoring::VisitResult& r, const forms::Template& tpl,
                  const std::string& where) {
    check_score(f, r.raw, "visit raw", where + " raw");
    check_score(f, r.score, "visit score", where + " score");
    check_score(f, r.applicable, "applicable share", where + " applicable", 0, 1);
    if (r.raw && r.score && *r.score > *r.raw + 1e-9 * std::max(1.0, *r.raw))
        f.add("visit score above raw",
              where + ": score " + num(*r.score) + " > raw " + num(*r.raw));
    if (r.visit_critical_failure && r.score != std::optional<double>(0.0))
        f.add("visit-level critical failure without score 0", where);
    for (std::size_t s = 0; s < r.sections.size(); ++s) {
        const auto& sr = r.sections[s];
        const std::string w = where + " section " + tpl.sections[s].id;
        check_score(f, sr.raw, "section raw", w + " raw");
        check_score(f, sr.score, "section score", w + " score");
        if (!std::isfinite(sr.earned) || !std::isfinite(sr.possible) || sr.earned < 0 ||
            sr.possible < 0)
            f.add("section earned/possible not finite and >= 0",
                  w + ": " + num(sr.earned) + " / " + num(sr.possible));
    }
}

void check_measures(Findings& f, const scoring::Measures& m, const std::string& what) {
    check_score(f, m.mean, "aggregate mean", what + " mean");
    check_score(f, m.min, "aggregate min", what + " min");
    check_score(f, m.max, "aggregate max", what + " max");
    check_score(f, m.median, "aggregate median", what + " median");
    check_score(f, m.sd, "aggregate sd", what + " sd", 0, 100);
    check_interval(f, m.ci95, "aggregate ci95", what + " ci95", 0, 100);
    check_score(f, m.pass_rate, "pass_rate", what + " pass_rate", 0, 1);
    check_interval(f, m.pass_ci95, "pass_ci95", what + " pass_ci95", 0, 1);
    check_score(f, m.critical_fail_rate, "critical_fail_rate", what + " critical_fail_rate", 0, 1);
    check_score(f, m.target, "target", what + " target");
    if (m.ci95 && m.mean && !(m.ci95->lo <= *m.mean + 1e-9 && *m.mean <= m.ci95->hi + 1e-9))
        f.add("aggregate ci95 does not hold the mean", what + ": mean " + num(*m.mean) +
                                                           ", ci95 [" + num(m.ci95->lo) + ", " +
                                                           num(m.ci95->hi) + "]");
}

void check_group(Findings& f, const scoring::VisitGroup& g, const std::string& what) {
    check_measures(f, g.m, what);
    ++g_coverage.groups;
    if (g.m.mean && g.m.sd && g.m.n >= 2)
        if (auto t = scoring::t_interval(*g.m.mean, *g.m.sd, g.m.n);
            t && (t->lo < 0 || t->hi > 100))
            ++g_coverage.ci95_clipped;
    for (const auto& [id, sm] : g.sections)
        check_score(f, sm.mean, "aggregate section mean", what + " section " + std::to_string(id));
    check_score(f, g.consistency, "consistency", what + " consistency", 0, 100);
    if (g.trend && !std::isfinite(*g.trend))
        f.add("trend not finite", what + " trend = " + num(*g.trend));
    check_score(f, g.nps.nps, "nps", what + " nps", -100, 100);
}

bool same(const std::optional<double>& a, const std::optional<double>& b) {
    if (!a || !b)
        return !a && !b;
    return std::abs(*a - *b) <= 1e-9 * std::max({1.0, std::abs(*a), std::abs(*b)});
}

std::string opt(const std::optional<double>& x) {
    return x ? num(*x) : std::string("NA");
}

/// The library's scores against SCORING.md written out again (oracle.h).
void check_oracle(Findings& f, const scoring::VisitResult& r, const forms::Template& tpl,
                  const forms::Answers& answers, const std::string& where) {
    const property::OracleResult o = property::oracle_score(tpl, answers);
    auto compare = [&](const char* what, const std::optional<double>& lib,
                       const std::optional<double>& want, const std::string& w) {
        if (!same(lib, want))
            f.add(std::string(what) + " differs from SCORING.md",
                  w + ": library " + opt(lib) + ", SCORING.md " + opt(want));
    };
    compare("visit raw", r.raw, o.raw, where);
    compare("visit score", r.score, o.score, where);
    compare("applicable share", r.applicable, o.applicable, where);
    for (std::size_t s = 0; s < tpl.sections.size() && s < r.sections.size(); ++s) {
        compare("section raw", r.sections[s].raw, o.sections[s].raw,
                where + " section " + tpl.sections[s].id);
        compare("section score", r.sections[s].score, o.sections[s].score,
                where + " section " + tpl.sections[s].id);
    }
}

/// Text that names where an InputError points, for messages.
std::string describe(const InputError& e) {
    return e.file() + ": " + e.where() + ": " + e.message();
}

/// A refusal of an extreme number is fine when the message states the range it enforces.
bool names_a_range(const std::string& message) {
    static const std::regex kRange(
        "between|at most|at least|no more than|no less than|up to|or less|or more|from -?[0-9]|"
        "range|too (large|small|big)|smaller than|larger than|greater than|less than",
        std::regex::icase);
    return std::regex_search(message, kRange);
}

struct Case {
    std::uint64_t seed = 0;
    fs::path xlsx, csv;
    std::vector<const property::Person*> shoppers;
    std::vector<const property::Person*> staff; ///< checked only when staff are pseudonymised
};

const char* kChecker = VS_PROPERTY_CHECKER;

fs::path temp_root() {
    static const fs::path dir = [] {
        std::string pattern = (fs::temp_directory_path() / "vs-property-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        return fs::path(pattern);
    }();
    return dir;
}

/// Runs visitscore-cli; returns its exit status and what it printed on stdout (on failure, then
/// what it printed on stderr).
std::pair<int, std::string> run_cli(const std::string& args) {
    const fs::path err = temp_root() / "cli-stderr.txt";
    const std::string cmd = std::string(VS_CLI) + " " + args + " 2>'" + err.string() + "'";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run " + cmd);
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        out.append(buf, n);
    const int status = ::pclose(pipe);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code != 0) {
        std::ifstream in(err);
        out.assign(std::istreambuf_iterator<char>(in), {});
    }
    return {code, out};
}

/// Every measure of the CLI's JSON within its scale: ci95, mean, min, max, median in [0, 100]
/// (mean_f, pass_rate, pass_ci95, na_rate and critical_fail_rate in [0, 1]).
void check_cli_json(Findings& f, const json& j, const std::string& where) {
    if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            check_cli_json(f, j[i], where);
        return;
    }
    if (!j.is_object())
        return;
    static const std::set<std::string> kScores = {"mean", "min", "max", "median", "raw", "score"};
    static const std::set<std::string> kShares = {"mean_f", "pass_rate", "na_rate",
                                                  "critical_fail_rate"};
    for (const auto& [key, v] : j.items()) {
        const std::string w = where + " ." + key;
        if (v.is_number() && kScores.count(key))
            check_score(f, v.get<double>(), "CLI JSON " + key, w);
        else if (v.is_number() && kShares.count(key))
            check_score(f, v.get<double>(), "CLI JSON " + key, w, 0, 1);
        else if ((key == "ci95" || key == "pass_ci95") && v.is_array() && v.size() == 2 &&
                 v[0].is_number() && v[1].is_number())
            check_interval(f, scoring::Interval{v[0].get<double>(), v[1].get<double>()},
                           "CLI JSON " + key, w, 0, key == "ci95" ? 100 : 1);
        else
            check_cli_json(f, v, where);
    }
}

/// `report --json` and `visits score --json` of the case's database, as a consultancy scripts them.
void check_cli(Findings& f, const fs::path& db) {
    static const std::vector<std::string> kReports = {
        "report --by region,branch,employee --period month --json", "report --by section --json",
        "report --by question --status approved,submitted --json", "visits score --json"};
    for (const auto& args : kReports) {
        const auto [status, out] = run_cli("--db '" + db.string() + "' " + args);
        if (status != 0) {
            f.add("visitscore-cli failed",
                  args + ": exit " + std::to_string(status) + ": " + out.substr(0, 300));
            continue;
        }
        try {
            check_cli_json(f, json::parse(out), args);
        } catch (const json::exception& e) {
            f.add("visitscore-cli printed no JSON", args + ": " + e.what());
        }
    }
}

/// A generated template through the real reader; nullopt when it is (rightly or not) refused.
std::optional<forms::Template> read_template(const property::GeneratedTemplate& gt, Findings& f,
                                             const fs::path& dir) {
    const std::string tfile =
        (dir / ("template-v" + std::to_string(gt.doc["version"].get<int>()) + ".json")).string();
    const std::string ttext = gt.doc.dump(2);
    std::ofstream(tfile, std::ios::binary) << ttext;
    try {
        forms::Template tpl = forms::parse_template(ttext, tfile);
        ++g_coverage.templates;
        for (const auto& q : tpl.questions)
            if (q.type == forms::QuestionType::Checklist)
                for (const auto& o : q.options)
                    if (o.score > 1) {
                        ++g_coverage.heavy_checklists;
                        break;
                    }
        for (const auto& sec : tpl.sections)
            g_coverage.zero_weight_sections += sec.weight == 0;
        return tpl;
    } catch (const InputError& e) {
        bool fine = false;
        for (const auto& p : gt.hostile_paths)
            fine |= e.where().find(p) != std::string::npos;
        if (gt.tier == property::Tier::Extreme && names_a_range(e.message()))
            fine = true;
        if (!fine)
            f.add("valid template refused", describe(e));
        else
            BOOST_TEST_MESSAGE("seed " << f.seed() << ": template refused: " << describe(e));
        ++g_coverage.templates_refused;
    } catch (const std::exception& e) {
        f.add("template reader threw something other than InputError", e.what());
    }
    return std::nullopt;
}

/// One seed: a template (and now and then a second version of it with other questions), its
/// visits, a database, aggregates and both exports.
void run_case(property::Generator& gen, Findings& f, Case& c) {
    const fs::path dir = temp_root() / ("seed-" + std::to_string(f.seed()));
    fs::create_directories(dir);

    std::vector<property::GeneratedTemplate> generated{gen.make_template(1)};
    if (gen.rng().chance(0.3))
        generated.push_back(gen.make_template(2));
    std::vector<std::pair<const property::GeneratedTemplate*, forms::Template>> tpls;
    for (const auto& gt : generated)
        if (auto t = read_template(gt, f, dir))
            tpls.emplace_back(&gt, std::move(*t));
    if (tpls.empty())
        return;

    auto store = storage::open_sqlite((dir / "visits.db").string());
    std::vector<std::shared_ptr<const forms::Template>> stored;
    for (const auto& [gt, tpl] : tpls) {
        try {
            store->add_template(tpl, (dir / "template.json").string());
        } catch (const std::exception& e) {
            f.add("add_template refused a parsed template", e.what());
            return;
        }
        stored.push_back(store->find_template(tpl.id, tpl.version));
    }

    // Visits through the package reader, one package per visit so that a refused hostile visit
    // leaves the others.
    std::vector<forms::Visit> accepted;
    std::vector<std::vector<std::string>> accepted_hostile;
    std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> scored;
    for (int i = 0; i < kVisitsPerCase; ++i) {
        const auto& [gt, tpl] = tpls[static_cast<std::size_t>(
            gen.rng().range(0, static_cast<std::int64_t>(tpls.size()) - 1))];
        property::GeneratedVisit gv = gen.make_visit(gt->doc, i);
        const json package = {{"format", "visitscore.visits/1"}, {"visits", json::array({gv.doc})}};
        const std::string pfile = (dir / ("visit-" + std::to_string(i) + ".visits.json")).string();
        const std::string ptext = package.dump(-1, ' ', false, json::error_handler_t::strict);
        auto refused_ok = [&](const InputError& e) {
            // "visits[0] (uuid).comments.q3": the field named in the place.
            for (const auto& field : gv.hostile_fields)
                if (e.where().find(field) != std::string::npos)
                    return true;
            return false;
        };
        forms::Visit visit;
        forms::Answers answers;
        try {
            auto visits = forms::parse_visit_package(ptext, pfile);
            if (visits.size() != 1) {
                f.add("package reader lost a visit", pfile);
                continue;
            }
            visit = std::move(visits[0]);
            answers = forms::check_visit(tpl, visit, pfile, "visits[0]");
        } catch (const InputError& e) {
            ++g_coverage.visits_refused;
            if (!refused_ok(e)) {
                std::ofstream(pfile, std::ios::binary) << ptext;
                f.add("valid visit refused by the reader",
                      describe(e) + " (visit kept in " + pfile + ")");
            }
            continue;
        } catch (const std::exception& e) {
            f.add("visit reader threw something other than InputError", e.what());
            continue;
        }
        const scoring::VisitResult r = scoring::score_visit(tpl, answers);
        check_result(f, r, tpl, "visit " + std::to_string(i));
        check_oracle(f, r, tpl, answers, "visit " + std::to_string(i) + " (" + pfile + ")");
        std::ofstream(pfile, std::ios::binary) << ptext;
        ++g_coverage.visits;
        g_coverage.hostile_accepted += !gv.hostile_fields.empty();
        g_coverage.na_scores += !r.score;
        g_coverage.critical_failures += !r.critical_failures.empty();
        for (bool v : forms::visible_questions(tpl, answers))
            g_coverage.hidden += !v;
        if (!r.meets_min_applicable(tpl) && visit.status != forms::Status::Draft)
            visit.status = forms::Status::Draft; // below min_applicable: only a draft may be stored
        scored[visit.uuid] = {r.raw, r.score};
        accepted.push_back(std::move(visit));
        accepted_hostile.push_back(gv.hostile_fields);
        if (gv.shopper)
            c.shoppers.push_back(gv.shopper);
    }

    const std::string vfile = (dir / "all.visits.json").string();
    try {
        store->import_visits(accepted, vfile);
    } catch (const InputError& e) {
        // All-or-nothing: find which visits are refused, one at a time.
        for (std::size_t i = 0; i < accepted.size(); ++i) {
            try {
                store->import_visits({accepted[i]}, vfile);
            } catch (const InputError& e1) {
                bool fine = false;
                for (const auto& field : accepted_hostile[i])
                    fine |= e1.where().find(field) != std::string::npos;
                if (!fine)
                    f.add("valid visit refused by import", describe(e1));
            }
        }
    } catch (const std::exception& e) {
        f.add("import failed", e.what());
        return;
    }

    // Stored scores.
    storage::VisitFilter all;
    all.statuses.clear();
    store->visit_scores(all, [&](const storage::VisitScoreRow& row) {
        check_score(f, row.raw, "stored raw", "visit " + row.uuid + " raw");
        check_score(f, row.score, "stored score", "visit " + row.uuid + " score");
        if (auto it = scored.find(row.uuid); it == scored.end())
            f.add("a stored visit that was not imported", row.uuid);
        else if (!same(row.raw, it->second.first) || !same(row.score, it->second.second))
            f.add("stored scores differ from the visit's scores",
                  row.uuid + ": stored " + opt(row.raw) + "/" + opt(row.score) + ", scored " +
                      opt(it->second.first) + "/" + opt(it->second.second));
        for (const auto& [id, s] : row.sections) {
            check_score(f, s.raw, "stored section raw", "visit " + row.uuid + " section " + id);
            check_score(f, s.score, "stored section score", "visit " + row.uuid + " section " + id);
        }
    });

    // Aggregates of the approved visits, by several keys and periods.
    storage::VisitFilter approved;
    scoring::FactTable facts = store->load_facts(approved, true);
    using K = scoring::GroupKey;
    using P = forms::Period;
    const std::vector<std::pair<std::vector<K>, P>> specs = {{{}, P::None},
                                                             {{K::Client}, P::None},
                                                             {{K::Branch}, P::Month},
                                                             {{K::Employee}, P::None},
                                                             {{K::Region, K::Branch}, P::Quarter},
                                                             {{K::Shopper}, P::Week},
                                                             {{K::Template}, P::Year},
                                                             {{K::Client, K::Employee}, P::Month}};
    for (const auto& [keys, period] : specs)
        for (bool use_raw : {false, true}) {
            scoring::AggregateSpec spec;
            spec.keys = keys;
            spec.period = period;
            spec.use_raw = use_raw;
            spec.min_n = 2;
            std::string name = "by";
            for (K k : keys)
                name += " " + std::string(scoring::to_string(k));
            if (period != P::None)
                name += " per period";
            if (use_raw)
                name += " (raw)";
            try {
                for (const auto& g : scoring::aggregate_visits(facts, spec))
                    check_group(f, g, "visit group " + name + " " + g.id.period);
                for (const auto& g : scoring::aggregate_sections(facts, spec))
                    check_group(f, g, "section group " + name + " " + g.id.period);
                for (const auto& g : scoring::aggregate_questions(facts, spec)) {
                    const std::string w = "question group " + name;
                    check_score(f, g.mean_f, "question mean_f", w + " mean_f", 0, 1);
                    check_score(f, g.pass_rate, "question pass_rate", w + " pass_rate", 0, 1);
                    check_interval(f, g.pass_ci95, "question pass_ci95", w + " pass_ci95", 0, 1);
                    check_score(f, g.na_rate, "question na_rate", w + " na_rate", 0, 1);
                }
            } catch (const std::exception& e) {
                f.add("aggregation threw", name + ": " + e.what());
            }
        }

    check_cli(f, dir / "visits.db");

    // The client workbook, as `export xlsx` makes it.
    c.seed = f.seed();
    c.xlsx = dir / "report.xlsx";
    c.csv = dir / "visits.csv";
    try {
        exports::ReportInput input;
        input.facts = &facts;
        input.visits = [&store, approved](const exports::VisitSink& sink) {
            store->visit_details(approved, [&](const storage::VisitDetail& d) { sink(d); });
        };
        exports::ReportOptions options;
        options.pseudonymise_staff = gen.rng().chance(0.5);
        options.generated_at = "2026-12-01 12:00 UTC";
        if (options.pseudonymise_staff) {
            options.pseudonym_key = store->pseudonym_key(); // the database's own, as export xlsx
            if (options.pseudonym_key.empty())
                f.add("no pseudonym key for a writable database", dir.string());
        }
        if (options.pseudonymise_staff)
            for (const auto& p : gen.cast().staff)
                c.staff.push_back(&p);
        exports::write_client_report(c.xlsx.string(), input, options);
    } catch (const std::exception& e) {
        f.add("client workbook not written", e.what());
        c.xlsx.clear();
    }
    // The visits CSV, every status.
    try {
        exports::write_visits_csv_file(
            c.csv.string(), stored, [&store, all](const exports::VisitSink& sink) {
                store->visit_details(all, [&](const storage::VisitDetail& d) { sink(d); });
            });
    } catch (const std::exception& e) {
        f.add("visits CSV not written", e.what());
        c.csv.clear();
    }
}

/// Checks every case's files with check_exports.py (lxml, openpyxl, csv) in one run.
void check_files(const std::vector<Case>& cases, std::map<std::uint64_t, Findings>& findings) {
    json manifest = json::array();
    for (const Case& c : cases) {
        if (c.xlsx.empty() && c.csv.empty())
            continue;
        json people = json::array();
        std::set<const property::Person*> seen;
        for (const auto* p : c.shoppers)
            if (seen.insert(p).second)
                people.push_back({{"role", "shopper"}, {"name", p->name}, {"code", p->code}});
        json staff = json::array();
        for (const auto* p : c.staff)
            staff.push_back({{"role", "staff (pseudonymised)"}, {"name", p->name}});
        manifest.push_back({{"seed", c.seed},
                            {"xlsx", c.xlsx.string()},
                            {"csv", c.csv.string()},
                            {"shoppers", people},
                            {"staff", staff}});
    }
    const fs::path mfile = temp_root() / "manifest.json";
    std::ofstream(mfile) << manifest.dump(1);
    const std::string cmd = std::string("/usr/bin/python3 ") + kChecker + " '" + mfile.string() +
                            "' '" + VS_DUMP_XLSX + "' 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(pipe);
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        out.append(buf, n);
    const int status = ::pclose(pipe);
    BOOST_REQUIRE_MESSAGE(status == 0, "check_exports.py failed: " << out.substr(0, 4000));
    const json result = json::parse(out);
    for (const auto& p : result["problems"]) {
        const auto seed = p["seed"].get<std::uint64_t>();
        findings.at(seed).add(p["kind"].get<std::string>(), p["detail"].get<std::string>());
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(random_inputs)

BOOST_AUTO_TEST_CASE(random_scorecards_end_to_end) {
    const auto start = std::chrono::steady_clock::now();
    std::map<std::uint64_t, Findings> findings;
    std::vector<Case> cases;
    std::vector<std::unique_ptr<property::Generator>> generators; // the cases point into them
    for (std::uint64_t seed : seeds()) {
        findings.emplace(seed, Findings(seed));
        generators.push_back(std::make_unique<property::Generator>(seed));
        Case c;
        c.seed = seed;
        try {
            run_case(*generators.back(), findings.at(seed), c);
        } catch (const std::exception& e) {
            findings.at(seed).add("unexpected exception", e.what());
        }
        cases.push_back(std::move(c));
    }
    check_files(cases, findings);
    for (const auto& [seed, f] : findings)
        f.report();
    const Coverage& k = g_coverage;
    BOOST_TEST_MESSAGE(
        "coverage: " << k.templates << " templates scored (" << k.templates_refused << " refused), "
                     << k.heavy_checklists << " checklists with an option weight > 1, "
                     << k.zero_weight_sections << " weight-0 sections; " << k.visits << " visits ("
                     << k.visits_refused << " refused, " << k.hostile_accepted
                     << " accepted with a character XML forbids), " << k.na_scores << " NA scores, "
                     << k.critical_failures << " with critical failures, " << k.hidden
                     << " hidden questions; " << k.groups << " groups, " << k.ci95_clipped
                     << " whose unclipped ci95 leaves [0, 100]");
    BOOST_TEST_MESSAGE(
        cases.size()
        << " cases in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
    std::error_code ec;
    if (!std::getenv("VS_KEEP_TEST_FILES"))
        fs::remove_all(temp_root(), ec);
    else
        BOOST_TEST_MESSAGE("files kept in " << temp_root());
}

BOOST_AUTO_TEST_SUITE_END()
