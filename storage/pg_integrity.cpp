// PostgreSQL's reads for the integrity signals of a review queue (FactStore::approved_score_sums,
// recent_approved_visits, evidence_visits): the server sums a client's approved scores and walks
// back its report index for the most recent visits of each shopper and branch, so that neither
// the client's history nor one round trip per visit crosses the connection.
#include "storage/pg_common.h"
#include "storage/pg_filter.h"
#include "storage/pg_store.h"

#include <unordered_map>

namespace vs::storage {

std::vector<ScoreSums> PgStore::approved_score_sums(const std::string& client) {
    VisitFilter filter; // approved, no calibration visits: as load_facts reads them
    filter.client = client;
    const PgFilter f = pg_filter(filter);
    std::vector<ScoreSums> out;
    try {
        pqxx::nontransaction tx(*m_conn);
        const pqxx::result r = tx.exec_params(
            "SELECT b.code, s.code, x.n, x.total, x.squares FROM (SELECT v.branch_id, "
            "v.shopper_id, count(*) AS n, sum(v.score) AS total, sum(v.score * v.score) AS "
            "squares FROM visits v" +
                f.where +
                " AND v.score IS NOT NULL GROUP BY v.branch_id, v.shopper_id) x "
                "JOIN branches b ON b.id = x.branch_id JOIN shoppers s ON s.id = x.shopper_id",
            pqxx::prepare::make_dynamic_params(f.params));
        out.reserve(r.size());
        for (const pqxx::row& row : r) {
            ScoreSums s;
            s.branch = row[0].as<std::string>();
            s.shopper = row[1].as<std::string>();
            s.n = row[2].as<double>();
            s.sum = row[3].as<double>();
            s.sum2 = row[4].as<double>();
            out.push_back(std::move(s));
        }
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "summing the approved scores of " + client, e);
    }
    return out;
}

RecentVisits PgStore::recent_approved_visits(const RecentVisitsQuery& query) {
    RecentVisits out;
    // Per code named: the LIMIT newest of that shopper's or branch's approved visits, by a walk
    // back through the client's day index (LATERAL), in one statement.
    auto by_key = [&](pqxx::transaction_base& tx, const char* table, const char* column,
                      const std::vector<std::string>& codes,
                      std::map<std::string, std::vector<RecentVisit>>& into) {
        if (codes.empty() || query.per_key == 0)
            return;
        const pqxx::result r = tx.exec_params(
            std::string("SELECT k.code, x.id, x.day, b.code, s.code FROM clients c "
                        "JOIN ") +
                table +
                " k ON k.client_id = c.id AND k.code = ANY ($2::text[]) "
                "CROSS JOIN LATERAL (SELECT v.id, v.day, v.branch_id, v.shopper_id FROM visits v "
                "WHERE v.status = 'approved' AND v.calibration IS NULL AND v.client_id = c.id "
                "AND v.template_id NOT IN (SELECT id FROM templates WHERE channel = 'survey') "
                "AND v." +
                column +
                " = k.id ORDER BY v.day DESC, v.id DESC LIMIT $3) x "
                "JOIN branches b ON b.id = x.branch_id JOIN shoppers s ON s.id = x.shopper_id "
                "WHERE c.name = $1 ORDER BY k.code, x.day DESC, x.id DESC",
            query.client, pg_text_array(codes), static_cast<std::int64_t>(query.per_key));
        for (const pqxx::row& row : r)
            into[row[0].as<std::string>()].push_back({row[1].as<std::int64_t>(), row[2].as<int>(),
                                                      row[3].as<std::string>(),
                                                      row[4].as<std::string>()});
    };
    try {
        pqxx::read_transaction tx(*m_conn);
        by_key(tx, "shoppers", "shopper_id", query.shoppers, out.by_shopper);
        by_key(tx, "branches", "branch_id", query.branches, out.by_branch);
        if (query.overall > 0)
            for (const pqxx::row& row : tx.exec_params(
                     "SELECT v.id, v.day, b.code, s.code FROM visits v "
                     "JOIN branches b ON b.id = v.branch_id JOIN shoppers s ON s.id = v.shopper_id "
                     "WHERE v.status = 'approved' AND v.calibration IS NULL AND v.client_id = "
                     "(SELECT id FROM clients WHERE name = $1) AND v.template_id NOT IN "
                     "(SELECT id FROM templates WHERE channel = 'survey') "
                     "ORDER BY v.day DESC, v.id DESC LIMIT $2",
                     query.client, static_cast<std::int64_t>(query.overall)))
                out.overall.push_back({row[0].as<std::int64_t>(), row[1].as<int>(),
                                       row[2].as<std::string>(), row[3].as<std::string>()});
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the recent approved visits of " + query.client, e);
    }
    return out;
}

std::vector<EvidenceVisit> PgStore::evidence_visits(const std::vector<std::int64_t>& ids) {
    std::vector<EvidenceVisit> out;
    if (ids.empty())
        return out;
    const std::string array = pg_int_array(ids);
    try {
        pqxx::read_transaction tx(*m_conn);
        const pqxx::result r = tx.exec_params(
            "SELECT v.id, v.uuid, v.calibration IS NOT NULL, v.visited_at, v.opened_at, "
            "v.submitted_at, v.answers, v.comments, v.summary, a.window_from, a.window_to "
            "FROM visits v LEFT JOIN assignments a ON a.uuid = v.assignment_uuid "
            "WHERE v.id = ANY ($1::bigint[])",
            array);
        out.reserve(r.size());
        std::unordered_map<std::int64_t, std::size_t> at; // visit id -> index in out
        for (const pqxx::row& row : r) {
            EvidenceVisit v;
            v.id = row[0].as<std::int64_t>();
            v.uuid = text_or_empty(row[1]);
            v.calibration = row[2].as<bool>();
            v.visited_at = text_or_empty(row[3]);
            v.opened_at = text_or_empty(row[4]);
            v.submitted_at = text_or_empty(row[5]);
            v.answers = nlohmann::json::parse(text_or_empty(row[6]));
            v.comments = nlohmann::json::parse(text_or_empty(row[7]))
                             .get<std::map<std::string, std::string>>();
            v.summary = text_or_empty(row[8]);
            v.window_from = text_or_empty(row[9]);
            v.window_to = text_or_empty(row[10]);
            at.emplace(v.id, out.size());
            out.push_back(std::move(v));
        }
        for (const pqxx::row& row :
             tx.exec_params("SELECT visit_id, sha256, captured_at FROM attachments "
                            "WHERE visit_id = ANY ($1::bigint[]) ORDER BY visit_id, id",
                            array))
            if (const auto it = at.find(row[0].as<std::int64_t>()); it != at.end())
                out[it->second].photos.push_back({text_or_empty(row[1]), text_or_empty(row[2])});
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the evidence of " + std::to_string(ids.size()) + " visits",
                       e);
    }
    return out;
}

} // namespace vs::storage
