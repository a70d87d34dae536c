// Hostile and extreme input on the output side: text XML cannot carry, names typed every way,
// codes that differ only in case or leading zeros, scorecards wider than a worksheet, export
// files that must stay private, and a logo that is not an image. Every workbook is read back
// through test::dump_xlsx, which first parses each XML part with lxml.

#include "exports/client_report.h"
#include "exports/output_file.h"
#include "exports/pseudonym.h"
#include "exports/redact.h"
#include "exports/visits_csv.h"
#include "exports/xlsx.h"
#include "fixture.h"
#include "forms/csv.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/template.h"
#include "forms/utf8.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using nlohmann::json;
using namespace vs;
using vs::test::cell_name;

std::string utf8(char32_t cp) {
    return forms::to_utf8(cp);
}

/// Random text over every plane, with what XML forbids, surrogates as raw bytes, noncharacters
/// and bytes that are not UTF-8 at all.
std::string random_text(std::mt19937& rng, std::size_t max_len = 14) {
    std::uniform_int_distribution<int> kind(0, 9);
    std::uniform_int_distribution<std::size_t> length(0, max_len);
    std::string s;
    for (std::size_t n = length(rng); n > 0; --n) {
        switch (kind(rng)) {
        case 0:
            s += utf8(std::uniform_int_distribution<char32_t>(0, 0x1F)(rng));
            break; // C0, NUL
        case 1:
            s += utf8(rng() % 2 ? 0xFFFE : 0xFFFF);
            break;
        case 2:
            s += utf8(std::uniform_int_distribution<char32_t>(0xD800, 0xDFFF)(rng));
            break;
        case 3:
            s += utf8(std::uniform_int_distribution<char32_t>(0xFDD0, 0xFDEF)(rng));
            break;
        case 4:
            s += utf8((std::uniform_int_distribution<char32_t>(1, 16)(rng) << 16) | 0xFFFE |
                      (rng() % 2));
            break;
        case 5:
            s += static_cast<char>(std::uniform_int_distribution<int>(0x80, 0xFF)(rng));
            break;
        case 6:
            s += "=+-@'\"<>&;,"[rng() % 11];
            break;
        case 7:
            s += utf8(std::uniform_int_distribution<char32_t>(0x20, 0x7E)(rng));
            break;
        default: {
            char32_t cp = std::uniform_int_distribution<char32_t>(0, 0x10FFFF)(rng);
            s += utf8(cp);
        }
        }
    }
    return s;
}

const json* cell(const json& book, const std::string& sheet, int row, int col) {
    const auto& cells = book.at("cells").at(sheet);
    auto it = cells.find(cell_name(row, col));
    return it == cells.end() ? nullptr : &*it;
}

std::string text(const json& book, const std::string& sheet, int row, int col) {
    const json* c = cell(book, sheet, row, col);
    return c && c->at("v").is_string() ? c->at("v").get<std::string>() : std::string();
}

int column_of(const json& book, const std::string& sheet, int row, const std::string& header,
              int limit = 400) {
    for (int c = 0; c < limit; ++c)
        if (text(book, sheet, row, c) == header)
            return c;
    return -1;
}

/// Every formula of a workbook.
std::vector<std::string> formulas(const json& book) {
    std::vector<std::string> out;
    for (const auto& [sheet, cells] : book.at("cells").items())
        for (const auto& [ref, c] : cells.items())
            if (c.contains("f"))
                out.push_back(c.at("f").get<std::string>());
    return out;
}

/// A cell's text as Excel reads it: "_xHHHH_" is the character U+HHHH (how a workbook keeps a
/// carriage return; a typed "_x" sequence is kept as "_x005F_x…"). openpyxl leaves them as they
/// are.
std::string excel_text(const std::string& s) {
    static const std::regex escape("_x([0-9A-Fa-f]{4})_");
    std::string out;
    auto begin = s.cbegin();
    for (std::sregex_iterator m(s.begin(), s.end(), escape), end; m != end; ++m) {
        out.append(begin, (*m)[0].first);
        out += utf8(static_cast<char32_t>(std::stoul((*m)[1], nullptr, 16)));
        begin = (*m)[0].second;
    }
    out.append(begin, s.cend());
    return out;
}

std::string path_of(const std::string& name) {
    return (test::temp_dir() / name).string();
}

} // namespace

BOOST_AUTO_TEST_SUITE(hardening)

// -- text that would break a file -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(xml_safe_replaces_what_xml_forbids) {
    const std::string r = "\xEF\xBF\xBD";
    struct Case {
        std::string in, out;
    };
    for (const Case& c :
         {Case{"plain", "plain"}, Case{"tab\tlf\ncr\r", "tab\tlf\ncr\r"},
          Case{std::string("a\0b", 3), "a" + r + "b"}, Case{"\x01\x1F", r + r},
          Case{"x\xEF\xBF\xBEy\xEF\xBF\xBF", "x" + r + "y" + r},
          Case{"\xED\xA0\x80", r + r + r}, // a lone surrogate
          Case{"\xC0\x80", r + r},         // overlong NUL
          Case{"\xFF", r}, Case{"caf\xC3\xA9 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xF0\x9F\x98\x80"},
          Case{"\xF0\x9F\xBF\xBE\xEF\xB7\x90", "\xF0\x9F\xBF\xBE\xEF\xB7\x90"}}) {
        BOOST_TEST_INFO_SCOPE(json(c.out).dump());
        BOOST_TEST(exports::xml_safe(c.in) == c.out);
    }
}

BOOST_AUTO_TEST_CASE(random_text_over_all_planes_makes_a_valid_workbook) {
    // Every text field of a report, client and branch names included, replaced by random text;
    // the same mapping in the figures and in the visits, so that the report still agrees.
    const auto& d = test::data();
    std::mt19937 rng(20261203);
    scoring::FactTable facts = d.facts;
    std::vector<exports::VisitRecord> records = d.records;
    auto remap = [&](scoring::Dictionary& dict, const std::string& lead) {
        std::map<std::string, std::string> m;
        for (std::size_t i = 0; i < dict.names.size(); ++i) {
            std::string n = (i == 0 ? lead : "") + random_text(rng) + "#" + std::to_string(i);
            m[dict.names[i]] = n;
            dict.names[i] = n;
        }
        return m;
    };
    const auto clients = remap(facts.clients, "=SUM(A1)");
    const auto regions = remap(facts.regions, "");
    const auto branches = remap(facts.branches, "");
    const auto employees = remap(facts.employees, "");
    for (auto& t : facts.templates) {
        auto copy = std::make_shared<forms::Template>(*t.tpl);
        copy->name = random_text(rng);
        for (auto& s : copy->sections)
            s.title = random_text(rng) + "#" + s.id;
        for (auto& q : copy->questions) {
            q.text = random_text(rng, 40);
            for (auto& o : q.options)
                o.label = random_text(rng);
        }
        t.tpl = copy;
    }
    for (auto& r : records) {
        r.client = clients.at(r.client);
        if (!r.region.empty())
            r.region = regions.at(r.region);
        r.branch = branches.at(r.branch);
        r.branch_name = random_text(rng);
        if (!r.employee.empty())
            r.employee = employees.at(r.employee);
        r.employee_name = random_text(rng);
        r.shopper_name = random_text(rng);
        for (auto& [q, c] : r.comments)
            c = random_text(rng, 60);
        r.summary = random_text(rng, 200);
        for (auto& [id, v] : r.answers.items())
            if (v.is_string() && v != "yes" && v != "no" && v != "na")
                v = random_text(rng, 60);
    }
    const std::string typed = "typed _x0041_ and _x005F_, a CR\r, an LF\n";
    records[1].summary = typed;
    for (bool pseudo : {false, true}) {
        BOOST_TEST_INFO_SCOPE(std::string(pseudo ? "pseudonymised staff" : "staff named"));
        exports::ReportInput input;
        input.facts = &facts;
        input.visits = test::source(records);
        input.trainings = d.trainings;
        exports::ReportOptions o;
        o.max_rows_per_sheet = 300;
        o.client = random_text(rng);
        o.pseudonymise_staff = pseudo;
        o.pseudonym_key = pseudo ? "" : "k";
        const std::string path = path_of(pseudo ? "random-pseudo.xlsx" : "random.xlsx");
        const json b = test::write_and_read(path, input, o); // every part parses
        // What people typed is there, made safe and nothing else.
        std::size_t checked = 0;
        const int summary = column_of(b, "Visits", 0, "Summary");
        BOOST_TEST_REQUIRE(summary >= 0);
        for (std::size_t i = 0; i < 40 && i + 1 < 300; ++i) {
            if (!cell(b, "Visits", static_cast<int>(i) + 1, 0))
                break;
            const std::string want = exports::xml_safe(records[i].summary);
            if (want.find("\xEF\xBF\xBD") == std::string::npos)
                continue;
            BOOST_TEST(excel_text(text(b, "Visits", static_cast<int>(i) + 1, summary)) == want);
            ++checked;
        }
        BOOST_TEST(checked > 5u);
        BOOST_TEST(excel_text(text(b, "Visits", 2, summary)) == typed);
    }
}

BOOST_AUTO_TEST_CASE(text_longer_than_a_cell_is_cut_and_says_so) {
    // Summaries may hold 64 KiB; a cell holds 32,767 UTF-16 units. Multi-byte text counts by
    // characters (two units for a character past U+FFFF), not bytes.
    const std::string two_units = "\xF0\x9F\x98\x80"; // U+1F600, a surrogate pair in UTF-16
    std::string long_text;
    for (int i = 0; i < 12000; ++i)
        long_text += "\xC3\xA9" + two_units; // é + U+1F600: three units, six bytes
    const std::string fits(100, 'x');
    auto small = test::small_data(2, [&](std::vector<forms::Visit>& visits) {
        visits[0].summary = long_text;
        visits[1].summary = fits;
    });
    const std::string path = (test::temp_dir() / "long-text.xlsx").string();
    const json b = test::write_and_read(path, small.input(), {});
    const int summary = column_of(b, "Visits", 0, "Summary");
    BOOST_TEST_REQUIRE(summary >= 0);
    std::vector<std::string> cells;
    for (int row = 1; row <= 2; ++row)
        cells.push_back(excel_text(text(b, "Visits", row, summary)));
    auto units = [](const std::string& s) {
        std::size_t n = 0;
        for (unsigned char c : s)
            if ((c & 0xC0) != 0x80)
                n += c >= 0xF0 ? 2 : 1;
        return n;
    };
    const std::string marker = "[cut at the cell limit; export csv has the whole text]";
    std::size_t cut = 0;
    for (const std::string& c : cells) {
        if (c == fits)
            continue;
        ++cut;
        BOOST_TEST(units(c) <= exports::kMaxCellText);
        BOOST_TEST(units(c) > exports::kMaxCellText - 100); // cut by characters, not bytes
        BOOST_TEST(c.find(marker) != std::string::npos);
        BOOST_TEST(c.compare(0, 600, long_text, 0, 600) == 0);
    }
    BOOST_TEST(cut == 1u);
    BOOST_TEST((std::find(cells.begin(), cells.end(), fits) != cells.end()));
}

// -- anonymity that survives typing ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(names_are_found_whatever_their_case_spacing_or_form) {
    exports::Redactor r;
    r.add("Zebedee Quillfeather", "[shopper]");
    r.add("SHOPX9", "[shopper]");
    r.add("Zoë Ångström", "[shopper]");
    r.add("x", "[never]"); // too short to look for
    struct Case {
        const char* in;
        const char* out;
    };
    for (Case c :
         {Case{"Served by Zebedee Quillfeather today", "Served by [shopper] today"},
          Case{"ZEBEDEE QUILLFEATHER", "[shopper]"}, Case{"zebedee   quillfeather.", "[shopper]."},
          Case{"zebedee\xC2\xA0\xC2\xA0quillfeather", "[shopper]"}, // NBSP
          Case{"Zebedee\nQuillfeather", "[shopper]"},
          Case{"ＺＥＢＥＤＥＥ Ｑｕｉｌｌｆｅａｔｈｅｒ", "[shopper]"}, // full width
          Case{"ZebedeeQuillfeather", "[shopper]"},
          Case{"Zebe\xC2\xAD"
               "dee Quillfeather",
               "[shopper]"}, // soft hyphen
          Case{"code shopx9, or Ｓｈｏｐｘ９", "code [shopper], or [shopper]"},
          Case{"zoe\xCC\x88 A\xCC\x8Angstro\xCC\x88m", "[shopper]"}, // decomposed
          Case{"ZOË ÅNGSTRÖM and Zoe Angstrom", "[shopper] and [shopper]"},
          Case{"Zebedee alone, shopx99, xshopx9", "Zebedee alone, shopx99, xshopx9"},
          Case{"x marks", "x marks"}}) {
        BOOST_TEST_INFO_SCOPE(c.in);
        BOOST_TEST(r.apply(c.in) == c.out);
    }
}

BOOST_AUTO_TEST_CASE(no_shopper_in_any_form_and_no_staff_when_pseudonymised) {
    const auto& d = test::data();
    std::vector<exports::VisitRecord> records = d.records;
    // The distinctive shopper's visits mention the shopper, and their staff, every way.
    std::set<std::string> staff_names;
    std::size_t changed = 0;
    for (auto& r : records) {
        if (r.shopper != test::kShopperCode)
            continue;
        std::string staff = r.employee_name;
        for (char& ch : staff)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (!r.employee_name.empty())
            staff_names.insert(r.employee_name);
        r.summary = "zebedee\xC2\xA0quillfeather met " + staff + " (ＳＨＯＰＸ９)";
        for (auto& [q, c] : r.comments)
            c = "ZEBEDEE   QUILLFEATHER says " + staff;
        for (auto& [id, v] : r.answers.items())
            if (v.is_string() && v != "yes" && v != "no" && v != "na")
                v = "Zebedee\nQuillfeather";
        ++changed;
    }
    BOOST_TEST_REQUIRE(changed == 4u);
    exports::Redactor shoppers, staff;
    for (const auto& n : d.shopper_names)
        shoppers.add(n, "!");
    for (const auto& c : d.shopper_codes)
        shoppers.add(c, "!");
    for (const auto& n : staff_names)
        staff.add(n, "!");
    for (const auto& c : d.employee_codes)
        staff.add(c, "!");
    for (bool pseudo : {false, true}) {
        exports::ReportInput input;
        input.facts = &d.facts;
        input.visits = test::source(records);
        exports::ReportOptions o;
        o.pseudonymise_staff = pseudo;
        o.pseudonym_key = "secret";
        const json b =
            test::write_and_read(path_of(pseudo ? "anon-pseudo.xlsx" : "anon.xlsx"), input, o);
        for (const auto& [name, part] : b.at("parts").items()) {
            const std::string& xml = part.get_ref<const std::string&>();
            BOOST_TEST((shoppers.apply(xml) == xml), name << " names a shopper in some form");
            if (pseudo)
                BOOST_TEST((staff.apply(xml) == xml), name << " names staff in some form");
        }
    }
}

BOOST_AUTO_TEST_CASE(pseudonyms_without_a_key_are_one_off_and_say_so) {
    const auto& d = test::data();
    auto write = [&](const std::string& name, const std::string& key) {
        exports::ReportInput input;
        input.facts = &d.facts;
        input.visits = test::source(d.records);
        exports::ReportOptions o;
        o.pseudonymise_staff = true;
        o.pseudonym_key = key;
        return test::write_and_read(path_of(name), input, o);
    };
    BOOST_TEST(exports::ReportOptions{}.pseudonym_key.empty()); // no public default
    const json a = write("nokey-a.xlsx", ""), b = write("nokey-b.xlsx", ""),
               keyed = write("keyed.xlsx", "database secret");
    auto says = [](const json& book, const std::string& sheet, const std::string& what) {
        for (const auto& [ref, c] : book.at("cells").at(sheet).items())
            if (c.at("v").is_string() &&
                c.at("v").get<std::string>().find(what) != std::string::npos)
                return true;
        return false;
    };
    for (const json* book : {&a, &b}) {
        BOOST_TEST(says(*book, "Summary", "made without a secret key"));
        BOOST_TEST(says(*book, "Method", "made without a secret key"));
    }
    BOOST_TEST(!says(keyed, "Summary", "without a secret key"));
    // One-off keys: the same employee gets different pseudonyms in two reports; neither is the
    // pseudonym under the old public key.
    const std::string pa = text(a, "Visits", 1, 5), pb = text(b, "Visits", 1, 5);
    BOOST_TEST_REQUIRE(!pa.empty());
    BOOST_TEST(pa != pb);
    BOOST_TEST(pa !=
               exports::staff_pseudonym("visitscore", d.records[0].client, d.records[0].employee));
    BOOST_TEST(text(keyed, "Visits", 1, 5) == exports::staff_pseudonym("database secret",
                                                                       d.records[0].client,
                                                                       d.records[0].employee));
}

// -- codes compared one way -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(codes_differing_in_case_or_leading_zeros_stay_apart) {
    const std::vector<std::string> codes = {"ab01", "AB01", "007", "7"};
    auto small = test::small_data(48, [&](std::vector<forms::Visit>& visits) {
        for (std::size_t i = 0; i < visits.size(); ++i) {
            visits[i].client = "Northwind Bank";
            visits[i].region = "North";
            visits[i].branch = codes[i % codes.size()];
            visits[i].branch_name = "Branch " + codes[i % codes.size()];
        }
    });
    std::map<std::string, std::size_t> expected;
    for (const auto& r : small.records)
        if (r.score)
            ++expected[r.branch];
    BOOST_TEST_REQUIRE(expected.size() == 4u);
    for (std::uint32_t rows : {1048576u, 20u}) { // one Visits sheet, then several
        exports::ReportOptions o;
        o.max_rows_per_sheet = rows;
        const json b = test::write_and_read(path_of("codes-" + std::to_string(rows) + ".xlsx"),
                                            small.input(), o);
        // Excel recalculates on open.
        BOOST_TEST(
            b.at("parts").at("xl/workbook.xml").get<std::string>().find("fullCalcOnLoad=\"1\"") !=
            std::string::npos);
        // No formula compares codes in a way that ignores case or reads "007" as 7.
        for (const auto& f : formulas(b)) {
            BOOST_TEST_INFO_SCOPE(f);
            for (const char* bad : {"COUNTIF", "SUMIF", "AVERAGEIF", "MATCH(", "LOOKUP("})
                BOOST_TEST(f.find(bad) == std::string::npos);
        }
        // Each branch row: n and mean as Excel would compute them (EXACT), equal to the cache.
        std::size_t rows_seen = 0;
        for (int r = 4; cell(b, "Branches", r, 0); ++r, ++rows_seen) {
            const std::string code = text(b, "Branches", r, 1);
            BOOST_TEST_INFO_SCOPE("branch " + code);
            const json& n = *cell(b, "Branches", r, 4);
            BOOST_TEST(n.at("v").get<double>() == static_cast<double>(expected[code]));
            const std::string f = n.at("f").get<std::string>();
            const std::regex term(
                R"(SUMPRODUCT\(EXACT\(('?[^!]+'?)!\$B\$2:\$B\$(\d+),\$A(\d+)\)\*EXACT\(\1!\$D\$2:\$D\$\2,\$B\3\)\*ISNUMBER\(\1!\$([A-Z]+)\$2:\$\4\$\2\)\))");
            std::size_t count = 0, terms = 0;
            for (std::sregex_iterator m(f.begin(), f.end(), term), end; m != end; ++m, ++terms) {
                std::string sheet = (*m)[1];
                if (sheet.front() == '\'')
                    sheet = sheet.substr(1, sheet.size() - 2);
                const int last = std::stoi((*m)[2]);
                int score_col = 0;
                for (char ch : std::string((*m)[4]))
                    score_col = score_col * 26 + (ch - 'A' + 1);
                --score_col;
                for (int row = 1; row < last; ++row) {
                    const json* s = cell(b, sheet, row, score_col);
                    if (text(b, sheet, row, 1) == "Northwind Bank" &&
                        text(b, sheet, row, 3) == code && s && s->at("v").is_number())
                        ++count;
                }
            }
            BOOST_TEST(terms >= 1u);
            BOOST_TEST(count == expected[code]);
        }
        BOOST_TEST(rows_seen == 4u);
    }
}

// -- big scorecards -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_scorecard_wider_than_a_worksheet_still_exports) {
    constexpr int kQuestions = 17000;
    json doc = {{"format", "visitscore.template/1"},
                {"id", "wide"},
                {"version", 1},
                {"name", "Wide"},
                {"target", 80},
                {"min_applicable", 0}};
    json questions = json::array();
    for (int i = 0; i < kQuestions; ++i)
        questions.push_back({{"id", "q" + std::to_string(i)}, {"type", "yes_no"}});
    doc["sections"] =
        json::array({{{"id", "all"}, {"title", "All"}, {"weight", 1}, {"questions", questions}}});
    forms::Template wide = forms::parse_template(doc.dump(), "wide.json");
    auto small = test::small_data(3, {}, {wide});
    BOOST_TEST_REQUIRE(small.records.size() == 3u);
    exports::write_client_report(path_of("wide.xlsx"), small.input(), {});
    // Every part parsed; the cells of the sheets that matter read back (Behaviours' 17,000 rows
    // would take openpyxl a quarter of a minute).
    const json b = test::dump_xlsx(path_of("wide.xlsx"), false, "Summary,Method,Visits");
    // The Visits sheet: the first questions, then comments, summary and reference in the last
    // columns a worksheet has.
    BOOST_TEST(text(b, "Visits", 0, 16383) == "Visit reference");
    BOOST_TEST(text(b, "Visits", 0, 16381) == "Comments");
    const int first = column_of(b, "Visits", 0, "q0", 40);
    BOOST_TEST_REQUIRE(first > 0);
    const int shown = 16381 - first;
    BOOST_TEST(text(b, "Visits", 0, 16380) == "q" + std::to_string(shown - 1));
    // What was left out, said on the Summary and Method sheets.
    bool summary = false, method = false;
    BOOST_TEST_REQUIRE(kQuestions - shown < 1000);
    const std::string says = "leaves out the answers to the other " +
                             std::to_string(kQuestions - shown) + " (q" + std::to_string(shown) +
                             " to q" + std::to_string(kQuestions - 1) + ")";
    for (const auto& [ref, c] : b.at("cells").at("Summary").items())
        summary = summary || (c.at("v").is_string() &&
                              c.at("v").get<std::string>().find(says) != std::string::npos);
    for (const auto& [ref, c] : b.at("cells").at("Method").items())
        method = method || (c.at("v").is_string() &&
                            c.at("v").get<std::string>().find(says) != std::string::npos);
    BOOST_TEST(summary, says);
    BOOST_TEST(method);
}

// -- owner-only export files ----------------------------------------------------------------

namespace {

mode_t mode_of(const std::string& path) {
    struct stat st {};
    BOOST_TEST_REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

void write_csv(const std::string& path) {
    const auto& d = test::data();
    std::vector<exports::VisitRecord> some(d.records.begin(), d.records.begin() + 3);
    exports::write_visits_csv_file(path, d.templates, test::source(some));
}

struct Umask {
    mode_t old;
    explicit Umask(mode_t m) : old(::umask(m)) {}
    ~Umask() { ::umask(old); }
};

} // namespace

BOOST_AUTO_TEST_CASE(exports_are_owner_only_whatever_the_umask) {
    const auto dir = test::temp_dir() / "private";
    std::filesystem::create_directories(dir);
    Umask open(0);
    // New files, CSV and workbook.
    const std::string csv = (dir / "new.csv").string();
    write_csv(csv);
    BOOST_TEST(mode_of(csv) == 0600u);
    const std::string xlsx = (dir / "new.xlsx").string();
    auto small = test::small_data(6);
    test::write_and_read(xlsx, small.input(), {});
    BOOST_TEST(mode_of(xlsx) == 0600u);
    // An existing empty file, world-readable: replaced, 0600.
    const std::string empty = (dir / "empty.csv").string();
    std::ofstream(empty).close();
    ::chmod(empty.c_str(), 0666);
    write_csv(empty);
    BOOST_TEST(mode_of(empty) == 0600u);
    BOOST_TEST(std::filesystem::file_size(empty) > 0u);
    // Overwriting an export: still 0600, with the new content.
    ::chmod(xlsx.c_str(), 0644);
    test::write_and_read(xlsx, small.input(), {});
    BOOST_TEST(mode_of(xlsx) == 0600u);
    // Nothing left beside them.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++files;
    BOOST_TEST(files == 3u);
}

BOOST_AUTO_TEST_CASE(an_export_never_replaces_a_link_or_a_special_file) {
    const auto dir = test::temp_dir() / "links";
    std::filesystem::create_directories(dir);
    const std::string target = (dir / "target.csv").string();
    std::ofstream(target) << "precious";
    ::chmod(target.c_str(), 0644);
    const std::string link = (dir / "link.csv").string();
    std::filesystem::create_symlink(target, link);
    const std::string dangling = (dir / "dangling.csv").string();
    std::filesystem::create_symlink(dir / "nowhere.csv", dangling);
    const std::string folder = (dir / "folder.csv").string();
    std::filesystem::create_directory(folder);
    const std::string fifo = (dir / "fifo.csv").string();
    BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto small = test::small_data(6);
    for (const std::string& path : {link, dangling, folder, fifo}) {
        BOOST_TEST_INFO_SCOPE(path);
        try {
            write_csv(path);
            BOOST_FAIL("the CSV export replaced " + path);
        } catch (const exports::ExportError& e) {
            BOOST_TEST(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
        BOOST_CHECK_THROW(exports::write_client_report(path, small.input(), {}),
                          exports::ExportError);
    }
    BOOST_TEST(std::filesystem::is_symlink(link));
    BOOST_TEST(std::filesystem::is_symlink(dangling));
    BOOST_TEST(!std::filesystem::exists(dir / "nowhere.csv"));
    BOOST_TEST(forms::read_file(target) == "precious");
    BOOST_TEST(mode_of(target) == 0644u);
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++entries;
    BOOST_TEST(entries == 5u); // no temporary file left behind
}

// -- a logo that is not an image ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_logo_that_is_not_an_image_is_bad_input) {
    const auto dir = test::temp_dir() / "logos";
    std::filesystem::create_directories(dir);
    const std::string text_file = (dir / "logo.png").string();
    std::ofstream(text_file) << "this is not a PNG";
    const std::string truncated = (dir / "short.png").string();
    std::ofstream(truncated, std::ios::binary) << "\x89PNG\r\n";
    const std::string folder = (dir / "folder.png").string();
    std::filesystem::create_directory(folder);
    const std::string missing = (dir / "missing.png").string();
    auto small = test::small_data(6);
    for (const std::string& logo : {text_file, truncated, folder, missing}) {
        BOOST_TEST_INFO_SCOPE(logo);
        exports::ReportOptions o;
        o.logo = logo;
        const std::string out = (dir / "report.xlsx").string();
        try {
            exports::write_client_report(out, small.input(), o);
            BOOST_FAIL("a report was made with the logo " + logo);
        } catch (const InputError& e) {
            BOOST_TEST(e.file() == logo);
            const std::string what = e.what();
            for (const char* library : {"[WARNING]", "basic_filebuf", "lxw", "libxlsxwriter"})
                BOOST_TEST(what.find(library) == std::string::npos, what);
        }
        BOOST_TEST(!std::filesystem::exists(out));
    }
    // A real (1×1 GIF) image is taken, and its path is not written into the workbook.
    const std::string gif = (dir / "secret-client-folder.gif").string();
    std::ofstream(gif, std::ios::binary)
        << std::string("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01"
                       "\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
                       43);
    exports::ReportOptions o;
    o.logo = gif;
    const json b = test::write_and_read((dir / "with-logo.xlsx").string(), small.input(), o);
    BOOST_TEST(b.at("parts").contains("xl/media/image1.gif"));
    for (const auto& [name, part] : b.at("parts").items())
        BOOST_TEST(part.get<std::string>().find("secret-client-folder") == std::string::npos, name);
}

BOOST_AUTO_TEST_SUITE_END()
