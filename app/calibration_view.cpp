#include "app/calibration_view.h"

#include "app/chart.h"
#include "app/ui_util.h"

#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <cmath>

namespace vs::app {
namespace {

wxListCtrl* report_list(wxWindow* parent, std::initializer_list<std::pair<const char*, int>> columns) {
    auto* list = new wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    for (const auto& [name, width] : columns)
        list->AppendColumn(name, wxLIST_FORMAT_LEFT, width);
    return list;
}

std::string share(const std::optional<double>& v) { return v ? fmt1(100 * *v) + "%" : "—"; }

std::string two(const std::optional<double>& v) {
    return v ? wxString::Format("%.2f", *v).ToStdString() : "—";
}

} // namespace

CalibrationView::CalibrationView(wxWindow* parent) : wxPanel(parent) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    m_header = new wxStaticText(this, wxID_ANY, "Calibration");
    m_header->SetFont(m_header->GetFont().Scaled(1.3f).Bold());
    top->Add(m_header, 0, wxALL, 8);
    m_list = report_list(this, {{"Exercise", 160}, {"Scorecard", 180}, {"Reference", 150}, {"Reference score", 120},
                                {"Shoppers", 80}, {"Fleiss' kappa", 110}, {"Problems", 400}});
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { select(static_cast<std::size_t>(e.GetIndex())); });
    top->Add(m_list, 2, wxEXPAND | wxLEFT | wxRIGHT, 8);
    auto* middle = new wxBoxSizer(wxHORIZONTAL);
    m_shoppers = report_list(this, {{"Shopper", 110}, {"Score", 70}, {"Deviation", 90}, {"Alignment", 90},
                                    {"Kappa", 70}, {"Questions", 80}});
    middle->Add(m_shoppers, 1, wxEXPAND | wxRIGHT, 8);
    m_chart = new Chart(this, wxSize(360, 200));
    middle->Add(m_chart, 1, wxEXPAND);
    top->Add(middle, 3, wxEXPAND | wxALL, 8);
    m_questions = report_list(this, {{"Question", 220}, {"Raters", 70}, {"Agreement", 90}, {"Kappa", 70}, {"Answers", 500}});
    top->Add(m_questions, 2, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    SetSizer(top);
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown() && m_dirty)
            CallAfter([this] { reload(); });
        e.Skip();
    });
}

void CalibrationView::set_store(storage::Store* store) {
    m_store = store;
    m_dirty = true;
}

void CalibrationView::set_filter(const ViewFilter& filter) {
    m_filter = filter;
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void CalibrationView::reload() {
    m_dirty = false;
    m_exercises.clear();
    if (m_store && !m_filter.client.empty())
        m_exercises = calibration_exercises(*m_store, m_filter);
    m_header->SetLabel(wxs("Calibration exercises · " + m_filter.describe()));
    m_list->DeleteAllItems();
    for (std::size_t i = 0; i < m_exercises.size(); ++i) {
        const scoring::ExerciseAgreement& e = m_exercises[i];
        std::string problems;
        for (const std::string& p : e.problems)
            problems += (problems.empty() ? "" : "; ") + p;
        const long item = m_list->InsertItem(static_cast<long>(i), wxs(e.id));
        m_list->SetItem(item, 1, wxs(e.template_id + " v" + std::to_string(e.template_version)));
        m_list->SetItem(item, 2, wxs(e.reference_shopper.value_or("none")));
        m_list->SetItem(item, 3, wxs(fmt1(e.reference_score)));
        m_list->SetItem(item, 4, wxString::Format("%zu", e.shoppers.size()));
        m_list->SetItem(item, 5, wxs(two(e.fleiss_kappa)));
        m_list->SetItem(item, 6, wxs(problems));
    }
    m_shoppers->DeleteAllItems();
    m_questions->DeleteAllItems();
    m_chart->set_data({});
    if (m_exercises.empty())
        m_list->SetItem(m_list->InsertItem(0, wxString::FromUTF8("—")), 6, "No calibration visits for this client in this period");
    else
        select(0);
}

void CalibrationView::select(std::size_t index) {
    if (index >= m_exercises.size())
        return;
    const scoring::ExerciseAgreement& e = m_exercises[index];
    m_shoppers->DeleteAllItems();
    ChartData c;
    c.kind = ChartData::HBars;
    c.title = "Deviation from the reference score (points)";
    ChartSeries s{"deviation", {}, {}, {}, {}, {}, 3};
    for (std::size_t i = 0; i < e.shoppers.size(); ++i) {
        const scoring::ShopperAgreement& a = e.shoppers[i];
        const long item = m_shoppers->InsertItem(static_cast<long>(i), wxs(a.shopper));
        m_shoppers->SetItem(item, 1, wxs(fmt1(a.score)));
        m_shoppers->SetItem(item, 2, wxs(fmt_signed(a.deviation)));
        m_shoppers->SetItem(item, 3, wxs(share(a.alignment)));
        m_shoppers->SetItem(item, 4, wxs(two(a.kappa)));
        m_shoppers->SetItem(item, 5, wxString::Format("%zu", a.kappa_pairs));
        c.categories.push_back(a.shopper);
        s.values.push_back(a.deviation);
    }
    c.series.push_back(std::move(s));
    c.reference = 0;
    c.reference_label = "reference";
    double span = 10;
    for (const auto& v : c.series.front().values)
        if (v)
            span = std::max(span, std::ceil(std::abs(*v) / 10) * 10);
    c.min = -span;
    c.max = span;
    m_chart->set_data(std::move(c));
    m_questions->DeleteAllItems();
    for (std::size_t i = 0; i < e.questions.size(); ++i) {
        const scoring::QuestionAgreement& q = e.questions[i];
        std::string answers;
        for (const auto& [label, count] : q.answers)
            answers += (answers.empty() ? "" : ", ") + label + " ×" + std::to_string(count);
        const long item = m_questions->InsertItem(static_cast<long>(i), wxs(q.question));
        m_questions->SetItem(item, 1, wxString::Format("%zu", q.raters));
        m_questions->SetItem(item, 2, wxs(share(q.agreement)));
        m_questions->SetItem(item, 3, wxs(two(q.fleiss_kappa)));
        m_questions->SetItem(item, 4, wxs(answers));
    }
}

} // namespace vs::app
