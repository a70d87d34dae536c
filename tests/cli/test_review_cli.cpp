// End to end: the review steps, settings and the audit log of visitscore-cli against a real
// SQLite file (the built binary, as a consultancy scripts it). Refusals exit 2, name the field
// and write nothing.
#include "cli_run.h"

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <unistd.h>

using namespace vs::test;

namespace {

const std::string kA = "00000000-0000-4000-8000-00000000000a"; // approved
const std::string kC = "00000000-0000-4000-8000-00000000000c"; // submitted

struct ReviewDb {
    TempDir dir;
    std::string db = dir.db();
    std::string opt = "--db " + db + " ";
    ReviewDb() {
        BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
        BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);
    }
    std::string status(const std::string& uuid) const {
        SQLite::Database d(db);
        SQLite::Statement st(d, "SELECT status FROM visits WHERE uuid = ?");
        st.bind(1, uuid);
        return st.executeStep() ? st.getColumn(0).getString() : "";
    }
    long long entries() const {
        SQLite::Database d(db);
        return d.execAndGet("SELECT count(*) FROM audit_log").getInt64();
    }
    nlohmann::json log(const std::string& args = "") const {
        Run r = cli(opt + "audit log --json " + args);
        BOOST_REQUIRE_EQUAL(r.status, 0);
        return nlohmann::json::parse(r.out).at("entries");
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(review_cli)

BOOST_AUTO_TEST_CASE(exclude_and_reopen_need_reasons_and_are_audited) {
    ReviewDb t;
    // Refused: no note, unknown uuid, an approval of an approved visit. Nothing written.
    Run r = cli(t.opt + "visits exclude --uuid " + kA + " --as rita");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("reason") != std::string::npos, r.err);
    BOOST_TEST(r.err.find(kA) != std::string::npos, r.err);
    r = cli(t.opt +
            "visits exclude --uuid 11111111-0000-4000-8000-000000000000 --note x --as rita");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("no visit with uuid") != std::string::npos, r.err);
    r = cli(t.opt + "visits approve --uuid " + kA + " --as rita");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("already approved") != std::string::npos, r.err);
    BOOST_TEST(t.entries() == 0);
    BOOST_TEST(t.status(kA) == "approved");

    r = cli(t.opt + "visits exclude --uuid " + kA + " --note 'shopper was recognised' --as rita");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(t.status(kA) == "excluded");
    // Excluded: approve is refused, reopen needs a reason.
    r = cli(t.opt + "visits approve --uuid " + kA + " --as rita");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("reopen") != std::string::npos, r.err);
    r = cli(t.opt + "visits reopen --uuid " + kA + " --as rita");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("reason") != std::string::npos, r.err);
    r = cli(t.opt + "visits reopen --uuid " + kC + " --reason 'why not' --as rita");
    BOOST_TEST(r.status == 2); // submitted: nothing to reopen
    BOOST_TEST(r.err.find("only approved or excluded") != std::string::npos, r.err);
    BOOST_TEST(t.entries() == 1);
    r = cli(t.opt + "visits reopen --uuid " + kA + " --reason 'excluded by mistake' --as tom");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(t.status(kA) == "submitted");

    auto log = t.log("--visit " + kA);
    BOOST_REQUIRE_EQUAL(log.size(), 2u);
    BOOST_TEST(log[0]["who"] == "rita");
    BOOST_TEST(log[0]["old"] == "approved");
    BOOST_TEST(log[0]["new"] == "excluded");
    BOOST_TEST(log[0]["reason"] == "shopper was recognised");
    BOOST_TEST(log[1]["who"] == "tom");
    BOOST_TEST(log[1]["old"] == "excluded");
    BOOST_TEST(log[1]["new"] == "submitted");
    BOOST_TEST(log[1]["reason"] == "excluded by mistake");
    BOOST_TEST(log[1]["at"].get<std::string>().size() >= 20u);
    BOOST_TEST(cli(t.opt + "audit verify").status == 0);
}

BOOST_AUTO_TEST_CASE(self_approval_refused_by_default_and_marked_when_allowed) {
    ReviewDb t;
    BOOST_TEST(
        cli(t.opt + "visits return --uuid " + kC + " --note 'add the wait' --as rita").status == 0);
    BOOST_TEST(cli(t.opt + "visits submit --uuid " + kC + " --as sam").status == 0);
    const long long before = t.entries();
    Run r = cli(t.opt + "visits approve --uuid " + kC + " --as sam");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("may not approve") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("allow_self_approval") != std::string::npos, r.err);
    BOOST_TEST(t.entries() == before);
    BOOST_TEST(t.status(kC) == "submitted");

    // Bad settings are refused by name.
    r = cli(t.opt + "settings set allow_self_approval maybe");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("allow_self_approval") != std::string::npos, r.err);
    r = cli(t.opt + "settings set colour blue");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("not a setting") != std::string::npos, r.err);
    BOOST_TEST(cli(t.opt + "settings get allow_self_approval").out == "false\n");

    BOOST_TEST(cli(t.opt + "settings set allow_self_approval true").status == 0);
    BOOST_TEST(cli(t.opt + "settings get allow_self_approval").out == "true\n");
    r = cli(t.opt + "visits approve --uuid " + kC + " --as sam");
    BOOST_TEST(r.status == 0, r.err);
    auto log = t.log("--visit " + kC + " --who sam");
    BOOST_REQUIRE_EQUAL(log.size(), 2u);
    BOOST_TEST(log[1]["new"] == "approved");
    BOOST_TEST(log[1]["reason"] == "self-approval (one-person office)");
}

BOOST_AUTO_TEST_CASE(integrity_thresholds_are_settings_checked_by_name) {
    ReviewDb t;
    BOOST_TEST(cli(t.opt + "settings get integrity.branch_z").out == "3\n"); // the default
    Run r = cli(t.opt + "settings set integrity.branch_z 2.5");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(cli(t.opt + "settings get integrity.branch_z").out == "2.5\n");
    // Out of range, not whole, not a number: refused naming the setting, nothing stored.
    for (const char* bad : {"integrity.branch_z -1", "integrity.comment_min_chars 3.5",
                            "integrity.comment_similarity 2", "integrity.lenient_t lots"}) {
        r = cli(t.opt + "settings set " + bad);
        BOOST_TEST(r.status == 2, bad);
        const std::string key = std::string(bad).substr(0, std::string(bad).find(' '));
        BOOST_TEST(r.err.find(key) != std::string::npos, r.err);
    }
    BOOST_TEST(cli(t.opt + "settings get integrity.branch_z").out == "2.5\n");
    r = cli(t.opt + "settings set integrity.nope 1");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("integrity.lenient_min_visits") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(audit_log_filters_and_default_who) {
    ReviewDb t;
    // Without --as the login name is recorded.
    BOOST_TEST(cli(t.opt + "visits return --uuid " + kC + " --note 'photo missing'").status == 0);
    const passwd* pw = ::getpwuid(::geteuid());
    BOOST_REQUIRE(pw);
    auto log = t.log();
    BOOST_REQUIRE_EQUAL(log.size(), 1u);
    BOOST_TEST(log[0]["who"] == pw->pw_name);
    BOOST_TEST(!log[0]["branch"].get<std::string>().empty());
    BOOST_TEST(cli(t.opt + "visits exclude --uuid " + kA + " --note dup --as rita").status == 0);
    BOOST_TEST(t.log("--who rita").size() == 1u);
    BOOST_TEST(t.log("--who nobody").empty());
    BOOST_TEST(t.log("--action status").size() == 2u);
    BOOST_TEST(t.log("--action edit").empty());
    BOOST_TEST(t.log("--branch " + log[0]["branch"].get<std::string>()).size() >= 1u);
    const std::string today = log[0]["at"].get<std::string>().substr(0, 10);
    BOOST_TEST(t.log("--from " + today + " --to " + today).size() == 2u);
    BOOST_TEST(t.log("--to 2001-01-01").empty());
    Run r = cli(t.opt + "audit log --from 2026-02-30");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--from") != std::string::npos, r.err);
    // The table for people names the visit and the change.
    r = cli(t.opt + "audit log --who rita");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find(kA) != std::string::npos, r.out);
    BOOST_TEST(r.out.find("approved -> excluded") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_SUITE_END()
