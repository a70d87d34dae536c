// End to end: `visitscore-cli dispute open|list|decide|stats` and the dispute settings on a real
// SQLite file with the mini data set: refusals name their field and write nothing, evidence is
// kept with its SHA-256, the reviewer who approved a visit may not arbitrate on it, an accepted
// point changes the score `visits score` prints, and the audit chain verifies.
#include "cli_run.h"

#include <nlohmann/json.hpp>

using namespace vs::test;
using nlohmann::json;

namespace {

const std::string kA = "00000000-0000-4000-8000-00000000000a";
const std::string kB = "00000000-0000-4000-8000-00000000000b";
const std::string kC = "00000000-0000-4000-8000-00000000000c";

json disputes(const std::string& opt) {
    const Run r = cli(opt + "dispute list --json");
    BOOST_REQUIRE_EQUAL(r.status, 0);
    return json::parse(r.out).at("disputes");
}

double score_of(const std::string& opt, const std::string& uuid) {
    const Run r = cli(opt + "visits score --json --uuid " + uuid);
    BOOST_REQUIRE_EQUAL(r.status, 0);
    const json j = json::parse(r.out);
    const json& v = j.is_array() ? j.at(0) : j.contains("visits") ? j.at("visits").at(0) : j;
    return v.at("score").get<double>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(dispute_cli)

BOOST_AUTO_TEST_CASE(open_list_decide_and_stats) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);

    // Settings, checked by name.
    Run r = cli(opt + "settings set dispute.deadline_days 0");
    BOOST_TEST(r.status != 0);
    BOOST_TEST(r.err.find("dispute.deadline_days") != std::string::npos, r.err);
    BOOST_TEST(cli(opt + "settings set dispute.deadline_days 45").status == 0);
    BOOST_TEST(cli(opt + "settings get dispute.deadline_days").out == "45\n");
    BOOST_TEST(cli(opt + "settings get dispute.max_per_visit").out == "5\n");

    // Refusals name the field; nothing is written.
    r = cli(opt + "dispute open " + kB + " --question nope --answer yes --reason video");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("question") != std::string::npos, r.err);
    r = cli(opt + "dispute open " + kB + " --question warmth --answer 9 --reason video");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("answer") != std::string::npos, r.err);
    r = cli(opt + "dispute open " + kC + " --question greeted --answer no --reason video");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("released") != std::string::npos, r.err);
    BOOST_TEST(disputes(opt).empty());

    // Opened with evidence.
    const std::string evidence = (dir.dir / "door.jpg").string();
    {
        std::ofstream f(evidence, std::ios::binary);
        f << "not really a jpeg";
    }
    r = cli(opt + "dispute open " + kB +
            " --question greeted --answer yes --reason 'greeted at the door' --evidence " +
            evidence + " --as 'Client Desk'");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("dispute 1 opened") != std::string::npos, r.out);
    json list = disputes(opt);
    BOOST_TEST_REQUIRE(list.size() == 1u);
    BOOST_TEST(list[0].at("question") == "greeted");
    BOOST_TEST(list[0].at("original_answer") == "\"no\"");
    BOOST_TEST(list[0].at("proposed_answer") == "\"yes\"");
    BOOST_TEST(list[0].at("opened_by") == "Client Desk");
    BOOST_TEST(list[0].at("evidence") == "door.jpg");
    BOOST_TEST(list[0].at("evidence_sha256").get<std::string>().size() == 64u);
    BOOST_TEST(list[0].at("status") == "open");

    // Over the maximum.
    BOOST_TEST(cli(opt + "settings set dispute.max_per_visit 1").status == 0);
    r = cli(opt + "dispute open " + kB + " --question style --answer personal --reason x");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("dispute.max_per_visit") != std::string::npos, r.err);
    BOOST_TEST(disputes(opt).size() == 1u);

    // The reviewer who approved C may not arbitrate on it.
    BOOST_TEST_REQUIRE(cli(opt + "visits approve --uuid " + kC + " --as rita").status == 0);
    BOOST_TEST_REQUIRE(
        cli(opt + "dispute open " + kC + " --question greeted --answer no --reason x").status == 0);
    r = cli(opt + "dispute decide 2 --reject --reason 'no proof' --as rita");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("arbiter") != std::string::npos, r.err);
    r = cli(opt + "dispute decide 2 --reject --accept --reason x --as ahmed");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("decision") != std::string::npos, r.err);
    BOOST_TEST(cli(opt + "dispute list --status open --json").out.find("\"id\": 2") !=
               std::string::npos);

    // Accepted: the score moves; the chain verifies.
    const double before = score_of(opt, kB);
    r = cli(opt + "dispute decide 1 --accept --reason 'seen on video' --as ahmed");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("accepted") != std::string::npos, r.out);
    BOOST_TEST(score_of(opt, kB) != before);
    r = cli(opt + "dispute decide 2 --partly yes --reason 'half right' --as ahmed");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(cli(opt + "audit verify").status == 0);
    list = disputes(opt);
    BOOST_TEST(list[0].at("decision") == "accepted");
    BOOST_TEST(list[1].at("decision") == "partly");
    BOOST_TEST(cli(opt + "dispute list --status open --json").out.find("\"id\"") ==
               std::string::npos);

    // Statistics.
    r = cli(opt + "dispute stats --client 'Test Client' --by branch --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json stats = json::parse(r.out);
    BOOST_TEST(stats.at("by") == "branch");
    BOOST_TEST_REQUIRE(stats.at("groups").size() == 2u);
    BOOST_TEST(stats.at("groups")[0].at("key") == "B1");
    BOOST_TEST(stats.at("groups")[0].at("released") == 2);
    BOOST_TEST(stats.at("groups")[0].at("overturned_rate") == 1.0);
    BOOST_TEST(stats.at("groups")[1].at("changed_visits") == 0); // partly, same answer
    r = cli(opt + "dispute stats --client 'Test Client'");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("Test Client") != std::string::npos, r.out);
    BOOST_TEST(cli(opt + "dispute stats --client 'Test Client' --by region").status == 2);
}

BOOST_AUTO_TEST_SUITE_END()
