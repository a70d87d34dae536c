#pragma once
// Screenshots in the GUI tests without ImageMagick: what a window shows, read from Xvfb's
// memory-mapped frame buffer (xvfb-run -s "-fbdir DIR", VS_XVFB_FBDIR=DIR), where a screen DC
// may return an earlier picture again in one process.

#include "app/shell/ui_util.h"
#include "gui_support.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include <wx/bitmap.h>
#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/image.h>
#include <wx/window.h>

namespace vs::test {

/// The part `r` of the screen as Xvfb keeps it in its memory-mapped frame buffer
/// (`Xvfb -fbdir DIR`: DIR/Xvfb_screen0, an XWD image of 24 or 32 bits per pixel); an invalid image
/// when there is none.
inline wxImage frame_buffer_part(const std::string& fbdir, const wxRect& r) {
    std::ifstream in(fbdir + "/Xvfb_screen0", std::ios::binary);
    std::vector<unsigned char> xwd{std::istreambuf_iterator<char>(in), {}};
    auto field = [&](std::size_t i) { // the header's 32-bit fields, most significant byte first
        const unsigned char* b = xwd.data() + 4 * i;
        return std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8 |
               std::uint32_t(b[3]);
    };
    if (xwd.size() < 100)
        return {};
    const std::uint32_t header = field(0), width = field(4), height = field(5),
                        lsb_first = field(7) == 0, bpp = field(11), line = field(12),
                        colours = field(19);
    const std::size_t start = header + 12u * colours;
    if ((bpp != 32 && bpp != 24) || !lsb_first || r.x < 0 || r.y < 0 ||
        std::uint32_t(r.GetRight()) >= width || std::uint32_t(r.GetBottom()) >= height ||
        xwd.size() < start + std::size_t(line) * height)
        return {};
    wxImage image(r.width, r.height);
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x) {
            const unsigned char* p = xwd.data() + start + std::size_t(line) * (r.y + y) +
                                     std::size_t(bpp / 8) * (r.x + x); // B, G, R
            image.SetRGB(x, y, p[2], p[1], p[0]);
        }
    return image;
}

/// Saves what `w` shows as VS_SHOTS_DIR/NAME.png when that variable is set: read from Xvfb's
/// frame buffer when VS_XVFB_FBDIR names its -fbdir, else back from the X server through a screen
/// DC (this machine has no ImageMagick import, which test::shot_of runs; a screen DC may return
/// an earlier picture).
inline void grab(const std::string& name, wxWindow* w) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(300);
    w->Update();
    pump(100);
    const wxRect r = w->GetScreenRect();
    const std::string file = std::string(dir) + "/" + name + ".png";
    if (const char* fbdir = std::getenv("VS_XVFB_FBDIR"); fbdir && *fbdir) {
        const wxImage image = frame_buffer_part(fbdir, r);
        BOOST_TEST(image.IsOk(), "no frame buffer in " << fbdir);
        BOOST_TEST(image.SaveFile(app::wxs(file), wxBITMAP_TYPE_PNG));
        return;
    }
    wxBitmap bmp(r.width, r.height, 24);
    {
        wxScreenDC screen;
        wxMemoryDC mem(bmp);
        mem.Blit(0, 0, r.width, r.height, &screen, r.x, r.y);
    }
    BOOST_TEST(bmp.SaveFile(app::wxs(file), wxBITMAP_TYPE_PNG));
}

} // namespace vs::test
