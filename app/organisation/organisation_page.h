#pragma once
// The Organisation page: clients, regions, branches, employees, shoppers (add, edit,
// deactivate, import from CSV).

#include "storage/store.h"

#include <functional>
#include <vector>
#include <wx/panel.h>

class wxButton;
class wxChoice;
class wxDataViewListCtrl;
class wxCheckBox;
class wxStaticText;

namespace vs::app {

class OrganisationPage : public wxPanel {
  public:
    explicit OrganisationPage(wxWindow* parent);
    /// Switches database; the page reads it when first shown (ensure_loaded).
    void set_store(storage::Store* store);
    /// Reads the shown table again.
    void reload();
    /// Reads the table unless done since set_store.
    void ensure_loaded();
    /// Which table is shown.
    void set_kind(storage::OrgKind kind);
    /// Shows deactivated entries too.
    void show_inactive(bool show);
    /// The entries shown, in list order.
    const std::vector<storage::OrgEntity>& rows() const { return m_rows; }
    /// Selects a shown entry.
    void select(std::size_t row);
    /// Deactivates (or reactivates) the selected entry; false when none is selected.
    bool toggle_active();
    /// Imports a CSV file into the shown table; returns the number of rows, or 0 after bad
    /// input, whose explanation (file, line, field) the page then shows.
    std::size_t import_csv(const std::string& path);
    /// The last message shown in the page ("" when none).
    wxString message() const;
    /// Called after something changed (to refresh other pages' filters).
    std::function<void()> on_changed;
    /// Shows the buttons that change the organisation (add, edit, deactivate, import) only to
    /// someone who may change it; double-clicking an entry then edits nothing.
    void set_can_edit(bool can);
    bool can_edit() const { return m_can_edit; }

  private:
    storage::OrgKind kind() const;
    void edit(const storage::OrgEntity* existing);
    void show_message(const wxString& text, bool error);
    const storage::OrgEntity* selected() const;
    void changed();
    storage::Store* m_store = nullptr;
    wxChoice* m_kind = nullptr;
    wxChoice* m_client = nullptr;
    wxCheckBox* m_inactive = nullptr;
    wxDataViewListCtrl* m_list = nullptr;
    wxStaticText* m_message = nullptr;
    wxString m_message_text;
    std::vector<storage::OrgEntity> m_rows;
    std::vector<storage::OrgEntity> m_clients;
    bool m_stale = true;
    bool m_can_edit = true;
    std::vector<wxButton*> m_edit_buttons;
};

} // namespace vs::app
