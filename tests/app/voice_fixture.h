#pragma once
// Shared by the customer voice tests: a real SQLite file with the demo's mystery visits and, for
// the busiest client, customer survey responses (a survey scorecard of the test's own: an NPS
// question and a yes/no question) whose NPS follows each branch's mean mystery score, some
// branches below the default 10 responses. What was stored is kept for the tests to compute
// their expectations from, independently of the code under test.

#include "app/insights/view_filter.h"
#include "forms/dates.h"
#include "forms/template.h"
#include "scoring/voice_facts.h"
#include "test_support.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace vs::test {

inline constexpr const char* kVoiceSurveyTemplate = R"json({
  "format": "visitscore.template/1",
  "id": "voice-test-survey",
  "version": 1,
  "name": "Guest survey (test)",
                            "channel" : "survey",
                            "target" : 75,
                            "sections"
    : [ {
        "id" : "guest",
        "title" : "Guest",
        "weight" : 1,
        "questions" : [
            {"id" : "recommend", "type" : "nps", "text" : "How likely are you to recommend us?"},
            {"id" : "resolved", "type" : "yes_no", "text" : "Was your request resolved?"}
        ]
    } ]
})json";

struct VoiceDb {
    TempDir dir;
    std::string path = dir.path("voice.db");
    app::ViewFilter filter;               ///< the busiest client's last 12 months
    std::map<std::string, double> mean;   ///< branch -> mean mystery visit score in the filter
    std::map<std::string, std::size_t> n; ///< branch -> mystery visits with a score
    std::map<std::string, std::vector<int>> ratings; ///< branch -> the nps ratings stored
    std::size_t responses = 0;

    /// `visits` demo visits; responses for the client's branches in the last 90 days.
    explicit VoiceDb(std::size_t visits = 1500) {
        storage::SqliteStore s(path);
        fill_demo(s, visits);
        s.add_template(forms::parse_template(kVoiceSurveyTemplate, "voice-test-survey.json"),
                       "voice-test-survey.json");
        const auto client = app::busiest_client(s);
        BOOST_REQUIRE(client);
        filter = app::last_12_months(*client);
        const scoring::FactTable facts = s.load_facts(filter.visit_filter(), false);
        std::map<std::string, double> sum;
        for (const scoring::VisitFact& v : facts.visits)
            if (!scoring::is_na(v.score)) {
                const std::string& b = facts.branches[v.branch];
                sum[b] += v.score;
                ++n[b];
            }
        for (const auto& [b, total] : sum)
            mean[b] = total / static_cast<double>(n[b]);
        std::vector<forms::Visit> survey;
        std::size_t i = 0;
        for (const auto& [branch, x] : mean) {
            // Every third branch below 10 responses; the ratings rise with the mystery score.
            const std::size_t count = i % 3 == 0 ? 6 : 12 + i;
            const int base = static_cast<int>(std::lround((x - 45) / 4));
            for (std::size_t j = 0; j < count; ++j) {
                const int rating = std::clamp(base + static_cast<int>(j % 5) - 2, 0, 10);
                forms::Visit v;
                v.uuid = "survey-" + branch + "-" + std::to_string(j);
                v.template_id = "voice-test-survey";
                v.template_version = 1;
                v.client = filter.client;
                v.branch = branch;
                v.visited_at =
                    forms::day_to_string(client->last_day - static_cast<int>(j * 7 % 90)) +
                    "T12:00:00";
                v.status = forms::Status::Approved;
                v.answers = {{"recommend", rating}, {"resolved", j % 2 == 0 ? "yes" : "no"}};
                survey.push_back(std::move(v));
                ratings[branch].push_back(rating);
            }
            ++i;
        }
        responses = survey.size();
        s.import_visits(survey, "survey.json");
    }
};

/// Two voice rows alike: the same counts and the same means (the same visits, summed in the same
/// order).
inline void same_voice_row(const scoring::VoicePeriodRow& a, const scoring::VoicePeriodRow& b) {
    BOOST_TEST(a.branch == b.branch);
    BOOST_TEST(a.period == b.period);
    BOOST_TEST(a.responses == b.responses);
    BOOST_TEST(a.nps.n == b.nps.n);
    BOOST_TEST(a.nps.promoters == b.nps.promoters);
    BOOST_TEST(a.nps.detractors == b.nps.detractors);
    BOOST_TEST((a.nps.nps == b.nps.nps));
    BOOST_TEST((a.survey_score == b.survey_score));
    BOOST_TEST(a.survey_n == b.survey_n);
    BOOST_TEST((a.mystery_score == b.mystery_score));
    BOOST_TEST(a.mystery_n == b.mystery_n);
}

/// NPS of ratings, counted here (promoters 9–10, detractors 0–6).
inline double nps_of(const std::vector<int>& ratings) {
    double p = 0, d = 0;
    for (int r : ratings) {
        p += r >= 9 ? 1 : 0;
        d += r <= 6 ? 1 : 0;
    }
    return 100 * (p - d) / static_cast<double>(ratings.size());
}

} // namespace vs::test
