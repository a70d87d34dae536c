#include "app/insights/branch_view.h"

#include "app/insights/chart.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/voice_model.h"
#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {
namespace {

/// The width the staff chart needs to be read (names, bars and "97.2  n=12").
constexpr int kChartWidth = 420;

} // namespace

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
    auto* list = new wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                wxLC_REPORT | wxLC_SINGLE_SEL);
    list->AppendColumn("Question", wxLIST_FORMAT_LEFT, with_comments ? 330 : 520);
    list->AppendColumn("Section", wxLIST_FORMAT_LEFT, with_comments ? 150 : 200);
    list->AppendColumn("Pass rate", wxLIST_FORMAT_RIGHT, 90);
    list->AppendColumn("95% CI", wxLIST_FORMAT_RIGHT, 120);
    list->AppendColumn("n", wxLIST_FORMAT_RIGHT, 50);
    if (with_comments)
        list->AppendColumn("Comments", wxLIST_FORMAT_LEFT, 700);
    list->SetMinSize(wxSize(200, 110)); // the header and a few rows; its columns fit any width
    keep_columns_fitted(list, with_comments ? 5 : 0);
    return list;
}

std::string group_target_note(const scoring::FactTable& facts, const ViewFilter& filter,
                              const std::function<bool(const scoring::VisitFact&)>& in_group,
                              std::optional<double> shown) {
    return mixed_target_note(
        scorecard_targets(facts, filter.spec({scoring::GroupKey::Client}), in_group), shown);
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
    if (rows.empty())
        list->InsertItem(0, "No question has enough answers in this range to be ranked");
    fit_columns(list, list->GetColumnCount() > 5 ? 5 : 0);
}

BranchView::BranchView(wxWindow* parent) : ViewPage(parent) {
    wxFlexGridSizer* top = page_column();
    top->Add(back_header(this, m_title, m_subtitle,
                         [this] {
                             if (on_back)
                                 on_back();
                         }),
             0, wxEXPAND | wxALL, 8);
    top->Add(tile_row(this,
                      {"Mean score (95% CI)", "Visits", "Consistency (sd between staff)", "Trend"},
                      m_tiles),
             0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    m_target_note = new NoteLine(this);
    top->Add(m_target_note, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    m_middle = new wxBoxSizer(wxHORIZONTAL);
    m_staff = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                   wxVSCROLL | wxBORDER_THEME);
    m_staff->SetScrollRate(0, 16);
    m_staff->SetBackgroundColour(*wxWHITE);
    m_middle->Add(m_staff, 5, wxEXPAND);
    m_middle->AddSpacer(8);
    m_chart = new Chart(this, wxSize(kChartWidth, 160));
    m_chart->on_click = [this](std::size_t i) { open_employee(i); };
    m_middle->Add(m_chart, 4, wxEXPAND);
    top->Add(m_middle, 3, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    top->Add(caption(this, "Weakest behaviours (lowest pass rate, at least the minimum sample)"), 0,
             wxLEFT | wxRIGHT, 8);
    m_weakest = question_list(this, false);
    top->Add(m_weakest, 2, wxEXPAND | wxALL, 8);

    top->Add(caption(this, "Customer voice by month, newest first (survey responses beside the "
                           "mystery-shop score)"),
             0, wxLEFT | wxRIGHT, 8);
    m_voice_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                  wxLC_REPORT | wxLC_SINGLE_SEL);
    int column = 0;
    for (const char* h : {"Month", "NPS", "Promoters", "Passives", "Detractors", "n (NPS)",
                          "Survey score", "Responses", "Mystery-shop score", "Visits"})
        m_voice_list->AppendColumn(h, column++ == 0 ? wxLIST_FORMAT_LEFT : wxLIST_FORMAT_RIGHT);
    m_voice_list->SetMinSize(wxSize(200, 110));
    keep_columns_fitted(m_voice_list, 0);
    top->Add(m_voice_list, 2, wxEXPAND | wxALL, 8);
    top->AddGrowableRow(3, 3); // the staff
    top->AddGrowableRow(5, 2); // the weakest behaviours
    top->AddGrowableRow(7, 2); // the customer voice
    SetSizer(top);
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        reflow();
    });
}

void BranchView::reflow() {
    // Side by side only when the staff table gets its width and the chart a readable one.
    const int staff = m_staff->GetSizer() ? m_staff->GetSizer()->GetMinSize().x + 4 : 0;
    const int wanted = staff + 8 + kChartWidth + 16;
    const int orient = GetClientSize().x >= wanted ? wxHORIZONTAL : wxVERTICAL;
    if (m_middle->GetOrientation() == orient)
        return;
    m_middle->SetOrientation(orient);
    // Stacked, the table and the chart each take the height they need.
    m_middle->GetItem(m_staff)->SetProportion(orient == wxHORIZONTAL ? 5 : 0);
    m_middle->GetItem(m_chart)->SetProportion(orient == wxHORIZONTAL ? 4 : 0);
    CallAfter([this] { relayout(); });
}

void BranchView::show(storage::Store& store, const ViewFilter& filter, const std::string& code,
                      VoiceFactsCache& voice) {
    const auto facts = load_question_facts(store, filter);
    m_min_n = filter.min_n;
    m_figures = build_branch_view(*facts, filter, org_names(store, filter.client), code);
    const BranchFigures& f = m_figures;
    m_title->SetLabel(wxs(f.label));
    m_subtitle->SetLabel(wxs(filter.describe()));
    m_tiles[0]->set_mean(f.m);
    m_tiles[1]->set(wxString::Format("%zu", f.m.n),
                    wxString::Format("%zu employees", f.employees.size()));
    std::int32_t branch = -1;
    for (std::size_t i = 0; i < facts->branches.names.size(); ++i)
        if (facts->branches.names[i] == code)
            branch = static_cast<std::int32_t>(i);
    m_target_note->set(group_target_note(
        *facts, filter, [branch](const scoring::VisitFact& v) { return v.branch == branch; },
        f.m.target));
    m_tiles[2]->set(wxs(fmt1(f.consistency)),
                    f.consistency
                        ? wxString("points; lower: service depends\nless on who is on shift")
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
    c.empty_text = "No visits in this range";
    set_score_axis(c);
    m_chart->set_data(std::move(c)); // HBars: its height follows its rows
    fill_question_list(m_weakest, f.weakest);
    m_voice = branch_voice_months(voice.get(store, filter, facts), code); // these mystery visits
    fill_voice();
    reflow();
    relayout();
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
    auto* note = new wxStaticText(
        m_staff, wxID_ANY,
        wxString::Format(
            "* fewer than %zu visits (a low sample). Monthly: mean per month, oldest left.",
            m_min_n));
    note->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    outer->Add(note, 0, wxLEFT | wxBOTTOM, 8);
    m_staff->SetSizer(outer);
    // As high as its rows up to a point; beyond it the table scrolls.
    m_staff->SetMinSize(
        wxSize(outer->GetMinSize().x + 4, std::min(outer->GetMinSize().y + 4, 260)));
    m_staff->FitInside();
    m_staff->Layout();
}

void BranchView::fill_voice() {
    m_voice_list->DeleteAllItems();
    std::size_t responses = 0;
    for (const scoring::VoicePeriodRow& r : m_voice)
        responses += r.period.empty() ? r.responses : 0;
    if (responses == 0) {
        m_voice_list->InsertItem(0, "No survey responses for this branch in this period");
        fit_columns(m_voice_list, 0);
        return;
    }
    for (std::size_t i = 0; i < m_voice.size(); ++i) {
        const scoring::VoicePeriodRow& r = m_voice[i];
        const long item = m_voice_list->InsertItem(
            static_cast<long>(i), r.period.empty() ? wxString("Whole period") : wxs(r.period));
        m_voice_list->SetItem(item, 1, wxs(fmt_nps(r.nps.nps)));
        m_voice_list->SetItem(item, 2, wxString::Format("%zu", r.nps.promoters));
        m_voice_list->SetItem(item, 3, wxString::Format("%zu", r.nps.passives));
        m_voice_list->SetItem(item, 4, wxString::Format("%zu", r.nps.detractors));
        m_voice_list->SetItem(item, 5, wxString::Format("%zu", r.nps.n));
        m_voice_list->SetItem(item, 6, wxs(fmt1(r.survey_score)));
        m_voice_list->SetItem(item, 7, wxString::Format("%zu", r.responses));
        m_voice_list->SetItem(item, 8, wxs(fmt1(r.mystery_score)));
        m_voice_list->SetItem(item, 9, wxString::Format("%zu", r.mystery_n));
        if (r.period.empty()) {
            wxFont bold = m_voice_list->GetFont().Bold();
            m_voice_list->SetItemFont(item, bold);
        }
    }
    fit_columns(m_voice_list, 0);
}

void BranchView::open_employee(std::size_t index) {
    if (index < m_figures.employees.size() && on_open_employee)
        on_open_employee(m_figures.employees[index].code);
}

} // namespace vs::app
