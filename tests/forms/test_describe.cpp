// describe(): one message for people about any failure, as the CLI's "error: …" line and the
// app's dialogs and message bars show it.

#include "forms/describe.h"
#include "forms/error.h"
#include "forms/progress.h"
#include "forms/template.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <ios>
#include <new>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

namespace {

template <class E> std::string described(E e) {
    return vs::describe(std::make_exception_ptr(e));
}

/// A storage- or SQLite-like failure: a runtime_error of another library.
class DatabaseLocked : public std::runtime_error {
  public:
    DatabaseLocked() : std::runtime_error("database is locked") {}
};

} // namespace

BOOST_AUTO_TEST_SUITE(describe_failures)

BOOST_AUTO_TEST_CASE(bad_input_names_file_place_and_fault) {
    BOOST_TEST(described(vs::InputError("shop.json", "sections[1].weight", "must be >= 0")) ==
               "shop.json: sections[1].weight: must be >= 0");
    BOOST_TEST(described(vs::InputError("", "branch", "no branch B7")) == "branch: no branch B7");
    BOOST_TEST(described(vs::InputError("", "", "no such visit")) == "no such visit");
    // As thrown by a reader, not only as constructed here.
    try {
        vs::forms::template_from_json(nlohmann::json::parse("{}"), "t.json");
        BOOST_FAIL("an empty template was accepted");
    } catch (...) {
        std::string m = vs::describe_current();
        BOOST_TEST(m.rfind("t.json: ", 0) == 0, m);
    }
}

BOOST_AUTO_TEST_CASE(cancel_files_and_memory) {
    BOOST_TEST(described(vs::Cancelled{}) == "cancelled");
    BOOST_TEST(described(std::filesystem::filesystem_error(
                   "remove", "/data/a.db", std::make_error_code(std::errc::permission_denied))) ==
               "/data/a.db: Permission denied");
    BOOST_TEST(
        described(std::filesystem::filesystem_error(
            "rename", "a.db", "b.db", std::make_error_code(std::errc::no_space_on_device))) ==
        "a.db -> b.db: No space left on device");
    BOOST_TEST(described(std::filesystem::filesystem_error(
                   "x", std::make_error_code(std::errc::io_error))) == "Input/output error");
    BOOST_TEST(described(std::ios_base::failure("basic_ios::clear")) ==
               "a file could not be read or written");
    BOOST_TEST(described(std::bad_alloc()) == "out of memory");
}

BOOST_AUTO_TEST_CASE(json_library_faults_are_not_shown_raw) {
    try {
        (void)nlohmann::json::parse("{\"a\": 1}").at("b");
        BOOST_FAIL("no exception");
    } catch (...) {
        BOOST_TEST(vs::describe_current() == "unexpected data in a stored or given file");
    }
}

BOOST_AUTO_TEST_CASE(other_failures_by_their_message) {
    BOOST_TEST(described(DatabaseLocked()) == "database is locked");
    BOOST_TEST(described(std::runtime_error("could not write out.csv")) ==
               "could not write out.csv");
    BOOST_TEST(described(std::runtime_error("")) == "an unexpected failure");
    BOOST_TEST(described(42) == "an unexpected failure");
    BOOST_TEST(vs::describe(nullptr) == "an unexpected failure");
}

BOOST_AUTO_TEST_SUITE_END()
