// Contract of OrganisationStore (storage/organisation_store.h): clients, regions, branches,
// employees and shoppers are added, renamed, deactivated (never deleted) and imported.
#include "backends.h"
#include "forms/error.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace vs;
using contract::Fresh;
using storage::OrgKind;

namespace {

/// Acme with branch B1 "High Street"; returns {client id, branch id}.
std::pair<std::int64_t, std::int64_t> acme(storage::OrganisationStore& o) {
    storage::OrgEntity c;
    c.kind = OrgKind::Client;
    c.name = "Acme";
    c.id = o.org_save(c);
    storage::OrgEntity b;
    b.kind = OrgKind::Branch;
    b.client_id = c.id;
    b.code = "B1";
    b.name = "High Street";
    return {c.id, o.org_save(b)};
}

} // namespace

BOOST_AUTO_TEST_SUITE(organisation_store)

VS_CONTRACT_CASE(entities_are_added_renamed_and_codes_stay_unique) {
    Fresh f(backend);
    storage::OrganisationStore& o = *f.store;
    const auto [client, branch] = acme(o);
    BOOST_TEST(client > 0);
    BOOST_TEST(branch > 0);
    auto branches = o.org_list(OrgKind::Branch, client, false);
    BOOST_REQUIRE_EQUAL(branches.size(), 1u);
    BOOST_TEST(branches[0].id == branch);
    BOOST_TEST(branches[0].client == "Acme");
    BOOST_TEST(branches[0].code == "B1");
    BOOST_TEST(branches[0].active);
    storage::OrgEntity renamed = branches[0];
    renamed.name = "High Street East";
    BOOST_TEST(o.org_save(renamed) == branch);
    BOOST_TEST(o.org_list(OrgKind::Branch, client, false)[0].name == "High Street East");
    storage::OrgEntity dup = renamed;
    dup.id = 0;
    BOOST_CHECK_EXCEPTION(o.org_save(dup), InputError, [](const InputError& e) {
        return e.message().find("already used") != std::string::npos;
    });
    BOOST_TEST(o.org_list(OrgKind::Branch, std::nullopt, true).size() == 1u);
    const auto clients = o.org_list(OrgKind::Client, std::nullopt, true);
    BOOST_REQUIRE_EQUAL(clients.size(), 1u);
    BOOST_TEST(clients[0].name == "Acme");
}

VS_CONTRACT_CASE(deactivated_entities_stay_listed_when_asked_for) {
    Fresh f(backend);
    storage::OrganisationStore& o = *f.store;
    const auto [client, branch] = acme(o);
    o.org_set_active(OrgKind::Branch, branch, false);
    BOOST_TEST(o.org_list(OrgKind::Branch, client, false).empty());
    auto all = o.org_list(OrgKind::Branch, client, true);
    BOOST_REQUIRE_EQUAL(all.size(), 1u);
    BOOST_TEST(!all[0].active);
    o.org_set_active(OrgKind::Branch, branch, true);
    BOOST_TEST(o.org_list(OrgKind::Branch, client, false).size() == 1u);
}

VS_CONTRACT_CASE(imported_rows_are_found_or_created_with_their_parents) {
    Fresh f(backend);
    storage::OrganisationStore& o = *f.store;
    const auto [client, branch] = acme(o);
    const std::size_t n = o.org_import(
        OrgKind::Employee, {{"Acme", "E1", "Sam Taylor", "B1"}, {"Acme", "E2", "Lee, Jo", "B2"}});
    BOOST_TEST(n == 2u);
    auto staff = o.org_list(OrgKind::Employee, client, false);
    BOOST_REQUIRE_EQUAL(staff.size(), 2u);
    BOOST_TEST(staff[0].code == "E1");
    BOOST_TEST(staff[0].name == "Sam Taylor");
    BOOST_TEST(staff[0].parent == "B1");
    BOOST_TEST(staff[0].parent_id == branch);
    BOOST_TEST(staff[1].name == "Lee, Jo");
    BOOST_TEST(staff[1].parent == "B2"); // the parent was created
    BOOST_TEST(o.org_list(OrgKind::Branch, client, true).size() == 2u);
    // Found again by code: an empty name keeps the stored one, a new name replaces it.
    BOOST_TEST(o.org_import(OrgKind::Employee,
                            {{"Acme", "E1", "", ""}, {"Acme", "E2", "Jo Lee", ""}}) == 2u);
    staff = o.org_list(OrgKind::Employee, client, false);
    BOOST_REQUIRE_EQUAL(staff.size(), 2u);
    BOOST_TEST(staff[0].name == "Sam Taylor");
    BOOST_TEST(staff[1].name == "Jo Lee");
    // Branches take a region by name; clients and regions are found by name.
    o.org_import(OrgKind::Branch, {{"Acme", "B3", "Station Road", "South"}});
    o.org_import(OrgKind::Region, {{"Acme", "", "South", ""}});
    o.org_import(OrgKind::Client, {{"", "", "Acme", ""}, {"", "", "Beta Ltd", ""}});
    BOOST_TEST(o.org_list(OrgKind::Client, std::nullopt, true).size() == 2u);
    const auto regions = o.org_list(OrgKind::Region, client, true);
    BOOST_REQUIRE_EQUAL(regions.size(), 1u);
    BOOST_TEST(regions[0].name == "South");
    for (const auto& b : o.org_list(OrgKind::Branch, client, true))
        if (b.code == "B3")
            BOOST_TEST(b.parent_id == regions[0].id);
}

VS_CONTRACT_CASE(lists_count_the_visits_that_name_an_entity) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::OrganisationStore& o = *f.store;
    std::map<std::string, std::int64_t> visits;
    for (const auto& b : o.org_list(OrgKind::Branch, std::nullopt, true))
        visits[b.code] = b.visits;
    BOOST_TEST(visits["B1"] == 2);
    BOOST_TEST(visits["B2"] == 1);
    for (const auto& b : o.org_list(OrgKind::Branch, std::nullopt, true, false))
        BOOST_TEST(b.visits == 0); // not counted
    const auto regions = o.org_list(OrgKind::Region, std::nullopt, true);
    BOOST_REQUIRE_EQUAL(regions.size(), 2u);
    BOOST_TEST(regions[0].name == "North"); // by name
    const auto shoppers = o.org_list(OrgKind::Shopper, std::nullopt, true);
    BOOST_REQUIRE_EQUAL(shoppers.size(), 2u);
    BOOST_TEST(shoppers[0].name == "Sam Shopper");
}

VS_CONTRACT_CASE(lists_sort_names_and_codes_byte_by_byte) {
    Fresh f(backend);
    storage::OrganisationStore& o = *f.store;
    o.org_import(OrgKind::Shopper, {{"beta", "s2", "", ""},
                                    {"Zed", "S1", "", ""},
                                    {"Acme", "s1", "", ""},
                                    {"Acme", "S2", "", ""}});
    std::vector<std::string> clients;
    for (const auto& c : o.org_list(OrgKind::Client, std::nullopt, true))
        clients.push_back(c.name);
    BOOST_TEST(clients == (std::vector<std::string>{"Acme", "Zed", "beta"}),
               boost::test_tools::per_element());
    std::vector<std::string> shoppers;
    for (const auto& s : o.org_list(OrgKind::Shopper, std::nullopt, true))
        shoppers.push_back(s.client + "/" + s.code);
    BOOST_TEST(shoppers == (std::vector<std::string>{"Acme/S2", "Acme/s1", "Zed/S1", "beta/s2"}),
               boost::test_tools::per_element());
}

VS_CONTRACT_CASE(a_parent_is_linked_and_unlinked) {
    Fresh f(backend);
    storage::OrganisationStore& o = *f.store;
    const auto [client, branch] = acme(o);
    storage::OrgEntity e;
    e.kind = OrgKind::Employee;
    e.client_id = client;
    e.code = "E1";
    e.name = "Sam Taylor";
    e.parent_id = branch;
    e.id = o.org_save(e);
    auto staff = o.org_list(OrgKind::Employee, client, true);
    BOOST_REQUIRE_EQUAL(staff.size(), 1u);
    BOOST_TEST(staff[0].id == e.id);
    BOOST_TEST(staff[0].parent_id == branch);
    BOOST_TEST(staff[0].parent == "B1");
    BOOST_TEST(staff[0].client == "Acme");
    e.parent_id = 0; // none
    e.active = false;
    BOOST_TEST(o.org_save(e) == e.id);
    staff = o.org_list(OrgKind::Employee, client, true);
    BOOST_REQUIRE_EQUAL(staff.size(), 1u);
    BOOST_TEST(staff[0].parent_id == 0);
    BOOST_TEST(staff[0].parent.empty());
    BOOST_TEST(!staff[0].active);
    BOOST_TEST(o.org_list(OrgKind::Employee, client, false).empty());
    // A region of the client; a client's own list holds just it.
    storage::OrgEntity r;
    r.kind = OrgKind::Region;
    r.client_id = client;
    r.name = "North";
    r.id = o.org_save(r);
    const auto regions = o.org_list(OrgKind::Region, client, false);
    BOOST_REQUIRE_EQUAL(regions.size(), 1u);
    BOOST_TEST(regions[0].id == r.id);
    BOOST_TEST(regions[0].client_id == client);
    BOOST_TEST(o.org_list(OrgKind::Client, client, false).size() == 1u);
    BOOST_TEST(o.org_save(r) == r.id); // saved again: the same row
    r.id = 0;
    BOOST_CHECK_EXCEPTION(o.org_save(r), InputError, [](const InputError& x) {
        return x.where() == "name" && x.message().find("already used") != std::string::npos;
    });
}

BOOST_AUTO_TEST_SUITE_END()
