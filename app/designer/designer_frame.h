#pragma once
// The scorecard designer window: a tree of sections and questions beside a property grid with
// every field of SCORING.md / FORMATS.md, reordering by drag or Alt+Up/Down, undo and redo, the
// forms library's first validation problem marked on its node with what to do, a version panel
// (current version, visits per version, old versions read-only), a preview tab (the shopper's
// form with test answers and the live score), and JSON / CSV import and export. It draws a
// DesignerModel and forwards edits to it.

#include "app/designer/designer_model.h"
#include "storage/store.h"

#include <functional>
#include <string>
#include <wx/frame.h>
#include <wx/treebase.h>

class wxListCtrl;
class wxNotebook;
class wxPanel;
class wxPropertyGrid;
class wxPropertyGridManager;
class wxPropertyGridEvent;
class wxStaticText;
class wxButton;
class wxTreeCtrl;

namespace vs::app {

class TemplatePreview;

class DesignerFrame : public wxFrame {
  public:
    /// A designer on `store` (not owned; may be null: then saving is not offered).
    DesignerFrame(wxWindow* parent, storage::Store* store);

    DesignerModel& model() { return m_model; }
    /// Works on another database (the main window opened one); the document stays.
    void set_store(storage::Store* store);

    /// Starts a blank scorecard / a copy of a bundled one / a stored version (false when the
    /// person keeps unsaved changes).
    bool new_blank();
    bool new_from_bundled(std::size_t index);
    bool open_stored(const std::string& id, int version);
    /// Reads and writes the JSON file; false (with the message shown) when it fails.
    bool import_json(const std::string& path);
    bool export_json(const std::string& path);
    /// The spreadsheet form (forms/template_csv.h).
    bool import_csv(const std::string& path);
    bool export_csv(const std::string& path);
    /// Saves to the database; false when invalid or not stored.
    bool save();
    /// Whether closing would lose edits (changed since the last save, not a read-only version).
    bool has_unsaved_changes() const;
    /// The person chose to drop the unsaved edits: closing no longer asks.
    void discard_changes() { m_discarded = true; }

    /// Selects a node in the tree and shows its properties.
    void select(DesignerNode node);
    DesignerNode selection() const { return m_sel; }
    /// Changes a property as a person would in the grid (the change event runs).
    bool set_property(const wxString& name, const wxVariant& value);
    /// Runs a menu command (wxID_UNDO, wxID_SAVE, the ID_… below) as if chosen.
    void command(int id);
    /// Shows the design or the preview tab.
    void show_preview(bool preview);

    wxTreeCtrl* tree() const { return m_tree; }
    wxPropertyGrid* grid() const;
    TemplatePreview* preview() const { return m_preview; }
    wxListCtrl* versions() const { return m_versions; }
    /// The problem panel's text ("" when valid).
    wxString problem_text() const;
    /// The last message shown in the status bar.
    wxString status() const;

    /// Called after a version was stored (to refresh the Scorecards page).
    std::function<void()> on_saved;
    /// Asks whether unsaved changes may be dropped; tests replace it.
    std::function<bool(const wxString& question)> confirm_discard;
    /// Asks what to do with unsaved changes when the designer closes: wxID_SAVE, wxID_NO
    /// (discard) or wxID_CANCEL (stay open); tests replace it.
    std::function<int(const wxString& question)> confirm_close;

    enum {
        ID_AddSection = wxID_HIGHEST + 300,
        ID_AddQuestion,
        ID_Duplicate,
        ID_Delete,
        ID_MoveUp,
        ID_MoveDown,
        ID_Preview,
        ID_NewBlank,
        ID_OpenStored,
        ID_ImportJson,
        ID_ExportJson,
        ID_ImportCsv,
        ID_ExportCsv,
        ID_EditCopy,
        ID_Bundled, // one id per bundled scorecard from here on
    };

  private:
    void build_menu();
    wxPanel* build_design_page(wxWindow* parent);
    void refresh();
    void refresh_tree();
    void refresh_grid();
    /// Makes the names column of the properties as wide as its longest name.
    void fit_grid_names();
    void refresh_problem();
    void refresh_versions();
    void refresh_title();
    void on_grid_changed(wxPropertyGridEvent& e);
    void on_drop(const wxTreeItemId& target);
    void apply(DesignerNode next);
    bool may_discard();
    bool import_file(const std::string& path, bool csv);
    bool export_file(const std::string& path, bool csv);
    void message(const wxString& text);
    wxTreeItemId item_of(DesignerNode node) const;
    DesignerNode node_of(const wxTreeItemId& item) const;

    storage::Store* m_store = nullptr;
    DesignerModel m_model;
    bool m_discarded = false; ///< unsaved edits dropped on purpose (closing the app)
    DesignerNode m_sel;
    DesignerNode m_drag;
    bool m_refreshing = false;
    bool m_refresh_pending = false;

    wxNotebook* m_book = nullptr;
    wxTreeCtrl* m_tree = nullptr;
    wxPropertyGridManager* m_grid = nullptr;
    wxPanel* m_problem = nullptr;
    wxStaticText* m_problem_text = nullptr;
    wxPanel* m_readonly = nullptr;
    wxStaticText* m_readonly_text = nullptr;
    wxListCtrl* m_versions = nullptr;
    wxStaticText* m_version_note = nullptr;
    TemplatePreview* m_preview = nullptr;
    wxString m_status;
};

} // namespace vs::app
