// End-to-end: `template to-csv` and `template from-csv` on real files and a real database.

#include "cli_run.h"
#include "forms/csv.h"
#include "forms/json_io.h"
#include "forms/template.h"
#include "forms/template_csv.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
namespace vf = vs::forms;
using nlohmann::json;
using vs::test::cli;
using vs::test::data;
using vs::test::Run;
using vs::test::TempDir;

namespace {

json canonical_file(const std::string& path) {
    return vf::template_to_json(vf::parse_template(vf::read_file(path), path));
}

/// `csv` with the cell of spreadsheet row `row` under `column` replaced by `value`.
std::string set_cell(const std::string& csv, std::size_t row, const std::string& column,
                     const std::string& value) {
    auto rows = vf::parse_csv(csv, "edit");
    const auto& header = rows.at(0).fields;
    auto col =
        static_cast<std::size_t>(std::find(header.begin(), header.end(), column) - header.begin());
    rows.at(row - 1).fields.at(col) = value;
    std::string out;
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < r.fields.size(); ++i) {
            if (i > 0)
                out += ',';
            vf::append_csv_field(out, r.fields[i]);
        }
        out += "\r\n";
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cli_template_csv)

BOOST_AUTO_TEST_CASE(json_to_csv_to_json_is_lossless) {
    TempDir t;
    const std::string csv = t.path("mini.csv");
    const std::string back = t.path("mini.json");
    Run r = cli("template to-csv " + data("mini.template.json") + " -o " + csv);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("mini.csv: \"mini\" version 1: 3 sections, 9 questions") !=
                   std::string::npos,
               r.out);
    r = cli("template from-csv " + csv + " -o " + back);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(canonical_file(back) == canonical_file(data("mini.template.json")));
    // The JSON is written for people: FORMATS.md's field order, not alphabetical.
    const std::string text = vf::read_file(back);
    BOOST_TEST(text.find("\"format\"") < text.find("\"id\""));
    BOOST_TEST(text.find("\"name\"") < text.find("\"channel\""));
    BOOST_TEST(cli("template check " + back).status == 0);
    // Without -o both directions print to stdout.
    r = cli("template to-csv " + data("mini.template.json"));
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out == vf::read_file(csv));
    r = cli("template from-csv " + csv);
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out == vf::read_file(back));
}

BOOST_AUTO_TEST_CASE(bundled_and_stored_templates_by_id) {
    TempDir t;
    const std::string db = "--db " + t.db();
    // No database yet: the bundled scorecard, and no database is created just to read.
    Run r = cli(db + " template to-csv --id branch-visit");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out == vf::template_to_csv(vf::parse_template(
                            vf::read_file(VS_TEMPLATES "/branch-visit.json"), "branch-visit")));
    BOOST_TEST(!fs::exists(t.db()));

    // A stored template: version 2 drafted in the spreadsheet and imported.
    BOOST_REQUIRE(cli(db + " template import " + data("mini.template.json")).status == 0);
    r = cli(db + " template to-csv --id mini -o " + t.path("v1.csv"));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const std::string v1 = vf::read_file(t.path("v1.csv"));
    const std::string v2 = set_cell(set_cell(v1, 2, "version", "2"), 2, "target", "75");
    r = cli(db + " template from-csv " + t.write("v2.csv", v2) + " --import");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("Stored \"mini\" version 2") != std::string::npos, r.out);
    r = cli(db + " template from-csv " + t.path("v2.csv") + " --import");
    BOOST_TEST(r.out.find("Already stored: \"mini\" version 2") != std::string::npos, r.out);

    r = cli(db + " template to-csv --id mini"); // the newest version, as the writer writes it
    BOOST_TEST(r.out == std::string("\xEF\xBB\xBF") + v2);
    r = cli(db + " template to-csv --id mini --version 1");
    BOOST_TEST(r.out == v1);
    r = cli(db + " template list --json");
    BOOST_TEST(json::parse(r.out)["templates"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2_names_row_and_column_and_writes_nothing) {
    TempDir t;
    const std::string db = "--db " + t.db();
    BOOST_REQUIRE(cli(db + " template import " + data("mini.template.json")).status == 0);
    const std::string before = vf::read_file(t.db());
    const std::string good = cli("template to-csv " + data("mini.template.json")).out;
    const std::string out = t.write("out.json", "previous content");

    // Row 4 is the question "greeted"; points of 0 break a template rule.
    const std::string bad = t.write("bad.csv", set_cell(good, 4, "points", "0"));
    Run r = cli(db + " template from-csv " + bad + " -o " + out + " --import");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("bad.csv: row 4, column \"points\": must be more than 0") !=
                   std::string::npos,
               r.err);
    BOOST_TEST(vf::read_file(out) == "previous content");

    // A valid file whose version is already stored with other content: refused by the database,
    // and the JSON is not written either.
    const std::string changed = t.write("changed.csv", set_cell(good, 4, "points", "3"));
    r = cli(db + " template from-csv " + changed + " -o " + out + " --import");
    BOOST_TEST(r.status == 2, r.err);
    BOOST_TEST(vf::read_file(out) == "previous content");
    BOOST_TEST(vf::read_file(t.db()) == before);
    for (const auto& entry : fs::directory_iterator(t.dir))
        BOOST_TEST(entry.path().filename().string().find(".part-") == std::string::npos,
                   entry.path()); // no temporary file left behind

    r = cli(db + " template to-csv --id nosuch");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--id: no scorecard \"nosuch\"") != std::string::npos, r.err);
    r = cli(db + " template to-csv --id mini --version 7");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(cli(db + " template to-csv").status == 2);
    BOOST_TEST(cli(db + " template to-csv --id mini " + data("mini.template.json")).status == 2);
    r = cli("template to-csv " + t.write("broken.json", "{\"format\": 1}"));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("broken.json: format") != std::string::npos, r.err);
    r = cli("template from-csv " + t.path("missing.csv"));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("missing.csv") != std::string::npos, r.err);
    BOOST_TEST(cli("template to-csv --help").status == 0);
}

BOOST_AUTO_TEST_CASE(every_bundled_template_survives_a_spreadsheet) {
    // What a consultant does: open the CSV in a spreadsheet, save it as a workbook, export CSV.
    if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
        BOOST_TEST_MESSAGE(
            "LibreOffice (soffice) is not installed: spreadsheet round trip skipped");
        return;
    }
    TempDir t;
    std::vector<std::string> ids = {"branch-visit", "phone-enquiry", "staged-complaint"};
    for (const std::string& id : ids)
        BOOST_REQUIRE(
            cli("--db " + t.db() + " template to-csv --id " + id + " -o " + t.path(id + ".csv"))
                .status == 0);
    const std::string soffice =
        "soffice -env:UserInstallation=file://" + t.path("profile") + " --headless ";
    const std::string dir = t.dir.string();
    BOOST_REQUIRE(std::system((soffice + "--infilter=CSV:44,34,76,1 --convert-to xlsx --outdir " +
                               dir + "/xlsx " + dir + "/*.csv >/dev/null 2>&1")
                                  .c_str()) == 0);
    BOOST_REQUIRE(std::system((soffice +
                               "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' "
                               "--outdir " +
                               dir + "/back " + dir +
                               "/xlsx/*.xlsx "
                               ">/dev/null 2>&1")
                                  .c_str()) == 0);
    for (const std::string& id : ids) {
        BOOST_TEST_INFO_SCOPE(id);
        const std::string back = dir + "/back/" + id + ".csv";
        BOOST_TEST_REQUIRE(fs::exists(back));
        BOOST_TEST(vf::read_file(back) != vf::read_file(t.path(id + ".csv"))); // really rewritten
        Run r = cli("template from-csv " + back + " -o " + t.path(id + ".json"));
        BOOST_TEST_REQUIRE(r.status == 0, r.err);
        BOOST_TEST(canonical_file(t.path(id + ".json")) ==
                   canonical_file(std::string(VS_TEMPLATES) + "/" + id + ".json"));
    }
}

BOOST_AUTO_TEST_SUITE_END()
