#include "app/insights/employee_view.h"

#include "app/insights/branch_view.h"
#include "app/insights/chart.h"
#include "app/insights/dashboard_view.h"
#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"

#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {

EmployeeView::EmployeeView(wxWindow* parent) : ViewPage(parent) {
    wxFlexGridSizer* top = page_column();
    top->Add(back_header(this, m_title, m_subtitle,
                         [this] {
                             if (on_back)
                                 on_back();
                         }),
             0, wxEXPAND | wxALL, 8);
    top->Add(tile_row(this, {"Mean score (95% CI)", "Visits", "Pass rate", "Trend"}, m_tiles), 0,
             wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    m_target_note = new NoteLine(this);
    top->Add(m_target_note, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    // Minimum heights that let the whole card fit a 1024x640 window; more room goes to the
    // charts and lists in proportion (rows 3, 5 and 7).
    auto* charts = new wxBoxSizer(wxHORIZONTAL);
    m_trend = new Chart(this, wxSize(300, 106));
    m_sections = new Chart(this, wxSize(300, 106));
    charts->Add(m_trend, 1, wxEXPAND | wxRIGHT, 8);
    charts->Add(m_sections, 1, wxEXPAND);
    top->Add(charts, 3, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    top->Add(caption(this, "Weakest questions, with the shoppers' latest comments"), 0,
             wxLEFT | wxRIGHT, 8);
    m_weakest = question_list(this, true);
    m_weakest->SetMinSize(wxSize(200, 84));
    top->Add(m_weakest, 2, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    top->Add(caption(this, "Trainings attended: this employee's visits before and after"), 0,
             wxLEFT | wxRIGHT, 8);
    m_trainings = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                 wxLC_REPORT | wxLC_SINGLE_SEL);
    m_trainings->AppendColumn("Date", wxLIST_FORMAT_LEFT, 100);
    m_trainings->AppendColumn("Training", wxLIST_FORMAT_LEFT, 380);
    m_trainings->AppendColumn("Before (n)", wxLIST_FORMAT_RIGHT, 110);
    m_trainings->AppendColumn("After (n)", wxLIST_FORMAT_RIGHT, 110);
    m_trainings->AppendColumn("Change", wxLIST_FORMAT_RIGHT, 80);
    m_trainings->AppendColumn("Others' change", wxLIST_FORMAT_RIGHT, 120);
    m_trainings->AppendColumn("Difference (95% CI)", wxLIST_FORMAT_RIGHT, 220);
    m_trainings->SetMinSize(wxSize(200, 72)); // the header and two rows; its columns fit any width
    keep_columns_fitted(m_trainings, 1);
    top->Add(m_trainings, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    top->AddGrowableRow(3, 3);
    top->AddGrowableRow(5, 2);
    top->AddGrowableRow(7, 1);
    SetSizer(top);
}

void EmployeeView::show(storage::Store& store, const ViewFilter& filter, const std::string& code) {
    const auto facts = load_question_facts(store, filter);
    m_figures = build_employee_view(store, *facts, filter, org_names(store, filter.client), code);
    const EmployeeFigures& f = m_figures;
    m_title->SetLabel(wxs(f.label));
    m_subtitle->SetLabel(wxs("Branch " + f.branch_label + " · " + filter.describe()));
    m_tiles[0]->set_mean(f.m);
    m_tiles[1]->set(wxString::Format("%zu", f.m.n),
                    f.m.low_sample ? "a low sample: read with care" : "as primary employee");
    m_tiles[2]->set(wxs(fmt_pct(f.m.pass_rate)), "of visits at or above target");
    m_tiles[3]->set(wxs(fmt_signed(f.trend)), "points per month");
    std::int32_t employee = -1;
    for (std::size_t i = 0; i < facts->employees.names.size(); ++i)
        if (facts->employees.names[i] == code)
            employee = static_cast<std::int32_t>(i);
    m_target_note->set(group_target_note(
        *facts, filter,
        [employee](const scoring::VisitFact& v) { return employee >= 0 && v.employee == employee; },
        f.m.target));

    ChartData t;
    t.kind = ChartData::Line;
    t.title = "Scores over time (monthly mean, band: 95% CI)";
    ChartSeries ts{"mean score", {}, {}, {}, {}, {}, 0};
    for (const TrendPoint& p : f.monthly) {
        t.categories.push_back(p.period);
        ts.values.push_back(p.m.mean);
        ts.lo.push_back(ci_lo(p.m));
        ts.hi.push_back(ci_hi(p.m));
    }
    t.series.push_back(std::move(ts));
    t.reference = f.m.target;
    t.reference_label = "target";
    t.empty_text = "No visits in this range";
    set_score_axis(t);
    m_trend->set_data(std::move(t));

    ChartData s;
    s.kind = ChartData::VBars;
    s.title = "Section scores";
    ChartSeries own{"employee", {}, {}, {}, {}, {}, 0}, branch{"branch", {}, {}, {}, {}, {}, 1},
        client{"client", {}, {}, {}, {}, {}, 2};
    for (const SectionCompare& c : f.sections) {
        s.categories.push_back(c.title);
        own.values.push_back(c.employee.mean);
        own.lo.push_back(ci_lo(c.employee));
        own.hi.push_back(ci_hi(c.employee));
        branch.values.push_back(c.branch);
        client.values.push_back(c.client);
    }
    s.series = {own, branch, client};
    s.empty_text = "No visits in this range";
    set_score_axis(s);
    m_sections->set_data(std::move(s));

    fill_question_list(m_weakest, f.weakest);
    m_trainings->DeleteAllItems();
    for (std::size_t i = 0; i < f.trainings.size(); ++i) {
        const TrainingAttended& a = f.trainings[i];
        const scoring::TrainingEffect& e = a.effect;
        const long item = m_trainings->InsertItem(static_cast<long>(i), wxs(a.training.date));
        m_trainings->SetItem(item, 1, wxs(a.training.title));
        m_trainings->SetItem(
            item, 2, wxs(fmt1(e.trained.pre.mean) + " (" + std::to_string(e.trained.pre.n) + ")"));
        m_trainings->SetItem(
            item, 3,
            wxs(fmt1(e.trained.post.mean) + " (" + std::to_string(e.trained.post.n) + ")"));
        m_trainings->SetItem(item, 4, wxs(fmt_signed(e.trained.effect)));
        m_trainings->SetItem(item, 5, wxs(fmt_signed(e.control.effect)));
        m_trainings->SetItem(
            item, 6,
            wxs(fmt_signed(e.did) + (e.did_ci95 ? " (" + fmt_signed(e.did_ci95->lo) + " to " +
                                                      fmt_signed(e.did_ci95->hi) + ")"
                                                : std::string())));
    }
    if (f.trainings.empty())
        m_trainings->SetItem(m_trainings->InsertItem(0, wxString::FromUTF8("—")), 1,
                             "No training attended in this period");
    fit_columns(m_trainings, 1);
    relayout();
}

} // namespace vs::app
