// AssignmentStore of the PostgreSQL backend. The server's rules (pg_server.cpp) decide who reads
// and changes what: staff plan assignments, a shopper reads their own and accepts or declines
// them, a client has no right on them. Fees are read in a query of their own, and only by an
// account the server lets read assignment_fees (an admin; a shopper, their own rows): a
// reviewer's listing then carries no fees instead of being refused.

#include "forms/error.h"
#include "storage/assignment_checks.h"
#include "storage/audit_chain.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"

#include <map>

namespace vs::storage {
namespace {

constexpr const char* kAssignmentSelect =
    "SELECT a.id, a.uuid, c.name, b.code, t.code, t.version, a.scenario, a.window_from, "
    "a.window_to, s.code, a.status, a.visit_uuid, a.note, a.updated_at "
    "FROM assignments a JOIN clients c ON c.id = a.client_id "
    "JOIN branches b ON b.id = a.branch_id JOIN templates t ON t.id = a.template_id "
    "LEFT JOIN shoppers s ON s.id = a.shopper_id ";

constexpr const char* kFilter = "WHERE ($1 = '' OR c.name = $1) AND ($2 = '' OR s.code = $2) "
                                "AND ($3 = '' OR a.window_to >= $3) AND ($4 = '' OR "
                                "a.window_from <= $4)";

Assignment read_assignment(const pqxx::row& row, const std::string& today) {
    Assignment a;
    a.id = row[0].as<std::int64_t>();
    a.uuid = text_or_empty(row[1]);
    a.client = text_or_empty(row[2]);
    a.branch = text_or_empty(row[3]);
    a.template_id = text_or_empty(row[4]);
    a.template_version = row[5].as<int>();
    a.scenario = text_or_empty(row[6]);
    a.window_from = text_or_empty(row[7]);
    a.window_to = text_or_empty(row[8]);
    a.shopper = text_or_empty(row[9]);
    a.stored_status = text_or_empty(row[10]);
    a.status = effective_assignment_status(a.stored_status, a.window_to, today);
    a.visit_uuid = text_or_empty(row[11]);
    a.note = text_or_empty(row[12]);
    a.updated_at = text_or_empty(row[13]);
    return a;
}

/// Whether the connected account may read assignment_fees at all.
bool reads_fees(pqxx::transaction_base& tx) {
    return tx.exec("SELECT has_table_privilege('assignment_fees', 'SELECT')")[0][0].as<bool>();
}

/// Fills the fees of `items` that the account may read.
void add_fees(pqxx::transaction_base& tx, std::vector<Assignment>& items) {
    if (items.empty() || !reads_fees(tx))
        return;
    std::string ids = "{";
    for (const Assignment& a : items)
        ids += (ids.size() > 1 ? "," : "") + std::to_string(a.id);
    ids += "}";
    std::map<std::int64_t, std::int64_t> fees;
    for (const auto& row :
         tx.exec_params("SELECT assignment_id, fee_cents FROM assignment_fees WHERE "
                        "assignment_id = ANY ($1::bigint[])",
                        ids))
        fees[row[0].as<std::int64_t>()] = row[1].as<std::int64_t>();
    for (Assignment& a : items)
        if (auto it = fees.find(a.id); it != fees.end())
            a.fee_cents = it->second;
}

std::int64_t client_id(pqxx::transaction_base& tx, const std::string& client,
                       const std::string& at) {
    const pqxx::result r = tx.exec_params("SELECT id FROM clients WHERE name = $1", client);
    if (r.empty())
        throw InputError("", at, "unknown client \"" + client + "\"");
    return r[0][0].as<std::int64_t>();
}

std::int64_t coded_id(pqxx::transaction_base& tx, const char* table, std::int64_t client,
                      const std::string& code, const std::string& what, const std::string& at) {
    const pqxx::result r = tx.exec_params(std::string("SELECT id FROM ") + table +
                                              " WHERE client_id = $1 AND code = $2",
                                          client, code);
    if (r.empty())
        throw InputError("", at, "unknown " + what + " \"" + code + "\"");
    return r[0][0].as<std::int64_t>();
}

std::optional<std::string> text_or_null(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

/// Marks an assignment visited unless it already is, by that visit (then nothing changes, not
/// its row version); returns the audit entry to append (last in the transaction), none when
/// nothing changed. InputError `what` for an unknown assignment.
std::optional<AuditChange> mark_visited(pqxx::transaction_base& tx, const std::string& uuid,
                                        const std::string& visit_uuid, const std::string& who,
                                        const std::string& what) {
    const pqxx::result r =
        tx.exec_params("SELECT status, visit_uuid FROM assignments WHERE uuid = $1", uuid);
    if (r.empty())
        throw InputError("", "assignment " + uuid, what);
    const std::string from = text_or_empty(r[0][0]);
    if (from == "visited" && text_or_empty(r[0][1]) == visit_uuid)
        return std::nullopt;
    if (tx.exec_params("UPDATE assignments SET status = 'visited', visit_uuid = $2, "
                       "updated_at = $3 WHERE uuid = $1",
                       uuid, visit_uuid, utc_now_micros())
            .affected_rows() == 0)
        return std::nullopt; // the server's rules kept the row as it is
    return assignment_status_audit(from, "visited", who, visit_uuid);
}

} // namespace

void PgStore::put_assignments(const std::vector<Assignment>& items, const std::string& who) {
    try {
        pqxx::work tx(*m_conn);
        const std::string now = utc_now_micros();
        // Audit entries go last, after every row lock the upserts take (pg_visits.cpp).
        std::vector<std::pair<std::string, AuditChange>> entries;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const Assignment& a = items[i];
            check_assignment(i, a);
            // The stored row, its status as stored (no "overdue"), for the audit entry.
            std::optional<Assignment> before;
            if (const pqxx::result r =
                    tx.exec_params(std::string(kAssignmentSelect) + "WHERE a.uuid = $1", a.uuid);
                !r.empty()) {
                std::vector<Assignment> one{read_assignment(r[0], "")};
                add_fees(tx, one);
                before = std::move(one.front());
            }
            const std::string at = assignment_place(i, a);
            const std::int64_t client = client_id(tx, a.client, at);
            const std::int64_t branch = coded_id(tx, "branches", client, a.branch, "branch", at);
            std::optional<std::int64_t> shopper;
            if (!a.shopper.empty())
                shopper = coded_id(tx, "shoppers", client, a.shopper, "shopper", at);
            const TemplateRow* t = template_row(tx, a.template_id, a.template_version);
            if (!t)
                throw InputError("", at,
                                 "unknown scorecard \"" + a.template_id + "\" version " +
                                     std::to_string(a.template_version));
            check_assignment_template(i, a, *t->tpl);
            const std::int64_t id =
                tx.exec_params1(
                      "INSERT INTO assignments (uuid, client_id, branch_id, template_id, "
                      "scenario, window_from, window_to, shopper_id, status, visit_uuid, note, "
                      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                      "$11, $12, $12) ON CONFLICT (uuid) DO UPDATE SET client_id = "
                      "EXCLUDED.client_id, branch_id = EXCLUDED.branch_id, template_id = "
                      "EXCLUDED.template_id, scenario = EXCLUDED.scenario, window_from = "
                      "EXCLUDED.window_from, window_to = EXCLUDED.window_to, shopper_id = "
                      "EXCLUDED.shopper_id, status = EXCLUDED.status, visit_uuid = "
                      "EXCLUDED.visit_uuid, note = EXCLUDED.note, updated_at = "
                      "EXCLUDED.updated_at RETURNING id",
                      a.uuid, client, branch, t->pk, a.scenario, a.window_from, a.window_to,
                      shopper, a.status.empty() ? std::string("offered") : a.status,
                      text_or_null(a.visit_uuid), a.note, now)[0]
                    .as<std::int64_t>();
            if (a.fee_cents)
                tx.exec_params("INSERT INTO assignment_fees (assignment_id, fee_cents) VALUES "
                               "($1, $2) ON CONFLICT (assignment_id) DO UPDATE SET fee_cents = "
                               "EXCLUDED.fee_cents",
                               id, *a.fee_cents);
            if (auto change = assignment_put_audit(before, a, who))
                entries.emplace_back(a.uuid, std::move(*change));
        }
        for (const auto& [uuid, change] : entries)
            pg_append_assignment_audit(tx, uuid, change);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "storing assignments", e);
    }
}

std::vector<Assignment> PgStore::assignments(const AssignmentFilter& filter) {
    try {
        pqxx::read_transaction tx(*m_conn);
        const std::string today = local_today();
        std::vector<Assignment> out;
        for (const auto& row : tx.exec_params(
                 std::string(kAssignmentSelect) + kFilter + " ORDER BY a.window_from, a.uuid",
                 filter.client, filter.shopper, filter.from, filter.to)) {
            Assignment a = read_assignment(row, today);
            if (assignment_matches(a, filter))
                out.push_back(std::move(a));
        }
        add_fees(tx, out);
        return out;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "listing assignments", e);
    }
}

std::optional<Assignment> PgStore::assignment(const std::string& uuid) {
    try {
        pqxx::read_transaction tx(*m_conn);
        const pqxx::result r =
            tx.exec_params(std::string(kAssignmentSelect) + "WHERE a.uuid = $1", uuid);
        if (r.empty())
            return std::nullopt;
        std::vector<Assignment> one{read_assignment(r[0], local_today())};
        add_fees(tx, one);
        return std::move(one.front());
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading assignment " + uuid, e);
    }
}

std::string PgStore::assignment_changed_by(const std::string& uuid) {
    return pg_read(*m_conn, nullptr, "reading who changed assignment " + uuid,
                   [&](pqxx::transaction_base& tx) {
                       const pqxx::result r = tx.exec_params(
                           "SELECT who FROM audit_log WHERE assignment_uuid = $1 ORDER BY id "
                           "DESC LIMIT 1",
                           uuid);
                       return r.empty() ? std::string() : text_or_empty(r[0][0]);
                   });
}

void PgStore::set_assignment_status(const std::string& uuid, const std::string& status,
                                    const std::string& expected_updated_at,
                                    const std::string& who) {
    if (!storable_assignment_status(status))
        throw InputError("", "assignment " + uuid,
                         "\"" + status +
                             "\" is not a status an assignment stores (offered, accepted, "
                             "declined, visited, cancelled)");
    try {
        pqxx::work tx(*m_conn);
        // Not FOR UPDATE: a shopper may read an assignment they may no longer change (the
        // server's row rules then hide it from a locking read). The update below compares the
        // row version itself.
        const char* const read = "SELECT updated_at, status FROM assignments WHERE uuid = $1";
        const pqxx::result r = tx.exec_params(read, uuid);
        if (r.empty())
            throw InputError("", "assignment " + uuid, "no such assignment");
        const std::string stored = text_or_empty(r[0][0]);
        const std::string from = text_or_empty(r[0][1]);
        auto conflict = [&](const std::string& now) {
            const pqxx::result by = tx.exec_params("SELECT who FROM audit_log WHERE "
                                                   "assignment_uuid = $1 ORDER BY id DESC LIMIT 1",
                                                   uuid);
            return ConflictError(assignment_conflict(
                uuid, by.empty() ? std::string() : text_or_empty(by[0][0]), now));
        };
        if (!expected_updated_at.empty() && stored != expected_updated_at)
            throw conflict(stored);
        const pqxx::result up = tx.exec_params(
            "UPDATE assignments SET status = $2, updated_at = $3 WHERE uuid = $1 AND "
            "updated_at = $4",
            uuid, status, utc_now_micros(), stored);
        if (up.affected_rows() == 0) {
            const pqxx::result again = tx.exec_params(read, uuid);
            if (!again.empty() && text_or_empty(again[0][0]) != stored)
                throw conflict(text_or_empty(again[0][0]));
            throw StorageError("changing assignment " + uuid + " to " + status +
                               " was refused by the server: " + account() +
                               " may not change it (a shopper accepts or declines only their "
                               "own open assignments)");
        }
        pg_append_assignment_audit(tx, uuid, assignment_status_audit(from, status, who));
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "changing assignment " + uuid + " to " + status, e);
    }
}

void PgStore::mark_assignment_visited(const std::string& uuid, const std::string& visit_uuid,
                                      const std::string& who) {
    try {
        pqxx::work tx(*m_conn);
        if (const auto change = mark_visited(tx, uuid, visit_uuid, who, "no such assignment"))
            pg_append_assignment_audit(tx, uuid, *change);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "marking assignment " + uuid + " visited", e);
    }
}

std::vector<std::pair<std::string, std::string>>
PgStore::shopper_exclusions(const std::string& client) {
    try {
        pqxx::read_transaction tx(*m_conn);
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& row :
             tx.exec_params("SELECT s.code, b.code FROM shopper_exclusions x "
                            "JOIN shoppers s ON s.id = x.shopper_id "
                            "JOIN branches b ON b.id = x.branch_id "
                            "JOIN clients c ON c.id = s.client_id WHERE c.name = $1 "
                            "ORDER BY s.code COLLATE \"C\", b.code COLLATE \"C\"",
                            client))
            out.emplace_back(text_or_empty(row[0]), text_or_empty(row[1]));
        return out;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "listing the shoppers kept from branches of " + client, e);
    }
}

void PgStore::set_shopper_exclusion(const std::string& client, const std::string& shopper,
                                    const std::string& branch, bool excluded,
                                    const std::string& reason) {
    const std::string at = "shopper " + shopper + " at branch " + branch;
    try {
        pqxx::work tx(*m_conn);
        const std::int64_t c = client_id(tx, client, at);
        const std::int64_t s = coded_id(tx, "shoppers", c, shopper, "shopper", at);
        const std::int64_t b = coded_id(tx, "branches", c, branch, "branch", at);
        if (excluded)
            tx.exec_params("INSERT INTO shopper_exclusions (shopper_id, branch_id, reason) "
                           "VALUES ($1, $2, $3) ON CONFLICT (shopper_id, branch_id) DO UPDATE "
                           "SET reason = EXCLUDED.reason",
                           s, b, reason);
        else
            tx.exec_params("DELETE FROM shopper_exclusions WHERE shopper_id = $1 AND "
                           "branch_id = $2",
                           s, b);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "keeping " + at + " apart", e);
    }
}

void PgStore::set_shopper_region(const std::string& client, const std::string& shopper,
                                 const std::string& region) {
    const std::string at = "shopper " + shopper;
    try {
        pqxx::work tx(*m_conn);
        const std::int64_t c = client_id(tx, client, at);
        const std::int64_t s = coded_id(tx, "shoppers", c, shopper, "shopper", at);
        std::optional<std::int64_t> r;
        if (!region.empty()) {
            const pqxx::result found = tx.exec_params(
                "SELECT id FROM regions WHERE client_id = $1 AND name = $2", c, region);
            if (found.empty())
                throw InputError("", at, "unknown region \"" + region + "\"");
            r = found[0][0].as<std::int64_t>();
        }
        tx.exec_params("UPDATE shoppers SET region_id = $1 WHERE id = $2", r, s);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "setting the home region of " + at, e);
    }
}

/// VisitImportBatch on the server: one transaction for visits, photos and assignments.
class PgImportBatch final : public VisitImportBatch {
  public:
    explicit PgImportBatch(PgStore& store) : m_store(store), m_tx(*store.m_conn) {}

    ImportReport import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                     const std::string& file, Progress* progress) override {
        try {
            ImportReport report = m_store.write_visit_stream(m_tx, source, total, file, progress);
            if (progress)
                progress->finish();
            return report;
        } catch (const pqxx::failure& e) {
            throw pg_error(*m_store.m_conn, "importing visits from " + file, e);
        }
    }

    bool add_photo(const std::string& visit_uuid, const ImportedPhoto& photo) override {
        const std::string sha256 =
            photo.sha256.empty() ? sha256_hex(photo.data.data(), photo.data.size()) : photo.sha256;
        try {
            const pqxx::result v =
                m_tx.exec_params("SELECT id FROM visits WHERE uuid = $1", visit_uuid);
            if (v.empty())
                throw InputError("", "visit " + visit_uuid,
                                 "a photo names a visit that is not stored (" + photo.name + ")");
            const std::int64_t visit = v[0][0].as<std::int64_t>();
            if (!m_tx.exec_params("SELECT 1 FROM attachments WHERE visit_id = $1 AND sha256 = $2",
                                  visit, sha256)
                     .empty())
                return false;
            const std::vector<unsigned char> none;
            m_tx.exec_params("INSERT INTO attachments (visit_id, question, name, mime, size, data, "
                             "thumbnail, sha256, captured_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                             "$8, $9)",
                             visit, photo.question, photo.name, photo.mime,
                             static_cast<std::int64_t>(photo.data.size()),
                             pqxx::binarystring(photo.data.data(), photo.data.size()),
                             pqxx::binarystring(none.data(), 0), sha256,
                             text_or_null(photo.captured_at));
            return true;
        } catch (const pqxx::failure& e) {
            throw pg_error(*m_store.m_conn, "storing the photo " + photo.name, e);
        }
    }

    void mark_assignment_visited(const std::string& uuid, const std::string& visit_uuid,
                                 const std::string& who) override {
        try {
            if (auto change =
                    mark_visited(m_tx, uuid, visit_uuid, who,
                                 "visit " + visit_uuid + " names an assignment that is not stored"))
                m_entries.emplace_back(uuid, std::move(*change));
        } catch (const pqxx::failure& e) {
            throw pg_error(*m_store.m_conn, "marking assignment " + uuid + " visited", e);
        }
    }

    void commit() override {
        try {
            // Audit entries last, after every row lock the import took (pg_visits.cpp).
            for (const auto& [uuid, change] : m_entries)
                pg_append_assignment_audit(m_tx, uuid, change);
            m_tx.commit();
        } catch (const pqxx::failure& e) {
            throw pg_error(*m_store.m_conn, "committing an import", e);
        }
    }

  private:
    PgStore& m_store;
    pqxx::work m_tx;
    std::vector<std::pair<std::string, AuditChange>> m_entries; ///< by assignment uuid
};

std::unique_ptr<VisitImportBatch> PgStore::visit_import_batch() {
    try {
        return std::make_unique<PgImportBatch>(*this);
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "starting an import", e);
    }
}

} // namespace vs::storage
