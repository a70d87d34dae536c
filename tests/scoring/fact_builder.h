#pragma once
// Small FactTables built by hand for the aggregate and training tests: one scorecard "shop" in two
// versions (target 80 and 90) with sections a (q1 yes_no, q2 scale 1–5 with NA and pass_at 0.75)
// and b (q3 yes_no), and dictionaries filled by name on first use.

#include "forms/dates.h"
#include "forms/template.h"
#include "scoring/facts.h"
#include "scoring/stats.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

namespace vs::test {

inline std::shared_ptr<const forms::Template> shop_template(int version, double target) {
    const std::string text = R"({"format": "visitscore.template/1", "id": "shop", "version": )" +
                             std::to_string(version) + R"(, "name": "Shop", "target": )" +
                             std::to_string(target) + R"(, "sections": [
        {"id": "a", "title": "A", "questions": [
            {"id": "q1", "type": "yes_no"},
            {"id": "q2", "type": "scale", "min": 1, "max": 5, "na": true, "pass_at": 0.75}]},
        {"id": "b", "title": "B", "questions": [{"id": "q3", "type": "yes_no"}]}]})";
    return std::make_shared<const forms::Template>(forms::parse_template(text, "shop.json"));
}

/// Day number of a YYYY-MM-DD date.
inline int day(const char* date) {
    return *forms::parse_day(date);
}

struct FactBuilder {
    scoring::FactTable f;

    /// One visit: names ("" for none), template version (1: target 80, 2: target 90), day,
    /// score (NaN for NA; raw = score unless given), section scores (NaN: NA) with optional
    /// other employees per section, critical failures, NPS and question values.
    struct Visit {
        std::string client = "C1";
        std::string branch = "B1";
        std::string employee;
        std::string shopper = "S1";
        int version = 1;
        int day = 0;
        double score = scoring::kNa;
        std::vector<double> sections = {scoring::kNa, scoring::kNa};
        std::vector<std::string> section_employees = {"", ""};
        bool critical = false;
        std::vector<bool> section_critical = {false, false};
        int nps = -1;
        std::vector<double> questions = {scoring::kNa, scoring::kNa, scoring::kNa};
        std::string region;
        double raw = scoring::kNa; ///< NaN: the score
    };

    FactBuilder() {
        f.has_questions = true;
        f.template_ids.names = {"shop"};
        f.section_ids.names = {"a", "b"};
        f.question_ids.names = {"q1", "q2", "q3"};
        for (int version : {1, 2}) {
            scoring::TemplateRef ref;
            ref.tpl = shop_template(version, version == 1 ? 80 : 90);
            ref.template_key = 0;
            ref.section_ids = {0, 1};
            ref.question_ids = {0, 1, 2};
            f.templates.push_back(ref);
        }
    }

    static std::int32_t intern(scoring::Dictionary& d, const std::string& name) {
        if (name.empty())
            return -1;
        auto it = std::find(d.names.begin(), d.names.end(), name);
        if (it != d.names.end())
            return static_cast<std::int32_t>(it - d.names.begin());
        d.names.push_back(name);
        return static_cast<std::int32_t>(d.names.size() - 1);
    }

    FactBuilder& add(const Visit& in) {
        scoring::VisitFact v;
        v.visit_id = static_cast<std::int64_t>(f.visits.size() + 1);
        v.client = intern(f.clients, in.client);
        v.region = intern(f.regions, in.region);
        v.branch = intern(f.branches, in.branch);
        v.employee = intern(f.employees, in.employee);
        v.shopper = intern(f.shoppers, in.shopper);
        v.tmpl = in.version - 1;
        v.day = in.day;
        v.score = in.score;
        v.raw = scoring::is_na(in.raw) ? in.score : in.raw;
        v.target = in.version == 1 ? 80 : 90;
        v.critical_failure = in.critical;
        v.nps = in.nps;
        v.first_section = static_cast<std::uint32_t>(f.sections.size());
        for (std::size_t s = 0; s < 2; ++s) {
            scoring::SectionFact sf;
            sf.raw = sf.score = in.sections[s];
            sf.critical_failure = in.section_critical[s];
            sf.employee = in.section_employees[s].empty()
                              ? v.employee
                              : intern(f.employees, in.section_employees[s]);
            f.sections.push_back(sf);
        }
        v.first_question = static_cast<std::uint32_t>(f.questions.size());
        f.questions.insert(f.questions.end(), in.questions.begin(), in.questions.end());
        f.visits.push_back(v);
        return *this;
    }
};

inline void check_opt(std::optional<double> got, std::optional<double> want, double tol = 1e-9) {
    BOOST_TEST(got.has_value() == want.has_value());
    if (got && want)
        BOOST_TEST(*got == *want, boost::test_tools::tolerance(tol));
}

inline void check_opt(std::optional<scoring::Interval> got, std::optional<scoring::Interval> want,
                      double tol = 1e-9) {
    BOOST_TEST(got.has_value() == want.has_value());
    if (got && want) {
        BOOST_TEST(got->lo == want->lo, boost::test_tools::tolerance(tol));
        BOOST_TEST(got->hi == want->hi, boost::test_tools::tolerance(tol));
    }
}

} // namespace vs::test
