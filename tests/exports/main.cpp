#define BOOST_TEST_MODULE exports
#include <boost/test/unit_test.hpp>
