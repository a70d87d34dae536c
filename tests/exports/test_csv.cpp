// export csv: FORMATS.md's columns, RFC 4180 quoting, OWASP's formula-injection guard in the one
// field writer (read back by forms' reader), unique column names.

#include "exports/visits_csv.h"
#include "fixture.h"
#include "forms/answer.h"
#include "forms/csv.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/template.h"
#include "forms/template_csv.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <set>
#include <sstream>

namespace {

using namespace vs;
using vs::test::data;

} // namespace

BOOST_AUTO_TEST_SUITE(visits_csv)

BOOST_AUTO_TEST_CASE(one_field_writer_guards_and_quotes_per_owasp) {
    struct Case {
        const char* in;
        const char* written;
    };
    for (Case c :
         {Case{"=1+2", "'=1+2"}, Case{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
          Case{"-x", "'-x"}, Case{"@SUM(A1)", "'@SUM(A1)"}, Case{"\tx", "'\tx"},
          Case{"\rx", "\"'\rx\""}, Case{"plain", "plain"}, Case{"", ""}, Case{"a=b", "a=b"},
          Case{"a;b", "\"a;b\""}, Case{"a,b", "\"a,b\""}, Case{"=a,b", "\"'=a,b\""},
          Case{"say \"hi\"", "\"say \"\"hi\"\"\""}, Case{"two\nlines", "\"two\nlines\""},
          // a field that truly starts with a quote before a formula sign keeps it
          Case{"'=x", "''=x"}, Case{"''-2", "'''-2"}, Case{"'plain", "'plain"},
          // plain numbers cannot run and stay numbers
          Case{"-2", "-2"}, Case{"-0.5", "-0.5"}, Case{"-1.5e-07", "-1.5e-07"},
          Case{"-2+3", "'-2+3"}, Case{"-1e", "'-1e"}, Case{"-", "'-"}}) {
        BOOST_TEST_INFO_SCOPE(c.in);
        std::string line;
        exports::append_csv_field(line, c.in);
        BOOST_TEST(line == c.written);
        // … and forms' reader gives back exactly what was written.
        const auto rows = forms::parse_csv(line + ",end\r\n", "x.csv");
        BOOST_TEST_REQUIRE(rows.size() == 1u);
        BOOST_TEST(rows[0].fields[0] == c.in);
    }
    BOOST_TEST(exports::number_text(84.25) == "84.25");
    BOOST_TEST(exports::number_text(100) == "100");
}

BOOST_AUTO_TEST_CASE(random_fields_round_trip) {
    std::mt19937 rng(4180);
    const std::string alphabet = "=+-@'\t\r\n\",; ab01.e";
    for (int i = 0; i < 5000; ++i) {
        std::vector<std::string> fields(1 + rng() % 4);
        std::string line;
        for (auto& f : fields) {
            for (std::size_t n = rng() % 6; n > 0; --n)
                f += alphabet[rng() % alphabet.size()];
            if (&f != &fields.front())
                line += ',';
            exports::append_csv_field(line, f);
        }
        if (fields.size() == 1 && fields[0].empty())
            continue; // a blank line is skipped, as RFC 4180 readers do
        BOOST_TEST_INFO_SCOPE(line);
        const auto rows = forms::parse_csv(line + "\r\n", "x.csv");
        BOOST_TEST_REQUIRE(rows.size() == 1u);
        BOOST_TEST(rows[0].fields == fields, boost::test_tools::per_element());
        // Nothing a spreadsheet would run: no field as written starts with a formula sign.
        std::size_t start = 0;
        for (std::size_t k = 0; k < fields.size(); ++k) {
            std::string written;
            exports::append_csv_field(written, fields[k]);
            if (!written.empty()) {
                const char c = written[0] == '"' && written.size() > 1 ? written[1] : written[0];
                BOOST_TEST(std::string("=+@\t\r").find(c) == std::string::npos, written);
            }
            start += written.size() + 1;
        }
    }
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
    const std::vector<std::string> first = {"uuid",       "template", "template_version", "client",
                                            "region",     "branch",   "employee",         "shopper",
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
                BOOST_TEST(cell == value.get<std::string>());
            } else if (value.is_number()) {
                BOOST_TEST(std::stod(cell) == value.get<double>());
            } else if (value.is_array()) {
                std::string joined;
                for (const auto& item : value)
                    joined += (joined.empty() ? "" : ";") + item.get<std::string>();
                BOOST_TEST(cell == (value.empty() ? std::string(exports::kNoOptions) : joined));
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
    r.region = "-North";
    std::vector<exports::VisitRecord> one{r};
    std::ostringstream out;
    exports::write_visits_csv(out, d.templates, test::source(one));
    const std::string csv = out.str();
    // As written: neutralised, and quoted where the field holds a quote or comma.
    BOOST_TEST(csv.find(",'-North,'@branch,") != std::string::npos);
    BOOST_TEST(csv.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",") != std::string::npos);
    // As read back: what was typed.
    const auto rows = forms::parse_csv(csv, "x.csv");
    BOOST_TEST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(rows[1].fields[4] == "-North");
    BOOST_TEST(rows[1].fields[5] == "@branch");
    std::size_t col = 0;
    while (rows[0].fields[col] != tpl.questions.back().id)
        ++col;
    BOOST_TEST(rows[1].fields[col] == "=HYPERLINK(\"http://x\",\"y\")");
}

BOOST_AUTO_TEST_CASE(shoppers_only_in_their_own_column) {
    const auto& d = data();
    std::vector<exports::VisitRecord> records;
    for (const auto& r : d.records)
        if (r.shopper == test::kShopperCode)
            records.push_back(r);
    BOOST_TEST_REQUIRE(!records.empty());
    // A text answer naming the shopper every way.
    const forms::Template* tpl = nullptr;
    const forms::Question* text_q = nullptr;
    for (const auto& t : d.templates)
        for (const auto& q : t->questions)
            if (!text_q && q.type == forms::QuestionType::Text) {
                tpl = t.get();
                text_q = &q;
            }
    BOOST_TEST_REQUIRE(text_q != nullptr);
    for (auto& r : records) {
        r.template_id = tpl->id;
        r.template_version = tpl->version;
        r.section_scores.assign(tpl->sections.size(), std::nullopt);
        r.answers = nlohmann::json::object();
        r.answers[text_q->id] = "ZEBEDEE\u00a0quillfeather (ｓｈｏｐｘ９) was here";
    }
    std::ostringstream out;
    exports::write_visits_csv(out, d.templates, test::source(records));
    const auto rows = forms::parse_csv(out.str(), "x.csv");
    std::size_t col = 0;
    while (rows[0].fields[col] != text_q->id)
        ++col;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        BOOST_TEST(rows[i].fields[7] == test::kShopperCode); // the shopper column
        BOOST_TEST(rows[i].fields[col] == "[shopper] ([shopper]) was here");
    }
}

BOOST_AUTO_TEST_CASE(a_checklist_answered_with_nothing_is_not_unanswered) {
    const auto& d = data();
    const forms::Template* tpl = nullptr;
    const forms::Question* checklist = nullptr;
    for (const auto& t : d.templates)
        for (const auto& q : t->questions)
            if (!checklist && q.type == forms::QuestionType::Checklist) {
                tpl = t.get();
                checklist = &q;
            }
    BOOST_TEST_REQUIRE(checklist != nullptr);
    exports::VisitRecord none = d.records.front(), unanswered = d.records.front();
    for (auto* r : {&none, &unanswered}) {
        r->template_id = tpl->id;
        r->template_version = tpl->version;
        r->section_scores.assign(tpl->sections.size(), std::nullopt);
        r->answers = nlohmann::json::object();
    }
    none.answers[checklist->id] = nlohmann::json::array();
    none.uuid += "-none";
    std::vector<exports::VisitRecord> two{none, unanswered};
    std::ostringstream out;
    exports::write_visits_csv(out, d.templates, test::source(two));
    const auto rows = forms::parse_csv(out.str(), "x.csv");
    BOOST_TEST_REQUIRE(rows.size() == 3u);
    std::size_t col = 0;
    while (rows[0].fields[col] != checklist->id)
        ++col;
    BOOST_TEST(rows[1].fields[col] == std::string(exports::kNoOptions));
    BOOST_TEST(rows[2].fields[col] == "");
    // forms' CSV reader reads both back as they were.
    const forms::Answer back_none =
        forms::answer_from_text(*checklist, rows[1].fields[col], "x.csv", "");
    BOOST_TEST(back_none.answered());
    BOOST_TEST(back_none.to_json() == nlohmann::json::array());
    BOOST_TEST(!forms::answer_from_text(*checklist, rows[2].fields[col], "x.csv", "").answered());
}

BOOST_AUTO_TEST_CASE(no_two_columns_share_a_name) {
    // Questions named like visit fields and like a section's score, in two scorecards that also
    // share question ids.
    auto make = [](const std::string& id) {
        nlohmann::json doc = {{"format", "visitscore.template/1"},
                              {"id", id},
                              {"version", 1},
                              {"name", id},
                              {"target", 80}};
        doc["sections"] = nlohmann::json::array(
            {{{"id", "greet"},
              {"title", "Greeting"},
              {"weight", 1},
              {"questions", nlohmann::json::array({{{"id", "greet_score"}, {"type", "yes_no"}},
                                                   {{"id", "shared"}, {"type", "yes_no"}}})}},
             {{"id", "close"},
              {"title", "Close"},
              {"weight", 1},
              {"questions", nlohmann::json::array({{{"id", "score"}, {"type", "yes_no"}},
                                                   {{"id", "status"}, {"type", "yes_no"}}})}}});
        return std::make_shared<const forms::Template>(
            forms::parse_template(doc.dump(), id + ".json"));
    };
    std::vector<std::shared_ptr<const forms::Template>> templates;
    try {
        templates = {make("one"), make("two")};
    } catch (const InputError&) {
        // Reserved question ids refused on input: a stored scorecard of an older version
        // could still hold them, so the writer is checked on its own below.
    }
    if (!templates.empty()) {
        std::ostringstream out;
        exports::write_visits_csv(out, templates, [](const exports::VisitSink&) {});
        const auto rows = forms::parse_csv(out.str(), "x.csv");
        BOOST_TEST_REQUIRE(rows.size() == 1u);
        std::set<std::string> names(rows[0].fields.begin(), rows[0].fields.end());
        BOOST_TEST(names.size() == rows[0].fields.size(), out.str());
    }
    // The real visits CSV over every bundled scorecard: unique too.
    std::ostringstream all;
    exports::write_visits_csv(all, data().templates, [](const exports::VisitSink&) {});
    const auto header = forms::parse_csv(all.str(), "x.csv").at(0).fields;
    BOOST_TEST(std::set<std::string>(header.begin(), header.end()).size() == header.size());
    const auto names = exports::unique_columns(
        {"uuid", "status", "score", "greet_score", "status", "score", "greet_score", "score_2"});
    BOOST_TEST(names ==
                   (std::vector<std::string>{"uuid", "status", "score", "greet_score", "status_2",
                                             "score_2", "greet_score_2", "score_2_2"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_scorecard_as_csv_is_guarded_and_reads_back) {
    nlohmann::json doc = {{"format", "visitscore.template/1"},
                          {"id", "guarded"},
                          {"version", 1},
                          {"name", "+Sales floor"},
                          {"target", 80}};
    doc["sections"] = nlohmann::json::array(
        {{{"id", "greet"},
          {"title", "=Greeting"},
          {"weight", 1},
          {"questions",
           nlohmann::json::array(
               {{{"id", "mood"},
                 {"type", "scale"},
                 {"min", -2},
                 {"max", 2},
                 {"text", "=HYPERLINK(\"http://evil.example\",\"x\")"},
                 {"guidance", "-see notes; then rate"}},
                {{"id", "offers"},
                 {"type", "checklist"},
                 {"text", "@offers"},
                 {"options", nlohmann::json::array(
                                 {{{"id", "tea"}, {"label", "'=tea"}, {"score", 1}},
                                  {{"id", "cake"}, {"label", "\tcake"}, {"score", 0.5}}})}}})}}});
    const forms::Template t = forms::parse_template(doc.dump(), "guarded.json");
    const std::string csv = forms::template_to_csv(t);
    // Nothing a spreadsheet would run: every field starting with a formula sign is neutralised.
    for (const auto& row : forms::parse_csv(csv, "guarded.csv")) {
        std::string line;
        for (const auto& f : row.fields) {
            std::string written;
            exports::append_csv_field(written, f);
            const char c = written.size() > 1 && written[0] == '"' ? written[1]
                           : written.empty()                       ? ' '
                                                                   : written[0];
            BOOST_TEST(std::string("=+@\t\r").find(c) == std::string::npos, written);
            BOOST_TEST((c != '-' || forms::number_text(std::stod(written)) == written), written);
        }
    }
    BOOST_TEST(csv.find("'=HYPERLINK") != std::string::npos);
    BOOST_TEST(csv.find(",-2,") != std::string::npos); // a number stays a number
    // … and reads back as the same scorecard.
    const forms::Template back = forms::template_from_csv(csv, "guarded.csv");
    BOOST_TEST(back.name == t.name);
    BOOST_TEST(back.sections.at(0).title == "=Greeting");
    BOOST_TEST(back.questions.at(0).text == t.questions.at(0).text);
    BOOST_TEST(back.questions.at(0).guidance == t.questions.at(0).guidance);
    BOOST_TEST(back.questions.at(0).min == -2);
    BOOST_TEST(back.questions.at(1).text == "@offers");
    BOOST_TEST(back.questions.at(1).options.at(0).label == "'=tea");
    BOOST_TEST(back.questions.at(1).options.at(1).label == "\tcake");
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
