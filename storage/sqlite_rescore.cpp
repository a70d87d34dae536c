// The SQLite side of a rescore: which visits older scoring rules scored, their stored scores,
// and a batch that rewrites scores in one transaction. What a rescore decides (which visits,
// what counts as a change, what the audit entry says) is services/rescore.cpp's.

#include "storage/prepare.h"
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <cstring>
#include <nlohmann/json.hpp>

namespace vs::storage {

std::vector<std::int64_t> SqliteStore::visits_scored_before(int rules) {
    std::vector<std::int64_t> ids;
    SQLite::Statement st(m_db, "SELECT id FROM visits WHERE scoring_rules < ? ORDER BY id");
    st.bind(1, rules);
    while (st.executeStep())
        ids.push_back(st.getColumn(0).getInt64());
    return ids;
}

StoredScores SqliteStore::stored_scores(std::int64_t id) {
    SQLite::Statement st(m_db,
                         "SELECT v.uuid, v.scoring_rules, v.raw, v.score, v.applicable, "
                         "v.critical_failures, s.section_scores FROM visits v "
                         "JOIN visit_scores s ON s.client_id = v.client_id AND s.visit_id = v.id "
                         "WHERE v.id = ?");
    st.bind(1, static_cast<int64_t>(id));
    if (!st.executeStep())
        throw StorageError("visit " + std::to_string(id) + " is not in the database");
    auto real = [&](int c) {
        return st.getColumn(c).isNull() ? std::optional<double>() : st.getColumn(c).getDouble();
    };
    StoredScores out;
    out.id = id;
    out.uuid = st.getColumn(0).getString();
    out.rules = st.getColumn(1).getInt();
    out.raw = real(2);
    out.score = real(3);
    out.applicable = real(4);
    out.critical_failures =
        nlohmann::json::parse(st.getColumn(5).getString()).get<std::vector<std::string>>();
    const SQLite::Column blob = st.getColumn(6);
    std::vector<double> values(static_cast<std::size_t>(blob.getBytes()) / sizeof(double));
    if (!values.empty())
        std::memcpy(values.data(), blob.getBlob(), values.size() * sizeof(double));
    out.sections = decode_sections(values.data(), values.size() / kSectionValues);
    return out;
}

class SqliteScoreBatch final : public ScoreBatch {
  public:
    explicit SqliteScoreBatch(SqliteStore& store)
        : m_store(store), m_tx(store.m_db, SQLite::TransactionBehavior::IMMEDIATE),
          m_update(store.m_db, "UPDATE visits SET raw = ?, score = ?, applicable = ?, "
                               "critical = ?, critical_failures = ?, scoring_rules = ? "
                               "WHERE id = ?"),
          m_client(store.m_db, "SELECT client_id FROM visits WHERE id = ?"),
          m_scores(scores_statement(store.m_db)) {}

    void replace_scores(std::int64_t id, const PreparedVisit& p, int rules) override {
        m_update.reset();
        m_update.clearBindings();
        int n = 1;
        p.result.raw ? m_update.bind(n++, *p.result.raw) : m_update.bind(n++);
        p.result.score ? m_update.bind(n++, *p.result.score) : m_update.bind(n++);
        p.result.applicable ? m_update.bind(n++, *p.result.applicable) : m_update.bind(n++);
        m_update.bind(n++, p.result.critical_failures.empty() ? 0 : 1);
        m_update.bindNoCopy(n++, p.critical_failures_json);
        m_update.bind(n++, rules);
        m_update.bind(n++, static_cast<int64_t>(id));
        if (m_update.exec() != 1)
            throw StorageError("visit " + std::to_string(id) + " is not in the database");
        m_client.reset();
        m_client.bind(1, static_cast<int64_t>(id));
        m_client.executeStep();
        write_visit_scores(m_scores, id, m_client.getColumn(0).getInt64(), p);
    }

    void audit(std::int64_t id, const std::string& who, const std::string& action,
               const std::string& field, const std::string& old_value, const std::string& new_value,
               const std::string& reason) override {
        m_store.append_audit(id, who, action, field, old_value, new_value, reason);
    }

    void commit() override { m_tx.commit(); }

  private:
    SqliteStore& m_store;
    SQLite::Transaction m_tx;
    SQLite::Statement m_update;
    SQLite::Statement m_client;
    SQLite::Statement m_scores;
};

std::unique_ptr<ScoreBatch> SqliteStore::rescore_batch() {
    if (m_read_only)
        throw StorageError(m_path + ": the database is open read-only; scores cannot be "
                                    "rewritten");
    return std::make_unique<SqliteScoreBatch>(*this);
}

} // namespace vs::storage
