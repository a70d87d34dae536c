#pragma once
// A scatter chart drawn with wxGraphicsContext (as chart.h's charts are): points with a label
// each, points of a second kind drawn hollow and grey (e.g. below a sample threshold), an
// optional straight line (a least-squares fit) and a legend naming both kinds and the line.
// The axes cover the points' range, rounded out to whole ticks; each is labelled with what it
// measures (the y axis' caption turned, wrapped to up to three lines). A label that collides is
// nudged up or down, with a leader to its point; one that finds no room is named in the legend.
// A context menu copies the chart or saves it as PNG.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <wx/bitmap.h>
#include <wx/window.h>

class wxGraphicsContext;

namespace vs::app {

struct ScatterPoint {
    std::string label; ///< written beside the point (else named in the legend as unlabelled)
    double x = 0;
    double y = 0;
    bool muted = false; ///< drawn as a hollow grey circle (the legend's `muted_legend`)
};

struct ScatterData {
    std::string title;
    std::string x_label; ///< what the horizontal axis measures
    std::string y_label;
    std::vector<ScatterPoint> points;
    /// y = intercept + slope · x, drawn across the points' x range; nullopt: no line.
    std::optional<std::pair<double, double>> line;
    std::string point_legend; ///< legend of the filled points (empty: no entry)
    std::string muted_legend; ///< legend of the hollow points (shown when any is muted)
    std::string line_legend;  ///< legend of the line (shown with the line)
    /// Bounds the axes never pass (e.g. 0–100 for a score, -100–100 for NPS).
    double x_floor = 0, x_ceiling = 100;
    double y_floor = -100, y_ceiling = 100;
    std::string empty_text = "No branches to show";
};

/// Where a scatter chart drew its parts, for tests.
struct ScatterGeometry {
    wxRect plot;                 ///< the plot area
    std::vector<wxPoint> points; ///< each point's centre, in ScatterData::points order
    std::vector<std::optional<wxRect>> labels; ///< each point's label, when drawn
    std::vector<std::size_t> unlabelled;       ///< the points whose label found no room
    std::vector<wxRect> note;                  ///< the legend's lines naming those points
    std::vector<std::string> note_lines;       ///< their text
    std::vector<wxRect> y_caption;             ///< the y axis' caption, a rectangle a line
    std::vector<std::string> y_caption_lines;  ///< its lines as drawn
    std::optional<std::pair<wxPoint, wxPoint>> line;
    std::vector<wxRect> legend;  ///< the legend entries' texts
    std::vector<wxRect> texts;   ///< every other text (title, tick labels, axis captions)
    std::optional<wxRect> empty; ///< the empty-state message, when drawn
    double x_min = 0, x_max = 0, y_min = 0, y_max = 0; ///< the axes' ranges
};

/// Draws `data` into `gc` over a `w`×`h` area; fills `geometry` when given.
void draw_scatter(wxGraphicsContext& gc, const ScatterData& data, int w, int h,
                  ScatterGeometry* geometry = nullptr);

/// The chart rendered into a bitmap (what "Copy" and "Save as PNG" write).
wxBitmap render_scatter(const ScatterData& data, wxSize size);

class ScatterChart : public wxWindow {
  public:
    ScatterChart(wxWindow* parent, wxSize min_size = wxSize(320, 260));

    void set_data(ScatterData data);
    const ScatterData& data() const { return m_data; }
    /// Where the last paint drew the parts of the chart.
    const ScatterGeometry& geometry() const { return m_geometry; }
    /// Saves the chart as PNG at its current size (at least 640×400).
    bool save_png(const wxString& path);

  private:
    void paint();
    void context_menu(wxPoint at);

    ScatterData m_data;
    ScatterGeometry m_geometry;
};

} // namespace vs::app
