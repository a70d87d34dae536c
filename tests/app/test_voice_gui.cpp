// Customer voice in the app under Xvfb on a real SQLite file (demo mystery visits and survey
// responses stored through the import, tests/app/voice_fixture.h): the dashboard's Customers'
// NPS tile says the NPS the test counts from the ratings it stored, with n; the branch page lists
// the branch's months and the whole period beside its mystery-shop score; the Customer voice page
// is in the page list, lists the drivers by r, draws the selected driver's branches (those below
// the thresholds hollow, the line with r), follows Down on the list (a real key press) and the
// threshold control, and keeps the caveat in view. Layout checked; with VS_SHOTS_DIR set, the
// tile, the branch page and the Customer voice page are photographed.
#include "app/insights/branch_view.h"
#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/scatter_chart.h"
#include "app/insights/voice_view.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "gui_support.h"
#include "layout_check.h"
#include "screen_grab.h"
#include "voice_fixture.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <memory>
#include <wx/choice.h>
#include <wx/dcmemory.h>
#include <wx/graphics.h>
#include <wx/listctrl.h>
#include <wx/spinctrl.h>
#include <wx/uiaction.h>

using namespace vs;
using test::pump;

namespace {

struct VoiceFixture {
    test::VoiceDb db{900};
    app::MainFrame* frame = nullptr;
    VoiceFixture() {
        frame = new app::MainFrame(db.path);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
    }
    ~VoiceFixture() {
        frame->Destroy();
        pump(50);
    }
};

/// Moves the pointer off the pages (no tooltip in the photographs).
void park_pointer() {
    wxUIActionSimulator().MouseMove(wxPoint(1275, 5));
    pump(100);
}

void no_layout_problems(wxWindow* w) {
    for (const std::string& p : test::layout_problems(w))
        BOOST_TEST_ERROR(p);
}

/// The scatter chart as drawn is legible: the y axis' caption whole (its lines are the caption's
/// words, none cut) inside the chart's height; the labels drawn inside the plot's width, clear
/// of each other and of every point; each point with a label either labelled or named in the
/// legend's note of unlabelled points, which lies above the plot. Returns how many are unlabelled.
std::size_t legible(const app::ScatterData& d, const app::ScatterGeometry& g, wxSize size) {
    std::string caption;
    for (const std::string& l : g.y_caption_lines)
        caption += (caption.empty() ? "" : " ") + l;
    BOOST_TEST(caption == d.y_label);
    for (const wxRect& r : g.y_caption)
        BOOST_TEST((r.y >= 0 && r.GetBottom() < size.y && r.GetRight() < g.plot.x));
    BOOST_TEST_REQUIRE(g.labels.size() == d.points.size());
    std::vector<wxRect> dots;
    for (const wxPoint& c : g.points)
        dots.emplace_back(c.x - 4, c.y - 4, 9, 9);
    std::string note;
    for (const std::string& l : g.note_lines)
        note += l + " ";
    for (std::size_t i = 0; i < d.points.size(); ++i) {
        BOOST_TEST_INFO_SCOPE("point " << d.points[i].label);
        const bool unlabelled =
            std::find(g.unlabelled.begin(), g.unlabelled.end(), i) != g.unlabelled.end();
        BOOST_TEST(g.labels[i].has_value() != unlabelled);
        if (unlabelled)
            BOOST_TEST(note.find(d.points[i].label) != std::string::npos, note);
        if (!g.labels[i])
            continue;
        const wxRect& r = *g.labels[i];
        BOOST_TEST((r.x > g.plot.x && r.GetRight() < size.x && r.y >= g.plot.y - 2 &&
                    r.GetBottom() <= g.plot.GetBottom() + 2));
        for (std::size_t j = 0; j < d.points.size(); ++j) {
            BOOST_TEST(!r.Intersects(dots[j]),
                       "the label of " << d.points[i].label << " covers " << d.points[j].label);
            if (j != i && g.labels[j])
                BOOST_TEST(!r.Intersects(*g.labels[j]),
                           d.points[i].label << " runs into " << d.points[j].label);
        }
    }
    BOOST_TEST(g.note.empty() == g.unlabelled.empty());
    for (const wxRect& r : g.note)
        BOOST_TEST(r.GetBottom() < g.plot.y);
    return g.unlabelled.size();
}

/// `d` drawn at `size` into a bitmap; where its parts went.
app::ScatterGeometry drawn(const app::ScatterData& d, wxSize size) {
    app::ScatterGeometry g;
    wxBitmap bmp(size, 32);
    wxMemoryDC dc(bmp);
    std::unique_ptr<wxGraphicsContext> gc{wxGraphicsContext::Create(dc)};
    BOOST_TEST_REQUIRE(gc);
    app::draw_scatter(*gc, d, size.x, size.y, &g);
    gc.reset();
    dc.SelectObject(wxNullBitmap);
    return g;
}

} // namespace

BOOST_AUTO_TEST_SUITE(voice_gui)

BOOST_FIXTURE_TEST_CASE(the_tile_and_the_branch_page, VoiceFixture) {
    frame->show_page(app::MainFrame::Dashboard);
    pump(300);
    app::DashboardView* dash = frame->dashboard_page()->dashboard();
    BOOST_TEST_REQUIRE(dash->filter().client == db.filter.client);
    dash->set_filter(db.filter);
    pump(200);
    std::vector<int> all;
    for (const auto& [b, r] : db.ratings)
        all.insert(all.end(), r.begin(), r.end());
    const std::string nps = app::fmt_nps(test::nps_of(all));
    BOOST_TEST(app::u8(dash->voice_tile()->value()) == nps);
    BOOST_TEST(dash->voice().responses == db.responses);
    BOOST_TEST(dash->voice().nps.n == all.size());
    no_layout_problems(frame);
    park_pointer();
    test::grab("voice-dashboard-tile", frame);
    frame->SetSize(0, 0, 1024, 640);
    pump(300);
    no_layout_problems(frame);
    park_pointer();
    test::grab("voice-dashboard-tile-1024x640", frame);
    frame->SetSize(0, 0, 1280, 800);
    pump(200);

    // The branch page: its months, then the whole period, NPS and the mystery-shop score.
    const auto& [branch, ratings] = *std::next(db.ratings.begin());
    frame->dashboard_page()->open_branch(branch);
    pump(300);
    app::BranchView* view = frame->dashboard_page()->branch_view();
    const auto& rows = view->voice_rows();
    BOOST_TEST_REQUIRE(rows.size() >= 2u);
    wxListCtrl* list = view->voice_list();
    BOOST_TEST(list->GetItemCount() == static_cast<int>(rows.size()));
    BOOST_TEST(app::u8(list->GetItemText(0, 0)) == "Whole period");
    BOOST_TEST(app::u8(list->GetItemText(0, 1)) == app::fmt_nps(test::nps_of(ratings)));
    BOOST_TEST(app::u8(list->GetItemText(0, 5)) == std::to_string(ratings.size()));
    BOOST_TEST(app::u8(list->GetItemText(0, 8)) == app::fmt1(db.mean.at(branch)));
    BOOST_TEST(app::u8(list->GetItemText(1, 0)) == rows[1].period);
    no_layout_problems(frame);
    // Scrolled to the customer voice for the photograph.
    view->Scroll(0, view->GetVirtualSize().y);
    pump(100);
    park_pointer();
    test::grab("voice-branch-page", frame);

    // A branch with no survey responses says so.
    std::string quiet;
    for (const auto& [code, n] : db.n)
        if (!db.ratings.count(code))
            quiet = code;
    if (!quiet.empty()) {
        frame->dashboard_page()->open_branch(quiet);
        pump(200);
        BOOST_TEST(app::u8(view->voice_list()->GetItemText(0, 0)) ==
                   "No survey responses for this branch in this period");
    }
}

BOOST_FIXTURE_TEST_CASE(the_drivers_page, VoiceFixture) {
    const auto& pages = frame->nav_pages();
    BOOST_TEST((std::find(pages.begin(), pages.end(), app::MainFrame::Voice) != pages.end()));
    frame->show_page(app::MainFrame::Voice);
    pump(400);
    app::VoiceView* view = frame->voice_page();
    BOOST_TEST_REQUIRE(view->IsShownOnScreen());
    const app::Drivers& d = view->drivers();
    BOOST_TEST_REQUIRE(d.rows.size() >= 2u);
    BOOST_TEST(d.responses == db.responses);
    BOOST_TEST(view->list()->GetItemCount() == static_cast<int>(d.rows.size()));
    // The controls start at the settings' defaults.
    BOOST_TEST(view->measure()->GetSelection() == 0);
    BOOST_TEST(view->min_responses()->GetValue() == 10);
    BOOST_TEST(view->min_n()->GetValue() == 3);
    // The caveat, always in view.
    BOOST_TEST(view->caveat()->IsShownOnScreen());
    BOOST_TEST(app::u8(view->caveat()->text()) == services::kVoiceCaveat);
    BOOST_TEST(test::inside(view->caveat(), view));

    // The visit score's driver, chosen by its row.
    std::size_t visit = 0;
    for (std::size_t i = 0; i < d.rows.size(); ++i)
        if (d.rows[i].driver.visit)
            visit = i;
    view->list()->SetItemState(static_cast<long>(visit), wxLIST_STATE_SELECTED,
                               wxLIST_STATE_SELECTED);
    pump(300);
    BOOST_TEST_REQUIRE(view->selected() == visit);
    const app::DriverRow& row = d.rows[visit];
    BOOST_TEST_REQUIRE(row.driver.r.has_value());
    BOOST_TEST(app::u8(view->list()->GetItemText(static_cast<long>(visit), 2)) ==
               app::fmt_r(row.driver.r));
    const app::ScatterData& data = view->chart()->data();
    BOOST_TEST_REQUIRE(data.points.size() == db.ratings.size()); // every branch with responses
    std::size_t hollow = 0;
    for (const app::ScatterPoint& p : data.points) {
        BOOST_TEST_INFO_SCOPE(p.label);
        BOOST_TEST(p.muted == (db.ratings.at(p.label).size() < 10 || db.n.at(p.label) < 3));
        BOOST_TEST(p.y == test::nps_of(db.ratings.at(p.label)), boost::test_tools::tolerance(1e-9));
        BOOST_TEST(p.x == db.mean.at(p.label), boost::test_tools::tolerance(1e-9));
        hollow += p.muted ? 1 : 0;
    }
    BOOST_TEST(hollow > 0u);
    BOOST_TEST(data.line.has_value());
    // Drawn: a point per branch inside the plot, the line, the legend of both kinds of point.
    const app::ScatterGeometry& g = view->chart()->geometry();
    BOOST_TEST_REQUIRE(g.points.size() == data.points.size());
    for (const wxPoint& p : g.points)
        BOOST_TEST(wxRect(g.plot).Inflate(1).Contains(p));
    BOOST_TEST(g.line.has_value());
    BOOST_TEST(g.legend.size() == 3u);
    const std::string detail = app::u8(view->detail());
    BOOST_TEST(detail.find("r = " + app::fmt_r(row.driver.r)) != std::string::npos, detail);
    BOOST_TEST(detail.find("drawn hollow") != std::string::npos, detail);
    legible(data, g, view->chart()->GetClientSize());
    no_layout_problems(frame);
    park_pointer();
    test::grab("voice-drivers-page", frame);

    // Keyboard: Down on the list shows the next driver (a real key press).
    const std::size_t first = visit + 1 < d.rows.size() ? visit : visit - 1;
    view->list()->SetFocus();
    view->list()->SetItemState(static_cast<long>(first),
                               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    pump(100);
    wxUIActionSimulator sim;
    sim.MouseMove(view->list()->GetScreenRect().GetBottomRight() - wxPoint(20, 20));
    pump(100);
    sim.Char(WXK_DOWN);
    pump(300);
    BOOST_TEST(view->selected() == first + 1);
    BOOST_TEST(view->chart()->data().title.rfind(d.rows[first + 1].title, 0) == 0u,
               view->chart()->data().title);

    // A threshold no branch meets: no r anywhere, every point hollow, no line, and why.
    view->min_responses()->SetValue(1000);
    wxSpinEvent spin(wxEVT_SPINCTRL, view->min_responses()->GetId());
    spin.SetEventObject(view->min_responses());
    view->min_responses()->ProcessWindowEvent(spin);
    pump(300);
    for (const app::DriverRow& r : view->drivers().rows)
        BOOST_TEST(!r.driver.r.has_value());
    BOOST_TEST(app::u8(view->list()->GetItemText(0, 6)) == "fewer than 4 branches (k = 0)");
    for (const app::ScatterPoint& p : view->chart()->data().points)
        BOOST_TEST(p.muted);
    BOOST_TEST(!view->chart()->data().line.has_value());
    BOOST_TEST(view->caveat()->IsShownOnScreen());
    park_pointer();
    test::grab("voice-drivers-no-r", frame);

    // The survey score instead of NPS, with the default threshold again.
    view->min_responses()->SetValue(10);
    view->min_responses()->ProcessWindowEvent(spin);
    view->measure()->SetSelection(1);
    wxCommandEvent choice(wxEVT_CHOICE, view->measure()->GetId());
    choice.SetEventObject(view->measure());
    view->measure()->ProcessWindowEvent(choice);
    pump(300);
    BOOST_TEST((view->drivers().options.measure == scoring::VoiceMeasure::Score));
    BOOST_TEST(view->chart()->data().y_floor == 0);
    no_layout_problems(frame);

    // On a small screen too: nothing cut, the caveat still in view.
    frame->SetSize(0, 0, 1024, 640);
    pump(300);
    no_layout_problems(frame);
    BOOST_TEST(view->caveat()->IsShownOnScreen());
    view->chart()->Update();
    legible(view->chart()->data(), view->chart()->geometry(), view->chart()->GetClientSize());
    park_pointer();
    test::grab("voice-drivers-page-1024x640", frame);
    // The page scrolls rather than squeezing the chart: the chart keeps its full minimum height,
    // and scrolled down, the chart and the whole explanation beside it are in view.
    BOOST_TEST(view->GetVirtualSize().y > view->GetClientSize().y);
    BOOST_TEST(view->chart()->GetClientSize().y >= 300);
    view->Scroll(0, view->GetVirtualSize().y);
    pump(200);
    const wxRect seen(wxPoint(0, 0), view->GetClientSize());
    BOOST_TEST(seen.Contains(view->chart()->GetRect()));
    BOOST_TEST(seen.Contains(view->detail_text()->GetRect()));
    BOOST_TEST(view->detail_text()->GetSize().y >= view->detail_text()->GetBestSize().y);
    BOOST_TEST(view->detail_text()->GetLabel().Contains("drawn hollow"));
    const wxString last =
        app::wxs(app::u8(view->detail()).substr(app::u8(view->detail()).size() - 8));
    BOOST_TEST(view->detail_text()->GetLabel().EndsWith(last));
    park_pointer();
    test::grab("voice-drivers-page-1024x640-scrolled", frame);
}

// Crowded points: labels that would run into each other are nudged a line up or down, clear of
// every label and point; where there is no room at all, the legend names the points it left
// unlabelled. The caption of the y axis wraps rather than being cut, at the page's sizes and in a
// small chart.
BOOST_AUTO_TEST_CASE(crowded_labels_are_nudged_or_named) {
    app::ScatterData d;
    d.title = "Closing: survey score against mystery-shop score";
    d.x_label = "mystery-shop score (Closing)";
    d.y_label = "survey score of the branch's customers";
    d.x_floor = 0;
    d.y_floor = 0;
    d.point_legend = "branch taking part";
    d.muted_legend = "below the thresholds";
    // Two pairs close together (BTN01 and LDS02 as on the page at 1024x640), and a cluster.
    d.points = {{"BTN01", 76.2, 50, false}, {"LDS02", 78.9, 50, false},
                {"LEI01", 89, 53, false},   {"MAN01", 93.6, 52.6, false},
                {"LON01", 86, 50, true},    {"YRK01", 91.3, 50, true}};
    for (const wxSize size : {wxSize(490, 300), wxSize(440, 260), wxSize(640, 400)}) {
        BOOST_TEST_INFO_SCOPE(size.x << "x" << size.y);
        const app::ScatterGeometry g = drawn(d, size);
        BOOST_TEST(legible(d, g, size) == 0u);
        // BTN01's and LDS02's labels would overlap level with their points: one of them moved.
        BOOST_TEST_REQUIRE((g.labels[0] && g.labels[1]));
        BOOST_TEST(!g.labels[0]->Intersects(*g.labels[1]));
        BOOST_TEST(g.y_caption_lines.size() >= 1u);
    }
    // Twelve branches on one spot: not all can be labelled near it; the rest are named.
    app::ScatterData crowd = d;
    crowd.points.clear();
    for (int i = 0; i < 12; ++i)
        crowd.points.push_back(
            {"B" + std::to_string(10 + i), 80 + (i % 2) * 0.2, 50 + (i % 3) * 0.1, false});
    crowd.points.push_back({"FAR01", 40, 90, false});
    const app::ScatterGeometry g = drawn(crowd, wxSize(440, 260));
    BOOST_TEST(legible(crowd, g, wxSize(440, 260)) > 0u);
    BOOST_TEST(g.labels.back().has_value()); // the lone point keeps its label
    BOOST_TEST(g.note_lines.front().rfind("Not labelled (no room): ", 0) == 0u);
    if (const char* dir = std::getenv("VS_SHOTS_DIR"))
        app::render_scatter(crowd, wxSize(440, 260))
            .SaveFile(wxString::FromUTF8(dir) + "/voice-scatter-crowded.png", wxBITMAP_TYPE_PNG);
    // At the chart's least size the caption is too long for one line: it wraps, every word drawn.
    const app::ScatterGeometry small = drawn(d, wxSize(320, 260));
    BOOST_TEST(small.y_caption_lines.size() >= 2u);
    legible(d, small, wxSize(320, 260));
}

BOOST_AUTO_TEST_SUITE_END()
