#pragma once
// The Customer voice page: for the dashboard's client and period, which behaviours go with what
// customers say (SCORING.md §10). The drivers list (behaviour, k, r with its 95% interval, p,
// slope; by descending r, those without r last with why), a scatter chart of the selected driver
// (branches as points, those below the thresholds hollow, the least-squares line), the measure
// and the thresholds as controls (the database's settings at first), and the caveat that this is
// association, not cause, always in view. Figures from voice_model.h.

#include "app/insights/view_filter.h"
#include "app/insights/view_page.h"
#include "app/insights/voice_model.h"

#include <functional>
#include <optional>

class wxChoice;
class wxListCtrl;
class wxSpinCtrl;
class wxStaticText;

namespace vs::app {

class ScatterChart;

class VoiceView : public ViewPage {
  public:
    explicit VoiceView(wxWindow* parent);

    /// Switches database; the controls take its voice settings.
    void set_store(storage::Store* store);
    /// Follows the dashboard's filter (reloads when shown).
    void set_filter(const ViewFilter& filter);
    /// Others changed the data: read again now when shown, else when next shown.
    void data_changed();
    /// Computes the drivers again with the controls' measure and thresholds (reading the facts
    /// only when they changed), keeping the selected driver.
    void reload();
    /// Shows a driver (a row of the list) in the chart and the text beside it.
    void select(std::size_t index);
    /// The facts of a filter from another view that holds them, current (the dashboard's); nullopt
    /// when it does not: the page then reads them itself, once per client and data version.
    std::function<std::optional<services::VoiceFacts>(const ViewFilter&)> shared_facts;

    const Drivers& drivers() const { return m_drivers; }
    /// The row shown in the chart.
    std::size_t selected() const { return m_shown; }
    wxListCtrl* list() const { return m_list; }
    ScatterChart* chart() const { return m_chart; }
    NoteLine* caveat() const { return m_caveat; }
    wxChoice* measure() const { return m_measure; }
    wxSpinCtrl* min_responses() const { return m_min_responses; }
    wxSpinCtrl* min_n() const { return m_min_n; }
    /// What the text beside the chart says about the selected driver.
    wxString detail() const { return m_detail_text; }
    wxStaticText* detail_text() const { return m_detail; }
    /// The line under the controls (how many branches take part).
    wxString summary() const;

  private:
    scoring::VoiceOptions options_from_controls() const;
    void wrap_detail();

    storage::Store* m_store = nullptr;
    ViewFilter m_filter;
    bool m_dirty = true;
    VoiceFactsCache m_cache;
    Drivers m_drivers;
    std::size_t m_shown = 0;
    wxStaticText* m_header = nullptr;
    NoteLine* m_caveat = nullptr;
    wxChoice* m_measure = nullptr;
    wxSpinCtrl* m_min_responses = nullptr;
    wxSpinCtrl* m_min_n = nullptr;
    NoteLine* m_summary = nullptr;
    wxListCtrl* m_list = nullptr;
    ScatterChart* m_chart = nullptr;
    wxStaticText* m_detail = nullptr;
    wxString m_detail_text;
};

} // namespace vs::app
