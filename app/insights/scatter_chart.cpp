#include "app/insights/scatter_chart.h"

#include "app/insights/chart.h"
#include "app/insights/chart_painter.h"
#include "app/shell/ui_util.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
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

enum { ID_Copy = wxID_HIGHEST + 720, ID_SavePng };

const wxColour kHollow(0x8C, 0x8C, 0x8C); // darker than the bars' muted grey: a thin ring
constexpr double kRadius = 4.5;

/// An axis: its range rounded out to whole steps of a readable size, within the bounds.
struct Axis {
    double min = 0, max = 1, step = 1;
};

Axis axis_of(double lo, double hi, double floor, double ceiling, double pixels) {
    if (lo > hi)
        std::swap(lo, hi);
    const double span = std::max(hi - lo, 1.0);
    const double max_ticks = std::max(2.0, pixels / 48);
    Axis a;
    a.step = 100;
    for (double step : {1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0})
        if (span / step + 1 <= max_ticks) {
            a.step = step;
            break;
        }
    a.min = std::max(floor, std::floor(lo / a.step) * a.step);
    a.max = std::min(ceiling, std::ceil(hi / a.step) * a.step);
    if (a.max - a.min < a.step) { // every point on one value: a step around it
        a.min = std::max(floor, a.min - a.step);
        a.max = std::min(ceiling, a.max + a.step);
    }
    if (a.max <= a.min)
        a.max = a.min + 1;
    return a;
}

struct Painter : ChartPainter {
    ScatterGeometry& geo;

    void dot(double x, double y, bool hollow) {
        if (hollow) {
            gc.SetPen(wxPen(kHollow, 2));
            gc.SetBrush(*wxWHITE_BRUSH);
        } else {
            gc.SetPen(wxPen(okabe_ito(0), 1));
            gc.SetBrush(wxBrush(okabe_ito(0)));
        }
        gc.DrawEllipse(x - kRadius, y - kRadius, 2 * kRadius, 2 * kRadius);
    }
};

wxString tick(double v) {
    return wxString::Format("%g", std::round(v * 10) / 10 + 0.0);
}

/// The legend's entries, left to right, wrapping to further lines, then `note`'s lines (which
/// points are unlabelled); returns the height used. Draws only with `draw` (else measures).
double draw_legend(Painter& p, const ScatterData& d, double y, int w,
                   const std::vector<wxString>& note, bool draw) {
    struct Entry {
        int kind; // 0 point, 1 hollow, 2 line
        wxString text;
    };
    std::vector<Entry> entries;
    bool any_muted = false, any_filled = false;
    for (const ScatterPoint& pt : d.points)
        (pt.muted ? any_muted : any_filled) = true;
    if (any_filled && !d.point_legend.empty())
        entries.push_back({0, wxs(d.point_legend)});
    if (any_muted && !d.muted_legend.empty())
        entries.push_back({1, wxs(d.muted_legend)});
    if (d.line && !d.line_legend.empty())
        entries.push_back({2, wxs(d.line_legend)});
    const double line_h = p.text_h() + 4;
    const double top = y;
    double x = 8;
    for (const Entry& e : entries) {
        const double room = w - 16.0 - 22;
        const wxString s = p.fit(e.text, room);
        const double need = 22 + p.text_w(s) + 16;
        if (x > 8 && x + need > w - 8) {
            x = 8;
            y += line_h;
        }
        const double mid = y + p.text_h() / 2;
        if (draw) {
            if (e.kind == 2)
                p.line(x, mid, x + 16, mid, okabe_ito(1), 2);
            else
                p.dot(x + 8, mid, e.kind == 1);
            p.geo.legend.push_back(p.text(s, x + 22, y, kChartText));
        }
        x += need;
    }
    if (!entries.empty())
        y += line_h;
    for (const wxString& l : note) {
        if (draw) {
            p.geo.note.push_back(p.text(l, 8, y, kChartAxis));
            p.geo.note_lines.push_back(u8(l));
        }
        y += line_h;
    }
    return y - top;
}

/// The plot area, its axes and the y axis' caption as laid out below a given top.
struct Plot {
    double x0 = 0, x1 = 0, top = 0, bottom = 0;
    Axis ax, ay;
    std::vector<wxString> y_caption; ///< its lines, the first one leftmost (it reads upwards)
    double px(double v) const { return x0 + (v - ax.min) / (ax.max - ax.min) * (x1 - x0); }
    double py(double v) const { return bottom - (v - ay.min) / (ay.max - ay.min) * (bottom - top); }
    bool drawable() const { return x1 - x0 >= 40 && bottom - top >= 40; }
};

Plot plot_of(const Painter& p, const ScatterData& d, double top, int w, int h) {
    double x_lo = d.points.front().x, x_hi = x_lo, y_lo = d.points.front().y, y_hi = y_lo;
    for (const ScatterPoint& pt : d.points) {
        x_lo = std::min(x_lo, pt.x);
        x_hi = std::max(x_hi, pt.x);
        y_lo = std::min(y_lo, pt.y);
        y_hi = std::max(y_hi, pt.y);
    }
    // The y axis' caption (turned, in up to three lines along the plot's height) and tick
    // labels at the left, the x axis' tick labels and caption under the plot.
    const double line_h = p.text_h() + 1;
    Plot pl;
    pl.bottom = h - 6 - (d.x_label.empty() ? 0 : line_h + 2) - line_h - 4;
    pl.top = top + 6; // the top tick label's half height stays inside
    if (!d.y_label.empty())
        pl.y_caption = p.wrap(wxs(d.y_label), std::max(pl.bottom - pl.top, 1.0), 3);
    const double y_caption = pl.y_caption.empty() ? 0 : line_h * pl.y_caption.size() + 4;
    pl.ay = axis_of(y_lo, y_hi, d.y_floor, d.y_ceiling, pl.bottom - pl.top);
    double tick_w = 0;
    for (double v = pl.ay.min; v <= pl.ay.max + 1e-9; v += pl.ay.step)
        tick_w = std::max(tick_w, p.text_w(tick(v)));
    pl.x0 = 8 + y_caption + tick_w + 6;
    pl.x1 = w - 14.0;
    pl.ax = axis_of(x_lo, x_hi, d.x_floor, d.x_ceiling, pl.x1 - pl.x0);
    return pl;
}

/// The ends of the line, in pixels, over the x range of the points it was fitted to (the filled
/// ones), cut at the plot's top and bottom.
std::optional<std::pair<wxPoint2DDouble, wxPoint2DDouble>> line_ends(const ScatterData& d,
                                                                     const Plot& pl) {
    if (!d.line)
        return std::nullopt;
    double lo = 1e300, hi = -1e300;
    for (const ScatterPoint& pt : d.points)
        if (!pt.muted) {
            lo = std::min(lo, pt.x);
            hi = std::max(hi, pt.x);
        }
    if (lo > hi)
        return std::nullopt;
    const auto [a, b] = *d.line;
    auto clip = [&](double x) {
        const double y = a + b * x;
        if (y > pl.ay.max && b != 0)
            return (pl.ay.max - a) / b;
        if (y < pl.ay.min && b != 0)
            return (pl.ay.min - a) / b;
        return x;
    };
    const double xa = clip(lo), xb = clip(hi);
    const double ya = std::clamp(a + b * xa, pl.ay.min, pl.ay.max);
    const double yb = std::clamp(a + b * xb, pl.ay.min, pl.ay.max);
    return std::make_pair(wxPoint2DDouble(pl.px(xa), pl.py(ya)),
                          wxPoint2DDouble(pl.px(xb), pl.py(yb)));
}

/// Whether the segment from `a` to `b` passes through `r` (sampled every pixel or so).
bool crosses(const std::pair<wxPoint2DDouble, wxPoint2DDouble>& s, const wxRect& r) {
    const auto [a, b] = s;
    const int n = static_cast<int>(std::hypot(b.m_x - a.m_x, b.m_y - a.m_y)) + 1;
    for (int k = 0; k <= n; ++k) {
        const double t = static_cast<double>(k) / n;
        if (r.Contains(static_cast<int>(std::lround(a.m_x + t * (b.m_x - a.m_x))),
                       static_cast<int>(std::lround(a.m_y + t * (b.m_y - a.m_y)))))
            return true;
    }
    return false;
}

/// Where the points and their labels go.
struct Placement {
    std::vector<wxPoint> points;
    std::vector<std::optional<wxRect>> labels;
    std::vector<std::size_t> unlabelled; ///< points with a label that found no room
};

/// Each label beside its point, clear of every point and of the labels placed before it, inside
/// the plot: right of the point, else left; where both are taken, nudged a line up or down at a
/// time (up to three). The filled points' labels are placed first.
Placement place(const Painter& p, const ScatterData& d, const Plot& pl, int w) {
    Placement out;
    out.points.resize(d.points.size());
    out.labels.resize(d.points.size());
    std::vector<wxRect> taken;
    for (std::size_t i = 0; i < d.points.size(); ++i) {
        const double x = pl.px(d.points[i].x), y = pl.py(d.points[i].y);
        out.points[i] = wxPoint(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)));
        taken.emplace_back(static_cast<int>(x - kRadius), static_cast<int>(y - kRadius),
                           static_cast<int>(2 * kRadius) + 1, static_cast<int>(2 * kRadius) + 1);
    }
    const wxRect room(static_cast<int>(pl.x0) + 1, static_cast<int>(pl.top) - 2,
                      static_cast<int>(w - pl.x0) - 2, static_cast<int>(pl.bottom - pl.top) + 2);
    const auto line = line_ends(d, pl);
    const double step = p.text_h() + 1;
    std::vector<double> dys{0}; // level, then a line up, a line down, two up…
    for (int k = 1; k <= 3; ++k)
        dys.insert(dys.end(), {-k * step, k * step});
    for (const bool muted : {false, true})
        for (std::size_t i = 0; i < d.points.size(); ++i) {
            if (d.points[i].muted != muted || d.points[i].label.empty())
                continue;
            const wxString s = wxs(d.points[i].label);
            const wxPoint c = out.points[i];
            const double mid = c.y - p.text_h() / 2;
            // Clear of the line too where that is possible; else across it.
            for (const bool clear_of_line : {true, false}) {
                for (const double dy : dys) {
                    // Level with the point, a label on the plot's top or bottom edge stays inside.
                    const double ly =
                        dy == 0 ? std::clamp(mid, pl.top, pl.bottom - p.text_h()) : mid + dy;
                    for (const double lx : {c.x + kRadius + 3, c.x - kRadius - 3 - p.text_w(s)}) {
                        const wxRect r = p.text_rect(s, lx, ly);
                        if (!room.Contains(r) ||
                            std::any_of(taken.begin(), taken.end(),
                                        [&](const wxRect& t) { return t.Intersects(r); }) ||
                            (clear_of_line && line && crosses(*line, r)))
                            continue;
                        out.labels[i] = r;
                        taken.push_back(wxRect(r).Inflate(3, 1)); // a gap to the next label
                        break;
                    }
                    if (out.labels[i])
                        break;
                }
                if (out.labels[i])
                    break;
            }
            if (!out.labels[i])
                out.unlabelled.push_back(i);
        }
    std::sort(out.unlabelled.begin(), out.unlabelled.end());
    return out;
}

} // namespace

void draw_scatter(wxGraphicsContext& gc, const ScatterData& d, int w, int h,
                  ScatterGeometry* geometry) {
    gc.SetBrush(*wxWHITE_BRUSH);
    gc.SetPen(*wxTRANSPARENT_PEN);
    gc.DrawRectangle(0, 0, w, h);
    ScatterGeometry scratch;
    ScatterGeometry& geo = geometry ? *geometry : scratch;
    geo = ScatterGeometry{};
    Painter p{{gc}, geo};
    gc.SetFont(p.font, kChartText);
    const double line_h = p.text_h() + 1;

    double top = 4;
    if (!d.title.empty()) {
        geo.texts.push_back(p.text(p.fit(wxs(d.title), w - 16), 8, top, kChartText, true));
        top += line_h + 4;
    }
    if (d.points.empty()) {
        top += draw_legend(p, d, top, w, {}, true) + 4;
        const wxString s = p.fit(wxs(d.empty_text), w - 16);
        geo.empty = p.text(s, (w - p.text_w(s)) / 2, (top + h) / 2 - p.text_h() / 2, kChartAxis);
        return;
    }

    // Laid out with room in the legend for the note naming the points left unlabelled: the
    // room only grows (up to the note's most lines), so this ends.
    std::vector<wxString> note;
    std::size_t reserved = 0;
    Plot pl;
    Placement placed;
    for (;;) {
        const std::vector<wxString> room(reserved);
        pl = plot_of(p, d, top + draw_legend(p, d, top, w, room, false) + 4, w, h);
        if (!pl.drawable())
            break;
        placed = place(p, d, pl, w);
        note.clear();
        if (!placed.unlabelled.empty()) {
            wxString s = "Not labelled (no room): ";
            for (std::size_t k = 0; k < placed.unlabelled.size(); ++k)
                s += (k ? ", " : "") + wxs(d.points[placed.unlabelled[k]].label);
            note = p.wrap(s, w - 16, 3);
        }
        if (note.size() <= reserved)
            break;
        reserved = note.size();
    }
    draw_legend(p, d, top, w, note, true);
    geo.x_min = pl.ax.min;
    geo.x_max = pl.ax.max;
    geo.y_min = pl.ay.min;
    geo.y_max = pl.ay.max;
    if (!pl.drawable())
        return; // too small to draw into
    const double x0 = pl.x0, x1 = pl.x1, plot_top = pl.top, bottom = pl.bottom;
    const Axis& ax = pl.ax;
    const Axis& ay = pl.ay;
    geo.plot = wxRect(static_cast<int>(x0), static_cast<int>(plot_top), static_cast<int>(x1 - x0),
                      static_cast<int>(bottom - plot_top));
    auto px = [&](double v) { return pl.px(v); };
    auto py = [&](double v) { return pl.py(v); };

    for (double v = ay.min; v <= ay.max + 1e-9; v += ay.step) {
        p.line(x0, py(v), x1, py(v), kChartGrid);
        const wxString s = tick(v);
        geo.texts.push_back(p.text(s, x0 - 6 - p.text_w(s), py(v) - p.text_h() / 2, kChartAxis));
    }
    for (double v = ax.min; v <= ax.max + 1e-9; v += ax.step) {
        p.line(px(v), plot_top, px(v), bottom, kChartGrid);
        const wxString s = tick(v);
        const double lx = std::clamp(px(v) - p.text_w(s) / 2, 2.0, w - 2 - p.text_w(s));
        geo.texts.push_back(p.text(s, lx, bottom + 4, kChartAxis));
    }
    p.line(x0, bottom, x1, bottom, kChartAxis);
    p.line(x0, plot_top, x0, bottom, kChartAxis);
    if (!d.x_label.empty()) {
        const wxString s = p.fit(wxs(d.x_label), x1 - x0);
        geo.texts.push_back(
            p.text(s, (x0 + x1) / 2 - p.text_w(s) / 2, bottom + 4 + line_h + 2, kChartAxis));
    }
    // The y axis' caption reads upwards, centred on the plot's height, its first line leftmost.
    gc.SetFont(p.font, kChartAxis);
    for (std::size_t k = 0; k < pl.y_caption.size(); ++k) {
        const wxString& s = pl.y_caption[k];
        const double tw = p.text_w(s), x = 6 + line_h * static_cast<double>(k);
        gc.DrawText(s, x, (plot_top + bottom) / 2 + tw / 2, std::numbers::pi / 2);
        const wxRect r(static_cast<int>(x), static_cast<int>((plot_top + bottom) / 2 - tw / 2),
                       static_cast<int>(std::ceil(line_h)), static_cast<int>(std::ceil(tw)));
        geo.texts.push_back(r);
        geo.y_caption.push_back(r);
        geo.y_caption_lines.push_back(u8(s));
    }
    gc.SetFont(p.font, kChartText);

    // The line over the x range of the points it was fitted to (the filled ones), cut at the
    // plot's top and bottom.
    if (const auto ends = line_ends(d, pl)) {
        const auto [a, b] = *ends;
        p.line(a.m_x, a.m_y, b.m_x, b.m_y, okabe_ito(1), 2);
        geo.line = std::make_pair(
            wxPoint(static_cast<int>(std::lround(a.m_x)), static_cast<int>(std::lround(a.m_y))),
            wxPoint(static_cast<int>(std::lround(b.m_x)), static_cast<int>(std::lround(b.m_y))));
    }

    // Points: the hollow ones first, so that a filled one on top of one stays whole.
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < d.points.size(); ++i)
            if (d.points[i].muted == (pass == 0))
                p.dot(px(d.points[i].x), py(d.points[i].y), d.points[i].muted);
    geo.points = placed.points;
    geo.labels.resize(d.points.size());
    geo.unlabelled = placed.unlabelled;
    // The labels; one nudged off its point's height gets a thin leader from the point to it.
    for (std::size_t i = 0; i < d.points.size(); ++i) {
        if (!placed.labels[i])
            continue;
        const wxRect& r = *placed.labels[i];
        const wxPoint c = placed.points[i];
        const double mid = r.y + p.text_h() / 2;
        if (std::abs(mid - c.y) > p.text_h() / 2 + 1) {
            const double ex = r.x > c.x ? r.x - 1 : r.GetRight() + 1;
            const double dx = ex - c.x, dy = mid - c.y, len = std::hypot(dx, dy);
            p.line(c.x + dx / len * kRadius, c.y + dy / len * kRadius, ex, mid, kHollow);
        }
        geo.labels[i] =
            p.text(wxs(d.points[i].label), r.x, r.y, d.points[i].muted ? kChartAxis : kChartText);
    }
}

wxBitmap render_scatter(const ScatterData& data, wxSize size) {
    wxBitmap bmp(size, 32);
    wxMemoryDC dc(bmp);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    if (std::unique_ptr<wxGraphicsContext> gc{wxGraphicsContext::Create(dc)})
        draw_scatter(*gc, data, size.x, size.y);
    dc.SelectObject(wxNullBitmap);
    return bmp;
}

ScatterChart::ScatterChart(wxWindow* parent, wxSize min_size)
    : wxWindow(parent, wxID_ANY, wxDefaultPosition, min_size, wxFULL_REPAINT_ON_RESIZE) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetMinSize(min_size);
    Bind(wxEVT_PAINT, [this](wxPaintEvent&) { paint(); });
    Bind(wxEVT_CONTEXT_MENU, [this](wxContextMenuEvent& e) {
        context_menu(e.GetPosition() == wxDefaultPosition ? wxPoint(10, 10)
                                                          : ScreenToClient(e.GetPosition()));
    });
}

void ScatterChart::set_data(ScatterData data) {
    m_data = std::move(data);
    Refresh();
}

void ScatterChart::paint() {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    std::unique_ptr<wxGraphicsContext> gc{wxGraphicsContext::Create(dc)};
    if (!gc)
        return;
    const wxSize s = GetClientSize();
    draw_scatter(*gc, m_data, s.x, s.y, &m_geometry);
}

bool ScatterChart::save_png(const wxString& path) {
    const wxSize s = GetClientSize();
    return render_scatter(m_data, wxSize(std::max(s.x, 640), std::max(s.y, 400)))
        .SaveFile(path, wxBITMAP_TYPE_PNG);
}

void ScatterChart::context_menu(wxPoint at) {
    wxMenu menu;
    menu.Append(ID_Copy, "&Copy chart");
    menu.Append(ID_SavePng, "&Save chart as PNG…");
    menu.Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            wxClipboardLocker lock;
            const wxSize s = GetClientSize();
            if (!lock || !wxTheClipboard->SetData(new wxBitmapDataObject(render_scatter(
                             m_data, wxSize(std::max(s.x, 320), std::max(s.y, 200))))))
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
