// The Visits sheet's answer columns, read back from a real workbook: each is headed by the
// question's text (wrapped, in a column wide enough, under a frozen header row that the
// autofilter still covers), and the question id is in the heading's note.

#include "exports/client_report.h"
#include "exports/xlsx.h"
#include "fixture.h"
#include "forms/survey.h"
#include "forms/template.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>
#include <set>

namespace {

using nlohmann::json;
using namespace vs;
using vs::test::cell_name;

const json* cell(const json& book, const std::string& sheet, int row, int col) {
    const auto& cells = book.at("cells").at(sheet);
    auto it = cells.find(cell_name(row, col));
    return it == cells.end() ? nullptr : &*it;
}

std::string text(const json& book, const std::string& sheet, int row, int col) {
    const json* c = cell(book, sheet, row, col);
    return c && c->at("v").is_string() ? c->at("v").get<std::string>() : std::string();
}

/// The Visits sheet's headings, left to right.
std::vector<std::string> headings(const json& book) {
    std::vector<std::string> out;
    for (int c = 0; cell(book, "Visits", 0, c); ++c)
        out.push_back(text(book, "Visits", 0, c));
    return out;
}

/// The question id each Visits column's note names ("Question id: ID" on its first line).
std::map<std::string, int> noted_ids(const json& book) {
    std::map<std::string, int> out;
    const std::string lead = "Question id: ";
    for (const auto& [ref, note] : book.at("notes").at("Visits").items()) {
        BOOST_TEST_INFO_SCOPE("note of " + ref);
        BOOST_TEST(note.at("author").get<std::string>() == "VisitScore");
        const std::string t = note.at("text").get<std::string>();
        BOOST_TEST_REQUIRE(t.rfind(lead, 0) == 0u);
        BOOST_TEST_REQUIRE(ref.back() == '1'); // on the header row
        const std::string id = t.substr(lead.size(), t.find('\n') - lead.size());
        int col = 0;
        for (char ch : ref.substr(0, ref.size() - 1))
            col = col * 26 + (ch - 'A' + 1);
        out[id] = col - 1;
    }
    return out;
}

double width_of(const json& book, int col) {
    const auto& w = book.at("widths").at("Visits");
    auto it = w.find(exports::column_letters(col));
    return it == w.end() ? 0 : it->get<double>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(visit_headings)

BOOST_AUTO_TEST_CASE(answer_columns_are_headed_by_the_question_text_with_the_id_in_a_note) {
    const auto& d = test::data();
    exports::ReportInput input;
    input.facts = &d.facts;
    input.visits = test::source(d.records);
    exports::ReportOptions o;
    const std::string path = (test::temp_dir() / "headings.xlsx").string();
    const json b = test::write_and_read(path, input, o);

    // The questions of every scorecard in the report, once each, and how often a text is used:
    // the Visits sheet holds mystery visits, so a customer survey scorecard (the bundled
    // customer-survey) gives it no column.
    std::map<std::string, const forms::Question*> questions;
    std::map<std::string, int> worded;
    for (const auto& t : d.templates) {
        if (forms::is_survey(*t))
            continue;
        for (const auto& q : t->questions)
            if (questions.emplace(q.id, &q).second)
                ++worded[q.text];
    }
    BOOST_TEST_REQUIRE(questions.size() > 20u);

    const std::vector<std::string> h = headings(b);
    const std::map<std::string, int> ids = noted_ids(b);
    BOOST_TEST(ids.size() == questions.size());
    const double height = b.at("first_row_height").at("Visits").get<double>();
    std::set<std::string> wraps;
    for (const auto& c : b.at("first_row_wraps").at("Visits"))
        wraps.insert(c.get<std::string>());
    std::size_t told_apart = 0;
    for (const auto& [id, q] : questions) {
        BOOST_TEST_INFO_SCOPE("question " + id);
        BOOST_TEST_REQUIRE(!q->text.empty());
        auto it = ids.find(id);
        BOOST_TEST_REQUIRE((it != ids.end()));
        const int col = it->second;
        // The text heads the column; a text two questions share is followed by the id.
        const std::string want = worded[q->text] > 1 ? q->text + " (" + id + ")" : q->text;
        told_apart += worded[q->text] > 1;
        BOOST_TEST(h.at(static_cast<std::size_t>(col)) == want);
        // Wrapped in a column of a sensible width, in a row high enough for its lines.
        BOOST_TEST(wraps.count(cell_name(0, col)) == 1u);
        const double width = width_of(b, col);
        BOOST_TEST(width >= 14.0);
        BOOST_TEST(width <= 50.0);
        const double lines = std::floor((height - 5) / 13);
        BOOST_TEST((width - 2) * lines >= 1.15 * static_cast<double>(exports::text_width(want)),
                   want << ": " << width << " wide, " << lines << " lines");
    }
    BOOST_TEST(told_apart >= 2u); // the bundled scorecards word a few questions alike
    // No heading is a bare question id, and each heading names one column.
    for (const auto& s : h)
        BOOST_TEST(!questions.count(s), "heading " << s);
    BOOST_TEST(std::set<std::string>(h.begin(), h.end()).size() == h.size());
    BOOST_TEST(height >= 30.0);
    BOOST_TEST(height <= 83.0);

    // One header row, frozen, that the autofilter covers up to the last column.
    BOOST_TEST(b.at("freeze").at("Visits").get<std::string>() == "E2");
    const std::string filter = b.at("autofilter").at("Visits").get<std::string>();
    BOOST_TEST(filter.rfind("A1:" + exports::column_letters(static_cast<int>(h.size()) - 1), 0) ==
               0u);
    BOOST_TEST(h.back() == "Visit reference");
    // The Method sheet says where the ids went.
    bool said = false;
    for (const auto& [ref, c] : b.at("cells").at("Method").items())
        said = said || (c.at("v").is_string() &&
                        c.at("v").get<std::string>().find("id (as on Behaviours and in export csv) "
                                                          "and its section are in the heading's "
                                                          "note") != std::string::npos);
    BOOST_TEST(said);

    // Each visit's answers sit under their question's heading.
    const int reference = static_cast<int>(h.size()) - 1;
    std::map<std::string, const exports::VisitRecord*> by_uuid;
    for (const auto& r : d.records)
        by_uuid[r.uuid] = &r;
    std::size_t checked = 0;
    for (int row = 1; row <= 30 && cell(b, "Visits", row, 0); ++row) {
        const exports::VisitRecord& r = *by_uuid.at(text(b, "Visits", row, reference));
        for (const auto& [id, v] : r.answers.items()) {
            const forms::Question& q = *questions.at(id);
            const json* c = cell(b, "Visits", row, ids.at(id));
            BOOST_TEST_INFO_SCOPE("visit " + r.uuid + ", question " + id);
            if (v.is_number()) {
                BOOST_TEST_REQUIRE(c);
                BOOST_TEST(c->at("v").get<double>() == v.get<double>());
                ++checked;
            } else if (v.is_string() && q.type == forms::QuestionType::YesNo) {
                BOOST_TEST(text(b, "Visits", row, ids.at(id)) == v.get<std::string>());
                ++checked;
            }
        }
    }
    BOOST_TEST(checked > 50u);

    // The notes, like every string, keep the shopper anonymous.
    for (const auto& [part, xml] : b.at("parts").items()) {
        if (part.find("comments") == std::string::npos && part.find("vml") == std::string::npos)
            continue;
        for (const auto& shopper : d.shopper_names)
            BOOST_TEST(xml.get<std::string>().find(shopper) == std::string::npos, part);
        BOOST_TEST(xml.get<std::string>().find(test::kShopperCode) == std::string::npos, part);
    }
}

BOOST_AUTO_TEST_CASE(a_question_worded_like_another_heading_is_told_apart_by_its_id) {
    const std::string long_text =
        "Did the staff member, without being asked and before the end of the conversation, "
        "explain every fee and charge of the account, the notice period, what happens when the "
        "balance falls below the minimum and whom to contact with a complaint?";
    json doc = {{"format", "visitscore.template/1"},
                {"id", "odd"},
                {"version", 1},
                {"name", "Odd headings"},
                {"target", 80},
                {"min_applicable", 0}};
    json questions = json::array({
        {{"id", "said_summary"}, {"type", "yes_no"}, {"text", "Summary"}},
        {{"id", "greet_a"}, {"type", "yes_no"}, {"text", "Were you greeted?"}},
        {{"id", "greet_b"}, {"type", "yes_no"}, {"text", "Were you greeted?"}},
        {{"id", "fees"}, {"type", "yes_no"}, {"text", long_text}},
        {{"id", "bare"}, {"type", "yes_no"}},
    });
    doc["sections"] = json::array(
        {{{"id", "all"}, {"title", "Everything asked"}, {"weight", 1}, {"questions", questions}}});
    const forms::Template odd = forms::parse_template(doc.dump(), "odd.json");
    auto small = test::small_data(6, {}, {odd});
    BOOST_TEST_REQUIRE(small.records.size() == 6u);
    const std::string path = (test::temp_dir() / "odd-headings.xlsx").string();
    const json b = test::write_and_read(path, small.input(), {});

    const std::vector<std::string> h = headings(b);
    const std::map<std::string, int> ids = noted_ids(b);
    auto heading_of = [&](const std::string& id) {
        return h.at(static_cast<std::size_t>(ids.at(id)));
    };
    BOOST_TEST(heading_of("said_summary") == "Summary (said_summary)");
    BOOST_TEST(heading_of("greet_a") == "Were you greeted? (greet_a)");
    BOOST_TEST(heading_of("greet_b") == "Were you greeted? (greet_b)");
    BOOST_TEST(heading_of("fees") == long_text);
    // "Summary" still heads the visit's summary, the column before the reference.
    BOOST_TEST(std::count(h.begin(), h.end(), "Summary") == 1);
    BOOST_TEST(h.at(h.size() - 2) == "Summary");
    // A question without text is headed by its id, which needs no note.
    BOOST_TEST(std::count(h.begin(), h.end(), "bare") == 1);
    BOOST_TEST(!ids.count("bare"));
    BOOST_TEST(ids.size() == 4u);
    // The note also names the section.
    for (const auto& [ref, note] : b.at("notes").at("Visits").items())
        BOOST_TEST(note.at("text").get<std::string>().find("\nSection: Everything asked") !=
                   std::string::npos);
    // A very long text: a wider column and the highest header row (six lines), the whole text
    // in the cell.
    const double width = width_of(b, ids.at("fees"));
    BOOST_TEST(width >= 30.0);
    BOOST_TEST(width <= 50.0);
    BOOST_TEST(b.at("first_row_height").at("Visits").get<double>() == 83.0);
}

BOOST_AUTO_TEST_SUITE_END()
