#include "services/integrity.h"

#include "forms/error.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace vs::services {

namespace {

// How many of a shopper's most recent other visits a visit's comments and photos are compared
// with: enough to catch a text pasted from one visit to the next, few enough that a queue of
// thousands stays a few thousand indexed reads.
constexpr std::size_t kShopperVisitsCompared = 30;
// Other shoppers' visits whose comments tell stock phrasing (what many write) from a copy: the
// branch's most recent ones and the client's.
constexpr std::size_t kClientVisitsForStock = 150;

// What one client's approved visits say, read once per client the queue names.
struct ClientBaseline {
    std::unordered_map<std::string, scoring::Moments> branches;  // branch code -> scores
    std::unordered_map<std::string, scoring::Leniency> shoppers; // shopper code -> leniency
    // shopper code -> (day, visit id) of the approved visits, newest first
    std::unordered_map<std::string, std::vector<std::pair<int, std::int64_t>>> shopper_visits;
    std::unordered_map<std::int64_t, double> approved_score; // visit id -> score
    // the client's most recent approved visits: (day, visit id, shopper code), newest first
    std::vector<std::tuple<int, std::int64_t, std::string>> recent;
    // branch code -> (day, visit id, shopper code) of the approved visits, newest first
    std::unordered_map<std::string, std::vector<std::tuple<int, std::int64_t, std::string>>>
        branch_visits;
};

ClientBaseline read_baseline(storage::Store& store, const std::string& client) {
    storage::VisitFilter filter; // approved, no calibration visits
    filter.client = client;
    const scoring::FactTable facts =
        store.load_facts(filter, /*with_questions=*/false, /*with_attributions=*/false);
    ClientBaseline b;
    std::vector<scoring::ScoredVisit> scored;
    scored.reserve(facts.visits.size());
    for (const scoring::VisitFact& v : facts.visits) {
        const std::string& shopper = facts.shoppers[v.shopper];
        b.shopper_visits[shopper].emplace_back(v.day, v.visit_id);
        b.branch_visits[facts.branches[v.branch]].emplace_back(v.day, v.visit_id, shopper);
        b.recent.emplace_back(v.day, v.visit_id, shopper);
        if (scoring::is_na(v.score))
            continue;
        b.branches[facts.branches[v.branch]].add(v.score);
        b.approved_score[v.visit_id] = v.score;
        scored.push_back({v.branch, v.shopper, v.score});
    }
    for (const auto& [shopper, l] : scoring::leniency(scored))
        b.shoppers[facts.shoppers[shopper]] = l;
    for (auto& [shopper, visits] : b.shopper_visits) {
        std::sort(visits.begin(), visits.end(), std::greater<>());
        if (visits.size() > kShopperVisitsCompared)
            visits.resize(kShopperVisitsCompared);
    }
    std::sort(b.recent.begin(), b.recent.end(), std::greater<>());
    if (b.recent.size() > kClientVisitsForStock)
        b.recent.resize(kClientVisitsForStock);
    for (auto& [branch, visits] : b.branch_visits) {
        std::sort(visits.begin(), visits.end(), std::greater<>());
        if (visits.size() > kShopperVisitsCompared)
            visits.resize(kShopperVisitsCompared);
    }
    return b;
}

// Answered questions that apply: answers the form holds that are not "na".
int applicable_answers(const forms::Visit& v) {
    int n = 0;
    if (!v.answers.is_object())
        return 0;
    for (const auto& [id, a] : v.answers.items())
        if (!a.is_null() && !(a.is_string() && a.get<std::string>() == "na"))
            ++n;
    return n;
}

// Visits read once per assessment (a shopper's visits serve every one of their queue visits).
class VisitCache {
  public:
    explicit VisitCache(storage::Store& store) : store_(store) {}

    const storage::StoredVisit* visit(std::int64_t id) {
        auto it = visits_.find(id);
        if (it == visits_.end()) {
            std::optional<storage::StoredVisit> v;
            try {
                v = store_.load_visit(id);
            } catch (const storage::StorageError&) {
            }
            it = visits_.emplace(id, std::move(v)).first;
        }
        return it->second ? &*it->second : nullptr;
    }
    const std::vector<storage::AttachmentInfo>& photos(std::int64_t id) {
        auto it = photos_.find(id);
        if (it == photos_.end())
            it = photos_.emplace(id, store_.attachments(id)).first;
        return it->second;
    }

  private:
    storage::Store& store_;
    std::unordered_map<std::int64_t, std::optional<storage::StoredVisit>> visits_;
    std::unordered_map<std::int64_t, std::vector<storage::AttachmentInfo>> photos_;
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
        if (const storage::StoredVisit* v = cache_.visit(id)) {
            for (const auto& [q, c] : v->visit.comments)
                out.push_back(scoring::comment_print(c));
            if (!v->visit.summary.empty())
                out.push_back(scoring::comment_print(v->visit.summary));
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
    std::map<std::string, std::string> values;
    for (const auto& s : scoring::threshold_settings())
        values[s.key] = settings.setting(s.key, "");
    return scoring::thresholds_from(values);
}

void save_integrity_thresholds(storage::SettingsStore& settings,
                               const scoring::IntegrityThresholds& t) {
    for (const auto& s : scoring::threshold_settings())
        settings.set_setting(s.key, s.real ? number(t.*s.real) : std::to_string(t.*s.whole));
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

std::vector<VisitRisk> visit_risks(storage::Store& store, const std::vector<std::int64_t>& ids,
                                   const scoring::IntegrityThresholds& t) {
    const std::vector<storage::VisitListRow> rows = store.visit_rows(ids);
    VisitCache cache(store);
    std::map<std::string, ClientBaseline> baselines;

    // Photos of the visits assessed and of their shoppers' recent visits, by hash: a photo is
    // reused when its hash is stored with another visit among them.
    std::unordered_map<std::string, std::set<std::string>> hash_visits; // sha256 -> visit uuids
    std::set<std::int64_t> hashed;
    auto add_hashes = [&](std::int64_t id, const std::string& uuid) {
        if (!hashed.insert(id).second)
            return;
        for (const storage::AttachmentInfo& a : cache.photos(id))
            if (!a.sha256.empty())
                hash_visits[a.sha256].insert(uuid);
    };
    for (const storage::VisitListRow& r : rows) {
        if (!baselines.count(r.client))
            baselines.emplace(r.client, read_baseline(store, r.client));
        add_hashes(r.id, r.uuid);
        for (const auto& [day, other] : baselines[r.client].shopper_visits[r.shopper_code])
            if (const auto* ov = cache.visit(other))
                add_hashes(other, ov->visit.uuid);
    }

    // And across the whole database: where else the queue's photos are stored (indexed by hash).
    {
        std::vector<std::string> hashes;
        for (const storage::VisitListRow& r : rows)
            for (const storage::AttachmentInfo& a : cache.photos(r.id))
                if (!a.sha256.empty())
                    hashes.push_back(a.sha256);
        for (const auto& [sha, visit_id] : store.visits_with_sha256(hashes))
            if (const auto* ov = cache.visit(visit_id))
                hash_visits[sha].insert(ov->visit.uuid);
    }

    // The queue's visits by client and shopper, and each visit's comments printed once.
    std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> queue_by_shopper;
    for (const storage::VisitListRow& r : rows)
        queue_by_shopper[{r.client, r.shopper_code}].push_back(r.id);
    CommentPrints prints(cache);

    std::vector<VisitRisk> out;
    out.reserve(rows.size());
    for (const storage::VisitListRow& r : rows) {
        const storage::StoredVisit* sv = cache.visit(r.id);
        if (!sv)
            continue;
        const forms::Visit& v = sv->visit;
        const ClientBaseline& b = baselines[r.client];
        VisitRisk risk;
        risk.visit_id = r.id;
        risk.uuid = r.uuid;
        risk.client = r.client;
        risk.branch = r.branch_code;
        risk.shopper = r.shopper_code;
        risk.visited_at = v.visited_at;
        risk.status = r.status;
        risk.score = r.score;
        auto add = [&](std::optional<scoring::IntegritySignal> s) {
            if (s)
                risk.signals.push_back(std::move(*s));
        };

        add(scoring::short_form_time(v.evidence.opened_at, v.evidence.submitted_at,
                                     applicable_answers(v), t));

        std::string window_from, window_to;
        if (!v.assignment.empty())
            if (const auto a = store.assignment(v.assignment)) {
                window_from = a->window_from;
                window_to = a->window_to;
            }

        std::vector<std::pair<std::string, std::vector<std::string>>> reused;
        std::vector<std::string> captured;
        for (const storage::AttachmentInfo& a : cache.photos(r.id)) {
            if (!a.captured_at.empty())
                captured.push_back(a.captured_at);
            if (a.sha256.empty())
                continue;
            std::vector<std::string> others;
            for (const std::string& u : hash_visits[a.sha256])
                if (u != r.uuid)
                    others.push_back(u);
            reused.emplace_back(a.sha256, std::move(others));
        }
        add(scoring::photo_reused(reused));
        add(scoring::photo_time(captured, v.visited_at, window_from, window_to, t));

        const std::vector<scoring::CommentPrint>& own = prints.of(r.id);
        std::vector<const scoring::CommentPrint*> comments;
        for (const scoring::CommentPrint& c : own)
            comments.push_back(&c);
        std::vector<std::pair<std::string, const scoring::CommentPrint*>> other_comments;
        if (!comments.empty()) {
            std::vector<std::int64_t> compared;
            if (auto it = b.shopper_visits.find(r.shopper_code); it != b.shopper_visits.end())
                for (const auto& [day, other] : it->second)
                    compared.push_back(other);
            // The same shopper's other visits in the queue count too.
            const auto& queued = queue_by_shopper[{r.client, r.shopper_code}];
            compared.insert(compared.end(), queued.begin(), queued.end());
            for (const std::int64_t other : compared) {
                if (other == r.id)
                    continue;
                const auto* ov = cache.visit(other);
                if (!ov)
                    continue;
                for (const scoring::CommentPrint& c : prints.of(other))
                    other_comments.emplace_back(ov->visit.uuid, &c);
            }
        }
        // Other shoppers' comments at the branch: what they write too is stock phrasing.
        auto stock = [&] {
            std::vector<const scoring::CommentPrint*> out;
            auto add_stock = [&](const auto& visits) {
                for (const auto& [day, other, shopper] : visits)
                    if (shopper != r.shopper_code)
                        for (const scoring::CommentPrint& c : prints.of(other))
                            out.push_back(&c);
            };
            if (auto it = b.branch_visits.find(r.branch_code); it != b.branch_visits.end())
                add_stock(it->second);
            add_stock(b.recent);
            return out;
        };
        add(scoring::copied_comments(comments, other_comments, t, stock));

        add(scoring::outside_window(v.visited_at, window_from, window_to));

        if (r.score) {
            scoring::Moments m;
            if (auto it = b.branches.find(r.branch_code); it != b.branches.end())
                m = it->second;
            if (auto own = b.approved_score.find(r.id); own != b.approved_score.end())
                m.remove(own->second); // the branch's *other* visits
            add(scoring::branch_outlier(*r.score, m, r.branch_code, t));
        }
        if (auto it = b.shoppers.find(r.shopper_code); it != b.shoppers.end())
            add(scoring::lenient_shopper(it->second, r.shopper_code, t));

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
