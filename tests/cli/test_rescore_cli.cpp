// End to end: `visitscore-cli rescore` on a real SQLite file whose scores an older scoring rule
// made. The legacy file is the mini data set with visit A's checklist scored as the share of
// options ticked (2 of 3) instead of the share of their weight (1.5 of 2.5), as rules version 1
// stored it: a rescore moves A back to today's numbers with an audit entry, leaves B (same
// numbers) without one, records the rules version, and reports and `visits score` follow. A dry
// run and a rescore that fails on one visit write nothing.
#include "cli_run.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

using namespace vs::test;
using nlohmann::json;

namespace {

const std::string kA = "00000000-0000-4000-8000-00000000000a"; // approved, moves
const std::string kB = "00000000-0000-4000-8000-00000000000b"; // approved, same numbers
const std::string kC = "00000000-0000-4000-8000-00000000000c"; // submitted

// Visit A under the legacy rule: handling = (1 + 2/3) / 2 = 83.33…, visit = (2·90 + 83.33… + 75)
// / 4 = 84.583…; today's rules give 80 and 83.75 (tests/data/mini.expected.json).
constexpr double kOldHandling = 100.0 * ((1.0 + 2.0 / 3.0) / 2.0);
constexpr double kOldScore = (2 * 90.0 + kOldHandling + 75.0) / 4.0;

struct LegacyDb {
    TempDir dir;
    std::string db = dir.db();
    std::string opt = "--db " + db + " ";

    /// The mini data set with `uuids` marked as scored by rules version 1, A with its old numbers.
    explicit LegacyDb(const std::vector<std::string>& uuids = {kA, kB}) {
        BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
        BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);
        SQLite::Database d(db, SQLite::OPEN_READWRITE);
        for (const std::string& uuid : uuids) {
            SQLite::Statement up(d, "UPDATE visits SET scoring_rules = 1 WHERE uuid = ?");
            up.bind(1, uuid);
            BOOST_REQUIRE_EQUAL(up.exec(), 1);
        }
        SQLite::Statement up(d, "UPDATE visits SET raw = ?, score = ? WHERE uuid = ?");
        up.bind(1, kOldScore);
        up.bind(2, kOldScore);
        up.bind(3, kA);
        BOOST_REQUIRE_EQUAL(up.exec(), 1);
        // The handling section (the second of five values per section: raw, score, earned,
        // possible, critical failure) in the score arrays reports aggregate.
        const std::int64_t id = visit_id(d, kA);
        SQLite::Statement get(d, "SELECT section_scores FROM visit_scores WHERE visit_id = ?");
        get.bind(1, static_cast<int64_t>(id));
        BOOST_REQUIRE(get.executeStep());
        std::vector<double> values(static_cast<std::size_t>(get.getColumn(0).getBytes()) /
                                   sizeof(double));
        BOOST_REQUIRE_EQUAL(values.size(), 15u);
        std::memcpy(values.data(), get.getColumn(0).getBlob(), values.size() * sizeof(double));
        get.reset();
        BOOST_REQUIRE_CLOSE(values[5], 80.0, 1e-9);
        values[5] = values[6] = kOldHandling;
        values[7] = 1.0 + 2.0 / 3.0;
        SQLite::Statement put(d, "UPDATE visit_scores SET section_scores = ? WHERE visit_id = ?");
        put.bind(1, values.data(), static_cast<int>(values.size() * sizeof(double)));
        put.bind(2, static_cast<int64_t>(id));
        BOOST_REQUIRE_EQUAL(put.exec(), 1);
    }

    static std::int64_t visit_id(SQLite::Database& d, const std::string& uuid) {
        SQLite::Statement st(d, "SELECT id FROM visits WHERE uuid = ?");
        st.bind(1, uuid);
        BOOST_REQUIRE(st.executeStep());
        return st.getColumn(0).getInt64();
    }
    /// The rules version each visit's scores record, by uuid: "a1 b1 c2".
    std::string rules() const {
        SQLite::Database d(db);
        SQLite::Statement st(d, "SELECT uuid, scoring_rules FROM visits ORDER BY uuid");
        std::string out;
        while (st.executeStep())
            out += (out.empty() ? "" : " ") + st.getColumn(0).getString().substr(35) +
                   st.getColumn(1).getString();
        return out;
    }
    long long audit_entries() const {
        SQLite::Database d(db);
        return d.execAndGet("SELECT count(*) FROM audit_log").getInt64();
    }
    /// `visits score --json` of one visit.
    json scores(const std::string& uuid) const {
        Run r = cli(opt + "visits score --json --uuid " + uuid);
        BOOST_REQUIRE_EQUAL(r.status, 0);
        return json::parse(r.out).at("visits").at(0);
    }
    /// The mean of a one-group report (approved visits).
    double mean(const std::string& by, const std::string& key) const {
        Run r = cli(opt + "report --by " + by + " --json");
        BOOST_REQUIRE_EQUAL(r.status, 0);
        const json report = json::parse(r.out);
        for (const json& g : report.at("groups"))
            if (g["key"][by] == key)
                return g["mean"].get<double>();
        BOOST_FAIL("no group " + key + " in " + r.out);
        return 0;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(rescore_cli)

BOOST_AUTO_TEST_CASE(old_scores_move_with_an_audit_entry_and_reports_follow) {
    LegacyDb t;
    BOOST_TEST(t.rules() == "a1 b1 c2");
    BOOST_TEST(t.scores(kA)["score"].get<double>() == kOldScore);
    BOOST_TEST(t.mean("branch", "B1") == (kOldScore + 25.0) / 2,
               boost::test_tools::tolerance(1e-9));
    BOOST_TEST(t.mean("section", "handling") == kOldHandling, boost::test_tools::tolerance(1e-9));

    // A dry run says what would move and writes nothing.
    Run r = cli(t.opt + "rescore --dry-run --as rita");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("Dry run: 2 visits recomputed with scoring rules 2, 1 would move; "
                          "nothing was written") != std::string::npos,
               r.out);
    BOOST_TEST(r.out.find(kA) != std::string::npos, r.out); // among the largest moves
    BOOST_TEST(r.out.find("84.58 -> 83.75") != std::string::npos, r.out);
    BOOST_TEST(t.rules() == "a1 b1 c2");
    BOOST_TEST(t.audit_entries() == 0);
    BOOST_TEST(t.scores(kA)["score"].get<double>() == kOldScore);

    r = cli(t.opt + "rescore --as rita --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json summary = json::parse(r.out);
    BOOST_TEST(summary["rules"] == 2);
    BOOST_TEST(summary["dry_run"] == false);
    BOOST_TEST(summary["checked"] == 2);
    BOOST_TEST(summary["changed"] == 1);
    BOOST_TEST_REQUIRE(summary["templates"].size() == 1u);
    BOOST_TEST(summary["templates"][0]["template"] == "mini");
    BOOST_TEST(summary["templates"][0]["checked"] == 2);
    BOOST_TEST(summary["templates"][0]["changed"] == 1);
    BOOST_TEST_REQUIRE(summary["largest"].size() == 1u);
    const json& move = summary["largest"][0];
    BOOST_TEST(move["uuid"] == kA);
    BOOST_TEST(move["old_rules"] == 1);
    BOOST_TEST(move["old_score"].get<double>() == kOldScore);
    BOOST_TEST(move["new_score"].get<double>() == 83.75);
    BOOST_TEST(move["move"].get<double>() == kOldScore - 83.75, boost::test_tools::tolerance(1e-9));

    // Every visit it checked records the current rules; C, already current, was not checked.
    BOOST_TEST(t.rules() == "a2 b2 c2");
    // One audit entry, for the visit that moved: who, old -> new, the rules versions.
    r = cli(t.opt + "audit log --action rescore --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json entries = json::parse(r.out)["entries"];
    BOOST_TEST_REQUIRE(entries.size() == 1u);
    BOOST_TEST(entries[0]["visit"] == kA);
    BOOST_TEST(entries[0]["who"] == "rita");
    BOOST_TEST(entries[0]["field"] == "score");
    BOOST_TEST(std::stod(entries[0]["old"].get<std::string>()) == kOldScore);
    BOOST_TEST(entries[0]["new"] == "83.75");
    const std::string reason = entries[0]["reason"];
    BOOST_TEST(reason.find("scoring rules 2 (stored by rules 1)") != std::string::npos, reason);
    BOOST_TEST(t.audit_entries() == 1);
    BOOST_TEST(cli(t.opt + "audit verify").status == 0);

    // The stored numbers, and what is computed from them, are today's.
    const json a = t.scores(kA);
    BOOST_TEST(a["raw"].get<double>() == 83.75);
    BOOST_TEST(a["score"].get<double>() == 83.75);
    BOOST_TEST(a["sections"]["handling"]["raw"].get<double>() == 80.0,
               boost::test_tools::tolerance(1e-9));
    BOOST_TEST(a["sections"]["handling"]["earned"].get<double>() == 1.6,
               boost::test_tools::tolerance(1e-9));
    BOOST_TEST(t.scores(kB)["score"].get<double>() == 25.0);
    BOOST_TEST(t.mean("branch", "B1") == 54.375, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(t.mean("section", "handling") == 80.0, boost::test_tools::tolerance(1e-9));

    // A second rescore finds nothing older; --all recomputes every visit and moves none.
    r = cli(t.opt + "rescore --as rita");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("nothing to rescore") != std::string::npos, r.out);
    r = cli(t.opt + "rescore --all --as rita");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("Rescored 3 visits with scoring rules 2: no score moved") !=
                   std::string::npos,
               r.out);
    BOOST_TEST(t.audit_entries() == 1);
    BOOST_TEST(t.rules() == "a2 b2 c2");
}

BOOST_AUTO_TEST_CASE(a_visit_that_cannot_be_rescored_rolls_everything_back) {
    LegacyDb t({kA, kB, kC});
    {
        // C, rescored last, points at a scorecard the database does not hold.
        SQLite::Database d(t.db, SQLite::OPEN_READWRITE);
        d.exec("PRAGMA foreign_keys = OFF");
        SQLite::Statement up(d, "UPDATE visits SET template_id = 999 WHERE uuid = ?");
        up.bind(1, kC);
        BOOST_REQUIRE_EQUAL(up.exec(), 1);
    }
    Run r = cli(t.opt + "rescore --as rita");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err.find("visit " + kC + " cannot be rescored") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("unknown scorecard") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("nothing was rescored") != std::string::npos, r.err);
    // A, recomputed before C, is as it was: old numbers, old rules, no audit entry.
    BOOST_TEST(t.rules() == "a1 b1 c1");
    BOOST_TEST(t.audit_entries() == 0);
    BOOST_TEST(t.scores(kA)["score"].get<double>() == kOldScore);
}

BOOST_AUTO_TEST_CASE(stored_answers_todays_checks_refuse_stop_the_rescore) {
    LegacyDb t;
    {
        // B's stored answers hold a warmth of 9 on a 1-5 scale.
        SQLite::Database d(t.db, SQLite::OPEN_READWRITE);
        SQLite::Statement up(d, "UPDATE visits SET answers = json_set(answers, '$.warmth', 9) "
                                "WHERE uuid = ?");
        up.bind(1, kB);
        BOOST_REQUIRE_EQUAL(up.exec(), 1);
    }
    Run r = cli(t.opt + "rescore --as rita");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("visit " + kB) != std::string::npos, r.err);
    BOOST_TEST(r.err.find("nothing was rescored") != std::string::npos, r.err);
    BOOST_TEST(t.rules() == "a1 b1 c2");
    BOOST_TEST(t.audit_entries() == 0);
    BOOST_TEST(t.scores(kA)["score"].get<double>() == kOldScore);
}

BOOST_AUTO_TEST_CASE(a_missing_database_is_refused_not_created) {
    TempDir dir;
    Run r = cli("--db " + dir.path("none.db") + " rescore");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(!std::filesystem::exists(dir.path("none.db")));
}

BOOST_AUTO_TEST_SUITE_END()
