#include "services/integrity.h"

#include "forms/error.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

namespace vs::services {

namespace {

// Answered questions that apply: answers the form holds that are not "na".
int applicable_answers(const nlohmann::json& answers) {
    int n = 0;
    if (!answers.is_object())
        return 0;
    for (const auto& [id, a] : answers.items())
        if (!a.is_null() && !(a.is_string() && a.get<std::string>() == "na"))
            ++n;
    return n;
}

// Visits read once per assessment, in batches (a shopper's visits serve every one of their
// queue visits).
class VisitCache {
  public:
    explicit VisitCache(storage::Store& store) : store_(store) {}

    /// Reads those of `ids` not read yet, in one batch.
    void read(const std::vector<std::int64_t>& ids) {
        std::vector<std::int64_t> missing;
        for (const std::int64_t id : ids)
            if (!visits_.count(id))
                missing.push_back(id);
        std::sort(missing.begin(), missing.end());
        missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
        if (missing.empty())
            return;
        for (storage::EvidenceVisit& v : store_.evidence_visits(missing)) {
            const std::int64_t id = v.id;
            visits_.insert_or_assign(id, std::move(v));
        }
        for (const std::int64_t id : missing)
            visits_.emplace(id, std::nullopt); // unknown (or not readable here)
    }
    /// A visit read before; nullptr when unknown.
    const storage::EvidenceVisit* visit(std::int64_t id) {
        auto it = visits_.find(id);
        if (it == visits_.end()) {
            read({id});
            it = visits_.find(id);
        }
        return it->second ? &*it->second : nullptr;
    }

  private:
    storage::Store& store_;
    std::unordered_map<std::int64_t, std::optional<storage::EvidenceVisit>> visits_;
};

// Each visit's comments (and summary) as shingle prints, made once however often compared.
class CommentPrints {
  public:
    explicit CommentPrints(VisitCache& cache) : cache_(cache) {}

    const std::vector<scoring::CommentPrint>& of(std::int64_t id) {
        auto it = prints_.find(id);
        if (it != prints_.end())
            return it->second;
        std::vector<scoring::CommentPrint> out;
        if (const storage::EvidenceVisit* v = cache_.visit(id)) {
            for (const auto& [q, c] : v->comments)
                out.push_back(scoring::comment_print(c));
            if (!v->summary.empty())
                out.push_back(scoring::comment_print(v->summary));
        }
        return prints_.emplace(id, std::move(out)).first->second;
    }

  private:
    VisitCache& cache_;
    std::unordered_map<std::int64_t, std::vector<scoring::CommentPrint>> prints_;
};

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

scoring::IntegrityThresholds integrity_thresholds(storage::SettingsStore& settings) {
    std::vector<std::string> keys;
    for (const auto& s : scoring::threshold_settings())
        keys.push_back(s.key);
    return scoring::thresholds_from(settings.settings(keys)); // one read
}

void save_integrity_thresholds(storage::SettingsStore& settings,
                               const scoring::IntegrityThresholds& t) {
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& s : scoring::threshold_settings())
        values.emplace_back(s.key, s.real ? number(t.*s.real) : std::to_string(t.*s.whole));
    settings.set_settings(values);
}

std::optional<std::string> checked_integrity_setting(const std::string& key,
                                                     const std::string& value) {
    const scoring::ThresholdSetting* s = scoring::threshold_setting(key);
    if (!s)
        return std::nullopt;
    std::string problem;
    const auto v = scoring::parse_threshold(*s, value, &problem);
    if (!v)
        throw InputError("", key, problem);
    return s->real ? number(*v) : std::to_string(static_cast<long long>(*v));
}

ClientBaseline client_baseline(storage::Store& store, const std::string& client,
                               const std::vector<std::string>& shoppers,
                               const std::vector<std::string>& branches) {
    ClientBaseline b;
    // Codes as small numbers for scoring::leniency, which counts by branch and shopper.
    std::map<std::string, std::int32_t> branch_key, shopper_key;
    std::vector<std::string> shopper_code;
    std::vector<scoring::ShopperAtBranch> sums;
    for (const storage::ScoreSums& s : store.approved_score_sums(client)) {
        scoring::Moments m;
        m.n = s.n;
        m.sum = s.sum;
        m.sum2 = s.sum2;
        scoring::Moments& branch = b.branches[s.branch];
        branch.n += m.n;
        branch.sum += m.sum;
        branch.sum2 += m.sum2;
        const auto bk = branch_key.emplace(s.branch, static_cast<std::int32_t>(branch_key.size()));
        const auto sk =
            shopper_key.emplace(s.shopper, static_cast<std::int32_t>(shopper_code.size()));
        if (sk.second)
            shopper_code.push_back(s.shopper);
        sums.push_back({bk.first->second, sk.first->second, m});
    }
    for (const auto& [shopper, l] : scoring::leniency(sums))
        b.shoppers[shopper_code[static_cast<std::size_t>(shopper)]] = l;
    storage::RecentVisitsQuery q;
    q.client = client;
    q.shoppers = shoppers;
    q.branches = branches;
    q.per_key = kRecentPerShopperOrBranch;
    q.overall = kRecentOfClient;
    b.recent = store.recent_approved_visits(q);
    // The client's decided dispute points, all in one read (DisputeStore::disputes), by shopper.
    for (const storage::Dispute& d : store.disputes({client, "decided", ""})) {
        scoring::DisputeRecord& r = b.disputes[d.shopper];
        ++r.decided;
        r.overturned += d.decision == "accepted" || d.decision == "partly";
    }
    return b;
}

std::vector<VisitRisk> visit_risks(storage::Store& store, const std::vector<std::int64_t>& ids,
                                   const scoring::IntegrityThresholds& t,
                                   const BaselineReader& read_baseline) {
    const std::vector<storage::VisitListRow> rows = store.visit_rows(ids);

    // Per client: the shoppers and branches its queue visits name, then its baseline.
    std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> named;
    for (const storage::VisitListRow& r : rows) {
        named[r.client].first.insert(r.shopper_code);
        named[r.client].second.insert(r.branch_code);
    }
    std::map<std::string, ClientBaseline> baselines;
    for (const auto& [client, keys] : named)
        baselines.emplace(client,
                          read_baseline(store, client, {keys.first.begin(), keys.first.end()},
                                        {keys.second.begin(), keys.second.end()}));
    static const std::vector<storage::RecentVisit> kNone;
    auto recent_of = [](const std::map<std::string, std::vector<storage::RecentVisit>>& lists,
                        const std::string& code) -> const std::vector<storage::RecentVisit>& {
        const auto it = lists.find(code);
        return it == lists.end() ? kNone : it->second;
    };

    // Every visit compared, read in one batch: the queue's, their shoppers' and branches' recent
    // approved ones and the clients' (for the stock phrasing, which only a repeated comment
    // reads, but a few hundred per client cost little in a batch).
    VisitCache cache(store);
    {
        std::vector<std::int64_t> wanted;
        for (const storage::VisitListRow& r : rows)
            wanted.push_back(r.id);
        for (const auto& [client, b] : baselines) {
            for (const auto* lists : {&b.recent.by_shopper, &b.recent.by_branch})
                for (const auto& [code, visits] : *lists)
                    for (const storage::RecentVisit& v : visits)
                        wanted.push_back(v.id);
            for (const storage::RecentVisit& v : b.recent.overall)
                wanted.push_back(v.id);
        }
        cache.read(wanted);
    }

    // Photos of the visits assessed and of their shoppers' recent visits, by hash: a photo is
    // reused when its hash is stored with another visit among them.
    std::unordered_map<std::string, std::set<std::string>> hash_visits; // sha256 -> visit uuids
    std::set<std::int64_t> hashed;
    auto add_hashes = [&](std::int64_t id) {
        if (!hashed.insert(id).second)
            return;
        if (const storage::EvidenceVisit* v = cache.visit(id))
            for (const storage::EvidenceVisit::Photo& p : v->photos)
                if (!p.sha256.empty())
                    hash_visits[p.sha256].insert(v->uuid);
    };
    for (const storage::VisitListRow& r : rows) {
        add_hashes(r.id);
        for (const storage::RecentVisit& other :
             recent_of(baselines[r.client].recent.by_shopper, r.shopper_code))
            add_hashes(other.id);
    }

    // And across the whole database: where else the queue's photos are stored (indexed by hash).
    {
        std::vector<std::string> hashes;
        for (const storage::VisitListRow& r : rows)
            if (const storage::EvidenceVisit* v = cache.visit(r.id))
                for (const storage::EvidenceVisit::Photo& p : v->photos)
                    if (!p.sha256.empty())
                        hashes.push_back(p.sha256);
        const auto elsewhere = store.visits_with_sha256(hashes);
        std::vector<std::int64_t> others;
        for (const auto& [sha, visit_id] : elsewhere)
            others.push_back(visit_id);
        cache.read(others);
        for (const auto& [sha, visit_id] : elsewhere)
            if (const storage::EvidenceVisit* ov = cache.visit(visit_id))
                hash_visits[sha].insert(ov->uuid);
    }

    // The queue's visits by client and shopper, and each visit's comments printed once.
    std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> queue_by_shopper;
    for (const storage::VisitListRow& r : rows)
        queue_by_shopper[{r.client, r.shopper_code}].push_back(r.id);
    CommentPrints prints(cache);

    std::vector<VisitRisk> out;
    out.reserve(rows.size());
    for (const storage::VisitListRow& r : rows) {
        const storage::EvidenceVisit* v = cache.visit(r.id);
        if (!v)
            continue;
        const ClientBaseline& b = baselines[r.client];
        VisitRisk risk;
        risk.visit_id = r.id;
        risk.uuid = r.uuid;
        risk.client = r.client;
        risk.branch = r.branch_code;
        risk.shopper = r.shopper_code;
        risk.visited_at = v->visited_at;
        risk.status = r.status;
        risk.score = r.score;
        auto add = [&](std::optional<scoring::IntegritySignal> s) {
            if (s)
                risk.signals.push_back(std::move(*s));
        };

        add(scoring::short_form_time(v->opened_at, v->submitted_at, applicable_answers(v->answers),
                                     t));

        std::vector<std::pair<std::string, std::vector<std::string>>> reused;
        std::vector<std::string> captured;
        for (const storage::EvidenceVisit::Photo& p : v->photos) {
            if (!p.captured_at.empty())
                captured.push_back(p.captured_at);
            if (p.sha256.empty())
                continue;
            std::vector<std::string> others;
            for (const std::string& u : hash_visits[p.sha256])
                if (u != r.uuid)
                    others.push_back(u);
            reused.emplace_back(p.sha256, std::move(others));
        }
        add(scoring::photo_reused(reused));
        add(scoring::photo_time(captured, v->visited_at, v->window_from, v->window_to, t));

        const std::vector<scoring::CommentPrint>& own = prints.of(r.id);
        std::vector<const scoring::CommentPrint*> comments;
        for (const scoring::CommentPrint& c : own)
            comments.push_back(&c);
        std::vector<std::pair<std::string, const scoring::CommentPrint*>> other_comments;
        if (!comments.empty()) {
            std::vector<std::int64_t> compared;
            for (const storage::RecentVisit& other : recent_of(b.recent.by_shopper, r.shopper_code))
                compared.push_back(other.id);
            // The same shopper's other visits in the queue count too.
            const auto& queued = queue_by_shopper[{r.client, r.shopper_code}];
            compared.insert(compared.end(), queued.begin(), queued.end());
            for (const std::int64_t other : compared) {
                if (other == r.id)
                    continue;
                const storage::EvidenceVisit* ov = cache.visit(other);
                if (!ov)
                    continue;
                for (const scoring::CommentPrint& c : prints.of(other))
                    other_comments.emplace_back(ov->uuid, &c);
            }
        }
        // Other shoppers' comments at the branch: what they write too is stock phrasing.
        auto stock = [&] {
            std::vector<const scoring::CommentPrint*> out;
            auto add_stock = [&](const std::vector<storage::RecentVisit>& visits) {
                for (const storage::RecentVisit& other : visits)
                    if (other.shopper != r.shopper_code)
                        for (const scoring::CommentPrint& c : prints.of(other.id))
                            out.push_back(&c);
            };
            add_stock(recent_of(b.recent.by_branch, r.branch_code));
            add_stock(b.recent.overall);
            return out;
        };
        add(scoring::copied_comments(comments, other_comments, t, stock));

        add(scoring::outside_window(v->visited_at, v->window_from, v->window_to));

        if (r.score) {
            scoring::Moments m;
            if (auto it = b.branches.find(r.branch_code); it != b.branches.end())
                m = it->second;
            // The branch's *other* visits: an approved one counts in its branch's sums.
            if (r.status == forms::Status::Approved && !v->calibration)
                m.remove(*r.score);
            add(scoring::branch_outlier(*r.score, m, r.branch_code, t));
        }
        if (auto it = b.shoppers.find(r.shopper_code); it != b.shoppers.end())
            add(scoring::lenient_shopper(it->second, r.shopper_code, t));
        if (auto it = b.disputes.find(r.shopper_code); it != b.disputes.end())
            add(scoring::overturned_disputes(it->second, r.shopper_code, t));

        std::stable_sort(risk.signals.begin(), risk.signals.end(),
                         [](const auto& x, const auto& y) { return x.weight > y.weight; });
        risk.risk = scoring::risk_score(risk.signals);
        out.push_back(std::move(risk));
    }
    return out;
}

std::vector<VisitRisk> risk_queue(storage::Store& store, const RiskQuery& query,
                                  const scoring::IntegrityThresholds& t) {
    storage::VisitListQuery q;
    q.status = query.status;
    if (!query.client.empty()) {
        const auto clients =
            store.org_list(storage::OrgKind::Client, std::nullopt, true, /*count_visits=*/false);
        std::string names;
        for (const storage::OrgEntity& c : clients) {
            if (c.name == query.client)
                q.client_id = c.id;
            names += (names.empty() ? "" : ", ") + c.name;
        }
        if (!q.client_id)
            throw InputError(
                "", "--client",
                "no client named \"" + query.client + "\" in the database" +
                    (names.empty() ? " (it has no clients)" : " (clients: " + names + ")"));
    }
    auto risks = visit_risks(store, store.visit_ids(q), t);
    std::stable_sort(risks.begin(), risks.end(),
                     [](const VisitRisk& a, const VisitRisk& b) { return a.risk > b.risk; });
    return risks;
}

} // namespace vs::services
