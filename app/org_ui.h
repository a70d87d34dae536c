#pragma once
// The Organisation page (clients, regions, branches, employees, shoppers: add, edit,
// deactivate, import from CSV) and the Scorecards page (stored templates, import).

#include "storage/store.h"

#include <wx/dialog.h>
#include <wx/panel.h>

#include <functional>

class wxChoice;
class wxDataViewListCtrl;
class wxCheckBox;
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
};

class ScorecardsPage : public wxPanel {
public:
    explicit ScorecardsPage(wxWindow* parent);
    /// Uses `store`; the list is read when the page is first shown (counting the visits of
    /// every scorecard takes a while on a large database).
    void set_store(storage::Store* store);
    /// Reads the list again now when shown, else when next shown.
    void reload();
    /// Reads the list when it is out of date.
    void ensure_loaded();
    /// How many scorecard versions are listed.
    unsigned count() const;
    std::function<void()> on_import;
    /// Opens the scorecard designer: on a version (double-click) or empty id (the button).
    std::function<void(const std::string& id, int version)> on_design;

private:
    void load();
    storage::Store* m_store = nullptr;
    wxDataViewListCtrl* m_list = nullptr;
    bool m_stale = true;
};

} // namespace vs::app
