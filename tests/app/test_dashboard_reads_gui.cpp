// What the dashboard reads, under Xvfb on a real SQLite file (demo mystery visits and survey
// responses, tests/app/voice_fixture.h) behind a store that counts the fact reads
// (counting_store.h): the first load reads the client's mystery visits once (the dashboard's
// facts of every day, which the customer voice tile shares) and its survey responses once; a
// change of period or measure reads nothing; opening a branch reads only the branch view's own
// visits of the period; the Customer voice page, following the dashboard, reads nothing either;
// something stored reads both again, once. Every time the tile, the branch's voice rows and the
// page's response count equal what services::read_voice_facts gives for that period on the same
// file. With VS_SHOTS_DIR set the dashboard is photographed.
#include "app/insights/branch_view.h"
#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/voice_view.h"
#include "counting_store.h"
#include "gui_support.h"
#include "screen_grab.h"
#include "voice_fixture.h"

#include <boost/test/unit_test.hpp>
#include <wx/frame.h>
#include <wx/simplebook.h>
#include <wx/uiaction.h>

using namespace vs;
using test::pump;

namespace {

struct ReadsFixture {
    test::VoiceDb db{900};
    std::unique_ptr<storage::Store> real = storage::open_sqlite(db.path);
    storage::testing::CountingStore store{*real};
    wxFrame* frame = nullptr;
    wxSimplebook* book = nullptr;
    app::DashboardPage* page = nullptr;
    app::VoiceView* voice = nullptr;

    ReadsFixture() {
        frame = new wxFrame(nullptr, wxID_ANY, "dashboard reads", wxPoint(0, 0), wxSize(1280, 800));
        book = new wxSimplebook(frame);
        page = new app::DashboardPage(book);
        voice = new app::VoiceView(book);
        book->AddPage(page, "Dashboard");
        book->AddPage(voice, "Customer voice");
        // As the main window wires them: the page takes the dashboard's visits when current.
        voice->shared_facts = [this](const app::ViewFilter& f) {
            return page->dashboard()->voice_facts_of(f);
        };
        frame->Show();
        pump(100);
    }
    ~ReadsFixture() {
        frame->Destroy();
        pump(50);
    }

    /// The tile against the service's figures for the dashboard's period on the same file.
    void tile_is_the_services() {
        const app::ViewFilter& f = page->dashboard()->filter();
        BOOST_TEST_INFO_SCOPE(f.describe());
        test::same_voice_row(
            page->dashboard()->voice(),
            app::voice_summary(services::read_voice_facts(*real, app::voice_query(f))));
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(dashboard_reads_gui, ReadsFixture)

BOOST_AUTO_TEST_CASE(the_tile_shares_the_dashboards_visits_and_a_period_change_reads_nothing) {
    voice->set_store(&store);
    page->set_store(&store); // on screen: loads the busiest client's last 12 months
    pump(200);
    app::DashboardView* dash = page->dashboard();
    BOOST_TEST_REQUIRE(dash->filter().client == db.filter.client);
    BOOST_TEST(store.mystery_reads() == 1u); // the dashboard's facts, the tile's too
    BOOST_TEST(store.survey_reads() == 1u);  // the client's responses, every day
    BOOST_TEST(dash->voice().responses == db.responses);
    tile_is_the_services();
    wxUIActionSimulator().MouseMove(wxPoint(1275, 795)); // no pointer in the photograph
    pump(100);
    test::grab("dashboard-reads", frame);

    // Other periods and the raw measure: figured from the facts in memory.
    store.reset();
    const app::ViewFilter year = dash->filter();
    for (int months : {3, 1, 0}) {
        app::ViewFilter f = year;
        if (months)
            f.from_day = *f.to_day - 30 * months;
        else
            f.from_day = f.to_day = std::nullopt; // all time
        dash->set_filter(f);
        pump(50);
        tile_is_the_services();
    }
    app::ViewFilter raw = year;
    raw.use_raw = true;
    raw.from_day = *raw.to_day - 45;
    dash->set_filter(raw);
    pump(50);
    tile_is_the_services();
    BOOST_TEST(dash->voice().responses > 0u);
    BOOST_TEST(dash->voice().responses < db.responses); // the last 45 of 90 days
    BOOST_TEST(store.mystery_reads() == 0u);
    BOOST_TEST(store.survey_reads() == 0u);

    // A branch: its own visits of the period (with their questions), its voice from them and
    // the dashboard's responses.
    dash->set_filter(year);
    store.reset();
    const std::string code = std::next(db.ratings.begin())->first;
    page->open_branch(code);
    pump(100);
    BOOST_TEST(store.mystery_reads() == 1u);
    BOOST_TEST(store.survey_reads() == 0u);
    const auto expected =
        app::branch_voice_months(services::read_voice_facts(*real, app::voice_query(year)), code);
    const auto& rows = page->branch_view()->voice_rows();
    BOOST_TEST_REQUIRE(rows.size() == expected.size());
    BOOST_TEST(rows.size() >= 2u);
    for (std::size_t i = 0; i < rows.size(); ++i)
        test::same_voice_row(rows[i], expected[i]);

    // The Customer voice page following the dashboard: nothing read.
    store.reset();
    book->ChangeSelection(1);
    voice->set_filter(year);
    voice->reload();
    pump(100);
    BOOST_TEST(store.mystery_reads() == 0u);
    BOOST_TEST(store.survey_reads() == 0u);
    BOOST_TEST(voice->drivers().responses == db.responses);

    // Something stored: the dashboard reads both again, once; the page then nothing.
    forms::Visit v;
    v.uuid = "survey-late";
    v.template_id = "voice-test-survey";
    v.template_version = 1;
    v.client = year.client;
    v.branch = code;
    v.visited_at = forms::day_to_string(*year.to_day) + "T09:00:00";
    v.status = forms::Status::Approved;
    v.answers = {{"recommend", 10}, {"resolved", "yes"}};
    real->import_visits({v}, "late.json");
    store.reset();
    book->ChangeSelection(0);
    page->data_changed(); // on screen: read again now
    pump(100);
    BOOST_TEST(store.mystery_reads() == 1u);
    BOOST_TEST(store.survey_reads() == 1u);
    BOOST_TEST(dash->voice().responses == db.responses + 1);
    tile_is_the_services();
    voice->reload();
    BOOST_TEST(store.mystery_reads() == 1u);
    BOOST_TEST(store.survey_reads() == 1u);
    BOOST_TEST(voice->drivers().responses == db.responses + 1);
}

BOOST_AUTO_TEST_SUITE_END()
