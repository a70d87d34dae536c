// visitscore_typing: the desktop app exactly as shipped, plus scripted typing into the visit it
// opens (scripted_typing.h), for the kill test. Test-only: never installed.
#include "app/shell/main_frame.h"
#include "app/shell/visit_score_app.h"
#include "tests/app/scripted_typing.h"

#include <wx/toplevel.h>

namespace {

class TypingApp : public vs::app::VisitScoreApp {
  public:
    bool OnInit() override {
        if (!VisitScoreApp::OnInit())
            return false;
        for (wxWindow* w : wxTopLevelWindows)
            if (auto* frame = dynamic_cast<vs::app::MainFrame*>(w); frame && frame->store())
                vs::app::start_test_typing(frame);
        return true;
    }
};

} // namespace

wxIMPLEMENT_APP(TypingApp);
