#include "app/insights/plan_view.h"

#include "app/field/create_assignments_dialog.h"
#include "app/insights/view_page.h"
#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"
#include "services/plan.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>

namespace vs::app {

PlanView::PlanView(wxWindow* parent) : wxPanel(parent), m_as_of(services::today_day()) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    m_header = new wxStaticText(this, wxID_ANY, "Visit planning", wxDefaultPosition, wxDefaultSize,
                                wxST_ELLIPSIZE_END);
    m_header->SetFont(m_header->GetFont().Scaled(1.3f).Bold());
    m_header->SetMinSize(wxSize(120, -1));
    top->Add(m_header, 0, wxEXPAND | wxALL, 8);

    auto* controls = new wxBoxSizer(wxHORIZONTAL);
    controls->Add(new wxStaticText(this, wxID_ANY, "Plan per"), 0,
                  wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    m_by = new wxChoice(this, wxID_ANY);
    m_by->Append("branch");
    m_by->Append("employee");
    m_by->SetSelection(0);
    controls->Add(m_by, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 16);
    controls->Add(new wxStaticText(this, wxID_ANY, wxString::FromUTF8("95% CI of ±")), 0,
                  wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    m_half_width = new wxSpinCtrlDouble(this, wxID_ANY, "5", wxDefaultPosition, wxDefaultSize,
                                        wxSP_ARROW_KEYS, 0.5, 50, 5, 0.5);
    m_half_width->SetDigits(1);
    controls->Add(m_half_width, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    controls->Add(new wxStaticText(this, wxID_ANY, "points"), 0, wxALIGN_CENTER_VERTICAL);
    controls->AddStretchSpacer();
    m_create = new wxButton(this, wxID_ANY, wxString::FromUTF8("Create assignments…"));
    m_create->SetToolTip("Make one assignment per visit this plan needs at each branch, with a "
                         "shopper proposed for each (a preview first)");
    m_create->Hide();
    controls->Add(m_create, 0, wxALIGN_CENTER_VERTICAL);
    top->Add(controls, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    // Numbers right-aligned so that their digits line up; names and the source left.
    int column = 0;
    for (const char* name : {"Branch", "Visits (last 365 days)", "Mean", "95% CI", "s", "s from",
                             "Needed next period"}) {
        const bool text = column == 0 || column == 5;
        m_list->AppendColumn(wxString::FromUTF8(name),
                             text ? wxLIST_FORMAT_LEFT : wxLIST_FORMAT_RIGHT);
        ++column;
    }
    keep_columns_fitted(m_list, 0);
    top->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);
    m_note = new NoteLine(this);
    top->Add(m_note, 0, wxEXPAND | wxALL, 8);
    SetSizer(top);

    run_create = [](CreateAssignmentsDialog& d) { return d.ShowModal(); };
    m_create->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { create_assignments(); });
    m_by->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_half_width->Bind(wxEVT_SPINCTRLDOUBLE, [this](wxSpinDoubleEvent&) { reload(); });
    // The note wraps to the width it gets, and the table gives up the height it then needs.
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] { show_note(m_note_text); });
    });
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown() && m_dirty)
            CallAfter([this] { reload(); });
        e.Skip();
    });
}

void PlanView::set_store(storage::Store* store) {
    m_store = store;
    m_dirty = true;
}

void PlanView::set_filter(const ViewFilter& filter) {
    const bool other_client = filter.client != m_filter.client;
    m_filter = filter;
    if (!other_client)
        return; // the period does not change the plan
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void PlanView::set_as_of(int day) {
    m_as_of = day;
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void PlanView::reload() {
    m_dirty = false;
    m_table = {};
    scoring::PlanSpec spec;
    spec.by = m_by->GetSelection() == 1 ? scoring::PlanBy::Employee : scoring::PlanBy::Branch;
    spec.half_width = m_half_width->GetValue();
    if (m_store && !m_filter.client.empty())
        m_table = plan_table(*m_store, m_filter.client, spec, m_as_of);
    m_header->SetLabel(wxs("Visit planning · " + m_filter.client +
                           (m_table.range.empty() ? "" : " · visits from " + m_table.range)));
    wxListItem column;
    column.SetText(spec.by == scoring::PlanBy::Branch ? "Branch" : "Employee");
    m_list->SetColumn(0, column);
    m_list->DeleteAllItems();
    for (std::size_t i = 0; i < m_table.rows.size(); ++i) {
        const PlanRow& r = m_table.rows[i];
        const long item = m_list->InsertItem(static_cast<long>(i), wxs(r.label));
        m_list->SetItem(item, 1, wxString::Format("%zu", r.n_ref));
        m_list->SetItem(item, 2, wxs(r.mean));
        m_list->SetItem(item, 3, wxs(r.ci95));
        m_list->SetItem(item, 4, wxs(r.s));
        m_list->SetItem(item, 5, wxs(r.source));
        m_list->SetItem(item, 6, wxs(r.needed));
    }
    show_note(m_table.rows.empty() && !m_filter.client.empty()
                  ? "No approved visits of " + m_filter.client + " with a score from " +
                        m_table.range +
                        (spec.by == scoring::PlanBy::Employee ? " that name an employee" : "") +
                        ": nothing to plan from."
                  : m_table.note);
    fit_columns(m_list, 0);
    m_create->Enable(m_store && !m_filter.client.empty());
}

void PlanView::show_note(const std::string& text) {
    m_note_text = text;
    m_note->set(text);
    Layout(); // the note's width
    m_note->set(text);
    Layout(); // its wrapped height
}

void PlanView::set_may_create(bool may_create, bool show_fees, const std::string& who) {
    m_may_create = may_create;
    m_show_fees = show_fees;
    m_who = who;
    m_create->Show(may_create);
    m_create->Enable(m_store && !m_filter.client.empty());
    Layout();
}

bool PlanView::create_assignments() {
    if (!m_store || !m_may_create || m_filter.client.empty())
        return false;
    CreateAssignmentsDialog d(this, *m_store, m_filter.client, m_half_width->GetValue(), m_as_of,
                              m_show_fees, m_who);
    if (run_create(d) != wxID_OK || d.created() == 0)
        return false;
    if (on_assignments_created)
        on_assignments_created();
    return true;
}

void PlanView::data_changed() {
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

} // namespace vs::app
