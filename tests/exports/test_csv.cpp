// export csv: FORMATS.md's columns, RFC 4180 quoting and the formula-injection guard.

#include "fixture.h"

#include "exports/visits_csv.h"
#include "forms/csv.h"
#include "forms/json_io.h"

#include <boost/test/unit_test.hpp>

#include <sstream>

namespace {

using namespace vs;
using vs::test::data;

} // namespace

BOOST_AUTO_TEST_SUITE(visits_csv)

BOOST_AUTO_TEST_CASE(guard_and_quoting) {
    struct Case {
        const char* in;
        const char* guarded;
    };
    for (Case c : {Case{"=1+2", "'=1+2"}, Case{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
                   Case{"-2", "'-2"}, Case{"@SUM(A1)", "'@SUM(A1)"}, Case{"\tx", "'\tx"},
                   Case{"\rx", "'\rx"}, Case{"plain", "plain"}, Case{"", ""}, Case{"a=b", "a=b"}}) {
        BOOST_TEST_INFO_SCOPE(c.in);
        BOOST_TEST(exports::guard_formula(c.in) == c.guarded);
    }
    std::string line;
    exports::append_csv_field(line, "a,b");
    line += ',';
    exports::append_csv_field(line, "say \"hi\"");
    line += ',';
    exports::append_csv_field(line, "two\nlines");
    line += ',';
    exports::append_csv_field(line, "plain");
    BOOST_TEST(line == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain");
    BOOST_TEST(exports::number_text(84.25) == "84.25");
    BOOST_TEST(exports::number_text(100) == "100");
}

BOOST_AUTO_TEST_CASE(one_row_a_visit_with_every_answer) {
    const auto& d = data();
    std::ostringstream out;
    exports::write_visits_csv(out, d.templates, test::source(d.records));
    const std::string text = out.str();
    BOOST_TEST(text.find("\r\n") != std::string::npos);
    const auto rows = forms::parse_csv(text, "export.csv");
    BOOST_TEST_REQUIRE(rows.size() == d.records.size() + 1);
    const auto& header = rows[0].fields;
    const std::vector<std::string> first = {"uuid", "template", "template_version", "client",
                                            "region", "branch", "employee", "shopper",
                                            "visited_at", "status"};
    BOOST_TEST(std::vector<std::string>(header.begin(), header.begin() + 10) == first,
               boost::test_tools::per_element());
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i)
        BOOST_TEST(col.emplace(header[i], i).second, "duplicate column " << header[i]);
    for (const auto& t : d.templates) {
        for (const auto& q : t->questions)
            BOOST_TEST(col.count(q.id) == 1u, q.id);
        for (const auto& s : t->sections)
            BOOST_TEST(col.count(s.id + "_score") == 1u, s.id);
    }
    BOOST_TEST(col.at("score") == col.at("raw") + 1);
    for (std::size_t i = 0; i < d.records.size(); ++i) {
        const auto& r = d.records[i];
        const auto& f = rows[i + 1].fields;
        BOOST_TEST_INFO_SCOPE("visit " + r.uuid);
        BOOST_TEST_REQUIRE(f.size() == header.size());
        BOOST_TEST(f[0] == r.uuid);
        BOOST_TEST(f[7] == r.shopper);
        BOOST_TEST(f[9] == "approved");
        if (r.score)
            BOOST_TEST(std::stod(f[col.at("score")]) == *r.score); // exact: shortest round trip
        for (const auto& [id, value] : r.answers.items()) {
            const std::string& cell = f[col.at(id)];
            if (value.is_string()) {
                BOOST_TEST(cell == exports::guard_formula(value.get<std::string>()));
            } else if (value.is_number()) {
                BOOST_TEST(std::stod(cell) == value.get<double>());
            } else if (value.is_array()) {
                std::string joined;
                for (const auto& item : value)
                    joined += (joined.empty() ? "" : ";") + item.get<std::string>();
                BOOST_TEST(cell == joined);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(text_answers_are_guarded) {
    const auto& d = data();
    exports::VisitRecord r = d.records.front();
    const auto& tpl = *d.templates.front();
    r.template_id = tpl.id;
    r.template_version = tpl.version;
    r.section_scores.assign(tpl.sections.size(), std::nullopt);
    r.answers = nlohmann::json::object();
    r.answers[tpl.questions.back().id] = "=HYPERLINK(\"http://x\",\"y\")";
    r.branch = "@branch";
    std::vector<exports::VisitRecord> one{r};
    std::ostringstream out;
    exports::write_visits_csv(out, d.templates, test::source(one));
    const auto rows = forms::parse_csv(out.str(), "x.csv");
    BOOST_TEST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(rows[1].fields[5] == "'@branch");
    std::size_t col = 0;
    while (rows[0].fields[col] != tpl.questions.back().id)
        ++col;
    BOOST_TEST(rows[1].fields[col] == "'=HYPERLINK(\"http://x\",\"y\")");
}

BOOST_AUTO_TEST_CASE(file_is_replaced_only_when_complete) {
    const auto& d = data();
    const auto dir = test::temp_dir() / "csv";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "visits.csv").string();
    exports::write_visits_csv_file(path, d.templates, test::source(d.records));
    const std::string before = forms::read_file(path);
    BOOST_CHECK_THROW(exports::write_visits_csv_file(path, d.templates,
                                                     [&](const exports::VisitSink& sink) {
                                                         sink(d.records.front());
                                                         throw std::runtime_error("killed");
                                                     }),
                      std::runtime_error);
    BOOST_TEST(forms::read_file(path) == before);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++files;
    BOOST_TEST(files == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
