#include "cli/report_json.h"

namespace vs::cli {

using json = nlohmann::ordered_json;

json opt(const std::optional<double>& value) {
    return value ? json(*value) : json(nullptr);
}

json opt(const std::optional<scoring::Interval>& value) {
    return value ? json::array({value->lo, value->hi}) : json(nullptr);
}

namespace {

json key_json(const scoring::FactTable& facts, const scoring::AggregateSpec& spec,
              const scoring::GroupId& id, const char* item_key, const scoring::Dictionary* items) {
    json key = json::object();
    for (std::size_t i = 0; i < spec.keys.size(); ++i) {
        const std::string& value = scoring::key_value(facts, spec.keys[i], id.keys[i]);
        key[std::string(scoring::to_string(spec.keys[i]))] =
            id.keys[i] < 0 ? json(nullptr) : json(value);
    }
    if (!id.period.empty())
        key["period"] = id.period;
    if (item_key && items)
        key[item_key] = (*items)[id.item];
    return key;
}

} // namespace

json group_json(const scoring::FactTable& facts, const scoring::AggregateSpec& spec,
                const scoring::VisitGroup& g, const char* item_key) {
    const scoring::Measures& m = g.m;
    json j = {{"key", key_json(facts, spec, g.id, item_key, &facts.section_ids)},
              {"n", m.n},
              {"mean", opt(m.mean)},
              {"sd", opt(m.sd)},
              {"ci95", opt(m.ci95)},
              {"min", opt(m.min)},
              {"max", opt(m.max)},
              {"median", opt(m.median)},
              {"pass_rate", opt(m.pass_rate)},
              {"pass_ci95", opt(m.pass_ci95)},
              {"critical_fail_rate", opt(m.critical_fail_rate)},
              {"low_sample", m.low_sample},
              {"target", opt(m.target)},
              {"status", m.status ? json(scoring::to_string(*m.status)) : json(nullptr)},
              {"consistency", opt(g.consistency)},
              {"trend", opt(g.trend)}};
    if (!item_key) {
        json sections = json::object();
        for (const auto& [section, s] : g.sections)
            sections[facts.section_ids[section]] = {{"n", s.n}, {"mean", s.mean}};
        j["sections"] = std::move(sections);
        j["nps"] = {{"n", g.nps.n},
                    {"nps", opt(g.nps.nps)},
                    {"promoters", g.nps.promoters},
                    {"passives", g.nps.passives},
                    {"detractors", g.nps.detractors}};
    }
    return j;
}

json question_json(const scoring::FactTable& facts, const scoring::AggregateSpec& spec,
                   const scoring::QuestionGroup& g) {
    return {{"key", key_json(facts, spec, g.id, "question", &facts.question_ids)},
            {"n", g.n},
            {"mean_f", opt(g.mean_f)},
            {"pass_rate", opt(g.pass_rate)},
            {"pass_ci95", opt(g.pass_ci95)},
            {"na_rate", opt(g.na_rate)}};
}

json visit_score_json(const storage::VisitScoreRow& row) {
    json sections = json::object();
    for (const auto& [id, s] : row.sections)
        sections[id] = {{"raw", opt(s.raw)},
                        {"score", opt(s.score)},
                        {"earned", s.earned},
                        {"possible", s.possible}};
    return {{"uuid", row.uuid},
            {"template", row.template_id},
            {"template_version", row.template_version},
            {"status", forms::to_string(row.status)},
            {"raw", opt(row.raw)},
            {"score", opt(row.score)},
            {"critical_failures", row.critical_failures},
            {"sections", std::move(sections)}};
}

} // namespace vs::cli
