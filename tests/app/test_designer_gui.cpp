// Drives the real scorecard designer under Xvfb: build a small scorecard from scratch through
// the property grid and the menu commands, see a validation error marked on its node and undo
// it, preview it with the test answer sets (the live score equals the scoring library's), save
// it to the database, fill and submit one visit with it, then edit it into version 2 while
// version 1 stays read-only. With VS_SHOTS_DIR set, saves screenshots of the designer showing
// the validation error and of the preview.
#include "app/designer/designer_frame.h"
#include "app/designer/template_preview.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/visits/visit_form_model.h"
#include "app/visits/visit_page.h"
#include "scoring/visit_score.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <wx/app.h>
#include <wx/listctrl.h>
#include <wx/propgrid/propgrid.h>
#include <wx/treectrl.h>

using namespace vs;
using app::DesignerFrame;
using app::DesignerNode;

namespace {

void pump(int ms = 30) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    do {
        wxTheApp->Yield(true);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } while (std::chrono::steady_clock::now() < end);
}

/// Saves the whole screen as VS_SHOTS_DIR/name.png when that variable is set.
void shot(const char* name) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir)
        return;
    pump(300);
    std::string cmd = "import -window root ";
    cmd += dir;
    cmd += "/";
    cmd += name;
    cmd += ".png";
    BOOST_TEST(std::system(cmd.c_str()) == 0);
}

void set(DesignerFrame* d, const char* name, const wxVariant& value) {
    BOOST_TEST_INFO_SCOPE("property " << name);
    BOOST_TEST(d->set_property(name, value));
}

wxArrayString lines(std::initializer_list<const char*> items) {
    wxArrayString out;
    for (const char* s : items)
        out.Add(wxString::FromUTF8(s));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(designer_gui)

BOOST_AUTO_TEST_CASE(build_from_scratch_preview_save_and_fill_a_visit) {
    test::TempDir dir;
    const std::string db = dir.path("designer.db");
    {
        storage::SqliteStore s(db);
        test::fill_demo(s, 30); // clients, branches, staff and shoppers to visit
    }
    auto* frame = new app::MainFrame(db);
    frame->SetSize(1280, 800);
    frame->Show();
    pump(100);
    storage::Store& store = *frame->store();

    DesignerFrame* d = frame->open_designer();
    d->confirm_discard = [](const wxString&) { return true; };
    d->SetSize(0, 0, 1280, 800);
    pump(100);
    BOOST_REQUIRE(d->IsShown());
    BOOST_REQUIRE(d->new_blank());

    // The scorecard itself.
    d->select({});
    set(d, "id", wxString("phone-line"));
    set(d, "name", wxString("Phone line check"));
    set(d, "target", wxString("75"));
    set(d, "min_applicable", wxString("0.5"));
    // Section 1 and its first question: a yes/no that is critical for the visit.
    d->select({0, -1});
    set(d, "title", wxString("Answering the call"));
    d->select({0, 0});
    set(d, "id", wxString("answered_quickly"));
    set(d, "text", wxString("Was the call answered within five rings?"));
    set(d, "guidance", wxString("Count the rings from the first one you hear."));
    set(d, "critical", wxVariant(2L)); // visit
    // A scale with N/A.
    d->command(DesignerFrame::ID_AddQuestion);
    BOOST_TEST((d->selection() == DesignerNode{0, 1}));
    set(d, "type", wxVariant(1L)); // scale
    set(d, "id", wxString("friendliness"));
    set(d, "text", wxString("How friendly was the agent?"));
    set(d, "points", wxString("2"));
    set(d, "na", wxVariant(true));
    set(d, "labels", wxVariant(lines({"Cold", "", "Neutral", "", "Warm"})));
    BOOST_TEST(d->model().valid());

    // A validation error: marked on the question, with the forms library's message, then undone.
    set(d, "max", wxString("1"));
    BOOST_REQUIRE(!d->model().valid());
    BOOST_TEST(d->problem_text().Contains("friendliness"));
    BOOST_TEST(d->problem_text().Contains("must be greater than min"));
    {
        d->select(d->model().problem()->node);
        wxTreeItemId item = d->tree()->GetSelection();
        BOOST_TEST(d->tree()->GetItemText(item).StartsWith(wxString::FromUTF8("⚠")));
        BOOST_TEST((d->tree()->GetItemTextColour(item) == app::colour_below()));
        BOOST_TEST((d->model().problem()->node == DesignerNode{0, 1}));
        BOOST_TEST(d->grid()->GetPropertyByName("max") != nullptr);
    }
    shot("designer-validation-error");
    d->command(wxID_UNDO);
    BOOST_TEST(d->model().valid());
    BOOST_TEST(d->problem_text().empty());

    // A second section with a choice question, moved by keys.
    d->command(DesignerFrame::ID_AddSection);
    BOOST_TEST((d->selection() == DesignerNode{1, -1}));
    set(d, "title", wxString("Resolution"));
    set(d, "weight", wxString("2"));
    d->select({1, 0});
    set(d, "type", wxVariant(2L)); // choice
    set(d, "id", wxString("resolved"));
    set(d, "text", wxString("Was your question resolved?"));
    set(d, "options",
        wxVariant(lines({"fully | Fully | 1", "partly | Partly | 0.5", "no | Not at all | 0"})));
    set(d, "show_if.question", wxVariant(1L)); // answered_quickly
    set(d, "show_if.in", wxString("yes, no"));
    d->command(DesignerFrame::ID_AddQuestion);
    set(d, "type", wxVariant(6L)); // text
    set(d, "id", wxString("notes"));
    d->command(DesignerFrame::ID_MoveUp); // Alt+Up: before "resolved"
    BOOST_TEST((d->selection() == DesignerNode{1, 0}));
    BOOST_TEST(d->model().node({1, 1})["id"] == "resolved");
    BOOST_REQUIRE(d->model().valid());
    auto tpl = d->model().tpl();
    BOOST_TEST(tpl->questions.size() == 4u);
    BOOST_TEST(tpl->sections[1].weight == 2);

    // Preview: the shopper's form with the test answers and the live score.
    d->show_preview(true);
    pump(50);
    app::TemplatePreview* preview = d->preview();
    for (auto which : {app::TestAnswers::AllBest, app::TestAnswers::OneCriticalFailure,
                       app::TestAnswers::AllNa}) {
        preview->apply(which);
        pump(20);
        auto set_answers = app::test_answers(*tpl, which);
        auto lib = scoring::score_visit(*tpl, set_answers.answers);
        BOOST_TEST(preview->page()->score_text() == app::wxs(app::format_score(lib.score)));
        BOOST_TEST(preview->note() == app::wxs(set_answers.note));
    }
    preview->apply(app::TestAnswers::AllBest);
    BOOST_TEST(preview->page()->score_text() == "100.0");
    preview->apply(app::TestAnswers::OneCriticalFailure);
    BOOST_TEST(preview->page()->score_text() == "0.0");
    BOOST_TEST(!preview->page()->critical_text().empty());
    shot("designer-preview-critical-failure");
    // Answers can be changed by hand in the preview: N/A on the scale leaves 100.
    preview->apply(app::TestAnswers::AllBest);
    preview->page()->answer_from_ui(tpl->find_question("friendliness"), forms::Answer::na());
    BOOST_TEST(preview->page()->score_text() == "100.0");
    preview->page()->answer_from_ui(tpl->find_question("friendliness"), forms::Answer::number(3));
    BOOST_TEST(preview->page()->score_text() ==
               app::wxs(app::format_score(
                   scoring::score_visit(*tpl, preview->page()->model()->answers()).score)));
    d->show_preview(false);

    // Save: version 1 in the database.
    d->command(wxID_SAVE);
    BOOST_TEST(d->status().Contains("Saved phone-line version 1"));
    auto stored = store.find_template("phone-line", 1);
    BOOST_REQUIRE(stored);
    BOOST_TEST(forms::template_to_json(*stored) == forms::template_to_json(*tpl));

    // Fill one visit with it in the evaluator's form and submit it.
    forms::Visit header = test::branch_visit_header(store);
    header.template_id = "phone-line";
    header.template_version = 1;
    frame->start_visit(header);
    pump(50);
    app::VisitPage* page = frame->visit_page();
    BOOST_REQUIRE(page->model());
    BOOST_TEST(page->model()->tpl().id == "phone-line");
    forms::Answers answers(stored->questions.size());
    auto answer = [&](const char* id, forms::Answer a) {
        const int qi = stored->find_question(id);
        BOOST_REQUIRE(qi >= 0);
        answers[static_cast<std::size_t>(qi)] = a;
        page->answer_from_ui(qi, a);
    };
    answer("answered_quickly", forms::Answer::text("yes"));
    answer("friendliness", forms::Answer::number(4));
    answer("resolved", forms::Answer::text("partly"));
    answer("notes", forms::Answer::text("Polite, but put me on hold twice."));
    BOOST_TEST(page->submit());
    const std::string uuid = page->model()->header().uuid;
    storage::VisitFilter f;
    f.statuses.clear();
    f.uuid = uuid;
    int rows = 0;
    const auto want = scoring::score_visit(*stored, answers);
    store.visit_scores(f, [&](const storage::VisitScoreRow& r) {
        ++rows;
        BOOST_TEST(r.template_id == "phone-line");
        BOOST_TEST(r.template_version == 1);
        BOOST_TEST(r.score.value_or(-1) == want.score.value_or(-2),
                   boost::test_tools::tolerance(1e-9));
    });
    BOOST_TEST(rows == 1);
    // (1 + 0.75·2)/3 = 83.33… for section 1; section 2 0.5 → (83.33 + 2·50)/3.
    BOOST_TEST(want.score.value_or(0) == (250.0 / 3 + 100) / 3, boost::test_tools::tolerance(1e-9));

    // Next quarter: a change becomes version 2; version 1 keeps its visit and stays read-only.
    d->select({});
    set(d, "target", wxString("80"));
    d->command(wxID_SAVE);
    BOOST_TEST(d->status().Contains("version 2"));
    BOOST_REQUIRE(d->versions()->GetItemCount() == 2);
    BOOST_TEST(d->versions()->GetItemText(0, 0) == "1");
    BOOST_TEST(d->versions()->GetItemText(0, 1) == "1"); // one visit
    BOOST_TEST(d->versions()->GetItemText(1, 1) == "0");
    BOOST_TEST(d->versions()->GetItemText(1, 2).Contains("current"));
    BOOST_REQUIRE(d->open_stored("phone-line", 1));
    BOOST_TEST(d->model().read_only());
    BOOST_TEST(d->grid()->GetPropertyByName("target")->HasFlag(wxPG_PROP_READONLY));
    BOOST_TEST(!d->save());
    BOOST_TEST(store.find_template("phone-line", 1)->target == 75);

    d->Destroy();
    frame->Destroy();
    pump(50);
}

BOOST_AUTO_TEST_CASE(bundled_scorecard_json_round_trip_and_preview) {
    test::TempDir dir;
    storage::SqliteStore store(dir.path("d.db"));
    auto* d = new DesignerFrame(nullptr, &store);
    d->confirm_discard = [](const wxString&) { return true; };
    d->SetSize(0, 0, 1280, 800);
    d->Show();
    pump(50);
    BOOST_REQUIRE(d->new_from_bundled(0));
    const std::string name(templates::bundled()[0].first);
    auto original = forms::parse_template(templates::bundled()[0].second, name);
    BOOST_TEST(forms::template_to_json(*d->model().tpl()) == forms::template_to_json(original));
    const std::string json_path = dir.path("out.json");
    BOOST_REQUIRE(d->export_json(json_path));
    BOOST_REQUIRE(d->new_blank());
    BOOST_REQUIRE(d->import_json(json_path));
    BOOST_TEST(forms::template_to_json(*d->model().tpl()) == forms::template_to_json(original));
    const std::string csv_path = dir.path("out.csv");
    BOOST_REQUIRE(d->export_csv(csv_path));
    BOOST_REQUIRE(d->new_blank());
    BOOST_REQUIRE(d->import_csv(csv_path));
    BOOST_TEST(forms::template_to_json(*d->model().tpl()) == forms::template_to_json(original));
    // Drag and drop in the tree: the first question onto the second section (to its end).
    const int before = d->model().question_count(1);
    const std::string dragged = d->model().node({0, 0})["id"];
    auto item = [&](DesignerNode n) {
        d->select(n);
        return d->tree()->GetSelection();
    };
    wxTreeEvent begin(wxEVT_TREE_BEGIN_DRAG, d->tree(), item({0, 0}));
    d->tree()->ProcessWindowEvent(begin);
    BOOST_TEST(begin.IsAllowed());
    wxTreeEvent end(wxEVT_TREE_END_DRAG, d->tree(), item({1, -1}));
    d->tree()->ProcessWindowEvent(end);
    BOOST_TEST(d->model().question_count(1) == before + 1);
    BOOST_TEST(d->model().node({1, before})["id"] == dragged);
    d->command(wxID_UNDO);
    BOOST_TEST(d->model().question_count(1) == before);

    d->show_preview(true);
    d->preview()->apply(app::TestAnswers::AllNa);
    pump(50);
    auto set = app::test_answers(original, app::TestAnswers::AllNa);
    BOOST_TEST(d->preview()->page()->score_text() ==
               app::wxs(app::format_score(scoring::score_visit(original, set.answers).score)));
    shot("designer-preview-all-na");
    d->Destroy();
    pump(50);
}

BOOST_AUTO_TEST_SUITE_END()
