// Drives the real frames through the rest of the evaluator's and reviewer's work: photos and
// receipts, the review view with its audit log, the visit's details, keys in the form, the
// Organisation page (add, edit, deactivate, CSV import), backup, recent files and the window's
// remembered geometry.
#include "app/organisation/org_edit_dialog.h"
#include "app/organisation/organisation_page.h"
#include "app/organisation/scorecards_page.h"
#include "app/visits/new_visit_dialog.h"
#include "app/visits/visit_page.h"
#include "app/visits/visits_page.h"
#include "forms/error.h"
#include "gui_support.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/stat.h>
#include <wx/filehistory.h>
#include <wx/image.h>
#include <wx/menu.h>
#include <wx/mstream.h>
#include <wx/splitter.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>

using namespace vs;
using forms::Answer;
using forms::QuestionType;
using test::FrameFixture;
using test::pump;

namespace {

/// Writes a w×h PNG photo and returns its bytes.
std::vector<unsigned char> write_png(const std::string& path, int w, int h) {
    wxImage img(w, h);
    img.SetRGB(wxRect(0, 0, w, h), 0x30, 0x80, 0xC0);
    BOOST_REQUIRE(img.SaveFile(path, wxBITMAP_TYPE_PNG));
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

wxArrayString paths(std::initializer_list<std::string> files) {
    wxArrayString out;
    for (const auto& f : files)
        out.Add(app::wxs(f));
    return out;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

/// A new draft on the branch-visit scorecard, open in the visit page.
app::VisitPage* start_draft(app::MainFrame* frame, std::int64_t* id) {
    *id = frame->start_visit(test::branch_visit_header(*frame->store()));
    pump(50);
    return frame->visit_page();
}

/// Answers every visible question (yes/no as expected, first option, …) through the widgets.
void answer_all(app::VisitPage* page) {
    const forms::Template& tpl = page->model()->tpl();
    for (int qi = 0; qi < static_cast<int>(tpl.questions.size()); ++qi) {
        if (!page->model()->visible(qi) || !page->model()->required(qi))
            continue;
        const forms::Question& q = tpl.questions[static_cast<std::size_t>(qi)];
        switch (q.type) {
        case QuestionType::YesNo:
            page->answer_from_ui(qi, Answer::text(q.expect.empty() ? "yes" : q.expect));
            break;
        case QuestionType::Scale:
        case QuestionType::Nps:
            page->answer_from_ui(qi, Answer::number(q.type == QuestionType::Nps ? 9 : q.max));
            break;
        case QuestionType::Choice:
            page->answer_from_ui(qi, Answer::text(q.options.front().id));
            break;
        case QuestionType::Checklist:
            page->answer_from_ui(qi, Answer::list({q.options.front().id}));
            break;
        case QuestionType::Number:
            page->answer_from_ui(qi, Answer::number(3));
            break;
        case QuestionType::Text:
            break;
        }
    }
}

int sqlite_count(const std::string& db, const std::string& sql) {
    SQLite::Database d(db, SQLite::OPEN_READONLY);
    return d.execAndGet(sql).getInt();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(gui_pages, FrameFixture)

BOOST_AUTO_TEST_CASE(photos_attach_to_the_visit_and_to_a_question) {
    std::int64_t id = 0;
    app::VisitPage* page = start_draft(frame, &id);
    const std::string photo = dir.path("counter.png"), receipt = dir.path("receipt.pdf");
    const std::vector<unsigned char> bytes = write_png(photo, 640, 480);
    write_text(receipt, "%PDF-1.4 a receipt");
    BOOST_TEST(page->photos_text().Contains("none yet"));
    BOOST_TEST(page->shown_attachments("") == 0);

    BOOST_TEST(page->attach_files("", paths({photo})) == 1);
    const std::string question = page->model()->tpl().questions.at(1).id;
    BOOST_TEST(page->attach_files(question, paths({photo, receipt})) == 2);
    pump(20);
    BOOST_TEST(page->shown_attachments("") == 1);       // the photo's thumbnail
    BOOST_TEST(page->shown_attachments(question) == 2); // thumbnail + the receipt's button
    BOOST_TEST(page->photos_text().empty());

    // Stored in the database with the visit: data, question, thumbnail.
    auto stored = frame->store()->attachments(id);
    BOOST_REQUIRE(stored.size() == 3u);
    BOOST_TEST(stored[0].question.empty());
    BOOST_TEST(stored[0].name == "counter.png");
    BOOST_TEST(stored[0].mime == "image/png");
    BOOST_TEST((frame->store()->attachment_data(stored[0].id) == bytes));
    wxMemoryInputStream thumb(stored[0].thumbnail.data(), stored[0].thumbnail.size());
    wxImage t(thumb, wxBITMAP_TYPE_PNG);
    BOOST_REQUIRE(t.IsOk());
    BOOST_TEST(t.GetHeight() == 96); // a thumbnail, not the photo
    BOOST_TEST(stored[1].question == question);
    BOOST_TEST(stored[2].question == question);
    BOOST_TEST(stored[2].mime == "application/pdf");
    BOOST_TEST(stored[2].thumbnail.empty());
    BOOST_TEST(sqlite_count(db, "SELECT count(*) FROM attachments WHERE visit_id = " +
                                    std::to_string(id)) == 3);

    // Reopened, and once submitted (read-only) the reviewer still sees them.
    answer_all(page);
    BOOST_REQUIRE(page->submit());
    BOOST_TEST(!page->editable());
    BOOST_TEST(page->shown_attachments("") == 1);
    BOOST_TEST(page->shown_attachments(question) == 2);
    BOOST_TEST(page->attach_files("", paths({photo})) == 0); // read-only
}

BOOST_AUTO_TEST_CASE(review_view_shows_score_audit_and_actions) {
    storage::Store& store = *frame->store();
    auto ids = store.visit_ids(test::with_status(forms::Status::Submitted));
    BOOST_REQUIRE(ids.size() >= 2u);
    frame->open_visit(ids[0]);
    app::VisitPage* page = frame->visit_page();
    BOOST_TEST(!page->editable());
    BOOST_TEST(page->score_title() == "Visit score"); // not a "live" score
    BOOST_TEST(page->photos_text().empty());          // no "none yet" for a reviewer
    BOOST_TEST(page->shown_attachments("") == 0);
    BOOST_TEST(page->audit_rows().empty());
    BOOST_TEST(!page->apply_header(page->model()->header())); // read-only

    BOOST_TEST(page->approve());
    BOOST_TEST(page->score_title() == "Visit score");
    auto rows = page->audit_rows();
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0][1] == app::wxs(frame->who()));
    BOOST_TEST(rows[0][2] == "status");
    BOOST_TEST(rows[0][3] == "submitted → approved");
    BOOST_TEST(rows[0][0].length() == 16u); // "YYYY-MM-DD HH:MM"

    // Changing the approved visit's details needs a reason and leaves audit entries.
    page->prompt = [](const wxString&, const wxString&) {
        return std::optional<std::string>("wrong day typed");
    };
    page->begin_change();
    BOOST_TEST(page->score_title() == "Live score");
    forms::Visit before = page->model()->header();
    forms::Visit header;
    {
        app::NewVisitDialog dlg(frame, store, &before);
        forms::Visit same = dlg.header(); // the dialog starts from the visit's details
        BOOST_TEST(same.branch == before.branch);
        BOOST_TEST(same.shopper == before.shopper);
        BOOST_TEST(same.visited_at.substr(0, 16) == before.visited_at.substr(0, 16));
        dlg.set_when(wxDateTime(3, wxDateTime::Feb, 2026, 9, 45));
        header = dlg.header();
    }
    BOOST_TEST(header.visited_at == "2026-02-03T09:45:00");
    BOOST_TEST(page->apply_header(header));
    BOOST_TEST(page->save_change());
    rows = page->audit_rows();
    BOOST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(rows[1][2] == "visited_at");
    BOOST_TEST(rows[1][3] == app::wxs(before.visited_at + " → 2026-02-03T09:45:00"));
    BOOST_TEST(rows[1][4] == "wrong day typed");
    BOOST_TEST(store.load_visit(ids[0]).visit.visited_at == "2026-02-03T09:45:00");
    BOOST_TEST(!page->editable()); // read-only again

    // Return with a note and exclude from the review bar, each audited.
    frame->open_visit(ids[1]);
    page->confirm = [](const wxString&, const wxString&) { return true; };
    BOOST_TEST(page->exclude("Shopper was recognised by the staff."));
    rows = page->audit_rows();
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0][3] == "submitted → excluded");
    BOOST_TEST(rows[0][4] == "Shopper was recognised by the staff.");
}

BOOST_AUTO_TEST_CASE(draft_details_change_and_autosave) {
    std::int64_t id = 0;
    app::VisitPage* page = start_draft(frame, &id);
    storage::Store& store = *frame->store();
    forms::Visit before = page->model()->header();
    auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, false);
    auto branches = store.org_list(storage::OrgKind::Branch, clients[0].id, false);
    BOOST_REQUIRE(branches.size() >= 2u);
    forms::Visit header;
    {
        app::NewVisitDialog dlg(frame, store, &before);
        dlg.choose("", app::wxs(before.client), app::wxs(branches[1].code), "",
                   app::wxs(before.shopper));
        header = dlg.header();
    }
    BOOST_TEST(header.branch == branches[1].code);
    BOOST_TEST(header.employee.empty()); // "could not identify"
    BOOST_TEST(header.template_id == before.template_id);
    BOOST_TEST(page->apply_header(header));
    pump(1100); // autosaved within a second
    storage::StoredVisit sv = store.load_visit(id);
    BOOST_TEST(sv.visit.branch == branches[1].code);
    BOOST_TEST(sv.visit.employee.empty());
    BOOST_TEST((sv.visit.status == forms::Status::Draft));
    BOOST_TEST(store.audit_log(id).empty()); // drafts change freely
}

BOOST_AUTO_TEST_CASE(keys_answer_the_focused_question) {
    std::int64_t id = 0;
    app::VisitPage* page = start_draft(frame, &id);
    const forms::Template& tpl = page->model()->tpl();
    std::vector<int> yes_no, checklists;
    for (int qi = 0; qi < static_cast<int>(tpl.questions.size()); ++qi) {
        if (!page->model()->visible(qi))
            continue;
        const auto type = tpl.questions[static_cast<std::size_t>(qi)].type;
        if (type == QuestionType::YesNo)
            yes_no.push_back(qi);
        if (type == QuestionType::Checklist)
            checklists.push_back(qi);
    }
    BOOST_REQUIRE(yes_no.size() >= 3u);
    BOOST_REQUIRE(!checklists.empty());
    // 1 / 2 on yes/no, and the focus moves to the next question.
    page->first_control(yes_no[0])->SetFocus();
    BOOST_TEST(page->handle_key('1', page->first_control(yes_no[0])));
    BOOST_TEST((page->model()->answer(yes_no[0]) == Answer::text("yes")));
    BOOST_TEST(page->handle_key('2', page->first_control(yes_no[1])));
    BOOST_TEST((page->model()->answer(yes_no[1]) == Answer::text("no")));
    BOOST_TEST(page->handle_key('n', page->buttons(yes_no[2]).back()));
    BOOST_TEST((page->model()->answer(yes_no[2]) == Answer::text("no")));
    pump(20);
    BOOST_TEST(page->buttons(yes_no[2])[1]->GetValue()); // the "No" button shows it
    // Number keys tick checklist items; 0 is "None of these".
    const int cl = checklists[0];
    const forms::Question& q = tpl.questions[static_cast<std::size_t>(cl)];
    wxWindow* box = page->check_boxes(cl).front();
    BOOST_TEST(page->handle_key('2', box));
    BOOST_TEST(page->handle_key('1', box));
    BOOST_TEST((page->model()->answer(cl) == Answer::list({q.options[0].id, q.options[1].id})));
    BOOST_TEST(page->handle_key('2', box)); // again: untick
    BOOST_TEST((page->model()->answer(cl) == Answer::list({q.options[0].id})));
    BOOST_TEST(page->handle_key('0', box));
    BOOST_TEST((page->model()->answer(cl) == Answer::list({})));
    // Keys in text boxes are text.
    BOOST_TEST(!page->handle_key('1', page->text_box(cl) ? page->text_box(cl) : nullptr));
    // Every answer button says its key; Help lists them all.
    BOOST_TEST(page->buttons(yes_no[0])[0]->GetToolTipText() == "Key: Y or 1");
    const std::string help = app::keyboard_help();
    for (const char* key : {"Y or 1", "N or 2", "A or 3", "Space", "Tab", "Ctrl+Enter"})
        BOOST_TEST(help.find(key) != std::string::npos, key);
}

BOOST_AUTO_TEST_CASE(tab_moves_through_the_questions_in_order) {
    std::int64_t id = 0;
    app::VisitPage* page = start_draft(frame, &id);
    frame->Raise();
    pump(50);
    const forms::Template& tpl = page->model()->tpl();
    page->first_control(0)->SetFocus();
    pump(20);
    BOOST_REQUIRE(wxWindow::FindFocus() == page->first_control(0));
    // Tab from the first question reaches every control of the following questions in form
    // order: the question index never goes down.
    int last_q = 0, steps = 0;
    std::set<int> seen;
    while (steps++ < 60) {
        wxWindow::FindFocus()->Navigate(wxNavigationKeyEvent::IsForward);
        pump(5);
        wxWindow* f = wxWindow::FindFocus();
        BOOST_REQUIRE(f);
        int qi = -1;
        for (int i = 0; i < static_cast<int>(tpl.questions.size()) && qi < 0; ++i)
            for (wxWindow* p = f; p; p = p->GetParent())
                if (p == page->first_control(i)->GetParent()) {
                    qi = i;
                    break;
                }
        if (qi < 0)
            break; // left the questions (the summary)
        BOOST_TEST(qi >= last_q);
        last_q = qi;
        seen.insert(qi);
    }
    BOOST_TEST(seen.size() >= 10u); // 60 presses cross many questions, none skipped back
}

BOOST_AUTO_TEST_CASE(organisation_add_edit_deactivate) {
    storage::Store& store = *frame->store();
    frame->show_page(app::MainFrame::Organisation);
    app::OrganisationPage* org = frame->organisation_page();
    org->set_kind(storage::OrgKind::Branch);
    auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, false);
    const std::size_t before = org->rows().size();

    // Add: a missing code is refused in the dialog, naming the field.
    {
        app::OrgEditDialog dlg(frame, store, storage::OrgKind::Branch, clients, nullptr, 0);
        dlg.set_values(app::wxs(clients[0].name), "", "Harbour Street");
        BOOST_TEST(!dlg.save());
        BOOST_TEST(dlg.error().Contains("code"));
        dlg.set_values(app::wxs(clients[0].name), "B-NEW-1", "Harbour Street");
        BOOST_TEST(dlg.save());
    }
    org->reload();
    BOOST_TEST(org->rows().size() == before + 1);
    auto find = [&](const std::string& code) -> const storage::OrgEntity* {
        for (const auto& e : org->rows())
            if (e.code == code)
                return &e;
        return nullptr;
    };
    BOOST_REQUIRE(find("B-NEW-1"));
    // Edit.
    {
        app::OrgEditDialog dlg(frame, store, storage::OrgKind::Branch, clients, find("B-NEW-1"), 0);
        dlg.set_values("", "B-NEW-1", "Harbour Street (closed Mondays)");
        BOOST_TEST(dlg.save());
    }
    org->reload();
    BOOST_REQUIRE(find("B-NEW-1"));
    BOOST_TEST(find("B-NEW-1")->name == "Harbour Street (closed Mondays)");

    // Deactivate a branch that visits point at: it stays, with its visits; new visits no
    // longer offer it.
    std::size_t row = 0;
    while (row < org->rows().size() && org->rows()[row].visits == 0)
        ++row;
    BOOST_REQUIRE(row < org->rows().size());
    const storage::OrgEntity used = org->rows()[row];
    org->select(row);
    BOOST_TEST(org->toggle_active());
    BOOST_TEST(org->message().Contains("deactivated"));
    bool listed = false;
    for (const auto& e : store.org_list(storage::OrgKind::Branch, std::nullopt, false))
        listed |= e.id == used.id;
    BOOST_TEST(!listed);
    org->show_inactive(true);
    bool kept = false;
    for (const auto& e : org->rows())
        if (e.id == used.id) {
            kept = true;
            BOOST_TEST(!e.active);
            BOOST_TEST(e.visits == used.visits); // the visits still point at it
        }
    BOOST_TEST(kept);
    {
        app::NewVisitDialog dlg(frame, store);
        dlg.choose("branch-visit", app::wxs(used.client), app::wxs(used.code), "", "");
        BOOST_CHECK_THROW(dlg.header(), InputError);
    }
    // Reactivate.
    for (std::size_t i = 0; i < org->rows().size(); ++i)
        if (org->rows()[i].id == used.id)
            org->select(i);
    BOOST_TEST(org->toggle_active());
    BOOST_TEST(org->message().Contains("active again"));
}

BOOST_AUTO_TEST_CASE(organisation_csv_import) {
    storage::Store& store = *frame->store();
    frame->show_page(app::MainFrame::Organisation);
    app::OrganisationPage* org = frame->organisation_page();
    org->set_kind(storage::OrgKind::Employee);
    auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, false);
    const std::string good = dir.path("staff.csv"), bad = dir.path("staff-bad.csv");
    write_text(good, "client,code,name\n" + clients[0].name + ",E-CSV-1,Ada Park\n" +
                         clients[0].name + ",E-CSV-2,Ben Osei\n");
    write_text(bad, "client,code,name\n" + clients[0].name + ",E-CSV-3,Cy Lund\n" +
                        clients[0].name + ",,Dee Marsh\n");
    BOOST_TEST(org->import_csv(good) == 2u);
    BOOST_TEST(org->message().Contains("2 rows imported"));
    int found = 0;
    for (const auto& e : org->rows())
        found += e.code == "E-CSV-1" || e.code == "E-CSV-2";
    BOOST_TEST(found == 2);
    // Bad input: the page says which file, line and field; nothing is imported.
    BOOST_TEST(org->import_csv(bad) == 0u);
    BOOST_TEST(org->message().Contains("staff-bad.csv"));
    BOOST_TEST(org->message().Contains("line 3"));
    BOOST_TEST(org->message().Contains("\"code\""));
    BOOST_TEST(org->message().Contains("Nothing was imported"));
    for (const auto& e : store.org_list(storage::OrgKind::Employee, std::nullopt, true))
        BOOST_TEST(e.code != "E-CSV-3");
}

BOOST_AUTO_TEST_CASE(backup_is_a_private_consistent_snapshot) {
    std::int64_t id = 0;
    app::VisitPage* page = start_draft(frame, &id);
    // An answer typed a moment ago (autosave still pending) is in the backup.
    const forms::Template& tpl = page->model()->tpl();
    int yes_no = 0;
    while (tpl.questions[static_cast<std::size_t>(yes_no)].type != QuestionType::YesNo ||
           !page->model()->visible(yes_no))
        ++yes_no;
    page->answer_from_ui(yes_no, Answer::text("no"));
    const std::string file = dir.path("backup.db");
    frame->backup_to(file);
    struct stat st {};
    BOOST_REQUIRE(::stat(file.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    {
        SQLite::Database b(file, SQLite::OPEN_READONLY);
        BOOST_TEST(b.execAndGet("PRAGMA integrity_check").getString() == "ok");
    }
    BOOST_TEST(sqlite_count(file, "SELECT count(*) FROM visits") ==
               sqlite_count(db, "SELECT count(*) FROM visits"));
    storage::SqliteStore copy(file);
    const std::string q = tpl.questions[static_cast<std::size_t>(yes_no)].id;
    BOOST_TEST(copy.load_visit(id).visit.answers.at(q) == "no");
    // The database itself is refused as the backup file.
    BOOST_CHECK_THROW(frame->backup_to(db), InputError);
}

BOOST_AUTO_TEST_CASE(recent_files_reopen_a_database) {
    const std::string other = dir.path("other.db");
    {
        storage::SqliteStore s(other);
        test::fill_demo(s, 20);
    }
    BOOST_REQUIRE(frame->open_database(other));
    BOOST_TEST(frame->visits_page()->source().size() == 20u);
    BOOST_REQUIRE(frame->open_database(db));
    BOOST_TEST(frame->history()->GetHistoryFile(0) == app::wxs(db));
    BOOST_TEST(frame->history()->GetHistoryFile(1) == app::wxs(other));
    // The File menu lists them; choosing one reopens it.
    wxMenu* recent = nullptr;
    for (wxMenuItem* item : frame->GetMenuBar()->GetMenu(0)->GetMenuItems())
        if (item->GetSubMenu() && item->GetItemLabelText().Contains("recent"))
            recent = item->GetSubMenu();
    BOOST_REQUIRE(recent);
    BOOST_TEST(recent->FindItem(wxID_FILE2)->GetItemLabelText().Contains("other.db"));
    wxCommandEvent choose(wxEVT_MENU, wxID_FILE2);
    frame->ProcessWindowEvent(choose);
    BOOST_TEST(frame->database_path() == other);
    BOOST_TEST(frame->visits_page()->source().size() == 20u);
    // After a restart the list is still there.
    frame->Destroy();
    pump(30);
    frame = new app::MainFrame(db);
    BOOST_TEST(frame->history()->GetHistoryFile(0) == app::wxs(db));
    BOOST_TEST(frame->history()->GetHistoryFile(1) == app::wxs(other));
}

BOOST_AUTO_TEST_CASE(a_path_with_no_database_is_created_only_when_the_person_agrees) {
    const std::string missing = dir.path("new-folder/none.db");
    std::string asked;
    frame->confirm_create = [&](const std::string& path) {
        asked = path;
        return false;
    };
    BOOST_TEST(!frame->open_database(missing));
    BOOST_TEST(asked == missing);
    BOOST_TEST(!std::filesystem::exists(dir.path("new-folder")));
    BOOST_TEST(frame->database_path() == db); // the open database stays
    frame->confirm_create = [](const std::string&) { return true; };
    BOOST_TEST(frame->open_database(missing));
    BOOST_TEST(std::filesystem::exists(missing));
    BOOST_TEST(frame->database_path() == missing);
    // An existing database opens without a question.
    frame->confirm_create = nullptr;
    BOOST_TEST(frame->open_database(db));
}

BOOST_AUTO_TEST_CASE(window_geometry_and_splitters_are_remembered) {
    frame->SetSize(1100, 700);
    frame->Move(30, 20);
    frame->nav_splitter()->SetSashPosition(230);
    std::int64_t id = 0;
    app::VisitPage* page = start_draft(frame, &id);
    page->index_splitter()->SetSashPosition(300);
    const int score_width = page->score_splitter()->GetClientSize().x - 380;
    page->score_splitter()->SetSashPosition(score_width);
    pump(50);
    frame->show_page(app::MainFrame::Visits);
    pump(20);
    BOOST_TEST(frame->nav_splitter()->GetSashPosition() == 230);
    frame->Close(true); // as the person closes the window
    pump(50);
    frame = new app::MainFrame(db);
    frame->Show();
    pump(100);
    BOOST_TEST(frame->GetSize().x == 1100);
    BOOST_TEST(frame->GetSize().y == 700);
    BOOST_TEST(frame->GetPosition().x == 30);
    BOOST_TEST(frame->GetPosition().y == 20);
    BOOST_TEST(frame->nav_splitter()->GetSashPosition() == 230);
    frame->open_visit(id);
    pump(50);
    BOOST_TEST(frame->visit_page()->index_splitter()->GetSashPosition() == 300);
    wxSplitterWindow* s = frame->visit_page()->score_splitter();
    BOOST_TEST(s->GetClientSize().x - s->GetSashPosition() == 380);
}

BOOST_AUTO_TEST_CASE(scorecards_are_counted_only_when_shown) {
    app::ScorecardsPage* cards = frame->scorecards_page();
    BOOST_TEST(cards->count() == 0u); // not read when the database opened
    frame->show_page(app::MainFrame::Scorecards);
    BOOST_TEST(cards->count() == frame->store()->templates().size());
    BOOST_TEST(cards->count() > 0u);
}

BOOST_AUTO_TEST_CASE(a_survey_response_is_approved_and_excluded_without_review) {
    // A customer survey response (the bundled customer-survey) offers no Submit, Return or
    // Reopen: an excluded one offers Approve, which needs a reason in the note; an approved one
    // Exclude.
    storage::Store& store = *frame->store();
    forms::Visit v = test::branch_visit_header(store);
    v.uuid = "00000000-0000-4000-8000-00000000c5e1";
    v.template_id = "customer-survey";
    v.template_version = 1;
    v.shopper.clear();
    v.shopper_name.clear();
    v.employee.clear();
    v.status = forms::Status::Excluded;
    v.status_given = true;
    v.answers = {{"recommend", 9},       {"satisfaction", 4},       {"expectations", "yes"},
                 {"welcomed", "yes"},    {"wait_reasonable", "no"}, {"staff_helpful", 5},
                 {"staff_knowledge", 4}, {"resolved", "yes"},       {"return_likely", "probably"}};
    store.import_visits({v}, "survey");
    const std::int64_t id = *store.visit_id_of(v.uuid);
    frame->open_visit(id);
    pump(50);
    app::VisitPage* page = frame->visit_page();
    auto shown = [&](const char* label) {
        wxWindow* b = wxWindow::FindWindowByLabel(label, page);
        return b && b->IsShown();
    };
    BOOST_TEST(shown("Approve"));
    BOOST_TEST(!shown("Reopen…"));
    BOOST_TEST(!shown("Return with note"));
    BOOST_TEST(!shown("Exclude…"));
    BOOST_TEST(!shown("Submit visit"));
    // Without a reason: refused, naming it, still excluded.
    BOOST_TEST(!page->approve());
    BOOST_TEST(page->message().Contains("reason"), app::u8(page->message()));
    BOOST_TEST((store.load_visit(id).visit.status == forms::Status::Excluded));
    // The review bar's note box, beside its Approve button.
    wxTextCtrl* note = nullptr;
    for (wxWindow* c : wxWindow::FindWindowByLabel("Approve", page)->GetParent()->GetChildren())
        if (auto* t = dynamic_cast<wxTextCtrl*>(c))
            note = t;
    BOOST_REQUIRE(note);
    note->SetValue("excluded by mistake");
    BOOST_TEST(page->approve());
    BOOST_TEST((store.load_visit(id).visit.status == forms::Status::Approved));
    BOOST_TEST(store.audit_log(id).back().reason == "excluded by mistake");
    BOOST_TEST(shown("Exclude…"));
    BOOST_TEST(!shown("Approve"));
    BOOST_TEST(!shown("Reopen…"));
    BOOST_TEST(!shown("Return with note"));
    // Nor is it disputed: no Dispute… button, and Ctrl+D's step does nothing.
    BOOST_TEST(!page->dispute_button()->IsShown());
    bool asked = false;
    const auto frames_own = page->on_dispute;
    page->on_dispute = [&](std::int64_t) { asked = true; };
    BOOST_TEST(!page->dispute());
    page->on_dispute = frames_own;
    BOOST_TEST(!asked);

    // Nor from the Visits page: Dispute… disabled on the response, Ctrl+D's step does nothing;
    // on an approved mystery visit both work.
    frame->show_page(app::MainFrame::Visits);
    pump(50);
    app::VisitsPage* visits = frame->visits_page();
    visits->reload();
    BOOST_TEST_REQUIRE(visits->dispute_button()->IsShown());
    const std::string survey_name = store.find_template("customer-survey", 1)->name;
    std::int64_t mystery = 0;
    for (std::size_t i = 0; i < visits->source().size() && !mystery; ++i)
        if (const storage::VisitListRow* r = visits->source().row(i);
            r && r->status == forms::Status::Approved && r->scorecard_name != survey_name)
            mystery = r->id;
    BOOST_TEST_REQUIRE(mystery != 0);
    std::vector<std::int64_t> disputed;
    const auto visits_own = visits->on_dispute;
    visits->on_dispute = [&](std::int64_t v) { disputed.push_back(v); };
    visits->select_visit(id);
    pump(20);
    BOOST_TEST_REQUIRE(visits->selected() == id);
    visits->dispute_button()->UpdateWindowUI();
    BOOST_TEST(!visits->dispute_button()->IsEnabled());
    BOOST_TEST(!visits->dispute_selected());
    visits->select_visit(mystery);
    pump(20);
    BOOST_TEST_REQUIRE(visits->selected() == mystery);
    visits->dispute_button()->UpdateWindowUI();
    BOOST_TEST(visits->dispute_button()->IsEnabled());
    BOOST_TEST(visits->dispute_selected());
    visits->on_dispute = visits_own;
    BOOST_TEST(disputed == std::vector<std::int64_t>{mystery});
}

BOOST_AUTO_TEST_SUITE_END()
