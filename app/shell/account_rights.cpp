#include "app/shell/account_rights.h"

namespace vs::app {

AccountRole server_role(bool roles, const std::string& role) {
    if (!roles)
        return AccountRole::Desk;
    if (role == "admin")
        return AccountRole::Admin;
    if (role == "reviewer")
        return AccountRole::Reviewer;
    if (role == "shopper")
        return AccountRole::Shopper;
    if (role == "client")
        return AccountRole::Client;
    return AccountRole::None;
}

AccountRights rights_of(AccountRole role) {
    AccountRights r; // the desk and an admin: everything
    switch (role) {
    case AccountRole::Desk:
    case AccountRole::Admin:
        break;
    case AccountRole::Reviewer:
        // Trainings: a reviewer records them as the server lets a reviewer add rows.
        r.edit_scorecards = false;
        r.edit_organisation = false;
        r.settings = false;
        r.backup = false;
        r.fees = false; // ROLES.md: reviewers never read fees
        break;
    case AccountRole::Shopper:
        // Their own visits until submitted; their audit entries. An import would add clients,
        // branches and staff, which only the office adds.
        r.import_visits = false;
        r.review = false;
        r.edit_scorecards = false;
        r.edit_organisation = false;
        r.record_trainings = false;
        r.insights = false;
        r.calibration = false;
        r.settings = false;
        r.backup = false;
        r.fees = false; // their own fees reach them as a statement file from the office
        break;
    case AccountRole::Client:
        // Their client's approved visits and figures; the shoppers' calibration is the
        // consultancy's own business (a client never sees a shopper).
        r = AccountRights{false, false, false, false, false, false,
                          true,  false, false, false, false};
        r.fees = false; // never
        break;
    case AccountRole::None:
        r = AccountRights{false, false, false, false, false, false,
                          false, false, false, false, false};
        r.fees = false;
        break;
    }
    return r;
}

std::string role_name(AccountRole role) {
    switch (role) {
    case AccountRole::Desk:
        return "";
    case AccountRole::Admin:
        return "admin";
    case AccountRole::Reviewer:
        return "reviewer";
    case AccountRole::Shopper:
        return "shopper";
    case AccountRole::Client:
        return "client";
    case AccountRole::None:
        return "no role";
    }
    return "";
}

} // namespace vs::app
