// Tests for forms/csv.h (RFC 4180 reading) and forms/dates.h (local dates and period keys,
// SCORING.md §4–5).

#include "forms/csv.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/trim.h"

#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>
#include <vector>

namespace vf = vs::forms;

using Rows = std::vector<std::vector<std::string>>;

BOOST_AUTO_TEST_SUITE(csv_dates)

BOOST_AUTO_TEST_CASE(csv_parses) {
    struct Case {
        std::string name;
        std::string text;
        Rows rows;
        std::vector<std::size_t> lines; ///< the line each row starts on
    };
    const std::vector<Case> cases = {
        {"empty text", "", {}, {}},
        {"one field", "a", {{"a"}}, {1}},
        {"trailing newline", "a,b\nc,d\n", {{"a", "b"}, {"c", "d"}}, {1, 2}},
        {"no trailing newline", "a,b\nc,d", {{"a", "b"}, {"c", "d"}}, {1, 2}},
        {"CRLF", "a,b\r\nc,d\r\n", {{"a", "b"}, {"c", "d"}}, {1, 2}},
        {"CR-only lines", "a,b\rc,d\r", {{"a", "b"}, {"c", "d"}}, {1, 2}},
        {"mixed line ends", "a\r\nb\nc\rd", {{"a"}, {"b"}, {"c"}, {"d"}}, {1, 2, 3, 4}},
        {"empty fields", "a,,b\n,\n,,\n", {{"a", "", "b"}, {"", ""}, {"", "", ""}}, {1, 2, 3}},
        {"trailing empty field", "a,b,\nc", {{"a", "b", ""}, {"c"}}, {1, 2}},
        {"blank lines skipped", "\na\n\n\r\nb\n\n", {{"a"}, {"b"}}, {2, 5}},
        {"quoted fields", "\"a\",\"b,c\"\n", {{"a", "b,c"}}, {1}},
        {"doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", {{"say \"hi\"", "\""}}, {1}},
        {"empty quoted field", "\"\",x\n", {{"", "x"}}, {1}},
        {"quoted newline keeps the line count",
         "h1,h2\n\"two\nlines\",x\n\"three\r\nline\ns\",y\nlast,z\n",
         {{"h1", "h2"}, {"two\nlines", "x"}, {"three\r\nline\ns", "y"}, {"last", "z"}},
         {1, 2, 4, 7}},
        {"quoted field at end of text", "a,\"b\"", {{"a", "b"}}, {1}},
        {"spaces kept", " a , b \n", {{" a ", " b "}}, {1}},
        {"BOM skipped", "\xEF\xBB\xBFid,name\n1,x\n", {{"id", "name"}, {"1", "x"}}, {1, 2}},
        {"UTF-8 text",
         "caf\xC3\xA9,\xE2\x82\xAC,\xF0\x9F\x98\x80\n",
         {{"caf\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}},
         {1}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const auto rows = vf::parse_csv(c.text, "t.csv");
        BOOST_TEST_REQUIRE(rows.size() == c.rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            BOOST_TEST_INFO_SCOPE("row " << i);
            BOOST_TEST(rows[i].fields == c.rows[i], boost::test_tools::per_element());
            BOOST_TEST(rows[i].line == c.lines[i]);
        }
    }
}

BOOST_AUTO_TEST_CASE(csv_errors) {
    struct Case {
        std::string name;
        std::string text;
        std::string where;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"unterminated quote", "a,b\n\"c,d\ne,f\n", "line 2", "a quoted field is never closed"},
        {"unterminated quote at the very end", "a,\"", "line 1", "never closed"},
        {"text after a closing quote", "a,b\n\"c\"d,e\n", "line 2",
         "unexpected text after a closing quote"},
        {"quote inside an unquoted field", "a,b\nc,d\"e\"\n", "line 2",
         "a quote inside an unquoted field"},
        {"invalid UTF-8 byte", "a,b\nc,\xFF\n", "line 2", "invalid UTF-8"},
        {"truncated UTF-8 sequence", "x\n\xE2\x82\n", "line 2", "invalid UTF-8"},
        {"overlong UTF-8", "\xC0\xAF\n", "line 1", "invalid UTF-8"},
        {"UTF-8 surrogate", "a\nb\n\xED\xA0\x80\n", "line 3", "invalid UTF-8"},
        {"invalid UTF-8 in a quoted field", "a\n\"\xFE\"\n", "line 2", "invalid UTF-8"},
        {"Latin-1 text", "caf\xE9\n", "line 1", "invalid UTF-8"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        try {
            vf::parse_csv(c.text, "t.csv");
            BOOST_ERROR("no error");
        } catch (const vs::InputError& e) {
            BOOST_TEST(e.file() == "t.csv");
            BOOST_TEST(e.where() == c.where);
            BOOST_TEST(e.message().find(c.message) != std::string::npos, e.message());
        }
    }
}

BOOST_AUTO_TEST_CASE(trim_strips_spaces_and_tabs_at_the_ends) {
    struct Case {
        std::string_view in, out;
    };
    const std::vector<Case> cases = {
        {"", ""},        {"   ", ""},         {" \t a b \t", "a b"},
        {"a", "a"},      {"\ta\t", "a"},      {"a \t b", "a \t b"},
        {" a\n", "a\n"}, {"\r\nx ", "\r\nx"}, {"\xC3\xA9 ", "\xC3\xA9"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE('"' << c.in << '"');
        BOOST_TEST(vf::trim(c.in) == c.out);
    }
    static_assert(vf::trim(" x ") == "x");
}

BOOST_AUTO_TEST_CASE(utf8_validation) {
    struct Case {
        std::string name;
        std::string text;
        bool valid;
    };
    const std::vector<Case> cases = {
        {"empty", "", true},
        {"ASCII", "plain text", true},
        {"2-byte", "\xC3\xA9", true},
        {"3-byte", "\xE2\x82\xAC", true},
        {"4-byte", "\xF0\x9F\x98\x80", true},
        {"U+10FFFF", "\xF4\x8F\xBF\xBF", true},
        {"above U+10FFFF", "\xF4\x90\x80\x80", false},
        {"lone continuation byte", "\x80", false},
        {"truncated 3-byte", "\xE2\x82", false},
        {"overlong 2-byte", "\xC1\xBF", false},
        {"overlong 3-byte", "\xE0\x80\xAF", false},
        {"surrogate", "\xED\xB0\x80", false},
        {"5-byte lead", "\xF8\x88\x80\x80\x80", false},
        {"FF", "\xFF", false},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        BOOST_TEST(vf::valid_utf8(c.text) == c.valid);
    }
}

BOOST_AUTO_TEST_CASE(parse_day) {
    struct Case {
        std::string text;
        std::optional<int> day; ///< days since 1970-01-01
    };
    // Day numbers: 2026-01-01 = 56·365 + 14 leap days (1972…2024) = 20454.
    const std::vector<Case> cases = {
        {"1970-01-01", 0},
        {"1969-12-31", -1},
        {"2026-01-01", 20454},
        {"2026-10-03", 20454 + 275}, // Jan–Sep 2026: 31+28+31+30+31+30+31+31+30 = 273, +2
        {"2024-02-29", 19782},       // leap year: 2024-01-01 = 19723, +31 +28
        {"2026-02-29", std::nullopt},
        {"2026-02-30", std::nullopt},
        {"2000-02-29", 11016},        // divisible by 400: leap
        {"1900-02-29", std::nullopt}, // divisible by 100, not 400: not leap
        {"2026-04-31", std::nullopt},
        {"2026-13-01", std::nullopt},
        {"2026-00-10", std::nullopt},
        {"2026-01-00", std::nullopt},
        {"2026-1-01", std::nullopt},
        {"2026/01/01", std::nullopt},
        {"26-01-01", std::nullopt},
        {"", std::nullopt},
        {"2026-10-03T14:05", 20454 + 275},
        {"2026-10-03T14:05:59", 20454 + 275},
        {"2026-10-03 14:05", 20454 + 275},
        {"2026-10-03T00:00:00", 20454 + 275},
        {"2026-10-03T23:59:59", 20454 + 275},
        {"2026-10-03T24:00", std::nullopt},
        {"2026-10-03T25:00", std::nullopt},
        {"2026-10-03T14:60", std::nullopt},
        {"2026-10-03T14:05:60", std::nullopt},
        {"2026-10-03T14", std::nullopt},
        {"2026-10-03T14:5", std::nullopt},
        {"2026-10-03T14:05:0", std::nullopt},
        {"2026-10-03T14:05:00Z", std::nullopt},
        {"2026-10-03T14:05:00+02:00", std::nullopt},
        {"2026-10-03X", std::nullopt},
        {"2026-10-03T", std::nullopt},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.text);
        const auto got = vf::parse_day(c.text);
        BOOST_TEST(got.has_value() == c.day.has_value());
        if (got && c.day) {
            BOOST_TEST(*got == *c.day);
            BOOST_TEST(vf::day_to_string(*got) == c.text.substr(0, 10));
        }
    }
}

BOOST_AUTO_TEST_CASE(period_keys) {
    struct Case {
        std::string date;
        vf::Period period;
        std::string key;
    };
    using P = vf::Period;
    const std::vector<Case> cases = {
        {"2026-10-03", P::Month, "2026-10"},
        {"2026-01-31", P::Month, "2026-01"},
        {"2026-03-31", P::Quarter, "2026-Q1"},
        {"2026-04-01", P::Quarter, "2026-Q2"},
        {"2026-09-30", P::Quarter, "2026-Q3"},
        {"2026-10-01", P::Quarter, "2026-Q4"},
        {"2026-12-31", P::Year, "2026"},
        {"0999-06-01", P::Year, "0999"},
        // ISO weeks: Monday to Sunday; week 1 holds the year's first Thursday.
        {"2026-01-01", P::Week, "2026-W01"}, // a Thursday
        {"2025-12-29", P::Week, "2026-W01"}, // the Monday of that week
        {"2025-12-28", P::Week, "2025-W52"}, // the Sunday before
        {"2026-10-03", P::Week, "2026-W40"}, // Saturday
        {"2026-10-05", P::Week, "2026-W41"}, // Monday
        {"2026-12-31", P::Week, "2026-W53"}, // 2026 starts on a Thursday: 53 weeks
        {"2027-01-01", P::Week, "2026-W53"}, // a Friday
        {"2027-01-03", P::Week, "2026-W53"}, // Sunday
        {"2027-01-04", P::Week, "2027-W01"}, // Monday
        {"2024-12-30", P::Week, "2025-W01"}, // Monday; 2025-01-01 is a Wednesday
        {"2024-12-29", P::Week, "2024-W52"},
        {"2021-01-03", P::Week, "2020-W53"}, // 2020: a leap year starting on a Wednesday
        {"2021-01-04", P::Week, "2021-W01"},
        {"2010-01-03", P::Week, "2009-W53"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.date << " " << static_cast<int>(c.period));
        const auto day = vf::parse_day(c.date);
        BOOST_TEST_REQUIRE(day.has_value());
        BOOST_TEST(vf::period_key(*day, c.period) == c.key);
    }
}

BOOST_AUTO_TEST_CASE(period_from_string) {
    BOOST_TEST((vf::period_from_string("week") == vf::Period::Week));
    BOOST_TEST((vf::period_from_string("month") == vf::Period::Month));
    BOOST_TEST((vf::period_from_string("quarter") == vf::Period::Quarter));
    BOOST_TEST((vf::period_from_string("year") == vf::Period::Year));
    BOOST_TEST(!vf::period_from_string("Month").has_value());
    BOOST_TEST(!vf::period_from_string("day").has_value());
    BOOST_TEST(!vf::period_from_string("").has_value());
}

BOOST_AUTO_TEST_CASE(period_index_consecutive) {
    struct Case {
        std::string name;
        vf::Period period;
        std::string a;
        std::string b;
        int difference; ///< index(b) - index(a)
    };
    using P = vf::Period;
    const std::vector<Case> cases = {
        {"same month", P::Month, "2026-10-01", "2026-10-31", 0},
        {"month across a year", P::Month, "2026-12-31", "2027-01-01", 1},
        {"months a year apart", P::Month, "2026-03-15", "2027-03-01", 12},
        {"quarter across a year", P::Quarter, "2026-12-31", "2027-01-01", 1},
        {"same quarter", P::Quarter, "2026-01-01", "2026-03-31", 0},
        {"quarters a year apart", P::Quarter, "2025-05-01", "2026-05-01", 4},
        {"year", P::Year, "2026-12-31", "2027-01-01", 1},
        {"same ISO week across a year", P::Week, "2026-12-28", "2027-01-03", 0},
        {"ISO week 53 to week 1", P::Week, "2027-01-03", "2027-01-04", 1},
        {"ISO week 52 to week 1 across a year", P::Week, "2024-12-29", "2024-12-30", 1},
        {"same week, Monday to Sunday", P::Week, "2026-10-05", "2026-10-11", 0},
        {"Sunday to Monday", P::Week, "2026-10-11", "2026-10-12", 1},
        {"weeks across the epoch", P::Week, "1969-12-28", "1969-12-29", 1}, // Sun, Mon
        {"same week across the epoch", P::Week, "1969-12-29", "1970-01-04", 0},
        {"months across the epoch", P::Month, "1969-12-31", "1970-01-01", 1},
        {"52 weeks", P::Week, "2025-10-06", "2026-10-05", 52},
    };
    for (const auto& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        const auto a = vf::parse_day(c.a);
        const auto b = vf::parse_day(c.b);
        BOOST_TEST_REQUIRE((a && b));
        BOOST_TEST(vf::period_index(*b, c.period) - vf::period_index(*a, c.period) == c.difference);
    }
    // Every day of 2024–2027: the index steps by 0 or 1 from one day to the next, and changes
    // exactly when the key does.
    for (vf::Period p : {P::Week, P::Month, P::Quarter, P::Year}) {
        BOOST_TEST_INFO_SCOPE("period " << static_cast<int>(p));
        const int first = *vf::parse_day("2024-01-01");
        const int last = *vf::parse_day("2027-12-31");
        for (int d = first; d < last; ++d) {
            const int step = vf::period_index(d + 1, p) - vf::period_index(d, p);
            const bool key_changes = vf::period_key(d + 1, p) != vf::period_key(d, p);
            if (step != (key_changes ? 1 : 0)) {
                BOOST_ERROR("at " << vf::day_to_string(d) << ": step " << step);
                break;
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
