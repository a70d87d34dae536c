#pragma once
// The main window: menu bar, toolbar, status bar, the navigation between Visits, Scorecards
// and Organisation, and the visit page. Remembers its geometry and splitter positions. Works on
// a SQLite file or a server database (File ▸ Connect to server…): twice a second it asks the
// store whether others changed the data and shows their changes; when a server's connection
// is lost it says so in a banner, keeps the answers typed meanwhile and connects again. On a
// server it offers only what the account's role may do (account_rights.h) and says who is
// connected as what.

#include "app/shell/account_rights.h"
#include "app/shell/menu_keys.h"
#include "storage/store.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <wx/frame.h>
#include <wx/timer.h>

class wxFileHistory;
class wxInfoBar;
class wxListBox;
class wxSimplebook;
class wxSplitterWindow;

namespace vs::app {

class VisitsPage;
class VisitPage;
class OrganisationPage;
class ScorecardsPage;
class DesignerFrame; // the scorecard designer window
class DashboardPage; // first of the trainer and consultancy views
class TrainingView;
class CalibrationView;
class PlanView; // visit planning by precision (SCORING.md §9)
class AuditLogFrame;
class UserGuideFrame;
class TodoPage;        // a shopper's assignments and the visits sent
class AssignmentsPage; // the consultancy's assignments
class DisputesPage;    // disputes of released visits and their statistics
class InboxPage;       // the alerts' notifications
class DisputeDialog;
class ActionPlansPage; // the branches' action plans after failed visits
class RecognitionPage; // visits and staff that went beyond the scorecard
class VoiceView;       // customer voice: which behaviours go with what customers say

class MainFrame : public wxFrame {
  public:
    enum Page {
        Visits,
        Scorecards,
        Organisation,
        Visit,
        Dashboard,
        Trainings,
        Calibration,
        Todo,
        Planning,
        Assignments,
        Disputes,
        Inbox,
        ActionPlans,
        Recognition,
        Voice
    };

    /// Opens `db_path` (asking before creating one where there is none); an empty path opens
    /// nothing.
    explicit MainFrame(const std::string& db_path);
    ~MainFrame() override;

    /// Opens another database; shows why when it cannot (and keeps the current one). Where
    /// there is no database yet, one is created only when `create` says so or the person
    /// agrees (confirm_create). A postgresql:// URI connects to that server (connect_server).
    bool open_database(const std::string& path, bool create = false);
    /// File ▸ Connect to server…: asks for a server database (ConnectDialog) and connects.
    void connect_dialog();
    /// Connects to a server database (a postgresql:// URI); when the server wants a password
    /// that libpq found nowhere, asks for it (ask_password) and uses it in memory only. Shows
    /// why when it cannot (and keeps the current database). Remembers the server (no password).
    bool connect_server(const std::string& uri);
    /// Asks for the password of the server `uri` (`refused`: the one given before was
    /// refused); nullopt when cancelled. A password dialog; replaceable, for tests.
    std::function<std::optional<std::string>(const std::string& uri, bool refused)> ask_password;
    /// Opens a server database (storage::open_store, MustExist); replaceable, for tests.
    std::function<std::unique_ptr<storage::Store>(const std::string& uri)> open_server;
    /// The servers connected to before, newest first, without passwords.
    std::vector<std::string> recent_servers() const;
    /// Whether the open database is on a server.
    bool on_server() const { return m_on_server; }
    /// What the person working is to the database: Desk on a SQLite file, else the server
    /// account's role.
    AccountRole role() const { return m_role; }
    /// What the person working may do; the menus, toolbar, pages and keys offer only that.
    const AccountRights& rights() const { return m_rights; }
    /// Whether the server's connection is lost (the banner shows; answers are kept in memory).
    bool connection_lost() const { return m_lost; }
    /// The banner that says the connection is lost.
    wxInfoBar* banner() const { return m_banner; }
    /// What the half-second timer does: asks the store whether others changed the data and, when
    /// they did, shows it in the visit list, the open visit and the dashboard; while the
    /// server's connection is lost, connects again every few seconds.
    void check_for_changes();
    /// Connects again to the lost server; true when it is back and the answers kept meanwhile
    /// are written.
    bool reconnect();
    /// Asks whether to create a database at a path that has none (a yes/no message box);
    /// replaceable, for tests.
    std::function<bool(const std::string& path)> confirm_create;
    /// Tells a person something they need to know (a message box); replaceable, for tests.
    std::function<void(const wxString& message)> inform;
    /// What to do with a window's unsaved work before the app closes: wxID_SAVE, wxID_NO (discard)
    /// or wxID_CANCEL (keep the app open). A Save / Discard / Cancel message box; replaceable,
    /// for tests.
    std::function<int(wxWindow* window, const wxString& question)> confirm_unsaved;
    /// Asks whether to rescore the `visits` whose stored scores older scoring rules made, when
    /// a database is opened (a yes/no message box); replaceable, for tests.
    std::function<bool(std::size_t visits)> confirm_rescore;
    storage::Store* store() { return m_store.get(); }
    const std::string& database_path() const { return m_path; }
    /// Who works here (the audit log's "who"): the server account on a server, else the
    /// database's "user" setting, else the login.
    std::string who();
    /// Asks who is working (suggesting the login name); nullopt when cancelled. Empty (the
    /// default): never asked, the login name is used. The app sets the dialog.
    std::function<std::optional<std::string>(const std::string& suggestion)> ask_who;
    /// Asks who is working once per database: when it has no "user" setting yet and ask_who
    /// is set, stores the answer (the login name when cancelled). True when the database knows
    /// who works here.
    bool ensure_who();
    /// Tools ▸ Audit log: opens the audit log window (or brings it forward).
    AuditLogFrame* open_audit_log();
    /// Help ▸ User guide: opens the guide's window (or brings it forward).
    UserGuideFrame* open_user_guide();
    /// Tools ▸ Settings: the database's settings (who works here, self-approval).
    void open_settings();

    void show_page(Page page);
    /// Opens a visit in the visit page.
    void open_visit(std::int64_t id);
    /// Creates a draft from a header and opens it; returns its id.
    std::int64_t start_visit(const forms::Visit& header);
    /// Asks for a new visit's header (dialog) and starts it.
    void new_visit();
    /// Starts a visit from an assignment: its client, branch, scorecard version, shopper and
    /// uuid fill the header (and stay), the assignment is marked visited; opens it. Returns its
    /// id; 0 when refused (the assignment changed meanwhile, or the database lacks a part).
    std::int64_t start_from_assignment(const storage::Assignment& assignment);
    /// File ▸ Open assignment bundle…: opens a shopper's assignment bundle (services/bundle.h)
    /// in the open database, with progress, and shows the To do page; says why when it cannot.
    bool open_assignment_bundle(const std::string& path);
    /// File ▸ Send visits…: writes the submitted visits not sent yet, with their photos, into
    /// a return bundle at `path`. On a server nothing is written: the visits are there already,
    /// and it says so.
    bool send_visits_to(const std::string& path);
    TodoPage* todo_page() const { return m_todo; }

    VisitsPage* visits_page() const { return m_visits; }
    VisitPage* visit_page() const { return m_visit; }
    OrganisationPage* organisation_page() const { return m_org; }
    DashboardPage* dashboard_page() const { return m_dashboard; }
    TrainingView* trainings_page() const { return m_trainings; }
    CalibrationView* calibration_page() const { return m_calibration; }
    PlanView* planning_page() const { return m_plan; }
    AssignmentsPage* assignments_page() const { return m_assignments; }
    DisputesPage* disputes_page() const { return m_disputes; }
    ActionPlansPage* action_plans_page() const { return m_action_plans; }
    InboxPage* inbox_page() const { return m_inbox; }
    RecognitionPage* recognition_page() const { return m_recognition; }
    VoiceView* voice_page() const { return m_voice; }
    /// Disputes a released visit (DisputeDialog, shown through run_dispute_dialog); true when a
    /// point was opened. Says why when the visit cannot be disputed.
    bool dispute_visit(std::int64_t id);
    /// Shows the dispute dialog (default: ShowModal); the GUI tests answer it instead.
    std::function<int(DisputeDialog&)> run_dispute_dialog;
    /// Asks for a client report (client, period, branches, options) and writes it.
    void client_report();
    /// Asks for a month and a file and writes every shopper's fee statement (admin only).
    void shopper_statements();
    ScorecardsPage* scorecards_page() const { return m_scorecards; }
    /// Opens the scorecard designer (or brings it forward), optionally on a stored version;
    /// null when the account may not change scorecards.
    DesignerFrame* open_designer(const std::string& id = "", int version = 0);
    /// The recently opened databases (File ▸ Open recent).
    wxFileHistory* history() const { return m_history.get(); }
    /// The splitter between the navigation and the pages.
    wxSplitterWindow* nav_splitter() const { return m_split; }
    /// The pages the page list offers, in its order (the insights only to those who may see
    /// figures).
    const std::vector<Page>& nav_pages() const { return m_nav_pages; }
    /// Help ▸ Keyboard shortcuts' table: the keys the account may use, by the rights that grey
    /// out the menu items and set up the visit page (a client's has no form keys, no Ctrl+N).
    std::vector<ShortcutSection> keyboard_help_sections() const;

    /// Saves pending edits and copies the database to `path` (owner-only, 0600); a consistent
    /// snapshot even while the app keeps working on it.
    void backup_to(const std::string& path);

  private:
    /// On opening a database with scores made by older scoring rules: asks (confirm_rescore)
    /// and rescores them with a progress dialog. Returns what to say in the status bar.
    wxString offer_rescore();
    void build_menu();
    void build_toolbar();
    /// Offers what m_rights allows: the menus, the toolbar, the page list and the pages.
    void apply_rights();
    /// Whether the account may do the menu command `id` (database or not).
    bool allows(int id) const;
    /// True when the account may do what `allowed` says; else says so in the status bar.
    bool may(bool allowed, const char* what);
    void restore_geometry();
    void save_geometry();
    void import_visits();
    void open_bundle_dialog();
    void send_visits();
    void import_scorecard();
    void backup();
    void show_keyboard_help();
    void update_title();
    /// Makes `store` the open database (every page and window follows it).
    void adopt_store(std::unique_ptr<storage::Store> store, const std::string& location,
                     bool created);
    /// Points every page and window at the store (a failing page says why; the others follow).
    void point_pages_at(storage::Store* store, bool keep_visit);
    /// The server's connection is lost: the banner, and answers kept in memory.
    void lose_connection(const std::string& why);
    /// Others changed the data: the visit list, the open visit and the dashboard show it.
    void others_changed();
    /// True when a database is open; else says that the action needs one.
    bool need_store();
    /// Asks about every window with unsaved work; false when the person cancels.
    bool settle_unsaved();

    std::unique_ptr<storage::Store> m_store;
    std::string m_path; ///< the file, or the server's URI without a password
    bool m_on_server = false;
    /// The server's URI as connected with, a password given in the dialog included: in memory
    /// only, to connect again after a lost connection.
    std::string m_connect_uri;
    std::string m_password;    ///< the same password, to keep it out of messages
    std::string m_server_text; ///< the status bar's server, account and encryption
    std::string m_account;     ///< the server account, who works here on a server
    AccountRole m_role = AccountRole::Desk;
    AccountRights m_rights;
    bool m_lost = false;
    int m_lost_ticks = 0;
    storage::DataVersion m_seen; ///< what data_version said when last checked
    bool m_visits_stale = false; ///< others changed the data while the list was not shown
    wxTimer m_watch;
    wxInfoBar* m_banner = nullptr;
    wxSplitterWindow* m_split = nullptr;
    wxListBox* m_nav = nullptr;
    wxSimplebook* m_book = nullptr;
    VisitsPage* m_visits = nullptr;
    ScorecardsPage* m_scorecards = nullptr;
    OrganisationPage* m_org = nullptr;
    VisitPage* m_visit = nullptr;
    DashboardPage* m_dashboard = nullptr;
    TrainingView* m_trainings = nullptr;
    CalibrationView* m_calibration = nullptr;
    TodoPage* m_todo = nullptr;
    PlanView* m_plan = nullptr;
    AssignmentsPage* m_assignments = nullptr;
    DisputesPage* m_disputes = nullptr;
    ActionPlansPage* m_action_plans = nullptr;
    InboxPage* m_inbox = nullptr;
    RecognitionPage* m_recognition = nullptr;
    VoiceView* m_voice = nullptr;
    std::vector<Page> m_nav_pages{Visits, Scorecards, Organisation}; ///< the page of each nav row
    std::unique_ptr<wxFileHistory> m_history;
    int m_nav_sash = 170;
};

} // namespace vs::app
