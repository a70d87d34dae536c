// Scoring rules versions in the store: every write of a score records scoring::kRulesVersion,
// the store finds the visits older rules scored, and a rescore (services/rescore.h) that is
// cancelled or only a dry run leaves the file as it was.
#include "forms/error.h"
#include "mini_store.h"
#include "scoring/visit_score.h"
#include "services/rescore.h"
#include "services/review.h"
#include "storage/sqlite_store.h"

#include <boost/test/unit_test.hpp>

using namespace vs;

namespace {

struct RulesStore : test::MiniStore {
    int rules(std::int64_t id) { return s.stored_scores(id).rules; }
    /// Marks every visit as scored by rules version 1 (as an older version left the file), visit
    /// A with another score.
    void make_legacy() {
        SQLite::Database db = raw();
        db.exec("UPDATE visits SET scoring_rules = 1");
        db.exec("UPDATE visits SET score = 70, raw = 70 WHERE uuid LIKE '%a'");
    }
};

/// Cancels at the `at`-th visit.
struct CancelAt final : Progress {
    std::size_t at;
    explicit CancelAt(std::size_t n) : at(n) {}
    void start(std::string_view, std::size_t) override {}
    bool update(std::size_t done) override { return done < at; }
    void finish() override {}
};

} // namespace

BOOST_AUTO_TEST_SUITE(scoring_rules)

BOOST_AUTO_TEST_CASE(every_write_of_a_score_records_the_current_rules) {
    RulesStore t;
    for (std::int64_t id : {t.a, t.b, t.c})
        BOOST_TEST(t.rules(id) == scoring::kRulesVersion);
    t.raw().exec("UPDATE visits SET scoring_rules = 1");
    BOOST_TEST(t.s.visits_scored_before(scoring::kRulesVersion).size() == 3u);

    // A draft saved by the app, and an approved visit edited in review, are scored anew.
    services::return_visit(t.s, t.c, "rita", "check the wait");
    storage::StoredVisit back = t.s.load_visit(t.c);
    back.visit.answers["wait"] = 25;
    t.s.save_draft(t.c, back.visit);
    BOOST_TEST(t.rules(t.c) == scoring::kRulesVersion);
    storage::StoredVisit edited = t.s.load_visit(t.a);
    edited.visit.answers["wait"] = 10;
    BOOST_TEST(services::edit_visit(t.s, t.a, edited.visit, "rita", "typo") >= 1u);
    BOOST_TEST(t.rules(t.a) == scoring::kRulesVersion);
    BOOST_TEST(
        (t.s.visits_scored_before(scoring::kRulesVersion) == std::vector<std::int64_t>{t.b}));

    const storage::StoredScores sb = t.s.stored_scores(t.b);
    BOOST_TEST(sb.uuid == "00000000-0000-4000-8000-00000000000b");
    BOOST_TEST(sb.rules == 1);
    BOOST_TEST(*sb.score == 25.0);
    BOOST_TEST(sb.critical_failures == std::vector<std::string>{"greeted"});
    BOOST_REQUIRE_EQUAL(sb.sections.size(), 3u);
    BOOST_TEST(!sb.sections[1].raw.has_value()); // handling hidden: NA
    BOOST_CHECK_THROW(t.s.stored_scores(999), storage::StorageError);
}

BOOST_AUTO_TEST_CASE(a_rescore_moves_old_scores_once_and_audits_each_move) {
    RulesStore t;
    t.make_legacy();
    const services::RescoreSummary r = services::rescore(t.s, {false, false, "rita"});
    BOOST_TEST(r.rules == scoring::kRulesVersion);
    BOOST_TEST(r.checked == 3u);
    BOOST_TEST(r.changed == 1u);
    BOOST_REQUIRE_EQUAL(r.largest.size(), 1u);
    BOOST_TEST(r.largest[0].uuid == "00000000-0000-4000-8000-00000000000a");
    BOOST_TEST(*r.largest[0].old_score == 70.0);
    BOOST_TEST(*r.largest[0].new_score == 83.75);
    BOOST_TEST(r.largest[0].move == 13.75, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(*t.s.stored_scores(t.a).score == 83.75);
    const auto log = t.s.audit_log(t.a);
    BOOST_REQUIRE_EQUAL(log.size(), 1u);
    BOOST_TEST(log[0].action == "rescore");
    BOOST_TEST(log[0].who == "rita");
    BOOST_TEST(log[0].old_value == "70");
    BOOST_TEST(log[0].new_value == "83.75");
    BOOST_TEST(log[0].reason.find("raw 70 -> 83.75") != std::string::npos, log[0].reason);
    BOOST_TEST(t.s.audit_log(t.b).empty());
    BOOST_TEST(t.s.verify_audit("").ok());
    BOOST_TEST(services::visits_to_rescore(t.s) == 0u);
    BOOST_TEST(services::rescore(t.s, {false, false, "rita"}).checked == 0u);
    BOOST_TEST(services::rescore(t.s, {true, false, "rita"}).changed == 0u);
    BOOST_TEST(t.s.audit_entries({}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_dry_run_or_a_cancelled_rescore_writes_nothing) {
    RulesStore t;
    t.make_legacy();
    const storage::DataVersion before = t.s.data_version();
    const services::RescoreSummary dry = services::rescore(t.s, {false, true, "rita"});
    BOOST_TEST(dry.dry_run);
    BOOST_TEST(dry.changed == 1u);
    BOOST_TEST((t.s.data_version() == before));

    CancelAt cancel(2); // after two visits were written into the transaction
    BOOST_CHECK_THROW(services::rescore(t.s, {false, false, "rita"}, &cancel), Cancelled);
    BOOST_TEST(*t.s.stored_scores(t.a).score == 70.0);
    for (std::int64_t id : {t.a, t.b, t.c})
        BOOST_TEST(t.rules(id) == 1);
    BOOST_TEST(t.s.audit_entries({}).empty());
    BOOST_TEST(services::visits_to_rescore(t.s) == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
