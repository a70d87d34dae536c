// The trainer and consultancy view models on a real SQLite demo database: every figure
// they show equals what the statistics library gives when called directly, the way
// visitscore-cli does (its own load_facts, its own aggregation).
#include "app/insights/calibration_model.h"
#include "app/insights/dashboard_model.h"
#include "app/insights/people_model.h"
#include "app/insights/report_model.h"
#include "app/insights/training_model.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "services/review.h"
#include "test_support.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>

BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<double>)

using namespace vs;
using scoring::GroupKey;

namespace {

/// One demo database (4000 visits, the demo trainings) shared by every test of this file.
struct DemoDb {
    test::TempDir dir;
    std::string path = dir.path("views.db");
    std::unique_ptr<storage::Store> store;
    DemoDb() {
        store = storage::open_sqlite(path);
        test::fill_demo_with_trainings(*store, 4000, 11);
    }
};

DemoDb& demo() {
    static DemoDb db;
    return db;
}

app::ViewFilter busiest_filter() {
    auto client = app::busiest_client(*demo().store);
    BOOST_REQUIRE(client);
    return app::last_12_months(*client);
}

void same(const scoring::Measures& a, const scoring::Measures& b) {
    BOOST_TEST(a.n == b.n);
    BOOST_TEST(a.mean == b.mean);
    BOOST_TEST(a.sd == b.sd);
    BOOST_TEST(a.ci95.has_value() == b.ci95.has_value());
    if (a.ci95 && b.ci95) {
        BOOST_TEST(a.ci95->lo == b.ci95->lo);
        BOOST_TEST(a.ci95->hi == b.ci95->hi);
    }
    BOOST_TEST(a.pass_rate == b.pass_rate);
    BOOST_TEST(a.critical_fail_rate == b.critical_fail_rate);
    BOOST_TEST(a.low_sample == b.low_sample);
}

/// The group of `groups` with these keys (fails the test when missing).
template <class Group>
const Group& group(const std::vector<Group>& groups, const std::vector<std::int32_t>& keys,
                   std::int32_t item = -1) {
    for (const Group& g : groups)
        if (g.id.keys == keys && g.id.item == item)
            return g;
    BOOST_FAIL("no such group");
    throw std::logic_error("unreachable");
}

/// Facts loaded the CLI's way: every client in the period, then grouped by client first.
scoring::FactTable period_facts(const app::ViewFilter& f, bool questions) {
    storage::VisitFilter vf;
    vf.from_day = f.from_day;
    vf.to_day = f.to_day;
    return demo().store->load_facts(vf, questions);
}

/// A progress that cancels at the first update.
struct CancelAtOnce : Progress {
    void start(std::string_view, std::size_t) override {}
    bool update(std::size_t) override { return false; }
    void finish() override {}
};

} // namespace

BOOST_AUTO_TEST_SUITE(views_model)

BOOST_AUTO_TEST_CASE(period_presets_are_whole_months_ending_with_the_last_visit) {
    const int last = *forms::parse_day("2026-10-17");
    auto r = app::preset_range(app::PeriodPreset::Last12Months, last);
    BOOST_TEST(forms::day_to_string(*r.first) == "2025-11-01");
    BOOST_TEST(forms::day_to_string(*r.second) == "2026-10-31");
    r = app::preset_range(app::PeriodPreset::LastMonth, last);
    BOOST_TEST(forms::day_to_string(*r.first) == "2026-10-01");
    r = app::preset_range(app::PeriodPreset::Last3Months, *forms::parse_day("2026-02-10"));
    BOOST_TEST(forms::day_to_string(*r.first) == "2025-12-01");
    BOOST_TEST(forms::day_to_string(*r.second) == "2026-02-28");
    r = app::preset_range(app::PeriodPreset::YearToDate, last);
    BOOST_TEST(forms::day_to_string(*r.first) == "2026-01-01");
    r = app::preset_range(app::PeriodPreset::AllTime, last);
    BOOST_TEST(!r.first);
    BOOST_TEST(!r.second);
}

BOOST_AUTO_TEST_CASE(busiest_client_counts_its_last_12_months) {
    storage::Store& store = *demo().store;
    const auto choices = app::client_choices(store);
    BOOST_TEST_REQUIRE(choices.size() == 3u);
    for (const app::ClientChoice& c : choices) {
        BOOST_TEST_INFO_SCOPE(c.client);
        const app::ViewFilter f = app::last_12_months(c);
        BOOST_TEST(store.load_facts(f.visit_filter(), false).visits.size() ==
                   std::size_t(c.visits));
        storage::VisitFilter all;
        all.client = c.client;
        const auto facts = store.load_facts(all, false);
        BOOST_TEST(facts.visits.back().day == c.last_day);
    }
    const auto busiest = app::busiest_client(store);
    for (const app::ClientChoice& c : choices)
        BOOST_TEST(c.visits <= busiest->visits);
}

BOOST_AUTO_TEST_CASE(client_choices_leave_out_visits_before_the_last_12_months) {
    // Visits more than 12 months before a client's last one: in its count of every visit, not in
    // the count that picks the busiest client.
    test::TempDir dir;
    const auto store = storage::open_sqlite(dir.path("older.db"));
    const auto templates = test::fill_demo(*store, 600); // the 365 days to 2026-10-31
    storage::DemoOptions older;
    older.visits = 400;
    older.seed = 8;
    older.end_day = *forms::parse_day("2025-12-31");
    store->import_visits(storage::make_demo_data(templates, older).visits, "older");
    const auto choices = app::client_choices(*store);
    BOOST_TEST_REQUIRE(choices.size() == 3u);
    std::size_t before = 0;
    for (const app::ClientChoice& c : choices) {
        BOOST_TEST_INFO_SCOPE(c.client);
        const app::ViewFilter f = app::last_12_months(c);
        BOOST_TEST(store->load_facts(f.visit_filter(), false).visits.size() ==
                   std::size_t(c.visits));
        storage::VisitFilter all;
        all.client = c.client;
        before += store->load_facts(all, false).visits.size() - std::size_t(c.visits);
    }
    BOOST_TEST(before > 100u);
}

BOOST_AUTO_TEST_CASE(dashboard_figures_equal_the_statistics_library) {
    app::DashboardModel model(*demo().store);
    app::ViewFilter f = busiest_filter();
    model.set_filter(f);
    const app::Dashboard& d = model.data();
    const scoring::FactTable facts = period_facts(f, false);
    const std::int32_t client = app::dict_id(facts.clients, f.client);

    // Headline: the client's group among all clients of the period.
    const auto clients = scoring::aggregate_visits(facts, f.spec({GroupKey::Client}));
    const auto& c = group(clients, {client});
    BOOST_REQUIRE(d.overall);
    same(d.overall->m, c.m);
    BOOST_TEST(d.overall->m.n > 100u);
    BOOST_TEST(d.overall->nps.nps == c.nps.nps);
    BOOST_TEST(d.overall->nps.n == c.nps.n);

    // Branch ranking: every branch of the client, best first, each equal to its group.
    const auto branches =
        scoring::aggregate_visits(facts, f.spec({GroupKey::Client, GroupKey::Branch}));
    std::size_t of_client = 0;
    for (const auto& g : branches)
        of_client += g.id.keys[0] == client;
    BOOST_TEST(d.branches.size() == of_client);
    for (std::size_t i = 0; i < d.branches.size(); ++i) {
        const app::RankRow& r = d.branches[i];
        BOOST_TEST_INFO_SCOPE(r.code);
        same(r.m, group(branches, {client, app::dict_id(facts.branches, r.code)}).m);
        BOOST_TEST(r.label.rfind(r.code, 0) == 0u);
        if (i > 0)
            BOOST_TEST(*d.branches[i - 1].m.mean >= *r.m.mean);
    }

    // Sections against target: the client group's section means.
    BOOST_TEST(!d.sections.empty());
    // Unscored sections (weight 0) are left out: their "score" is not a result.
    std::size_t scored = 0;
    for (const auto& [id, sec] : c.sections)
        scored += app::section_scored(facts, id) ? 1 : 0;
    BOOST_TEST(scored < c.sections.size()); // branch-visit's scenario section weighs 0
    BOOST_TEST(d.sections.size() == scored);
    for (const app::SectionRow& s : d.sections) {
        const auto& want =
            c.sections.at(app::dict_id(facts.section_ids, model.facts().section_ids[s.id]));
        BOOST_TEST(s.n == want.n);
        BOOST_TEST(s.mean == want.mean);
        BOOST_TEST(s.target == c.m.target);
        BOOST_TEST(!s.title.empty());
    }
    for (std::size_t i = 1; i < d.sections.size(); ++i)
        BOOST_TEST(d.sections[i - 1].id < d.sections[i].id); // scorecard order

    // Monthly trend: twelve months, each the client's month.
    const auto months =
        scoring::aggregate_visits(facts, f.spec({GroupKey::Client}, forms::Period::Month));
    BOOST_TEST(d.trend.size() == 12u);
    for (const app::TrendPoint& p : d.trend) {
        for (const auto& g : months)
            if (g.id.keys[0] == client && g.id.period == p.period)
                same(p.m, g.m);
    }
    BOOST_TEST(d.trend.front().period == forms::period_key(*f.from_day, forms::Period::Month));
}

BOOST_AUTO_TEST_CASE(dashboard_marks_low_samples_and_follows_the_measure) {
    app::DashboardModel model(*demo().store);
    app::ViewFilter f = busiest_filter();
    model.set_filter(f);
    // A minimum between the smallest and the largest branch makes some branches low samples.
    std::vector<std::size_t> sizes;
    for (const app::RankRow& r : model.data().branches)
        sizes.push_back(r.m.n);
    std::sort(sizes.begin(), sizes.end());
    BOOST_TEST_REQUIRE(sizes.front() < sizes.back());
    f.min_n = sizes.back();
    model.set_filter(f);
    std::size_t low = 0;
    for (const app::RankRow& r : model.data().branches) {
        BOOST_TEST(r.m.low_sample == (r.m.n < f.min_n));
        low += r.m.low_sample;
    }
    BOOST_TEST(low > 0u);
    BOOST_TEST(low < model.data().branches.size());
    const double score_mean = *model.data().overall->m.mean;
    f.use_raw = true;
    model.set_filter(f);
    BOOST_TEST(*model.data().overall->m.mean >= score_mean); // criticals lower the score only
    BOOST_TEST(model.last_refresh_ms() > 0);
}

/// The dashboard figures of `f` on `model`, equal to those of a model that has just read them.
void same_as_fresh(storage::Store& store, const app::DashboardModel& model,
                   const app::ViewFilter& f) {
    app::DashboardModel fresh(store);
    fresh.set_filter(f);
    BOOST_TEST(fresh.last_refresh_read());
    BOOST_REQUIRE(model.data().overall && fresh.data().overall);
    same(model.data().overall->m, fresh.data().overall->m);
    BOOST_TEST_REQUIRE(model.data().branches.size() == fresh.data().branches.size());
    for (std::size_t i = 0; i < fresh.data().branches.size(); ++i)
        same(model.data().branches[i].m, fresh.data().branches[i].m);
    BOOST_TEST_REQUIRE(model.data().trend.size() == fresh.data().trend.size());
    for (std::size_t i = 0; i < fresh.data().trend.size(); ++i)
        same(model.data().trend[i].m, fresh.data().trend[i].m);
}

BOOST_AUTO_TEST_CASE(dashboard_reads_the_visits_again_only_after_a_change) {
    test::TempDir dir;
    const std::string path = dir.path("cache.db");
    auto store = storage::open_sqlite(path);
    auto templates = test::fill_demo(*store, 0);
    storage::DemoOptions o;
    o.visits = 800;
    o.seed = 5;
    storage::DemoData data = storage::make_demo_data(templates, o);
    // Every fifth approved visit of one client is kept back, to be stored later.
    const std::string client = data.visits.front().client;
    std::vector<forms::Visit> first, later;
    for (const forms::Visit& v : data.visits)
        (v.client == client && v.status == forms::Status::Approved && first.size() % 5 == 0 ? later
                                                                                            : first)
            .push_back(v);
    BOOST_TEST_REQUIRE(later.size() > 10u);
    store->import_visits(first, "first");

    app::ViewFilter f;
    f.client = client;
    app::DashboardModel model(*store);
    model.set_filter(f); // every day
    BOOST_TEST(model.last_refresh_read());
    const std::size_t n_before = model.data().overall->m.n;

    // Other periods and the other measure: computed from the visits in memory, with the same
    // figures as a model that reads them for that filter.
    const int last_day = app::busiest_client(*store)->last_day;
    for (app::PeriodPreset preset : {app::PeriodPreset::Last3Months, app::PeriodPreset::LastMonth,
                                     app::PeriodPreset::Last12Months}) {
        BOOST_TEST_INFO_SCOPE(app::label(preset));
        app::ViewFilter g = f;
        std::tie(g.from_day, g.to_day) = app::preset_range(preset, last_day);
        g.use_raw = preset == app::PeriodPreset::LastMonth;
        model.set_filter(g);
        BOOST_TEST(!model.last_refresh_read());
        BOOST_TEST(model.data().overall->m.n <= n_before);
        if (preset != app::PeriodPreset::Last12Months) // the demo's visits span one year
            BOOST_TEST(model.data().overall->m.n < n_before);
        same_as_fresh(*store, model, g);
    }

    // Another connection stores visits of the client: the next refresh reads again and counts them.
    model.set_filter(f);
    BOOST_TEST(!model.last_refresh_read());
    {
        auto other = storage::open_sqlite(path);
        other->import_visits(later, "later");
    }
    model.refresh();
    BOOST_TEST(model.last_refresh_read());
    BOOST_TEST(model.data().overall->m.n == n_before + later.size());
    same_as_fresh(*store, model, f);

    // So does a change through the same store (an approved visit excluded).
    model.refresh();
    BOOST_TEST(!model.last_refresh_read());
    storage::VisitListQuery q;
    q.status = forms::Status::Approved;
    const std::vector<std::int64_t> ids = store->visit_ids(q);
    BOOST_REQUIRE(!ids.empty());
    services::exclude(*store, ids.front(), "reviewer", "not a real visit");
    model.refresh();
    BOOST_TEST(model.last_refresh_read());
    same_as_fresh(*store, model, f);
}

BOOST_AUTO_TEST_CASE(branch_view_equals_the_statistics_library) {
    app::DashboardModel dash(*demo().store);
    const app::ViewFilter f = busiest_filter();
    dash.set_filter(f);
    const std::string code = dash.data().branches.back().code; // the weakest branch
    const auto facts = app::load_question_facts(*demo().store, f);
    const app::BranchFigures v = app::build_branch_view(*facts, f, dash.names(), code);
    const std::int32_t b = app::dict_id(facts->branches, code);

    const auto branch = scoring::aggregate_visits(*facts, f.spec({GroupKey::Branch}));
    same(v.m, group(branch, {b}).m);
    BOOST_TEST(v.consistency == group(branch, {b}).consistency);
    BOOST_TEST(v.consistency.has_value());
    const auto staff =
        scoring::aggregate_visits(*facts, f.spec({GroupKey::Branch, GroupKey::Employee}));
    BOOST_TEST(!v.employees.empty());
    BOOST_TEST(v.sparklines.size() == v.employees.size());
    BOOST_TEST(v.months.size() == 12u);
    const auto monthly = scoring::aggregate_visits(
        *facts, f.spec({GroupKey::Branch, GroupKey::Employee}, forms::Period::Month));
    for (std::size_t i = 0; i < v.employees.size(); ++i) {
        const app::RankRow& e = v.employees[i];
        same(e.m, group(staff, {b, e.id}).m);
        for (std::size_t m = 0; m < v.months.size(); ++m) {
            std::optional<double> want;
            for (const auto& g : monthly)
                if (g.id.keys == std::vector<std::int32_t>{b, e.id} && g.id.period == v.months[m])
                    want = g.m.mean;
            BOOST_TEST(v.sparklines[i][m] == want);
        }
    }
    const auto questions = scoring::aggregate_questions(*facts, f.spec({GroupKey::Branch}));
    BOOST_TEST(v.weakest.size() == 8u);
    for (std::size_t i = 0; i < v.weakest.size(); ++i) {
        const auto& want = group(questions, {b}, v.weakest[i].id);
        BOOST_TEST(v.weakest[i].g.pass_rate == want.pass_rate);
        BOOST_TEST(v.weakest[i].g.n >= f.min_n);
        BOOST_TEST(!v.weakest[i].text.empty());
        if (i > 0)
            BOOST_TEST(*v.weakest[i - 1].g.pass_rate <= *v.weakest[i].g.pass_rate);
    }
    // Nothing of that branch's questions passes less often than the weakest shown.
    for (const auto& g : questions)
        if (g.id.keys[0] == b && g.n >= f.min_n && g.pass_rate)
            BOOST_TEST(*g.pass_rate >= *v.weakest.front().g.pass_rate);
}

BOOST_AUTO_TEST_CASE(employee_card_equals_the_statistics_library) {
    storage::Store& store = *demo().store;
    const app::ViewFilter f = busiest_filter();
    const app::OrgNames names = app::org_names(store, f.client);
    // A trained employee, so that the card has a training with before and after.
    std::string code;
    for (const storage::Training& t : store.trainings(f.client))
        if (const int day = *forms::parse_day(t.date); day >= *f.from_day && day <= *f.to_day)
            code = t.employees.front();
    BOOST_TEST_REQUIRE(!code.empty());
    const auto facts = app::load_question_facts(store, f);
    const app::EmployeeFigures v = app::build_employee_view(store, *facts, f, names, code);
    const std::int32_t e = app::dict_id(facts->employees, code);

    const auto staff = scoring::aggregate_visits(*facts, f.spec({GroupKey::Employee}));
    same(v.m, group(staff, {e}).m);
    BOOST_TEST(v.label == app::OrgNames::show(code, names.employee));
    BOOST_TEST(v.branch == names.employee_branch.at(code));
    const auto months =
        scoring::aggregate_visits(*facts, f.spec({GroupKey::Employee}, forms::Period::Month));
    std::size_t own_months = 0;
    for (const auto& g : months)
        own_months += g.id.keys[0] == e;
    BOOST_TEST(v.monthly.size() == own_months);

    const auto sec_emp = scoring::aggregate_sections(*facts, f.spec({GroupKey::Employee}));
    const auto sec_branch = scoring::aggregate_sections(*facts, f.spec({GroupKey::Branch}));
    const auto sec_client = scoring::aggregate_sections(*facts, f.spec({GroupKey::Client}));
    const std::int32_t b = app::dict_id(facts->branches, v.branch);
    BOOST_TEST(!v.sections.empty());
    for (const app::SectionCompare& s : v.sections) {
        same(s.employee, group(sec_emp, {e}, s.id).m);
        BOOST_TEST(s.branch == group(sec_branch, {b}, s.id).m.mean);
        BOOST_TEST(s.client ==
                   group(sec_client, {app::dict_id(facts->clients, f.client)}, s.id).m.mean);
    }

    const auto questions = scoring::aggregate_questions(*facts, f.spec({GroupKey::Employee}));
    BOOST_TEST(!v.weakest.empty());
    std::size_t comments = 0;
    std::set<std::int64_t> own_visits;
    for (const auto& fact : facts->visits)
        if (fact.employee == e)
            own_visits.insert(fact.visit_id);
    for (const app::QuestionRow& q : v.weakest) {
        BOOST_TEST(q.g.pass_rate == group(questions, {e}, q.id).pass_rate);
        for (const storage::QuestionComment& c : q.comments) {
            BOOST_TEST(c.question == facts->question_ids[q.id]);
            BOOST_TEST(!c.text.empty());
            BOOST_TEST(c.day >= *f.from_day);
            ++comments;
        }
    }
    BOOST_TEST(comments > 0u);

    // Trainings attended: the employee's own before/after, as training_effect gives it on the
    // client's facts (as `training effect` loads them).
    storage::VisitFilter all;
    all.client = f.client;
    const scoring::FactTable client_facts = store.load_facts(all, false);
    BOOST_TEST_REQUIRE(!v.trainings.empty());
    for (const app::TrainingAttended& t : v.trainings) {
        const auto spec =
            scoring::training_spec(client_facts, t.training.id, *forms::parse_day(t.training.date),
                                   f.client, {code}, t.training.sections);
        const auto want = scoring::training_effect(client_facts, spec);
        BOOST_TEST(t.effect.trained.pre.n == want.trained.pre.n);
        BOOST_TEST(t.effect.trained.pre.mean == want.trained.pre.mean);
        BOOST_TEST(t.effect.trained.post.mean == want.trained.post.mean);
        BOOST_TEST(t.effect.did == want.did);
    }
}

BOOST_AUTO_TEST_CASE(employee_comments_are_of_the_employees_visits) {
    storage::Store& store = *demo().store;
    const app::ViewFilter f = busiest_filter();
    const auto facts = store.load_facts(f.visit_filter(), false);
    const std::string code = facts.employees[facts.visits.front().employee];
    const auto comments = store.employee_comments(f.visit_filter(), code);
    BOOST_TEST(!comments.empty());
    std::set<std::int64_t> theirs;
    const std::int32_t e = app::dict_id(facts.employees, code);
    for (const auto& v : facts.visits) {
        bool attributed = v.employee == e;
        for (std::size_t s = 0; s < facts.templates[v.tmpl].section_ids.size(); ++s)
            attributed = attributed || facts.sections[v.first_section + s].employee == e;
        if (attributed)
            theirs.insert(v.visit_id);
    }
    for (const auto& c : comments) {
        BOOST_TEST(theirs.count(c.visit_id) == 1u);
        BOOST_TEST(c.day >= *f.from_day);
        BOOST_TEST(c.day <= *f.to_day);
    }
    BOOST_TEST(store.employee_comments(f.visit_filter(), "NO-SUCH-CODE").empty());
}

BOOST_AUTO_TEST_CASE(training_view_equals_training_effect) {
    storage::Store& store = *demo().store;
    app::ViewFilter f = busiest_filter();
    f.from_day.reset(); // every training of the client
    f.to_day.reset();
    const auto rows = app::training_rows(store, f);
    const auto stored = store.trainings(f.client);
    BOOST_TEST_REQUIRE(!rows.empty());
    BOOST_TEST(rows.size() == stored.size());
    storage::VisitFilter all;
    all.client = f.client;
    const scoring::FactTable facts = store.load_facts(all, false);
    bool some_interval = false;
    for (const app::TrainingRow& r : rows) {
        BOOST_TEST_INFO_SCOPE(r.training.id);
        const auto& t = r.training;
        const auto spec =
            scoring::training_spec(facts, t.id, r.day, t.client, t.employees, t.sections);
        const auto want = scoring::training_effect(facts, spec);
        BOOST_TEST(r.effect.trained.pre.n == want.trained.pre.n);
        BOOST_TEST(r.effect.trained.post.mean == want.trained.post.mean);
        BOOST_TEST(r.effect.control.pre.mean == want.control.pre.mean);
        BOOST_TEST(r.effect.control.post.n == want.control.post.n);
        BOOST_TEST(r.effect.did == want.did);
        BOOST_TEST(r.effect.did_ci95.has_value() == want.did_ci95.has_value());
        if (want.did_ci95) {
            some_interval = true;
            BOOST_TEST(r.effect.did_ci95->lo == want.did_ci95->lo);
            BOOST_TEST(r.effect.did_ci95->hi == want.did_ci95->hi);
        }
        BOOST_TEST(r.behaviours.size() == t.sections.size());
        const auto ci = app::cell_interval(r.effect.trained.pre);
        if (ci)
            BOOST_TEST(
                (ci->lo < *r.effect.trained.pre.mean && *r.effect.trained.pre.mean < ci->hi));
    }
    BOOST_TEST(some_interval);
    // The period filter keeps the trainings dated inside it only.
    const app::ViewFilter last = busiest_filter();
    for (const app::TrainingRow& r : app::training_rows(store, last))
        BOOST_TEST((r.day >= *last.from_day && r.day <= *last.to_day));
}

BOOST_AUTO_TEST_CASE(recording_a_training_stores_it) {
    storage::Store& store = *demo().store;
    const app::ViewFilter f = busiest_filter();
    const auto names = app::org_names(store, f.client);
    app::NewTraining t;
    t.date = forms::day_to_string(*f.to_day - 100);
    t.title = "Closing the sale";
    t.trainer = "A. Trainer";
    t.client = f.client;
    t.employees = {names.employee.begin()->first, std::next(names.employee.begin())->first};
    const auto behaviours = app::behaviours(store);
    BOOST_TEST_REQUIRE(!behaviours.empty());
    t.sections = {behaviours.front().id};
    BOOST_TEST(app::check(t).empty());
    const std::string id = app::record_training(store, t);
    const std::string again = app::record_training(store, t); // same day: a fresh id
    BOOST_TEST(id != again);
    bool found = false;
    for (const app::TrainingRow& r : app::training_rows(store, f))
        if (r.training.id == id) {
            found = true;
            BOOST_TEST(r.training.title == t.title);
            BOOST_TEST(r.training.trainer == t.trainer);
            BOOST_TEST(r.training.employees.size() == 2u);
            BOOST_TEST(r.effect.trained.pre.n > 0u);
        }
    BOOST_TEST(found);

    app::NewTraining bad = t;
    bad.employees.clear();
    BOOST_TEST(app::check(bad) == "Choose at least one trained employee.");
    BOOST_CHECK_THROW(app::record_training(store, bad), InputError);
    bad = t;
    bad.date = "2026-02-30";
    BOOST_TEST(app::check(bad).find("2026-02-30") != std::string::npos);
    bad = t;
    bad.employees = {"NO-SUCH-CODE"};
    BOOST_CHECK_THROW(app::record_training(store, bad), InputError);
}

BOOST_AUTO_TEST_CASE(calibration_view_equals_calibrate) {
    test::TempDir dir;
    auto store = storage::open_sqlite(dir.path("calib.db"));
    auto templates = test::fill_demo(*store, 0);
    storage::DemoOptions o;
    o.visits = 40;
    storage::DemoData data = storage::make_demo_data(templates, o);
    // Three sets of answers of one scorecard and client make an exercise; the first is the
    // reference.
    std::vector<forms::Visit> exercise;
    for (forms::Visit v : data.visits)
        if (v.template_id == data.visits.front().template_id &&
            v.client == data.visits.front().client && exercise.size() < 3) {
            v.calibration = "CAL-1";
            v.reference = exercise.empty();
            v.status = forms::Status::Approved;
            exercise.push_back(std::move(v));
        }
    BOOST_TEST_REQUIRE(exercise.size() == 3u);
    store->import_visits(exercise, "calibration");
    app::ViewFilter f;
    f.client = exercise.front().client;
    const auto got = app::calibration_exercises(*store, f);
    storage::VisitFilter vf;
    vf.client = f.client;
    vf.statuses = {forms::Status::Submitted, forms::Status::Approved};
    const auto want = scoring::calibrate(store->calibration_visits(vf));
    BOOST_TEST_REQUIRE(got.size() == 1u);
    BOOST_TEST_REQUIRE(want.size() == 1u);
    BOOST_TEST(got[0].id == "CAL-1");
    BOOST_TEST(got[0].shoppers.size() == 2u);
    for (std::size_t i = 0; i < got[0].shoppers.size(); ++i) {
        BOOST_TEST(got[0].shoppers[i].deviation == want[0].shoppers[i].deviation);
        BOOST_TEST(got[0].shoppers[i].alignment == want[0].shoppers[i].alignment);
        BOOST_TEST(got[0].shoppers[i].kappa == want[0].shoppers[i].kappa);
    }
    // Another period sees no exercise.
    f.to_day = *forms::parse_day("2000-01-01");
    BOOST_TEST(app::calibration_exercises(*store, f).empty());
}

BOOST_AUTO_TEST_CASE(report_of_some_branches) {
    storage::Store& store = *demo().store;
    test::TempDir dir;
    app::ReportRequest r;
    r.filter = busiest_filter();
    app::DashboardModel dash(store);
    dash.set_filter(r.filter);
    r.branches = {dash.data().branches[0].code, dash.data().branches[1].code};
    r.pseudonymise_staff = true;
    r.path = dir.path("report.xlsx");
    const std::size_t n = app::write_report(store, r, nullptr);
    BOOST_TEST(n == dash.data().branches[0].m.n + dash.data().branches[1].m.n);
    BOOST_TEST(std::filesystem::file_size(r.path) > 5000u);

    const auto only =
        app::only_branches(store.load_facts(r.filter.visit_filter(), false), r.branches);
    for (const auto& v : only.visits)
        BOOST_TEST(r.branches.count(only.branches[v.branch]) == 1u);

    CancelAtOnce cancel; // the writer asks every 1024 visits: the whole client has more
    r.branches.clear();
    r.path = dir.path("cancelled.xlsx");
    BOOST_CHECK_THROW(app::write_report(store, r, &cancel), Cancelled);
    BOOST_TEST(!std::filesystem::exists(r.path));
}

BOOST_AUTO_TEST_SUITE_END()
