#pragma once
// Training effect (SCORING.md §7): pre/post windows for the trained employees, the untrained
// control group of the same client, Welch's test, Cohen's d and the difference-in-differences.

#include "scoring/facts.h"
#include "scoring/stats.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vs::scoring {

/// A training as the facts know it: dictionary ids instead of names.
struct TrainingSpec {
    std::string id;
    int day = 0;                         ///< the training date, days since 1970-01-01
    std::int32_t client = -1;            ///< into FactTable::clients
    std::vector<std::int32_t> employees; ///< into FactTable::employees
    /// Into FactTable::section_ids (-1: a section the facts do not know, which measures
    /// nothing); empty: the visit score.
    std::vector<std::int32_t> sections;
};

/// Visits of one group in one window.
struct Cell {
    std::size_t n = 0;
    std::optional<double> mean;
    std::optional<double> sd;
};

struct GroupEffect {
    Cell pre;
    Cell post;
    std::optional<double> effect; ///< post.mean - pre.mean
    std::optional<double> p;      ///< Welch's two-sided p
    std::optional<double> d;      ///< Cohen's d, pooled sd
};

struct TrainingEffect {
    std::string id;
    GroupEffect trained;
    GroupEffect control;
    std::optional<double> did; ///< effect_trained - effect_control
    std::optional<double> did_se;
    std::optional<Interval> did_ci95;
};

/// The measured effect of one training over approved visits in `facts` (which should hold the
/// client's approved visits around the training date). Linear in the visits. A cell's mean needs
/// n >= 1; its sd, p, d and everything of did_se need n >= 2 (otherwise std::nullopt).
TrainingEffect training_effect(const FactTable& facts, const TrainingSpec& spec,
                               int window_days = 90);

/// Which group of the difference-in-differences a visit of the client belongs to: 0 treated, 1
/// control, -1 neither.
using EffectGroup = std::function<int(const VisitFact&)>;

/// The §7 computation behind training_effect and action_plan_effect: approved visits of
/// `client` in the windows around `day`, measured on `sections` (into FactTable::section_ids;
/// -1 unknown; empty: the visit score), split by `group` into treated and control.
TrainingEffect did_effect(const FactTable& facts, const std::string& id, std::int32_t client,
                          int day, const std::vector<std::int32_t>& sections,
                          const EffectGroup& group, int window_days = 90);

/// Resolves names (client name, employee codes, section ids) into a spec; unknown employees are
/// left out (they have no visits in the facts), unknown sections become -1.
TrainingSpec training_spec(const FactTable& facts, const std::string& id, int day,
                           const std::string& client, const std::vector<std::string>& employees,
                           const std::vector<std::string>& sections);

} // namespace vs::scoring
