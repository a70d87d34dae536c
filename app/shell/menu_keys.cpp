#include "app/shell/menu_keys.h"

#include "app/shell/ui_util.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>
#include <wx/accel.h>
#include <wx/combobox.h>
#include <wx/frame.h>
#include <wx/menu.h>
#include <wx/textctrl.h>

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

/// The rows of `menu`'s accelerators: those `allows` lets the person use into `rows`, the others
/// into `refused` (when given).
void collect_shortcuts(wxMenu* menu, const std::string& menu_name, const MenuAllows& allows,
                       std::vector<ShortcutRow>& rows, std::vector<ShortcutRow>* refused) {
    for (wxMenuItem* item : menu->GetMenuItems()) {
        if (wxMenu* sub = item->GetSubMenu()) {
            collect_shortcuts(sub, menu_name, allows, rows, refused);
            continue;
        }
        if (item->IsSeparator())
            continue;
        std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
        if (!accel)
            continue;
        wxString label = item->GetItemLabelText();
        for (const wxString& dots : {wxString::FromUTF8("…"), wxString("...")})
            if (label.EndsWith(dots))
                label.RemoveLast(dots.length());
        ShortcutRow row{u8(accel->ToString()), u8(label) + " (" + menu_name + " menu)"};
        if (!allows || allows(item->GetId()))
            rows.push_back(std::move(row));
        else if (refused)
            refused->push_back(std::move(row));
    }
}

/// The accelerators of `bar`, split as collect_shortcuts does.
std::vector<ShortcutRow> bar_shortcuts(wxMenuBar* bar, const MenuAllows& allows,
                                       std::vector<ShortcutRow>* refused) {
    std::vector<ShortcutRow> rows;
    if (!bar)
        return rows;
    for (std::size_t m = 0; m < bar->GetMenuCount(); ++m)
        collect_shortcuts(bar->GetMenu(m), u8(bar->GetMenuLabelText(m)), allows, rows, refused);
    return rows;
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// A key as compared between the menus and the help text: "ctrl+n" for "Ctrl+N".
std::string key_id(const std::string& key) {
    std::string id;
    for (char c : key)
        if (c != ' ')
            id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return id;
}

constexpr const char* kEverywhere = "Everywhere";

} // namespace

std::vector<ShortcutRow> menu_shortcuts(wxMenuBar* bar, const MenuAllows& allows) {
    return bar_shortcuts(bar, allows, nullptr);
}

std::vector<ShortcutSection> shortcut_sections(const std::string& help, wxMenuBar* bar,
                                               const MenuAllows& allows) {
    std::vector<ShortcutSection> sections;
    std::istringstream in(help);
    std::string line;
    while (std::getline(in, line)) {
        if (trimmed(line).empty())
            continue;
        if (line[0] != ' ' && line[0] != '\t') {
            sections.push_back({trimmed(line), {}});
            continue;
        }
        if (sections.empty())
            sections.push_back({"", {}});
        std::vector<ShortcutRow>& rows = sections.back().rows;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) {
            rows.push_back({"", trimmed(line)});
            continue;
        }
        ShortcutRow row{trimmed(line.substr(0, tab)), trimmed(line.substr(tab + 1))};
        if (row.key.empty() && !rows.empty() && !rows.back().key.empty())
            rows.back().action += "\n" + row.action; // the line before, continued
        else
            rows.push_back(row);
    }

    // The menus' keys the person may use, then the text's own keys that no menu item has (a
    // key of a menu command the person may not use is not listed from the text either).
    std::vector<ShortcutRow> refused;
    std::vector<ShortcutRow> everywhere = bar_shortcuts(bar, allows, &refused);
    auto has_key = [](const std::vector<ShortcutRow>& rows, const std::string& key) {
        return std::any_of(rows.begin(), rows.end(),
                           [&](const ShortcutRow& r) { return key_id(r.key) == key_id(key); });
    };
    auto listed = [&](const std::string& key) {
        return has_key(everywhere, key) || has_key(refused, key);
    };
    auto own = std::find_if(sections.begin(), sections.end(),
                            [](const ShortcutSection& s) { return s.title == kEverywhere; });
    if (own == sections.end()) {
        sections.push_back({kEverywhere, {}});
        own = sections.end() - 1;
    }
    for (const ShortcutRow& r : own->rows)
        if (r.key.empty() || !listed(r.key))
            everywhere.push_back(r);
    own->rows = std::move(everywhere);
    return sections;
}

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
