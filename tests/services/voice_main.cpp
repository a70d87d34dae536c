#define BOOST_TEST_MODULE voice
#include <boost/test/unit_test.hpp>
