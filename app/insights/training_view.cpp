#include "app/insights/training_view.h"

#include "app/insights/chart.h"
#include "app/insights/training_dialog.h"
#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"
#include "forms/dates.h"
#include "scoring/action_plans.h"

#include <wx/button.h>
#include <wx/checklst.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {

TrainingView::TrainingView(wxWindow* parent) : wxPanel(parent) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    // A long client name ends in "…" rather than pushing the button off the page.
    m_header = new wxStaticText(this, wxID_ANY, "Trainings", wxDefaultPosition, wxDefaultSize,
                                wxST_ELLIPSIZE_END);
    m_header->SetFont(m_header->GetFont().Scaled(1.3f).Bold());
    m_header->SetMinSize(wxSize(120, -1));
    bar->Add(m_header, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    auto* add = m_record = new wxButton(this, wxID_ADD, wxString::FromUTF8("Record training…"));
    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { record(); });
    // Trainings belong to a client of an open database.
    add->Bind(wxEVT_UPDATE_UI,
              [this](wxUpdateUIEvent& e) { e.Enable(m_store && !m_filter.client.empty()); });
    bar->Add(add);
    top->Add(bar, 0, wxEXPAND | wxALL, 8);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    for (const char* name : {"Date", "Training", "Trainer", "Staff", "Behaviours", "Trained staff",
                             "Other staff", "Difference (95% CI)"})
        m_list->AppendColumn(wxString::FromUTF8(name));
    m_list->SetToolTip(
        wxString::FromUTF8("Trained staff, other staff: the change of their mean score (the mean "
                           "in the 90 days before → in the 90 days after). Difference: the "
                           "trained staff's change less the others'."));
    // Every header readable and every column on the page; the title takes what is left.
    keep_columns_fitted(m_list, 1);
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED,
                 [this](wxListEvent& e) { select(static_cast<std::size_t>(e.GetIndex())); });
    top->Add(m_list, 2, wxEXPAND | wxLEFT | wxRIGHT, 8);

    auto* detail = new wxBoxSizer(wxHORIZONTAL);
    m_chart = new Chart(this, wxSize(420, 220));
    detail->Add(m_chart, 1, wxEXPAND | wxRIGHT, 8);
    m_verdict = new wxStaticText(this, wxID_ANY, "");
    detail->Add(m_verdict, 1, wxEXPAND | wxTOP, 8);
    top->Add(detail, 3, wxEXPAND | wxALL, 8);
    SetSizer(top);
    // The verdict wraps to the room its half of the page has.
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] { wrap_verdict(); });
    });
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown() && m_dirty)
            CallAfter([this] { reload(); });
        e.Skip();
    });
}

void TrainingView::set_store(storage::Store* store) {
    m_store = store;
    m_dirty = true;
}

void TrainingView::set_filter(const ViewFilter& filter) {
    m_filter = filter;
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void TrainingView::data_changed() {
    m_dirty = true;
    if (!IsShownOnScreen())
        return; // read when next shown
    const std::optional<std::string> shown =
        m_shown < m_rows.size() ? std::optional(m_rows[m_shown].training.id) : std::nullopt;
    reload();
    for (std::size_t i = 0; shown && i + 1 < m_rows.size(); ++i)
        if (m_rows[i].training.id == *shown) {
            m_list->SetItemState(static_cast<long>(i), wxLIST_STATE_SELECTED,
                                 wxLIST_STATE_SELECTED);
            select(i);
        }
}

void TrainingView::set_can_record(bool can) {
    m_record->Show(can);
    Layout();
}

void TrainingView::reload() {
    m_dirty = false;
    m_rows.clear();
    if (m_store && !m_filter.client.empty()) {
        wxBusyCursor busy;
        m_rows = training_rows(*m_store, m_filter);
    }
    m_header->SetLabel(wxs("Trainings · " + m_filter.describe()));
    m_list->DeleteAllItems();
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const TrainingRow& r = m_rows[i];
        const scoring::TrainingEffect& e = r.effect;
        std::string behaviours;
        for (const std::string& b : r.behaviours)
            behaviours += (behaviours.empty() ? "" : ", ") + b;
        const long item = m_list->InsertItem(static_cast<long>(i), wxs(r.training.date));
        m_list->SetItem(item, 1, wxs(r.training.title));
        m_list->SetItem(item, 2, wxs(r.training.trainer));
        m_list->SetItem(item, 3, wxString::Format("%zu", r.training.employees.size()));
        m_list->SetItem(item, 4, behaviours.empty() ? wxString("visit score") : wxs(behaviours));
        // The change first: on a narrow page the means after it are what "…" cuts.
        m_list->SetItem(item, 5,
                        wxs(fmt_signed(e.trained.effect) + " (" + fmt1(e.trained.pre.mean) + " → " +
                            fmt1(e.trained.post.mean) + ")"));
        m_list->SetItem(item, 6,
                        wxs(fmt_signed(e.control.effect) + " (" + fmt1(e.control.pre.mean) + " → " +
                            fmt1(e.control.post.mean) + ")"));
        m_list->SetItem(
            item, 7,
            wxs(fmt_signed(e.did) + (e.did_ci95 ? " (" + fmt_signed(e.did_ci95->lo) + " to " +
                                                      fmt_signed(e.did_ci95->hi) + ")"
                                                : std::string())));
    }
    if (!m_rows.empty()) {
        m_list->SetItemState(static_cast<long>(m_rows.size() - 1), wxLIST_STATE_SELECTED,
                             wxLIST_STATE_SELECTED);
        select(m_rows.size() - 1);
    } else {
        m_chart->set_data({});
        m_verdict_text = "No training is recorded for this client in this period.\nRecord one with "
                         "the button above.";
        wrap_verdict();
    }
    fit_columns(m_list, 1);
    Layout();
}

void TrainingView::wrap_verdict() {
    // The detail row shares the page between the chart and the verdict (the chart at least its
    // minimum width); the verdict wraps to its share.
    const int row = GetClientSize().x - 2 * 8 - 8;
    const int share = std::min(row / 2, row - std::max(0, m_chart->GetEffectiveMinSize().x));
    m_verdict->SetLabel(m_verdict_text);
    m_verdict->Wrap(std::max(120, share));
    Layout();
}

void TrainingView::select(std::size_t index) {
    if (index >= m_rows.size())
        return;
    m_shown = index;
    const TrainingRow& r = m_rows[index];
    const scoring::TrainingEffect& e = r.effect;
    ChartData c;
    c.kind = ChartData::VBars;
    c.title = r.training.title;
    c.categories = {"Trained staff", "Other staff (untrained)"};
    ChartSeries before{"90 days before", {}, {}, {}, {}, {}, 4},
        after{"90 days after", {}, {}, {}, {}, {}, 0};
    for (const scoring::GroupEffect* g : {&e.trained, &e.control}) {
        const auto pre = cell_interval(g->pre), post = cell_interval(g->post);
        before.values.push_back(g->pre.mean);
        before.lo.push_back(pre ? std::optional<double>(pre->lo) : std::nullopt);
        before.hi.push_back(pre ? std::optional<double>(pre->hi) : std::nullopt);
        after.values.push_back(g->post.mean);
        after.lo.push_back(post ? std::optional<double>(post->lo) : std::nullopt);
        after.hi.push_back(post ? std::optional<double>(post->hi) : std::nullopt);
    }
    c.series = {before, after};
    c.note = "Whiskers: 95% CI of each mean.";
    set_score_axis(c);
    m_chart->set_data(std::move(c));

    std::string text =
        r.training.title + " (" + r.training.date + ", " +
        (r.training.trainer.empty() ? std::string("trainer not recorded") : r.training.trainer) +
        ")\n\n";
    text += "Trained staff: " + fmt1(e.trained.pre.mean) + " → " + fmt1(e.trained.post.mean) +
            " (" + fmt_signed(e.trained.effect) + " points; n " + std::to_string(e.trained.pre.n) +
            " → " + std::to_string(e.trained.post.n) + ")\n";
    text += "Untrained staff: " + fmt1(e.control.pre.mean) + " → " + fmt1(e.control.post.mean) +
            " (" + fmt_signed(e.control.effect) + " points; n " + std::to_string(e.control.pre.n) +
            " → " + std::to_string(e.control.post.n) + ")\n\n";
    text += std::string("Measured: ") +
            (r.behaviours.empty() ? "the visit score" : "the scores of the sections addressed") +
            ".\n\n";
    text += scoring::did_words(e, "the training made a difference.",
                               "the trained staff fell behind.", "\n");
    m_verdict_text = wxs(text);
    wrap_verdict();
}

wxString TrainingView::verdict() const {
    return m_verdict_text;
}

void TrainingView::record() {
    if (!m_store || m_filter.client.empty() || !m_record->IsShown())
        return;
    TrainingDialog dlg(this, *m_store, m_filter.client);
    if (dlg.ShowModal() != wxID_OK)
        return;
    record_training(*m_store, dlg.value());
    reload();
}

} // namespace vs::app
