// `template to-csv` and `template from-csv`: a scorecard as a spreadsheet and back.

#include "forms/template_csv.h"

#include "cli/commands.h"
#include "exports/output_file.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "storage/store.h"
#include "templates/bundled.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <iostream>

namespace vs::cli {

namespace {

using ordered_json = nlohmann::ordered_json;

/// The order people expect to read a template's fields in (FORMATS.md); others follow.
const std::vector<std::string>& key_order() {
    static const std::vector<std::string> order = {
        "format", "id",       "version",  "name",     "channel",     "target",  "min_applicable",
        "type",   "title",    "text",     "guidance", "description", "weight",  "points",
        "na",     "critical", "pass_at",  "expect",   "min",         "max",     "labels",
        "unit",   "options",  "label",    "score",    "bands",       "show_if", "question",
        "in",     "sections", "questions"};
    return order;
}

/// `value` with every object's keys in key_order() (nlohmann::json sorts them by name) and
/// whole numbers without a decimal point.
ordered_json in_reading_order(const nlohmann::json& value) {
    if (value.is_array()) {
        ordered_json out = ordered_json::array();
        for (const nlohmann::json& item : value)
            out.push_back(in_reading_order(item));
        return out;
    }
    if (value.is_number_float() && std::abs(value.get<double>()) < 1e15 &&
        value.get<double>() == std::floor(value.get<double>()))
        return static_cast<std::int64_t>(value.get<double>()); // 85, not 85.0
    if (!value.is_object())
        return ordered_json(value);
    ordered_json out = ordered_json::object();
    for (const std::string& key : key_order())
        if (value.contains(key))
            out[key] = in_reading_order(value[key]);
    for (const auto& [key, item] : value.items())
        if (!out.contains(key))
            out[key] = in_reading_order(item);
    return out;
}

/// Writes `text` next to `out`'s destination; out.commit() then puts it in place.
void write_temp(const exports::OutputFile& out, const std::string& text) {
    std::ofstream file(out.temp_path(), std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file)
        throw std::runtime_error(out.path() + ": writing the file failed");
}

/// A scorecard from the database (when there is one) or else from the bundled ones.
forms::Template find_template(const std::string& db, const std::string& id,
                              const std::optional<int>& version) {
    if (storage::is_server_location(db) || std::filesystem::exists(db)) {
        auto store = open_database(db, storage::OpenMode::ReadOnly);
        auto stored = version ? store->find_template(id, *version) : store->latest_template(id);
        if (stored)
            return *stored;
    }
    std::optional<forms::Template> found;
    for (const auto& [name, text] : templates::bundled()) {
        forms::Template t = forms::parse_template(text, std::string(name));
        if (t.id == id && (!version || t.version == *version) &&
            (!found || t.version > found->version))
            found = std::move(t);
    }
    if (!found)
        throw InputError("", "--id",
                         "no scorecard \"" + id + "\"" +
                             (version ? " version " + std::to_string(*version) : std::string()) +
                             " in " + db + " or among the bundled ones (see template list)");
    return *found;
}

std::string describe(const forms::Template& t) {
    return fmt::format("\"{}\" version {}: {} sections, {} questions", t.id, t.version,
                       t.sections.size(), t.questions.size());
}

} // namespace

int cmd_template_to_csv(const std::string& db, const TemplateToCsvOptions& o) {
    if (o.id.empty() == o.file.empty())
        throw InputError("", "template to-csv", "give either --id ID or a template FILE");
    const forms::Template t = o.file.empty()
                                  ? find_template(db, o.id, o.version)
                                  : forms::parse_template(forms::read_file(o.file), o.file);
    const std::string csv = forms::template_to_csv(t);
    if (o.output.empty()) {
        std::cout << csv;
        return 0;
    }
    exports::OutputFile out(o.output);
    write_temp(out, csv);
    out.commit();
    std::cout << fmt::format("{}: {}\n", o.output, describe(t));
    return 0;
}

int cmd_template_from_csv(const std::string& db, const TemplateFromCsvOptions& o) {
    const forms::Template t = forms::template_from_csv(forms::read_file(o.file), o.file);
    const std::string text = in_reading_order(forms::template_to_json(t)).dump(2) + "\n";
    if (o.output.empty() && !o.import) {
        std::cout << text;
        return 0;
    }
    // Nothing lands under the output name unless the import (if asked) succeeded too.
    std::optional<exports::OutputFile> out;
    if (!o.output.empty()) {
        out.emplace(o.output);
        write_temp(*out, text);
    }
    if (o.import) {
        bool added = open_database(db, storage::OpenMode::CreateOnDisk)->add_template(t, o.file);
        std::cout << fmt::format("{} {}\n", added ? "Stored" : "Already stored:", describe(t));
    }
    if (out) {
        out->commit();
        std::cout << fmt::format("{}: {}\n", o.output, describe(t));
    }
    return 0;
}

} // namespace vs::cli
