#pragma once
// Menu accelerators that work whatever has the keyboard focus. On GTK a focused list or tree
// view takes keys such as Ctrl+N (its "move down" binding) before the window's menu
// accelerators see them; routing the menu's keys through wxEVT_CHAR_HOOK of the frame, which
// comes first, makes every accelerator in the menus work from every focus.

#include <functional>
#include <string>
#include <vector>

class wxFrame;
class wxKeyEvent;
class wxMenuBar;

namespace vs::app {

/// Runs the enabled menu command of `frame` whose accelerator is the key of `key`; false when
/// no menu item has that key (or it is disabled).
bool run_menu_accelerator(wxFrame* frame, const wxKeyEvent& key);

/// Binds wxEVT_CHAR_HOOK of `frame` to run_menu_accelerator. With `in_text_too` false, keys
/// pressed in a text box stay with the text box (its own Ctrl+Z, Ctrl+Y, Alt+Up…).
void route_menu_accelerators(wxFrame* frame, bool in_text_too);

/// One line of the keyboard help: a key and what it does. A line without a key is a note
/// under the keys before it.
struct ShortcutRow {
    std::string key;
    std::string action;
};

struct ShortcutSection {
    std::string title;
    std::vector<ShortcutRow> rows;
};

/// Whether the person working may use the menu command with this id (the window's own rule
/// that greys the item out); an empty one allows every command.
using MenuAllows = std::function<bool(int id)>;

/// Every menu item of `bar` that has an accelerator and that `allows` lets the person use:
/// "Ctrl+N", "New visit (File menu)".
std::vector<ShortcutRow> menu_shortcuts(wxMenuBar* bar, const MenuAllows& allows = {});

/// The keyboard help as a table. `help` is text in sections: a title line, then lines
/// "  key<TAB>what it does" (a line "  <TAB>more" continues the one before, a line without a tab
/// is a note). The section "Everywhere" lists the accelerators of `bar` that `allows` lets the
/// person use (the menus' keys work from every focus), then the keys of the text's own
/// "Everywhere" that no menu item has (a key of a command the person may not use is left out,
/// whichever of the two names it).
std::vector<ShortcutSection> shortcut_sections(const std::string& help, wxMenuBar* bar,
                                               const MenuAllows& allows = {});

} // namespace vs::app
