// SQLite's reads for the integrity signals of a review queue (FactStore::approved_score_sums,
// recent_approved_visits, evidence_visits): sums over a client's approved visits from the
// covering index visits_for_reports instead of the visits themselves, the most recent ones per
// shopper and branch by a short walk back through that index, and the compared visits' evidence
// in a few statements.
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <unordered_map>

namespace vs::storage {

namespace {

/// Statements take at most this many visit ids at a time.
constexpr std::size_t kIdChunk = 500;

std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += i ? ",?" : "?";
    return out;
}

/// id -> code of a client's branches or shoppers.
std::unordered_map<std::int64_t, std::string> codes(SQLite::Database& db, const char* table,
                                                    std::int64_t client_id) {
    std::unordered_map<std::int64_t, std::string> out;
    SQLite::Statement st(db, std::string("SELECT id, code FROM ") + table + " WHERE client_id = ?");
    st.bind(1, static_cast<int64_t>(client_id));
    while (st.executeStep())
        out.emplace(st.getColumn(0).getInt64(), st.getColumn(1).getString());
    return out;
}

} // namespace

std::vector<ScoreSums> SqliteStore::approved_score_sums(const std::string& client) {
    VisitFilter filter; // approved, no calibration visits: as load_facts reads them
    filter.client = client;
    const FilterSql f = filter_sql(filter, FilterUse::Report);
    SQLite::Statement st(
        m_db, "SELECT b.code, s.code, x.n, x.total, x.squares FROM (SELECT v.branch_id, "
              "v.shopper_id, count(*) AS n, sum(v.score) AS total, sum(v.score * v.score) AS "
              "squares FROM visits v" +
                  f.where +
                  " AND v.score IS NOT NULL GROUP BY v.branch_id, v.shopper_id) x "
                  "JOIN branches b ON b.id = x.branch_id JOIN shoppers s ON s.id = x.shopper_id");
    f.bind(st);
    std::vector<ScoreSums> out;
    while (st.executeStep()) {
        ScoreSums s;
        s.branch = st.getColumn(0).getString();
        s.shopper = st.getColumn(1).getString();
        s.n = st.getColumn(2).getDouble();
        s.sum = st.getColumn(3).getDouble();
        s.sum2 = st.getColumn(4).getDouble();
        out.push_back(std::move(s));
    }
    return out;
}

RecentVisits SqliteStore::recent_approved_visits(const RecentVisitsQuery& query) {
    RecentVisits out;
    SQLite::Statement client(m_db, "SELECT id FROM clients WHERE name = ?");
    client.bind(1, query.client);
    if (!client.executeStep())
        return out;
    const std::int64_t client_id = client.getColumn(0).getInt64();
    const auto branches = codes(m_db, "branches", client_id);
    const auto shoppers = codes(m_db, "shoppers", client_id);
    // The covering report index gives the client's approved visits by day: walked back from the
    // newest, a list stops after its last visit instead of sorting the client's history (named,
    // as SQLite might otherwise walk the wide rows by client and day). Mystery visits only:
    // customer survey responses have no shopper.
    const std::string head =
        "SELECT v.id, v.day, v.branch_id, v.shopper_id FROM visits v INDEXED BY "
        "visits_for_reports WHERE v.status = 'approved' AND v.calibration IS NULL AND "
        "v.template_id NOT IN (SELECT id FROM templates WHERE channel = 'survey') AND "
        "v.client_id = ?";
    const std::string tail = " ORDER BY v.day DESC, v.id DESC LIMIT ?";
    auto read = [&](SQLite::Statement& st, std::size_t limit, std::vector<RecentVisit>& into) {
        st.bind(st.getBindParameterCount(), static_cast<int64_t>(limit));
        while (st.executeStep()) {
            RecentVisit r;
            r.id = st.getColumn(0).getInt64();
            r.day = st.getColumn(1).getInt();
            if (auto b = branches.find(st.getColumn(2).getInt64()); b != branches.end())
                r.branch = b->second;
            if (auto s = shoppers.find(st.getColumn(3).getInt64()); s != shoppers.end())
                r.shopper = s->second;
            into.push_back(std::move(r));
        }
        st.reset();
    };
    auto by_key = [&](const char* column, const std::vector<std::string>& wanted,
                      const std::unordered_map<std::int64_t, std::string>& known,
                      std::map<std::string, std::vector<RecentVisit>>& into) {
        if (wanted.empty() || query.per_key == 0)
            return;
        std::unordered_map<std::string, std::int64_t> id_of;
        for (const auto& [id, code] : known)
            id_of.emplace(code, id);
        SQLite::Statement st(m_db, head + " AND v." + column + " = ?" + tail);
        for (const std::string& code : wanted) {
            const auto it = id_of.find(code);
            if (it == id_of.end() || into.count(code))
                continue;
            st.bind(1, static_cast<int64_t>(client_id));
            st.bind(2, static_cast<int64_t>(it->second));
            read(st, query.per_key, into[code]);
        }
    };
    by_key("shopper_id", query.shoppers, shoppers, out.by_shopper);
    by_key("branch_id", query.branches, branches, out.by_branch);
    if (query.overall > 0) {
        SQLite::Statement st(m_db, head + tail);
        st.bind(1, static_cast<int64_t>(client_id));
        read(st, query.overall, out.overall);
    }
    return out;
}

std::vector<EvidenceVisit> SqliteStore::evidence_visits(const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> wanted(ids);
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    std::vector<EvidenceVisit> out;
    out.reserve(wanted.size());
    std::unordered_map<std::int64_t, std::size_t> at; // visit id -> index in out
    for (std::size_t start = 0; start < wanted.size(); start += kIdChunk) {
        const std::size_t n = std::min(kIdChunk, wanted.size() - start);
        SQLite::Statement st(
            m_db, "SELECT v.id, v.uuid, v.calibration IS NOT NULL, v.visited_at, v.opened_at, "
                  "v.submitted_at, v.answers, v.comments, v.summary, a.window_from, a.window_to "
                  "FROM visits v LEFT JOIN assignments a ON a.uuid = v.assignment_uuid "
                  "WHERE v.id IN (" +
                      placeholders(n) + ")");
        for (std::size_t i = 0; i < n; ++i)
            st.bind(static_cast<int>(i + 1), static_cast<int64_t>(wanted[start + i]));
        while (st.executeStep()) {
            EvidenceVisit v;
            v.id = st.getColumn(0).getInt64();
            v.uuid = text_or_empty(st.getColumn(1));
            v.calibration = st.getColumn(2).getInt() != 0;
            v.visited_at = text_or_empty(st.getColumn(3));
            v.opened_at = text_or_empty(st.getColumn(4));
            v.submitted_at = text_or_empty(st.getColumn(5));
            v.answers = nlohmann::json::parse(text_or_empty(st.getColumn(6)));
            v.comments = nlohmann::json::parse(text_or_empty(st.getColumn(7)))
                             .get<std::map<std::string, std::string>>();
            v.summary = text_or_empty(st.getColumn(8));
            v.window_from = text_or_empty(st.getColumn(9));
            v.window_to = text_or_empty(st.getColumn(10));
            at.emplace(v.id, out.size());
            out.push_back(std::move(v));
        }
        SQLite::Statement photos(m_db, "SELECT visit_id, sha256, captured_at FROM attachments "
                                       "WHERE visit_id IN (" +
                                           placeholders(n) + ") ORDER BY visit_id, id");
        for (std::size_t i = 0; i < n; ++i)
            photos.bind(static_cast<int>(i + 1), static_cast<int64_t>(wanted[start + i]));
        while (photos.executeStep()) {
            const auto it = at.find(photos.getColumn(0).getInt64());
            if (it == at.end())
                continue;
            out[it->second].photos.push_back(
                {text_or_empty(photos.getColumn(1)), text_or_empty(photos.getColumn(2))});
        }
    }
    return out;
}

} // namespace vs::storage
