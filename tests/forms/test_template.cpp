// Tests for forms/template.h: the bundled scorecards, every validation rule of a template
// (FORMATS.md "Scorecard template", SCORING.md §1–2) and the JSON round trip.

#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/template.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace vf = vs::forms;
using nlohmann::json;

namespace {

// A small valid template using every question type; the malformed rows below edit one field.
//   sections[0] greeting: questions[0] greeted (yes_no), [1] warmth (scale 1..5), [2] style
//   (choice) sections[1] service:  questions[0] wait (number), [1] extras (checklist), [2]
//   recommend (nps),
//                         [3] remarks (text, shown when greeted is "yes")
const char* const kValid = R"json({
  "format": "visitscore.template/1",
  "id": "test-visit",
  "version": 1,
  "name": "Test visit",
  "target": 85,
  "sections": [
    {"id": "greeting", "weight": 2, "questions": [
      {"id": "greeted", "type": "yes_no", "critical": "section"},
      {"id": "warmth", "type": "scale", "min": 1, "max": 5,
       "labels": ["Cold", "", "Neutral", "", "Warm"], "na": true},
      {"id": "style", "type": "choice", "pass_at": 0.5,
       "options": [{"id": "personal", "score": 1}, {"id": "scripted", "score": 0.5},
                   {"id": "none", "score": 0}]}
    ]},
    {"id": "service", "questions": [
      {"id": "wait", "type": "number", "unit": "s",
       "bands": [{"max": 30, "score": 1}, {"max": 90, "score": 0.5}, {"score": 0}]},
      {"id": "extras", "type": "checklist",
       "options": [{"id": "water", "score": 1}, {"id": "leaflet", "score": 0.5}]},
      {"id": "recommend", "type": "nps"},
      {"id": "remarks", "type": "text", "show_if": {"question": "greeted", "in": ["yes"]}}
    ]}
  ]
})json";

json& question(json& doc, int s, int q) {
    return doc["sections"][s]["questions"][q];
}

std::vector<fs::path> bundled_templates() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(VS_TEMPLATES))
        if (entry.path().extension() == ".json")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

/// Every member of `part` is in `full` with an equal value (recursively; arrays element-wise).
void check_subset(const json& full, const json& part, const std::string& path) {
    if (part.is_object()) {
        BOOST_TEST_REQUIRE(full.is_object(), path);
        for (const auto& [key, value] : part.items()) {
            const std::string p = vf::json_path(path, key);
            if (!full.contains(key))
                BOOST_ERROR(p << " is missing after the round trip");
            else
                check_subset(full[key], value, p);
        }
    } else if (part.is_array()) {
        BOOST_TEST_REQUIRE(full.is_array(), path);
        BOOST_TEST_REQUIRE(full.size() == part.size(), path);
        for (std::size_t i = 0; i < part.size(); ++i)
            check_subset(full[i], part[i], vf::json_path(path, i));
    } else {
        BOOST_TEST(full == part, path << ": " << full.dump() << " != " << part.dump());
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(templates)

BOOST_AUTO_TEST_CASE(bundled_templates_parse) {
    const auto files = bundled_templates();
    BOOST_TEST(files.size() >= 3u);
    for (const auto& path : files) {
        BOOST_TEST_INFO_SCOPE(path.filename().string());
        const std::string text = vf::read_file(path.string());
        vf::Template t;
        BOOST_CHECK_NO_THROW(t = vf::parse_template(text, path.string()));
        BOOST_TEST(t.id == path.stem().string());
        BOOST_TEST(!t.sections.empty());
        BOOST_TEST(t.source == text);
        for (const auto& s : t.sections)
            BOOST_TEST(s.first < s.last);
    }
}

BOOST_AUTO_TEST_CASE(bundled_templates_round_trip) {
    for (const auto& path : bundled_templates()) {
        BOOST_TEST_INFO_SCOPE(path.filename().string());
        const vf::Template t = vf::parse_template(vf::read_file(path.string()), path.string());
        const json once = vf::template_to_json(t);
        const vf::Template again = vf::template_from_json(once, "round trip");
        const json twice = vf::template_to_json(again);
        BOOST_TEST(once == twice, "template_to_json differs after a round trip:\n"
                                      << once.dump(1) << "\n---\n"
                                      << twice.dump(1));
        // Faithful to the file, not just stable: every field the file gives comes back with the
        // same value (the writer may add defaults such as a label or a weight).
        check_subset(once, json::parse(vf::read_file(path.string())), "");
    }
}

BOOST_AUTO_TEST_CASE(valid_template_fields) {
    const vf::Template t = vf::parse_template(kValid, "valid.json");
    BOOST_TEST(t.id == "test-visit");
    BOOST_TEST(t.target == 85.0);
    BOOST_TEST(t.min_applicable == 0.0); // default
    BOOST_TEST_REQUIRE(t.sections.size() == 2u);
    BOOST_TEST_REQUIRE(t.questions.size() == 7u);
    BOOST_TEST(t.sections[0].weight == 2.0);
    BOOST_TEST(t.sections[1].weight == 1.0);      // default
    BOOST_TEST(t.sections[1].title == "service"); // the id when no title
    BOOST_TEST(t.sections[1].first == 3);
    BOOST_TEST(t.sections[1].last == 7);
    BOOST_TEST(t.find_question("extras") == 4);
    BOOST_TEST(t.find_section("service") == 1);
    BOOST_TEST(t.find_question("service") == -1);
    const vf::Question& greeted = t.questions[0];
    BOOST_TEST(greeted.points == 1.0);
    BOOST_TEST(greeted.pass_at == 1.0);
    BOOST_TEST(greeted.expect == "yes");
    BOOST_TEST((greeted.critical == vf::Critical::Section));
    BOOST_TEST(t.questions[1].na_allowed);
    BOOST_TEST(t.questions[2].pass_at == 0.5);
    BOOST_TEST(!t.questions[3].bands.back().max.has_value());
    BOOST_TEST(t.questions[5].points == 0.0); // nps
    BOOST_TEST(!t.questions[5].scored());
    BOOST_TEST(t.questions[6].points == 0.0); // text
    BOOST_TEST_REQUIRE(t.questions[6].show_if.has_value());
    BOOST_TEST(t.questions[6].show_if->question_index == 0);
    BOOST_TEST(t.questions[6].section == 1);
}

BOOST_AUTO_TEST_CASE(malformed_templates) {
    struct Case {
        std::string name;
        std::function<void(json&)> edit;
        std::string where;
        std::string message; // a substring of InputError::message()
    };
    const std::vector<Case> cases = {
        {"unknown type", [](json& d) { question(d, 0, 0)["type"] = "boolean"; },
         "sections[0].questions[0].type", "unknown type \"boolean\""},
        {"duplicate id, question vs question", [](json& d) { question(d, 1, 1)["id"] = "warmth"; },
         "sections[1].questions[1].id", "\"warmth\" is used twice"},
        {"duplicate id, question vs section", [](json& d) { question(d, 1, 0)["id"] = "greeting"; },
         "sections[1].questions[0].id", "\"greeting\" is used twice"},
        {"duplicate id, section vs question", [](json& d) { d["sections"][1]["id"] = "style"; },
         "sections[1].id", "\"style\" is used twice"},
        {"duplicate id, section vs section", [](json& d) { d["sections"][1]["id"] = "greeting"; },
         "sections[1].id", "used twice"},
        {"id with uppercase", [](json& d) { question(d, 0, 1)["id"] = "Warmth"; },
         "sections[0].questions[1].id", "must match [a-z][a-z0-9_]*"},
        {"id with leading digit", [](json& d) { d["sections"][1]["id"] = "2nd"; }, "sections[1].id",
         "must match [a-z][a-z0-9_]*"},
        {"question id with a dash", [](json& d) { question(d, 0, 1)["id"] = "warm-th"; },
         "sections[0].questions[1].id", "must match"},
        {"empty id", [](json& d) { question(d, 0, 1)["id"] = ""; }, "sections[0].questions[1].id",
         "must match"},
        {"template id with uppercase", [](json& d) { d["id"] = "Test-visit"; }, "id",
         "must match [a-z][a-z0-9_-]*"},
        {"show_if to an unknown question",
         [](json& d) { question(d, 1, 3)["show_if"]["question"] = "greet"; },
         "sections[1].questions[3].show_if.question", "\"greet\" is not a question"},
        {"show_if to a later question",
         [](json& d) {
             question(d, 0, 1)["show_if"] = {{"question", "style"}, {"in", {"none"}}};
         },
         "sections[0].questions[1].show_if.question", "comes later"},
        {"show_if to itself",
         [](json& d) {
             question(d, 0, 2)["show_if"] = {{"question", "style"}, {"in", {"none"}}};
         },
         "sections[0].questions[2].show_if.question", "comes later"},
        {"section show_if to its own question",
         [](json& d) {
             d["sections"][1]["show_if"] = {{"question", "wait"}, {"in", {10}}};
         },
         "sections[1].show_if.question", "comes later"},
        {"show_if value not an answer of yes_no",
         [](json& d) {
             question(d, 1, 3)["show_if"]["in"] = {"yes", "maybe"};
         },
         "sections[1].questions[3].show_if.in[1]", "\"maybe\" is not a possible answer of"},
        {"show_if value not an option",
         [](json& d) {
             question(d, 1, 0)["show_if"] = {{"question", "style"}, {"in", {"rude"}}};
         },
         "sections[1].questions[0].show_if.in[0]", "not a possible answer of \"style\""},
        {"show_if value outside the scale",
         [](json& d) {
             question(d, 1, 0)["show_if"] = {{"question", "warmth"}, {"in", {6}}};
         },
         "sections[1].questions[0].show_if.in[0]", "not a possible answer of \"warmth\""},
        {"show_if \"na\" where na is not allowed",
         [](json& d) { question(d, 1, 3)["show_if"]["in"] = {"na"}; },
         "sections[1].questions[3].show_if.in[0]", "\"na\" is not an answer of \"greeted\""},
        {"show_if with an empty in",
         [](json& d) { question(d, 1, 3)["show_if"]["in"] = json::array(); },
         "sections[1].questions[3].show_if.in", "at least one value"},
        {"missing options", [](json& d) { question(d, 0, 2).erase("options"); },
         "sections[0].questions[2].options", "is missing"},
        {"empty options", [](json& d) { question(d, 1, 1)["options"] = json::array(); },
         "sections[1].questions[1].options", "at least one option"},
        {"option score above 1", [](json& d) { question(d, 0, 2)["options"][1]["score"] = 1.5; },
         "sections[0].questions[2].options[1].score", "between 0 and 1"},
        {"option score negative", [](json& d) { question(d, 0, 2)["options"][2]["score"] = -0.5; },
         "sections[0].questions[2].options[2].score", "between 0 and 1"},
        {"option without score", [](json& d) { question(d, 0, 2)["options"][0].erase("score"); },
         "sections[0].questions[2].options[0].score", "is missing"},
        {"duplicate option id", [](json& d) { question(d, 0, 2)["options"][2]["id"] = "personal"; },
         "sections[0].questions[2].options[2].id", "used twice in this question"},
        {"option id \"na\"", [](json& d) { question(d, 0, 2)["options"][2]["id"] = "na"; },
         "sections[0].questions[2].options[2].id", "reserved"},
        {"checklist with all-zero scores",
         [](json& d) {
             question(d, 1, 1)["options"][0]["score"] = 0;
             question(d, 1, 1)["options"][1]["score"] = 0;
         },
         "sections[1].questions[1].options", "add up to more than 0"},
        {"bands out of order", [](json& d) { question(d, 1, 0)["bands"][1]["max"] = 20; },
         "sections[1].questions[0].bands[1].max", "ascending order"},
        {"bands with equal max", [](json& d) { question(d, 1, 0)["bands"][1]["max"] = 30; },
         "sections[1].questions[0].bands[1].max", "ascending order"},
        {"band without max not last", [](json& d) { question(d, 1, 0)["bands"][1].erase("max"); },
         "sections[1].questions[0].bands[1].max", "only the last band may omit it"},
        {"no bands", [](json& d) { question(d, 1, 0)["bands"] = json::array(); },
         "sections[1].questions[0].bands", "at least one band"},
        {"band score above 1", [](json& d) { question(d, 1, 0)["bands"][2]["score"] = 2; },
         "sections[1].questions[0].bands[2].score", "between 0 and 1"},
        {"points on nps", [](json& d) { question(d, 1, 2)["points"] = 1; },
         "sections[1].questions[2].points", "nps question is not scored"},
        {"points 0 on a scored question", [](json& d) { question(d, 0, 0)["points"] = 0; },
         "sections[0].questions[0].points", "more than 0"},
        {"negative points", [](json& d) { question(d, 1, 1)["points"] = -2; },
         "sections[1].questions[1].points", "more than 0"},
        {"points as a string", [](json& d) { question(d, 0, 0)["points"] = "2"; },
         "sections[0].questions[0].points", "must be a number, not a string"},
        {"scale with min == max", [](json& d) { question(d, 0, 1)["min"] = 5; },
         "sections[0].questions[1].max", "greater than min (5)"},
        {"scale with min > max", [](json& d) { question(d, 0, 1)["max"] = 0; },
         "sections[0].questions[1].max", "greater than min (1)"},
        {"scale bound not whole", [](json& d) { question(d, 0, 1)["max"] = 4.5; },
         "sections[0].questions[1].max", "whole number"},
        {"scale labels too short",
         [](json& d) {
             question(d, 0, 1)["labels"] = {"Cold", "Warm"};
         },
         "sections[0].questions[1].labels", "one label per point of the scale (5), not 2"},
        {"scale labels too long", [](json& d) { question(d, 0, 1)["labels"].push_back("Hot"); },
         "sections[0].questions[1].labels", "(5), not 6"},
        {"scale label not a string", [](json& d) { question(d, 0, 1)["labels"][3] = 4; },
         "sections[0].questions[1].labels[3]", "must be a string"},
        {"negative weight", [](json& d) { d["sections"][0]["weight"] = -1; }, "sections[0].weight",
         "must not be negative"},
        {"critical on a text question", [](json& d) { question(d, 1, 3)["critical"] = "visit"; },
         "sections[1].questions[3].critical", "only a scored question can be critical"},
        {"critical on an nps question", [](json& d) { question(d, 1, 2)["critical"] = "section"; },
         "sections[1].questions[2].critical", "only a scored question can be critical"},
        {"bad critical value", [](json& d) { question(d, 0, 0)["critical"] = "always"; },
         "sections[0].questions[0].critical", "must be \"section\" or \"visit\", not \"always\""},
        {"critical not a string", [](json& d) { question(d, 0, 0)["critical"] = true; },
         "sections[0].questions[0].critical", "must be a string"},
        {"pass_at above 1", [](json& d) { question(d, 0, 2)["pass_at"] = 1.01; },
         "sections[0].questions[2].pass_at", "between 0 and 1"},
        {"bad expect", [](json& d) { question(d, 0, 0)["expect"] = "true"; },
         "sections[0].questions[0].expect", "\"yes\" or \"no\""},
        {"na not a boolean", [](json& d) { question(d, 0, 1)["na"] = "yes"; },
         "sections[0].questions[1].na", "true or false"},
        {"target above 100", [](json& d) { d["target"] = 101; }, "target", "between 0 and 100"},
        {"min_applicable above 1", [](json& d) { d["min_applicable"] = 60; }, "min_applicable",
         "between 0 and 1"},
        {"wrong format string", [](json& d) { d["format"] = "visitscore.template/2"; }, "format",
         "must be \"visitscore.template/1\", not \"visitscore.template/2\""},
        {"version 0", [](json& d) { d["version"] = 0; }, "version", "1 or more"},
        {"missing name", [](json& d) { d.erase("name"); }, "name", "is missing"},
        {"no sections", [](json& d) { d["sections"] = json::array(); }, "sections",
         "at least one section"},
        {"section without questions",
         [](json& d) { d["sections"][1]["questions"] = json::array(); }, "sections[1].questions",
         "at least one question"},
        {"question not an object", [](json& d) { question(d, 1, 2) = "nps"; },
         "sections[1].questions[2]", "must be an object, not a string"},
    };
    // The base is valid; otherwise every row would pass for the wrong reason.
    BOOST_REQUIRE_NO_THROW(vf::parse_template(kValid, "valid.json"));
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        json doc = json::parse(kValid);
        c.edit(doc);
        try {
            vf::template_from_json(doc, "bad.json");
            BOOST_ERROR("no error for: " << c.name);
        } catch (const vs::InputError& e) {
            BOOST_TEST(e.file() == "bad.json");
            BOOST_TEST(e.where() == c.where);
            BOOST_TEST(e.message().find(c.message) != std::string::npos,
                       "message \"" << e.message() << "\" lacks \"" << c.message << "\"");
            // what() holds all three for people who only see the exception text.
            BOOST_TEST(std::string(e.what()) == "bad.json: " + c.where + ": " + e.message());
        }
    }
}

BOOST_AUTO_TEST_CASE(malformed_json_text) {
    struct Case {
        std::string name;
        std::string text;
        std::string where;
        std::string message;
    };
    const std::string deep = std::string(200, '[') + std::string(200, ']');
    const std::vector<Case> cases = {
        // The second "id" key of the first section opens at line 2, column 28.
        {"duplicate key",
         "{\"format\": \"visitscore.template/1\",\n"
         "  \"sections\": [{\"id\": \"a\", \"id\": \"b\", \"questions\": []}]}",
         "line 2, column 28", "duplicate key \"id\""},
        {"duplicate key at top level", "{\"id\": \"a\",\n\"id\": \"a\"}", "line 2, column 1",
         "duplicate key \"id\""},
        // The byte 0xFF is column 12 of line 3.
        {"invalid UTF-8", "{\n  \"id\": \"x\",\n  \"name\": \"\xFF\"\n}", "line 3, column 12",
         "invalid JSON"},
        {"truncated", "{\n  \"id\": \"x\",\n  \"sections\": [", "line 3, column 16",
         "invalid JSON"},
        {"trailing comma", "{\n  \"id\": \"x\",\n}", "line 3, column 1", "invalid JSON"},
        {"empty text", "", "line 1, column 1", "invalid JSON"},
        // The 66th bracket opens level 65.
        {"deep nesting", deep, "line 1, column 66", "nesting deeper than 64 levels"},
        // The second key opens at column 13; the escaped quote inside it is skipped over.
        {"duplicate key with escaped quotes", "{\"a\\\"b\": 1, \"a\\\"b\": 2}", "line 1, column 13",
         "duplicate key \"a\"b\""},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        try {
            vf::parse_template(c.text, "bad.json");
            BOOST_ERROR("no error for: " << c.name);
        } catch (const vs::InputError& e) {
            BOOST_TEST(e.file() == "bad.json");
            BOOST_TEST(e.where() == c.where);
            BOOST_TEST(e.message().find(c.message) != std::string::npos,
                       "message \"" << e.message() << "\" lacks \"" << c.message << "\"");
        }
    }
}

BOOST_AUTO_TEST_CASE(bom_is_skipped) {
    const std::string text = "\xEF\xBB\xBF" + std::string(kValid);
    BOOST_CHECK_NO_THROW(vf::parse_template(text, "bom.json"));
}

BOOST_AUTO_TEST_SUITE_END()
