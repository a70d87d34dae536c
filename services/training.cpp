#include "services/training.h"

#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

namespace vs::services {
namespace {

/// Reads a `visitscore.training/1` file strictly; throws InputError naming the file and path.
std::vector<storage::Training> parse_training_file(const std::string& text, const std::string& file,
                                                   const std::set<std::string>& section_ids) {
    const nlohmann::json doc = forms::parse_json_strict(text, file);
    auto fail = [&](const std::string& where, const std::string& message) -> void {
        throw InputError(file, where, message);
    };
    auto describe = [](const nlohmann::json& v) -> std::string {
        return v.is_string()    ? "a string"
               : v.is_array()   ? "an array"
               : v.is_object()  ? "an object"
               : v.is_null()    ? "null"
               : v.is_boolean() ? "a boolean"
                                : "a number";
    };
    if (!doc.is_object())
        fail("(top level)", "must be an object, not " + describe(doc));
    const auto format = doc.find("format");
    if (format == doc.end() || !format->is_string() || *format != "visitscore.training/1")
        fail("format", "must be \"visitscore.training/1\"");
    const auto list = doc.find("trainings");
    if (list == doc.end())
        fail("trainings", "is missing");
    if (!list->is_array())
        fail("trainings", "must be an array, not " + describe(*list));
    // A text field: a string, not empty when required, at most 200 characters.
    auto text_field = [&](const nlohmann::json& obj, const char* key, const std::string& at,
                          bool required) {
        const std::string where = forms::json_path(at, key);
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            if (required)
                fail(where, "is missing");
            return std::string();
        }
        if (!it->is_string())
            fail(where, "must be a string, not " + describe(*it));
        std::string value = it->get<std::string>();
        if (required && value.empty())
            fail(where, "must not be empty");
        if (value.size() > 200)
            fail(where, "is longer than 200 characters");
        return value;
    };
    auto codes = [&](const nlohmann::json& obj, const char* key, const std::string& at,
                     bool required) {
        const std::string where = forms::json_path(at, key);
        std::vector<std::string> out;
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            if (required)
                fail(where, "is missing");
            return out;
        }
        if (!it->is_array())
            fail(where, "must be an array, not " + describe(*it));
        std::set<std::string> seen;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const nlohmann::json& v = (*it)[i];
            const std::string item = forms::json_path(where, i);
            if (!v.is_string() || v.get<std::string>().empty())
                fail(item, "must be a non-empty string");
            if (!seen.insert(v.get<std::string>()).second)
                fail(item, "\"" + v.get<std::string>() + "\" is listed twice");
            out.push_back(v.get<std::string>());
        }
        return out;
    };
    std::vector<storage::Training> out;
    std::set<std::pair<std::string, std::string>> ids; // client, id
    for (std::size_t i = 0; i < list->size(); ++i) {
        const nlohmann::json& obj = (*list)[i];
        const std::string at = forms::json_path("trainings", i);
        if (!obj.is_object())
            fail(at, "must be an object, not " + describe(obj));
        storage::Training t;
        t.id = text_field(obj, "id", at, true);
        t.title = text_field(obj, "title", at, false);
        t.trainer = text_field(obj, "trainer", at, false);
        t.date = text_field(obj, "date", at, true);
        if (!forms::parse_day(t.date) || t.date.size() != 10)
            fail(forms::json_path(at, "date"),
                 "\"" + t.date + "\" is not a date that exists (YYYY-MM-DD)");
        if (!forms::plausible_day(*forms::parse_day(t.date)))
            fail(forms::json_path(at, "date"), forms::implausible_date_message(t.date));
        t.client = text_field(obj, "client", at, true);
        t.employees = codes(obj, "employees", at, true);
        if (t.employees.empty())
            fail(forms::json_path(at, "employees"), "must name at least one trained employee");
        t.sections = codes(obj, "sections", at, false);
        for (std::size_t s = 0; s < t.sections.size(); ++s)
            if (!section_ids.count(t.sections[s]))
                fail(forms::json_path(forms::json_path(at, "sections"), s),
                     "\"" + t.sections[s] + "\" is not a section of any stored scorecard");
        if (!ids.emplace(t.client, t.id).second)
            fail(forms::json_path(at, "id"),
                 "\"" + t.id + "\" of client \"" + t.client + "\" appears twice in this file");
        out.push_back(std::move(t));
    }
    return out;
}

/// A section's title in the facts' scorecards (its id when none has a title; "" when unknown).
std::string section_title(const scoring::FactTable& facts, const std::string& id) {
    const auto& names = facts.section_ids.names;
    const auto it = std::find(names.begin(), names.end(), id);
    if (it == names.end())
        return {};
    const auto section = static_cast<std::int32_t>(it - names.begin());
    for (const auto& ref : facts.templates)
        for (std::size_t s = 0; s < ref.section_ids.size(); ++s)
            if (ref.section_ids[s] == section && !ref.tpl->sections[s].title.empty())
                return ref.tpl->sections[s].title;
    return id;
}

} // namespace

std::vector<TrainingRow> training_rows(storage::Store& store, const storage::VisitFilter& filter,
                                       int window_days) {
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
    storage::VisitFilter around = filter;
    around.from_day = rows.front().day - window_days;
    around.to_day = rows.back().day + window_days - 1;
    const scoring::FactTable facts = store.load_facts(around, false);
    for (TrainingRow& r : rows) {
        const storage::Training& t = r.training;
        for (const std::string& s : t.sections) {
            const std::string title = section_title(facts, s);
            r.behaviours.push_back(title.empty() ? s : title);
        }
        const auto spec =
            scoring::training_spec(facts, t.id, r.day, t.client, t.employees, t.sections);
        r.effect = scoring::training_effect(facts, spec, window_days);
    }
    return rows;
}

std::size_t add_training_file(storage::Store& store, const std::string& file,
                              const std::string& text) {
    std::set<std::string> section_ids;
    for (const auto& [id, version] : store.template_versions())
        if (auto tpl = store.find_template(id, version))
            for (const auto& s : tpl->sections)
                section_ids.insert(s.id);
    const std::vector<storage::Training> trainings = parse_training_file(text, file, section_ids);
    store.add_trainings(trainings, file); // checks clients and employees, all or nothing
    return trainings.size();
}

std::vector<scoring::ExerciseAgreement> calibration_exercises(storage::Store& store,
                                                              const storage::VisitFilter& filter) {
    storage::VisitFilter f = filter;
    f.calibration = true;
    return scoring::calibrate(store.calibration_visits(f));
}

} // namespace vs::services
