#pragma once
// Tools ▸ Audit log: who changed what across all visits, filterable by person, visit uuid,
// branch, action and date range, in a virtual wxDataViewCtrl (AuditLogModel adapts the rows the
// store returns; nothing is copied into the control). Double-clicking an entry opens its visit.

#include "app/visits/audit_log_model.h"
#include "storage/store.h"

#include <functional>
#include <vector>
#include <wx/dataview.h>
#include <wx/frame.h>

class wxChoice;
class wxStaticText;
class wxTextCtrl;

namespace vs::app {

/// A thin wxDataViewVirtualListModel over audit rows.
class AuditLogModel : public wxDataViewVirtualListModel {
  public:
    AuditLogModel() : wxDataViewVirtualListModel(0) {}
    void set_rows(std::vector<storage::AuditRow> rows);
    const std::vector<storage::AuditRow>& rows() const { return m_rows; }
    unsigned GetColumnCount() const override { return AuditColumnCount; }
    wxString GetColumnType(unsigned) const override { return "string"; }
    void GetValueByRow(wxVariant& value, unsigned row, unsigned col) const override;
    bool SetValueByRow(const wxVariant&, unsigned, unsigned) override { return false; }

  private:
    std::vector<storage::AuditRow> m_rows;
};

class AuditLogFrame : public wxFrame {
  public:
    AuditLogFrame(wxWindow* parent, storage::Store* store);
    ~AuditLogFrame() override;

    /// Follows the database the main window opens (nullptr: none).
    void set_store(storage::Store* store);
    /// Sets the filter fields and reloads; false (with the field named on screen) when a field
    /// is not valid.
    bool apply(const AuditFilterText& filter);
    /// Reloads with the filter fields as typed.
    bool reload();
    /// The entries shown.
    const std::vector<storage::AuditRow>& rows() const { return m_model->rows(); }
    /// The text under the list: how many entries, or what is wrong with the filter.
    wxString status_text() const;
    wxDataViewCtrl* view() const { return m_view; }

    /// Called with a visit id when an entry is double-clicked.
    std::function<void(std::int64_t)> on_open_visit;

  private:
    AuditFilterText typed() const;
    /// Fits the columns into the window's width.
    void fit_view();

    storage::Store* m_store = nullptr;
    wxTextCtrl* m_who = nullptr;
    wxTextCtrl* m_visit = nullptr;
    wxTextCtrl* m_branch = nullptr;
    wxChoice* m_action = nullptr;
    wxTextCtrl* m_from = nullptr;
    wxTextCtrl* m_to = nullptr;
    wxStaticText* m_status = nullptr;
    wxDataViewCtrl* m_view = nullptr;
    AuditLogModel* m_model = nullptr; ///< owned through its reference count
};

} // namespace vs::app
