// Tests for the input rules every file shares: checklist option weights (SCORING.md §1), text
// that files cannot carry, numbers at their limits, ids the visit CSV reserves, plausible dates
// and id lookups that stay fast on big scorecards. Each case goes through the shared readers
// (template JSON, template CSV, visit package, visit CSV), so a rule cannot hold in one and not
// in another.

#include "forms/answer.h"
#include "forms/csv.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/template.h"
#include "forms/template_csv.h"
#include "forms/text.h"
#include "forms/visit.h"

#include <boost/test/unit_test.hpp>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace vf = vs::forms;
namespace tt = boost::test_tools;
using nlohmann::json;

namespace {

//   sections[0] main: questions[0] greeted (yes_no), [1] warmth (scale 1..5), [2] style
//                     (choice), [3] extras (checklist), [4] wait (number), [5] notes (text)
const char* const kTemplate = R"json({
  "format": "visitscore.template/1", "id": "limits", "version": 1, "name": "Limits",
  "sections": [
    {"id": "main", "questions": [
      {"id": "greeted", "type": "yes_no"},
      {"id": "warmth", "type": "scale", "min": 1, "max": 5},
      {"id": "style", "type": "choice",
       "options": [{"id": "personal", "score": 1}, {"id": "none", "score": 0}]},
      {"id": "extras", "type": "checklist",
       "options": [{"id": "water", "score": 2}, {"id": "leaflet", "score": 1},
                   {"id": "mint", "score": 0}]},
      {"id": "wait", "type": "number", "bands": [{"max": 30, "score": 1}, {"score": 0}]},
      {"id": "notes", "type": "text"}
    ]}
  ]
})json";

const std::string kUuid = "6f1c2a1e-0d7b-4c39-9a0e-1b2c3d4e5f60";
const std::string kAt = "visits[0] (" + kUuid + ")";

json& question(json& doc, int q) {
    return doc["sections"][0]["questions"][q];
}

const vf::Template& limits_template() {
    static const vf::Template t = vf::parse_template(kTemplate, "limits.json");
    return t;
}

json package() {
    json visit = {{"uuid", kUuid},
                  {"template", "limits"},
                  {"template_version", 1},
                  {"client", "Northwind Bank"},
                  {"branch", "LDS01"},
                  {"shopper", "S017"},
                  {"visited_at", "2026-10-03T14:05"},
                  {"answers",
                   {{"greeted", "yes"},
                    {"warmth", 4},
                    {"extras", json::array({"water"})},
                    {"notes", "Fine"}}}};
    return {{"format", "visitscore.visits/1"}, {"visits", json::array({visit})}};
}

/// Parses a package and checks its visits against limits_template().
void read_package(const std::string& text) {
    for (const vf::Visit& v : vf::parse_visit_package(text, "p.json"))
        vf::check_visit(limits_template(), v, "p.json", "visits[0]");
}

const vf::Template* lookup(const std::string& id, int version) {
    return id == "limits" && version == 1 ? &limits_template() : nullptr;
}

const std::string kCsvHeader =
    "uuid,template,template_version,client,region,branch,employee,shopper,visited_at,status,"
    "notes,summary";
std::string csv_row(const std::string& visited_at, const std::string& notes,
                    const std::string& summary = "") {
    return kUuid + ",limits,1,Northwind Bank,,LDS01,,S017," + visited_at + ",approved," + notes +
           "," + summary;
}

/// Runs `f`, which must throw InputError with this where() and a message holding `message`.
void check_input_error(const std::function<void()>& f, const std::string& where,
                       const std::string& message) {
    try {
        f();
        BOOST_ERROR("no error (expected " << where << ": " << message << ")");
    } catch (const vs::InputError& e) {
        BOOST_TEST(e.where() == where);
        BOOST_TEST(e.message().find(message) != std::string::npos,
                   "message \"" << e.message() << "\" lacks \"" << message << "\"");
    }
}

struct TemplateCase {
    std::string name;
    std::function<void(json&)> edit;
    std::string where;   ///< empty: the edited template is valid
    std::string message; ///< a part of InputError::message()
};

void run_template_cases(const std::vector<TemplateCase>& cases) {
    BOOST_REQUIRE_NO_THROW(vf::parse_template(kTemplate, "limits.json"));
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        json doc = json::parse(kTemplate);
        c.edit(doc);
        if (c.where.empty()) {
            BOOST_CHECK_NO_THROW(vf::template_from_json(doc, "t.json"));
            continue;
        }
        check_input_error([&] { vf::template_from_json(doc, "t.json"); }, c.where, c.message);
        // The same file as JSON text (not only a parsed document) is refused the same way.
        check_input_error([&] { vf::parse_template(doc.dump(), "t.json"); }, c.where, c.message);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(input_limits)

BOOST_AUTO_TEST_CASE(checklist_option_scores_are_weights) {
    // SCORING.md §1: a checklist option's score is a weight, any finite number >= 0; only choice
    // options stay in [0, 1]. kTemplate itself has a checklist option worth 2.
    const vf::Template& t = limits_template();
    BOOST_TEST(t.questions[3].options[0].score == 2.0);
    run_template_cases({
        {"checklist option worth 2.5", [](json& d) { question(d, 3)["options"][1]["score"] = 2.5; },
         "", ""},
        {"checklist option at the limit",
         [](json& d) { question(d, 3)["options"][1]["score"] = 1000; }, "", ""},
        {"checklist option above the limit",
         [](json& d) { question(d, 3)["options"][1]["score"] = 1000.5; },
         "sections[0].questions[3].options[1].score", "between 0 and 1000"},
        {"checklist option negative", [](json& d) { question(d, 3)["options"][1]["score"] = -1; },
         "sections[0].questions[3].options[1].score", "between 0 and 1000"},
        {"checklist weights adding to 0",
         [](json& d) {
             for (auto& o : question(d, 3)["options"])
                 o["score"] = 0;
         },
         "sections[0].questions[3].options", "add up to more than 0"},
        {"checklist option id with the CSV's separator",
         [](json& d) { question(d, 3)["options"][1]["id"] = "a;b"; },
         "sections[0].questions[3].options[1].id", "joins the chosen ids with \";\""},
        {"checklist option id ending in a space",
         [](json& d) { question(d, 3)["options"][1]["id"] = "leaflet "; },
         "sections[0].questions[3].options[1].id", "cannot be a checklist option id"},
        {"checklist option id the CSV uses for no option",
         [](json& d) { question(d, 3)["options"][1]["id"] = "(none)"; },
         "sections[0].questions[3].options[1].id", "answered with no option"},
        {"choice option id with a semicolon",
         [](json& d) { question(d, 2)["options"][1]["id"] = "no;ne"; }, "", ""},
        {"choice option above 1", [](json& d) { question(d, 2)["options"][0]["score"] = 2; },
         "sections[0].questions[2].options[0].score", "between 0 and 1"},
    });
    // The spreadsheet form reads it through the same validation: a weight of 2 comes back.
    const std::string csv = vf::template_to_csv(t);
    vf::Template back;
    BOOST_REQUIRE_NO_THROW(back = vf::template_from_csv(csv, "limits.csv"));
    BOOST_TEST(vf::template_to_json(back) == vf::template_to_json(t));
}

BOOST_AUTO_TEST_CASE(text_files_cannot_carry) {
    struct Case {
        std::string name;
        std::string text;
        std::string problem; ///< a part of text_problem(); empty when the text is fine
    };
    const std::vector<Case> cases = {
        {"plain", "Café “Zoë” ✓ 日本 😀", ""},
        {"tab and line breaks", "a\tb\r\nc\n", ""},
        {"DEL and C1 controls (XML 1.0 allows them)", "a\x7F\xC2\x85", ""},
        {"U+FFFD", "\xEF\xBF\xBD", ""},
        {"U+10FFFF", "\xF4\x8F\xBF\xBF", ""},
        {"NUL", std::string("a\0b", 3), "U+0000, a NUL character"},
        {"U+0001", "\x01", "U+0001, a control character"},
        {"escape", "x\x1B[31m",
         "U+001B, a control character that files cannot carry (at character 2"},
        {"U+001F", "\x1F", "U+001F"},
        {"U+FFFE", "ab\xEF\xBF\xBE", "U+FFFE, a noncharacter"},
        {"U+FFFF", "\xEF\xBF\xBF", "U+FFFF, a noncharacter"},
        {"lone high surrogate", "\xED\xA0\x80", "not valid UTF-8"},
        {"lone low surrogate", "\xED\xBF\xBF", "not valid UTF-8"},
        {"invalid byte", "\xFF", "not valid UTF-8"},
        {"truncated sequence", "\xE2\x82", "not valid UTF-8"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const std::string problem = vf::text_problem(c.text);
        if (c.problem.empty()) {
            BOOST_TEST(problem.empty(), problem);
            BOOST_CHECK_NO_THROW(vf::check_text(c.text, "f", "field"));
        } else {
            BOOST_TEST(problem.find(c.problem) != std::string::npos,
                       "\"" << problem << "\" lacks \"" << c.problem << "\"");
            check_input_error([&] { vf::check_text(c.text, "f", "field"); }, "field", c.problem);
        }
    }
}

BOOST_AUTO_TEST_CASE(forbidden_characters_refused_in_templates) {
    const std::string nul = std::string(1, '\0');
    run_template_cases({
        {"NUL in the name", [&](json& d) { d["name"] = "Shop" + nul; }, "name", "U+0000"},
        {"U+FFFE in a question text",
         [](json& d) { question(d, 0)["text"] = "Greeted\xEF\xBF\xBE?"; },
         "sections[0].questions[0].text", "U+FFFE"},
        {"control in guidance", [](json& d) { question(d, 0)["guidance"] = "a\x07"; },
         "sections[0].questions[0].guidance", "U+0007"},
        {"control in a section title", [](json& d) { d["sections"][0]["title"] = "\x01"; },
         "sections[0].title", "U+0001"},
        {"control in a scale label",
         [](json& d) {
             question(d, 1)["labels"] = {"a", "b", "c\x0B", "d", "e"};
         },
         "sections[0].questions[1].labels[2]", "U+000B"},
        {"U+FFFF in an option label",
         [](json& d) { question(d, 2)["options"][1]["label"] = "None\xEF\xBF\xBF"; },
         "sections[0].questions[2].options[1].label", "U+FFFF"},
        {"control in an option id", [](json& d) { question(d, 3)["options"][2]["id"] = "m\x02"; },
         "sections[0].questions[3].options[2].id", "U+0002"},
        {"control in a text show_if value",
         [](json& d) {
             d["sections"].push_back(
                 {{"id", "more"},
                  {"show_if", {{"question", "notes"}, {"in", json::array({"x\x03"})}}},
                  {"questions", json::array({json{{"id", "q2"}, {"type", "yes_no"}}})}});
         },
         "sections[1].show_if.in[0]", "U+0003"},
        {"tab and newline are fine", [](json& d) { question(d, 0)["text"] = "a\tb\r\nc"; }, "", ""},
    });
    // Lone surrogates, escaped or raw, and invalid UTF-8 never get as far as a field.
    for (const std::string& name : {std::string("\\uD800"), std::string("\\uDC00x"),
                                    std::string("\xED\xA0\x80"), std::string("\xC0\x80")}) {
        BOOST_TEST_INFO_SCOPE(name);
        std::string text = kTemplate;
        text.replace(text.find("\"Limits\""), 8, "\"" + name + "\"");
        try {
            vf::parse_template(text, "t.json");
            BOOST_ERROR("no error");
        } catch (const vs::InputError& e) {
            BOOST_TEST(e.message().find("invalid JSON") != std::string::npos, e.what());
        }
    }
    check_input_error([] { vf::parse_csv("a,b\n1,\xED\xA0\x80\n", "x.csv"); }, "line 2",
                      "invalid UTF-8");
    // From a spreadsheet: the cell is named by its row's line and its column's header.
    const std::string csv = vf::template_to_csv(limits_template());
    const std::size_t at = csv.find("Limits");
    BOOST_REQUIRE(at != std::string::npos);
    std::string bad = csv;
    bad.insert(at + 3, "\x01");
    check_input_error([&] { vf::template_from_csv(bad, "t.csv"); }, "line 2, column \"text\"",
                      "U+0001");
}

BOOST_AUTO_TEST_CASE(forbidden_characters_refused_in_visits) {
    struct Case {
        std::string name;
        std::function<void(json&)> edit;
        std::string where;
        std::string message;
    };
    const std::string nul = std::string(1, '\0');
    const std::vector<Case> cases = {
        {"NUL in the client", [&](json& d) { d["visits"][0]["client"] = "North" + nul; },
         kAt + ".client", "U+0000"},
        {"control in the shopper code", [](json& d) { d["visits"][0]["shopper"] = "S\x01"; },
         kAt + ".shopper", "U+0001"},
        {"U+FFFE in a branch name",
         [](json& d) { d["visits"][0]["branch_name"] = "Leeds\xEF\xBF\xBE"; }, kAt + ".branch_name",
         "U+FFFE"},
        {"control in the summary", [](json& d) { d["visits"][0]["summary"] = "ok\x1B"; },
         kAt + ".summary", "U+001B"},
        {"control in a comment",
         [](json& d) {
             d["visits"][0]["comments"] = {{"greeted", "hi\x08"}};
         },
         kAt + ".comments.greeted", "U+0008"},
        {"control in a comment's key",
         [](json& d) {
             d["visits"][0]["comments"] = {{"gr\x08", "hi"}};
         },
         kAt + ".comments", "U+0008"},
        {"U+FFFF in a section attribution",
         [](json& d) {
             d["visits"][0]["section_employees"] = {{"main", "E1\xEF\xBF\xBF"}};
         },
         kAt + ".section_employees.main", "U+FFFF"},
        {"control in a text answer", [](json& d) { d["visits"][0]["answers"]["notes"] = "a\x0C"; },
         "visits[0].answers.notes", "U+000C"},
        {"NUL in the visit's calibration id", [&](json& d) { d["visits"][0]["calibration"] = nul; },
         kAt + ".calibration", "U+0000"},
    };
    BOOST_REQUIRE_NO_THROW(read_package(package().dump()));
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        json doc = package();
        c.edit(doc);
        check_input_error([&] { read_package(doc.dump()); }, c.where, c.message);
    }
    // Visit CSV: the cell is named by its line and its column's header.
    BOOST_REQUIRE_NO_THROW(vf::parse_visit_csv(
        kCsvHeader + "\n" + csv_row("2026-10-03T14:05", "fine") + "\n", "v.csv", lookup));
    check_input_error(
        [&] {
            vf::parse_visit_csv(kCsvHeader + "\n" + csv_row("2026-10-03T14:05", "a\x01") + "\n",
                                "v.csv", lookup);
        },
        "line 2, column \"notes\"", "U+0001");
    check_input_error(
        [&] {
            vf::parse_visit_csv(kCsvHeader + "\n" +
                                    csv_row("2026-10-03T14:05", "", "x\xEF\xBF\xBE") + "\n",
                                "v.csv", lookup);
        },
        "line 2, column \"summary\"", "U+FFFE");
}

BOOST_AUTO_TEST_CASE(numbers_at_their_limits) {
    run_template_cases({
        {"scale min INT_MIN", [](json& d) { question(d, 1)["min"] = INT_MIN; },
         "sections[0].questions[1].min", "between -1000 and 1000"},
        {"scale max INT_MAX", [](json& d) { question(d, 1)["max"] = INT_MAX; },
         "sections[0].questions[1].max", "between -1000 and 1000"},
        {"scale of 102 points", [](json& d) { question(d, 1)["max"] = 102; },
         "sections[0].questions[1].max", "at most 100 above min (1)"},
        {"scale of 101 points", [](json& d) { question(d, 1)["max"] = 101; }, "", ""},
        {"scale of 101 points from -50",
         [](json& d) {
             question(d, 1)["min"] = -50;
             question(d, 1)["max"] = 50;
         },
         "", ""},
        {"scale span 1000..-1000",
         [](json& d) {
             question(d, 1)["min"] = -1000;
             question(d, 1)["max"] = 1000;
         },
         "sections[0].questions[1].max", "at most 100 above min"},
        {"points 1000", [](json& d) { question(d, 0)["points"] = 1000; }, "", ""},
        {"points above 1000", [](json& d) { question(d, 0)["points"] = 1e300; },
         "sections[0].questions[0].points", "at most 1000"},
        {"weight 1000", [](json& d) { d["sections"][0]["weight"] = 1000; }, "", ""},
        {"weight above 1000", [](json& d) { d["sections"][0]["weight"] = 1e308; },
         "sections[0].weight", "at most 1000"},
        {"band max beyond 1e15", [](json& d) { question(d, 4)["bands"][0]["max"] = 1e300; },
         "sections[0].questions[4].bands[0].max", "between -1e15 and 1e15"},
        {"band max far below", [](json& d) { question(d, 4)["bands"][0]["max"] = -1e16; },
         "sections[0].questions[4].bands[0].max", "between -1e15 and 1e15"},
        {"version INT_MAX", [](json& d) { d["version"] = INT_MAX; }, "version", "at most 1000000"},
        {"version 1000000", [](json& d) { d["version"] = 1000000; }, "", ""},
        {"version past int", [](json& d) { d["version"] = 1e10; }, "version", "whole number"},
        {"target NaN-free above 100", [](json& d) { d["target"] = 100.5; }, "target",
         "between 0 and 100"},
        {"pass_at above 1", [](json& d) { question(d, 2)["pass_at"] = 2; },
         "sections[0].questions[2].pass_at", "between 0 and 1"},
        {"min_applicable negative", [](json& d) { d["min_applicable"] = -0.1; }, "min_applicable",
         "between 0 and 1"},
    });
    // Answers: finite, and within ±1e15 for a number question.
    struct Case {
        std::string name;
        std::string text; ///< the answer of "wait", as JSON text
        std::string message;
    };
    const std::vector<Case> cases = {
        {"huge number", "1e300", "between -1e15 and 1e15"},
        {"huge negative number", "-2e15", "between -1e15 and 1e15"},
        {"number at the limit", "-1e15", ""},
        {"number too large for a double", "1e400", "invalid JSON"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        std::string text = package().dump();
        const std::string answers = "\"answers\":{";
        text.insert(text.find(answers) + answers.size(), "\"wait\":" + c.text + ",");
        if (c.message.empty()) {
            BOOST_CHECK_NO_THROW(read_package(text));
        } else {
            try {
                read_package(text);
                BOOST_ERROR("no error");
            } catch (const vs::InputError& e) {
                BOOST_TEST(e.message().find(c.message) != std::string::npos, e.what());
            }
        }
    }
    // A version past the range in a visit package is refused, not looked up.
    json doc = package();
    doc["visits"][0]["template_version"] = 2000000;
    check_input_error([&] { read_package(doc.dump()); }, kAt + ".template_version",
                      "at most 1000000");
}

BOOST_AUTO_TEST_CASE(reserved_ids_refused) {
    // Every id the visit CSV (and a package's comments) uses for itself, and SECTION_score.
    std::vector<std::string> reserved = {
        "uuid",        "template",   "template_version", "client",    "region",       "branch",
        "branch_name", "employee",   "employee_name",    "shopper",   "shopper_name", "visited_at",
        "status",      "summary",    "calibration",      "reference", "raw",          "score",
        "visit",       "main_score", "x_score"};
    BOOST_TEST(vf::reserved_ids().size() == reserved.size() - 2);
    for (const std::string& id : reserved) {
        BOOST_TEST_INFO_SCOPE(id);
        BOOST_TEST(vf::is_reserved_id(id));
        for (bool section : {false, true}) {
            BOOST_TEST_INFO_SCOPE((section ? "as a section id" : "as a question id"));
            json doc = json::parse(kTemplate);
            json& target = section ? doc["sections"][0] : question(doc, 5);
            target["id"] = id;
            check_input_error([&] { vf::template_from_json(doc, "t.json"); },
                              section ? "sections[0].id" : "sections[0].questions[5].id",
                              "\"" + id + "\" is reserved");
        }
    }
    // From a spreadsheet, the refusal names the row and the column of the id.
    {
        vf::Template t = limits_template();
        t.questions[5].id = "summary";
        t.index_ids();
        check_input_error([&] { vf::template_from_csv(vf::template_to_csv(t), "t.csv"); },
                          "row 9, column \"id\"", "\"summary\" is reserved");
        t.questions[5].id = "notes";
        t.questions[3].options[1].score = 1001;
        check_input_error([&] { vf::template_from_csv(vf::template_to_csv(t), "t.csv"); },
                          "row 7, column \"options\"",
                          "option 2, score: must be between 0 and 1000");
    }
    for (const std::string id : {"scores", "score_given", "raw_data", "visits", "summary_given"})
        BOOST_TEST(!vf::is_reserved_id(id), id);
    // The bundled scorecards use none of them.
    for (const auto& entry : fs::directory_iterator(VS_TEMPLATES)) {
        if (entry.path().extension() != ".json")
            continue;
        BOOST_TEST_INFO_SCOPE(entry.path().filename().string());
        const vf::Template t =
            vf::parse_template(vf::read_file(entry.path().string()), entry.path().string());
        for (const auto& q : t.questions)
            BOOST_TEST(!vf::is_reserved_id(q.id), q.id);
        for (const auto& s : t.sections)
            BOOST_TEST(!vf::is_reserved_id(s.id), s.id);
    }
}

BOOST_AUTO_TEST_CASE(plausible_dates) {
    struct Case {
        std::string visited_at;
        bool ok;
    };
    const std::vector<Case> cases = {
        {"1989-12-31T23:59", false}, {"1990-01-01T00:00", true},  {"2100-12-31T23:59:59", true},
        {"2101-01-01T00:00", false}, {"0206-10-03T14:05", false}, {"9999-12-31T23:59", false},
        {"2026-10-03 14:05", true},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.visited_at);
        BOOST_TEST(vf::parse_plausible_day(c.visited_at).has_value() == c.ok);
        json doc = package();
        doc["visits"][0]["visited_at"] = c.visited_at;
        const std::string csv = kCsvHeader + "\n" + csv_row(c.visited_at, "") + "\n";
        if (c.ok) {
            BOOST_CHECK_NO_THROW(read_package(doc.dump()));
            BOOST_CHECK_NO_THROW(vf::parse_visit_csv(csv, "v.csv", lookup));
        } else {
            check_input_error([&] { read_package(doc.dump()); }, kAt + ".visited_at",
                              "outside the dates this program accepts (1990-01-01 to "
                              "2100-12-31)");
            check_input_error([&] { vf::parse_visit_csv(csv, "v.csv", lookup); },
                              "line 2 (" + kUuid + ").visited_at", "outside the dates");
        }
    }
    // parse_day itself stays a plain calendar function (reports may name any date).
    BOOST_TEST(vf::parse_day("1969-12-31").has_value());
    BOOST_TEST(!vf::plausible_day(*vf::parse_day("1969-12-31")));
}

BOOST_AUTO_TEST_CASE(visits_built_in_code_checked_too) {
    // A visit typed in the app or edited in the store does not pass through a reader: the
    // same rules hold for it in check_visit, which every visit passes before it is stored.
    struct Case {
        std::string name;
        std::function<void(vf::Visit&)> edit;
        std::string where;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"control character in the client", [](vf::Visit& v) { v.client = "North\x01"; },
         "visit.client", "U+0001"},
        {"invalid UTF-8 in an employee name", [](vf::Visit& v) { v.employee_name = "\xC3"; },
         "visit.employee_name", "not valid UTF-8"},
        {"NUL in a comment", [](vf::Visit& v) { v.comments["visit"] = std::string(1, '\0'); },
         "visit.comments.visit", "U+0000"},
        {"U+FFFF in an attribution",
         [](vf::Visit& v) { v.section_employees["main"] = "E\xEF\xBF\xBF"; },
         "visit.section_employees.main", "U+FFFF"},
        {"date before 1990", [](vf::Visit& v) { v.visited_at = "1989-06-01T10:00:00"; },
         "visit.visited_at", "outside the dates"},
        {"date that does not exist", [](vf::Visit& v) { v.visited_at = "2026-02-30T10:00:00"; },
         "visit.visited_at", "not a date and time that exists"},
        {"no time", [](vf::Visit& v) { v.visited_at = "2026-02-03"; }, "visit.visited_at",
         "not a date and time that exists"},
    };
    const vf::Visit good = vf::parse_visit_package(package().dump(), "p.json").at(0);
    BOOST_REQUIRE_NO_THROW(vf::check_visit(limits_template(), good, "", "visit"));
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        vf::Visit v = good;
        c.edit(v);
        check_input_error([&] { vf::check_visit(limits_template(), v, "", "visit"); }, c.where,
                          c.message);
    }
}

BOOST_AUTO_TEST_CASE(ids_found_through_an_index) {
    const vf::Template& t = limits_template();
    // The parser indexes every question, section and option id.
    BOOST_TEST(t.question_index.size() == t.questions.size());
    BOOST_TEST(t.section_index.size() == t.sections.size());
    BOOST_TEST(t.questions[3].option_index.size() == t.questions[3].options.size());
    for (std::size_t i = 0; i < t.questions.size(); ++i)
        BOOST_TEST(t.find_question(t.questions[i].id) == static_cast<int>(i));
    BOOST_TEST(t.find_question("main") == -1);
    BOOST_TEST(t.find_section("main") == 0);
    BOOST_TEST(t.find_section("greeted") == -1);
    BOOST_TEST(t.questions[3].find_option("mint") == 2);
    BOOST_TEST(t.questions[3].find_option("") == -1);

    // A copy finds the same; an edited copy still finds its ids (stale index), and again
    // through the index once rebuilt.
    vf::Template copy = t;
    BOOST_TEST(copy.find_question("notes") == 5);
    copy.questions[5].id = "remarks";
    BOOST_TEST(copy.find_question("notes") == -1);
    copy.index_ids();
    BOOST_TEST(copy.find_question("remarks") == 5);
    BOOST_TEST(copy.find_question("notes") == -1);

    // A hand-built template (no index) is searched.
    vf::Template hand;
    hand.questions.resize(2);
    hand.questions[0].id = "a";
    hand.questions[1].id = "b";
    BOOST_TEST(hand.find_question("b") == 1);
    BOOST_TEST(hand.find_question("c") == -1);
}

BOOST_AUTO_TEST_CASE(visibility_one_step_at_a_time) {
    // visible_next, step by step, agrees with visible_questions (sections and questions with
    // show_if, hiding that cascades), so that code filling answers in order need not recompute.
    const std::string file = std::string(VS_TEST_DATA) + "/forms/shop-visit.template.json";
    const vf::Template t = vf::parse_template(vf::read_file(file), file);
    const std::vector<std::vector<std::pair<std::string, json>>> sets = {
        {},
        {{"complaint_staged", "yes"}, {"style", "scripted"}},
        {{"complaint_staged", "no"}, {"style", "none"}},
        {{"complaint_staged", "yes"}, {"style", "personal"}, {"listened", "yes"}},
    };
    for (std::size_t k = 0; k < sets.size(); ++k) {
        BOOST_TEST_INFO_SCOPE("set " << k);
        vf::Answers answers(t.questions.size());
        for (const auto& [id, value] : sets[k]) {
            const int qi = t.find_question(id);
            BOOST_TEST_REQUIRE(qi >= 0);
            answers[static_cast<std::size_t>(qi)] =
                vf::answer_from_json(t.questions[static_cast<std::size_t>(qi)], value, "", id);
        }
        const std::vector<bool> all = vf::visible_questions(t, answers);
        std::vector<bool> step(t.questions.size(), false);
        for (std::size_t qi = 0; qi < t.questions.size(); ++qi)
            step[qi] = vf::visible_next(t, answers, step, static_cast<int>(qi));
        BOOST_TEST(step == all, tt::per_element());
    }
}

BOOST_AUTO_TEST_CASE(big_scorecard_visits_read) {
    // 10,000 questions × 50 visits: every answer is looked up by id. With a scan per answer
    // this was 2.5·10⁹ comparisons; bench/ measures the time, this checks the result.
    constexpr int kQuestions = 10000;
    constexpr int kVisits = 50;
    json questions = json::array();
    for (int i = 0; i < kQuestions; ++i)
        questions.push_back({{"id", "q" + std::to_string(i)}, {"type", "yes_no"}});
    json tdoc = {{"format", "visitscore.template/1"},
                 {"id", "big"},
                 {"version", 1},
                 {"name", "Big"},
                 {"sections", json::array({json{{"id", "s"}, {"questions", questions}}})}};
    const vf::Template t = vf::template_from_json(tdoc, "big.json");
    json answers = json::object();
    for (int i = 0; i < kQuestions; ++i)
        answers["q" + std::to_string(i)] = i % 3 ? "yes" : "no";
    json visits = json::array();
    for (int v = 0; v < kVisits; ++v) {
        char uuid[37];
        std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", v);
        visits.push_back({{"uuid", uuid},
                          {"template", "big"},
                          {"template_version", 1},
                          {"client", "C"},
                          {"branch", "B"},
                          {"shopper", "S"},
                          {"visited_at", "2026-10-03T14:05"},
                          {"answers", answers},
                          {"comments", {{"q9999", "last"}, {"visit", "whole visit"}}}});
    }
    const std::string text = json{{"format", "visitscore.visits/1"}, {"visits", visits}}.dump();
    std::size_t yes = 0;
    for (const vf::Visit& v : vf::parse_visit_package(text, "big.visits.json")) {
        const vf::Answers a = vf::check_visit(t, v, "big.visits.json", "visit");
        for (const vf::Answer& x : a)
            yes += x.str() == "yes";
    }
    BOOST_TEST(yes == static_cast<std::size_t>(kVisits) * (kQuestions - (kQuestions + 2) / 3));
}

BOOST_AUTO_TEST_SUITE_END()
