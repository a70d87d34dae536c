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

/// The legend's entries, left to right, wrapping to further lines; returns the height used.
double draw_legend(Painter& p, const ScatterData& d, double y, int w) {
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
    if (entries.empty())
        return 0;
    const double line_h = p.text_h() + 4;
    double x = 8, top = y;
    for (const Entry& e : entries) {
        const double room = w - 16.0 - 22;
        const wxString s = p.fit(e.text, room);
        const double need = 22 + p.text_w(s) + 16;
        if (x > 8 && x + need > w - 8) {
            x = 8;
            y += line_h;
        }
        const double mid = y + p.text_h() / 2;
        if (e.kind == 2)
            p.line(x, mid, x + 16, mid, okabe_ito(1), 2);
        else
            p.dot(x + 8, mid, e.kind == 1);
        p.geo.legend.push_back(p.text(s, x + 22, y, kChartText));
        x += need;
    }
    return y + line_h - top;
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
    top += draw_legend(p, d, top, w) + 4;
    if (d.points.empty()) {
        const wxString s = p.fit(wxs(d.empty_text), w - 16);
        geo.empty = p.text(s, (w - p.text_w(s)) / 2, (top + h) / 2 - p.text_h() / 2, kChartAxis);
        return;
    }

    double x_lo = d.points.front().x, x_hi = x_lo, y_lo = d.points.front().y, y_hi = y_lo;
    for (const ScatterPoint& pt : d.points) {
        x_lo = std::min(x_lo, pt.x);
        x_hi = std::max(x_hi, pt.x);
        y_lo = std::min(y_lo, pt.y);
        y_hi = std::max(y_hi, pt.y);
    }
    // The plot: the y axis' caption (turned) and tick labels at the left, the x axis' tick
    // labels and caption under it.
    const double y_caption = d.y_label.empty() ? 0 : line_h + 4;
    const double bottom = h - 6 - (d.x_label.empty() ? 0 : line_h + 2) - line_h - 4;
    const double plot_top = top + 6; // the top tick label's half height stays inside
    const Axis ay = axis_of(y_lo, y_hi, d.y_floor, d.y_ceiling, bottom - plot_top);
    double tick_w = 0;
    for (double v = ay.min; v <= ay.max + 1e-9; v += ay.step)
        tick_w = std::max(tick_w, p.text_w(tick(v)));
    const double x0 = 8 + y_caption + tick_w + 6, x1 = w - 14.0;
    const Axis ax = axis_of(x_lo, x_hi, d.x_floor, d.x_ceiling, x1 - x0);
    geo.x_min = ax.min;
    geo.x_max = ax.max;
    geo.y_min = ay.min;
    geo.y_max = ay.max;
    if (x1 - x0 < 40 || bottom - plot_top < 40)
        return; // too small to draw into
    geo.plot = wxRect(static_cast<int>(x0), static_cast<int>(plot_top), static_cast<int>(x1 - x0),
                      static_cast<int>(bottom - plot_top));
    auto px = [&](double v) { return x0 + (v - ax.min) / (ax.max - ax.min) * (x1 - x0); };
    auto py = [&](double v) {
        return bottom - (v - ay.min) / (ay.max - ay.min) * (bottom - plot_top);
    };

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
    if (!d.y_label.empty()) {
        const wxString s = p.fit(wxs(d.y_label), bottom - plot_top);
        const double tw = p.text_w(s);
        gc.SetFont(p.font, kChartAxis);
        gc.DrawText(s, 6, (plot_top + bottom) / 2 + tw / 2, std::numbers::pi / 2); // reads upwards
        gc.SetFont(p.font, kChartText);
        geo.texts.emplace_back(6, static_cast<int>((plot_top + bottom) / 2 - tw / 2),
                               static_cast<int>(std::ceil(line_h)),
                               static_cast<int>(std::ceil(tw)));
    }

    // The line over the x range of the points it was fitted to (the filled ones), cut at the
    // plot's top and bottom.
    if (d.line) {
        double lo = 1e300, hi = -1e300;
        for (const ScatterPoint& pt : d.points)
            if (!pt.muted) {
                lo = std::min(lo, pt.x);
                hi = std::max(hi, pt.x);
            }
        const auto [a, b] = *d.line;
        auto clip = [&](double x) {
            const double y = a + b * x;
            if (y > ay.max && b != 0)
                return (ay.max - a) / b;
            if (y < ay.min && b != 0)
                return (ay.min - a) / b;
            return x;
        };
        if (lo <= hi) {
            const double xa = clip(lo), xb = clip(hi);
            const double ya = std::clamp(a + b * xa, ay.min, ay.max);
            const double yb = std::clamp(a + b * xb, ay.min, ay.max);
            p.line(px(xa), py(ya), px(xb), py(yb), okabe_ito(1), 2);
            geo.line = std::make_pair(wxPoint(static_cast<int>(std::lround(px(xa))),
                                              static_cast<int>(std::lround(py(ya)))),
                                      wxPoint(static_cast<int>(std::lround(px(xb))),
                                              static_cast<int>(std::lround(py(yb)))));
        }
    }

    // Points: the hollow ones first, so that a filled one on top of one stays whole.
    std::vector<wxRect> taken;
    geo.points.resize(d.points.size());
    geo.labels.resize(d.points.size());
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < d.points.size(); ++i) {
            const ScatterPoint& pt = d.points[i];
            if (pt.muted != (pass == 0))
                continue;
            const double x = px(pt.x), y = py(pt.y);
            p.dot(x, y, pt.muted);
            geo.points[i] =
                wxPoint(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)));
            taken.emplace_back(static_cast<int>(x - kRadius), static_cast<int>(y - kRadius),
                               static_cast<int>(2 * kRadius) + 1,
                               static_cast<int>(2 * kRadius) + 1);
        }
    // Labels where they are clear of the points and of each other: right of the point, else left.
    const wxRect plot_room(static_cast<int>(x0) + 1, static_cast<int>(plot_top) - 2,
                           static_cast<int>(w - x0) - 2, static_cast<int>(bottom - plot_top) + 2);
    for (std::size_t i = 0; i < d.points.size(); ++i) {
        if (d.points[i].label.empty())
            continue;
        const wxString s = wxs(d.points[i].label);
        const wxPoint c = geo.points[i];
        // Beside the point, but inside the plot's height (a point on its edge too).
        const double ly = std::clamp(c.y - p.text_h() / 2, plot_top, bottom - p.text_h());
        for (const double lx : {c.x + kRadius + 3, c.x - kRadius - 3 - p.text_w(s)}) {
            const wxRect r = p.text_rect(s, lx, ly);
            if (!plot_room.Contains(r))
                continue;
            const bool clear = std::none_of(taken.begin(), taken.end(),
                                            [&](const wxRect& t) { return t.Intersects(r); });
            if (!clear)
                continue;
            geo.labels[i] = p.text(s, lx, ly, d.points[i].muted ? kChartAxis : kChartText);
            taken.push_back(*geo.labels[i]);
            break;
        }
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
