// Contract of TemplateStore (storage/template_store.h): versions stored once, never changed.
#include "backends.h"
#include "forms/error.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <latch>
#include <thread>
#include <utility>
#include <vector>

using namespace vs;
using contract::Fresh;

namespace {

/// The mini scorecard as version `version`, its source JSON saying so (as a file would).
forms::Template mini_version(int version) {
    forms::Template t = contract::mini_template();
    t.version = version;
    t.name = "Mini test scorecard v" + std::to_string(version);
    return forms::parse_template(forms::template_to_json(t).dump(2), "mini.template.json");
}

} // namespace

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
    // The versions alone, in the same order (codes in byte order).
    forms::Template other = contract::mini_template();
    other.id = "amini";
    t.add_template(other, "other.json");
    using Versions = std::vector<std::pair<std::string, int>>;
    const Versions versions = t.template_versions();
    BOOST_TEST((versions == Versions{{"amini", 1}, {"mini", 1}, {"mini", 2}}));
    Versions listed;
    for (const storage::TemplateInfo& info : t.templates())
        listed.emplace_back(info.id, info.version);
    BOOST_TEST((listed == versions));
}

VS_CONTRACT_CASE(templates_count_the_visits_that_use_them) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::TemplateStore& t = *f.store;
    BOOST_REQUIRE_EQUAL(t.templates().size(), 1u);
    BOOST_TEST(t.templates()[0].visits == 3);
}

VS_CONTRACT_CASE(a_version_stored_by_another_connection_is_found) {
    Fresh f(backend);
    const std::unique_ptr<storage::Store> other = f.db->open();
    BOOST_TEST(other->add_template(mini_version(1), "v1.json"));
    BOOST_REQUIRE(f.store->find_template("mini", 1));
    BOOST_TEST(!f.store->add_template(mini_version(1), "v1.json")); // stored: unchanged
    if (backend.name != "postgresql")
        return; // a SQLite file's connection keeps the versions it read: one desk adds them
    // A server database is shared: versions another connection adds later are found too.
    BOOST_TEST(other->add_template(mini_version(2), "v2.json"));
    BOOST_REQUIRE(f.store->latest_template("mini"));
    BOOST_TEST(f.store->latest_template("mini")->version == 2);
    BOOST_REQUIRE(f.store->find_template("mini", 2));
    BOOST_TEST(f.store->find_template("mini", 2)->name == "Mini test scorecard v2");
    BOOST_TEST(!f.store->add_template(mini_version(2), "v2.json"));
    forms::Template changed = mini_version(2);
    changed.name = "Changed afterwards";
    BOOST_CHECK_EXCEPTION(f.store->add_template(changed, "changed.json"), InputError,
                          [](const InputError& e) {
                              return e.message().find("already stored") != std::string::npos;
                          });
}

VS_CONTRACT_CASE(concurrent_adders_of_a_version_store_it_once) {
    if (backend.name != "postgresql")
        return; // a SQLite file has one writer at a time: one desk
    Fresh f(backend);
    const std::unique_ptr<storage::Store> a = f.db->open(), b = f.db->open();
    constexpr int kVersions = 12;
    std::vector<bool> added_a, added_b;
    std::string error_a, error_b;
    std::latch start(2);
    auto adder = [&](storage::Store& store, std::vector<bool>& added, std::string& error) {
        try {
            start.arrive_and_wait();
            for (int v = 1; v <= kVersions; ++v)
                added.push_back(store.add_template(mini_version(v), "mini.template.json"));
        } catch (const std::exception& e) {
            error = e.what();
        }
    };
    std::thread ta(adder, std::ref(*a), std::ref(added_a), std::ref(error_a));
    std::thread tb(adder, std::ref(*b), std::ref(added_b), std::ref(error_b));
    ta.join();
    tb.join();
    BOOST_TEST(error_a.empty(), error_a);
    BOOST_TEST(error_b.empty(), error_b);
    BOOST_REQUIRE_EQUAL(added_a.size(), std::size_t(kVersions));
    BOOST_REQUIRE_EQUAL(added_b.size(), std::size_t(kVersions));
    for (int v = 0; v < kVersions; ++v)
        BOOST_TEST(added_a[v] != added_b[v], "version " << v + 1 << " stored exactly once");
    BOOST_TEST(f.store->templates().size() == std::size_t(kVersions));
    BOOST_TEST(a->latest_template("mini")->version == kVersions);
    BOOST_TEST(b->latest_template("mini")->version == kVersions);
}

BOOST_AUTO_TEST_SUITE_END()
