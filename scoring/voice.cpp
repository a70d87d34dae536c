#include "scoring/voice.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace vs::scoring {

namespace {

bool all_equal(std::span<const double> xs) {
    return std::all_of(xs.begin(), xs.end(), [&](double x) { return x == xs.front(); });
}

std::invalid_argument bad_input(const std::string& branch, const std::string& what) {
    return std::invalid_argument("customer voice: branch " + branch + ": " + what);
}

/// voice_b, m_b and the NPS breakdown of one branch.
VoiceBranch branch_voice(const VoiceBranchInput& in, const VoiceOptions& options) {
    VoiceBranch b;
    b.branch = in.branch;
    for (int rating : in.nps_ratings)
        if (rating < 0 || rating > 10)
            throw bad_input(in.branch, "nps rating " + std::to_string(rating) + " outside 0-10");
    b.nps = nps(in.nps_ratings);
    if (options.measure == VoiceMeasure::Nps) {
        b.m = b.nps.n;
        b.voice = b.nps.nps;
    } else {
        std::vector<double> scores;
        for (double s : in.survey_scores)
            if (!std::isnan(s)) {
                if (!std::isfinite(s))
                    throw bad_input(in.branch, "a survey score is not a number");
                scores.push_back(s);
            }
        b.m = scores.size();
        b.voice = mean(scores);
    }
    b.n_mystery = in.visit.n;
    return b;
}

void check_mean(const std::string& branch, const std::string& driver, const MysteryMean& x) {
    if (x.n > 0 && !std::isfinite(x.mean))
        throw bad_input(branch, "the mean mystery score of " + driver + " is not a number");
}

/// One driver over the branches: its scatter points, and its statistics over those taking part.
VoiceDriver driver_of(const std::string& section, bool visit,
                      std::span<const VoiceBranchInput> inputs,
                      const std::vector<VoiceBranch>& branches, const VoiceOptions& options) {
    VoiceDriver d;
    d.section = section;
    d.visit = visit;
    std::vector<double> xs;
    std::vector<double> ys;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const VoiceBranch& b = branches[i];
        const MysteryMean* x = nullptr;
        if (visit) {
            x = &inputs[i].visit;
        } else {
            const auto it = inputs[i].sections.find(section);
            if (it != inputs[i].sections.end())
                x = &it->second;
        }
        if (!x || x->n == 0 || !b.voice)
            continue;
        VoicePoint pt;
        pt.branch = b.branch;
        pt.x = x->mean;
        pt.voice = *b.voice;
        pt.n = x->n;
        pt.m = b.m;
        pt.part = b.m >= options.min_responses && x->n >= options.min_n;
        if (pt.part) {
            xs.push_back(pt.x);
            ys.push_back(pt.voice);
        }
        d.points.push_back(std::move(pt));
    }
    std::sort(d.points.begin(), d.points.end(),
              [](const VoicePoint& a, const VoicePoint& b) { return a.branch < b.branch; });
    d.k = xs.size();
    const Correlation c = correlation(xs, ys);
    d.r = c.r;
    d.ci95 = c.ci95;
    d.p = c.p;
    d.slope = c.slope;
    return d;
}

} // namespace

Correlation correlation(std::span<const double> xs, std::span<const double> ys) {
    if (xs.size() != ys.size())
        throw std::invalid_argument("correlation: xs and ys differ in length");
    Correlation c;
    const std::size_t k = xs.size();
    if (k < 4 || all_equal(xs) || all_equal(ys))
        return c;
    const double mx = *mean(xs);
    const double my = *mean(ys);
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (std::size_t i = 0; i < k; ++i) {
        const double dx = xs[i] - mx;
        const double dy = ys[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (!(sxx > 0) || !(syy > 0))
        return c;
    const double r = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
    const double kd = static_cast<double>(k);
    c.r = r;
    c.slope = sxy / sxx;
    if (std::fabs(r) == 1) {
        c.ci95 = Interval{r, r};
        c.p = 0.0;
        return c;
    }
    const double z = std::atanh(r);
    const double half = kZ95 / std::sqrt(kd - 3);
    c.ci95 = Interval{std::tanh(z - half), std::tanh(z + half)};
    const double t = r * std::sqrt((kd - 2) / (1 - r * r));
    const boost::math::students_t dist(kd - 2);
    c.p = 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
    return c;
}

Voice customer_voice(std::span<const VoiceBranchInput> inputs, const VoiceOptions& options) {
    Voice v;
    std::set<std::string> seen;
    std::set<std::string> sections;
    v.branches.reserve(inputs.size());
    for (const VoiceBranchInput& in : inputs) {
        if (!seen.insert(in.branch).second)
            throw bad_input(in.branch, "listed twice");
        check_mean(in.branch, "the visit", in.visit);
        for (const auto& [id, x] : in.sections) {
            check_mean(in.branch, "section " + id, x);
            if (x.n > 0)
                sections.insert(id);
        }
        v.branches.push_back(branch_voice(in, options));
    }
    for (const std::string& id : sections)
        v.drivers.push_back(driver_of(id, false, inputs, v.branches, options));
    v.drivers.push_back(driver_of("visit", true, inputs, v.branches, options));
    std::stable_sort(v.drivers.begin(), v.drivers.end(),
                     [](const VoiceDriver& a, const VoiceDriver& b) {
                         if (a.r.has_value() != b.r.has_value())
                             return a.r.has_value();
                         if (a.r && *a.r != *b.r)
                             return *a.r > *b.r;
                         return a.section < b.section;
                     });
    std::sort(v.branches.begin(), v.branches.end(),
              [](const VoiceBranch& a, const VoiceBranch& b) { return a.branch < b.branch; });
    return v;
}

nlohmann::json voice_json(const Voice& voice) {
    auto opt = [](const std::optional<double>& x) {
        return x ? nlohmann::json(*x) : nlohmann::json(nullptr);
    };
    nlohmann::json branches = nlohmann::json::array();
    for (const VoiceBranch& b : voice.branches)
        branches.push_back({{"branch", b.branch},
                            {"m", b.m},
                            {"voice", opt(b.voice)},
                            {"n_mystery", b.n_mystery}});
    nlohmann::json drivers = nlohmann::json::array();
    for (const VoiceDriver& d : voice.drivers)
        drivers.push_back(
            {{"section", d.section},
             {"k", d.k},
             {"r", opt(d.r)},
             {"ci95", d.ci95 ? nlohmann::json::array({d.ci95->lo, d.ci95->hi}) : nullptr},
             {"p", opt(d.p)},
             {"slope", opt(d.slope)}});
    return {{"branches", std::move(branches)}, {"drivers", std::move(drivers)}};
}

} // namespace vs::scoring
