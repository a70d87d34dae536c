// The customer voice behind the app's dashboard tile, branch page and Customer voice page, on a
// real SQLite file with demo mystery visits and survey responses stored through the import:
// every figure equals what the test computes itself from the ratings it stored and the mystery
// scores it read (NPS by counting, Pearson r and the least-squares line by their formulas), the
// drivers are ordered by r with those without r last and say why, and the facts are read again
// only when something was stored (counted by a store that counts the fact reads): the client's
// survey responses once per data version, its mystery visits those the dashboard holds.
#include "app/insights/dashboard_model.h"
#include "app/insights/voice_model.h"
#include "counting_store.h"
#include "voice_fixture.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <set>

BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<double>)

using namespace vs;

namespace {

test::VoiceDb& db() {
    static test::VoiceDb d;
    return d;
}

struct Fit {
    double r = 0, slope = 0, intercept = 0;
};

/// Pearson r and the least-squares line of ys on xs, by their textbook formulas.
Fit fit(const std::vector<double>& xs, const std::vector<double>& ys) {
    const double k = static_cast<double>(xs.size());
    const double mx = std::accumulate(xs.begin(), xs.end(), 0.0) / k;
    const double my = std::accumulate(ys.begin(), ys.end(), 0.0) / k;
    double sxx = 0, syy = 0, sxy = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        sxx += (xs[i] - mx) * (xs[i] - mx);
        syy += (ys[i] - my) * (ys[i] - my);
        sxy += (xs[i] - mx) * (ys[i] - my);
    }
    Fit f;
    f.r = sxy / std::sqrt(sxx * syy);
    f.slope = sxy / sxx;
    f.intercept = my - f.slope * mx;
    return f;
}

} // namespace

BOOST_AUTO_TEST_SUITE(voice_model)

BOOST_AUTO_TEST_CASE(the_tile_counts_every_response_of_the_client_beside_the_mystery_score) {
    auto store = storage::open_sqlite(db().path);
    app::VoiceFactsCache cache;
    const scoring::VoicePeriodRow v = app::voice_summary(cache.get(*store, db().filter));
    std::vector<int> all;
    for (const auto& [b, r] : db().ratings)
        all.insert(all.end(), r.begin(), r.end());
    BOOST_TEST(v.responses == db().responses);
    BOOST_TEST(v.nps.n == all.size());
    BOOST_TEST(v.nps.promoters == static_cast<std::size_t>(std::count_if(
                                      all.begin(), all.end(), [](int r) { return r >= 9; })));
    BOOST_TEST(v.nps.detractors == static_cast<std::size_t>(std::count_if(
                                       all.begin(), all.end(), [](int r) { return r <= 6; })));
    BOOST_TEST(v.nps.promoters + v.nps.passives + v.nps.detractors == all.size());
    BOOST_TEST_REQUIRE(v.nps.nps.has_value());
    BOOST_TEST(*v.nps.nps == test::nps_of(all), boost::test_tools::tolerance(1e-9));
    // Half the responses said yes to the one scored question: the survey score is their share.
    BOOST_TEST(v.survey_n == db().responses);
    std::size_t yes = 0;
    for (const auto& [b, r] : db().ratings)
        yes += (r.size() + 1) / 2;
    BOOST_TEST_REQUIRE(v.survey_score.has_value());
    BOOST_TEST(*v.survey_score == 100.0 * static_cast<double>(yes) / db().responses,
               boost::test_tools::tolerance(1e-9));
    // The mystery-shop score beside it is the dashboard's mean: survey responses are not in it.
    app::DashboardModel dash(*store);
    dash.set_filter(db().filter);
    BOOST_TEST_REQUIRE(dash.data().overall.has_value());
    BOOST_TEST_REQUIRE(v.mystery_score.has_value());
    BOOST_TEST(*v.mystery_score == *dash.data().overall->m.mean,
               boost::test_tools::tolerance(1e-9));
    BOOST_TEST(v.mystery_n == dash.data().overall->m.n);
    std::size_t n = 0;
    for (const auto& [b, c] : db().n)
        n += c;
    BOOST_TEST(v.mystery_n == n);
}

BOOST_AUTO_TEST_CASE(a_branch_has_its_months_then_the_whole_period) {
    auto store = storage::open_sqlite(db().path);
    app::VoiceFactsCache cache;
    const services::VoiceFacts& facts = cache.get(*store, db().filter);
    const auto& [branch, ratings] = *std::next(db().ratings.begin()); // 12 or more responses
    const auto rows = app::branch_voice_months(facts, branch);
    BOOST_TEST_REQUIRE(rows.size() >= 2u);
    const scoring::VoicePeriodRow& total = rows.front();
    BOOST_TEST(total.period.empty());
    BOOST_TEST(total.branch == branch);
    BOOST_TEST(total.responses == ratings.size());
    BOOST_TEST_REQUIRE(total.nps.nps.has_value());
    BOOST_TEST(*total.nps.nps == test::nps_of(ratings), boost::test_tools::tolerance(1e-9));
    BOOST_TEST(total.mystery_n == db().n.at(branch));
    BOOST_TEST(*total.mystery_score == db().mean.at(branch), boost::test_tools::tolerance(1e-9));
    std::size_t responses = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        BOOST_TEST(rows[i].period.size() == 7u, rows[i].period); // YYYY-MM, newest first
        if (i > 1)
            BOOST_TEST((rows[i - 1].period > rows[i].period), rows[i].period);
        responses += rows[i].responses;
        BOOST_TEST(rows[i].nps.n == rows[i].responses);
    }
    BOOST_TEST(responses == ratings.size());
    std::size_t visits = 0;
    for (std::size_t i = 1; i < rows.size(); ++i)
        visits += rows[i].mystery_n;
    BOOST_TEST(visits == db().n.at(branch));
    // A branch of no one: no rows.
    BOOST_TEST(app::branch_voice_months(facts, "NO-SUCH-BRANCH").empty());
}

BOOST_AUTO_TEST_CASE(drivers_equal_pearson_over_the_branches_taking_part) {
    auto store = storage::open_sqlite(db().path);
    app::VoiceFactsCache cache;
    const scoring::VoiceOptions options; // NPS, 10 responses, 3 visits
    const app::Drivers d = app::build_drivers(cache.get(*store, db().filter), options);
    BOOST_TEST(d.responses == db().responses);
    BOOST_TEST_REQUIRE(!d.rows.empty());
    // By descending r, those without r last, each of those saying why.
    bool none_seen = false;
    for (std::size_t i = 0; i < d.rows.size(); ++i) {
        const app::DriverRow& r = d.rows[i];
        BOOST_TEST_INFO_SCOPE(r.driver.section);
        BOOST_TEST(!r.title.empty());
        if (!r.driver.r) {
            none_seen = true;
            BOOST_TEST(!r.why_none.empty());
            BOOST_TEST(!r.line.has_value());
            continue;
        }
        BOOST_TEST(!none_seen);
        BOOST_TEST(r.why_none.empty());
        if (i > 0 && d.rows[i - 1].driver.r)
            BOOST_TEST(*d.rows[i - 1].driver.r >= *r.driver.r);
    }
    // The visit score's driver, computed here: the branches with 10+ responses and 3+ visits.
    std::vector<double> xs, ys;
    for (const auto& [branch, ratings] : db().ratings)
        if (ratings.size() >= 10 && db().n.at(branch) >= 3) {
            xs.push_back(db().mean.at(branch));
            ys.push_back(test::nps_of(ratings));
        }
    BOOST_TEST_REQUIRE(xs.size() >= 4u);
    const Fit expected = fit(xs, ys);
    const auto visit = std::find_if(d.rows.begin(), d.rows.end(),
                                    [](const app::DriverRow& r) { return r.driver.visit; });
    BOOST_TEST_REQUIRE((visit != d.rows.end()));
    BOOST_TEST(visit->title == "Visit score (all behaviours)");
    BOOST_TEST(visit->driver.k == xs.size());
    BOOST_TEST_REQUIRE(visit->driver.r.has_value());
    BOOST_TEST(*visit->driver.r == expected.r, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(expected.r > 0.5); // the ratings were made to follow the mystery score
    BOOST_TEST_REQUIRE(visit->line.has_value());
    BOOST_TEST(visit->line->second == expected.slope, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(visit->line->first == expected.intercept, boost::test_tools::tolerance(1e-9));
    // Its scatter points: every branch with a voice, the small ones not taking part.
    BOOST_TEST(visit->driver.points.size() == db().ratings.size());
    for (const scoring::VoicePoint& p : visit->driver.points) {
        BOOST_TEST_INFO_SCOPE(p.branch);
        BOOST_TEST(p.part == (db().ratings.at(p.branch).size() >= 10 && db().n.at(p.branch) >= 3));
        BOOST_TEST(p.voice == test::nps_of(db().ratings.at(p.branch)),
                   boost::test_tools::tolerance(1e-9));
        BOOST_TEST(p.x == db().mean.at(p.branch), boost::test_tools::tolerance(1e-9));
    }
    // Section titles come from the scorecards.
    std::set<std::string> titles;
    for (const app::DriverRow& r : d.rows)
        titles.insert(r.title);
    BOOST_TEST(titles.size() == d.rows.size());
}

BOOST_AUTO_TEST_CASE(without_enough_branches_no_r_and_why) {
    auto store = storage::open_sqlite(db().path);
    app::VoiceFactsCache cache;
    scoring::VoiceOptions options;
    options.min_responses = 1000; // no branch has that many
    const app::Drivers d = app::build_drivers(cache.get(*store, db().filter), options);
    BOOST_TEST_REQUIRE(!d.rows.empty());
    for (const app::DriverRow& r : d.rows) {
        BOOST_TEST_INFO_SCOPE(r.driver.section);
        BOOST_TEST(!r.driver.r.has_value());
        BOOST_TEST(r.why_none == "fewer than 4 branches (k = 0)");
        for (const scoring::VoicePoint& p : r.driver.points)
            BOOST_TEST(!p.part);
    }
    // Drivers in section order when none has r (ties by section id; "visit" among them).
    for (std::size_t i = 1; i < d.rows.size(); ++i) {
        const bool ordered = d.rows[i - 1].driver.section < d.rows[i].driver.section;
        BOOST_TEST(ordered, d.rows[i - 1].driver.section << " before " << d.rows[i].driver.section);
    }
}

BOOST_AUTO_TEST_CASE(why_no_r_names_the_side_without_variance) {
    scoring::VoiceDriver d;
    d.k = 5;
    for (int i = 0; i < 5; ++i)
        d.points.push_back({"B" + std::to_string(i), 80, 10.0 * i, 5, 20, true});
    scoring::VoiceOptions o;
    BOOST_TEST(app::why_no_r(d, o) == "no variance in the mystery-shop score");
    for (int i = 0; i < 5; ++i) {
        d.points[static_cast<std::size_t>(i)].x = 70 + i;
        d.points[static_cast<std::size_t>(i)].voice = 30;
    }
    BOOST_TEST(app::why_no_r(d, o) == "no variance in the NPS");
    o.measure = scoring::VoiceMeasure::Score;
    BOOST_TEST(app::why_no_r(d, o) == "no variance in the survey score");
    d.k = 3;
    BOOST_TEST(app::why_no_r(d, o) == "fewer than 4 branches (k = 3)");
    d.r = 0.5;
    BOOST_TEST(app::why_no_r(d, o).empty());
}

BOOST_AUTO_TEST_CASE(numbers_for_people) {
    BOOST_TEST(app::fmt_nps(23.4) == "+23");
    BOOST_TEST(app::fmt_nps(-7.6) == "-8");
    BOOST_TEST(app::fmt_nps(0.2) == "0");
    BOOST_TEST(app::fmt_nps(std::nullopt) == "—");
    BOOST_TEST(app::fmt_r(0.6249) == "0.62");
    BOOST_TEST(app::fmt_r(-0.004) == "0.00");
    BOOST_TEST(app::fmt_r(-0.05) == "-0.05");
    BOOST_TEST(app::fmt_p(0.0004) == "< 0.001");
    BOOST_TEST(app::fmt_p(0.0123) == "0.012");
    BOOST_TEST(app::fmt_p(std::nullopt) == "—");
}

BOOST_AUTO_TEST_CASE(facts_are_read_once_per_client_and_data_version) {
    // A copy of the database: this case stores a response.
    test::TempDir dir;
    const std::string copy = dir.path("copy.db");
    std::filesystem::copy_file(db().path, copy);
    auto real = storage::open_sqlite(copy);
    storage::testing::CountingStore store(*real);
    // Without visits given: the client's responses and mystery visits of every day, once.
    app::VoiceFactsCache cache;
    services::VoiceFacts f = cache.get(store, db().filter);
    BOOST_TEST(cache.last_read());
    BOOST_TEST(store.survey_reads() == 1u);
    BOOST_TEST(store.mystery_reads() == 1u);
    BOOST_TEST(services::survey_responses(f) == db().responses);
    cache.get(store, db().filter);
    BOOST_TEST(!cache.last_read());
    // Other periods read nothing; their figures, taken from the facts in memory, are those of
    // the service reading the period.
    app::ViewFilter shorter = db().filter;
    for (const int days : {30, 60, 400}) {
        shorter.from_day = *shorter.to_day - days;
        f = cache.get(store, shorter);
        BOOST_TEST(!cache.last_read());
        const services::VoiceFacts read =
            services::read_voice_facts(*real, app::voice_query(shorter));
        test::same_voice_row(app::voice_summary(f), app::voice_summary(read));
        BOOST_TEST(services::survey_responses(f) == read.survey->visits.size());
        BOOST_TEST(app::build_drivers(f, {}).responses == read.survey->visits.size());
    }
    BOOST_TEST(store.survey_reads() == 1u);
    BOOST_TEST(store.mystery_reads() == 1u);
    // With the dashboard's visits given: only the responses are read, and the table given is
    // the one used (shared, not copied).
    store.reset();
    app::DashboardModel dash(store);
    dash.set_filter(db().filter);
    BOOST_TEST(store.mystery_reads() == 1u);
    app::VoiceFactsCache beside;
    f = beside.get(store, shorter, dash.shared_facts());
    BOOST_TEST(f.mystery.get() == &dash.facts());
    BOOST_TEST(store.mystery_reads() == 1u);
    BOOST_TEST(store.survey_reads() == 1u);
    test::same_voice_row(app::voice_summary(f), app::voice_summary(services::read_voice_facts(
                                                    *real, app::voice_query(shorter))));
    BOOST_TEST((dash.current_facts(db().filter.client) == dash.shared_facts()));
    BOOST_TEST(!dash.current_facts("Another client"));
    // Something stored: read again, once.
    forms::Visit v;
    v.uuid = "survey-late";
    v.template_id = "voice-test-survey";
    v.template_version = 1;
    v.client = db().filter.client;
    v.branch = db().ratings.begin()->first;
    v.visited_at = forms::day_to_string(*db().filter.from_day + 1) + "T09:00:00";
    v.status = forms::Status::Approved;
    v.answers = {{"recommend", 10}, {"resolved", "yes"}};
    real->import_visits({v}, "late.json");
    BOOST_TEST(!dash.current_facts(db().filter.client)); // the dashboard's are not current now
    store.reset();
    f = cache.get(store, db().filter);
    BOOST_TEST(cache.last_read());
    BOOST_TEST(store.survey_reads() == 1u);
    BOOST_TEST(store.mystery_reads() == 1u);
    BOOST_TEST(services::survey_responses(f) == db().responses + 1);
    cache.get(store, shorter);
    BOOST_TEST(!cache.last_read());
    BOOST_TEST(store.survey_reads() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
