// Organisation import (services/organisation.h): header names in any case, the row checks
// naming the file and line, and an import that writes all rows or none.
#include "forms/error.h"
#include "services/organisation.h"
#include "storage/sqlite_store.h"

#include <boost/test/unit_test.hpp>

using namespace vs;
using storage::OrgKind;

namespace {

/// The refusal names `file`, `where` and says `words`.
auto refused(const std::string& file, const std::string& where, const std::string& words) {
    return [file, where, words](const InputError& e) {
        return e.file() == file && e.where() == where &&
               e.message().find(words) != std::string::npos;
    };
}

std::int64_t client_id(storage::Store& s, const std::string& name) {
    for (const auto& c : s.org_list(OrgKind::Client, std::nullopt, true))
        if (c.name == name)
            return c.id;
    return 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(organisation)

BOOST_AUTO_TEST_CASE(rows_are_read_by_header_names_in_any_case) {
    const auto rows = services::parse_organisation_csv(
        OrgKind::Employee, "Branch,NAME,Code,cLiEnT,extra\nB1,Sam Taylor,E1,Acme,x\n,,E2,Acme\n",
        "staff.csv");
    BOOST_REQUIRE_EQUAL(rows.size(), 2u);
    BOOST_TEST(rows[0].client == "Acme");
    BOOST_TEST(rows[0].code == "E1");
    BOOST_TEST(rows[0].name == "Sam Taylor");
    BOOST_TEST(rows[0].parent == "B1");
    BOOST_TEST(rows[1].name.empty());
    BOOST_TEST(rows[1].parent.empty());
    const auto regions =
        services::parse_organisation_csv(OrgKind::Region, "client,name\nAcme,North\n", "r.csv");
    BOOST_REQUIRE_EQUAL(regions.size(), 1u);
    BOOST_TEST(regions[0].name == "North");
    BOOST_TEST(regions[0].code.empty());
    // Only a branch's region and an employee's branch are parents.
    const auto shoppers = services::parse_organisation_csv(
        OrgKind::Shopper, "client,code,branch,region\nAcme,S1,B1,North\n", "s.csv");
    BOOST_TEST(shoppers.at(0).parent.empty());
}

BOOST_AUTO_TEST_CASE(checks_name_the_file_and_line) {
    BOOST_CHECK_EXCEPTION(services::parse_organisation_csv(OrgKind::Client, "", "c.csv"),
                          InputError,
                          refused("c.csv", "line 1", "the file is empty; expected a header row"));
    BOOST_CHECK_EXCEPTION(
        services::parse_organisation_csv(OrgKind::Branch, "client,name\nAcme,x\n", "b.csv"),
        InputError, refused("b.csv", "line 1", "no \"code\" column in the header"));
    // The line a record starts on, after a quoted field that spans two lines.
    BOOST_CHECK_EXCEPTION(
        services::parse_organisation_csv(OrgKind::Region,
                                         "client,name\nAcme,\"North\nEast\"\n,South\n", "r.csv"),
        InputError, refused("r.csv", "line 4", "the \"client\" cell is empty"));
}

BOOST_AUTO_TEST_CASE(an_import_writes_all_rows_or_none) {
    storage::SqliteStore s(":memory:");
    BOOST_TEST(services::import_organisation_csv(s, OrgKind::Client, "Name\nAcme\nZenith\n",
                                                 "clients.csv") == 2u);
    const std::int64_t acme = client_id(s, "Acme");
    BOOST_REQUIRE(acme > 0);
    BOOST_TEST(services::import_organisation_csv(s, OrgKind::Branch,
                                                 "client,code,name,region\nAcme,B1,High Street,"
                                                 "North\nAcme,B2,,\n",
                                                 "branches.csv") == 2u);
    auto branches = s.org_list(OrgKind::Branch, acme, true);
    BOOST_REQUIRE_EQUAL(branches.size(), 2u);
    BOOST_TEST(branches[0].name == "High Street");
    BOOST_TEST(branches[0].parent == "North");
    BOOST_TEST(s.org_list(OrgKind::Region, acme, true).size() == 1u);

    // A bad third line: the good second line is not written either.
    BOOST_CHECK_EXCEPTION(services::import_organisation_csv(
                              s, OrgKind::Employee,
                              "client,code,name,branch\nAcme,E1,Sam Taylor,B3\nAcme,,Lee,B1\n",
                              "staff.csv"),
                          InputError, refused("staff.csv", "line 3", "\"code\" cell is empty"));
    BOOST_TEST(s.org_list(OrgKind::Employee, acme, true).empty());
    BOOST_TEST(s.org_list(OrgKind::Branch, acme, true).size() == 2u);

    // Known entries are updated by their key: a name renames, a branch moves the employee.
    BOOST_TEST(services::import_organisation_csv(s, OrgKind::Employee,
                                                 "client,code,name,branch\nAcme,E1,Sam Taylor,B1\n",
                                                 "staff.csv") == 1u);
    BOOST_TEST(services::import_organisation_csv(s, OrgKind::Employee,
                                                 "client,code,name,branch\nAcme,E1,Sam Tailor,B2\n"
                                                 "Acme,E1,,\n",
                                                 "staff.csv") == 2u);
    const auto staff = s.org_list(OrgKind::Employee, acme, true);
    BOOST_REQUIRE_EQUAL(staff.size(), 1u);
    BOOST_TEST(staff[0].name == "Sam Tailor");
    BOOST_TEST(staff[0].parent == "B2");
}

BOOST_AUTO_TEST_SUITE_END()
