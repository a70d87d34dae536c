#pragma once
// `plan --json` against plan_oracle.py, an independent implementation of SCORING.md §9 in Python
// (standard library only) that reads the SQLite file itself.

#include "cli_run.h"

#include <algorithm>
#include <array>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vs::test {

/// One set of `plan` options.
struct PlanArgs {
    std::string client;
    std::string as_of;
    std::string by = "branch";
    std::string half_width = "5";
    int max_n = 60;
    int min_n = 3;

    std::string cli_args() const {
        return "plan --client '" + client + "' --as-of " + as_of + " --by " + by +
               " --half-width " + half_width + " --max-n " + std::to_string(max_n) + " --min-n " +
               std::to_string(min_n) + " --json";
    }
};

/// What plan_oracle.py prints for the SQLite file `db`.
inline nlohmann::json plan_oracle(const std::string& db, const PlanArgs& a) {
    std::string out;
    const std::string cmd = std::string("/usr/bin/python3 ") + VS_PLAN_ORACLE + " '" + db + "' '" +
                            a.client + "' " + a.as_of + " " + a.by + " " + a.half_width + " " +
                            std::to_string(a.max_n) + " " + std::to_string(a.min_n);
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p);
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
        out.append(buf.data(), n);
    BOOST_REQUIRE_EQUAL(::pclose(p), 0);
    return nlohmann::json::parse(out);
}

/// What a comparison saw, so that a test can require the cases it meant to cover.
struct PlanTally {
    std::size_t groups = 0, own = 0, pooled = 0, capped = 0, null_needed = 0, two = 0;
};

/// Checks that `got` (plan --json) equals `want` (the oracle): the same groups in the same order
/// with the same n_ref, s_source, needed and capped, and s within 1e-9 relative.
inline void check_plan_equal(const nlohmann::json& got, const nlohmann::json& want,
                             PlanTally& tally) {
    const auto& g = got.at("groups");
    const auto& w = want.at("groups");
    BOOST_TEST_REQUIRE(g.size() == w.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
        BOOST_TEST_INFO_SCOPE("group " << i << ": " << g[i].dump() << " want " << w[i].dump());
        BOOST_TEST(g[i].size() == 6u);
        BOOST_TEST(g[i].at("key") == w[i].at("key"));
        BOOST_TEST(g[i].at("n_ref") == w[i].at("n_ref"));
        BOOST_TEST(g[i].at("s_source") == w[i].at("s_source"));
        BOOST_TEST(g[i].at("needed") == w[i].at("needed"));
        BOOST_TEST(g[i].at("capped") == w[i].at("capped"));
        BOOST_TEST(g[i].at("s").is_null() == w[i].at("s").is_null());
        if (!g[i].at("s").is_null() && !w[i].at("s").is_null()) {
            const double a = g[i].at("s").get<double>();
            const double b = w[i].at("s").get<double>();
            BOOST_TEST(std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)));
        }
        ++tally.groups;
        (w[i].at("s_source") == "own" ? tally.own : tally.pooled) += 1;
        tally.capped += w[i].at("capped").get<bool>();
        tally.null_needed += w[i].at("needed").is_null();
        tally.two += w[i].at("needed") == 2;
    }
}

/// The option sets both backends are checked with: every demo client, by branch and employee,
/// a whole year, a few early days (groups of one visit, no pooled sd), mid-year, tight and loose
/// half-widths, a low cap, a high min_n.
inline std::vector<PlanArgs> plan_cases() {
    std::vector<PlanArgs> out;
    for (const char* client : {"Contoso Mobile", "Fabrikam Retail", "Northwind Bank"}) {
        for (const char* by : {"branch", "employee"})
            for (const char* as_of : {"2026-11-01", "2025-11-04", "2025-11-20", "2026-05-01"}) {
                PlanArgs a;
                a.client = client, a.by = by, a.as_of = as_of;
                out.push_back(a);
            }
        PlanArgs a;
        a.client = client, a.as_of = "2026-11-01";
        a.half_width = "100"; // loose: some need only 2
        out.push_back(a);
        a.half_width = "2.5", a.max_n = 20, a.min_n = 10; // tight, capped low, mostly pooled
        out.push_back(a);
        a.by = "employee", a.half_width = "7.5", a.max_n = 40, a.min_n = 2;
        out.push_back(a);
    }
    return out;
}

} // namespace vs::test
