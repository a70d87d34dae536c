#pragma once
// Adds or edits one assignment: client, branch, scorecard version, scenario, window, shopper
// (with the shopper the rules propose: home region first, then load, never within the lockout
// or where the shopper is known), fee (only for an account that may read fees) and note. The
// service checks it; an error is shown under the fields naming the field, and that field gets
// the focus. A row-version conflict ends the dialog with wxID_ABORT (conflict() says what).

#include "storage/store.h"

#include <optional>
#include <string>
#include <vector>
#include <wx/dialog.h>

class wxButton;
class wxChoice;
class wxStaticText;
class wxTextCtrl;

namespace vs::app {

class DateCtrl;

class AssignmentDialog : public wxDialog {
  public:
    /// `existing`: the assignment edited (as listed, with its row version); none to add one for
    /// `client` (or the first client). `show_fees`: the fee field is offered.
    AssignmentDialog(wxWindow* parent, storage::Store& store,
                     const std::optional<storage::Assignment>& existing, const std::string& client,
                     bool show_fees, const std::string& who);

    /// Checks and stores the assignment; false with the error shown (or a conflict, conflict()
    /// not empty). The OK button does this and closes the dialog when it succeeds.
    bool save();
    /// Asks the rules for a shopper for the branch and window and selects them; the reason
    /// under the shopper when none fits.
    void propose();

    const storage::Assignment& saved() const { return m_saved; }
    /// What to say of a row-version conflict met by save() ("" when none).
    const std::string& conflict() const { return m_conflict; }
    /// The error shown under the fields ("" when none) and the field it names.
    std::string error() const;
    const std::string& error_field() const { return m_error_field; }

    wxChoice* client() const { return m_client; }
    wxChoice* branch() const { return m_branch; }
    wxChoice* scorecard() const { return m_scorecard; }
    wxTextCtrl* scenario() const { return m_scenario; }
    DateCtrl* window_from() const { return m_from; }
    DateCtrl* window_to() const { return m_to; }
    wxChoice* shopper() const { return m_shopper; }
    wxStaticText* proposal() const { return m_proposal; }
    wxTextCtrl* fee() const { return m_fee; }
    wxTextCtrl* note() const { return m_note; }
    /// Selects the entry of a choice whose code (the text before the first space) is `code`.
    static bool select_code(wxChoice* choice, const std::string& code);

  private:
    void fill_client();
    std::string code_of(wxChoice* choice) const;
    void show_error(const std::string& field, const std::string& message);

    storage::Store& m_store;
    std::optional<storage::Assignment> m_existing;
    bool m_show_fees;
    std::string m_who;
    storage::Assignment m_saved;
    std::string m_conflict;
    std::string m_error_field;
    std::vector<std::pair<std::string, int>> m_versions; ///< scorecard choice → (id, version)
    wxChoice* m_client = nullptr;
    wxChoice* m_branch = nullptr;
    wxChoice* m_scorecard = nullptr;
    wxTextCtrl* m_scenario = nullptr;
    DateCtrl* m_from = nullptr;
    DateCtrl* m_to = nullptr;
    wxChoice* m_shopper = nullptr;
    wxButton* m_propose = nullptr;
    wxStaticText* m_proposal = nullptr;
    wxTextCtrl* m_fee = nullptr;
    wxTextCtrl* m_note = nullptr;
    wxStaticText* m_error = nullptr;
};

} // namespace vs::app
