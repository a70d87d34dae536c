// Opening a database whose scores older scoring rules made: the app asks first, and on yes
// rescores them (the one whose stored score moved gets an audit entry, the status bar says what
// happened); on no, nothing is written.
#include "app/shell/main_frame.h"
#include "gui_support.h"
#include "scoring/visit_score.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Database.h>
#include <boost/test/unit_test.hpp>
#include <wx/statusbr.h>

using namespace vs;
using test::pump;

namespace {

/// 30 demo visits marked as scored by rules version 1, one of them with another score.
struct LegacyFile {
    test::TempDir dir;
    std::string db = dir.path("legacy.db");
    LegacyFile() {
        {
            storage::SqliteStore s(db);
            test::fill_demo(s, 30);
        }
        // What older rules left behind: written with SQL of its own, as no role writes it.
        SQLite::Database raw(db, SQLite::OPEN_READWRITE);
        raw.exec("UPDATE visits SET scoring_rules = 1");
        raw.exec("UPDATE visits SET score = 1.5 WHERE id = (SELECT min(id) FROM visits "
                 "WHERE score IS NOT NULL AND score <> 1.5)");
    }
    long long count(const std::string& sql) const {
        SQLite::Database d(db);
        return d.execAndGet(sql).getInt64();
    }
};

/// Opens `db` in a new main window whose rescore question answers `yes`; returns how many
/// visits it was asked about (0: not asked) and the status bar's first field.
std::pair<std::size_t, wxString> open_answering(const std::string& db, bool yes) {
    auto* frame = new app::MainFrame("");
    std::size_t asked = 0;
    frame->confirm_rescore = [&](std::size_t visits) {
        asked = visits;
        return yes;
    };
    frame->SetSize(0, 0, 1280, 800);
    frame->Show();
    pump(50);
    BOOST_TEST(frame->open_database(db));
    pump(50);
    const wxString status = frame->GetStatusBar()->GetStatusText(0);
    frame->Destroy();
    pump(50);
    return {asked, status};
}

} // namespace

BOOST_AUTO_TEST_SUITE(rescore_gui)

BOOST_AUTO_TEST_CASE(no_keeps_the_old_scores_and_writes_nothing) {
    LegacyFile f;
    const auto [asked, status] = open_answering(f.db, false);
    BOOST_TEST(asked == 30u);
    BOOST_TEST(status.empty(), status.ToStdString());
    BOOST_TEST(f.count("SELECT count(*) FROM visits WHERE scoring_rules = 1") == 30);
    BOOST_TEST(f.count("SELECT count(*) FROM visits WHERE score = 1.5") == 1);
    BOOST_TEST(f.count("SELECT count(*) FROM audit_log") == 0);
}

BOOST_AUTO_TEST_CASE(yes_rescores_with_an_audit_entry_per_moved_score_and_asks_no_more) {
    LegacyFile f;
    const auto [asked, status] = open_answering(f.db, true);
    BOOST_TEST(asked == 30u);
    BOOST_TEST(status.ToStdString() == "Rescored 30 visits with scoring rules " +
                                           std::to_string(scoring::kRulesVersion) +
                                           ": 1 moved (see the audit log)");
    BOOST_TEST(f.count("SELECT count(*) FROM visits WHERE scoring_rules = " +
                       std::to_string(scoring::kRulesVersion)) == 30);
    BOOST_TEST(f.count("SELECT count(*) FROM visits WHERE score = 1.5") == 0);
    BOOST_TEST(f.count("SELECT count(*) FROM audit_log WHERE action = 'rescore'") == 1);
    // Opened again: every score is current, nothing to ask.
    const auto [again, quiet] = open_answering(f.db, true);
    BOOST_TEST(again == 0u);
    BOOST_TEST(quiet.empty(), quiet.ToStdString());
}

BOOST_AUTO_TEST_SUITE_END()
