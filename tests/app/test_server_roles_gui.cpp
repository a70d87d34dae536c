// The app offers only what the connected account may do (ROLES.md, app/shell/account_rights.h),
// under Xvfb against the PostgreSQL test cluster (VISITSCORE_TEST_PG): a database of its own set
// up with roles (`server init`) and one account of each kind added as `server user add` adds
// them; the app connects as each and the menus, toolbar, page list, page buttons, the visit
// page and the menu keys are checked (a forbidden key does nothing; the same key works for an
// account that may). The Trainings and Calibration views show what another connection records
// within two seconds, on a server and on a SQLite file. Help ▸ Keyboard shortcuts lists, for each
// role and on a file, exactly the keys the account may use: the enabled menu items' accelerators,
// the form's keys only to those who may answer. Each account's Inbox is its own: what an admin
// reads stays unread for a reviewer. VS_SHOTS_DIR set: a client's and a shopper's main window,
// their keyboard help, and the admin's and the reviewer's Inbox.
#include "app/designer/designer_frame.h"
#include "app/insights/calibration_view.h"
#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/training_view.h"
#include "app/organisation/organisation_page.h"
#include "app/organisation/scorecards_page.h"
#include "app/shell/account_rights.h"
#include "app/shell/settings_dialog.h"
#include "app/shell/shortcuts_dialog.h"
#include "app/shell/ui_util.h"
#include "app/visits/audit_log_frame.h"
#include "app/visits/disputes_page.h"
#include "app/visits/inbox_page.h"
#include "app/visits/visit_page.h"
#include "app/visits/visits_page.h"
#include "forms/dates.h"
#include "gui_support.h"
#include "layout_check.h"
#include "screen_grab.h"
#include "services/alerts.h"
#include "storage/pg_server.h"
#include "storage/server_info.h"
#include "tests/pg_role_db.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <pqxx/pqxx>
#include <set>
#include <wx/accel.h>
#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/image.h>
#include <wx/menu.h>
#include <wx/modalhook.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/toolbar.h>

namespace vs {
namespace {

using Clock = std::chrono::steady_clock;
using app::AccountRole;

/// A database of its own on the test cluster with the bundled scorecards and 60 demo visits;
/// with `roles`, set up with roles and one account of each kind (adm, rev, shop, cli: the
/// shopper and the client of a submitted visit). The database and the accounts are dropped at
/// the end (also when the set-up fails).
struct RolesDatabase : test::PgRoleDatabase {
    std::string client;  ///< the client account's client
    std::string shopper; ///< the shopper account's code
    explicit RolesDatabase(bool roles) : PgRoleDatabase("vs_rg", {"adm", "rev", "shop", "cli"}) {
        {
            auto store = storage::open_postgres(uri(), storage::OpenMode::Create);
            test::fill_demo(*store, 60);
            const auto submitted = store->visit_ids(test::with_status(forms::Status::Submitted));
            BOOST_TEST_REQUIRE(!submitted.empty());
            const storage::StoredVisit sv = store->load_visit(submitted.front());
            client = sv.visit.client;
            shopper = sv.visit.shopper;
        }
        if (roles) {
            storage::PgServer s(uri(), false);
            s.init();
            s.add_account(account("adm"), "admin", std::nullopt, std::nullopt);
            s.add_account(account("rev"), "reviewer", std::nullopt, std::nullopt);
            s.add_account(account("shop"), "shopper", client, shopper);
            s.add_account(account("cli"), "client", client, std::nullopt);
        }
    }
};

/// Runs the event loop until `done` or `ms` milliseconds; the milliseconds it took.
long pump_until(const std::function<bool()>& done, int ms) {
    const auto t0 = Clock::now();
    while (!done() && Clock::now() - t0 < std::chrono::milliseconds(ms))
        test::pump(20);
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
}

/// The main window on nothing, its messages caught.
struct EmptyFrame {
    app::MainFrame* frame = nullptr;
    EmptyFrame() {
        frame = new app::MainFrame("");
        frame->inform = [](const wxString&) {};
        frame->confirm_rescore = [](std::size_t) { return false; };
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        test::pump(100);
    }
    ~EmptyFrame() {
        for (wxWindow* child : frame->GetChildren())
            if (auto* d = dynamic_cast<app::DesignerFrame*>(child))
                d->discard_changes();
        frame->Destroy();
        test::pump(50);
    }
};

/// Cancels every modal dialog, file dialogs included, before it shows while it lives, as
/// Cancel would, and counts them.
struct DialogCloser : wxModalDialogHook {
    int closed = 0;
    DialogCloser() { Register(); }
    ~DialogCloser() override { Unregister(); }
    int Enter(wxDialog*) override {
        ++closed;
        return wxID_CANCEL;
    }
    void Exit(wxDialog*) override {}
};

/// A key press as wxGTK delivers it: wxEVT_CHAR_HOOK from the focused window upwards.
void press_key(wxWindow* focus, int key, int modifiers) {
    wxKeyEvent e(wxEVT_CHAR_HOOK);
    e.m_keyCode = key;
    e.m_uniChar = key < WXK_START ? key : 0;
    e.m_controlDown = (modifiers & wxMOD_CONTROL) != 0;
    e.m_shiftDown = (modifiers & wxMOD_SHIFT) != 0;
    e.SetEventObject(focus);
    focus->GetEventHandler()->ProcessEvent(e);
}

/// The menu item `label` of the menu `menu`.
wxMenuItem* item_of(wxFrame* frame, const char* menu, const char* label) {
    wxMenuBar* bar = frame->GetMenuBar();
    const int id = bar->FindMenuItem(menu, wxString::FromUTF8(label));
    BOOST_TEST_REQUIRE(id != wxNOT_FOUND, label);
    return bar->FindItem(id);
}

/// Whether the menu item is enabled, as shown and as its wxEVT_UPDATE_UI handlers say.
bool enabled(wxFrame* frame, wxMenuItem* item) {
    wxUpdateUIEvent e(item->GetId());
    e.SetEventObject(frame);
    frame->ProcessWindowEvent(e);
    const bool now = e.GetSetEnabled() ? e.GetEnabled() : item->IsEnabled();
    BOOST_TEST(now == item->IsEnabled(), item->GetItemLabelText());
    return now;
}

bool has_designer(wxFrame* frame) {
    for (wxWindow* child : frame->GetChildren())
        if (dynamic_cast<app::DesignerFrame*>(child) && !child->IsBeingDeleted())
            return true;
    return false;
}

using test::grab;

/// The accelerators of the menu items under `menu`, split by whether the item is enabled now.
void menu_keys(wxFrame* frame, wxMenu* menu, std::set<std::string>& on,
               std::set<std::string>& off) {
    for (wxMenuItem* item : menu->GetMenuItems()) {
        if (wxMenu* sub = item->GetSubMenu()) {
            menu_keys(frame, sub, on, off);
            continue;
        }
        if (item->IsSeparator())
            continue;
        std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
        if (accel)
            (enabled(frame, item) ? on : off).insert(app::u8(accel->ToString()));
    }
}

/// Reads Help ▸ Keyboard shortcuts as it opens (modally) while it lives, and closes it.
struct HelpReader : wxModalDialogHook {
    bool seen = false;
    std::vector<std::string> keys;
    HelpReader() { Register(); }
    ~HelpReader() override { Unregister(); }
    int Enter(wxDialog* d) override {
        if (auto* help = dynamic_cast<app::ShortcutsDialog*>(d)) {
            seen = true;
            for (wxStaticText* k : help->key_cells())
                keys.push_back(app::u8(k->GetLabelText()));
        }
        return wxID_CANCEL;
    }
    void Exit(wxDialog*) override {}
};

/// Help ▸ Keyboard shortcuts of `frame` lists exactly the keys its account may use: under
/// "Everywhere" the accelerators of the enabled menu items (none of a greyed-out one anywhere),
/// the scorecard form's keys with `answers` (drafts or reviews), its submit key with `submits`;
/// F1 opens that table. Shot as VS_SHOTS_DIR/shortcuts-WHO.png.
void check_keyboard_help(app::MainFrame* frame, const std::string& who, bool answers,
                         bool submits) {
    BOOST_TEST_INFO_SCOPE("keyboard help of " << who);
    std::set<std::string> on, off;
    wxMenuBar* bar = frame->GetMenuBar();
    for (std::size_t m = 0; m < bar->GetMenuCount(); ++m)
        menu_keys(frame, bar->GetMenu(m), on, off);
    BOOST_TEST_REQUIRE(on.count("F1") == 1u);

    const std::vector<app::ShortcutSection> sections = frame->keyboard_help_sections();
    std::vector<std::string> all;
    std::set<std::string> everywhere;
    bool form = false;
    for (const app::ShortcutSection& s : sections) {
        form = form || s.title == "In the scorecard form";
        for (const app::ShortcutRow& r : s.rows) {
            if (r.key.empty())
                continue;
            all.push_back(r.key);
            if (s.title == "Everywhere")
                everywhere.insert(r.key);
            BOOST_TEST(off.count(r.key) == 0u, r.key << " is listed; its menu item is greyed out");
        }
    }
    BOOST_TEST((everywhere == on),
               "listed everywhere: " << everywhere.size() << ", enabled menu keys: " << on.size());
    BOOST_TEST(form == answers);
    BOOST_TEST((std::count(all.begin(), all.end(), "Ctrl+Enter") == 1) == submits);
    BOOST_TEST(std::count(all.begin(), all.end(), "Up / Down") == 1); // date fields: everyone

    // F1 from the visit list opens the same table.
    {
        HelpReader reader;
        press_key(frame->visits_page()->view(), WXK_F1, 0);
        test::pump(100);
        BOOST_TEST(reader.seen);
        BOOST_TEST((reader.keys == all));
    }
    // Shown: two aligned columns, nothing cut.
    app::ShortcutsDialog dlg(frame, sections);
    dlg.Show();
    test::pump(150);
    for (const std::string& p : test::layout_problems(&dlg))
        BOOST_TEST(false, p);
    BOOST_TEST(dlg.GetSize().y <= frame->GetSize().y);
    grab("shortcuts-" + who, &dlg);
    dlg.Hide();
}

/// What an account of each kind is offered.
struct Offer {
    const char* who;
    AccountRole role;
    bool new_visit, import_visits, import_scorecard, backup, report, designer, audit, settings;
    std::size_t pages; ///< rows of the page list
    bool organisation; ///< the Organisation page's edit buttons
    bool trainings;    ///< Record training
};

} // namespace

BOOST_AUTO_TEST_SUITE(server_roles_gui)

BOOST_AUTO_TEST_CASE(rights_of_each_role) {
    using app::rights_of;
    BOOST_TEST((app::server_role(false, "client") == AccountRole::Desk)); // no roles set up
    BOOST_TEST((app::server_role(true, "reviewer") == AccountRole::Reviewer));
    BOOST_TEST((app::server_role(true, "") == AccountRole::None));
    const app::AccountRights desk = rights_of(AccountRole::Desk);
    BOOST_TEST((desk.create_visits && desk.review && desk.edit_scorecards && desk.backup &&
                desk.settings && desk.calibration));
    const app::AccountRights reviewer = rights_of(AccountRole::Reviewer);
    BOOST_TEST((reviewer.review && reviewer.import_visits && reviewer.insights));
    BOOST_TEST((!reviewer.edit_scorecards && !reviewer.edit_organisation && !reviewer.backup));
    const app::AccountRights shopper = rights_of(AccountRole::Shopper);
    BOOST_TEST((shopper.create_visits && shopper.audit_log));
    BOOST_TEST((!shopper.review && !shopper.import_visits && !shopper.insights &&
                !shopper.edit_scorecards && !shopper.backup));
    const app::AccountRights client = rights_of(AccountRole::Client);
    BOOST_TEST(client.insights);
    BOOST_TEST((!client.create_visits && !client.import_visits && !client.review &&
                !client.edit_scorecards && !client.audit_log && !client.backup &&
                !client.calibration));
    const app::AccountRights none = rights_of(AccountRole::None);
    BOOST_TEST((!none.create_visits && !none.insights && !none.review));
    // Shopper fees and statements: the desk and an admin only, in the app.
    BOOST_TEST((desk.fees && rights_of(AccountRole::Admin).fees));
    BOOST_TEST((!reviewer.fees && !shopper.fees && !client.fees && !none.fees));
}

BOOST_AUTO_TEST_CASE(each_role_sees_only_what_it_may_do) {
    VS_NEEDS_SERVER();
    RolesDatabase db(true);
    const Offer offers[] = {
        {"adm", AccountRole::Admin, true, true, true, true, true, true, true, true, 13, true, true},
        {"rev", AccountRole::Reviewer, true, true, false, false, true, false, true, false, 13,
         false, true},
        {"shop", AccountRole::Shopper, true, false, false, false, false, false, true, false, 4,
         false, false},
        {"cli", AccountRole::Client, false, false, false, false, true, false, false, false, 10,
         false, false},
    };
    for (const Offer& o : offers) {
        BOOST_TEST_INFO_SCOPE(o.who);
        EmptyFrame f;
        app::MainFrame* frame = f.frame;
        BOOST_REQUIRE(frame->connect_server(db.uri(o.who)));
        test::pump(100);
        BOOST_TEST((frame->role() == o.role));

        // Who is connected as what: the status bar and the title.
        const wxString status = frame->GetStatusBar()->GetStatusText(1);
        const std::string role = app::role_name(o.role);
        BOOST_TEST(status.Contains(app::wxs(db.account(o.who) + " (" + role)), status);
        BOOST_TEST(frame->GetTitle().Contains(app::wxs("(" + role + ")")), frame->GetTitle());
        if (o.role == AccountRole::Client)
            BOOST_TEST(status.Contains(app::wxs("client of " + db.client)), status);
        if (o.role == AccountRole::Shopper)
            BOOST_TEST(status.Contains(app::wxs("shopper " + db.shopper)), status);
        // Read whole: every field of the status bar is as wide as its text (none cut).
        wxStatusBar* bar = frame->GetStatusBar();
        for (int field = 0; field < bar->GetFieldsCount(); ++field) {
            wxRect rect;
            BOOST_TEST_REQUIRE(bar->GetFieldRect(field, rect));
            const wxString text = bar->GetStatusText(field);
            BOOST_TEST(bar->GetTextExtent(text).x <= rect.width, field << ": " << text);
        }

        // The menus.
        BOOST_TEST(enabled(frame, item_of(frame, "File", "New visit…")) == o.new_visit);
        BOOST_TEST(enabled(frame, item_of(frame, "File", "Import visits…")) == o.import_visits);
        BOOST_TEST(enabled(frame, item_of(frame, "File", "Import scorecard…")) ==
                   o.import_scorecard);
        BOOST_TEST(enabled(frame, item_of(frame, "File", "Backup…")) == o.backup);
        BOOST_TEST(enabled(frame, item_of(frame, "File", "Client report…")) == o.report);
        BOOST_TEST(enabled(frame, item_of(frame, "Tools", "Scorecard designer…")) == o.designer);
        BOOST_TEST(enabled(frame, item_of(frame, "Tools", "Audit log…")) == o.audit);
        BOOST_TEST(enabled(frame, item_of(frame, "Tools", "Settings…")) == o.settings);
        BOOST_TEST(enabled(frame, item_of(frame, "File", "Shopper statements…")) ==
                   (o.role == AccountRole::Admin));
        BOOST_TEST(enabled(frame, item_of(frame, "File", "Open database…")));

        // The toolbar: only the buttons of what the account may do.
        wxToolBar* tb = frame->GetToolBar();
        const auto tool = [&](const char* menu, const char* label) {
            return tb->FindById(item_of(frame, menu, label)->GetId()) != nullptr;
        };
        BOOST_TEST(tool("File", "New visit…") == o.new_visit);
        BOOST_TEST(tool("File", "Import visits…") == o.import_visits);
        BOOST_TEST(tool("File", "Backup…") == o.backup);
        BOOST_TEST(tool("File", "Open database…"));

        // The page list and the pages' buttons.
        BOOST_TEST(frame->nav_pages().size() == o.pages);
        BOOST_TEST(frame->visits_page()->new_button()->IsShown() == o.new_visit);
        BOOST_TEST(frame->scorecards_page()->can_edit() == o.designer);
        BOOST_TEST(frame->organisation_page()->can_edit() == o.organisation);
        BOOST_TEST(frame->trainings_page()->record_button()->IsShown() == o.trainings);
        // Disputes (ROLES.md): the staff and a client's account open them, a shopper never; a
        // client's account decides none.
        const bool disputes = o.role != AccountRole::Shopper;
        const auto& nav = frame->nav_pages();
        BOOST_TEST((std::find(nav.begin(), nav.end(), app::MainFrame::Disputes) != nav.end()) ==
                   disputes);
        BOOST_TEST(frame->visits_page()->dispute_button()->IsShown() == disputes);
        // Action plans (ROLES.md): the staff edit them, a client's account its own plans'
        // actions and state; a shopper has none.
        BOOST_TEST((std::find(nav.begin(), nav.end(), app::MainFrame::ActionPlans) != nav.end()) ==
                   disputes);
        // The Inbox (alerts): everyone but a shopper.
        BOOST_TEST((std::find(nav.begin(), nav.end(), app::MainFrame::Inbox) != nav.end()) ==
                   (o.role != AccountRole::Shopper));
        BOOST_TEST(frame->disputes_page()->decide_button()->IsShown() ==
                   (disputes && o.role != AccountRole::Client));
        if (o.role == AccountRole::Shopper || o.role == AccountRole::Client) {
            frame->show_page(app::MainFrame::Calibration); // not offered: stays where it was
            BOOST_TEST(!frame->calibration_page()->IsShownOnScreen());
        }

        // The keys: a forbidden one does nothing, an allowed one opens its dialog.
        frame->show_page(app::MainFrame::Visits);
        test::pump(50);
        const std::size_t visits = frame->store()->visit_ids({}).size();
        wxWindow* focus = frame->visits_page()->view();
        for (const auto& [key, allowed] :
             {std::pair{int('N'), o.new_visit}, std::pair{int('I'), o.import_visits}}) {
            DialogCloser closer;
            press_key(focus, key, wxMOD_CONTROL);
            test::pump(150);
            BOOST_TEST(closer.closed == (allowed ? 1 : 0), "Ctrl+" << char(key));
        }
        press_key(focus, 'D', wxMOD_CONTROL | wxMOD_SHIFT);
        test::pump(150);
        BOOST_TEST(has_designer(frame) == o.designer);
        BOOST_TEST(frame->store()->visit_ids({}).size() == visits);
        // Called directly (a button or a key routed elsewhere), a forbidden action says why and
        // opens nothing.
        if (!o.new_visit) {
            DialogCloser closer;
            frame->new_visit();
            test::pump(100);
            BOOST_TEST(closer.closed == 0);
            BOOST_TEST(frame->GetStatusBar()->GetStatusText(0).Contains("may not start visits"));
        }
        if (!o.audit)
            BOOST_TEST(!frame->open_audit_log());

        // The visit page offers the review only to a reviewer or an admin.
        const auto submitted =
            frame->store()->visit_ids(test::with_status(forms::Status::Submitted));
        const auto approved = frame->store()->visit_ids(test::with_status(forms::Status::Approved));
        if (o.role == AccountRole::Client) {
            BOOST_TEST(submitted.empty()); // a client sees approved visits only
            BOOST_REQUIRE(!approved.empty());
            frame->open_visit(approved.front());
            test::pump(50);
            BOOST_TEST(!frame->visit_page()->editable());
            BOOST_TEST(!test::shown_button(frame->visit_page(), "Change…"));
            BOOST_TEST(!test::shown_button(frame->visit_page(), "Reopen…"));
        } else {
            BOOST_REQUIRE(!submitted.empty());
            frame->open_visit(submitted.front());
            test::pump(50);
            const bool reviews = o.role != AccountRole::Shopper;
            BOOST_TEST(bool(test::shown_button(frame->visit_page(), "Approve")) == reviews);
            BOOST_TEST(bool(test::shown_button(frame->visit_page(), "Return with note")) ==
                       reviews);
            BOOST_TEST(bool(test::shown_button(frame->visit_page(), "Change…")) == reviews);
            if (!reviews)
                BOOST_TEST(!frame->visit_page()->approve()); // the page does nothing
        }
        if (o.role == AccountRole::Client || o.role == AccountRole::Shopper) {
            frame->show_page(app::MainFrame::Visits);
            grab(std::string("role-") + o.who + "-main", frame);
        }

        // The keyboard help: what this account may use, nothing more.
        frame->show_page(app::MainFrame::Visits);
        test::pump(50);
        check_keyboard_help(frame, app::role_name(o.role), o.role != AccountRole::Client,
                            o.new_visit);
    }
}

BOOST_AUTO_TEST_CASE(keyboard_help_on_a_file_lists_every_key) {
    test::TempDir dir;
    {
        storage::SqliteStore s(dir.path("desk.db"));
        test::fill_demo(s, 20);
    }
    EmptyFrame f;
    BOOST_REQUIRE(f.frame->open_database(dir.path("desk.db")));
    test::pump(100);
    BOOST_TEST((f.frame->role() == AccountRole::Desk));
    check_keyboard_help(f.frame, "desk", true, true);
    // Everything at the desk: the keys of every menu command are listed.
    std::vector<std::string> keys;
    for (const app::ShortcutSection& s : f.frame->keyboard_help_sections())
        for (const app::ShortcutRow& r : s.rows)
            keys.push_back(r.key);
    for (const char* key : {"Ctrl+N", "Ctrl+I", "Ctrl+Shift+D", "Ctrl+O", "Ctrl+Q", "F1",
                            "Tab / Shift+Tab", "Ctrl+Enter", "Alt+Down or F4"})
        BOOST_TEST(std::count(keys.begin(), keys.end(), key) == 1, key);
}

BOOST_AUTO_TEST_CASE(settings_on_a_server_ask_no_name) {
    VS_NEEDS_SERVER();
    RolesDatabase db(true);
    EmptyFrame f;
    BOOST_REQUIRE(f.frame->connect_server(db.uri("adm")));
    BOOST_TEST((f.frame->role() == AccountRole::Admin));
    {
        app::SettingsDialog server(f.frame, *f.frame->store(), f.frame->who(),
                                   f.frame->on_server());
        BOOST_TEST(!server.name_box()); // the server account is the name
        bool says_account = false;
        for (wxStaticText* t : test::all_of<wxStaticText>(&server))
            says_account = says_account || t->GetLabel().Contains(app::wxs(db.account("adm")));
        BOOST_TEST(says_account);
        server.self_approval_box()->SetValue(true);
        BOOST_TEST(server.apply());
        BOOST_TEST(f.frame->store()->setting("user", "") == ""); // no name stored
        server.Show();
        grab("settings-on-server", &server);
        server.Hide();
    }

    // The same window connected as a client: the designer and the audit log the admin had open
    // close, and the page list loses Calibration.
    BOOST_REQUIRE(f.frame->open_designer());
    BOOST_REQUIRE(f.frame->open_audit_log());
    BOOST_REQUIRE(f.frame->connect_server(db.uri("cli")));
    test::pump(100);
    BOOST_TEST((f.frame->role() == AccountRole::Client));
    BOOST_TEST(!has_designer(f.frame));
    for (wxWindow* child : f.frame->GetChildren())
        BOOST_TEST(!(dynamic_cast<app::AuditLogFrame*>(child) && !child->IsBeingDeleted()));
    BOOST_TEST(f.frame->nav_pages().size() == 10u); // Disputes, Inbox, Action plans,
    // Customer voice, Recognition: its own

    // On a SQLite file the name is asked as before.
    test::TempDir dir;
    {
        storage::SqliteStore s(dir.path("desk.db"));
        test::fill_demo(s, 0);
    }
    BOOST_REQUIRE(f.frame->open_database(dir.path("desk.db")));
    BOOST_TEST((f.frame->role() == AccountRole::Desk));
    app::SettingsDialog desk(f.frame, *f.frame->store(), f.frame->who(), f.frame->on_server());
    BOOST_TEST(desk.name_box());
    BOOST_TEST(f.frame->nav_pages().size() == 13u);
    BOOST_TEST(f.frame->GetToolBar()->GetToolsCount() == 4u);
}

namespace {

/// Shows Trainings, records a training of the dashboard's client through `other` and returns
/// the milliseconds until the view lists it; then shows Calibration, stores a calibration
/// exercise through `other` and returns (second) the milliseconds until the view shows it.
std::pair<long, long> views_follow(app::MainFrame* frame, storage::Store& other) {
    frame->show_page(app::MainFrame::Dashboard);
    test::pump(100);
    const app::ViewFilter filter = frame->dashboard_page()->dashboard()->filter();
    BOOST_REQUIRE(!filter.client.empty());
    BOOST_REQUIRE(filter.to_day);
    frame->show_page(app::MainFrame::Trainings);
    test::pump(150);
    app::TrainingView* trainings = frame->trainings_page();
    const std::size_t before = trainings->rows().size();

    std::optional<std::int64_t> client;
    for (const auto& c : other.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        if (c.name == filter.client)
            client = c.id;
    BOOST_REQUIRE(client);
    const auto staff = other.org_list(storage::OrgKind::Employee, client, false);
    BOOST_REQUIRE(staff.size() >= 2u);
    storage::Training t;
    t.id = "LIVE-1";
    t.title = "Greeting refresher (live)";
    t.trainer = "Kim";
    t.date = forms::day_to_string(*filter.to_day - 30);
    t.client = filter.client;
    t.employees = {staff[0].code, staff[1].code};
    other.add_trainings({t}, "live");
    const long training_ms =
        pump_until([&] { return trainings->rows().size() == before + 1; }, 4000);
    BOOST_TEST(trainings->rows().size() == before + 1);

    frame->show_page(app::MainFrame::Calibration);
    test::pump(150);
    app::CalibrationView* calibration = frame->calibration_page();
    BOOST_TEST(calibration->exercises().empty());
    // Three sets of answers of one scorecard at the client within the period: an exercise.
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [name, text] : templates::bundled()) {
        const forms::Template parsed = forms::parse_template(text, std::string(name));
        templates.push_back(other.find_template(parsed.id, parsed.version));
    }
    storage::DemoOptions options;
    options.visits = 300;
    options.seed = 7;
    std::vector<forms::Visit> exercise;
    for (forms::Visit v : storage::make_demo_data(templates, options).visits) {
        const auto day = forms::parse_day(v.visited_at.substr(0, 10));
        if (exercise.size() < 3 && v.client == filter.client && day && *day <= *filter.to_day &&
            (!filter.from_day || *day >= *filter.from_day) &&
            (exercise.empty() || v.template_id == exercise.front().template_id)) {
            v.uuid = "7e57ca1b-0000-4000-8000-00000000000" + std::to_string(exercise.size());
            v.calibration = "CAL-LIVE";
            v.reference = exercise.empty();
            v.status = forms::Status::Approved;
            exercise.push_back(std::move(v));
        }
    }
    BOOST_REQUIRE(exercise.size() == 3u);
    other.import_visits(exercise, "calibration");
    const long calibration_ms =
        pump_until([&] { return calibration->exercises().size() == 1u; }, 4000);
    BOOST_REQUIRE(calibration->exercises().size() == 1u);
    BOOST_TEST(calibration->exercises().front().id == "CAL-LIVE");
    return {trainings->rows().size() == before + 1 ? training_ms : -1, calibration_ms};
}

} // namespace

BOOST_AUTO_TEST_CASE(server_trainings_and_calibration_follow_another_connection) {
    VS_NEEDS_SERVER();
    RolesDatabase db(false);
    EmptyFrame f;
    BOOST_REQUIRE(f.frame->connect_server(db.uri()));
    auto other = storage::open_postgres(db.uri(), storage::OpenMode::MustExist);
    const auto [training_ms, calibration_ms] = views_follow(f.frame, *other);
    BOOST_TEST(training_ms >= 0);
    BOOST_TEST(training_ms < 2000);
    BOOST_TEST(calibration_ms < 2000);
    BOOST_TEST_MESSAGE("PostgreSQL: another connection's training listed after "
                       << training_ms << " ms, its calibration exercise after " << calibration_ms
                       << " ms");
}

BOOST_AUTO_TEST_CASE(sqlite_trainings_and_calibration_follow_another_connection) {
    test::TempDir dir;
    const std::string path = dir.path("views.db");
    {
        storage::SqliteStore s(path);
        test::fill_demo(s, 60);
    }
    EmptyFrame f;
    BOOST_REQUIRE(f.frame->open_database(path));
    storage::SqliteStore other(path);
    const auto [training_ms, calibration_ms] = views_follow(f.frame, other);
    BOOST_TEST(training_ms >= 0);
    BOOST_TEST(training_ms < 2000);
    BOOST_TEST(calibration_ms < 2000);
    BOOST_TEST_MESSAGE("SQLite: another connection's training listed after "
                       << training_ms << " ms, its calibration exercise after " << calibration_ms
                       << " ms");
}

BOOST_AUTO_TEST_CASE(each_account_reads_its_own_inbox) {
    VS_NEEDS_SERVER();
    RolesDatabase db(true);
    {
        auto store = storage::open_postgres(db.uri(), storage::OpenMode::MustExist);
        store->set_setting("alert.below", "101"); // every approved visit raises one
        std::size_t raised = 0;
        for (std::int64_t id : store->visit_ids(test::with_status(forms::Status::Approved)))
            if ((raised += services::raise_visit_alerts(*store, id)) >= 3)
                break;
        BOOST_TEST_REQUIRE(raised >= 3u);
    }
    EmptyFrame admin, reviewer;
    BOOST_REQUIRE(admin.frame->connect_server(db.uri("adm")));
    BOOST_REQUIRE(reviewer.frame->connect_server(db.uri("rev")));
    for (app::MainFrame* frame : {admin.frame, reviewer.frame}) {
        frame->show_page(app::MainFrame::Inbox);
        test::pump(150);
    }
    app::InboxPage* mine = admin.frame->inbox_page();
    app::InboxPage* theirs = reviewer.frame->inbox_page();
    const std::size_t n = mine->model().rows().size();
    BOOST_TEST_REQUIRE(n >= 3u);
    BOOST_TEST(mine->model().unread() == n);
    BOOST_TEST(theirs->model().unread() == n);
    auto bold = [](app::InboxPage* page, std::int64_t id) {
        const long row = page->model().index_of(id);
        return row >= 0 && page->list()->GetItemFont(row).GetWeight() == wxFONTWEIGHT_BOLD;
    };

    // The admin reads the newest: read for the admin, still unread (bold) for the reviewer,
    // whose window reads its inbox again.
    const std::int64_t id = mine->model().rows().front().id;
    BOOST_REQUIRE(mine->select(id));
    mine->mark_read(true);
    test::pump(100);
    theirs->reload();
    test::pump(100);
    BOOST_TEST_REQUIRE(mine->model().index_of(id) >= 0);
    BOOST_TEST(!bold(mine, id));
    BOOST_TEST(mine->model().unread() == n - 1);
    BOOST_TEST(bold(theirs, id));
    BOOST_TEST(theirs->model().unread() == n);
    BOOST_TEST(app::u8(theirs->count()->GetLabel()).find(std::to_string(n) + " unread") !=
                   std::string::npos,
               app::u8(theirs->count()->GetLabel()));
    for (auto [frame, name] : {std::pair(admin.frame, "inbox_server_admin"),
                               std::pair(reviewer.frame, "inbox_server_reviewer")}) {
        frame->Raise(); // the two windows lie on one another
        test::grab(name, frame);
    }

    // The reviewer marks it unread (it never read it): the admin's mark stays.
    BOOST_REQUIRE(theirs->select(id));
    theirs->mark_read(false);
    mine->reload();
    test::pump(100);
    BOOST_TEST_REQUIRE(mine->model().index_of(id) >= 0);
    BOOST_TEST(!bold(mine, id));
    BOOST_TEST(mine->model().unread() == n - 1);
    BOOST_TEST(theirs->model().unread() == n);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace vs
