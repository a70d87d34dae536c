// The layout check (layout_check.h) itself: on a window built with a clipped label, a list
// column narrower than its header, a column past the list's right edge, two overlapping buttons,
// a window over a label and a button past its panel's edge, each is found; on the same window
// laid out by sizers nothing is. What it allows (GTK rewrapping a label, a button narrower than
// the default width) is checked against what GTK really shows.
#include "gui_support.h"
#include "layout_check.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>
#include <wx/button.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>

using vs::test::layout_problems;
using vs::test::pump;

namespace {

struct Frame {
    wxFrame* frame =
        new wxFrame(nullptr, wxID_ANY, "layout check", wxPoint(0, 0), wxSize(640, 480));
    wxPanel* panel = new wxPanel(frame);
    ~Frame() {
        frame->Destroy();
        pump(30);
    }
    void show() {
        frame->Show();
        pump(150);
    }
};

int count_with(const std::vector<std::string>& found, const std::string& what) {
    int n = 0;
    for (const std::string& f : found)
        n += f.find(what) != std::string::npos;
    return n;
}

std::string all(const std::vector<std::string>& found) {
    std::string s;
    for (const std::string& f : found)
        s += f + "\n";
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(layout_check)

BOOST_AUTO_TEST_CASE(finds_clipped_label_narrow_column_overlap_and_off_edge) {
    Frame f;
    // Placed by hand, as a forgotten sizer would leave them.
    new wxStaticText(f.panel, wxID_ANY, "A label much longer than its room", wxPoint(10, 10),
                     wxSize(40, 20));
    auto* list = new wxListCtrl(f.panel, wxID_ANY, wxPoint(10, 40), wxSize(300, 120), wxLC_REPORT);
    list->AppendColumn("Number of visits this quarter", wxLIST_FORMAT_LEFT, 40);
    list->AppendColumn("Branch", wxLIST_FORMAT_LEFT, 150);
    list->AppendColumn("Far right", wxLIST_FORMAT_LEFT, 200);
    new wxButton(f.panel, wxID_ANY, "First", wxPoint(10, 200), wxSize(100, 34));
    new wxButton(f.panel, wxID_ANY, "Second", wxPoint(60, 210), wxSize(100, 34));
    new wxButton(f.panel, wxID_ANY, "Past the edge", wxPoint(560, 300), wxSize(140, 34));
    f.show();
    const auto found = layout_problems(f.frame);
    BOOST_TEST_INFO_SCOPE(all(found));
    BOOST_TEST(count_with(found, "too small for its text") == 1);
    BOOST_TEST(count_with(found, "wxStaticText \"A label much longer") == 1);
    BOOST_TEST(count_with(found, "column \"Number of visits this quarter\" is 40 px wide") == 1);
    BOOST_TEST(count_with(found, "column \"Far right\" ends at 390 px") == 1);
    BOOST_TEST(count_with(found, "overlap of") == 1);
    BOOST_TEST(count_with(found, "wxButton \"First\"") == 1);
    BOOST_TEST(count_with(found, "past its parent's visible area") == 1);
    BOOST_TEST(count_with(found, "\"Past the edge\"") == 1);
    BOOST_TEST(found.size() == 5u);
}

BOOST_AUTO_TEST_CASE(a_window_laid_out_by_sizers_passes) {
    Frame f;
    auto* box = new wxBoxSizer(wxVERTICAL);
    box->Add(new wxStaticText(f.panel, wxID_ANY, "A label much longer than its room"), 0, wxALL, 8);
    auto* list = new wxListCtrl(f.panel, wxID_ANY, wxDefaultPosition, wxSize(-1, 120), wxLC_REPORT);
    list->AppendColumn("Number of visits this quarter", wxLIST_FORMAT_LEFT,
                       wxLIST_AUTOSIZE_USEHEADER);
    list->AppendColumn("Branch", wxLIST_FORMAT_LEFT, 150);
    box->Add(list, 0, wxEXPAND | wxALL, 8);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxButton(f.panel, wxID_ANY, "First"), 0, wxRIGHT, 8);
    row->Add(new wxButton(f.panel, wxID_ANY, "Second"));
    box->Add(row, 0, wxALL, 8);
    // Content taller than its scrolled window is not off screen: it scrolls into view.
    auto* scroll = new wxScrolledWindow(f.panel, wxID_ANY, wxDefaultPosition, wxSize(300, 80));
    scroll->SetScrollRate(0, 10);
    auto* inner = new wxBoxSizer(wxVERTICAL);
    for (int i = 0; i < 8; ++i)
        inner->Add(new wxStaticText(scroll, wxID_ANY, "Line " + std::to_string(i)), 0, wxALL, 4);
    scroll->SetSizer(inner);
    box->Add(scroll, 0, wxALL, 8);
    f.panel->SetSizer(box);
    f.show();
    f.panel->Layout();
    pump(50);
    const auto found = layout_problems(f.frame);
    BOOST_TEST(found.empty(), all(found));
}

BOOST_AUTO_TEST_CASE(content_wider_than_a_vertically_scrolled_window_is_off_screen) {
    Frame f;
    auto* scroll = new wxScrolledWindow(f.panel, wxID_ANY, wxPoint(0, 0), wxSize(200, 100));
    scroll->SetScrollRate(0, 10); // scrolls up and down only
    new wxButton(scroll, wxID_ANY, "Wide", wxPoint(150, 10), wxSize(120, 34));
    scroll->SetVirtualSize(300, 100);
    f.show();
    const auto found = layout_problems(f.frame);
    BOOST_TEST_INFO_SCOPE(all(found));
    BOOST_TEST(count_with(found, "past its parent's visible area") == 1);
}

BOOST_AUTO_TEST_CASE(a_button_needs_its_label_and_padding_not_the_default_width) {
    // GTK draws a button no wider than its frame as an empty box; a label wider than the
    // button runs over its frame.
    Frame f;
    new wxToggleButton(f.panel, wxID_ANY, "10", wxPoint(10, 10), wxSize(30, -1));
    new wxToggleButton(f.panel, wxID_ANY, "11", wxPoint(50, 10), wxSize(44, -1));
    new wxButton(f.panel, wxID_ANY, "Deactivate / reactivate", wxPoint(10, 60), wxSize(100, -1));
    new wxButton(f.panel, wxID_ANY, "OK", wxPoint(10, 110), wxSize(50, -1));
    new wxToggleButton(f.panel, wxID_ANY, "0", wxPoint(10, 160), wxSize(34, -1));
    f.show();
    const auto found = layout_problems(f.frame);
    BOOST_TEST_INFO_SCOPE(all(found));
    BOOST_TEST(count_with(found, "wxToggleButton \"10\"") == 1);
    BOOST_TEST(count_with(found, "wxButton \"Deactivate / reactivate\"") == 1);
    BOOST_TEST(count_with(found, "wxToggleButton \"0\"") == 1);
    BOOST_TEST(found.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_label_rewrapped_to_its_width_passes_when_its_lines_fit_its_height) {
    Frame f;
    const wxString text = "Start timing when you arrive at the desk or join the queue";
    auto* tall = new wxStaticText(f.panel, wxID_ANY, text, wxPoint(10, 10));
    auto* flat = new wxStaticText(f.panel, wxID_ANY, text + ".", wxPoint(10, 200));
    const wxSize best = tall->GetBestSize();
    tall->SetSize(best.x / 2, best.y * 4); // two or three lines, four lines of room
    flat->SetSize(best.x / 2, best.y);     // the second line is cut
    f.show();
    const auto found = layout_problems(f.frame);
    BOOST_TEST_INFO_SCOPE(all(found));
    BOOST_TEST(count_with(found, "too small for its text") == 1);
    BOOST_TEST(found.size() == 1u);
    BOOST_TEST(count_with(found, "at (10,200 ") == 1);
}

BOOST_AUTO_TEST_CASE(a_window_covering_a_sibling_label_is_found) {
    // A drawing window (a chart) over a caption hides part of it.
    Frame f;
    new wxStaticText(f.panel, wxID_ANY, "Caption under a chart", wxPoint(10, 10));
    auto* chart = new wxWindow(f.panel, wxID_ANY, wxPoint(60, 15), wxSize(200, 100));
    chart->SetBackgroundColour(*wxBLUE);
    f.show();
    const auto found = layout_problems(f.frame);
    BOOST_TEST_INFO_SCOPE(all(found));
    BOOST_TEST(found.size() == 1u);
    BOOST_TEST(count_with(found, "overlap of") == 1);
    BOOST_TEST(count_with(found, "\"Caption under a chart\"") == 1);
}

BOOST_AUTO_TEST_CASE(an_empty_box_too_narrow_for_its_hint_is_found) {
    Frame f;
    const wxString hint = "Search branch, staff, shopper";
    const int text = f.panel->GetTextExtent(hint).x;
    auto* cut = new wxSearchCtrl(f.panel, wxID_ANY, "", wxPoint(10, 10), wxSize(text + 30, -1));
    cut->SetDescriptiveText(hint);
    auto* whole = new wxSearchCtrl(f.panel, wxID_ANY, "", wxPoint(10, 60), wxSize(text + 42, -1));
    whole->SetDescriptiveText(hint);
    auto* box = new wxTextCtrl(f.panel, wxID_ANY, "", wxPoint(10, 110), wxSize(text + 10, -1));
    box->SetHint(hint);
    auto* typed =
        new wxTextCtrl(f.panel, wxID_ANY, "typed", wxPoint(10, 160), wxSize(text / 2, -1));
    typed->SetHint(hint); // not shown: the box has text
    f.show();
    const auto found = layout_problems(f.frame);
    BOOST_TEST_INFO_SCOPE(all(found));
    BOOST_TEST(count_with(found, "hint \"Search branch, staff, shopper\" cut") == 2);
    BOOST_TEST(count_with(found, "wxSearchCtrl") == 1);
    BOOST_TEST(count_with(found, "wxTextCtrl") == 1);
    BOOST_TEST(found.size() == 2u);
}

BOOST_AUTO_TEST_CASE(text_reached_only_by_scrolling_sideways_is_found) {
    // A form that scrolls both ways, its content wider than the window: the button past the
    // right edge is cut to a person; a picture as wide is not a text.
    Frame f;
    auto* scroll = new wxScrolledWindow(f.panel, wxID_ANY, wxPoint(0, 0), wxSize(300, 200));
    scroll->SetScrollRate(10, 10);
    auto* content = new wxPanel(scroll, wxID_ANY, wxPoint(0, 0), wxSize(500, 400));
    new wxButton(content, wxID_ANY, "Product enquiry followed by the staged complaint",
                 wxPoint(10, 10), wxSize(400, -1));
    new wxButton(content, wxID_ANY, "Lower down", wxPoint(10, 300));
    new wxWindow(content, wxID_ANY, wxPoint(10, 60), wxSize(480, 100)); // a chart
    scroll->SetVirtualSize(500, 400);
    f.show();
    const auto found = layout_problems(f.frame);
    BOOST_TEST_INFO_SCOPE(all(found));
    BOOST_TEST(found.size() == 1u);
    BOOST_TEST(count_with(found, "only reached by scrolling sideways") == 1);
    BOOST_TEST(count_with(found, "\"Product enquiry followed") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
