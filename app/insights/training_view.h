#pragma once
// The training view: the client's trainings in the dashboard's period with their
// measured effect — pre/post of the trained staff, the untrained comparison, the
// difference-in-differences with its interval, and a chart; TrainingDialog records a training.

#include "app/insights/training_model.h"

#include <wx/panel.h>

class wxButton;
class wxListCtrl;
class wxStaticText;

namespace vs::app {

class Chart;

class TrainingView : public wxPanel {
  public:
    explicit TrainingView(wxWindow* parent);

    void set_store(storage::Store* store);
    /// Follows the dashboard's filter (reloads when shown).
    void set_filter(const ViewFilter& filter);
    /// Reloads the trainings and their effects.
    void reload();
    /// Others changed the data: reads the trainings again now when the page is shown (keeping
    /// the training shown), else when it is next shown.
    void data_changed();
    /// Shows the Record training button only to someone who may record trainings.
    void set_can_record(bool can);
    wxButton* record_button() const { return m_record; }
    /// Shows one training's detail and chart.
    void select(std::size_t index);
    /// Asks for a new training (dialog) and stores it.
    void record();

    const std::vector<TrainingRow>& rows() const { return m_rows; }
    wxListCtrl* list() const { return m_list; }
    Chart* chart() const { return m_chart; }
    wxString verdict() const;

  private:
    /// Shows the verdict text wrapped to the width of its half of the page.
    void wrap_verdict();
    storage::Store* m_store = nullptr;
    ViewFilter m_filter;
    bool m_dirty = true;
    std::size_t m_shown = 0; ///< the row shown in detail
    wxButton* m_record = nullptr;
    std::vector<TrainingRow> m_rows;
    wxStaticText* m_header = nullptr;
    wxListCtrl* m_list = nullptr;
    Chart* m_chart = nullptr;
    wxStaticText* m_verdict = nullptr;
    wxString m_verdict_text;
};

} // namespace vs::app
