#pragma once
// The wxApp: command line (visitscore [FILE | postgresql://…]), configuration (wxFileConfig in the
// user's config dir), and the one place where exceptions become messages for people.

#include <string>
#include <wx/app.h>

namespace vs::app {

class MainFrame;

class VisitScoreApp : public wxApp {
  public:
    bool OnInit() override;
    int OnExit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;
    bool OnExceptionInMainLoop() override;
    void OnUnhandledException() override;

  private:
    std::string m_db;
    long m_open_visit = 0;
};

/// Sets up wxConfig (wxFileConfig at $VISITSCORE_CONFIG, else $XDG_CONFIG_HOME/visitscore/
/// visitscore.ini, else ~/.config/…) and the image handlers. Tests call it too.
void init_app_environment();

/// Shows the message of the exception being handled (inside a catch block) as a wxLogError.
void report_current_exception();

} // namespace vs::app
