#include "storage/demo_doubtful.h"

#include "forms/dates.h"
#include "scoring/facts.h"
#include "scoring/integrity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <random>

namespace vs::storage {

namespace {

// A 1×1 PNG. Text after its end chunk gives photos of different content (and hashes) that
// still open (decoders stop at the end chunk).
constexpr unsigned char kPng[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

std::vector<unsigned char> photo(const std::string& tag) {
    std::vector<unsigned char> data(std::begin(kPng), std::end(kPng));
    data.insert(data.end(), tag.begin(), tag.end());
    return data;
}

std::string uuid_from(std::mt19937_64& rng) {
    std::uint64_t x = rng(), y = rng();
    x = (x & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    y = (y & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(x >> 32),
                  static_cast<unsigned>((x >> 16) & 0xFFFF), static_cast<unsigned>(x & 0xFFFF),
                  static_cast<unsigned>(y >> 48),
                  static_cast<unsigned long long>(y & 0xFFFFFFFFFFFFULL));
    return buf;
}

// "YYYY-MM-DDTHH:MM:00" of a day (days since 1970-01-01) and a time; `zone` "Z" for UTC.
std::string at(int day, int hour, int minute, const char* zone = "") {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:00%s", forms::day_to_string(day).c_str(), hour,
                  minute, zone);
    return buf;
}

// What two of the ordinary shopper's visits both say (the copied_comments case).
const char* const kRepeated =
    "Waited eleven minutes at the counter while the adviser finished a call about a mortgage; "
    "she apologised, checked my identity twice and offered the savings leaflet unprompted.";

} // namespace

std::vector<std::pair<std::string, std::string>>
add_demo_doubtful_visits(Store& store, const DemoOptions& options) {
    const auto clients = store.org_list(OrgKind::Client, std::nullopt, false, false);
    if (clients.empty())
        return {};
    // What the review queue's signals see of a client: its branches' levels and its shoppers'
    // leniency over the approved visits, and those visits newest first.
    const scoring::IntegrityThresholds t; // the defaults
    struct Seen {
        scoring::FactTable facts;
        std::map<std::int32_t, scoring::Moments> level;
        std::map<std::int32_t, scoring::Leniency> leniency;
        std::vector<const scoring::VisitFact*> newest;
        bool lenient(std::int32_t shopper, const scoring::IntegrityThresholds& th) const {
            const auto it = leniency.find(shopper);
            return it != leniency.end() && scoring::lenient_shopper(it->second, "", th);
        }
        double z(const scoring::VisitFact& v) const {
            const scoring::Moments& m = level.at(v.branch);
            return m.sd() > 0 ? (v.score - m.mean()) / m.sd() : 0.0;
        }
    };
    auto see = [&](const std::string& name) {
        auto seen = std::make_unique<Seen>();
        VisitFilter filter; // approved
        filter.client = name;
        seen->facts = store.load_facts(filter, false, false);
        std::vector<scoring::ScoredVisit> scored;
        for (const scoring::VisitFact& v : seen->facts.visits)
            if (!scoring::is_na(v.score)) {
                seen->level[v.branch].add(v.score);
                scored.push_back({v.branch, v.shopper, v.score});
                seen->newest.push_back(&v);
            }
        seen->leniency = scoring::leniency(scored);
        std::sort(seen->newest.begin(), seen->newest.end(), [](const auto* x, const auto* y) {
            return std::pair(x->day, x->visit_id) > std::pair(y->day, y->visit_id);
        });
        return seen;
    };
    const std::string client = clients.front().name;
    const auto main = see(client);
    // The most ordinary shopper: most compared visits, |t| < 1.
    std::int32_t ordinary = -1;
    for (const auto& [shopper, l] : main->leniency)
        if (l.n >= t.lenient_min_visits && std::abs(l.t) < 1 &&
            (ordinary < 0 || l.n > main->leniency.at(ordinary).n))
            ordinary = shopper;
    if (ordinary < 0)
        return {};
    // Models, newest first: the ordinary shopper's visits scored near their branch's level, at
    // branches with plenty of visits; another ordinary shopper's visit scored far below it.
    std::vector<const scoring::VisitFact*> plain;
    const scoring::VisitFact* low = nullptr;
    for (const scoring::VisitFact* v : main->newest) {
        const double n = main->level.at(v->branch).n;
        if (v->shopper == ordinary && plain.size() < 6 && std::abs(main->z(*v)) < 1 &&
            n >= 2 * t.branch_min_visits)
            plain.push_back(v);
        if (!low && !main->lenient(v->shopper, t) && n > t.branch_min_visits &&
            main->z(*v) <= -(t.branch_z + 1))
            low = v;
    }
    if (plain.size() < 6)
        return {};
    // The most lenient shopper (by t) of the first client that has one, and their newest visit
    // scored near the branch's level.
    const scoring::VisitFact* generous = nullptr;
    std::unique_ptr<Seen> other;
    for (const OrgEntity& c : clients) {
        const Seen* seen = main.get();
        if (c.name != client) {
            other = see(c.name);
            seen = other.get();
        }
        std::int32_t kind = -1;
        for (const auto& [shopper, l] : seen->leniency)
            if (seen->lenient(shopper, t) && (kind < 0 || l.t > seen->leniency.at(kind).t))
                kind = shopper;
        for (const scoring::VisitFact* v : seen->newest)
            if (v->shopper == kind && std::abs(seen->z(*v)) < 1.5) {
                generous = v;
                break;
            }
        if (generous)
            break;
    }

    std::mt19937_64 rng(options.seed ^ 0x5eedd0b7a1ULL);
    std::vector<std::pair<std::string, std::string>> planted;
    std::vector<forms::Visit> visits;
    int back = 1;
    // A submitted copy of a model visit, a few days before the demo's last day, with plausible
    // form times (opened 40 minutes before the visit's time, submitted 20 minutes after) and
    // none of the model's comments.
    auto clone = [&](const scoring::VisitFact& model, const std::string& signal) {
        forms::Visit v = store.load_visit(model.visit_id).visit;
        v.uuid = uuid_from(rng);
        v.status = forms::Status::Submitted;
        v.assignment.clear();
        v.comments.clear();
        v.summary.clear();
        const int day = options.end_day - back;
        const int hour = 10 + back % 6;
        ++back;
        v.visited_at = at(day, hour, 15);
        v.evidence = {at(day, hour - 1, 35, "Z"), at(day, hour - 1, 38, "Z"),
                      at(day, hour, 35, "Z")};
        planted.emplace_back(v.uuid, signal);
        visits.push_back(std::move(v));
        return visits.size() - 1;
    };
    const std::size_t quick = clone(*plain[0], "short_form_time");
    const int quick_day = options.end_day - 1;
    visits[quick].evidence = {at(quick_day, 11, 0, "Z"), at(quick_day, 11, 0, "Z"),
                              at(quick_day, 11, 1, "Z")}; // a minute for the whole form
    clone(*plain[1], "photo_reused");
    clone(*plain[2], "photo_time");
    visits[clone(*plain[3], "copied_comments")].summary = kRepeated;
    visits[clone(*plain[4], "copied_comments")].summary = std::string(kRepeated) + " Good visit.";
    const std::size_t late_at = clone(*plain[5], "outside_window");
    visits[late_at].assignment = uuid_from(rng);
    if (low)
        clone(*low, "branch_outlier");
    if (generous)
        clone(*generous, "lenient_shopper");
    const forms::Visit late = visits[late_at];

    // Planted before (the same seed on the same data): nothing to add.
    for (const auto& [uuid, signal] : planted)
        if (store.visit_id_of(uuid))
            return {};
    const std::string late_uuid = late.uuid, late_assignment = late.assignment;
    const std::string late_branch = late.branch, late_shopper = late.shopper;
    const std::string late_day = late.visited_at.substr(0, 10);
    const std::string tpl_id = late.template_id;
    const int tpl_version = late.template_version;
    store.import_visits(visits, "demo");

    // The visit made for an assignment whose window ended eight days before it.
    Assignment a;
    a.uuid = late_assignment;
    a.client = client;
    a.branch = late_branch;
    a.template_id = tpl_id;
    a.template_version = tpl_version;
    a.scenario = "Ask what it costs to send money abroad";
    const int day = forms::parse_day(late_day).value_or(options.end_day);
    a.window_from = forms::day_to_string(day - 21);
    a.window_to = forms::day_to_string(day - 8);
    a.shopper = late_shopper;
    a.fee_cents = 2500;
    a.status = "visited";
    a.visit_uuid = late_uuid;
    store.put_assignments({a}, "demo");

    // Photos: one also stored with the model's own (approved) visit; one taken nine days early.
    auto id_of = [&](std::size_t i) { return *store.visit_id_of(planted[i].first); };
    const std::string reused_at = at(options.end_day - 2, 12, 20);
    store.add_attachment(id_of(1), "", "entrance.png", "image/png", photo("entrance"), {},
                         reused_at);
    const scoring::VisitFact& source = *plain[1];
    store.add_attachment(source.visit_id, "", "entrance.png", "image/png", photo("entrance"), {},
                         at(source.day, 12, 0));
    store.add_attachment(id_of(2), "", "counter.png", "image/png", photo("counter"), {},
                         at(options.end_day - 3 - 9, 14, 0));
    return planted;
}

} // namespace vs::storage
