#pragma once
// Menu accelerators that work whatever has the keyboard focus. On GTK a focused list or tree
// view takes keys such as Ctrl+N (its "move down" binding) before the window's menu
// accelerators see them; routing the menu's keys through wxEVT_CHAR_HOOK of the frame, which
// comes first, makes every accelerator in the menus work from every focus.

class wxFrame;
class wxKeyEvent;

namespace vs::app {

/// Runs the enabled menu command of `frame` whose accelerator is the key of `key`; false when
/// no menu item has that key (or it is disabled).
bool run_menu_accelerator(wxFrame* frame, const wxKeyEvent& key);

/// Binds wxEVT_CHAR_HOOK of `frame` to run_menu_accelerator. With `in_text_too` false, keys
/// pressed in a text box stay with the text box (its own Ctrl+Z, Ctrl+Y, Alt+Up…).
void route_menu_accelerators(wxFrame* frame, bool in_text_too);

} // namespace vs::app
