#pragma once
// The trainer's and consultant's dashboard (issue 7): a client and period chooser, headline
// tiles, the branch ranking with interval whiskers, sections against target and the monthly
// trend. Clicking a branch opens the branch view, and an employee there opens the card; both
// live in the same page (DashboardPage) with a way back. Draws only: figures come from
// DashboardModel.

#include "app/dashboard_model.h"
#include "app/date_ctrl.h"

#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/simplebook.h>
#include <wx/stattext.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <vector>

class wxCheckBox;
class wxFlexGridSizer;
class wxSizer;
class wxChoice;

namespace vs::app {

class BranchView;
class Chart;
class EmployeeView;

/// A headline figure: a caption, a large value and a line under it.
class Tile : public wxPanel {
public:
    Tile(wxWindow* parent, const wxString& caption);
    void set(const wxString& value, const wxString& sub, const wxColour& colour = *wxBLACK);
    /// The mean with its interval and, under it, the target; coloured against the target.
    void set_mean(const scoring::Measures& m);
    wxString value() const;

private:
    wxStaticText* m_value;
    wxStaticText* m_sub;
};

/// A line of explanation that wraps to the width it is given (its text is never cut), e.g. why
/// the target of a view mixes scorecards; hidden while empty.
class NoteLine : public wxStaticText {
public:
    explicit NoteLine(wxWindow* parent);
    void set(const std::string& text);
    const wxString& text() const { return m_text; }

private:
    void wrap();
    wxString m_text;
    int m_wrapped_at = -1;
};

/// A view page that scrolls vertically when the window is too low for it (its width always
/// fits: the page reflows instead).
class ViewPage : public wxScrolledWindow {
public:
    explicit ViewPage(wxWindow* parent);
    /// Lays the page out again after its content changed (and the scrollable height).
    void relayout();
};

/// The sizer of a view page: one column whose rows stack; rows made growable share the height
/// left over by every row's minimum (unlike a box sizer, whose proportions raise the minimum).
wxFlexGridSizer* page_column();

/// A row of tiles with these captions, added to `tiles`.
wxSizer* tile_row(wxWindow* parent, std::initializer_list<const char*> captions,
                  std::vector<Tile*>& tiles);

class DashboardView : public ViewPage {
public:
    explicit DashboardView(wxWindow* parent);

    /// Switches database (nullptr: none); chooses the busiest client's last 12 months.
    void set_store(storage::Store* store);
    /// Shows a filter (reloads); the choosers follow it.
    void set_filter(const ViewFilter& filter);
    /// Reloads the current filter and redraws.
    void refresh();
    const ViewFilter& filter() const;
    DashboardModel* model() { return m_model.get(); }

    Tile* tile(std::size_t i) const { return m_tiles.at(i); }
    Chart* branch_chart() const { return m_branches; }
    Chart* section_chart() const { return m_sections; }
    Chart* trend_chart() const { return m_trend; }
    NoteLine* target_note() const { return m_target_note; }

    /// A branch (code) was clicked.
    std::function<void(const std::string&)> on_open_branch;
    /// The filter changed (the other views follow it).
    std::function<void(const ViewFilter&)> on_filter;

private:
    void build_filter_bar(wxSizer* top);
    void filter_from_controls();
    void controls_from_filter();
    void show_data();

    storage::Store* m_store = nullptr;
    std::unique_ptr<DashboardModel> m_model;
    std::vector<ClientChoice> m_clients;
    wxChoice* m_client = nullptr;
    wxChoice* m_period = nullptr;
    DateCtrl* m_from = nullptr;
    DateCtrl* m_to = nullptr;
    wxCheckBox* m_raw = nullptr;
    wxStaticText* m_info = nullptr;
    std::vector<Tile*> m_tiles;
    NoteLine* m_target_note = nullptr;
    wxScrolledWindow* m_branch_scroll = nullptr;
    Chart* m_branches = nullptr;
    Chart* m_sections = nullptr;
    Chart* m_trend = nullptr;
    bool m_updating = false;
};

/// The dashboard with its branch view and employee card, one shown at a time.
class DashboardPage : public wxSimplebook {
public:
    enum Sub { Dashboard, Branch, Employee };
    explicit DashboardPage(wxWindow* parent);

    /// Switches database; the dashboard loads when first shown (ensure_loaded).
    void set_store(storage::Store* store);
    /// Loads the dashboard (the busiest client's last 12 months) unless done for this store.
    void ensure_loaded();
    DashboardView* dashboard() const { return m_dashboard; }
    BranchView* branch_view() const { return m_branch; }
    EmployeeView* employee_view() const { return m_employee; }
    /// Opens a branch (code) of the dashboard's client and period.
    void open_branch(const std::string& code);
    /// Opens an employee's card (code).
    void open_employee(const std::string& code);
    void show(Sub sub) { ChangeSelection(static_cast<std::size_t>(sub)); }

private:
    storage::Store* m_store = nullptr;
    bool m_loaded = false;
    DashboardView* m_dashboard;
    BranchView* m_branch;
    EmployeeView* m_employee;
};

/// Colour of a mean against its target (above, near, below).
wxColour status_colour(const scoring::Measures& m);

/// Opens `file`, shows the dashboard of the client with the most visits over its last 12
/// months (prints `dashboard_first_ms <ms>`: reading its visits, computing, painting), then
/// switches period and measure `times` times as a trainer would (prints `dashboard_refresh_ms
/// <ms> <period>` per switch) to stdout. For `visitscore --bench-dashboard FILE`; returns the
/// exit status.
int run_dashboard_bench(const std::string& file, int times = 12);

} // namespace vs::app
