#define BOOST_TEST_MODULE storage_contract
#include <boost/test/unit_test.hpp>
