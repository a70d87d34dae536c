// Tests for scoring/stats.h (SCORING.md §4–8).
//
// Expected values were computed independently of this code, with Python 3.11 + SciPy 1.10.1 /
// NumPy 1.24.2 (numpy.mean, numpy.std(ddof=1), numpy.median, scipy.stats.t.interval,
// scipy.stats.ttest_ind(equal_var=False), scipy.stats.ttest_ind_from_stats, scipy.stats.linregress)
// or exactly with fractions.Fraction where the value is rational; each table row says which.

#include "scoring/stats.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sc = vs::scoring;
namespace tt = boost::test_tools;

namespace {

constexpr double kTol = 1e-9; // relative

void check_opt(std::optional<double> got, std::optional<double> want, double tol = kTol) {
    BOOST_TEST(got.has_value() == want.has_value());
    if (got && want)
        BOOST_TEST(*got == *want, tt::tolerance(tol));
}

void check_opt(std::optional<sc::Interval> got, std::optional<sc::Interval> want,
               double tol = kTol) {
    BOOST_TEST(got.has_value() == want.has_value());
    if (got && want) {
        BOOST_TEST(got->lo == want->lo, tt::tolerance(tol));
        BOOST_TEST(got->hi == want->hi, tt::tolerance(tol));
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(stats)

BOOST_AUTO_TEST_CASE(mean_sd_median) {
    struct Case {
        std::string name;
        std::vector<double> xs;
        std::optional<double> mean;
        std::optional<double> sd;
        std::optional<double> median;
    };
    // numpy.mean / numpy.std(ddof=1) / numpy.median unless noted.
    const std::vector<Case> cases = {
        {"empty", {}, std::nullopt, std::nullopt, std::nullopt},
        {"one value", {5}, 5.0, std::nullopt, 5.0},
        {"two values", {2, 4}, 3.0, 1.4142135623730951, 3.0}, // sd = sqrt(2)
        {"odd n, unsorted", {88, 72.5, 95, 60, 81}, 79.3, 13.636348484840067, 81.0},
        {"even n, unsorted", {90, 10, 50, 70}, 55.0, 34.15650255319866, 60.0},
        {"all equal", {7, 7, 7, 7}, 7.0, 0.0, 7.0},
        {"all equal, inexact decimal", {0.1, 0.1, 0.1}, 0.1, 0.0, 0.1},
        // Large common offset: a one-pass sum-of-squares formula loses every digit here;
        // the sd is that of {4, 7, 13, 16} = sqrt(30).
        {"large offset",
         {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16},
         1e9 + 10,
         5.477225575051661,
         1e9 + 10},
        {"negatives and fractions",
         {-3.5, 0.25, 12.0, 7.75, -1.0, 4.5},
         3.3333333333333335,
         5.847364078511502,
         2.375},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        check_opt(sc::mean(c.xs), c.mean);
        check_opt(sc::sample_sd(c.xs), c.sd);
        check_opt(sc::median(c.xs), c.median);
    }
}

BOOST_AUTO_TEST_CASE(constant_data_is_exact) {
    // Not merely within tolerance: a constant group has sd exactly 0 (Welch/Cohen rely on it).
    const std::vector<double> xs(7, 0.1);
    BOOST_TEST(*sc::mean(xs) == 0.1);
    BOOST_TEST(*sc::sample_sd(xs) == 0.0);
    BOOST_TEST(*sc::median(xs) == 0.1);
}

BOOST_AUTO_TEST_CASE(t_interval) {
    struct Case {
        std::string name;
        double mean;
        double sd;
        std::size_t n;
        std::optional<sc::Interval> want;
    };
    const std::vector<Case> cases = {
        {"n = 0", 80, 10, 0, std::nullopt},
        {"n = 1", 80, 10, 1, std::nullopt},
        // df = 1: t(0.975, 1) = tan(0.475·pi) = 12.706204736174696 exactly (Cauchy);
        // 50 ± 12.706204736174696·4/sqrt(2).
        {"n = 2", 50, 4, 2, sc::Interval{14.061425871624984, 85.93857412837502}},
        // scipy.stats.t.interval(0.95, n-1, loc=mean, scale=sd/sqrt(n))
        {"n = 5", 80, 10, 5, sc::Interval{67.58336001796233, 92.41663998203767}},
        {"n = 30", 72.3, 11.5, 30, sc::Interval{68.00582942728185, 76.59417057271814}},
        {"sd = 0 gives zero width", 64.5, 0, 4, sc::Interval{64.5, 64.5}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        check_opt(sc::t_interval(c.mean, c.sd, c.n), c.want);
    }
}

BOOST_AUTO_TEST_CASE(wilson) {
    struct Case {
        std::string name;
        std::size_t successes;
        std::size_t n;
        std::optional<sc::Interval> want;
    };
    // SCORING.md formula with z = 1.959964 evaluated in Python; the 7/10 and 3/20 rows agree
    // to 1e-8 with scipy.stats.binomtest(k, n).proportion_ci(method="wilson"), which uses the
    // unrounded z = 1.95996398...
    const std::vector<Case> cases = {
        {"0 trials", 0, 0, std::nullopt},
        {"0 of 10", 0, 10, sc::Interval{0.0, 0.2775328030260577}},
        {"10 of 10", 10, 10, sc::Interval{0.7224671969739421, 1.0}},
        {"0 of 1", 0, 1, sc::Interval{0.0, 0.7934506882081973}},
        {"1 of 1", 1, 1, sc::Interval{0.2065493117918027, 1.0}},
        {"7 of 10", 7, 10, sc::Interval{0.3967781453459709, 0.892208733443606}},
        {"3 of 20", 3, 20, sc::Interval{0.05236874548672649, 0.36041886664286427}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const auto got = sc::wilson(c.successes, c.n);
        check_opt(got, c.want);
        if (got) {
            const double p = static_cast<double>(c.successes) / static_cast<double>(c.n);
            BOOST_TEST(got->lo >= 0.0);
            BOOST_TEST(got->hi <= 1.0);
            BOOST_TEST(got->lo <= p);
            BOOST_TEST(got->hi >= p);
        }
    }
    BOOST_CHECK_THROW(sc::wilson(11, 10), std::invalid_argument);
}

namespace {
// Two samples with unequal n and sd (numpy mean / std(ddof=1)):
//   A = {72, 80, 65, 90, 77, 84}:           n 6, mean 78,   sd 8.831760866327848
//   B = {88, 91, 79, 95, 85, 99, 93, 87, 90}: n 9, mean 89.67, sd 5.852349955359813
constexpr double kMeanA = 78.0;
constexpr double kSdA = 8.831760866327848;
constexpr double kMeanB = 89.66666666666667;
constexpr double kSdB = 5.852349955359813;
} // namespace

BOOST_AUTO_TEST_CASE(welch_test) {
    struct Case {
        std::string name;
        std::size_t n1;
        double mean1;
        double sd1;
        std::size_t n2;
        double mean2;
        double sd2;
        std::optional<sc::Welch> want;
    };
    // t and p: scipy.stats.ttest_ind(group2, group1, equal_var=False) or
    // ttest_ind_from_stats(..., equal_var=False); df: Welch–Satterthwaite evaluated in Python.
    const std::vector<Case> cases = {
        {"A vs B", 6, kMeanA, kSdA, 9, kMeanB, kSdB,
         sc::Welch{2.845904698636097, 7.931043635636775, 0.021806411544748674}},
        {"B vs A: t changes sign, p does not", 9, kMeanB, kSdB, 6, kMeanA, kSdA,
         sc::Welch{-2.845904698636097, 7.931043635636775, 0.021806411544748674}},
        {"summary stats, small noisy group 2", 25, 70, 4, 8, 75, 12,
         sc::Welch{1.1581026365301985, 7.50386030500688, 0.28234975144510116}},
        // sd1 = 0: all the variance is group 2's, so df = n2 - 1 = 8 exactly.
        {"one group constant", 3, 70, 0, 9, kMeanB, kSdB,
         sc::Welch{10.081420361057782, 8.0, 7.989277149538932e-06}},
        // Equal means: t = 0, p = 1 (ttest_ind_from_stats); v1 = 25/4, v2 = 81/7, so
        // df = (v1 + v2)² / (v1²/3 + v2²/6) = 747003/83113 exactly (Fraction).
        {"equal means", 4, 70, 5, 7, 70, 9, sc::Welch{0.0, 747003.0 / 83113.0, 1.0}},
        {"n1 = 1", 1, 70, 5, 7, 75, 9, std::nullopt},
        {"n2 = 1", 7, 70, 5, 1, 75, 9, std::nullopt},
        {"n1 = 0", 0, 0, 0, 7, 75, 9, std::nullopt},
        {"both variances zero", 5, 70, 0, 6, 80, 0, std::nullopt},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const auto got = sc::welch_test(c.n1, c.mean1, c.sd1, c.n2, c.mean2, c.sd2);
        BOOST_TEST(got.has_value() == c.want.has_value());
        if (got && c.want) {
            BOOST_TEST(got->t == c.want->t, tt::tolerance(kTol));
            BOOST_TEST(got->df == c.want->df, tt::tolerance(kTol));
            BOOST_TEST(got->p == c.want->p, tt::tolerance(kTol));
        }
    }
}

BOOST_AUTO_TEST_CASE(cohens_d) {
    struct Case {
        std::string name;
        std::size_t n1;
        double mean1;
        double sd1;
        std::size_t n2;
        double mean2;
        double sd2;
        std::optional<double> want;
    };
    // (mean2 - mean1) / sqrt(((n1-1)sd1² + (n2-1)sd2²) / (n1+n2-2)), evaluated in Python.
    const std::vector<Case> cases = {
        {"A vs B", 6, kMeanA, kSdA, 9, kMeanB, kSdB, 1.6324294687823007},
        {"B vs A", 9, kMeanB, kSdB, 6, kMeanA, kSdA, -1.6324294687823007},
        {"unequal n and sd", 25, 70, 4, 8, 75, 12, 0.7461587455516543},
        {"textbook: 5 points over sd 10", 10, 70, 10, 10, 75, 10, 0.5},
        {"one sd zero is fine", 5, 70, 0, 5, 75, 10, 0.7071067811865475}, // 5 / sqrt(50)
        {"n1 = 1", 1, 70, 0, 5, 75, 10, std::nullopt},
        {"n2 = 1", 5, 70, 10, 1, 75, 0, std::nullopt},
        {"pooled sd zero", 4, 70, 0, 6, 75, 0, std::nullopt},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        check_opt(sc::cohens_d(c.n1, c.mean1, c.sd1, c.n2, c.mean2, c.sd2), c.want);
    }
}

BOOST_AUTO_TEST_CASE(trend_slope) {
    struct Case {
        std::string name;
        std::vector<std::pair<double, double>> points;
        std::optional<double> want;
    };
    const std::vector<Case> cases = {
        {"no points", {}, std::nullopt},
        {"one point", {{0, 70}}, std::nullopt},
        {"two points", {{0, 70}, {1, 80}}, std::nullopt},
        {"all x equal", {{2, 70}, {2, 75}, {2, 80}}, std::nullopt},
        // By hand: x̄ = 1, ȳ = 73, Sxy = 7, Sxx = 2 (scipy.stats.linregress agrees).
        {"three consecutive periods", {{0, 70}, {1, 72}, {2, 77}}, 3.5},
        // Periods 2, 5 and 6 empty (skipped but indexed): exactly -41/30 (Fraction; linregress
        // agrees).
        {"gaps in x", {{0, 80}, {1, 78.5}, {3, 75}, {4, 76}, {7, 70}}, -1.3666666666666667},
        {"order does not matter",
         {{7, 70}, {0, 80}, {4, 76}, {1, 78.5}, {3, 75}},
         -1.3666666666666667},
        {"flat", {{0, 60}, {2, 60}, {3, 60}, {5, 60}}, 0.0},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        check_opt(sc::trend_slope(c.points), c.want);
    }
}

BOOST_AUTO_TEST_CASE(nps) {
    struct Case {
        std::string name;
        std::vector<int> ratings;
        std::size_t promoters;
        std::size_t passives;
        std::size_t detractors;
        std::optional<double> want;
    };
    // Counted by hand.
    const std::vector<Case> cases = {
        {"empty", {}, 0, 0, 0, std::nullopt},
        {"band edges", {0, 6, 7, 8, 9, 10}, 2, 2, 2, 0.0},
        {"mixed", {10, 9, 8, 7, 6, 0, 5, 9}, 3, 2, 3, 0.0},
        {"mostly promoters", {10, 10, 9, 7}, 3, 1, 0, 75.0},
        {"one in three", {9, 8, 2}, 1, 1, 1, 0.0},
        {"two of three promote", {9, 10, 3}, 2, 0, 1, 100.0 / 3},
        {"all detractors", {0, 3, 6}, 0, 0, 3, -100.0},
        {"all passives", {7, 8}, 0, 2, 0, 0.0},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const auto got = sc::nps(c.ratings);
        BOOST_TEST(got.n == c.ratings.size());
        BOOST_TEST(got.promoters == c.promoters);
        BOOST_TEST(got.passives == c.passives);
        BOOST_TEST(got.detractors == c.detractors);
        check_opt(got.nps, c.want);
    }
    BOOST_CHECK_THROW(sc::nps(std::vector<int>{5, 11}), std::invalid_argument);
    BOOST_CHECK_THROW(sc::nps(std::vector<int>{-1}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(cohens_kappa) {
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    const auto repeat = [](Pairs& out, const std::string& a, const std::string& b, int times) {
        for (int i = 0; i < times; ++i)
            out.emplace_back(a, b);
    };
    // Classic 2×2 example: yes/yes 20, yes/no 5, no/yes 10, no/no 15 of 50.
    // p_o = 35/50 = 0.7, p_e = (25/50)(30/50) + (25/50)(20/50) = 0.5, kappa = 0.2/0.5 = 0.4.
    Pairs classic;
    repeat(classic, "yes", "yes", 20);
    repeat(classic, "yes", "no", 5);
    repeat(classic, "no", "yes", 10);
    repeat(classic, "no", "no", 15);

    struct Case {
        std::string name;
        Pairs pairs;
        std::optional<double> want;
    };
    const std::vector<Case> cases = {
        {"empty", {}, std::nullopt},
        {"classic 2x2", classic, 0.4},
        // p_o = 0, p_e = 1/2 → -1 (Fraction).
        {"total disagreement", {{"a", "b"}, {"b", "a"}}, -1.0},
        // A label ("na") used by each rater a different number of times: union of labels.
        // p_o = 3/5, p_e = (3·2 + 1·2 + 1·1)/25 = 9/25, kappa = (6/25)/(16/25) = 3/8 (Fraction).
        {"union of labels",
         {{"yes", "yes"}, {"no", "na"}, {"yes", "no"}, {"na", "na"}, {"yes", "yes"}},
         0.375},
        {"all agree, several labels", {{"a", "a"}, {"b", "b"}, {"c", "c"}}, 1.0},
        // p_e == 1: kappa is 0/0 by formula; the raters agree on everything, so 1.
        {"all agree, one label", {{"yes", "yes"}, {"yes", "yes"}, {"yes", "yes"}}, 1.0},
        {"single pair", {{"no", "no"}}, 1.0},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        check_opt(sc::cohens_kappa(c.pairs), c.want);
    }
}

BOOST_AUTO_TEST_CASE(fleiss_kappa) {
    struct Case {
        std::string name;
        std::vector<std::vector<int>> counts;
        std::optional<double> want;
    };
    const std::vector<Case> cases = {
        // Wikipedia's worked example: 10 subjects, 14 raters, 5 categories. Recomputed
        // exactly with Fraction: P̄ = 172/455, P̄e = 417/1960, kappa = 4211/20059 ≈ 0.20993.
        {"10 subjects x 14 raters x 5 categories",
         {{0, 0, 0, 0, 14},
          {0, 2, 6, 4, 2},
          {0, 0, 3, 5, 6},
          {0, 3, 9, 2, 0},
          {2, 2, 8, 1, 1},
          {7, 7, 0, 0, 0},
          {3, 2, 6, 3, 0},
          {2, 5, 3, 2, 2},
          {6, 5, 2, 1, 0},
          {0, 2, 2, 3, 7}},
         4211.0 / 20059.0},
        // P_i = 1/3, 1, 0, 1 → P̄ = 7/12; p_j = (3, 5, 4)/12 → P̄e = 50/144 = 25/72;
        // kappa = (7/12 - 25/72)/(1 - 25/72) = 17/47 (by hand; Fraction agrees).
        {"3 raters, 3 categories", {{2, 1, 0}, {0, 3, 0}, {1, 1, 1}, {0, 0, 3}}, 17.0 / 47.0},
        // P_i = 0, p = (1/2, 1/2), P̄e = 1/2 → -1 (by hand).
        {"two raters always split", {{1, 1}, {1, 1}}, -1.0},
        // One subject: P_1 = (4 + 1 - 3)/6 = 1/3, P̄e = 4/9 + 1/9 = 5/9 → (1/3 - 5/9)/(4/9) = -1/2.
        {"single subject", {{2, 1}}, -0.5},
        {"unanimous, categories vary", {{3, 0}, {0, 3}, {3, 0}}, 1.0},
        // P̄e == 1: every rater always picks the same category; kappa defined as 1.
        {"unanimous, one category", {{4, 0}, {4, 0}}, 1.0},
        {"no subjects", {}, std::nullopt},
        {"one rater", {{1, 0}, {0, 1}}, std::nullopt},
        {"no raters", {{0, 0}, {0, 0}}, std::nullopt},
        {"no categories", {{}, {}}, std::nullopt},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        check_opt(sc::fleiss_kappa(c.counts), c.want);
    }
}

BOOST_AUTO_TEST_CASE(fleiss_kappa_rejects_malformed_counts) {
    struct Case {
        std::string name;
        std::vector<std::vector<int>> counts;
    };
    const std::vector<Case> cases = {
        {"different numbers of raters", {{2, 1}, {1, 1}}},
        {"different numbers of categories", {{2, 1}, {1, 1, 1}}},
        {"negative count", {{4, -1}, {2, 1}}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        BOOST_CHECK_THROW(sc::fleiss_kappa(c.counts), std::invalid_argument);
    }
}

BOOST_AUTO_TEST_SUITE_END()
