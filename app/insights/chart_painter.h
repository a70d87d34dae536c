#pragma once
// The drawing helpers chart.cpp's and scatter_chart.cpp's charts share: text measured, drawn,
// cut with "…" or wrapped at spaces to a width, and lines, on a wxGraphicsContext in the
// default GUI font. Only those two files include it.

#include <cmath>
#include <cstddef>
#include <vector>
#include <wx/arrstr.h>
#include <wx/colour.h>
#include <wx/font.h>
#include <wx/gdicmn.h>
#include <wx/graphics.h>
#include <wx/pen.h>
#include <wx/settings.h>
#include <wx/string.h>

namespace vs::app {

inline const wxColour kChartAxis(0x66, 0x66, 0x66); ///< axes, ticks and captions
inline const wxColour kChartGrid(0xE4, 0xE4, 0xE4); ///< grid lines
inline const wxColour kChartText(0x22, 0x22, 0x22); ///< titles, labels and values

/// Text and lines on a chart's graphics context, in the default GUI font.
struct ChartPainter {
    wxGraphicsContext& gc;
    wxFont font = wxSystemSettings::GetFont(wxSYS_DEFAULT_GUI_FONT);

    /// The width of `s` in the font last set (text() sets the plain one back).
    double text_w(const wxString& s) const {
        double w = 0, h = 0;
        gc.GetTextExtent(s, &w, &h);
        return w;
    }
    /// The height of a line of text.
    double text_h() const {
        double w = 0, h = 0;
        gc.GetTextExtent("Ag", &w, &h);
        return h;
    }
    /// Where `s` would lie drawn with its top left at (x, y).
    wxRect text_rect(const wxString& s, double x, double y) const {
        return wxRect(static_cast<int>(std::floor(x)), static_cast<int>(std::floor(y)),
                      static_cast<int>(std::ceil(text_w(s))),
                      static_cast<int>(std::ceil(text_h())));
    }
    /// Draws `s` with its top left at (x, y); returns where it went.
    wxRect text(const wxString& s, double x, double y, const wxColour& c = kChartText,
                bool bold = false) {
        gc.SetFont(bold ? font.Bold() : font, c);
        const wxRect r = text_rect(s, x, y);
        gc.DrawText(s, x, y);
        gc.SetFont(font, kChartText);
        return r;
    }
    /// `s` cut with "…" to fit `w` pixels.
    wxString fit(wxString s, double w) const {
        if (text_w(s) <= w)
            return s;
        while (s.length() > 1 && text_w(s + wxString::FromUTF8("…")) > w)
            s.RemoveLast();
        return s + wxString::FromUTF8("…");
    }
    /// `s` in at most two lines of `w` pixels (broken at a space; the second cut with "…").
    std::vector<wxString> lines(const wxString& s, double w, bool bold = false) const {
        gc.SetFont(bold ? font.Bold() : font, kChartText);
        std::vector<wxString> out;
        if (text_w(s) <= w) {
            out.push_back(s);
        } else {
            std::size_t cut = wxString::npos;
            for (std::size_t i = s.length(); i-- > 1;)
                if (s[i] == ' ' && text_w(s.Left(i)) <= w) {
                    cut = i;
                    break;
                }
            if (cut == wxString::npos) {
                out.push_back(fit(s, w));
            } else {
                out.push_back(s.Left(cut));
                out.push_back(fit(s.Mid(cut + 1), w));
            }
        }
        gc.SetFont(font, kChartText);
        return out;
    }
    /// `s` in at most `max_lines` lines of `w` pixels, broken at spaces; the last line (or a
    /// word wider than `w`, which ends the text) cut with "…".
    std::vector<wxString> wrap(const wxString& s, double w, std::size_t max_lines) const {
        const wxArrayString words = wxSplit(s, ' ', '\0');
        std::vector<wxString> out;
        std::size_t i = 0;
        auto rest = [&] {
            wxString r;
            for (std::size_t k = i; k < words.size(); ++k)
                r += (k > i ? " " : "") + words[k];
            return r;
        };
        while (i < words.size()) {
            if (out.size() + 1 >= max_lines || text_w(words[i]) > w) {
                out.push_back(fit(rest(), w));
                break;
            }
            wxString l = words[i++];
            while (i < words.size() && text_w(l + " " + words[i]) <= w)
                l += " " + words[i++];
            out.push_back(l);
        }
        return out;
    }
    /// A straight line from (x0, y0) to (x1, y1).
    void line(double x0, double y0, double x1, double y1, const wxColour& c, double width = 1,
              wxPenStyle style = wxPENSTYLE_SOLID) {
        gc.SetPen(wxPen(c, static_cast<int>(std::lround(width)), style));
        gc.StrokeLine(x0, y0, x1, y1);
    }
};

} // namespace vs::app
