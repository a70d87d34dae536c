// The trainer and consultancy views in the real main window under Xvfb: the dashboard
// opens from the navigation, a click on a branch bar opens the branch, an employee opens the
// card, the trainings and calibration pages follow the dashboard's filter, a training is
// recorded through its dialog and a client report is written under a progress dialog.
// With VS_SHOTS_DIR set, the database has 5000 visits and each view is saved as a screenshot.
#include "app/insights/branch_view.h"
#include "app/insights/calibration_view.h"
#include "app/insights/chart.h"
#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/employee_view.h"
#include "app/insights/report_dialog.h"
#include "app/insights/training_dialog.h"
#include "app/insights/training_view.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/shell/wx_progress.h"
#include "forms/dates.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <wx/app.h>
#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/filepicker.h>
#include <wx/image.h>
#include <wx/listctrl.h>

BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<double>)

using namespace vs;

namespace {

void pump(int ms = 40) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    do {
        wxTheApp->Yield(true);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } while (std::chrono::steady_clock::now() < end);
}

/// Saves the screen as VS_SHOTS_DIR/name.png when that variable is set.
void shot(const std::string& name) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(150);
    wxTheApp->GetTopWindow()->Update();
    // ImageMagick reads the X server itself (GTK 3's wxScreenDC gives stale pixels).
    const std::string command = "import -window root '" + std::string(dir) + "/" + name + ".png'";
    BOOST_TEST(std::system(command.c_str()) == 0);
}

/// A click on a chart where its category `index` is drawn (as a person's click arrives).
bool click_category(app::Chart* chart, std::size_t index) {
    const wxSize size = chart->GetClientSize();
    for (int y = 0; y < size.y; ++y) {
        const wxPoint p(size.x / 2, y);
        if (chart->hit(p) == index) {
            wxMouseEvent e(wxEVT_LEFT_UP);
            e.SetPosition(p);
            e.SetEventObject(chart);
            chart->ProcessWindowEvent(e);
            return true;
        }
    }
    return false;
}

/// Chooses an item of a wxChoice and sends the event a person's choice sends.
void choose(wxChoice* c, int index) {
    c->SetSelection(index);
    wxCommandEvent e(wxEVT_CHOICE, c->GetId());
    e.SetEventObject(c);
    e.SetInt(index);
    c->ProcessWindowEvent(e);
}

/// The wxChoice among a window's children whose items include `item`.
wxChoice* find_choice(wxWindow* parent, const wxString& item) {
    for (wxWindow* w : parent->GetChildren())
        if (auto* c = dynamic_cast<wxChoice*>(w); c && c->FindString(item) != wxNOT_FOUND)
            return c;
    return nullptr;
}

/// Shows a progress dialog like WxProgress and takes a screenshot half-way.
struct ShotProgress : Progress {
    app::WxProgress inner;
    std::size_t total = 0;
    bool taken = false;
    explicit ShotProgress(wxWindow* parent) : inner(parent, "Writing the client report") {}
    void start(std::string_view what, std::size_t n) override {
        total = n;
        inner.start(what, n);
    }
    bool update(std::size_t done) override {
        const bool go_on = inner.update(done);
        if (!taken && total && done * 2 >= total) {
            taken = true;
            shot("report-progress");
        }
        return go_on;
    }
    void finish() override { inner.finish(); }
};

struct ViewsFixture {
    test::TempDir dir;
    std::string db = dir.path("views-gui.db");
    app::MainFrame* frame = nullptr;
    ViewsFixture() {
        {
            storage::SqliteStore s(db);
            test::fill_demo_with_trainings(s, std::getenv("VS_SHOTS_DIR") ? 5000 : 1500);
        }
        frame = new app::MainFrame(db);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
    }
    ~ViewsFixture() {
        frame->Destroy();
        pump(50);
    }
    app::DashboardPage* page() const { return frame->dashboard_page(); }
    app::DashboardView* dash() const { return page()->dashboard(); }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(views_gui, ViewsFixture)

BOOST_AUTO_TEST_CASE(dashboard_opens_a_branch_and_an_employee) {
    frame->show_page(app::MainFrame::Dashboard);
    pump(100);
    BOOST_REQUIRE(dash()->IsShownOnScreen());
    const app::Dashboard& d = dash()->model()->data();
    BOOST_REQUIRE(d.overall);
    // The tiles show the model's figures.
    BOOST_TEST(app::u8(dash()->tile(0)->value()) == app::fmt1(d.overall->m.mean));
    BOOST_TEST(app::u8(dash()->tile(1)->value()) == std::to_string(d.overall->m.n));
    BOOST_TEST(dash()->branch_chart()->data().categories.size() == d.branches.size());
    BOOST_TEST(dash()->trend_chart()->data().categories.size() == 12u);
    BOOST_TEST(dash()->section_chart()->data().categories.size() == d.sections.size());
    shot("dashboard");

    // A click on the third bar opens that branch.
    BOOST_REQUIRE(click_category(dash()->branch_chart(), 2));
    pump(100);
    app::BranchView* branch = page()->branch_view();
    BOOST_REQUIRE(branch->IsShownOnScreen());
    BOOST_TEST(branch->code() == d.branches[2].code);
    BOOST_TEST(branch->figures().m.n == d.branches[2].m.n);
    BOOST_TEST(branch->figures().m.mean == d.branches[2].m.mean);
    BOOST_TEST(!branch->figures().employees.empty());
    BOOST_TEST(branch->weakest_list()->GetItemCount() > 0);
    shot("branch");

    // The staff chart opens an employee's card.
    const std::string code = branch->figures().employees.front().code;
    BOOST_REQUIRE(click_category(branch->staff_chart(), 0));
    pump(100);
    app::EmployeeView* card = page()->employee_view();
    BOOST_REQUIRE(card->IsShownOnScreen());
    BOOST_TEST(card->figures().code == code);
    BOOST_TEST(card->figures().m.mean == branch->figures().employees.front().m.mean);
    BOOST_TEST(card->trend_chart()->data().categories.size() == card->figures().monthly.size());
    BOOST_TEST(card->weakest_list()->GetItemCount() > 0);
    shot("employee");

    // Back: the branch, then the dashboard.
    card->on_back();
    BOOST_TEST(branch->IsShownOnScreen());
    branch->on_back();
    BOOST_TEST(dash()->IsShownOnScreen());
}

BOOST_AUTO_TEST_CASE(every_view_follows_the_dashboard_filter) {
    frame->show_page(app::MainFrame::Dashboard);
    pump(80);
    const app::ViewFilter before = dash()->filter();
    wxChoice* period = find_choice(dash(), "Last 3 months");
    BOOST_REQUIRE(period);
    choose(period, period->FindString("Last 3 months"));
    pump(80);
    const app::ViewFilter after = dash()->filter();
    BOOST_TEST(after.client == before.client);
    BOOST_TEST(*after.to_day == *before.to_day);
    BOOST_TEST(forms::day_to_string(*after.from_day).substr(5, 5) !=
               forms::day_to_string(*before.from_day).substr(5, 5));
    BOOST_TEST(dash()->trend_chart()->data().categories.size() == 3u);

    // Another client: the trainings and calibration pages follow.
    wxChoice* client = find_choice(dash(), app::wxs(before.client));
    BOOST_REQUIRE(client);
    const int other = client->GetSelection() == 0 ? 1 : 0;
    choose(client, other);
    pump(80);
    BOOST_TEST(dash()->filter().client == app::u8(client->GetString(other)));
    frame->show_page(app::MainFrame::Trainings);
    pump(120);
    for (const app::TrainingRow& r : frame->trainings_page()->rows()) {
        BOOST_TEST(r.training.client == dash()->filter().client);
        BOOST_TEST((r.day >= *dash()->filter().from_day && r.day <= *dash()->filter().to_day));
    }
    frame->show_page(app::MainFrame::Calibration);
    pump(120);
    BOOST_TEST(frame->calibration_page()->exercises().empty()); // the demo has none
    BOOST_TEST(
        frame->calibration_page()->empty_message().Contains("No calibration visits")); // says so

    // A branch opened now is of the new client and period.
    frame->show_page(app::MainFrame::Dashboard);
    BOOST_REQUIRE(click_category(dash()->branch_chart(), 0));
    pump(80);
    BOOST_TEST(page()->branch_view()->code() == dash()->model()->data().branches[0].code);
    BOOST_TEST(page()->branch_view()->figures().m.n == dash()->model()->data().branches[0].m.n);
}

BOOST_AUTO_TEST_CASE(training_view_and_record_dialog) {
    frame->show_page(app::MainFrame::Dashboard);
    pump(60);
    app::ViewFilter all = dash()->filter();
    all.from_day.reset(); // every training of the client
    dash()->set_filter(all);
    frame->show_page(app::MainFrame::Trainings);
    pump(150);
    app::TrainingView* view = frame->trainings_page();
    BOOST_REQUIRE(!view->rows().empty());
    BOOST_TEST(view->list()->GetItemCount() == static_cast<int>(view->rows().size()));
    BOOST_TEST(view->chart()->data().categories.size() == 2u);
    BOOST_TEST(view->verdict().Contains("Difference-in-differences"));
    shot("training");

    // Record a training through the dialog as a person fills it.
    const std::size_t before = view->rows().size();
    const auto names = app::org_names(*frame->store(), all.client);
    const std::string employee = names.employee.begin()->first;
    {
        app::TrainingDialog dlg(frame, *frame->store(), all.client);
        dlg.fill(forms::day_to_string(*all.to_day - 60), "Listening to the customer", "R. Coach",
                 {employee}, {app::behaviours(*frame->store()).front().id});
        const app::NewTraining t = dlg.value();
        BOOST_TEST(t.employees == std::vector<std::string>{employee});
        BOOST_TEST(t.title == "Listening to the customer");
        app::record_training(*frame->store(), t);
    }
    view->reload();
    BOOST_TEST(view->rows().size() == before + 1);
    BOOST_TEST(view->rows().back().training.trainer == "R. Coach");
}

BOOST_AUTO_TEST_CASE(chart_saves_a_png_in_the_palette) {
    frame->show_page(app::MainFrame::Dashboard);
    pump(80);
    app::Chart* chart = dash()->branch_chart();
    const std::string png = dir.path("branches.png");
    BOOST_REQUIRE(chart->save_png(app::wxs(png)));
    wxImage img(app::wxs(png), wxBITMAP_TYPE_PNG);
    BOOST_REQUIRE(img.IsOk());
    BOOST_TEST(img.GetWidth() >= 640);
    // The first (best) branch's bar is drawn in Okabe–Ito blue somewhere on the image.
    const wxColour blue = app::okabe_ito(0);
    bool found = false;
    for (int y = 0; y < img.GetHeight() && !found; ++y)
        for (int x = 0; x < img.GetWidth() && !found; ++x)
            found = img.GetRed(x, y) == blue.Red() && img.GetGreen(x, y) == blue.Green() &&
                    img.GetBlue(x, y) == blue.Blue();
    BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(report_dialog_writes_the_chosen_branches) {
    frame->show_page(app::MainFrame::Dashboard);
    pump(60);
    app::ReportDialog dlg(frame, *frame->store(), dash()->filter());
    dlg.SetSize(200, 120, 640, 600);
    dlg.Show();
    pump(60);
    // Two branches only, staff pseudonymised, not opened afterwards.
    wxCheckListBox* branches = dlg.branches();
    BOOST_REQUIRE(branches->GetCount() > 2u);
    for (unsigned i = 2; i < branches->GetCount(); ++i)
        branches->Check(i, false);
    dlg.pseudonymise()->SetValue(true);
    dlg.open_when_done()->SetValue(false);
    const std::string out = dir.path("client.xlsx");
    dlg.output()->SetPath(app::wxs(out));
    const app::ReportRequest r = dlg.request();
    BOOST_TEST(r.branches.size() == 2u);
    BOOST_TEST(r.pseudonymise_staff);
    BOOST_TEST(r.filter.client == dash()->filter().client);
    app::WxProgress progress(&dlg, "Writing the client report");
    BOOST_REQUIRE(dlg.run(progress));
    BOOST_TEST(std::filesystem::file_size(out) > 5000u);
    std::size_t want = 0;
    for (const app::RankRow& b : dash()->model()->data().branches)
        if (r.branches.count(b.code))
            want += b.m.n;
    BOOST_TEST(dlg.written() == want);

    // Every branch: the whole client (and a screenshot of the progress dialog half-way).
    for (unsigned i = 0; i < branches->GetCount(); ++i)
        branches->Check(i);
    BOOST_TEST(dlg.request().branches.empty());
    ShotProgress shooting(&dlg);
    BOOST_REQUIRE(dlg.run(shooting));
    BOOST_TEST(dlg.written() == dash()->model()->data().overall->m.n);
    dlg.Hide();
}

// Every chart of scores spans the whole 0–100 scale (none starts at 40 or 50, none stretches
// past 100), and a section that weighs 0 is not drawn as a score.
BOOST_AUTO_TEST_CASE(score_axes_span_0_to_100_and_unscored_sections_are_left_out) {
    auto check = [](const app::Chart* chart, const char* what) {
        BOOST_TEST_INFO_SCOPE(what);
        BOOST_REQUIRE(chart);
        BOOST_TEST(chart->data().min == 0.0);
        BOOST_TEST(chart->data().max == 100.0);
        for (const std::string& c : chart->data().categories)
            BOOST_TEST(c != "Visit scenario"); // branch-visit's section of weight 0
    };
    frame->show_page(app::MainFrame::Dashboard);
    pump(100);
    BOOST_REQUIRE(!dash()->section_chart()->data().categories.empty());
    check(dash()->branch_chart(), "dashboard branches");
    check(dash()->section_chart(), "dashboard sections");
    check(dash()->trend_chart(), "dashboard trend");
    BOOST_REQUIRE(click_category(dash()->branch_chart(), 0));
    pump(100);
    app::BranchView* branch = page()->branch_view();
    check(branch->staff_chart(), "branch staff");
    BOOST_REQUIRE(click_category(branch->staff_chart(), 0));
    pump(100);
    app::EmployeeView* card = page()->employee_view();
    BOOST_REQUIRE(!card->section_chart()->data().categories.empty());
    check(card->trend_chart(), "employee trend");
    check(card->section_chart(), "employee sections");
    for (const auto& s : card->figures().sections)
        BOOST_TEST(s.title != "Visit scenario");

    app::ViewFilter all = dash()->filter();
    all.from_day.reset();
    dash()->set_filter(all);
    frame->show_page(app::MainFrame::Trainings);
    pump(150);
    app::TrainingView* view = frame->trainings_page();
    BOOST_REQUIRE(!view->rows().empty());
    view->select(0);
    pump(50);
    check(view->chart(), "training");
}

BOOST_AUTO_TEST_SUITE_END()
