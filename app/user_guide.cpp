#include "app/user_guide.h"

#include "app/app_icon.h"

#include <wx/filename.h>
#include <wx/html/htmlwin.h>
#include <wx/sizer.h>
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

UserGuideFrame::UserGuideFrame(wxWindow* parent)
    : wxFrame(parent, wxID_ANY, "VisitScore user guide", wxDefaultPosition, wxSize(900, 700)) {
    SetIcons(app_icons());
    m_html = new wxHtmlWindow(this, wxID_ANY);
    m_html->SetName("user_guide");
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(m_html, 1, wxEXPAND);
    SetSizer(s);
    const wxString path = user_guide_path();
    if (path.empty() || !m_html->LoadFile(wxFileName(path)))
        m_html->SetPage("<html><body><h2>The user guide is not installed</h2><p>It is looked "
                        "for in share/visitscore/guide next to the program.</p></body></html>");
    // Links to other sites go to the browser; the guide's own pages stay here.
    m_html->Bind(wxEVT_HTML_LINK_CLICKED, [this](wxHtmlLinkEvent& e) {
        const wxString href = e.GetLinkInfo().GetHref();
        if (href.StartsWith("http://") || href.StartsWith("https://"))
            wxLaunchDefaultBrowser(href);
        else
            e.Skip();
    });
    if (!page_title().empty())
        SetTitle(page_title());
}

wxString UserGuideFrame::page_title() const { return m_html->GetOpenedPageTitle(); }

} // namespace vs::app
