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

std::vector<TrainingRow> training_rows(storage::Store& store, const ViewFilter& filter,
                                       int window_days) {
    return services::training_rows(store, filter.visit_filter(), window_days);
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
