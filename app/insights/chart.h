#pragma once
// Charts drawn with wxGraphicsContext (anti-aliased): horizontal bars with interval whiskers
// (rankings), grouped vertical bars (sections against target, before/after), lines (trends) and
// sparklines. Colours from the Okabe–Ito palette, which stays distinguishable with the common
// colour-vision deficiencies. A context menu copies the chart or saves it as PNG.

#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <wx/bitmap.h>
#include <wx/colour.h>
#include <wx/window.h>

class wxGraphicsContext;

namespace vs::app {

/// Okabe–Ito colour `i` (0 blue, 1 orange, 2 bluish green, 3 vermillion, 4 sky blue,
/// 5 reddish purple, 6 yellow, 7 black; wraps around).
wxColour okabe_ito(int i);
/// The muted colour of low-sample bars.
wxColour muted_colour();

struct ChartSeries {
    std::string name;
    std::vector<std::optional<double>> values; ///< per category; nullopt: no value
    std::vector<std::optional<double>> lo;     ///< whisker ends (empty: none)
    std::vector<std::optional<double>> hi;
    std::vector<bool> muted;        ///< per category: drawn muted (a low sample); empty: none
    std::vector<std::string> notes; ///< per category: shown after the value (HBars), e.g. "n=12"
    int colour = 0;                 ///< okabe_ito index
};

struct ChartData {
    enum Kind { HBars, VBars, Line, Sparkline };
    Kind kind = HBars;
    std::string title;
    std::string value_label; ///< axis caption, e.g. "score"
    std::vector<std::string> categories;
    std::vector<ChartSeries> series;
    std::optional<double> reference; ///< a dashed line, e.g. the target
    std::string reference_label;
    double min = 0; ///< value axis
    double max = 100;
    std::string note; ///< a line under the chart (e.g. "grey: fewer than 3 visits")
    /// Shown in the middle of the chart when there is nothing to draw (no category with a value).
    std::string empty_text = "No data in this range";
};

/// Where a chart drew its parts, for checking that labels are clear of the data: the marks
/// (bars, whiskers and the points of lines), the line segments, and the texts.
struct ChartGeometry {
    wxRect plot;               ///< the plot area
    std::vector<wxRect> marks; ///< bars, whiskers, points (and their value labels)
    std::vector<std::pair<wxPoint, wxPoint>> segments; ///< the lines between points
    std::optional<wxRect> reference_label;
    std::vector<wxRect> axis_labels;  ///< tick and category labels
    std::optional<wxRect> empty_text; ///< the empty-state message, when drawn
    /// VBars: per category, the lines of its label as drawn (a long name wraps at its spaces).
    std::vector<std::vector<std::string>> category_lines;
    /// A value written at a bar: where, in which colour, and the bar and whisker it belongs to.
    struct ValueLabel {
        wxRect text;
        wxColour colour;
        wxRect bar;
        std::optional<wxRect> whisker;
    };
    std::vector<ValueLabel> values;
};

/// Gives a chart of scores the score axis, 0 to 100: the whole scale, so that no chart makes a
/// small difference look large by starting at 40 (scores and their intervals are within it).
void set_score_axis(ChartData& data);

/// Draws `data` into `gc` over a `w`×`h` area; returns the rectangles of the categories (HBars
/// and VBars: the rows or columns people click).
std::vector<wxRect> draw_chart(wxGraphicsContext& gc, const ChartData& data, int w, int h,
                               ChartGeometry* geometry = nullptr);

/// The geometry of `data` drawn at `size` (into a bitmap).
ChartGeometry chart_geometry(const ChartData& data, wxSize size);

/// The chart rendered into a bitmap (what "Copy" and "Save as PNG" write).
wxBitmap render_chart(const ChartData& data, wxSize size);

class Chart : public wxWindow {
  public:
    Chart(wxWindow* parent, wxSize min_size = wxSize(200, 120));

    void set_data(ChartData data);
    const ChartData& data() const { return m_data; }
    /// Called with the category index when a bar or column is clicked (double-click too).
    std::function<void(std::size_t)> on_click;
    /// Puts the chart on the clipboard as a bitmap; false when the clipboard is unavailable.
    bool copy_to_clipboard();
    /// Saves the chart as PNG at its current size (at least 640×400).
    bool save_png(const wxString& path);
    /// The category under a point, if any.
    std::optional<std::size_t> hit(wxPoint p) const;
    /// For HBars: the height that shows every bar readably.
    int wanted_height() const;
    /// Where the last paint drew the parts of the chart.
    const ChartGeometry& geometry() const { return m_geometry; }

  private:
    void paint();
    void context_menu(wxPoint at);

    ChartData m_data;
    std::vector<wxRect> m_hits;
    ChartGeometry m_geometry;
};

} // namespace vs::app
