#define BOOST_TEST_MODULE server_roles
#include <boost/test/unit_test.hpp>
