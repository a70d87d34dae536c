// The review workflow in the real main window under Xvfb: Exclude asks first and can be
// reopened with a reason; the Approve button refuses (and says why) when the person at the desk
// submitted the visit, until Tools ▸ Settings allows self-approval; who is working is asked once
// per database; a new database offers the bundled scorecards; Tools ▸ Audit log lists and
// filters the entries of all visits. With VS_SHOTS_DIR set it saves screenshots.
#include "app/shell/main_frame.h"
#include "app/shell/settings_dialog.h"
#include "app/shell/ui_util.h"
#include "app/visits/audit_log_frame.h"
#include "app/visits/visit_page.h"
#include "gui_support.h"
#include "services/review.h"
#include "services/review_rules.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/textctrl.h>

using namespace vs;
using forms::Status;
using test::pump;

namespace {

wxButton* find_button(wxWindow* w, const wxString& label) {
    for (wxWindow* c : w->GetChildren()) {
        if (auto* b = dynamic_cast<wxButton*>(c); b && b->GetLabel() == label)
            return b;
        if (wxButton* b = find_button(c, label))
            return b;
    }
    return nullptr;
}

void click(wxButton* b) {
    wxCommandEvent e(wxEVT_BUTTON, b->GetId());
    e.SetEventObject(b);
    b->ProcessWindowEvent(e);
    pump(50);
}

void shot(const std::string& name) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(300);
    const std::string cmd = "import -window root '" + std::string(dir) + "/" + name + ".png'";
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}

struct ReviewFixture : test::FrameFixture {
    ReviewFixture() { frame->Move(0, 0); }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(review_gui, ReviewFixture)

BOOST_AUTO_TEST_CASE(exclude_asks_first_and_reopen_takes_a_reason) {
    storage::Store& store = *frame->store();
    auto ids = store.visit_ids(test::with_status(Status::Submitted));
    BOOST_REQUIRE(!ids.empty());
    frame->open_visit(ids[0]);
    app::VisitPage* page = frame->visit_page();
    int asked = 0;
    page->confirm = [&](const wxString&, const wxString& message) {
        ++asked;
        BOOST_TEST(message.Contains("recognised by the staff"));
        return false; // "No"
    };
    BOOST_TEST(!page->exclude("recognised by the staff"));
    BOOST_TEST(asked == 1);
    BOOST_TEST((store.load_visit(ids[0]).visit.status == Status::Submitted));
    BOOST_TEST(store.audit_log(ids[0]).empty());

    page->confirm = [&](const wxString&, const wxString&) { return ++asked, true; };
    BOOST_TEST(page->exclude("recognised by the staff"));
    BOOST_TEST(asked == 2);
    BOOST_TEST((store.load_visit(ids[0]).visit.status == Status::Excluded));

    // Reopen: the button is there for an excluded visit; cancelling the reason does nothing.
    wxButton* reopen = find_button(page, "Reopen…");
    BOOST_REQUIRE(reopen);
    BOOST_TEST(reopen->IsShown());
    page->prompt = [](const wxString&, const wxString&) { return std::optional<std::string>(); };
    click(reopen);
    BOOST_TEST((store.load_visit(ids[0]).visit.status == Status::Excluded));
    page->prompt = [](const wxString&, const wxString&) {
        return std::optional<std::string>("excluded the wrong visit");
    };
    click(reopen);
    BOOST_TEST((store.load_visit(ids[0]).visit.status == Status::Submitted));
    auto rows = page->audit_rows();
    BOOST_REQUIRE_EQUAL(rows.size(), 2u);
    BOOST_TEST(rows[1][1] == app::wxs(frame->who()));
    BOOST_TEST(rows[1][3] == "excluded → submitted");
    BOOST_TEST(rows[1][4] == "excluded the wrong visit");
    BOOST_TEST(!find_button(page, "Reopen…")->IsShown()); // submitted: the review bar instead
}

BOOST_AUTO_TEST_CASE(approve_button_refuses_self_approval_and_settings_allow_it) {
    storage::Store& store = *frame->store();
    auto ids = store.visit_ids(test::with_status(Status::Submitted));
    BOOST_REQUIRE(!ids.empty());
    const std::int64_t id = ids[0];
    // The person at this desk submitted it (after a return by someone else).
    services::return_visit(store, id, "Rita Reviewer", "add the wait time");
    services::submit(store, id, frame->who());
    frame->open_visit(id);
    app::VisitPage* page = frame->visit_page();
    wxButton* approve = find_button(page, "Approve");
    BOOST_REQUIRE(approve);
    BOOST_TEST(approve->IsShownOnScreen());
    BOOST_TEST(approve->GetToolTipText().Contains("another reviewer approves it"));
    click(approve);
    BOOST_TEST((store.load_visit(id).visit.status == Status::Submitted));
    BOOST_TEST(page->message().Contains("submitted this visit, so another reviewer approves it"));
    BOOST_TEST(page->message().Contains("Settings"));
    shot("review-self-approval-refused");

    // Tools ▸ Settings: an empty name is refused by name; self-approval ticked is stored.
    {
        app::SettingsDialog dlg(frame, store, frame->who());
        BOOST_TEST(!dlg.self_approval_box()->GetValue());
        dlg.name_box()->ChangeValue("  ");
        BOOST_TEST(!dlg.apply());
        BOOST_TEST(dlg.problem().StartsWith("Your name"));
        BOOST_TEST(store.setting(services::kAllowSelfApproval, "") == "");
        dlg.name_box()->ChangeValue(app::wxs(frame->who()));
        dlg.self_approval_box()->SetValue(true);
        if (std::getenv("VS_SHOTS_DIR")) {
            dlg.Show();
            dlg.Move(300, 200);
            shot("review-settings");
            dlg.Hide();
        }
        BOOST_TEST(dlg.apply());
    }
    BOOST_TEST(store.setting(services::kAllowSelfApproval, "") == "true");
    click(approve);
    BOOST_TEST((store.load_visit(id).visit.status == Status::Approved));
    auto rows = page->audit_rows();
    BOOST_REQUIRE(!rows.empty());
    BOOST_TEST(rows.back()[3] == "submitted → approved");
    BOOST_TEST(rows.back()[4] == services::kSelfApprovalMark);
}

BOOST_AUTO_TEST_CASE(who_is_asked_once_per_database_and_new_database_has_scorecards) {
    int asked = 0;
    frame->ask_who = [&](const std::string& suggestion) {
        ++asked;
        BOOST_TEST(!suggestion.empty()); // the login name
        return std::optional<std::string>("Pat Reviewer");
    };
    const std::string db = frame->database_path();
    BOOST_TEST(frame->open_database(db));
    BOOST_TEST(asked == 1);
    BOOST_TEST(frame->who() == "Pat Reviewer");
    BOOST_TEST(frame->store()->setting(services::kUserSetting, "") == "Pat Reviewer");
    BOOST_TEST(frame->open_database(db));
    BOOST_TEST(asked == 1); // remembered in the database

    // The audit log records the name.
    auto ids = frame->store()->visit_ids(test::with_status(Status::Submitted));
    frame->open_visit(ids.at(0));
    frame->visit_page()->confirm = [](const wxString&, const wxString&) { return true; };
    BOOST_TEST(frame->visit_page()->exclude("duplicate"));
    BOOST_TEST(frame->store()->audit_log(ids[0]).back().who == "Pat Reviewer");

    // A new database: asked again (cancelled: the login name, remembered), scorecards offered.
    frame->ask_who = [&](const std::string&) { return ++asked, std::optional<std::string>(); };
    const std::string fresh = dir.path("fresh.db");
    BOOST_TEST(frame->open_database(fresh, true));
    BOOST_TEST(asked == 2);
    BOOST_TEST(frame->who() == app::u8(wxGetUserId()));
    BOOST_TEST(frame->store()->setting(services::kUserSetting, "") == app::u8(wxGetUserId()));
    BOOST_TEST(frame->open_database(fresh));
    BOOST_TEST(asked == 2);
    BOOST_TEST(frame->store()->templates().size() == templates::bundled().size());
    BOOST_TEST(frame->store()->latest_template("branch-visit") != nullptr);
}

BOOST_AUTO_TEST_CASE(audit_log_window_lists_and_filters) {
    storage::Store& store = *frame->store();
    auto ids = store.visit_ids(test::with_status(Status::Submitted));
    BOOST_REQUIRE(ids.size() >= 3u);
    services::exclude(store, ids[0], "rita", "shopper recognised");
    services::return_visit(store, ids[1], "tom", "photo missing");
    services::approve(store, ids[2], "rita", "");
    services::reopen(store, ids[0], "tom", "excluded the wrong visit");

    app::AuditLogFrame* log = frame->open_audit_log();
    log->SetSize(1180, 560);
    log->Move(40, 80);
    pump(100);
    BOOST_TEST(log->rows().size() == 4u);
    BOOST_TEST(log->view()->GetModel() != nullptr);
    BOOST_TEST(log->status_text().StartsWith("4 entries"));
    shot("audit-log");

    BOOST_TEST(log->apply({"rita", "", "", "", "", ""}));
    BOOST_TEST(log->rows().size() == 2u);
    const std::string uuid = store.load_visit(ids[0]).visit.uuid;
    BOOST_TEST(log->apply({"", uuid, "", "", "", ""}));
    BOOST_REQUIRE_EQUAL(log->rows().size(), 2u);
    BOOST_TEST(log->rows()[1].entry.old_value == "excluded");
    BOOST_TEST(log->apply({"", "", "", "edit", "", ""}));
    BOOST_TEST(log->rows().empty());
    BOOST_TEST(log->status_text() == "No entries match the filter.");
    const std::string today = store.audit_log(ids[0])[0].at.substr(0, 10);
    BOOST_TEST(log->apply({"", "", "", "", today, today}));
    BOOST_TEST(log->rows().size() == 4u);
    // A bad date is named, and the list keeps what it showed.
    BOOST_TEST(!log->apply({"", "", "", "", "2026-13-01", ""}));
    BOOST_TEST(log->status_text().StartsWith("From:"));
    BOOST_TEST(log->rows().size() == 4u);
    shot("audit-log-bad-date");

    // Double-clicking an entry opens its visit in the main window.
    BOOST_TEST(log->apply({"tom", "", "", "", "", ""}));
    std::int64_t opened = 0;
    log->on_open_visit = [&](std::int64_t id) { opened = id; };
    wxDataViewEvent e(wxEVT_DATAVIEW_ITEM_ACTIVATED, log->view(), nullptr,
                      log->view()->GetModel() ? wxDataViewItem(wxUIntToPtr(1)) : wxDataViewItem());
    log->view()->ProcessWindowEvent(e);
    BOOST_TEST(opened == log->rows()[0].entry.visit_id);
    log->Destroy();
}

BOOST_AUTO_TEST_SUITE_END()
