#pragma once
// The client report dialog: client, period, branches, options (pseudonymise staff,
// logo), then the workbook is written under a progress dialog with Cancel and opened when done.

#include "app/insights/report_model.h"
#include "app/shell/date_ctrl.h"

#include <wx/dialog.h>

class wxCheckBox;
class wxCheckListBox;
class wxChoice;
class wxFilePickerCtrl;

namespace vs::app {

class ReportDialog : public wxDialog {
  public:
    /// Starts from the dashboard's filter.
    ReportDialog(wxWindow* parent, storage::Store& store, const ViewFilter& filter);

    /// What the dialog would write now.
    ReportRequest request() const;
    /// Writes the workbook with `progress`; false when cancelled (nothing written). Opens it
    /// afterwards when "Open when done" is ticked. Throws on failure.
    bool run(Progress& progress);

    wxCheckListBox* branches() const { return m_branches; }
    wxCheckBox* pseudonymise() const { return m_pseudonymise; }
    wxCheckBox* open_when_done() const { return m_open; }
    wxFilePickerCtrl* output() const { return m_output; }
    std::size_t written() const { return m_written; }

  private:
    void fill_branches();

    storage::Store& m_store;
    ViewFilter m_filter;
    std::vector<ClientChoice> m_clients;
    std::vector<std::string> m_branch_codes;
    wxChoice* m_client;
    DateCtrl* m_from;
    DateCtrl* m_to;
    wxCheckListBox* m_branches;
    wxCheckBox* m_pseudonymise;
    wxFilePickerCtrl* m_logo;
    wxFilePickerCtrl* m_output;
    wxCheckBox* m_open;
    std::size_t m_written = 0;
};

} // namespace vs::app
