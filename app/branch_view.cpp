#include "app/branch_view.h"

#include "app/chart.h"
#include "app/dashboard_view.h"
#include "app/ui_util.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {

std::optional<double> ci_lo(const scoring::Measures& m) {
    return m.ci95 ? std::optional<double>(m.ci95->lo) : std::nullopt;
}
std::optional<double> ci_hi(const scoring::Measures& m) {
    return m.ci95 ? std::optional<double>(m.ci95->hi) : std::nullopt;
}

wxSizer* back_header(wxWindow* parent, wxStaticText*& title, wxStaticText*& subtitle,
                     const std::function<void()>& back) {
    auto* s = new wxBoxSizer(wxHORIZONTAL);
    auto* button = new wxButton(parent, wxID_BACKWARD, wxString::FromUTF8("← Back"));
    button->Bind(wxEVT_BUTTON, [back](wxCommandEvent&) { back(); });
    s->Add(button, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    auto* text = new wxBoxSizer(wxVERTICAL);
    title = new wxStaticText(parent, wxID_ANY, "");
    title->SetFont(title->GetFont().Scaled(1.4f).Bold());
    subtitle = new wxStaticText(parent, wxID_ANY, "");
    subtitle->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    text->Add(title);
    text->Add(subtitle);
    s->Add(text, 1, wxALIGN_CENTER_VERTICAL);
    return s;
}

wxStaticText* caption(wxWindow* parent, const char* text) {
    auto* t = new wxStaticText(parent, wxID_ANY, text);
    t->SetFont(t->GetFont().Bold());
    return t;
}

wxListCtrl* question_list(wxWindow* parent, bool with_comments) {
    auto* list = new wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    list->AppendColumn("Question", wxLIST_FORMAT_LEFT, with_comments ? 330 : 520);
    list->AppendColumn("Section", wxLIST_FORMAT_LEFT, with_comments ? 150 : 200);
    list->AppendColumn("Pass rate", wxLIST_FORMAT_RIGHT, 90);
    list->AppendColumn("95% CI", wxLIST_FORMAT_RIGHT, 120);
    list->AppendColumn("n", wxLIST_FORMAT_RIGHT, 50);
    if (with_comments)
        list->AppendColumn("Comments", wxLIST_FORMAT_LEFT, 700);
    return list;
}

void fill_question_list(wxListCtrl* list, const std::vector<QuestionRow>& rows) {
    list->DeleteAllItems();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const QuestionRow& q = rows[i];
        const long item = list->InsertItem(static_cast<long>(i), wxs(q.text));
        list->SetItem(item, 1, wxs(q.section));
        list->SetItem(item, 2, wxs(fmt_pct(q.g.pass_rate)));
        list->SetItem(item, 3, wxs(fmt_pct_interval(q.g.pass_ci95)));
        list->SetItem(item, 4, wxString::Format("%zu", q.g.n));
        if (list->GetColumnCount() > 5) {
            std::string text;
            for (const storage::QuestionComment& c : q.comments)
                text += (text.empty() ? "" : "  ·  ") + c.text;
            list->SetItem(item, 5, text.empty() ? wxString::FromUTF8("—") : wxs(text));
        }
    }
}

BranchView::BranchView(wxWindow* parent) : wxPanel(parent) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(back_header(this, m_title, m_subtitle, [this] { if (on_back) on_back(); }), 0, wxEXPAND | wxALL, 8);
    top->Add(tile_row(this, {"Mean score (95% CI)", "Visits", "Consistency (sd between staff)", "Trend"}, m_tiles),
             0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    auto* middle = new wxBoxSizer(wxHORIZONTAL);
    m_staff = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxBORDER_THEME);
    m_staff->SetScrollRate(0, 16);
    m_staff->SetBackgroundColour(*wxWHITE);
    middle->Add(m_staff, 5, wxEXPAND | wxRIGHT, 8);
    m_chart = new Chart(this, wxSize(300, 160));
    m_chart->on_click = [this](std::size_t i) { open_employee(i); };
    middle->Add(m_chart, 4, wxEXPAND);
    top->Add(middle, 3, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    top->Add(caption(this, "Weakest behaviours (lowest pass rate, at least the minimum sample)"), 0, wxLEFT | wxRIGHT, 8);
    m_weakest = question_list(this, false);
    top->Add(m_weakest, 2, wxEXPAND | wxALL, 8);
    SetSizer(top);
}

void BranchView::show(storage::Store& store, const ViewFilter& filter, const std::string& code) {
    const auto facts = load_question_facts(store, filter);
    m_min_n = filter.min_n;
    m_figures = build_branch_view(*facts, filter, org_names(store, filter.client), code);
    const BranchFigures& f = m_figures;
    m_title->SetLabel(wxs(f.label));
    m_subtitle->SetLabel(wxs(filter.describe()));
    m_tiles[0]->set_mean(f.m);
    m_tiles[1]->set(wxString::Format("%zu", f.m.n), wxString::Format("%zu employees", f.employees.size()));
    m_tiles[2]->set(wxs(fmt1(f.consistency)),
                    f.consistency ? wxString("points; lower: service depends less on who is on shift")
                                  : wxString::Format("needs two employees with %zu+ visits", filter.min_n));
    m_tiles[3]->set(wxs(fmt_signed(f.trend)), "points per month");
    fill_staff();

    ChartData c;
    c.kind = ChartData::HBars;
    c.title = "Staff by mean score (whiskers: 95% CI)";
    ChartSeries s;
    for (const RankRow& r : f.employees) {
        c.categories.push_back(r.label);
        s.notes.push_back("n=" + std::to_string(r.m.n));
        s.values.push_back(r.m.mean);
        s.lo.push_back(ci_lo(r.m));
        s.hi.push_back(ci_hi(r.m));
        s.muted.push_back(r.m.low_sample);
    }
    c.series.push_back(std::move(s));
    c.reference = f.m.target;
    c.reference_label = "target";
    c.note = "Grey: fewer than " + std::to_string(filter.min_n) + " visits.";
    set_score_axis(c);
    m_chart->set_data(std::move(c));
    m_chart->SetMinSize(wxSize(300, 160));
    fill_question_list(m_weakest, f.weakest);
    Layout();
}

void BranchView::fill_staff() {
    m_staff->DestroyChildren();
    auto* grid = new wxFlexGridSizer(6, wxSize(14, 4));
    grid->AddGrowableCol(0);
    for (const char* h : {"Employee", "n", "Mean", "95% CI", "Trend", "Monthly"}) {
        auto* t = new wxStaticText(m_staff, wxID_ANY, h);
        t->SetFont(t->GetFont().Bold());
        grid->Add(t);
    }
    for (std::size_t i = 0; i < m_figures.employees.size(); ++i) {
        const RankRow& r = m_figures.employees[i];
        auto* name = new wxStaticText(m_staff, wxID_ANY, wxs(r.label));
        name->SetForegroundColour(wxColour(0x00, 0x5A, 0xB5));
        name->SetFont(name->GetFont().Underlined());
        name->SetCursor(wxCursor(wxCURSOR_HAND));
        name->SetToolTip("Open the employee's card");
        name->Bind(wxEVT_LEFT_UP, [this, i](wxMouseEvent&) { open_employee(i); });
        grid->Add(name, 0, wxALIGN_CENTER_VERTICAL);
        const wxColour grey(0x88, 0x88, 0x88);
        auto cell = [&](const std::string& text) {
            auto* t = new wxStaticText(m_staff, wxID_ANY, wxs(text));
            if (r.m.low_sample)
                t->SetForegroundColour(grey);
            grid->Add(t, 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
        };
        cell(std::to_string(r.m.n) + (r.m.low_sample ? "*" : ""));
        cell(fmt1(r.m.mean));
        cell(fmt_interval(r.m.ci95));
        cell(fmt_signed(r.trend));
        auto* spark = new Chart(m_staff, wxSize(150, 26));
        ChartData d;
        d.kind = ChartData::Sparkline;
        ChartSeries s;
        s.values = m_figures.sparklines[i];
        d.series.push_back(std::move(s));
        spark->set_data(std::move(d));
        grid->Add(spark, 0, wxALIGN_CENTER_VERTICAL);
    }
    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(grid, 0, wxEXPAND | wxALL, 8);
    auto* note = new wxStaticText(m_staff, wxID_ANY,
                                  wxString::Format("* fewer than %zu visits (a low sample). Monthly: mean per month, oldest left.",
                                                   m_min_n));
    note->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    outer->Add(note, 0, wxLEFT | wxBOTTOM, 8);
    m_staff->SetSizer(outer);
    m_staff->FitInside();
    m_staff->Layout();
}

void BranchView::open_employee(std::size_t index) {
    if (index < m_figures.employees.size() && on_open_employee)
        on_open_employee(m_figures.employees[index].code);
}

} // namespace vs::app
