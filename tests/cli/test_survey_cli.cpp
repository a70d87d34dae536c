// End to end: `visitscore-cli visits import-survey` and `visits survey-mapping` against a real
// SQLite file. A survey tool's export (a BOM, CRLF, quoted fields) through a mapping file, the
// mapping saved and reused without the file, a second import adding nothing, and a refused export
// (exit 2, every problem named by line and column, nothing written, the mapping not saved).
#include "cli_run.h"

#include <SQLiteCpp/SQLiteCpp.h>

using namespace vs::test;

namespace {

std::string survey(const std::string& name) {
    return data("survey_tool/" + name);
}

/// Northwind's branches and staff (from two mystery visits) and the guest survey scorecard.
struct SurveyDb {
    TempDir dir;
    std::string opt = "--db " + dir.db() + " ";
    SurveyDb() {
        BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json") + " " +
                                survey("guest-survey.template.json"))
                                .status,
                            0);
        const Run r = cli(opt + "visits import " + survey("northwind.visits.json"));
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    }
    long long visits() const {
        SQLite::Database db(dir.db());
        return db.execAndGet("SELECT count(*) FROM visits").getInt64();
    }
    std::string setting(const std::string& key) const {
        SQLite::Database db(dir.db());
        SQLite::Statement st(db, "SELECT value FROM settings WHERE key = ?");
        st.bind(1, key);
        return st.executeStep() ? st.getColumn(0).getString() : std::string();
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(survey_cli)

BOOST_AUTO_TEST_CASE(an_export_imports_through_a_saved_mapping_once) {
    SurveyDb f;
    const std::string imp =
        f.opt + "visits import-survey " + survey("export.csv") + " --client Northwind ";
    // No mapping saved yet and none given: refused, naming --mapping.
    Run r = cli(imp);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--mapping") != std::string::npos, r.err);

    // A dry run checks every row and writes nothing, not even the mapping.
    r = cli(imp + "--mapping " + survey("mapping.json") + " --dry-run --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    auto out = nlohmann::json::parse(r.out);
    BOOST_TEST(out["rows"] == 4);
    BOOST_TEST(out["added"] == 0);
    BOOST_TEST(f.visits() == 2);

    r = cli(imp + "--mapping " + survey("mapping.json") + " --save-mapping --json");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    out = nlohmann::json::parse(r.out);
    BOOST_TEST(out["added"] == 4);
    BOOST_TEST(out["unchanged"] == 0);
    BOOST_TEST(out["mapping_saved"] == true);
    BOOST_TEST(f.visits() == 6);

    // Saved in the database's settings under the client's key: shown, and reused without the file.
    r = cli(f.opt + "visits survey-mapping show --client Northwind");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(nlohmann::json::parse(r.out)["scorecard"]["id"] == "guest-survey");
    BOOST_TEST(!f.setting("survey_mapping.Northwind").empty());
    r = cli(imp);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("0 responses imported, 4 already stored") != std::string::npos, r.out);
    BOOST_TEST(f.visits() == 6);

    // The survey responses have no shopper and are approved.
    SQLite::Database db(f.dir.db());
    BOOST_TEST(db.execAndGet("SELECT count(*) FROM visits v JOIN templates t ON t.id = "
                             "v.template_id WHERE t.code = 'guest-survey' AND "
                             "v.shopper_id IS NULL AND v.status = 'approved'")
                   .getInt64() == 4);

    r = cli(f.opt + "visits survey-mapping remove --client Northwind");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(cli(f.opt + "visits survey-mapping show --client Northwind").status == 2);
    BOOST_TEST(cli(imp).status == 2);
}

BOOST_AUTO_TEST_CASE(a_refused_export_names_every_problem_and_writes_nothing) {
    SurveyDb f;
    const Run r =
        cli(f.opt + "visits import-survey " + survey("refused.csv") +
            " --client Northwind --mapping " + survey("mapping.json") + " --save-mapping");
    BOOST_TEST(r.status == 2);
    for (const char* want :
         {"7 problems; nothing was imported",
          "line 3, column \"Store code\": \"XXX99\" is not a branch code of \"Northwind\"",
          "line 4, column \"Submitted\": \"31/02/2026 09:12\" is not a plausible date",
          "line 4, column \"Q3 Friendly\": \"Maybe\" is not mapped to an option of friendly",
          "line 5, column \"Response ID\": \"R-2001\" is also the response id of line 2",
          "line 5, column \"How likely are you to recommend us?\"",
          "line 5, column \"Served by\": \"E9999\" is not an employee code"})
        BOOST_TEST(r.err.find(want) != std::string::npos, want << "\n" << r.err);
    BOOST_TEST(f.visits() == 2);
    BOOST_TEST(f.setting("survey_mapping.Northwind").empty());

    // A mapping naming a question the scorecard does not have is refused by its key.
    TempDir tmp;
    std::string text = vs::forms::read_file(survey("mapping.json"));
    text.replace(text.find("\"recommend\":"), 12, "\"likely\":");
    const Run bad = cli(f.opt + "visits survey-mapping set " + tmp.write("bad.json", text) +
                        " --client Northwind");
    BOOST_TEST(bad.status == 2);
    BOOST_TEST(bad.err.find("questions.likely") != std::string::npos, bad.err);
    BOOST_TEST(f.setting("survey_mapping.Northwind").empty());
}

BOOST_AUTO_TEST_SUITE_END()
