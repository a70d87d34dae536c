#pragma once
// voice_cli_tests' helpers: `visitscore-cli voice --json`, voice_read.py's result for the same
// question (the database's raw rows and tests/scoring/voice_oracle.py), and comparing the two.
#include "cli_run.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace vs::test {

using nlohmann::json;

inline json voice(const std::string& db, const std::string& args) {
    const Run r = cli("--db " + db + " voice " + args + " --json");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    return json::parse(r.out);
}

/// voice_read.py's result for the same question.
inline json oracle(const std::string& db, const std::string& client, const std::string& from,
                   const std::string& to, const std::string& measure, int min_responses,
                   int min_n) {
    const std::string cmd = std::string("/usr/bin/python3 ") + VS_VOICE_READ + " " + db + " '" +
                            client + "' " + from + " " + to + " " + measure + " " +
                            std::to_string(min_responses) + " " + std::to_string(min_n);
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    BOOST_REQUIRE_EQUAL(::pclose(p), 0);
    return json::parse(out).at("voice");
}

/// Equal JSON, numbers to 1e-9 (relative for large ones).
inline void check_equal(const json& got, const json& want, const std::string& where) {
    BOOST_TEST_INFO_SCOPE(where);
    if (want.is_number() && got.is_number()) {
        const double a = got.get<double>();
        const double b = want.get<double>();
        BOOST_TEST(std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)),
                   where << ": " << a << " != " << b);
        return;
    }
    BOOST_TEST_REQUIRE(got.type_name() == want.type_name(),
                       where << ": " << got.dump() << " != " << want.dump());
    if (want.is_object()) {
        BOOST_TEST_REQUIRE(got.size() == want.size(), got.dump() << " != " << want.dump());
        for (const auto& [key, value] : want.items()) {
            BOOST_TEST_REQUIRE(got.contains(key), where << ": no " << key);
            check_equal(got.at(key), value, where + "." + key);
        }
    } else if (want.is_array()) {
        BOOST_TEST_REQUIRE(got.size() == want.size(), got.dump() << " != " << want.dump());
        for (std::size_t i = 0; i < want.size(); ++i)
            check_equal(got[i], want[i], where + "[" + std::to_string(i) + "]");
    } else {
        BOOST_TEST(got == want, where << ": " << got.dump() << " != " << want.dump());
    }
}

inline const json& driver(const json& v, const std::string& section) {
    for (const json& d : v.at("drivers"))
        if (d.at("section") == section)
            return d;
    BOOST_FAIL("no driver " + section);
    static const json none;
    return none;
}

inline const json& branch(const json& v, const std::string& code) {
    for (const json& b : v.at("branches"))
        if (b.at("branch") == code)
            return b;
    BOOST_FAIL("no branch " + code);
    static const json none;
    return none;
}

} // namespace vs::test
