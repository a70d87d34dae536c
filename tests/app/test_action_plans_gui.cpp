// The Action plans page in the app under Xvfb on a real SQLite file with demo visits and two
// plans on a branch's failed visits: the page in the navigation lists both with their effect;
// the selected plan's detail gives the branch and the comparison before and after and the
// verdict in words; Edit… refuses a date that does not exist naming the field (nothing written)
// and stores owner, due date, state and actions; Done… asks about the re-shop it adds and adds
// it; Verify; the state filter. With VS_SHOTS_DIR set, the page and the dialog are photographed.
#include "app/insights/action_plans_page.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "forms/dates.h"
#include "gui_support.h"
#include "screen_grab.h"
#include "services/action_plans.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/textctrl.h>

using namespace vs;
using test::pump;

namespace {

struct PlansFixture {
    test::TempDir dir;
    std::string db = dir.path("plans.db");
    std::unique_ptr<storage::Store> store;
    app::MainFrame* frame = nullptr;
    app::ActionPlansPage* page = nullptr;
    std::vector<std::int64_t> plans;
    PlansFixture() {
        {
            storage::SqliteStore s(db);
            test::fill_demo(s, 600);
            // Two plans on failed approved visits of two branches of the first client.
            storage::VisitFilter filter;
            const scoring::FactTable facts = s.load_facts(filter, false);
            std::set<std::int32_t> branches;
            for (const scoring::VisitFact& v : facts.visits) {
                if (plans.size() == 2)
                    break;
                if (!v.critical_failure || branches.count(v.branch) || v.client != 0)
                    continue;
                const storage::StoredVisit sv = s.load_visit(v.visit_id);
                storage::ActionPlan p;
                p.client = sv.visit.client;
                p.branch = sv.visit.branch;
                p.visit_uuid = sv.visit.uuid;
                p.sections = services::failed_sections(*sv.tpl, sv.visit, 60);
                p.owner = "Branch manager";
                p.actions = {{"Coach the team", "Branch manager", "", false}};
                p.start_date = forms::day_to_string(v.day + 1);
                plans.push_back(services::open_plan(s, p, "rita"));
                branches.insert(v.branch);
            }
        }
        BOOST_REQUIRE(plans.size() == 2u);
        store = storage::open_sqlite(db);
        frame = new app::MainFrame(db);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
        page = frame->action_plans_page();
    }
    ~PlansFixture() {
        frame->Destroy();
        pump(50);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(action_plans_gui)

BOOST_FIXTURE_TEST_CASE(list_edit_done_verify_and_the_effect, PlansFixture) {
    const auto& pages = frame->nav_pages();
    BOOST_TEST((std::find(pages.begin(), pages.end(), app::MainFrame::ActionPlans) != pages.end()));
    frame->show_page(app::MainFrame::ActionPlans);
    pump(200);
    BOOST_TEST_REQUIRE(page->rows().size() == 2u);
    BOOST_TEST(page->list()->GetItemCount() == 2);
    page->select(0);
    pump(100);
    const std::string detail = app::u8(page->detail());
    BOOST_TEST(detail.find("Branch " + page->rows()[0].plan.branch + ":") != std::string::npos,
               detail);
    BOOST_TEST(detail.find("Comparison:") != std::string::npos, detail);
    BOOST_TEST((detail.find("Difference-in-differences") != std::string::npos ||
                detail.find("No difference") != std::string::npos),
               detail);
    BOOST_TEST(page->done_button()->IsEnabled());
    BOOST_TEST(!page->verify_button()->IsEnabled());
    test::grab("action-plans-page", frame);

    // Edit: a due date that does not exist is refused naming the field, nothing written.
    const std::int64_t id = page->rows()[0].plan.id;
    std::string refusal;
    page->run_edit_dialog = [&](app::PlanEditDialog& d) {
        d.Show();
        pump(100);
        d.due()->SetValue("2026-02-30");
        return wxID_OK;
    };
    page->on_refused = [&](app::PlanEditDialog& d) {
        refusal = app::u8(d.error());
        test::grab("action-plans-edit-refused", &d);
    };
    page->edit_selected();
    BOOST_TEST(refusal.rfind("due: ", 0) == 0u, refusal);
    BOOST_TEST(store->action_plan(id)->version == 1);
    // Stored: owner, due date, state and actions.
    page->run_edit_dialog = [&](app::PlanEditDialog& d) {
        d.Show();
        pump(100);
        d.owner()->SetValue("Area manager");
        d.due()->SetValue(app::wxs(
            forms::day_to_string(*forms::parse_day(store->action_plan(id)->start_date) + 30)));
        d.state()->SetSelection(1); // in progress
        d.actions()->SetValue("[x] Coach the team | Branch manager\n[ ] Role play the greeting "
                              "| Anna\n");
        pump(100);
        test::grab("action-plans-edit", &d);
        return wxID_OK;
    };
    page->edit_selected();
    pump(100);
    auto stored = store->action_plan(id);
    BOOST_TEST(stored->owner == "Area manager");
    BOOST_TEST(stored->state == "in_progress");
    BOOST_TEST_REQUIRE(stored->actions.size() == 2u);
    BOOST_TEST(stored->actions[0].done);
    BOOST_TEST(stored->actions[1].owner == "Anna");

    // Done…: the question names the re-shop; it is added with the plan.
    wxString asked;
    page->confirm = [&](const wxString& q) {
        asked = q;
        return true;
    };
    page->select(0);
    page->done_selected();
    pump(100);
    BOOST_TEST(app::u8(asked).find("add its re-shop: branch " + stored->branch) !=
                   std::string::npos,
               app::u8(asked));
    stored = store->action_plan(id);
    BOOST_TEST(stored->state == "done");
    BOOST_TEST_REQUIRE(!stored->reshop_assignment.empty());
    BOOST_TEST(store->assignment(stored->reshop_assignment)->branch == stored->branch);
    page->select(0);
    pump(50);
    BOOST_TEST(page->verify_button()->IsEnabled());
    page->verify_selected();
    pump(100);
    BOOST_TEST(store->action_plan(id)->state == "verified");

    // The state filter.
    page->state_filter()->SetSelection(4); // verified
    wxCommandEvent choice(wxEVT_CHOICE, page->state_filter()->GetId());
    page->state_filter()->ProcessWindowEvent(choice);
    pump(100);
    BOOST_TEST(page->rows().size() == 1u);
    BOOST_TEST(page->list()->GetItemCount() == 1);
    page->select(0);
    pump(100);
    test::grab("action-plans-verified", frame);
    BOOST_TEST(store->verify_audit("").ok());
}

BOOST_AUTO_TEST_SUITE_END()
