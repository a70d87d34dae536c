#include "scoring/disputes.h"

#include <algorithm>
#include <map>
#include <set>

namespace vs::scoring {
namespace {

std::optional<double> share(std::size_t part, std::size_t whole) {
    if (whole == 0)
        return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

std::optional<double> median(std::vector<double> xs) {
    if (xs.empty())
        return std::nullopt;
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

} // namespace

std::vector<DisputeStats> dispute_stats(const std::vector<DisputeVisitFact>& visits,
                                        const std::vector<DisputePointFact>& points) {
    struct Group {
        std::set<std::string> released, disputed, changed;
        std::size_t points = 0, decided = 0, overturned = 0;
        std::vector<double> days;
    };
    std::map<std::string, Group> groups;
    for (const DisputeVisitFact& v : visits)
        groups[v.key].released.insert(v.visit);
    for (const DisputePointFact& p : points) {
        Group& g = groups[p.key];
        ++g.points;
        const bool released = g.released.count(p.visit) > 0;
        if (released)
            g.disputed.insert(p.visit);
        if (p.decision.empty())
            continue;
        ++g.decided;
        if (p.decision == "accepted" || p.decision == "partly")
            ++g.overturned;
        if (p.changed && released)
            g.changed.insert(p.visit);
        if (p.days_to_decide)
            g.days.push_back(*p.days_to_decide);
    }
    std::vector<DisputeStats> out;
    for (auto& [key, g] : groups) {
        DisputeStats s;
        s.key = key;
        s.released = g.released.size();
        s.disputed_visits = g.disputed.size();
        s.points = g.points;
        s.decided = g.decided;
        s.overturned = g.overturned;
        s.changed_visits = g.changed.size();
        s.dispute_rate = share(s.disputed_visits, s.released);
        s.overturned_rate = share(s.overturned, s.decided);
        s.changed_rate = share(s.changed_visits, s.released);
        s.median_days = median(std::move(g.days));
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace vs::scoring
