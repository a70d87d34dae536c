#pragma once
// A multi-line text box that keeps its text buffer while its window is frozen.
//
// wxGTK's wxTextCtrl swaps a multi-line box's GtkTextBuffer for an empty one whenever it is
// frozen (Freeze() on any of its parents freezes it too) and puts it back when thawed, a speed-up
// for inserting much text. With each swap wx 3.2 keeps raw pointers to the text view's anonymous
// marks and deletes them from the real buffer at the next freeze; GTK frees those marks at the
// swap, so the pointers may name marks of the other buffer by then. The text view is left with a
// mark that no buffer holds, and GTK crashes on it later (in gtk_text_layout_cursors_changed or
// _gtk_text_btree_find_line_top), e.g. when a modal dialog disables every window. The app's text
// boxes hold a few sentences: they gain nothing from the swap. This one freezes its drawing only
// (wxWindow's freeze of the box's outer widget), and thaws what it froze.

#include <wx/textctrl.h>

namespace vs::app {

class SteadyTextCtrl : public wxTextCtrl {
  public:
    // Created here, not by wxTextCtrl's constructor: a box made inside a frozen window is frozen
    // while it is created, and only this constructor's Create() calls this class's DoFreeze().
    SteadyTextCtrl(wxWindow* parent, wxWindowID id, const wxString& value, const wxPoint& pos,
                   const wxSize& size, long style) {
        Create(parent, id, value, pos, size, style);
    }
    // Thawed here, by this class's DoThaw(): wxTextCtrl's destructor thaws a box still frozen
    // (one destroyed inside a frozen window) with its own DoThaw(), which would put back and
    // release a buffer this class never took away, freeing it under the text view.
    ~SteadyTextCtrl() override {
        while (IsFrozen())
            Thaw();
    }

  protected:
#ifdef __WXGTK__
    void DoFreeze() override {
        wxWindow::DoFreeze();
    }
    void DoThaw() override {
        wxWindow::DoThaw();
    }
#endif
};

} // namespace vs::app
