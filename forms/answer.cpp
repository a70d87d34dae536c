#include "forms/answer.h"

#include "forms/csv.h"
#include "forms/json_read.h"
#include "forms/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace vs::forms {

using detail::json;

Answer Answer::na() {
    Answer a;
    a.m_kind = Kind::Na;
    return a;
}

Answer Answer::text(std::string value) {
    Answer a;
    a.m_kind = Kind::Text;
    a.m_text = std::move(value);
    return a;
}

Answer Answer::number(double value) {
    Answer a;
    a.m_kind = Kind::Number;
    a.m_number = value;
    return a;
}

Answer Answer::list(std::vector<std::string> items) {
    Answer a;
    a.m_kind = Kind::List;
    a.m_items = std::move(items);
    return a;
}

nlohmann::json Answer::to_json() const {
    switch (m_kind) {
    case Kind::None:
        return nullptr;
    case Kind::Na:
        return "na";
    case Kind::Text:
        return m_text;
    case Kind::Number:
        if (m_number == std::floor(m_number) && std::abs(m_number) < 9e15)
            return static_cast<long long>(m_number);
        return m_number;
    case Kind::List:
        return m_items;
    }
    return nullptr;
}

bool Answer::matches(const nlohmann::json& in_values) const {
    for (const json& v : in_values) {
        switch (m_kind) {
        case Kind::None:
            return false;
        case Kind::Na:
            if (v.is_string() && v.get_ref<const std::string&>() == "na")
                return true;
            break;
        case Kind::Text:
            if (v.is_string() && v.get_ref<const std::string&>() == m_text)
                return true;
            break;
        case Kind::Number:
            if (v.is_number() && v.get<double>() == m_number)
                return true;
            break;
        case Kind::List:
            if (v.is_string() && std::find(m_items.begin(), m_items.end(),
                                           v.get_ref<const std::string&>()) != m_items.end())
                return true;
            break;
        }
    }
    return false;
}

namespace {

[[noreturn]] void bad(const std::string& file, const std::string& where, const std::string& msg) {
    throw InputError(file, where, msg);
}

std::string options_list(const Question& q) {
    std::string s;
    for (const Option& o : q.options)
        s += (s.empty() ? "" : ", ") + o.id;
    return s;
}

Answer integer_in_range(const Question& q, double v, int lo, int hi, const std::string& file,
                        const std::string& where) {
    if (v != std::floor(v) || v < lo || v > hi)
        bad(file, where,
            "\"" + q.id + "\" takes a whole number from " + std::to_string(lo) + " to " +
                std::to_string(hi) + ", not " + json(v).dump());
    return Answer::number(v);
}

} // namespace

Answer answer_from_json(const Question& q, const nlohmann::json& value, const std::string& file,
                        const std::string& where) {
    if (value.is_null())
        return {};
    if (value.is_string() && value.get_ref<const std::string&>() == "na" &&
        q.type != QuestionType::Text) {
        if (!q.na_allowed)
            bad(file, where,
                "\"na\" is not allowed for \"" + q.id +
                    "\" (the question does not say \"na\": true)");
        return Answer::na();
    }
    if (value.is_string() && value.get_ref<const std::string&>() == "na" && q.na_allowed)
        return Answer::na();
    auto wrong_type = [&](const char* want) {
        bad(file, where,
            "\"" + q.id + "\" (" + std::string(to_string(q.type)) + ") takes " + want + ", not " +
                detail::describe(value));
    };
    switch (q.type) {
    case QuestionType::YesNo: {
        if (!value.is_string())
            wrong_type("\"yes\" or \"no\"");
        const auto& s = value.get_ref<const std::string&>();
        if (s != "yes" && s != "no")
            bad(file, where,
                "\"" + q.id + "\" takes \"yes\" or \"no\"" +
                    (q.na_allowed ? std::string(" or \"na\"") : std::string()) + ", not \"" + s +
                    "\"");
        return Answer::text(s);
    }
    case QuestionType::Scale:
    case QuestionType::Nps: {
        if (!value.is_number())
            wrong_type("a whole number");
        double v = value.get<double>();
        if (!std::isfinite(v))
            bad(file, where, "\"" + q.id + "\" must be a finite number");
        return q.type == QuestionType::Nps ? integer_in_range(q, v, 0, 10, file, where)
                                           : integer_in_range(q, v, q.min, q.max, file, where);
    }
    case QuestionType::Number: {
        if (!value.is_number())
            wrong_type("a number");
        double v = value.get<double>();
        if (!std::isfinite(v))
            bad(file, where, "\"" + q.id + "\" must be a finite number");
        if (std::abs(v) > kMaxNumber)
            bad(file, where,
                "\"" + q.id + "\" takes a number between -1e15 and 1e15, not " + json(v).dump());
        // With no catch-all band, a value above the last max has no score (SCORING.md §1).
        if (!q.bands.empty() && q.bands.back().max && v > *q.bands.back().max)
            bad(file, where,
                "\"" + q.id + "\" takes a number up to " + json(*q.bands.back().max).dump() +
                    " (the last band has a max and no band above it), not " + json(v).dump());
        return Answer::number(v);
    }
    case QuestionType::Choice: {
        if (!value.is_string())
            wrong_type("an option id");
        const auto& s = value.get_ref<const std::string&>();
        if (q.find_option(s) < 0)
            bad(file, where,
                "\"" + s + "\" is not an option of \"" + q.id + "\" (" + options_list(q) + ")");
        return Answer::text(s);
    }
    case QuestionType::Checklist: {
        if (!value.is_array())
            wrong_type("an array of option ids");
        std::vector<std::string> items;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const json& item = value[i];
            std::string p = json_path(where, i);
            if (!item.is_string())
                bad(file, p, "must be an option id, not " + detail::describe(item));
            const auto& s = item.get_ref<const std::string&>();
            if (q.find_option(s) < 0)
                bad(file, p,
                    "\"" + s + "\" is not an option of \"" + q.id + "\" (" + options_list(q) + ")");
            if (!seen.insert(s).second)
                bad(file, p, "\"" + s + "\" is chosen twice");
            items.push_back(s);
        }
        return Answer::list(std::move(items));
    }
    case QuestionType::Text:
        if (!value.is_string())
            wrong_type("a string");
        if (value.get_ref<const std::string&>().size() > detail::kMaxTextBytes)
            bad(file, where,
                "\"" + q.id + "\" is longer than " + std::to_string(detail::kMaxTextBytes) +
                    " bytes");
        if (std::string problem = forbidden_character(value.get_ref<const std::string&>());
            !problem.empty())
            bad(file, where, "\"" + q.id + "\" " + problem);
        return Answer::text(value.get<std::string>());
    }
    return {};
}

Answer answer_from_text(const Question& q, std::string_view cell, const std::string& file,
                        const std::string& where) {
    if (cell.empty())
        return {};
    if (cell.size() > detail::kMaxTextBytes)
        bad(file, where,
            "\"" + q.id + "\" is longer than " + std::to_string(detail::kMaxTextBytes) + " bytes");
    if (q.type == QuestionType::Text || q.type == QuestionType::YesNo ||
        q.type == QuestionType::Choice || cell == "na")
        return answer_from_json(q, json(std::string(cell)), file, where);
    if (q.type == QuestionType::Checklist) {
        if (cell == kNoOptionsCell) // answered with no option, as CSV writers write it
            return answer_from_json(q, json::array(), file, where);
        json items = json::array();
        std::size_t start = 0;
        while (start <= cell.size()) {
            std::size_t end = cell.find(';', start);
            if (end == std::string_view::npos)
                end = cell.size();
            std::string_view item = cell.substr(start, end - start);
            while (!item.empty() && item.front() == ' ')
                item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ')
                item.remove_suffix(1);
            if (!item.empty())
                items.push_back(std::string(item));
            start = end + 1;
        }
        return answer_from_json(q, items, file, where);
    }
    // scale, nps, number
    double v = 0;
    auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
    if (ec != std::errc() || ptr != cell.data() + cell.size())
        bad(file, where, "\"" + q.id + "\" takes a number, not \"" + std::string(cell) + "\"");
    return answer_from_json(q, json(v), file, where);
}

namespace {

/// Visibility of every question, in one pass (conditions only look back).
template <class Visible>
bool condition_holds(const ShowIf& s, const Answers& answers, const Visible& visible) {
    auto r = static_cast<std::size_t>(s.question_index);
    return visible[r] && r < answers.size() && answers[r].answered() && answers[r].matches(s.in);
}

} // namespace

std::vector<bool> visible_questions(const Template& tpl, const Answers& answers) {
    std::vector<bool> visible(tpl.questions.size(), false);
    for (const Section& s : tpl.sections) {
        bool section_visible = !s.show_if || condition_holds(*s.show_if, answers, visible);
        for (int i = s.first; i < s.last; ++i) {
            const Question& q = tpl.questions[static_cast<std::size_t>(i)];
            visible[static_cast<std::size_t>(i)] =
                section_visible && (!q.show_if || condition_holds(*q.show_if, answers, visible));
        }
    }
    return visible;
}

bool is_visible(const Template& tpl, const Answers& answers, int qi) {
    return visible_questions(tpl, answers)[static_cast<std::size_t>(qi)];
}

bool visible_next(const Template& tpl, const Answers& answers, const std::vector<bool>& visible,
                  int qi) {
    const Question& q = tpl.questions[static_cast<std::size_t>(qi)];
    const Section& s = tpl.sections[static_cast<std::size_t>(q.section)];
    return (!s.show_if || condition_holds(*s.show_if, answers, visible)) &&
           (!q.show_if || condition_holds(*q.show_if, answers, visible));
}

bool is_section_visible(const Template& tpl, const Answers& answers, int si) {
    const Section& s = tpl.sections[static_cast<std::size_t>(si)];
    return !s.show_if || condition_holds(*s.show_if, answers, visible_questions(tpl, answers));
}

Answers typed_answers(const Template& tpl, const nlohmann::json& obj, const std::string& file,
                      const std::string& where) {
    if (obj.is_null())
        return Answers(tpl.questions.size());
    if (!obj.is_object())
        bad(file, where, "must be an object, not " + detail::describe(obj));
    // Each answer by question index, found once through the template's index.
    std::vector<const json*> given(tpl.questions.size(), nullptr);
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const int qi = tpl.find_question(it.key());
        if (qi < 0)
            bad(file, json_path(where, it.key()),
                "\"" + it.key() + "\" is not a question of \"" + tpl.id + "\" version " +
                    std::to_string(tpl.version));
        given[static_cast<std::size_t>(qi)] = &it.value();
    }
    Answers answers(tpl.questions.size());
    std::vector<bool> visible(tpl.questions.size(), false);
    // json_path(where, q.id), built in one buffer: this runs for every answer of every import.
    std::string path = where.empty() ? std::string() : where + ".";
    const std::size_t path_base = path.size();
    for (const Section& s : tpl.sections) {
        bool section_visible = !s.show_if || condition_holds(*s.show_if, answers, visible);
        for (int i = s.first; i < s.last; ++i) {
            auto ui = static_cast<std::size_t>(i);
            const Question& q = tpl.questions[ui];
            visible[ui] =
                section_visible && (!q.show_if || condition_holds(*q.show_if, answers, visible));
            if (!visible[ui])
                continue; // answers to hidden questions are ignored entirely
            if (const json* value = given[ui]) {
                path.resize(path_base);
                path += q.id;
                answers[ui] = answer_from_json(q, *value, file, path);
            }
        }
    }
    return answers;
}

nlohmann::json answers_to_json(const Template& tpl, const Answers& answers) {
    json obj = json::object();
    for (std::size_t i = 0; i < tpl.questions.size() && i < answers.size(); ++i)
        if (answers[i].answered())
            obj[tpl.questions[i].id] = answers[i].to_json();
    return obj;
}

} // namespace vs::forms
