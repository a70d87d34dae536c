#pragma once
// The branch view (issue 7): the branch's staff with n, mean, interval and a monthly sparkline,
// its consistency (spread between staff) and its weakest behaviours. Figures from
// build_branch_view; clicking an employee opens the card.

#include "app/people_model.h"

#include <wx/panel.h>

#include <functional>

class wxListCtrl;
class wxScrolledWindow;
class wxStaticText;

namespace vs::app {

class Chart;
class Tile;

/// A "← Back" button and a title line, shared by the branch view and the employee card.
wxSizer* back_header(wxWindow* parent, wxStaticText*& title, wxStaticText*& subtitle,
                     const std::function<void()>& back);

/// A bold caption over a part of a view.
wxStaticText* caption(wxWindow* parent, const char* text);

/// A report-mode list of questions: text, section, pass rate, 95% CI, n (and the shoppers'
/// comments), filled by fill_question_list.
wxListCtrl* question_list(wxWindow* parent, bool with_comments);
void fill_question_list(wxListCtrl* list, const std::vector<QuestionRow>& rows);

/// A rank row's interval ends for a chart.
std::optional<double> ci_lo(const scoring::Measures& m);
std::optional<double> ci_hi(const scoring::Measures& m);

class BranchView : public wxPanel {
public:
    explicit BranchView(wxWindow* parent);

    /// Loads and shows a branch of the filter's client and period.
    void show(storage::Store& store, const ViewFilter& filter, const std::string& code);
    const std::string& code() const { return m_figures.code; }
    const BranchFigures& figures() const { return m_figures; }
    Tile* tile(std::size_t i) const { return m_tiles.at(i); }
    Chart* staff_chart() const { return m_chart; }
    wxListCtrl* weakest_list() const { return m_weakest; }
    /// Opens an employee of the list (as a click on the name does).
    void open_employee(std::size_t index);

    std::function<void()> on_back;
    std::function<void(const std::string&)> on_open_employee;

private:
    void fill_staff();

    BranchFigures m_figures;
    std::size_t m_min_n = 3;
    wxStaticText* m_title = nullptr;
    wxStaticText* m_subtitle = nullptr;
    std::vector<Tile*> m_tiles;
    wxScrolledWindow* m_staff = nullptr;
    Chart* m_chart = nullptr;
    wxListCtrl* m_weakest = nullptr;
};

} // namespace vs::app
