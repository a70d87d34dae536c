#include "app/shell/wx_progress.h"

#include "app/shell/ui_util.h"

#include <wx/progdlg.h>

namespace vs::app {

WxProgress::WxProgress(wxWindow* parent, const wxString& title)
    : m_parent(parent), m_title(title) {}
WxProgress::~WxProgress() = default;

void WxProgress::start(std::string_view what, std::size_t total) {
    m_total = total;
    const wxString text = wxs(std::string(what));
    const int range = total ? 1000 : 100;
    if (m_dialog && m_dialog->GetRange() == range && m_dialog->IsShown()) {
        m_dialog->Update(0, text);
        return;
    }
    // A stage with another range (a count after a stage without one), or after a finished
    // stage hid the dialog: a new dialog (wx asserts on a value beyond the range it was made
    // with).
    m_dialog.reset();
    m_dialog = std::make_unique<wxProgressDialog>(m_title, text, range, m_parent,
                                                  wxPD_APP_MODAL | wxPD_CAN_ABORT |
                                                      wxPD_ELAPSED_TIME | wxPD_AUTO_HIDE);
}

bool WxProgress::update(std::size_t done) {
    if (!m_dialog)
        return true;
    if (m_total)
        return m_dialog->Update(
            static_cast<int>(1000.0 * static_cast<double>(done) / static_cast<double>(m_total)));
    return m_dialog->Pulse();
}

void WxProgress::finish() {
    if (m_dialog)
        m_dialog->Update(m_total ? 1000 : 100);
}

} // namespace vs::app
