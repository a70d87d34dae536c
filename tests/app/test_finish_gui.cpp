// Drives the New visit dialog (finding entries by part of a code or name, no assumed shopper,
// the focus and Tab stops), the read-only review of a visit and the score panel's columns.
#include "app/visits/new_visit_dialog.h"
#include "app/visits/visit_page.h"
#include "forms/error.h"
#include "gui_support.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <dlfcn.h>
#include <set>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/tglbtn.h>

using namespace vs;
using test::FrameFixture;
using test::pump;

namespace {

template <class T> std::vector<T*> children_of(wxWindow* parent) {
    std::vector<T*> found;
    for (wxWindow* w : parent->GetChildren())
        if (auto* t = dynamic_cast<T*>(w))
            found.push_back(t);
    return found;
}

/// The GTK widgets inside a window that Tab stops on (focusable and visible), or -1 when GTK's
/// functions cannot be found. Looked up at run time: the tests do not build against GTK.
int gtk_tab_stops(wxWindow* window) {
    using Widget = void;
    using Callback = void (*)(Widget*, void*);
    static const auto forall = reinterpret_cast<void (*)(Widget*, Callback, void*)>(
        dlsym(RTLD_DEFAULT, "gtk_container_forall"));
    static const auto can_focus =
        reinterpret_cast<int (*)(Widget*)>(dlsym(RTLD_DEFAULT, "gtk_widget_get_can_focus"));
    static const auto visible =
        reinterpret_cast<int (*)(Widget*)>(dlsym(RTLD_DEFAULT, "gtk_widget_get_visible"));
    static const auto is_a = reinterpret_cast<int (*)(Widget*, unsigned long)>(
        dlsym(RTLD_DEFAULT, "g_type_check_instance_is_a"));
    static const auto container_type =
        reinterpret_cast<unsigned long (*)()>(dlsym(RTLD_DEFAULT, "gtk_container_get_type"));
    if (!forall || !can_focus || !visible || !is_a || !container_type)
        return -1;
    struct Walk {
        static void visit(Widget* w, void* stops) {
            if (can_focus(w) && visible(w))
                static_cast<std::set<Widget*>*>(stops)->insert(w);
            if (is_a(w, container_type()))
                forall(w, &Walk::visit, stops);
        }
    };
    std::set<Widget*>
        stops; // (GTK may reach a widget twice: through its parent box and as a child)
    forall(window->GetHandle(), &Walk::visit, &stops);
    return static_cast<int>(stops.size());
}

/// Saves the screen as VS_SHOTS_DIR/name.png when that variable is set.
void shot(const std::string& name) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(150);
    // ImageMagick reads the X server itself (GTK 3's wxScreenDC gives stale pixels).
    const std::string command = "import -window root '" + std::string(dir) + "/" + name + ".png'";
    BOOST_TEST(std::system(command.c_str()) == 0);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(desktop_finish, FrameFixture)

// The branch is found by part of its name or code, as the box's hint says (it used to take
// only the whole "code — name" or the exact code).
BOOST_AUTO_TEST_CASE(new_visit_finds_a_branch_by_part_of_its_name_or_code) {
    storage::Store& store = *frame->store();
    const forms::Visit want = test::branch_visit_header(store);
    auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, false);
    auto branches = store.org_list(storage::OrgKind::Branch, clients[0].id, false);
    BOOST_REQUIRE(branches.size() >= 2u);
    auto fits = [&](const std::string& part) {
        int n = 0;
        for (const auto& b : branches)
            n += app::wxs(b.code).Lower().Contains(app::wxs(part).Lower()) ||
                 app::wxs(b.name).Lower().Contains(app::wxs(part).Lower());
        return n;
    };
    bool tried_name = false;
    for (const auto& b : branches) {
        BOOST_TEST_INFO_SCOPE(b.code + " " + b.name);
        // The name without its first letter, in small letters: part of a name, not its start.
        const std::string part = app::u8(app::wxs(b.name).Mid(1).Lower());
        if (b.name.size() < 4 || fits(part) != 1)
            continue;
        app::NewVisitDialog dlg(frame, store);
        dlg.choose("branch-visit", app::wxs(want.client), app::wxs(part), "",
                   app::wxs(want.shopper));
        BOOST_TEST(dlg.header().branch == b.code);
        tried_name = true;
        break;
    }
    BOOST_TEST(tried_name);
    // Part of a code (its end) that fits one branch.
    const std::string code_part = branches.back().code.substr(1);
    if (fits(code_part) == 1) {
        app::NewVisitDialog dlg(frame, store);
        dlg.choose("branch-visit", app::wxs(want.client), app::wxs(code_part), "",
                   app::wxs(want.shopper));
        BOOST_TEST(dlg.header().branch == branches.back().code);
    }
    // A part that fits several says so and names the field.
    {
        app::NewVisitDialog dlg(frame, store);
        dlg.choose("branch-visit", app::wxs(want.client), "", "", app::wxs(want.shopper));
        try {
            dlg.header();
            BOOST_FAIL("no branch was accepted");
        } catch (const InputError& e) {
            BOOST_TEST(e.where() == "branch");
            BOOST_TEST(e.message().find("Branch") != std::string::npos);
        }
    }
}

// The shopper is chosen, not silently the first of the list; creating without one says which
// field is missing. The first field has the focus, and each box is one Tab stop.
BOOST_AUTO_TEST_CASE(new_visit_asks_for_the_shopper_focuses_first_field_one_tab_stop_each) {
    storage::Store& store = *frame->store();
    const forms::Visit want = test::branch_visit_header(store);
    auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, false);
    auto shoppers = store.org_list(storage::OrgKind::Shopper, clients[0].id, false);
    BOOST_REQUIRE(shoppers.size() >= 2u);
    app::NewVisitDialog dlg(frame, store);
    auto combos = children_of<wxComboBox>(&dlg);
    BOOST_REQUIRE(combos.size() == 3u); // branch, employee, shopper
    BOOST_TEST(combos[2]->GetValue().empty());
    combos[0]->ChangeValue(app::wxs(want.branch));
    try {
        dlg.header();
        BOOST_FAIL("a visit without a shopper was accepted");
    } catch (const InputError& e) {
        BOOST_TEST(e.where() == "shopper");
    }
    dlg.Show();
    pump(150);
    // OK without a shopper: the dialog stays and names the field.
    wxCommandEvent ok(wxEVT_BUTTON, wxID_OK);
    ok.SetEventObject(dlg.FindWindow(wxID_OK));
    dlg.FindWindow(wxID_OK)->ProcessWindowEvent(ok);
    pump(30);
    BOOST_TEST(dlg.message().Contains("Shopper"));
    BOOST_TEST(dlg.IsShown());
    shot("new-visit-no-shopper");
    dlg.Hide();
    pump(30);

    // Opened again, the first field has the focus.
    app::NewVisitDialog again(frame, store);
    again.Show();
    pump(150);
    auto choices = children_of<wxChoice>(&again);
    BOOST_REQUIRE(!choices.empty());
    BOOST_TEST(wxWindow::FindFocus() == choices.front()); // the scorecard
    // One Tab stop per box (GTK's combo box also stopped on its arrow button).
    for (wxComboBox* box : children_of<wxComboBox>(&again))
        BOOST_TEST(gtk_tab_stops(box) == 1);
    // Choosing a shopper makes the visit.
    again.choose("branch-visit", app::wxs(want.client), app::wxs(want.branch), "",
                 app::wxs(shoppers[1].code));
    BOOST_TEST(again.header().shopper == shoppers[1].code);
    again.Hide();
    pump(30);
}

// In review (read-only) the chosen answer is shown enabled and pressed or checked, readable
// (it used to be greyed out like every other choice), and still cannot be changed.
BOOST_AUTO_TEST_CASE(review_shows_the_chosen_answer_readable_and_unchangeable) {
    storage::Store& store = *frame->store();
    auto ids = store.visit_ids(test::with_status(forms::Status::Submitted));
    BOOST_REQUIRE(!ids.empty());
    frame->open_visit(ids[0]);
    pump(60);
    app::VisitPage* page = frame->visit_page();
    BOOST_REQUIRE(page->model());
    BOOST_TEST(!page->editable());
    const forms::Template& tpl = page->model()->tpl();
    int seen = 0;
    for (int qi = 0; qi < static_cast<int>(tpl.questions.size()); ++qi) {
        const forms::Answer before = page->model()->answer(qi);
        if (!page->model()->visible(qi) || !before.answered())
            continue;
        const forms::Question& q = tpl.questions[static_cast<std::size_t>(qi)];
        BOOST_TEST_INFO_SCOPE("question " << q.id);
        if (q.type == forms::QuestionType::YesNo && !before.is_na()) {
            wxToggleButton* chosen = nullptr;
            for (wxToggleButton* b : page->buttons(qi)) {
                if (b->GetValue())
                    chosen = b;
                else
                    BOOST_TEST(!b->IsEnabled()); // the others are greyed out
            }
            BOOST_REQUIRE(chosen);
            BOOST_TEST(chosen->IsEnabled());
            BOOST_TEST(chosen->GetLabelText().Lower() == app::wxs(before.str()));
            test::toggle(chosen); // a click does not change it
            pump(20);
            BOOST_TEST(chosen->GetValue());
            BOOST_TEST((page->model()->answer(qi) == before));
            ++seen;
        } else if (q.type == forms::QuestionType::Checklist && !before.is_na()) {
            auto boxes = page->check_boxes(qi);
            for (wxCheckBox* c : boxes)
                BOOST_TEST(c->IsEnabled() == c->GetValue());
            for (wxCheckBox* c : boxes)
                if (c->GetValue()) {
                    test::check(c);
                    pump(20);
                    BOOST_TEST(c->GetValue());
                    BOOST_TEST((page->model()->answer(qi) == before));
                    break;
                }
            ++seen;
        }
    }
    BOOST_TEST(seen > 0);
    shot("review-read-only");
    // Changing the visit makes every choice available again.
    page->begin_change();
    pump(20);
    for (int qi = 0; qi < static_cast<int>(tpl.questions.size()); ++qi)
        for (wxToggleButton* b : page->buttons(qi))
            BOOST_TEST(b->IsEnabled());
}

// The score panel shows each section's name and score in two columns that never overlap, the
// score whole, even in the smallest window with the narrowest score panel (names used to run
// into their scores: "Arrival and branch envir…—").
BOOST_AUTO_TEST_CASE(score_panel_section_names_and_scores_do_not_overlap) {
    storage::Store& store = *frame->store();
    frame->SetSize(frame->GetMinSize());
    frame->start_visit(test::branch_visit_header(store));
    pump(60);
    app::VisitPage* page = frame->visit_page();
    BOOST_REQUIRE(page->model());
    wxSplitterWindow* split = page->score_splitter();
    split->SetSashPosition(split->GetClientSize().x - split->GetMinimumPaneSize());
    pump(100);
    wxWindow* panel = page->critical_label()->GetParent();
    const auto labels = children_of<wxStaticText>(panel);
    const forms::Template& tpl = page->model()->tpl();
    int checked = 0;
    for (const auto& sec : tpl.sections) {
        BOOST_TEST_INFO_SCOPE(sec.title);
        for (std::size_t i = 0; i + 1 < labels.size(); ++i) {
            if (labels[i]->GetToolTipText() != app::wxs(sec.title))
                continue;
            wxStaticText* name = labels[i];
            wxStaticText* score = labels[i + 1]; // made right after its name
            const wxRect n = name->GetRect(), s = score->GetRect();
            BOOST_TEST(n.GetRight() < s.GetLeft());
            BOOST_TEST(s.GetRight() < panel->GetClientSize().x);
            BOOST_TEST(s.GetWidth() >= score->GetTextExtent(score->GetLabel()).x);
            BOOST_TEST(n.GetWidth() > 0);
            ++checked;
            break;
        }
    }
    BOOST_TEST(checked == static_cast<int>(tpl.sections.size()));
    shot("score-panel-narrow");
}

BOOST_AUTO_TEST_SUITE_END()
