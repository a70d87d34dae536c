// The client workbook's Disputes sheet, read back with openpyxl (tests/exports/dump_xlsx.py): one
// row per dispute point of the report's visits with the visit's date and branch, the question's
// text (columns sized by their cells, not by the title), the original and proposed answers,
// the decision, its reason and date (a question's text as the point's own scorecard version
// words it); never the shopper's code or name anywhere in the sheet. A
// report without disputes has no such sheet.

#include "forms/template.h"
#include "jobs_fixture.h"
#include "services/disputes.h"
#include "services/export.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>

namespace {

using namespace vs;
using nlohmann::json;

/// The cell values of a sheet by row (1-based) and column letter.
std::map<int, std::map<std::string, std::string>> rows_of(const json& cells) {
    std::map<int, std::map<std::string, std::string>> out;
    for (const auto& [ref, cell] : cells.items()) {
        const auto digit = ref.find_first_of("0123456789");
        const json& v = cell.at("v");
        out[std::stoi(ref.substr(digit))][ref.substr(0, digit)] =
            v.is_string() ? v.get<std::string>() : v.dump();
    }
    return out;
}

/// An approved visit of `client` with a yes_no answer, and that question's id.
std::pair<std::string, std::string> yes_no_visit(storage::Store& store, const std::string& client,
                                                 std::size_t skip) {
    storage::VisitListQuery q;
    q.status = forms::Status::Approved;
    for (const std::int64_t id : store.visit_ids(q)) {
        const storage::StoredVisit v = store.load_visit(id);
        if (v.visit.client != client)
            continue;
        for (const forms::Question& question : v.tpl->questions) {
            if (question.type != forms::QuestionType::YesNo)
                continue;
            const auto it = v.visit.answers.find(question.id);
            if (it != v.visit.answers.end() && it->is_string() && *it != "na") {
                if (skip-- == 0)
                    return {v.visit.uuid, question.id};
                break;
            }
        }
    }
    return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(dispute_workbook)

BOOST_AUTO_TEST_CASE(the_disputes_sheet_lists_each_point_without_the_shopper) {
    const std::string path = test::demo_database("disputes.db", 120);
    auto store = storage::open_sqlite(path, storage::OpenMode::MustExist);
    const scoring::FactTable facts = store->load_facts(storage::VisitFilter{}, false);
    BOOST_REQUIRE(!facts.visits.empty());
    const std::string client = facts.clients[facts.visits[0].client];
    services::ClientReportRequest request;
    request.filter.client = client;

    // No disputes: no Disputes sheet.
    request.path = (test::jobs_dir() / "no-disputes.xlsx").string();
    services::write_client_report(*store, request);
    BOOST_TEST(!test::read_workbook(request.path).at("cells").contains("Disputes"));

    const auto [first, q1] = yes_no_visit(*store, client, 0);
    const auto [second, q2] = yes_no_visit(*store, client, 1);
    BOOST_REQUIRE(!first.empty());
    BOOST_REQUIRE(!second.empty());
    const storage::StoredVisit v1 = store->load_visit(*store->visit_id_of(first));
    const std::string was = v1.visit.answers.at(q1).get<std::string>();
    const std::string proposed = was == "yes" ? "no" : "yes";
    const auto p1 = services::open_dispute(*store, {first, q1, proposed, "seen on camera", "", {}},
                                           "client desk");
    const storage::StoredVisit v2 = store->load_visit(*store->visit_id_of(second));
    const std::string proposed2 = v2.visit.answers.at(q2) == "yes" ? "no" : "yes";
    services::open_dispute(*store, {second, q2, proposed2, "still to check", "", {}},
                           "client desk");
    services::decide_dispute(*store, p1, services::DisputeOutcome::Accept, "", "the video agrees",
                             "arbiter");
    // A later version of the first visit's scorecard words q1 differently; a visit on it has a
    // point on q1 too: each point shows its own version's wording.
    forms::Template later = *v1.tpl;
    later.version += 100;
    const auto q1_index = static_cast<std::size_t>(later.find_question(q1));
    later.questions[q1_index].text = "Reworded: " + later.questions[q1_index].text;
    later = forms::parse_template(forms::template_to_json(later).dump(), "reworded.json");
    BOOST_REQUIRE(store->add_template(later, "reworded.json"));
    forms::Visit third = v1.visit;
    third.uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    third.template_version = later.version;
    third.assignment.clear();
    BOOST_REQUIRE(store->import_visits({third}, "third.json").added == 1u);
    const storage::StoredVisit v3 = store->load_visit(*store->visit_id_of(third.uuid));
    BOOST_REQUIRE(v3.tpl->version == later.version);
    if (v3.visit.status != forms::Status::Approved)
        store->record_status(v3.id, v3.visit.status, forms::Status::Approved, "arbiter", "",
                             "test");
    services::open_dispute(*store, {third.uuid, q1, proposed, "reworded question", "", {}},
                           "client desk");
    BOOST_TEST(store->verify_audit("").ok());

    request.path = (test::jobs_dir() / "disputes.xlsx").string();
    services::write_client_report(*store, request);
    const json book = test::read_workbook(request.path);
    BOOST_REQUIRE(book.at("cells").contains("Disputes"));
    const auto rows = rows_of(book.at("cells").at("Disputes"));
    // Title, note, a blank row, the header (row 4), then one row per point in id order.
    const auto& header = rows.at(4);
    BOOST_TEST(header.at("A") == "Visit date");
    BOOST_TEST(header.at("C") == "Branch");
    BOOST_TEST(header.at("E") == "Question");
    BOOST_TEST(header.at("F") == "Original answer");
    BOOST_TEST(header.at("G") == "Proposed answer");
    BOOST_TEST(header.at("J") == "Decision");
    BOOST_TEST(header.at("L") == "Decision reason");
    BOOST_TEST(header.at("M") == "Decided");
    BOOST_TEST(rows.count(8) == 0u); // three points only
    const auto& accepted = rows.at(5);
    BOOST_TEST(accepted.at("A") == v1.visit.visited_at.substr(0, 10));
    BOOST_TEST(accepted.at("C") == v1.visit.branch);
    const std::string text1 =
        v1.tpl->questions[static_cast<std::size_t>(v1.tpl->find_question(q1))].text;
    BOOST_TEST(!text1.empty());
    BOOST_TEST(accepted.at("E") == text1); // the question's text, not its id
    BOOST_TEST(accepted.at("F") == was);
    BOOST_TEST(accepted.at("G") == proposed);
    BOOST_TEST(accepted.at("H") == "seen on camera");
    BOOST_TEST(accepted.at("J") == "accepted");
    BOOST_TEST(accepted.at("K") == proposed);
    BOOST_TEST(accepted.at("L") == "the video agrees");
    BOOST_TEST(accepted.at("M").size() == 10u);
    const auto& open = rows.at(6);
    BOOST_TEST(open.at("E") ==
               v2.tpl->questions[static_cast<std::size_t>(v2.tpl->find_question(q2))].text);
    // Columns sized by their cells: the dates' column narrow (not by the sheet's title), the
    // question's wide enough for its text up to the cap.
    const json& widths = book.at("widths").at("Disputes");
    BOOST_TEST(widths.at("A").get<double>() < 15.0);
    BOOST_TEST(widths.at("E").get<double>() >=
               std::min<double>(50, static_cast<double>(text1.size())));
    BOOST_TEST(open.at("J") == "open");
    BOOST_TEST(open.count("M") == 0u);
    // The same question id on the later version: its own wording, and the first point keeps
    // the first version's.
    BOOST_TEST(rows.at(7).at("E") == later.questions[q1_index].text);
    BOOST_TEST(rows.at(7).at("H") == "reworded question");
    // Never the shopper's identity on the sheet.
    for (const auto& [row, cells] : rows)
        for (const auto& [col, text] : cells)
            for (const std::string& who :
                 {v1.visit.shopper, v1.visit.shopper_name, v2.visit.shopper, v2.visit.shopper_name})
                if (!who.empty())
                    BOOST_TEST(text.find(who) == std::string::npos,
                               "Disputes!" << col << row << " names the shopper " << who);
}

BOOST_AUTO_TEST_SUITE_END()
