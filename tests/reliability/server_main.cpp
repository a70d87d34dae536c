#define BOOST_TEST_MODULE server_reliability
#include <boost/test/unit_test.hpp>
