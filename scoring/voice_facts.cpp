#include "scoring/voice_facts.h"

#include "forms/template.h"

#include <algorithm>
#include <utility>

namespace vs::scoring {

namespace {

/// A running sum and count.
struct Sum {
    double sum = 0;
    std::size_t n = 0;
    void add(double x) {
        sum += x;
        ++n;
    }
    std::optional<double> mean() const {
        return n ? std::optional<double>(sum / static_cast<double>(n)) : std::nullopt;
    }
};

struct BranchSums {
    std::vector<int> ratings;
    std::vector<double> survey_scores;
    std::map<std::string, Sum> sections;
    Sum visit;
};

const std::string& branch_code(const FactTable& facts, const VisitFact& v) {
    static const std::string none;
    return v.branch >= 0 ? facts.branches[v.branch] : none;
}

} // namespace

std::vector<VoiceBranchInput> voice_inputs(const FactTable& survey, const FactTable& mystery,
                                           const VoiceDays& days) {
    std::map<std::string, BranchSums> by_branch;
    for (const VisitFact& v : survey.visits) {
        if (!days.covers(v.day))
            continue;
        BranchSums& b = by_branch[branch_code(survey, v)];
        if (v.nps >= 0)
            b.ratings.push_back(v.nps);
        if (!is_na(v.score))
            b.survey_scores.push_back(v.score);
    }
    for (const VisitFact& v : mystery.visits) {
        if (!days.covers(v.day))
            continue;
        BranchSums& b = by_branch[branch_code(mystery, v)];
        if (!is_na(v.score))
            b.visit.add(v.score);
        const TemplateRef& t = mystery.templates[static_cast<std::size_t>(v.tmpl)];
        for (std::size_t i = 0; i < t.section_ids.size(); ++i) {
            const SectionFact& s = mystery.sections[v.first_section + i];
            if (!is_na(s.score))
                b.sections[mystery.section_ids[t.section_ids[i]]].add(s.score);
        }
    }
    std::vector<VoiceBranchInput> out;
    out.reserve(by_branch.size());
    for (auto& [code, sums] : by_branch) {
        VoiceBranchInput in;
        in.branch = code;
        in.nps_ratings = std::move(sums.ratings);
        in.survey_scores = std::move(sums.survey_scores);
        for (const auto& [id, s] : sums.sections)
            in.sections[id] = MysteryMean{s.sum / static_cast<double>(s.n), s.n};
        if (sums.visit.n)
            in.visit =
                MysteryMean{sums.visit.sum / static_cast<double>(sums.visit.n), sums.visit.n};
        out.push_back(std::move(in));
    }
    return out;
}

std::vector<VoicePeriodRow> voice_periods(const FactTable& survey, const FactTable& mystery,
                                          forms::Period period, bool per_branch,
                                          const VoiceDays& days) {
    struct Acc {
        std::string period;
        std::size_t responses = 0;
        std::vector<int> ratings;
        Sum survey, mystery;
    };
    // (branch, period index) -> sums
    std::map<std::pair<std::string, int>, Acc> groups;
    const auto group = [&](const FactTable& f, const VisitFact& v) -> Acc& {
        const int index = period == forms::Period::None ? 0 : forms::period_index(v.day, period);
        Acc& a = groups[{per_branch ? branch_code(f, v) : std::string(), index}];
        if (period != forms::Period::None && a.period.empty())
            a.period = forms::period_key(v.day, period);
        return a;
    };
    for (const VisitFact& v : survey.visits) {
        if (!days.covers(v.day))
            continue;
        Acc& a = group(survey, v);
        ++a.responses;
        if (v.nps >= 0)
            a.ratings.push_back(v.nps);
        if (!is_na(v.score))
            a.survey.add(v.score);
    }
    for (const VisitFact& v : mystery.visits) {
        if (!days.covers(v.day))
            continue;
        Acc& a = group(mystery, v);
        if (!is_na(v.score))
            a.mystery.add(v.score);
    }
    std::vector<VoicePeriodRow> rows;
    rows.reserve(groups.size());
    for (const auto& [key, a] : groups) {
        VoicePeriodRow r;
        r.branch = key.first;
        r.period = a.period;
        r.period_index = key.second;
        r.responses = a.responses;
        r.nps = nps(a.ratings);
        r.survey_score = a.survey.mean();
        r.survey_n = a.survey.n;
        r.mystery_score = a.mystery.mean();
        r.mystery_n = a.mystery.n;
        rows.push_back(std::move(r));
    }
    return rows;
}

std::size_t voice_responses(const FactTable& survey, const VoiceDays& days) {
    return static_cast<std::size_t>(
        std::count_if(survey.visits.begin(), survey.visits.end(),
                      [&](const VisitFact& v) { return days.covers(v.day); }));
}

std::map<std::string, std::string> voice_section_titles(const FactTable& mystery) {
    // The newest version of each scorecard first wins: order the templates by version, newest
    // last, and let later ones overwrite.
    std::vector<const TemplateRef*> refs;
    for (const TemplateRef& t : mystery.templates)
        if (t.tpl)
            refs.push_back(&t);
    std::stable_sort(refs.begin(), refs.end(), [](const TemplateRef* a, const TemplateRef* b) {
        return a->tpl->version < b->tpl->version;
    });
    std::map<std::string, std::string> titles;
    for (const TemplateRef* t : refs)
        for (const forms::Section& s : t->tpl->sections)
            titles[s.id] = s.title.empty() ? s.id : s.title;
    return titles;
}

} // namespace vs::scoring
