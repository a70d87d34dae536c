#include "app/insights/report_dialog.h"

#include "app/shell/ui_util.h"
#include "app/shell/wx_progress.h"
#include "forms/dates.h"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/log.h>
#include <wx/mimetype.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/stdpaths.h>
#include <wx/utils.h>

namespace vs::app {
namespace {

wxDateTime wx_day(int day) {
    wxDateTime d;
    d.ParseISODate(wxs(forms::day_to_string(day)));
    return d;
}

int day_of(const DateCtrl* c) {
    return *forms::parse_day(u8(c->GetValue().FormatISODate()));
}

} // namespace

ReportDialog::ReportDialog(wxWindow* parent, storage::Store& store, const ViewFilter& filter)
    : wxDialog(parent, wxID_ANY, "Client report", wxDefaultPosition, wxSize(640, 640),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_store(store), m_filter(filter), m_clients(client_choices(store)) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* grid = new wxFlexGridSizer(2, wxSize(8, 8));
    grid->AddGrowableCol(1);
    auto row = [&](const char* label, wxWindow* w) {
        grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(w, 1, wxEXPAND);
    };
    m_client = new wxChoice(this, wxID_ANY);
    for (const ClientChoice& c : m_clients)
        m_client->Append(wxs(c.client));
    m_client->SetStringSelection(wxs(filter.client));
    row("Client", m_client);
    auto* period = new wxBoxSizer(wxHORIZONTAL);
    const int last = m_clients.empty() ? 0 : m_clients.front().last_day;
    m_from = new DateCtrl(this, wxID_ANY, wx_day(filter.from_day.value_or(last - 365)),
                          wxDefaultPosition, wxDefaultSize, wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    m_to = new DateCtrl(this, wxID_ANY, wx_day(filter.to_day.value_or(last)), wxDefaultPosition,
                        wxDefaultSize, wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    period->Add(m_from);
    period->Add(new wxStaticText(this, wxID_ANY, "to"), 0,
                wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, 6);
    period->Add(m_to);
    grid->Add(new wxStaticText(this, wxID_ANY, "Period"), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(period);
    top->Add(grid, 0, wxEXPAND | wxALL, 10);

    top->Add(new wxStaticText(this, wxID_ANY, "Branches in the report"), 0, wxLEFT | wxRIGHT, 10);
    m_branches = new wxCheckListBox(this, wxID_ANY);
    top->Add(m_branches, 1, wxEXPAND | wxALL, 10);
    auto* pick = new wxBoxSizer(wxHORIZONTAL);
    auto* all = new wxButton(this, wxID_ANY, "All");
    auto* none = new wxButton(this, wxID_ANY, "None");
    all->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        for (unsigned i = 0; i < m_branches->GetCount(); ++i)
            m_branches->Check(i);
    });
    none->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        for (unsigned i = 0; i < m_branches->GetCount(); ++i)
            m_branches->Check(i, false);
    });
    pick->Add(all, 0, wxRIGHT, 6);
    pick->Add(none);
    top->Add(pick, 0, wxLEFT | wxRIGHT, 10);

    auto* options = new wxFlexGridSizer(2, wxSize(8, 8));
    options->AddGrowableCol(1);
    m_pseudonymise =
        new wxCheckBox(this, wxID_ANY, "Pseudonymise staff (\"Staff 3F9A1C\" instead of names)");
    m_logo = new wxFilePickerCtrl(
        this, wxID_ANY, "", "Choose a logo",
        "Images (*.png;*.jpg;*.jpeg;*.gif;*.bmp)|*.png;*.jpg;*.jpeg;*.gif;*.bmp", wxDefaultPosition,
        wxDefaultSize, wxFLP_OPEN | wxFLP_FILE_MUST_EXIST | wxFLP_USE_TEXTCTRL);
    const wxString name =
        wxs(filter.client + " report " +
            forms::day_to_string(filter.to_day.value_or(last)).substr(0, 7) + ".xlsx");
    m_output = new wxFilePickerCtrl(
        this, wxID_ANY, wxStandardPaths::Get().GetDocumentsDir() + "/" + name, "Save the report as",
        "Excel workbooks (*.xlsx)|*.xlsx", wxDefaultPosition, wxDefaultSize,
        wxFLP_SAVE | wxFLP_OVERWRITE_PROMPT | wxFLP_USE_TEXTCTRL);
    m_open = new wxCheckBox(this, wxID_ANY, "Open the workbook when done");
    m_open->SetValue(true);
    options->AddSpacer(0);
    options->Add(m_pseudonymise);
    options->Add(new wxStaticText(this, wxID_ANY, "Logo"), 0, wxALIGN_CENTER_VERTICAL);
    options->Add(m_logo, 1, wxEXPAND);
    options->Add(new wxStaticText(this, wxID_ANY, "Save as"), 0, wxALIGN_CENTER_VERTICAL);
    options->Add(m_output, 1, wxEXPAND);
    options->AddSpacer(0);
    options->Add(m_open);
    top->Add(options, 0, wxEXPAND | wxALL, 10);
    auto* buttons = CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    if (auto* ok = FindWindow(wxID_OK))
        ok->SetLabel("Write report");
    top->Add(buttons, 0, wxEXPAND | wxALL, 10);
    SetSizer(top);
    fill_branches();

    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { fill_branches(); });
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent&) {
            for (DateCtrl* d : {m_from, m_to})
                if (!d->IsValid()) { // a date typed wrong is not replaced by the one before
                    wxLogError("%s", d->error());
                    d->SetFocus();
                    return;
                }
            const ReportRequest r = request();
            if (r.path.empty()) {
                wxLogError("Choose where to save the report.");
                return;
            }
            WxProgress progress(this, "Writing the client report");
            if (run(progress))
                EndModal(wxID_OK);
        },
        wxID_OK);
}

void ReportDialog::fill_branches() {
    m_branches->Clear();
    m_branch_codes.clear();
    const OrgNames names = org_names(m_store, u8(m_client->GetStringSelection()));
    for (const auto& [code, name] : names.branch) {
        m_branch_codes.push_back(code);
        m_branches->Append(wxs(OrgNames::show(code, names.branch)));
        m_branches->Check(m_branches->GetCount() - 1);
    }
}

ReportRequest ReportDialog::request() const {
    ReportRequest r;
    r.filter = m_filter;
    r.filter.client = u8(m_client->GetStringSelection());
    r.filter.from_day = day_of(m_from);
    r.filter.to_day = day_of(m_to);
    for (unsigned i = 0; i < m_branches->GetCount(); ++i)
        if (m_branches->IsChecked(i))
            r.branches.insert(m_branch_codes[i]);
    if (r.branches.size() == m_branch_codes.size())
        r.branches.clear(); // every branch: the report of the whole client
    r.pseudonymise_staff = m_pseudonymise->GetValue();
    r.logo = u8(m_logo->GetPath());
    r.path = u8(m_output->GetPath());
    if (!r.path.empty() && wxFileName(wxs(r.path)).GetExt().Lower() != "xlsx")
        r.path += ".xlsx";
    return r;
}

bool ReportDialog::run(Progress& progress) {
    const ReportRequest r = request();
    try {
        wxBusyCursor busy;
        m_written = write_report(m_store, r, &progress);
    } catch (const Cancelled&) {
        wxLogStatus("Report cancelled: nothing was written.");
        return false;
    }
    if (m_open->GetValue() && !wxLaunchDefaultApplication(wxs(r.path)))
        wxLogWarning("The report was written to %s, but no application opened it.", wxs(r.path));
    return true;
}

} // namespace vs::app
