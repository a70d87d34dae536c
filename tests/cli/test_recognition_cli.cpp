// End to end: `visitscore-cli recognition` and the recognition settings on a real SQLite file
// (the mini scorecard; tests/data/recognition.visits.json): a perfect complaint handling
// recognises the staff member the section is attributed to, a comment praising a colleague of
// the branch by first name recognises them, and negated praise, another branch's staff, a
// visit not approved and one outside the dates are not listed. Bad options are refused naming
// the option.
#include "cli_run.h"

#include <nlohmann/json.hpp>

using namespace vs::test;
using nlohmann::json;

namespace {

json recognitions(const std::string& args) {
    const Run r = cli(args + " --json");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const json j = json::parse(r.out);
    BOOST_TEST(j.at("client") == "Test Client");
    return j.at("recognitions");
}

} // namespace

BOOST_AUTO_TEST_SUITE(recognition_cli)

BOOST_AUTO_TEST_CASE(lists_perfect_sections_and_praise_by_date) {
    TempDir dir;
    const std::string opt = "--db " + dir.db() + " ";
    BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("recognition.visits.json")).status, 0);
    const std::string cmd = opt + "recognition --client 'Test Client'";

    json all = recognitions(cmd);
    BOOST_TEST_REQUIRE(all.size() == 3u, all.dump());
    // 5 October: complaint handling at 100, attributed to E2 (the primary is E1).
    BOOST_TEST(all[0].at("visit") == "00000000-0000-4000-8000-000000000101");
    BOOST_TEST(all[0].at("visited_at") == "2026-10-05T10:00:00");
    BOOST_TEST(all[0].at("branch") == "B1");
    BOOST_TEST(all[0].at("kind") == "perfect_section");
    BOOST_TEST(all[0].at("section") == "handling");
    BOOST_TEST(all[0].at("question").is_null());
    BOOST_TEST(all[0].at("employee") == "E2");
    BOOST_TEST(all[0].at("employee_name") == "Bob Baker");
    BOOST_TEST(all[0].at("reason") ==
               "Complaint handling at 100: all 2 scored questions answered and passed, none NA");
    // 6 October: "Ann was excellent" on a visit whose primary is Bob: Ann recognised.
    BOOST_TEST(all[1].at("kind") == "praise");
    BOOST_TEST(all[1].at("employee") == "E1");
    BOOST_TEST(all[1].at("employee_name") == "Ann Able");
    BOOST_TEST(all[1].at("question") == "greeted");
    BOOST_TEST(all[1].at("named_as") == "Ann");
    BOOST_TEST(all[1].at("section").is_null());
    // The shopper is never shown (as in the client workbook): the comment named S1.
    BOOST_TEST(all[1].at("comment") ==
               "Ann was excellent at the door and asked [shopper] to sit down.");
    BOOST_TEST(all[1].at("reason") == "the comment on greeted names Ann Able with praise "
                                      "(\"excellent\")");
    // 20 November: perfect again, no section attribution: the primary.
    BOOST_TEST(all[2].at("visit") == "00000000-0000-4000-8000-000000000105");
    BOOST_TEST(all[2].at("employee") == "E1");
    // Not listed: B2's 70 in complaint handling and its negated praise, Ann praised at B2 where
    // she does not work, and the visit still submitted.
    for (const json& r : all) {
        BOOST_TEST(r.at("visit") != "00000000-0000-4000-8000-000000000103");
        BOOST_TEST(r.at("visit") != "00000000-0000-4000-8000-000000000104");
    }

    // Dates.
    json october = recognitions(cmd + " --from 2026-10-01 --to 2026-10-31");
    BOOST_TEST(october.size() == 2u);
    const Run text = cli(cmd + " --to 2026-10-05");
    BOOST_TEST(text.status == 0);
    BOOST_TEST(text.out.find("Complaint handling at 100") != std::string::npos, text.out);
    BOOST_TEST(text.out.find("\n1 recognition\n") != std::string::npos, text.out);

    // Refusals name the option.
    Run r = cli(opt + "recognition --client Nobody --json");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--client") != std::string::npos, r.err);
    r = cli(cmd + " --from 2026-13-01");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--from") != std::string::npos, r.err);
    r = cli(cmd + " --from 1850-01-01"); // a date, but not a plausible one
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--from") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("outside the dates") != std::string::npos, r.err);
    r = cli(cmd + " --from 2026-10-31 --to 2026-10-01");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--to") != std::string::npos, r.err);

    // Pseudonymised staff, as the workbook made with --pseudonymise-staff shows them: the
    // staff member by pseudonym only, the comment's "Ann" and the reason's name replaced by it.
    json pseudo = recognitions(cmd + " --pseudonymise-staff");
    BOOST_TEST_REQUIRE(pseudo.size() == 3u, pseudo.dump());
    const std::string ann = pseudo[1].at("employee");
    BOOST_TEST(ann.rfind("Staff ", 0) == 0u, ann);
    BOOST_TEST(ann.size() == 12u, ann);
    BOOST_TEST(pseudo[1].at("employee_name") == "");
    BOOST_TEST(pseudo[1].at("named_as") == ann);
    BOOST_TEST(pseudo[1].at("comment") ==
               ann + " was excellent at the door and asked [shopper] to sit down.");
    BOOST_TEST(pseudo[1].at("reason") ==
               "the comment on greeted names " + ann + " with praise (\"excellent\")");
    BOOST_TEST(pseudo[2].at("employee") == ann); // E1 again: the same pseudonym
    BOOST_TEST(pseudo[0].at("employee") != ann);
    const Run shown = cli(cmd + " --pseudonymise-staff");
    BOOST_TEST(shown.out.find("Ann") == std::string::npos, shown.out);
    BOOST_TEST(shown.out.find(ann) != std::string::npos, shown.out);
    // The same pseudonyms as the client workbook's Recognition sheet (read back with openpyxl).
    const std::string book = (dir.dir / "report.xlsx").string();
    BOOST_REQUIRE_EQUAL(
        cli(opt + "export xlsx --client 'Test Client' --pseudonymise-staff -o " + book).status, 0);
    const std::string py =
        "/usr/bin/python3 -c \"import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])"
        "['Recognition']; h=[c.value for c in ws[4]]; i=h.index('Staff (pseudonym)'); "
        "j=h.index(\\\"In the shopper's words\\\"); "
        "[print(r[i] or '', r[j] or '', sep='|') for r in ws.iter_rows(min_row=5, "
        "values_only=True)]\" " +
        book;
    std::string sheet;
    {
        FILE* p = ::popen(py.c_str(), "r");
        BOOST_REQUIRE(p);
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
            sheet.append(buf, n);
        BOOST_REQUIRE_EQUAL(::pclose(p), 0);
    }
    std::string expected;
    for (const json& x : pseudo)
        expected +=
            x.at("employee").get<std::string>() + "|" + x.at("comment").get<std::string>() + "\n";
    BOOST_TEST(sheet == expected);

    // Settings: checked, then they replace the rules.
    r = cli(opt + "settings set recognition.sections 'Bad Id'");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("recognition.sections") != std::string::npos, r.err);
    BOOST_TEST(cli(opt + "settings get recognition.praise_words").out.rfind("excellent,", 0) == 0u);
    BOOST_TEST(cli(opt + "settings set recognition.sections ' greeting , close'").status == 0);
    BOOST_TEST(cli(opt + "settings get recognition.sections").out == "greeting,close\n");
    BOOST_TEST(cli(opt + "settings set recognition.praise_words 'Lovely, a real star'").status ==
               0);
    all = recognitions(cmd);
    // Greeting and closing at 100 on the 5 October visit, closing at 100 at B2 on the 7th;
    // complaint handling no longer counts, and "excellent" is no longer a praise word.
    BOOST_TEST_REQUIRE(all.size() == 3u, all.dump());
    BOOST_TEST(all[0].at("section") == "greeting");
    BOOST_TEST(all[0].at("employee") == "E1");
    BOOST_TEST(all[1].at("section") == "close");
    BOOST_TEST(all[2].at("section") == "close");
    BOOST_TEST(all[2].at("employee") == "E3");
    BOOST_TEST(all[2].at("branch") == "B2");
    BOOST_TEST(cli(opt + "settings set recognition.sections ''").status == 0);
    BOOST_TEST(cli(opt + "settings set recognition.praise_words ''").status == 0);
    BOOST_TEST(recognitions(cmd).size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
