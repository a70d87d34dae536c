// Tests for reading a visit package visit by visit (forms/visit.h parse_visit_package with a
// sink, forms/json_io.h parse_json_strict with a streamed member): the visits reach the sink in
// order while the text is read, and the error is the one the whole file gives — a bad visit
// early does not hide a syntax error or a bad `format` later in the file.

#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/visit.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

namespace vf = vs::forms;
using nlohmann::json;

namespace {

const std::string kPackage = std::string(VS_TEST_DATA) + "/forms/shop-visit.visits.json";

json package_json() {
    return json::parse(vf::read_file(kPackage));
}

/// A uuid as the reader stores it (lower case).
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// The package with `visits` written before `format`, as a writer is free to order them.
std::string visits_first(const json& doc) {
    return "{\"visits\": " + doc.at("visits").dump(1) +
           ",\n\"format\": " + doc.at("format").dump() + "}";
}

struct Streamed {
    std::vector<vf::Visit> visits;
    std::vector<std::size_t> done;
};

/// Streams `text`; the visits and progress the sink saw are kept even when it throws.
void stream(const std::string& text, Streamed& out) {
    vf::parse_visit_package(text, "pkg.json", [&](vf::Visit&& v, std::size_t done) {
        out.visits.push_back(std::move(v));
        out.done.push_back(done);
    });
}

/// The InputError `f` throws, or a failure.
template <class F> vs::InputError error_of(F&& f) {
    try {
        f();
    } catch (const vs::InputError& e) {
        return e;
    }
    BOOST_FAIL("no InputError");
    throw std::logic_error("unreachable");
}

} // namespace

BOOST_AUTO_TEST_SUITE(package_stream)

BOOST_AUTO_TEST_CASE(visits_arrive_in_order_as_the_text_is_read) {
    const std::string text = vf::read_file(kPackage);
    Streamed s;
    stream(text, s);
    const json expected = package_json().at("visits");
    BOOST_REQUIRE_EQUAL(s.visits.size(), expected.size());
    BOOST_REQUIRE_GE(s.visits.size(), 2u);
    for (std::size_t i = 0; i < s.visits.size(); ++i) {
        BOOST_TEST_INFO_SCOPE("visits[" << i << "]");
        const std::string uuid = expected[i].at("uuid").get<std::string>();
        BOOST_TEST(s.visits[i].uuid == lower(uuid));
        // The answers were moved out of the element intact.
        BOOST_TEST(s.visits[i].answers == expected[i].at("answers"));
        // Progress: past the visit's closing brace, before the end of the file.
        const std::size_t close = text.find('}', text.find(uuid));
        BOOST_TEST(s.done[i] > close);
        BOOST_TEST(s.done[i] < text.size());
        if (i > 0)
            BOOST_TEST(s.done[i] > s.done[i - 1]);
    }
    // The same visits as the whole-file reader gives.
    const auto whole = vf::parse_visit_package(text, "pkg.json");
    for (std::size_t i = 0; i < whole.size(); ++i)
        BOOST_TEST(whole[i].to_json() == s.visits[i].to_json());
}

BOOST_AUTO_TEST_CASE(format_may_follow_the_visits) {
    Streamed s;
    stream(visits_first(package_json()), s);
    BOOST_TEST(s.visits.size() == package_json().at("visits").size());
}

BOOST_AUTO_TEST_CASE(only_the_top_level_visits_member_is_streamed) {
    json doc = package_json();
    json nested = doc;
    nested["extra"] = {{"visits", doc["visits"]}}; // an unknown field: ignored, not imported
    nested["visits"] = json::array({doc["visits"][0]});
    Streamed s;
    stream(nested.dump(), s);
    BOOST_TEST(s.visits.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_bad_visit_stops_the_sink_and_is_reported_after_the_whole_text) {
    json doc = package_json();
    doc["visits"][1]["status"] = "approve";
    Streamed s;
    vs::InputError e = error_of([&] { stream(doc.dump(2), s); });
    BOOST_TEST(e.file() == "pkg.json");
    BOOST_TEST(e.where() ==
               "visits[1] (" + lower(doc["visits"][1]["uuid"].get<std::string>()) + ").status");
    BOOST_TEST(s.visits.size() == 1u); // visits[0] only
}

BOOST_AUTO_TEST_CASE(errors_rank_as_for_the_whole_file) {
    json doc = package_json();
    doc["visits"][0]["status"] = "approve"; // the first visit is bad …
    struct Case {
        std::string name;
        std::string text;
        std::string where;
        std::string message;
    };
    std::string truncated = doc.dump(2);
    truncated.resize(truncated.size() - 3);
    json bad_format = doc;
    bad_format["format"] = "visitscore.visit/1";
    json twice = doc;
    twice["visits"][1]["uuid"] = doc["visits"][0]["uuid"];
    const std::string duplicate_visits =
        "{\"format\": \"visitscore.visits/1\", \"visits\": " + doc["visits"].dump() +
        ",\n \"visits\": []}";
    const std::vector<Case> cases = {
        // … but a syntax error later in the file is what the whole file reports,
        {"truncated", truncated,
         "line " + std::to_string(std::count(truncated.begin(), truncated.end(), '\n') + 1) +
             ", column ",
         "invalid JSON: syntax error"},
        // as is a wrong format written after the visits,
        {"format after the visits", visits_first(bad_format), "format",
         "must be \"visitscore.visits/1\", not \"visitscore.visit/1\""},
        // and a repeated top-level key.
        {"visits twice", duplicate_visits, "line 2, column 2", "duplicate key \"visits\""},
        // Otherwise the first bad visit, even when a later one is bad too.
        {"later duplicate uuid", twice.dump(2),
         "visits[0] (" + lower(doc["visits"][0]["uuid"].get<std::string>()) + ").status",
         "\"approve\" is not a status"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        Streamed s;
        vs::InputError e = error_of([&] { stream(c.text, s); });
        BOOST_TEST(e.file() == "pkg.json");
        BOOST_TEST(e.where().rfind(c.where, 0) == 0u, e.where());
        BOOST_TEST(e.message().find(c.message) != std::string::npos, e.message());
        BOOST_TEST(s.visits.empty());
    }
}

BOOST_AUTO_TEST_CASE(deep_nesting_inside_a_visit_names_the_place) {
    json doc = package_json();
    std::string text = doc.dump();
    // 70 levels of arrays as an unknown field of visits[0]
    const std::string deep = "\"deep\": " + std::string(70, '[') + std::string(70, ']') + ", ";
    text.insert(text.find("\"uuid\""), deep);
    vs::InputError e = error_of([&] { vf::parse_visit_package(text, "pkg.json"); });
    BOOST_TEST(e.where().rfind("line 1, column ", 0) == 0u, e.where());
    BOOST_TEST(e.message() == "nesting deeper than 64 levels");
}

BOOST_AUTO_TEST_CASE(an_exception_from_the_sink_stops_the_parse_unchanged) {
    const std::string text = vf::read_file(kPackage);
    int calls = 0;
    BOOST_CHECK_EXCEPTION(vf::parse_visit_package(text, "pkg.json",
                                                  [&](vf::Visit&&, std::size_t) {
                                                      ++calls;
                                                      throw std::domain_error("stop here");
                                                  }),
                          std::domain_error, [](const std::domain_error& e) {
                              return e.what() == std::string("stop here");
                          });
    BOOST_TEST(calls == 1);
    // An InputError from the sink is the sink's, not deferred as a bad visit.
    calls = 0;
    vs::InputError e = error_of([&] {
        vf::parse_visit_package(text, "pkg.json", [&](vf::Visit&&, std::size_t) {
            ++calls;
            throw vs::InputError("db", "here", "from the sink");
        });
    });
    BOOST_TEST(e.message() == "from the sink");
    BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(json_strings_are_escaped) {
    struct Case {
        std::string in;
        std::string out;
    };
    const std::vector<Case> cases = {
        {"", "\"\""},
        {"plain text", "\"plain text\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"a\\b", "\"a\\\\b\""},
        {"line\nnext\r\ttab", "\"line\\nnext\\r\\ttab\""},
        {std::string("nul\0x", 5), "\"nul\\u0000x\""},
        {"\x1f"
         "end",
         "\"\\u001fend\""},
        {"caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\""},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.out);
        std::string out = "x";
        vf::append_json_string(out, c.in);
        BOOST_TEST(out == "x" + c.out);
        BOOST_TEST(json::parse(c.out).get<std::string>() == c.in); // what a reader gets back
    }
}

BOOST_AUTO_TEST_SUITE_END()
