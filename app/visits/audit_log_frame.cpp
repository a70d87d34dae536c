#include "app/visits/audit_log_frame.h"

#include "app/shell/list_columns.h"
#include "app/shell/ui_util.h"
#include "forms/describe.h"
#include "forms/error.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {

void AuditLogModel::set_rows(std::vector<storage::AuditRow> rows) {
    m_rows = std::move(rows);
    Reset(static_cast<unsigned>(m_rows.size()));
}

void AuditLogModel::GetValueByRow(wxVariant& value, unsigned row, unsigned col) const {
    value = row < m_rows.size() ? wxs(audit_cell(m_rows[row], static_cast<int>(col))) : wxString();
}

AuditLogFrame::AuditLogFrame(wxWindow* parent, storage::Store* store)
    : wxFrame(parent, wxID_ANY, "Audit log", wxDefaultPosition, wxSize(1180, 640)) {
    auto* panel = new wxPanel(this);
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* intro = new wxStaticText(panel, wxID_ANY,
                                   "Every review step and every change of a reviewed visit, "
                                   "oldest first. The log is append-only; times are UTC.");
    s->Add(intro, 0, wxLEFT | wxRIGHT | wxTOP, 10);

    auto* filters = new wxFlexGridSizer(2, 7, 4, 8);
    auto label = [&](const char* text) {
        filters->Add(new wxStaticText(panel, wxID_ANY, text), 0, wxALIGN_BOTTOM);
    };
    for (const char* text : {"Who", "Visit (uuid)", "Branch (code)", "Action", "From", "To"})
        label(text);
    filters->AddSpacer(0); // no heading over the button
    auto field = [&](int width, const char* hint) {
        auto* text = new wxTextCtrl(panel, wxID_ANY, "", wxDefaultPosition, wxSize(width, -1),
                                    wxTE_PROCESS_ENTER);
        text->SetHint(hint);
        return text;
    };
    m_who = field(140, "anyone");
    m_visit = field(290, "any visit");
    m_branch = field(110, "any branch");
    m_action = new wxChoice(panel, wxID_ANY);
    for (const char* a : {"Any", "status", "edit", "purge"})
        m_action->Append(a);
    m_action->SetSelection(0);
    m_from = field(110, "YYYY-MM-DD");
    m_to = field(110, "YYYY-MM-DD");
    auto* show = new wxButton(panel, wxID_ANY, "Show");
    for (wxWindow* w :
         std::initializer_list<wxWindow*>{m_who, m_visit, m_branch, m_action, m_from, m_to, show})
        filters->Add(w, 0, wxEXPAND);
    s->Add(filters, 0, wxALL, 10);

    m_view = new wxDataViewCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                wxDV_ROW_LINES | wxDV_SINGLE);
    m_model = new AuditLogModel;
    m_view->AssociateModel(m_model);
    m_model->DecRef(); // the view holds it
    const int widths[] = {130, 110, 290, 80, 150, 190, 300};
    for (int c = 0; c < AuditColumnCount; ++c)
        m_view->AppendTextColumn(wxs(audit_column_titles()[static_cast<std::size_t>(c)]),
                                 static_cast<unsigned>(c), wxDATAVIEW_CELL_INERT, widths[c],
                                 wxALIGN_LEFT, wxDATAVIEW_COL_RESIZABLE);
    // Every column within the window (the reason takes what is left; long cells end in "…").
    m_view->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        fit_view();
    });
    s->Add(m_view, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);
    m_status = new wxStaticText(panel, wxID_ANY, "");
    s->Add(m_status, 0, wxEXPAND | wxALL, 10);
    panel->SetSizer(s);

    show->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reload(); });
    for (wxTextCtrl* t : {m_who, m_visit, m_branch, m_from, m_to})
        t->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { reload(); });
    m_action->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_view->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent& e) {
        const unsigned row = m_model->GetRow(e.GetItem());
        if (on_open_visit && row < m_model->rows().size())
            on_open_visit(m_model->rows()[row].entry.visit_id);
    });
    set_store(store);
}

AuditLogFrame::~AuditLogFrame() = default;

void AuditLogFrame::set_store(storage::Store* store) {
    m_store = store;
    reload();
}

AuditFilterText AuditLogFrame::typed() const {
    AuditFilterText f;
    f.who = u8(m_who->GetValue());
    f.visit = u8(m_visit->GetValue());
    f.branch = u8(m_branch->GetValue());
    f.action = m_action->GetSelection() > 0 ? u8(m_action->GetStringSelection()) : "";
    f.from = u8(m_from->GetValue());
    f.to = u8(m_to->GetValue());
    return f;
}

bool AuditLogFrame::apply(const AuditFilterText& f) {
    m_who->ChangeValue(wxs(f.who));
    m_visit->ChangeValue(wxs(f.visit));
    m_branch->ChangeValue(wxs(f.branch));
    const int action = m_action->FindString(wxs(f.action));
    m_action->SetSelection(f.action.empty() || action == wxNOT_FOUND ? 0 : action);
    m_from->ChangeValue(wxs(f.from));
    m_to->ChangeValue(wxs(f.to));
    return reload();
}

bool AuditLogFrame::reload() {
    if (!m_store) {
        m_model->set_rows({});
        m_status->SetLabel("No database is open.");
        return false;
    }
    storage::AuditQuery query;
    try {
        query = audit_query(typed());
        m_model->set_rows(m_store->audit_entries(query));
    } catch (const InputError&) {
        m_status->SetForegroundColour(colour_below());
        m_status->SetLabel(wxs(describe(std::current_exception())));
        return false;
    }
    m_status->SetForegroundColour(wxNullColour);
    fit_view();
    const std::size_t n = m_model->rows().size();
    m_status->SetLabel(n == 0   ? wxs(no_entries_text(query))
                       : n == 1 ? wxString("1 entry. Double-click an entry to open its visit.")
                                : wxString::Format("%zu entries. Double-click an entry to open "
                                                   "its visit.",
                                                   n));
    return true;
}

void AuditLogFrame::fit_view() {
    const auto& rows = m_model->rows();
    fit_columns(
        m_view, AuditColumnCount - 1, static_cast<unsigned>(rows.size()),
        [&rows](unsigned r, unsigned c) { return wxs(audit_cell(rows[r], static_cast<int>(c))); });
}

wxString AuditLogFrame::status_text() const {
    return m_status->GetLabel();
}

} // namespace vs::app
