#include "app/shell/shortcuts_dialog.h"

#include "app/shell/ui_util.h"

#include <algorithm>
#include <wx/button.h>
#include <wx/display.h>
#include <wx/gbsizer.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/stattext.h>

namespace vs::app {

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

} // namespace vs::app
