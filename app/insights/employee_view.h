#pragma once
// The trainer's card of one employee: scores over time, section scores against the
// branch and client averages, the weakest questions with the shoppers' comments on them, and
// the trainings attended with before/after. Figures from build_employee_view.

#include "app/insights/people_model.h"
#include "app/insights/view_filter.h"
#include "app/insights/view_page.h"

#include <functional>
#include <wx/panel.h>

class wxListCtrl;

namespace vs::app {

class Chart;
class Tile;

class EmployeeView : public ViewPage {
  public:
    explicit EmployeeView(wxWindow* parent);

    /// Loads and shows an employee of the filter's client and period.
    void show(storage::Store& store, const ViewFilter& filter, const std::string& code);
    const EmployeeFigures& figures() const { return m_figures; }
    Tile* tile(std::size_t i) const { return m_tiles.at(i); }
    Chart* trend_chart() const { return m_trend; }
    Chart* section_chart() const { return m_sections; }
    wxListCtrl* weakest_list() const { return m_weakest; }
    wxListCtrl* training_list() const { return m_trainings; }
    NoteLine* target_note() const { return m_target_note; }

    std::function<void()> on_back;

  private:
    EmployeeFigures m_figures;
    wxStaticText* m_title = nullptr;
    wxStaticText* m_subtitle = nullptr;
    std::vector<Tile*> m_tiles;
    NoteLine* m_target_note = nullptr;
    Chart* m_trend = nullptr;
    Chart* m_sections = nullptr;
    wxListCtrl* m_weakest = nullptr;
    wxListCtrl* m_trainings = nullptr;
};

} // namespace vs::app
