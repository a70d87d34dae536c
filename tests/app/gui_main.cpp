// GUI tests: a global fixture starts wxWidgets on the X display (Xvfb under CTest) without
// the app's main window; each test builds the real frames it drives.
#define BOOST_TEST_MODULE gui
#include "app/shell/visit_score_app.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>
#include <wx/app.h>
#include <wx/init.h>

namespace {

class TestApp : public wxApp {
  public:
    bool OnInit() override { return true; }
};

struct WxFixture {
    std::string config = "/tmp/vs-gui-tests-" + std::to_string(::getpid()) + ".ini";
    WxFixture() {
        ::setenv("VISITSCORE_CONFIG", config.c_str(), 1);
        wxApp::SetInstance(new TestApp);
        int argc = 1;
        char arg0[] = "gui_tests";
        char* argv[] = {arg0, nullptr};
        if (!wxEntryStart(argc, argv))
            throw std::runtime_error(
                "wxWidgets could not start: is DISPLAY set (run under xvfb-run)?");
        wxTheApp->CallOnInit();
        vs::app::init_app_environment();
    }
    ~WxFixture() {
        wxTheApp->OnExit();
        wxEntryCleanup();
        std::remove(config.c_str());
    }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(WxFixture);
