#include "app/visits/visits_page.h"

#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"
#include "app/visits/visit_form_model.h"
#include "forms/dates.h"
#include "forms/survey.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/dateevt.h>
#include <wx/image.h>
#include <wx/imaglist.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>
#include <wx/wrapsizer.h>

namespace vs::app {

VisitsPage::VisitsPage(wxWindow* parent) : wxPanel(parent) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    // The filters reflow onto a second line when the window is too narrow for one; each label
    // stays with its control, and the search box takes the rest of its line.
    auto* filters =
        new wxWrapSizer(wxHORIZONTAL, wxEXTEND_LAST_ON_EACH_LINE | wxREMOVE_LEADING_SPACES);
    // One group: labels and their controls, kept on one line, and the gap to the next group.
    auto group = [&](std::initializer_list<std::pair<wxString, wxWindow*>> items) {
        auto* line = new wxBoxSizer(wxHORIZONTAL);
        for (const auto& [text, control] : items) {
            line->Add(new wxStaticText(this, wxID_ANY, text), 0,
                      wxALIGN_CENTER_VERTICAL | wxRIGHT | (line->IsEmpty() ? 0 : wxLEFT), 4);
            line->Add(control, 0, wxALIGN_CENTER_VERTICAL);
        }
        filters->Add(line, 0, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM, 2);
        filters->AddSpacer(10); // dropped at the start of a line
    };
    m_client = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(130, -1));
    m_branch = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(150, -1));
    m_status = new wxChoice(this, wxID_ANY);
    m_status->Append("All");
    for (auto s : {forms::Status::Draft, forms::Status::Submitted, forms::Status::Approved,
                   forms::Status::Returned, forms::Status::Excluded})
        m_status->Append(wxs(status_label(s)));
    m_status->SetSelection(0);
    m_from = new DateCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                          wxDP_DROPDOWN | wxDP_ALLOWNONE | wxDP_SHOWCENTURY);
    m_from->SetValue(wxInvalidDateTime);
    m_to = new DateCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                        wxDP_DROPDOWN | wxDP_ALLOWNONE | wxDP_SHOWCENTURY);
    m_to->SetValue(wxInvalidDateTime);
    group({{"Client", m_client}});
    group({{"Branch", m_branch}});
    group({{"Status", m_status}});
    group({{"From", m_from}, {"to", m_to}});
    m_search = new wxSearchCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(200, -1),
                                wxTE_PROCESS_ENTER);
    m_search->SetDescriptiveText("Branch, staff or shopper");
    m_search->ShowCancelButton(true);
    m_search->SetMinSize(wxSize(200, -1));
    filters->Add(m_search, 1, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM, 2);
    sizer->Add(filters, 0, wxEXPAND | wxALL, 8);

    m_view = new VisitListCtrl(this, m_source);
    sizer->Add(m_view, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);
    // The selected visit's integrity risk, each signal with its sentence (those who review).
    m_risk = new wxStaticText(this, wxID_ANY, "");
    sizer->Add(m_risk, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    m_risk->Hide();

    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    m_count = new wxStaticText(this, wxID_ANY, "");
    bottom->Add(m_count, 1, wxALIGN_CENTER_VERTICAL);
    auto* legend = new wxStaticText(
        this, wxID_ANY, "Dot: green on target, amber within 5, red below; ! critical failure");
    legend->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    bottom->Add(legend, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    auto* open = new wxButton(this, wxID_ANY, "Open");
    auto* add = m_new = new wxButton(this, wxID_ANY, "New visit…");
    m_dispute = new wxButton(this, wxID_ANY, "Dispute…");
    m_dispute->SetToolTip("Dispute an answer of the selected released visit (Ctrl+D)");
    m_dispute->Hide();
    bottom->Add(m_dispute, 0, wxRIGHT, 6);
    bottom->Add(open, 0, wxRIGHT, 6);
    bottom->Add(add, 0);
    sizer->Add(bottom, 0, wxEXPAND | wxALL, 8);
    SetSizer(sizer);

    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        fill_filters();
        apply_filters();
    });
    for (wxChoice* c : {m_branch, m_status})
        c->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { apply_filters(); });
    m_from->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { apply_filters(); });
    m_to->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { apply_filters(); });
    m_search->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { apply_filters(); });
    m_search->Bind(wxEVT_SEARCHCTRL_CANCEL_BTN, [this](wxCommandEvent&) {
        m_search->Clear();
        apply_filters();
    });
    m_view->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) {
        e.Skip();
        show_risk_details();
    });
    m_view->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent& e) {
        e.Skip();
        show_risk_details();
    });
    m_view->on_sorted = [this] { show_risk_details(); };
    m_view->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { // double click or Enter
        if (std::int64_t id = selected(); id && on_open)
            on_open(id);
    });
    open->SetToolTip("Open the selected visit (or double-click it)");
    open->Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(selected() != 0); });
    open->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (std::int64_t id = selected(); id && on_open)
            on_open(id);
    });
    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_new)
            on_new();
    });
    m_dispute->Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) {
        const long row = m_view->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
        const storage::VisitListRow* r =
            row >= 0 ? m_source.row(static_cast<std::size_t>(row)) : nullptr;
        // The scorecards are read only for those offered Dispute… at all.
        e.Enable(r && r->status == forms::Status::Approved && m_dispute->IsShown() &&
                 !survey_row(*r));
    });
    m_dispute->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { dispute_selected(); });
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        if ((e.GetKeyCode() == 'D' || e.GetKeyCode() == 'd') && e.GetModifiers() == wxMOD_CONTROL &&
            m_dispute->IsShown())
            dispute_selected();
        else
            e.Skip();
    });
}

void VisitsPage::set_can_dispute(bool can) {
    m_dispute->Show(can);
    Layout();
}

bool VisitsPage::dispute_selected() {
    const long row = m_view->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    const storage::VisitListRow* r =
        row >= 0 ? m_source.row(static_cast<std::size_t>(row)) : nullptr;
    if (!r || r->status != forms::Status::Approved || !on_dispute || !m_dispute->IsShown() ||
        survey_row(*r))
        return false;
    on_dispute(r->id);
    return true;
}

bool VisitsPage::survey_row(const storage::VisitListRow& row) {
    if (!m_survey_scorecards) {
        m_survey_scorecards.emplace();
        if (m_store)
            for (const storage::TemplateInfo& t : m_store->templates())
                if (t.channel == forms::kSurveyChannel)
                    m_survey_scorecards->emplace(t.name, t.version);
    }
    return m_survey_scorecards->count({row.scorecard_name, row.scorecard_version}) > 0;
}

void VisitsPage::set_can_create(bool can) {
    m_new->Show(can);
    Layout();
}

void VisitsPage::set_can_review(bool can) {
    if (can == m_source.risk_enabled())
        return;
    m_source.set_risk_enabled(can);
    m_view->show_risk(can);
    if (m_store)
        reload();
    show_risk_details();
}

wxString VisitsPage::risk_details() const {
    return m_risk->IsShown() ? m_risk->GetLabel() : wxString();
}

void VisitsPage::show_risk_details() {
    wxString text;
    if (m_source.risk_enabled())
        if (const std::int64_t id = selected())
            if (const services::VisitRisk* r = m_source.risk(id))
                text = wxs(risk_text(*r));
    if (text == m_risk->GetLabel() && m_risk->IsShown() == !text.empty())
        return;
    m_risk->SetLabel(text);
    if (!text.empty())
        m_risk->Wrap(std::max(200, GetClientSize().x - 16));
    m_risk->Show(!text.empty());
    Layout();
}

void VisitsPage::show_count() {
    wxString count = wxString::Format("%zu visits", m_source.size());
    if (m_source.risk_enabled() && !m_source.risk_error().empty())
        count += wxs("; integrity risk not assessed: " + m_source.risk_error());
    m_count->SetLabel(count);
    m_view->show_sort();
    show_risk_details();
}

void VisitsPage::set_store(storage::Store* store) {
    m_store = store;
    m_survey_scorecards.reset();
    m_source.set_store(store);
    m_client->Clear();
    m_client_ids.clear();
    m_client->Append("All clients");
    m_client_ids.push_back(0);
    if (store)
        for (const auto& c : store->org_list(storage::OrgKind::Client, std::nullopt, true, false)) {
            m_client->Append(wxs(c.name));
            m_client_ids.push_back(c.id);
        }
    m_client->SetSelection(0);
    fill_filters();
    apply_filters();
}

void VisitsPage::fill_filters() {
    m_branch->Clear();
    m_branch_ids.clear();
    m_branch->Append("All branches");
    m_branch_ids.push_back(0);
    int c = m_client->GetSelection();
    if (m_store && c > 0)
        for (const auto& b :
             m_store->org_list(storage::OrgKind::Branch, m_client_ids[static_cast<std::size_t>(c)],
                               true, false)) {
            m_branch->Append(wxs(b.code + (b.name.empty() ? "" : " " + b.name)));
            m_branch_ids.push_back(b.id);
        }
    m_branch->SetSelection(0);
    m_branch->Enable(c > 0);
}

void VisitsPage::apply_filters() {
    storage::VisitListQuery q;
    if (int c = m_client->GetSelection(); c > 0)
        q.client_id = m_client_ids[static_cast<std::size_t>(c)];
    if (int b = m_branch->GetSelection(); b > 0)
        q.branch_id = m_branch_ids[static_cast<std::size_t>(b)];
    if (int s = m_status->GetSelection(); s > 0)
        q.status = static_cast<forms::Status>(s - 1);
    if (m_from->GetValue().IsValid())
        q.from_day = forms::parse_day(u8(m_from->GetValue().FormatISODate()));
    if (m_to->GetValue().IsValid())
        q.to_day = forms::parse_day(u8(m_to->GetValue().FormatISODate()));
    q.search = u8(m_search->GetValue().Trim().Trim(false));
    m_source.set_query(q);
    m_view->reset();
    show_count();
}

void VisitsPage::reload() {
    const std::int64_t keep = selected();
    m_survey_scorecards.reset(); // a survey scorecard may have been imported since
    m_source.reload();
    m_view->reset();
    show_count();
    if (keep)
        select_visit(keep);
}

void VisitsPage::replace_store(storage::Store* store) {
    const storage::VisitListQuery query = m_source.query();
    const std::int64_t keep = selected();
    m_store = store;
    m_survey_scorecards.reset();
    m_source.set_store(store);
    m_source.set_query(query);
    m_view->reset();
    show_count();
    if (keep)
        select_visit(keep);
}

void VisitsPage::refresh_visit(std::int64_t id) {
    m_source.invalidate(id);
    if (auto index = m_source.index_of(id))
        m_view->RefreshItem(static_cast<long>(*index));
}

void VisitsPage::select_visit(std::int64_t id) {
    if (auto index = m_source.index_of(id)) {
        const long row = static_cast<long>(*index);
        m_view->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                             wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
        m_view->EnsureVisible(row);
    }
}

std::int64_t VisitsPage::selected() const {
    const long row = m_view->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    return row >= 0 && static_cast<std::size_t>(row) < m_source.size()
               ? m_source.id_at(static_cast<std::size_t>(row))
               : 0;
}

void VisitsPage::set_search(const wxString& text) {
    m_search->ChangeValue(text);
    apply_filters();
}

void VisitsPage::set_status_filter(std::optional<forms::Status> status) {
    m_status->SetSelection(status ? static_cast<int>(*status) + 1 : 0);
    apply_filters();
}

} // namespace vs::app
