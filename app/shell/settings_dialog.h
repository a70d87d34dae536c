#pragma once
// Tools ▸ Settings: the database's settings a person may change — who works at this desk (the
// audit log's "who") and whether a one-person office lets the submitter approve their own
// visits (ROLES.md separation of duties; services/review_rules.h) — and the question asked
// once when a database is first opened: who is working — and the thresholds of the review
// queue's integrity signals (settings integrity.*, docs/integrity.md).

#include "storage/store.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <wx/dialog.h>

class wxCheckBox;
class wxNotebook;
class wxStaticText;
class wxTextCtrl;

namespace vs::app {

class SettingsDialog : public wxDialog {
  public:
    /// On a server (`on_server`) the person is their server account `who`: the dialog says so
    /// and asks no name.
    SettingsDialog(wxWindow* parent, storage::Store& store, const std::string& who,
                   bool on_server = false);

    /// Stores what the dialog shows; false, with the field named in the dialog, when the name
    /// is empty (nothing is stored then).
    bool apply();
    /// The name box; null on a server.
    wxTextCtrl* name_box() const { return m_name; }
    wxCheckBox* self_approval_box() const { return m_self; }
    /// The box of an integrity threshold (its setting key, e.g. "integrity.branch_z"), or null.
    wxTextCtrl* threshold_box(const std::string& key) const;
    wxString problem() const;

  private:
    bool apply_thresholds();

    storage::Store& m_store;
    wxTextCtrl* m_name = nullptr;
    wxCheckBox* m_self = nullptr;
    std::vector<std::pair<std::string, wxTextCtrl*>> m_thresholds; // key, box
    wxNotebook* m_book = nullptr;                                  // General, Integrity signals
    wxStaticText* m_problem = nullptr;
};

/// Whether the database lets the submitter approve their own visits.
bool self_approval_allowed(storage::Store& store);

/// Asks who is working, suggesting `suggestion` (the login name); nullopt when cancelled.
std::optional<std::string> ask_who_dialog(wxWindow* parent, const std::string& suggestion);

} // namespace vs::app
