// Tests for forms/template_csv.h: a scorecard as a spreadsheet and back, losslessly, and every
// bad cell reported with its row and column.

#include "forms/csv.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/template.h"
#include "forms/template_csv.h"
#include "templates/bundled.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace vf = vs::forms;
using nlohmann::json;

namespace {

/// Every column of the layout, in the order template_to_csv writes them.
const std::vector<std::string> kHeader = {
    "kind",    "section",  "id",      "type",    "text",    "guidance", "points",        "weight",
    "na",      "critical", "pass_at", "expect",  "min",     "max",      "labels",        "unit",
    "options", "bands",    "show_if", "version", "channel", "target",   "min_applicable"};

using Cells = std::map<std::string, std::string>;

/// A small valid scorecard as spreadsheet rows (row 1 is the header, so rows[0] is row 2):
///   2 template   3 section greeting   4 greeted (yes_no)   5 warmth (scale)   6 style (choice)
///   7 section service (shown when greeted is yes)   8 wait (number)   9 extras (checklist)
///   10 recommend (nps)   11 remarks (text)
std::vector<Cells> base_rows() {
    return {
        {{"kind", "template"},
         {"id", "shop"},
         {"text", "Shop visit"},
         {"version", "1"},
         {"target", "85"},
         {"min_applicable", "0.5"}},
        {{"kind", "section"},
         {"section", "greeting"},
         {"id", "greeting"},
         {"text", "Greeting"},
         {"weight", "2"}},
        {{"kind", "question"},
         {"section", "greeting"},
         {"id", "greeted"},
         {"type", "yes_no"},
         {"points", "2"},
         {"critical", "section"}},
        {{"kind", "question"},
         {"section", "greeting"},
         {"id", "warmth"},
         {"type", "scale"},
         {"min", "1"},
         {"max", "5"},
         {"labels", "Cold||Neutral||Warm"},
         {"na", "yes"}},
        {{"kind", "question"},
         {"section", "greeting"},
         {"id", "style"},
         {"type", "choice"},
         {"options", "personal=Personal:1|scripted=Scripted:0.5|none=None:0"}},
        {{"kind", "section"}, {"id", "service"}, {"text", "Service"}, {"show_if", "greeted=yes"}},
        {{"kind", "question"},
         {"id", "wait"},
         {"type", "number"},
         {"unit", "s"},
         {"bands", "30:1|90:0.5|:0"}},
        {{"kind", "question"},
         {"id", "extras"},
         {"type", "checklist"},
         {"options", "water:1|leaflet:0.5"},
         {"show_if", "warmth=4|5"}},
        {{"kind", "question"}, {"id", "recommend"}, {"type", "nps"}},
        {{"kind", "question"}, {"id", "remarks"}, {"type", "text"}},
    };
}

std::string to_csv_text(const std::vector<std::string>& header, const std::vector<Cells>& rows) {
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0)
                out += ',';
            vf::append_csv_field(out, cells[i]);
        }
        out += "\r\n";
    };
    line(header);
    for (const Cells& row : rows) {
        std::vector<std::string> cells;
        for (const std::string& column : header)
            cells.push_back(row.count(column) ? row.at(column) : std::string());
        line(cells);
    }
    return out;
}

std::string mini_file() {
    std::string file = VS_TEST_DATA; // appended: GCC 12 warns falsely on string + literal at -O3
    file += "/mini.template.json";
    return file;
}

/// The template's canonical JSON, for comparing two templates.
json canonical(const vf::Template& t) {
    return vf::template_to_json(t);
}

void check_round_trip(const vf::Template& t, const std::string& name) {
    const std::string csv = vf::template_to_csv(t);
    vf::Template back;
    BOOST_REQUIRE_NO_THROW(back = vf::template_from_csv(csv, name + ".csv"));
    BOOST_TEST(canonical(back) == canonical(t), "differs after the CSV round trip:\n"
                                                    << canonical(t).dump(1) << "\n---\n"
                                                    << canonical(back).dump(1));
    BOOST_TEST(vf::template_to_csv(back) == csv);
    // The template it builds carries its JSON, which parses to the same template again.
    BOOST_TEST(canonical(vf::parse_template(back.source, name)) == canonical(t));
}

// A scorecard whose text is everything a spreadsheet cell can make hard: commas, quotes, both
// kinds of line end, non-ASCII, the compound cells' separators and backslashes, leading spaces,
// text that looks like a formula or a number, empty labels and titles, and awkward numbers.
const char* const kTricky = R"json({
  "format": "visitscore.template/1", "id": "tricky-1", "version": 3,
  "name": "Café “Zoë” — branch, visit; \"quoted\"", "channel": "phone,chat",
  "target": 72.5, "min_applicable": 0.3333333333333333,
  "sections": [
    {"id": "s1", "title": "", "weight": 0,
     "description": "Line one,\r\nline two\nline three \"with quotes\"",
     "questions": [
      {"id": "kind_of", "type": "choice", "text": "=SUM(A1:A2)", "guidance": "  leading and trailing  ",
       "options": [{"id": "a", "label": "a", "score": 1},
                   {"id": "b", "label": "", "score": 0.1},
                   {"id": "c", "label": "x|y=z:w\\v", "score": 0.30000000000000004},
                   {"id": "d", "label": "Ünïcødé ✓ 日本", "score": 0}]},
      {"id": "calm", "type": "scale", "min": -2, "max": 2, "na": true, "pass_at": 0.75,
       "labels": ["", "a|b", "c\\", "=1", ""], "points": 0.5},
      {"id": "no_data_leak", "type": "yes_no", "expect": "no", "critical": "visit",
       "text": "Did they leak data?\nSay \"yes\" only if sure."}
    ]},
    {"id": "s2", "title": "Second, with comma", "weight": 1.5,
     "show_if": {"question": "kind_of", "in": ["c", "d"]},
     "questions": [
      {"id": "temp", "type": "number", "unit": "°C, inside",
       "bands": [{"max": -5.5, "score": 0}, {"max": 1e-7, "score": 0.25}, {"max": 21, "score": 1},
                 {"score": 0.5}], "show_if": {"question": "calm", "in": [-2, 0, "na"]}},
      {"id": "said", "type": "text", "show_if": {"question": "no_data_leak", "in": ["no"]}},
      {"id": "note", "type": "text", "na": true},
      {"id": "after_note", "type": "yes_no", "critical": "section", "points": 3,
       "show_if": {"question": "note", "in": ["a|b=c:d", "", "na", "12"]}},
      {"id": "after_temp", "type": "nps", "show_if": {"question": "temp", "in": [2.5, 21]}},
      {"id": "ticks", "type": "checklist", "pass_at": 0,
       "options": [{"id": "p", "label": "P, with \"quotes\"", "score": 0.5}, {"id": "q", "score": 0}]}
    ]}
  ]
})json";

struct BadCase {
    std::string name;
    std::function<void(std::vector<Cells>&, std::vector<std::string>&)> edit;
    std::string where;   ///< exactly InputError::where()
    std::string message; ///< a part of InputError::message()
};

/// rows[r - 2] is spreadsheet row r.
Cells& row(std::vector<Cells>& rows, std::size_t r) {
    return rows.at(r - 2);
}

std::function<void(std::vector<Cells>&, std::vector<std::string>&)>
set(std::size_t r, const std::string& column, const std::string& value) {
    return
        [=](std::vector<Cells>& rows, std::vector<std::string>&) { row(rows, r)[column] = value; };
}

std::string at(int r, const std::string& column) {
    return "row " + std::to_string(r) + ", column \"" + column + "\"";
}

const std::vector<BadCase>& bad_cases() {
    static const std::vector<BadCase> cases = {
        {"points not a number", set(4, "points", "two"), at(4, "points"),
         "\"two\" is not a number"},
        {"points zero (template rule)", set(4, "points", "0"), at(4, "points"),
         "must be more than 0 for a scored question"},
        {"unknown critical scope", set(4, "critical", "always"), at(4, "critical"),
         "must be \"section\" or \"visit\", not \"always\""},
        {"na neither yes nor no", set(5, "na", "maybe"), at(5, "na"),
         "\"maybe\" must be yes, no or empty"},
        {"scale max not above min", set(5, "max", "1"), at(5, "max"),
         "must be greater than min (1)"},
        {"wrong number of labels", set(5, "labels", "Cold|Warm"), at(5, "labels"),
         "must hold one label per point of the scale (5), not 2"},
        {"option score above 1", set(6, "options", "personal=Personal:1.5|none=None:0"),
         at(6, "options"), "option 1, score: must be between 0 and 1, not 1.5"},
        {"option without a score", set(6, "options", "personal=Personal:1|none=None"),
         at(6, "options"), "option 2: write id=label:score"},
        {"option id used twice", set(6, "options", "a:1|b:0|a=Again:0.5"), at(6, "options"),
         "option 3, id: \"a\" is used twice in this question"},
        {"options on a scale question", set(5, "options", "a:1"), at(5, "options"),
         "a scale question has no options (leave the cell empty)"},
        {"band without a max before the last", set(8, "bands", "30:1|:0.5|90:0"), at(8, "bands"),
         "band 2, max: is missing (only the last band may omit it)"},
        {"band max not a number", set(8, "bands", "30:1|ninety:0.5|:0"), at(8, "bands"),
         "band 2, max: \"ninety\" is not a number"},
        {"unknown question type", set(8, "type", "slider"), at(8, "type"),
         "unknown type \"slider\""},
        {"question id used twice", set(9, "id", "greeted"), at(9, "id"),
         "\"greeted\" is used twice"},
        {"show_if value not an answer", set(9, "show_if", "warmth=4|9"), at(9, "show_if"),
         "value 2: 9 is not a possible answer of \"warmth\" (scale)"},
        {"show_if refers to a later question", set(7, "show_if", "extras=water"), at(7, "show_if"),
         "question: \"extras\" comes later"},
        {"show_if refers to no question", set(11, "show_if", "nosuch=yes"), at(11, "show_if"),
         "question: \"nosuch\" is not a question of this template"},
        {"show_if without =", set(11, "show_if", "greeted"), at(11, "show_if"),
         "write question=value|value"},
        {"template version zero", set(2, "version", "0"), at(2, "version"), "must be 1 or more"},
        {"template without a name", set(2, "text", ""), at(2, "text"), "must not be empty"},
        {"template id with capitals", set(2, "id", "Shop"), at(2, "id"),
         "\"Shop\" must match [a-z][a-z0-9_-]*"},
        {"min_applicable above 1", set(2, "min_applicable", "50"), at(2, "min_applicable"),
         "must be between 0 and 1"},
        {"negative section weight", set(3, "weight", "-1"), at(3, "weight"),
         "must not be negative"},
        {"points on a section row", set(3, "points", "2"), at(3, "points"),
         "is not used on a section row (leave the cell empty)"},
        {"weight on a question row", set(4, "weight", "2"), at(4, "weight"),
         "is not used on a question row"},
        {"misspelt kind", set(4, "kind", "questoin"), at(4, "kind"),
         "\"questoin\" is not a kind of row (use template, section or question)"},
        {"question under the wrong section", set(4, "section", "service"), at(4, "section"),
         "\"service\" is not the section above (\"greeting\", row 3)"},
        {"section row naming another section", set(7, "section", "greeting"), at(7, "section"),
         "must be empty or the section's own id (\"service\")"},
        {"no template row first",
         [](std::vector<Cells>& rows, std::vector<std::string>&) { rows.erase(rows.begin()); },
         at(2, "kind"), "the first row after the header must be the template row"},
        {"two template rows",
         [](std::vector<Cells>& rows, std::vector<std::string>&) { rows.push_back(rows[0]); },
         at(12, "kind"), "there is already a template row (row 2)"},
        {"section without questions",
         [](std::vector<Cells>& rows, std::vector<std::string>&) {
             rows.push_back({{"kind", "section"}, {"id", "empty"}, {"text", "Empty"}});
         },
         "row 12", "questions: must hold at least one question"},
        {"question before any section",
         [](std::vector<Cells>& rows, std::vector<std::string>&) { std::swap(rows[1], rows[2]); },
         at(3, "kind"), "a question row must come after the row of its section"},
        {"misspelt column",
         [](std::vector<Cells>&, std::vector<std::string>& header) { header[5] = "guidence"; },
         "row 1", "unknown column \"guidence\""},
        {"no id column",
         [](std::vector<Cells>&, std::vector<std::string>& header) { header[2] = ""; }, at(1, "id"),
         "the header has no such column"},
        {"a cell under no column",
         [](std::vector<Cells>& rows, std::vector<std::string>& header) {
             header.push_back("");
             row(rows, 6)[""] = "stray";
         },
         "row 6", "cell 24 is under no column of the header"},
        {"row after a multi-line cell names its line too",
         [](std::vector<Cells>& rows, std::vector<std::string>&) {
             row(rows, 3)["guidance"] = "two\nlines";
             row(rows, 4)["points"] = "-1";
         },
         "row 4 (line 5), column \"points\"", "must be more than 0"},
    };
    return cases;
}

} // namespace

BOOST_AUTO_TEST_SUITE(template_csv)

BOOST_AUTO_TEST_CASE(every_bundled_template_round_trips) {
    const auto& bundled = vs::templates::bundled();
    BOOST_TEST(bundled.size() >= 3u);
    for (const auto& [name, text] : bundled) {
        BOOST_TEST_INFO_SCOPE(name);
        check_round_trip(vf::parse_template(text, std::string(name)), std::string(name));
    }
}

BOOST_AUTO_TEST_CASE(mini_template_round_trips) {
    const std::string file = mini_file();
    check_round_trip(vf::parse_template(vf::read_file(file), file), "mini");
}

BOOST_AUTO_TEST_CASE(tricky_text_round_trips) {
    const vf::Template t = vf::parse_template(kTricky, "tricky.json");
    check_round_trip(t, "tricky");
    // The awkward values really are in the file, quoted per RFC 4180.
    const std::string csv = vf::template_to_csv(t);
    BOOST_TEST(csv.find("\"Line one,\r\nline two\nline three \"\"with quotes\"\"\"") !=
               std::string::npos);
    BOOST_TEST(csv.find("c=x\\|y\\=z\\:w\\\\v:0.30000000000000004") != std::string::npos);
    BOOST_TEST(csv.find("Ünïcødé ✓ 日本") != std::string::npos);
    BOOST_TEST(csv.find("note=a\\|b\\=c\\:d||na|12") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(layout_of_the_written_file) {
    const std::string file = mini_file();
    const std::string csv = vf::template_to_csv(vf::parse_template(vf::read_file(file), file));
    BOOST_TEST(csv.rfind("\xEF\xBB\xBF"
                         "kind,section,id,type,text,",
                         0) == 0);
    const auto rows = vf::parse_csv(csv, "mini.csv");
    BOOST_REQUIRE(rows.size() == 1u + 1u + 3u + 9u); // header, template, sections, questions
    BOOST_TEST(rows[0].fields == kHeader);
    for (const auto& r : rows)
        BOOST_TEST(r.fields.size() == kHeader.size());
    BOOST_TEST(rows[1].fields[0] == "template");
    BOOST_TEST(rows[2].fields[0] == "section");
    // question greeted: one row holding the section, its id, type, points and critical scope
    const std::vector<std::string>& greeted = rows[3].fields;
    BOOST_TEST(greeted[0] == "question");
    BOOST_TEST(greeted[1] == "greeting");
    BOOST_TEST(greeted[2] == "greeted");
    BOOST_TEST(greeted[6] == "2");
    BOOST_TEST(greeted[9] == "section");
    // options and bands in their one-cell forms
    BOOST_TEST(rows[8].fields[16] == "refund:1|replace:1|apology:0.5");
    BOOST_TEST(rows[10].fields[17] == "30:1|90:0.5|:0");
    BOOST_TEST(rows[6].fields[18] == "complaint=yes"); // the section's show_if
}

BOOST_AUTO_TEST_CASE(reads_what_a_spreadsheet_writes) {
    // Some columns only, in another order, LF line ends, no BOM, every cell quoted, blank rows
    // of empty cells, spaces around keywords and numbers, a kind in capitals, a column of notes
    // (#…) that is not read.
    const std::string csv =
        "\"id\",\"kind\",\"text\",\"type\",\"options\",\"version\",\"# Notes\"\n"
        "\"shop\",\"template\",\"Shop\",\"\",\"\",\" 2 \",\"draft for Q3\"\n"
        "\"\",\"\",\"\",\"\",\"\",\"\",\"\"\n"
        "\"main\",\" section \",\"Main\",\"\",\"\",\"\",\"\"\n"
        "\"style\",\"Question\",\"Style?\",\" choice\",\"a=A: 1 |b=B:0\",\"\",\"ask Sam\"\n";
    const vf::Template t = vf::template_from_csv(csv, "edited.csv");
    BOOST_TEST(t.id == "shop");
    BOOST_TEST(t.version == 2);
    BOOST_REQUIRE(t.questions.size() == 1u);
    BOOST_TEST(vf::to_string(t.questions[0].type) == "choice");
    BOOST_REQUIRE(t.questions[0].options.size() == 2u);
    BOOST_TEST(t.questions[0].options[0].label == "A");
    BOOST_TEST(t.questions[0].options[0].score == 1.0);
    BOOST_TEST(t.sections[0].weight == 1.0); // defaults apply to columns left out
}

BOOST_AUTO_TEST_CASE(base_of_the_error_table_is_valid) {
    const vf::Template t = vf::template_from_csv(to_csv_text(kHeader, base_rows()), "shop.csv");
    BOOST_TEST(t.questions.size() == 7u);
    BOOST_TEST(t.sections[1].show_if->in == json::array({"yes"}));
    BOOST_TEST(t.questions[4].show_if->in == json::array({4, 5}));
    BOOST_TEST(t.questions[1].labels ==
               std::vector<std::string>({"Cold", "", "Neutral", "", "Warm"}));
}

BOOST_AUTO_TEST_CASE(errors_name_the_row_and_column) {
    for (const BadCase& c : bad_cases()) {
        BOOST_TEST_INFO_SCOPE(c.name);
        auto rows = base_rows();
        auto header = kHeader;
        c.edit(rows, header);
        try {
            vf::template_from_csv(to_csv_text(header, rows), "shop.csv");
            BOOST_ERROR("accepted");
        } catch (const vs::InputError& e) {
            BOOST_TEST(e.file() == "shop.csv");
            BOOST_TEST(e.where() == c.where);
            BOOST_TEST(e.message().find(c.message) != std::string::npos, e.message());
            BOOST_TEST(std::string(e.what()).rfind("shop.csv: " + c.where + ": ", 0) == 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(malformed_files) {
    struct Case {
        std::string text;
        std::string where;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", "row 1", "the file is empty"},
        {"kind,id\r\n", "row 1", "there is no template row"},
        {"kind,id\r\ntemplate,\"shop\r\n", "line 2", "a quoted field is never closed"},
        {"kind,id\r\ntemplate,sh\xff\r\n", "line 2", "invalid UTF-8"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.text);
        try {
            vf::template_from_csv(c.text, "x.csv");
            BOOST_ERROR("accepted");
        } catch (const vs::InputError& e) {
            BOOST_TEST(e.where() == c.where);
            BOOST_TEST(e.message().find(c.message) != std::string::npos, e.message());
        }
    }
}

BOOST_AUTO_TEST_CASE(random_edits_are_refused_or_read_back_faithfully) {
    // Cells replaced by pieces of other cells or by syntax characters, bytes dropped or doubled:
    // every result is either refused with an InputError naming the file or a template that
    // survives another round trip unchanged; nothing else escapes.
    std::vector<std::string> seeds = {vf::template_to_csv(vf::parse_template(kTricky, "t"))};
    for (const auto& [name, text] : vs::templates::bundled())
        seeds.push_back(vf::template_to_csv(vf::parse_template(text, std::string(name))));
    const std::vector<std::string> pieces = {
        "",        "|",   "=",   ":",        "\\",      "\"",       ",",
        "\n",      "na",  "yes", "-1",       "1e999",   "nan",      "0.5",
        "a:1|b:0", "x=y", ":0",  "question", "section", "template", "scale"};
    std::mt19937 rng(20261122);
    int refused = 0, read = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string csv = seeds[rng() % seeds.size()];
        for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
            const std::size_t at = rng() % csv.size();
            switch (rng() % 3) {
            case 0:
                csv.erase(at, 1 + rng() % 8);
                break;
            case 1:
                csv.insert(at, pieces[rng() % pieces.size()]);
                break;
            default:
                csv.insert(at, csv.substr(rng() % csv.size(), rng() % 40));
            }
            if (csv.empty())
                break;
        }
        try {
            const vf::Template t = vf::template_from_csv(csv, "edited.csv");
            ++read;
            BOOST_TEST(canonical(vf::template_from_csv(vf::template_to_csv(t), "again.csv")) ==
                       canonical(t));
        } catch (const vs::InputError& e) {
            ++refused;
            BOOST_TEST(e.file() == "edited.csv");
            BOOST_TEST((e.where().rfind("row ", 0) == 0 || e.where().rfind("line ", 0) == 0),
                       e.where());
            if (std::getenv("VS_SHOW_CSV_ERRORS"))
                BOOST_TEST_MESSAGE(e.what());
        }
    }
    BOOST_TEST(refused > 100);
    BOOST_TEST(read > 100);
}

BOOST_AUTO_TEST_SUITE_END()
