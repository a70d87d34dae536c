#pragma once
// The pure rules of assignments, with no store: visit windows spread over a period, the lockout
// (never the same shopper at a branch twice within N days, counting past visits and other
// assignments), shoppers known at a branch, and the shopper proposed for a new assignment
// (home region first, then the least loaded). services/assignments.h feeds them from the store.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace vs::services {

/// Days, since 1970-01-01, inclusive at both ends.
struct DayWindow {
    int from = 0;
    int to = 0;
};

/// `n` windows that split [from, to] evenly, in order; each at least one day (when n exceeds
/// the period's days, some windows share a day). Empty when n is 0. std::invalid_argument when
/// to < from.
std::vector<DayWindow> spread_windows(int from, int to, std::size_t n);

/// Days between two windows: 0 when they overlap or touch, else the days from the end of the
/// earlier to the start of the later.
int window_gap(DayWindow a, DayWindow b);

/// A shopper already engaged at a branch over a window: a past visit (one day) or another
/// assignment (its window) that is not cancelled or declined.
struct Engagement {
    std::string shopper;
    std::string branch;
    DayWindow window;
    std::string what; ///< for messages: "a visit on 2026-03-04", "assignment 1b2c… (…)"
};

/// A shopper who may be proposed: code and home region ("" when none).
struct ShopperCandidate {
    std::string code;
    std::string region;
};

/// What the proposal and the checks know about one client.
struct AssignmentContext {
    std::vector<ShopperCandidate> shoppers;                   ///< active shoppers
    std::set<std::pair<std::string, std::string>> exclusions; ///< (shopper, branch): known there
    std::vector<Engagement> engagements;
    std::map<std::string, std::size_t> load; ///< open assignments per shopper
    int lockout_days = 90;
};

/// Why `shopper` may not go to `branch` over `window` ("" when they may): known at the branch,
/// or engaged there within the lockout (naming the engagement).
std::string assignment_refusal(const AssignmentContext& ctx, const std::string& shopper,
                               const std::string& branch, DayWindow window);

/// The proposal for one assignment: a shopper, or none and why.
struct Proposal {
    std::string shopper;
    std::string reason; ///< when no shopper fits
};

/// The shopper to propose for `branch` (in `branch_region`) over `window`: among those with no
/// refusal, a shopper whose home region is the branch's first, then the least loaded, then by
/// code. Deterministic.
Proposal propose_shopper(const AssignmentContext& ctx, const std::string& branch,
                         const std::string& branch_region, DayWindow window);

/// Records a proposal in the context (an engagement and one more load), so that the next
/// proposals see it.
void record_assignment(AssignmentContext& ctx, const std::string& shopper,
                       const std::string& branch, DayWindow window, const std::string& what);

/// Whether a shopper may move an assignment from `from` to `to` (offered → accepted|declined,
/// accepted → declined), and the consultancy (→ cancelled from offered, accepted, declined,
/// overdue; → offered again from declined). The effective status "overdue" counts as offered.
bool assignment_transition_allowed(const std::string& from, const std::string& to);

} // namespace vs::services
