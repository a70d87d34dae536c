#pragma once
// Shared by the GUI tests: pumping events, pressing keys and clicking as a person does, and a
// fixture that opens the real main window on a temporary demo database.

#include "test_support.h"

#include "app/main_frame.h"

#include <wx/app.h>
#include <wx/checkbox.h>
#include <wx/tglbtn.h>

#include <chrono>
#include <thread>

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
