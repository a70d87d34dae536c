#include "forms/template_csv.h"

#include "forms/csv.h"
#include "forms/error.h"
#include "forms/trim.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <variant>

namespace vs::forms {

namespace {

using json = nlohmann::json;

enum Column {
    Kind,
    SectionCol,
    Id,
    Type,
    Text,
    Guidance,
    Points,
    Weight,
    Na,
    CriticalCol,
    PassAt,
    Expect,
    Min,
    Max,
    Labels,
    Unit,
    Options,
    Bands,
    ShowIfCol,
    Version,
    Channel,
    Target,
    MinApplicable,
    ColumnCount
};

constexpr std::array<std::string_view, ColumnCount> kColumns = {
    "kind",    "section",  "id",      "type",    "text",    "guidance", "points",        "weight",
    "na",      "critical", "pass_at", "expect",  "min",     "max",      "labels",        "unit",
    "options", "bands",    "show_if", "version", "channel", "target",   "min_applicable"};

using Row = std::array<std::string, ColumnCount>;

// --- compound cells: items split by |, parts by = and :, a backslash makes the next character
// literal ---

std::string escape_item(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == '|' || c == '=' || c == ':')
            out += '\\';
        out += c;
    }
    return out;
}

std::string unescape_item(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size())
            ++i;
        out += s[i];
    }
    return out;
}

/// Positions of `sep` not preceded by an escaping backslash.
std::vector<std::size_t> unescaped_positions(std::string_view s, char sep) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == sep)
            out.push_back(i);
    }
    return out;
}

/// The items of a compound cell, still escaped.
std::vector<std::string_view> split_items(std::string_view s) {
    std::vector<std::string_view> items;
    std::size_t start = 0;
    for (std::size_t pos : unescaped_positions(s, '|')) {
        items.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
    items.push_back(s.substr(start));
    return items;
}

std::string join_items(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += '|';
        out += items[i];
    }
    return out;
}

/// A column name or a keyword as read: without surrounding spaces, in lowercase.
std::string keyword(std::string_view s) {
    std::string out(trim(s));
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// --- writing ---

std::string value_text(const json& v) {
    if (v.is_string())
        return escape_item(v.get_ref<const std::string&>());
    if (v.is_number_float())
        return number_text(v.get<double>());
    return v.dump();
}

std::string options_cell(const std::vector<Option>& options) {
    std::vector<std::string> items;
    for (const Option& o : options) {
        std::string item = escape_item(o.id);
        if (o.label != o.id) {
            item += '=';
            item += escape_item(o.label);
        }
        item += ':';
        item += number_text(o.score);
        items.push_back(std::move(item));
    }
    return join_items(items);
}

std::string bands_cell(const std::vector<Band>& bands) {
    std::vector<std::string> items;
    for (const Band& b : bands) {
        std::string item = b.max ? number_text(*b.max) : std::string();
        item += ':';
        item += number_text(b.score);
        items.push_back(std::move(item));
    }
    return join_items(items);
}

std::string labels_cell(const std::vector<std::string>& labels) {
    std::vector<std::string> items;
    for (const std::string& l : labels)
        items.push_back(escape_item(l));
    return join_items(items);
}

std::string show_if_cell(const std::optional<ShowIf>& s) {
    if (!s)
        return {};
    std::vector<std::string> values;
    for (const json& v : s->in)
        values.push_back(value_text(v));
    std::string cell = escape_item(s->question);
    cell += '=';
    cell += join_items(values);
    return cell;
}

Row template_row(const Template& t) {
    Row r;
    r[Kind] = "template";
    r[Id] = t.id;
    r[Text] = t.name;
    r[Version] = std::to_string(t.version);
    r[Channel] = t.channel;
    r[Target] = number_text(t.target);
    r[MinApplicable] = number_text(t.min_applicable);
    return r;
}

Row section_row(const Section& s) {
    Row r;
    r[Kind] = "section";
    r[SectionCol] = s.id;
    r[Id] = s.id;
    r[Text] = s.title;
    r[Guidance] = s.description;
    r[Weight] = number_text(s.weight);
    r[ShowIfCol] = show_if_cell(s.show_if);
    return r;
}

void type_cells(Row& r, const Question& q) {
    switch (q.type) {
    case QuestionType::YesNo:
        r[Expect] = q.expect == "yes" ? std::string() : q.expect;
        break;
    case QuestionType::Scale:
        r[Min] = std::to_string(q.min);
        r[Max] = std::to_string(q.max);
        r[Labels] = labels_cell(q.labels);
        break;
    case QuestionType::Choice:
    case QuestionType::Checklist:
        r[Options] = options_cell(q.options);
        break;
    case QuestionType::Number:
        r[Unit] = q.unit;
        r[Bands] = bands_cell(q.bands);
        break;
    case QuestionType::Nps:
    case QuestionType::Text:
        break;
    }
}

Row question_row(const Template& t, const Question& q) {
    Row r;
    r[Kind] = "question";
    r[SectionCol] = t.sections[static_cast<std::size_t>(q.section)].id;
    r[Id] = q.id;
    r[Type] = to_string(q.type);
    r[Text] = q.text;
    r[Guidance] = q.guidance;
    if (q.scored()) {
        r[Points] = number_text(q.points);
        if (q.pass_at != 1)
            r[PassAt] = number_text(q.pass_at);
    }
    r[Na] = q.na_allowed ? "yes" : "";
    r[CriticalCol] = to_string(q.critical);
    type_cells(r, q);
    r[ShowIfCol] = show_if_cell(q.show_if);
    return r;
}

template <typename Cells> void append_row(std::string& out, const Cells& cells) {
    bool first = true;
    for (std::string_view cell : cells) {
        if (!first)
            out += ',';
        first = false;
        append_csv_field(out, cell);
    }
    out += "\r\n";
}

// --- reading ---

/// The nouns of compound cells' items, for messages.
const char* item_noun(std::string_view key) {
    if (key == "options")
        return "option";
    if (key == "bands")
        return "band";
    if (key == "labels")
        return "label";
    if (key == "in")
        return "value";
    return nullptr;
}

/// A JSON path (`sections[1].questions[0].options[2].score`) as keys and indexes.
using PathPart = std::variant<std::string, std::size_t>;

std::vector<PathPart> split_path(std::string_view path) {
    std::vector<PathPart> parts;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '.') {
            ++i;
        } else if (path[i] == '[') {
            std::size_t end = path.find(']', i);
            std::size_t index = 0;
            std::from_chars(path.data() + i + 1, path.data() + std::min(end, path.size()), index);
            parts.emplace_back(index);
            i = end == std::string_view::npos ? path.size() : end + 1;
        } else {
            std::size_t end = std::min(path.find_first_of(".[", i), path.size());
            parts.emplace_back(std::string(path.substr(i, end - i)));
            i = end;
        }
    }
    return parts;
}

/// The column that holds a JSON key of a template, section or question object, or -1.
int column_of_key(std::string_view key) {
    if (key == "name" || key == "title")
        return Text;
    if (key == "description")
        return Guidance;
    for (std::size_t c = 0; c < kColumns.size(); ++c)
        if (kColumns[c] == key && c != Kind && c != SectionCol)
            return static_cast<int>(c);
    return -1;
}

/// What the rest of a path names inside a compound cell: "option 3, score", "value 2".
std::string describe_detail(const std::vector<PathPart>& parts, std::size_t from) {
    std::string out;
    const char* noun = from > 0 && std::holds_alternative<std::string>(parts[from - 1])
                           ? item_noun(std::get<std::string>(parts[from - 1]))
                           : nullptr;
    for (std::size_t i = from; i < parts.size(); ++i) {
        std::string piece;
        if (const auto* index = std::get_if<std::size_t>(&parts[i])) {
            piece = std::string(noun ? noun : "item") + " " + std::to_string(*index + 1);
        } else {
            const std::string& key = std::get<std::string>(parts[i]);
            noun = item_noun(key);
            bool indexed =
                i + 1 < parts.size() && std::holds_alternative<std::size_t>(parts[i + 1]);
            if (indexed)
                continue;
            piece = key == "in" ? "values" : key;
        }
        if (!out.empty())
            out += ", ";
        out += piece;
    }
    return out;
}

class CsvTemplateReader {
  public:
    explicit CsvTemplateReader(const std::string& file) : m_file(file) { m_index.fill(-1); }

    Template read(std::string_view text) {
        m_rows = parse_csv(text, m_file);
        if (m_rows.empty())
            fail(0, -1,
                 "the file is empty (it needs a header row, a template row, and section and "
                 "question rows)");
        read_header();
        for (std::size_t r = 1; r < m_rows.size(); ++r)
            if (!blank(r))
                read_row(r);
        if (!m_template_row)
            fail(0, -1, "there is no template row (kind \"template\") after the header");
        try {
            return template_from_json(m_doc, m_file);
        } catch (const InputError& e) {
            relocate(e);
        }
    }

  private:
    [[noreturn]] void fail(std::size_t row, int column, const std::string& message,
                           std::string_view column_name = {}) const {
        std::string where = "row " + std::to_string(row + 1);
        if (m_rows.size() > row && m_rows[row].line != row + 1)
            where += " (line " + std::to_string(m_rows[row].line) + ")";
        if (column >= 0)
            column_name = kColumns[static_cast<std::size_t>(column)];
        if (!column_name.empty()) {
            where += ", column \"";
            where += column_name;
            where += '"';
        }
        throw InputError(m_file, where, message);
    }

    void read_header() {
        const auto& names = m_rows[0].fields;
        m_named.assign(names.size(), false);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string name = keyword(names[i]);
            m_named[i] = !name.empty(); // an unnamed column must stay empty (checked on each row)
            if (name.empty() || name[0] == '#')
                continue; // "#…": a column of notes for people, not read
            auto it = std::find(kColumns.begin(), kColumns.end(), name);
            if (it == kColumns.end())
                fail(0, -1,
                     "unknown column \"" + name + "\" (the columns are " + column_list() +
                         "; a column of notes starts with #)");
            auto c = static_cast<std::size_t>(it - kColumns.begin());
            if (m_index[c] >= 0)
                fail(0, static_cast<int>(c), "the column appears twice in the header");
            m_index[c] = static_cast<int>(i);
        }
        for (Column c : {Kind, Id})
            if (m_index[c] < 0)
                fail(0, c, "the header has no such column (the columns are " + column_list() + ")");
    }

    static std::string column_list() {
        std::string out;
        for (std::string_view c : kColumns) {
            if (!out.empty())
                out += ", ";
            out += c;
        }
        return out;
    }

    const std::string& cell(std::size_t row, Column c) const {
        static const std::string empty;
        const auto& fields = m_rows[row].fields;
        int i = m_index[c];
        return i >= 0 && static_cast<std::size_t>(i) < fields.size()
                   ? fields[static_cast<std::size_t>(i)]
                   : empty;
    }

    bool blank(std::size_t row) const {
        const auto& f = m_rows[row].fields;
        return std::all_of(f.begin(), f.end(),
                           [](const std::string& s) { return trim(s).empty(); });
    }

    void read_row(std::size_t row) {
        const auto& fields = m_rows[row].fields;
        for (std::size_t i = 0; i < fields.size(); ++i)
            if ((i >= m_named.size() || !m_named[i]) && !trim(fields[i]).empty())
                fail(row, -1,
                     "cell " + std::to_string(i + 1) +
                         " is under no column of the header (name the column or clear "
                         "the cell)");
        const std::string kind = keyword(cell(row, Kind));
        if (!m_template_row && kind != "template")
            fail(row, Kind,
                 "the first row after the header must be the template row (kind "
                 "\"template\"), not \"" +
                     kind + "\"");
        if (kind == "template")
            read_template(row);
        else if (kind == "section")
            read_section(row);
        else if (kind == "question")
            read_question(row);
        else
            fail(row, Kind,
                 "\"" + kind + "\" is not a kind of row (use template, section or question)");
    }

    /// Refuses values in columns that a kind of row does not use.
    void only(std::size_t row, std::initializer_list<Column> used, std::string_view what) const {
        for (int c = 0; c < ColumnCount; ++c)
            if (std::find(used.begin(), used.end(), static_cast<Column>(c)) == used.end() &&
                !trim(cell(row, static_cast<Column>(c))).empty())
                fail(row, c, "is not used on " + std::string(what) + " (leave the cell empty)");
    }

    void read_template(std::size_t row) {
        if (m_template_row)
            fail(row, Kind,
                 "there is already a template row (row " + std::to_string(*m_template_row + 1) +
                     ")");
        m_template_row = row;
        only(row, {Kind, Id, Text, Version, Channel, Target, MinApplicable}, "a template row");
        m_doc = {{"format", "visitscore.template/1"},
                 {"id", std::string(trim(cell(row, Id)))},
                 {"name", cell(row, Text)},
                 {"sections", json::array()}};
        set_number(m_doc, "version", row, Version);
        set_text(m_doc, "channel", row, Channel);
        set_number(m_doc, "target", row, Target);
        set_number(m_doc, "min_applicable", row, MinApplicable);
    }

    void read_section(std::size_t row) {
        only(row, {Kind, SectionCol, Id, Text, Guidance, Weight, ShowIfCol}, "a section row");
        std::string id(trim(cell(row, Id)));
        std::string_view named = trim(cell(row, SectionCol));
        if (!named.empty() && named != id)
            fail(row, SectionCol,
                 "on a section row it must be empty or the section's own id (\"" + id + "\")");
        json s = {{"id", id}, {"title", cell(row, Text)}};
        set_text(s, "description", row, Guidance);
        set_number(s, "weight", row, Weight);
        set_show_if(s, row);
        s["questions"] = json::array();
        m_doc["sections"].push_back(std::move(s));
        m_section_rows.push_back(row);
        m_question_rows.emplace_back();
    }

    void read_question(std::size_t row) {
        only(row,
             {Kind, SectionCol, Id, Type, Text, Guidance, Points, Na, CriticalCol, PassAt, Expect,
              Min, Max, Labels, Unit, Options, Bands, ShowIfCol},
             "a question row");
        if (m_section_rows.empty())
            fail(row, Kind,
                 "a question row must come after the row of its section (kind "
                 "\"section\")");
        json& section = m_doc["sections"].back();
        const std::string& section_id = section["id"].get_ref<const std::string&>();
        std::string_view named = trim(cell(row, SectionCol));
        if (!named.empty() && named != section_id)
            fail(row, SectionCol,
                 "\"" + std::string(named) + "\" is not the section above (\"" + section_id +
                     "\", row " + std::to_string(m_section_rows.back() + 1) +
                     "): move the row under its section's rows");
        std::string type(trim(cell(row, Type)));
        check_type_columns(row, type);
        json q = {{"id", std::string(trim(cell(row, Id)))}, {"type", type}};
        set_text(q, "text", row, Text);
        set_text(q, "guidance", row, Guidance);
        set_number(q, "points", row, Points);
        set_flag(q, "na", row, Na);
        set_keyword(q, "critical", row, CriticalCol);
        set_number(q, "pass_at", row, PassAt);
        set_keyword(q, "expect", row, Expect);
        set_number(q, "min", row, Min);
        set_number(q, "max", row, Max);
        set_labels(q, row);
        set_text(q, "unit", row, Unit);
        set_options(q, row);
        set_bands(q, row);
        set_show_if(q, row);
        m_question_types[q["id"].get<std::string>()] = type;
        section["questions"].push_back(std::move(q));
        m_question_rows.back().push_back(row);
    }

    /// Refuses values in the columns of another question type (they would be lost silently).
    void check_type_columns(std::size_t row, const std::string& type) {
        static const std::map<std::string, std::vector<Column>> used = {
            {"yes_no", {Points, PassAt, Expect}},
            {"scale", {Points, PassAt, Min, Max, Labels}},
            {"choice", {Points, PassAt, Options}},
            {"checklist", {Points, PassAt, Options}},
            {"number", {Points, PassAt, Unit, Bands}},
            {"nps", {Points}},
            {"text", {}}};
        auto it = used.find(type);
        if (it == used.end())
            return; // the template rules name the unknown type
        for (Column c : {Points, PassAt, Expect, Min, Max, Labels, Unit, Options, Bands})
            if (std::find(it->second.begin(), it->second.end(), c) == it->second.end() &&
                !trim(cell(row, c)).empty())
                fail(row, c,
                     "a " + type + " question has no " + std::string(kColumns[c]) +
                         " (leave the cell empty)");
    }

    void set_text(json& obj, const char* key, std::size_t row, Column c) {
        if (!cell(row, c).empty())
            obj[key] = cell(row, c);
    }

    void set_keyword(json& obj, const char* key, std::size_t row, Column c) {
        std::string_view v = trim(cell(row, c));
        if (!v.empty())
            obj[key] = std::string(v);
    }

    void set_number(json& obj, const char* key, std::size_t row, Column c) {
        std::string_view v = trim(cell(row, c));
        if (v.empty())
            return;
        auto number = parse_number(v);
        if (!number)
            fail(row, c, "\"" + std::string(v) + "\" is not a number");
        obj[key] = *number;
    }

    void set_flag(json& obj, const char* key, std::size_t row, Column c) {
        const std::string v = keyword(cell(row, c));
        if (v == "yes" || v == "true")
            obj[key] = true;
        else if (!v.empty() && v != "no" && v != "false")
            fail(row, c, "\"" + v + "\" must be yes, no or empty");
    }

    /// An integer or a finite decimal number, or nothing.
    static std::optional<json> parse_number(std::string_view v) {
        const char* end = v.data() + v.size();
        long long i = 0;
        if (auto r = std::from_chars(v.data(), end, i); r.ec == std::errc() && r.ptr == end)
            return json(i);
        double d = 0;
        if (auto r = std::from_chars(v.data(), end, d);
            r.ec == std::errc() && r.ptr == end && std::isfinite(d))
            return json(d);
        return std::nullopt;
    }

    json item_number(std::size_t row, Column c, std::string_view text, const std::string& item) {
        auto number = parse_number(trim(unescape_item(text)));
        if (!number)
            fail(row, c, item + ": \"" + unescape_item(text) + "\" is not a number");
        return *number;
    }

    /// A compound cell of `head:score` items as a JSON array; `make` turns an item's head (and
    /// its name for messages, "option 2") into the item, which then gets its score.
    template <typename Make>
    json scored_items(std::size_t row, Column c, const char* noun, const char* syntax, Make make) {
        json out = json::array();
        for (std::string_view item : split_items(cell(row, c))) {
            const std::string what = noun + (" " + std::to_string(out.size() + 1));
            auto colons = unescaped_positions(item, ':');
            if (colons.empty())
                fail(row, c, what + ": write " + syntax);
            json made = make(item.substr(0, colons.back()), what);
            made["score"] = item_number(row, c, item.substr(colons.back() + 1), what + ", score");
            out.push_back(std::move(made));
        }
        return out;
    }

    void set_options(json& q, std::size_t row) {
        if (cell(row, Options).empty())
            return;
        q["options"] = scored_items(
            row, Options, "option", "id=label:score (for example yes=Yes:1)",
            [](std::string_view head, const std::string&) { return option_head(head); });
    }

    /// `id=label` or `id` (the label is then the id).
    static json option_head(std::string_view head) {
        auto eq = unescaped_positions(head, '=');
        std::string_view id = eq.empty() ? head : head.substr(0, eq[0]);
        json o = {{"id", std::string(trim(unescape_item(id)))}};
        if (!eq.empty())
            o["label"] = unescape_item(head.substr(eq[0] + 1));
        return o;
    }

    void set_bands(json& q, std::size_t row) {
        if (cell(row, Bands).empty())
            return;
        q["bands"] =
            scored_items(row, Bands, "band",
                         "max:score, or :score for the last band (for example 30:1|90:0.5|:0)",
                         [&](std::string_view head, const std::string& what) {
                             json b = json::object();
                             if (!trim(head).empty())
                                 b["max"] = item_number(row, Bands, head, what + ", max");
                             return b;
                         });
    }

    void set_labels(json& q, std::size_t row) {
        const std::string& text = cell(row, Labels);
        if (text.empty())
            return;
        json labels = json::array();
        for (std::string_view item : split_items(text))
            labels.push_back(unescape_item(item));
        q["labels"] = std::move(labels);
    }

    void set_show_if(json& obj, std::size_t row) {
        const std::string& text = cell(row, ShowIfCol);
        if (trim(text).empty())
            return;
        auto eq = unescaped_positions(text, '=');
        if (eq.empty())
            fail(row, ShowIfCol, "write question=value|value (for example complaint_staged=yes)");
        std::string question(trim(unescape_item(std::string_view(text).substr(0, eq[0]))));
        auto type = m_question_types.find(question);
        const bool numeric =
            type != m_question_types.end() &&
            (type->second == "scale" || type->second == "nps" || type->second == "number");
        json in = json::array();
        for (std::string_view item : split_items(std::string_view(text).substr(eq[0] + 1))) {
            std::string value = unescape_item(item);
            auto number = numeric && value != "na" ? parse_number(trim(value)) : std::nullopt;
            in.push_back(number ? *number : json(value));
        }
        obj["show_if"] = {{"question", question}, {"in", std::move(in)}};
    }

    /// Rethrows an error of the template rules at the row and column the JSON path came from.
    [[noreturn]] void relocate(const InputError& e) const {
        auto parts = split_path(e.where());
        std::size_t row = *m_template_row;
        std::size_t from = 0;
        auto index_at = [&](std::size_t i) -> std::optional<std::size_t> {
            if (i < parts.size())
                if (const auto* n = std::get_if<std::size_t>(&parts[i]))
                    return *n;
            return std::nullopt;
        };
        auto key_at = [&](std::size_t i) {
            return i < parts.size() && std::holds_alternative<std::string>(parts[i])
                       ? std::get<std::string>(parts[i])
                       : std::string();
        };
        if (key_at(0) == "sections" && index_at(1) && *index_at(1) < m_section_rows.size()) {
            std::size_t s = *index_at(1);
            row = m_section_rows[s];
            from = 2;
            if (key_at(2) == "questions" && index_at(3) &&
                *index_at(3) < m_question_rows[s].size()) {
                row = m_question_rows[s][*index_at(3)];
                from = 4;
            }
        }
        int column = from < parts.size() ? column_of_key(key_at(from)) : -1;
        std::string detail = describe_detail(parts, column >= 0 ? from + 1 : from);
        fail(row, column, detail.empty() ? e.message() : detail + ": " + e.message());
    }

    const std::string& m_file;
    std::vector<CsvRow> m_rows;
    std::array<int, ColumnCount> m_index{}; ///< column -> field index, or -1
    std::vector<bool> m_named;              ///< field index -> has a column name
    std::optional<std::size_t> m_template_row;
    std::vector<std::size_t> m_section_rows;
    std::vector<std::vector<std::size_t>> m_question_rows;
    std::map<std::string, std::string> m_question_types; ///< question id -> type, so far
    json m_doc;
};

} // namespace

std::string template_to_csv(const Template& t) {
    std::string out = "\xEF\xBB\xBF"; // a BOM, so that spreadsheets read the file as UTF-8
    append_row(out, kColumns);
    append_row(out, template_row(t));
    for (const Section& s : t.sections) {
        append_row(out, section_row(s));
        for (int i = s.first; i < s.last; ++i)
            append_row(out, question_row(t, t.questions[static_cast<std::size_t>(i)]));
    }
    return out;
}

Template template_from_csv(std::string_view text, const std::string& file_name) {
    return CsvTemplateReader(file_name).read(text);
}

} // namespace vs::forms
