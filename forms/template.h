#pragma once
// The scorecard template model (SCORING.md §1–3, FORMATS.md "Scorecard template").

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vs::forms {

enum class QuestionType { YesNo, Scale, Choice, Checklist, Number, Nps, Text };
enum class Critical { None, Section, Visit };

/// The JSON name of a question type ("yes_no", …).
std::string_view to_string(QuestionType type);
/// The JSON name of a critical scope ("", "section", "visit").
std::string_view to_string(Critical critical);

struct Option {
    std::string id;
    std::string label;
    double score = 0;
};

/// A band of a `number` question: catches x <= max; the last band may have no max.
struct Band {
    std::optional<double> max;
    double score = 0;
};

/// Visible only when the earlier question's answer is one of `in`.
struct ShowIf {
    std::string question;
    int question_index = -1; ///< index into Template::questions
    nlohmann::json in = nlohmann::json::array();
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::YesNo;
    std::string text;
    std::string guidance;
    double points = 1;
    bool na_allowed = false;
    Critical critical = Critical::None;
    double pass_at = 1;
    std::string expect = "yes"; ///< yes_no only
    int min = 0;                ///< scale only
    int max = 0;                ///< scale only
    std::vector<std::string> labels;
    std::string unit; ///< number only
    std::vector<Option> options;
    std::vector<Band> bands;
    std::optional<ShowIf> show_if;
    int section = 0; ///< index into Template::sections

    /// True for types that yield a fraction f (all but nps and text).
    bool scored() const { return type != QuestionType::Nps && type != QuestionType::Text; }
    /// The index of an option id, or -1.
    int find_option(std::string_view option_id) const;
};

struct Section {
    std::string id;
    std::string title;
    std::string description;
    double weight = 1;
    std::optional<ShowIf> show_if;
    int first = 0; ///< first question index
    int last = 0;  ///< one past the last question index
};

struct Template {
    std::string id;
    int version = 1;
    std::string name;
    std::string channel;
    double target = 80;
    double min_applicable = 0;
    std::vector<Section> sections;
    std::vector<Question> questions; ///< all questions, in file order
    std::string source;              ///< the JSON text exactly as read

    /// Index of a question id, or -1.
    int find_question(std::string_view question_id) const;
    /// Index of a section id, or -1.
    int find_section(std::string_view section_id) const;
};

/// Parses and validates a template; throws InputError naming `file` and the JSON path.
Template parse_template(std::string_view json_text, const std::string& file);

/// Validates a template already parsed as JSON (the designer's one source of truth).
Template template_from_json(const nlohmann::json& doc, const std::string& file,
                            std::string source = {});

/// The template as JSON in the FORMATS.md shape.
nlohmann::json template_to_json(const Template& tpl);

} // namespace vs::forms
