#include "scoring/training.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace vs::scoring {

namespace {

/// The measured value of a visit (§7): the mean of the listed sections' score_s over those not
/// NA in it, or the visit score when no sections are listed; NaN when there is none.
double measured_value(const FactTable& facts, const VisitFact& v,
                      const std::vector<bool>& listed_sections, bool by_sections) {
    if (!by_sections)
        return v.score;
    const TemplateRef& ref = facts.templates[static_cast<std::size_t>(v.tmpl)];
    double sum = 0;
    int n = 0;
    for (std::size_t s = 0; s < ref.section_ids.size(); ++s) {
        const auto id = static_cast<std::size_t>(ref.section_ids[s]);
        if (id >= listed_sections.size() || !listed_sections[id])
            continue;
        const double x = facts.sections[v.first_section + s].score;
        if (is_na(x))
            continue;
        sum += x;
        ++n;
    }
    return n > 0 ? sum / n : kNa;
}

Cell cell_of(const std::vector<double>& xs) {
    Cell c;
    c.n = xs.size();
    c.mean = mean(xs);
    c.sd = sample_sd(xs);
    return c;
}

GroupEffect group_effect(const std::vector<double>& pre, const std::vector<double>& post) {
    GroupEffect g;
    g.pre = cell_of(pre);
    g.post = cell_of(post);
    if (g.pre.mean && g.post.mean)
        g.effect = *g.post.mean - *g.pre.mean;
    if (g.pre.sd && g.post.sd) { // both n >= 2
        if (auto w =
                welch_test(g.pre.n, *g.pre.mean, *g.pre.sd, g.post.n, *g.post.mean, *g.post.sd))
            g.p = w->p;
        g.d = cohens_d(g.pre.n, *g.pre.mean, *g.pre.sd, g.post.n, *g.post.mean, *g.post.sd);
    }
    return g;
}

/// sd² / n of a cell with n >= 2.
double variance_of_mean(const Cell& c) {
    return *c.sd * *c.sd / static_cast<double>(c.n);
}

} // namespace

TrainingEffect did_effect(const FactTable& facts, const std::string& id, std::int32_t client,
                          int day, const std::vector<std::int32_t>& sections,
                          const EffectGroup& group, int window_days) {
    std::vector<bool> listed(facts.section_ids.names.size(), false);
    bool by_sections = false;
    for (std::int32_t s : sections)
        if (s >= 0 && static_cast<std::size_t>(s) < listed.size()) {
            listed[static_cast<std::size_t>(s)] = true;
            by_sections = true;
        }
    // Sections were named but none is known to the facts: no visit has a value (not the score).
    const bool none_known = !sections.empty() && !by_sections;

    // [group][window]: group 0 treated, 1 control; window 0 pre, 1 post.
    std::vector<double> cells[2][2];
    const int first = day - window_days; // pre: first <= d < day
    const int end = day + window_days;   // post: day <= d < end
    for (const VisitFact& v : facts.visits) {
        if (v.client != client || v.day < first || v.day >= end)
            continue;
        if (none_known || is_na(v.score))
            continue; // a visit whose score is NA counts in no aggregate (§4)
        const int g = group(v);
        if (g < 0)
            continue;
        const double x = measured_value(facts, v, listed, by_sections);
        if (is_na(x))
            continue;
        cells[g == 0 ? 0 : 1][v.day >= day ? 1 : 0].push_back(x);
    }

    TrainingEffect r;
    r.id = id;
    r.trained = group_effect(cells[0][0], cells[0][1]);
    r.control = group_effect(cells[1][0], cells[1][1]);
    if (r.trained.effect && r.control.effect)
        r.did = *r.trained.effect - *r.control.effect;
    const Cell* four[] = {&r.trained.pre, &r.trained.post, &r.control.pre, &r.control.post};
    if (r.did &&
        std::all_of(std::begin(four), std::end(four), [](const Cell* c) { return c->sd; })) {
        double se2 = 0;
        for (const Cell* c : four)
            se2 += variance_of_mean(*c);
        r.did_se = std::sqrt(se2);
        r.did_ci95 = Interval{*r.did - kZ95 * *r.did_se, *r.did + kZ95 * *r.did_se};
    }
    return r;
}

TrainingEffect training_effect(const FactTable& facts, const TrainingSpec& spec, int window_days) {
    std::vector<bool> trained(facts.employees.names.size(), false);
    for (std::int32_t e : spec.employees)
        if (e >= 0 && static_cast<std::size_t>(e) < trained.size())
            trained[static_cast<std::size_t>(e)] = true;
    // A visit with no primary employee belongs to neither group.
    const EffectGroup group = [&](const VisitFact& v) {
        if (v.employee < 0)
            return -1;
        return trained[static_cast<std::size_t>(v.employee)] ? 0 : 1;
    };
    return did_effect(facts, spec.id, spec.client, spec.day, spec.sections, group, window_days);
}

TrainingSpec training_spec(const FactTable& facts, const std::string& id, int day,
                           const std::string& client, const std::vector<std::string>& employees,
                           const std::vector<std::string>& sections) {
    TrainingSpec spec;
    spec.id = id;
    spec.day = day;
    const auto& clients = facts.clients.names;
    if (auto it = std::find(clients.begin(), clients.end(), client); it != clients.end())
        spec.client = static_cast<std::int32_t>(it - clients.begin());
    // Employee codes are unique within a client only: every dictionary entry with the code is
    // taken; those of other clients never match a visit of this client.
    const std::set<std::string> wanted(employees.begin(), employees.end());
    const auto& codes = facts.employees.names;
    for (std::size_t e = 0; e < codes.size(); ++e)
        if (wanted.count(codes[e]))
            spec.employees.push_back(static_cast<std::int32_t>(e));
    // An unknown section stays as -1, so that a training of unknown sections measures nothing
    // rather than falling back to the visit score.
    const auto& section_names = facts.section_ids.names;
    for (const std::string& s : sections) {
        auto it = std::find(section_names.begin(), section_names.end(), s);
        spec.sections.push_back(
            it == section_names.end() ? -1 : static_cast<std::int32_t>(it - section_names.begin()));
    }
    return spec;
}

} // namespace vs::scoring
