#pragma once
// The branch view: the branch's staff with n, mean, interval and a monthly sparkline,
// its consistency (spread between staff) and its weakest behaviours. Figures from
// build_branch_view; clicking an employee opens the card.

#include "app/insights/people_model.h"
#include "app/insights/view_filter.h"
#include "app/insights/view_page.h"
#include "app/insights/voice_model.h"
#include "scoring/voice_facts.h"

#include <functional>
#include <wx/panel.h>

class wxBoxSizer;
class wxListCtrl;

namespace vs::app {

class Chart;
class Tile;

/// A "← Back" button and a title line, shared by the branch view and the employee card.
wxSizer* back_header(wxWindow* parent, wxStaticText*& title, wxStaticText*& subtitle,
                     const std::function<void()>& back);

/// A bold caption over a part of a view.
wxStaticText* caption(wxWindow* parent, const char* text);

/// A report-mode list of questions: text, section, pass rate, 95% CI, n (and the shoppers'
/// comments), filled by fill_question_list. Its columns fit its width (the texts share what the
/// figures leave).
wxListCtrl* question_list(wxWindow* parent, bool with_comments);
void fill_question_list(wxListCtrl* list, const std::vector<QuestionRow>& rows);

/// The note on mixed scorecard targets (mixed_target_note) for the visits of a view's group.
std::string group_target_note(const scoring::FactTable& facts, const ViewFilter& filter,
                              const std::function<bool(const scoring::VisitFact&)>& in_group,
                              std::optional<double> shown);

/// A rank row's interval ends for a chart.
std::optional<double> ci_lo(const scoring::Measures& m);
std::optional<double> ci_hi(const scoring::Measures& m);

class BranchView : public ViewPage {
  public:
    explicit BranchView(wxWindow* parent);

    /// Loads and shows a branch of the filter's client and period; its customer voice from the
    /// survey responses `voice` keeps (the dashboard's) and the visits read here.
    void show(storage::Store& store, const ViewFilter& filter, const std::string& code,
              VoiceFactsCache& voice);
    const std::string& code() const { return m_figures.code; }
    const BranchFigures& figures() const { return m_figures; }
    Tile* tile(std::size_t i) const { return m_tiles.at(i); }
    Chart* staff_chart() const { return m_chart; }
    wxListCtrl* weakest_list() const { return m_weakest; }
    /// The branch's customer voice over the whole period, then per month (newest first), beside
    /// its mystery-shop score; one line saying there is none when it has no survey responses.
    wxListCtrl* voice_list() const { return m_voice_list; }
    const std::vector<scoring::VoicePeriodRow>& voice_rows() const { return m_voice; }
    NoteLine* target_note() const { return m_target_note; }
    /// Opens an employee of the list (as a click on the name does).
    void open_employee(std::size_t index);

    std::function<void()> on_back;
    std::function<void(const std::string&)> on_open_employee;

  private:
    void fill_staff();
    void fill_voice();
    /// Staff table and chart side by side when the page is wide enough for both, else stacked.
    void reflow();

    BranchFigures m_figures;
    std::size_t m_min_n = 3;
    wxStaticText* m_title = nullptr;
    wxStaticText* m_subtitle = nullptr;
    std::vector<Tile*> m_tiles;
    NoteLine* m_target_note = nullptr;
    wxBoxSizer* m_middle = nullptr;
    wxScrolledWindow* m_staff = nullptr;
    Chart* m_chart = nullptr;
    wxListCtrl* m_weakest = nullptr;
    std::vector<scoring::VoicePeriodRow> m_voice;
    wxListCtrl* m_voice_list = nullptr;
};

} // namespace vs::app
