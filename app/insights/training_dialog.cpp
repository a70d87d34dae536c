#include "app/insights/training_dialog.h"

#include "app/shell/ui_util.h"
#include "forms/dates.h"

#include <wx/button.h>
#include <wx/checklst.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {

TrainingDialog::TrainingDialog(wxWindow* parent, storage::Store& store, const std::string& client)
    : wxDialog(parent, wxID_ANY, "Record a training", wxDefaultPosition, wxSize(640, 620),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_client(client), m_behaviours(behaviours(store)) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* grid = new wxFlexGridSizer(2, wxSize(8, 6));
    grid->AddGrowableCol(1);
    auto row = [&](const char* label, wxWindow* w) {
        grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(w, 1, wxEXPAND);
    };
    row("Client", new wxStaticText(this, wxID_ANY, wxs(client)));
    m_date = new DateCtrl(this, wxID_ANY, wxDateTime::Today(), wxDefaultPosition, wxDefaultSize,
                          wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    row("Date", m_date);
    m_title = new wxTextCtrl(this, wxID_ANY);
    m_title->SetHint("e.g. Greeting every customer well");
    row("Title", m_title);
    m_trainer = new wxTextCtrl(this, wxID_ANY);
    row("Trainer", m_trainer);
    top->Add(grid, 0, wxEXPAND | wxALL, 10);

    auto* lists = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    left->Add(new wxStaticText(this, wxID_ANY, "Employees trained"));
    m_employees = new wxCheckListBox(this, wxID_ANY);
    for (const auto& e : store.org_list(storage::OrgKind::Employee, std::nullopt, false, false))
        if (e.client == client) {
            m_employee_codes.push_back(e.code);
            m_employees->Append(wxs(OrgNames::show(e.code, {{e.code, e.name}}) +
                                    (e.parent.empty() ? "" : " · " + e.parent)));
        }
    left->Add(m_employees, 1, wxEXPAND | wxTOP, 4);
    auto* right = new wxBoxSizer(wxVERTICAL);
    right->Add(
        new wxStaticText(this, wxID_ANY, "Behaviours addressed (none: the whole visit score)"));
    m_sections = new wxCheckListBox(this, wxID_ANY);
    for (const Behaviour& b : m_behaviours)
        m_sections->Append(wxs(b.title));
    right->Add(m_sections, 1, wxEXPAND | wxTOP, 4);
    lists->Add(left, 1, wxEXPAND | wxRIGHT, 8);
    lists->Add(right, 1, wxEXPAND);
    top->Add(lists, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 10);
    SetSizer(top);
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& e) {
            const std::string problem = check(value());
            if (!problem.empty()) {
                wxMessageBox(wxs(problem), "Record a training", wxOK | wxICON_WARNING, this);
                return;
            }
            e.Skip();
        },
        wxID_OK);
}

NewTraining TrainingDialog::value() const {
    NewTraining t;
    // A date typed wrong is checked as typed, not replaced by the one before.
    t.date =
        u8(m_date->IsValid() ? m_date->GetValue().FormatISODate() : m_date->text()->GetValue());
    t.title = u8(m_title->GetValue().Strip(wxString::both));
    t.trainer = u8(m_trainer->GetValue().Strip(wxString::both));
    t.client = m_client;
    for (unsigned i = 0; i < m_employees->GetCount(); ++i)
        if (m_employees->IsChecked(i))
            t.employees.push_back(m_employee_codes[i]);
    for (unsigned i = 0; i < m_sections->GetCount(); ++i)
        if (m_sections->IsChecked(i))
            t.sections.push_back(m_behaviours[i].id);
    return t;
}

void TrainingDialog::fill(const std::string& date, const std::string& title,
                          const std::string& trainer, const std::vector<std::string>& employees,
                          const std::vector<std::string>& sections) {
    wxDateTime d;
    d.ParseISODate(wxs(date));
    m_date->SetValue(d);
    m_title->ChangeValue(wxs(title));
    m_trainer->ChangeValue(wxs(trainer));
    for (unsigned i = 0; i < m_employees->GetCount(); ++i)
        m_employees->Check(i,
                           std::count(employees.begin(), employees.end(), m_employee_codes[i]) > 0);
    for (unsigned i = 0; i < m_sections->GetCount(); ++i)
        m_sections->Check(i, std::count(sections.begin(), sections.end(), m_behaviours[i].id) > 0);
}

} // namespace vs::app
