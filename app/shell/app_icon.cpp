#include "app/shell/app_icon.h"

#include <wx/bmpbndl.h>
#include <wx/filename.h>
#include <wx/icon.h>
#include <wx/stdpaths.h>

namespace vs::app {

namespace {
constexpr const char* kIconName = "org.visitscore.VisitScore.svg";
}

wxString app_icon_path() {
    wxFileName installed(wxStandardPaths::Get().GetExecutablePath());
    installed.RemoveLastDir(); // bin
    installed.AppendDir("share");
    for (const char* d : {"icons", "hicolor", "scalable", "apps"})
        installed.AppendDir(d);
    installed.SetFullName(kIconName);
    if (installed.FileExists())
        return installed.GetFullPath();
#ifdef VS_SOURCE_DIR
    const wxString source = wxString::FromUTF8(VS_SOURCE_DIR) + "/packaging/" + kIconName;
    if (wxFileName::FileExists(source))
        return source;
#endif
    return "";
}

wxIconBundle app_icons() {
    wxIconBundle icons;
    const wxString path = app_icon_path();
    if (path.empty())
        return icons;
    const wxBitmapBundle svg = wxBitmapBundle::FromSVGFile(path, wxSize(64, 64));
    if (!svg.IsOk())
        return icons;
    for (int size : {16, 24, 32, 48, 64, 128, 256}) {
        wxIcon icon;
        icon.CopyFromBitmap(svg.GetBitmap(wxSize(size, size)));
        if (icon.IsOk())
            icons.AddIcon(icon);
    }
    return icons;
}

} // namespace vs::app
