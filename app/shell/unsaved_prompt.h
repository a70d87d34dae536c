#pragma once
// The one question about unsaved work: Save, Discard or Cancel.

#include <wx/string.h>

class wxWindow;

namespace vs::app {

/// Asks `question` with Save / Discard / Cancel buttons (Cancel the default); returns wxID_SAVE,
/// wxID_NO (discard) or wxID_CANCEL.
int ask_save_discard_cancel(wxWindow* parent, const wxString& question);

} // namespace vs::app
