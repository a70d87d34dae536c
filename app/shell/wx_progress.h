#pragma once
// vs::Progress shown in a wxProgressDialog (with a Cancel button).

#include "forms/progress.h"

#include <memory>
#include <wx/string.h>

class wxProgressDialog;
class wxWindow;

namespace vs::app {

class WxProgress : public Progress {
  public:
    WxProgress(wxWindow* parent, const wxString& title);
    ~WxProgress() override;
    void start(std::string_view what, std::size_t total) override;
    bool update(std::size_t done) override;
    void finish() override;

  private:
    wxWindow* m_parent;
    wxString m_title;
    std::unique_ptr<wxProgressDialog> m_dialog;
    std::size_t m_total = 0;
};

} // namespace vs::app
