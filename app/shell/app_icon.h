#pragma once
// The app's icon (packaging/org.visitscore.VisitScore.svg) for its windows.

#include <wx/iconbndl.h>
#include <wx/string.h>

namespace vs::app {

/// Where the icon is: next to the installed data (<prefix>/share/icons/hicolor/scalable/apps,
/// from the executable's <prefix>/bin), else in the source tree; "" when neither has it.
wxString app_icon_path();

/// The icon at the sizes window managers ask for; empty when the file is not found (the
/// windows then have none, as before).
wxIconBundle app_icons();

} // namespace vs::app
