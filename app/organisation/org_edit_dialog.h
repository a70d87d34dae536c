#pragma once
// Adds or edits one client, region, branch, employee or shopper of the Organisation page.

#include "storage/store.h"

#include <vector>
#include <wx/dialog.h>

class wxChoice;
class wxStaticText;
class wxTextCtrl;

namespace vs::app {

/// Adds or edits one client, region, branch, employee or shopper.
class OrgEditDialog : public wxDialog {
  public:
    /// `existing` null: a new entity of `kind`; `clients` are the choices of its client.
    OrgEditDialog(wxWindow* parent, storage::Store& store, storage::OrgKind kind,
                  const std::vector<storage::OrgEntity>& clients,
                  const storage::OrgEntity* existing, int default_client);
    /// Fills the fields as typing does (for tests); an empty client keeps the choice.
    void set_values(const wxString& client, const wxString& code, const wxString& name);
    /// Checks and stores the entity; on bad input shows why in the dialog and returns false.
    bool save();
    /// The message shown after a failed save ("" when none).
    wxString error() const;

  private:
    storage::Store& m_store;
    storage::OrgEntity m_entity;
    const std::vector<storage::OrgEntity>& m_clients;
    wxChoice* m_client = nullptr;
    wxTextCtrl* m_code = nullptr;
    wxTextCtrl* m_name = nullptr;
    wxStaticText* m_error = nullptr;
};

} // namespace vs::app
