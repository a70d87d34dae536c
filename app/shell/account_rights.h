#pragma once
// What the person working may do in the app (ROLES.md): on a SQLite file the person at the desk
// may do everything; on a server, what their account's role allows. The app hides or greys out
// the rest, so that nobody meets a refusal for an action the app offered; the server still
// refuses it on its own (its roles, grants and row-level security are the real guard).

#include <string>

namespace vs::app {

/// Who the person working is to the database.
enum class AccountRole {
    Desk,     ///< a SQLite file, or a server database without roles: every action
    Admin,    ///< everything, server users and copies included
    Reviewer, ///< visits and reviews, reports; no scorecards, organisation or copies
    Shopper,  ///< their own visits until submitted; no reviews, reports or insights
    Client,   ///< their client's approved visits and insights; reads only
    None,     ///< a server account with no role in this database: reads what it may
};

/// The actions of the app, each allowed or not.
struct AccountRights {
    bool create_visits = true;     ///< New visit; answering and submitting drafts
    bool import_visits = true;     ///< File ▸ Import visits
    bool review = true;            ///< approve, return, exclude, reopen, change reviewed visits
    bool edit_scorecards = true;   ///< import scorecards, the designer, new versions
    bool edit_organisation = true; ///< add, edit, deactivate, import the organisation
    bool record_trainings = true;  ///< Trainings ▸ Record training
    bool insights = true;          ///< the dashboard, trainings and client reports
    bool calibration = true;       ///< the calibration view (the shoppers' agreement)
    bool audit_log = true;         ///< Tools ▸ Audit log
    bool settings = true;          ///< Tools ▸ Settings (the database's settings)
    bool backup = true;            ///< copies of the whole database
    bool fees = true;              ///< File ▸ Shopper statements (every shopper's fees)
};

/// The role of a server account as the server names it ("admin", "reviewer", "shopper",
/// "client"); None for anything else (an account with no role here). `roles` false: the
/// database has no roles set up, Desk.
AccountRole server_role(bool roles, const std::string& role);

/// What `role` may do.
AccountRights rights_of(AccountRole role);

/// The role as a person reads it: "admin", "reviewer", "shopper", "client", "no role" ("" for
/// Desk).
std::string role_name(AccountRole role);

} // namespace vs::app
