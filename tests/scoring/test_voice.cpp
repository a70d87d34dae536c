// Tests for scoring/voice.h (SCORING.md §10, customer voice) on hand-made branches.
//
// Every case is also run through voice_oracle.py, an independent computation of §10 in Python
// (SciPy 1.10: scipy.stats.pearsonr, the t distribution, linregress), whose output must equal
// voice_json within 1e-9. The numbers asserted by hand are worked out in the comments.

#include "scoring/voice.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace sc = vs::scoring;
using nlohmann::json;

namespace {

constexpr double kTol = 1e-9;

/// promoters, passives and detractors as ratings spread over each class's values.
std::vector<int> ratings(int promoters, int passives, int detractors) {
    std::vector<int> r;
    for (int i = 0; i < promoters; ++i)
        r.push_back(9 + i % 2);
    for (int i = 0; i < passives; ++i)
        r.push_back(7 + i % 2);
    for (int i = 0; i < detractors; ++i)
        r.push_back(i % 7);
    return r;
}

sc::VoiceBranchInput branch(std::string code, std::vector<int> nps, sc::MysteryMean visit,
                            std::map<std::string, sc::MysteryMean> sections = {}) {
    sc::VoiceBranchInput b;
    b.branch = std::move(code);
    b.nps_ratings = std::move(nps);
    b.visit = visit;
    b.sections = std::move(sections);
    return b;
}

json mean_json(const sc::MysteryMean& x) {
    return {{"mean", x.mean}, {"n", x.n}};
}

/// The case as voice_oracle.py reads it (NA survey scores as null).
json case_json(const std::vector<sc::VoiceBranchInput>& in, const sc::VoiceOptions& o) {
    json branches = json::array();
    for (const auto& b : in) {
        json scores = json::array();
        for (double s : b.survey_scores)
            scores.push_back(std::isnan(s) ? json(nullptr) : json(s));
        json sections = json::object();
        for (const auto& [id, x] : b.sections)
            sections[id] = mean_json(x);
        branches.push_back({{"branch", b.branch},
                            {"nps_ratings", b.nps_ratings},
                            {"survey_scores", scores},
                            {"sections", sections},
                            {"visit", mean_json(b.visit)}});
    }
    return {{"options",
             {{"measure", o.measure == sc::VoiceMeasure::Nps ? "nps" : "score"},
              {"min_responses", o.min_responses},
              {"min_n", o.min_n}}},
            {"branches", branches}};
}

json run_oracle(const json& c) {
    static int serial = 0;
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() /
        ("vs-voice-" + std::to_string(::getpid()) + "-" + std::to_string(++serial) + ".json");
    {
        std::ofstream out(file);
        out << c.dump();
    }
    const std::string cmd =
        std::string("/usr/bin/python3 ") + VS_VOICE_ORACLE + " '" + file.string() + "'";
    std::string text;
    FILE* p = ::popen(cmd.c_str(), "r");
    BOOST_REQUIRE(p != nullptr);
    char buf[4096];
    while (const std::size_t got = std::fread(buf, 1, sizeof buf, p))
        text.append(buf, got);
    const int status = ::pclose(p);
    std::filesystem::remove(file);
    BOOST_REQUIRE_MESSAGE(status == 0, "voice_oracle.py failed: " + text);
    return json::parse(text);
}

/// got == want: same keys, same array lengths and order, numbers within kTol.
void check_same(const json& got, const json& want, const std::string& where) {
    BOOST_TEST_INFO_SCOPE(where);
    if (want.is_number() && got.is_number()) {
        BOOST_TEST(std::fabs(got.get<double>() - want.get<double>()) <= kTol,
                   got.get<double>() << " vs " << want.get<double>());
        return;
    }
    BOOST_TEST_REQUIRE(got.type_name() == want.type_name());
    if (want.is_object()) {
        BOOST_TEST_REQUIRE(got.size() == want.size());
        for (auto it = want.begin(); it != want.end(); ++it) {
            BOOST_TEST_REQUIRE(got.contains(it.key()), where + "." + it.key());
            check_same(got[it.key()], it.value(), where + "." + it.key());
        }
    } else if (want.is_array()) {
        BOOST_TEST_REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i)
            check_same(got[i], want[i], where + "[" + std::to_string(i) + "]");
    } else {
        BOOST_TEST(got == want);
    }
}

/// customer_voice on the case, checked against the oracle (JSON and NPS breakdowns).
sc::Voice voice_checked(const std::vector<sc::VoiceBranchInput>& in,
                        const sc::VoiceOptions& o = {}) {
    const sc::Voice v = sc::customer_voice(in, o);
    const json want = run_oracle(case_json(in, o));
    check_same(sc::voice_json(v), want["voice"], "voice");
    for (const sc::VoiceBranch& b : v.branches) {
        const json& w = want["nps"][b.branch];
        BOOST_TEST_INFO_SCOPE(b.branch);
        BOOST_TEST(b.nps.n == w["n"].get<std::size_t>());
        BOOST_TEST(b.nps.promoters == w["promoters"].get<std::size_t>());
        BOOST_TEST(b.nps.passives == w["passives"].get<std::size_t>());
        BOOST_TEST(b.nps.detractors == w["detractors"].get<std::size_t>());
    }
    return v;
}

const sc::VoiceDriver& driver(const sc::Voice& v, const std::string& section) {
    for (const sc::VoiceDriver& d : v.drivers)
        if (d.section == section)
            return d;
    throw std::runtime_error("no driver " + section);
}

std::vector<std::string> order(const sc::Voice& v) {
    std::vector<std::string> ids;
    for (const sc::VoiceDriver& d : v.drivers)
        ids.push_back(d.section);
    return ids;
}

/// Four branches whose NPS is 10, 30, 20, 40 (10 responses each: promoters - detractors = 1, 3,
/// 2, 4) and whose mean visit score is 70, 80, 90, 100:
///   dx = -15, -5, 5, 15; dy = -15, 5, -5, 15; sxy = 400, sxx = syy = 500
///   r = 400 / 500 = 0.8, slope = 400 / 500 = 0.8
///   t = 0.8 sqrt(2 / 0.36) and, with df = 2, p = 1 - t / sqrt(t² + 2) = 1 - r = 0.2
///   ci95 = tanh(atanh(0.8) ± 1.959964 / sqrt(1)), atanh(0.8) = ln 3.
std::vector<sc::VoiceBranchInput> r_08_branches() {
    return {branch("B1", ratings(3, 5, 2), {70, 5}), branch("B2", ratings(4, 5, 1), {80, 3}),
            branch("B3", ratings(4, 4, 2), {90, 7}), branch("B4", ratings(5, 4, 1), {100, 4})};
}

} // namespace

BOOST_AUTO_TEST_SUITE(voice)

BOOST_AUTO_TEST_CASE(hand_computed_r_p_interval_and_slope) {
    const sc::Voice v = voice_checked(r_08_branches());
    BOOST_TEST_REQUIRE(v.drivers.size() == 1u);
    const sc::VoiceDriver& d = v.drivers[0];
    BOOST_TEST(d.section == "visit");
    BOOST_TEST(d.visit);
    BOOST_TEST(d.k == 4u);
    BOOST_TEST(*d.r == 0.8, boost::test_tools::tolerance(kTol));
    BOOST_TEST(*d.slope == 0.8, boost::test_tools::tolerance(kTol));
    BOOST_TEST(*d.p == 0.2, boost::test_tools::tolerance(kTol));
    BOOST_TEST(d.ci95->lo == std::tanh(std::log(3.0) - 1.959964),
               boost::test_tools::tolerance(kTol));
    BOOST_TEST(d.ci95->hi == std::tanh(std::log(3.0) + 1.959964),
               boost::test_tools::tolerance(kTol));
    // The branches: NPS per §6, m the ratings, n_mystery the visit driver's n.
    BOOST_TEST_REQUIRE(v.branches.size() == 4u);
    BOOST_TEST(v.branches[0].branch == "B1");
    BOOST_TEST(*v.branches[0].voice == 10.0);
    BOOST_TEST(v.branches[0].m == 10u);
    BOOST_TEST(v.branches[0].n_mystery == 5u);
    BOOST_TEST(v.branches[0].nps.promoters == 3u);
    BOOST_TEST(v.branches[0].nps.passives == 5u);
    BOOST_TEST(v.branches[0].nps.detractors == 2u);
    BOOST_TEST(*v.branches[3].voice == 40.0);
}

BOOST_AUTO_TEST_CASE(thresholds_leave_out_branches_at_one_below) {
    // The r = 0.8 branches take part at exactly the defaults (B2: n 3; B1..B4: m 10), and three
    // branches whose points would change r do not: B5 with m = 9, B6 with n = 2, B7 with both
    // short. k stays 4 and r 0.8.
    std::vector<sc::VoiceBranchInput> in = r_08_branches();
    in.push_back(branch("B5", ratings(0, 0, 9), {100, 20})); // m = 9
    in.push_back(branch("B6", ratings(0, 0, 30), {100, 2})); // n = 2
    in.push_back(branch("B7", ratings(9, 0, 0), {0, 2}));    // both
    in.push_back(branch("B8", {}, {60, 10}));                // no responses: no voice
    const sc::Voice v = voice_checked(in);
    const sc::VoiceDriver& d = driver(v, "visit");
    BOOST_TEST(d.k == 4u);
    BOOST_TEST(*d.r == 0.8, boost::test_tools::tolerance(kTol));
    // The scatter shows every branch with a voice, marking those that do not take part.
    BOOST_TEST_REQUIRE(d.points.size() == 7u);
    for (const sc::VoicePoint& pt : d.points)
        BOOST_TEST(pt.part == (pt.branch < "B5"), pt.branch);
    BOOST_TEST(d.points[4].branch == "B5");
    BOOST_TEST(d.points[4].m == 9u);
    BOOST_TEST(d.points[4].voice == -100.0);
    // B8 is listed with no voice.
    BOOST_TEST(v.branches[7].branch == "B8");
    BOOST_TEST(v.branches[7].m == 0u);
    BOOST_TEST(!v.branches[7].voice);
    BOOST_TEST(v.branches[7].n_mystery == 10u);

    // Lower thresholds let B5 and B6 in (B7 has m 9 and n 2: in at 9 and 2).
    const sc::Voice lower = voice_checked(in, {sc::VoiceMeasure::Nps, 9, 2});
    BOOST_TEST(driver(lower, "visit").k == 7u);
    const sc::Voice mid = voice_checked(in, {sc::VoiceMeasure::Nps, 10, 2});
    BOOST_TEST(driver(mid, "visit").k == 5u); // B6 only
}

BOOST_AUTO_TEST_CASE(k_below_four_gives_no_statistics) {
    std::vector<sc::VoiceBranchInput> in = r_08_branches();
    in.pop_back();
    const sc::Voice v = voice_checked(in);
    const sc::VoiceDriver& d = driver(v, "visit");
    BOOST_TEST(d.k == 3u);
    BOOST_TEST(!d.r);
    BOOST_TEST(!d.ci95);
    BOOST_TEST(!d.p);
    BOOST_TEST(!d.slope);
    BOOST_TEST(sc::voice_json(v)["drivers"][0]["ci95"].is_null());
    // No branch at all: the visit driver with k 0.
    const sc::Voice none = voice_checked({});
    BOOST_TEST(none.branches.empty());
    BOOST_TEST_REQUIRE(none.drivers.size() == 1u);
    BOOST_TEST(none.drivers[0].k == 0u);
}

BOOST_AUTO_TEST_CASE(r_one_and_minus_one_exactly) {
    // NPS 20, 40, 60, 80; section up 60, 70, 80, 90 (voice = 2x - 100): r = 1, slope 2;
    // section down 90, 80, 70, 60: r = -1, slope -2; ci95 [r, r] and p 0 for both.
    std::vector<sc::VoiceBranchInput> in = {
        branch("B1", ratings(4, 4, 2), {70, 3}, {{"up", {60, 3}}, {"down", {90, 3}}}),
        branch("B2", ratings(5, 4, 1), {75, 3}, {{"up", {70, 3}}, {"down", {80, 3}}}),
        branch("B3", ratings(6, 4, 0), {72, 3}, {{"up", {80, 3}}, {"down", {70, 3}}}),
        branch("B4", ratings(8, 2, 0), {71, 3}, {{"up", {90, 3}}, {"down", {60, 3}}})};
    const sc::Voice v = voice_checked(in);
    BOOST_TEST_REQUIRE(v.drivers.size() == 3u);
    BOOST_TEST(v.drivers.front().section == "up");
    BOOST_TEST(v.drivers.back().section == "down");
    const sc::VoiceDriver& up = driver(v, "up");
    BOOST_TEST(*up.r == 1.0);
    BOOST_TEST(up.ci95->lo == 1.0);
    BOOST_TEST(up.ci95->hi == 1.0);
    BOOST_TEST(*up.p == 0.0);
    BOOST_TEST(*up.slope == 2.0, boost::test_tools::tolerance(kTol));
    const sc::VoiceDriver& down = driver(v, "down");
    BOOST_TEST(*down.r == -1.0);
    BOOST_TEST(down.ci95->lo == -1.0);
    BOOST_TEST(down.ci95->hi == -1.0);
    BOOST_TEST(*down.p == 0.0);
    BOOST_TEST(*down.slope == -2.0, boost::test_tools::tolerance(kTol));
}

BOOST_AUTO_TEST_CASE(zero_variance_in_x_or_in_voice) {
    // Section flat: every branch taking part has 75 (B5 differs but has n 2): no r. Visit varies.
    std::vector<sc::VoiceBranchInput> in = r_08_branches();
    for (auto& b : in)
        b.sections["flat"] = {75, 4};
    in.push_back(branch("B5", ratings(9, 1, 0), {50, 2}, {{"flat", {10, 2}}}));
    const sc::Voice v = voice_checked(in);
    const sc::VoiceDriver& flat = driver(v, "flat");
    BOOST_TEST(flat.k == 4u);
    BOOST_TEST(!flat.r);
    BOOST_TEST(!flat.slope);
    BOOST_TEST(v.drivers.back().section == "flat"); // no r: last
    BOOST_TEST(driver(v, "visit").r.has_value());

    // Every branch's NPS is 50: no driver has an r.
    std::vector<sc::VoiceBranchInput> same = {
        branch("B1", ratings(6, 3, 1), {70, 3}, {{"a", {60, 3}}, {"b", {50, 5}}}),
        branch("B2", ratings(7, 1, 2), {75, 3}, {{"a", {70, 3}}, {"b", {55, 5}}}),
        branch("B3", ratings(5, 5, 0), {72, 3}, {{"a", {80, 3}}, {"b", {65, 5}}}),
        branch("B4", ratings(12, 6, 2), {71, 3}, {{"a", {90, 3}}, {"b", {40, 5}}})};
    const sc::Voice sv = voice_checked(same);
    for (const sc::VoiceDriver& d : sv.drivers) {
        BOOST_TEST(d.k == 4u);
        BOOST_TEST(!d.r);
        BOOST_TEST(!d.p);
    }
    BOOST_TEST(order(sv) == (std::vector<std::string>{"a", "b", "visit"}));
}

BOOST_AUTO_TEST_CASE(drivers_by_descending_r_nulls_last_ties_by_id) {
    // Sections c and a have the same means at every branch (the same r: a before c); d has only
    // three branches (no r) and b is flat (no r): both last, by id.
    std::vector<sc::VoiceBranchInput> in;
    const double xa[] = {62.5, 71, 80.25, 77, 90, 58};
    const double xv[] = {70, 75, 72, 71, 88, 66};
    const int promoters[] = {3, 5, 6, 5, 9, 2};
    for (int i = 0; i < 6; ++i) {
        std::map<std::string, sc::MysteryMean> s = {
            {"a", {xa[i], 4}}, {"c", {xa[i], 3}}, {"b", {66.6, 5}}, {"e", {100 - xa[i], 3}}};
        if (i < 3)
            s["d"] = {xa[i], 3};
        const std::string code = "B" + std::to_string(i + 1);
        in.push_back(branch(code, ratings(promoters[i], 10 - promoters[i], 2), {xv[i], 6}, s));
    }
    const sc::Voice v = voice_checked(in);
    const std::vector<std::string> ids = order(v);
    BOOST_TEST_REQUIRE(ids.size() == 6u);
    BOOST_TEST(ids[0] == "a");
    BOOST_TEST(ids[1] == "c");
    BOOST_TEST(ids[4] == "b");
    BOOST_TEST(ids[5] == "d");
    BOOST_TEST(*driver(v, "a").r == *driver(v, "c").r);
    BOOST_TEST(*driver(v, "e").r == -*driver(v, "a").r, boost::test_tools::tolerance(kTol));
    for (std::size_t i = 0; i + 1 < 4; ++i)
        BOOST_TEST(*v.drivers[i].r >= *v.drivers[i + 1].r);
}

BOOST_AUTO_TEST_CASE(measure_score_against_the_oracle) {
    // The mean survey score as the voice; NA scores are not responses. Thresholds 3 and 2.
    const double na = std::nan("");
    std::vector<sc::VoiceBranchInput> in;
    const std::vector<std::vector<double>> scores = {
        {80, 90, 85, na},   {60, 65.5, 70, 72}, {95, 92, 99}, {70, na, 75},
        {88, 81, 84, 90.5}, {55, 62, 58, 61},   {77, 79, na}, {91, 93, 89, 90}};
    const double visit[] = {82, 66, 93, 71, 85, 60, 78, 90};
    const double greet[] = {90, 70, 100, 80, 95, 50, 85, 92};
    const std::size_t n[] = {4, 3, 1, 5, 1, 6, 3, 4};
    for (std::size_t i = 0; i < scores.size(); ++i) {
        auto b = branch("S" + std::to_string(i + 1), ratings(2, 1, 1), {visit[i], n[i]},
                        {{"greet", {greet[i], n[i]}}});
        b.survey_scores = scores[i];
        in.push_back(b);
    }
    const sc::Voice v = voice_checked(in, {sc::VoiceMeasure::Score, 3, 2});
    // S4 and S7 have two scores (m 2), S3 and S5 n < 2: four branches out of eight.
    BOOST_TEST(driver(v, "visit").k == 4u);
    BOOST_TEST(v.branches[0].m == 3u);
    BOOST_TEST(*v.branches[0].voice == 85.0, boost::test_tools::tolerance(kTol));
    // All eight at thresholds 1 and 1.
    const sc::Voice all = voice_checked(in, {sc::VoiceMeasure::Score, 1, 1});
    BOOST_TEST(driver(all, "greet").k == 8u);
    BOOST_TEST(driver(all, "greet").r.has_value());
}

BOOST_AUTO_TEST_CASE(many_branches_against_the_oracle) {
    // Twelve branches, four sections with some missing, NPS from 10 to 60 ratings.
    std::vector<sc::VoiceBranchInput> in;
    for (int i = 0; i < 12; ++i) {
        const int p = 3 + (i * 7) % 11;
        const int d = 1 + (i * 5) % 6;
        const int pa = 4 + i % 3;
        std::map<std::string, sc::MysteryMean> s;
        s["greeting"] = {55 + (i * 37) % 45 + 0.125 * i, static_cast<std::size_t>(2 + i % 4)};
        s["product"] = {60.0 + (i * 13) % 40 + p, 5};
        if (i % 3 != 0)
            s["closing"] = {100 - 2.5 * d - (i % 4), 3};
        s["complaints"] = {i % 2 ? 100.0 : 50.0, 0}; // n 0: no mean
        in.push_back(branch("BR" + std::to_string(10 + i), ratings(p, pa, d),
                            {65 + p * 1.5 - d, static_cast<std::size_t>(3 + i % 5)}, s));
    }
    const sc::Voice v = voice_checked(in);
    BOOST_TEST(order(v).size() == 4u); // complaints has no branch with a mean
    for (const sc::VoiceDriver& d : v.drivers)
        BOOST_TEST(d.r.has_value(), d.section);
}

BOOST_AUTO_TEST_CASE(bad_input_names_the_branch) {
    auto refused = [](std::vector<sc::VoiceBranchInput> in, const std::string& words) {
        try {
            sc::customer_voice(in);
            BOOST_ERROR("accepted: " + words);
        } catch (const std::invalid_argument& e) {
            BOOST_TEST(std::string(e.what()).find(words) != std::string::npos, e.what());
        }
    };
    refused({branch("B1", {11}, {70, 3})}, "branch B1: nps rating 11 outside 0-10");
    refused({branch("B1", {5}, {70, 3}), branch("B1", {5}, {70, 3})}, "branch B1: listed twice");
    refused({branch("B2", {5}, {std::nan(""), 3})},
            "branch B2: the mean mystery score of the visit");
    refused({branch("B3", {5}, {70, 3}, {{"s1", {std::nan(""), 1}}})}, "section s1");
    // A mean with n 0 is no mean: accepted and ignored.
    BOOST_CHECK_NO_THROW(sc::customer_voice(std::vector{branch("B4", {5}, {std::nan(""), 0})}));
}

BOOST_AUTO_TEST_SUITE_END()
