#pragma once
// Statistics used by the aggregates, the training effect and calibration (SCORING.md §4–8).
// Pure functions; distributions come from Boost.Math. "No value" is std::nullopt, never a guess.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace vs::scoring {

struct Interval {
    double lo = 0;
    double hi = 0;
    bool operator==(const Interval&) const = default;
};

/// z for a two-sided 95 % normal interval, as SCORING.md fixes it.
inline constexpr double kZ95 = 1.959964;

/// Arithmetic mean; std::nullopt when empty.
std::optional<double> mean(std::span<const double> xs);
/// Sample standard deviation (n - 1); std::nullopt when n < 2.
std::optional<double> sample_sd(std::span<const double> xs);
/// Median (mean of the middle two for even n); std::nullopt when empty.
std::optional<double> median(std::span<const double> xs);

/// mean ± t(0.975, n-1) · sd / sqrt(n); std::nullopt when n < 2.
std::optional<Interval> t_interval(double mean, double sd, std::size_t n);
/// The ci95 of a mean score (SCORING.md §4): t_interval with each end clipped to [0, 100], the
/// scale a score cannot leave. Every interval of a score mean goes through here; differences of
/// means (training effects) are not scores and use t_interval or their own interval unclipped.
std::optional<Interval> score_interval(double mean, double sd, std::size_t n);
/// Wilson score interval for successes / n with z = 1.959964; std::nullopt when n == 0.
/// Throws std::invalid_argument when successes > n.
std::optional<Interval> wilson(std::size_t successes, std::size_t n);

struct Welch {
    double t = 0;
    double df = 0;
    double p = 0; ///< two-sided
};
/// Welch's unequal-variance t-test of group 2 against group 1; std::nullopt when either n < 2
/// or both variances are zero.
std::optional<Welch> welch_test(std::size_t n1, double mean1, double sd1, std::size_t n2,
                                double mean2, double sd2);
/// Cohen's d = (mean2 - mean1) / pooled sd with (n - 1) weights; std::nullopt when either n < 2
/// or the pooled sd is zero.
std::optional<double> cohens_d(std::size_t n1, double mean1, double sd1, std::size_t n2,
                               double mean2, double sd2);

/// Least-squares slope of y against x; std::nullopt with fewer than 3 points or all x equal.
std::optional<double> trend_slope(std::span<const std::pair<double, double>> points);

struct Nps {
    std::size_t n = 0;
    std::size_t promoters = 0;
    std::size_t passives = 0;
    std::size_t detractors = 0;
    std::optional<double> nps; ///< 100 · (promoters − detractors) / n; nullopt when n == 0
};
/// NPS of 0–10 ratings (promoters 9–10, detractors 0–6). Throws std::invalid_argument for a
/// rating outside 0–10.
Nps nps(std::span<const int> ratings);

/// Cohen's kappa between two raters' categorical labels (same length, paired).
/// std::nullopt when empty; 1 when both raters agree on everything even if p_e == 1.
std::optional<double> cohens_kappa(std::span<const std::pair<std::string, std::string>> pairs);

/// Fleiss' kappa; `counts[i][j]` = raters who put subject i in category j. Every subject must
/// have the same number of raters (>= 2). std::nullopt when fewer than one subject, fewer than
/// two raters, or p_e == 1 with disagreement impossible to measure. Throws std::invalid_argument
/// when subjects have different numbers of raters or categories, or a count is negative.
std::optional<double> fleiss_kappa(const std::vector<std::vector<int>>& counts);

} // namespace vs::scoring
