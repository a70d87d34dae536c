// Differential test of forms/json_io.h parse_json_strict against nlohmann::json::parse: generated
// and mutated documents (escapes and surrogates, invalid UTF-8, control characters, number edge
// cases, duplicate keys, deep nesting, byte order marks) are accepted by both or by neither, with
// the same values of the same types; the strict reader refuses only duplicate keys and nesting
// deeper than 64 levels besides. The streamed variant hands the same elements. parse_json_strict
// reads well-formed text with RapidJSON and everything else again with nlohmann: this checks
// that the fast reading accepts nothing nlohmann refuses and reads no value differently.

#include "forms/error.h"
#include "forms/json_io.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace vf = vs::forms;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxDepth = 64;

/// Same value and same types all the way down (nlohmann's == compares 1 and 1.0 equal).
bool same(const json& a, const json& b) {
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case json::value_t::object: {
        if (a.size() != b.size())
            return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            auto other = b.find(it.key());
            if (other == b.end() || !same(*it, *other))
                return false;
        }
        return true;
    }
    case json::value_t::array:
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!same(a[i], b[i]))
                return false;
        return true;
    case json::value_t::number_float: {
        const double x = a.get<double>();
        const double y = b.get<double>();
        return x == y && std::signbit(x) == std::signbit(y);
    }
    default:
        return a == b;
    }
}

/// What the strict reader refuses besides syntax: a repeated key in one object, and a value or
/// container inside more than 64 containers (the depth nlohmann's parser callback counts).
class StrictChecks : public nlohmann::json_sax<json> {
  public:
    bool duplicate = false;
    std::size_t deepest = 0;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return open(true); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& k) override {
        if (!m_keys.back().insert(k).second)
            duplicate = true;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false;
    }

  private:
    bool value() {
        deepest = std::max(deepest, m_keys.size());
        return true;
    }
    bool open(bool) {
        value();
        m_keys.emplace_back();
        return true;
    }
    bool close() {
        m_keys.pop_back();
        return true;
    }
    std::vector<std::set<std::string>> m_keys; ///< per open container (arrays: unused)
};

/// Pieces the generator draws from.
const std::vector<std::string> kNumbers = {"0",
                                           "-0",
                                           "1",
                                           "-1",
                                           "01",
                                           "-01",
                                           "1.5",
                                           "-1.5",
                                           "1e400",
                                           "-1e400",
                                           "1e-400",
                                           "0e400",
                                           "0.0",
                                           "-0.0",
                                           "1E5",
                                           "1e+5",
                                           "1.0e-5",
                                           ".5",
                                           "1.",
                                           "-",
                                           "+1",
                                           "1e",
                                           "1e+",
                                           "0x10",
                                           "18446744073709551615",
                                           "18446744073709551616",
                                           "-9223372036854775808",
                                           "-9223372036854775809",
                                           "9223372036854775807",
                                           "9223372036854775808",
                                           "123456789012345678901234567890",
                                           "1.7976931348623157e308",
                                           "1.7976931348623159e308",
                                           "2.2250738585072014e-308",
                                           "4.9e-324",
                                           "2e-324",
                                           "3e-324",
                                           "0.1",
                                           "100000000000000000000000e-20",
                                           "1e0",
                                           "-0e-0"};

const std::vector<std::string> kStringPieces = {"a",
                                                "plain text",
                                                " ",
                                                "\\n",
                                                "\\\"",
                                                "\\\\",
                                                "\\/",
                                                "\\b",
                                                "\\f",
                                                "\\r",
                                                "\\t",
                                                "\\u0000",
                                                "\\u001f",
                                                "\\u0041",
                                                "\\u00e9",
                                                "\\u20AC",
                                                "\\uFFFF",
                                                "\\uD83D\\uDE00",
                                                "\\uDBFF\\uDFFF",
                                                "\\uD800",
                                                "\\uDC00",
                                                "\\uDFFF",
                                                "\\uD800\\u0041",
                                                "\\uD800\\uD800",
                                                "\\uDC00\\uD800",
                                                "\\u12",
                                                "\\x41",
                                                "\\'",
                                                "\\U0041",
                                                "\xC3\xA9",
                                                "\xE2\x82\xAC",
                                                "\xF0\x9F\x98\x80",
                                                "\xEF\xBF\xBF",
                                                "\xC0\x80",
                                                "\xC1\xBF",
                                                "\xED\xA0\x80",
                                                "\xED\xBF\xBF",
                                                "\xED\x9F\xBF",
                                                "\xF4\x90\x80\x80",
                                                "\xF5\x80\x80\x80",
                                                "\x80",
                                                "\xBF",
                                                "\xC3",
                                                "\xE2\x82",
                                                "\xF0\x9F\x98",
                                                "\xFE",
                                                "\xFF",
                                                "\x01",
                                                "\x1F",
                                                "\t",
                                                "\n",
                                                "\x7F",
                                                "items",
                                                "k"};

const std::vector<std::string> kSpaces = {"", "", "", " ", "\n", "\t", "\r\n", "  ", "\f", "\v"};

const std::vector<std::string> kOddTokens = {"true",
                                             "false",
                                             "null",
                                             "tru",
                                             "nul",
                                             "True",
                                             "NaN",
                                             "Infinity",
                                             "-Infinity",
                                             "undefined",
                                             "'x'",
                                             "[1,]",
                                             "{\"a\":1,}",
                                             "//c\n1",
                                             "/*c*/1",
                                             "\"\\u0000\"",
                                             std::string("\0", 1)};

/// Pieces of well-formed documents (within a double's range, no lone surrogates, valid UTF-8).
const std::vector<std::string> kCleanNumbers = {"0",
                                                "-0",
                                                "1",
                                                "-1",
                                                "1.5",
                                                "-1.5e3",
                                                "1E5",
                                                "1e+5",
                                                "0.1",
                                                "18446744073709551615",
                                                "-9223372036854775808",
                                                "2.2250738585072014e-308",
                                                "4.9e-324",
                                                "123.456e-7"};
const std::vector<std::string> kCleanStringPieces = {
    "a",       "plain text",     " ",        "\\n",
    "\\\"",    "\\\\",           "\\/",      "\\u0000",
    "\\u00e9", "\\uD83D\\uDE00", "\xC3\xA9", "\xF0\x9F\x98\x80",
    "items"};

class Generator {
  public:
    explicit Generator(std::uint32_t seed) : m_random(seed) {}

    /// Draws only from the well-formed pieces (the next document), or from all of them.
    void clean(bool on) { m_clean = on; }

    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_random);
    }
    bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }

    std::string space() {
        // The last two are not JSON white space.
        return kSpaces[pick(m_clean ? kSpaces.size() - 2 : kSpaces.size())];
    }

    std::string string() {
        std::string s = "\"";
        const std::size_t n = pick(5);
        for (std::size_t i = 0; i < n; ++i)
            s += m_clean ? kCleanStringPieces[pick(kCleanStringPieces.size())]
                         : kStringPieces[pick(kStringPieces.size())];
        return s + "\"";
    }

    std::string value(std::size_t depth) {
        const std::size_t kind = depth > 6 ? pick(4) : pick(7);
        switch (kind) {
        case 0:
            return m_clean ? kCleanNumbers[pick(kCleanNumbers.size())]
                           : kNumbers[pick(kNumbers.size())];
        case 1:
            return string();
        case 2:
            return m_clean || chance(90)
                       ? std::vector<std::string>{"true", "false", "null"}[pick(3)]
                       : kOddTokens[pick(kOddTokens.size())];
        case 3:
            return std::to_string(static_cast<long long>(pick(2000000)) - 1000000);
        case 4:
        case 5:
            return object(depth + 1);
        default:
            return array(depth + 1);
        }
    }

    std::string object(std::size_t depth) {
        std::string s = "{" + space();
        const std::size_t n = pick(5);
        std::vector<std::string> keys;
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0)
                s += "," + space();
            // Now and then a key used before in this object.
            keys.push_back(!keys.empty() && chance(m_clean ? 1 : 8) ? keys[pick(keys.size())]
                                                                    : string());
            s += keys.back() + space() + ":" + space() + value(depth) + space();
        }
        return s + "}";
    }

    std::string array(std::size_t depth) {
        std::string s = "[" + space();
        const std::size_t n = pick(5);
        for (std::size_t i = 0; i < n; ++i)
            s += (i > 0 ? "," + space() : "") + value(depth) + space();
        return s + "]";
    }

    /// A whole document: a plain value, or an object with an "items" array to stream; now and
    /// then nested around 64 levels deep, or after a byte order mark.
    std::string document() {
        std::string doc;
        if (chance(50)) {
            doc = "{" + space() + "\"format\"" + space() + ":" + space() + value(1) + "," +
                  space() + "\"items\"" + space() + ":" + space() + array(2) + space();
            if (chance(30))
                doc += ",\"after\":" + value(1);
            doc += "}";
        } else {
            doc = value(0);
        }
        if (chance(5)) {
            const std::size_t levels = 60 + pick(8);
            const bool objects = chance(50);
            std::string open;
            std::string close;
            for (std::size_t i = 0; i < levels; ++i) {
                open += objects ? "{\"k\":" : "[";
                close += objects ? "}" : "]";
            }
            doc = open + doc + close;
        }
        doc = space() + doc + space();
        if (chance(5))
            doc = "\xEF\xBB\xBF" + doc;
        return doc;
    }

    /// The document with a few bytes deleted, replaced, inserted or repeated, or cut short.
    std::string mutate(std::string doc) {
        static const std::string bytes =
            std::string("{}[]\",:\\0123456789-+.eEtfnu \n\x01\x80\xC3\xED\xFF") +
            std::string("\0", 1);
        const std::size_t edits = 1 + pick(3);
        for (std::size_t e = 0; e < edits && !doc.empty(); ++e) {
            const std::size_t at = pick(doc.size());
            switch (pick(5)) {
            case 0:
                doc.erase(at, 1);
                break;
            case 1:
                doc[at] = bytes[pick(bytes.size())];
                break;
            case 2:
                doc.insert(at, 1, bytes[pick(bytes.size())]);
                break;
            case 3:
                doc.insert(at, doc.substr(at, pick(8)));
                break;
            default:
                doc.resize(at);
            }
        }
        return doc;
    }

  private:
    std::mt19937 m_random;
    bool m_clean = false;
};

struct Oracle {
    std::optional<json> value; ///< empty when nlohmann refuses the text
    bool strict_refuses = false;
};

Oracle oracle(const std::string& text) {
    Oracle o;
    std::string_view view = text;
    // parse_json_strict skips one byte order mark itself; nlohmann then reads the rest.
    if (view.substr(0, 3) == "\xEF\xBB\xBF")
        view.remove_prefix(3);
    try {
        o.value = json::parse(view);
    } catch (const json::exception&) {
        return o;
    }
    StrictChecks checks;
    json::sax_parse(view, &checks);
    o.strict_refuses = checks.duplicate || checks.deepest > kMaxDepth;
    return o;
}

bool refusal_of_strict(const vs::InputError& e) {
    const std::string m = e.what();
    return m.find("duplicate key") != std::string::npos ||
           m.find("nesting deeper than") != std::string::npos;
}

/// Checks one document, whole and streamed; returns whether nlohmann accepted it.
bool check(const std::string& text) {
    bool accepted = false;
    BOOST_TEST_CONTEXT(
        "document: " << json(text).dump(-1, ' ', true, json::error_handler_t::replace)) {
        const Oracle expected = oracle(text);
        std::optional<json> got;
        try {
            got = vf::parse_json_strict(text, "doc.json");
            BOOST_TEST(expected.value.has_value());
            BOOST_TEST(!expected.strict_refuses);
            if (expected.value)
                BOOST_TEST(same(*got, *expected.value));
        } catch (const vs::InputError& e) {
            BOOST_TEST((!expected.value || expected.strict_refuses), "refused: " << e.what());
            if (expected.value)
                BOOST_TEST(refusal_of_strict(e), e.what());
        }

        std::vector<json> elements;
        std::vector<std::size_t> ends;
        try {
            json rest = vf::parse_json_strict(text, "doc.json", "items",
                                              [&](json&& element, std::size_t end) {
                                                  elements.push_back(std::move(element));
                                                  ends.push_back(end);
                                              });
            BOOST_TEST_REQUIRE((expected.value && !expected.strict_refuses));
            const json& whole = *expected.value;
            if (whole.is_object() && whole.contains("items") && whole["items"].is_array()) {
                BOOST_TEST(rest["items"] == json::array());
                BOOST_TEST_REQUIRE(elements.size() == whole["items"].size());
                for (std::size_t i = 0; i < elements.size(); ++i)
                    BOOST_TEST(same(elements[i], whole["items"][i]), "element " << i);
                for (std::size_t i = 0; i < ends.size(); ++i) {
                    BOOST_TEST(ends[i] <= text.size());
                    if (i > 0)
                        BOOST_TEST(ends[i] > ends[i - 1]);
                }
                json back = rest;
                back["items"] = whole["items"];
                BOOST_TEST(same(back, whole));
            } else {
                BOOST_TEST(elements.empty());
                BOOST_TEST(same(rest, whole));
            }
        } catch (const vs::InputError& e) {
            BOOST_TEST((!expected.value || expected.strict_refuses), "refused: " << e.what());
        }
        accepted = expected.value.has_value();
    }
    return accepted;
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_differential)

BOOST_AUTO_TEST_CASE(edge_cases_read_as_nlohmann_reads_them) {
    std::vector<std::string> docs;
    for (const auto& n : kNumbers) {
        docs.push_back(n);
        docs.push_back("[" + n + "]");
        docs.push_back("{\"items\":[" + n + "," + n + "]}");
    }
    for (const auto& s : kStringPieces) {
        docs.push_back("\"" + s + "\"");
        docs.push_back("{\"" + s + "\":1}");
        docs.push_back("{\"items\":[\"" + s + "\"]}");
    }
    for (const auto& t : kOddTokens) {
        docs.push_back(t);
        docs.push_back("[" + t + "]");
    }
    for (const std::string& d :
         {std::string("{\"a\":1,\"a\":2}"), std::string("{\"a\":{\"b\":1,\"b\":1}}"),
          std::string("\xEF\xBB\xBF{}"), std::string("\xEF\xBB\xBF\xEF\xBB\xBF{}"),
          std::string("\xEF\xBB{}"), std::string(""), std::string(" "), std::string("[1]\0", 4),
          std::string("[1] x"), std::string("1 2"), std::string("{\"items\":[1,2],\"items\":[3]}"),
          std::string("{\"items\":{\"a\":1}}"), std::string("[[]]]")})
        docs.push_back(d);
    for (std::size_t levels : {63, 64, 65, 66}) {
        docs.push_back(std::string(levels, '[') + std::string(levels, ']'));
        docs.push_back(std::string(levels, '[') + "1" + std::string(levels, ']'));
        std::string objects;
        for (std::size_t i = 0; i < levels; ++i)
            objects += "{\"k\":";
        docs.push_back(objects + "1" + std::string(levels, '}'));
    }
    for (const auto& d : docs)
        check(d);
}

BOOST_AUTO_TEST_CASE(generated_and_mutated_documents) {
    // Bounded by time as well as by count: a few seconds under the sanitizers.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    Generator generate(20261204);
    std::size_t documents = 0;
    std::size_t accepted = 0;
    while (documents < 40000 && std::chrono::steady_clock::now() < deadline) {
        // A third well-formed (mostly accepted, read by RapidJSON), a third with odd pieces, a
        // third of either mutated.
        const std::size_t kind = generate.pick(3);
        generate.clean(kind == 0 || generate.chance(50));
        std::string doc = generate.document();
        if (kind == 2)
            doc = generate.mutate(std::move(doc));
        accepted += check(doc) ? 1 : 0;
        ++documents;
    }
    BOOST_TEST_MESSAGE(documents << " documents, " << accepted << " accepted by nlohmann");
    // Both kinds were tried in numbers.
    BOOST_TEST(documents >= 500u);
    BOOST_TEST(accepted >= documents / 5);
    BOOST_TEST(documents - accepted >= documents / 10);
}

BOOST_AUTO_TEST_CASE(streamed_elements_end_just_past_their_last_character) {
    const std::string text =
        "{\"items\": [12, {\"a\": [1]} , \"x\\u00e9\",-0.5e1 ,true], \"n\": 0}";
    std::vector<std::size_t> ends;
    vf::parse_json_strict(text, "doc.json", "items",
                          [&](json&&, std::size_t end) { ends.push_back(end); });
    const std::vector<std::size_t> expected = {text.find("12") + 2, text.find("]}") + 2,
                                               text.find("\\u00e9\"") + 7, text.find("-0.5e1") + 6,
                                               text.find("true") + 4};
    BOOST_TEST(ends == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
