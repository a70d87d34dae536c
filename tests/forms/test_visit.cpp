// Tests for forms/visit.h and forms/answer.h: the visit package (JSON and CSV, FORMATS.md
// "Visit package") and answers checked against a template (SCORING.md §1–2).
//
// The template is tests/data/forms/shop-visit.template.json, the FORMATS.md example with the
// `complaint_staged` question it refers to and a third, unweighted "feedback" section:
//   greeting:  greeted_30s (yes_no), warmth (scale 1..5, na), wait (number), style (choice),
//              complaint_staged (yes_no)
//   complaint: shown when complaint_staged is "yes": listened (yes_no), remedies (checklist)
//   feedback:  recommend (nps), notes (text, na), follow_up (yes_no, na; shown when style is
//              "scripted" or "none")

#include "forms/answer.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/survey.h"
#include "forms/template.h"
#include "forms/visit.h"

#include <boost/test/unit_test.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace vf = vs::forms;
using nlohmann::json;

namespace {

const std::string kData = std::string(VS_TEST_DATA) + "/forms/";
const std::string kUuid = "6f1c2a1e-0d7b-4c39-9a0e-1b2c3d4e5f60";

const vf::Template& shop_template() {
    static const vf::Template tpl = [] {
        const std::string file = kData + "shop-visit.template.json";
        return vf::parse_template(vf::read_file(file), file);
    }();
    return tpl;
}

json package_json() {
    return json::parse(vf::read_file(kData + "shop-visit.visits.json"));
}

/// Runs `f`, which must throw InputError; checks its where() and a substring of message().
template <class F>
void check_input_error(F&& f, const std::string& file, const std::string& where,
                       const std::string& message) {
    try {
        f();
        BOOST_ERROR("no error (expected " << where << ": " << message << ")");
    } catch (const vs::InputError& e) {
        BOOST_TEST(e.file() == file);
        BOOST_TEST(e.where() == where);
        BOOST_TEST(e.message().find(message) != std::string::npos,
                   "message \"" << e.message() << "\" lacks \"" << message << "\"");
    }
}

/// The typed answer of one question by id.
const vf::Answer& answer_of(const vf::Answers& answers, const std::string& id) {
    return answers.at(static_cast<std::size_t>(shop_template().find_question(id)));
}

const vf::Template* lookup(const std::string& id, int version) {
    return id == "shop-visit" && version == 1 ? &shop_template() : nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(visits)

BOOST_AUTO_TEST_CASE(package_parses) {
    const std::string file = kData + "shop-visit.visits.json";
    const auto visits = vf::parse_visit_package(vf::read_file(file), file);
    BOOST_TEST_REQUIRE(visits.size() == 2u);

    const vf::Visit& v = visits[0];
    BOOST_TEST(v.uuid == kUuid);
    BOOST_TEST(v.template_id == "shop-visit");
    BOOST_TEST(v.template_version == 1);
    BOOST_TEST(v.client == "Northwind Bank");
    BOOST_TEST(v.region == "North");
    BOOST_TEST(v.branch == "LDS01");
    BOOST_TEST(v.branch_name == "Leeds Central");
    BOOST_TEST(v.employee == "E1043");
    BOOST_TEST(v.employee_name == "Sam Taylor");
    BOOST_TEST(v.section_employees == (std::map<std::string, std::string>{{"complaint", "E2001"}}));
    BOOST_TEST(v.shopper == "S017");
    BOOST_TEST(v.visited_at == "2026-10-03T14:05:00");
    BOOST_TEST((v.status == vf::Status::Approved));
    BOOST_TEST(v.answers["warmth"] == 4);
    BOOST_TEST(v.comments.at("greeted_30s") == "Greeted at the door by name badge 'Sam'.");
    BOOST_TEST(v.summary == "Friendly visit; no complaint scenario staged.");

    // Optional fields left out; a space instead of T and no seconds are normalised.
    const vf::Visit& w = visits[1];
    BOOST_TEST(w.region.empty());
    BOOST_TEST(w.employee.empty());
    BOOST_TEST(w.visited_at == "2026-10-04T09:30:00");
    BOOST_TEST((w.status == vf::Status::Submitted)); // the default

    // Both check against the template. The first visit's complaint section is hidden, so its
    // answers (including "listened": "na", which the question does not allow) are ignored.
    const auto a = vf::check_visit(shop_template(), v, file, "visits[0]");
    BOOST_TEST(!answer_of(a, "listened").answered());
    BOOST_TEST(!answer_of(a, "remedies").answered());
    BOOST_TEST((answer_of(a, "warmth") == vf::Answer::number(4)));
    BOOST_TEST((answer_of(a, "style") == vf::Answer::text("personal")));
    const auto b = vf::check_visit(shop_template(), w, file, "visits[1]");
    BOOST_TEST(answer_of(b, "warmth").is_na());
    BOOST_TEST((answer_of(b, "remedies") == vf::Answer::list({})));
    BOOST_TEST((answer_of(b, "listened") == vf::Answer::text("yes")));
    BOOST_TEST(answer_of(b, "follow_up").is_na());
    BOOST_TEST(!answer_of(b, "wait").answered());
}

BOOST_AUTO_TEST_CASE(visit_json_round_trip) {
    const auto visits = vf::parse_visit_package(package_json().dump(), "pkg.json");
    for (const auto& v : visits) {
        BOOST_TEST_INFO_SCOPE(v.uuid);
        const json once = v.to_json();
        const json twice = vf::visit_from_json(once, "pkg.json", "visits[0]").to_json();
        BOOST_TEST(once == twice);
    }
}

BOOST_AUTO_TEST_CASE(package_errors) {
    const std::string at = "visits[0] (" + kUuid + ")";
    struct Case {
        std::string name;
        std::function<void(json&)> edit;
        std::string where;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"missing uuid", [](json& d) { d["visits"][0].erase("uuid"); }, "visits[0].uuid",
         "is missing"},
        {"uuid one digit short",
         [](json& d) { d["visits"][0]["uuid"] = "6f1c2a1e-0d7b-4c39-9a0e-1b2c3d4e5f6"; },
         "visits[0].uuid", "is not a UUID"},
        {"uuid with a non-hex digit",
         [](json& d) { d["visits"][1]["uuid"] = "6f1c2a1e-0d7b-4c39-9a0e-1b2c3d4e5f6g"; },
         "visits[1].uuid", "is not a UUID"},
        {"uuid without dashes",
         [](json& d) { d["visits"][0]["uuid"] = "6f1c2a1e0d7b4c399a0e1b2c3d4e5f60abcd"; },
         "visits[0].uuid", "is not a UUID"},
        {"uuid not a string", [](json& d) { d["visits"][0]["uuid"] = 42; }, "visits[0].uuid",
         "must be a string, not a number"},
        {"wrong status", [](json& d) { d["visits"][0]["status"] = "approve"; }, at + ".status",
         "\"approve\" is not a status"},
        {"status in capitals", [](json& d) { d["visits"][0]["status"] = "Approved"; },
         at + ".status", "is not a status"},
        {"nonexistent date", [](json& d) { d["visits"][0]["visited_at"] = "2026-02-30T10:00"; },
         at + ".visited_at", "\"2026-02-30T10:00\" is not a date and time that exists"},
        {"hour 25", [](json& d) { d["visits"][0]["visited_at"] = "2026-10-03T25:00"; },
         at + ".visited_at", "is not a date and time that exists"},
        {"minute 60", [](json& d) { d["visits"][0]["visited_at"] = "2026-10-03T14:60:00"; },
         at + ".visited_at", "is not a date and time that exists"},
        {"date without a time", [](json& d) { d["visits"][0]["visited_at"] = "2026-10-03"; },
         at + ".visited_at", "is not a date and time that exists"},
        {"time zone suffix", [](json& d) { d["visits"][0]["visited_at"] = "2026-10-03T14:05:00Z"; },
         at + ".visited_at", "local time"},
        {"wrong format string", [](json& d) { d["format"] = "visitscore.visit/1"; }, "format",
         "must be \"visitscore.visits/1\", not \"visitscore.visit/1\""},
        {"visits not an array", [](json& d) { d["visits"] = json::object(); }, "visits",
         "must be an array, not an object"},
        {"duplicate uuid", [](json& d) { d["visits"][1]["uuid"] = kUuid; }, "visits[1].uuid",
         "\"" + kUuid + "\" appears twice in this package"},
        {"template_version 0", [](json& d) { d["visits"][0]["template_version"] = 0; },
         at + ".template_version", "1 or more"},
        {"template_version not whole", [](json& d) { d["visits"][0]["template_version"] = 1.5; },
         at + ".template_version", "whole number"},
        {"missing template", [](json& d) { d["visits"][0].erase("template"); }, at + ".template",
         "is missing"},
        {"empty client", [](json& d) { d["visits"][0]["client"] = ""; }, at + ".client",
         "must not be empty"},
        {"empty shopper", [](json& d) { d["visits"][0]["shopper"] = ""; }, at + ".shopper",
         "must not be empty"},
        {"answers not an object", [](json& d) { d["visits"][0]["answers"] = json::array(); },
         at + ".answers", "must be an object, not an array"},
        {"comment not a string", [](json& d) { d["visits"][0]["comments"]["wait"] = 3; },
         at + ".comments.wait", "must be a string"},
        {"reference outside calibration", [](json& d) { d["visits"][0]["reference"] = true; },
         at + ".reference", "only a calibration visit"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        json doc = package_json();
        c.edit(doc);
        check_input_error([&] { vf::parse_visit_package(doc.dump(2), "pkg.json"); }, "pkg.json",
                          c.where, c.message);
    }
}

BOOST_AUTO_TEST_CASE(answer_errors) {
    struct Case {
        std::string name;
        json answers;
        std::string where;
        std::string message;
    };
    const std::string at = "visits[0].answers";
    // complaint_staged "yes" shows the complaint section, so its questions are checked.
    const std::vector<Case> cases = {
        {"yes_no given a number",
         {{"greeted_30s", 1}},
         at + ".greeted_30s",
         "\"greeted_30s\" (yes_no) takes \"yes\" or \"no\", not a number"},
        {"yes_no given true",
         {{"greeted_30s", true}},
         at + ".greeted_30s",
         "(yes_no) takes \"yes\" or \"no\", not a boolean"},
        {"yes_no given another word",
         {{"greeted_30s", "Yes"}},
         at + ".greeted_30s",
         "takes \"yes\" or \"no\", not \"Yes\""},
        {"scale given a string",
         {{"warmth", "4"}},
         at + ".warmth",
         "\"warmth\" (scale) takes a whole number, not a string"},
        {"scale above max",
         {{"warmth", 6}},
         at + ".warmth",
         "\"warmth\" takes a whole number from 1 to 5, not 6"},
        {"scale below min", {{"warmth", 0}}, at + ".warmth", "from 1 to 5, not 0"},
        {"scale not whole", {{"warmth", 2.5}}, at + ".warmth", "from 1 to 5, not 2.5"},
        {"number given a string",
         {{"wait", "45"}},
         at + ".wait",
         "\"wait\" (number) takes a number, not a string"},
        {"choice given an array",
         {{"style", {"personal"}}},
         at + ".style",
         "\"style\" (choice) takes an option id, not an array"},
        {"choice given an unknown option",
         {{"style", "friendly"}},
         at + ".style",
         "\"friendly\" is not an option of \"style\" (personal, scripted, none)"},
        {"checklist given a string",
         {{"complaint_staged", "yes"}, {"remedies", "refund"}},
         at + ".remedies",
         "\"remedies\" (checklist) takes an array of option ids, not a string"},
        {"checklist with an unknown option",
         {{"complaint_staged", "yes"}, {"remedies", {"refund", "voucher"}}},
         at + ".remedies[1]",
         "\"voucher\" is not an option of \"remedies\" (refund, replace, apology)"},
        {"checklist with a duplicate item",
         {{"complaint_staged", "yes"}, {"remedies", {"refund", "apology", "refund"}}},
         at + ".remedies[2]",
         "\"refund\" is chosen twice"},
        {"checklist item not a string",
         {{"complaint_staged", "yes"}, {"remedies", {1}}},
         at + ".remedies[0]",
         "must be an option id, not a number"},
        {"nps above 10", {{"recommend", 11}}, at + ".recommend", "from 0 to 10, not 11"},
        {"nps negative", {{"recommend", -1}}, at + ".recommend", "from 0 to 10, not -1"},
        {"nps not whole", {{"recommend", 7.5}}, at + ".recommend", "from 0 to 10, not 7.5"},
        {"text given a number",
         {{"notes", 3}},
         at + ".notes",
         "\"notes\" (text) takes a string, not a number"},
        {"na where not allowed (yes_no)",
         {{"greeted_30s", "na"}},
         at + ".greeted_30s",
         "\"na\" is not allowed for \"greeted_30s\""},
        {"na where not allowed (checklist)",
         {{"complaint_staged", "yes"}, {"remedies", "na"}},
         at + ".remedies",
         "\"na\" is not allowed for \"remedies\""},
        {"na where not allowed (nps)",
         {{"recommend", "na"}},
         at + ".recommend",
         "\"na\" is not allowed"},
        {"na in capitals is not na",
         {{"warmth", "NA"}},
         at + ".warmth",
         "(scale) takes a whole number, not a string"},
        {"unknown question id",
         {{"greeted_30s", "yes"}, {"greeted", "yes"}},
         at + ".greeted",
         "\"greeted\" is not a question of \"shop-visit\" version 1"},
        {"a section id is not a question",
         {{"complaint", "yes"}},
         at + ".complaint",
         "is not a question"},
        // The unknown id is refused even where the rest would be hidden.
        {"unknown id next to hidden answers",
         {{"complaint_staged", "no"}, {"listen", "yes"}},
         at + ".listen",
         "is not a question"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        vf::Visit v;
        v.visited_at = "2026-10-03T14:05:00"; // check_visit checks it too
        v.answers = c.answers;
        check_input_error([&] { vf::check_visit(shop_template(), v, "pkg.json", "visits[0]"); },
                          "pkg.json", c.where, c.message);
        check_input_error([&] { vf::typed_answers(shop_template(), c.answers, "pkg.json", at); },
                          "pkg.json", c.where, c.message);
    }
}

BOOST_AUTO_TEST_CASE(answers_accepted) {
    struct Case {
        std::string name;
        json answers;
        std::map<std::string, vf::Answer> want; // every other question is unanswered
    };
    using A = vf::Answer;
    const std::vector<Case> cases = {
        {"empty", json::object(), {}},
        {"null answers object", nullptr, {}},
        {"null answer is unanswered", {{"warmth", nullptr}}, {}},
        {"na where allowed",
         {{"warmth", "na"}, {"notes", "na"}},
         {{"warmth", A::na()}, {"notes", A::na()}}},
        {"scale bounds",
         {{"warmth", 1}, {"recommend", 0}},
         {{"warmth", A::number(1)}, {"recommend", A::number(0)}}},
        {"scale as a whole float",
         {{"warmth", 5.0}, {"recommend", 10}},
         {{"warmth", A::number(5)}, {"recommend", A::number(10)}}},
        {"number may be fractional or negative", {{"wait", -2.5}}, {{"wait", A::number(-2.5)}}},
        {"empty checklist",
         {{"complaint_staged", "yes"}, {"remedies", json::array()}},
         {{"complaint_staged", A::text("yes")}, {"remedies", A::list({})}}},
        {"checklist keeps its order",
         {{"complaint_staged", "yes"}, {"remedies", {"apology", "refund"}}},
         {{"complaint_staged", A::text("yes")}, {"remedies", A::list({"apology", "refund"})}}},
        // Hidden: the complaint section (complaint_staged is "no"), so even invalid answers to
        // its questions are ignored and left unanswered.
        {"answers to a hidden section ignored, even if invalid",
         {{"complaint_staged", "no"}, {"listened", 42}, {"remedies", {"refund", "refund"}}},
         {{"complaint_staged", A::text("no")}}},
        {"condition question unanswered hides the section",
         {{"listened", "na"}, {"remedies", "bogus"}},
         {}},
        {"condition question NA hides the section",
         {{"complaint_staged", "no"}, {"listened", "yes"}},
         {{"complaint_staged", A::text("no")}}},
        // follow_up is shown only for style "scripted" or "none".
        {"answer to a hidden question ignored, even if invalid",
         {{"style", "personal"}, {"follow_up", "maybe"}},
         {{"style", A::text("personal")}}},
        {"question shown by its condition",
         {{"style", "none"}, {"follow_up", "no"}},
         {{"style", A::text("none")}, {"follow_up", A::text("no")}}},
        {"text answer \"na\" is NA where allowed", {{"notes", "na"}}, {{"notes", A::na()}}},
    };
    const auto& tpl = shop_template();
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const vf::Answers got = vf::typed_answers(tpl, c.answers, "pkg.json", "visits[0].answers");
        BOOST_TEST_REQUIRE(got.size() == tpl.questions.size());
        for (std::size_t i = 0; i < tpl.questions.size(); ++i) {
            const std::string& id = tpl.questions[i].id;
            BOOST_TEST_INFO_SCOPE(id);
            auto it = c.want.find(id);
            const vf::Answer want = it == c.want.end() ? vf::Answer() : it->second;
            BOOST_TEST((got[i] == want),
                       "got " << got[i].to_json().dump() << ", want " << want.to_json().dump());
        }
        // answers_to_json leaves the unanswered and hidden ones out.
        BOOST_TEST(vf::answers_to_json(tpl, got).size() == c.want.size());
    }
}

BOOST_AUTO_TEST_CASE(visit_level_errors) {
    struct Case {
        std::string name;
        std::function<void(vf::Visit&)> edit;
        std::string where;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"section_employees with an unknown section",
         [](vf::Visit& v) { v.section_employees["refunds"] = "E2001"; },
         "visits[0].section_employees.refunds", "\"refunds\" is not a section of \"shop-visit\""},
        {"section_employees naming a question, not a section",
         [](vf::Visit& v) { v.section_employees["listened"] = "E2001"; },
         "visits[0].section_employees.listened", "is not a section"},
        {"section_employees with an empty code",
         [](vf::Visit& v) { v.section_employees["complaint"] = ""; },
         "visits[0].section_employees.complaint", "must name an employee code"},
        {"comment on an unknown question", [](vf::Visit& v) { v.comments["greeting"] = "hi"; },
         "visits[0].comments.greeting", "\"greeting\" is not a question"},
    };
    const vf::Visit base = vf::parse_visit_package(package_json().dump(), "pkg.json")[0];
    BOOST_REQUIRE_NO_THROW(vf::check_visit(shop_template(), base, "pkg.json", "visits[0]"));
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        vf::Visit v = base;
        c.edit(v);
        check_input_error([&] { vf::check_visit(shop_template(), v, "pkg.json", "visits[0]"); },
                          "pkg.json", c.where, c.message);
    }
    // A comment on the visit as a whole is allowed.
    vf::Visit v = base;
    v.comments["visit"] = "Overall fine.";
    BOOST_CHECK_NO_THROW(vf::check_visit(shop_template(), v, "pkg.json", "visits[0]"));
}

// ---- CSV ----------------------------------------------------------------------------------

namespace {

const std::string kHeader = "uuid,template,template_version,client,region,branch,employee,"
                            "shopper,visited_at,status,greeted_30s,warmth,wait,style,"
                            "complaint_staged,listened,remedies,recommend,notes";
const std::string kRow1 = "6f1c2a1e-0d7b-4c39-9a0e-1b2c3d4e5f60,shop-visit,1,Northwind Bank,"
                          "North,LDS01,E1043,S017,2026-10-03T14:05,approved,yes,4,45,personal,"
                          "yes,no,refund;apology,9,\"Said \"\"sorry\"\",\nthen left\"";
const std::string kRow2 = "0b6d1c9e-58a4-4e0f-8c1d-2e3f4a5b6c7d,shop-visit,1,Northwind Bank,,"
                          "LDS01,,S017,2026-10-04 09:30,submitted,no,na,,scripted,no,,,,";

/// Joins lines with `eol` (and ends with it when `final_eol`).
std::string lines(const std::vector<std::string>& ls, const std::string& eol, bool final_eol) {
    std::string out;
    for (std::size_t i = 0; i < ls.size(); ++i)
        out += ls[i] + (i + 1 < ls.size() || final_eol ? eol : "");
    return out;
}

void check_csv_visits(const std::vector<vf::Visit>& visits) {
    BOOST_TEST_REQUIRE(visits.size() == 2u);
    const vf::Visit& v = visits[0];
    BOOST_TEST(v.uuid == kUuid);
    BOOST_TEST(v.template_version == 1);
    BOOST_TEST(v.region == "North");
    BOOST_TEST(v.visited_at == "2026-10-03T14:05:00");
    BOOST_TEST((v.status == vf::Status::Approved));
    const json want = {{"greeted_30s", "yes"},
                       {"warmth", 4},
                       {"wait", 45},
                       {"style", "personal"},
                       {"complaint_staged", "yes"},
                       {"listened", "no"},
                       {"remedies", {"refund", "apology"}},
                       {"recommend", 9},
                       {"notes", "Said \"sorry\",\nthen left"}};
    BOOST_TEST(v.answers == want, v.answers.dump() << " != " << want.dump());
    const vf::Visit& w = visits[1];
    BOOST_TEST(w.region.empty());
    BOOST_TEST(w.employee.empty());
    BOOST_TEST(w.visited_at == "2026-10-04T09:30:00");
    const json want2 = {
        {"greeted_30s", "no"}, {"warmth", "na"}, {"style", "scripted"}, {"complaint_staged", "no"}};
    BOOST_TEST(w.answers == want2, w.answers.dump() << " != " << want2.dump());
    for (const auto& visit : visits)
        BOOST_CHECK_NO_THROW(vf::check_visit(shop_template(), visit, "v.csv", "line"));
}

} // namespace

BOOST_AUTO_TEST_CASE(csv_variants) {
    struct Case {
        std::string name;
        std::string text;
    };
    const std::vector<std::string> ls = {kHeader, kRow1, kRow2};
    const std::vector<Case> cases = {
        {"LF", lines(ls, "\n", true)},
        {"LF, no final newline", lines(ls, "\n", false)},
        {"CRLF", lines(ls, "\r\n", true)},
        {"BOM and CRLF", "\xEF\xBB\xBF" + lines(ls, "\r\n", true)},
        {"blank lines skipped", lines({kHeader, "", kRow1, "", kRow2, ""}, "\n", true)},
        {"columns in another order, spaces around checklist items",
         "status,uuid,template,template_version,client,region,branch,employee,shopper,"
         "visited_at,remedies,greeted_30s,warmth,wait,style,complaint_staged,listened,recommend,"
         "notes\n"
         "approved," +
             kUuid +
             ",shop-visit,1,Northwind Bank,North,LDS01,E1043,S017,"
             "2026-10-03T14:05,\" refund ; apology \",yes,4,45,personal,yes,no,9,"
             "\"Said \"\"sorry\"\",\nthen left\"\n"
             "submitted,0b6d1c9e-58a4-4e0f-8c1d-2e3f4a5b6c7d,shop-visit,1,Northwind Bank,,LDS01,,"
             "S017,2026-10-04 09:30,,no,na,,scripted,no,,,\n"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        std::vector<vf::Visit> visits;
        BOOST_CHECK_NO_THROW(visits = vf::parse_visit_csv(c.text, "v.csv", lookup));
        check_csv_visits(visits);
    }
}

namespace {

/// A CSV row for kHeader: a valid third visit with `change`d cells (column name -> raw cell).
std::string csv_row(const std::map<std::string, std::string>& change = {}) {
    std::map<std::string, std::string> cells = {{"uuid", "1e0c9b4a-8f7d-4e6c-9b5a-3c2d1e0f9a8b"},
                                                {"template", "shop-visit"},
                                                {"template_version", "1"},
                                                {"client", "Northwind Bank"},
                                                {"region", "North"},
                                                {"branch", "LDS01"},
                                                {"employee", "E1043"},
                                                {"shopper", "S017"},
                                                {"visited_at", "2026-10-05T11:00"},
                                                {"status", "approved"},
                                                {"greeted_30s", "yes"},
                                                {"warmth", "5"},
                                                {"wait", "10"},
                                                {"style", "personal"},
                                                {"complaint_staged", "yes"},
                                                {"listened", "yes"},
                                                {"remedies", "refund"},
                                                {"recommend", "10"},
                                                {"notes", ""}};
    for (const auto& [column, value] : change)
        cells.at(column) = value;
    std::string out;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = kHeader.find(',', start);
        out += cells.at(kHeader.substr(start, end - start));
        if (end == std::string::npos)
            return out;
        out += ',';
        start = end + 1;
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(csv_errors) {
    struct Case {
        std::string name;
        std::string text;
        std::string where;
        std::string message;
    };
    BOOST_REQUIRE_NO_THROW(vf::parse_visit_csv(kHeader + "\n" + csv_row(), "v.csv", lookup));
    auto one_row = [](const std::map<std::string, std::string>& change) {
        return kHeader + "\n" + csv_row(change) + "\n";
    };
    const std::vector<Case> cases = {
        // kRow1 spans lines 2–3 (a quoted newline), so the long row starts on line 5.
        {"wrong field count", lines({kHeader, kRow1, kRow2, csv_row() + ",extra"}, "\n", true),
         "line 5", "has 20 fields; the header has 19"},
        {"too few fields, CRLF", lines({kHeader, kRow1, "a,b,c"}, "\r\n", true), "line 4",
         "has 3 fields; the header has 19"},
        {"unknown column", lines({kHeader + ",bogus", csv_row() + ",1"}, "\n", true),
         "line 1, column bogus", "\"bogus\" is neither a visit field nor a question of"},
        {"missing required column",
         lines({"uuid,template,template_version,client,region,branch,employee,shopper,visited_at",
                "x,y,1,c,r,b,e,s,2026-10-03T14:05"},
               "\n", true),
         "line 1", "the header has no \"status\" column"},
        {"duplicate column", lines({kHeader + ",wait", csv_row() + ",3"}, "\n", true),
         "line 1, column 20", "\"wait\" appears twice in the header"},
        {"empty header cell", lines({kHeader + ",", csv_row() + ","}, "\n", true),
         "line 1, column 20", "the header cell is empty"},
        {"empty file", "", "line 1", "the file is empty"},
        {"bad scale cell", one_row({{"warmth", "high"}}), "line 2, column warmth",
         "\"warmth\" takes a number, not \"high\""},
        {"scale cell out of range", one_row({{"warmth", "6"}}), "line 2, column warmth",
         "from 1 to 5, not 6"},
        {"number cell with a unit", one_row({{"wait", "10s"}}), "line 2, column wait",
         "\"wait\" takes a number, not \"10s\""},
        {"unknown checklist option", one_row({{"remedies", "refund;voucher"}}),
         "line 2, column remedies[1]", "\"voucher\" is not an option of \"remedies\""},
        {"duplicate checklist option", one_row({{"remedies", "refund;refund"}}),
         "line 2, column remedies[1]", "\"refund\" is chosen twice"},
        {"unknown choice option", one_row({{"style", "rude"}}), "line 2, column style",
         "\"rude\" is not an option of \"style\""},
        {"na where not allowed", one_row({{"greeted_30s", "na"}}), "line 2, column greeted_30s",
         "\"na\" is not allowed"},
        {"duplicate uuid", lines({kHeader, kRow1, kRow2, kRow1}, "\n", true), "line 5, column uuid",
         "appears twice in this file"},
        {"template_version not a number", one_row({{"template_version", "one"}}),
         "line 2, column template_version", "\"one\" is not a whole number"},
        {"unknown template", one_row({{"template_version", "2"}}), "line 2, column template",
         "unknown scorecard \"shop-visit\" version 2"},
        {"bad status", one_row({{"status", "done"}}),
         "line 2 (1e0c9b4a-8f7d-4e6c-9b5a-3c2d1e0f9a8b).status", "\"done\" is not a status"},
        {"nonexistent date", one_row({{"visited_at", "2026-02-30T11:00"}}),
         "line 2 (1e0c9b4a-8f7d-4e6c-9b5a-3c2d1e0f9a8b).visited_at", "is not a date and time"},
        {"bad uuid", one_row({{"uuid", "not-a-uuid"}}), "line 2.uuid", "is not a UUID"},
        {"unterminated quote", lines({kHeader, kRow2, "\"oops", kRow2}, "\n", true), "line 3",
         "never closed"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        check_input_error([&] { vf::parse_visit_csv(c.text, "v.csv", lookup); }, "v.csv", c.where,
                          c.message);
    }
}

BOOST_AUTO_TEST_CASE(csv_hidden_answers_ignored) {
    // complaint_staged is "no", so the complaint section is hidden: as in a JSON package, its
    // cells are ignored even when they would be invalid (SCORING.md §2).
    const std::string row =
        csv_row({{"complaint_staged", "no"}, {"listened", "maybe"}, {"remedies", "voucher"}});
    std::vector<vf::Visit> visits;
    BOOST_CHECK_NO_THROW(visits =
                             vf::parse_visit_csv(kHeader + "\n" + row + "\n", "v.csv", lookup));
    BOOST_TEST_REQUIRE(visits.size() == 1u);
    BOOST_TEST(!visits[0].answers.contains("listened"));
    BOOST_TEST(!visits[0].answers.contains("remedies"));
    BOOST_TEST(visits[0].answers["recommend"] == 10);
}

// A customer survey response (channel survey, SCORING.md §10) has no shopper and is approved
// unless its package gives a status; every other visit needs its shopper, where the visit is
// checked against its scorecard (the package's reader does not know the scorecard).
BOOST_AUTO_TEST_CASE(the_shopper_and_status_follow_the_channel) {
    vf::Template survey = shop_template();
    survey.channel = std::string(vf::kSurveyChannel);
    BOOST_TEST(vf::is_survey(survey));
    BOOST_TEST(!vf::is_survey(shop_template()));
    const std::string at = "visits[0] (" + kUuid + ")";

    json doc = package_json();
    doc["visits"][0].erase("shopper");
    doc["visits"][0].erase("status");
    const vf::Visit none = vf::parse_visit_package(doc.dump(), "pkg.json")[0];
    BOOST_TEST(none.shopper.empty());
    BOOST_TEST(!none.status_given);
    BOOST_TEST((none.status == vf::Status::Submitted));
    BOOST_TEST((vf::import_status(survey, none) == vf::Status::Approved));
    BOOST_TEST((vf::import_status(shop_template(), none) == vf::Status::Submitted));
    BOOST_CHECK_NO_THROW(vf::check_visit(survey, none, "pkg.json", at));
    BOOST_CHECK_NO_THROW(vf::check_channel_rules(survey, none, "pkg.json", at));
    // An import refuses it; a visit built in code (a draft) may still be without one.
    check_input_error([&] { vf::check_channel_rules(shop_template(), none, "pkg.json", at); },
                      "pkg.json", at + ".shopper", "is missing");
    BOOST_CHECK_NO_THROW(vf::check_visit(shop_template(), none, "pkg.json", at));
    // Written out and read back, a response still has no shopper.
    BOOST_TEST(!none.to_json().contains("shopper"));

    const vf::Visit with = vf::parse_visit_package(package_json().dump(), "pkg.json")[0];
    BOOST_TEST(with.status_given);
    BOOST_CHECK_NO_THROW(vf::check_visit(shop_template(), with, "pkg.json", at));
    check_input_error([&] { vf::check_visit(survey, with, "pkg.json", at); }, "pkg.json",
                      at + ".shopper", "a customer survey response has no shopper");
    vf::Visit named = none;
    named.shopper_name = "Sam";
    check_input_error([&] { vf::check_visit(survey, named, "pkg.json", at); }, "pkg.json",
                      at + ".shopper_name", "leave shopper_name out");
    for (vf::Status s : {vf::Status::Submitted, vf::Status::Returned}) {
        vf::Visit waiting = none;
        waiting.status = s;
        waiting.status_given = true;
        check_input_error([&] { vf::check_visit(survey, waiting, "pkg.json", at); }, "pkg.json",
                          at + ".status", "needs no review");
    }
    vf::Visit excluded = none;
    excluded.status = vf::Status::Excluded;
    excluded.status_given = true;
    BOOST_CHECK_NO_THROW(vf::check_visit(survey, excluded, "pkg.json", at));
}

BOOST_AUTO_TEST_SUITE_END()
