#include "app/designer/designer_model.h"

#include "forms/describe.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "scoring/visit_score.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace vs::app {

using forms::QuestionType;
using nlohmann::json;

namespace {

constexpr std::size_t kUndoDepth = 500;
const char* const kDesignerFile = "(designer)";

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto pos = s.find(sep, start);
        out.push_back(trim(s.substr(start, pos == std::string_view::npos ? pos : pos - start)));
        if (pos == std::string_view::npos)
            return out;
        start = pos + 1;
    }
}

/// A JSON value as a person reads it: strings without quotes, numbers as written.
std::string plain(const json& v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_null())
        return {};
    return v.dump();
}

std::string shorten(const std::string& text, std::size_t max) {
    if (text.size() <= max)
        return text;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // do not split a UTF-8 sequence
    return text.substr(0, cut) + "…";
}

std::string str_field(const json& obj, const char* key) {
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// Ids of every section and question of a document.
std::set<std::string> all_ids(const json& doc) {
    std::set<std::string> ids;
    if (!doc.contains("sections") || !doc["sections"].is_array())
        return ids;
    for (const json& s : doc["sections"]) {
        if (!s.is_object())
            continue;
        ids.insert(str_field(s, "id"));
        if (s.contains("questions") && s["questions"].is_array())
            for (const json& q : s["questions"])
                if (q.is_object())
                    ids.insert(str_field(q, "id"));
    }
    return ids;
}

/// The default fields of a question type (SCORING.md §1), added where missing.
void apply_type(json& q, QuestionType type) {
    static const char* const kTypeFields[] = {"expect",  "min",   "max", "labels",
                                              "options", "bands", "unit"};
    const std::string old_type = str_field(q, "type");
    q["type"] = forms::to_string(type);
    if (old_type != q["type"].get<std::string>() && !old_type.empty()) {
        const bool keep_options = (old_type == "choice" || old_type == "checklist") &&
                                  (type == QuestionType::Choice || type == QuestionType::Checklist);
        for (const char* key : kTypeFields)
            if (!(keep_options && std::string_view(key) == "options"))
                q.erase(key);
    }
    switch (type) {
    case QuestionType::Scale:
        if (!q.contains("min"))
            q["min"] = 1;
        if (!q.contains("max"))
            q["max"] = 5;
        break;
    case QuestionType::Choice:
    case QuestionType::Checklist:
        if (!q.contains("options"))
            q["options"] = json::array({{{"id", "option_1"}, {"label", "Option 1"}, {"score", 1}},
                                        {{"id", "option_2"}, {"label", "Option 2"}, {"score", 0}}});
        break;
    case QuestionType::Number:
        if (!q.contains("bands"))
            q["bands"] = json::array({{{"max", 5}, {"score", 1}}, {{"score", 0}}});
        break;
    case QuestionType::Nps:
    case QuestionType::Text:
        q.erase("points");
        q.erase("critical");
        q.erase("pass_at");
        break;
    case QuestionType::YesNo:
        break;
    }
}

std::optional<QuestionType> type_of(const std::string& name) {
    for (QuestionType t :
         {QuestionType::YesNo, QuestionType::Scale, QuestionType::Choice, QuestionType::Checklist,
          QuestionType::Number, QuestionType::Nps, QuestionType::Text})
        if (forms::to_string(t) == name)
            return t;
    return std::nullopt;
}

/// True when `s` is one or more ASCII digits.
bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// "the" id stem of a copy: "greet_3" -> "greet" (a lower-case letter, '_' and digits at the
/// end; text on more than one line has none).
std::string copy_stem(const std::string& id) {
    const auto underscore = id.rfind('_');
    if (underscore == std::string::npos || underscore == 0 || id[underscore - 1] < 'a' ||
        id[underscore - 1] > 'z' || !all_digits(std::string_view(id).substr(underscore + 1)) ||
        id.find_first_of("\r\n") != std::string::npos)
        return id;
    return id.substr(0, underscore);
}

/// Reads "HEAD<digits>]" from the start of `text` into `index` and consumes it; false (and
/// `text` unchanged) when it is not there.
bool take_index(std::string_view& text, std::string_view head, int& index) {
    if (text.substr(0, head.size()) != head)
        return false;
    const auto close = text.find(']', head.size());
    if (close == std::string_view::npos)
        return false;
    const std::string_view digits = text.substr(head.size(), close - head.size());
    if (!all_digits(digits))
        return false;
    index = std::stoi(std::string(digits));
    text.remove_prefix(close + 1);
    return true;
}

/// What to do about a problem in a field, for people.
std::string advice(const std::string& field) {
    if (field == "id")
        return "Ids are short names used in files and reports: lower-case letters, digits and _, "
               "starting with a letter, each used once in the scorecard.";
    if (field == "options")
        return "Edit the options in the properties: one per line as \"id | label | score\"; "
               "a choice option scores between 0 and 1, a checklist option's score is its "
               "weight (0 to 1000; 2 counts double).";
    if (field == "bands")
        return "Edit the bands in the properties: one per line as \"max | score\", in ascending "
               "order of max; leave max empty on the last band to catch the rest.";
    if (field == "show_if")
        return "Choose an earlier question in \"Shown if question\" and list the answers that show "
               "this one, or choose \"(always shown)\".";
    if (field == "labels")
        return "Give one label per point of the scale (empty lines for unlabelled points), or "
               "none.";
    if (field == "questions")
        return "Add a question to this section (Insert), or delete the section.";
    if (field == "sections")
        return "Add a section (Ctrl+Shift+N).";
    static const std::pair<const char*, const char*> labels[] = {
        {"name", "Name"},
        {"target", "Target score"},
        {"min_applicable", "Minimum applicable share"},
        {"version", "Version"},
        {"format", "Format"},
        {"title", "Title"},
        {"weight", "Weight"},
        {"type", "Type"},
        {"text", "Question"},
        {"guidance", "Guidance"},
        {"points", "Points"},
        {"pass_at", "Pass at"},
        {"critical", "Critical"},
        {"na", "N/A allowed"},
        {"expect", "Expected answer"},
        {"min", "Scale from"},
        {"max", "Scale to"},
        {"unit", "Unit"},
        {"description", "Description"},
        {"channel", "Channel"}};
    for (const auto& [key, label] : labels)
        if (field == key)
            return std::string("Correct \"") + label +
                   "\" in the properties (marked red), or undo the change (Ctrl+Z).";
    return "Correct it in the properties, or undo the change (Ctrl+Z).";
}

} // namespace

// --- Paths, text forms ---------------------------------------------------------------------------

std::pair<DesignerNode, std::string> node_of_path(std::string_view where) {
    // "sections[N]", then ".questions[M]" or not, then the field path (all on one line).
    // Read by hand: std::regex here made GCC 12 warn (maybe-uninitialized, inside <regex>)
    // in the sanitized CI build, where warnings are errors.
    DesignerNode node;
    std::string rest(where);
    std::string_view w = where;
    int section = 0;
    if (where.find_first_of("\r\n") == std::string_view::npos &&
        take_index(w, "sections[", section)) {
        node.section = section;
        int question = 0;
        if (take_index(w, ".questions[", question))
            node.question = question;
        rest = std::string(w);
        if (!rest.empty() && rest.front() == '.')
            rest.erase(0, 1);
    } else if (where.find(' ') != std::string_view::npos) {
        rest.clear(); // "(top level)", "line 3, column 4"
    }
    const auto end = rest.find_first_of(".[");
    return {node, rest.substr(0, end)};
}

json value_from_text(std::string_view text) {
    const std::string t = trim(text);
    if (t.empty())
        return nullptr;
    double v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v))
        return t;
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return static_cast<std::int64_t>(v);
    return v;
}

std::vector<std::string> options_to_lines(const json& options) {
    std::vector<std::string> lines;
    if (!options.is_array())
        return lines;
    for (const json& o : options)
        if (o.is_object())
            lines.push_back(plain(o.value("id", json())) + " | " + plain(o.value("label", json())) +
                            " | " + plain(o.value("score", json())));
    return lines;
}

json options_from_lines(const std::vector<std::string>& lines) {
    json out = json::array();
    for (const std::string& line : lines) {
        if (trim(line).empty())
            continue;
        std::vector<std::string> parts = split(line, '|');
        json o = {{"id", parts[0]}};
        if (parts.size() > 1 && !parts[1].empty())
            o["label"] = parts[1];
        if (parts.size() > 2)
            if (json score = value_from_text(parts[2]); !score.is_null())
                o["score"] = score;
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<std::string> bands_to_lines(const json& bands) {
    std::vector<std::string> lines;
    if (!bands.is_array())
        return lines;
    for (const json& b : bands)
        if (b.is_object())
            lines.push_back(plain(b.value("max", json())) + " | " +
                            plain(b.value("score", json())));
    return lines;
}

json bands_from_lines(const std::vector<std::string>& lines) {
    json out = json::array();
    for (const std::string& line : lines) {
        if (trim(line).empty())
            continue;
        std::vector<std::string> parts = split(line, '|');
        json b = json::object();
        json max = parts.size() > 1 ? value_from_text(parts[0]) : json();
        json score = value_from_text(parts.size() > 1 ? parts[1] : parts[0]);
        if (!max.is_null())
            b["max"] = max;
        if (!score.is_null())
            b["score"] = score;
        out.push_back(std::move(b));
    }
    return out;
}

std::string values_to_text(const json& values) {
    std::string out;
    if (!values.is_array())
        return out;
    for (const json& v : values) {
        if (!out.empty())
            out += ", ";
        out += plain(v);
    }
    return out;
}

json values_from_text(std::string_view text) {
    json out = json::array();
    for (const std::string& part : split(text, ','))
        if (json v = value_from_text(part); !v.is_null())
            out.push_back(v);
    return out;
}

// --- The document ----------------------------------------------------------------------------

DesignerModel::DesignerModel() {
    load(blank_template(), "");
}

json DesignerModel::blank_template() {
    json q = {{"id", "question_1"}, {"type", "yes_no"}, {"text", "New question"}};
    return {{"format", "visitscore.template/1"},
            {"id", "new-scorecard"},
            {"version", 1},
            {"name", "New scorecard"},
            {"target", 80},
            {"sections", json::array({{{"id", "section_1"},
                                       {"title", "New section"},
                                       {"weight", 1},
                                       {"questions", json::array({q})}}})}};
}

void DesignerModel::load(json doc, std::string file, bool read_only) {
    m_doc = std::move(doc);
    m_clean = m_doc;
    m_file = std::move(file);
    m_read_only = read_only;
    m_undo.clear();
    m_redo.clear();
    m_tpl.reset();
    ++m_revision;
    validate();
}

void DesignerModel::load_text(std::string_view json_text, const std::string& file) {
    load(forms::parse_json_strict(json_text, file), file);
}

void DesignerModel::open_stored(storage::Store& store, const std::string& id, int version) {
    auto tpl = store.find_template(id, version);
    if (!tpl)
        throw storage::StorageError("Scorecard \"" + id + "\" version " + std::to_string(version) +
                                    " is not stored in this database");
    auto newest = store.latest_template(id);
    load(forms::template_to_json(*tpl), id + " v" + std::to_string(version),
         newest && newest->version > version);
}

void DesignerModel::edit_copy() {
    m_read_only = false;
    ++m_revision;
}

const json& DesignerModel::node(DesignerNode n) const {
    if (n.is_template())
        return m_doc;
    const json& s = m_doc.at("sections").at(static_cast<std::size_t>(n.section));
    return n.is_section() ? s : s.at("questions").at(static_cast<std::size_t>(n.question));
}

bool DesignerModel::exists(DesignerNode n) const {
    if (n.is_template())
        return true;
    if (n.section >= section_count())
        return false;
    return n.is_section() || n.question < question_count(n.section);
}

int DesignerModel::section_count() const {
    auto it = m_doc.find("sections");
    return it != m_doc.end() && it->is_array() ? static_cast<int>(it->size()) : 0;
}

int DesignerModel::question_count(int section) const {
    if (section < 0 || section >= section_count())
        return 0;
    const json& s = m_doc["sections"][static_cast<std::size_t>(section)];
    if (!s.is_object())
        return 0;
    auto it = s.find("questions");
    return it != s.end() && it->is_array() ? static_cast<int>(it->size()) : 0;
}

std::string DesignerModel::label(DesignerNode n) const {
    const json& j = node(n);
    if (!j.is_object())
        return "?";
    if (n.is_template()) {
        std::string name = str_field(j, "name");
        return (name.empty() ? "(no name)" : name) + "  v" + plain(j.value("version", json()));
    }
    if (n.is_section()) {
        std::string title = str_field(j, "title");
        return title.empty() ? str_field(j, "id") : title;
    }
    std::string text = str_field(j, "text");
    return str_field(j, "id") + (text.empty() ? "" : " — " + shorten(text, 60));
}

json& DesignerModel::section_json(json& doc, int section) const {
    return doc.at("sections").at(static_cast<std::size_t>(section));
}

json& DesignerModel::questions_json(json& doc, int section) const {
    json& s = section_json(doc, section);
    if (!s.contains("questions") || !s["questions"].is_array())
        s["questions"] = json::array();
    return s["questions"];
}

std::string DesignerModel::fresh_id(const json& doc, const std::string& stem) const {
    const std::set<std::string> ids = all_ids(doc);
    for (int n = 1;; ++n) {
        std::string id = stem + "_" + std::to_string(n);
        if (!ids.count(id))
            return id;
    }
}

void DesignerModel::refresh_ids(const json& doc, json& node) const {
    // Fresh ids for the copy; show_if conditions inside the copy follow the copied questions.
    json scratch = doc;
    std::map<std::string, std::string> renamed;
    auto rename = [&](json& obj) {
        std::string old_id = str_field(obj, "id");
        std::string id = fresh_id(scratch, copy_stem(old_id.empty() ? "copy" : old_id));
        renamed[old_id] = id;
        obj["id"] = id;
        scratch["sections"].push_back({{"id", id}}); // reserve it
    };
    if (node.contains("questions")) {
        rename(node);
        for (json& q : node["questions"])
            if (q.is_object())
                rename(q);
        for (json& q : node["questions"])
            if (q.is_object() && q.contains("show_if") && q["show_if"].is_object()) {
                auto it = renamed.find(str_field(q["show_if"], "question"));
                if (it != renamed.end())
                    q["show_if"]["question"] = it->second;
            }
    } else {
        rename(node);
    }
}

void DesignerModel::change(json doc) {
    if (m_read_only || doc == m_doc)
        return;
    m_undo.push_back(std::move(m_doc));
    if (m_undo.size() > kUndoDepth)
        m_undo.erase(m_undo.begin());
    m_redo.clear();
    m_doc = std::move(doc);
    ++m_revision;
    validate();
}

bool DesignerModel::undo() {
    return step(m_undo, m_redo);
}

bool DesignerModel::redo() {
    return step(m_redo, m_undo);
}

bool DesignerModel::step(std::vector<json>& from, std::vector<json>& to) {
    if (from.empty() || m_read_only)
        return false;
    to.push_back(std::move(m_doc));
    m_doc = std::move(from.back());
    from.pop_back();
    ++m_revision;
    validate();
    return true;
}

void DesignerModel::validate() {
    const std::string file = m_file.empty() ? kDesignerFile : m_file;
    std::string where, message;
    try {
        m_tpl = std::make_shared<const forms::Template>(forms::template_from_json(m_doc, file));
        m_problem.reset();
        return;
    } catch (const InputError& e) {
        where = e.where();
        message = e.message();
    } catch (const std::exception&) {
        message = describe(std::current_exception());
    }
    DesignerProblem p;
    p.where = where;
    p.message = message;
    std::tie(p.node, p.field) = node_of_path(where);
    // The path may point past what exists (a removed node): fall back to its parent.
    if (!exists(p.node))
        p.node = exists({p.node.section, -1}) ? DesignerNode{p.node.section, -1} : DesignerNode{};
    std::string what = p.node.is_template()  ? "Scorecard"
                       : p.node.is_section() ? "Section \"" + label(p.node) + "\""
                                             : "Question \"" + str_field(node(p.node), "id") + "\"";
    // The path within the node: "options[2].score" of `sections[1].questions[0].options[2].score`.
    std::string prefix;
    if (!p.node.is_template())
        prefix = forms::json_path("sections", static_cast<std::size_t>(p.node.section));
    if (p.node.is_question())
        prefix = forms::json_path(forms::json_path(prefix, "questions"),
                                  static_cast<std::size_t>(p.node.question));
    std::string rel =
        where.compare(0, prefix.size(), prefix) == 0 ? where.substr(prefix.size()) : where;
    if (!rel.empty() && rel.front() == '.')
        rel.erase(0, 1);
    if (rel.find(' ') != std::string::npos)
        rel.clear();
    p.text = what + ": " + (rel.empty() ? "" : rel + " ") + message + ".\n" + advice(p.field);
    m_problem = std::move(p);
}

// --- Editing ---------------------------------------------------------------------------------

DesignerNode DesignerModel::add_section(DesignerNode at) {
    if (m_read_only || !m_doc.is_object())
        return at;
    json doc = m_doc;
    if (!doc.contains("sections") || !doc["sections"].is_array())
        doc["sections"] = json::array();
    const int index = at.is_template() ? static_cast<int>(doc["sections"].size()) : at.section + 1;
    json s = {{"id", fresh_id(doc, "section")}, {"title", "New section"}, {"weight", 1}};
    json probe = doc;
    probe["sections"].push_back(s);
    json q = {{"id", fresh_id(probe, "question")}, {"text", "New question"}};
    apply_type(q, QuestionType::YesNo);
    s["questions"] = json::array({q});
    doc["sections"].insert(doc["sections"].begin() + index, std::move(s));
    change(std::move(doc));
    return {index, -1};
}

DesignerNode DesignerModel::add_question(DesignerNode at, QuestionType type) {
    if (m_read_only || section_count() == 0)
        return at;
    json doc = m_doc;
    const int section = at.is_template() ? section_count() - 1 : at.section;
    json& qs = questions_json(doc, section);
    const int index = at.is_question() ? at.question + 1 : static_cast<int>(qs.size());
    json q = {{"id", fresh_id(doc, "question")}, {"text", "New question"}};
    apply_type(q, type);
    qs.insert(qs.begin() + index, std::move(q));
    change(std::move(doc));
    return {section, index};
}

DesignerNode DesignerModel::duplicate(DesignerNode n) {
    if (m_read_only || n.is_template() || !exists(n))
        return n;
    json doc = m_doc;
    json copy = node(n);
    if (copy.is_object())
        refresh_ids(doc, copy);
    DesignerNode to = n;
    if (n.is_section()) {
        to.section = n.section + 1;
        doc["sections"].insert(doc["sections"].begin() + to.section, std::move(copy));
    } else {
        to.question = n.question + 1;
        json& qs = questions_json(doc, n.section);
        qs.insert(qs.begin() + to.question, std::move(copy));
    }
    change(std::move(doc));
    return to;
}

DesignerNode DesignerModel::remove(DesignerNode n) {
    if (m_read_only || n.is_template() || !exists(n))
        return n;
    json doc = m_doc;
    DesignerNode next = n;
    if (n.is_section()) {
        doc["sections"].erase(static_cast<std::size_t>(n.section));
        const int left = static_cast<int>(doc["sections"].size());
        next = left == 0 ? DesignerNode{} : DesignerNode{std::min(n.section, left - 1), -1};
    } else {
        json& qs = questions_json(doc, n.section);
        qs.erase(static_cast<std::size_t>(n.question));
        const int left = static_cast<int>(qs.size());
        next = left == 0 ? DesignerNode{n.section, -1}
                         : DesignerNode{n.section, std::min(n.question, left - 1)};
    }
    change(std::move(doc));
    return next;
}

DesignerNode DesignerModel::move_up(DesignerNode n) {
    if (n.is_template() || !exists(n))
        return n;
    if (n.is_section())
        return n.section > 0 ? move_section(n.section, n.section - 1) : n;
    if (n.question > 0)
        return move_question(n, n.section, n.question - 1);
    if (n.section > 0)
        return move_question(n, n.section - 1, question_count(n.section - 1));
    return n;
}

DesignerNode DesignerModel::move_down(DesignerNode n) {
    if (n.is_template() || !exists(n))
        return n;
    if (n.is_section())
        return n.section + 1 < section_count() ? move_section(n.section, n.section + 2) : n;
    if (n.question + 1 < question_count(n.section))
        return move_question(n, n.section, n.question + 2);
    if (n.section + 1 < section_count())
        return move_question(n, n.section + 1, 0);
    return n;
}

DesignerNode DesignerModel::move_question(DesignerNode from, int section, int index) {
    if (m_read_only || !from.is_question() || !exists(from) || section < 0 ||
        section >= section_count())
        return from;
    json doc = m_doc;
    json& src = questions_json(doc, from.section);
    json q = src[static_cast<std::size_t>(from.question)];
    src.erase(static_cast<std::size_t>(from.question));
    if (section == from.section && index > from.question)
        --index; // the index counted the question itself
    json& dst = questions_json(doc, section);
    index = std::clamp(index, 0, static_cast<int>(dst.size()));
    dst.insert(dst.begin() + index, std::move(q));
    change(std::move(doc));
    return {section, index};
}

DesignerNode DesignerModel::move_section(int from, int index) {
    if (m_read_only || from < 0 || from >= section_count())
        return {from, -1};
    json doc = m_doc;
    json& secs = doc["sections"];
    json s = secs[static_cast<std::size_t>(from)];
    secs.erase(static_cast<std::size_t>(from));
    if (index > from)
        --index;
    index = std::clamp(index, 0, static_cast<int>(secs.size()));
    secs.insert(secs.begin() + index, std::move(s));
    change(std::move(doc));
    return {index, -1};
}

void DesignerModel::set_field(DesignerNode n, const std::string& key, json value) {
    if (m_read_only || !exists(n) || !node(n).is_object())
        return;
    if (key == "type" && n.is_question() && value.is_string())
        if (auto t = type_of(value.get<std::string>())) {
            set_type(n, *t);
            return;
        }
    json doc = m_doc;
    json& obj = n.is_template() ? doc
                : n.is_section()
                    ? section_json(doc, n.section)
                    : questions_json(doc, n.section)[static_cast<std::size_t>(n.question)];
    if (value.is_null())
        obj.erase(key);
    else
        obj[key] = std::move(value);
    change(std::move(doc));
}

void DesignerModel::set_type(DesignerNode n, QuestionType type) {
    if (m_read_only || !n.is_question() || !exists(n))
        return;
    json doc = m_doc;
    apply_type(questions_json(doc, n.section)[static_cast<std::size_t>(n.question)], type);
    change(std::move(doc));
}

// --- Storing ---------------------------------------------------------------------------------

std::vector<DesignerVersion> DesignerModel::versions(storage::Store& store) const {
    std::vector<DesignerVersion> out;
    const std::string id = str_field(m_doc, "id");
    for (const auto& t : store.templates())
        if (t.id == id)
            out.push_back({t.version, t.visits, t.name});
    std::sort(out.begin(), out.end(), [](const DesignerVersion& a, const DesignerVersion& b) {
        return a.version < b.version;
    });
    return out;
}

int DesignerModel::version_on_save(storage::Store& store) const {
    const json& v = m_doc.contains("version") ? m_doc["version"] : json();
    const int own = v.is_number_integer() ? v.get<int>() : 1;
    if (!m_tpl || m_problem)
        return own;
    const auto stored = versions(store);
    if (stored.empty())
        return own;
    if (auto same = store.find_template(m_tpl->id, own))
        if (forms::template_to_json(*same) == forms::template_to_json(*m_tpl))
            return own;
    const int newest = stored.back().version;
    return own > newest ? own : newest + 1;
}

DesignerSave DesignerModel::save(storage::Store& store) {
    if (m_problem)
        throw InputError(m_file.empty() ? kDesignerFile : m_file, m_problem->where,
                         m_problem->message);
    DesignerSave result;
    result.version = version_on_save(store);
    const int own = m_tpl->version;
    json doc = m_doc;
    doc["version"] = result.version;
    forms::Template t = forms::template_from_json(doc, m_file.empty() ? kDesignerFile : m_file);
    result.added = store.add_template(t, m_file.empty() ? t.id : m_file);
    if (result.version != own)
        result.replaced = own;
    m_doc = std::move(doc);
    m_clean = m_doc;
    ++m_revision;
    validate();
    return result;
}

std::string DesignerModel::to_json_text() const {
    if (m_problem)
        throw InputError(m_file.empty() ? kDesignerFile : m_file, m_problem->where,
                         m_problem->message);
    return m_doc.dump(2) + "\n";
}

// --- Test answers ----------------------------------------------------------------------------

namespace {

/// A number inside band `b` (x <= max, above the band before).
double number_in_band(const forms::Question& q, std::size_t b) {
    if (q.bands[b].max)
        return *q.bands[b].max;
    return b == 0 ? 0 : *q.bands[b - 1].max + 1;
}

forms::Answer extreme_answer(const forms::Question& q, bool best) {
    using forms::Answer;
    auto pick = [best](auto begin, auto end, auto score) {
        auto it = best ? std::max_element(
                             begin, end,
                             [&](const auto& a, const auto& b) { return score(a) < score(b); })
                       : std::min_element(begin, end, [&](const auto& a, const auto& b) {
                             return score(a) < score(b);
                         });
        return it;
    };
    switch (q.type) {
    case QuestionType::YesNo:
        return Answer::text(best == (q.expect == "yes") ? "yes" : "no");
    case QuestionType::Scale:
        return Answer::number(best ? q.max : q.min);
    case QuestionType::Choice: {
        auto it = pick(q.options.begin(), q.options.end(),
                       [](const forms::Option& o) { return o.score; });
        return Answer::text(it->id);
    }
    case QuestionType::Checklist: {
        std::vector<std::string> ids;
        if (best)
            for (const auto& o : q.options)
                ids.push_back(o.id);
        return Answer::list(ids);
    }
    case QuestionType::Number: {
        auto it =
            pick(q.bands.begin(), q.bands.end(), [](const forms::Band& b) { return b.score; });
        return Answer::number(number_in_band(q, static_cast<std::size_t>(it - q.bands.begin())));
    }
    case QuestionType::Nps:
        return Answer::number(best ? 10 : 0);
    case QuestionType::Text:
        return Answer::text("Test answer");
    }
    return {};
}

std::string question_name(const forms::Question& q) {
    return "\"" + shorten(q.text.empty() ? q.id : q.text, 70) + "\"";
}

} // namespace

TestAnswerSet test_answers(const forms::Template& tpl, TestAnswers which) {
    TestAnswerSet set;
    set.answers.resize(tpl.questions.size());
    int failed = -1, na = 0, no_na = 0;
    // Answers are filled in order, so each question's visibility follows from the earlier ones
    // (one step each: a pass per question would be quadratic on a big scorecard).
    std::vector<bool> visible(tpl.questions.size(), false);
    for (std::size_t qi = 0; qi < tpl.questions.size(); ++qi) {
        visible[qi] = forms::visible_next(tpl, set.answers, visible, static_cast<int>(qi));
        if (!visible[qi])
            continue;
        const forms::Question& q = tpl.questions[qi];
        if (which == TestAnswers::OneCriticalFailure && failed < 0 &&
            q.critical != forms::Critical::None) {
            set.answers[qi] = extreme_answer(q, false);
            failed = static_cast<int>(qi);
        } else if (which == TestAnswers::AllNa && q.na_allowed) {
            set.answers[qi] = forms::Answer::na();
            ++na;
        } else {
            set.answers[qi] = extreme_answer(q, true);
            no_na += q.scored() ? 1 : 0;
        }
    }
    switch (which) {
    case TestAnswers::AllBest:
        set.note = "Every question has its best answer: a perfect visit should score 100.";
        break;
    case TestAnswers::OneCriticalFailure:
        if (failed < 0) {
            set.note = "No visible question is critical, so no answer sets the score to 0: this "
                       "set equals \"All best\". Mark a question critical (visit or section) to "
                       "test it.";
        } else {
            const forms::Question& q = tpl.questions[static_cast<std::size_t>(failed)];
            auto f = scoring::fraction(q, set.answers[static_cast<std::size_t>(failed)]);
            if (f && scoring::passes(q, *f))
                set.note = question_name(q) + " has its worst answer but still passes (pass_at " +
                           plain(json(q.pass_at)) +
                           "): it can never fail, so it is not really critical.";
            else
                set.note = question_name(q) + " fails and is critical for the " +
                           (q.critical == forms::Critical::Visit
                                ? "visit: the visit should score 0."
                                : "section: that section should score 0.");
        }
        break;
    case TestAnswers::AllNa:
        set.note = "N/A on " + std::to_string(na) + " question(s) that allow it; " +
                   std::to_string(no_na) +
                   " scored question(s) do not allow N/A and have their "
                   "best answer.";
        break;
    }
    return set;
}

} // namespace vs::app
