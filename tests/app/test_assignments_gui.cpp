// The consultancy's Assignments page under Xvfb on a real SQLite file holding the demo's
// assignments: the page lists them with the right count per status (overdue in red); one is
// added, edited, a conflicting edit is refused with who/when and the list read again, one is
// cancelled (a visited one is refused); a CSV with a bad line is refused naming line and column
// with nothing written, then a good file is imported; "Create assignments…" on the Planning page
// creates the plan's assignments and a second run adds none; a customer survey scorecard is
// offered by neither assignment dialog nor New visit. With VS_SHOTS_DIR set, the page,
// the add dialog and the create dialog are photographed (one picture per test case: a screen DC
// has returned the first picture again for later shots in one process).
#include "app/field/assignment_dialog.h"
#include "app/field/assignments_page.h"
#include "app/field/create_assignments_dialog.h"
#include "app/insights/plan_view.h"
#include "app/shell/date_ctrl.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/new_visit_dialog.h"
#include "forms/error.h"
#include "gui_support.h"
#include "layout_check.h"
#include "services/assignments.h"
#include "services/plan.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <vector>
#include <wx/choice.h>
#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/listctrl.h>
#include <wx/textctrl.h>

using namespace vs;
using test::pump;

namespace {

/// Saves what `w` shows as VS_SHOTS_DIR/NAME.png when that variable is set (through a screen
/// DC: this machine has no ImageMagick import).
void grab(const std::string& name, wxWindow* w) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(300);
    w->Refresh();
    w->Update();
    pump(200);
    const wxRect r = w->GetScreenRect();
    wxBitmap bmp(r.width, r.height, 24);
    {
        wxScreenDC screen;
        wxMemoryDC mem(bmp);
        mem.Blit(0, 0, r.width, r.height, &screen, r.x, r.y);
    }
    BOOST_TEST(bmp.SaveFile(app::wxs(std::string(dir) + "/" + name + ".png"), wxBITMAP_TYPE_PNG));
}

void choose(wxChoice* c, const wxString& text) {
    BOOST_REQUIRE(c->SetStringSelection(text));
    wxCommandEvent e(wxEVT_CHOICE, c->GetId());
    e.SetEventObject(c);
    e.SetInt(c->GetSelection());
    c->ProcessWindowEvent(e);
}

/// The main window on a demo database with the demo's assignments, on the Assignments page
/// showing every client.
struct AssignFixture {
    test::TempDir dir;
    std::string db = dir.path("assign.db");
    std::unique_ptr<storage::Store> store;
    app::MainFrame* frame = nullptr;
    app::AssignmentsPage* page = nullptr;
    std::vector<wxString> told;
    std::vector<wxString> asked;
    AssignFixture() {
        {
            storage::SqliteStore s(db);
            test::fill_demo(s, 300);
            storage::DemoOptions o;
            o.visits = 300;
            o.seed = 7;
            storage::add_demo_assignments(s, o, services::today_day());
        }
        store = storage::open_sqlite(db);
        frame = new app::MainFrame(db);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
        page = frame->assignments_page();
        page->tell = [this](const wxString& m) { told.push_back(m); };
        page->confirm = [this](const wxString& q) {
            asked.push_back(q);
            return true;
        };
        frame->show_page(app::MainFrame::Assignments);
        pump(200);
        choose(page->client_filter(), "All clients");
        pump(50);
    }
    ~AssignFixture() {
        frame->Destroy();
        pump(50);
    }
    std::size_t stored(const std::string& status = {}) {
        storage::AssignmentFilter f;
        f.status = status;
        return store->assignments(f).size();
    }
    /// The first listed row in `status`.
    const app::AssignmentRow* first(const std::string& status) {
        for (const auto& r : page->rows())
            if (r.assignment.status == status)
                return &r;
        return nullptr;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(assignments_gui)

BOOST_FIXTURE_TEST_CASE(lists_the_demo_assignments_per_status, AssignFixture) {
    const auto& pages = frame->nav_pages();
    BOOST_TEST((std::find(pages.begin(), pages.end(), app::MainFrame::Assignments) != pages.end()));
    BOOST_REQUIRE(page->IsShownOnScreen());
    wxListCtrl* list = page->list();
    BOOST_TEST(static_cast<std::size_t>(list->GetItemCount()) == stored());
    BOOST_TEST(page->column_of(app::AssignmentColumn::Fee) >= 0); // the desk reads fees
    for (const std::string& s : app::assignment_statuses()) {
        std::size_t n = 0;
        for (const auto& r : page->rows())
            n += r.assignment.status == s;
        BOOST_TEST(n == stored(s), s);
    }
    BOOST_TEST(stored("overdue") > 0u);
    // Overdue rows red (not bold), their status says so.
    const int status_col = page->column_of(app::AssignmentColumn::Status);
    for (long i = 0; i < list->GetItemCount(); ++i)
        if (list->GetItemText(i, status_col) == "overdue")
            BOOST_TEST(list->GetItemTextColour(i) == app::colour_below());
    const std::string count = app::u8(page->count()->GetLabel());
    BOOST_TEST(count.find(std::to_string(stored()) + " assignments") == 0u, count);

    // The status filter: only overdue ones; sorting by shopper keeps them all.
    choose(page->status_filter(), "overdue");
    BOOST_TEST(static_cast<std::size_t>(list->GetItemCount()) == stored("overdue"));
    choose(page->status_filter(), "Any status");
    page->sort_by(app::AssignmentColumn::Shopper);
    BOOST_TEST(static_cast<std::size_t>(list->GetItemCount()) == stored());
    const int shopper_col = page->column_of(app::AssignmentColumn::Shopper);
    for (long i = 1; i < list->GetItemCount(); ++i)
        BOOST_TEST(list->GetItemText(i - 1, shopper_col) <= list->GetItemText(i, shopper_col));
    page->sort_by(app::AssignmentColumn::Window);
    for (const std::string& p : test::layout_problems(page))
        BOOST_TEST(false, p);
    grab("assignments_page", frame);
}

BOOST_FIXTURE_TEST_CASE(add_edit_conflict_and_cancel, AssignFixture) {
    const std::size_t before = stored();
    const app::AssignmentRow* model_row = first("offered");
    BOOST_REQUIRE(model_row);
    const storage::Assignment model = model_row->assignment;

    // A bad fee is refused naming the field; then the assignment is added with the shopper the
    // rules propose.
    std::string added_uuid;
    bool shot = false;
    page->run_dialog = [&](app::AssignmentDialog& d) {
        d.Show();
        pump(100);
        BOOST_TEST(d.client()->IsEnabled());
        choose(d.client(), app::wxs(model.client));
        BOOST_REQUIRE(app::AssignmentDialog::select_code(d.branch(), model.branch));
        d.window_from()->set_day(services::today_day() + 200);
        d.window_to()->set_day(services::today_day() + 210);
        d.scenario()->SetValue("Ask about a savings account");
        d.propose();
        BOOST_TEST(!app::u8(d.proposal()->GetLabel()).empty());
        d.fee()->SetValue("thirty");
        BOOST_TEST(!d.save());
        BOOST_TEST(d.error_field() == "Fee");
        BOOST_TEST(d.error().find("Fee: ") == 0u, d.error());
        BOOST_TEST(stored() == before);
        d.fee()->SetValue("30");
        if (!shot) {
            for (const std::string& p : test::layout_problems(&d))
                BOOST_TEST(false, p);
            grab("assignment_dialog", &d);
            shot = true;
        }
        const bool ok = d.save();
        BOOST_TEST(ok, d.error());
        added_uuid = d.saved().uuid;
        d.Hide();
        return ok ? wxID_OK : wxID_CANCEL;
    };
    BOOST_REQUIRE(page->add());
    BOOST_TEST(stored() == before + 1);
    const auto added = store->assignment(added_uuid);
    BOOST_REQUIRE(added);
    BOOST_TEST(added->fee_cents.value() == 3000);
    BOOST_TEST(added->scenario == "Ask about a savings account");
    BOOST_TEST(page->selected()->assignment.uuid == added_uuid);

    // Edit it: a new scenario.
    page->run_dialog = [&](app::AssignmentDialog& d) {
        BOOST_TEST(!d.client()->IsEnabled());
        d.scenario()->SetValue("Ask about a loan");
        return d.save() ? wxID_OK : wxID_CANCEL;
    };
    BOOST_REQUIRE(page->edit());
    BOOST_TEST(store->assignment(added_uuid)->scenario == "Ask about a loan");

    // Someone else changes it while this window still shows the version before: refused, with
    // who and when, nothing of ours written, and the list read again.
    {
        storage::Assignment other = *store->assignment(added_uuid);
        other.scenario = "Changed elsewhere";
        services::edit_assignment(*store, other, "rita");
    }
    told.clear();
    page->run_dialog = [&](app::AssignmentDialog& d) {
        d.scenario()->SetValue("Mine");
        BOOST_TEST(!d.save());
        BOOST_TEST(!d.conflict().empty());
        return d.conflict().empty() ? wxID_CANCEL : wxID_ABORT;
    };
    BOOST_TEST(!page->edit());
    BOOST_REQUIRE(told.size() == 1u);
    const std::string said = app::u8(told[0]);
    BOOST_TEST(said.find("was changed by") != std::string::npos, said);
    BOOST_TEST(said.find("not saved") != std::string::npos, said);
    BOOST_TEST(store->assignment(added_uuid)->scenario == "Changed elsewhere");
    BOOST_TEST(page->selected()->assignment.updated_at ==
               store->assignment(added_uuid)->updated_at);

    // Cancel it (asked first).
    asked.clear();
    BOOST_REQUIRE(page->select(added_uuid));
    BOOST_TEST(page->cancel());
    BOOST_TEST(asked.size() == 1u);
    BOOST_TEST(store->assignment(added_uuid)->status == "cancelled");

    // A visited one is refused, said why, nothing asked.
    const app::AssignmentRow* visited = first("visited");
    BOOST_REQUIRE(visited);
    const std::string visited_uuid = visited->assignment.uuid;
    BOOST_REQUIRE(page->select(visited_uuid));
    asked.clear();
    told.clear();
    BOOST_TEST(!page->cancel());
    BOOST_TEST(asked.empty());
    BOOST_REQUIRE(told.size() == 1u);
    BOOST_TEST(app::u8(told[0]).find("cannot be cancelled") != std::string::npos);
    BOOST_TEST(store->assignment(visited_uuid)->status == "visited");
}

BOOST_FIXTURE_TEST_CASE(csv_import_all_or_nothing, AssignFixture) {
    const std::size_t before = stored();
    const storage::Assignment m = page->rows().at(0).assignment;
    const std::string row = m.client + "," + m.branch + "," + m.template_id + "," +
                            std::to_string(m.template_version) + ",Ask about cards,";
    const std::string header =
        "client,branch,template,template_version,scenario,window_from,window_to,shopper,fee\n";
    const std::string bad = dir.path("bad.csv");
    {
        std::ofstream out(bad);
        out << header << row << "2027-05-01,2027-05-10,,20\n"
            << row << "2027-05-01,2027-13-10,,20\n";
    }
    told.clear();
    BOOST_TEST(!page->import_file(bad));
    BOOST_REQUIRE(told.size() == 1u);
    const std::string said = app::u8(told[0]);
    BOOST_TEST(said.find("bad.csv") != std::string::npos, said);
    BOOST_TEST(said.find("line 3") != std::string::npos, said);
    BOOST_TEST(said.find("column") != std::string::npos, said);
    BOOST_TEST(said.find("Nothing was imported") != std::string::npos, said);
    BOOST_TEST(stored() == before);
    BOOST_TEST(page->rows().size() == before);

    const std::string good = dir.path("good.csv");
    {
        std::ofstream out(good);
        out << header << row << "2027-05-01,2027-05-10,,20\n"
            << row << "2027-06-01,2027-06-10,,20.50\n";
    }
    told.clear();
    BOOST_TEST(page->import_file(good));
    BOOST_TEST(told.empty());
    BOOST_TEST(stored() == before + 2);
    BOOST_TEST(page->rows().size() == before + 2);
}

BOOST_FIXTURE_TEST_CASE(create_assignments_from_planning, AssignFixture) {
    frame->show_page(app::MainFrame::Planning);
    pump(300);
    app::PlanView* plan = frame->planning_page();
    BOOST_REQUIRE(plan->create_button()->IsShownOnScreen());
    BOOST_REQUIRE(plan->create_button()->IsEnabled());
    const std::size_t before = stored();
    std::size_t proposed = 0;
    std::string preview;
    plan->run_create = [&](app::CreateAssignmentsDialog& d) {
        d.Show();
        pump(100);
        BOOST_TEST(d.preview());
        preview = d.preview_text();
        proposed = d.previewed().to_create.size();
        for (const std::string& p : test::layout_problems(&d))
            BOOST_TEST(false, p);
        grab("create_assignments", &d);
        const std::size_t n = d.create();
        d.Hide();
        return n > 0 ? wxID_OK : wxID_CANCEL;
    };
    BOOST_REQUIRE(plan->create_assignments());
    BOOST_TEST(proposed > 0u);
    BOOST_TEST(preview.find(std::to_string(proposed) + " new assignment") == 0u, preview);
    BOOST_TEST(stored() == before + proposed);
    const std::size_t created = proposed;

    // The same plan again adds nothing.
    BOOST_TEST(!plan->create_assignments());
    BOOST_TEST(proposed == 0u);
    BOOST_TEST(preview.find("No new assignment") == 0u, preview);
    BOOST_TEST(stored() == before + created);

    // The Assignments page lists them when shown.
    frame->show_page(app::MainFrame::Assignments);
    pump(200);
    BOOST_TEST(page->rows().size() == stored());
    BOOST_TEST(static_cast<std::size_t>(page->list()->GetItemCount()) == stored());
}

BOOST_FIXTURE_TEST_CASE(a_customer_survey_scorecard_is_never_offered_for_a_shopper, AssignFixture) {
    // The bundled customer survey is in the database; its responses come from customers, so
    // neither assignment dialog nor New visit offers it (a shopper cannot visit it: storage
    // refuses such an assignment, and the import such a visit).
    std::string survey_id, survey_name;
    std::size_t mystery = 0;
    std::set<std::string> mystery_ids;
    for (const storage::TemplateInfo& t : store->templates()) {
        if (t.channel == "survey") {
            survey_id = t.id;
            survey_name = t.name;
        } else {
            ++mystery;
            mystery_ids.insert(t.id);
        }
    }
    BOOST_REQUIRE(!survey_id.empty());
    BOOST_REQUIRE(mystery > 0u);
    // What a choice offers that names the survey scorecard, and how many it offers.
    auto offered = [&](wxChoice* c) {
        std::size_t survey = 0;
        for (unsigned i = 0; i < c->GetCount(); ++i) {
            const std::string item = app::u8(c->GetString(i));
            survey += item.find(survey_id) != std::string::npos ||
                      item.find(survey_name) != std::string::npos;
        }
        return std::make_pair(survey, static_cast<std::size_t>(c->GetCount()));
    };

    const std::size_t before = stored();
    bool asked_add = false;
    page->run_dialog = [&](app::AssignmentDialog& d) {
        asked_add = true;
        const auto [survey, all] = offered(d.scorecard());
        BOOST_TEST(survey == 0u);
        BOOST_TEST(all >= mystery); // every version of every mystery scorecard
        return wxID_CANCEL;
    };
    page->add();
    BOOST_TEST(asked_add);

    frame->show_page(app::MainFrame::Planning);
    pump(300);
    app::PlanView* plan = frame->planning_page();
    bool asked_create = false;
    plan->run_create = [&](app::CreateAssignmentsDialog& d) {
        asked_create = true;
        const auto [survey, all] = offered(d.scorecard());
        BOOST_TEST(survey == 0u);
        BOOST_TEST(all >= mystery);
        return wxID_CANCEL;
    };
    plan->create_assignments();
    BOOST_TEST(asked_create);

    // New visit: no choice of the dialog names the survey; the mystery scorecards are offered.
    {
        app::NewVisitDialog dlg(frame, *store);
        std::vector<std::size_t> counts; // per choice, in order: the scorecard's first
        for (wxWindow* w : dlg.GetChildren())
            if (auto* c = dynamic_cast<wxChoice*>(w)) {
                const auto [survey, all] = offered(c);
                BOOST_TEST(survey == 0u);
                counts.push_back(all);
            }
        BOOST_REQUIRE(!counts.empty());
        BOOST_TEST(counts.front() == mystery_ids.size()); // the latest version of each
        // And a survey chosen by its id is not there to choose: the header names another.
        dlg.choose(app::wxs(survey_id), "", "", "", "");
        try {
            BOOST_TEST(dlg.header().template_id != survey_id);
        } catch (const InputError&) { // refused for a missing branch or shopper: fine
        }
    }

    // And storage refuses it however it comes.
    const app::AssignmentRow* offered_row = first("offered");
    BOOST_REQUIRE(offered_row);
    storage::Assignment a = offered_row->assignment;
    a.uuid = "survey-assignment";
    a.template_id = survey_id;
    a.template_version = 1;
    BOOST_CHECK_THROW(store->put_assignments({a}, "test"), InputError);
    BOOST_TEST(stored() == before);
}

BOOST_AUTO_TEST_SUITE_END()
