// bench_app_window: the desktop app's windows against a large database, under a display (Xvfb).
// Links the app's windows (app_lib); the shipped program has none of this.
//
//   bench_app_window open DB        the main window on DB, as the app opens it; prints
//                                   "open_ms N" (ms since the process started) once the visit
//                                   list has drawn its first rows, and exits.
//   bench_app_window dashboard DB [SWITCHES]
//                                   the dashboard of the client with the most visits over its
//                                   last 12 months, alone in a window (prints
//                                   "dashboard_first_ms N": choosing the client, reading its
//                                   visits, computing, painting), then switches period and
//                                   measure SWITCHES times (default 12) as a trainer would
//                                   ("dashboard_refresh_ms N PERIOD" per switch). DB is a SQLite
//                                   file or a postgresql:// server database.
//
// The driver (bench/bench.py) runs each case several times and takes medians.

#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/view_filter.h"
#include "app/shell/main_frame.h"
#include "app/shell/ui_util.h"
#include "app/shell/visit_score_app.h"
#include "app/visits/visit_list_ctrl.h"
#include "app/visits/visits_page.h"
#include "storage/store.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <time.h>
#include <tuple>
#include <unistd.h>
#include <wx/app.h>
#include <wx/frame.h>

namespace {

using namespace vs;
using namespace vs::app;

/// Milliseconds since this process started (the kernel's start time, in clock ticks).
double process_age_ms() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Field 22 (starttime) counts from the ")" that ends field 2 (the command name).
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    for (int i = 3; i < 22 && rest >> field;)
        ++i;
    unsigned long long start_ticks = 0;
    rest >> start_ticks;
    timespec now{};
    ::clock_gettime(CLOCK_BOOTTIME, &now);
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    return (static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9 -
            static_cast<double>(start_ticks) / ticks) *
           1000.0;
}

/// Prints how long the first rows of the visit list took to appear, and ends the app.
void finish_open(MainFrame* frame) {
    std::printf("open_ms %.0f\n", process_age_ms());
    std::fflush(stdout);
    frame->Destroy();
    wxTheApp->ExitMainLoop();
}

/// The main window on `file`, as the app opens it; reports once the list has drawn.
void bench_open(wxApp& app, const std::string& file) {
    auto* frame = new MainFrame(file);
    // The list asks for its first cell while GTK draws it; report after that drawing.
    if (frame->visits_page()->source().size() == 0)
        app.CallAfter([frame] { finish_open(frame); });
    frame->visits_page()->view()->on_first_value = [&app, frame] {
        app.CallAfter([frame] { finish_open(frame); });
    };
    frame->Show();
}

/// The dashboard alone in a window: first load, then `times` switches of period and measure.
int bench_dashboard(const std::string& file, int times = 12) {
    std::unique_ptr<storage::Store> store;
    try {
        store = storage::open_store(file, storage::OpenMode::MustExist,
                                    storage::Checkpoints::Background);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    auto* frame = new wxFrame(nullptr, wxID_ANY, "VisitScore dashboard benchmark",
                              wxDefaultPosition, wxSize(1280, 800));
    auto* page = new DashboardPage(frame);
    frame->Show();
    const auto ms_since = [](std::chrono::steady_clock::time_point t0) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
            .count();
    };
    auto t0 = std::chrono::steady_clock::now();
    page->set_store(store.get());
    page->ensure_loaded(); // reads the busiest client's visits, shows its last 12 months
    frame->Update();
    const ViewFilter first = page->dashboard()->filter();
    if (first.client.empty()) {
        std::fprintf(stderr, "error: %s: no approved visits\n", file.c_str());
        frame->Destroy();
        return 1;
    }
    std::printf("dashboard_first_ms %.1f\n", ms_since(t0));
    const int last_day = busiest_client(*store)->last_day;
    wxTheApp->Yield(true);
    // What a trainer clicks: each period preset, then each again on raw performance.
    for (int i = 0; i < times; ++i) {
        ViewFilter f = first;
        const PeriodPreset preset = kPeriodPresets[static_cast<std::size_t>(i) % 6];
        std::tie(f.from_day, f.to_day) = preset_range(preset, last_day);
        f.use_raw = i / 6 % 2 == 1;
        t0 = std::chrono::steady_clock::now();
        page->dashboard()->set_filter(f);
        frame->Update(); // paint every chart now
        std::printf("dashboard_refresh_ms %.1f %s%s\n", ms_since(t0), label(preset).c_str(),
                    f.use_raw ? " raw" : "");
        std::fflush(stdout);
    }
    frame->Destroy();
    return 0;
}

class BenchApp : public wxApp {
  public:
    bool OnInit() override {
        long switches = 12;
        if (argc == 4 && argv[1] == "dashboard" && !argv[3].ToLong(&switches))
            switches = -1;
        if ((argc != 3 && !(argc == 4 && argv[1] == "dashboard")) || switches < 0 ||
            (argv[1] != "open" && argv[1] != "dashboard")) {
            std::fprintf(stderr, "usage: bench_app_window open DB | dashboard DB [SWITCHES]\n");
            return false;
        }
        SetAppName("visitscore");
        SetAppDisplayName("VisitScore");
        init_app_environment();
        const std::string file = u8(argv[2]);
        if (argv[1] == "open") {
            bench_open(*this, file);
            return true;
        }
        if (bench_dashboard(file, static_cast<int>(switches)) != 0)
            return false;
        CallAfter([] { wxTheApp->ExitMainLoop(); });
        return true;
    }
};

} // namespace

wxIMPLEMENT_APP(BenchApp);
