#include "storage/pg_import_org.h"

#include "storage/pg_common.h"
#include "storage/types.h"

#include <algorithm>

namespace vs::storage {

namespace {

/// Records that a visit gives `value` to the row `id`; the latest new value wins.
template <class T, class Map> void note(Map& latest, std::int64_t id, const T& value) {
    auto& l = latest[id];
    if (l.seen.insert(value).second)
        l.last = value;
}

} // namespace

void PgOrgWriter::fetch_clients(const std::vector<const std::string*>& names) {
    auto find = [&] {
        const pqxx::result r =
            m_tx.exec_params("SELECT c.id, u.o FROM unnest($1::text[]) WITH ORDINALITY AS u(k, o) "
                             "JOIN clients c ON c.name = u.k",
                             pg_text_array(names));
        for (const auto& row : r)
            m_clients[*names[row[1].as<std::size_t>() - 1]] = row[0].as<std::int64_t>();
        return r.size();
    };
    if (find() == names.size())
        return;
    std::vector<const std::string*> missing;
    for (const std::string* name : names)
        if (!m_clients.count(*name))
            missing.push_back(name);
    // Another connection may create the same client meanwhile: its row is found again below.
    m_tx.exec_params("INSERT INTO clients (name) SELECT k FROM unnest($1::text[]) WITH "
                     "ORDINALITY AS u(k, o) ORDER BY o ON CONFLICT (name) DO NOTHING",
                     pg_text_array(missing));
    if (find() != names.size())
        throw StorageError("a client of the import could neither be found nor created");
}

std::size_t PgOrgWriter::find(Coded& kind, const std::vector<Wanted>& wanted) {
    std::vector<std::int64_t> clients;
    std::vector<const std::string*> keys;
    for (const Wanted& w : wanted) {
        clients.push_back(w.client);
        keys.push_back(w.key);
    }
    const pqxx::result r = m_tx.exec_params(
        std::string("SELECT t.id, u.o FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS "
                    "u(c, k, o) JOIN ") +
            kind.table + " t ON t.client_id = u.c AND t." + kind.key + " = u.k",
        pg_int_array(clients), pg_text_array(keys));
    for (const auto& row : r) {
        const Wanted& w = wanted[row[1].as<std::size_t>() - 1];
        kind.ids[{w.client, *w.key}] = row[0].as<std::int64_t>();
    }
    return r.size();
}

void PgOrgWriter::fetch(Coded& kind, const std::vector<Wanted>& wanted) {
    m_wanted.clear();
    if (wanted.empty() || find(kind, wanted) == wanted.size())
        return;
    std::vector<std::int64_t> clients;
    std::vector<const std::string*> keys;
    std::vector<const std::string*> names;
    for (const Wanted& w : wanted) {
        if (kind.ids.count({w.client, *w.key}))
            continue;
        clients.push_back(w.client);
        keys.push_back(w.key);
        names.push_back(w.name);
    }
    // In the order the visits first name them; another connection may create the same row
    // meanwhile: its row is found again below.
    const std::string table = kind.table;
    const std::string key = kind.key;
    if (kind.named)
        m_tx.exec_params("INSERT INTO " + table + " (client_id, " + key +
                             ", name) SELECT c, k, n FROM unnest($1::bigint[], $2::text[], "
                             "$3::text[]) WITH ORDINALITY AS u(c, k, n, o) ORDER BY o "
                             "ON CONFLICT (client_id, " +
                             key + ") DO NOTHING",
                         pg_int_array(clients), pg_text_array(keys), pg_text_array(names));
    else
        m_tx.exec_params("INSERT INTO " + table + " (client_id, " + key +
                             ") SELECT c, k FROM unnest($1::bigint[], $2::text[]) WITH "
                             "ORDINALITY AS u(c, k, o) ORDER BY o ON CONFLICT (client_id, " +
                             key + ") DO NOTHING",
                         pg_int_array(clients), pg_text_array(keys));
    if (find(kind, wanted) != wanted.size())
        throw StorageError("a row of " + table + " could neither be found nor created");
}

void PgOrgWriter::want(Coded& kind, std::vector<Wanted>& wanted, std::int64_t client,
                       const std::string& key, const std::string& name) {
    if (kind.ids.count({client, key}) || !m_wanted.emplace(client, key).second)
        return; // known, or the first mention gave the name
    wanted.push_back({client, &key, &name});
}

std::vector<PgOrgIds> PgOrgWriter::resolve(const std::vector<const PgOrgRefs*>& visits) {
    static const std::string none;
    std::vector<const std::string*> clients;
    for (const PgOrgRefs* v : visits)
        if (!m_clients.count(v->client) &&
            std::find_if(clients.begin(), clients.end(),
                         [&](const std::string* c) { return *c == v->client; }) == clients.end())
            clients.push_back(&v->client);
    if (!clients.empty())
        fetch_clients(clients);

    std::vector<PgOrgIds> ids(visits.size());
    for (std::size_t i = 0; i < visits.size(); ++i)
        ids[i].client = m_clients.at(visits[i]->client);

    std::vector<Wanted> wanted;
    for (std::size_t i = 0; i < visits.size(); ++i)
        if (!visits[i]->region.empty())
            want(m_regions, wanted, ids[i].client, visits[i]->region, none);
    fetch(m_regions, wanted);
    wanted.clear();
    for (std::size_t i = 0; i < visits.size(); ++i)
        want(m_branches, wanted, ids[i].client, visits[i]->branch, visits[i]->branch_name);
    fetch(m_branches, wanted);
    wanted.clear();
    for (std::size_t i = 0; i < visits.size(); ++i) {
        const PgOrgRefs& v = *visits[i];
        if (!v.employee.empty())
            want(m_employees, wanted, ids[i].client, v.employee, v.employee_name);
        for (const std::string& code : v.section_employees)
            want(m_employees, wanted, ids[i].client, code, none);
    }
    fetch(m_employees, wanted);
    wanted.clear();
    for (std::size_t i = 0; i < visits.size(); ++i)
        if (!visits[i]->shopper.empty()) // a customer survey response has none
            want(m_shoppers, wanted, ids[i].client, visits[i]->shopper, visits[i]->shopper_name);
    fetch(m_shoppers, wanted);

    for (std::size_t i = 0; i < visits.size(); ++i) {
        const PgOrgRefs& v = *visits[i];
        PgOrgIds& out = ids[i];
        const std::int64_t client = out.client;
        if (!v.region.empty())
            out.region = m_regions.ids.at({client, v.region});
        out.branch = m_branches.ids.at({client, v.branch});
        if (!v.branch_name.empty())
            note(m_branch_names, out.branch, v.branch_name);
        if (out.region > 0)
            note(m_branch_regions, out.branch, out.region);
        if (!v.employee.empty()) {
            out.employee = m_employees.ids.at({client, v.employee});
            if (!v.employee_name.empty())
                note(m_employee_names, out.employee, v.employee_name);
            note(m_homes, out.employee, out.branch);
        }
        if (!v.shopper.empty()) {
            out.shopper = m_shoppers.ids.at({client, v.shopper});
            if (!v.shopper_name.empty())
                note(m_shopper_names, out.shopper, v.shopper_name);
        }
        for (const std::string& code : v.section_employees)
            out.section_employees.push_back(m_employees.ids.at({client, code}));
    }
    return ids;
}

bool PgOrgWriter::may_update(const char* table) {
    return m_tx.exec_params("SELECT has_table_privilege($1, 'UPDATE')", std::string(table))[0][0]
        .as<bool>();
}

void PgOrgWriter::finish() {
    // An account that may only add organisation rows (a reviewer on a server whose roles are
    // set up: pg_server.h) imports without changing the rows that are there.
    auto names = [&](const char* table, const std::map<std::int64_t, Latest<std::string>>& m) {
        if (m.empty() || !may_update(table))
            return;
        std::vector<std::int64_t> ids;
        std::vector<const std::string*> values;
        for (const auto& [id, latest] : m) {
            ids.push_back(id);
            values.push_back(&latest.last);
        }
        m_tx.exec_params(std::string("UPDATE ") + table +
                             " t SET name = u.n FROM unnest($1::bigint[], $2::text[]) AS u(id, "
                             "n) WHERE t.id = u.id AND t.name IS DISTINCT FROM u.n",
                         pg_int_array(ids), pg_text_array(values));
    };
    names("branches", m_branch_names);
    names("employees", m_employee_names);
    names("shoppers", m_shopper_names);
    auto links = [&](const char* table, const char* column,
                     const std::map<std::int64_t, Latest<std::int64_t>>& m) {
        if (m.empty() || !may_update(table))
            return;
        std::vector<std::int64_t> ids;
        std::vector<std::int64_t> values;
        for (const auto& [id, latest] : m) {
            ids.push_back(id);
            values.push_back(latest.last);
        }
        m_tx.exec_params(std::string("UPDATE ") + table + " t SET " + column +
                             " = u.v FROM unnest($1::bigint[], $2::bigint[]) AS u(id, v) WHERE "
                             "t.id = u.id AND t." +
                             column + " IS DISTINCT FROM u.v",
                         pg_int_array(ids), pg_int_array(values));
    };
    links("employees", "branch_id", m_homes);
    links("branches", "region_id", m_branch_regions);
}

} // namespace vs::storage
