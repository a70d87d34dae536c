#define BOOST_TEST_MODULE app_model
#include <boost/test/unit_test.hpp>
