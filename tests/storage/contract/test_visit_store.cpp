// Contract of VisitStore (storage/visit_store.h): imports all or nothing, the visit list with
// its filters and labels, loading a visit whole, drafts, recording review steps and edits.
#include "backends.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "scoring/visit_score.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace vs;
using contract::Fresh;

namespace {

std::vector<std::int64_t> ids_of(storage::VisitStore& v, std::initializer_list<const char*> uuids) {
    std::vector<std::int64_t> out;
    for (const char* u : uuids)
        out.push_back(contract::id_of(v, u));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(visit_store)

VS_CONTRACT_CASE(import_is_idempotent_and_a_conflict_rejects_the_whole_file) {
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    storage::VisitStore& v = *f.store;
    std::vector<forms::Visit> visits = contract::mini_visits();
    storage::ImportReport r = v.import_visits({visits[0]}, "first.json");
    BOOST_TEST(r.added == 1u);
    r = v.import_visits({visits[0]}, "first.json");
    BOOST_TEST(r.added == 0u);
    BOOST_TEST(r.unchanged == 1u);
    visits[0].summary = "Edited afterwards";
    try {
        v.import_visits(visits, "second.json");
        BOOST_FAIL("a conflict was accepted");
    } catch (const InputError& e) {
        BOOST_TEST(e.file() == "second.json");
        BOOST_TEST(std::string(e.what()).find(contract::kUuidA) != std::string::npos, e.what());
    }
    BOOST_TEST(v.visit_ids({}).size() == 1u); // B and C came in the same file
    BOOST_TEST(!v.visit_id_of(contract::kUuidB).has_value());
    r = v.import_visits(contract::mini_visits(), "mini.visits.json");
    BOOST_TEST(r.added == 2u);
    BOOST_TEST(r.unchanged == 1u);
}

VS_CONTRACT_CASE(an_import_with_a_bad_visit_writes_nothing) {
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    storage::VisitStore& v = *f.store;
    std::vector<forms::Visit> visits = contract::mini_visits();
    visits[2].template_version = 9;
    BOOST_CHECK_THROW(v.import_visits(visits, "bad.json"), InputError);
    visits = contract::mini_visits();
    visits[1].answers["warmth"] = 6; // out of the scale
    BOOST_CHECK_THROW(v.import_visits(visits, "bad.json"), InputError);
    BOOST_TEST(v.visit_ids({}).empty());
}

VS_CONTRACT_CASE(a_streamed_import_stores_what_the_whole_import_stores) {
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    storage::VisitStore& v = *f.store;
    const std::vector<forms::Visit> visits = contract::mini_visits();
    const storage::ImportReport r = v.import_visit_stream(
        [&](const forms::VisitSink& sink) {
            for (std::size_t i = 0; i < visits.size(); ++i)
                sink(forms::Visit(visits[i]), i + 1);
        },
        visits.size(), "stream.json");
    BOOST_TEST(r.added == 3u);
    Fresh whole(backend);
    contract::load_mini(*whole.store, *whole.store);
    for (const char* uuid : {contract::kUuidA, contract::kUuidB, contract::kUuidC}) {
        BOOST_TEST_INFO_SCOPE(uuid);
        const storage::StoredVisit a = v.load_visit(contract::id_of(v, uuid));
        const storage::StoredVisit b = whole.store->load_visit(contract::id_of(*whole.store, uuid));
        BOOST_TEST(a.visit.answers == b.visit.answers);
        BOOST_TEST(a.visit.branch == b.visit.branch);
        BOOST_TEST((a.visit.status == b.visit.status));
    }
    // A source's own error passes through and nothing is written.
    Fresh failing(backend);
    failing.store->add_template(contract::mini_template(), "mini.template.json");
    BOOST_CHECK_THROW(failing.store->import_visit_stream(
                          [&](const forms::VisitSink& sink) {
                              sink(forms::Visit(visits[0]), 1);
                              throw std::runtime_error("disk went away");
                          },
                          visits.size(), "stream.json"),
                      std::runtime_error);
    BOOST_TEST(failing.store->visit_ids({}).empty());
}

namespace {

/// The organisation entity of `kind` with this code (a region: name) within the only client
/// named `client`; a failure when there is none.
storage::OrgEntity org_entity(storage::OrganisationStore& org, storage::OrgKind kind,
                              const std::string& client, const std::string& key) {
    for (const auto& c : org.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        if (c.name == client)
            for (const auto& e : org.org_list(kind, c.id, true, false))
                if ((kind == storage::OrgKind::Region ? e.name : e.code) == key)
                    return e;
    BOOST_FAIL("no " << key << " of " << client);
    return {};
}

/// A copy of mini visit `from` under another uuid (…0000000000NN).
forms::Visit renamed(const forms::Visit& from, int n) {
    forms::Visit v = from;
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
    v.uuid = uuid;
    return v;
}

} // namespace

VS_CONTRACT_CASE(an_import_finds_creates_and_updates_the_organisation_it_names) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::OrganisationStore& org = *f.store;
    using storage::OrgKind;
    // E2 was first named by A's section attribution, then by B with a name and a home branch.
    storage::OrgEntity e2 = org_entity(org, OrgKind::Employee, "Test Client", "E2");
    BOOST_TEST(e2.name == "Bob Baker");
    BOOST_TEST(e2.parent_id == org_entity(org, OrgKind::Branch, "Test Client", "B1").id);
    BOOST_TEST(org_entity(org, OrgKind::Branch, "Test Client", "B2").parent_id ==
               org_entity(org, OrgKind::Region, "Test Client", "South").id);

    const std::vector<forms::Visit> mini = contract::mini_visits();
    std::vector<forms::Visit> visits;
    visits.push_back(renamed(mini[1], 101)); // E2 now at B2, in the region East
    visits.back().branch = "B2";
    visits.back().region = "East";
    visits.push_back(renamed(mini[0], 102)); // B1 and E1 renamed; a new section employee
    visits.back().branch_name = "Branch One, High Street";
    visits.back().employee_name = "Ann Smith";
    visits.back().section_employees = {{"handling", "E9"}};
    visits.push_back(renamed(mini[2], 103)); // no region: B2 keeps East
    visits.back().region.clear();
    visits.push_back(renamed(mini[0], 104)); // another client's B1, E1 and S1
    visits.back().client = "Other Client";
    visits.back().section_employees.clear();
    const storage::ImportReport r = f.store->import_visits(visits, "more.json");
    BOOST_TEST(r.added == 4u);

    e2 = org_entity(org, OrgKind::Employee, "Test Client", "E2");
    BOOST_TEST(e2.name == "Bob Baker");
    const storage::OrgEntity b2 = org_entity(org, OrgKind::Branch, "Test Client", "B2");
    BOOST_TEST(e2.parent_id == b2.id);
    BOOST_TEST(b2.parent_id == org_entity(org, OrgKind::Region, "Test Client", "East").id);
    const storage::OrgEntity b1 = org_entity(org, OrgKind::Branch, "Test Client", "B1");
    BOOST_TEST(b1.name == "Branch One, High Street");
    BOOST_TEST(b1.parent_id == org_entity(org, OrgKind::Region, "Test Client", "North").id);
    BOOST_TEST(org_entity(org, OrgKind::Employee, "Test Client", "E1").name == "Ann Smith");
    const storage::OrgEntity e9 = org_entity(org, OrgKind::Employee, "Test Client", "E9");
    BOOST_TEST(e9.name.empty());
    BOOST_TEST(e9.parent_id == 0);
    const storage::OrgEntity other = org_entity(org, OrgKind::Branch, "Other Client", "B1");
    BOOST_TEST(other.id != b1.id);
    BOOST_TEST(other.name == "Branch One");
    BOOST_TEST(org_entity(org, OrgKind::Employee, "Other Client", "E1").parent_id == other.id);
    BOOST_TEST(org_entity(org, OrgKind::Shopper, "Other Client", "S1").name == "Sam Shopper");
}

VS_CONTRACT_CASE(a_uuid_twice_in_one_file_and_a_second_reference_are_refused_whole) {
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    storage::VisitStore& v = *f.store;
    std::vector<forms::Visit> visits = contract::mini_visits();
    visits.push_back(visits[0]); // the same visit again: stored once
    storage::ImportReport r = v.import_visits(visits, "twice.json");
    BOOST_TEST(r.added == 3u);
    BOOST_TEST(r.unchanged == 1u);

    visits = {renamed(visits[1], 201), renamed(visits[1], 201)};
    visits[1].summary = "Not the same";
    try {
        v.import_visits(visits, "twice.json");
        BOOST_FAIL("a uuid given twice with different content was accepted");
    } catch (const InputError& e) {
        BOOST_TEST(e.where() == "visits[1].uuid");
    }

    visits = {renamed(visits[0], 202), renamed(visits[0], 203), renamed(visits[0], 204)};
    for (forms::Visit& x : visits)
        x.calibration = "exercise-1";
    visits[0].reference = true;
    visits[2].reference = true;
    try {
        v.import_visits(visits, "references.json");
        BOOST_FAIL("a second reference visit was accepted");
    } catch (const InputError& e) {
        BOOST_TEST(e.where() == "visits[2] (" + visits[2].uuid + ").reference");
    }
    BOOST_TEST(v.visit_ids({}).size() == 3u);
    visits[2].reference = false;
    r = v.import_visits(visits, "references.json");
    BOOST_TEST(r.added == 3u);
    visits = {renamed(visits[0], 205)};
    BOOST_CHECK_THROW(v.import_visits(visits, "again.json"), InputError); // stored reference
}

VS_CONTRACT_CASE(a_large_import_is_all_or_nothing_and_a_bad_visit_ranks_before_a_conflict) {
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    storage::VisitStore& v = *f.store;
    const forms::Visit a = contract::mini_visits()[0];
    std::vector<forms::Visit> visits;
    for (int i = 0; i < 9000; ++i)
        visits.push_back(renamed(a, 1000 + i));
    storage::ImportReport r =
        v.import_visits(std::vector<forms::Visit>(visits.begin(), visits.begin() + 100), "a.json");
    BOOST_TEST(r.added == 100u);

    std::vector<forms::Visit> changed = visits;
    changed[50].summary = "Changed";     // a conflict early
    changed[8500].answers["warmth"] = 6; // and a bad visit late: the bad visit is reported
    try {
        v.import_visits(changed, "b.json");
        BOOST_FAIL("a bad visit was accepted");
    } catch (const InputError& e) {
        BOOST_TEST(e.where().find("visits[8500]") == 0u, e.what());
    }
    changed[8500] = visits[8500];
    changed[50] = visits[50];
    changed[8800].summary = "Changed";
    changed[8800].uuid = visits[10].uuid; // a conflict late, once thousands were written
    try {
        v.import_visits(changed, "c.json");
        BOOST_FAIL("a conflict was accepted");
    } catch (const InputError& e) {
        BOOST_TEST(e.where() == "visits[8800].uuid");
    }
    BOOST_TEST(v.visit_ids({}).size() == 100u);
    r = v.import_visits(visits, "d.json");
    BOOST_TEST(r.added == 8900u);
    BOOST_TEST(r.unchanged == 100u);
    BOOST_TEST(v.visit_ids({}).size() == 9000u);
}

VS_CONTRACT_CASE(a_cancelled_import_writes_nothing_and_the_store_stays_usable) {
    /// Cancels at its `stop_at`-th update.
    struct CancellingProgress : Progress {
        explicit CancellingProgress(std::size_t stop_at) : stop_at(stop_at) {}
        void start(std::string_view, std::size_t) override {}
        bool update(std::size_t) override { return ++updates < stop_at; }
        void finish() override {}
        std::size_t stop_at;
        std::size_t updates = 0;
    };
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    storage::VisitStore& v = *f.store;
    const forms::Visit a = contract::mini_visits()[0];
    std::vector<forms::Visit> visits;
    for (int i = 0; i < 9000; ++i)
        visits.push_back(renamed(a, 1000 + i));
    CancellingProgress cancel(25); // after thousands of visits were handed to the store
    BOOST_CHECK_THROW(v.import_visits(visits, "a.json", &cancel), Cancelled);
    BOOST_TEST(cancel.updates == 25u);
    BOOST_TEST(v.visit_ids({}).empty());
    BOOST_TEST(v.import_visits(visits, "a.json").added == 9000u);
}

VS_CONTRACT_CASE(the_visit_list_filters_and_orders_newest_first) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::VisitStore& v = *f.store;
    const auto abc = ids_of(v, {contract::kUuidC, contract::kUuidB, contract::kUuidA});
    BOOST_TEST(v.visit_ids({}) == abc, boost::test_tools::per_element());
    storage::VisitListQuery q;
    q.status = forms::Status::Submitted;
    BOOST_TEST(v.visit_ids(q) == ids_of(v, {contract::kUuidC}), boost::test_tools::per_element());
    q = {};
    q.from_day = *forms::parse_day("2026-10-05");
    q.to_day = *forms::parse_day("2026-10-31");
    BOOST_TEST(v.visit_ids(q) == ids_of(v, {contract::kUuidB}), boost::test_tools::per_element());
    q = {};
    q.to_day = *forms::parse_day("2026-10-10"); // inclusive
    BOOST_TEST(v.visit_ids(q) == ids_of(v, {contract::kUuidB, contract::kUuidA}),
               boost::test_tools::per_element());
    q = {};
    q.search = "bRANCH oNE"; // branch name, case-insensitive
    BOOST_TEST(v.visit_ids(q) == ids_of(v, {contract::kUuidB, contract::kUuidA}),
               boost::test_tools::per_element());
    q.search = "Bob"; // the primary employee's name
    BOOST_TEST(v.visit_ids(q) == ids_of(v, {contract::kUuidB}), boost::test_tools::per_element());
    q.search = "mini test"; // the scorecard
    BOOST_TEST(v.visit_ids(q).size() == 3u);
    q.search = "00000000000c"; // the uuid
    BOOST_TEST(v.visit_ids(q) == ids_of(v, {contract::kUuidC}), boost::test_tools::per_element());
    q.search = "100%"; // no wildcard
    BOOST_TEST(v.visit_ids(q).empty());

    const auto clients = f.store->org_list(storage::OrgKind::Client, std::nullopt, true, false);
    BOOST_REQUIRE_EQUAL(clients.size(), 1u);
    q = {};
    q.client_id = clients[0].id;
    BOOST_TEST(v.visit_ids(q).size() == 3u);
    for (const auto& b : f.store->org_list(storage::OrgKind::Branch, clients[0].id, true, false))
        if (b.code == "B2") {
            q.branch_id = b.id;
            BOOST_TEST(v.visit_ids(q) == ids_of(v, {contract::kUuidC}),
                       boost::test_tools::per_element());
        }
}

VS_CONTRACT_CASE(list_rows_come_in_the_order_asked_with_their_labels) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::VisitStore& v = *f.store;
    const std::int64_t a = contract::id_of(v, contract::kUuidA);
    const std::int64_t c = contract::id_of(v, contract::kUuidC);
    const std::vector<storage::VisitListRow> rows = v.visit_rows({c, a + c + 1000, a});
    BOOST_REQUIRE_EQUAL(rows.size(), 2u); // the unknown id is skipped
    BOOST_TEST(rows[0].id == c);
    BOOST_TEST(rows[1].id == a);
    const storage::VisitListRow& ra = rows[1];
    BOOST_TEST(ra.uuid == contract::kUuidA);
    BOOST_TEST(ra.client == "Test Client");
    BOOST_TEST(ra.branch == "B1 Branch One");
    BOOST_TEST(ra.employee == "E1 Ann Able");
    BOOST_TEST(ra.shopper == "S1 Sam Shopper");
    BOOST_TEST(ra.scorecard == "Mini test scorecard v1");
    BOOST_TEST((ra.status == forms::Status::Approved));
    BOOST_TEST(ra.score.value() == 83.75);
    BOOST_TEST(ra.target == 80.0);
    BOOST_TEST(!ra.critical);
    BOOST_TEST(ra.visited_at.rfind("2026-10-03T14:05", 0) == 0u, ra.visited_at);
    const storage::VisitListRow& rc = rows[0];
    BOOST_TEST(rc.branch == "B2");   // no name: the code alone
    BOOST_TEST(rc.employee.empty()); // not identified
    BOOST_TEST(rc.shopper == "S2");
    BOOST_TEST((rc.status == forms::Status::Submitted));
}

VS_CONTRACT_CASE(a_visit_loads_whole) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::VisitStore& v = *f.store;
    const storage::StoredVisit s = v.load_visit(contract::id_of(v, contract::kUuidA));
    BOOST_REQUIRE(s.tpl);
    BOOST_TEST(s.tpl->id == "mini");
    const forms::Visit& a = s.visit;
    BOOST_TEST(a.uuid == contract::kUuidA);
    BOOST_TEST(a.template_id == "mini");
    BOOST_TEST(a.template_version == 1);
    BOOST_TEST(a.client == "Test Client");
    BOOST_TEST(a.region == "North");
    BOOST_TEST(a.branch == "B1");
    BOOST_TEST(a.branch_name == "Branch One");
    BOOST_TEST(a.employee == "E1");
    BOOST_TEST(a.employee_name == "Ann Able");
    BOOST_TEST(a.shopper == "S1");
    BOOST_TEST((a.status == forms::Status::Approved));
    BOOST_TEST(a.answers.at("warmth") == 4);
    BOOST_TEST(a.comments.at("greeted") == "At the door.");
    BOOST_TEST(a.summary == "Good visit.");
    BOOST_TEST((a.section_employees == std::map<std::string, std::string>{{"handling", "E2"}}));
    BOOST_TEST(!s.updated_at.empty());
    BOOST_TEST(!v.visit_id_of("00000000-0000-4000-8000-0000000000ff").has_value());
    BOOST_CHECK_THROW(v.load_visit(contract::id_of(v, contract::kUuidA) + 1000),
                      storage::StorageError);
}

VS_CONTRACT_CASE(drafts_are_created_saved_rescored_and_only_drafts_are_saved) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::VisitStore& v = *f.store;
    const std::int64_t a = contract::id_of(v, contract::kUuidA);
    forms::Visit header = v.load_visit(a).visit;
    header.uuid.clear();
    header.status = forms::Status::Draft;
    header.answers = nlohmann::json::object();
    header.comments.clear();
    header.section_employees.clear();
    header.summary.clear();
    const std::int64_t id = v.create_draft(header);
    storage::StoredVisit d = v.load_visit(id);
    BOOST_TEST((d.visit.status == forms::Status::Draft));
    BOOST_TEST(d.visit.uuid.size() == 36u); // generated
    BOOST_TEST(d.visit.branch == "B1");
    forms::Visit edited = d.visit;
    edited.answers = {{"greeted", "yes"}, {"warmth", 2}, {"wait", 10}};
    edited.comments["wait"] = "ten seconds";
    edited.summary = "Draft so far";
    v.save_draft(id, edited);
    d = v.load_visit(id);
    BOOST_TEST(d.visit.answers.at("warmth") == 2);
    BOOST_TEST(d.visit.comments.at("wait") == "ten seconds");
    BOOST_TEST(d.visit.summary == "Draft so far");
    const auto want =
        scoring::score_visit(*d.tpl, forms::typed_answers(*d.tpl, edited.answers, "", ""));
    const auto rows = v.visit_rows({id});
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST((rows[0].score == want.score));
    BOOST_TEST(v.visit_ids({}).size() == 4u);
    // An approved visit is no draft.
    BOOST_CHECK_THROW(v.save_draft(a, edited), storage::StorageError);
    BOOST_TEST(v.load_visit(a).visit.answers.at("warmth") == 4);
}

VS_CONTRACT_CASE(a_status_change_is_recorded_with_its_audit_entry_unless_another_came_first) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::VisitStore& v = *f.store;
    storage::AuditStore& audit = *f.store;
    const std::int64_t c = contract::id_of(v, contract::kUuidC); // submitted
    v.record_status(c, forms::Status::Submitted, forms::Status::Returned, "rita", "add the receipt",
                    "add the receipt");
    storage::StoredVisit s = v.load_visit(c);
    BOOST_TEST((s.visit.status == forms::Status::Returned));
    BOOST_TEST(s.note == "add the receipt");
    auto log = audit.audit_log(c);
    BOOST_REQUIRE_EQUAL(log.size(), 1u);
    BOOST_TEST(log[0].who == "rita");
    BOOST_TEST(log[0].action == "status");
    BOOST_TEST(log[0].field == "status");
    BOOST_TEST(log[0].old_value == "submitted");
    BOOST_TEST(log[0].new_value == "returned");
    BOOST_TEST(log[0].reason == "add the receipt");
    // A step from a status the visit no longer has (another reviewer came first): nothing.
    BOOST_CHECK_THROW(
        v.record_status(c, forms::Status::Submitted, forms::Status::Approved, "sam", "", ""),
        storage::StorageError);
    BOOST_TEST((v.load_visit(c).visit.status == forms::Status::Returned));
    BOOST_TEST(audit.audit_log(c).size() == 1u);
    BOOST_CHECK_THROW(
        v.record_status(c + 1000, forms::Status::Returned, forms::Status::Submitted, "sam", "", ""),
        storage::StorageError);
    BOOST_TEST(audit.verify_audit("").ok());
}

VS_CONTRACT_CASE(an_edit_is_rescored_with_its_entries_unless_the_visit_changed_meanwhile) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::VisitStore& v = *f.store;
    storage::AuditStore& audit = *f.store;
    const std::int64_t a = contract::id_of(v, contract::kUuidA); // approved, warmth 4
    const storage::StoredVisit before = v.load_visit(a);
    forms::Visit edited = before.visit;
    edited.answers["warmth"] = 2;
    const std::vector<storage::AuditChange> entries{
        {"rita", "edit", "answers.warmth", "4", "2", "typo in the form"}};
    // A visit read before another change: refused, nothing written.
    BOOST_CHECK_THROW(v.apply_edit(a, edited, "2000-01-01T00:00:00Z", entries),
                      storage::StorageError);
    BOOST_TEST(v.load_visit(a).visit.answers.at("warmth") == 4);
    BOOST_TEST(audit.audit_log(a).empty());
    // No entries: nothing changes.
    v.apply_edit(a, edited, before.updated_at, {});
    BOOST_TEST(v.load_visit(a).visit.answers.at("warmth") == 4);
    v.apply_edit(a, edited, before.updated_at, entries);
    const storage::StoredVisit after = v.load_visit(a);
    BOOST_TEST(after.visit.answers.at("warmth") == 2);
    BOOST_TEST((after.visit.status == forms::Status::Approved));
    const auto want = scoring::score_visit(
        *after.tpl, forms::typed_answers(*after.tpl, after.visit.answers, "", ""));
    const auto rows = v.visit_rows({a});
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST((rows[0].score == want.score));
    const auto log = audit.audit_log(a);
    BOOST_REQUIRE_EQUAL(log.size(), 1u);
    BOOST_TEST(log[0].action == "edit");
    BOOST_TEST(log[0].field == "answers.warmth");
    BOOST_TEST(log[0].old_value == "4");
    BOOST_TEST(log[0].new_value == "2");
    BOOST_TEST(log[0].reason == "typo in the form");
    BOOST_TEST(audit.verify_audit("").ok());
}

VS_CONTRACT_CASE(a_refused_change_tells_who_changed_the_visit_and_when) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    std::unique_ptr<storage::Store> other = f.db->open(); // a second person at once
    storage::VisitStore& v = *f.store;
    const std::int64_t c = contract::id_of(v, contract::kUuidC); // submitted
    const forms::Status seen = other->load_visit(c).visit.status;
    v.record_status(c, forms::Status::Submitted, forms::Status::Returned, "rita", "add the receipt",
                    "add the receipt");
    const std::string rita_at = f.store->audit_log(c).back().at;
    try {
        other->record_status(c, seen, forms::Status::Approved, "sam", "", "");
        BOOST_FAIL("a step from a status the visit no longer has was written");
    } catch (const storage::StorageError& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("rita changed it at " + rita_at) != std::string::npos, message);
        BOOST_TEST(message.find("nothing was written") != std::string::npos, message);
        BOOST_TEST(message.find("Reload") != std::string::npos, message);
    }
    const std::int64_t a = contract::id_of(v, contract::kUuidA);
    const storage::StoredVisit read = other->load_visit(a);
    forms::Visit rita_edit = v.load_visit(a).visit;
    rita_edit.summary = "Rita's summary";
    v.apply_edit(a, rita_edit, read.updated_at,
                 {{"rita", "edit", "summary", read.visit.summary, "Rita's summary", "typo"}});
    const std::string edit_at = f.store->audit_log(a).back().at;
    forms::Visit sam_edit = read.visit;
    sam_edit.summary = "Sam's summary";
    try {
        other->apply_edit(a, sam_edit, read.updated_at,
                          {{"sam", "edit", "summary", read.visit.summary, "Sam's summary", "why"}});
        BOOST_FAIL("an edit of an old reading was written");
    } catch (const storage::StorageError& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("changed by rita at " + edit_at) != std::string::npos, message);
        BOOST_TEST(message.find("Reload") != std::string::npos, message);
    }
    BOOST_TEST(other->load_visit(a).visit.summary == "Rita's summary");
    BOOST_TEST(f.store->audit_log(a).size() == 1u);
}

VS_CONTRACT_CASE(an_edit_refused_after_a_draft_save_names_no_one_but_the_time) {
    // Saving a returned visit writes no audit entry: the refusal does not name the author of
    // the latest entry (the reviewer who returned it) but says when the visit changed.
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    std::unique_ptr<storage::Store> other = f.db->open();
    storage::VisitStore& v = *f.store;
    const std::int64_t c = contract::id_of(v, contract::kUuidC);
    v.record_status(c, forms::Status::Submitted, forms::Status::Returned, "rita", "add the receipt",
                    "add the receipt");
    const storage::StoredVisit read = other->load_visit(c);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    forms::Visit saved = read.visit;
    saved.summary = "receipt added";
    v.save_draft(c, saved);
    const std::string version = v.load_visit(c).updated_at;
    forms::Visit edited = read.visit;
    edited.summary = "Sam's summary";
    try {
        other->apply_edit(c, edited, read.updated_at,
                          {{"sam", "edit", "summary", "", "Sam's summary", "why"}});
        BOOST_FAIL("an edit of an old reading was written");
    } catch (const storage::StorageError& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("changed by someone else at " + version) != std::string::npos,
                   message);
    }
    BOOST_TEST(v.load_visit(c).visit.summary == "receipt added");
}

BOOST_AUTO_TEST_SUITE_END()
