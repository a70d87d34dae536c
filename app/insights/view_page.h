#pragma once
// The parts every insights view is built of: ViewPage (a page that scrolls vertically when the
// window is too low), its one-column sizer, headline tiles (Tile) and wrapped notes (NoteLine),
// and the colour of a mean against its target.

#include "scoring/aggregate.h"

#include <initializer_list>
#include <string>
#include <vector>
#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/stattext.h>

class wxFlexGridSizer;
class wxSizer;

namespace vs::app {

/// A headline figure: a caption, a large value and a line under it.
class Tile : public wxPanel {
  public:
    Tile(wxWindow* parent, const wxString& caption);
    void set(const wxString& value, const wxString& sub, const wxColour& colour = *wxBLACK);
    /// The mean with its interval and, under it, the target; coloured against the target.
    void set_mean(const scoring::Measures& m);
    wxString value() const;

  private:
    wxStaticText* m_value;
    wxStaticText* m_sub;
};

/// A line of explanation that wraps to the width it is given (its text is never cut), e.g. why
/// the target of a view mixes scorecards; hidden while empty.
class NoteLine : public wxStaticText {
  public:
    explicit NoteLine(wxWindow* parent);
    void set(const std::string& text);
    const wxString& text() const { return m_text; }

  private:
    void wrap();
    wxString m_text;
    int m_wrapped_at = -1;
};

/// A view page that scrolls vertically when the window is too low for it (its width always
/// fits: the page reflows instead).
class ViewPage : public wxScrolledWindow {
  public:
    explicit ViewPage(wxWindow* parent);
    /// Lays the page out again after its content changed (and the scrollable height).
    void relayout();
};

/// The sizer of a view page: one column whose rows stack; rows made growable share the height
/// left over by every row's minimum (unlike a box sizer, whose proportions raise the minimum).
wxFlexGridSizer* page_column();

/// A row of tiles with these captions, added to `tiles`.
wxSizer* tile_row(wxWindow* parent, std::initializer_list<const char*> captions,
                  std::vector<Tile*>& tiles);

/// Colour of a mean against its target (above, near, below).
wxColour status_colour(const scoring::Measures& m);

} // namespace vs::app
