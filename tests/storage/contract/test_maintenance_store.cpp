// Contract of MaintenanceStore (storage/maintenance_store.h): backup, the personal-data purge,
// and rescore batches that commit all or nothing.
#include "backends.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "scoring/visit_score.h"
#include "storage/audit_chain.h"
#include "storage/prepare.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/algorithm/string/join.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <climits>
#include <map>
#include <sys/stat.h>

using namespace vs;
using contract::Fresh;

namespace {

/// Visit A scored anew with warmth 1 instead of 4.
struct Rescored {
    forms::Visit visit;
    std::shared_ptr<const forms::Template> tpl;
    storage::PreparedVisit prepared;
    Rescored(storage::Store& s, std::int64_t a) {
        const storage::StoredVisit stored = s.load_visit(a);
        visit = stored.visit;
        tpl = stored.tpl;
        visit.answers["warmth"] = 1;
        prepared = storage::prepare_visit(*tpl, visit, "contract", "visit A");
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(maintenance_store)

VS_CONTRACT_CASE(a_backup_is_a_private_copy_of_everything) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    f.store->set_setting("user", "alice");
    storage::MaintenanceStore& m = *f.store;
    const std::string path = f.db->backup_path();
    m.backup(path);
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    const auto copy = f.db->open_backup();
    BOOST_TEST(copy->visit_ids({}).size() == 3u);
    BOOST_TEST(copy->setting("user", "") == "alice");
    BOOST_TEST(copy->templates().size() == 1u);
    // Again over the earlier copy: replaced.
    f.store->set_setting("user", "bob");
    m.backup(path);
    BOOST_TEST(f.db->open_backup()->setting("user", "") == "bob");
}

VS_CONTRACT_CASE(a_purge_removes_personal_data_and_keeps_scores) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::MaintenanceStore& m = *f.store;
    const scoring::FactTable before = f.store->load_facts({}, false);
    const storage::PurgeReport r = m.purge_personal_data(*forms::parse_day("2026-11-01"), "dpo");
    BOOST_TEST(r.visits == 2u);   // A and B
    BOOST_TEST(r.shoppers == 1u); // S1 has no visit on or after the day, S2 has C
    BOOST_TEST(r.attachments == 0u);
    const scoring::FactTable after = f.store->load_facts({}, false);
    BOOST_REQUIRE_EQUAL(after.visits.size(), before.visits.size());
    for (std::size_t i = 0; i < after.visits.size(); ++i)
        BOOST_TEST(after.visits[i].score == before.visits[i].score);
    const storage::StoredVisit a = f.store->load_visit(contract::id_of(*f.store, contract::kUuidA));
    BOOST_TEST(a.visit.summary.empty());
    BOOST_TEST(a.visit.comments.empty());
    BOOST_TEST(a.visit.shopper_name != "Sam Shopper");
    const storage::StoredVisit c = f.store->load_visit(contract::id_of(*f.store, contract::kUuidC));
    BOOST_TEST(c.visit.shopper == "S2"); // after the day: untouched
    storage::AuditQuery purges;
    purges.action = "purge";
    const auto entries = f.store->audit_entries(purges);
    BOOST_REQUIRE_EQUAL(entries.size(), 2u); // one per purged visit
    BOOST_TEST(entries[0].entry.who == "dpo");
    const storage::AuditCheck check = f.store->verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
    // Nothing left to purge.
    BOOST_TEST(m.purge_personal_data(*forms::parse_day("2026-11-01"), "dpo").visits == 0u);
}

VS_CONTRACT_CASE(a_purge_blanks_assignment_notes_and_exclusion_reasons_of_purged_people) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    auto planned = [](const std::string& uuid, const std::string& shopper,
                      const std::string& note) {
        storage::Assignment a;
        a.uuid = uuid;
        a.client = "Test Client";
        a.branch = "B1";
        a.template_id = "mini";
        a.template_version = 1;
        a.window_from = "2026-10-01";
        a.window_to = "2026-10-31";
        a.shopper = shopper;
        a.note = note;
        return a;
    };
    // S1's every visit is before the day (purged); S2 has C after it (kept). An assignment with
    // no shopper but made by a purged visit (A) loses its note too.
    f.store->put_assignments({planned("p-1", "S1", "Sam Shopper knows the manager"),
                              planned("p-2", "S2", "ask for the manager"),
                              planned("p-3", "", "Sam's sister works here")},
                             "planner");
    f.store->mark_assignment_visited("p-3", contract::kUuidA, "planner");
    f.store->set_shopper_exclusion("Test Client", "S1", "B2", true, "Sam's cousin works there");
    f.store->set_shopper_exclusion("Test Client", "S2", "B1", true, "lives next door");
    const std::string version = f.store->assignment("p-1")->updated_at;
    BOOST_TEST(f.store->purge_personal_data(*forms::parse_day("2026-11-01"), "dpo").shoppers == 1u);
    BOOST_TEST(f.store->assignment("p-1")->note.empty());
    BOOST_TEST(f.store->assignment("p-1")->updated_at != version); // a new row version
    BOOST_TEST(f.store->assignment("p-2")->note == "ask for the manager");
    BOOST_TEST(f.store->assignment("p-3")->note.empty());
    // The reasons of the purged shopper's exclusions go (the exclusion stays, so that planning
    // still keeps them from the branch); others' stay.
    BOOST_TEST(f.store->shopper_exclusions("Test Client").size() == 2u);
    // Read in the backup, a SQLite file of every table on each backend.
    f.store->backup(f.db->backup_path());
    SQLite::Database backup(f.db->backup_path());
    SQLite::Statement reasons(backup, "SELECT s.code, x.reason FROM shopper_exclusions x JOIN "
                                      "shoppers s ON s.id = x.shopper_id ORDER BY x.reason");
    std::vector<std::string> kept;
    while (reasons.executeStep())
        kept.push_back(reasons.getColumn(1).getString());
    BOOST_TEST(kept == (std::vector<std::string>{"", "lives next door"}),
               boost::test_tools::per_element());
    const storage::AuditCheck check = f.store->verify_audit("");
    BOOST_TEST(check.ok(), check.problem);
}

VS_CONTRACT_CASE(a_purge_redacts_the_audit_entries_that_name_people) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    const std::int64_t a = contract::id_of(*f.store, contract::kUuidA);
    const std::int64_t c = contract::id_of(*f.store, contract::kUuidC);
    {
        auto batch = f.store->rescore_batch();
        batch->audit(a, "rita", "edit", "summary", "Sam was rude.", "Fine visit.", "typo");
        batch->audit(a, "rita", "status", "status", "submitted", "approved", "looks right");
        batch->audit(c, "rita", "edit", "summary", "Good.", "Very good.", "");
        batch->commit();
    }
    const std::string head = f.store->verify_audit("").head;
    const auto before = f.store->audit_log(a);
    BOOST_REQUIRE_EQUAL(before.size(), 2u);
    // Through another connection, which has read no scorecard yet.
    BOOST_TEST(f.db->open()->purge_personal_data(*forms::parse_day("2026-11-01"), "dpo").visits ==
               2u);

    const auto log = f.store->audit_log(a);
    BOOST_REQUIRE_EQUAL(log.size(), 3u); // the two entries, then the purge's
    BOOST_TEST(log[0].who.empty());
    BOOST_TEST(log[0].reason.empty());
    BOOST_TEST(log[0].old_value.empty()); // a summary names people
    BOOST_TEST(log[0].new_value.empty());
    BOOST_TEST(log[0].hash == before[0].hash); // the chain stays as it was
    BOOST_TEST(log[1].who.empty());
    BOOST_TEST(log[1].old_value == "submitted"); // a status names no one
    BOOST_TEST(log[1].new_value == "approved");
    BOOST_TEST(log[2].action == "purge");
    BOOST_TEST(log[2].who == "dpo");
    BOOST_TEST(log[2].new_value == storage::audit_redaction_record({log[0], log[1]}));
    // After the day: untouched.
    const auto later = f.store->audit_log(c);
    BOOST_REQUIRE_EQUAL(later.size(), 1u);
    BOOST_TEST(later[0].who == "rita");
    BOOST_TEST(later[0].old_value == "Good.");
    // The chain verifies, and so does the head recorded before the purge.
    const storage::AuditCheck check = f.store->verify_audit(head);
    BOOST_TEST(check.ok(), check.problem);
    BOOST_TEST(check.entries == 5); // three entries and two purge entries (A and B)
    storage::AuditQuery by_rita;
    by_rita.who = "rita";
    BOOST_TEST(f.store->audit_entries(by_rita).size() == 1u);
}

namespace {

/// Where `text` occurs in a SQLite file: "table.column" of every cell that holds it.
std::vector<std::string> cells_holding(const std::string& path, const std::string& text) {
    SQLite::Database db(path);
    std::vector<std::string> tables;
    {
        SQLite::Statement st(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
        while (st.executeStep())
            tables.push_back(st.getColumn(0).getString());
    }
    std::vector<std::string> found;
    for (const std::string& table : tables) {
        std::vector<std::string> columns;
        SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
        info.bind(1, table);
        while (info.executeStep())
            columns.push_back(info.getColumn(0).getString());
        for (const std::string& column : columns) {
            SQLite::Statement hit(db, "SELECT count(*) FROM \"" + table + "\" WHERE instr(CAST(\"" +
                                          column + "\" AS TEXT), ?) > 0");
            hit.bind(1, text);
            if (hit.executeStep() && hit.getColumn(0).getInt() > 0)
                found.push_back(table + "." + column);
        }
    }
    return found;
}

} // namespace

VS_CONTRACT_CASE(a_purge_redacts_who_offered_accepted_or_declined_an_assignment) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    auto planned = [](const std::string& uuid, const std::string& shopper) {
        storage::Assignment a;
        a.uuid = uuid;
        a.client = "Test Client";
        a.branch = "B1";
        a.template_id = "mini";
        a.template_version = 1;
        a.window_from = "2026-10-01";
        a.window_to = "2026-10-31";
        a.shopper = shopper;
        return a;
    };
    // S1 (Sam Shopper; every visit before the day) accepts p-1 and declines p-2 under their
    // own account name; S2 (kept: C is after the day) declines p-3.
    f.store->put_assignments({planned("p-1", "S1"), planned("p-2", "S1"), planned("p-3", "S2")},
                             "planner.pat");
    f.store->set_assignment_status("p-1", "accepted", "", "sam.shopper");
    f.store->set_assignment_status("p-2", "declined", "", "sam.shopper");
    f.store->set_assignment_status("p-3", "declined", "", "kim.kept");
    const std::string head = f.store->verify_audit("").head;
    BOOST_TEST(f.store->purge_personal_data(*forms::parse_day("2026-11-01"), "dpo").shoppers == 1u);

    storage::AuditQuery all;
    const auto rows = f.store->audit_entries(all);
    std::map<std::string, std::vector<storage::AuditEntry>> by_assignment;
    for (const storage::AuditRow& r : rows)
        if (!r.entry.assignment_uuid.empty())
            by_assignment[r.entry.assignment_uuid].push_back(r.entry);
    for (const char* uuid : {"p-1", "p-2"}) {
        BOOST_TEST_INFO_SCOPE(uuid);
        const auto& log = by_assignment[uuid];
        BOOST_REQUIRE_EQUAL(log.size(), 3u); // created, accepted or declined, then the purge's
        BOOST_TEST(log[0].who.empty());
        BOOST_TEST(log[0].new_value.empty()); // "created": not a field that names no one
        BOOST_TEST(log[1].who.empty());
        BOOST_TEST(log[1].field == "status"); // a status names no one: it stays
        BOOST_TEST(log[1].old_value == "offered");
        BOOST_TEST(log[2].action == "purge");
        BOOST_TEST(log[2].who == "dpo");
        BOOST_TEST(log[2].visit_id == 0);
        BOOST_TEST(log[2].new_value == storage::audit_redaction_record({log[0], log[1]}));
    }
    BOOST_TEST(by_assignment["p-2"][1].new_value == "declined");
    // S2's assignment: untouched, and no purge entry of its own.
    const auto& kept = by_assignment["p-3"];
    BOOST_REQUIRE_EQUAL(kept.size(), 2u);
    BOOST_TEST(kept[0].who == "planner.pat");
    BOOST_TEST(kept[1].who == "kim.kept");
    // The chain verifies, and so does the head recorded before the purge.
    storage::AuditCheck check = f.store->verify_audit(head);
    BOOST_TEST(check.ok(), check.problem);
    // Nowhere in the database (every cell of every table, raw SQL on the backup, a SQLite
    // file of every table on each backend): neither the account nor the name.
    f.store->backup(f.db->backup_path());
    BOOST_TEST(cells_holding(f.db->backup_path(), "sam.shopper").empty(),
               boost::algorithm::join(cells_holding(f.db->backup_path(), "sam.shopper"), ", "));
    BOOST_TEST(cells_holding(f.db->backup_path(), "Sam Shopper").empty());
    BOOST_TEST(!cells_holding(f.db->backup_path(), "kim.kept").empty()); // the check finds

    // An entry written after the purge on a purged assignment goes at the next purge, with a
    // second purge entry of that assignment; the first purge's entries are not listed again.
    f.store->set_assignment_status("p-1", "cancelled", "", "late.larry");
    f.store->purge_personal_data(*forms::parse_day("2026-11-01"), "dpo");
    std::vector<storage::AuditEntry> p1;
    for (const storage::AuditRow& r : f.store->audit_entries(all))
        if (r.entry.assignment_uuid == "p-1")
            p1.push_back(r.entry);
    BOOST_REQUIRE_EQUAL(p1.size(), 5u);
    BOOST_TEST(p1[3].who.empty());
    BOOST_TEST(p1[3].new_value == "cancelled");
    BOOST_TEST(p1[4].action == "purge");
    BOOST_TEST(p1[4].new_value == storage::audit_redaction_record({p1[3]}));
    check = f.store->verify_audit(head);
    BOOST_TEST(check.ok(), check.problem);
    f.store->backup(f.db->backup_path());
    BOOST_TEST(cells_holding(f.db->backup_path(), "late.larry").empty());
}

VS_CONTRACT_CASE(stored_scores_name_the_rules_that_made_them) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::MaintenanceStore& m = *f.store;
    BOOST_TEST(m.visits_scored_before(scoring::kRulesVersion).empty());
    std::vector<std::int64_t> all = m.visits_scored_before(INT_MAX);
    BOOST_REQUIRE_EQUAL(all.size(), 3u);
    BOOST_TEST(std::is_sorted(all.begin(), all.end()));
    const std::int64_t b = contract::id_of(*f.store, contract::kUuidB);
    const storage::StoredScores s = m.stored_scores(b);
    BOOST_TEST(s.id == b);
    BOOST_TEST(s.uuid == contract::kUuidB);
    BOOST_TEST(s.rules == scoring::kRulesVersion);
    BOOST_TEST(*s.score == 25.0);
    BOOST_TEST(s.applicable.has_value());
    BOOST_TEST(s.critical_failures == std::vector<std::string>{"greeted"},
               boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(s.sections.size(), 3u);
    BOOST_TEST(!s.sections[1].raw.has_value());
    BOOST_CHECK_THROW(m.stored_scores(all.back() + 1000), storage::StorageError);
}

VS_CONTRACT_CASE(a_rescore_batch_commits_all_or_nothing) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::MaintenanceStore& m = *f.store;
    const std::int64_t a = contract::id_of(*f.store, contract::kUuidA);
    const Rescored r(*f.store, a);
    BOOST_REQUIRE(r.prepared.result.score.has_value());
    BOOST_REQUIRE(*r.prepared.result.score != 83.75);
    {
        auto batch = m.rescore_batch();
        batch->replace_scores(a, r.prepared, 1);
        batch->audit(a, "rita", "rescore", "score", "83.75", "x", "rules changed");
        // The store reads what the open batch wrote.
        BOOST_TEST(*m.stored_scores(a).score == *r.prepared.result.score);
    } // destroyed without commit(): rolled back
    BOOST_TEST(*m.stored_scores(a).score == 83.75);
    BOOST_TEST(m.stored_scores(a).rules == scoring::kRulesVersion);
    BOOST_TEST(f.store->audit_entries({}).empty());

    auto batch = m.rescore_batch();
    batch->replace_scores(a, r.prepared, 1);
    batch->audit(a, "rita", "rescore", "score", "83.75", "x", "rules changed");
    batch->commit();
    const storage::StoredScores s = m.stored_scores(a);
    BOOST_TEST(*s.score == *r.prepared.result.score);
    BOOST_TEST(s.rules == 1);
    BOOST_TEST(m.visits_scored_before(scoring::kRulesVersion) == std::vector<std::int64_t>{a},
               boost::test_tools::per_element());
    BOOST_TEST(f.store->audit_entries({}).size() == 1u);
    // Answers and status stay; only the scores moved.
    const storage::StoredVisit after = f.store->load_visit(a);
    BOOST_TEST(after.visit.answers.at("warmth") == 4);
    BOOST_TEST((after.visit.status == forms::Status::Approved));
    BOOST_TEST((f.store->visit_rows({a}).at(0).score == r.prepared.result.score));
}

VS_CONTRACT_CASE(an_open_batch_is_read_through_the_store) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    const std::int64_t a = contract::id_of(*f.store, contract::kUuidA);
    const Rescored r(*f.store, a);
    auto batch = f.store->rescore_batch();
    batch->replace_scores(a, r.prepared, 1);
    batch->audit(a, "rita", "rescore", "score", "83.75", "x", "rules changed");
    // What the open batch wrote: the rules of the scores, its audit entry, a chain that verifies.
    BOOST_TEST(f.store->visits_scored_before(scoring::kRulesVersion) ==
                   std::vector<std::int64_t>{a},
               boost::test_tools::per_element());
    BOOST_TEST(f.store->audit_log(a).size() == 1u);
    BOOST_TEST(f.store->audit_entries({}).size() == 1u);
    const storage::AuditCheck open = f.store->verify_audit("");
    BOOST_TEST(open.ok(), open.problem);
    BOOST_TEST(open.entries == 1);
    batch->commit();
    // After the commit the store reads on as before.
    BOOST_TEST(f.store->stored_scores(a).rules == 1);
    BOOST_TEST(f.store->verify_audit(open.head).ok());
    batch.reset();
    BOOST_TEST(f.store->audit_entries({}).size() == 1u);
}

VS_CONTRACT_CASE(a_read_only_store_opens_no_batch) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    const auto read_only = f.db->open_read_only();
    BOOST_CHECK_THROW(read_only->rescore_batch(), storage::StorageError);
    BOOST_TEST(read_only->visits_scored_before(INT_MAX).size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
