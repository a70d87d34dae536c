// Contract of TemplateStore (storage/template_store.h): versions stored once, never changed.
#include "backends.h"
#include "forms/error.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

BOOST_AUTO_TEST_SUITE(template_store)

VS_CONTRACT_CASE(a_version_is_stored_once_and_found) {
    Fresh f(backend);
    storage::TemplateStore& t = *f.store;
    BOOST_TEST(t.templates().empty());
    BOOST_TEST(t.add_template(contract::mini_template(), "mini.template.json"));
    BOOST_TEST(!t.add_template(contract::mini_template(), "again.json")); // the same: a no-op
    const std::vector<storage::TemplateInfo> all = t.templates();
    BOOST_REQUIRE_EQUAL(all.size(), 1u);
    BOOST_TEST(all[0].id == "mini");
    BOOST_TEST(all[0].version == 1);
    BOOST_TEST(all[0].name == "Mini test scorecard");
    BOOST_TEST(all[0].visits == 0);
    const auto found = t.find_template("mini", 1);
    BOOST_REQUIRE(found);
    BOOST_TEST(found->questions.size() == contract::mini_template().questions.size());
    BOOST_TEST(!t.find_template("mini", 2));
    BOOST_TEST(!t.find_template("other", 1));
    BOOST_REQUIRE(t.latest_template("mini"));
    BOOST_TEST(t.latest_template("mini")->version == 1);
    BOOST_TEST(!t.latest_template("other"));
}

VS_CONTRACT_CASE(a_different_template_under_a_stored_version_is_refused) {
    Fresh f(backend);
    storage::TemplateStore& t = *f.store;
    t.add_template(contract::mini_template(), "mini.template.json");
    forms::Template changed = contract::mini_template();
    changed.name = "Changed afterwards";
    BOOST_CHECK_THROW(t.add_template(changed, "changed.json"), InputError);
    BOOST_TEST(t.find_template("mini", 1)->name == "Mini test scorecard");
}

VS_CONTRACT_CASE(several_versions_are_stored_all_or_none) {
    Fresh f(backend);
    storage::TemplateStore& t = *f.store;
    t.add_template(contract::mini_template(), "mini.template.json");
    forms::Template v2 = contract::mini_template();
    v2.version = 2;
    v2.name = "Mini test scorecard, second version";
    forms::Template conflict = contract::mini_template();
    conflict.name = "Changed afterwards";
    BOOST_CHECK_THROW(t.add_templates({{v2, "v2.json"}, {conflict, "v1.json"}}), InputError);
    BOOST_TEST(!t.find_template("mini", 2)); // nothing of the batch was stored
    const std::vector<bool> added =
        t.add_templates({{contract::mini_template(), "v1.json"}, {v2, "v2.json"}});
    BOOST_TEST(added == (std::vector<bool>{false, true}), boost::test_tools::per_element());
    BOOST_TEST(t.latest_template("mini")->version == 2);
    BOOST_TEST(t.templates().size() == 2u);
}

VS_CONTRACT_CASE(templates_count_the_visits_that_use_them) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::TemplateStore& t = *f.store;
    BOOST_REQUIRE_EQUAL(t.templates().size(), 1u);
    BOOST_TEST(t.templates()[0].visits == 3);
}

BOOST_AUTO_TEST_SUITE_END()
