#include "app/shell/user_guide_frame.h"

#include "app/shell/app_icon.h"

#include <algorithm>
#include <memory>
#include <wx/display.h>
#include <wx/filename.h>
#include <wx/filesys.h>
#include <wx/html/htmlwin.h>
#include <wx/image.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stdpaths.h>
#include <wx/utils.h>

namespace vs::app {

wxString user_guide_path() {
    wxFileName installed(wxStandardPaths::Get().GetExecutablePath());
    installed.RemoveLastDir(); // bin
    for (const char* d : {"share", "visitscore", "guide"})
        installed.AppendDir(d);
    installed.SetFullName("index.html");
    if (installed.FileExists())
        return installed.GetFullPath();
#ifdef VS_SOURCE_DIR
    const wxString source = wxString::FromUTF8(VS_SOURCE_DIR) + "/docs/guide/index.html";
    if (wxFileName::FileExists(source))
        return source;
#endif
    return "";
}

namespace {

/// The usable part of the screen that shows `window`.
wxRect work_area(const wxWindow* window) {
    return (window ? wxDisplay(window) : wxDisplay(0u)).GetClientArea();
}

/// One of the guide's pictures at its natural size (one screen pixel per picture pixel),
/// scrolled where it is larger than the screen; Escape closes it.
class PictureFrame : public wxFrame {
  public:
    PictureFrame(wxWindow* parent, const wxString& name, const wxImage& image)
        : wxFrame(parent, wxID_ANY, name + " — VisitScore user guide") {
        SetName("guide_picture");
        SetIcons(app_icons());
        auto* scroll = new wxScrolledWindow(this);
        new wxStaticBitmap(scroll, wxID_ANY, wxBitmap(image));
        scroll->SetVirtualSize(image.GetSize());
        scroll->SetScrollRate(20, 20);
        auto* s = new wxBoxSizer(wxVERTICAL);
        s->Add(scroll, 1, wxEXPAND);
        SetSizer(s);
        const wxRect area = work_area(parent);
        SetClientSize(std::min(image.GetWidth(), area.width),
                      std::min(image.GetHeight(), area.height));
        const wxSize outer = GetSize(); // the decorations may take what the client left
        SetSize(std::min(outer.x, area.width), std::min(outer.y, area.height));
        Move(area.GetTopLeft());
        Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
            if (e.GetKeyCode() == WXK_ESCAPE)
                Close();
            else
                e.Skip();
        });
    }
};

bool is_picture(const wxString& href) {
    const wxString h = href.Lower();
    return h.EndsWith(".png") || h.EndsWith(".jpg") || h.EndsWith(".jpeg") || h.EndsWith(".gif");
}

} // namespace

UserGuideFrame::UserGuideFrame(wxWindow* parent)
    : wxFrame(parent, wxID_ANY, "VisitScore user guide") {
    SetIcons(app_icons());
    // As large as the screen allows, up to a little more than the screenshots' width: the
    // pictures fill the page's width, at (almost) their natural size on a 1280 px screen.
    const wxRect area = work_area(parent);
    SetSize(std::min(1320, area.width), std::min(900, area.height));
    Move(area.GetTopLeft() +
         wxPoint((area.width - GetSize().x) / 2, (area.height - GetSize().y) / 2));
    m_html = new wxHtmlWindow(this, wxID_ANY);
    m_html->SetName("user_guide");
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(m_html, 1, wxEXPAND);
    SetSizer(s);
    const wxString path = user_guide_path();
    if (path.empty() || !m_html->LoadFile(wxFileName(path)))
        m_html->SetPage("<html><body><h2>The user guide is not installed</h2><p>It is looked "
                        "for in share/visitscore/guide next to the program.</p></body></html>");
    // Links to other sites go to the browser; a picture opens at full size in a window of its
    // own; the guide's own pages stay here.
    m_html->Bind(wxEVT_HTML_LINK_CLICKED, [this](wxHtmlLinkEvent& e) {
        const wxString href = e.GetLinkInfo().GetHref();
        if (href.StartsWith("http://") || href.StartsWith("https://"))
            wxLaunchDefaultBrowser(href);
        else if (is_picture(href))
            show_picture(href);
        else
            e.Skip();
    });
    if (!page_title().empty())
        SetTitle(page_title());
}

wxString UserGuideFrame::page_title() const {
    return m_html->GetOpenedPageTitle();
}

wxFrame* UserGuideFrame::show_picture(const wxString& href) {
    wxFileSystem fs;
    fs.ChangePathTo(m_html->GetOpenedPage());
    std::unique_ptr<wxFSFile> file(fs.OpenFile(href));
    wxImage image;
    if (!file || !image.LoadFile(*file->GetStream(), wxBITMAP_TYPE_ANY) || !image.IsOk())
        return nullptr;
    if (wxFrame* shown = picture())
        shown->Destroy();
    auto* frame = new PictureFrame(this, wxFileName(href, wxPATH_UNIX).GetFullName(), image);
    frame->Show();
    frame->Raise();
    return frame;
}

wxFrame* UserGuideFrame::picture() const {
    for (wxWindow* w : GetChildren())
        if (auto* p = dynamic_cast<PictureFrame*>(w); p && !p->IsBeingDeleted())
            return p;
    return nullptr;
}

} // namespace vs::app
