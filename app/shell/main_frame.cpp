#include "app/shell/main_frame.h"

#include "app/designer/designer_frame.h"
#include "app/field/assignments_page.h"
#include "app/field/todo_page.h"
#include "app/insights/action_plans_page.h"
#include "app/insights/calibration_view.h"
#include "app/insights/dashboard_page.h"
#include "app/insights/dashboard_view.h"
#include "app/insights/plan_view.h"
#include "app/insights/recognition_page.h"
#include "app/insights/report_dialog.h"
#include "app/insights/training_view.h"
#include "app/insights/voice_view.h"
#include "app/organisation/organisation_page.h"
#include "app/organisation/scorecards_page.h"
#include "app/shell/app_icon.h"
#include "app/shell/connect_dialog.h"
#include "app/shell/date_ctrl.h"
#include "app/shell/menu_keys.h"
#include "app/shell/server_address.h"
#include "app/shell/settings_dialog.h"
#include "app/shell/shortcuts_dialog.h"
#include "app/shell/ui_util.h"
#include "app/shell/unsaved_prompt.h"
#include "app/shell/user_guide_frame.h"
#include "app/shell/visit_score_app.h"
#include "app/shell/wx_progress.h"
#include "app/visits/audit_log_frame.h"
#include "app/visits/dispute_dialogs.h"
#include "app/visits/disputes_page.h"
#include "app/visits/inbox_page.h"
#include "app/visits/new_visit_dialog.h"
#include "app/visits/visit_page.h"
#include "app/visits/visits_page.h"
#include "forms/describe.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "scoring/visit_score.h"
#include "services/bundle.h"
#include "services/fees.h"
#include "services/import.h"
#include "services/rescore.h"
#include "storage/server_info.h"
#include "templates/bundled.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <sys/stat.h>
#include <wx/aboutdlg.h>
#include <wx/artprov.h>
#include <wx/config.h>
#include <wx/dialog.h>
#include <wx/filedlg.h>
#include <wx/filehistory.h>
#include <wx/filename.h>
#include <wx/infobar.h>
#include <wx/listbox.h>
#include <wx/log.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/progdlg.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textdlg.h>
#include <wx/toolbar.h>
#include <wx/utils.h>

namespace vs::app {
namespace {

enum {
    ID_NewDatabase = wxID_HIGHEST + 1,
    ID_NewVisit,
    ID_ImportVisits,
    ID_ImportScorecard,
    ID_Backup,
    ID_KeyboardHelp,
    ID_ClientReport,
    ID_ShopperStatements,
    ID_Designer,
    ID_AuditLog,
    ID_Settings,
    ID_UserGuide,
    ID_ConnectServer,
    ID_OpenBundle,
    ID_SendVisits,
};

/// How often the frame asks the store whether others changed the data, and how many of those
/// ticks pass between tries to connect again after a lost connection.
constexpr int kWatchMs = 500;
constexpr int kReconnectTicks = 6;

/// Whether a progress dialog is up: a long job is running on the store, and the watch waits.
bool progress_shown() {
    for (wxWindow* w : wxTopLevelWindows)
        if (dynamic_cast<wxGenericProgressDialog*>(w))
            return true;
    return false;
}

/// `text` with every `from` replaced by `to`.
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    if (from.empty())
        return text;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

} // namespace

MainFrame::MainFrame(const std::string& db_path)
    : wxFrame(nullptr, wxID_ANY, "VisitScore", wxDefaultPosition, wxSize(1280, 800)),
      m_watch(this) {
    SetMinSize(wxSize(960, 600));
    SetIcons(app_icons());
    m_history = std::make_unique<wxFileHistory>(8);
    build_menu();
    build_toolbar();
    CreateStatusBar(3);
    const int widths[] = {-1, 300, 240};
    SetStatusWidths(3, widths);

    m_split = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                   wxSP_LIVE_UPDATE | wxSP_3DSASH);
    m_split->SetMinimumPaneSize(120);
    m_nav = new wxListBox(m_split, wxID_ANY);
    m_nav->SetFont(m_nav->GetFont().Scaled(1.1f));
    m_book = new wxSimplebook(m_split);
    m_visits = new VisitsPage(m_book);
    m_scorecards = new ScorecardsPage(m_book);
    m_org = new OrganisationPage(m_book);
    m_visit = new VisitPage(m_book);
    m_book->AddPage(m_visits, "Visits");
    m_book->AddPage(m_scorecards, "Scorecards");
    m_book->AddPage(m_org, "Organisation");
    m_book->AddPage(m_visit, "Visit");
    m_dashboard = new DashboardPage(m_book);
    m_trainings = new TrainingView(m_book);
    m_calibration = new CalibrationView(m_book);
    m_book->AddPage(m_dashboard, "Dashboard");
    m_book->AddPage(m_trainings, "Trainings");
    m_book->AddPage(m_calibration, "Calibration");
    m_todo = new TodoPage(m_book);
    m_book->AddPage(m_todo, "To do");
    m_plan = new PlanView(m_book);
    m_book->AddPage(m_plan, "Planning");
    m_assignments = new AssignmentsPage(m_book);
    m_book->AddPage(m_assignments, "Assignments");
    m_assignments->on_status = [this](const wxString& text) { SetStatusText(text, 0); };
    m_assignments->on_changed = [this] { m_todo->reload(); };
    m_disputes = new DisputesPage(m_book);
    m_book->AddPage(m_disputes, "Disputes");
    m_inbox = new InboxPage(m_book);
    m_book->AddPage(m_inbox, "Inbox");
    m_action_plans = new ActionPlansPage(m_book);
    m_book->AddPage(m_action_plans, "Action plans");
    m_recognition = new RecognitionPage(m_book);
    m_book->AddPage(m_recognition, "Recognition");
    m_recognition->on_open_visit = [this](std::int64_t id) { open_visit(id); };
    m_voice = new VoiceView(m_book);
    m_book->AddPage(m_voice, "Customer voice");
    m_voice->shared_facts = [this](const ViewFilter& f) {
        // The page follows the dashboard, which holds the client's facts: not read again.
        m_dashboard->ensure_loaded();
        return m_dashboard->dashboard()->voice_facts_of(f);
    };
    m_inbox->on_status = [this](const wxString& text) { SetStatusText(text, 0); };
    m_inbox->on_open_visit = [this](std::int64_t id) { open_visit(id); };
    m_disputes->on_status = [this](const wxString& text) { SetStatusText(text, 0); };
    m_disputes->on_open_visit = [this](std::int64_t id) { open_visit(id); };
    m_disputes->on_changed = [this](std::int64_t id) {
        m_visits->refresh_visit(id); // the decision re-scored it
        m_dashboard->data_changed();
    };
    run_dispute_dialog = [](DisputeDialog& d) { return d.ShowModal(); };
    m_plan->on_assignments_created = [this] {
        m_assignments->data_changed();
        m_todo->reload();
    };
    m_todo->on_start = [this](const storage::Assignment& a) { start_from_assignment(a); };
    m_todo->on_open_visit = [this](std::int64_t id) { open_visit(id); };
    m_todo->on_status = [this](const wxString& text) { SetStatusText(text, 0); };
    m_dashboard->dashboard()->on_filter = [this](const ViewFilter& f) {
        m_trainings->set_filter(f);
        m_calibration->set_filter(f);
        m_plan->set_filter(f);
        m_assignments->set_client(f.client);
        m_disputes->set_client(f.client);
        m_recognition->set_filter(f);
        m_voice->set_filter(f);
    };
    m_split->SplitVertically(m_nav, m_book, m_nav_sash);
    apply_rights(); // the page list: everything until a server account says otherwise
    // The banner over the pages says when the server's connection is lost.
    m_banner = new wxInfoBar(this);
    auto* frame_sizer = new wxBoxSizer(wxVERTICAL);
    frame_sizer->Add(m_banner, 0, wxEXPAND);
    frame_sizer->Add(m_split, 1, wxEXPAND);
    SetSizer(frame_sizer);

    m_nav->Bind(wxEVT_LISTBOX, [this](wxCommandEvent& e) {
        show_page(m_nav_pages.at(static_cast<std::size_t>(e.GetSelection())));
    });
    m_visits->on_open = [this](std::int64_t id) { open_visit(id); };
    m_visits->on_new = [this] { new_visit(); };
    m_visits->on_dispute = [this](std::int64_t id) { dispute_visit(id); };
    m_visit->on_dispute = [this](std::int64_t id) { dispute_visit(id); };
    m_visit->on_back = [this] {
        std::int64_t id = m_visit->visit_id();
        show_page(Visits);
        m_visits->select_visit(id);
    };
    m_visit->on_changed = [this](std::int64_t id) {
        m_visits->refresh_visit(id);
        SetStatusText(m_visit->saved_text(), 2);
    };
    m_visit->on_status = [this](const wxString& text) { SetStatusText(text, 0); };
    m_visit->on_save_failed = [this](const std::string& error) {
        // A lost server connection: the answers stay in memory until it returns.
        if (!m_on_server)
            return false;
        if (!m_lost && !connection_lost_message(error)) {
            try {
                m_store->data_version(); // the server still answers: another problem
                return false;
            } catch (const std::exception&) {
            }
        }
        lose_connection(scrub(error, m_password));
        return true;
    };
    m_org->on_changed = [this] { m_visits->set_store(m_store.get()); };
    m_scorecards->on_import = [this] { import_scorecard(); };
    m_scorecards->on_design = [this](const std::string& id, int version) {
        open_designer(id, version);
    };

    confirm_create = [this](const std::string& path) {
        return wxMessageBox(wxString::Format("There is no VisitScore database at\n%s\n\nCreate a "
                                             "new, empty database there?",
                                             wxs(path)),
                            "No database", wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION,
                            this) == wxYES;
    };
    inform = [this](const wxString& message) {
        wxMessageBox(message, "VisitScore", wxOK | wxICON_INFORMATION, this);
    };
    confirm_unsaved = ask_save_discard_cancel;
    ask_password = [this](const std::string& uri, bool refused) {
        return ask_server_password(this, uri, refused);
    };
    open_server = [](const std::string& uri) {
        return storage::open_store(uri, storage::OpenMode::MustExist);
    };
    confirm_rescore = [this](std::size_t visits) {
        return wxMessageBox(
                   wxString::Format("%zu visits in this database were scored by older scoring "
                                    "rules. Rescore them now with the current rules (version "
                                    "%d)?\n\nEach visit whose score moves gets an entry in the "
                                    "audit log; reports then show the new numbers.",
                                    visits, scoring::kRulesVersion),
                   "Rescore visits", wxYES_NO | wxYES_DEFAULT | wxICON_QUESTION, this) == wxYES;
    };
    restore_geometry();
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (e.CanVeto() && !settle_unsaved()) {
            e.Veto();
            return;
        }
        if (e.CanVeto() && m_lost && m_visit->has_unsaved()) {
            // The answers typed since the connection was lost exist only in this window.
            switch (confirm_unsaved(this, "The connection to the server is lost, and the answers "
                                          "typed since are kept only on this computer. Connect "
                                          "again and write them before VisitScore closes?")) {
            case wxID_SAVE:
                if (reconnect())
                    break;
                inform("The server still does not answer: VisitScore stays open with your "
                       "answers and keeps trying.");
                e.Veto();
                return;
            case wxID_NO:
                break;
            default:
                e.Veto();
                return;
            }
        }
        m_watch.Stop();
        m_visit->flush();
        save_geometry();
        e.Skip();
    });
    Bind(
        wxEVT_TIMER, [this](wxTimerEvent&) { check_for_changes(); }, m_watch.GetId());
    if (!db_path.empty())
        open_database(db_path);
    show_page(m_nav_pages.front());
    m_watch.Start(kWatchMs);
}

MainFrame::~MainFrame() {
    m_watch.Stop();
    // Save a pending draft and let the pages go while the store they point at still exists.
    m_visit->set_store(nullptr, "");
    m_split->Destroy();
    if (wxConfigBase* c = wxConfigBase::Get(false)) {
        c->SetPath("/Recent");
        m_history->Save(*c);
        c->SetPath("/");
        c->Flush();
    }
}

void MainFrame::build_menu() {
    auto* file = new wxMenu;
    file->Append(ID_NewVisit, "&New visit…\tCtrl+N",
                 "Start a visit: choose scorecard, branch and staff");
    file->AppendSeparator();
    file->Append(ID_NewDatabase, "New &database…", "Create an empty database file");
    file->Append(wxID_OPEN, "&Open database…\tCtrl+O");
    auto* recent = new wxMenu;
    file->AppendSubMenu(recent, "Open &recent");
    file->Append(ID_ConnectServer, "Connect to &server…",
                 "Work on your team's shared server database (PostgreSQL)");
    m_history->UseMenu(recent);
    if (wxConfigBase* c = wxConfigBase::Get()) {
        c->SetPath("/Recent");
        m_history->Load(*c);
        c->SetPath("/");
    }
    file->AppendSeparator();
    file->Append(ID_ImportVisits, "Import &visits…\tCtrl+I",
                 "Import a visit package (.json) or CSV");
    file->Append(ID_ImportScorecard, "Import &scorecard…", "Import a scorecard template (.json)");
    file->Append(ID_OpenBundle, "Open &assignment bundle…",
                 "Open the assignments a consultancy sent you (a .vsbundle file)");
    file->Append(ID_SendVisits, "Sen&d visits…",
                 "Write your submitted visits and their photos into a file for the consultancy");
    file->Append(ID_Backup, "&Backup…", "Copy the database to a file while it stays open");
    file->Append(ID_ClientReport, "&Client report…",
                 "Write a client workbook (.xlsx) for a period");
    file->Append(ID_ShopperStatements, "Shopper &statements…",
                 "Write the shoppers' fee statements of a month (.xlsx or .csv)");
    file->AppendSeparator();
    file->Append(wxID_EXIT, "&Quit\tCtrl+Q");
    auto* help = new wxMenu;
    help->Append(ID_UserGuide, "&User guide",
                 "How shoppers, trainers and reviewers use VisitScore");
    help->Append(ID_KeyboardHelp, "&Keyboard shortcuts\tF1", "The keys of the scorecard form");
    help->Append(wxID_ABOUT, "&About VisitScore");
    auto* bar = new wxMenuBar;
    bar->Append(file, "&File");
    auto* tools = new wxMenu;
    tools->Append(ID_Designer, "Scorecard &designer…\tCtrl+Shift+D",
                  "Build and change scorecards: sections, questions, scoring, preview, versions");
    tools->Append(ID_AuditLog, "&Audit log…",
                  "Who changed what across all visits, by person, visit, branch, action and date");
    tools->AppendSeparator();
    tools->Append(ID_Settings, "&Settings…",
                  "Who works here (for the audit log) and whether a one-person office allows "
                  "self-approval");
    bar->Append(tools, "&Tools");
    bar->Append(help, "&Help");
    SetMenuBar(bar);
    route_menu_accelerators(this, true); // Ctrl+N even while the page list has the focus

    // Actions on the database are greyed out while none is open ("New visit" and the designer
    // stay, and say what is missing), and those the account may not do always.
    for (int id : {ID_NewVisit, ID_ImportVisits, ID_ImportScorecard, ID_Backup, ID_ClientReport,
                   ID_ShopperStatements, ID_Designer, ID_AuditLog, ID_Settings, ID_OpenBundle,
                   ID_SendVisits})
        Bind(
            wxEVT_UPDATE_UI,
            [this](wxUpdateUIEvent& e) {
                e.Enable(allows(e.GetId()) &&
                         (m_store || e.GetId() == ID_NewVisit || e.GetId() == ID_Designer));
            },
            id);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { new_visit(); }, ID_NewVisit);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            wxFileDialog dlg(this, "New database", "", "visitscore.db",
                             "VisitScore databases (*.db)|*.db|All files (*)|*",
                             wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
            if (dlg.ShowModal() == wxID_OK) {
                if (wxFileExists(dlg.GetPath()) && !wxRemoveFile(dlg.GetPath())) {
                    wxLogError("Could not replace %s. Choose another name.", dlg.GetPath());
                    return;
                }
                open_database(u8(dlg.GetPath()), true);
            }
        },
        ID_NewDatabase);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            wxFileDialog dlg(this, "Open database", "", "",
                             "VisitScore databases (*.db)|*.db|All files (*)|*",
                             wxFD_OPEN | wxFD_FILE_MUST_EXIST);
            if (dlg.ShowModal() == wxID_OK)
                open_database(u8(dlg.GetPath()));
        },
        wxID_OPEN);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent& e) {
            wxString path = m_history->GetHistoryFile(static_cast<size_t>(e.GetId() - wxID_FILE1));
            if (!wxFileExists(path)) {
                wxLogError("%s no longer exists; it was removed from the recent files.", path);
                m_history->RemoveFileFromHistory(static_cast<size_t>(e.GetId() - wxID_FILE1));
                return;
            }
            open_database(u8(path));
        },
        wxID_FILE1, wxID_FILE9);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { connect_dialog(); }, ID_ConnectServer);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { import_visits(); }, ID_ImportVisits);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { import_scorecard(); }, ID_ImportScorecard);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_bundle_dialog(); }, ID_OpenBundle);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { send_visits(); }, ID_SendVisits);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { backup(); }, ID_Backup);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { client_report(); }, ID_ClientReport);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { shopper_statements(); }, ID_ShopperStatements);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_designer(); }, ID_Designer);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_audit_log(); }, ID_AuditLog);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_settings(); }, ID_Settings);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { show_keyboard_help(); }, ID_KeyboardHelp);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { open_user_guide(); }, ID_UserGuide);
    Bind(
        wxEVT_MENU,
        [](wxCommandEvent&) {
            wxAboutDialogInfo info;
            info.SetName("VisitScore");
            info.SetVersion("0.1");
            info.SetDescription("Mystery-shopping scorecards: fill visits offline, never lose one, "
                                "review and approve.");
            wxAboutBox(info);
        },
        wxID_ABOUT);
}

void MainFrame::build_toolbar() {
    // Only the buttons of what the account may do: a client's toolbar has Open alone.
    wxToolBar* tb = GetToolBar();
    if (!tb)
        tb = CreateToolBar(wxTB_HORIZONTAL | wxTB_TEXT | wxTB_FLAT);
    tb->ClearTools();
    if (allows(ID_NewVisit))
        tb->AddTool(ID_NewVisit, "New visit", wxArtProvider::GetBitmap(wxART_NEW, wxART_TOOLBAR),
                    "Start a new visit (Ctrl+N)");
    tb->AddTool(wxID_OPEN, "Open", wxArtProvider::GetBitmap(wxART_FILE_OPEN, wxART_TOOLBAR),
                "Open a database (Ctrl+O)");
    if (allows(ID_ImportVisits))
        tb->AddTool(ID_ImportVisits, "Import visits",
                    wxArtProvider::GetBitmap(wxART_GO_DOWN, wxART_TOOLBAR),
                    "Import a visit package (Ctrl+I)");
    if (allows(ID_Backup))
        tb->AddTool(ID_Backup, "Backup",
                    wxArtProvider::GetBitmap(wxART_FILE_SAVE_AS, wxART_TOOLBAR),
                    "Copy the database to a backup file");
    tb->Realize();
}

bool MainFrame::allows(int id) const {
    switch (id) {
    case ID_NewVisit:
    case ID_OpenBundle:
    case ID_SendVisits:
        return m_rights.create_visits;
    case ID_ImportVisits:
        return m_rights.import_visits;
    case ID_ImportScorecard:
    case ID_Designer:
        return m_rights.edit_scorecards;
    case ID_Backup:
        return m_rights.backup;
    case ID_ClientReport:
        return m_rights.insights;
    case ID_ShopperStatements:
        return m_rights.fees;
    case ID_AuditLog:
        return m_rights.audit_log;
    case ID_Settings:
        return m_rights.settings;
    default:
        return true;
    }
}

bool MainFrame::may(bool allowed, const char* what) {
    if (!allowed)
        SetStatusText(wxs("Your account (" + role_name(m_role) + ") may not " + what + "."), 0);
    return allowed;
}

void MainFrame::apply_rights() {
    if (wxMenuBar* bar = GetMenuBar())
        for (int id : {ID_NewVisit, ID_ImportVisits, ID_ImportScorecard, ID_Backup, ID_ClientReport,
                       ID_ShopperStatements, ID_Designer, ID_AuditLog, ID_Settings, ID_OpenBundle,
                       ID_SendVisits})
            bar->Enable(id, allows(id) && (m_store || id == ID_NewVisit || id == ID_Designer));
    build_toolbar();
    // The page list: the insights only to those who may see figures.
    const Page shown = m_nav_pages.empty() || m_nav->GetSelection() == wxNOT_FOUND
                           ? Visits
                           : m_nav_pages.at(static_cast<std::size_t>(m_nav->GetSelection()));
    m_nav_pages = {Visits, Scorecards, Organisation};
    // To do: a shopper's first page on a server; on a file, once it holds assignments.
    if (m_role == AccountRole::Shopper)
        m_nav_pages.insert(m_nav_pages.begin(), Todo);
    else if (m_store && !m_on_server && has_assignments(*m_store))
        m_nav_pages.insert(m_nav_pages.begin() + 1, Todo);
    if (m_rights.insights)
        m_nav_pages.insert(m_nav_pages.end(), {Dashboard, Trainings, Voice});
    // Planning visits is the consultancy's work: those who review, not a client account.
    if (m_rights.insights && m_rights.review)
        m_nav_pages.insert(m_nav_pages.end(), {Planning, Assignments});
    if (m_rights.calibration)
        m_nav_pages.push_back(Calibration);
    // Disputes: the consultancy (opens on a client's behalf, decides) and a client's account.
    if (const DisputeRights d = dispute_rights(m_role); d.open || d.decide)
        m_nav_pages.push_back(Disputes);
    // Inbox: the alerts, for the consultancy and a client's account (its own client's).
    if (m_role != AccountRole::Shopper)
        m_nav_pages.push_back(Inbox);
    // Action plans: the consultancy edits them; a client's account its plans' actions and state.
    if ((m_rights.insights && m_rights.review) || m_role == AccountRole::Client)
        m_nav_pages.push_back(ActionPlans);
    // Recognition: what a client may thank for, to those who see figures (a client its own).
    if (m_rights.insights)
        m_nav_pages.push_back(Recognition);
    m_nav->Clear();
    for (Page p : m_nav_pages)
        m_nav->Append(p == Visits         ? "Visits"
                      : p == Scorecards   ? "Scorecards"
                      : p == Organisation ? "Organisation"
                      : p == Dashboard    ? "Dashboard"
                      : p == Trainings    ? "Trainings"
                      : p == Todo         ? "To do"
                      : p == Planning     ? "Planning"
                      : p == Assignments  ? "Assignments"
                      : p == Disputes     ? "Disputes"
                      : p == Inbox        ? "Inbox"
                      : p == ActionPlans  ? "Action plans"
                      : p == Recognition  ? "Recognition"
                      : p == Voice        ? "Customer voice"
                                          : "Calibration");
    const auto at = std::find(m_nav_pages.begin(), m_nav_pages.end(), shown);
    m_nav->SetSelection(at == m_nav_pages.end() ? 0 : static_cast<int>(at - m_nav_pages.begin()));
    // Windows left open by the previous account that this one may not use close (a designer
    // with unsaved changes stays, for its person to export them; the server refuses its save).
    for (wxWindow* child : GetChildren()) {
        if (auto* log = dynamic_cast<AuditLogFrame*>(child); log && !m_rights.audit_log)
            log->Destroy();
        if (auto* designer = dynamic_cast<DesignerFrame*>(child);
            designer && !m_rights.edit_scorecards && !designer->has_unsaved_changes())
            designer->Destroy();
    }
    m_visits->set_can_create(m_rights.create_visits);
    m_visits->set_can_review(m_rights.review);
    m_visits->set_can_dispute(dispute_rights(m_role).open);
    m_visit->set_can_dispute(dispute_rights(m_role).open);
    m_scorecards->set_can_edit(m_rights.edit_scorecards);
    m_org->set_can_edit(m_rights.edit_organisation);
    m_trainings->set_can_record(m_rights.record_trainings);
    m_visit->set_rights(m_rights.create_visits, m_rights.review);
}

bool MainFrame::open_database(const std::string& path, bool create) {
    if (storage::is_server_location(path))
        return connect_server(path);
    std::unique_ptr<storage::Store> store;
    std::error_code ec;
    if (!create && !std::filesystem::exists(path, ec)) {
        if (!confirm_create || !confirm_create(path))
            return false;
        create = true;
    }
    try {
        store = storage::open_sqlite(
            path, create ? storage::OpenMode::CreateOnDisk : storage::OpenMode::MustExist,
            storage::Checkpoints::Background);
    } catch (const std::exception&) {
        wxLogError("Could not open the database %s:\n%s\nCheck that the file is a VisitScore "
                   "database and that you may write to its folder.",
                   wxs(path), wxs(describe(std::current_exception())));
        return false;
    }
    m_connect_uri.clear();
    m_password.clear();
    adopt_store(std::move(store), path, create);
    return true;
}

void MainFrame::adopt_store(std::unique_ptr<storage::Store> store, const std::string& location,
                            bool create) {
    m_visit->close();
    m_visit->set_store(nullptr, "");
    m_store = std::move(store);
    m_path = location;
    m_on_server = storage::is_server_location(location);
    m_lost = false;
    m_visit->set_offline(false);
    m_banner->Dismiss();
    m_server_text.clear();
    m_account.clear();
    m_role = AccountRole::Desk;
    if (m_on_server) {
        try {
            if (const auto info = storage::server_info(*m_store)) {
                m_account = info->account;
                m_role = server_role(info->roles, info->role);
                // "ann (client of North)", "sam (shopper SH1)": who is connected as what.
                std::string as = info->account;
                if (m_role != AccountRole::Desk)
                    as += " (" + role_name(m_role) +
                          (m_role == AccountRole::Client && !info->client.empty()
                               ? " of " + info->client
                           : m_role == AccountRole::Shopper && !info->shopper.empty()
                               ? " " + info->shopper
                               : std::string()) +
                          ")";
                // Short enough to be read whole beside the other fields (update_title).
                m_server_text =
                    info->where + " · " + as + " · " + (info->encrypted ? "TLS" : "not encrypted");
            }
        } catch (const std::exception&) {
            // Who this is cannot be told: nothing beyond reading is offered (the server
            // decides anyway).
            m_role = AccountRole::None;
            m_server_text = "Server " + server_label(location);
        }
    }
    m_rights = rights_of(m_role);
    if (create && m_store->templates().empty()) {
        // A new database offers the bundled scorecards, so that New visit works at once.
        std::vector<std::pair<forms::Template, std::string>> bundled;
        for (const auto& [name, text] : templates::bundled())
            bundled.emplace_back(forms::parse_template(text, std::string(name)), std::string(name));
        m_store->add_templates(bundled);
    }
    ensure_who();
    const wxString rescored = m_rights.review ? offer_rescore() : wxString();
    m_visit->set_store(m_store.get(), who());
    point_pages_at(m_store.get(), false);
    apply_rights();
    if (!m_on_server)
        m_history->AddFileToHistory(wxs(location));
    try {
        m_seen = m_store->data_version();
    } catch (const std::exception&) {
        m_seen = {};
    }
    update_title();
    SetStatusText(rescored, 0);     // replaces what was said about the previous database
    show_page(m_nav_pages.front()); // a shopper's To do, else the visits
}

void MainFrame::point_pages_at(storage::Store* store, bool keep_visit) {
    m_visits_stale = false;
    if (keep_visit)
        m_visit->replace_store(store);
    // Each page takes the store before it reads anything: one that cannot read says why, and
    // none keeps the previous store.
    const std::vector<std::function<void()>> steps = {
        [&] {
            if (keep_visit)
                m_visits->replace_store(store);
            else
                m_visits->set_store(store);
        },
        [&] { m_scorecards->set_store(store); },
        [&] { m_org->set_store(store); },
        [&] { m_trainings->set_store(store); },
        [&] { m_calibration->set_store(store); },
        [&] {
            m_plan->set_store(store);
            m_plan->set_may_create(m_rights.insights && m_rights.review, m_rights.fees, who());
        },
        [&] {
            m_assignments->set_who(who());
            m_assignments->set_store(store, m_rights.fees, m_rights.review);
        },
        [&] {
            m_disputes->set_who(who());
            m_disputes->set_store(store, dispute_rights(m_role), m_role != AccountRole::Client);
        },
        [&] { m_inbox->set_store(store, m_rights.review); },
        [&] { m_action_plans->set_store(store, who(), m_role != AccountRole::Client); },
        [&] { m_recognition->set_store(store, m_role != AccountRole::Client); },
        [&] { m_voice->set_store(store); },
        [&] {
            m_todo->set_who(who());
            m_todo->set_store(store, m_on_server, m_rights.create_visits);
        },
        [&] { m_dashboard->set_store(store); }, // loads when first shown
        [&] {
            for (wxWindow* child : GetChildren()) { // the designer and the audit log follow
                if (auto* designer = dynamic_cast<DesignerFrame*>(child))
                    designer->set_store(store);
                if (auto* log = dynamic_cast<AuditLogFrame*>(child))
                    log->set_store(store);
            }
        },
    };
    for (const auto& step : steps) {
        try {
            step();
        } catch (...) {
            report_current_exception();
        }
    }
}

void MainFrame::connect_dialog() {
    ConnectDialog dlg(this, recent_servers());
    if (dlg.ShowModal() == wxID_OK)
        connect_server(dlg.uri());
}

std::vector<std::string> MainFrame::recent_servers() const {
    std::vector<std::string> recent;
    if (wxConfigBase* c = wxConfigBase::Get())
        for (int i = 1; i <= 8; ++i) {
            const wxString uri = c->Read(wxString::Format("/Servers/Recent%d", i), "");
            if (!uri.empty())
                recent.push_back(without_password(u8(uri)));
        }
    return recent;
}

bool MainFrame::connect_server(const std::string& uri) {
    const std::string shown = without_password(uri);
    // A password typed into the URI is used as one given in the dialog: for this connection.
    std::string password;
    if (has_password(uri)) {
        const auto at = uri.rfind('@');
        const auto colon = uri.find(':', uri.find("://") + 3);
        if (at != std::string::npos && colon != std::string::npos && colon < at)
            password = uri.substr(colon + 1, at - colon - 1);
    }
    // A server that does not answer is given up after a while rather than hanging the window.
    const std::string base = shown.find("connect_timeout=") == std::string::npos
                                 ? with_parameter(shown, "connect_timeout", "10")
                                 : shown;
    std::string attempt = has_password(uri) ? uri : base;
    std::unique_ptr<storage::Store> store;
    for (bool asked = false;;) {
        try {
            wxBusyCursor busy;
            store = open_server(attempt);
            break;
        } catch (const std::exception&) {
            const std::string why =
                scrub(replace_all(describe(std::current_exception()), attempt, shown), password);
            if (asks_for_password(why) && ask_password) {
                auto given = ask_password(shown, asked || !password.empty());
                if (!given)
                    return false;
                asked = true;
                password = *given;
                attempt = with_parameter(base, "password", password);
                continue;
            }
            wxLogError("Could not connect to the server database %s:\n%s\nCheck the address and "
                       "your account, and that the server is running and lets you in.",
                       wxs(server_label(shown)), wxs(why));
            return false;
        }
    }
    m_connect_uri = attempt;
    m_password = password;
    adopt_store(std::move(store), shown, false);
    if (wxConfigBase* c = wxConfigBase::Get()) {
        const std::vector<std::string> recent = remember_server(recent_servers(), shown);
        for (std::size_t i = 0; i < 8; ++i) {
            const wxString key = wxString::Format("/Servers/Recent%zu", i + 1);
            if (i < recent.size())
                c->Write(key, wxs(recent[i]));
            else
                c->DeleteEntry(key, false);
        }
        c->Flush();
    }
    return true;
}

void MainFrame::check_for_changes() {
    if (!m_store || progress_shown())
        return;
    if (m_lost) {
        if (++m_lost_ticks % kReconnectTicks == 0)
            reconnect();
        return;
    }
    storage::DataVersion now;
    try {
        now = m_store->data_version();
    } catch (const std::exception&) {
        const std::string why = scrub(describe(std::current_exception()), m_password);
        if (m_on_server && connection_lost_message(why))
            lose_connection(why);
        return; // a file being replaced, a backend without it: asked again on the next tick
    }
    if (now.others == m_seen.others) {
        m_seen = now;
        return;
    }
    m_seen = now;
    others_changed();
}

void MainFrame::others_changed() {
    const auto quietly = [](const std::function<void()>& step) {
        try {
            step();
        } catch (const std::exception&) {
            // Shown again on the next change, or when the person acts on the page.
        }
    };
    // The list runs its query again now when it is on screen, else when it is next shown (a
    // draft being typed saves every second or so, and counts as a change too on a server).
    m_visits_stale = true;
    if (m_book->GetSelection() == Visits)
        quietly([this] {
            m_visits_stale = false;
            m_visits->reload();
        });
    quietly([this] {
        if (m_book->GetSelection() == Visit && m_visit->refresh_from_store())
            m_visits->refresh_visit(m_visit->visit_id());
    });
    quietly([this] { m_dashboard->data_changed(); });
    quietly([this] { m_trainings->data_changed(); });
    quietly([this] { m_calibration->data_changed(); });
    quietly([this] { m_plan->data_changed(); });
    quietly([this] { m_assignments->data_changed(); });
    quietly([this] { m_disputes->data_changed(); });
    quietly([this] { m_action_plans->data_changed(); });
    quietly([this] { m_recognition->data_changed(); });
    quietly([this] { m_voice->data_changed(); });
    quietly([this] { m_inbox->data_changed(); });
    quietly([this] {
        if (m_book->GetSelection() == Todo)
            m_todo->reload();
    });
}

void MainFrame::lose_connection(const std::string& why) {
    if (m_lost)
        return;
    m_lost = true;
    m_lost_ticks = 0;
    m_visit->set_offline(true);
    m_banner->ShowMessage(wxs("Lost the connection to " + server_label(m_path) +
                              ". Your answers are kept on this computer and written when it "
                              "returns. Retrying…"),
                          wxICON_WARNING);
    SetStatusText(wxs("Connection lost at " + u8(wxDateTime::Now().FormatISOTime()) + ": " + why),
                  0);
}

bool MainFrame::reconnect() {
    if (!m_lost)
        return true;
    std::unique_ptr<storage::Store> fresh;
    try {
        fresh = open_server(m_connect_uri);
    } catch (const std::exception&) {
        SetStatusText(
            wxs("Still no connection (last try " + u8(wxDateTime::Now().FormatISOTime()) + "): " +
                scrub(replace_all(describe(std::current_exception()), m_connect_uri, m_path),
                      m_password)),
            0);
        return false;
    }
    // The pages move to the new connection with the open visit and its kept answers; the old
    // connection goes after them.
    std::unique_ptr<storage::Store> old = std::move(m_store);
    m_store = std::move(fresh);
    point_pages_at(m_store.get(), true);
    old.reset();
    m_lost = false;
    m_visit->set_offline(false);
    m_banner->Dismiss();
    const bool kept = m_visit->has_unsaved();
    const bool written = m_visit->flush();
    try {
        m_seen = m_store->data_version();
    } catch (const std::exception&) {
        m_seen = {};
    }
    SetStatusText(wxs("Connected again to " + server_label(m_path) +
                      (!kept     ? ""
                       : written ? "; the answers kept on this computer are written"
                                 : "; the answers kept on this computer could not be written")),
                  0);
    others_changed();
    return true;
}

wxString MainFrame::offer_rescore() {
    if (m_store->read_only())
        return "";
    try {
        const std::size_t older = services::visits_to_rescore(*m_store);
        if (older == 0 || !confirm_rescore || !confirm_rescore(older))
            return "";
        services::RescoreOptions options;
        options.who = who();
        services::RescoreSummary r;
        {
            WxProgress progress(this, "Rescoring visits");
            r = services::rescore(*m_store, options, &progress);
        }
        return wxString::Format("Rescored %zu visits with scoring rules %d: %zu moved (see the "
                                "audit log)",
                                r.checked, r.rules, r.changed);
    } catch (const Cancelled&) {
        return "Rescoring cancelled: the stored scores are as they were";
    } catch (const std::exception&) {
        wxLogError("Could not rescore the visits:\n%s\nNothing was changed.",
                   wxs(describe(std::current_exception())));
        return "";
    }
}

std::string MainFrame::who() {
    // On a server, everyone is their server account: the server's roles decide by it.
    if (m_store && m_on_server && !m_account.empty())
        return m_account;
    std::string login = u8(wxGetUserId());
    return m_store ? m_store->setting("user", login) : login;
}

bool MainFrame::ensure_who() {
    if (!m_store)
        return false;
    if (m_on_server)
        return true; // the server account (who())
    if (!m_store->setting("user", "").empty())
        return true;
    if (!ask_who || m_store->read_only())
        return false;
    // Asked once: cancelling keeps the login name, remembered like a typed one (Tools ▸
    // Settings changes it).
    const std::string login = u8(wxGetUserId());
    auto name = ask_who(login);
    const std::string chosen = name && !name->empty() ? *name : login;
    m_store->set_setting("user", chosen);
    m_visit->set_who(chosen);
    return true;
}

AuditLogFrame* MainFrame::open_audit_log() {
    if (!may(m_rights.audit_log, "read the audit log"))
        return nullptr;
    AuditLogFrame* log = nullptr;
    for (wxWindow* child : GetChildren())
        if (auto* l = dynamic_cast<AuditLogFrame*>(child); l && !l->IsBeingDeleted())
            log = l;
    if (!log) {
        log = new AuditLogFrame(this, m_store.get());
        log->on_open_visit = [this](std::int64_t id) {
            open_visit(id);
            Raise();
        };
    } else {
        log->reload();
    }
    log->Show();
    log->Raise();
    return log;
}

UserGuideFrame* MainFrame::open_user_guide() {
    UserGuideFrame* guide = nullptr;
    for (wxWindow* child : GetChildren())
        if (auto* g = dynamic_cast<UserGuideFrame*>(child); g && !g->IsBeingDeleted())
            guide = g;
    if (!guide)
        guide = new UserGuideFrame(this);
    guide->Show();
    guide->Raise();
    return guide;
}

void MainFrame::open_settings() {
    if (!m_store || !may(m_rights.settings, "change the database's settings"))
        return;
    SettingsDialog dlg(this, *m_store, who(), m_on_server);
    if (dlg.ShowModal() == wxID_OK) {
        m_visit->set_who(who());
        m_visits->reload(); // the integrity thresholds may have changed the queue's risk
    }
}

void MainFrame::update_title() {
    if (m_on_server) {
        SetTitle("VisitScore — " + wxs(server_label(m_path)) +
                 (m_role == AccountRole::Desk ? wxString() : wxs(" (" + role_name(m_role) + ")")));
        // The server, the account and its role whole: as wide as the text, leaving the
        // messages' field at least 260 pixels (a 1280-pixel window shows up to ~780).
        const int text = GetStatusBar()->GetTextExtent(wxs(m_server_text)).x + 32;
        const int widths[] = {-1, std::clamp(text, 300, std::max(300, GetClientSize().x - 500)),
                              240};
        SetStatusWidths(3, widths);
        SetStatusText(wxs(m_server_text), 1);
        return;
    }
    SetTitle("VisitScore — " + wxs(m_path));
    SetStatusText(wxs(m_path), 1);
}

void MainFrame::show_page(Page page) {
    if (page != Visit &&
        std::find(m_nav_pages.begin(), m_nav_pages.end(), page) == m_nav_pages.end())
        return; // a view the account may not see
    if (page != Visit && m_book->GetSelection() == Visit)
        m_visit->flush();
    if (page == Visits && m_visits_stale) {
        m_visits_stale = false; // others changed the data while another page was shown
        try {
            m_visits->reload();
        } catch (const std::exception&) {
            report_current_exception();
        }
    }
    if (page == Scorecards)
        m_scorecards->ensure_loaded(); // counting visits per scorecard waits until it is shown
    if (page == Organisation)
        m_org->ensure_loaded(); // likewise per organisation entry
    if (page == Dashboard || page == Trainings || page == Calibration || page == Planning ||
        page == Assignments || page == Disputes || page == Recognition || page == Voice)
        m_dashboard->ensure_loaded(); // the other views follow the dashboard's filter
    if (page == Todo)
        m_todo->reload();
    if (page == ActionPlans)
        m_action_plans->reload();
    m_book->ChangeSelection(static_cast<size_t>(page));
    if (page == Visit) {
        if (m_split->IsSplit()) {
            m_nav_sash = m_split->GetSashPosition();
            m_split->Unsplit(m_nav);
        }
    } else {
        if (!m_split->IsSplit())
            m_split->SplitVertically(m_nav, m_book, m_nav_sash);
        m_nav->SetSelection(static_cast<int>(
            std::find(m_nav_pages.begin(), m_nav_pages.end(), page) - m_nav_pages.begin()));
    }
}

bool MainFrame::dispute_visit(std::int64_t id) {
    if (!need_store() || !may(dispute_rights(m_role).open, "open disputes"))
        return false;
    std::optional<DisputableVisit> visit;
    try {
        visit = disputable_visit(*m_store, id);
    } catch (const std::exception&) {
        inform(wxs("This visit cannot be disputed:\n" + describe(std::current_exception())));
        return false;
    }
    DisputeDialog d(this, *m_store, std::move(*visit), who());
    if (run_dispute_dialog(d) != wxID_OK)
        return false;
    m_disputes->data_changed();
    std::string said = "Dispute opened on " + d.visit().label;
    for (const std::string& w : d.warnings())
        said += "; " + w;
    SetStatusText(wxs(said), 0);
    return true;
}

void MainFrame::open_visit(std::int64_t id) {
    m_visit->open(id);
    show_page(Visit);
    if (m_visit->editable() && m_visit->model()) {
        auto miss = m_visit->model()->missing();
        if (!miss.empty())
            if (wxWindow* w = m_visit->first_control(miss.front()))
                w->SetFocus();
    }
}

std::int64_t MainFrame::start_visit(const forms::Visit& header) {
    std::int64_t id = m_store->create_draft(header);
    m_visits->reload();
    open_visit(id);
    return id;
}

bool MainFrame::need_store() {
    if (m_store)
        return true;
    inform("No database is open, and visits, scorecards and the organisation are kept in one.\n\n"
           "Open a database (File \u25B8 Open database\u2026) or create one (File \u25B8 New "
           "database\u2026) first.");
    return false;
}

bool MainFrame::settle_unsaved() {
    for (wxWindow* child : GetChildren()) {
        auto* designer = dynamic_cast<DesignerFrame*>(child);
        if (!designer || designer->IsBeingDeleted() || !designer->has_unsaved_changes())
            continue;
        designer->Show();
        designer->Raise();
        switch (confirm_unsaved(designer, "The scorecard designer has changes that are not saved "
                                          "to the database. Save them before VisitScore closes?")) {
        case wxID_SAVE:
            if (!designer->save())
                return false; // the designer shows why; the app stays open
            break;
        case wxID_NO:
            designer->discard_changes();
            break;
        default:
            return false;
        }
    }
    return true;
}

void MainFrame::new_visit() {
    if (!may(m_rights.create_visits, "start visits") || !need_store())
        return;
    NewVisitDialog dlg(this, *m_store);
    if (dlg.ShowModal() == wxID_OK)
        start_visit(dlg.header());
}

std::int64_t MainFrame::start_from_assignment(const storage::Assignment& assignment) {
    if (!may(m_rights.create_visits, "start visits") || !need_store())
        return 0;
    // As it is now: the consultancy may have changed or cancelled it meanwhile.
    const std::optional<storage::Assignment> a = m_store->assignment(assignment.uuid);
    if (!a || !is_open_assignment(*a)) {
        m_todo->reload();
        inform(wxs("This assignment is " + (a ? a->status : std::string("no longer listed")) +
                   " now: no visit was started."));
        return 0;
    }
    // One visit per assignment: a draft already started for it is opened again.
    if (const auto drafts = drafts_by_assignment(*m_store); drafts.count(a->uuid)) {
        open_visit(drafts.at(a->uuid));
        return drafts.at(a->uuid);
    }
    forms::Visit header;
    try {
        header = visit_header_from(*m_store, *a, u8(wxDateTime::Now().Format("%Y-%m-%dT%H:%M:00")));
    } catch (const InputError& e) {
        inform(wxs(e.message()));
        return 0;
    }
    // The assignment is marked visited when the visit is submitted (services::submit): a draft
    // left unfinished leaves it open.
    const std::int64_t id = m_store->create_draft(header);
    m_visits->reload();
    m_todo->reload();
    open_visit(id);
    return id;
}

void MainFrame::open_bundle_dialog() {
    if (!may(m_rights.create_visits, "open assignment bundles") || !need_store())
        return;
    if (m_on_server) {
        inform("You are connected to the server: your assignments are listed in To do as the "
               "consultancy gives them, and no bundle is needed.");
        return;
    }
    wxFileDialog dlg(this, "Open assignment bundle", "", "",
                     "Assignment bundles (*.vsbundle;*.zip)|*.vsbundle;*.zip;*.VSBUNDLE;*.ZIP|"
                     "All files (*)|*",
                     wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dlg.ShowModal() == wxID_OK)
        open_assignment_bundle(u8(dlg.GetPath()));
}

bool MainFrame::open_assignment_bundle(const std::string& path) {
    if (!may(m_rights.create_visits, "open assignment bundles") || !need_store())
        return false;
    m_visit->flush();
    const wxString name = wxFileName(wxs(path)).GetFullName();
    services::BundleReport r;
    try {
        const services::BundleManifest manifest = services::read_bundle_manifest(path);
        if (manifest.kind != "assignments") {
            inform(name + " holds a shopper's visits (a return bundle), not assignments: the "
                          "consultancy imports it (visitscore-cli bundle import).");
            return false;
        }
        WxProgress progress(this, "Opening the assignment bundle");
        r = services::open_assignment_bundle(*m_store, path, &progress);
    } catch (const Cancelled&) {
        SetStatusText("Opening " + name + " cancelled", 0);
        return false;
    } catch (const std::exception&) {
        wxLogError("Could not open the assignment bundle %s:\n%s\nNothing was stored from it.",
                   wxs(path), wxs(describe(std::current_exception())));
        return false;
    }
    m_visits->set_store(m_store.get());
    m_org->reload();
    m_scorecards->reload();
    apply_rights(); // the page list gains To do
    show_page(Todo);
    SetStatusText(wxString::Format("%s: %zu assignments, %zu new scorecard versions", name,
                                   r.assignments, r.templates),
                  0);
    return true;
}

void MainFrame::send_visits() {
    if (!may(m_rights.create_visits, "send visits") || !need_store())
        return;
    if (m_on_server) {
        inform("You are connected to the server: your submitted visits are on it already, and "
               "the consultancy reviews them there. There is nothing to send.");
        return;
    }
    wxFileDialog dlg(this, "Send visits: save the return bundle", "",
                     wxDateTime::Now().Format("visits-%Y%m%d-%H%M.vsbundle"),
                     "Return bundles (*.vsbundle)|*.vsbundle|All files (*)|*",
                     wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dlg.ShowModal() == wxID_OK)
        send_visits_to(u8(dlg.GetPath()));
}

bool MainFrame::send_visits_to(const std::string& path) {
    if (!may(m_rights.create_visits, "send visits") || !need_store())
        return false;
    if (m_on_server) {
        inform("You are connected to the server: your submitted visits are on it already, and "
               "the consultancy reviews them there. There is nothing to send.");
        return false;
    }
    m_visit->flush(); // the bundle holds what is on screen
    services::BundleReport r;
    try {
        // Progress in a modal dialog, as for any long job: its window disabler reaches the
        // visit page's text boxes, which SteadyTextCtrl keeps sound (steady_text_ctrl.h).
        WxProgress progress(this, "Sending visits");
        r = services::write_return_bundle(*m_store, path, services::ReturnBundleRequest{},
                                          &progress);
    } catch (const Cancelled&) {
        SetStatusText("Sending visits cancelled: nothing was written", 0);
        return false;
    } catch (const InputError& e) {
        inform(wxs("Nothing was written: " + e.message() +
                   "\n\nOnly submitted visits not sent before are sent; submit your visits "
                   "first."));
        return false;
    } catch (const std::exception&) {
        wxLogError("Could not write the return bundle %s:\n%s", wxs(path),
                   wxs(describe(std::current_exception())));
        return false;
    }
    m_todo->reload();
    const wxString text = wxString::Format(
        "%zu visits and %zu photos written to %s. Give this file to the consultancy.",
        r.visits_added, r.photos_added, wxs(path));
    SetStatusText(text, 0);
    inform(text);
    return true;
}

void MainFrame::import_visits() {
    if (!may(m_rights.import_visits, "import visits") || !need_store())
        return;
    wxFileDialog dlg(this, "Import visits", "", "",
                     "Visit packages (*.json;*.csv)|*.json;*.csv;*.JSON;*.CSV|All files (*)|*",
                     wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dlg.ShowModal() != wxID_OK)
        return;
    // Read, checked and stored all or nothing as `visits import` does it (services/import.h).
    const services::VisitFile file = services::read_visit_file(u8(dlg.GetPath()));
    WxProgress progress(this, "Importing visits");
    storage::ImportReport r;
    try {
        r = services::import_visit_file(*m_store, file, &progress);
    } catch (const Cancelled&) {
        wxLogMessage("Import cancelled: nothing was imported.");
        return;
    }
    m_visits->set_store(m_store.get());
    m_org->reload();
    wxLogMessage("%s: %zu visits imported, %zu were already stored.", dlg.GetFilename(), r.added,
                 r.unchanged);
}

void MainFrame::import_scorecard() {
    if (!may(m_rights.edit_scorecards, "import scorecards") || !need_store())
        return;
    wxFileDialog dlg(this, "Import scorecard", "", "", "Scorecards (*.json)|*.json|All files (*)|*",
                     wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dlg.ShowModal() != wxID_OK)
        return;
    // Checked and stored as `template import` does it (services/import.h).
    const std::vector<services::TemplateFile> files =
        services::read_template_files({u8(dlg.GetPath())});
    const bool added = services::store_templates(*m_store, files).front();
    const forms::Template& t = files.front().tpl;
    m_scorecards->reload();
    wxLogMessage(added ? "Stored \"%s\" version %d." : "\"%s\" version %d was already stored.",
                 wxs(t.name), t.version);
}

DesignerFrame* MainFrame::open_designer(const std::string& id, int version) {
    if (!may(m_rights.edit_scorecards, "change scorecards"))
        return nullptr;
    DesignerFrame* designer = nullptr;
    for (wxWindow* child : GetChildren())
        if (auto* d = dynamic_cast<DesignerFrame*>(child); d && !d->IsBeingDeleted())
            designer = d;
    if (!designer) {
        designer = new DesignerFrame(this, m_store.get());
        designer->on_saved = [this] { m_scorecards->reload(); };
    }
    if (!id.empty())
        designer->open_stored(id, version);
    designer->Show();
    designer->Raise();
    return designer;
}

void MainFrame::backup() {
    if (!may(m_rights.backup, "copy the whole database") || !need_store())
        return;
    wxString name = wxDateTime::Now().Format("visitscore-backup-%Y%m%d-%H%M.db");
    wxFileDialog dlg(this, "Back up the database", "", name, "Databases (*.db)|*.db",
                     wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dlg.ShowModal() != wxID_OK)
        return;
    wxBusyCursor busy;
    backup_to(u8(dlg.GetPath()));
}

void MainFrame::backup_to(const std::string& path) {
    if (!m_store)
        return;
    m_visit->flush(); // the backup holds what is on screen
    // Owner-only; refused onto the database or its -wal, -shm or -journal file.
    m_store->backup(path);
    SetStatusText("Backed up to " + wxs(path), 0);
}

std::vector<ShortcutSection> MainFrame::keyboard_help_sections() const {
    // The pages' own keys, on the pages the account is offered.
    const auto offered = [this](Page p) {
        return std::find(m_nav_pages.begin(), m_nav_pages.end(), p) != m_nav_pages.end();
    };
    std::string pages;
    if (dispute_rights(m_role).open)
        pages += "On the visit list and a visit's page\n"
                 "  Ctrl+D\tdispute an answer of the selected (or open) released visit\n";
    if (offered(Disputes))
        pages += std::string("On the Disputes page\n") +
                 (dispute_rights(m_role).decide
                      ? "  Enter / Ctrl+Enter\tdecide the selected open point / open its visit\n"
                      : "  Enter\topen the selected point's visit\n");
    if (offered(Recognition))
        pages += "On the Recognition page\n"
                 "  Enter\topen the visit of the selected recognition\n";
    const std::string help = keyboard_help(m_rights.create_visits, m_rights.review);
    // Before "Everywhere", the last section of the form's help.
    const auto everywhere = help.rfind("Everywhere\n");
    return shortcut_sections(help.substr(0, everywhere) + pages + "\n" + help.substr(everywhere) +
                                 "\n\n" + date_field_keys(),
                             GetMenuBar(), [this](int id) { return allows(id); });
}

void MainFrame::show_keyboard_help() {
    ShortcutsDialog dlg(this, keyboard_help_sections());
    dlg.ShowModal();
}

void MainFrame::restore_geometry() {
    wxConfigBase* c = wxConfigBase::Get();
    if (!c)
        return;
    int x = c->ReadLong("/Window/X", -1), y = c->ReadLong("/Window/Y", -1);
    int w = c->ReadLong("/Window/W", 1280), h = c->ReadLong("/Window/H", 800);
    wxSize screen = wxGetDisplaySize();
    w = std::min(std::max(w, 960), screen.x);
    h = std::min(std::max(h, 600), screen.y);
    SetSize(w, h);
    if (x >= 0 && y >= 0 && x < screen.x - 100 && y < screen.y - 100)
        Move(x, y);
    if (c->ReadBool("/Window/Maximized", false))
        Maximize();
    m_nav_sash = c->ReadLong("/Window/NavSash", 170);
    m_split->SetSashPosition(m_nav_sash);
    m_visit->index_splitter()->SetSashPosition(c->ReadLong("/Window/IndexSash", 230));
    m_visit->score_splitter()->SetSashPosition(c->ReadLong("/Window/ScoreSash", -300));
}

void MainFrame::save_geometry() {
    wxConfigBase* c = wxConfigBase::Get();
    if (!c)
        return;
    c->Write("/Window/Maximized", IsMaximized());
    if (!IsMaximized() && !IsIconized()) {
        c->Write("/Window/X", GetPosition().x);
        c->Write("/Window/Y", GetPosition().y);
        c->Write("/Window/W", GetSize().x);
        c->Write("/Window/H", GetSize().y);
    }
    c->Write("/Window/NavSash", m_split->IsSplit() ? m_split->GetSashPosition() : m_nav_sash);
    c->Write("/Window/IndexSash", m_visit->index_splitter()->GetSashPosition());
    // Store the score panel's width from the right edge, so that it survives resizing.
    wxSplitterWindow* s = m_visit->score_splitter();
    c->Write("/Window/ScoreSash", s->GetSashPosition() - s->GetClientSize().x);
    c->Flush();
}

void MainFrame::shopper_statements() {
    if (!may(m_rights.fees, "read shopper fees") || !need_store())
        return;
    m_visit->flush();
    const wxString month =
        wxGetTextFromUser("The month of the statements (YYYY-MM): each shopper's approved visits "
                          "of that month with their fees.",
                          "Shopper statements", wxDateTime::Now().Format("%Y-%m"), this);
    if (month.empty())
        return;
    if (!services::valid_month(u8(month))) {
        wxMessageBox("\"" + month + "\" is not a month as YYYY-MM.", "Shopper statements",
                     wxOK | wxICON_WARNING, this);
        return;
    }
    wxFileDialog dlg(this, "Save the shopper statements", "", "shopper-statements-" + month,
                     "Workbook (*.xlsx)|*.xlsx|CSV (*.csv)|*.csv",
                     wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dlg.ShowModal() != wxID_OK)
        return;
    std::string path = u8(dlg.GetPath());
    const std::string ext = dlg.GetFilterIndex() == 1 ? ".csv" : ".xlsx";
    if (path.size() < ext.size() || path.compare(path.size() - ext.size(), ext.size(), ext) != 0)
        path += ext;
    try {
        wxBusyCursor busy;
        const auto st = services::fee_statements(*m_store, u8(month));
        services::write_statements_file(path, st);
        SetStatusText(wxs("Shopper statements written: " + std::to_string(st.shoppers.size()) +
                          " shoppers, total " + exports::format_cents(st.total_cents) + " " +
                          st.currency),
                      0);
    } catch (const std::exception&) {
        wxMessageBox(wxs(describe(std::current_exception())), "Shopper statements",
                     wxOK | wxICON_ERROR, this);
    }
}

void MainFrame::client_report() {
    if (!may(m_rights.insights, "write client reports") || !need_store())
        return;
    m_visit->flush();
    m_dashboard->ensure_loaded();
    ReportDialog dlg(this, *m_store, m_dashboard->dashboard()->filter());
    if (dlg.ShowModal() == wxID_OK)
        SetStatusText(wxString::Format("Client report written: %zu visits", dlg.written()), 0);
}

} // namespace vs::app
