#include "app/insights/training_model.h"

#include "forms/dates.h"
#include "forms/error.h"

#include <algorithm>
#include <set>

namespace vs::app {

std::optional<scoring::Interval> cell_interval(const scoring::Cell& cell) {
    if (!cell.mean || !cell.sd)
        return std::nullopt;
    return scoring::score_interval(*cell.mean, *cell.sd, cell.n);
}

std::vector<TrainingRow> training_rows(storage::Store& store, const ViewFilter& filter, int window_days) {
    std::vector<TrainingRow> rows;
    for (storage::Training& t : store.trainings(filter.client)) {
        const int day = forms::parse_day(t.date).value_or(0);
        if ((filter.from_day && day < *filter.from_day) || (filter.to_day && day > *filter.to_day))
            continue;
        rows.push_back({std::move(t), day, {}, {}});
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const TrainingRow& a, const TrainingRow& b) { return a.day < b.day; });
    if (rows.empty())
        return rows;
    // One load covers every training's windows.
    ViewFilter around = filter;
    around.from_day = rows.front().day - window_days;
    around.to_day = rows.back().day + window_days - 1;
    const scoring::FactTable facts = store.load_facts(around.visit_filter(), false);
    for (TrainingRow& r : rows) {
        const storage::Training& t = r.training;
        for (const std::string& s : t.sections) {
            const std::string title = section_title(facts, dict_id(facts.section_ids, s));
            r.behaviours.push_back(title.empty() ? s : title);
        }
        const auto spec = scoring::training_spec(facts, t.id, r.day, t.client, t.employees, t.sections);
        r.effect = scoring::training_effect(facts, spec, window_days);
    }
    return rows;
}

std::vector<Behaviour> behaviours(storage::Store& store) {
    std::vector<Behaviour> out;
    std::set<std::string> seen;
    for (const storage::TemplateInfo& info : store.templates())
        if (auto tpl = store.latest_template(info.id))
            for (const forms::Section& s : tpl->sections)
                if (seen.insert(s.id).second)
                    out.push_back({s.id, s.title.empty() ? s.id : s.title});
    return out;
}

std::string check(const NewTraining& t) {
    if (!forms::parse_day(t.date) || t.date.size() != 10)
        return "The date \"" + t.date + "\" is not a date (YYYY-MM-DD).";
    if (t.title.empty())
        return "Give the training a title.";
    if (t.client.empty())
        return "Choose the client.";
    if (t.employees.empty())
        return "Choose at least one trained employee.";
    return "";
}

std::string record_training(storage::Store& store, const NewTraining& t) {
    if (std::string problem = check(t); !problem.empty())
        throw InputError("", "training", problem);
    std::set<std::string> ids;
    for (const storage::Training& old : store.trainings(t.client))
        ids.insert(old.id);
    std::string base = "T-" + t.date.substr(0, 4) + t.date.substr(5, 2) + t.date.substr(8, 2);
    std::string id = base;
    for (int n = 2; ids.count(id); ++n)
        id = base + "-" + std::to_string(n);
    storage::Training rec{id, t.title, t.trainer, t.date, t.client, t.employees, t.sections};
    store.add_trainings({rec}, "Record training");
    return id;
}

} // namespace vs::app
