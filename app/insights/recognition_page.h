#pragma once
// The Recognition page: the visits and staff of one client and period that went beyond the
// scorecard (a perfect complaint handling, a comment praising a named staff member), listed for
// the client to thank as readily as failures are (recognition_model.h), as the client may see
// them: never the shopper; for the consultancy, staff as the workbook's pseudonyms when asked.
// Follows the dashboard's client and period until the person picks their own. Enter (or
// "Open visit") on a row opens its visit. A client's account lists its own client only.

#include "app/insights/recognition_model.h"
#include "app/insights/view_filter.h"

#include <functional>
#include <wx/panel.h>

class wxButton;
class wxCheckBox;
class wxChoice;
class wxListCtrl;
class wxStaticText;

namespace vs::app {

class DateCtrl;

class RecognitionPage : public wxPanel {
  public:
    explicit RecognitionPage(wxWindow* parent);

    /// Lists from `store` (not owned; null for none); `staff`: the consultancy, who may show
    /// staff as pseudonyms (a client's account sees what its server shows it).
    void set_store(storage::Store* store, bool staff);
    /// Follows the dashboard's client and period (until the person picks their own here).
    void set_filter(const ViewFilter& filter);
    /// Reads the recognitions again, keeping the selected one.
    void reload();
    /// Others changed the data: reads again now when shown, else when next shown.
    void data_changed();

    /// Selects row `index`; false when there is none.
    bool select(std::size_t index);
    const RecognitionRow* selected() const;
    /// Opens the selected row's visit (on_open_visit); says why when it cannot.
    bool open_visit();

    /// Opens a visit by id.
    std::function<void(std::int64_t)> on_open_visit;
    /// Says an error (default: a message box).
    std::function<void(const wxString&)> tell;

    const std::vector<RecognitionRow>& rows() const { return m_rows; }
    wxChoice* client_choice() const { return m_client; }
    DateCtrl* from() const { return m_from; }
    DateCtrl* to() const { return m_to; }
    wxCheckBox* pseudonymise() const { return m_pseudonymise; }
    wxListCtrl* list() const { return m_list; }
    wxStaticText* count() const { return m_count; }
    /// The refusal of the filter (naming the field), or why nothing could be read.
    wxStaticText* problem() const { return m_problem; }
    wxStaticText* details() const { return m_details; }
    wxButton* open_button() const { return m_open; }

  private:
    void fill_clients();
    void fill();
    void update_details();

    storage::Store* m_store = nullptr;
    bool m_staff = true;
    bool m_dirty = true;
    bool m_chosen = false; ///< the person picked client or dates here
    ViewFilter m_dashboard;
    std::vector<RecognitionRow> m_rows;
    wxChoice* m_client = nullptr;
    DateCtrl* m_from = nullptr;
    DateCtrl* m_to = nullptr;
    wxCheckBox* m_pseudonymise = nullptr;
    wxStaticText* m_count = nullptr;
    wxStaticText* m_problem = nullptr;
    wxListCtrl* m_list = nullptr;
    wxStaticText* m_details = nullptr;
    wxButton* m_open = nullptr;
};

} // namespace vs::app
