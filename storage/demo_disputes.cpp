#include "storage/demo_disputes.h"

#include "forms/dates.h"
#include "storage/store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <pqxx/pqxx>

namespace vs::storage {
namespace {

bool is_time(const std::string& t) {
    return t.size() == 20 && t[10] == 'T' && t[19] == 'Z' &&
           forms::parse_day(t.substr(0, 10)).has_value();
}

void check(const std::vector<DisputeDates>& dates) {
    for (const DisputeDates& d : dates)
        if (!is_time(d.opened_at) || (!d.decided_at.empty() && !is_time(d.decided_at)) ||
            (!d.decided_at.empty() && d.decided_at < d.opened_at))
            throw StorageError("dispute " + std::to_string(d.id) + ": \"" + d.opened_at +
                               "\" to \"" + d.decided_at +
                               "\" are not UTC times (YYYY-MM-DDTHH:MM:SSZ) in order");
}

std::string missing(std::int64_t id) {
    return "dispute " + std::to_string(id) + " is not in the database; no dispute was dated";
}

} // namespace

void date_demo_disputes(const std::string& location, const std::vector<DisputeDates>& dates) {
    check(dates);
    if (dates.empty())
        return;
    if (!is_server_location(location)) {
        SQLite::Database db(location, SQLite::OPEN_READWRITE);
        db.exec("PRAGMA busy_timeout = 10000");
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement up(db, "UPDATE disputes SET opened_at = ?, decided_at = CASE WHEN ? = "
                                 "'' THEN decided_at ELSE ? END WHERE id = ?");
        for (const DisputeDates& d : dates) {
            up.bind(1, d.opened_at);
            up.bind(2, d.decided_at);
            up.bind(3, d.decided_at);
            up.bind(4, static_cast<int64_t>(d.id));
            if (up.exec() != 1)
                throw StorageError(missing(d.id));
            up.reset();
        }
        tx.commit();
        return;
    }
    try {
        pqxx::connection conn(location);
        pqxx::work tx(conn);
        // The rules keep a point's opening and a decision fixed for every account; an admin's
        // purge may rewrite them in its own transaction, and so may the admin's demo here.
        tx.exec("SET LOCAL visitscore.purging = 'on'");
        for (const DisputeDates& d : dates)
            if (tx.exec_params("UPDATE disputes SET opened_at = $2, decided_at = CASE WHEN $3 = "
                               "'' THEN decided_at ELSE $3 END WHERE id = $1",
                               d.id, d.opened_at, d.decided_at)
                    .affected_rows() != 1)
                throw StorageError(missing(d.id));
        tx.exec("SET LOCAL visitscore.purging = 'off'");
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw StorageError(std::string("dating the demo's dispute points: ") + e.what());
    }
}

} // namespace vs::storage
