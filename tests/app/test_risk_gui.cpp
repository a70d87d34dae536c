// The review queue's integrity risk in the main window under Xvfb, on a SQLite file of demo data
// with the demo's planted doubtful visits: the Visits page filtered to submitted visits shows a
// Risk column, ordered by risk, highest first; each planted visit carries the signal it was made
// for in its tooltip and in the details line under the list; a visit with no signal says so and
// an approved one shows no risk; a click on a header orders again; a threshold changed in the
// Settings dialog changes the flags after the reload. With VS_SHOTS_DIR set the queue is
// photographed there (review_queue_risk.png).
#include "app/shell/main_frame.h"
#include "app/shell/settings_dialog.h"
#include "app/shell/ui_util.h"
#include "app/visits/visits_page.h"
#include "gui_support.h"
#include "layout_check.h"
#include "storage/demo_doubtful.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/textctrl.h>

using namespace vs;
using app::VisitListCtrl;
using app::VisitListSource;

namespace {

/// Saves what `w` shows as VS_SHOTS_DIR/NAME.png when that variable is set, read back from the
/// X server through a screen DC (this machine has no ImageMagick import; the first picture a
/// process takes this way is the fresh one, so the suite takes one).
void grab(const std::string& name, wxWindow* w) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    test::pump(300);
    w->Update();
    test::pump(100);
    const wxRect r = w->GetScreenRect();
    wxBitmap bmp(r.width, r.height, 24);
    {
        wxScreenDC screen;
        wxMemoryDC mem(bmp);
        mem.Blit(0, 0, r.width, r.height, &screen, r.x, r.y);
    }
    BOOST_TEST(bmp.SaveFile(app::wxs(std::string(dir) + "/" + name + ".png"), wxBITMAP_TYPE_PNG));
}

/// A click on a column's header.
void click_header(VisitListCtrl* view, int col) {
    wxListEvent e(wxEVT_LIST_COL_CLICK, view->GetId());
    e.SetEventObject(view);
    e.SetColumn(col);
    view->GetEventHandler()->ProcessEvent(e);
    test::pump(50);
}

int risk_at(VisitListCtrl* view, long row) {
    return std::stoi(app::u8(view->cell_text(row, VisitListCtrl::Risk)));
}

struct RiskFixture {
    test::TempDir dir;
    std::string db = dir.path("risk.db");
    std::vector<std::pair<std::string, std::string>> planted; // uuid, signal
    app::MainFrame* frame = nullptr;
    RiskFixture() {
        {
            storage::SqliteStore s(db);
            auto templates = test::fill_demo(s, 0);
            storage::DemoOptions o;
            o.visits = 1500;
            o.seed = 1;
            s.import_visits(storage::make_demo_data(templates, o).visits, "demo");
            planted = storage::add_demo_doubtful_visits(s, o);
        }
        frame = new app::MainFrame(db);
        frame->SetSize(1280, 800);
        frame->Show();
        test::pump(100);
    }
    ~RiskFixture() {
        if (frame)
            frame->Destroy();
        test::pump(50);
    }
    long row_of(const std::string& uuid) {
        auto id = frame->store()->visit_id_of(uuid);
        auto at = frame->visits_page()->source().index_of(*id);
        return at ? static_cast<long>(*at) : -1;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(risk_gui)

BOOST_FIXTURE_TEST_CASE(the_review_queue_shows_and_sorts_by_risk, RiskFixture) {
    BOOST_REQUIRE(planted.size() == 8u);
    app::VisitsPage* page = frame->visits_page();
    VisitListCtrl* view = page->view();
    frame->show_page(app::MainFrame::Visits);
    page->set_status_filter(forms::Status::Submitted);
    test::pump(200);
    BOOST_REQUIRE(view->GetColumnCount() == VisitListCtrl::Columns);
    wxListItem heading;
    heading.SetMask(wxLIST_MASK_TEXT);
    view->GetColumn(VisitListCtrl::Risk, heading);
    BOOST_TEST(app::u8(heading.GetText()) == "Risk");
    BOOST_TEST(view->GetColumnWidth(VisitListCtrl::Risk) >= view->GetTextExtent("Risk").x);

    // Ordered by risk, highest first.
    BOOST_TEST((page->source().sort() == VisitListSource::Sort::Risk));
    const long n = view->GetItemCount();
    BOOST_REQUIRE(n > 20);
    for (long row = 1; row < n; ++row)
        BOOST_TEST(risk_at(view, row - 1) >= risk_at(view, row));

    // The planted visits: flagged with their signal, in the tooltip and in the details line.
    std::set<long> planted_rows;
    for (const auto& [uuid, signal] : planted) {
        const long row = row_of(uuid);
        BOOST_REQUIRE(row >= 0);
        planted_rows.insert(row);
        BOOST_TEST(risk_at(view, row) > 0, uuid << " " << signal);
        const std::string label = app::signal_label(signal);
        BOOST_TEST(app::u8(view->risk_tip(row)).find(label) != std::string::npos, signal);
        page->select_visit(*frame->store()->visit_id_of(uuid));
        test::pump(20);
        BOOST_TEST(app::u8(page->risk_details()).find(label) != std::string::npos, signal);
        BOOST_TEST_MESSAGE("planted " << signal << " at row " << row + 1 << " of " << n << ", risk "
                                      << risk_at(view, row));
    }
    // The riskiest planted visit (a photo of another visit, +40) is as risky as the queue's top.
    BOOST_TEST(risk_at(view, row_of(planted.at(1).first)) == risk_at(view, 0));
    // A visit with no signal says so; it has risk 0 and is below every planted visit.
    const long last = n - 1;
    BOOST_TEST(risk_at(view, last) == 0);
    BOOST_TEST(app::u8(view->risk_tip(last)).find("no integrity signal") != std::string::npos);
    BOOST_TEST(*planted_rows.rbegin() < last);

    // The photograph: the queue with the riskiest visit selected and its signals below.
    view->SetItemState(0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                       wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    test::pump(50);
    BOOST_TEST(!page->risk_details().empty());
    for (const std::string& p : test::layout_problems(page))
        BOOST_TEST(false, "review queue: " << p);
    grab("review_queue_risk", frame);

    // A click on Risk turns the order round (lowest first); on Date, newest first.
    click_header(view, VisitListCtrl::Risk);
    BOOST_TEST(!page->source().sort_descending());
    BOOST_TEST(risk_at(view, 0) <= risk_at(view, n - 1));
    click_header(view, VisitListCtrl::Date);
    BOOST_TEST((page->source().sort() == VisitListSource::Sort::Date));
    BOOST_TEST(page->source().row(0)->visited_at >= page->source().row(n - 1)->visited_at);
    click_header(view, VisitListCtrl::Risk);
    BOOST_TEST(page->source().sort_descending());
    BOOST_TEST(risk_at(view, 0) >= risk_at(view, n - 1));

    // Every visit: an approved one shows no risk.
    page->set_status_filter(std::nullopt);
    test::pump(50);
    bool approved_seen = false;
    for (long row = 0; row < view->GetItemCount() && !approved_seen; ++row)
        if (page->source().row(static_cast<std::size_t>(row))->status == forms::Status::Approved) {
            approved_seen = true;
            BOOST_TEST(view->cell_text(row, VisitListCtrl::Risk).empty());
            BOOST_TEST(view->risk_tip(row).empty());
        }
    BOOST_TEST(approved_seen);
}

BOOST_FIXTURE_TEST_CASE(a_threshold_changed_in_settings_changes_the_flags, RiskFixture) {
    BOOST_REQUIRE(planted.size() == 8u);
    app::VisitsPage* page = frame->visits_page();
    frame->show_page(app::MainFrame::Visits);
    page->set_status_filter(forms::Status::Submitted);
    test::pump(100);
    const std::string& lenient_uuid = planted.back().first;
    BOOST_REQUIRE(planted.back().second == "lenient_shopper");
    const long before = row_of(lenient_uuid);
    BOOST_TEST(app::u8(page->view()->risk_tip(before)).find("Lenient shopper") !=
               std::string::npos);

    {
        app::SettingsDialog dlg(frame, *frame->store(), "tester");
        wxTextCtrl* t = dlg.threshold_box("integrity.lenient_t");
        BOOST_REQUIRE(t);
        BOOST_TEST(app::u8(t->GetValue()) == "3"); // the default shown
        // A bad value is refused, naming the threshold; nothing is stored.
        t->SetValue("lots");
        BOOST_TEST(!dlg.apply());
        BOOST_TEST(dlg.problem().Contains("Shopper leniency"));
        BOOST_TEST(dlg.problem().Contains("lots"));
        BOOST_TEST(frame->store()->setting("integrity.lenient_t", "").empty());
        // A stricter one is stored.
        t->SetValue("50");
        BOOST_TEST(dlg.apply());
        BOOST_TEST(frame->store()->setting("integrity.lenient_t", "") == "50");
    }
    // As Tools ▸ Settings does after OK: the queue reloads with the new threshold.
    page->reload();
    test::pump(50);
    const long after = row_of(lenient_uuid);
    BOOST_TEST(app::u8(page->view()->risk_tip(after)).find("Lenient shopper") == std::string::npos);
    BOOST_TEST(after > before); // lower risk, further down
}

BOOST_AUTO_TEST_SUITE_END()
