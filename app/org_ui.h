#pragma once
// The Organisation page (clients, regions, branches, employees, shoppers: add, edit,
// deactivate, import from CSV) and the Scorecards page (stored templates, import).

#include "storage/store.h"

#include <wx/panel.h>

#include <functional>

class wxChoice;
class wxDataViewListCtrl;
class wxCheckBox;

namespace vs::app {

class OrganisationPage : public wxPanel {
public:
    explicit OrganisationPage(wxWindow* parent);
    void set_store(storage::Store* store);
    void reload();
    /// Which table is shown.
    void set_kind(storage::OrgKind kind);
    /// Imports a CSV file into the shown table; returns the number of rows.
    std::size_t import_csv(const std::string& path);
    /// Called after something changed (to refresh other pages' filters).
    std::function<void()> on_changed;

private:
    storage::OrgKind kind() const;
    void edit(const storage::OrgEntity* existing);
    storage::Store* m_store = nullptr;
    wxChoice* m_kind = nullptr;
    wxChoice* m_client = nullptr;
    wxCheckBox* m_inactive = nullptr;
    wxDataViewListCtrl* m_list = nullptr;
    std::vector<storage::OrgEntity> m_rows;
    std::vector<storage::OrgEntity> m_clients;
};

class ScorecardsPage : public wxPanel {
public:
    explicit ScorecardsPage(wxWindow* parent);
    void set_store(storage::Store* store);
    void reload();
    std::function<void()> on_import;

private:
    storage::Store* m_store = nullptr;
    wxDataViewListCtrl* m_list = nullptr;
};

} // namespace vs::app
