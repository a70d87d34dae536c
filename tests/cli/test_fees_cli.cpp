// End to end: `visitscore-cli fees statement` and the fee settings against a real SQLite file.
// The approved visits of the month, each at the default fee (no assignment), their total; a
// malformed month or file type is refused (exit 2) and writes nothing.
#include "cli_run.h"

using namespace vs::test;

namespace {

struct FeeDb {
    TempDir dir;
    std::string opt = "--db " + dir.db() + " ";
    FeeDb() {
        BOOST_REQUIRE_EQUAL(cli(opt + "template import " + data("mini.template.json")).status, 0);
        BOOST_REQUIRE_EQUAL(cli(opt + "visits import " + data("mini.visits.json")).status, 0);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(fees_cli)

BOOST_AUTO_TEST_CASE(statement_of_a_month_as_csv_and_xlsx) {
    FeeDb f;
    Run r = cli(f.opt + "settings set fees.default_cents 2500");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    r = cli(f.opt + "settings set fees.currency eur");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(cli(f.opt + "settings get fees.currency").out == "EUR\n");
    BOOST_TEST(cli(f.opt + "settings set fees.default_cents 12.50").status == 2);

    const std::string csv = f.dir.path("oct.csv");
    r = cli(f.opt + "fees statement --month 2026-10 -o " + csv);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("1 shopper(s), 2 approved visit(s), total 50.00 EUR") !=
                   std::string::npos,
               r.out);
    const std::string text = vs::forms::read_file(csv);
    BOOST_TEST(text.find("visit,2026-10,Test Client,S1,") != std::string::npos, text);
    BOOST_TEST(text.find(",00000000-0000-4000-8000-00000000000a,,,25.00,EUR\r\n") !=
                   std::string::npos,
               text);
    BOOST_TEST(text.find("total,2026-10,Test Client,S1,") != std::string::npos, text);
    BOOST_TEST(text.find(",50.00,EUR\r\n") != std::string::npos, text);

    // November's only visit is submitted, not approved: an empty statement.
    r = cli(f.opt + "fees statement --month 2026-11 -o " + f.dir.path("nov.xlsx"));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("0 shopper(s)") != std::string::npos, r.out);
    // Another shopper's code: nothing.
    r = cli(f.opt + "fees statement --month 2026-10 --shopper S2 -o " + f.dir.path("s2.xlsx"));
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(r.out.find("0 shopper(s)") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(bad_month_or_file_type_is_refused) {
    FeeDb f;
    Run r = cli(f.opt + "fees statement --month 2026-13 -o " + f.dir.path("x.csv"));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("--month") != std::string::npos, r.err);
    r = cli(f.opt + "fees statement --month 2026-10 -o " + f.dir.path("x.txt"));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find(".csv or .xlsx") != std::string::npos, r.err);
    BOOST_TEST(!std::filesystem::exists(f.dir.path("x.csv")));
    BOOST_TEST(!std::filesystem::exists(f.dir.path("x.txt")));
}

BOOST_AUTO_TEST_SUITE_END()
