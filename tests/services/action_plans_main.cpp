#define BOOST_TEST_MODULE action_plans
#include <boost/test/unit_test.hpp>
