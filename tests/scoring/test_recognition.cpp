// Recognition (scoring/recognition.h) on a hand-made case: which visits and staff are listed,
// and which are not, each decided by hand from the rules in docs/recognition.md.
#include "scoring/recognition.h"

#include <boost/test/unit_test.hpp>

using namespace vs::scoring;

namespace {

RecognitionSection section(const std::string& id, const std::string& title,
                           std::optional<double> score, int answered, int na,
                           const std::string& employee = "") {
    return {id, title, score, answered, na, employee};
}

} // namespace

BOOST_AUTO_TEST_SUITE(recognition_suite)

BOOST_AUTO_TEST_CASE(perfect_complaint_handling_and_praise_by_hand) {
    const std::vector<RecognitionStaff> staff = {
        {"E1", "Ann Able", "B1"},  {"E2", "Bob Baker", "B1"}, {"E3", "Bob Brown", "B1"},
        {"E4", "Cleo Cole", "B2"}, {"E5", "Dee Dunn", "B2"},
    };
    std::vector<RecognitionVisit> visits;
    // v1 (B1, 3 Oct): complaint handling at 100, 3 answered, none NA, attributed to E2 (not the
    // primary E1): recognised for E2. Greeting at 100 too, but greeting is not a recognised
    // section by default. A comment praising Ann by first name (unique at B1): recognised.
    visits.push_back({"v1",
                      "2026-10-03T10:00",
                      "Client",
                      "B1",
                      "E1",
                      {section("greeting", "Greeting", 100.0, 2, 0),
                       section("complaint", "Complaint handling", 100.0, 3, 0, "E2")},
                      {{"greeted", "Ann was excellent at the door."}},
                      "Quick visit."});
    // v2 (B1, 1 Oct): complaint handling at 100 but one question NA: not recognised. The
    // summary praises "Bob": two staff of B1 share that first name, so no one is named; then
    // "Bob Brown went above and beyond" names E3 in full with a praise phrase.
    visits.push_back({"v2",
                      "2026-10-01T09:00",
                      "Client",
                      "B1",
                      "E2",
                      {section("complaint", "Complaint handling", 100.0, 2, 1)},
                      {},
                      "Bob was outstanding. Later Bob Brown went above and beyond!"});
    // v3 (B2, 5 Oct): a title that says complaint with another id; 99.5 is not 100. A negated
    // praise word ("not excellent") and praise in another sentence than the name: nothing for
    // Cleo. Dee (B2's) is recognised once though praised in two comments; Ann, praised in the
    // summary, is B1's staff, not this visit's branch's: not recognised here.
    visits.push_back({"v3",
                      "2026-10-05T15:30",
                      "Client",
                      "B2",
                      "E4",
                      {section("handling", "Handling a complaint", 99.5, 4, 0)},
                      {{"a_q", "Cleo was not excellent. The queue was superb."},
                       {"b_q", "DEE DUNN was brilliant with my question."},
                       {"c_q", "Dee Dunn, again, impressive."}},
                      "Ann Able was superb."});
    // v4 (B2, 5 Oct, later uuid order): complaint handling at 100 with a single question
    // answered: below min_answered (2): not recognised. No employee at all.
    visits.push_back({"v4",
                      "2026-10-05T15:30",
                      "Client",
                      "B2",
                      "",
                      {section("complaint", "Complaint handling", 100.0, 1, 0)},
                      {},
                      ""});

    const std::vector<Recognition> r = recognise(visits, staff);
    BOOST_TEST_REQUIRE(r.size() == 4u);
    // By date: v2 first.
    BOOST_TEST(r[0].visit == "v2");
    BOOST_TEST(r[0].kind == "praise");
    BOOST_TEST(r[0].employee == "E3");
    BOOST_TEST(r[0].employee_name == "Bob Brown");
    BOOST_TEST(r[0].question == "summary");
    BOOST_TEST(r[0].comment == "Later Bob Brown went above and beyond!");
    BOOST_TEST(r[0].named_as == "Bob Brown");
    BOOST_TEST(r[0].reason == "the visit's summary names Bob Brown with praise (\"above and "
                              "beyond\")");
    BOOST_TEST(r[1].visit == "v1");
    BOOST_TEST(r[1].kind == "perfect_section");
    BOOST_TEST(r[1].section == "complaint");
    BOOST_TEST(r[1].employee == "E2");
    BOOST_TEST(r[1].employee_name == "Bob Baker");
    BOOST_TEST(r[1].reason ==
               "Complaint handling at 100: all 3 scored questions answered and passed, none NA");
    BOOST_TEST(r[1].visited_at == "2026-10-03T10:00");
    BOOST_TEST(r[1].branch == "B1");
    BOOST_TEST(r[2].visit == "v1");
    BOOST_TEST(r[2].kind == "praise");
    BOOST_TEST(r[2].employee == "E1");
    BOOST_TEST(r[2].named_as == "Ann");
    BOOST_TEST(r[2].question == "greeted");
    BOOST_TEST(r[3].visit == "v3");
    BOOST_TEST(r[3].kind == "praise");
    BOOST_TEST(r[3].employee == "E5");
    BOOST_TEST(r[3].named_as == "DEE DUNN");
    BOOST_TEST(r[3].question == "b_q");
    BOOST_TEST(r[3].reason == "the comment on b_q names Dee Dunn with praise (\"brilliant\")");
}

BOOST_AUTO_TEST_CASE(rules_from_settings_replace_the_defaults) {
    const std::vector<RecognitionStaff> staff = {{"E1", "Ann Able", "B1"}};
    const std::vector<RecognitionVisit> visits = {
        {"v1",
         "2026-10-03T10:00",
         "Client",
         "B1",
         "E1",
         {section("greeting", "Greeting", 100.0, 2, 0),
          section("complaint", "Complaint handling", 100.0, 3, 0)},
         {{"q", "Ann was excellent. Ann was lovely."}},
         ""}};
    RecognitionRules rules;
    rules.sections = recognition_word_list(" greeting , ");
    rules.praise_words = recognition_word_list("Lovely, a real star");
    BOOST_TEST(rules.sections == std::vector<std::string>{"greeting"});
    BOOST_TEST(rules.praise_words == (std::vector<std::string>{"lovely", "a real star"}));
    const auto r = recognise(visits, staff, rules);
    BOOST_TEST_REQUIRE(r.size() == 2u);
    BOOST_TEST(r[0].section == "greeting");        // complaint is no longer recognised
    BOOST_TEST(r[0].employee == "E1");             // no attribution: the primary
    BOOST_TEST(r[1].comment == "Ann was lovely."); // "excellent" is no longer a praise word
    rules.sections = {"*"};
    BOOST_TEST(recognise(visits, staff, rules).size() == 3u);
    rules.min_answered = 3;
    BOOST_TEST(recognise(visits, staff, rules).size() == 2u); // greeting had 2 answered
}

BOOST_AUTO_TEST_CASE(the_screen_keeps_only_visits_that_may_be_recognised) {
    const RecognitionScreen screen({});
    RecognitionVisit v{"v", "2026-10-01T09:00", "C", "B1", "", {}, {}, ""};
    BOOST_TEST(!screen.may_recognise(v));
    v.sections = {section("complaint", "Complaint handling", 100.0, 2, 0)};
    BOOST_TEST(screen.may_recognise(v));
    BOOST_TEST(screen.perfect(v.sections[0]));
    v.sections = {section("complaint", "Complaint handling", 100.0, 2, 1)};
    BOOST_TEST(!screen.may_recognise(v));
    v.comments = {{"q", "Not bad. It was not excellent."}};
    BOOST_TEST(!screen.may_recognise(v));
    v.summary = "Someone went above and beyond.";
    BOOST_TEST(screen.may_recognise(v)); // praise, whoever is named: the staff come later
    BOOST_TEST(screen.praise_in("They went Above  and beyond.") == "Above  and beyond");
}

BOOST_AUTO_TEST_CASE(whole_words_only_and_possessives) {
    const std::vector<RecognitionStaff> staff = {{"E1", "Ann Able", "B1"}};
    auto one = [&](const std::string& comment) {
        return recognise({{"v", "2026-10-01T09:00", "C", "B1", "", {}, {{"q", comment}}, ""}},
                         staff)
            .size();
    };
    BOOST_TEST(one("Annual review was excellent.") == 0u); // "Ann" is not in "Annual"
    BOOST_TEST(one("Ann's help was excellent.") == 1u);
    BOOST_TEST(one("Ann\u2019s help was superb.") == 1u);
    BOOST_TEST(one("Ann wasn't excellent.") == 0u);
    BOOST_TEST(one("Ann wasn\u2019t excellent.") == 0u);
    BOOST_TEST(one("Excellently done, Ann.") == 0u); // "excellently" is another word
}

BOOST_AUTO_TEST_SUITE_END()
