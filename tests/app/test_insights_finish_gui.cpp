// The insight views (dashboard, branch, employee card) at the smallest window size and at
// 1280x800: nothing cut off or off screen, lists whose columns fit, charts whose labels stay
// clear of the data, a message in place of an empty chart, and a line that says why the target
// mixes scorecards when it does.
#include "app/insights/branch_view.h"
#include "app/insights/chart.h"
#include "app/insights/dashboard_model.h"
#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/employee_view.h"
#include "app/shell/ui_util.h"
#include "gui_support.h"
#include "layout_check.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>
#include <vector>
#include <wx/checkbox.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>

using namespace vs;

namespace {

/// The main window on a demo database of 1500 visits over the bundled scorecards (whose
/// targets differ: 85 and 80), with trainings.
struct InsightsFixture {
    test::TempDir dir;
    std::string db = dir.path("insights-gui.db");
    app::MainFrame* frame = nullptr;
    InsightsFixture() {
        {
            storage::SqliteStore s(db);
            test::fill_demo_with_trainings(s, 1500);
        }
        frame = new app::MainFrame(db);
        frame->SetSize(0, 0, 1280, 800);
        frame->Show();
        test::pump(100);
    }
    ~InsightsFixture() {
        frame->Destroy();
        test::pump(50);
    }
    app::DashboardPage* page() const { return frame->dashboard_page(); }
    app::DashboardView* dash() const { return page()->dashboard(); }

    void resize(int w, int h) {
        frame->SetSize(0, 0, w, h);
        test::pump(150);
    }
    void open_dashboard() {
        frame->show_page(app::MainFrame::Dashboard);
        test::pump(150);
        BOOST_REQUIRE(dash()->IsShownOnScreen());
        BOOST_REQUIRE(dash()->model()->data().overall);
    }
    app::BranchView* open_branch(std::size_t i) {
        page()->open_branch(dash()->model()->data().branches.at(i).code);
        test::pump(150);
        return page()->branch_view();
    }
    app::EmployeeView* open_employee(const std::string& code) {
        page()->open_employee(code);
        test::pump(150);
        return page()->employee_view();
    }
};

/// Every report of the layout check, one test failure each.
void expect_sound_layout(wxWindow* root, const std::string& what) {
    BOOST_TEST_INFO_SCOPE(what);
    BOOST_REQUIRE(root->IsShownOnScreen());
    for (const std::string& problem : test::layout_problems(root))
        BOOST_TEST(problem.empty(), problem);
}

/// Whether a report list's columns lie within its visible width and each is as wide as its
/// header's text needs.
void expect_columns_fit(wxListCtrl* list, const std::string& what) {
    BOOST_TEST_INFO_SCOPE(what);
    int right = 0;
    for (int c = 0; c < list->GetColumnCount(); ++c) {
        wxListItem item;
        item.SetMask(wxLIST_MASK_TEXT);
        list->GetColumn(c, item);
        BOOST_TEST_INFO_SCOPE(app::u8(item.GetText()));
        BOOST_TEST(list->GetColumnWidth(c) >= list->GetTextExtent(item.GetText()).x + 16);
        right += list->GetColumnWidth(c);
    }
    BOOST_TEST(right <= list->GetClientSize().x);
}

/// Whether `inner` lies wholly within the visible client area of the frame.
bool within_frame(wxWindow* inner, wxFrame* frame) {
    const wxRect client(frame->ClientToScreen(wxPoint(0, 0)), frame->GetClientSize());
    return client.Contains(inner->GetScreenRect());
}

bool crosses(const wxRect& r, const std::pair<wxPoint, wxPoint>& s) {
    for (int k = 0; k <= 64; ++k) {
        const double t = k / 64.0;
        const wxPoint p(static_cast<int>(std::lround(s.first.x + (s.second.x - s.first.x) * t)),
                        static_cast<int>(std::lround(s.first.y + (s.second.y - s.first.y) * t)));
        if (r.Contains(p))
            return true;
    }
    return false;
}

/// Section scores with a full 100.0 in the last column and a target line at 83.4.
app::ChartData sections_with_a_full_score() {
    app::ChartData d;
    d.kind = app::ChartData::VBars;
    d.title = "Sections: mean score against the target";
    d.categories = {"Arrival", "Greeting",   "Understanding", "Product",
                    "Closing", "Complaints", "Handover"};
    d.series = {{"mean score", {89.0, 86.7, 83.9, 82.6, 90.1, 77.9, 100.0}, {}, {}, {}, {}, 0}};
    d.reference = 83.4;
    d.reference_label = "target 83.4";
    app::set_score_axis(d);
    return d;
}

/// A monthly trend whose last points sit at and above the target line.
app::ChartData trend_near_its_target() {
    app::ChartData d;
    d.kind = app::ChartData::Line;
    d.title = "Monthly mean score (band: 95% CI)";
    app::ChartSeries s{"mean score", {}, {}, {}, {}, {}, 0};
    for (int m = 0; m < 12; ++m) {
        d.categories.push_back("2026-" + std::string(m + 1 < 10 ? "0" : "") +
                               std::to_string(m + 1));
        const double v = m < 10 ? 70.0 + m : 84.0 + m - 10;
        s.values.push_back(v);
        s.lo.push_back(v - 8);
        s.hi.push_back(std::min(100.0, v + 8));
    }
    d.series = {s};
    d.reference = 85;
    d.reference_label = "target";
    app::set_score_axis(d);
    return d;
}

/// The sections of the bundled scorecards, as the dashboard shows them.
const std::vector<std::string> kSections = {"Arrival and branch environment",
                                            "Greeting",
                                            "Understanding your needs",
                                            "Product knowledge and expectations",
                                            "Closing and farewell",
                                            "Complaint handling",
                                            "Handover to a colleague or manager"};

app::ChartData sections_chart(const std::vector<std::string>& names, std::size_t series) {
    app::ChartData d;
    d.kind = app::ChartData::VBars;
    d.title = "Sections: mean score against the target";
    d.categories = names;
    for (std::size_t k = 0; k < series; ++k) {
        app::ChartSeries s{"series " + std::to_string(k), {}, {}, {}, {}, {}, static_cast<int>(k)};
        for (std::size_t i = 0; i < names.size(); ++i)
            s.values.push_back(70.0 + static_cast<double>((i * 7 + k * 3) % 30));
        d.series.push_back(s);
    }
    if (series == 1) { // the dashboard's; the employee card's has none
        d.reference = 83.4;
        d.reference_label = "target 83.4";
    } else {
        d.title = "Section scores";
    }
    app::set_score_axis(d);
    return d;
}

std::vector<std::string> words_of(const std::string& s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t j = std::min(s.find(' ', i), s.size());
        if (j > i)
            out.push_back(s.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

bool ends_with_ellipsis(const std::string& s) {
    const std::string e = "…";
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

/// Whether each category's label, line by line, is its name whole, or its name's words in order
/// up to a cut with "…" at the end of its last line only; and shows at least `whole_words`
/// words whole (fewer when the name has fewer). No two label lines overlap and all lie in the
/// chart.
void expect_readable_category_labels(const app::ChartGeometry& g,
                                     const std::vector<std::string>& names, wxSize size,
                                     std::size_t whole_words) {
    BOOST_REQUIRE_EQUAL(g.category_lines.size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::vector<std::string>& lines = g.category_lines[i];
        std::string drawn;
        for (const std::string& l : lines)
            drawn += "[" + l + "]";
        BOOST_TEST_INFO_SCOPE(names[i] << " drawn as " << drawn << ", plot " << g.plot.y << "+"
                                       << g.plot.height);
        BOOST_REQUIRE(!lines.empty());
        std::vector<std::string> shown;
        bool cut = false;
        for (std::size_t l = 0; l < lines.size(); ++l) {
            BOOST_TEST_INFO_SCOPE("line " << l << ": " << lines[l]);
            if (ends_with_ellipsis(lines[l]))
                BOOST_TEST(l + 1 == lines.size()); // only the last line is cut
            BOOST_TEST((lines[l].find("…") == std::string::npos || ends_with_ellipsis(lines[l])));
            for (const std::string& w : words_of(lines[l])) {
                if (ends_with_ellipsis(w)) {
                    cut = true;
                    continue;
                }
                shown.push_back(w);
            }
        }
        const std::vector<std::string> all = words_of(names[i]);
        BOOST_TEST(shown.size() <= all.size());
        for (std::size_t k = 0; k < shown.size() && k < all.size(); ++k)
            BOOST_TEST(shown[k] == all[k]);
        if (!cut)
            BOOST_TEST(shown.size() == all.size());
        BOOST_TEST(shown.size() >= std::min(whole_words, all.size()));
    }
    const wxRect whole(wxPoint(0, 0), size);
    for (std::size_t a = 0; a < g.axis_labels.size(); ++a) {
        BOOST_TEST(whole.Contains(g.axis_labels[a]));
        for (std::size_t b = a + 1; b < g.axis_labels.size(); ++b)
            BOOST_TEST(!g.axis_labels[a].Intersects(g.axis_labels[b]));
    }
}

/// Whether each value written at a bar is readable: inside its bar (white on the bar's colour)
/// or, outside it, in a dark colour and within the chart, clear of the reference line's label
/// and of the other values.
void expect_readable_values(const app::ChartGeometry& g, wxSize size) {
    const wxRect whole(wxPoint(0, 0), size);
    for (std::size_t i = 0; i < g.values.size(); ++i) {
        const auto& v = g.values[i];
        BOOST_TEST_INFO_SCOPE("value " << i << " at " << v.text.x << "," << v.text.y << " "
                                       << v.text.width << "x" << v.text.height << ", bar "
                                       << v.bar.x << "," << v.bar.y << " " << v.bar.width << "x"
                                       << v.bar.height);
        BOOST_TEST(whole.Contains(v.text));
        if (!v.bar.Contains(v.text)) {
            BOOST_TEST(!v.bar.Intersects(v.text));
            BOOST_TEST((v.colour.Red() + v.colour.Green() + v.colour.Blue()) / 3 <
                       128); // dark on white
        }
        if (g.reference_label)
            BOOST_TEST(!g.reference_label->Intersects(v.text));
        for (std::size_t k = i + 1; k < g.values.size(); ++k)
            BOOST_TEST(!g.values[k].text.Intersects(v.text));
    }
}

/// The staff chart of a branch: bars with whiskers to 100 and sample sizes after the values.
app::ChartData staff_chart() {
    app::ChartData d;
    d.kind = app::ChartData::HBars;
    d.title = "Staff by mean score (whiskers: 95% CI)";
    d.categories = {"E1025 Sophie Mensah", "E1026 Evie Ellis", "E1024 Aisha Price",
                    "E1027 Someone Else"};
    d.series = {{"mean score",
                 {97.2, 95.0, 93.1, 60.0},
                 {84.5, 91.2, 46.4, 55.0},
                 {100.0, 98.9, 100.0, 64.0},
                 {true, false, true, false},
                 {"n=2", "n=6", "n=2", "n=142"},
                 0}};
    d.reference = 83.3;
    d.reference_label = "target";
    d.note = "Grey: fewer than 3 visits.";
    app::set_score_axis(d);
    return d;
}

} // namespace

BOOST_AUTO_TEST_SUITE(insights_chart_geometry)

BOOST_AUTO_TEST_CASE(section_labels_wrap_at_spaces_and_are_cut_only_at_their_end) {
    // The dashboard's section chart at 1024x640 and 1280x800, the employee card's (three series,
    // no target) at both, and a roomy one where every name is whole.
    struct Case {
        wxSize size;
        std::size_t series;
        std::size_t whole_words;
    };
    for (const Case& k :
         {Case{wxSize(455, 140), 1, 1}, Case{wxSize(594, 235), 1, 2}, Case{wxSize(410, 130), 3, 1},
          Case{wxSize(540, 230), 3, 2}, Case{wxSize(1200, 300), 1, 6}}) {
        BOOST_TEST_INFO_SCOPE(k.size.x << "x" << k.size.y << ", " << k.series << " series");
        // The employee card shows one scorecard's sections.
        const std::vector<std::string> names(kSections.begin(),
                                             kSections.begin() + (k.series == 1 ? 7 : 5));
        const app::ChartGeometry g = app::chart_geometry(sections_chart(names, k.series), k.size);
        expect_readable_category_labels(g, names, k.size, k.whole_words);
        // The plot keeps a readable height.
        BOOST_TEST(g.plot.height >= 40);
    }
}

BOOST_AUTO_TEST_CASE(a_value_that_does_not_fit_its_bar_stands_above_it_in_a_dark_colour) {
    for (const wxSize size :
         {wxSize(330, 170), wxSize(380, 170), wxSize(450, 170), wxSize(600, 260)}) {
        BOOST_TEST_INFO_SCOPE(size.x << "x" << size.y);
        const app::ChartGeometry g = app::chart_geometry(sections_with_a_full_score(), size);
        BOOST_REQUIRE(!g.values.empty());
        expect_readable_values(g, size);
    }
    // In narrow bars the values stand above them.
    const wxSize narrow(330, 170);
    const app::ChartGeometry g = app::chart_geometry(sections_with_a_full_score(), narrow);
    bool above = false;
    for (const auto& v : g.values)
        above = above || !v.bar.Contains(v.text);
    BOOST_TEST(above);
}

BOOST_AUTO_TEST_CASE(horizontal_bar_values_stand_a_gap_clear_of_whisker_caps_and_bars) {
    for (const wxSize size : {wxSize(830, 150), wxSize(500, 150), wxSize(360, 150)}) {
        BOOST_TEST_INFO_SCOPE(size.x << "x" << size.y);
        const app::ChartGeometry g = app::chart_geometry(staff_chart(), size);
        BOOST_REQUIRE_EQUAL(g.values.size(), 4u);
        const wxRect whole(wxPoint(0, 0), size);
        for (const auto& v : g.values) {
            BOOST_TEST_INFO_SCOPE("value at x " << v.text.x);
            BOOST_REQUIRE(v.whisker);
            BOOST_TEST(v.text.GetLeft() >= v.whisker->GetRight() + 5);
            BOOST_TEST(v.text.GetLeft() >= v.bar.GetRight() + 5);
            BOOST_TEST(whole.Contains(v.text));
        }
    }
}

BOOST_AUTO_TEST_CASE(section_chart_target_label_is_clear_of_a_full_bar) {
    for (const wxSize size : {wxSize(450, 170), wxSize(600, 260)}) {
        BOOST_TEST_INFO_SCOPE(size.x << "x" << size.y);
        const app::ChartData d = sections_with_a_full_score();
        const app::ChartGeometry g = app::chart_geometry(d, size);
        BOOST_REQUIRE(g.reference_label);
        BOOST_TEST(wxRect(wxPoint(0, 0), size).Contains(*g.reference_label));
        BOOST_REQUIRE(!g.marks.empty());
        for (const wxRect& m : g.marks)
            BOOST_TEST(!g.reference_label->Intersects(m));
        // The axis still spans 0 to 100, and the plot leaves room above its top.
        BOOST_TEST(d.min == 0.0);
        BOOST_TEST(d.max == 100.0);
        for (const wxRect& label : g.axis_labels)
            BOOST_TEST(label.GetTop() >= 0);
    }
}

BOOST_AUTO_TEST_CASE(trend_chart_target_label_is_clear_of_the_line_and_its_last_label_whole) {
    for (const wxSize size : {wxSize(380, 150), wxSize(540, 260)}) {
        BOOST_TEST_INFO_SCOPE(size.x << "x" << size.y);
        const app::ChartGeometry g = app::chart_geometry(trend_near_its_target(), size);
        BOOST_REQUIRE(g.reference_label);
        BOOST_REQUIRE(!g.segments.empty());
        for (const auto& s : g.segments)
            BOOST_TEST(!crosses(*g.reference_label, s));
        for (const wxRect& m : g.marks)
            BOOST_TEST(!g.reference_label->Intersects(m));
        const wxRect whole(wxPoint(0, 0), size);
        BOOST_REQUIRE(!g.axis_labels.empty());
        for (const wxRect& label : g.axis_labels)
            BOOST_TEST(whole.Contains(label));
        // More than the ends of the scale are marked.
        BOOST_TEST(g.axis_labels.size() >= 3u + 2u);
    }
}

BOOST_AUTO_TEST_CASE(an_empty_chart_says_so_in_its_middle) {
    for (const app::ChartData::Kind kind :
         {app::ChartData::HBars, app::ChartData::VBars, app::ChartData::Line}) {
        app::ChartData d;
        d.kind = kind;
        d.title = "Something";
        d.empty_text = "No visits in this range";
        app::set_score_axis(d);
        const wxSize size(400, 200);
        app::ChartGeometry g = app::chart_geometry(d, size);
        BOOST_REQUIRE(g.empty_text);
        BOOST_TEST(std::abs(g.empty_text->GetLeft() + g.empty_text->GetWidth() / 2 - size.x / 2) <=
                   2);
        BOOST_TEST(g.axis_labels.empty()); // no empty frame of axes

        // Categories without a value are empty too; one value is not.
        d.categories = {"a", "b"};
        d.series = {{"s", {std::nullopt, std::nullopt}, {}, {}, {}, {}, 0}};
        BOOST_TEST(app::chart_geometry(d, size).empty_text.has_value());
        d.series.front().values[1] = 50.0;
        BOOST_TEST(!app::chart_geometry(d, size).empty_text.has_value());
    }
}

BOOST_AUTO_TEST_CASE(mixed_target_note_only_when_targets_differ) {
    using app::ScorecardTarget;
    BOOST_TEST(app::mixed_target_note({}, std::nullopt).empty());
    BOOST_TEST(app::mixed_target_note({{"Retail", 85, 12}}, 85.0).empty());
    BOOST_TEST(app::mixed_target_note({{"Retail", 80, 12}, {"Phone", 80, 3}}, 80.0).empty());
    const std::string note = app::mixed_target_note(
        {{"Retail", 85, 30}, {"Phone", 80, 10}, {"Complaint", 80, 10}}, 83.0);
    BOOST_TEST(note.find("85.0 (Retail, 30 visits)") != std::string::npos, note);
    BOOST_TEST(note.find("80.0 (2 scorecards, 20 visits)") != std::string::npos, note);
    BOOST_TEST(note.find("83.0") != std::string::npos, note);
    BOOST_TEST(note.find("its own scorecard's target") != std::string::npos, note);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(insights_finish_gui, InsightsFixture)

BOOST_AUTO_TEST_CASE(dashboard_fits_at_both_sizes) {
    open_dashboard();
    for (const wxSize size : {wxSize(1024, 640), wxSize(1280, 800)}) {
        resize(size.x, size.y);
        BOOST_TEST_INFO_SCOPE(size.x << "x" << size.y);
        expect_sound_layout(dash(), "dashboard");
        // The measure switch is on screen, whole.
        wxCheckBox* raw = nullptr;
        for (wxWindow* w : dash()->GetChildren())
            if (auto* c = dynamic_cast<wxCheckBox*>(w))
                raw = c;
        BOOST_REQUIRE(raw);
        BOOST_TEST(within_frame(raw, frame));
        BOOST_TEST(raw->GetSize().x >= raw->GetBestSize().x);
        // Each tile shows its figures whole.
        for (std::size_t i = 0; i < 5; ++i)
            for (wxWindow* w : dash()->tile(i)->GetChildren())
                BOOST_TEST(w->GetSize().x >= w->GetBestSize().x);
    }
}

BOOST_AUTO_TEST_CASE(branch_view_staff_chart_and_weakest_list_readable_at_1024x640) {
    open_dashboard();
    resize(1024, 640);
    app::BranchView* branch = open_branch(0);
    BOOST_REQUIRE(branch->IsShownOnScreen());
    BOOST_REQUIRE(!branch->figures().weakest.empty());
    expect_columns_fit(branch->weakest_list(), "weakest behaviours");
    // The staff chart is as high as its rows need and wide enough to read.
    app::Chart* chart = branch->staff_chart();
    BOOST_TEST(chart->GetSize().y >= chart->wanted_height());
    BOOST_TEST(chart->GetSize().x >= 400);
    expect_sound_layout(branch, "branch at 1024x640");
    resize(1280, 800);
    expect_columns_fit(branch->weakest_list(), "weakest behaviours at 1280x800");
    BOOST_TEST(chart->GetSize().y >= chart->wanted_height());
    expect_sound_layout(branch, "branch at 1280x800");
}

/// The section chart (vertical bars) among `view`'s children.
app::Chart* section_chart_of(wxWindow* view) {
    for (wxWindow* w : view->GetChildren())
        if (auto* c = dynamic_cast<app::Chart*>(w); c && c->data().kind == app::ChartData::VBars)
            return c;
    return nullptr;
}

BOOST_AUTO_TEST_CASE(section_charts_name_their_sections_readably_at_both_sizes) {
    open_dashboard();
    app::BranchView* branch = open_branch(0);
    BOOST_REQUIRE(!branch->figures().employees.empty());
    const std::string employee = branch->figures().employees.front().code;
    page()->show(app::DashboardPage::Dashboard);
    test::pump(150);
    for (const wxSize size : {wxSize(1024, 640), wxSize(1280, 800)}) {
        resize(size.x, size.y);
        BOOST_TEST_INFO_SCOPE(size.x << "x" << size.y);
        for (const bool card : {false, true}) {
            BOOST_TEST_INFO_SCOPE(std::string(card ? "employee card" : "dashboard"));
            wxWindow* view = card ? static_cast<wxWindow*>(open_employee(employee)) : dash();
            app::Chart* chart = section_chart_of(view);
            BOOST_REQUIRE(chart);
            BOOST_REQUIRE(!chart->data().categories.empty());
            const wxSize s = chart->GetClientSize();
            BOOST_TEST_INFO_SCOPE("chart " << s.x << "x" << s.y);
            const app::ChartGeometry g = app::chart_geometry(chart->data(), s);
            // Two words of every section whole at 1280x800; at 1024x640 (charts about 420x110 to
            // 460x140, a readable plot first) the words that fit, cut only at the end.
            expect_readable_category_labels(g, chart->data().categories, s, size.x >= 1280 ? 2 : 0);
            expect_readable_values(g, s);
            BOOST_TEST(g.plot.height >= 40);
            if (card) {
                page()->show(app::DashboardPage::Dashboard);
                test::pump(150);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(employee_card_shows_its_trainings_at_both_sizes) {
    open_dashboard();
    app::BranchView* branch = open_branch(0);
    BOOST_REQUIRE(!branch->figures().employees.empty());
    app::EmployeeView* card = open_employee(branch->figures().employees.front().code);
    for (const wxSize size : {wxSize(1024, 640), wxSize(1280, 800)}) {
        resize(size.x, size.y);
        BOOST_TEST_INFO_SCOPE(size.x << "x" << size.y);
        BOOST_REQUIRE(card->IsShownOnScreen());
        BOOST_TEST(within_frame(card->training_list(), frame));
        expect_columns_fit(card->training_list(), "trainings");
        expect_columns_fit(card->weakest_list(), "weakest questions");
        expect_sound_layout(card, "employee card");
    }
}

BOOST_AUTO_TEST_CASE(a_line_says_why_the_target_mixes_scorecards) {
    open_dashboard();
    // The demo client's visits use scorecards with targets 85 and 80.
    const app::Dashboard& d = dash()->model()->data();
    BOOST_REQUIRE(d.overall->m.target);
    BOOST_TEST(dash()->target_note()->IsShown());
    const std::string note = app::u8(dash()->target_note()->text());
    BOOST_TEST(note.find("85.0") != std::string::npos, note);
    BOOST_TEST(note.find("80.0") != std::string::npos, note);
    BOOST_TEST(note.find(app::fmt1(d.overall->m.target)) != std::string::npos, note);

    // A branch whose visits mix them says so; an employee whose visits all have one scorecard's
    // target does not.
    bool mixed_branch = false, single_employee = false;
    for (std::size_t b = 0; b < d.branches.size() && !(mixed_branch && single_employee); ++b) {
        app::BranchView* branch = open_branch(b);
        const double t = *branch->figures().m.target;
        if (t != 80.0 && t != 85.0) {
            BOOST_TEST(branch->target_note()->IsShown());
            mixed_branch = true;
        } else {
            BOOST_TEST(!branch->target_note()->IsShown());
        }
        for (const app::RankRow& e : branch->figures().employees) {
            if (single_employee || !e.m.target || (*e.m.target != 80.0 && *e.m.target != 85.0))
                continue;
            app::EmployeeView* card = open_employee(e.code);
            BOOST_TEST(!card->target_note()->IsShown());
            single_employee = true;
        }
    }
    BOOST_TEST(mixed_branch);
    BOOST_TEST(single_employee);
}

BOOST_AUTO_TEST_SUITE_END()
