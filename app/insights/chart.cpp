#include "app/insights/chart.h"

#include "app/insights/chart_painter.h"
#include "app/shell/ui_util.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <wx/clipbrd.h>
#include <wx/dcbuffer.h>
#include <wx/dcmemory.h>
#include <wx/filedlg.h>
#include <wx/graphics.h>
#include <wx/log.h>
#include <wx/menu.h>
#include <wx/settings.h>

namespace vs::app {
namespace {

enum { ID_Copy = wxID_HIGHEST + 700, ID_SavePng };

/// The drawing state of one chart: the area, fonts and the value axis.
struct Canvas : ChartPainter {
    const ChartData& d;
    ChartGeometry& geo;
    double left = 8, top = 6, right = 0, bottom = 0; ///< the plot area
    double title_right = -1; ///< where a one-line title ends (-1: none or two lines)

    void box(double x, double y, double w, double h, const wxColour& c) {
        gc.SetPen(*wxTRANSPARENT_PEN);
        gc.SetBrush(wxBrush(c));
        gc.DrawRectangle(x, y, w, h);
    }
    /// The step between ticks that leaves `spacing` pixels between neighbours.
    double tick_step(double pixels, double spacing = 36) const {
        const double span = d.max - d.min;
        for (double step : {5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0})
            if (span / step * spacing <= pixels)
                return step;
        return span;
    }
};

wxColour series_colour(const ChartSeries& s, std::size_t i) {
    return !s.muted.empty() && s.muted[i] ? muted_colour() : okabe_ito(s.colour);
}

std::optional<double> at(const std::vector<std::optional<double>>& v, std::size_t i) {
    return i < v.size() ? v[i] : std::nullopt;
}

wxString num(double v) {
    return wxString::Format("%.1f", std::round(v * 10) / 10 + 0.0);
}

/// The title (in two lines when one is too narrow) and the note under the chart.
void draw_title_and_note(Canvas& c, int w, int h) {
    const double line_h = c.text_h() + 1;
    if (!c.d.title.empty()) {
        double y = 4;
        const std::vector<wxString> title = c.lines(wxs(c.d.title), w - 16, true);
        for (const wxString& l : title) {
            const wxRect r = c.text(l, 8, y, kChartText, true);
            if (title.size() == 1)
                c.title_right = r.GetRight();
            y += line_h;
        }
        c.top = y + 7;
    }
    c.bottom = h - 22;
    if (!c.d.note.empty()) {
        const std::vector<wxString> note = c.lines(wxs(c.d.note), w - 16);
        double y = h - 2 - line_h * static_cast<double>(note.size());
        for (const wxString& l : note) {
            c.text(l, 8, y, kChartAxis);
            y += line_h;
        }
        c.bottom -= line_h * static_cast<double>(note.size());
    }
}

/// Whether any category has a value to draw.
bool has_values(const ChartData& d) {
    if (d.categories.empty())
        return false;
    for (const ChartSeries& s : d.series)
        for (const auto& v : s.values)
            if (v)
                return true;
    return false;
}

/// The empty state: a message in the middle of the plot area instead of an empty frame.
void draw_empty(Canvas& c, int w) {
    const wxString s = c.fit(wxs(c.d.empty_text), w - 16);
    const double x = (w - c.text_w(s)) / 2, y = (c.top + c.bottom) / 2 - c.text_h() / 2;
    c.geo.empty_text = c.text(s, x, y, kChartAxis);
}

/// The room at the right of a vertical-axis plot for the reference line's label, which sits
/// beside the end of its line, clear of the bars and points.
double reference_room(Canvas& c) {
    return c.d.reference && !c.d.reference_label.empty() ? c.text_w(wxs(c.d.reference_label)) + 10
                                                         : 0;
}

/// The series' names with their colours, right-aligned: on the title's line when it has room
/// there, else on a line of their own.
/// With `reference`, the reference line's label is an entry too (a dashed stroke), which keeps
/// the plot's whole width for the bars.
void draw_legend(Canvas& c, int w, bool reference = false) {
    const bool series = c.d.series.size() >= 2;
    const bool ref = reference && c.d.reference && !c.d.reference_label.empty();
    if (!series && !ref)
        return;
    double width = 0;
    if (series)
        for (const ChartSeries& s : c.d.series)
            width += c.text_w(wxs(s.name)) + 22;
    if (ref)
        width += c.text_w(wxs(c.d.reference_label)) + 28;
    const bool beside_title = c.title_right >= 0 && c.title_right + 16 + width <= w - 8;
    const double y = beside_title ? 4 : c.top;
    double x = w - 8;
    if (ref) {
        const wxString s = wxs(c.d.reference_label);
        x -= c.text_w(s) + 28;
        c.line(x, y + 10, x + 18, y + 10, kChartAxis, 1, wxPENSTYLE_SHORT_DASH);
        c.geo.reference_label = c.text(s, x + 22, y + 1, kChartAxis);
    }
    if (!series) {
        if (!beside_title)
            c.top += 22;
        return;
    }
    for (auto it = c.d.series.rbegin(); it != c.d.series.rend(); ++it) {
        const double tw = c.text_w(wxs(it->name));
        x -= tw + 22;
        c.box(x, y + 4, 12, 12, okabe_ito(it->colour));
        c.text(wxs(it->name), x + 16, y + 1);
    }
    if (!beside_title)
        c.top += 22;
}

/// Horizontal value axis (HBars): grid lines, tick labels and the reference line.
void value_axis_x(Canvas& c, double x0, double x1) {
    auto x = [&](double v) { return x0 + (v - c.d.min) / (c.d.max - c.d.min) * (x1 - x0); };
    c.geo.plot = wxRect(static_cast<int>(x0), static_cast<int>(c.top), static_cast<int>(x1 - x0),
                        static_cast<int>(c.bottom - c.top));
    const double step = c.tick_step(x1 - x0);
    for (double v = c.d.min; v <= c.d.max + 1e-9; v += step) {
        c.line(x(v), c.top, x(v), c.bottom, kChartGrid);
        const wxString s = wxString::Format("%g", v);
        c.geo.axis_labels.push_back(c.text(s, x(v) - c.text_w(s) / 2, c.bottom + 3, kChartAxis));
    }
    if (c.d.reference) {
        c.line(x(*c.d.reference), c.top - 4, x(*c.d.reference), c.bottom, kChartAxis, 1,
               wxPENSTYLE_SHORT_DASH);
        const wxString s = wxs(c.d.reference_label);
        c.geo.reference_label =
            c.text(s, std::min(x(*c.d.reference) + 3, x1 - c.text_w(s)), c.top - 18, kChartAxis);
    }
}

/// Vertical value axis (VBars, Line); the reference line's label goes right of `x1` unless it
/// is in the legend.
void value_axis_y(Canvas& c, double x0, double x1, bool reference_label = true) {
    auto y = [&](double v) {
        return c.bottom - (v - c.d.min) / (c.d.max - c.d.min) * (c.bottom - c.top);
    };
    c.geo.plot = wxRect(static_cast<int>(x0), static_cast<int>(c.top), static_cast<int>(x1 - x0),
                        static_cast<int>(c.bottom - c.top));
    const double step = c.tick_step(c.bottom - c.top, 26);
    for (double v = c.d.min; v <= c.d.max + 1e-9; v += step) {
        c.line(x0, y(v), x1, y(v), kChartGrid);
        const wxString s = wxString::Format("%g", v);
        c.geo.axis_labels.push_back(
            c.text(s, x0 - 6 - c.text_w(s), y(v) - c.text_h() / 2, kChartAxis));
    }
    if (c.d.reference && !reference_label) {
        c.line(x0, y(*c.d.reference), x1, y(*c.d.reference), kChartAxis, 1, wxPENSTYLE_SHORT_DASH);
    } else if (c.d.reference) {
        c.line(x0, y(*c.d.reference), x1 + 3, y(*c.d.reference), kChartAxis, 1,
               wxPENSTYLE_SHORT_DASH);
        const wxString s = wxs(c.d.reference_label);
        const double ty =
            std::clamp(y(*c.d.reference) - c.text_h() / 2, 2.0, c.bottom - c.text_h());
        c.geo.reference_label = c.text(s, x1 + 6, ty, kChartAxis);
    }
}

std::vector<wxRect> draw_hbars(Canvas& c, int w) {
    std::vector<wxRect> hits;
    const std::size_t n = c.d.categories.size();
    double label_w = 0;
    for (const auto& s : c.d.categories)
        label_w = std::max(label_w, c.text_w(wxs(s)));
    label_w = std::min(label_w, w * 0.38);
    if (c.d.reference)
        c.top += 18;
    const ChartSeries& s = c.d.series.front();
    auto value_text = [&](std::size_t i, double v) {
        wxString t = num(v);
        if (i < s.notes.size() && !s.notes[i].empty())
            t += "  " + wxs(s.notes[i]);
        return t;
    };
    double value_w = c.text_w("100.0");
    for (std::size_t i = 0; i < n; ++i)
        if (const auto v = at(s.values, i))
            value_w = std::max(value_w, c.text_w(value_text(i, *v)));
    // The values stand right of the bars and whisker caps, a gap clear of them.
    const double gap = 7;
    const double x0 = c.left + label_w + 8, x1 = std::max(x0 + 40, w - 8 - gap - value_w);
    value_axis_x(c, x0, x1);
    auto x = [&](double v) {
        return x0 + (std::clamp(v, c.d.min, c.d.max) - c.d.min) / (c.d.max - c.d.min) * (x1 - x0);
    };
    const double row = (c.bottom - c.top) / static_cast<double>(n);
    const double bar = std::min(row * 0.66, 18.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double mid = c.top + row * (static_cast<double>(i) + 0.5);
        c.text(c.fit(wxs(c.d.categories[i]), label_w), c.left, mid - 8,
               !s.muted.empty() && s.muted[i] ? kChartAxis : kChartText);
        hits.emplace_back(0, static_cast<int>(mid - row / 2), w, static_cast<int>(std::ceil(row)));
        const auto v = at(s.values, i);
        if (!v)
            continue;
        const double base = x(std::clamp(0.0, c.d.min, c.d.max)); // bars grow from 0
        c.box(std::min(base, x(*v)), mid - bar / 2, std::abs(x(*v) - base), bar,
              series_colour(s, i));
        const wxRect bar_rect(
            wxPoint(static_cast<int>(std::min(base, x(*v))), static_cast<int>(mid - bar / 2)),
            wxSize(static_cast<int>(std::ceil(std::abs(x(*v) - base))), static_cast<int>(bar)));
        c.geo.marks.push_back(bar_rect);
        std::optional<wxRect> whisker;
        double end = std::max(x(*v), base);
        if (auto lo = at(s.lo, i), hi = at(s.hi, i); lo && hi) {
            const double cap = bar * 0.35;
            c.line(x(*lo), mid, x(*hi), mid, kChartText, 1.5);
            c.line(x(*lo), mid - cap, x(*lo), mid + cap, kChartText, 1.5);
            c.line(x(*hi), mid - cap, x(*hi), mid + cap, kChartText, 1.5);
            whisker = wxRect(static_cast<int>(x(*lo)) - 1, static_cast<int>(mid - cap),
                             static_cast<int>(x(*hi) - x(*lo)) + 2, static_cast<int>(2 * cap) + 1);
            c.geo.marks.push_back(*whisker);
            end = std::max(end, x(*hi) + 1); // the cap's stroke is 1.5 wide
        }
        const wxRect t = c.text(value_text(i, *v), end + gap, mid - c.text_h() / 2);
        c.geo.marks.push_back(t);
        c.geo.values.push_back({t, kChartText, bar_rect, whisker});
    }
    return hits;
}

/// How the category labels under columns are laid out: each wrapped into `lines` lines, in its
/// own column, or (`staggered`) alternately in two rows, where each may use two columns' width.
struct ColumnLabels {
    bool staggered = false;
    bool small = false; ///< in the smaller font
    std::vector<std::vector<wxString>> lines;
    double height = 0; ///< of all rows of labels
    double gap = 4;    ///< between the plot and the first row
    int score = 0;     ///< how well they read (more is better)
};

/// The words of a label shown whole, and whether its first word is among them.
std::pair<std::size_t, bool> whole_words(const std::vector<wxString>& lines) {
    std::size_t whole = 0;
    bool first = false;
    for (std::size_t l = 0; l < lines.size(); ++l) {
        const wxArrayString words = wxSplit(lines[l], ' ', '\0');
        for (std::size_t k = 0; k < words.size(); ++k)
            if (!words[k].empty() && !words[k].EndsWith(wxString::FromUTF8("…"))) {
                ++whole;
                if (l == 0 && k == 0)
                    first = true;
            }
    }
    return {whole, first};
}

ColumnLabels plan_labels(const Canvas& c, double x0, double col, int w, bool staggered,
                         std::size_t max_lines, bool small) {
    ColumnLabels p;
    p.staggered = staggered;
    p.small = small;
    c.gc.SetFont(small ? c.font.Smaller() : c.font, kChartText);
    const std::size_t n = c.d.categories.size();
    const double line_h = c.text_h() + 1;
    std::size_t rows[2] = {0, 0};
    for (std::size_t i = 0; i < n; ++i) {
        const double cx = x0 + col * (static_cast<double>(i) + 0.5);
        // Staggered: the neighbours in the same row are two columns away; each gets half of the
        // room between their centres.
        const double width =
            staggered ? std::min(cx + col - 4, w - 2.0) - std::max(cx - col + 4, 2.0) : col - 4;
        const wxString name = wxs(c.d.categories[i]);
        std::vector<wxString> lines = c.wrap(name, width, max_lines);
        const auto [whole, first] = whole_words(lines);
        const std::size_t words = wxSplit(name, ' ', '\0').size();
        p.score += (whole >= std::min<std::size_t>(2, words) ? 1000 : 0) + (first ? 100 : 0) +
                   static_cast<int>(whole);
        std::size_t& r = rows[staggered ? i % 2 : 0];
        r = std::max(r, lines.size());
        p.lines.push_back(std::move(lines));
    }
    p.height = static_cast<double>(rows[0] + rows[1]) * line_h;
    // Staggered labels reach left of the plot: below the lowest tick label.
    c.gc.SetFont(c.font, kChartText);
    p.gap = staggered ? c.text_h() / 2 + 2 : 4;
    return p;
}

std::vector<wxRect> draw_vbars(Canvas& c, int w) {
    std::vector<wxRect> hits;
    const std::size_t n = c.d.categories.size();
    draw_legend(c, w, true);
    const double x0 = c.left + 36, x1 = w - 8.0;
    c.top +=
        12; // headroom: the top tick label, whisker caps at 100 and values above bars stay inside
    const double col = (x1 - x0) / static_cast<double>(n);
    // The category labels, as readable as the height allows: wrapped in their columns, or
    // staggered in two rows when a word is wider than a column; the plot keeps at least
    // `min_plot` pixels. Labels end a little above the note (or the chart's bottom).
    const double labels_end = c.bottom + 16, min_plot = 40;
    std::optional<ColumnLabels> labels;
    const std::pair<bool, std::size_t> layouts[] = {
        {false, 1}, {false, 2}, {false, 3}, {true, 1}, {true, 2}};
    for (const bool small : {false, true}) // the smaller font only when it reads better
        for (const auto& [staggered, max_lines] : layouts) {
            ColumnLabels p = plan_labels(c, x0, col, w, staggered, max_lines, small);
            if (labels_end - p.gap - p.height - c.top >= min_plot &&
                (!labels || p.score > labels->score))
                labels = std::move(p);
        }
    if (!labels) // no room for more: one line each
        labels = plan_labels(c, x0, col, w, false, 1, false);
    const double label_gap = labels->gap;
    const wxFont plain = c.font, label_font = labels->small ? plain.Smaller() : plain;
    c.gc.SetFont(label_font, kChartText);
    const double line_h = c.text_h() + 1;
    c.gc.SetFont(plain, kChartText);
    c.bottom = labels_end - label_gap - labels->height;
    value_axis_y(c, x0, x1, false);
    auto y = [&](double v) {
        return c.bottom - (std::clamp(v, c.d.min, c.d.max) - c.d.min) / (c.d.max - c.d.min) *
                              (c.bottom - c.top);
    };
    const double group = col * 0.78;
    const double bar = group / static_cast<double>(c.d.series.size());
    double row_top[2] = {c.bottom + label_gap, c.bottom + label_gap};
    if (labels->staggered) {
        std::size_t first_row = 0;
        for (std::size_t i = 0; i < n; i += 2)
            first_row = std::max(first_row, labels->lines[i].size());
        row_top[1] += static_cast<double>(first_row) * line_h;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double gx = x0 + col * static_cast<double>(i) + (col - group) / 2;
        const double cx = x0 + col * (static_cast<double>(i) + 0.5);
        double ly = row_top[labels->staggered ? i % 2 : 0];
        std::vector<std::string> drawn;
        c.font = label_font;
        c.gc.SetFont(label_font, kChartText);
        for (const wxString& l : labels->lines[i]) {
            const double lw = c.text_w(l);
            double lx = cx - lw / 2;
            if (labels->staggered)
                lx = std::clamp(lx, std::max(cx - col + 4, 2.0),
                                std::min(cx + col - 4, w - 2.0) - lw);
            c.geo.axis_labels.push_back(c.text(l, lx, ly));
            drawn.push_back(u8(l));
            ly += line_h;
        }
        c.font = plain;
        c.gc.SetFont(plain, kChartText);
        c.geo.category_lines.push_back(std::move(drawn));
        hits.emplace_back(static_cast<int>(x0 + col * static_cast<double>(i)),
                          static_cast<int>(c.top), static_cast<int>(col),
                          static_cast<int>(ly - c.top));
        for (std::size_t k = 0; k < c.d.series.size(); ++k) {
            const ChartSeries& s = c.d.series[k];
            const auto v = at(s.values, i);
            if (!v)
                continue;
            const double bx = gx + bar * static_cast<double>(k);
            c.box(bx + 1, y(*v), bar - 2, c.bottom - y(*v), series_colour(s, i));
            const wxRect bar_rect(static_cast<int>(bx + 1), static_cast<int>(y(*v)),
                                  static_cast<int>(bar - 2),
                                  static_cast<int>(std::ceil(c.bottom - y(*v))));
            c.geo.marks.push_back(bar_rect);
            bool whisker = false;
            if (auto lo = at(s.lo, i), hi = at(s.hi, i); lo && hi) {
                const double mid = bx + bar / 2, cap = bar * 0.2;
                c.line(mid, y(*lo), mid, y(*hi), kChartText, 1.5);
                c.line(mid - cap, y(*lo), mid + cap, y(*lo), kChartText, 1.5);
                c.line(mid - cap, y(*hi), mid + cap, y(*hi), kChartText, 1.5);
                c.geo.marks.emplace_back(
                    static_cast<int>(mid - cap) - 1, static_cast<int>(y(*hi)) - 1,
                    static_cast<int>(2 * cap) + 2, static_cast<int>(y(*lo) - y(*hi)) + 2);
                whisker = true;
            }
            // The value in white in the bar's top when it fits there (a whisker would strike it
            // through: then none); else in the text colour above the bar, when that is clear of
            // the neighbouring bars' values.
            if (whisker)
                continue;
            const wxString t = num(*v);
            const double tw = c.text_w(t), th = c.text_h();
            const bool inside = tw + 4 <= bar - 2 && c.bottom - y(*v) >= th + 4;
            const double room_above = c.d.series.size() == 1 ? col - 4 : bar;
            if (!inside && (tw > room_above || y(*v) - th - 1 < c.top - 16))
                continue;
            const wxColour colour = inside ? *wxWHITE : kChartText;
            const wxRect r =
                c.text(t, bx + bar / 2 - tw / 2, inside ? y(*v) + 2 : y(*v) - th - 1, colour);
            c.geo.marks.push_back(r);
            c.geo.values.push_back({r, colour, bar_rect, std::nullopt});
        }
    }
    return hits;
}

void draw_line(Canvas& c, int w) {
    const std::size_t n = c.d.categories.size();
    draw_legend(c, w);
    const double x0 = c.left + 36, x1 = w - 16.0 - reference_room(c);
    c.bottom -= 16;
    c.top += 10; // headroom: the top tick label and points at 100 stay inside
    value_axis_y(c, x0, x1);
    auto y = [&](double v) {
        return c.bottom - (std::clamp(v, c.d.min, c.d.max) - c.d.min) / (c.d.max - c.d.min) *
                              (c.bottom - c.top);
    };
    auto x = [&](std::size_t i) {
        return n == 1
                   ? (x0 + x1) / 2
                   : x0 + 8 + (x1 - x0 - 16) * static_cast<double>(i) / static_cast<double>(n - 1);
    };
    // Category labels, thinned out so that they do not overlap.
    const double label_w = c.text_w("2026-10") + 10;
    const std::size_t every = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(label_w / ((x1 - x0) / static_cast<double>(n)))));
    for (std::size_t i = 0; i < n; i += every) {
        const wxString s = wxs(c.d.categories[i]);
        const double lx =
            std::clamp(x(i) - c.text_w(s) / 2, 2.0, w - 2 - c.text_w(s)); // whole, at the edges too
        c.geo.axis_labels.push_back(c.text(s, lx, c.bottom + 4, kChartAxis));
    }
    for (const ChartSeries& s : c.d.series) {
        const wxColour col = okabe_ito(s.colour);
        // The interval as a translucent band, one segment per pair of neighbours.
        for (std::size_t i = 0; i + 1 < n; ++i) {
            auto lo0 = at(s.lo, i), hi0 = at(s.hi, i), lo1 = at(s.lo, i + 1), hi1 = at(s.hi, i + 1);
            if (!lo0 || !hi0 || !lo1 || !hi1)
                continue;
            wxGraphicsPath p = c.gc.CreatePath();
            p.MoveToPoint(x(i), y(*lo0));
            p.AddLineToPoint(x(i + 1), y(*lo1));
            p.AddLineToPoint(x(i + 1), y(*hi1));
            p.AddLineToPoint(x(i), y(*hi0));
            p.CloseSubpath();
            c.gc.SetPen(*wxTRANSPARENT_PEN);
            c.gc.SetBrush(wxBrush(wxColour(col.Red(), col.Green(), col.Blue(), 50)));
            c.gc.FillPath(p);
            const double top = std::min(y(*hi0), y(*hi1)), bottom = std::max(y(*lo0), y(*lo1));
            c.geo.marks.emplace_back(static_cast<int>(x(i)), static_cast<int>(top),
                                     static_cast<int>(std::ceil(x(i + 1) - x(i))),
                                     static_cast<int>(std::ceil(bottom - top)));
        }
        wxGraphicsPath path = c.gc.CreatePath();
        bool open = false;
        wxPoint last;
        for (std::size_t i = 0; i < n; ++i) {
            const auto v = at(s.values, i);
            if (!v) {
                open = false;
                continue;
            }
            const wxPoint here(static_cast<int>(std::lround(x(i))),
                               static_cast<int>(std::lround(y(*v))));
            if (open) {
                path.AddLineToPoint(x(i), y(*v));
                c.geo.segments.emplace_back(last, here);
            } else {
                path.MoveToPoint(x(i), y(*v));
            }
            last = here;
            open = true;
        }
        c.gc.SetPen(wxPen(col, 2));
        c.gc.StrokePath(path);
        c.gc.SetBrush(wxBrush(col));
        for (std::size_t i = 0; i < n; ++i)
            if (const auto v = at(s.values, i)) {
                c.gc.DrawEllipse(x(i) - 3, y(*v) - 3, 6, 6);
                c.geo.marks.emplace_back(static_cast<int>(x(i)) - 3, static_cast<int>(y(*v)) - 3, 7,
                                         7);
            }
    }
}

void draw_sparkline(Canvas& c, int w, int h) {
    if (c.d.series.empty())
        return;
    const ChartSeries& s = c.d.series.front();
    const std::size_t n = s.values.size();
    double lo = 1e300, hi = -1e300;
    for (const auto& v : s.values)
        if (v) {
            lo = std::min(lo, *v);
            hi = std::max(hi, *v);
        }
    if (lo > hi || n == 0)
        return;
    if (hi - lo < 10) { // a flat line stays flat-looking, not noise blown up
        const double mid = (hi + lo) / 2;
        lo = mid - 5;
        hi = mid + 5;
    }
    auto x = [&](std::size_t i) {
        return n == 1 ? w / 2.0
                      : 3 + (w - 6.0) * static_cast<double>(i) / static_cast<double>(n - 1);
    };
    auto y = [&](double v) { return h - 3 - (v - lo) / (hi - lo) * (h - 6.0); };
    wxGraphicsPath path = c.gc.CreatePath();
    bool open = false;
    std::size_t last = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!s.values[i])
            continue;
        if (open)
            path.AddLineToPoint(x(i), y(*s.values[i]));
        else
            path.MoveToPoint(x(i), y(*s.values[i]));
        open = true;
        last = i;
    }
    c.gc.SetPen(wxPen(okabe_ito(s.colour), 1));
    c.gc.StrokePath(path);
    c.gc.SetPen(*wxTRANSPARENT_PEN);
    c.gc.SetBrush(wxBrush(okabe_ito(s.colour)));
    c.gc.DrawEllipse(x(last) - 2, y(*s.values[last]) - 2, 4, 4);
}

} // namespace

wxColour okabe_ito(int i) {
    static const wxColour colours[] = {wxColour(0x00, 0x72, 0xB2), wxColour(0xE6, 0x9F, 0x00),
                                       wxColour(0x00, 0x9E, 0x73), wxColour(0xD5, 0x5E, 0x00),
                                       wxColour(0x56, 0xB4, 0xE9), wxColour(0xCC, 0x79, 0xA7),
                                       wxColour(0xF0, 0xE4, 0x42), wxColour(0x00, 0x00, 0x00)};
    return colours[((i % 8) + 8) % 8];
}

wxColour muted_colour() {
    return wxColour(0xBB, 0xBB, 0xBB);
}

void set_score_axis(ChartData& data) {
    data.min = 0;
    data.max = 100;
}

std::vector<wxRect> draw_chart(wxGraphicsContext& gc, const ChartData& data, int w, int h,
                               ChartGeometry* geometry) {
    gc.SetBrush(*wxWHITE_BRUSH);
    gc.SetPen(*wxTRANSPARENT_PEN);
    gc.DrawRectangle(0, 0, w, h);
    ChartGeometry scratch;
    ChartGeometry& geo = geometry ? *geometry : scratch;
    geo = ChartGeometry{};
    Canvas c{{gc}, data, geo};
    gc.SetFont(c.font, kChartText); // text extents need a font
    if (data.kind == ChartData::Sparkline) {
        draw_sparkline(c, w, h);
        return {};
    }
    if (data.max <= data.min)
        return {};
    draw_title_and_note(c, w, h);
    if (!has_values(data)) {
        draw_empty(c, w);
        return {};
    }
    switch (data.kind) {
    case ChartData::HBars:
        return draw_hbars(c, w);
    case ChartData::VBars:
        return draw_vbars(c, w);
    case ChartData::Line:
        draw_line(c, w);
        break;
    case ChartData::Sparkline:
        break;
    }
    return {};
}

ChartGeometry chart_geometry(const ChartData& data, wxSize size) {
    ChartGeometry geo;
    wxBitmap bmp(size, 32);
    wxMemoryDC dc(bmp);
    if (std::unique_ptr<wxGraphicsContext> gc{wxGraphicsContext::Create(dc)})
        draw_chart(*gc, data, size.x, size.y, &geo);
    dc.SelectObject(wxNullBitmap);
    return geo;
}

wxBitmap render_chart(const ChartData& data, wxSize size) {
    wxBitmap bmp(size, 32);
    wxMemoryDC dc(bmp);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    if (std::unique_ptr<wxGraphicsContext> gc{wxGraphicsContext::Create(dc)})
        draw_chart(*gc, data, size.x, size.y);
    dc.SelectObject(wxNullBitmap);
    return bmp;
}

Chart::Chart(wxWindow* parent, wxSize min_size)
    : wxWindow(parent, wxID_ANY, wxDefaultPosition, min_size, wxFULL_REPAINT_ON_RESIZE) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetMinSize(min_size);
    Bind(wxEVT_PAINT, [this](wxPaintEvent&) { paint(); });
    Bind(wxEVT_CONTEXT_MENU, [this](wxContextMenuEvent& e) {
        context_menu(e.GetPosition() == wxDefaultPosition ? wxPoint(10, 10)
                                                          : ScreenToClient(e.GetPosition()));
    });
    Bind(wxEVT_LEFT_UP, [this](wxMouseEvent& e) {
        if (auto i = hit(e.GetPosition()); i && on_click)
            on_click(*i);
    });
    Bind(wxEVT_MOTION, [this](wxMouseEvent& e) {
        SetCursor(on_click && hit(e.GetPosition()) ? wxCursor(wxCURSOR_HAND) : wxNullCursor);
    });
}

void Chart::set_data(ChartData data) {
    m_data = std::move(data);
    if (m_data.kind == ChartData::HBars)
        SetMinSize(wxSize(GetMinSize().x, wanted_height()));
    Refresh();
}

int Chart::wanted_height() const {
    return static_cast<int>(m_data.categories.size()) * 22 + 70 + (m_data.note.empty() ? 0 : 18);
}

std::optional<std::size_t> Chart::hit(wxPoint p) const {
    for (std::size_t i = 0; i < m_hits.size(); ++i)
        if (m_hits[i].Contains(p))
            return i;
    return std::nullopt;
}

void Chart::paint() {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    std::unique_ptr<wxGraphicsContext> gc{wxGraphicsContext::Create(dc)};
    if (!gc)
        return;
    const wxSize s = GetClientSize();
    m_hits = draw_chart(*gc, m_data, s.x, s.y, &m_geometry);
}

bool Chart::copy_to_clipboard() {
    wxClipboardLocker lock;
    if (!lock)
        return false;
    const wxSize s = GetClientSize();
    return wxTheClipboard->SetData(new wxBitmapDataObject(
        render_chart(m_data, wxSize(std::max(s.x, 320), std::max(s.y, 200)))));
}

bool Chart::save_png(const wxString& path) {
    const wxSize s = GetClientSize();
    return render_chart(m_data, wxSize(std::max(s.x, 640), std::max(s.y, 400)))
        .SaveFile(path, wxBITMAP_TYPE_PNG);
}

void Chart::context_menu(wxPoint at) {
    wxMenu menu;
    menu.Append(ID_Copy, "&Copy chart");
    menu.Append(ID_SavePng, "&Save chart as PNG…");
    menu.Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (!copy_to_clipboard())
                wxLogError("The clipboard is not available; the chart was not copied.");
        },
        ID_Copy);
    menu.Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            wxString name = m_data.title.empty() ? wxString("chart") : wxs(m_data.title);
            name.Replace("/", "-");
            wxFileDialog dlg(this, "Save chart as PNG", "", name + ".png",
                             "PNG images (*.png)|*.png", wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
            if (dlg.ShowModal() == wxID_OK && !save_png(dlg.GetPath()))
                wxLogError("Could not save the chart to %s.", dlg.GetPath());
        },
        ID_SavePng);
    PopupMenu(&menu, at);
}

} // namespace vs::app
