#pragma once
// A typed answer to one question, checked against the question's type.

#include "forms/template.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vs::forms {

/// One answer: none (unanswered or hidden), NA, a string, a number or a list of option ids.
class Answer {
  public:
    enum class Kind { None, Na, Text, Number, List };

    Answer() = default;
    static Answer na();
    static Answer text(std::string value);
    static Answer number(double value);
    static Answer list(std::vector<std::string> items);

    Kind kind() const { return m_kind; }
    bool answered() const { return m_kind != Kind::None; }
    bool is_na() const { return m_kind == Kind::Na; }
    const std::string& str() const { return m_text; }
    double num() const { return m_number; }
    const std::vector<std::string>& items() const { return m_items; }

    /// The answer as package JSON ("na", "yes", 4, ["a","b"]; null when none).
    nlohmann::json to_json() const;
    /// True when this answer is one of the `show_if.in` values.
    bool matches(const nlohmann::json& in_values) const;

    bool operator==(const Answer&) const = default;

  private:
    Kind m_kind = Kind::None;
    std::string m_text;
    double m_number = 0;
    std::vector<std::string> m_items;
};

/// Answers aligned with Template::questions.
using Answers = std::vector<Answer>;

/// Converts one JSON answer for `q`; throws InputError(file, where) when the type, range or
/// option ids are wrong, or "na" is given where the question does not allow it.
Answer answer_from_json(const Question& q, const nlohmann::json& value, const std::string& file,
                        const std::string& where);

/// Converts an answer written as text (a CSV cell) for `q`; empty means unanswered, and a
/// checklist's kNoOptionsCell ("(none)") answered with no option.
Answer answer_from_text(const Question& q, std::string_view cell, const std::string& file,
                        const std::string& where);

/// Visibility of every question given the answers, in one pass (SCORING.md §2).
std::vector<bool> visible_questions(const Template& tpl, const Answers& answers);
/// True when question `qi` is visible given the answers so far (SCORING.md §2). Computes every
/// earlier question's visibility: to go through the questions in order, use visible_next.
bool is_visible(const Template& tpl, const Answers& answers, int qi);
/// True when question `qi` is visible, given the answers and `visible[i]` for every i < qi (as
/// visible_questions gives it): one step of visible_questions, for filling answers in order.
bool visible_next(const Template& tpl, const Answers& answers, const std::vector<bool>& visible,
                  int qi);
/// True when section `si` is visible given the answers.
bool is_section_visible(const Template& tpl, const Answers& answers, int si);

/// Checks a JSON answers object against the template, in question order: unknown ids, types,
/// ranges, option ids and NA. Answers to hidden questions are ignored (left unanswered).
/// `where` is the JSON path of the object, e.g. `visits[3].answers`.
Answers typed_answers(const Template& tpl, const nlohmann::json& answers, const std::string& file,
                      const std::string& where);

/// The answers object for a package, hidden/unanswered questions left out.
nlohmann::json answers_to_json(const Template& tpl, const Answers& answers);

} // namespace vs::forms
