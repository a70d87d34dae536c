#include "forms/template.h"

#include "forms/csv.h"
#include "forms/json_read.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

namespace vs::forms {

using detail::json;
using detail::Reader;

std::string channel_label(std::string_view channel) {
    static const std::pair<std::string_view, std::string_view> known[] = {
        {"in_person", "In person"},
        {"phone", "Phone"},
        {"email", "Email"},
        {"chat", "Chat"},
        {"email_chat", "Email/Chat"},
        {"online", "Online"},
        {"web", "Website"},
        {"video", "Video call"},
        {"survey", "Survey"},
        {"social", "Social media"},
        {"app", "App"}};
    for (const auto& [id, label] : known)
        if (channel == id)
            return std::string(label);
    std::string label(channel);
    std::replace(label.begin(), label.end(), '_', ' ');
    if (!label.empty() && label[0] >= 'a' && label[0] <= 'z')
        label[0] = static_cast<char>(label[0] - 'a' + 'A');
    return label;
}

std::string_view to_string(QuestionType type) {
    switch (type) {
    case QuestionType::YesNo:
        return "yes_no";
    case QuestionType::Scale:
        return "scale";
    case QuestionType::Choice:
        return "choice";
    case QuestionType::Checklist:
        return "checklist";
    case QuestionType::Number:
        return "number";
    case QuestionType::Nps:
        return "nps";
    case QuestionType::Text:
        return "text";
    }
    return "";
}

std::string_view to_string(Critical critical) {
    switch (critical) {
    case Critical::Section:
        return "section";
    case Critical::Visit:
        return "visit";
    case Critical::None:
        break;
    }
    return "";
}

namespace {

/// The index of `id` in `items` (each with an `id`) through `index` when it covers every item
/// (as the parser builds it), else by a scan, so that a hand-built model still finds its ids.
template <class Items> int find_id(const IdIndex& index, const Items& items, std::string_view id) {
    if (index.size() == items.size() && !items.empty()) {
        auto it = index.find(id);
        if (it == index.end())
            return -1;
        const auto i = static_cast<std::size_t>(it->second);
        if (i < items.size() && items[i].id == id)
            return it->second;
        // A stale index (an id edited without index_ids()): the scan below still answers.
    }
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].id == id)
            return static_cast<int>(i);
    return -1;
}

template <class Items> void build_index(IdIndex& index, const Items& items) {
    index.clear();
    index.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        index.emplace(items[i].id, static_cast<int>(i));
}

} // namespace

int Question::find_option(std::string_view option_id) const {
    return find_id(option_index, options, option_id);
}

void Question::index_options() {
    build_index(option_index, options);
}

int Template::find_question(std::string_view question_id) const {
    return find_id(question_index, questions, question_id);
}

int Template::find_section(std::string_view section_id) const {
    return find_id(section_index, sections, section_id);
}

void Template::index_ids() {
    build_index(question_index, questions);
    build_index(section_index, sections);
}

const std::vector<std::string_view>& reserved_ids() {
    // The visit CSV's own columns (FORMATS.md; exports/visits_csv.cpp and parse_visit_csv),
    // the export's totals, and the comments key of the whole visit.
    static const std::vector<std::string_view> ids = {
        "uuid",        "template", "template_version", "client",    "region",       "branch",
        "branch_name", "employee", "employee_name",    "shopper",   "shopper_name", "visited_at",
        "status",      "summary",  "calibration",      "reference", "raw",          "score",
        "visit"};
    return ids;
}

bool is_reserved_id(std::string_view id) {
    constexpr std::string_view suffix = "_score";
    if (id.size() >= suffix.size() && id.substr(id.size() - suffix.size()) == suffix)
        return true;
    const auto& ids = reserved_ids();
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

namespace {

std::optional<QuestionType> type_from_string(const std::string& s) {
    static const std::pair<const char*, QuestionType> names[] = {
        {"yes_no", QuestionType::YesNo},  {"scale", QuestionType::Scale},
        {"choice", QuestionType::Choice}, {"checklist", QuestionType::Checklist},
        {"number", QuestionType::Number}, {"nps", QuestionType::Nps},
        {"text", QuestionType::Text}};
    for (const auto& [name, type] : names)
        if (s == name)
            return type;
    return std::nullopt;
}

double fraction_field(const Reader& r, const json& obj, const char* key, const std::string& path,
                      std::optional<double> fallback) {
    double v = r.number(obj, key, path, fallback);
    if (v < 0 || v > 1)
        r.fail(json_path(path, key), "must be between 0 and 1, not " + json(v).dump());
    return v;
}

/// A number field in [lo, hi]; the message names the range.
double ranged_field(const Reader& r, const json& obj, const char* key, const std::string& path,
                    std::optional<double> fallback, double lo, double hi) {
    double v = r.number(obj, key, path, fallback);
    if (v < lo || v > hi)
        r.fail(json_path(path, key), "must be between " + number_text(lo) + " and " +
                                         number_text(hi) + ", not " + number_text(v));
    return v;
}

class TemplateParser {
  public:
    TemplateParser(const std::string& file) : m_r(file) {}

    Template parse(const json& doc, std::string source) {
        const std::string root;
        m_r.object(doc, "(top level)");
        Template t;
        t.source = std::move(source);
        std::string format = m_r.string(doc, "format", root);
        if (format != "visitscore.template/1")
            m_r.fail("format", "must be \"visitscore.template/1\", not \"" + format + "\"");
        t.id = m_r.string(doc, "id", root);
        if (!detail::valid_id(t.id, true))
            m_r.fail("id", "\"" + t.id + "\" must match [a-z][a-z0-9_-]*");
        t.version = m_r.integer(doc, "version", root);
        if (t.version < 1)
            m_r.fail("version", "must be 1 or more");
        if (t.version > kMaxVersion)
            m_r.fail("version", "must be at most " + std::to_string(kMaxVersion) + ", not " +
                                    std::to_string(t.version));
        t.name = m_r.string(doc, "name", root);
        if (t.name.empty())
            m_r.fail("name", "must not be empty");
        t.channel = m_r.string(doc, "channel", root, std::string());
        t.target = m_r.number(doc, "target", root, 80.0);
        if (t.target < 0 || t.target > 100)
            m_r.fail("target", "must be between 0 and 100");
        t.min_applicable = fraction_field(m_r, doc, "min_applicable", root, 0.0);

        const json& sections = m_r.array(m_r.require(doc, "sections", root), "sections");
        if (sections.empty())
            m_r.fail("sections", "must hold at least one section");
        collect_question_ids(sections);
        for (std::size_t si = 0; si < sections.size(); ++si)
            parse_section(t, sections[si], json_path("sections", si));
        return t;
    }

  private:
    /// Every question id in the file, so that show_if can tell a later question from none.
    void collect_question_ids(const json& sections) {
        for (const json& section : sections) {
            if (!section.is_object() || !section.contains("questions") ||
                !section["questions"].is_array())
                continue;
            for (const json& q : section["questions"])
                if (q.is_object() && q.contains("id") && q["id"].is_string())
                    m_all_question_ids.insert(q["id"].get<std::string>());
        }
    }

    static std::string reserved_list() {
        std::string out;
        for (std::string_view id : reserved_ids())
            out += (out.empty() ? "" : ", ") + std::string(id);
        return out;
    }

    void claim_id(const std::string& id, const std::string& path) {
        if (!detail::valid_id(id))
            m_r.fail(json_path(path, "id"), "\"" + id + "\" must match [a-z][a-z0-9_]*");
        if (is_reserved_id(id))
            m_r.fail(json_path(path, "id"),
                     "\"" + id +
                         "\" is reserved: the visit CSV uses it for its own columns "
                         "(reserved: " +
                         reserved_list() + ", and any id ending in _score)");
        if (!m_ids.insert(id).second)
            m_r.fail(json_path(path, "id"),
                     "\"" + id + "\" is used twice (section and question ids must be unique)");
    }

    void parse_section(Template& t, const json& obj, const std::string& path) {
        m_r.object(obj, path);
        Section s;
        s.id = m_r.string(obj, "id", path);
        claim_id(s.id, path);
        s.title = m_r.string(obj, "title", path, s.id);
        s.description = m_r.string(obj, "description", path, std::string());
        s.weight = m_r.number(obj, "weight", path, 1.0);
        if (s.weight < 0)
            m_r.fail(json_path(path, "weight"), "must not be negative");
        if (s.weight > kMaxWeight)
            m_r.fail(json_path(path, "weight"), "must be at most " + number_text(kMaxWeight) +
                                                    ", not " + number_text(s.weight));
        s.first = static_cast<int>(t.questions.size());
        if (const json* si = m_r.find(obj, "show_if"))
            s.show_if = parse_show_if(t, *si, json_path(path, "show_if"), s.first);
        const json& questions =
            m_r.array(m_r.require(obj, "questions", path), json_path(path, "questions"));
        if (questions.empty())
            m_r.fail(json_path(path, "questions"), "must hold at least one question");
        int section_index = static_cast<int>(t.sections.size());
        for (std::size_t qi = 0; qi < questions.size(); ++qi) {
            Question q =
                parse_question(t, questions[qi], json_path(json_path(path, "questions"), qi));
            q.section = section_index;
            t.question_index.emplace(q.id, static_cast<int>(t.questions.size()));
            t.questions.push_back(std::move(q));
        }
        s.last = static_cast<int>(t.questions.size());
        t.section_index.emplace(s.id, section_index);
        t.sections.push_back(std::move(s));
    }

    std::vector<Option> parse_options(const json& obj, const std::string& path, bool checklist) {
        const std::string opath = json_path(path, "options");
        const json& arr = m_r.array(m_r.require(obj, "options", path), opath);
        if (arr.empty())
            m_r.fail(opath, "must hold at least one option");
        std::vector<Option> options;
        std::set<std::string> seen;
        double total = 0;
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const std::string p = json_path(opath, i);
            m_r.object(arr[i], p);
            Option o;
            o.id = m_r.string(arr[i], "id", p);
            if (o.id.empty())
                m_r.fail(json_path(p, "id"), "must not be empty");
            if (o.id == "na")
                m_r.fail(json_path(p, "id"), "\"na\" is reserved for not-applicable answers");
            if (checklist &&
                (o.id.find(';') != std::string::npos || o.id.front() == ' ' || o.id.back() == ' '))
                m_r.fail(json_path(p, "id"),
                         "\"" + o.id +
                             "\" cannot be a checklist option id: "
                             "the visit CSV joins the chosen ids with \";\" and "
                             "trims spaces around them");
            if (checklist && o.id == kNoOptionsCell)
                m_r.fail(json_path(p, "id"), "\"" + o.id +
                                                 "\" cannot be a checklist option id: "
                                                 "the visit CSV writes it for a checklist answered "
                                                 "with no option");
            if (!seen.insert(o.id).second)
                m_r.fail(json_path(p, "id"), "\"" + o.id + "\" is used twice in this question");
            o.label = m_r.string(arr[i], "label", p, o.id);
            // A choice option's score is its fraction; a checklist option's is a weight
            // (SCORING.md §1): any finite number from 0, here up to kMaxWeight.
            o.score = checklist ? ranged_field(m_r, arr[i], "score", p, std::nullopt, 0, kMaxWeight)
                                : fraction_field(m_r, arr[i], "score", p, std::nullopt);
            total += o.score;
            options.push_back(std::move(o));
        }
        if (checklist && total <= 0)
            m_r.fail(opath, "the options' scores must add up to more than 0");
        return options;
    }

    std::vector<Band> parse_bands(const json& obj, const std::string& path) {
        const std::string bpath = json_path(path, "bands");
        const json& arr = m_r.array(m_r.require(obj, "bands", path), bpath);
        if (arr.empty())
            m_r.fail(bpath, "must hold at least one band");
        std::vector<Band> bands;
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const std::string p = json_path(bpath, i);
            m_r.object(arr[i], p);
            Band b;
            if (const json* mx = m_r.find(arr[i], "max"); mx && !mx->is_null()) {
                b.max = m_r.number_value(*mx, json_path(p, "max"));
                if (std::abs(*b.max) > kMaxNumber)
                    m_r.fail(json_path(p, "max"),
                             "must be between -1e15 and 1e15, not " + mx->dump());
            } else if (i + 1 != arr.size())
                m_r.fail(json_path(p, "max"), "is missing (only the last band may omit it)");
            if (b.max && !bands.empty() && !(*b.max > *bands.back().max))
                m_r.fail(json_path(p, "max"), "bands must be in ascending order of max");
            b.score = fraction_field(m_r, arr[i], "score", p, std::nullopt);
            bands.push_back(b);
        }
        return bands;
    }

    /// `limit` is the first question index that the condition may not refer to.
    ShowIf parse_show_if(const Template& t, const json& obj, const std::string& path, int limit) {
        m_r.object(obj, path);
        ShowIf s;
        s.question = m_r.string(obj, "question", path);
        s.question_index = t.find_question(s.question);
        if (s.question_index < 0 && m_all_question_ids.count(s.question))
            s.question_index = limit; // defined further on: reported as coming later below
        if (s.question_index < 0)
            m_r.fail(json_path(path, "question"), "\"" + s.question +
                                                      "\" is not a question of "
                                                      "this template");
        if (s.question_index >= limit)
            m_r.fail(json_path(path, "question"),
                     "\"" + s.question +
                         "\" comes later (show_if may only refer to a question "
                         "that comes before it)");
        s.in = m_r.array(m_r.require(obj, "in", path), json_path(path, "in"));
        if (s.in.empty())
            m_r.fail(json_path(path, "in"), "must hold at least one value");
        const Question& ref = t.questions[static_cast<std::size_t>(s.question_index)];
        for (std::size_t i = 0; i < s.in.size(); ++i)
            check_condition_value(ref, s.in[i], json_path(json_path(path, "in"), i));
        return s;
    }

    void check_condition_value(const Question& ref, const json& v, const std::string& path) {
        if (v.is_string() && v.get<std::string>() == "na") {
            if (!ref.na_allowed)
                m_r.fail(path, "\"na\" is not an answer of \"" + ref.id + "\"");
            return;
        }
        auto bad = [&] {
            m_r.fail(path, v.dump() + " is not a possible answer of \"" + ref.id + "\" (" +
                               std::string(to_string(ref.type)) + ")");
        };
        switch (ref.type) {
        case QuestionType::YesNo:
            if (!v.is_string() || (v != "yes" && v != "no"))
                bad();
            break;
        case QuestionType::Choice:
        case QuestionType::Checklist:
            if (!v.is_string() || ref.find_option(v.get<std::string>()) < 0)
                bad();
            break;
        case QuestionType::Scale:
        case QuestionType::Nps: {
            int lo = ref.type == QuestionType::Nps ? 0 : ref.min;
            int hi = ref.type == QuestionType::Nps ? 10 : ref.max;
            if (!v.is_number() || v.get<double>() != std::floor(v.get<double>()) ||
                v.get<double>() < lo || v.get<double>() > hi)
                bad();
            break;
        }
        case QuestionType::Number:
            if (!v.is_number())
                bad();
            break;
        case QuestionType::Text:
            if (!v.is_string())
                bad();
            m_r.check_chars(v.get_ref<const std::string&>(), path);
            break;
        }
    }

    Question parse_question(const Template& t, const json& obj, const std::string& path) {
        m_r.object(obj, path);
        Question q;
        q.id = m_r.string(obj, "id", path);
        claim_id(q.id, path);
        std::string type = m_r.string(obj, "type", path);
        auto qt = type_from_string(type);
        if (!qt)
            m_r.fail(json_path(path, "type"),
                     "unknown type \"" + type +
                         "\" (use yes_no, scale, choice, checklist, number, nps or text)");
        q.type = *qt;
        q.text = m_r.string(obj, "text", path, std::string());
        q.guidance = m_r.string(obj, "guidance", path, std::string());
        q.na_allowed = m_r.boolean(obj, "na", path, false);

        if (q.type == QuestionType::Nps) {
            double points = m_r.number(obj, "points", path, 0.0);
            if (points != 0)
                m_r.fail(json_path(path, "points"), "an nps question is not scored: points must "
                                                    "be 0 or absent");
            q.points = 0;
        } else if (q.type == QuestionType::Text) {
            q.points = 0;
        } else {
            q.points = m_r.number(obj, "points", path, 1.0);
            if (q.points <= 0)
                m_r.fail(json_path(path, "points"), "must be more than 0 for a scored question");
            if (q.points > kMaxPoints)
                m_r.fail(json_path(path, "points"), "must be at most " + number_text(kMaxPoints) +
                                                        ", not " + number_text(q.points));
        }

        std::string critical = m_r.string(obj, "critical", path, std::string());
        if (critical == "section")
            q.critical = Critical::Section;
        else if (critical == "visit")
            q.critical = Critical::Visit;
        else if (!critical.empty())
            m_r.fail(json_path(path, "critical"),
                     "must be \"section\" or \"visit\", not \"" + critical + "\"");
        if (q.critical != Critical::None && !q.scored())
            m_r.fail(json_path(path, "critical"), "only a scored question can be critical");
        q.pass_at = fraction_field(m_r, obj, "pass_at", path, 1.0);

        switch (q.type) {
        case QuestionType::YesNo:
            q.expect = m_r.string(obj, "expect", path, std::string("yes"));
            if (q.expect != "yes" && q.expect != "no")
                m_r.fail(json_path(path, "expect"), "must be \"yes\" or \"no\"");
            break;
        case QuestionType::Scale: {
            q.min = m_r.integer(obj, "min", path);
            q.max = m_r.integer(obj, "max", path);
            for (auto [key, v] : {std::pair{"min", q.min}, std::pair{"max", q.max}})
                if (v < -kMaxScaleBound || v > kMaxScaleBound)
                    m_r.fail(json_path(path, key),
                             "must be between " + std::to_string(-kMaxScaleBound) + " and " +
                                 std::to_string(kMaxScaleBound) + ", not " + std::to_string(v));
            if (q.min >= q.max)
                m_r.fail(json_path(path, "max"),
                         "must be greater than min (" + std::to_string(q.min) + ")");
            if (q.max - q.min > kMaxScaleSpan)
                m_r.fail(json_path(path, "max"),
                         "must be at most " + std::to_string(kMaxScaleSpan) + " above min (" +
                             std::to_string(q.min) + "): a scale has at most " +
                             std::to_string(kMaxScaleSpan + 1) + " points");
            if (const json* labels = m_r.find(obj, "labels")) {
                const std::string lpath = json_path(path, "labels");
                m_r.array(*labels, lpath);
                if (labels->size() != static_cast<std::size_t>(q.max - q.min + 1))
                    m_r.fail(lpath, "must hold one label per point of the scale (" +
                                        std::to_string(q.max - q.min + 1) + "), not " +
                                        std::to_string(labels->size()));
                for (std::size_t i = 0; i < labels->size(); ++i) {
                    if (!(*labels)[i].is_string())
                        m_r.fail(json_path(lpath, i), "must be a string");
                    q.labels.push_back(m_r.string_value((*labels)[i], json_path(lpath, i)));
                }
            }
            break;
        }
        case QuestionType::Choice:
        case QuestionType::Checklist:
            q.options = parse_options(obj, path, q.type == QuestionType::Checklist);
            q.index_options();
            break;
        case QuestionType::Number:
            q.unit = m_r.string(obj, "unit", path, std::string());
            q.bands = parse_bands(obj, path);
            break;
        case QuestionType::Nps:
        case QuestionType::Text:
            break;
        }
        if (const json* si = m_r.find(obj, "show_if"))
            q.show_if = parse_show_if(t, *si, json_path(path, "show_if"),
                                      static_cast<int>(t.questions.size()));
        return q;
    }

    Reader m_r;
    std::set<std::string> m_ids;
    std::set<std::string> m_all_question_ids;
};

json show_if_to_json(const ShowIf& s) {
    return {{"question", s.question}, {"in", s.in}};
}

} // namespace

Template parse_template(std::string_view json_text, const std::string& file) {
    return template_from_json(parse_json_strict(json_text, file), file, std::string(json_text));
}

Template template_from_json(const nlohmann::json& doc, const std::string& file,
                            std::string source) {
    if (source.empty())
        source = doc.dump(2);
    return TemplateParser(file).parse(doc, std::move(source));
}

nlohmann::json template_to_json(const Template& t) {
    json doc = {{"format", "visitscore.template/1"},
                {"id", t.id},
                {"version", t.version},
                {"name", t.name},
                {"target", t.target},
                {"min_applicable", t.min_applicable}};
    if (!t.channel.empty())
        doc["channel"] = t.channel;
    json sections = json::array();
    for (const Section& s : t.sections) {
        json js = {{"id", s.id}, {"title", s.title}, {"weight", s.weight}};
        if (!s.description.empty())
            js["description"] = s.description;
        if (s.show_if)
            js["show_if"] = show_if_to_json(*s.show_if);
        json questions = json::array();
        for (int i = s.first; i < s.last; ++i) {
            const Question& q = t.questions[static_cast<std::size_t>(i)];
            json jq = {{"id", q.id}, {"type", to_string(q.type)}};
            if (!q.text.empty())
                jq["text"] = q.text;
            if (!q.guidance.empty())
                jq["guidance"] = q.guidance;
            if (q.scored())
                jq["points"] = q.points;
            if (q.na_allowed)
                jq["na"] = true;
            if (q.critical != Critical::None)
                jq["critical"] = to_string(q.critical);
            if (q.scored() && q.pass_at != 1)
                jq["pass_at"] = q.pass_at;
            switch (q.type) {
            case QuestionType::YesNo:
                if (q.expect != "yes")
                    jq["expect"] = q.expect;
                break;
            case QuestionType::Scale:
                jq["min"] = q.min;
                jq["max"] = q.max;
                if (!q.labels.empty())
                    jq["labels"] = q.labels;
                break;
            case QuestionType::Choice:
            case QuestionType::Checklist: {
                json opts = json::array();
                for (const Option& o : q.options)
                    opts.push_back({{"id", o.id}, {"label", o.label}, {"score", o.score}});
                jq["options"] = std::move(opts);
                break;
            }
            case QuestionType::Number: {
                if (!q.unit.empty())
                    jq["unit"] = q.unit;
                json bands = json::array();
                for (const Band& b : q.bands) {
                    json jb = {{"score", b.score}};
                    if (b.max)
                        jb["max"] = *b.max;
                    bands.push_back(std::move(jb));
                }
                jq["bands"] = std::move(bands);
                break;
            }
            case QuestionType::Nps:
            case QuestionType::Text:
                break;
            }
            if (q.show_if)
                jq["show_if"] = show_if_to_json(*q.show_if);
            questions.push_back(std::move(jq));
        }
        js["questions"] = std::move(questions);
        sections.push_back(std::move(js));
    }
    doc["sections"] = std::move(sections);
    return doc;
}

} // namespace vs::forms
