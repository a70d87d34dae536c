// Contract of SettingsStore (storage/settings_store.h): settings, the pseudonym secret, and
// read-only stores.
#include "backends.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <map>
#include <string>

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

VS_CONTRACT_CASE(several_settings_are_read_at_once) {
    Fresh f(backend);
    storage::SettingsStore& s = *f.store;
    BOOST_TEST(s.settings({}).empty());
    BOOST_TEST(s.settings({"alert.below", "user"}).empty());
    s.set_setting("alert.below", "70");
    s.set_setting("alert.below@Northwind Bank", "off");
    s.set_setting("user", "it's me, \"quoted\"");
    s.set_setting("unasked", "x");
    const std::map<std::string, std::string> expected = {{"alert.below", "70"},
                                                         {"alert.below@Northwind Bank", "off"},
                                                         {"user", "it's me, \"quoted\""}};
    // Keys not stored are left out; a key asked twice is answered once; others are not read.
    BOOST_TEST((s.settings({"user", "alert.below@Northwind Bank", "alert.below", "missing",
                            "user"}) == expected));
    BOOST_TEST((f.db->open_read_only()->settings({"unasked"}) ==
                std::map<std::string, std::string>{{"unasked", "x"}}));
}

VS_CONTRACT_CASE(several_settings_are_stored_at_once) {
    Fresh f(backend);
    storage::SettingsStore& s = *f.store;
    s.set_setting("smtp.tls", "try");
    s.set_settings({});
    s.set_settings({{"smtp.url", "smtp://127.0.0.1:2525"}, {"smtp.tls", "off"}});
    BOOST_TEST((f.db->open()->settings({"smtp.url", "smtp.tls"}) ==
                std::map<std::string, std::string>{{"smtp.tls", "off"},
                                                   {"smtp.url", "smtp://127.0.0.1:2525"}}));
    // A read-only store refuses them all.
    BOOST_CHECK_THROW(f.db->open_read_only()->set_settings({{"smtp.tls", "require"}, {"x", "y"}}),
                      std::exception);
    BOOST_TEST(s.setting("smtp.tls", "") == "off");
    BOOST_TEST(s.setting("x", "none") == "none");
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
