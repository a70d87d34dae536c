#define BOOST_TEST_MODULE pg_concurrency
#include <boost/test/unit_test.hpp>
