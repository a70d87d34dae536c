#pragma once
// The stored scores that aggregation reads: one row per visit, with section and question scores
// kept in compact arrays. Storage fills these; scoring never re-parses answers.

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace vs::forms {
struct Template;
}

namespace vs::scoring {

inline constexpr double kNa = std::numeric_limits<double>::quiet_NaN();
inline bool is_na(double x) {
    return std::isnan(x);
}

/// A value of one question in a visit's question array: NaN when hidden, unanswered or
/// unscored; kAnswerNa when answered "na"; otherwise the fraction f in [0, 1].
inline constexpr double kAnswerNa = -1.0;

/// Names for the integer ids used in facts (codes for branch/employee/shopper, names for
/// client/region, ids for templates and sections).
struct Dictionary {
    std::vector<std::string> names;
    const std::string& operator[](std::int32_t id) const {
        return names[static_cast<std::size_t>(id)];
    }
};

struct SectionFact {
    double raw = kNa;
    double score = kNa;
    double earned = 0;
    double possible = 0;
    bool critical_failure = false; ///< a section-level critical question failed
    std::int32_t employee = -1;    ///< the employee the section is attributed to
};

struct VisitFact {
    std::int64_t visit_id = 0;
    std::int32_t client = -1;
    std::int32_t region = -1; ///< -1 when the visit names none
    std::int32_t branch = -1;
    std::int32_t employee = -1; ///< primary employee; -1 when not identified
    std::int32_t shopper = -1;
    std::int32_t tmpl = -1; ///< index into FactTable::templates
    std::int32_t day = 0;   ///< local date, days since 1970-01-01
    double raw = kNa;
    double score = kNa;
    double target = 80;
    bool critical_failure = false;
    int nps = -1;                     ///< the visit's NPS rating, -1 when none
    std::uint32_t first_section = 0;  ///< into FactTable::sections, one per template section
    std::uint32_t first_question = 0; ///< into FactTable::questions (when loaded)
};

/// A template version as facts refer to it.
struct TemplateRef {
    std::shared_ptr<const forms::Template> tpl;
    std::int32_t template_key = -1;        ///< into FactTable::template_ids (all versions together)
    std::vector<std::int32_t> section_ids; ///< per template section, into FactTable::section_ids
    std::vector<std::int32_t> question_ids; ///< per template question, into FactTable::question_ids
};

struct FactTable {
    std::vector<VisitFact> visits;
    std::vector<SectionFact> sections;
    std::vector<double> questions; ///< per visit, one value per template question (see kAnswerNa)
    bool has_questions = false;

    Dictionary clients, regions, branches, employees, shoppers;
    Dictionary template_ids, section_ids, question_ids;
    std::vector<TemplateRef> templates;
};

} // namespace vs::scoring
