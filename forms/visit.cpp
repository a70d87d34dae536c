#include "forms/visit.h"

#include "forms/csv.h"
#include "forms/dates.h"
#include "forms/json_read.h"
#include "forms/survey.h"
#include "forms/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <unordered_set>

namespace vs::forms {

using detail::json;
using detail::Reader;

std::string_view to_string(Status status) {
    switch (status) {
    case Status::Draft:
        return "draft";
    case Status::Submitted:
        return "submitted";
    case Status::Approved:
        return "approved";
    case Status::Returned:
        return "returned";
    case Status::Excluded:
        return "excluded";
    }
    return "";
}

std::optional<Status> status_from_string(std::string_view name) {
    for (Status s :
         {Status::Draft, Status::Submitted, Status::Approved, Status::Returned, Status::Excluded})
        if (to_string(s) == name)
            return s;
    return std::nullopt;
}

namespace {

bool valid_uuid(const std::string& s) {
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

/// "YYYY-MM-DDTHH:MM:SS" from an accepted form; throws when the date or time does not exist.
std::string normalise_datetime(const std::string& s, const std::string& file,
                               const std::string& where) {
    if (!parse_day(s) || s.size() < 16)
        throw InputError(file, where,
                         "\"" + s +
                             "\" is not a date and time that exists (use "
                             "YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, local time)");
    if (!plausible_day(*parse_day(s)))
        throw InputError(file, where, implausible_date_message(s));
    std::string out = s;
    out[10] = 'T';
    if (out.size() == 16)
        out += ":00";
    return out;
}

/// Checks a text field `key` of the visit at `at` (the path is built only for a message).
void check_header_text(const Reader& r, const std::string& value, const std::string& at,
                       std::string_view key, bool required) {
    if (required && value.empty())
        r.fail(json_path(at, key), "must not be empty");
    if (value.size() > 200)
        r.fail(json_path(at, key), "is longer than 200 characters");
}

std::map<std::string, std::string> string_map(const Reader& r, const json& obj, const char* key,
                                              const std::string& path) {
    std::map<std::string, std::string> out;
    const json* v = r.find(obj, key);
    if (!v || v->is_null())
        return out;
    std::string p = json_path(path, key);
    r.object(*v, p);
    for (const auto& [k, value] : v->items()) {
        r.check_chars(k, p);
        out[k] = r.string_value(value, json_path(p, k));
    }
    return out;
}

} // namespace

nlohmann::json Visit::to_json() const {
    json v = {{"uuid", uuid},
              {"template", template_id},
              {"template_version", template_version},
              {"client", client},
              {"branch", branch},
              {"visited_at", visited_at},
              {"status", to_string(status)},
              {"answers", answers}};
    auto put = [&](const char* key, const std::string& value) {
        if (!value.empty())
            v[key] = value;
    };
    put("shopper", shopper); // a customer survey response has none
    put("region", region);
    put("branch_name", branch_name);
    put("employee", employee);
    put("employee_name", employee_name);
    put("shopper_name", shopper_name);
    put("summary", summary);
    put("calibration", calibration);
    if (reference)
        v["reference"] = true;
    if (!section_employees.empty())
        v["section_employees"] = section_employees;
    if (!comments.empty())
        v["comments"] = comments;
    put("assignment", assignment);
    if (!evidence.empty()) {
        json e = json::object();
        if (!evidence.opened_at.empty())
            e["opened_at"] = evidence.opened_at;
        if (!evidence.first_answer_at.empty())
            e["first_answer_at"] = evidence.first_answer_at;
        if (!evidence.submitted_at.empty())
            e["submitted_at"] = evidence.submitted_at;
        v["evidence"] = std::move(e);
    }
    return v;
}

namespace {

/// The visit without its answers, which must be an object when present (`has_answers`).
Visit visit_header(const json& obj, const std::string& file, const std::string& where,
                   bool& has_answers) {
    Reader r(file);
    r.object(obj, where);
    Visit v;
    v.uuid = r.string(obj, "uuid", where);
    if (!valid_uuid(v.uuid))
        r.fail(json_path(where, "uuid"),
               "\"" + v.uuid + "\" is not a UUID (8-4-4-4-12 hexadecimal digits)");
    // One visit, one identity: ABC… and abc… are the same uuid.
    std::transform(v.uuid.begin(), v.uuid.end(), v.uuid.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string at = where + " (" + v.uuid + ")";
    v.template_id = r.string(obj, "template", at);
    v.template_version = r.integer(obj, "template_version", at);
    if (v.template_version < 1)
        r.fail(json_path(at, "template_version"), "must be 1 or more");
    if (v.template_version > kMaxVersion)
        r.fail(json_path(at, "template_version"), "must be at most " + std::to_string(kMaxVersion) +
                                                      " (template versions run from 1 "
                                                      "to " +
                                                      std::to_string(kMaxVersion) + ")");
    v.client = r.string(obj, "client", at);
    check_header_text(r, v.client, at, "client", true);
    v.region = r.string(obj, "region", at, std::string());
    check_header_text(r, v.region, at, "region", false);
    v.branch = r.string(obj, "branch", at);
    check_header_text(r, v.branch, at, "branch", true);
    v.branch_name = r.string(obj, "branch_name", at, std::string());
    check_header_text(r, v.branch_name, at, "branch_name", false);
    v.employee = r.string(obj, "employee", at, std::string());
    check_header_text(r, v.employee, at, "employee", false);
    v.employee_name = r.string(obj, "employee_name", at, std::string());
    check_header_text(r, v.employee_name, at, "employee_name", false);
    // Optional here: a customer survey response has none, which check_channel_rules knows from the
    // visit's scorecard. Given, it must not be empty.
    if (const json* s = r.find(obj, "shopper"); s && !s->is_null()) {
        v.shopper = r.string(obj, "shopper", at);
        check_header_text(r, v.shopper, at, "shopper", true);
    }
    v.shopper_name = r.string(obj, "shopper_name", at, std::string());
    check_header_text(r, v.shopper_name, at, "shopper_name", false);
    v.visited_at =
        normalise_datetime(r.string(obj, "visited_at", at), file, json_path(at, "visited_at"));
    v.status_given = r.find(obj, "status") != nullptr;
    std::string status = r.string(obj, "status", at, std::string("submitted"));
    auto st = status_from_string(status);
    if (!st)
        r.fail(json_path(at, "status"), "\"" + status +
                                            "\" is not a status (draft, submitted, "
                                            "approved, returned, excluded)");
    v.status = *st;
    v.section_employees = string_map(r, obj, "section_employees", at);
    v.comments = string_map(r, obj, "comments", at);
    v.summary = r.string(obj, "summary", at, std::string());
    v.calibration = r.string(obj, "calibration", at, std::string());
    v.reference = r.boolean(obj, "reference", at, false);
    if (v.reference && v.calibration.empty())
        r.fail(json_path(at, "reference"), "only a calibration visit can be the reference");
    v.assignment = r.string(obj, "assignment", at, std::string());
    check_header_text(r, v.assignment, at, "assignment", false);
    if (const json* e = r.find(obj, "evidence"); e && !e->is_null()) {
        const std::string ep = json_path(at, "evidence");
        r.object(*e, ep);
        v.evidence.opened_at = r.string(*e, "opened_at", ep, std::string());
        v.evidence.first_answer_at = r.string(*e, "first_answer_at", ep, std::string());
        v.evidence.submitted_at = r.string(*e, "submitted_at", ep, std::string());
    }
    const json* a = r.find(obj, "answers");
    has_answers = a && !a->is_null();
    if (has_answers)
        r.object(*a, json_path(at, "answers"));
    return v;
}

} // namespace

Visit visit_from_json(const nlohmann::json& obj, const std::string& file,
                      const std::string& where) {
    bool has_answers = false;
    Visit v = visit_header(obj, file, where, has_answers);
    if (has_answers)
        v.answers = obj.at("answers");
    return v;
}

Visit visit_from_json(nlohmann::json&& obj, const std::string& file, const std::string& where) {
    bool has_answers = false;
    Visit v = visit_header(obj, file, where, has_answers);
    if (has_answers)
        v.answers = std::move(obj.at("answers"));
    return v;
}

void parse_visit_package(std::string_view json_text, const std::string& file,
                         const VisitSink& sink) {
    std::unordered_set<std::string> uuids;
    std::optional<InputError> first_error; // the first bad visit; later ones are only parsed
    std::size_t index = 0;
    // One visit from its JSON, or the error that rejects the package.
    auto read_visit = [&](json&& element, std::size_t i) -> std::optional<Visit> {
        try {
            Visit v = visit_from_json(std::move(element), file, json_path("visits", i));
            if (!uuids.insert(v.uuid).second)
                throw InputError(file, json_path(json_path("visits", i), "uuid"),
                                 "\"" + v.uuid + "\" appears twice in this package");
            return v;
        } catch (const InputError& e) {
            first_error = e;
            return std::nullopt;
        }
    };
    json doc = parse_json_strict(json_text, file, "visits", [&](json&& element, std::size_t end) {
        const std::size_t i = index++;
        if (first_error)
            return;
        if (std::optional<Visit> v = read_visit(std::move(element), i))
            sink(std::move(*v), end);
    });
    Reader r(file);
    r.object(doc, "(top level)");
    std::string format = r.string(doc, "format", "");
    if (format != "visitscore.visits/1")
        r.fail("format", "must be \"visitscore.visits/1\", not \"" + format + "\"");
    r.array(r.require(doc, "visits", ""), "visits");
    if (first_error)
        throw *first_error;
}

std::vector<Visit> parse_visit_package(std::string_view json_text, const std::string& file) {
    std::vector<Visit> visits;
    parse_visit_package(json_text, file,
                        [&](Visit&& v, std::size_t) { visits.push_back(std::move(v)); });
    return visits;
}

std::vector<Visit> parse_visit_csv(std::string_view csv_text, const std::string& file,
                                   const TemplateLookup& lookup) {
    std::vector<CsvRow> rows = parse_csv(csv_text, file);
    if (rows.empty())
        throw InputError(file, "line 1", "the file is empty (a header row is needed)");
    const std::vector<std::string>& header = rows[0].fields;
    // A customer survey's rows need no shopper column (check_channel_rules below).
    static const char* const required[] = {"uuid",     "template",   "template_version",
                                           "client",   "region",     "branch",
                                           "employee", "visited_at", "status"};
    static const std::set<std::string> header_fields = {
        "uuid",        "template", "template_version", "client",   "region",       "branch",
        "branch_name", "employee", "employee_name",    "shopper",  "shopper_name", "visited_at",
        "status",      "summary",  "calibration",      "reference"};
    std::map<std::string, std::size_t> column;
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (header[c].empty())
            throw InputError(file, "line 1, column " + std::to_string(c + 1),
                             "the header cell is empty");
        if (!column.emplace(header[c], c).second)
            throw InputError(file, "line 1, column " + std::to_string(c + 1),
                             "\"" + header[c] + "\" appears twice in the header");
    }
    for (const char* name : required)
        if (!column.count(name))
            throw InputError(file, "line 1",
                             std::string("the header has no \"") + name + "\" column");
    std::vector<Visit> visits;
    std::set<std::string> uuids;
    for (std::size_t ri = 1; ri < rows.size(); ++ri) {
        const CsvRow& row = rows[ri];
        const std::string line = "line " + std::to_string(row.line);
        if (row.fields.size() != header.size())
            throw InputError(file, line,
                             "has " + std::to_string(row.fields.size()) +
                                 " fields; the header has " + std::to_string(header.size()));
        json obj = json::object();
        for (const auto& [name, c] : column)
            if (header_fields.count(name) && !row.fields[c].empty())
                obj[name] = row.fields[c];
        if (obj.contains("template_version")) {
            const std::string& s = row.fields[column["template_version"]];
            int version = 0;
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), version);
            if (ec != std::errc() || p != s.data() + s.size())
                throw InputError(file, line + ", column template_version",
                                 "\"" + s + "\" is not a whole number");
            obj["template_version"] = version;
        }
        if (obj.contains("reference"))
            obj["reference"] = obj["reference"] == "true" || obj["reference"] == "1";
        Visit v = visit_from_json(std::move(obj), file, line);
        if (!uuids.insert(v.uuid).second)
            throw InputError(file, line + ", column uuid",
                             "\"" + v.uuid + "\" appears twice in this file");
        const Template* tpl = lookup(v.template_id, v.template_version);
        if (!tpl)
            throw InputError(file, line + ", column template",
                             "unknown scorecard \"" + v.template_id + "\" version " +
                                 std::to_string(v.template_version));
        // Only a customer survey's rows may leave the column out, so a mystery visit's file
        // without one is refused for its header, as ever.
        if (!column.count("shopper") && !is_survey(*tpl))
            throw InputError(file, "line 1", "the header has no \"shopper\" column");
        check_channel_rules(*tpl, v, file, line + " (" + v.uuid + ")");
        // As in a JSON package, the cell of a hidden question is ignored even when it is
        // invalid (SCORING.md §2): type every cell, then report the first visible error.
        Answers answers(tpl->questions.size());
        std::vector<std::optional<InputError>> errors(tpl->questions.size());
        for (const auto& [name, c] : column) {
            if (header_fields.count(name))
                continue;
            int qi = tpl->find_question(name);
            if (qi < 0)
                throw InputError(file, "line 1, column " + name,
                                 "\"" + name + "\" is neither a visit field nor a question of \"" +
                                     tpl->id + "\"");
            auto uq = static_cast<std::size_t>(qi);
            try {
                answers[uq] = answer_from_text(tpl->questions[uq], row.fields[c], file,
                                               line + ", column " + name);
            } catch (const InputError& e) {
                errors[uq] = e;
            }
        }
        // An earlier visible error is thrown first, so each question's visibility here only
        // depends on valid answers and on hidden ones (left unanswered either way).
        const std::vector<bool> visible = visible_questions(*tpl, answers);
        for (std::size_t qi = 0; qi < answers.size(); ++qi) {
            if (errors[qi] && visible[qi])
                throw *errors[qi];
            if (answers[qi].answered())
                v.answers[tpl->questions[qi].id] = answers[qi].to_json();
        }
        visits.push_back(std::move(v));
    }
    return visits;
}

Answers check_visit(const Template& tpl, const Visit& visit, const std::string& file,
                    const std::string& where) {
    // The readers check these already; a visit built in code (typed in the app, edited in the
    // store) passes here before it is scored or stored, so the same rules hold for it.
    const std::optional<int> day = parse_day(visit.visited_at);
    if (!day || visit.visited_at.size() < 16)
        throw InputError(file, json_path(where, "visited_at"),
                         "\"" + visit.visited_at +
                             "\" is not a date and time that exists (use "
                             "YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, local time)");
    if (!plausible_day(*day))
        throw InputError(file, json_path(where, "visited_at"),
                         implausible_date_message(visit.visited_at));
    if (is_survey(tpl))
        check_channel_rules(tpl, visit, file, where);
    const std::pair<const char*, const std::string*> texts[] = {
        {"uuid", &visit.uuid},         {"template", &visit.template_id},
        {"client", &visit.client},     {"region", &visit.region},
        {"branch", &visit.branch},     {"branch_name", &visit.branch_name},
        {"employee", &visit.employee}, {"employee_name", &visit.employee_name},
        {"shopper", &visit.shopper},   {"shopper_name", &visit.shopper_name},
        {"summary", &visit.summary},   {"calibration", &visit.calibration}};
    // Each path is made only for a message: this runs for every visit of every import.
    for (const auto& [key, text] : texts)
        if (std::string problem = text_problem(*text); !problem.empty())
            throw InputError(file, json_path(where, key), problem);
    for (const auto& [section, employee] : visit.section_employees)
        if (std::string problem = text_problem(employee); !problem.empty())
            throw InputError(file, json_path(json_path(where, "section_employees"), section),
                             problem);
    for (const auto& [question, text] : visit.comments)
        if (std::string problem = text_problem(text); !problem.empty())
            throw InputError(file, json_path(json_path(where, "comments"), question), problem);
    for (const auto& [section, employee] : visit.section_employees) {
        if (tpl.find_section(section) < 0)
            throw InputError(file, json_path(json_path(where, "section_employees"), section),
                             "\"" + section + "\" is not a section of \"" + tpl.id + "\"");
        if (employee.empty())
            throw InputError(file, json_path(json_path(where, "section_employees"), section),
                             "must name an employee code");
    }
    for (const auto& [question, text] : visit.comments)
        if (question != "visit" && tpl.find_question(question) < 0)
            throw InputError(file, json_path(json_path(where, "comments"), question),
                             "\"" + question + "\" is not a question of \"" + tpl.id + "\"");
    return typed_answers(tpl, visit.answers, file, json_path(where, "answers"));
}

void check_channel_rules(const Template& tpl, const Visit& visit, const std::string& file,
                         const std::string& where) {
    if (!is_survey(tpl)) {
        if (visit.shopper.empty())
            throw InputError(file, json_path(where, "shopper"), "is missing");
        return;
    }
    for (const auto& [key, value] :
         {std::pair{"shopper", &visit.shopper}, std::pair{"shopper_name", &visit.shopper_name}})
        if (!value->empty())
            throw InputError(file, json_path(where, key),
                             "a customer survey response has no shopper (\"" + tpl.id +
                                 "\" is a survey scorecard): leave " + key + " out");
    const Status status = import_status(tpl, visit);
    if (status == Status::Submitted || status == Status::Returned)
        throw InputError(file, json_path(where, "status"),
                         "a customer survey response needs no review: it is approved (the "
                         "default), excluded or a draft, not " +
                             std::string(to_string(status)));
}

} // namespace vs::forms
