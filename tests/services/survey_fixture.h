#pragma once
// Customer survey responses beside the mini data (SCORING.md §10): the mini survey scorecard
// (tests/data/survey.template.json) and its two responses (survey.visits.json, under uuids of
// their own here), approved without a shopper. The second is a detractor whose answers score far
// below every alert and action-plan threshold, so that anything treating it as a mystery visit
// would act on it.
#include "forms/json_io.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "storage/store.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace vs::test {

inline constexpr const char* kSurveyPromoter = "00000000-0000-4000-8000-0000000005e1";
inline constexpr const char* kSurveyDetractor = "00000000-0000-4000-8000-0000000005e2";

/// Adds the survey scorecard and its two responses to `store` (which holds the mini data's
/// client and branches), the detractor stored with `detractor_status`.
inline void load_survey(storage::Store& store,
                        forms::Status detractor_status = forms::Status::Approved) {
    const std::string tpl = std::string(VS_TEST_DATA) + "/survey.template.json";
    const std::string pkg = std::string(VS_TEST_DATA) + "/survey.visits.json";
    store.add_template(forms::parse_template(forms::read_file(tpl), tpl), tpl);
    std::vector<forms::Visit> visits = forms::parse_visit_package(forms::read_file(pkg), pkg);
    BOOST_REQUIRE_EQUAL(visits.size(), 2u);
    visits[0].uuid = kSurveyPromoter;
    visits[1].uuid = kSurveyDetractor;
    BOOST_REQUIRE(visits[1].answers.at("recommend") == 3);
    if (detractor_status != forms::Status::Approved) {
        visits[1].status = detractor_status;
        visits[1].status_given = true;
    }
    BOOST_REQUIRE_EQUAL(store.import_visits(visits, pkg).added, 2u);
}

} // namespace vs::test
