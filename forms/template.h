#pragma once
// The scorecard template model (SCORING.md §1–3, FORMATS.md "Scorecard template").

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vs::forms {

/// Sane ranges checked on input (README, "Choices where the contracts are silent"). They keep
/// every sum, difference and product of the scoring far from overflow and infinity.
inline constexpr int kMaxVersion = 1'000'000; ///< template versions are 1..kMaxVersion
inline constexpr int kMaxScaleBound = 1000;   ///< |min| and |max| of a scale
inline constexpr int kMaxScaleSpan = 100;     ///< max - min of a scale
inline constexpr double kMaxPoints = 1000;    ///< points of a scored question: (0, kMaxPoints]
inline constexpr double kMaxWeight = 1000;    ///< section weights, checklist option weights
inline constexpr double kMaxNumber = 1e15;    ///< |band max| and |number answer|

/// Ids that section and question ids may not take, because the visit CSV (FORMATS.md) uses them
/// for its own columns or a package for its own keys: uuid, template, …, raw, score, visit. Ids
/// ending in `_score` are refused too (the export's SECTION_score columns).
const std::vector<std::string_view>& reserved_ids();
/// True when `id` is in reserved_ids() or ends in "_score".
bool is_reserved_id(std::string_view id);

enum class QuestionType { YesNo, Scale, Choice, Checklist, Number, Nps, Text };
enum class Critical { None, Section, Visit };

/// The JSON name of a question type ("yes_no", …).
std::string_view to_string(QuestionType type);
/// The JSON name of a critical scope ("", "section", "visit").
std::string_view to_string(Critical critical);

/// Ids to indexes, looked up with a string_view.
struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using IdIndex = std::unordered_map<std::string, int, IdHash, std::equal_to<>>;

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
    /// Builds the index find_option uses (the parser does; code that edits options may).
    void index_options();

    IdIndex option_index; ///< option id -> index; find_option checks it and falls back to a scan
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

/// How a scorecard's visit is made, as people read it: "In person" for `in_person`, "Phone",
/// "Email/Chat", "Survey"…; another channel id with its underscores as spaces and a capital
/// first letter; "" for none.
std::string channel_label(std::string_view channel);

struct Template {
    std::string id;
    int version = 1;
    std::string name;
    std::string channel; ///< an id such as in_person, phone, online (channel_label shows it)
    double target = 80;
    double min_applicable = 0;
    std::vector<Section> sections;
    std::vector<Question> questions; ///< all questions, in file order
    std::string source;              ///< the JSON text exactly as read

    /// Index of a question id, or -1.
    int find_question(std::string_view question_id) const;
    /// Index of a section id, or -1.
    int find_section(std::string_view section_id) const;
    /// Builds the indexes find_question and find_section use. The parser does; code that adds,
    /// removes or renames questions or sections of a parsed template must call it again (an
    /// index that does not cover every item is not used: lookups scan).
    void index_ids();

    IdIndex question_index; ///< question id -> index into questions
    IdIndex section_index;  ///< section id -> index into sections
};

/// Parses and validates a template; throws InputError naming `file` and the JSON path.
Template parse_template(std::string_view json_text, const std::string& file);

/// Validates a template already parsed as JSON (the designer's one source of truth).
Template template_from_json(const nlohmann::json& doc, const std::string& file,
                            std::string source = {});

/// The template as JSON in the FORMATS.md shape.
nlohmann::json template_to_json(const Template& tpl);

} // namespace vs::forms
