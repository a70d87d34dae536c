// Contract of AssignmentStore (storage/assignment_store.h): assignments, their fees, shopper
// exclusions and home regions; and the field cycle's visit and attachment columns (a visit's
// assignment and evidence times, an attachment's SHA-256 and capture time), and the import
// batch of visits with their photos.
#include "backends.h"
#include "forms/error.h"
#include "storage/audit_chain.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <tuple>

using namespace vs;
using contract::Fresh;

namespace {

storage::Assignment planned(const std::string& uuid, const std::string& branch,
                            const std::string& shopper) {
    storage::Assignment a;
    a.uuid = uuid;
    a.client = "Test Client";
    a.branch = branch;
    a.template_id = "mini";
    a.template_version = 1;
    a.scenario = "Ask for the manager";
    a.window_from = "2099-01-01";
    a.window_to = "2099-01-31";
    a.shopper = shopper;
    return a;
}

/// The message of the error `put` throws, "" when none.
std::string refusal(storage::AssignmentStore& store,
                    const std::vector<storage::Assignment>& items) {
    try {
        store.put_assignments(items, "tester");
    } catch (const InputError& e) {
        return e.where() + ": " + e.message();
    }
    return "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(assignment_store)

VS_CONTRACT_CASE(assignments_round_trip_with_fees_and_filters) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::AssignmentStore& as = *f.store;
    BOOST_TEST(as.assignments({}).empty());
    BOOST_TEST(!as.assignment("nope"));
    storage::Assignment a = planned("as-1", "B1", "S1");
    a.fee_cents = 2500;
    a.note = "bring a receipt";
    storage::Assignment b = planned("as-2", "B2", "");
    b.window_from = "2099-02-01";
    b.window_to = "2099-02-10";
    as.put_assignments({a, b}, "planner");

    const auto all = as.assignments({});
    BOOST_REQUIRE_EQUAL(all.size(), 2u);
    BOOST_TEST(all[0].uuid == "as-1"); // by window_from
    BOOST_TEST(all[0].id > 0);
    BOOST_TEST(all[0].client == "Test Client");
    BOOST_TEST(all[0].branch == "B1");
    BOOST_TEST(all[0].template_id == "mini");
    BOOST_TEST(all[0].template_version == 1);
    BOOST_TEST(all[0].scenario == "Ask for the manager");
    BOOST_TEST(all[0].window_from == "2099-01-01");
    BOOST_TEST(all[0].window_to == "2099-01-31");
    BOOST_TEST(all[0].shopper == "S1");
    BOOST_TEST(all[0].status == "offered");
    BOOST_TEST(all[0].note == "bring a receipt");
    BOOST_TEST(all[0].visit_uuid.empty());
    BOOST_TEST(!all[0].updated_at.empty());
    BOOST_REQUIRE(all[0].fee_cents.has_value());
    BOOST_TEST(*all[0].fee_cents == 2500);
    BOOST_TEST(all[1].shopper.empty());
    BOOST_TEST(!all[1].fee_cents.has_value());

    BOOST_TEST(as.assignments({"", "S1", "", "", ""}).size() == 1u);
    BOOST_TEST(as.assignments({"Other", "", "", "", ""}).empty());
    BOOST_TEST(as.assignments({"", "", "", "2099-02-05", ""}).size() == 1u); // overlaps
    BOOST_TEST(as.assignments({"", "", "", "", "2099-01-15"}).size() == 1u);
    BOOST_TEST(as.assignments({"", "", "offered", "", ""}).size() == 2u);

    // Replaced by uuid; a fee left unset keeps the stored one.
    a.fee_cents.reset();
    a.shopper = "S2";
    as.put_assignments({a}, "planner");
    const auto one = as.assignment("as-1");
    BOOST_REQUIRE(one);
    BOOST_TEST(one->shopper == "S2");
    BOOST_REQUIRE(one->fee_cents.has_value());
    BOOST_TEST(*one->fee_cents == 2500);
    BOOST_TEST(as.assignments({}).size() == 2u);

    // Another connection reads the same.
    auto other = f.db->open();
    BOOST_TEST(other->assignments({}).size() == 2u);
}

VS_CONTRACT_CASE(put_is_all_or_nothing_and_names_the_first_bad_item) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::AssignmentStore& as = *f.store;
    const storage::Assignment good = planned("ok-1", "B1", "S1");
    auto bad = [&](auto change) {
        storage::Assignment b = planned("bad-1", "B1", "S1");
        change(b);
        return refusal(as, {good, b, planned("bad-2", "NOPE", "")});
    };
    std::string m = bad([](storage::Assignment& b) { b.client = "Nobody"; });
    BOOST_TEST(m.find("assignments[1] (bad-1)") != std::string::npos, m);
    BOOST_TEST(m.find("unknown client") != std::string::npos, m);
    m = bad([](storage::Assignment& b) { b.branch = "B9"; });
    BOOST_TEST(m.find("unknown branch \"B9\"") != std::string::npos, m);
    m = bad([](storage::Assignment& b) { b.shopper = "S9"; });
    BOOST_TEST(m.find("unknown shopper \"S9\"") != std::string::npos, m);
    m = bad([](storage::Assignment& b) { b.template_version = 7; });
    BOOST_TEST(m.find("unknown scorecard \"mini\" version 7") != std::string::npos, m);
    m = bad([](storage::Assignment& b) { b.window_from = "2099-03-01"; });
    BOOST_TEST(m.find("window_from is after window_to") != std::string::npos, m);
    m = bad([](storage::Assignment& b) { b.status = "overdue"; });
    BOOST_TEST(m.find("\"overdue\" is not a status") != std::string::npos, m);
    m = bad([](storage::Assignment& b) { b.window_to = "2099-02-30"; });
    BOOST_TEST(m.find("window_to") != std::string::npos, m);
    BOOST_TEST(as.assignments({}).empty()); // the good one was not stored either
}

VS_CONTRACT_CASE(status_changes_check_the_row_version_and_overdue_is_reported) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::AssignmentStore& as = *f.store;
    storage::Assignment late = planned("late", "B1", "S1");
    late.window_from = "2000-01-01";
    late.window_to = "2000-01-10";
    as.put_assignments({planned("now", "B1", "S1"), late}, "planner");
    BOOST_TEST(as.assignment("late")->status == "overdue");
    BOOST_TEST(as.assignments({"", "", "overdue", "", ""}).size() == 1u);
    BOOST_TEST(as.assignments({"", "", "offered", "", ""}).size() == 1u);

    const std::string version = as.assignment("now")->updated_at;
    as.set_assignment_status("now", "accepted", version, "S1");
    const auto accepted = as.assignment("now");
    BOOST_TEST(accepted->status == "accepted");
    BOOST_TEST(accepted->updated_at != version);
    // A change read before the acceptance is refused, naming who changed it and when, and
    // nothing is written.
    BOOST_TEST(as.assignment_changed_by("now") == "S1");
    BOOST_TEST(as.assignment_changed_by("missing") == "");
    BOOST_CHECK_EXCEPTION(
        as.set_assignment_status("now", "declined", version, "rita"), storage::ConflictError,
        [&](const storage::ConflictError& e) {
            const std::string m = e.what();
            BOOST_TEST(m.find("changed by S1 at " + accepted->updated_at) != std::string::npos, m);
            return true;
        });
    BOOST_TEST(as.assignment("now")->status == "accepted");
    BOOST_CHECK_THROW(as.set_assignment_status("now", "overdue", "", "S1"), InputError);
    BOOST_CHECK_THROW(as.set_assignment_status("missing", "accepted", "", "S1"), InputError);
    // A declined one past its window is not overdue; a cancelled one neither.
    as.set_assignment_status("late", "declined", "", "S1");
    BOOST_TEST(as.assignment("late")->status == "declined");

    as.mark_assignment_visited("now", contract::kUuidA);
    const auto visited = as.assignment("now");
    BOOST_TEST(visited->status == "visited");
    BOOST_TEST(visited->visit_uuid == contract::kUuidA);
    as.mark_assignment_visited("now", contract::kUuidA); // again: nothing changes
    BOOST_TEST(as.assignment("now")->updated_at == visited->updated_at);
    BOOST_CHECK_THROW(as.mark_assignment_visited("missing", contract::kUuidA), InputError);
}

VS_CONTRACT_CASE(exclusions_and_home_regions) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::AssignmentStore& as = *f.store;
    BOOST_TEST(as.shopper_exclusions("Test Client").empty());
    as.set_shopper_exclusion("Test Client", "S1", "B2", true, "her cousin works there");
    as.set_shopper_exclusion("Test Client", "S2", "B1", true, "");
    as.set_shopper_exclusion("Test Client", "S1", "B2", true, "again"); // no duplicate
    auto x = as.shopper_exclusions("Test Client");
    BOOST_REQUIRE_EQUAL(x.size(), 2u);
    BOOST_TEST(x[0].first == "S1");
    BOOST_TEST(x[0].second == "B2");
    BOOST_TEST(x[1].first == "S2");
    as.set_shopper_exclusion("Test Client", "S2", "B1", false, "");
    BOOST_TEST(as.shopper_exclusions("Test Client").size() == 1u);
    BOOST_TEST(as.shopper_exclusions("Other").empty());
    BOOST_CHECK_THROW(as.set_shopper_exclusion("Test Client", "S9", "B1", true, ""), InputError);
    BOOST_CHECK_THROW(as.set_shopper_exclusion("Test Client", "S1", "B9", true, ""), InputError);

    as.set_shopper_region("Test Client", "S1", "North");
    as.set_shopper_region("Test Client", "S1", "");
    BOOST_CHECK_THROW(as.set_shopper_region("Test Client", "S1", "Atlantis"), InputError);
    BOOST_CHECK_THROW(as.set_shopper_region("Test Client", "S9", "North"), InputError);
}

VS_CONTRACT_CASE(visits_keep_their_assignment_and_evidence) {
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    std::vector<forms::Visit> visits = contract::mini_visits();
    visits[0].assignment = "as-1";
    visits[0].evidence = {"2026-10-03T12:00:00Z", "2026-10-03T12:01:30Z", "2026-10-03T12:20:00Z"};
    visits[1].evidence.submitted_at = "2026-10-10T11:00:00Z";
    // In package JSON only when set.
    const nlohmann::json j = visits[0].to_json();
    BOOST_TEST(j["assignment"] == "as-1");
    BOOST_TEST(j["evidence"]["first_answer_at"] == "2026-10-03T12:01:30Z");
    BOOST_TEST(!visits[2].to_json().contains("assignment"));
    BOOST_TEST(!visits[2].to_json().contains("evidence"));
    BOOST_TEST(!visits[1].to_json()["evidence"].contains("opened_at"));
    const forms::Visit back = forms::visit_from_json(j, "t.json", "visits[0]");
    BOOST_TEST(back.assignment == "as-1");
    BOOST_TEST((back.evidence == visits[0].evidence));

    f.store->import_visits(visits, "mini.visits.json");
    const forms::Visit a = f.store->load_visit(contract::id_of(*f.store, contract::kUuidA)).visit;
    BOOST_TEST(a.assignment == "as-1");
    BOOST_TEST((a.evidence == visits[0].evidence));
    const forms::Visit b = f.store->load_visit(contract::id_of(*f.store, contract::kUuidB)).visit;
    BOOST_TEST(b.assignment.empty());
    BOOST_TEST(b.evidence.submitted_at == "2026-10-10T11:00:00Z");
    BOOST_TEST(b.evidence.opened_at.empty());
    // Importing the same again is a no-op; with other evidence a conflict.
    BOOST_TEST(f.store->import_visits(visits, "again.json").unchanged == 3u);
    visits[0].evidence.opened_at = "2026-10-03T11:00:00Z";
    BOOST_CHECK_THROW(f.store->import_visits(visits, "changed.json"), InputError);

    std::map<std::string, forms::VisitRecord> details;
    f.store->visit_details({}, [&](const storage::VisitDetail& d) { details[d.uuid] = d; });
    BOOST_TEST(details.at(contract::kUuidA).assignment == "as-1");
    BOOST_TEST(details.at(contract::kUuidA).evidence.submitted_at == "2026-10-03T12:20:00Z");
    BOOST_TEST(details.at(contract::kUuidB).assignment.empty());

    // A draft keeps them through create and save.
    forms::Visit header = a;
    header.uuid.clear();
    header.status = forms::Status::Draft;
    header.answers = nlohmann::json::object();
    header.comments.clear();
    const std::int64_t draft = f.store->create_draft(header);
    forms::Visit saved = f.store->load_visit(draft).visit;
    BOOST_TEST(saved.assignment == "as-1");
    saved.evidence.first_answer_at = "2026-12-01T10:00:00Z";
    f.store->save_draft(draft, saved);
    BOOST_TEST(f.store->load_visit(draft).visit.evidence.first_answer_at == "2026-12-01T10:00:00Z");
}

VS_CONTRACT_CASE(attachments_carry_their_hash_and_capture_time) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    const std::int64_t visit = contract::id_of(*f.store, contract::kUuidC);
    const std::vector<unsigned char> data{'a', 'b', 'c'};
    f.store->add_attachment(visit, "", "a.jpg", "image/jpeg", data, {}, "2026-11-02T09:41:12");
    f.store->add_attachment(visit, "", "b.png", "image/png", {}, {});
    const auto list = f.store->attachments(visit);
    BOOST_REQUIRE_EQUAL(list.size(), 2u);
    BOOST_TEST(list[0].sha256 ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(list[0].sha256 == storage::sha256_hex(data.data(), data.size()));
    BOOST_TEST(list[0].captured_at == "2026-11-02T09:41:12");
    BOOST_TEST(list[1].sha256 ==
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(list[1].captured_at.empty());
    // Where a photo was used before.
    const std::int64_t other = contract::id_of(*f.store, contract::kUuidA);
    f.store->add_attachment(other, "", "same.jpg", "image/jpeg", data, {});
    const auto used = f.store->visits_with_sha256({list[0].sha256, "ffff", list[0].sha256, ""});
    BOOST_REQUIRE_EQUAL(used.size(), 2u);
    BOOST_TEST(used[0].first == list[0].sha256);
    BOOST_TEST(std::min(used[0].second, used[1].second) == std::min(visit, other));
    BOOST_TEST(std::max(used[0].second, used[1].second) == std::max(visit, other));
    BOOST_TEST(f.store->visits_with_sha256({}).empty());
}

VS_CONTRACT_CASE(an_import_batch_stores_visits_photos_and_visited_assignments_at_once) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    f.store->put_assignments({planned("as-9", "B1", "S1")}, "planner");
    forms::Visit fresh = contract::mini_visits()[0];
    fresh.uuid = "00000000-0000-4000-8000-0000000000d1";
    fresh.status = forms::Status::Submitted;
    fresh.assignment = "as-9";
    const std::vector<unsigned char> photo{1, 2, 3, 4};
    storage::ImportedPhoto p{"", "front.jpg", "image/jpeg", "", "2026-10-03T14:00:00", photo};
    auto source = [&](const forms::VisitSink& sink) { sink(forms::Visit(fresh), 1); };
    {
        // Not committed: nothing stays.
        auto batch = f.store->visit_import_batch();
        BOOST_TEST(batch->import_visit_stream(source, 1, "return.zip").added == 1u);
        BOOST_TEST(batch->add_photo(fresh.uuid, p));
        batch->mark_assignment_visited("as-9", fresh.uuid);
    }
    BOOST_TEST(!f.store->visit_id_of(fresh.uuid));
    BOOST_TEST(f.store->assignment("as-9")->status == "offered");
    {
        auto batch = f.store->visit_import_batch();
        BOOST_TEST(batch->import_visit_stream(source, 1, "return.zip").added == 1u);
        BOOST_TEST(batch->add_photo(fresh.uuid, p));
        BOOST_TEST(!batch->add_photo(fresh.uuid, p)); // that visit has that photo
        BOOST_CHECK_THROW(batch->add_photo("00000000-0000-4000-8000-0000000000ff", p), InputError);
        batch->mark_assignment_visited("as-9", fresh.uuid);
        batch->commit();
    }
    const auto id = f.store->visit_id_of(fresh.uuid);
    BOOST_REQUIRE(id);
    const auto list = f.store->attachments(*id);
    BOOST_REQUIRE_EQUAL(list.size(), 1u);
    BOOST_TEST(list[0].sha256 == storage::sha256_hex(photo.data(), photo.size()));
    BOOST_TEST(list[0].captured_at == "2026-10-03T14:00:00");
    BOOST_TEST(f.store->attachment_data(list[0].id) == photo, boost::test_tools::per_element());
    BOOST_TEST(f.store->assignment("as-9")->status == "visited");
    BOOST_TEST(f.store->assignment("as-9")->visit_uuid == fresh.uuid);
    BOOST_TEST(f.store->load_visit(*id).visit.assignment == "as-9");
    // Again: the visit is unchanged, the photo already there, the assignment left as it is.
    const std::string version = f.store->assignment("as-9")->updated_at;
    auto again = f.store->visit_import_batch();
    BOOST_TEST(again->import_visit_stream(source, 1, "return.zip").unchanged == 1u);
    BOOST_TEST(!again->add_photo(fresh.uuid, p));
    again->mark_assignment_visited("as-9", fresh.uuid);
    BOOST_CHECK_THROW(again->mark_assignment_visited("as-missing", fresh.uuid), InputError);
    again->commit();
    BOOST_TEST(f.store->assignment("as-9")->updated_at == version);
}

VS_CONTRACT_CASE(assignment_changes_are_audited_in_the_one_chain) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::Store& s = *f.store;
    // A visit's entry first, so that the assignments' entries extend the same chain.
    {
        auto batch = s.rescore_batch();
        batch->audit(contract::id_of(s, contract::kUuidA), "rita", "rescore", "score", "70",
                     "83.75", "rules changed");
        batch->commit();
    }
    storage::Assignment a = planned("au-1", "B1", "S1");
    a.fee_cents = 4321;
    a.note = "ask for Sam Taylor";
    storage::Assignment b = planned("au-2", "B2", "S1");
    s.put_assignments({a, b}, "planner");
    s.put_assignments({a}, "planner"); // the same again: no change, no entry
    a.window_to = "2099-02-15";
    a.fee_cents = 5000;
    a.note = "ask for Kim";
    s.put_assignments({a}, "editor");
    s.set_assignment_status("au-1", "accepted", "", "S1");
    s.set_assignment_status("au-1", "declined", "", "S1");
    s.set_assignment_status("au-1", "cancelled", "", "planner");
    s.mark_assignment_visited("au-2", contract::kUuidA, "importer");
    s.mark_assignment_visited("au-2", contract::kUuidA, "importer"); // again: no entry

    storage::AuditQuery q;
    q.action = "assignment";
    const auto rows = s.audit_entries(q);
    BOOST_REQUIRE_EQUAL(rows.size(), 7u);
    const std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string>>
        want = {{"au-1", "planner", "created", "", "offered"},
                {"au-2", "planner", "created", "", "offered"},
                {"au-1", "editor", "edited", "", "window_to, fee, note"},
                {"au-1", "S1", "status", "offered", "accepted"},
                {"au-1", "S1", "status", "accepted", "declined"},
                {"au-1", "planner", "status", "declined", "cancelled"},
                {"au-2", "importer", "status", "offered", "visited"}};
    for (std::size_t i = 0; i < want.size(); ++i) {
        const storage::AuditRow& r = rows[i];
        BOOST_TEST_CONTEXT("entry " << i) {
            BOOST_TEST(r.entry.assignment_uuid == std::get<0>(want[i]));
            BOOST_TEST(r.entry.who == std::get<1>(want[i]));
            BOOST_TEST(r.entry.field == std::get<2>(want[i]));
            BOOST_TEST(r.entry.old_value == std::get<3>(want[i]));
            BOOST_TEST(r.entry.new_value == std::get<4>(want[i]));
            BOOST_TEST(r.entry.visit_id == 0);
            BOOST_TEST(r.visit_uuid.empty());
            BOOST_TEST(r.client == "Test Client");
            BOOST_TEST(r.branch == (std::get<0>(want[i]) == "au-1" ? "B1" : "B2"));
            // Reviewers read the audit log: no fee amount, no note's text.
            for (const std::string& text : {r.entry.old_value, r.entry.new_value, r.entry.reason})
                for (const char* secret : {"4321", "5000", "43.21", "50.00", "Sam", "Kim"})
                    BOOST_TEST(text.find(secret) == std::string::npos, text);
        }
    }
    BOOST_TEST(rows.back().entry.reason == std::string("visit ") + contract::kUuidA);
    const storage::AuditCheck check = s.verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
    BOOST_TEST(check.entries == 8);
    BOOST_TEST(check.head == rows.back().entry.hash);
    // The visit's own log holds only its own entries.
    BOOST_TEST(s.audit_log(contract::id_of(s, contract::kUuidA)).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
