// The client workbook read back (through openpyxl) and compared with the scoring library.

#include "exports/client_report.h"
#include "exports/pseudonym.h"
#include "exports/xlsx.h"
#include "fixture.h"
#include "forms/dates.h"
#include "scoring/aggregate.h"
#include "scoring/training.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>
#include <regex>

namespace {

using nlohmann::json;
using namespace vs;
using vs::test::cell_name;
using vs::test::data;

constexpr std::uint32_t kRowsPerSheet = 200; // forces the Visits sheet to continue

struct Workbooks {
    json plain;  ///< several Visits sheets, staff by code and name
    json pseudo; ///< one Visits sheet, staff pseudonymised
    std::string plain_path, pseudo_path;
    Workbooks() {
        const auto& d = data();
        exports::ReportInput input;
        input.facts = &d.facts;
        input.visits = test::source(d.records);
        input.trainings = d.trainings;
        exports::ReportOptions o;
        o.max_rows_per_sheet = kRowsPerSheet;
        o.generated_at = "2026-11-22 09:00 UTC";
        plain_path = (test::temp_dir() / "plain.xlsx").string();
        exports::write_client_report(plain_path, input, o);
        plain = test::dump_xlsx(plain_path, true);

        input.visits = test::source(d.records);
        o.max_rows_per_sheet = 1048576;
        o.pseudonymise_staff = true;
        o.pseudonym_key = "test key";
        pseudo_path = (test::temp_dir() / "pseudo.xlsx").string();
        exports::write_client_report(pseudo_path, input, o);
        pseudo = test::dump_xlsx(pseudo_path, true);
    }
};

const Workbooks& books() {
    static const Workbooks w;
    return w;
}

const json* cell(const json& book, const std::string& sheet, int row, int col) {
    const auto& cells = book.at("cells").at(sheet);
    auto it = cells.find(cell_name(row, col));
    return it == cells.end() ? nullptr : &*it;
}

std::string text(const json& book, const std::string& sheet, int row, int col) {
    const json* c = cell(book, sheet, row, col);
    return c && c->at("v").is_string() ? c->at("v").get<std::string>() : std::string();
}

std::optional<double> number(const json& book, const std::string& sheet, int row, int col) {
    const json* c = cell(book, sheet, row, col);
    if (!c || !c->at("v").is_number())
        return std::nullopt;
    return c->at("v").get<double>();
}

/// Column index of a header text in a row.
int column_of(const json& book, const std::string& sheet, int row, const std::string& header) {
    for (int c = 0; c < 400; ++c)
        if (text(book, sheet, row, c) == header)
            return c;
    BOOST_FAIL("no column \"" + header + "\" on " + sheet);
    return -1;
}

std::vector<std::string> visit_sheets(const json& book) {
    std::vector<std::string> out;
    for (const auto& s : book.at("sheets"))
        if (s.get<std::string>().rfind("Visits", 0) == 0)
            out.push_back(s.get<std::string>());
    return out;
}

std::map<std::pair<std::string, std::string>, const scoring::VisitGroup*>
groups_by(const std::vector<scoring::VisitGroup>& groups, scoring::GroupKey second) {
    std::map<std::pair<std::string, std::string>, const scoring::VisitGroup*> out;
    const auto& f = data().facts;
    for (const auto& g : groups)
        out[{f.clients[g.id.keys[0]], scoring::key_value(f, second, g.id.keys[1])}] = &g;
    return out;
}

constexpr int kFirstRow = 4; // data rows start after title, note, blank and header

} // namespace

BOOST_AUTO_TEST_SUITE(client_report)

BOOST_AUTO_TEST_CASE(sheets_layout_and_print_setup) {
    const json& b = books().plain;
    std::vector<std::string> names = b.at("sheets").get<std::vector<std::string>>();
    BOOST_TEST_INFO_SCOPE("sheets: " + b.at("sheets").dump());
    const std::size_t visits = data().records.size();
    const std::size_t sheets = (visits + kRowsPerSheet - 2) / (kRowsPerSheet - 1);
    BOOST_TEST(sheets >= 2u);
    std::vector<std::string> expected = {"Summary",    "Branches", "Employees",
                                         "Behaviours", "Trend",    "Training"};
    expected.push_back("Visits");
    for (std::size_t i = 2; i <= sheets; ++i)
        expected.push_back("Visits (" + std::to_string(i) + ")");
    expected.push_back("Method");
    BOOST_TEST(names == expected, boost::test_tools::per_element());

    // Every visit once, across the Visits sheets, with a frozen header and an autofilter.
    std::size_t rows = 0;
    for (const auto& s : visit_sheets(b)) {
        BOOST_TEST(b.at("freeze").at(s).get<std::string>() == "E2");
        BOOST_TEST(!b.at("autofilter").at(s).is_null());
        BOOST_TEST(b.at("landscape").at(s).get<bool>());
        for (int r = 1; cell(b, s, r, 0); ++r)
            ++rows;
    }
    BOOST_TEST(rows == visits);
    BOOST_TEST(b.at("print_titles").at("Branches").get<std::string>() == "$4:$4");
    BOOST_TEST(b.at("autofilter").at("Branches").get<std::string>().rfind("A4:", 0) == 0u);
    BOOST_TEST(text(b, "Branches", 3, 0) == "Client");
}

BOOST_AUTO_TEST_CASE(branches_are_formulas_with_the_scoring_values_cached) {
    const auto& d = data();
    scoring::AggregateSpec spec;
    spec.keys = {scoring::GroupKey::Client, scoring::GroupKey::Branch};
    const auto groups = scoring::aggregate_visits(d.facts, spec);
    const auto expected = groups_by(groups, scoring::GroupKey::Branch);

    for (const json* book : {&books().plain, &books().pseudo}) {
        const json& b = *book;
        const bool several = visit_sheets(b).size() > 1;
        // What the formulas say, recomputed from the Visits cells.
        std::map<std::pair<std::string, std::string>, std::pair<std::size_t, double>> from_visits;
        for (const auto& s : visit_sheets(b)) {
            const int score = column_of(b, s, 0, "Score");
            for (int r = 1; cell(b, s, r, 0); ++r)
                if (auto x = number(b, s, r, score)) {
                    auto& acc = from_visits[{text(b, s, r, 1), text(b, s, r, 3)}];
                    ++acc.first;
                    acc.second += *x;
                }
        }
        std::size_t rows = 0;
        for (int r = kFirstRow; cell(b, "Branches", r, 0); ++r, ++rows) {
            const std::string client = text(b, "Branches", r, 0);
            const std::string code = text(b, "Branches", r, 1);
            BOOST_TEST_INFO_SCOPE("branch " + client + " / " + code);
            auto it = expected.find({client, code});
            BOOST_TEST_REQUIRE((it != expected.end()));
            const auto& m = it->second->m;
            const json& n = *cell(b, "Branches", r, 4);
            const json& mean = *cell(b, "Branches", r, 5);
            const std::string nf = n.at("f").get<std::string>();
            const std::string mf = mean.at("f").get<std::string>();
            // Codes compared exactly (EXACT), never with the case-blind COUNTIFS family.
            BOOST_TEST(nf.find("SUMPRODUCT(EXACT(Visits!$B$2:$B$") != std::string::npos, nf);
            BOOST_TEST(n.at("v").get<double>() == static_cast<double>(m.n));
            BOOST_TEST(mean.at("v").get<double>() == *m.mean, boost::test_tools::tolerance(1e-12));
            BOOST_TEST(mf.find("SUMPRODUCT(EXACT(Visits!$B$2:$B$") != std::string::npos, mf);
            BOOST_TEST(mf.find(")/$E" + std::to_string(r + 1)) != std::string::npos, mf);
            BOOST_TEST((nf + mf).find("IFS(") == std::string::npos);
            if (several) {
                BOOST_TEST(nf.find("SUMPRODUCT(EXACT('Visits (2)'!") != std::string::npos);
                BOOST_TEST(mf.find("SUMPRODUCT(EXACT('Visits (2)'!") != std::string::npos);
            }
            const auto& fv = from_visits[{client, code}];
            BOOST_TEST(fv.first == m.n);
            BOOST_TEST(fv.second / static_cast<double>(fv.first) == *m.mean,
                       boost::test_tools::tolerance(1e-9));
            // The other figures.
            if (m.ci95) {
                BOOST_TEST(*number(b, "Branches", r, 6) == m.ci95->lo,
                           boost::test_tools::tolerance(1e-12));
                BOOST_TEST(*number(b, "Branches", r, 7) == m.ci95->hi,
                           boost::test_tools::tolerance(1e-12));
            }
            BOOST_TEST(*number(b, "Branches", r, 8) == *m.pass_rate,
                       boost::test_tools::tolerance(1e-12));
            BOOST_TEST(*number(b, "Branches", r, 9) == *m.critical_fail_rate,
                       boost::test_tools::tolerance(1e-12));
            const int status = column_of(b, "Branches", 3, "Status");
            BOOST_TEST(text(b, "Branches", r, status) ==
                       std::string(scoring::to_string(*m.status)));
            const int sample = column_of(b, "Branches", 3, "Sample");
            BOOST_TEST((text(b, "Branches", r, sample) == "low sample") == m.low_sample);
            const int trend = column_of(b, "Branches", 3, "Trend (points / month)");
            if (it->second->trend)
                BOOST_TEST(*number(b, "Branches", r, trend) == *it->second->trend,
                           boost::test_tools::tolerance(1e-12));
        }
        BOOST_TEST(rows == groups.size());

        // Traffic lights on the status column.
        std::set<std::string> rules;
        for (const auto& cf : b.at("conditional_formats").at("Branches"))
            rules.insert(cf.at("text").get<std::string>());
        BOOST_TEST((rules == std::set<std::string>{"above", "below", "near"}));
    }
}

BOOST_AUTO_TEST_CASE(employees_match_scoring) {
    const auto& d = data();
    scoring::AggregateSpec spec;
    spec.keys = {scoring::GroupKey::Client, scoring::GroupKey::Employee};
    const auto groups = scoring::aggregate_visits(d.facts, spec);
    const auto expected = groups_by(groups, scoring::GroupKey::Employee);
    const json& b = books().plain;
    const int n_col = column_of(b, "Employees", 3, "Visits (n)");
    std::size_t rows = 0;
    for (int r = kFirstRow; cell(b, "Employees", r, 0); ++r, ++rows) {
        std::string code = text(b, "Employees", r, 1);
        if (code == "(no staff member identified)")
            code.clear();
        BOOST_TEST_INFO_SCOPE("employee " + code);
        auto it = expected.find({text(b, "Employees", r, 0), code});
        BOOST_TEST_REQUIRE((it != expected.end()));
        BOOST_TEST(*number(b, "Employees", r, n_col) == static_cast<double>(it->second->m.n));
        BOOST_TEST(*number(b, "Employees", r, n_col + 1) == *it->second->m.mean,
                   boost::test_tools::tolerance(1e-12));
    }
    BOOST_TEST(rows == groups.size());
}

BOOST_AUTO_TEST_CASE(behaviours_weakest_first_with_a_chart) {
    const auto& d = data();
    const auto groups = scoring::aggregate_questions(d.facts, scoring::AggregateSpec{});
    std::map<std::string, const scoring::QuestionGroup*> by_id;
    for (const auto& g : groups)
        by_id[d.facts.question_ids[g.id.item]] = &g;
    const json& b = books().plain;
    const int header = 22;
    BOOST_TEST(text(b, "Behaviours", header, 0) == "Behaviour (question)");
    double previous = -1;
    std::size_t rows = 0;
    for (int r = header + 1; cell(b, "Behaviours", r, 0); ++r, ++rows) {
        const std::string id = text(b, "Behaviours", r, 3);
        BOOST_TEST_INFO_SCOPE("question " + id);
        BOOST_TEST_REQUIRE(by_id.count(id) == 1u);
        const auto& g = *by_id[id];
        BOOST_TEST(*number(b, "Behaviours", r, 4) == static_cast<double>(g.n));
        BOOST_TEST(*number(b, "Behaviours", r, 5) == *g.pass_rate,
                   boost::test_tools::tolerance(1e-12));
        BOOST_TEST(*number(b, "Behaviours", r, 6) == g.pass_ci95->lo,
                   boost::test_tools::tolerance(1e-12));
        BOOST_TEST(*number(b, "Behaviours", r, 9) == *g.na_rate,
                   boost::test_tools::tolerance(1e-12));
        if (g.n >= 3) {
            BOOST_TEST(*g.pass_rate >= previous);
            previous = *g.pass_rate;
        }
    }
    BOOST_TEST(rows == groups.size());
    const auto& charts = b.at("charts").at("Behaviours");
    BOOST_TEST_REQUIRE(charts.size() == 1u);
    BOOST_TEST(charts[0].at("type").get<std::string>() == "BarChart");
    BOOST_TEST(charts[0].at("series")[0].at("val").get<std::string>() == "Behaviours!$F$24:$F$33");
    BOOST_TEST(charts[0].at("series")[0].at("cat").get<std::string>() == "Behaviours!$A$24:$A$33");
}

BOOST_AUTO_TEST_CASE(summary_headline_and_charts) {
    const auto& d = data();
    scoring::AggregateSpec spec;
    spec.keys = {scoring::GroupKey::Client};
    const auto overall = scoring::aggregate_visits(d.facts, spec);
    const json& b = books().plain;
    // Each client's "Mean score" row, in client order.
    std::size_t found = 0;
    for (int r = 0; r < 200; ++r) {
        if (text(b, "Summary", r, 0) != "Mean score")
            continue;
        BOOST_TEST_REQUIRE(found < overall.size());
        const auto& m = overall[found++].m;
        BOOST_TEST(*number(b, "Summary", r, 1) == *m.mean, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(*number(b, "Summary", r, 2) == m.ci95->lo, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(*number(b, "Summary", r, 4) == *m.target, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(*number(b, "Summary", r + 1, 1) == *m.pass_rate,
                   boost::test_tools::tolerance(1e-12));
        BOOST_TEST(*number(b, "Summary", r + 2, 1) == *m.critical_fail_rate,
                   boost::test_tools::tolerance(1e-12));
    }
    BOOST_TEST(found == overall.size());
    std::multiset<std::string> types;
    for (const auto& c : b.at("charts").at("Summary"))
        types.insert(c.at("type").get<std::string>());
    BOOST_TEST(types.count("LineChart") == 1u);
    BOOST_TEST(types.count("BarChart") == overall.size()); // one ranking per client
    for (const auto& c : b.at("charts").at("Summary"))
        if (c.at("type") == "BarChart")
            BOOST_TEST(c.at("series")[0].at("val").get<std::string>().rfind("Branches!$F$", 0) ==
                       0u);
    BOOST_TEST(b.at("charts").at("Trend").size() == 1u);
    BOOST_TEST(b.at("charts").at("Trend")[0].at("type").get<std::string>() == "LineChart");
    // The trend table: one column a month with the scoring library's monthly means.
    spec.period = forms::Period::Month;
    const auto months = scoring::aggregate_visits(d.facts, spec);
    const int header = 22;
    const int first = column_of(b, "Trend", header, months.front().id.period);
    BOOST_TEST(text(b, "Trend", header + 1, 2) == "All branches");
    for (const auto& g : months)
        if (g.id.keys[0] == months.front().id.keys[0]) {
            const int col = column_of(b, "Trend", header, g.id.period);
            BOOST_TEST(col >= first);
            BOOST_TEST(*number(b, "Trend", header + 1, col) == *g.m.mean,
                       boost::test_tools::tolerance(1e-12));
        }
}

BOOST_AUTO_TEST_CASE(typed_text_stays_text) {
    for (const json* book : {&books().plain, &books().pseudo}) {
        const json& b = *book;
        std::size_t seen = 0;
        for (const auto& s : visit_sheets(b)) {
            const int comments = column_of(b, s, 0, "Comments");
            const int summary = column_of(b, s, 0, "Summary");
            for (int r = 1; cell(b, s, r, 0); ++r) {
                const std::string c = text(b, s, r, comments);
                if (c.find(test::kInjection) != std::string::npos ||
                    c.find(test::kInjection2) != std::string::npos) {
                    ++seen;
                    BOOST_TEST(!cell(b, s, r, comments)->contains("f"));
                    BOOST_TEST(!cell(b, s, r, summary)->contains("f"));
                    BOOST_TEST(text(b, s, r, summary).rfind("@SUM(1+1) [shopper] ([shopper])", 0) ==
                               0u);
                }
            }
        }
        BOOST_TEST(seen == 4u);
        for (const auto& [name, part] : b.at("parts").items()) {
            const std::string& xml = part.get_ref<const std::string&>();
            BOOST_TEST(xml.find("<f>HYPERLINK") == std::string::npos, name);
            BOOST_TEST(xml.find("<f>+cmd") == std::string::npos, name);
            BOOST_TEST(xml.find("<f>@SUM") == std::string::npos, name);
        }
    }
}

BOOST_AUTO_TEST_CASE(no_shopper_anywhere) {
    const auto& d = data();
    BOOST_TEST_REQUIRE(d.shopper_codes.count(test::kShopperCode) == 1u);
    BOOST_TEST_REQUIRE(d.shopper_names.size() > 10u);
    for (const json* book : {&books().plain, &books().pseudo}) {
        const json& b = *book;
        BOOST_TEST_REQUIRE(b.at("parts").size() > 10u);
        for (const auto& [name, part] : b.at("parts").items()) {
            const std::string& xml = part.get_ref<const std::string&>();
            for (const auto& code : d.shopper_codes)
                BOOST_TEST(xml.find(code) == std::string::npos, name << " holds shopper " << code);
            for (const auto& shopper : d.shopper_names)
                BOOST_TEST(xml.find(shopper) == std::string::npos, name << " holds " << shopper);
        }
        // Sheet names and document properties are in the parts too; check them directly as well.
        for (const auto& s : b.at("sheets"))
            for (const auto& shopper : d.shopper_names)
                BOOST_TEST(s.get<std::string>().find(shopper) == std::string::npos);
        for (const auto& [key, value] : b.at("properties").items())
            if (value.is_string())
                for (const auto& code : d.shopper_codes)
                    BOOST_TEST(value.get<std::string>().find(code) == std::string::npos, key);
    }
}

BOOST_AUTO_TEST_CASE(pseudonymised_staff) {
    const auto& d = data();
    const json& b = books().pseudo;
    const std::regex pseudonym("Staff [0-9A-Z]{6}");
    // No staff code or name in any cell; pseudonyms where the codes were.
    for (const auto& [sheet, cells] : b.at("cells").items())
        for (const auto& [ref, c] : cells.items()) {
            if (!c.at("v").is_string())
                continue;
            const std::string v = c.at("v").get<std::string>();
            BOOST_TEST(d.employee_codes.count(v) == 0u, sheet << "!" << ref << " holds " << v);
            BOOST_TEST(d.employee_names.count(v) == 0u, sheet << "!" << ref << " holds " << v);
        }
    std::size_t rows = 0;
    for (int r = kFirstRow; cell(b, "Employees", r, 0); ++r) {
        const std::string p = text(b, "Employees", r, 1);
        if (p == "(no staff member identified)")
            continue;
        BOOST_TEST(std::regex_match(p, pseudonym), p);
        ++rows;
    }
    BOOST_TEST(rows > 50u);
    // Stable: the same employee gets the same pseudonym on Visits and Employees.
    const json& plain = books().plain;
    const std::string code = text(plain, "Visits", 1, 5);
    const std::string client = text(plain, "Visits", 1, 1);
    if (!code.empty())
        BOOST_TEST(text(b, "Visits", 1, 5) == exports::staff_pseudonym("test key", client, code));
}

BOOST_AUTO_TEST_CASE(pseudonyms_are_stable_and_keyed) {
    using exports::staff_pseudonym;
    BOOST_TEST(staff_pseudonym("k", "Northwind Bank", "E1001") ==
               staff_pseudonym("k", "Northwind Bank", "E1001"));
    BOOST_TEST(staff_pseudonym("k", "Northwind Bank", "E1001") !=
               staff_pseudonym("k", "Northwind Bank", "E1002"));
    BOOST_TEST(staff_pseudonym("k", "Northwind Bank", "E1001") !=
               staff_pseudonym("k", "Contoso", "E1001"));
    BOOST_TEST(staff_pseudonym("k", "Northwind Bank", "E1001") !=
               staff_pseudonym("k2", "Northwind Bank", "E1001"));
    // SipHash-2-4 reference vector (key 00..0f, empty message).
    BOOST_TEST(exports::siphash24(0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL, "") ==
               0x726fdb47dd0e0e31ULL);
}

BOOST_AUTO_TEST_CASE(a_failed_export_leaves_no_file) {
    const auto& d = data();
    const auto dir = test::temp_dir() / "failed";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "report.xlsx").string();
    exports::ReportInput input;
    input.facts = &d.facts;
    input.visits = [&](const exports::VisitSink& sink) {
        for (std::size_t i = 0; i < 10; ++i)
            sink(d.records[i]);
        throw std::runtime_error("disk on fire");
    };
    BOOST_CHECK_THROW(exports::write_client_report(path, input, {}), std::runtime_error);
    BOOST_TEST(std::filesystem::is_empty(dir));
    // Visits that disagree with the figures are refused, not written.
    std::vector<exports::VisitRecord> fewer(d.records.begin(), d.records.end() - 1);
    input.visits = test::source(fewer);
    BOOST_CHECK_THROW(exports::write_client_report(path, input, {}), exports::ExportError);
    BOOST_TEST(std::filesystem::is_empty(dir));
}

BOOST_AUTO_TEST_CASE(training_effects_match_scoring) {
    const auto& d = data();
    const json& b = books().plain;
    BOOST_TEST_REQUIRE(!d.trainings.empty());
    std::size_t rows = 0;
    for (int r = kFirstRow; cell(b, "Training", r, 0); ++r, ++rows) {
        const std::string id = text(b, "Training", r, 0);
        BOOST_TEST_INFO_SCOPE("training " + id);
        auto t = std::find_if(d.trainings.begin(), d.trainings.end(),
                              [&](const exports::ReportTraining& x) { return x.id == id; });
        BOOST_TEST_REQUIRE((t != d.trainings.end()));
        const auto spec = scoring::training_spec(d.facts, t->id, *forms::parse_day(t->date),
                                                 t->client, t->employees, t->sections);
        const auto e = scoring::training_effect(d.facts, spec, 90);
        BOOST_TEST(*number(b, "Training", r, 6) == static_cast<double>(e.trained.pre.n));
        BOOST_TEST(*number(b, "Training", r, 8) == static_cast<double>(e.trained.post.n));
        auto same = [&](int col, const std::optional<double>& v) {
            BOOST_TEST_INFO_SCOPE("column " << col);
            if (v)
                BOOST_TEST(*number(b, "Training", r, col) == *v,
                           boost::test_tools::tolerance(1e-12));
            else
                BOOST_TEST(!number(b, "Training", r, col));
        };
        same(7, e.trained.pre.mean);
        same(9, e.trained.post.mean);
        same(10, e.trained.effect);
        same(11, e.trained.p);
        same(12, e.trained.d);
        same(14, e.control.pre.mean);
        same(16, e.control.post.mean);
        same(18, e.did);
        same(19, e.did_ci95 ? std::optional<double>(e.did_ci95->lo) : std::nullopt);
    }
    BOOST_TEST(rows == d.trainings.size());
}

BOOST_AUTO_TEST_CASE(method_and_properties) {
    const json& b = books().plain;
    BOOST_TEST(text(b, "Method", 0, 0) == "How the numbers are made");
    std::set<std::string> topics;
    for (int r = 3; cell(b, "Method", r, 0); ++r)
        topics.insert(text(b, "Method", r, 0));
    for (const char* t : {"Not applicable (NA)", "Critical questions", "Means and intervals",
                          "Minimum sample", "Targets and status", "Made", "Data"})
        BOOST_TEST(topics.count(t) == 1u, t);
    BOOST_TEST(b.at("properties").at("creator").get<std::string>() == "VisitScore");
    BOOST_TEST(b.at("properties").at("title").get<std::string>().find("Mystery shopping report") ==
               0u);
}

BOOST_AUTO_TEST_SUITE_END()
