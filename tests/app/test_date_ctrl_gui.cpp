// The ISO date field (shows and takes YYYY-MM-DD, refuses dates that do not exist, may be empty
// where a filter allows no date, opens a calendar) in its own right and where the app uses it
// (the visit list's From/to filter), and the Keyboard shortcuts window's two aligned columns.
// With VS_SHOTS_DIR set, the wrong-date note and the calendar are photographed there.
#include "app/insights/training_dialog.h"
#include "app/insights/training_view.h"
#include "app/shell/date_ctrl.h"
#include "app/shell/shortcuts_dialog.h"
#include "app/visits/new_visit_dialog.h"
#include "app/visits/visit_page.h"
#include "app/visits/visits_page.h"
#include "forms/error.h"
#include "gui_support.h"
#include "layout_check.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <memory>
#include <set>
#include <wx/calctrl.h>
#include <wx/frame.h>
#include <wx/menu.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

using namespace vs;
using test::FrameFixture;
using test::pump;

namespace {

/// A shown window holding one date field laid out by a sizer, as the app's pages do.
struct DateWindow {
    wxFrame* frame = new wxFrame(nullptr, wxID_ANY, "dates", wxDefaultPosition, wxSize(400, 200));
    app::DateCtrl* date = nullptr;
    std::vector<wxDateTime> events;

    explicit DateWindow(const wxDateTime& value, long style = wxDP_DEFAULT | wxDP_SHOWCENTURY) {
        auto* panel = new wxPanel(frame);
        date = new app::DateCtrl(panel, wxID_ANY, value, wxDefaultPosition, wxDefaultSize, style);
        auto* s = new wxBoxSizer(wxHORIZONTAL);
        s->Add(date, 0, wxALL, 8);
        panel->SetSizer(s);
        frame->Show();
        frame->Layout();
        date->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent& e) { events.push_back(e.GetDate()); });
        pump(50);
    }
    ~DateWindow() {
        frame->Destroy();
        pump(20);
    }
    /// Replaces the text as typing it does (each change reaches the field as wxEVT_TEXT).
    void type(const wxString& text) {
        date->text()->SetFocus();
        date->text()->SetValue(text);
        pump(10);
    }
    /// Enter in the field: the person is done with it.
    void enter() {
        wxCommandEvent e(wxEVT_TEXT_ENTER, date->text()->GetId());
        e.SetEventObject(date->text());
        e.SetString(date->text()->GetValue());
        date->text()->GetEventHandler()->ProcessEvent(e);
        pump(10);
    }
    void key(int code, int modifiers = 0) {
        wxKeyEvent e(wxEVT_KEY_DOWN);
        e.m_keyCode = code;
        e.SetEventObject(date->text());
        e.m_controlDown = (modifiers & wxMOD_CONTROL) != 0;
        e.m_altDown = (modifiers & wxMOD_ALT) != 0;
        date->text()->GetEventHandler()->ProcessEvent(e);
        pump(10);
    }
};

wxDateTime day(int y, wxDateTime::Month m, int d) {
    return wxDateTime(d, m, y);
}

/// The modal dialog named `name` when one is shown, else null.
wxDialog* shown_dialog(const wxString& name) {
    for (wxWindow* w : wxTopLevelWindows)
        if (auto* d = dynamic_cast<wxDialog*>(w); d && d->IsModal() && d->GetName() == name)
            return d;
    return nullptr;
}

template <class T> void collect(wxWindow* w, std::vector<T*>& out) {
    for (wxWindow* c : w->GetChildren()) {
        if (auto* t = dynamic_cast<T*>(c))
            out.push_back(t);
        collect(c, out);
    }
}

/// With VS_SHOTS_DIR set, a picture of the screen's `r` as VS_SHOTS_DIR/name.png.
void shot(const std::string& name, const wxRect& r) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(200);
    const std::string cmd = "import -window root -crop " + std::to_string(r.width) + "x" +
                            std::to_string(r.height) + "+" + std::to_string(r.x) + "+" +
                            std::to_string(r.y) + " +repage '" + dir + "/" + name + ".png'";
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}

} // namespace

BOOST_AUTO_TEST_SUITE(date_field)

BOOST_AUTO_TEST_CASE(shows_iso_dates_in_full_with_a_hint) {
    DateWindow w(day(2026, wxDateTime::Mar, 5));
    BOOST_TEST(w.date->text()->GetValue() == "2026-03-05");
    BOOST_TEST(w.date->text()->GetHint() == "YYYY-MM-DD");
    BOOST_TEST(w.date->GetValue().FormatISODate() == "2026-03-05");
    BOOST_TEST(w.date->IsValid());
    // The widest date fits the text box whole, and the field gets its best size.
    wxTextCtrl* t = w.date->text();
    const int need = t->GetSizeFromTextSize(t->GetTextExtent("2026-12-31").x).x;
    BOOST_TEST(t->GetSize().x >= need);
    BOOST_TEST(w.date->GetSize().x >= w.date->GetBestSize().x);
    BOOST_TEST(w.date->GetSize().y >= w.date->GetBestSize().y);
    BOOST_TEST(w.date->button()->GetSize().x >= w.date->button()->GetBestSize().x);
    for (const std::string& p : test::layout_problems(w.frame))
        BOOST_TEST(false, p);
    // Without wxDP_ALLOWNONE an invalid value is today.
    DateWindow none(wxDateTime{});
    BOOST_TEST(none.date->GetValue().IsSameDate(wxDateTime::Today()));
}

BOOST_AUTO_TEST_CASE(a_date_that_does_not_exist_is_refused_and_said) {
    DateWindow w(day(2026, wxDateTime::Mar, 5));
    const wxColour normal = w.date->text()->GetBackgroundColour();
    // Half typed, a date is not yet wrong: not red, the value the one before.
    w.type("2026-0");
    BOOST_TEST(!w.date->IsValid());
    BOOST_TEST(w.date->text()->GetBackgroundColour() == normal);
    BOOST_TEST(!w.date->note_shown());
    BOOST_TEST(w.date->GetValue().FormatISODate() == "2026-03-05");
    for (const char* wrong :
         {"2026-02-30", "2026-13-40", "03/05/2026", "1969-12-31", "2026-3-5", "2026-0"}) {
        w.type(wrong);
        w.enter(); // a date half typed is told when the person is done with it
        BOOST_TEST(!w.date->IsValid(), wrong);
        BOOST_TEST(!w.date->error().empty(), wrong);
        // Said where a person sees it: the field turns red and its tip names the problem.
        BOOST_TEST(w.date->text()->GetBackgroundColour() != normal, wrong);
        BOOST_TEST(w.date->text()->GetToolTipText() == w.date->error(), wrong);
        BOOST_TEST(w.date->GetValue().FormatISODate() == "2026-03-05", wrong);
    }
    w.type("1969-12-31");
    BOOST_TEST(w.date->error().Contains("1990-01-01"));
    w.type("2026-02-30");
    BOOST_TEST(w.date->error().Contains("not a date"));
    BOOST_TEST(w.date->error().Contains("February 2026 has 28 days"));
    // A whole date typed that does not exist is said at once, below the field.
    BOOST_TEST(w.date->note_shown());
    BOOST_TEST(w.date->note_text() == w.date->error());
    {
        wxRect r = w.frame->GetScreenRect();
        r.height += 80; // the note may reach below a small window
        shot("date-field-wrong", r);
    }
    BOOST_TEST(w.events.empty());
    // A real date is taken, the red mark goes, and the change is told once.
    w.type("2026-02-28");
    BOOST_TEST(w.date->IsValid());
    BOOST_TEST(w.date->error().empty());
    BOOST_TEST(!w.date->note_shown());
    BOOST_TEST(w.date->text()->GetBackgroundColour() == normal);
    BOOST_REQUIRE(w.events.size() == 1u);
    BOOST_TEST(w.events[0].FormatISODate() == "2026-02-28");
    BOOST_TEST(w.date->GetValue().FormatISODate() == "2026-02-28");
    // Without wxDP_ALLOWNONE an empty field is not a date either.
    w.type("");
    BOOST_TEST(!w.date->IsValid());
    BOOST_TEST(w.date->GetValue().FormatISODate() == "2026-02-28");
    // SetValue shows a date without an event, as wxDatePickerCtrl does.
    w.date->SetValue(day(2025, wxDateTime::Dec, 31));
    BOOST_TEST(w.date->text()->GetValue() == "2025-12-31");
    BOOST_TEST(w.date->IsValid());
    BOOST_TEST(w.events.size() == 1u);
}

BOOST_AUTO_TEST_CASE(up_and_down_change_the_day_page_keys_the_month) {
    DateWindow w(day(2026, wxDateTime::Mar, 31));
    w.key(WXK_UP);
    BOOST_TEST(w.date->text()->GetValue() == "2026-04-01");
    w.key(WXK_DOWN);
    w.key(WXK_DOWN);
    BOOST_TEST(w.date->text()->GetValue() == "2026-03-30");
    w.key(WXK_PAGEDOWN);
    BOOST_TEST(w.date->text()->GetValue() == "2026-02-28");
    w.key(WXK_PAGEUP);
    BOOST_TEST(w.date->text()->GetValue() == "2026-03-28");
    BOOST_TEST(w.events.size() == 5u);
    BOOST_TEST(w.events.back().FormatISODate() == "2026-03-28");
}

BOOST_AUTO_TEST_CASE(a_filter_field_may_be_empty) {
    DateWindow w(wxDateTime{}, wxDP_DROPDOWN | wxDP_ALLOWNONE);
    BOOST_TEST(w.date->text()->GetValue().empty());
    BOOST_TEST(!w.date->GetValue().IsValid());
    BOOST_TEST(w.date->IsValid());
    w.type("2026-06-01");
    BOOST_TEST(w.date->GetValue().FormatISODate() == "2026-06-01");
    w.type("");
    BOOST_TEST(w.date->IsValid());
    BOOST_TEST(!w.date->GetValue().IsValid());
    BOOST_REQUIRE(w.events.size() == 2u);
    BOOST_TEST(!w.events[1].IsValid());
    w.date->SetValue(wxInvalidDateTime);
    BOOST_TEST(w.date->text()->GetValue().empty());
}

BOOST_AUTO_TEST_CASE(the_calendar_picks_a_day_and_escape_leaves_it) {
    DateWindow w(day(2026, wxDateTime::Mar, 5));
    // Escape closes the calendar and changes nothing.
    bool seen = false;
    wxTheApp->CallAfter([&] {
        wxDialog* d = shown_dialog("date_calendar");
        seen = d != nullptr;
        if (!d)
            return;
        pump(100);
        for (const std::string& p : test::layout_problems(d))
            BOOST_TEST(false, "calendar: " << p);
        shot("date-calendar", d->GetScreenRect());
        wxKeyEvent esc(wxEVT_CHAR_HOOK);
        esc.m_keyCode = WXK_ESCAPE;
        esc.SetEventObject(d);
        d->GetEventHandler()->ProcessEvent(esc);
        if (d->IsModal()) { // Escape did not close it: close it so that the test goes on
            seen = false;
            d->EndModal(wxID_CANCEL);
        }
    });
    w.key(WXK_DOWN, wxMOD_ALT);
    BOOST_TEST(seen);
    BOOST_TEST(w.date->text()->GetValue() == "2026-03-05");
    BOOST_TEST(w.events.empty());

    // A day chosen and taken with Enter.
    seen = false;
    wxTheApp->CallAfter([&] {
        wxDialog* d = shown_dialog("date_calendar");
        seen = d != nullptr;
        if (!d)
            return;
        std::vector<wxCalendarCtrlBase*> cals;
        collect(d, cals);
        if (cals.size() == 1)
            cals[0]->SetDate(day(2026, wxDateTime::Apr, 17));
        wxKeyEvent enter(wxEVT_CHAR_HOOK);
        enter.m_keyCode = WXK_RETURN;
        enter.SetEventObject(d);
        d->GetEventHandler()->ProcessEvent(enter);
        if (d->IsModal()) {
            seen = false;
            d->EndModal(wxID_CANCEL);
        }
    });
    w.date->open_calendar();
    BOOST_TEST(seen);
    BOOST_TEST(w.date->text()->GetValue() == "2026-04-17");
    BOOST_REQUIRE(w.events.size() == 1u);
    BOOST_TEST(w.events[0].FormatISODate() == "2026-04-17");
}

BOOST_FIXTURE_TEST_CASE(the_visit_list_filters_by_the_typed_iso_dates, FrameFixture) {
    frame->show_page(app::MainFrame::Visits);
    pump(100);
    app::VisitsPage* page = frame->visits_page();
    std::vector<app::DateCtrl*> dates;
    collect(page, dates);
    BOOST_REQUIRE(dates.size() == 2u);
    app::DateCtrl* from = dates[0];
    app::DateCtrl* to = dates[1];
    BOOST_TEST(from->allows_none());
    BOOST_TEST(from->text()->GetValue().empty());
    app::VisitListCtrl* list = page->view();
    const long all = list->GetItemCount();
    BOOST_REQUIRE(all > 10);
    // The days of the visits, to choose a range from the middle of them.
    std::vector<std::string> days;
    for (long r = 0; r < all; ++r)
        days.push_back(app::u8(list->cell_text(r, app::VisitListCtrl::Date)).substr(0, 10));
    std::sort(days.begin(), days.end());
    const std::string first = days[days.size() / 3], last = days[2 * days.size() / 3];

    from->text()->SetFocus();
    from->text()->SetValue(app::wxs(first));
    pump(50);
    const long after_from = list->GetItemCount();
    BOOST_TEST(after_from < all);
    to->text()->SetFocus();
    to->text()->SetValue(app::wxs(last));
    pump(50);
    const long shown = list->GetItemCount();
    BOOST_TEST(shown < after_from);
    BOOST_TEST(shown > 0);
    for (long r = 0; r < shown; ++r) {
        const std::string d = app::u8(list->cell_text(r, app::VisitListCtrl::Date)).substr(0, 10);
        BOOST_TEST((d >= first && d <= last), d << " outside " << first << " to " << last);
    }
    // A date that does not exist changes nothing; emptied, the filter is gone.
    to->text()->SetValue("2026-02-30");
    pump(50);
    BOOST_TEST(!to->IsValid());
    BOOST_TEST(list->GetItemCount() == shown);
    to->text()->SetValue("");
    from->text()->SetValue("");
    pump(50);
    BOOST_TEST(list->GetItemCount() == all);

    // Both fields get their best size at the smallest window size too.
    for (wxSize size : {wxSize(1280, 800), wxSize(1024, 640)}) {
        frame->SetSize(size);
        pump(100);
        for (app::DateCtrl* d : dates) {
            BOOST_TEST(d->IsShownOnScreen());
            BOOST_TEST(d->GetSize().x >= d->GetBestSize().x, size.x);
            const wxRect r = d->GetScreenRect();
            const wxRect page_rect = page->GetScreenRect();
            BOOST_TEST(page_rect.Contains(r), size.x);
        }
    }
}

// A dialog's OK does not take the date shown before when the text is not a date.
BOOST_FIXTURE_TEST_CASE(dialogs_refuse_a_date_typed_wrong, FrameFixture) {
    storage::Store& store = *frame->store();
    const auto ids = store.visit_ids(test::with_status(forms::Status::Submitted));
    BOOST_REQUIRE(!ids.empty());
    const forms::Visit visit = store.load_visit(ids.front()).visit;
    {
        app::NewVisitDialog dlg(frame, store, &visit);
        std::vector<app::DateCtrl*> dates;
        collect(&dlg, dates);
        BOOST_REQUIRE(dates.size() == 1u);
        BOOST_TEST(dlg.header().visited_at.substr(0, 10) == visit.visited_at.substr(0, 10));
        dates[0]->text()->SetValue("2026-02-30");
        try {
            dlg.header();
            BOOST_FAIL("a date that does not exist was taken");
        } catch (const InputError& e) {
            BOOST_TEST(e.message().find("not a date") != std::string::npos, e.message());
        }
        dates[0]->text()->SetValue("2026-02-27");
        BOOST_TEST(dlg.header().visited_at.substr(0, 10) == "2026-02-27");
    }
    {
        app::TrainingDialog dlg(frame, store, visit.client);
        std::vector<app::DateCtrl*> dates;
        collect(&dlg, dates);
        BOOST_REQUIRE(dates.size() == 1u);
        dates[0]->text()->SetValue("2026-13-40");
        BOOST_TEST(dlg.value().date == "2026-13-40");
        BOOST_TEST(app::check(dlg.value()).find("is not a date") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(keyboard_shortcuts)

BOOST_FIXTURE_TEST_CASE(every_menu_key_is_listed_in_two_aligned_columns, FrameFixture) {
    const std::vector<app::ShortcutRow> menu_keys = app::menu_shortcuts(frame->GetMenuBar());
    BOOST_REQUIRE(menu_keys.size() >= 6u);
    for (wxSize size : {wxSize(1280, 800), wxSize(1024, 640)}) {
        frame->SetSize(size);
        pump(50);
        app::ShortcutsDialog dlg(
            frame, app::shortcut_sections(app::keyboard_help() + "\n\n" + app::date_field_keys(),
                                          frame->GetMenuBar()));
        dlg.Show();
        pump(150);
        const auto& keys = dlg.key_cells();
        const auto& actions = dlg.action_cells();
        BOOST_REQUIRE(keys.size() == actions.size());
        BOOST_REQUIRE(keys.size() > menu_keys.size());
        // Every menu accelerator is a key of the table.
        std::set<std::string> listed;
        for (wxStaticText* k : keys)
            listed.insert(app::u8(k->GetLabelText()));
        for (const app::ShortcutRow& m : menu_keys)
            BOOST_TEST(listed.count(m.key) == 1u, m.key << " (" << m.action << ") is not listed");
        for (const char* key : {"Ctrl+N", "Ctrl+Shift+D", "F1", "Ctrl+Q", "Tab / Shift+Tab",
                                "Ctrl+Enter", "Up / Down", "Alt+Down or F4"})
            BOOST_TEST(listed.count(key) == 1u, key);
        // Every key starts at one x, every description at another right of the widest key,
        // each on its key's line.
        const int key_x = keys.front()->GetScreenPosition().x;
        const int action_x = actions.front()->GetScreenPosition().x;
        int widest_key_right = 0;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const wxRect k = keys[i]->GetScreenRect(), a = actions[i]->GetScreenRect();
            BOOST_TEST(k.x == key_x, keys[i]->GetLabel());
            BOOST_TEST(a.x == action_x, actions[i]->GetLabel());
            BOOST_TEST(k.y == a.y, keys[i]->GetLabel());
            widest_key_right = std::max(widest_key_right, k.GetRight());
        }
        BOOST_TEST(action_x > widest_key_right + 8);
        // All of it fits the main window, nothing cut or overlapping.
        BOOST_TEST(dlg.GetSize().y <= size.y);
        BOOST_TEST(dlg.GetSize().x <= size.x);
        for (const std::string& p : test::layout_problems(&dlg))
            BOOST_TEST(false, p);
        dlg.Hide();
    }
}

BOOST_FIXTURE_TEST_CASE(f1_opens_the_table_and_escape_closes_it, FrameFixture) {
    bool seen = false, closed = false;
    wxTheApp->CallAfter([&] {
        wxDialog* d = nullptr;
        for (wxWindow* w : wxTopLevelWindows)
            if (auto* s = dynamic_cast<app::ShortcutsDialog*>(w); s && s->IsModal())
                d = s;
        seen = d != nullptr;
        if (!d)
            return;
        wxKeyEvent esc(wxEVT_CHAR_HOOK);
        esc.m_keyCode = WXK_ESCAPE;
        esc.SetEventObject(d);
        d->GetEventHandler()->ProcessEvent(esc);
        closed = !d->IsModal();
        if (!closed)
            d->EndModal(wxID_CANCEL);
    });
    wxKeyEvent f1(wxEVT_CHAR_HOOK);
    f1.m_keyCode = WXK_F1;
    f1.SetEventObject(frame);
    frame->GetEventHandler()->ProcessEvent(f1);
    BOOST_TEST(seen);
    BOOST_TEST(closed);
}

BOOST_AUTO_TEST_SUITE_END()
