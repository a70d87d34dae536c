// The one visit record: storage streams forms::VisitRecord (storage::VisitDetail names it) and
// the exports write it as it comes (exports::VisitRecord names it too), so no copy between
// them can drop a field; its header is the package visit's (forms::VisitHeader). A stored
// visit's record carries every field of the package visit it was imported from, with its day
// and scores as the scoring library computes them.

#include "exports/visit_record.h"
#include "fixture.h"
#include "forms/dates.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/visit_score.h"
#include "storage/store.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <type_traits>

namespace {

using namespace vs;

} // namespace

BOOST_AUTO_TEST_SUITE(visit_record)

BOOST_AUTO_TEST_CASE(storage_and_exports_share_one_record) {
    BOOST_TEST((std::is_same_v<storage::VisitDetail, exports::VisitRecord>));
    BOOST_TEST((std::is_same_v<exports::VisitRecord, forms::VisitRecord>));
    BOOST_TEST((std::is_base_of_v<forms::VisitHeader, forms::VisitRecord>));
    BOOST_TEST((std::is_base_of_v<forms::VisitHeader, forms::Visit>));
}

BOOST_AUTO_TEST_CASE(a_stored_visit_carries_every_field_of_its_package_visit) {
    std::vector<forms::Visit> package;
    const test::SmallData d = test::small_data(200, [&](std::vector<forms::Visit>& visits) {
        // Every optional field filled somewhere: a region and a summary (names belong to the
        // stored branch, staff member and shopper: the demo gives each one).
        forms::Visit& v = visits.front();
        if (v.region.empty())
            v.region = "North";
        v.summary = "Greeted at once; the queue moved.";
        package = visits;
    });
    std::map<std::string, const forms::Visit*> by_uuid;
    for (const auto& v : package)
        by_uuid[v.uuid] = &v;
    auto tpl_of = [&](const forms::VisitHeader& h) -> const forms::Template& {
        for (const auto& t : d.templates)
            if (t->id == h.template_id && t->version == h.template_version)
                return *t;
        throw std::runtime_error("no scorecard " + h.template_id);
    };

    BOOST_REQUIRE_EQUAL(d.records.size(), package.size());
    std::size_t whole_answers = 0, with_comments = 0, with_summary = 0, with_region = 0,
                with_staff = 0, with_shopper = 0, with_critical = 0;
    for (const exports::VisitRecord& r : d.records) {
        BOOST_TEST_INFO_SCOPE("visit " << r.uuid);
        BOOST_REQUIRE(by_uuid.count(r.uuid));
        const forms::Visit& p = *by_uuid.at(r.uuid);
        // The header, field by field (for the message), then as a whole.
        BOOST_TEST(r.template_id == p.template_id);
        BOOST_TEST(r.template_version == p.template_version);
        BOOST_TEST(r.client == p.client);
        BOOST_TEST(r.region == p.region);
        BOOST_TEST(r.branch == p.branch);
        BOOST_TEST(r.branch_name == p.branch_name);
        BOOST_TEST(r.employee == p.employee);
        BOOST_TEST(r.employee_name == p.employee_name);
        BOOST_TEST(r.shopper == p.shopper);
        BOOST_TEST(r.shopper_name == p.shopper_name);
        BOOST_TEST(r.visited_at == p.visited_at);
        BOOST_TEST((r.status == p.status));
        BOOST_TEST((static_cast<const forms::VisitHeader&>(r) ==
                    static_cast<const forms::VisitHeader&>(p)));
        // What storage adds: the day and the scores, as the scoring library makes them.
        BOOST_TEST(r.day == *forms::parse_day(p.visited_at.substr(0, 10)));
        const forms::Template& tpl = tpl_of(p);
        const scoring::VisitResult s =
            scoring::score_visit(tpl, forms::check_visit(tpl, p, "demo", r.uuid));
        BOOST_TEST((r.raw == s.raw));
        BOOST_TEST((r.score == s.score));
        BOOST_TEST(r.critical_failures == s.critical_failures, boost::test_tools::per_element());
        BOOST_REQUIRE_EQUAL(r.section_scores.size(), tpl.sections.size());
        for (std::size_t i = 0; i < s.sections.size(); ++i)
            BOOST_TEST((r.section_scores[i] == s.sections[i].score), "section " << i);
        // The body: every stored answer is the package's (hidden ones are left out), comments
        // and summary as given.
        for (const auto& [question, value] : r.answers.items()) {
            BOOST_TEST_INFO_SCOPE("question " << question);
            BOOST_REQUIRE(p.answers.contains(question));
            BOOST_TEST(value == p.answers.at(question));
        }
        whole_answers += r.answers == p.answers;
        BOOST_TEST((r.comments == p.comments));
        BOOST_TEST(r.summary == p.summary);
        with_comments += !r.comments.empty();
        with_summary += !r.summary.empty();
        with_region += !r.region.empty();
        with_staff += !r.employee_name.empty();
        with_shopper += !r.shopper_name.empty();
        with_critical += !r.critical_failures.empty();
    }
    // The data exercise every field.
    BOOST_TEST(whole_answers > 0u);
    BOOST_TEST(with_comments > 0u);
    BOOST_TEST(with_summary > 0u);
    BOOST_TEST(with_region > 0u);
    BOOST_TEST(with_staff > 0u);
    BOOST_TEST(with_shopper > 0u);
    BOOST_TEST(with_critical > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
