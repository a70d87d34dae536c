#include "services/assignment_rules.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace vs::services {

std::vector<DayWindow> spread_windows(int from, int to, std::size_t n) {
    if (to < from)
        throw std::invalid_argument("spread_windows: the period ends before it starts");
    std::vector<DayWindow> out;
    out.reserve(n);
    const long long days = static_cast<long long>(to) - from + 1;
    for (std::size_t i = 0; i < n; ++i) {
        const long long start = from + static_cast<long long>(i) * days / static_cast<long long>(n);
        const long long end =
            from + static_cast<long long>(i + 1) * days / static_cast<long long>(n) - 1;
        out.push_back({static_cast<int>(start), static_cast<int>(std::max(start, end))});
    }
    return out;
}

int window_gap(DayWindow a, DayWindow b) {
    if (a.from > b.from)
        std::swap(a, b);
    return std::max(0, b.from - a.to);
}

std::string assignment_refusal(const AssignmentContext& ctx, const std::string& shopper,
                               const std::string& branch, DayWindow window) {
    if (shopper.empty())
        return {};
    if (ctx.exclusions.count({shopper, branch}))
        return "shopper " + shopper + " is known at branch " + branch + " (never sent there)";
    for (const Engagement& e : ctx.engagements)
        if (e.shopper == shopper && e.branch == branch &&
            window_gap(e.window, window) < ctx.lockout_days)
            return "shopper " + shopper + " is at branch " + branch + " within " +
                   std::to_string(ctx.lockout_days) + " days already (" + e.what + ")";
    return {};
}

Proposal propose_shopper(const AssignmentContext& ctx, const std::string& branch,
                         const std::string& branch_region, DayWindow window) {
    const ShopperCandidate* best = nullptr;
    auto rank = [&](const ShopperCandidate& s) {
        const bool local = !branch_region.empty() && s.region == branch_region;
        const auto it = ctx.load.find(s.code);
        const std::size_t load = it == ctx.load.end() ? 0 : it->second;
        return std::make_tuple(local ? 0 : 1, load, s.code);
    };
    std::size_t known = 0, locked = 0;
    for (const ShopperCandidate& s : ctx.shoppers) {
        if (ctx.exclusions.count({s.code, branch})) {
            ++known;
            continue;
        }
        if (!assignment_refusal(ctx, s.code, branch, window).empty()) {
            ++locked;
            continue;
        }
        if (!best || rank(s) < rank(*best))
            best = &s;
    }
    if (best)
        return {best->code, {}};
    if (ctx.shoppers.empty())
        return {{}, "the client has no active shopper"};
    return {{},
            "no shopper fits: " + std::to_string(known) + " of " +
                std::to_string(ctx.shoppers.size()) + " known at branch " + branch + ", " +
                std::to_string(locked) + " at it within the " + std::to_string(ctx.lockout_days) +
                "-day lockout"};
}

void record_assignment(AssignmentContext& ctx, const std::string& shopper,
                       const std::string& branch, DayWindow window, const std::string& what) {
    if (shopper.empty())
        return;
    ctx.engagements.push_back({shopper, branch, window, what});
    ++ctx.load[shopper];
}

bool assignment_transition_allowed(const std::string& from_status, const std::string& to) {
    const std::string from = from_status == "overdue" ? "offered" : from_status;
    if (to == "accepted")
        return from == "offered";
    if (to == "declined")
        return from == "offered" || from == "accepted";
    if (to == "cancelled")
        return from == "offered" || from == "accepted" || from == "declined";
    if (to == "offered")
        return from == "declined";
    if (to == "visited")
        return from == "offered" || from == "accepted";
    return false;
}

} // namespace vs::services
