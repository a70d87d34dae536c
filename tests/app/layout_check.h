#pragma once
// A layout check for the GUI tests: walks the shown window tree under a window and returns what
// a person would see as broken, one finding per line, each naming the control and the chain of
// its parents so that it can be found:
//   - a label, button, check box, radio button, choice or link narrower (or lower) than its
//     text needs (its actual size against its best size, 1 px tolerance);
//   - a list column (report-mode wxListCtrl, wxDataViewCtrl) narrower than its header's text,
//     or whose right edge lies past the list's visible width (a column off screen);
//   - two shown sibling controls that carry text (labels, buttons, check boxes, text boxes,
//     choices…) overlapping each other;
//   - a shown control reaching past its parent's visible area (for a scrolled parent, past
//     what can be scrolled to), and a text in a scrolled window past its visible width;
//   - an empty one-line text box (or search box, or combo box) too narrow for its hint.
// Custom-drawn windows (the charts) are plain windows without text children: only their place
// in their parent is checked, not what they draw.

#include "app/shell/ui_util.h"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>
#include <wx/anybutton.h>
#include <wx/arrstr.h>
#include <wx/bookctrl.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/collpane.h>
#include <wx/combobox.h>
#include <wx/control.h>
#include <wx/dataview.h>
#include <wx/frame.h>
#include <wx/hyperlink.h>
#include <wx/listctrl.h>
#include <wx/radiobox.h>
#include <wx/radiobut.h>
#include <wx/scrolwin.h>
#include <wx/splitter.h>
#include <wx/srchctrl.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>
#include <wx/toolbar.h>
#include <wx/toplevel.h>
#include <wx/window.h>

namespace vs::test {

namespace layout_detail {

inline std::string describe_one(const wxWindow* w) {
    std::string s = app::u8(w->GetClassInfo()->GetClassName());
    wxString label = w->GetLabel();
    if (!label.empty()) {
        label.Replace("\n", " ");
        if (label.length() > 48)
            label = label.Left(47) + wxString::FromUTF8("…");
        s += " \"" + app::u8(label) + "\"";
    }
    static const char* const default_names[] = {
        "panel",      "frame",           "dialog",     "staticText",     "button",
        "checkbox",   "radioButton",     "choice",     "comboBox",       "text",
        "listCtrl",   "dataviewCtrl",    "splitter",   "notebook",       "book",
        "groupBox",   "hyperlink",       "toggle",     "scrolledWindow", "statusBar",
        "staticBox",  "collapsiblePane", "wxSpinCtrl", "datectrl",       "radioBox",
        "simplebook", "wxSearchCtrl",    "searchCtrl", "staticBitmap",   "control"};
    const std::string name = app::u8(w->GetName());
    if (!name.empty() && std::find(std::begin(default_names), std::end(default_names), name) ==
                             std::end(default_names))
        s += " [" + name + "]";
    return s;
}

/// The control, then " in " its parents up to (and including) the top-level window.
inline std::string describe(const wxWindow* w) {
    std::string s = describe_one(w);
    const wxRect r = w->GetScreenRect();
    s += " at (" + std::to_string(r.x) + "," + std::to_string(r.y) + " " + std::to_string(r.width) +
         "x" + std::to_string(r.height) + ")";
    std::string chain;
    for (const wxWindow* p = w->GetParent(); p; p = p->GetParent()) {
        chain += (chain.empty() ? "" : " < ") + describe_one(p);
        if (p->IsTopLevel())
            break;
    }
    if (!chain.empty())
        s += " in " + chain;
    return s;
}

inline std::string size_text(wxSize s) {
    return std::to_string(s.x) + "x" + std::to_string(s.y);
}

/// Controls whose text a person reads: two of them must not overlap.
inline bool carries_text(const wxWindow* w) {
    return dynamic_cast<const wxStaticText*>(w) || dynamic_cast<const wxAnyButton*>(w) ||
           dynamic_cast<const wxCheckBox*>(w) || dynamic_cast<const wxRadioButton*>(w) ||
           dynamic_cast<const wxTextCtrl*>(w) || dynamic_cast<const wxChoice*>(w) ||
           dynamic_cast<const wxComboBox*>(w) || dynamic_cast<const wxHyperlinkCtrl*>(w) ||
           dynamic_cast<const wxRadioBox*>(w) || dynamic_cast<const wxListCtrl*>(w) ||
           dynamic_cast<const wxDataViewCtrl*>(w) ||
           (dynamic_cast<const wxControl*>(w) && !dynamic_cast<const wxStaticBox*>(w) &&
            !dynamic_cast<const wxBookCtrlBase*>(w) && !w->GetLabel().empty());
}

/// The walk looks inside plain windows (panels, scrolled windows, splitters) and inside the
/// controls made to hold other windows (books, static boxes, collapsible panes). Every other
/// control (wxSpinCtrl, wxDatePickerCtrl, wxSearchCtrl, wxListCtrl, wxDataViewCtrl, wxComboCtrl…)
/// is one thing to a person: its inner windows are its own business and are not walked.
inline bool walk_inside(const wxWindow* w) {
    if (!dynamic_cast<const wxControl*>(w))
        return true;
    return dynamic_cast<const wxBookCtrlBase*>(w) || dynamic_cast<const wxStaticBox*>(w) ||
           dynamic_cast<const wxCollapsiblePane*>(w);
}

/// The room GTK's theme (Adwaita) keeps around a button's label so that the text stays inside
/// the button's frame: 9 px of padding and a 1 px border on each side.
constexpr int button_chrome = 20;
/// GTK draws a button as an empty box when it is not wider than its frame (34 px of margin,
/// border and padding: "Negative content width" in its log), however short the label; 36 px
/// is the narrowest at which a label was seen drawn.
constexpr int button_min_width = 36;

/// The width the control needs to show its text in full (its best width), and the height.
/// A closed choice or combo box shows its selection only (its drop-down list is drawn as wide
/// as its items need), so it needs the room of its selection plus its frame and arrow, not the
/// room of its longest item.
inline wxSize needed_size(wxWindow* w) {
    const wxSize best = w->GetBestSize();
    auto* items = dynamic_cast<wxItemContainerImmutable*>(w);
    if (items && (dynamic_cast<wxChoice*>(w) || dynamic_cast<wxComboBox*>(w))) {
        int widest = 0;
        for (unsigned i = 0; i < items->GetCount(); ++i)
            widest = std::max(widest, w->GetTextExtent(items->GetString(i)).x);
        wxString shown = items->GetStringSelection();
        if (auto* combo = dynamic_cast<wxComboBox*>(w))
            shown = combo->GetValue().empty() ? combo->GetHint() : combo->GetValue();
        const int chrome = std::max(0, best.x - widest);
        return wxSize(std::min(best.x, chrome + w->GetTextExtent(shown).x), best.y);
    }
    // A button's best width is at least the platform's default button width (80 px under
    // GTK), which is there for looks: a "1" in a 40 px button is not cut. What the label needs
    // is its text and the theme's padding (a button with an image needs its full best size).
    if (auto* button = dynamic_cast<wxAnyButton*>(w); button && !button->GetBitmap().IsOk())
        return wxSize(
            std::min(best.x, std::max(button_min_width,
                                      w->GetTextExtent(button->GetLabelText()).x + button_chrome)),
            best.y);
    return best;
}

/// GTK wraps a label narrower than its text at word boundaries, so a label given less width
/// than its best still shows all its text when the wrapped lines fit in its height. True when
/// they do: each of the label's lines wrapped greedily at its width (a word wider than the
/// label is cut) gives no more lines than its height holds.
inline bool rewrapped_text_fits(wxStaticText* t) {
    const wxSize size = t->GetSize();
    const wxArrayString lines = wxSplit(t->GetLabelText(), '\n', '\0');
    if (lines.empty())
        return true;
    const int line_height = t->GetBestSize().y / static_cast<int>(lines.size());
    if (line_height <= 0)
        return false;
    int wrapped = 0;
    for (const wxString& line : lines) {
        wxString current;
        ++wrapped;
        for (const wxString& word : wxSplit(line, ' ', '\0')) {
            if (t->GetTextExtent(word).x > size.x + 1)
                return false;
            const wxString longer = current.empty() ? word : current + " " + word;
            if (t->GetTextExtent(longer).x > size.x + 1) {
                ++wrapped;
                current = word;
            } else {
                current = longer;
            }
        }
    }
    return wrapped * line_height <= size.y + 1;
}

/// GTK's entry keeps 8 px of padding and a 1 px border on each side of its text; a search
/// entry adds its magnifier (16 px and 6 px of spacing) and the room of the clear icon's side.
/// Measured: the placeholder text is cut ("shop…") 3 px below these.
constexpr int entry_chrome = 18;
constexpr int search_chrome = 40;

/// The hint (placeholder) an empty one-line text box shows, and the room it needs in full;
/// an empty string when there is none to check.
inline wxString hint_of(wxWindow* w, int& need) {
    wxString hint;
    int chrome = 0;
    if (auto* search = dynamic_cast<wxSearchCtrl*>(w); search && search->GetValue().empty()) {
        hint = search->GetDescriptiveText();
        chrome = search_chrome;
    } else if (auto* text = dynamic_cast<wxTextCtrl*>(w);
               text && !text->IsMultiLine() && text->GetValue().empty()) {
        hint = text->GetHint();
        chrome = entry_chrome;
    }
    need = hint.empty() ? 0 : w->GetTextExtent(hint).x + chrome;
    return hint;
}

/// Controls checked for having their best size.
inline bool sized_to_text(const wxWindow* w) {
    if (auto* t = dynamic_cast<const wxStaticText*>(w))
        return !t->GetLabel().empty() && !t->HasFlag(wxST_ELLIPSIZE_START) &&
               !t->HasFlag(wxST_ELLIPSIZE_MIDDLE) && !t->HasFlag(wxST_ELLIPSIZE_END) &&
               !t->HasFlag(wxST_NO_AUTORESIZE);
    if (dynamic_cast<const wxAnyButton*>(w) || dynamic_cast<const wxCheckBox*>(w) ||
        dynamic_cast<const wxRadioButton*>(w) || dynamic_cast<const wxHyperlinkCtrl*>(w) ||
        dynamic_cast<const wxRadioBox*>(w))
        return !w->GetLabel().empty();
    return dynamic_cast<const wxChoice*>(w) || dynamic_cast<const wxComboBox*>(w);
}

/// The room a column header needs around its text (the header's padding and separator).
constexpr int header_margin = 16;

inline void check_columns(wxWindow* w, std::vector<std::string>& out) {
    struct Column {
        wxString title;
        int width;
    };
    std::vector<Column> columns;
    int visible_width = w->GetClientSize().x;
    if (auto* list = dynamic_cast<wxListCtrl*>(w); list && list->InReportView()) {
        for (int i = 0; i < list->GetColumnCount(); ++i) {
            wxListItem item;
            item.SetMask(wxLIST_MASK_TEXT | wxLIST_MASK_WIDTH);
            list->GetColumn(i, item);
            columns.push_back({item.GetText(), list->GetColumnWidth(i)});
        }
        // The generic list draws its rows in an inner window that loses the width of a
        // vertical scroll bar: the narrowest of the inner windows is what can be seen.
        for (const wxWindow* c : w->GetChildren())
            if (c->IsShown() && c->GetClientSize().x > 0)
                visible_width = std::min(visible_width, c->GetClientSize().x);
    } else if (auto* dv = dynamic_cast<wxDataViewCtrl*>(w)) {
        for (unsigned i = 0; i < dv->GetColumnCount(); ++i) {
            const wxDataViewColumn* col = dv->GetColumn(i);
            if (col->IsHidden())
                continue;
            columns.push_back({col->GetTitle(), col->GetWidth()});
        }
    } else {
        return;
    }
    int right = 0;
    for (const Column& c : columns) {
        if (c.width <= 0) // a column hidden by giving it no width
            continue;
        right += c.width;
        const int need = c.title.empty() ? 0 : w->GetTextExtent(c.title).x + header_margin;
        if (c.width + 1 < need)
            out.push_back("column \"" + app::u8(c.title) + "\" is " + std::to_string(c.width) +
                          " px wide, its header needs " + std::to_string(need) +
                          " px: " + describe(w));
        if (right > visible_width + 1)
            out.push_back("column \"" + app::u8(c.title) + "\" ends at " + std::to_string(right) +
                          " px, past the list's visible width " + std::to_string(visible_width) +
                          " px (off screen): " + describe(w));
    }
}

/// The area a child of `parent` may cover, in the parent's client coordinates, and the
/// child's rectangle in the same coordinates (for a scrolled parent: the scrollable area, and
/// the child's unscrolled place).
inline void room_in_parent(wxWindow* parent, wxWindow* child, wxRect& room, wxRect& rect) {
    rect = child->GetRect();
    // wxGTK reports a notebook page's position in the notebook's parent's coordinates (GTK
    // places the pages itself): measure it on screen instead.
    if (dynamic_cast<wxBookCtrlBase*>(parent))
        rect.SetPosition(parent->ScreenToClient(child->GetScreenPosition()));
    room = wxRect(wxPoint(0, 0), parent->GetClientSize());
    if (auto* scroll = dynamic_cast<wxScrollHelperBase*>(parent);
        scroll && scroll->GetTargetWindow() == parent) {
        int ux = 0, uy = 0;
        scroll->GetScrollPixelsPerUnit(&ux, &uy);
        rect.SetPosition(scroll->CalcUnscrolledPosition(rect.GetPosition()));
        const wxSize virt = parent->GetVirtualSize();
        // Only a direction that scrolls makes more room than is shown.
        if (ux > 0)
            room.width = std::max(room.width, virt.x);
        if (uy > 0)
            room.height = std::max(room.height, virt.y);
    }
}

/// The screen columns a scrolled window shows (`left` to `right`, inclusive), for the texts
/// inside it: a form is read downwards, and GTK's overlay scroll bars do not even show that it
/// scrolls sideways, so text that can only be reached by scrolling sideways is cut to a person.
/// Pictures and charts may still be wider than the window (they are not texts).
struct Sideways {
    int left = std::numeric_limits<int>::min();
    int right = std::numeric_limits<int>::max();
    const wxWindow* scroller = nullptr;
};

inline void walk(wxWindow* w, std::vector<std::string>& out, Sideways seen = {}) {
    if (auto* scroll = dynamic_cast<wxScrollHelperBase*>(w);
        scroll && scroll->GetTargetWindow() == w) {
        const wxRect r(w->ClientToScreen(wxPoint(0, 0)), w->GetClientSize());
        seen.left = std::max(seen.left, r.GetLeft());
        seen.right = std::min(seen.right, r.GetRight());
        seen.scroller = w;
    }
    // A frame places its status bar and tool bar outside its client area, where they belong.
    const bool frame = dynamic_cast<wxFrame*>(w) != nullptr;
    std::vector<wxWindow*> shown;
    for (wxWindow* c : w->GetChildren())
        if (!c->IsTopLevel() && c->IsShownOnScreen() &&
            !(frame && (dynamic_cast<wxStatusBar*>(c) || dynamic_cast<wxToolBar*>(c))))
            shown.push_back(c);

    for (wxWindow* c : shown) {
        const wxSize size = c->GetSize();
        if (sized_to_text(c)) {
            const wxSize need = needed_size(c);
            auto* label = dynamic_cast<wxStaticText*>(c);
            if ((size.x + 1 < need.x || size.y + 1 < need.y) &&
                !(label && rewrapped_text_fits(label)))
                out.push_back("too small for its text: " + size_text(size) + " shown, " +
                              size_text(need) + " needed: " + describe(c));
        } else if (carries_text(c) && (size.x <= 1 || size.y <= 1) &&
                   !(dynamic_cast<wxStaticText*>(c) && c->GetLabel().empty())) {
            // (an empty label, a place kept for a message to come, shows nothing to cut)
            out.push_back("shown without room: " + size_text(size) + ": " + describe(c));
        }
        check_columns(c, out);
        if (seen.scroller && carries_text(c) && size.x > 0) {
            const wxRect r = c->GetScreenRect();
            if (r.GetLeft() < seen.left - 1 || r.GetRight() > seen.right + 1)
                out.push_back("past the visible width of " + describe_one(seen.scroller) +
                              " (screen x " + std::to_string(seen.left) + " to " +
                              std::to_string(seen.right) +
                              "), only reached by scrolling "
                              "sideways: " +
                              describe(c));
        }
        int hint_need = 0;
        if (const wxString hint = hint_of(c, hint_need); !hint.empty() && size.x + 1 < hint_need)
            out.push_back("hint \"" + app::u8(hint) + "\" cut: " + std::to_string(size.x) +
                          " px wide, " + std::to_string(hint_need) + " px needed: " + describe(c));

        wxRect room, rect;
        room_in_parent(w, c, room, rect);
        if (size.x > 0 && size.y > 0 && !room.Contains(rect) &&
            (rect.GetLeft() < room.GetLeft() - 1 || rect.GetTop() < room.GetTop() - 1 ||
             rect.GetRight() > room.GetRight() + 1 || rect.GetBottom() > room.GetBottom() + 1))
            out.push_back("past its parent's visible area: at " + std::to_string(rect.x) + "," +
                          std::to_string(rect.y) + " size " + size_text(size) + " in " +
                          size_text(room.GetSize()) + ": " + describe(c));
    }

    // Two siblings covering each other hide part of one another: texts, but also a panel of
    // texts or a chart drawn over by another window. A static box surrounds its siblings by
    // design.
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (dynamic_cast<wxStaticBox*>(shown[i]))
            continue;
        for (std::size_t j = i + 1; j < shown.size(); ++j) {
            if (dynamic_cast<wxStaticBox*>(shown[j]))
                continue;
            const wxRect both = shown[i]->GetRect().Intersect(shown[j]->GetRect());
            if (both.width > 1 && both.height > 1)
                out.push_back("overlap of " + std::to_string(both.width) + "x" +
                              std::to_string(both.height) + " px: " + describe(shown[i]) + " and " +
                              describe_one(shown[j]));
        }
    }

    for (wxWindow* c : shown)
        if (walk_inside(c))
            walk(c, out, seen);
}

} // namespace layout_detail

/// What is cut off, too narrow, overlapping or off screen under `root` (which must be shown);
/// empty when the layout is sound.
inline std::vector<std::string> layout_problems(wxWindow* root) {
    std::vector<std::string> out;
    if (root && root->IsShownOnScreen())
        layout_detail::walk(root, out);
    return out;
}

} // namespace vs::test
