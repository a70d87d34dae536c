#define BOOST_TEST_MODULE survey_import
#include <boost/test/unit_test.hpp>
