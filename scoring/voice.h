#pragma once
// Customer voice (SCORING.md §10): per branch, what its customers say (NPS or the mean survey
// score) beside its mystery-shop means, and per behaviour (section, and the visit score) the
// correlation across branches between the two. Pure: the caller reads the responses and visits
// and passes each branch's figures; nothing here reads storage.

#include "scoring/stats.h"

#include <cstddef>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vs::scoring {

/// What a branch's customers' voice is measured by.
enum class VoiceMeasure {
    Nps,   ///< NPS (§6) of the responses' nps answers
    Score, ///< mean survey visit score
};

struct VoiceOptions {
    VoiceMeasure measure = VoiceMeasure::Nps;
    std::size_t min_responses = 10; ///< m_b needed for a branch to take part
    std::size_t min_n = 3;          ///< n_b,s needed for a branch to take part for s
};

/// A branch's mean mystery score for one driver and the number of visits it is the mean of.
struct MysteryMean {
    double mean = 0;
    std::size_t n = 0; ///< 0: the branch has no such score (mean is then ignored)
};

/// One branch's figures, read by the caller from its approved visits in the range.
struct VoiceBranchInput {
    std::string branch; ///< code
    /// The nps ratings (0–10) of its survey responses: the first nps question of each response,
    /// answered and not NA.
    std::vector<int> nps_ratings;
    /// Its survey responses' visit scores (NA ones are skipped); used with VoiceMeasure::Score.
    std::vector<double> survey_scores;
    /// x_b,s and n_b,s per section id, over its mystery visits where the section is not NA.
    std::map<std::string, MysteryMean> sections;
    /// x_b,visit and n_b,visit: the mean visit score of its mystery visits with a score.
    MysteryMean visit;
};

struct VoiceBranch {
    std::string branch;
    std::size_t m = 0;           ///< responses that gave the measure
    std::optional<double> voice; ///< voice_b; nullopt when m == 0
    std::size_t n_mystery = 0;   ///< mystery visits with a score (the visit driver's n)
    Nps nps;                     ///< the NPS breakdown of its ratings (whatever the measure)
};

/// A branch as a point of one driver's scatter chart.
struct VoicePoint {
    std::string branch;
    double x = 0;      ///< x_b,s
    double voice = 0;  ///< voice_b
    std::size_t n = 0; ///< n_b,s
    std::size_t m = 0; ///< m_b
    bool part = false; ///< meets both thresholds: counted in k, r, …
};

struct VoiceDriver {
    std::string section;          ///< the section id, or "visit" for the visit score
    bool visit = false;           ///< the visit score rather than a section
    std::size_t k = 0;            ///< branches taking part
    std::optional<double> r;      ///< Pearson r; nullopt when k < 4 or either has no variance
    std::optional<Interval> ci95; ///< Fisher z interval of r
    std::optional<double> p;      ///< two-sided t test of r, df = k - 2
    std::optional<double> slope;  ///< least-squares voice points per score point
    /// Every branch with a voice and a mean for this driver, taking part or not, by branch code.
    std::vector<VoicePoint> points;
};

struct Voice {
    std::vector<VoiceBranch> branches; ///< by branch code
    /// Each section found in any branch's input, and "visit"; by descending r, those with no r
    /// last, ties by section id.
    std::vector<VoiceDriver> drivers;
};

/// Pearson r of paired values with its Fisher interval, p and the slope of y on x, as SCORING.md
/// §10 defines them; every field nullopt when fewer than 4 pairs or either side has no variance.
struct Correlation {
    std::optional<double> r;
    std::optional<Interval> ci95;
    std::optional<double> p;
    std::optional<double> slope;
};
/// Correlation of ys with xs (same length; std::invalid_argument otherwise).
Correlation correlation(std::span<const double> xs, std::span<const double> ys);

/// SCORING.md §10 over the given branches (each listed once; std::invalid_argument naming the
/// branch for a repeated branch, an nps rating outside 0–10 or a mean that is not a number).
Voice customer_voice(std::span<const VoiceBranchInput> branches, const VoiceOptions& options = {});

/// FORMATS.md's `voice --json` shape: {"branches": [{branch, m, voice, n_mystery}],
/// "drivers": [{section, k, r, ci95: [lo, hi], p, slope}]}, null where there is no value.
nlohmann::json voice_json(const Voice& voice);

} // namespace vs::scoring
