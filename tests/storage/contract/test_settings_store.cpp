// Contract of SettingsStore (storage/settings_store.h): settings, the pseudonym secret, and
// read-only stores.
#include "backends.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;

BOOST_AUTO_TEST_SUITE(settings_store)

VS_CONTRACT_CASE(settings_are_stored_and_replaced) {
    Fresh f(backend);
    storage::SettingsStore& s = *f.store;
    BOOST_TEST(s.setting("user", "fallback") == "fallback");
    s.set_setting("user", "alice");
    BOOST_TEST(s.setting("user", "x") == "alice");
    s.set_setting("user", "bob");
    BOOST_TEST(s.setting("user", "x") == "bob");
    BOOST_TEST(s.setting("other", "") == "");
    BOOST_TEST(f.db->open()->setting("user", "") == "bob"); // kept with the data
}

VS_CONTRACT_CASE(the_pseudonym_key_is_made_once_per_database) {
    Fresh f(backend);
    BOOST_TEST(f.db->open_read_only()->read_only());
    storage::SettingsStore& s = *f.store;
    BOOST_TEST(!s.read_only());
    const std::string key = s.pseudonym_key();
    BOOST_TEST(key.size() >= 32u);
    BOOST_TEST(s.pseudonym_key() == key);
    BOOST_TEST(f.db->open()->pseudonym_key() == key);
    BOOST_TEST(f.db->open_read_only()->pseudonym_key() == key);
    Fresh other(backend);
    BOOST_TEST(other.store->pseudonym_key() != key);
}

BOOST_AUTO_TEST_SUITE_END()
