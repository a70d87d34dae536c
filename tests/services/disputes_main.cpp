#define BOOST_TEST_MODULE disputes
#include <boost/test/unit_test.hpp>
