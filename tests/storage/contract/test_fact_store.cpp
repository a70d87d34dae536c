// Contract of FactStore (storage/fact_store.h): what reports, views and exports read.
#include "backends.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "tests/visit_copies.h"

#include <algorithm>
#include <array>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <thread>
#include <utility>

using namespace vs;
using contract::Fresh;

namespace {

storage::VisitFilter every_status() {
    storage::VisitFilter f;
    f.statuses.clear();
    return f;
}

} // namespace

BOOST_AUTO_TEST_SUITE(fact_store)

VS_CONTRACT_CASE(visit_scores_follow_the_filter_in_date_order) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::FactStore& facts = *f.store;
    std::vector<storage::VisitScoreRow> rows;
    facts.visit_scores({}, [&](const storage::VisitScoreRow& r) { rows.push_back(r); });
    BOOST_REQUIRE_EQUAL(rows.size(), 2u); // approved only by default
    BOOST_TEST(rows[0].uuid == contract::kUuidA);
    BOOST_TEST(rows[1].uuid == contract::kUuidB);
    BOOST_TEST(rows[0].template_id == "mini");
    BOOST_TEST(rows[0].template_version == 1);
    BOOST_TEST(*rows[0].score == 83.75);
    BOOST_TEST(*rows[1].raw == 155.0 / 3.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(*rows[1].score == 25.0);
    BOOST_TEST(rows[1].critical_failures == std::vector<std::string>{"greeted"},
               boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(rows[1].sections.size(), 3u);
    BOOST_TEST(rows[1].sections[0].first == "greeting");
    BOOST_TEST(rows[1].sections[0].second.critical_failure);
    BOOST_TEST(!rows[1].sections[1].second.raw.has_value()); // handling hidden
    rows.clear();
    storage::VisitFilter one = every_status();
    one.uuid = contract::kUuidC;
    facts.visit_scores(one, [&](const storage::VisitScoreRow& r) { rows.push_back(r); });
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST((rows[0].status == forms::Status::Submitted));
}

VS_CONTRACT_CASE(facts_hold_stored_scores_and_attributions) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::FactStore& facts = *f.store;
    const scoring::FactTable t = facts.load_facts({}, true);
    BOOST_REQUIRE_EQUAL(t.visits.size(), 2u);
    const scoring::VisitFact& a = t.visits[0];
    BOOST_TEST(a.score == 83.75);
    BOOST_TEST(a.nps == 9);
    BOOST_TEST(t.employees[a.employee] == "E1");
    BOOST_TEST(t.employees[t.sections[a.first_section + 0].employee] == "E1");
    BOOST_TEST(t.employees[t.sections[a.first_section + 1].employee] == "E2"); // attributed
    const auto& ref = t.templates[static_cast<std::size_t>(a.tmpl)];
    const int warmth = ref.tpl->find_question("warmth");
    const int notes = ref.tpl->find_question("notes");
    BOOST_TEST(t.questions[a.first_question + static_cast<std::size_t>(warmth)] == 0.75);
    BOOST_TEST(std::isnan(t.questions[a.first_question + static_cast<std::size_t>(notes)]));
    const scoring::FactTable plain = facts.load_facts({}, false, false);
    BOOST_REQUIRE_EQUAL(plain.visits.size(), 2u);
    for (std::size_t i = 0; i < ref.tpl->sections.size(); ++i)
        BOOST_TEST(plain.sections[plain.visits[0].first_section + i].employee ==
                   plain.visits[0].employee);
    storage::VisitFilter later = every_status();
    later.from_day = *forms::parse_day("2026-11-01");
    BOOST_TEST(facts.load_facts(later, false).visits.size() == 1u);
    later.client = "Nobody";
    BOOST_TEST(facts.load_facts(later, false).visits.empty());
}

VS_CONTRACT_CASE(the_data_version_changes_with_writes_only) {
    Fresh f(backend);
    storage::FactStore& facts = *f.store;
    const storage::DataVersion empty = facts.data_version();
    BOOST_TEST((facts.data_version() == empty));
    contract::load_mini(*f.store, *f.store);
    const storage::DataVersion loaded = facts.data_version();
    BOOST_TEST(!(loaded == empty));
    facts.load_facts({}, true);
    BOOST_TEST((facts.data_version() == loaded));
    // A write through another store on the same database counts too, once the backend hears
    // of it (a server's notice comes a moment after the commit: at most a couple of seconds).
    f.db->open()->set_setting("user", "someone");
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (facts.data_version() == loaded && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    BOOST_TEST(!(facts.data_version() == loaded));
}

VS_CONTRACT_CASE(details_carry_everything_an_export_writes) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::FactStore& facts = *f.store;
    std::vector<storage::VisitDetail> rows;
    facts.visit_details(every_status(), [&](const storage::VisitDetail& d) { rows.push_back(d); });
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    const storage::VisitDetail& a = rows[0];
    BOOST_TEST(a.uuid == contract::kUuidA);
    BOOST_TEST(a.template_id == "mini");
    BOOST_TEST(a.client == "Test Client");
    BOOST_TEST(a.region == "North");
    BOOST_TEST(a.branch == "B1");
    BOOST_TEST(a.branch_name == "Branch One");
    BOOST_TEST(a.employee == "E1");
    BOOST_TEST(a.employee_name == "Ann Able");
    BOOST_TEST(a.shopper == "S1");
    BOOST_TEST(a.shopper_name == "Sam Shopper");
    BOOST_TEST(a.day == *forms::parse_day("2026-10-03"));
    BOOST_TEST((a.status == forms::Status::Approved));
    BOOST_TEST(*a.score == 83.75);
    BOOST_TEST(a.section_scores.size() == 3u);
    BOOST_TEST(a.answers.at("warmth") == 4);
    BOOST_TEST(!a.answers.contains("nonexistent"));
    BOOST_TEST(a.comments.at("greeted") == "At the door.");
    BOOST_TEST(a.summary == "Good visit.");
    BOOST_TEST(rows[2].uuid == contract::kUuidC);
    BOOST_TEST(rows[2].employee.empty());
    BOOST_TEST(rows[2].critical_failures == std::vector<std::string>{"listened"},
               boost::test_tools::per_element());
}

VS_CONTRACT_CASE(trainings_round_trip_and_a_bad_one_stores_nothing) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::FactStore& facts = *f.store;
    storage::Training t{"T1",          "Greeting basics", "Pat Trainer", "2026-09-01",
                        "Test Client", {"E1", "E2"},      {"greeting"}};
    facts.add_trainings({t}, "t.json");
    auto stored = facts.trainings(std::string("Test Client"));
    BOOST_REQUIRE_EQUAL(stored.size(), 1u);
    BOOST_TEST(stored[0].id == "T1");
    BOOST_TEST(stored[0].title == "Greeting basics");
    BOOST_TEST(stored[0].trainer == "Pat Trainer");
    BOOST_TEST(stored[0].date == "2026-09-01");
    BOOST_TEST(stored[0].employees == (std::vector<std::string>{"E1", "E2"}),
               boost::test_tools::per_element());
    BOOST_TEST(stored[0].sections == std::vector<std::string>{"greeting"},
               boost::test_tools::per_element());
    BOOST_TEST(facts.trainings(std::string("Nobody")).empty());
    t.title = "Greeting basics, again"; // the same client and id: replaced
    facts.add_trainings({t}, "t.json");
    BOOST_REQUIRE_EQUAL(facts.trainings(std::nullopt).size(), 1u);
    BOOST_TEST(facts.trainings(std::nullopt)[0].title == "Greeting basics, again");
    storage::Training other{"T2",   "Closing", "Pat Trainer", "2026-09-02", "Test Client",
                            {"E1"}, {}};
    t.employees.push_back("E404");
    BOOST_CHECK_THROW(facts.add_trainings({other, t}, "bad.json"), InputError);
    BOOST_TEST(facts.trainings(std::nullopt).size() == 1u); // rolled back: no T2
    BOOST_TEST(facts.trainings(std::nullopt)[0].employees.size() == 2u);
}

VS_CONTRACT_CASE(calibration_visits_are_kept_apart) {
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    std::vector<forms::Visit> visits = contract::mini_visits();
    visits[0].calibration = "ex-1";
    visits[0].reference = true;
    visits[1].calibration = "ex-1";
    f.store->import_visits(visits, "calibration.json");
    storage::FactStore& facts = *f.store;
    const auto cal = facts.calibration_visits(every_status());
    BOOST_REQUIRE_EQUAL(cal.size(), 2u);
    for (const auto& c : cal) {
        BOOST_TEST(c.exercise == "ex-1");
        BOOST_REQUIRE(c.tpl);
        BOOST_TEST(c.answers.size() == c.tpl->questions.size());
        BOOST_TEST(c.reference == (c.uuid == contract::kUuidA));
        BOOST_TEST(c.client == "Test Client");
        BOOST_TEST(c.shopper == "S1");
    }
    // Reports leave calibration visits out.
    BOOST_TEST(facts.load_facts(every_status(), false).visits.size() == 1u);
    storage::VisitFilter only = every_status();
    only.calibration = true;
    BOOST_TEST(facts.load_facts(only, false).visits.size() == 2u);
}

VS_CONTRACT_CASE(views_read_client_activity_and_employee_comments) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::FactStore& facts = *f.store;
    const auto activity = facts.client_activity(every_status());
    BOOST_REQUIRE_EQUAL(activity.size(), 1u);
    BOOST_TEST(activity[0].client == "Test Client");
    BOOST_TEST(activity[0].visits == 3);
    BOOST_TEST(activity[0].first_day == *forms::parse_day("2026-10-03"));
    BOOST_TEST(activity[0].last_day == *forms::parse_day("2026-11-02"));
    BOOST_TEST(facts.client_activity({}).at(0).visits == 2); // approved only
    storage::VisitFilter client = every_status();
    client.client = "Test Client";
    const auto comments = facts.employee_comments(client, "E1");
    BOOST_REQUIRE_EQUAL(comments.size(), 1u);
    BOOST_TEST(comments[0].visit_id == contract::id_of(*f.store, contract::kUuidA));
    BOOST_TEST(comments[0].question == "greeted");
    BOOST_TEST(comments[0].text == "At the door.");
    BOOST_TEST(comments[0].day == *forms::parse_day("2026-10-03"));
    BOOST_TEST(facts.employee_comments(client, "E404").empty());
}

VS_CONTRACT_CASE(client_activity_follows_approvals_returns_and_edits) {
    // What the dashboard chooses its client by (SQLite keeps the counts per day as visits
    // change): after each change, the approved visits per client and their first and last day,
    // over every day and over a range of days.
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::FactStore& facts = *f.store;
    const int oct3 = *forms::parse_day("2026-10-03");
    const int oct10 = *forms::parse_day("2026-10-10");
    const int nov2 = *forms::parse_day("2026-11-02");
    auto expect = [&](const storage::VisitFilter& filter, std::int64_t visits, int first,
                      int last) {
        const auto a = facts.client_activity(filter);
        BOOST_REQUIRE_EQUAL(a.size(), 1u);
        BOOST_TEST(a[0].client == "Test Client");
        BOOST_TEST(a[0].visits == visits);
        BOOST_TEST(a[0].first_day == first);
        BOOST_TEST(a[0].last_day == last);
    };
    storage::VisitFilter from_oct10;
    from_oct10.client = "Test Client";
    from_oct10.from_day = oct10;
    expect({}, 2, oct3, oct10);
    expect(from_oct10, 1, oct10, oct10);
    const std::int64_t c = contract::id_of(*f.store, contract::kUuidC);
    f.store->record_status(c, forms::Status::Submitted, forms::Status::Approved, "rita", "", "");
    expect({}, 3, oct3, nov2);
    expect(from_oct10, 2, oct10, nov2);
    const std::int64_t a = contract::id_of(*f.store, contract::kUuidA);
    f.store->record_status(a, forms::Status::Approved, forms::Status::Returned, "rita", "", "");
    expect({}, 2, oct10, nov2);
    storage::VisitFilter other = from_oct10;
    other.client = "No Such Client";
    BOOST_TEST(facts.client_activity(other).empty());
    storage::VisitFilter before = from_oct10;
    before.from_day = std::nullopt;
    before.to_day = oct10 - 1;
    BOOST_TEST(facts.client_activity(before).empty()); // the returned visit is not counted
    // An edit moves the approved visit of 10 October to 5 November.
    const std::int64_t b = contract::id_of(*f.store, contract::kUuidB);
    const storage::StoredVisit stored = f.store->load_visit(b);
    forms::Visit moved = stored.visit;
    moved.visited_at = "2026-11-05T10:00:00";
    f.store->apply_edit(
        b, moved, stored.updated_at,
        {{"rita", "edit", "visited_at", stored.visit.visited_at, moved.visited_at, "wrong date"}});
    const int nov5 = *forms::parse_day("2026-11-05");
    expect({}, 2, nov2, nov5);
    expect(from_oct10, 2, nov2, nov5);
    expect(every_status(), 3, oct3, nov5); // the returned visit too
}

VS_CONTRACT_CASE(facts_of_a_few_visits_far_apart_carry_their_own_scores) {
    // A filter that keeps two visits with many others stored between them.
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    const forms::Visit model = contract::mini_visits()[0]; // approved
    std::vector<forms::Visit> visits;
    for (int i = 0; i < 40; ++i) {
        forms::Visit v = model;
        const std::string n = std::to_string(100 + i);
        v.uuid = "00000000-0000-4000-8000-" + std::string(12 - n.size(), '0') + n;
        v.visited_at = i == 0 || i == 39 ? "2026-10-03T14:05:00" : "2026-09-15T10:00:00";
        visits.push_back(v);
    }
    f.store->import_visits(visits, "spread.json");
    storage::FactStore& facts = *f.store;
    const scoring::FactTable all = facts.load_facts({}, true);
    BOOST_REQUIRE_EQUAL(all.visits.size(), 40u);
    storage::VisitFilter day;
    day.from_day = day.to_day = *forms::parse_day("2026-10-03");
    const scoring::FactTable two = facts.load_facts(day, true);
    BOOST_REQUIRE_EQUAL(two.visits.size(), 2u);
    BOOST_TEST(two.visits[0].visit_id < two.visits[1].visit_id);
    for (const scoring::VisitFact& v : two.visits) {
        const auto same = std::find_if(all.visits.begin(), all.visits.end(),
                                       [&](const auto& a) { return a.visit_id == v.visit_id; });
        BOOST_REQUIRE(same != all.visits.end());
        BOOST_TEST(v.score == same->score);
        const auto& tpl = *two.templates[static_cast<std::size_t>(v.tmpl)].tpl;
        for (std::size_t s = 0; s < tpl.sections.size(); ++s) {
            const double a = two.sections[v.first_section + s].score;
            const double b = all.sections[same->first_section + s].score;
            BOOST_TEST((a == b || (std::isnan(a) && std::isnan(b))));
        }
        for (std::size_t q = 0; q < tpl.questions.size(); ++q) {
            const double a = two.questions[v.first_question + q];
            const double b = all.questions[same->first_question + q];
            BOOST_TEST((a == b || (std::isnan(a) && std::isnan(b))));
        }
    }
}

VS_CONTRACT_CASE(facts_of_many_visits_match_each_visit_read_alone) {
    // Enough visits that a server shares the read between connections (pg_facts.cpp), in dates
    // unlike their id order, with attributions, questions, two statuses and two clients whose
    // visits alternate. Read whole, for the submitted third of them, for one month and for one
    // client (on a server only the wanted rows of the score arrays come over: by the client's
    // part of their key, tested against a bitmap, or read by id).
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    // A and B approved, C submitted.
    const std::vector<forms::Visit> models = contract::mini_visits();
    constexpr int kCopies = 5600;
    const std::vector<forms::Visit> visits = test::visit_copies(models, kCopies, '8');
    f.store->import_visits(visits, "many.json");
    storage::FactStore& facts = *f.store;
    const scoring::FactTable all = facts.load_facts(every_status(), true);
    storage::VisitFilter submitted = every_status();
    submitted.statuses = {forms::Status::Submitted};
    const scoring::FactTable third = facts.load_facts(submitted, true);
    BOOST_REQUIRE_EQUAL(all.visits.size(), visits.size());
    BOOST_REQUIRE_EQUAL(third.visits.size(), static_cast<std::size_t>(kCopies));
    // Each table's visits by id, each visit once, in date order.
    auto index = [](const scoring::FactTable& table) {
        std::map<std::int64_t, std::size_t> by_id;
        for (std::size_t i = 0; i < table.visits.size(); ++i) {
            by_id[table.visits[i].visit_id] = i;
            if (i > 0) {
                const scoring::VisitFact& a = table.visits[i - 1];
                const scoring::VisitFact& b = table.visits[i];
                BOOST_REQUIRE(a.day < b.day || (a.day == b.day && a.visit_id < b.visit_id));
            }
        }
        BOOST_TEST(by_id.size() == table.visits.size());
        return by_id;
    };
    const std::map<std::int64_t, std::size_t> by_id = index(all);
    const std::map<std::int64_t, std::size_t> third_by_id = index(third);
    BOOST_TEST(facts.load_facts({}, false).visits.size() == 2u * kCopies); // approved only
    storage::VisitFilter october = every_status();
    october.from_day = *forms::parse_day("2026-10-01");
    october.to_day = *forms::parse_day("2026-10-31");
    const std::size_t in_october = static_cast<std::size_t>(
        std::count_if(visits.begin(), visits.end(), [](const forms::Visit& v) {
            return v.visited_at.compare(0, 7, "2026-10") == 0;
        }));
    BOOST_TEST(facts.load_facts(october, false).visits.size() == in_october);
    auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    // How many visits of `part` carry other values than the whole read gave them.
    auto differing = [&](const scoring::FactTable& part) {
        std::size_t differ = 0;
        for (const scoring::VisitFact& v : part.visits) {
            const scoring::VisitFact& w = all.visits[by_id.at(v.visit_id)];
            const auto& tpl = *part.templates[static_cast<std::size_t>(v.tmpl)].tpl;
            bool equal = same(v.score, w.score) && same(v.raw, w.raw) && v.day == w.day &&
                         part.clients[v.client] == all.clients[w.client] &&
                         part.branches[v.branch] == all.branches[w.branch];
            for (std::size_t s = 0; equal && s < tpl.sections.size(); ++s) {
                const scoring::SectionFact& a = part.sections[v.first_section + s];
                const scoring::SectionFact& b = all.sections[w.first_section + s];
                equal = same(a.score, b.score) && same(a.raw, b.raw) && a.possible == b.possible &&
                        a.critical_failure == b.critical_failure &&
                        (a.employee < 0 ? "" : part.employees[a.employee]) ==
                            (b.employee < 0 ? "" : all.employees[b.employee]);
            }
            for (std::size_t q = 0; equal && q < tpl.questions.size(); ++q)
                equal =
                    same(part.questions[v.first_question + q], all.questions[w.first_question + q]);
            differ += equal ? 0 : 1;
        }
        return differ;
    };
    // The month's visits, a tenth of the ids (on a server their score arrays are read by id, not
    // by ranges), carry what the whole read gave them.
    const scoring::FactTable month = facts.load_facts(october, true);
    BOOST_REQUIRE_EQUAL(month.visits.size(), in_october);
    BOOST_TEST(differing(month) == 0u);
    // One client's visits, every status (half the ids: on a server its part of the score
    // arrays' key, read as a range) and approved only (a third: that range against a bitmap).
    storage::VisitFilter other = every_status();
    other.client = "Other Client";
    const scoring::FactTable other_all = facts.load_facts(other, true);
    BOOST_REQUIRE_EQUAL(other_all.visits.size(), visits.size() / 2);
    BOOST_TEST(differing(other_all) == 0u);
    other.statuses = {forms::Status::Approved};
    const scoring::FactTable other_approved = facts.load_facts(other, true);
    BOOST_REQUIRE_EQUAL(other_approved.visits.size(), 2u * kCopies / 2);
    BOOST_TEST(differing(other_approved) == 0u);

    // A sample from the whole id range against the same visit read alone (a filter on its uuid).
    for (std::size_t k = 0; k < visits.size(); k += 797) {
        const std::string& uuid = visits[k].uuid;
        BOOST_TEST_INFO_SCOPE("visit " << uuid);
        storage::VisitFilter one = every_status();
        one.uuid = uuid;
        const scoring::FactTable alone = facts.load_facts(one, true);
        BOOST_REQUIRE_EQUAL(alone.visits.size(), 1u);
        const scoring::VisitFact& v = alone.visits[0];
        BOOST_TEST(v.visit_id == contract::id_of(*f.store, uuid));
        BOOST_REQUIRE(by_id.count(v.visit_id) == 1u);
        BOOST_TEST(third_by_id.count(v.visit_id) == (k % models.size() == 2 ? 1u : 0u));
        for (const scoring::FactTable* read : {&all, &third}) {
            const auto& ids = read == &all ? by_id : third_by_id;
            if (!ids.count(v.visit_id))
                continue;
            const scoring::VisitFact& w = read->visits[ids.at(v.visit_id)];
            BOOST_TEST(same(v.score, w.score));
            BOOST_TEST(same(v.raw, w.raw));
            BOOST_TEST(v.day == w.day);
            BOOST_TEST(v.nps == w.nps);
            BOOST_TEST(v.critical_failure == w.critical_failure);
            BOOST_TEST(alone.branches[v.branch] == read->branches[w.branch]);
            BOOST_TEST(alone.regions[v.region] == read->regions[w.region]);
            BOOST_TEST((v.employee < 0 ? "" : alone.employees[v.employee]) ==
                       (w.employee < 0 ? "" : read->employees[w.employee]));
            const auto& tpl = *alone.templates[static_cast<std::size_t>(v.tmpl)].tpl;
            for (std::size_t s = 0; s < tpl.sections.size(); ++s) {
                const scoring::SectionFact& a = alone.sections[v.first_section + s];
                const scoring::SectionFact& b = read->sections[w.first_section + s];
                BOOST_TEST(same(a.score, b.score));
                BOOST_TEST(same(a.raw, b.raw));
                BOOST_TEST(a.possible == b.possible);
                BOOST_TEST(a.critical_failure == b.critical_failure);
                BOOST_TEST((a.employee < 0 ? "" : alone.employees[a.employee]) ==
                           (b.employee < 0 ? "" : read->employees[b.employee]));
            }
            for (std::size_t q = 0; q < tpl.questions.size(); ++q)
                BOOST_TEST(same(alone.questions[v.first_question + q],
                                read->questions[w.first_question + q]));
        }
        if (k % models.size() == 0) { // a copy of A: its handling section is attributed to E2
            const scoring::VisitFact& w = all.visits[by_id.at(v.visit_id)];
            const auto& tpl = *all.templates[static_cast<std::size_t>(w.tmpl)].tpl;
            BOOST_TEST(
                all.employees[all.sections[w.first_section +
                                           static_cast<std::size_t>(tpl.find_section("handling"))]
                                  .employee] == "E2");
        }
    }
}

VS_CONTRACT_CASE(integrity_reads_equal_what_the_facts_and_visits_say) {
    // The sums, recent lists and evidence the integrity signals read (services/integrity.h)
    // against the same figures from the approved visits' facts and from each visit read whole:
    // four shoppers at three branches over a few days (several visits a day, out of id order),
    // a calibration visit, submitted ones and another client's left out.
    Fresh f(backend);
    f.store->add_template(contract::mini_template(), "mini.template.json");
    const std::vector<forms::Visit> models = contract::mini_visits();
    std::vector<forms::Visit> visits;
    for (int i = 0; i < 60; ++i) {
        forms::Visit v = models[static_cast<std::size_t>(i % 2)]; // scores 83.75 and 25
        char text[64];
        std::snprintf(text, sizeof text, "00000000-0000-4000-8100-%012d", i);
        v.uuid = text;
        std::snprintf(text, sizeof text, "2026-09-%02dT%02d:00:00", 1 + (i * 7) % 9, 9 + i % 8);
        v.visited_at = text;
        v.branch = "B" + std::to_string(1 + i % 3);
        v.shopper = "S" + std::to_string(1 + (i / 3) % 4);
        v.comments = {{"greeted", "Comment " + std::to_string(i)}};
        v.status = i % 10 == 9 ? forms::Status::Submitted : forms::Status::Approved;
        if (i == 5)
            v.calibration = "ex-1";
        if (i == 7)
            v.client = "Other Client";
        visits.push_back(std::move(v));
    }
    f.store->import_visits(visits, "integrity.json");
    storage::Store& st = *f.store;
    storage::Assignment a;
    a.uuid = "as-integrity";
    a.client = "Test Client";
    a.branch = "B1";
    a.template_id = "mini";
    a.template_version = 1;
    a.window_from = "2026-09-01";
    a.window_to = "2026-09-05";
    st.put_assignments({a}, "planner");
    forms::Visit linked = models[0];
    linked.uuid = "00000000-0000-4000-8200-000000000001";
    linked.status = forms::Status::Submitted;
    linked.visited_at = "2026-09-04T10:00:00";
    linked.assignment = a.uuid;
    linked.evidence = {"2026-09-04T09:40:00Z", "2026-09-04T09:45:00Z", "2026-09-04T10:00:00Z"};
    st.import_visits({linked}, "linked.json");
    const std::int64_t linked_id = contract::id_of(st, linked.uuid);
    st.add_attachment(linked_id, "", "a.jpg", "image/jpeg", {1, 2, 3}, {}, "2026-09-04T09:58:00");
    st.add_attachment(linked_id, "greeted", "b.jpg", "image/jpeg", {4, 5}, {});

    storage::VisitFilter client;
    client.client = "Test Client";
    const scoring::FactTable facts = st.load_facts(client, false, false);
    std::map<std::pair<std::string, std::string>, std::array<double, 3>> expected;
    std::vector<storage::RecentVisit> all;
    for (const scoring::VisitFact& v : facts.visits) {
        all.push_back({v.visit_id, v.day, facts.branches[v.branch], facts.shoppers[v.shopper]});
        auto& e = expected[{facts.branches[v.branch], facts.shoppers[v.shopper]}];
        e[0] += 1;
        e[1] += v.score;
        e[2] += v.score * v.score;
    }
    BOOST_TEST(facts.visits.size() == 60u - 6u - 1u - 1u); // submitted, calibration, other client
    const auto sums = st.approved_score_sums("Test Client");
    BOOST_TEST(sums.size() == expected.size());
    for (const storage::ScoreSums& s : sums) {
        const auto it = expected.find({s.branch, s.shopper});
        BOOST_REQUIRE(it != expected.end());
        BOOST_TEST(s.n == it->second[0]);
        BOOST_TEST(s.sum == it->second[1], boost::test_tools::tolerance(1e-12));
        BOOST_TEST(s.sum2 == it->second[2], boost::test_tools::tolerance(1e-12));
    }
    BOOST_TEST(st.approved_score_sums("No Such Client").empty());

    // Newest first: by day, then by visit id.
    std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
        return std::pair(x.day, x.id) > std::pair(y.day, y.id);
    });
    storage::RecentVisitsQuery q;
    q.client = "Test Client";
    q.shoppers = {"S1", "S3", "S9"};
    q.branches = {"B2"};
    q.per_key = 4;
    q.overall = 7;
    const storage::RecentVisits recent = st.recent_approved_visits(q);
    auto ids = [](const std::vector<storage::RecentVisit>& v) {
        std::vector<std::int64_t> out;
        for (const auto& x : v)
            out.push_back(x.id);
        return out;
    };
    auto first = [&](std::size_t n, auto keep) {
        std::vector<storage::RecentVisit> out;
        for (const auto& v : all)
            if (out.size() < n && keep(v))
                out.push_back(v);
        return out;
    };
    BOOST_TEST(recent.by_shopper.size() == 2u); // S9 is no shopper of the client
    for (const std::string code : {"S1", "S3"}) {
        const auto want = first(4, [&](const auto& v) { return v.shopper == code; });
        BOOST_REQUIRE(recent.by_shopper.count(code));
        BOOST_TEST(ids(recent.by_shopper.at(code)) == ids(want), boost::test_tools::per_element());
        for (const auto& v : recent.by_shopper.at(code))
            BOOST_TEST(v.shopper == code);
    }
    BOOST_REQUIRE(recent.by_branch.count("B2"));
    const auto b2 = first(4, [](const auto& v) { return v.branch == "B2"; });
    BOOST_TEST(ids(recent.by_branch.at("B2")) == ids(b2), boost::test_tools::per_element());
    for (std::size_t i = 0; i < b2.size(); ++i) {
        BOOST_TEST(recent.by_branch.at("B2")[i].shopper == b2[i].shopper);
        BOOST_TEST(recent.by_branch.at("B2")[i].day == b2[i].day);
    }
    BOOST_TEST(ids(recent.overall) == ids(first(7, [](const auto&) { return true; })),
               boost::test_tools::per_element());

    // Evidence: each visit as load_visit, attachments and its assignment give it.
    std::vector<std::int64_t> wanted{linked_id, contract::id_of(st, visits[5].uuid),
                                     contract::id_of(st, visits[0].uuid), 99999999};
    const auto evidence = st.evidence_visits(wanted);
    BOOST_TEST(evidence.size() == 3u);
    for (const storage::EvidenceVisit& e : evidence) {
        const storage::StoredVisit v = st.load_visit(e.id);
        BOOST_TEST(e.uuid == v.visit.uuid);
        BOOST_TEST(e.calibration == !v.visit.calibration.empty());
        BOOST_TEST(e.visited_at == v.visit.visited_at);
        BOOST_TEST(e.opened_at == v.visit.evidence.opened_at);
        BOOST_TEST(e.submitted_at == v.visit.evidence.submitted_at);
        BOOST_TEST(e.answers == v.visit.answers);
        BOOST_TEST((e.comments == v.visit.comments));
        BOOST_TEST(e.summary == v.visit.summary);
        const auto photos = st.attachments(e.id);
        BOOST_REQUIRE(e.photos.size() == photos.size());
        for (std::size_t i = 0; i < photos.size(); ++i) {
            BOOST_TEST(e.photos[i].sha256 == photos[i].sha256);
            BOOST_TEST(e.photos[i].captured_at == photos[i].captured_at);
        }
        if (e.id == linked_id) {
            BOOST_TEST(e.window_from == "2026-09-01");
            BOOST_TEST(e.window_to == "2026-09-05");
            BOOST_TEST(e.photos.size() == 2u);
            BOOST_TEST(!e.opened_at.empty());
        } else {
            BOOST_TEST(e.window_from.empty());
        }
    }
    BOOST_TEST(st.evidence_visits({}).empty());
}

VS_CONTRACT_CASE(a_reader_that_stops_a_stream_leaves_the_store_usable) {
    Fresh f(backend);
    contract::load_mini(*f.store, *f.store);
    storage::FactStore& facts = *f.store;
    struct Stop {};
    BOOST_CHECK_THROW(
        facts.visit_details(every_status(), [](const storage::VisitDetail&) { throw Stop{}; }),
        Stop);
    BOOST_CHECK_THROW(
        facts.visit_scores(every_status(), [](const storage::VisitScoreRow&) { throw Stop{}; }),
        Stop);
    BOOST_TEST(facts.load_facts(every_status(), false).visits.size() == 3u);
    std::size_t n = 0;
    facts.visit_details(every_status(), [&](const storage::VisitDetail&) { ++n; });
    BOOST_TEST(n == 3u);
    f.store->set_setting("user", "someone"); // and writes
    BOOST_TEST(f.store->setting("user", "") == "someone");
}

BOOST_AUTO_TEST_SUITE_END()
