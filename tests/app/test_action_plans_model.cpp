// The Action plans page's model on a real SQLite file with the mini data set: the actions as the
// edit dialog's text and back; the list's cells after a failed visit's approval opened a plan;
// an edit refused naming the field (nothing written) and one stored; the re-shop question Done
// asks; the detail's effect in words.
#include "app/insights/action_plans_model.h"
#include "forms/json_io.h"
#include "services/review.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>

using namespace vs;

namespace {

constexpr const char* kC = "00000000-0000-4000-8000-00000000000c";

struct MiniDb {
    test::TempDir dir;
    std::unique_ptr<storage::Store> store = storage::open_sqlite(dir.path("plans.db"));
    MiniDb() {
        const std::string tpl = (std::filesystem::path(VS_TEST_DATA) / "mini.template.json");
        const std::string visits = (std::filesystem::path(VS_TEST_DATA) / "mini.visits.json");
        store->add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
        store->import_visits(forms::parse_visit_package(forms::read_file(visits), visits), visits);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(action_plans_model)

BOOST_AUTO_TEST_CASE(actions_as_text_and_back) {
    const std::vector<storage::PlanAction> actions = {
        {"Greet at the door", "Anna", "2026-11-01", true}, {"Role play", "", "", false}};
    const std::string text = app::actions_text(actions);
    BOOST_TEST(text == "[x] Greet at the door | Anna | 2026-11-01\n[ ] Role play\n");
    const auto back = app::actions_from_text(text + "\n  \n[X] Listen | Bo\nno box here");
    BOOST_TEST_REQUIRE(back.size() == 4u);
    BOOST_TEST((back[0] == actions[0]));
    BOOST_TEST((back[1] == actions[1]));
    BOOST_TEST(back[2].done);
    BOOST_TEST(back[2].owner == "Bo");
    BOOST_TEST(back[3].text == "no box here");
    BOOST_TEST(!back[3].done);
}

BOOST_AUTO_TEST_CASE(list_edit_reshop_and_detail) {
    MiniDb m;
    services::approve(*m.store, *m.store->visit_id_of(kC), "rita", "");
    auto rows = app::action_plan_list(*m.store, {});
    BOOST_TEST_REQUIRE(rows.size() == 1u);
    const auto cells = app::action_plan_cells(rows[0]);
    BOOST_TEST(cells.size() == 9u);
    BOOST_TEST(cells[1] == "Test Client");
    BOOST_TEST(cells[2] == "B2");
    BOOST_TEST(cells[3] == "open");
    BOOST_TEST(cells[6] == "0/0");
    BOOST_TEST(cells[7] == "handling, close");
    BOOST_TEST(cells[8] == "—"); // no comparison: no difference
    BOOST_TEST(app::action_plan_list(*m.store, {"", "done"}).empty());

    // A bad due date: refused naming the field, nothing written.
    app::PlanEdit edit{"Branch manager", "2026-13-01", "in_progress",
                       "[ ] Listen to the whole complaint | Bo | 2026-12-20\n"};
    const std::string refused = app::save_plan_edit(*m.store, rows[0].plan, edit, "rita");
    BOOST_TEST(refused.rfind("due: ", 0) == 0u, refused);
    BOOST_TEST(m.store->action_plan(rows[0].plan.id)->version == 1);
    edit.due = "2026-12-31";
    BOOST_TEST(app::save_plan_edit(*m.store, rows[0].plan, edit, "rita") == "");
    const auto stored = m.store->action_plan(rows[0].plan.id);
    BOOST_TEST(stored->state == "in_progress");
    BOOST_TEST(stored->owner == "Branch manager");
    BOOST_TEST_REQUIRE(stored->actions.size() == 1u);
    BOOST_TEST(stored->actions[0].owner == "Bo");
    // Read at the old version again: refused (someone changed it), nothing written.
    BOOST_TEST(!app::save_plan_edit(*m.store, rows[0].plan, edit, "rita").empty());

    const std::string question = app::reshop_question(*m.store, *stored);
    BOOST_TEST(question.find("branch B2, scorecard mini v1") != std::string::npos, question);
    rows = app::action_plan_list(*m.store, {});
    const std::string detail = app::plan_detail_text(rows[0]);
    BOOST_TEST(detail.find("Branch B2: 0.0 → — (1 → 0 visits)") != std::string::npos, detail);
    BOOST_TEST(detail.find("No difference can be measured yet") != std::string::npos, detail);
    BOOST_TEST(detail.find("Listen to the whole complaint — Bo (2026-12-20)") != std::string::npos,
               detail);
}

BOOST_AUTO_TEST_SUITE_END()
