#include "app/insights/calibration_view.h"

#include "app/insights/chart.h"
#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"

#include <cmath>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {
namespace {

/// A report list whose columns stay within its width (column `stretch` takes what is left).
wxListCtrl* report_list(wxWindow* parent, std::initializer_list<const char*> columns, int stretch) {
    auto* list = new wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                wxLC_REPORT | wxLC_SINGLE_SEL);
    for (const char* name : columns)
        list->AppendColumn(wxString::FromUTF8(name));
    keep_columns_fitted(list, stretch);
    return list;
}

const char* kNoExercises =
    "No calibration visits for this client in this period. A calibration exercise is "
    "several shoppers scoring the same reference visit with the same scorecard, one set "
    "of answers marked as the reference; once such visits are submitted, their agreement "
    "shows here.";

std::string share(const std::optional<double>& v) {
    return v ? fmt1(100 * *v) + "%" : "—";
}

std::string two(const std::optional<double>& v) {
    return v ? wxString::Format("%.2f", *v).ToStdString() : "—";
}

} // namespace

CalibrationView::CalibrationView(wxWindow* parent) : wxPanel(parent) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    // A long client name ends in "…" rather than reaching past the page.
    m_header = new wxStaticText(this, wxID_ANY, "Calibration", wxDefaultPosition, wxDefaultSize,
                                wxST_ELLIPSIZE_END);
    m_header->SetFont(m_header->GetFont().Scaled(1.3f).Bold());
    m_header->SetMinSize(wxSize(120, -1));
    top->Add(m_header, 0, wxEXPAND | wxALL, 8);
    // With no exercise, one message across the page instead of the empty tables.
    m_empty = new wxStaticText(this, wxID_ANY, kNoExercises);
    m_empty->Hide();
    top->Add(m_empty, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    m_list = report_list(this,
                         {"Exercise", "Scorecard", "Reference", "Reference score", "Shoppers",
                          "Fleiss' kappa", "Problems"},
                         6);
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED,
                 [this](wxListEvent& e) { select(static_cast<std::size_t>(e.GetIndex())); });
    top->Add(m_list, 2, wxEXPAND | wxLEFT | wxRIGHT, 8);
    m_middle = new wxBoxSizer(wxHORIZONTAL);
    auto* middle = m_middle;
    m_shoppers =
        report_list(this, {"Shopper", "Score", "Deviation", "Alignment", "Kappa", "Questions"}, 0);
    middle->Add(m_shoppers, 1, wxEXPAND | wxRIGHT, 8);
    m_chart = new Chart(this, wxSize(360, 200));
    middle->Add(m_chart, 1, wxEXPAND);
    top->Add(middle, 3, wxEXPAND | wxALL, 8);
    m_questions = report_list(this, {"Question", "Raters", "Agreement", "Kappa", "Answers"}, 4);
    top->Add(m_questions, 2, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    SetSizer(top);
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        if (m_empty->IsShown())
            CallAfter([this] { show_empty(true); });
    });
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
    show_empty(m_exercises.empty());
    if (!m_exercises.empty())
        select(0);
    fit_columns(m_list, 6);
}

void CalibrationView::data_changed() {
    m_dirty = true;
    if (!IsShownOnScreen())
        return; // read when next shown
    const std::string shown = m_shown;
    reload();
    for (std::size_t i = 0; i < m_exercises.size(); ++i)
        if (i > 0 && m_exercises[i].id == shown) {
            m_list->SetItemState(static_cast<long>(i), wxLIST_STATE_SELECTED,
                                 wxLIST_STATE_SELECTED);
            select(i);
        }
}

void CalibrationView::show_empty(bool empty) {
    GetSizer()->Show(m_list, !empty);
    GetSizer()->Show(m_middle, !empty);
    GetSizer()->Show(m_questions, !empty);
    if (empty) {
        m_empty->SetLabel(kNoExercises);
        m_empty->Show();
        Layout();
        m_empty->Wrap(std::max(200, m_empty->GetSize().x));
    } else {
        m_empty->Hide();
    }
    Layout();
}

wxString CalibrationView::empty_message() const {
    return m_empty->IsShown() ? m_empty->GetLabel() : wxString();
}

void CalibrationView::select(std::size_t index) {
    if (index >= m_exercises.size())
        return;
    const scoring::ExerciseAgreement& e = m_exercises[index];
    m_shown = e.id;
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
    fit_columns(m_shoppers, 0);
    fit_columns(m_questions, 4);
}

} // namespace vs::app
