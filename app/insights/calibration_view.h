#pragma once
// The calibration view: the calibration exercises of the dashboard's client and
// period, each shopper's deviation from the reference and agreement (alignment, kappa), and
// the per-question agreement. Figures from scoring::calibrate.

#include "app/insights/calibration_model.h"

#include <wx/panel.h>

class wxBoxSizer;
class wxListCtrl;
class wxStaticText;

namespace vs::app {

class Chart;

class CalibrationView : public wxPanel {
  public:
    explicit CalibrationView(wxWindow* parent);

    void set_store(storage::Store* store);
    /// Follows the dashboard's filter (reloads when shown).
    void set_filter(const ViewFilter& filter);
    void reload();
    /// Others changed the data: reads the exercises again now when the page is shown (keeping
    /// the exercise shown), else when it is next shown.
    void data_changed();
    /// Shows one exercise.
    void select(std::size_t index);

    const std::vector<scoring::ExerciseAgreement>& exercises() const { return m_exercises; }
    wxListCtrl* exercise_list() const { return m_list; }
    wxListCtrl* shopper_list() const { return m_shoppers; }
    Chart* chart() const { return m_chart; }
    /// The message shown across the page when there is no exercise ("" when tables are shown).
    wxString empty_message() const;
    wxStaticText* empty_label() const { return m_empty; }

  private:
    /// Shows the message across the page instead of the tables, or the tables.
    void show_empty(bool empty);
    storage::Store* m_store = nullptr;
    ViewFilter m_filter;
    bool m_dirty = true;
    std::string m_shown; ///< the id of the exercise shown
    std::vector<scoring::ExerciseAgreement> m_exercises;
    wxStaticText* m_header = nullptr;
    wxStaticText* m_empty = nullptr;
    wxBoxSizer* m_middle = nullptr;
    wxListCtrl* m_list = nullptr;
    wxListCtrl* m_shoppers = nullptr;
    wxListCtrl* m_questions = nullptr;
    Chart* m_chart = nullptr;
};

} // namespace vs::app
