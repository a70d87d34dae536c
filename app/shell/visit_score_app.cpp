#include "app/shell/visit_score_app.h"

#include "app/insights/dashboard_view.h"
#include "app/shell/main_frame.h"
#include "app/shell/settings_dialog.h"
#include "app/shell/test_typing.h"
#include "app/shell/ui_util.h"
#include "app/visits/visits_page.h"
#include "forms/error.h"
#include "storage/store.h"

#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/fileconf.h>
#include <wx/filename.h>
#include <wx/image.h>
#include <wx/log.h>

#include <clocale>
#include <cstdlib>
#include <langinfo.h>
#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <time.h>
#include <unistd.h>

namespace vs::app {

void init_app_environment() {
    // Every string literal and every stored text is UTF-8: make the C library convert it so
    // even when the session's locale is plain "C" (as under Xvfb in CI).
    if (std::string(nl_langinfo(CODESET)) != "UTF-8")
        std::setlocale(LC_CTYPE, "C.UTF-8");
    wxInitAllImageHandlers();
    wxString path;
    if (const char* env = std::getenv("VISITSCORE_CONFIG"); env && *env)
        path = wxString::FromUTF8(env);
    else if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        path = wxString::FromUTF8(xdg) + "/visitscore/visitscore.ini";
    else
        path = wxFileName::GetHomeDir() + "/.config/visitscore/visitscore.ini";
    wxFileName::Mkdir(wxFileName(path).GetPath(), 0700, wxPATH_MKDIR_FULL);
    delete wxConfigBase::Set(new wxFileConfig("visitscore", "", path, "", wxCONFIG_USE_LOCAL_FILE));
}

void report_current_exception() {
    try {
        throw;
    } catch (const InputError& e) {
        wxString where = wxs(e.file());
        if (!e.where().empty())
            where += (where.empty() ? "" : ", ") + wxs(e.where());
        wxLogError("%s%s", where.empty() ? wxString() : where + ":\n", wxs(e.message()));
    } catch (const storage::StorageError& e) {
        wxLogError("The database reported a problem:\n%s", wxs(e.what()));
    } catch (const std::exception& e) {
        wxLogError("Something went wrong:\n%s", wxs(e.what()));
    } catch (...) {
        wxLogError("Something went wrong (unknown error).");
    }
}

void VisitScoreApp::OnInitCmdLine(wxCmdLineParser& parser) {
    wxApp::OnInitCmdLine(parser);
    parser.AddParam("database file (default: the per-user database)", wxCMD_LINE_VAL_STRING,
                    wxCMD_LINE_PARAM_OPTIONAL);
    parser.AddOption("", "open-visit", "open this visit id at start", wxCMD_LINE_VAL_NUMBER);
    parser.AddOption("", "bench-dashboard",
                     "benchmark: open FILE, refresh the dashboard of its busiest client 7 times, "
                     "print \"dashboard_refresh_ms N\" per refresh, and exit",
                     wxCMD_LINE_VAL_STRING);
    parser.AddSwitch("", "bench-open",
                     "benchmark: print \"open_ms N\" (ms since the process started) once the "
                     "visit list shows its first rows, and exit");
}

bool VisitScoreApp::OnCmdLineParsed(wxCmdLineParser& parser) {
    if (!wxApp::OnCmdLineParsed(parser))
        return false;
    m_db = parser.GetParamCount() > 0 ? u8(parser.GetParam(0)) : storage::default_database_path();
    parser.Found("open-visit", &m_open_visit);
    m_bench_open = parser.Found("bench-open");
    if (wxString bench; parser.Found("bench-dashboard", &bench))
        m_bench_dashboard = u8(bench);
    return true;
}

namespace {

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
void finish_bench_open(MainFrame* frame) {
    std::printf("open_ms %.0f\n", process_age_ms());
    std::fflush(stdout);
    frame->Destroy();
    wxTheApp->ExitMainLoop();
}

} // namespace

bool VisitScoreApp::OnInit() {
    if (!wxApp::OnInit())
        return false;
    SetAppName("visitscore");
    SetAppDisplayName("VisitScore"); // dialog titles read "VisitScore Error", not "visitscore Error"
    init_app_environment();
    if (!m_bench_dashboard.empty()) { // issue 7: no main window, the dashboard alone
        if (run_dashboard_bench(m_bench_dashboard) != 0)
            return false;
        CallAfter([] { wxTheApp->ExitMainLoop(); });
        return true;
    }
    auto* frame = new MainFrame(m_db);
    if (m_bench_open) {
        // The list asks for its first cell while GTK draws it; report after that drawing.
        if (frame->visits_page()->source().size() == 0)
            CallAfter([frame] { finish_bench_open(frame); });
        frame->visits_page()->view()->on_first_value = [this, frame] {
            CallAfter([frame] { finish_bench_open(frame); });
        };
    }
    frame->Show();
    if (m_open_visit <= 0 && !m_bench_open) {
        // Who is working: asked once per database (the audit log records it).
        frame->ask_who = [frame](const std::string& suggestion) {
            return ask_who_dialog(frame, suggestion);
        };
        CallAfter([frame] { frame->ensure_who(); });
    }
    if (m_open_visit > 0 && frame->store()) {
        try {
            frame->open_visit(m_open_visit);
        } catch (...) {
            report_current_exception();
        }
        start_test_typing(frame);
    }
    return true;
}

int VisitScoreApp::OnExit() {
    delete wxConfigBase::Set(nullptr);
    return wxApp::OnExit();
}

bool VisitScoreApp::OnExceptionInMainLoop() {
    report_current_exception();
    return true; // keep running: the message said what to do
}

void VisitScoreApp::OnUnhandledException() { report_current_exception(); }

} // namespace vs::app
