#include "app/shell/menu_keys.h"

#include "app/shell/ui_util.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>
#include <wx/accel.h>
#include <wx/button.h>
#include <wx/combobox.h>
#include <wx/display.h>
#include <wx/frame.h>
#include <wx/gbsizer.h>
#include <wx/menu.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/stattext.h>
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

void collect_shortcuts(wxMenu* menu, const std::string& menu_name, std::vector<ShortcutRow>& rows) {
    for (wxMenuItem* item : menu->GetMenuItems()) {
        if (wxMenu* sub = item->GetSubMenu()) {
            collect_shortcuts(sub, menu_name, rows);
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
        rows.push_back({u8(accel->ToString()), u8(label) + " (" + menu_name + " menu)"});
    }
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

std::vector<ShortcutRow> menu_shortcuts(wxMenuBar* bar) {
    std::vector<ShortcutRow> rows;
    if (!bar)
        return rows;
    for (std::size_t m = 0; m < bar->GetMenuCount(); ++m)
        collect_shortcuts(bar->GetMenu(m), u8(bar->GetMenuLabelText(m)), rows);
    return rows;
}

std::vector<ShortcutSection> shortcut_sections(const std::string& help, wxMenuBar* bar) {
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

    // The menus' keys, then the text's own keys that no menu item has.
    std::vector<ShortcutRow> everywhere = menu_shortcuts(bar);
    auto listed = [&](const std::string& key) {
        return std::any_of(everywhere.begin(), everywhere.end(),
                           [&](const ShortcutRow& r) { return key_id(r.key) == key_id(key); });
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

ShortcutsDialog::ShortcutsDialog(wxWindow* parent, const std::vector<ShortcutSection>& sections)
    : wxDialog(parent, wxID_ANY, "Keyboard shortcuts", wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* table = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL,
                                       "keyboard_help");
    // Two columns: every key starts at one x, every description at another.
    auto* grid = new wxGridBagSizer(4, 24);
    const wxFont heading = GetFont().Bold().Larger();
    const wxFont key_font = GetFont().Bold();
    const wxColour note_colour = wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT);
    int row = 0;
    auto text = [&](const std::string& s) {
        return new wxStaticText(table, wxID_ANY, wxControl::EscapeMnemonics(wxs(s)));
    };
    for (const ShortcutSection& section : sections) {
        if (!section.title.empty()) {
            wxStaticText* title = text(section.title);
            title->SetFont(heading);
            grid->Add(title, wxGBPosition(row, 0), wxGBSpan(1, 2), wxTOP, row == 0 ? 0 : 10);
            ++row;
        }
        for (const ShortcutRow& r : section.rows) {
            if (r.key.empty()) {
                wxStaticText* note = text(r.action);
                note->SetForegroundColour(note_colour);
                grid->Add(note, wxGBPosition(row++, 0), wxGBSpan(1, 2), wxLEFT, 12);
                continue;
            }
            wxStaticText* key = text(r.key);
            key->SetFont(key_font);
            key->SetName("shortcut_key");
            wxStaticText* action = text(r.action);
            action->SetName("shortcut_action");
            grid->Add(key, wxGBPosition(row, 0), wxDefaultSpan, wxLEFT, 12);
            grid->Add(action, wxGBPosition(row, 1));
            m_keys.push_back(key);
            m_actions.push_back(action);
            ++row;
        }
    }
    table->SetSizer(grid);
    table->SetScrollRate(0, 10);
    m_table = table;
    fit_table();

    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(table, 1, wxEXPAND | wxALL, 16);
    auto* buttons = new wxStdDialogButtonSizer();
    auto* close = new wxButton(this, wxID_OK, "Close");
    close->SetDefault();
    buttons->AddButton(close);
    buttons->Realize();
    s->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 12);
    SetSizerAndFit(s);
    close->SetFocus();
    // GTK measures some texts anew once they are on screen: size the table again then.
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        e.Skip();
        if (e.IsShown() && fit_table())
            Fit();
    });
}

bool ShortcutsDialog::fit_table() {
    // All of the table when it fits; else as high as the parent window allows, scrolling.
    const wxSize need = m_table->GetSizer()->CalcMin();
    int room = need.y;
    if (wxWindow* top = GetParent() ? wxGetTopLevelParent(GetParent()) : nullptr)
        room = std::min(room, top->GetSize().y - 160);
    const int n = wxDisplay::GetFromWindow(GetParent() ? GetParent() : this);
    const wxRect screen =
        wxDisplay(n == wxNOT_FOUND ? 0u : static_cast<unsigned>(n)).GetClientArea();
    room = std::max(std::min(room, screen.height - 200), 120);
    const int scroll_bar =
        room < need.y ? wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, m_table) : 0;
    const wxSize size(need.x + scroll_bar, room);
    if (size == m_table->GetMinSize())
        return false;
    m_table->SetMinSize(size);
    return true;
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
