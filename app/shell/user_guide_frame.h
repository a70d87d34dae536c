#pragma once
// Help ▸ User guide: the guide for shoppers, trainers and reviewers (HTML with screenshots),
// read from the installed documentation or, uninstalled, from the source tree, and shown in a
// window of the app (no browser, no network).

#include <wx/frame.h>

class wxHtmlWindow;

namespace vs::app {

/// The guide's start page: share/visitscore/guide/index.html next to the installed program,
/// else docs/guide/index.html in the source tree; empty when neither exists.
wxString user_guide_path();

/// A window showing the user guide; links inside the guide open in it, pictures in a window
/// of their own.
class UserGuideFrame : public wxFrame {
  public:
    explicit UserGuideFrame(wxWindow* parent);
    wxHtmlWindow* html() const { return m_html; }
    /// The title of the page shown (the guide's <title>), empty when none was found.
    wxString page_title() const;
    /// Opens the picture at `href` (relative to the page shown) at its natural size in a
    /// window of its own, which replaces any picture shown before; null when it cannot be read.
    wxFrame* show_picture(const wxString& href);
    /// The picture window open, if any.
    wxFrame* picture() const;

  private:
    wxHtmlWindow* m_html = nullptr;
};

} // namespace vs::app
