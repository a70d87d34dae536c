#include "app/shell/unsaved_prompt.h"

#include <wx/msgdlg.h>

namespace vs::app {

int ask_save_discard_cancel(wxWindow* parent, const wxString& question) {
    wxMessageDialog dlg(parent, question, "Unsaved changes",
                        wxYES_NO | wxCANCEL | wxCANCEL_DEFAULT | wxICON_WARNING);
    dlg.SetYesNoCancelLabels("&Save", "&Discard", "&Cancel");
    const int answer = dlg.ShowModal();
    return answer == wxID_YES ? wxID_SAVE : answer == wxID_NO ? wxID_NO : wxID_CANCEL;
}

} // namespace vs::app
