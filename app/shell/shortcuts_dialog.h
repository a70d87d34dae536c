#pragma once
// Help ▸ Keyboard shortcuts: the table of keys (menu_keys.h gathers them from the menus and the
// help text).

#include "app/shell/menu_keys.h"

#include <vector>
#include <wx/dialog.h>

class wxStaticText;

namespace vs::app {

/// Help ▸ Keyboard shortcuts: the keys and what they do in two aligned columns, with a
/// heading per section; as high as the parent window allows (it scrolls beyond), closed by
/// Escape, Enter or its Close button.
class ShortcutsDialog : public wxDialog {
  public:
    ShortcutsDialog(wxWindow* parent, const std::vector<ShortcutSection>& sections);
    /// The cells of the table's first and second column, row by row (notes have no key cell).
    const std::vector<wxStaticText*>& key_cells() const { return m_keys; }
    const std::vector<wxStaticText*>& action_cells() const { return m_actions; }

  private:
    /// Sizes the table to its rows (within the parent's height); true when that changed it.
    bool fit_table();

    wxWindow* m_table = nullptr;
    std::vector<wxStaticText*> m_keys;
    std::vector<wxStaticText*> m_actions;
};

} // namespace vs::app
