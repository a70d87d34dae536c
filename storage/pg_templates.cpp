// The PostgreSQL backend's TemplateStore: scorecard template versions on the server, cached per
// connection. Another connection may add a version at any time, so a version missing from the
// cache is read from the server before it is called unknown; a stored version never changes,
// so a cached one never goes stale.
#include "forms/error.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"

#include <map>

namespace vs::storage {

const PgStore::TemplateRow* PgStore::cache_template(std::int64_t pk, const std::string& id,
                                                    int version, const std::string& source) {
    auto tpl = std::make_shared<const forms::Template>(
        forms::parse_template(source, "stored template " + id + " v" + std::to_string(version)));
    TemplateRow& row = m_templates[{id, version}];
    row = TemplateRow{pk, std::move(tpl)};
    m_template_keys[pk] = {id, version};
    return &row;
}

const PgStore::TemplateRow* PgStore::template_row(pqxx::transaction_base& tx, const std::string& id,
                                                  int version) {
    if (auto it = m_templates.find({id, version}); it != m_templates.end())
        return &it->second;
    const pqxx::result r = tx.exec_params(
        "SELECT id, source FROM templates WHERE code = $1 AND version = $2", id, version);
    if (r.empty())
        return nullptr;
    return cache_template(r[0][0].as<std::int64_t>(), id, version, r[0][1].as<std::string>());
}

const PgStore::TemplateRow* PgStore::template_by_pk(pqxx::transaction_base& tx, std::int64_t pk) {
    if (auto it = m_template_keys.find(pk); it != m_template_keys.end())
        return &m_templates.at(it->second);
    const pqxx::result r =
        tx.exec_params("SELECT code, version, source FROM templates WHERE id = $1", pk);
    if (r.empty())
        return nullptr;
    return cache_template(pk, r[0][0].as<std::string>(), r[0][1].as<int>(),
                          r[0][2].as<std::string>());
}

const PgStore::TemplateRow* PgStore::template_row(const std::string& id, int version) {
    if (auto it = m_templates.find({id, version}); it != m_templates.end())
        return &it->second;
    try {
        pqxx::read_transaction tx(*m_conn);
        return template_row(tx, id, version);
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the scorecard " + id + " v" + std::to_string(version), e);
    }
}

const PgStore::TemplateRow* PgStore::template_by_pk(std::int64_t pk) {
    if (auto it = m_template_keys.find(pk); it != m_template_keys.end())
        return &m_templates.at(it->second);
    try {
        pqxx::read_transaction tx(*m_conn);
        return template_by_pk(tx, pk);
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading a scorecard", e);
    }
}

bool PgStore::add_template(const forms::Template& tpl, const std::string& file) {
    return add_templates({{tpl, file}}).front();
}

namespace {

[[noreturn]] void refuse_changed(const forms::Template& tpl, const std::string& file,
                                 const std::string& where) {
    throw InputError(file, "version",
                     "\"" + tpl.id + "\" version " + std::to_string(tpl.version) + " is already " +
                         where +
                         " with different content; a stored version never changes: give "
                         "the edited scorecard the next version number");
}

} // namespace

std::vector<bool>
PgStore::add_templates(const std::vector<std::pair<forms::Template, std::string>>& templates) {
    std::vector<bool> added(templates.size(), false);
    std::vector<std::int64_t> pks(templates.size(), 0);
    try {
        pqxx::work tx(*m_conn);
        // Check them all, against the stored versions and each other, before storing any.
        std::map<std::pair<std::string, int>, std::size_t> in_batch;
        for (std::size_t i = 0; i < templates.size(); ++i) {
            const auto& [tpl, file] = templates[i];
            const TemplateRow* stored = template_row(tx, tpl.id, tpl.version);
            const forms::Template* same = stored ? stored->tpl.get() : nullptr;
            auto batched = in_batch.find({tpl.id, tpl.version});
            if (!same && batched != in_batch.end())
                same = &templates[batched->second].first;
            if (!same) {
                in_batch[{tpl.id, tpl.version}] = i;
                added[i] = true;
                continue;
            }
            if (forms::template_to_json(*same) != forms::template_to_json(tpl))
                refuse_changed(tpl, file,
                               stored ? "stored" : "given in " + templates[batched->second].second);
        }
        for (std::size_t i = 0; i < templates.size(); ++i) {
            if (!added[i])
                continue;
            const auto& [tpl, file] = templates[i];
            // Another connection may store the same version meanwhile: the server waits for
            // it and then skips this row, which is read back and compared like a stored one.
            const pqxx::result r = tx.exec_params(
                "INSERT INTO templates (code, version, name, channel, target, source) VALUES "
                "($1, $2, $3, $4, $5, $6) ON CONFLICT (code, version) DO NOTHING RETURNING id",
                tpl.id, tpl.version, tpl.name, tpl.channel, tpl.target, tpl.source);
            if (!r.empty()) {
                pks[i] = r[0][0].as<std::int64_t>();
                continue;
            }
            added[i] = false;
            const TemplateRow* stored = template_row(tx, tpl.id, tpl.version);
            if (!stored || forms::template_to_json(*stored->tpl) != forms::template_to_json(tpl))
                refuse_changed(tpl, file, "stored");
        }
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "storing scorecards", e);
    }
    for (std::size_t i = 0; i < templates.size(); ++i) {
        if (!added[i])
            continue;
        const forms::Template& tpl = templates[i].first;
        m_templates[{tpl.id, tpl.version}] =
            TemplateRow{pks[i], std::make_shared<const forms::Template>(tpl)};
        m_template_keys[pks[i]] = {tpl.id, tpl.version};
    }
    return added;
}

std::vector<TemplateInfo> PgStore::templates() {
    std::vector<TemplateInfo> out;
    try {
        pqxx::read_transaction tx(*m_conn);
        // Codes in byte order, as SQLite sorts them, whatever the database's collation.
        const pqxx::result r = tx.exec("SELECT t.code, t.version, t.name, t.channel, "
                                       "(SELECT count(*) FROM visits v WHERE v.template_id = t.id) "
                                       "FROM templates t ORDER BY t.code COLLATE \"C\", t.version");
        out.reserve(r.size());
        for (const auto& row : r)
            out.push_back({row[0].as<std::string>(), row[1].as<int>(), row[2].as<std::string>(),
                           text_or_empty(row[3]), row[4].as<std::int64_t>()});
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "listing scorecards", e);
    }
    return out;
}

std::vector<std::pair<std::string, int>> PgStore::template_versions() {
    std::vector<std::pair<std::string, int>> out;
    try {
        // One statement on its own (one round trip): an approval's checks ask for it.
        pqxx::nontransaction tx(*m_conn);
        const pqxx::result r = tx.exec_prepared(pg_prepared(
            *m_conn, "visitscore_template_versions",
            "SELECT code, version FROM templates ORDER BY code COLLATE \"C\", version"));
        out.reserve(r.size());
        for (const auto& row : r)
            out.emplace_back(row[0].as<std::string>(), row[1].as<int>());
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "listing scorecards", e);
    }
    return out;
}

std::shared_ptr<const forms::Template> PgStore::find_template(const std::string& id, int version) {
    const TemplateRow* row = template_row(id, version);
    return row ? row->tpl : nullptr;
}

std::shared_ptr<const forms::Template> PgStore::latest_template(const std::string& id) {
    try {
        pqxx::read_transaction tx(*m_conn);
        const pqxx::result r =
            tx.exec_params("SELECT max(version) FROM templates WHERE code = $1", id);
        if (r[0][0].is_null())
            return nullptr;
        const TemplateRow* row = template_row(tx, id, r[0][0].as<int>());
        return row ? row->tpl : nullptr;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the scorecard " + id, e);
    }
}

PgStore::Templates PgStore::stored_templates(pqxx::transaction_base& tx) {
    Templates out;
    for (const pqxx::row& t : tx.exec("SELECT id FROM templates"))
        if (const TemplateRow* row = template_by_pk(tx, t[0].as<std::int64_t>()))
            out.emplace(row->pk, row->tpl);
    return out;
}

} // namespace vs::storage
