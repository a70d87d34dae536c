// The Trainings, Calibration, Organisation and Scorecards pages, the scorecard designer, the
// audit log and the settings and client report dialogs at 1280×800 and at the smallest size
// (1024×640): every list header readable and every column on the page, every button on
// screen, one clear message when there is no calibration exercise, channels named as people
// say them, and nothing cut (the layout check finds nothing).
#include "app/designer/designer_frame.h"
#include "app/insights/calibration_view.h"
#include "app/insights/chart.h"
#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/report_dialog.h"
#include "app/insights/training_dialog.h"
#include "app/insights/training_view.h"
#include "app/organisation/org_edit_dialog.h"
#include "app/organisation/organisation_page.h"
#include "app/organisation/scorecards_page.h"
#include "app/shell/settings_dialog.h"
#include "app/visits/audit_log_frame.h"
#include "forms/template.h"
#include "gui_support.h"
#include "layout_check.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>
#include <wx/button.h>
#include <wx/dataview.h>
#include <wx/listctrl.h>
#include <wx/propgrid/propgrid.h>
#include <wx/splitter.h>
#include <wx/stattext.h>

using namespace vs;
using test::pump;
using test::shot_of;

namespace {

const wxSize kSizes[] = {wxSize(1280, 800), wxSize(1024, 640)};

std::string at(wxSize s) {
    return std::to_string(s.x) + "x" + std::to_string(s.y);
}

void check_layout(wxWindow* w, const std::string& where) {
    for (const std::string& p : test::layout_problems(w))
        BOOST_TEST(false, "layout of " << where << ": " << p);
}

/// Every column of a report list at least as wide as its header's text and within the width
/// the list shows its rows in.
void check_columns(wxListCtrl* list, const std::string& where) {
    int visible = list->GetClientSize().x;
    for (const wxWindow* c : list->GetChildren())
        if (c->IsShown() && c->GetClientSize().x > 0)
            visible = std::min(visible, c->GetClientSize().x);
    int right = 0;
    for (int i = 0; i < list->GetColumnCount(); ++i) {
        wxListItem item;
        item.SetMask(wxLIST_MASK_TEXT);
        list->GetColumn(i, item);
        const int width = list->GetColumnWidth(i);
        right += width;
        BOOST_TEST(width >= list->GetTextExtent(item.GetText()).x + 16,
                   where << ": column \"" << app::u8(item.GetText()) << "\" is " << width << " px");
        BOOST_TEST(right <= visible, where << ": column \"" << app::u8(item.GetText())
                                           << "\" ends at " << right << " px of " << visible);
    }
}

/// The same for a data view; its cells end in "…" where they are cut.
void check_columns(wxDataViewCtrl* view, const std::string& where) {
    int right = 0;
    for (unsigned i = 0; i < view->GetColumnCount(); ++i) {
        wxDataViewColumn* col = view->GetColumn(i);
        right += col->GetWidth();
        BOOST_TEST(col->GetWidth() >= view->GetTextExtent(col->GetTitle()).x + 16,
                   where << ": column \"" << app::u8(col->GetTitle()) << "\" is " << col->GetWidth()
                         << " px");
        BOOST_TEST(right <= view->GetClientSize().x, where << ": column \""
                                                           << app::u8(col->GetTitle())
                                                           << "\" ends at " << right << " px");
        BOOST_TEST(col->GetRenderer()->GetEllipsizeMode() == wxELLIPSIZE_END, where);
    }
}

template <typename T> T* find_child(wxWindow* parent) {
    for (wxWindow* w : parent->GetChildren())
        if (auto* t = dynamic_cast<T*>(w))
            return t;
    return nullptr;
}

/// The main window on a database of 1500 demo visits with the demo's trainings.
struct PagesFixture {
    test::TempDir dir;
    std::string db = dir.path("pages.db");
    app::MainFrame* frame = nullptr;
    std::vector<std::shared_ptr<const forms::Template>> templates;
    PagesFixture() {
        {
            storage::SqliteStore s(db);
            templates = test::fill_demo_with_trainings(s, 1500);
        }
        frame = new app::MainFrame(db);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        frame->nav_splitter()->SetSashPosition(170);
        pump(100);
    }
    ~PagesFixture() {
        frame->Destroy();
        pump(50);
    }
    void resize(wxSize size) {
        frame->SetSize(0, 0, size.x, size.y);
        pump(200);
    }
    void show(app::MainFrame::Page page) {
        frame->show_page(page);
        pump(200);
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(pages_finish, PagesFixture)

BOOST_AUTO_TEST_CASE(trainings_columns_fit_their_headers_and_the_list) {
    show(app::MainFrame::Dashboard);
    app::ViewFilter all = frame->dashboard_page()->dashboard()->filter();
    all.from_day.reset(); // every training of the client
    frame->dashboard_page()->dashboard()->set_filter(all);
    app::TrainingView* view = frame->trainings_page();
    for (const wxSize size : kSizes) {
        resize(size);
        show(app::MainFrame::Trainings);
        BOOST_REQUIRE(!view->rows().empty());
        check_columns(view->list(), "trainings at " + at(size));
        check_layout(view, "trainings at " + at(size));
        shot_of("trainings-" + at(size), frame);
        // The chart's caption is one short line; what was measured is in the verdict.
        BOOST_TEST(view->chart()->data().note == "Whiskers: 95% CI of each mean.");
        BOOST_TEST(view->verdict().Contains("Measured:"));
    }
}

BOOST_AUTO_TEST_CASE(trainings_page_without_trainings_fits) {
    show(app::MainFrame::Trainings); // the last year: the demo's trainings are older
    app::TrainingView* view = frame->trainings_page();
    for (const wxSize size : kSizes) {
        resize(size);
        show(app::MainFrame::Trainings);
        check_columns(view->list(), "empty trainings at " + at(size));
        check_layout(view, "empty trainings at " + at(size));
    }
}

BOOST_AUTO_TEST_CASE(calibration_empty_state_is_one_message_across_the_page) {
    app::CalibrationView* view = frame->calibration_page();
    for (const wxSize size : kSizes) {
        resize(size);
        show(app::MainFrame::Calibration);
        BOOST_REQUIRE(view->exercises().empty()); // the demo has none
        wxStaticText* empty = view->empty_label();
        BOOST_TEST(empty->IsShownOnScreen());
        BOOST_TEST(view->empty_message().Contains("No calibration visits"));
        // Across the page, not squeezed into a column: at least half its width, and its text
        // wrapped within it (its lines at most as wide as the label).
        BOOST_TEST(empty->GetSize().x * 2 >= view->GetClientSize().x,
                   empty->GetSize().x << " of " << view->GetClientSize().x << " px at "
                                      << at(size));
        BOOST_TEST(empty->GetBestSize().x <= empty->GetSize().x + 1);
        BOOST_TEST(empty->GetBestSize().y <= empty->GetSize().y + 1);
        BOOST_TEST(!view->exercise_list()->IsShown()); // no empty tables under it
        BOOST_TEST(!view->shopper_list()->IsShown());
        check_layout(view, "calibration at " + at(size));
    }
}

BOOST_AUTO_TEST_CASE(calibration_tables_fit_at_both_sizes) {
    // Four shoppers' answers of one scorecard at one client make an exercise; the first is the
    // reference.
    show(app::MainFrame::Dashboard);
    storage::DemoOptions o;
    o.visits = 200;
    o.seed = 99;
    const std::string client = frame->dashboard_page()->dashboard()->filter().client;
    std::vector<forms::Visit> exercise;
    for (forms::Visit v : storage::make_demo_data(templates, o).visits)
        if (v.client == client && exercise.size() < 4 &&
            (exercise.empty() || v.template_id == exercise.front().template_id)) {
            v.calibration = "CAL-SPRING-BRANCH-VISIT";
            v.reference = exercise.empty();
            v.status = forms::Status::Approved;
            exercise.push_back(std::move(v));
        }
    BOOST_REQUIRE(exercise.size() == 4u);
    frame->store()->import_visits(exercise, "calibration");
    app::ViewFilter all = frame->dashboard_page()->dashboard()->filter();
    all.from_day.reset();
    frame->dashboard_page()->dashboard()->set_filter(all);
    app::CalibrationView* view = frame->calibration_page();
    for (const wxSize size : kSizes) {
        resize(size);
        show(app::MainFrame::Calibration);
        BOOST_REQUIRE(view->exercises().size() == 1u);
        BOOST_TEST(view->empty_message().empty());
        BOOST_TEST(view->exercise_list()->IsShownOnScreen());
        check_columns(view->exercise_list(), "calibration exercises at " + at(size));
        check_columns(view->shopper_list(), "calibration shoppers at " + at(size));
        check_layout(view, "calibration at " + at(size));
        shot_of("calibration-" + at(size), frame);
    }
}

BOOST_AUTO_TEST_CASE(organisation_buttons_within_the_window_at_both_sizes) {
    app::OrganisationPage* page = frame->organisation_page();
    for (const wxSize size : kSizes) {
        resize(size);
        show(app::MainFrame::Organisation);
        const wxRect client(frame->ClientToScreen(wxPoint(0, 0)), frame->GetClientSize());
        int buttons = 0;
        for (wxWindow* w : page->GetChildren())
            if (auto* b = dynamic_cast<wxButton*>(w); b && b->IsShown()) {
                ++buttons;
                BOOST_TEST(client.Contains(b->GetScreenRect()),
                           app::u8(b->GetLabel()) << " is off screen at " << at(size));
            }
        BOOST_TEST(buttons == 4);
        auto* list = find_child<wxDataViewCtrl>(page);
        BOOST_REQUIRE(list);
        check_columns(list, "organisation at " + at(size));
        check_layout(page, "organisation at " + at(size));
    }
}

BOOST_AUTO_TEST_CASE(scorecards_show_channel_names_and_fit_their_columns) {
    BOOST_TEST(forms::channel_label("in_person") == "In person");
    BOOST_TEST(forms::channel_label("phone") == "Phone");
    BOOST_TEST(forms::channel_label("email_chat") == "Email/Chat");
    BOOST_TEST(forms::channel_label("mystery_call") == "Mystery call");
    BOOST_TEST(forms::channel_label("").empty());

    app::ScorecardsPage* page = frame->scorecards_page();
    for (const wxSize size : kSizes) {
        resize(size);
        show(app::MainFrame::Scorecards);
        auto* list = find_child<wxDataViewListCtrl>(page);
        BOOST_REQUIRE(list);
        BOOST_REQUIRE(page->count() >= 3u);
        std::vector<std::string> channels;
        for (unsigned r = 0; r < page->count(); ++r)
            channels.push_back(app::u8(list->GetTextValue(r, 3)));
        BOOST_TEST(std::count(channels.begin(), channels.end(), "In person") >= 1);
        BOOST_TEST(std::count(channels.begin(), channels.end(), "Phone") == 1);
        BOOST_TEST(std::count(channels.begin(), channels.end(), "in_person") == 0);
        check_columns(list, "scorecards at " + at(size));
        check_layout(page, "scorecards at " + at(size));
    }
}

BOOST_AUTO_TEST_CASE(designer_shows_every_property_name_in_full) {
    app::DesignerFrame* designer = frame->open_designer();
    BOOST_REQUIRE(designer);
    for (const wxSize size : kSizes) {
        designer->SetSize(0, 0, size.x, size.y);
        pump(200);
        wxPropertyGrid* pg = designer->grid();
        int widest = 0;
        for (auto it = pg->GetIterator(); !it.AtEnd(); ++it)
            widest = std::max(widest, pg->GetTextExtent((*it)->GetLabel()).x);
        BOOST_TEST(widest >= pg->GetTextExtent("Minimum applicable share").x); // the scorecard's
        BOOST_TEST(pg->GetSplitterPosition() >= widest + pg->GetMarginWidth() + 4,
                   "names column " << pg->GetSplitterPosition() << " px, longest name " << widest
                                   << " px at " << at(size));
        BOOST_TEST(pg->GetClientSize().x - pg->GetSplitterPosition() >= 120,
                   "values column at " << at(size));
        check_layout(designer, "designer at " + at(size));
        designer->show_preview(true);
        pump(300);
        check_layout(designer, "designer preview at " + at(size));
        designer->show_preview(false);
        pump(100);
    }
    designer->Destroy();
    pump(50);
}

BOOST_AUTO_TEST_CASE(audit_log_and_dialogs_fit_at_both_sizes) {
    app::AuditLogFrame* log = frame->open_audit_log();
    BOOST_REQUIRE(log);
    for (const wxSize size : kSizes) {
        log->SetSize(0, 0, size.x, size.y);
        pump(200);
        check_columns(log->view(), "audit log at " + at(size));
        check_layout(log, "audit log at " + at(size));
    }
    log->Destroy();
    pump(50);

    auto* settings = new app::SettingsDialog(frame, *frame->store(), "Alex Reviewer");
    settings->Show();
    pump(200);
    check_layout(settings, "settings dialog");
    BOOST_TEST(settings->GetSize().x <= 1024);
    settings->Destroy();
    const std::string client = frame->dashboard_page()->dashboard()->filter().client;
    auto* training = new app::TrainingDialog(frame, *frame->store(), client);
    training->Show();
    pump(200);
    check_layout(training, "record training dialog");
    BOOST_TEST(training->GetSize().y <= 640);
    training->Destroy();
    const auto clients = frame->store()->org_list(storage::OrgKind::Client, std::nullopt, false);
    for (const storage::OrgKind kind : {storage::OrgKind::Branch, storage::OrgKind::Employee}) {
        auto* edit = new app::OrgEditDialog(frame, *frame->store(), kind, clients, nullptr, 0);
        edit->Show();
        pump(200);
        check_layout(edit, "organisation entry dialog");
        edit->Destroy();
    }
    auto* report = new app::ReportDialog(frame, *frame->store(),
                                         frame->dashboard_page()->dashboard()->filter());
    report->Show();
    pump(200);
    check_layout(report, "client report dialog");
    BOOST_TEST(report->GetSize().x <= 1024);
    BOOST_TEST(report->GetSize().y <= 640);
    report->Destroy();
    pump(50);
}

BOOST_AUTO_TEST_SUITE_END()
