#include "app/shell/visit_score_app.h"

#include "app/shell/main_frame.h"
#include "app/shell/settings_dialog.h"
#include "app/shell/ui_util.h"
#include "forms/describe.h"
#include "forms/error.h"
#include "storage/store.h"

#include <clocale>
#include <cstdlib>
#include <exception>
#include <langinfo.h>
#include <malloc.h>
#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/fileconf.h>
#include <wx/filename.h>
#include <wx/image.h>
#include <wx/log.h>

namespace vs::app {

void init_app_environment() {
    // Every string literal and every stored text is UTF-8: make the C library convert it so
    // even when the session's locale is plain "C" (as under Xvfb in CI).
    if (std::string(nl_langinfo(CODESET)) != "UTF-8")
        std::setlocale(LC_CTYPE, "C.UTF-8");
    // The dashboard and the views read a client's facts (hundreds of MB at a million visits) and
    // aggregate them again at every change of period: large blocks freed and asked for again.
    // They stay in the process's heap instead of going back to the system and being faulted in
    // again page by page (a good part of a refresh on a virtual machine): blocks up to 32 MB
    // come from the heap, and up to 256 MB of it is kept free. Fixed values also stop the C
    // library's own adjustment of the first, which depended on which block was freed last.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
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
    // The text is vs::describe's; only the heading says where the failure came from.
    const wxString text = wxs(describe(std::current_exception()));
    try {
        throw;
    } catch (const InputError&) {
        wxLogError("%s", text);
    } catch (const storage::StorageError&) {
        wxLogError("The database reported a problem:\n%s", text);
    } catch (...) {
        wxLogError("Something went wrong:\n%s", text);
    }
}

void VisitScoreApp::OnInitCmdLine(wxCmdLineParser& parser) {
    wxApp::OnInitCmdLine(parser);
    parser.AddParam("database file or server URI, postgresql://user@host:port/database "
                    "(default: the per-user database)",
                    wxCMD_LINE_VAL_STRING, wxCMD_LINE_PARAM_OPTIONAL);
    parser.AddOption("", "open-visit", "open this visit id at start", wxCMD_LINE_VAL_NUMBER);
}

bool VisitScoreApp::OnCmdLineParsed(wxCmdLineParser& parser) {
    if (!wxApp::OnCmdLineParsed(parser))
        return false;
    m_db = parser.GetParamCount() > 0 ? u8(parser.GetParam(0)) : storage::default_database_path();
    parser.Found("open-visit", &m_open_visit);
    return true;
}

bool VisitScoreApp::OnInit() {
    if (!wxApp::OnInit())
        return false;
    SetAppName("visitscore");
    SetAppDisplayName(
        "VisitScore"); // dialog titles read "VisitScore Error", not "visitscore Error"
    init_app_environment();
    auto* frame = new MainFrame(m_db);
    frame->Show();
    if (m_open_visit <= 0) {
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

void VisitScoreApp::OnUnhandledException() {
    report_current_exception();
}

} // namespace vs::app
