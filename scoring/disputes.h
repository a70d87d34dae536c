#pragma once
// Dispute statistics (docs/disputes.md): per group (a client, a branch, a shopper), how often
// released visits are disputed, how often a decided point is overturned, how many visits a
// decision changed, and the median time an arbiter took. Pure: the caller gives each released
// visit and each dispute point with its group key.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace vs::scoring {

/// A released (approved) visit of a group.
struct DisputeVisitFact {
    std::string key;   ///< its group
    std::string visit; ///< uuid
};

/// One dispute point of a visit.
struct DisputePointFact {
    std::string key;      ///< the group of its visit
    std::string visit;    ///< uuid
    std::string decision; ///< accepted | partly | rejected; "" while open
    bool changed = false; ///< the decision changed the visit's answer
    /// Days from opening to the decision (fractional); none while open.
    std::optional<double> days_to_decide;
};

/// The statistics of one group.
struct DisputeStats {
    std::string key;
    std::size_t released = 0;              ///< released visits
    std::size_t disputed_visits = 0;       ///< of them, visits with at least one point
    std::size_t points = 0;                ///< points of the group's visits
    std::size_t decided = 0;               ///< of them, decided
    std::size_t overturned = 0;            ///< decided accepted or partly accepted
    std::size_t changed_visits = 0;        ///< released visits a decision changed
    std::optional<double> dispute_rate;    ///< disputed_visits / released (none when 0 released)
    std::optional<double> overturned_rate; ///< overturned / decided (none when none decided)
    std::optional<double> changed_rate;    ///< changed_visits / released
    std::optional<double> median_days;     ///< median days_to_decide over decided points
};

/// The statistics of every group that has a released visit or a point, by key. A point whose
/// visit is not among the released visits (reopened since) counts in points and decisions but
/// not in the visit rates.
std::vector<DisputeStats> dispute_stats(const std::vector<DisputeVisitFact>& visits,
                                        const std::vector<DisputePointFact>& points);

} // namespace vs::scoring
