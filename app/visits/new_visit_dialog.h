#pragma once
// The New Visit dialog: scorecard (latest version), client, branch, employee ("could not
// identify" allowed), shopper, date and time, with type-ahead pickers. The same dialog edits
// the header of an existing visit (scorecard and client then stay as they are).

#include "app/shell/date_ctrl.h"
#include "storage/store.h"

#include <optional>
#include <wx/dialog.h>

class wxChoice;
class wxComboBox;
class wxTimePickerCtrl;
class wxStaticText;

namespace vs::app {

class NewVisitDialog : public wxDialog {
  public:
    /// A new visit; with `existing`, edits that visit's branch, staff, shopper, date and time.
    NewVisitDialog(wxWindow* parent, storage::Store& store, const forms::Visit* existing = nullptr);

    /// The header of the new visit; throws InputError saying which field is wrong.
    forms::Visit header() const;

    /// Sets the date and time pickers (for tests).
    void set_when(const wxDateTime& when);

    /// Chooses entries by text, as typing in the pickers does (for tests).
    void choose(const wxString& scorecard_id, const wxString& client, const wxString& branch_code,
                const wxString& employee_code, const wxString& shopper_code);

    /// The message shown under the fields ("" when none).
    wxString message() const;

  private:
    void fill_client();
    void preset(const forms::Visit& v);
    /// Shows `text` under the fields, whole.
    void show_message(const wxString& text);

    storage::Store& m_store;
    std::vector<std::pair<std::string, int>> m_templates; // id, latest version
    std::vector<storage::OrgEntity> m_clients, m_branches, m_employees, m_shoppers;
    wxChoice* m_template = nullptr;
    wxChoice* m_client = nullptr;
    wxComboBox* m_branch = nullptr;
    wxComboBox* m_employee = nullptr;
    wxComboBox* m_shopper = nullptr;
    DateCtrl* m_date = nullptr;
    wxTimePickerCtrl* m_time = nullptr;
    wxStaticText* m_error = nullptr;
    wxString m_message; ///< the message shown, unwrapped
    std::optional<forms::Visit> m_existing;
};

} // namespace vs::app
