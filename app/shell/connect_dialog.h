#pragma once
// File ▸ Connect to server…: a PostgreSQL server database, as a connection URI
// (postgresql://user@host:port/database) or its parts, with the recent servers to pick from;
// and the password prompt shown when the server asks for a password that libpq found nowhere
// (~/.pgpass, PGPASSWORD). A password lives in memory for one connection, never in a file.

#include <optional>
#include <string>
#include <vector>
#include <wx/dialog.h>

class wxListBox;
class wxStaticText;
class wxTextCtrl;

namespace vs::app {

class ConnectDialog : public wxDialog {
  public:
    /// `recent`: the servers connected to before (no passwords), the first one filled in.
    ConnectDialog(wxWindow* parent, const std::vector<std::string>& recent);

    /// The URI to connect to as written (a password in it is used for this connection only).
    std::string uri() const;
    /// Checks what the dialog shows; false, saying why in the dialog, when it names no server.
    bool validate();
    /// Fills the fields from a URI (as choosing a recent server does).
    void set_uri(const std::string& uri);

    wxTextCtrl* uri_box() const { return m_uri; }
    wxTextCtrl* host_box() const { return m_host; }
    wxTextCtrl* port_box() const { return m_port; }
    wxTextCtrl* database_box() const { return m_database; }
    wxTextCtrl* user_box() const { return m_user; }
    wxListBox* recent_list() const { return m_recent; }
    wxString problem() const;

  private:
    void parts_from_uri();
    void uri_from_parts();

    std::vector<std::string> m_recent_uris;
    wxListBox* m_recent = nullptr;
    wxTextCtrl* m_uri = nullptr;
    wxTextCtrl* m_host = nullptr;
    wxTextCtrl* m_port = nullptr;
    wxTextCtrl* m_database = nullptr;
    wxTextCtrl* m_user = nullptr;
    wxStaticText* m_problem = nullptr;
    bool m_syncing = false;
};

/// Asks for the password of `account` on `server` (a password field); nullopt when cancelled.
/// `refused`: the server refused the password given before.
std::optional<std::string> ask_server_password(wxWindow* parent, const std::string& server,
                                               bool refused);

} // namespace vs::app
