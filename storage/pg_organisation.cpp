// The PostgreSQL backend's OrganisationStore: clients, regions, branches, employees, shoppers.
// Names are sorted byte by byte (COLLATE "C"), as SQLite sorts them, whatever the database's
// collation; an entry found or created by its key tolerates another connection creating the
// same entry at the same moment.
#include "forms/error.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"
#include "storage/record_checks.h"

#include <optional>
#include <unordered_map>

namespace vs::storage {
namespace {

const char* table_of(OrgKind kind) {
    switch (kind) {
    case OrgKind::Client:
        return "clients";
    case OrgKind::Region:
        return "regions";
    case OrgKind::Branch:
        return "branches";
    case OrgKind::Employee:
        return "employees";
    case OrgKind::Shopper:
        return "shoppers";
    }
    return "clients";
}

const char* visit_column_of(OrgKind kind) {
    switch (kind) {
    case OrgKind::Client:
        return "client_id";
    case OrgKind::Region:
        return "region_id";
    case OrgKind::Branch:
        return "branch_id";
    case OrgKind::Employee:
        return "employee_id";
    case OrgKind::Shopper:
        return "shopper_id";
    }
    return "client_id";
}

std::int64_t id_or_zero(const pqxx::field& f) {
    return f.is_null() ? 0 : f.as<std::int64_t>();
}

/// The client named `name`, created when missing.
std::int64_t find_or_create_client(pqxx::transaction_base& tx, const std::string& name) {
    pqxx::result r = tx.exec_params("SELECT id FROM clients WHERE name = $1", name);
    if (r.empty())
        r = tx.exec_params(
            "INSERT INTO clients (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id",
            name);
    if (r.empty()) // another connection created it meanwhile
        r = tx.exec_params("SELECT id FROM clients WHERE name = $1", name);
    return r[0][0].as<std::int64_t>();
}

/// A region (by name) or a branch, employee or shopper (by code) of a client, created with
/// `name` when missing. `table` and `key_column` are fixed strings of this file.
std::int64_t find_or_create(pqxx::transaction_base& tx, const char* table, const char* key_column,
                            std::int64_t client_id, const std::string& key,
                            const std::string& name) {
    const std::string find = std::string("SELECT id FROM ") + table + " WHERE client_id = $1 AND " +
                             key_column + " = $2";
    pqxx::result r = tx.exec_params(find, client_id, key);
    if (r.empty()) {
        const bool named = std::string(key_column) != "name";
        const std::string insert =
            std::string("INSERT INTO ") + table + " (client_id, " + key_column +
            (named ? ", name) VALUES ($1, $2, $3)" : ") VALUES ($1, $2)") +
            " ON CONFLICT (client_id, " + key_column + ") DO NOTHING RETURNING id";
        r = named ? tx.exec_params(insert, client_id, key, name)
                  : tx.exec_params(insert, client_id, key);
    }
    if (r.empty()) // another connection created it meanwhile
        r = tx.exec_params(find, client_id, key);
    return r[0][0].as<std::int64_t>();
}

} // namespace

std::vector<OrgEntity> PgStore::org_list(OrgKind kind, const std::optional<std::int64_t>& client_id,
                                         bool include_inactive, bool count_visits) {
    std::string sql;
    switch (kind) {
    case OrgKind::Client:
        sql = "SELECT x.id, x.id, x.name, '', x.name, 0, '', x.active FROM clients x WHERE TRUE";
        break;
    case OrgKind::Region:
        sql = "SELECT x.id, x.client_id, c.name, '', x.name, 0, '', x.active FROM regions x "
              "JOIN clients c ON c.id = x.client_id WHERE TRUE";
        break;
    case OrgKind::Branch:
        sql = "SELECT x.id, x.client_id, c.name, x.code, x.name, x.region_id, p.name, x.active "
              "FROM branches x JOIN clients c ON c.id = x.client_id LEFT JOIN regions p ON p.id = "
              "x.region_id WHERE TRUE";
        break;
    case OrgKind::Employee:
        sql = "SELECT x.id, x.client_id, c.name, x.code, x.name, x.branch_id, p.code, x.active "
              "FROM employees x JOIN clients c ON c.id = x.client_id LEFT JOIN branches p ON "
              "p.id = x.branch_id WHERE TRUE";
        break;
    case OrgKind::Shopper:
        // A shopper's parent is their home region (assignments propose local shoppers first).
        sql = "SELECT x.id, x.client_id, c.name, x.code, x.name, x.region_id, p.name, x.active "
              "FROM shoppers x JOIN clients c ON c.id = x.client_id LEFT JOIN regions p ON p.id = "
              "x.region_id WHERE TRUE";
        break;
    }
    if (client_id)
        sql += kind == OrgKind::Client ? " AND x.id = $1" : " AND x.client_id = $1";
    if (!include_inactive)
        sql += " AND x.active";
    sql += kind == OrgKind::Client || kind == OrgKind::Region
               ? " ORDER BY x.name COLLATE \"C\""
               : " ORDER BY c.name COLLATE \"C\", x.code COLLATE \"C\"";
    std::vector<OrgEntity> out;
    try {
        // The counts and the list in one snapshot; the list alone is one statement on its own
        // (no BEGIN and COMMIT: one round trip), as an approval's alert reads the shoppers.
        std::optional<pqxx::read_transaction> snapshot;
        std::optional<pqxx::nontransaction> single;
        pqxx::transaction_base& tx =
            count_visits ? static_cast<pqxx::transaction_base&>(snapshot.emplace(*m_conn))
                         : single.emplace(*m_conn);
        std::unordered_map<std::int64_t, std::int64_t> counts;
        if (count_visits) {
            const std::string count = std::string("SELECT ") + visit_column_of(kind) +
                                      ", count(*) FROM visits" +
                                      (client_id ? " WHERE client_id = $1" : "") + " GROUP BY 1";
            const pqxx::result c = client_id ? tx.exec_params(count, *client_id) : tx.exec(count);
            for (const auto& row : c)
                counts[id_or_zero(row[0])] = row[1].as<std::int64_t>();
        }
        const pqxx::result r = client_id ? tx.exec_params(sql, *client_id) : tx.exec(sql);
        out.reserve(r.size());
        for (const auto& row : r) {
            OrgEntity e;
            e.kind = kind;
            e.id = row[0].as<std::int64_t>();
            e.client_id = row[1].as<std::int64_t>();
            e.client = text_or_empty(row[2]);
            e.code = text_or_empty(row[3]);
            e.name = text_or_empty(row[4]);
            e.parent_id = id_or_zero(row[5]);
            e.parent = text_or_empty(row[6]);
            e.active = row[7].as<bool>();
            auto it = counts.find(e.id);
            e.visits = it == counts.end() ? 0 : it->second;
            out.push_back(std::move(e));
        }
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, std::string("listing ") + table_of(kind), e);
    }
    return out;
}

std::int64_t PgStore::org_save(const OrgEntity& e) {
    check_org_entity(e); // record_checks.h
    const bool coded =
        e.kind == OrgKind::Branch || e.kind == OrgKind::Employee || e.kind == OrgKind::Shopper;
    std::int64_t id = e.id;
    try {
        pqxx::work tx(*m_conn);
        pqxx::result r;
        switch (e.kind) {
        case OrgKind::Client:
            r = id ? tx.exec_params("UPDATE clients SET name = $1, active = $2 WHERE id = $3",
                                    e.name, e.active, id)
                   : tx.exec_params("INSERT INTO clients (name, active) VALUES ($1, $2) "
                                    "RETURNING id",
                                    e.name, e.active);
            break;
        case OrgKind::Region:
            r = id ? tx.exec_params("UPDATE regions SET client_id = $1, name = $2, active = $3 "
                                    "WHERE id = $4",
                                    e.client_id, e.name, e.active, id)
                   : tx.exec_params("INSERT INTO regions (client_id, name, active) VALUES ($1, "
                                    "$2, $3) RETURNING id",
                                    e.client_id, e.name, e.active);
            break;
        case OrgKind::Branch:
        case OrgKind::Employee: {
            const std::string parent = e.kind == OrgKind::Branch ? "region_id" : "branch_id";
            // A parent id of 0 is none: NULL.
            r = id ? tx.exec_params(std::string("UPDATE ") + table_of(e.kind) +
                                        " SET client_id = $1, code = $2, name = $3, " + parent +
                                        " = NULLIF($4::bigint, 0), active = $5 WHERE id = $6",
                                    e.client_id, e.code, e.name, e.parent_id, e.active, id)
                   : tx.exec_params(std::string("INSERT INTO ") + table_of(e.kind) +
                                        " (client_id, code, name, " + parent +
                                        ", active) VALUES ($1, $2, $3, NULLIF($4::bigint, 0), "
                                        "$5) RETURNING id",
                                    e.client_id, e.code, e.name, e.parent_id, e.active);
            break;
        }
        case OrgKind::Shopper:
            r = id ? tx.exec_params("UPDATE shoppers SET client_id = $1, code = $2, name = $3, "
                                    "active = $4 WHERE id = $5",
                                    e.client_id, e.code, e.name, e.active, id)
                   : tx.exec_params("INSERT INTO shoppers (client_id, code, name, active) VALUES "
                                    "($1, $2, $3, $4) RETURNING id",
                                    e.client_id, e.code, e.name, e.active);
            break;
        }
        if (!id)
            id = r[0][0].as<std::int64_t>();
        tx.commit();
    } catch (const pqxx::unique_violation&) {
        throw InputError("", coded ? "code" : "name",
                         "\"" + (coded ? e.code : e.name) +
                             "\" is already used by another entry of this client; choose "
                             "another or edit that entry");
    } catch (const pqxx::failure& x) {
        throw pg_error(*m_conn, std::string("storing ") + table_of(e.kind), x);
    }
    return id;
}

void PgStore::org_set_active(OrgKind kind, std::int64_t id, bool active) {
    try {
        pqxx::work tx(*m_conn);
        tx.exec_params(std::string("UPDATE ") + table_of(kind) + " SET active = $1 WHERE id = $2",
                       active, id);
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, std::string("changing ") + table_of(kind), e);
    }
}

std::size_t PgStore::org_import(OrgKind kind, const std::vector<OrgImportRow>& rows) {
    try {
        pqxx::work tx(*m_conn);
        for (const OrgImportRow& r : rows) {
            if (kind == OrgKind::Client) {
                find_or_create_client(tx, r.name);
                continue;
            }
            const std::int64_t client = find_or_create_client(tx, r.client);
            if (kind == OrgKind::Region) {
                find_or_create(tx, "regions", "name", client, r.name, "");
                continue;
            }
            const std::int64_t id =
                find_or_create(tx, table_of(kind), "code", client, r.code, r.name);
            if (!r.name.empty())
                tx.exec_params(std::string("UPDATE ") + table_of(kind) +
                                   " SET name = $1 WHERE id = $2",
                               r.name, id);
            if (kind == OrgKind::Branch && !r.parent.empty())
                tx.exec_params("UPDATE branches SET region_id = $1 WHERE id = $2",
                               find_or_create(tx, "regions", "name", client, r.parent, ""), id);
            if (kind == OrgKind::Employee && !r.parent.empty())
                tx.exec_params("UPDATE employees SET branch_id = $1 WHERE id = $2",
                               find_or_create(tx, "branches", "code", client, r.parent, ""), id);
        }
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, std::string("importing ") + table_of(kind), e);
    }
    return rows.size();
}

} // namespace vs::storage
