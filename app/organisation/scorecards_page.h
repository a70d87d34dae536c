#pragma once
// The Scorecards page: the stored templates (scorecard versions) with their visit counts;
// imports a scorecard and opens the designer.

#include "storage/store.h"

#include <functional>
#include <string>
#include <wx/panel.h>

class wxButton;
class wxDataViewListCtrl;

namespace vs::app {

/// The scorecard versions stored in the database, one row each.
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
    /// Shows the Import and Design buttons only to someone who may change scorecards.
    void set_can_edit(bool can);
    /// Whether the Import and Design buttons are shown.
    bool can_edit() const;

  private:
    void load();
    storage::Store* m_store = nullptr;
    wxDataViewListCtrl* m_list = nullptr;
    wxButton* m_import = nullptr;
    wxButton* m_design = nullptr;
    bool m_stale = true;
};

} // namespace vs::app
