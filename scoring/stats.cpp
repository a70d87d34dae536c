#include "scoring/stats.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <map>
#include <stdexcept>

namespace vs::scoring {

namespace {

bool all_equal(std::span<const double> xs) {
    return std::all_of(xs.begin(), xs.end(), [&](double x) { return x == xs.front(); });
}

/// t(0.975, df): the upper quantile for a two-sided 95 % interval.
double t975(double df) {
    const boost::math::students_t dist(df);
    return boost::math::quantile(boost::math::complement(dist, 0.025));
}

} // namespace

std::optional<double> mean(std::span<const double> xs) {
    if (xs.empty())
        return std::nullopt;
    if (all_equal(xs))
        return xs.front(); // exact, not n·x/n
    const double n = static_cast<double>(xs.size());
    double sum = 0;
    for (double x : xs)
        sum += x;
    const double m = sum / n;
    // One refinement pass: removes most of the rounding error of the naive sum.
    double residual = 0;
    double lo = xs.front();
    double hi = xs.front();
    for (double x : xs) {
        residual += x - m;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    }
    // A mean lies within its values; rounding must not take a mean of scores past 100.
    return std::clamp(m + residual / n, lo, hi);
}

std::optional<double> sample_sd(std::span<const double> xs) {
    if (xs.size() < 2)
        return std::nullopt;
    if (all_equal(xs))
        return 0.0;
    const double m = *mean(xs);
    // Corrected two-pass algorithm (Chan, Golub & LeVeque): the second term cancels the
    // rounding error left in m.
    double ss = 0;
    double s = 0;
    for (double x : xs) {
        const double d = x - m;
        ss += d * d;
        s += d;
    }
    const double n = static_cast<double>(xs.size());
    const double var = (ss - s * s / n) / (n - 1);
    return std::sqrt(std::max(var, 0.0));
}

std::optional<double> median(std::span<const double> xs) {
    if (xs.empty())
        return std::nullopt;
    std::vector<double> v(xs.begin(), xs.end());
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    if (v.size() % 2 == 1)
        return *mid;
    // Even n: the lower middle is the largest element of the (unordered) lower half.
    const double lower = *std::max_element(v.begin(), mid);
    return (lower + *mid) / 2;
}

std::optional<Interval> t_interval(double mean, double sd, std::size_t n) {
    if (n < 2)
        return std::nullopt;
    const double nd = static_cast<double>(n);
    const double half = t975(nd - 1) * sd / std::sqrt(nd);
    return Interval{mean - half, mean + half};
}

std::optional<Interval> score_interval(double mean, double sd, std::size_t n) {
    std::optional<Interval> ci = t_interval(mean, sd, n);
    if (ci) {
        ci->lo = std::clamp(ci->lo, 0.0, 100.0);
        ci->hi = std::clamp(ci->hi, 0.0, 100.0);
    }
    return ci;
}

std::optional<Interval> wilson(std::size_t successes, std::size_t n) {
    if (n == 0)
        return std::nullopt;
    if (successes > n)
        throw std::invalid_argument("wilson: successes > n");
    const double nd = static_cast<double>(n);
    const double p = static_cast<double>(successes) / nd;
    const double z2 = kZ95 * kZ95;
    const double denom = 1 + z2 / nd;
    const double centre = (p + z2 / (2 * nd)) / denom;
    const double half = kZ95 * std::sqrt(p * (1 - p) / nd + z2 / (4 * nd * nd)) / denom;
    // The interval always contains p (at 0/n and n/n it ends exactly at 0 or 1); enforce it so
    // rounding cannot give, say, hi = 0.9999999999999999 for a 100 % pass rate.
    return Interval{std::clamp(std::min(centre - half, p), 0.0, 1.0),
                    std::clamp(std::max(centre + half, p), 0.0, 1.0)};
}

std::optional<Welch> welch_test(std::size_t n1, double mean1, double sd1, std::size_t n2,
                                double mean2, double sd2) {
    if (n1 < 2 || n2 < 2)
        return std::nullopt;
    const double v1 = sd1 * sd1 / static_cast<double>(n1);
    const double v2 = sd2 * sd2 / static_cast<double>(n2);
    const double se2 = v1 + v2;
    if (!(se2 > 0))
        return std::nullopt;
    Welch w;
    w.t = (mean2 - mean1) / std::sqrt(se2);
    w.df =
        se2 * se2 / (v1 * v1 / static_cast<double>(n1 - 1) + v2 * v2 / static_cast<double>(n2 - 1));
    const boost::math::students_t dist(w.df);
    w.p = 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(w.t)));
    return w;
}

std::optional<double> cohens_d(std::size_t n1, double mean1, double sd1, std::size_t n2,
                               double mean2, double sd2) {
    if (n1 < 2 || n2 < 2)
        return std::nullopt;
    const double w1 = static_cast<double>(n1 - 1);
    const double w2 = static_cast<double>(n2 - 1);
    const double pooled = std::sqrt((w1 * sd1 * sd1 + w2 * sd2 * sd2) / (w1 + w2));
    if (!(pooled > 0))
        return std::nullopt;
    return (mean2 - mean1) / pooled;
}

std::optional<double> trend_slope(std::span<const std::pair<double, double>> points) {
    if (points.size() < 3)
        return std::nullopt;
    const double x0 = points.front().first;
    if (std::all_of(points.begin(), points.end(), [&](const auto& p) { return p.first == x0; }))
        return std::nullopt;
    const double n = static_cast<double>(points.size());
    double sx = 0;
    double sy = 0;
    for (const auto& [x, y] : points) {
        sx += x;
        sy += y;
    }
    const double mx = sx / n;
    const double my = sy / n;
    double sxy = 0;
    double sxx = 0;
    for (const auto& [x, y] : points) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
    }
    return sxy / sxx;
}

Nps nps(std::span<const int> ratings) {
    Nps r;
    for (int v : ratings) {
        if (v < 0 || v > 10)
            throw std::invalid_argument("nps: rating " + std::to_string(v) + " outside 0..10");
        if (v >= 9)
            ++r.promoters;
        else if (v >= 7)
            ++r.passives;
        else
            ++r.detractors;
    }
    r.n = ratings.size();
    if (r.n > 0)
        r.nps = 100.0 * (static_cast<double>(r.promoters) - static_cast<double>(r.detractors)) /
                static_cast<double>(r.n);
    return r;
}

std::optional<double> cohens_kappa(std::span<const std::pair<std::string, std::string>> pairs) {
    if (pairs.empty())
        return std::nullopt;
    std::map<std::string, std::pair<std::size_t, std::size_t>> marginals; // label -> (r1, r2)
    std::size_t agree = 0;
    for (const auto& [a, b] : pairs) {
        ++marginals[a].first;
        ++marginals[b].second;
        if (a == b)
            ++agree;
    }
    const double n = static_cast<double>(pairs.size());
    const double po = static_cast<double>(agree) / n;
    double pe = 0;
    for (const auto& [label, m] : marginals)
        pe += (static_cast<double>(m.first) / n) * (static_cast<double>(m.second) / n);
    if (1 - pe < 1e-12) {
        if (agree == pairs.size())
            return 1.0;
        return std::nullopt;
    }
    return (po - pe) / (1 - pe);
}

std::optional<double> fleiss_kappa(const std::vector<std::vector<int>>& counts) {
    if (counts.empty())
        return std::nullopt;
    const std::size_t k = counts.front().size();
    long long raters = -1;
    for (const auto& row : counts) {
        if (row.size() != k)
            throw std::invalid_argument("fleiss_kappa: rows have different numbers of categories");
        long long sum = 0;
        for (int c : row) {
            if (c < 0)
                throw std::invalid_argument("fleiss_kappa: negative count");
            sum += c;
        }
        if (raters >= 0 && sum != raters)
            throw std::invalid_argument("fleiss_kappa: subjects have different numbers of raters");
        raters = sum;
    }
    if (raters < 2)
        return std::nullopt;

    const double big_n = static_cast<double>(counts.size());
    const double n = static_cast<double>(raters);
    double p_bar = 0;
    std::vector<double> column(k, 0.0);
    for (const auto& row : counts) {
        long long sq = 0;
        for (std::size_t j = 0; j < k; ++j) {
            sq += static_cast<long long>(row[j]) * row[j];
            column[j] += row[j];
        }
        p_bar += static_cast<double>(sq - raters) / (n * (n - 1));
    }
    p_bar /= big_n;
    double pe_bar = 0;
    for (double c : column) {
        const double pj = c / (big_n * n);
        pe_bar += pj * pj;
    }
    if (1 - pe_bar < 1e-12) {
        if (p_bar == 1)
            return 1.0;
        return std::nullopt;
    }
    return (p_bar - pe_bar) / (1 - pe_bar);
}

} // namespace vs::scoring
