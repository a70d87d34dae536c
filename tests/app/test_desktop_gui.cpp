// The desktop as a whole: every action with no database open, unsaved work when the app closes,
// menu keys from every focus, and the score panel's critical-failure line.
#include "app/designer/designer_frame.h"
#include "app/organisation/organisation_page.h"
#include "app/shell/app_icon.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/visit_page.h"
#include "app/visits/visits_page.h"
#include "gui_support.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <functional>
#include <set>
#include <string>
#include <vector>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/dataview.h>
#include <wx/dialog.h>
#include <wx/listbox.h>
#include <wx/menu.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>
#include <wx/treectrl.h>

using namespace vs;
using test::pump;

namespace {

/// Ends any modal wx dialog that opens while it lives (a file dialog, the keyboard help), as a
/// person pressing Cancel would.
struct DialogCloser : wxTimer {
    int closed = 0;
    DialogCloser() { Start(40); }
    ~DialogCloser() override { Stop(); }
    void Notify() override {
        for (wxWindow* w : wxTopLevelWindows)
            if (auto* d = dynamic_cast<wxDialog*>(w); d && d->IsModal()) {
                d->EndModal(wxID_CANCEL);
                ++closed;
            }
    }
};

/// Every window under `w` (depth first) that is a T.
template <class T> void collect(wxWindow* w, std::vector<T*>& out) {
    for (wxWindow* c : w->GetChildren()) {
        if (auto* t = dynamic_cast<T*>(c))
            out.push_back(t);
        collect(c, out);
    }
}

/// Every command item of a menu and its submenus.
void menu_items(wxMenu* menu, std::vector<wxMenuItem*>& out) {
    for (wxMenuItem* item : menu->GetMenuItems()) {
        if (item->GetSubMenu())
            menu_items(item->GetSubMenu(), out);
        else if (!item->IsSeparator())
            out.push_back(item);
    }
}

/// Whether the menu item would be enabled now (its wxEVT_UPDATE_UI handlers asked).
bool enabled_now(wxFrame* frame, wxMenuItem* item) {
    wxUpdateUIEvent e(item->GetId());
    e.SetEventObject(frame);
    frame->ProcessWindowEvent(e);
    return e.GetSetEnabled() ? e.GetEnabled() : item->IsEnabled();
}

/// A key press as wxGTK delivers it: wxEVT_CHAR_HOOK from the focused window upwards.
void press_key(wxWindow* focus, int key, int modifiers) {
    wxKeyEvent e(wxEVT_CHAR_HOOK);
    e.m_keyCode = key;
    e.m_uniChar = key < WXK_START ? key : 0;
    e.m_controlDown = (modifiers & wxMOD_CONTROL) != 0;
    e.m_shiftDown = (modifiers & wxMOD_SHIFT) != 0;
    e.m_altDown = (modifiers & wxMOD_ALT) != 0;
    e.SetEventObject(focus);
    focus->GetEventHandler()->ProcessEvent(e);
}

/// Saves the screen as VS_SHOTS_DIR/NAME.png when that variable is set (to look at).
void shot(const std::string& name) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(250);
    const std::string cmd = "import -window root '" + std::string(dir) + "/" + name + ".png'";
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}

/// The main window with no database open, its messages caught.
struct NoDatabaseFixture {
    test::TempDir dir;
    app::MainFrame* frame = nullptr;
    std::vector<wxString> told;
    NoDatabaseFixture() {
        frame = new app::MainFrame("");
        frame->inform = [this](const wxString& m) { told.push_back(m); };
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        pump(100);
    }
    ~NoDatabaseFixture() {
        for (wxWindow* w : wxTopLevelWindows)
            if (w != frame)
                w->Destroy();
        frame->Destroy();
        pump(50);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(desktop)

// With no database open, every menu item and every page button is disabled or, chosen, says
// what is missing; nothing crashes (adding an organisation entry used to dereference no store).
BOOST_FIXTURE_TEST_CASE(no_database_every_action_is_disabled_or_explains, NoDatabaseFixture) {
    BOOST_REQUIRE(frame->store() == nullptr);
    DialogCloser closer;
    // Items that need no database: they open a file chooser or a window of their own.
    const std::set<wxString> own_work = {"Open database…",      "New database…",      "Quit",
                                         "About VisitScore",    "Keyboard shortcuts", "User guide",
                                         "Scorecard designer…", "Connect to server…"};
    std::vector<wxMenuItem*> items;
    for (std::size_t m = 0; m < frame->GetMenuBar()->GetMenuCount(); ++m)
        menu_items(frame->GetMenuBar()->GetMenu(m), items);
    BOOST_TEST(items.size() >= 10u);
    for (wxMenuItem* item : items) {
        const wxString label = item->GetItemLabelText();
        BOOST_TEST_INFO_SCOPE(app::u8(label));
        if (own_work.count(label)) {
            BOOST_TEST(enabled_now(frame, item));
            continue;
        }
        if (!enabled_now(frame, item))
            continue; // greyed out: fine
        told.clear();
        wxCommandEvent run(wxEVT_MENU, item->GetId());
        run.SetEventObject(frame);
        frame->ProcessWindowEvent(run);
        pump(20);
        BOOST_TEST(told.size() == 1u);
        if (!told.empty())
            BOOST_TEST(told.front().Contains("No database is open"));
    }
    // "New visit" says why rather than doing nothing.
    told.clear();
    frame->new_visit();
    BOOST_TEST(told.size() == 1u);

    // Every page, every button and choice on it.
    using P = app::MainFrame;
    for (P::Page page :
         {P::Visits, P::Scorecards, P::Organisation, P::Dashboard, P::Trainings, P::Calibration}) {
        frame->show_page(page);
        pump(60);
        frame->UpdateWindowUI(wxUPDATE_UI_RECURSE);
        std::vector<wxButton*> buttons;
        collect(frame, buttons);
        for (wxButton* b : buttons) {
            if (!b->IsShownOnScreen() || wxGetTopLevelParent(b) != frame)
                continue;
            const wxString label = b->GetLabelText();
            BOOST_TEST_INFO_SCOPE(app::u8(label) + " on page " + std::to_string(page));
            if (!b->IsEnabled())
                continue;
            if (dynamic_cast<app::DateCtrl*>(b->GetParent()))
                continue; // a date field's calendar needs no database
            told.clear();
            wxCommandEvent click(wxEVT_BUTTON, b->GetId());
            click.SetEventObject(b);
            b->ProcessWindowEvent(click);
            pump(30);
            if (label == "Design scorecards…")
                continue; // the designer works without a database (files in, files out)
            // Enabled with no database: it told why, or its page did.
            const bool page_told = page == P::Organisation &&
                                   frame->organisation_page()->message().Contains("No database");
            BOOST_TEST((told.size() == 1u || page_told));
        }
        std::vector<wxChoice*> choices;
        collect(frame, choices);
        for (wxChoice* c : choices)
            if (c->IsShownOnScreen() && c->IsEnabled() && c->GetCount() > 0) {
                c->SetSelection(static_cast<int>(c->GetCount()) - 1);
                wxCommandEvent pick(wxEVT_CHOICE, c->GetId());
                pick.SetEventObject(c);
                pick.SetInt(c->GetSelection());
                c->ProcessWindowEvent(pick);
                pump(20);
            }
    }
    // The organisation page's buttons are greyed out, and says why when reached anyway.
    frame->show_page(P::Organisation);
    frame->UpdateWindowUI(wxUPDATE_UI_RECURSE);
    std::vector<wxButton*> org_buttons;
    collect(frame->organisation_page(), org_buttons);
    BOOST_TEST(org_buttons.size() == 4u);
    shot("no-database-organisation");
    for (wxButton* b : org_buttons) {
        BOOST_TEST_INFO_SCOPE(app::u8(b->GetLabelText()));
        BOOST_TEST(!b->IsEnabled());
    }
    BOOST_TEST(frame->organisation_page()->import_csv(dir.path("none.csv")) == 0u);
    BOOST_TEST(frame->organisation_page()->message().Contains("No database is open"));
}

// Closing the main window while the scorecard designer holds unsaved edits asks first: Cancel
// keeps everything open, Save stores the scorecard, Discard closes.
BOOST_FIXTURE_TEST_CASE(closing_with_unsaved_designer_edits_asks, test::FrameFixture) {
    storage::Store& store = *frame->store();
    const int version = store.latest_template("branch-visit")->version;
    const std::size_t stored = store.templates().size();
    app::DesignerFrame* d = frame->open_designer("branch-visit", version);
    d->confirm_discard = [](const wxString&) { return true; };
    pump(80);
    d->select({});
    BOOST_REQUIRE(d->set_property("name", wxString("Branch visit (changed)")));
    BOOST_REQUIRE(d->has_unsaved_changes());

    std::vector<wxString> asked;
    int answer = wxID_CANCEL;
    frame->confirm_unsaved = [&](wxWindow* w, const wxString& q) {
        BOOST_TEST(w == d);
        asked.push_back(q);
        return answer;
    };
    // Cancel: the app stays open with the edits.
    BOOST_TEST(!frame->Close());
    pump(50);
    BOOST_TEST(asked.size() == 1u);
    BOOST_TEST(!wxPendingDelete.Member(frame));
    BOOST_TEST(frame->IsShown());
    BOOST_TEST(!d->IsBeingDeleted());
    BOOST_TEST(d->has_unsaved_changes());
    BOOST_TEST(store.templates().size() == stored);

    // Save: stored, then the app closes.
    answer = wxID_SAVE;
    BOOST_TEST(frame->Close());
    BOOST_TEST(asked.size() == 2u);
    BOOST_TEST(wxPendingDelete.Member(frame)); // closed: destroyed at the next idle time
    {
        storage::SqliteStore check(db);
        BOOST_TEST(check.templates().size() == stored + 1);
        BOOST_TEST(check.latest_template("branch-visit")->name == "Branch visit (changed)");
    }
    pump(50);
    frame = nullptr; // closed
}

BOOST_FIXTURE_TEST_CASE(closing_and_discarding_designer_edits_closes, test::FrameFixture) {
    storage::Store& store = *frame->store();
    const std::size_t stored = store.templates().size();
    app::DesignerFrame* d = frame->open_designer();
    pump(50);
    BOOST_REQUIRE(d->new_from_bundled(0));
    d->select({});
    BOOST_REQUIRE(d->set_property("name", wxString("Not kept")));
    BOOST_REQUIRE(d->has_unsaved_changes());
    int asked = 0;
    frame->confirm_unsaved = [&](wxWindow*, const wxString&) {
        ++asked;
        return wxID_NO; // discard
    };
    d->confirm_discard = [](const wxString&) {
        BOOST_ERROR("asked twice");
        return true;
    };
    BOOST_TEST(frame->Close());
    BOOST_TEST(asked == 1);
    BOOST_TEST(wxPendingDelete.Member(frame));
    pump(50);
    frame = nullptr;
    storage::SqliteStore check(db);
    BOOST_TEST(check.templates().size() == stored);
}

// Every accelerator of the menus runs its command from every focus: the page list (where GTK's
// list view took Ctrl+N as "move down"), a text box and a data view.
BOOST_FIXTURE_TEST_CASE(menu_keys_work_from_every_focus, test::FrameFixture) {
    std::vector<int> ran;
    // Bound last, so called first: records the command instead of opening its dialog.
    frame->Bind(wxEVT_MENU, [&](wxCommandEvent& e) { ran.push_back(e.GetId()); });

    struct Key {
        int code, modifiers;
        const char* item; ///< the menu item's label
    };
    const Key keys[] = {{'N', wxMOD_CONTROL, "New visit…"},
                        {'O', wxMOD_CONTROL, "Open database…"},
                        {'I', wxMOD_CONTROL, "Import visits…"},
                        {WXK_F1, 0, "Keyboard shortcuts"},
                        {'D', wxMOD_CONTROL | wxMOD_SHIFT, "Scorecard designer…"},
                        {'Q', wxMOD_CONTROL, "Quit"}};

    auto* nav = dynamic_cast<wxListBox*>(frame->nav_splitter()->GetWindow1());
    BOOST_REQUIRE(nav);
    frame->show_page(app::MainFrame::Organisation);
    pump(60);
    std::vector<wxDataViewCtrl*> views;
    collect(frame->organisation_page(), views);
    BOOST_REQUIRE(!views.empty());
    std::vector<wxTextCtrl*> texts;
    frame->show_page(app::MainFrame::Visits);
    pump(30);
    collect(frame->visits_page(), texts);
    wxWindow* text = texts.empty() ? nullptr : texts.front();
    BOOST_REQUIRE(text);

    struct Focus {
        const char* name;
        wxWindow* window;
        app::MainFrame::Page page;
    };
    for (const Focus& f : {Focus{"page list", nav, app::MainFrame::Visits},
                           Focus{"text box", text, app::MainFrame::Visits},
                           Focus{"data view", views.front(), app::MainFrame::Organisation}}) {
        frame->show_page(f.page);
        f.window->SetFocus();
        pump(30);
        for (const Key& k : keys) {
            BOOST_TEST_INFO_SCOPE(std::string(f.name) + ": " + k.item);
            const int id = frame->GetMenuBar()->FindMenuItem(
                frame->GetMenuBar()->GetMenuLabelText(0), wxString::FromUTF8(k.item));
            const int want =
                id != wxNOT_FOUND ? id
                : frame->GetMenuBar()->FindMenuItem("Help", wxString::FromUTF8(k.item)) !=
                        wxNOT_FOUND
                    ? frame->GetMenuBar()->FindMenuItem("Help", wxString::FromUTF8(k.item))
                    : frame->GetMenuBar()->FindMenuItem("Tools", wxString::FromUTF8(k.item));
            BOOST_REQUIRE(want != wxNOT_FOUND);
            ran.clear();
            press_key(f.window, k.code, k.modifiers);
            pump(10);
            BOOST_TEST(ran == std::vector<int>{want});
        }
        // A plain letter stays with the focused control.
        ran.clear();
        press_key(f.window, 'N', 0);
        BOOST_TEST(ran.empty());
    }
    BOOST_TEST(frame->IsShown()); // Ctrl+Q was recorded, not run
}

// The score panel names the whole question that failed critically, wrapped to the panel's
// width (it used to be cut: "Critical failure (section = 0): Did the staff member let").
BOOST_FIXTURE_TEST_CASE(critical_failure_line_shows_the_whole_question, test::FrameFixture) {
    storage::Store& store = *frame->store();
    frame->start_visit(test::branch_visit_header(store));
    pump(60);
    app::VisitPage* page = frame->visit_page();
    BOOST_REQUIRE(page->model());
    // A narrow score panel, as after a person drags the sash.
    wxSplitterWindow* split = page->score_splitter();
    split->SetSashPosition(split->GetClientSize().x - 220);
    pump(60);
    const forms::Template& tpl = page->model()->tpl();
    const int qi = tpl.find_question("data_disclosed");
    BOOST_REQUIRE(qi >= 0);
    page->answer_from_ui(qi, forms::Answer::text("yes")); // disclosed: a critical failure
    pump(100);
    const wxString question = app::wxs(tpl.questions[static_cast<std::size_t>(qi)].text);
    BOOST_TEST(page->critical_text().Contains(question));
    wxStaticText* label = page->critical_label();
    BOOST_TEST(label->GetToolTipText().Contains(question));
    wxString shown = label->GetLabel();
    shown.Replace("\n", " ");
    BOOST_TEST(shown.Contains(question)); // every word shown, none elided
    const wxSize best = label->GetBestSize(), size = label->GetSize();
    BOOST_TEST(size.x >= best.x);
    BOOST_TEST(size.y >= best.y);
    BOOST_TEST(label->GetPosition().x + size.x <= label->GetParent()->GetClientSize().x);
    // Wider again: rewrapped to fewer lines, still whole.
    split->SetSashPosition(split->GetClientSize().x - 420);
    pump(100);
    BOOST_TEST(label->GetSize().y >= label->GetBestSize().y);
    BOOST_TEST(label->GetSize().y < size.y);
    BOOST_TEST(label->GetPosition().x + label->GetSize().x <=
               label->GetParent()->GetClientSize().x);
}

// The windows carry the app's icon (read from the source tree when not installed).
BOOST_FIXTURE_TEST_CASE(windows_have_the_app_icon, test::FrameFixture) {
    BOOST_TEST(!app::app_icon_path().empty());
    BOOST_TEST(!app::app_icons().IsEmpty());
    BOOST_TEST(!frame->GetIcons().IsEmpty());
    BOOST_TEST(frame->GetIcons().GetIcon(wxSize(48, 48)).IsOk());
    app::DesignerFrame* d = frame->open_designer();
    BOOST_TEST(!d->GetIcons().IsEmpty());
}

// Section titles too long for the index end in "…" (they used to be cut off unmarked).
BOOST_FIXTURE_TEST_CASE(section_index_marks_shortened_titles, test::FrameFixture) {
    frame->start_visit(test::branch_visit_header(*frame->store()));
    pump(60);
    app::VisitPage* page = frame->visit_page();
    page->index_splitter()->SetSashPosition(170);
    pump(150);
    auto* index = dynamic_cast<wxListBox*>(page->index_splitter()->GetWindow1());
    BOOST_REQUIRE(index);
    const int room = index->GetClientSize().x;
    int shortened = 0;
    for (unsigned i = 0; i < index->GetCount(); ++i) {
        const wxString item = index->GetString(i);
        BOOST_TEST_INFO_SCOPE(app::u8(item));
        BOOST_TEST(index->GetTextExtent(item).x <= room);
        shortened += item.EndsWith(wxString::FromUTF8("…")) ? 1 : 0;
    }
    BOOST_TEST(shortened > 0); // "Arrival and branch environment" does not fit in 170 px
    // Wider: whole again.
    page->index_splitter()->SetSashPosition(600);
    pump(150);
    for (unsigned i = 0; i < index->GetCount(); ++i)
        BOOST_TEST(!index->GetString(i).EndsWith(wxString::FromUTF8("…")));
}

// The scorecard designer's own window asks Save / Discard / Cancel when it closes with edits.
BOOST_FIXTURE_TEST_CASE(designer_asks_save_discard_cancel_when_closed, test::FrameFixture) {
    storage::Store& store = *frame->store();
    const std::size_t stored = store.templates().size();
    const int version = store.latest_template("branch-visit")->version;
    auto edited = [&] {
        app::DesignerFrame* d = frame->open_designer("branch-visit", version);
        d->confirm_discard = [](const wxString&) { return true; };
        pump(50);
        d->select({});
        BOOST_REQUIRE(d->set_property("name", wxString("Branch visit (edited)")));
        BOOST_REQUIRE(d->has_unsaved_changes());
        return d;
    };
    int answer = wxID_CANCEL, asked = 0;
    app::DesignerFrame* d = edited();
    d->confirm_close = [&](const wxString&) {
        ++asked;
        return answer;
    };
    BOOST_TEST(!d->Close()); // Cancel: stays open with the edits
    BOOST_TEST(asked == 1);
    BOOST_TEST(!wxPendingDelete.Member(d));
    BOOST_TEST(d->has_unsaved_changes());
    answer = wxID_NO; // Discard
    BOOST_TEST(d->Close());
    BOOST_TEST(asked == 2);
    BOOST_TEST(wxPendingDelete.Member(d));
    pump(50);
    BOOST_TEST(store.templates().size() == stored);

    d = edited();
    d->confirm_close = [&](const wxString&) {
        ++asked;
        return wxID_SAVE;
    };
    BOOST_TEST(d->Close());
    BOOST_TEST(asked == 3);
    pump(50);
    BOOST_TEST(store.templates().size() == stored + 1);
    BOOST_TEST(store.latest_template("branch-visit")->name == "Branch visit (edited)");
}

// The designer's menu keys work while its tree has the focus (GTK's tree view took Ctrl+N).
BOOST_FIXTURE_TEST_CASE(designer_menu_keys_work_from_the_tree, test::FrameFixture) {
    app::DesignerFrame* d = frame->open_designer();
    d->confirm_discard = [](const wxString&) { return true; };
    pump(50);
    BOOST_REQUIRE(d->new_from_bundled(0));
    d->select({1, 0});
    d->tree()->SetFocus();
    pump(30);
    const int before = d->model().question_count(1);
    press_key(d->tree(), 'N', wxMOD_CONTROL); // Add question
    pump(30);
    BOOST_TEST(d->model().question_count(1) == before + 1);
    press_key(d->tree(), 'Z', wxMOD_CONTROL); // Undo
    pump(30);
    BOOST_TEST(d->model().question_count(1) == before);
    d->Destroy();
}

// After a refused submit the "N questions are not answered yet" message counts down as
// questions are answered, and the unanswered questions are marked in the form itself.
BOOST_FIXTURE_TEST_CASE(unanswered_message_follows_the_answers, test::FrameFixture) {
    frame->start_visit(test::branch_visit_header(*frame->store()));
    pump(60);
    app::VisitPage* page = frame->visit_page();
    BOOST_REQUIRE(page->model());
    BOOST_TEST(!page->submit());
    std::vector<int> miss = page->model()->missing();
    BOOST_REQUIRE(miss.size() >= 2u);
    BOOST_TEST(page->message().StartsWith(
        wxString::Format("%zu questions are not answered yet", miss.size())));
    for (int qi : miss)
        BOOST_TEST(page->marked_missing(qi));
    const forms::Template& tpl = page->model()->tpl();
    const int first = miss.front();
    const forms::Question& q = tpl.questions[static_cast<std::size_t>(first)];
    forms::Answer a =
        q.type == forms::QuestionType::YesNo ? forms::Answer::text(q.expect)
        : q.type == forms::QuestionType::Number || q.type == forms::QuestionType::Scale ||
                q.type == forms::QuestionType::Nps
            ? forms::Answer::number(q.type == forms::QuestionType::Number ? 3 : q.max)
        : q.type == forms::QuestionType::Choice    ? forms::Answer::text(q.options.at(0).id)
        : q.type == forms::QuestionType::Checklist ? forms::Answer::list({q.options.at(0).id})
                                                   : forms::Answer::text("Fine.");
    shot("unanswered-marked");
    page->answer_from_ui(first, a);
    pump(30);
    shot("unanswered-one-answered");
    const std::size_t left = page->model()->missing().size();
    BOOST_TEST(left < miss.size());
    BOOST_TEST(!page->marked_missing(first));
    if (left > 0) {
        BOOST_TEST(page->message().StartsWith(wxString::Format("%zu question", left)));
        BOOST_TEST(page->marked_missing(page->model()->missing().front()));
    }
}

BOOST_AUTO_TEST_SUITE_END()
