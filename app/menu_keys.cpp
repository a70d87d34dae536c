#include "app/menu_keys.h"

#include <wx/accel.h>
#include <wx/combobox.h>
#include <wx/frame.h>
#include <wx/menu.h>
#include <wx/textctrl.h>

#include <memory>

namespace vs::app {
namespace {

constexpr int kModifiers = wxMOD_ALT | wxMOD_CONTROL | wxMOD_SHIFT;

/// The menu item whose accelerator is `key`, searched through `menu` and its submenus.
wxMenuItem* find_accelerator(wxMenu* menu, int code, int modifiers) {
    for (wxMenuItem* item : menu->GetMenuItems()) {
        if (wxMenu* sub = item->GetSubMenu()) {
            if (wxMenuItem* found = find_accelerator(sub, code, modifiers))
                return found;
            continue;
        }
        if (item->IsSeparator())
            continue;
        std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
        if (!accel)
            continue;
        int a = accel->GetKeyCode();
        if (a >= 'a' && a <= 'z')
            a -= 'a' - 'A';
        // wxACCEL_ALT/CTRL/SHIFT have the values of wxMOD_ALT/CONTROL/SHIFT.
        if (a == code && (accel->GetFlags() & kModifiers) == modifiers)
            return item;
    }
    return nullptr;
}

} // namespace

bool run_menu_accelerator(wxFrame* frame, const wxKeyEvent& key) {
    wxMenuBar* bar = frame->GetMenuBar();
    if (!bar)
        return false;
    int code = key.GetKeyCode();
    if (code >= 'a' && code <= 'z')
        code -= 'a' - 'A';
    const int modifiers = key.GetModifiers() & kModifiers;
    if (modifiers == 0 && !(code >= WXK_F1 && code <= WXK_F24))
        return false; // plain keys belong to the focused control
    for (std::size_t m = 0; m < bar->GetMenuCount(); ++m) {
        wxMenuItem* item = find_accelerator(bar->GetMenu(m), code, modifiers);
        if (!item)
            continue;
        // The item's state as the menu would show it now.
        wxUpdateUIEvent update(item->GetId());
        update.SetEventObject(frame);
        frame->ProcessWindowEvent(update);
        if ((update.GetSetEnabled() && !update.GetEnabled()) || !item->IsEnabled())
            return false;
        wxCommandEvent run(wxEVT_MENU, item->GetId());
        run.SetEventObject(frame);
        frame->ProcessWindowEvent(run);
        return true;
    }
    return false;
}

void route_menu_accelerators(wxFrame* frame, bool in_text_too) {
    frame->Bind(wxEVT_CHAR_HOOK, [frame, in_text_too](wxKeyEvent& e) {
        if (!in_text_too) {
            wxWindow* focus = wxWindow::FindFocus();
            if (dynamic_cast<wxTextCtrl*>(focus) || dynamic_cast<wxComboBox*>(focus)) {
                e.Skip();
                return;
            }
        }
        if (!run_menu_accelerator(frame, e))
            e.Skip();
    });
}

} // namespace vs::app
