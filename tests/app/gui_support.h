#pragma once
// Shared by the GUI tests: pumping events, pressing keys and clicking as a person does, and a
// fixture that opens the real main window on a temporary demo database.

#include "app/shell/main_frame.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/tglbtn.h>

namespace vs::test {

/// Runs the event loop for about `ms` milliseconds.
inline void pump(int ms = 30) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    do {
        wxTheApp->Yield(true);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } while (std::chrono::steady_clock::now() < end);
}

/// Sends a key to a window as a person's key press reaches it (wxEVT_CHAR_HOOK goes up from
/// the focused window to the page).
inline void press(wxWindow* w, int key) {
    wxKeyEvent e(wxEVT_CHAR_HOOK);
    e.m_keyCode = key;
    e.m_uniChar = key;
    e.SetEventObject(w);
    w->GetEventHandler()->ProcessEvent(e);
}

/// Clicks a toggle button.
inline void toggle(wxToggleButton* b) {
    b->SetValue(!b->GetValue());
    wxCommandEvent e(wxEVT_TOGGLEBUTTON, b->GetId());
    e.SetEventObject(b);
    e.SetInt(b->GetValue());
    b->ProcessWindowEvent(e);
}

/// Clicks a check box.
inline void check(wxCheckBox* c) {
    c->SetValue(!c->GetValue());
    wxCommandEvent e(wxEVT_CHECKBOX, c->GetId());
    e.SetEventObject(c);
    e.SetInt(c->GetValue());
    c->ProcessWindowEvent(e);
}

/// Every window of type T under `w`, depth first.
template <class T> std::vector<T*> all_of(wxWindow* w) {
    std::vector<T*> found;
    for (wxWindow* c : w->GetChildren()) {
        if (auto* t = dynamic_cast<T*>(c))
            found.push_back(t);
        for (T* t : all_of<T>(c))
            found.push_back(t);
    }
    return found;
}

/// The shown button labelled `label` under `w`, or null.
inline wxButton* shown_button(wxWindow* w, const wxString& label) {
    for (wxButton* b : all_of<wxButton>(w))
        if (b->IsShownOnScreen() && b->GetLabel() == label)
            return b;
    return nullptr;
}

/// Whether `w` lies inside `outer` on screen (to a pixel).
inline bool inside(wxWindow* w, wxWindow* outer) {
    const wxRect r = w->GetScreenRect(), o = outer->GetScreenRect();
    return r.x >= o.x && r.y >= o.y && r.GetRight() <= o.GetRight() + 1 &&
           r.GetBottom() <= o.GetBottom() + 1;
}

/// Saves the part of the screen that `w` covers as VS_SHOTS_DIR/NAME.png when that variable
/// is set (ImageMagick reads what the X server shows: a screen DC may return a stale copy).
inline void shot_of(const std::string& name, wxWindow* w) {
    const char* dir = std::getenv("VS_SHOTS_DIR");
    if (!dir || !*dir)
        return;
    pump(250);
    w->Update();
    pump(100);
    const wxRect r = w->GetScreenRect();
    const std::string cmd = "import -window root -crop " + std::to_string(r.width) + "x" +
                            std::to_string(r.height) + "+" + std::to_string(r.x) + "+" +
                            std::to_string(r.y) + " +repage '" + dir + "/" + name + ".png'";
    BOOST_TEST(std::system(cmd.c_str()) == 0, cmd);
}

/// The main window on a temporary database with the bundled scorecards and 300 demo visits.
struct FrameFixture {
    TempDir dir;
    std::string db = dir.path("gui.db");
    app::MainFrame* frame = nullptr;
    FrameFixture() {
        {
            storage::SqliteStore s(db);
            fill_demo(s, 300);
        }
        frame = new app::MainFrame(db);
        frame->SetSize(1280, 800);
        frame->Show();
        pump(100);
    }
    ~FrameFixture() {
        if (frame)
            frame->Destroy();
        pump(50);
    }
};

} // namespace vs::test
