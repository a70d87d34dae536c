// The review queue's integrity risk in the visit list's model (no windows): on demo data with
// the demo's planted doubtful visits, every submitted visit is assessed once per load, the
// planted ones carry the signal they were made for, the queue is ordered by risk (highest
// first) until a person picks another order, visits not submitted have no risk, and changed
// thresholds change the flags after a reload. Counts and times print with --log_level=message.
#include "app/visits/visit_list_model.h"
#include "forms/error.h"
#include "services/integrity.h"
#include "storage/demo_doubtful.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <set>

using namespace vs;

namespace {

struct PlantedDemo {
    test::TempDir dir;
    storage::SqliteStore store{dir.path("risk.db")};
    std::vector<std::pair<std::string, std::string>> planted;
    PlantedDemo() {
        auto templates = test::fill_demo(store, 0);
        storage::DemoOptions o;
        o.visits = 1500;
        o.seed = 1;
        store.import_visits(storage::make_demo_data(templates, o).visits, "demo");
        planted = storage::add_demo_doubtful_visits(store, o);
    }
    std::int64_t id(const std::string& uuid) { return *store.visit_id_of(uuid); }
};

bool has_signal(const services::VisitRisk& r, const std::string& name) {
    for (const auto& s : r.signals)
        if (s.name == name)
            return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(risk_model)

BOOST_AUTO_TEST_CASE(the_demo_plants_one_doubtful_visit_per_signal) {
    PlantedDemo d;
    std::set<std::string> signals;
    for (const auto& [uuid, signal] : d.planted)
        signals.insert(signal);
    BOOST_TEST(signals.size() == 7u); // every signal, copied comments on two visits
    BOOST_TEST(d.planted.size() == 8u);
    // Planting again on the same data adds nothing.
    storage::DemoOptions o;
    o.visits = 1500;
    o.seed = 1;
    BOOST_TEST(storage::add_demo_doubtful_visits(d.store, o).empty());
}

BOOST_AUTO_TEST_CASE(the_queue_is_assessed_once_and_ordered_by_risk) {
    PlantedDemo d;
    app::VisitListSource list(&d.store);
    storage::VisitListQuery queue;
    queue.status = forms::Status::Submitted;

    // Without risk (as for a client account): the store's order, nothing assessed.
    auto t0 = std::chrono::steady_clock::now();
    list.set_query(queue);
    const double plain_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(list.assessments() == 0u);
    BOOST_TEST((list.sort() == app::VisitListSource::Sort::Date));
    BOOST_TEST(!list.risk(list.id_at(0)));

    list.set_risk_enabled(true);
    t0 = std::chrono::steady_clock::now();
    list.set_query(queue);
    const double risk_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST_MESSAGE("review queue of " << list.size() << " visits: load " << plain_s
                                          << " s without risk, " << risk_s << " s with");
    BOOST_TEST(list.assessments() == 1u);
    BOOST_TEST((list.sort() == app::VisitListSource::Sort::Risk));
    BOOST_TEST(list.sort_descending());
    // Every queue visit assessed; ordered by risk, highest first.
    int previous = 101;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const services::VisitRisk* r = list.risk(list.id_at(i));
        BOOST_REQUIRE(r);
        BOOST_TEST(r->risk <= previous);
        previous = r->risk;
    }
    // Each planted visit carries its signal, named and explained.
    std::map<std::string, std::size_t> rank;
    for (std::size_t i = 0; i < list.size(); ++i)
        if (const auto* row = list.row(i))
            rank[row->uuid] = i;
    int caught = 0;
    for (const auto& [uuid, signal] : d.planted) {
        const services::VisitRisk* r = list.risk(d.id(uuid));
        BOOST_REQUIRE(r);
        const bool hit = has_signal(*r, signal);
        caught += hit;
        BOOST_TEST(hit, uuid << " planted for " << signal);
        const std::string text = app::risk_text(*r);
        BOOST_TEST(text.find(app::signal_label(signal)) != std::string::npos);
        BOOST_TEST_MESSAGE("planted " << signal << ": risk " << r->risk << ", row "
                                      << rank[uuid] + 1 << " of " << list.size());
    }
    int flagged = 0;
    std::set<std::string> planted_uuids;
    for (const auto& p : d.planted)
        planted_uuids.insert(p.first);
    for (std::size_t i = 0; i < list.size(); ++i)
        if (const auto* row = list.row(i); row && !planted_uuids.count(row->uuid))
            flagged += list.risk(row->id)->risk > 0;
    BOOST_TEST_MESSAGE("demo queue: planted caught " << caught << "/" << d.planted.size()
                                                     << ", other visits flagged " << flagged << "/"
                                                     << list.size() - d.planted.size());
    BOOST_TEST(caught == static_cast<int>(d.planted.size()));

    // A filter typed letter by letter reuses the assessment; a reload assesses again.
    storage::VisitListQuery narrower = queue;
    narrower.search = "a";
    list.set_query(narrower);
    BOOST_TEST(list.assessments() == 1u);
    list.reload();
    BOOST_TEST(list.assessments() == 2u);

    // A person's order: by risk lowest first, then by date (the store's, newest first).
    list.set_query(queue);
    list.set_sort(app::VisitListSource::Sort::Risk, false);
    BOOST_TEST(list.risk(list.id_at(0))->risk <= list.risk(list.id_at(list.size() - 1))->risk);
    list.set_sort(app::VisitListSource::Sort::Date, true);
    BOOST_TEST(list.row(0)->visited_at >= list.row(list.size() - 1)->visited_at);

    // Every visit: approved ones have no risk, and the list keeps the store's order.
    list.set_query({});
    for (std::size_t i = 0; i < std::min<std::size_t>(list.size(), 300); ++i)
        if (const auto* row = list.row(i))
            BOOST_TEST(bool(list.risk(row->id)) == (row->status == forms::Status::Submitted));
}

BOOST_AUTO_TEST_CASE(thresholds_change_the_flags_after_a_reload) {
    PlantedDemo d;
    app::VisitListSource list(&d.store);
    list.set_risk_enabled(true);
    storage::VisitListQuery queue;
    queue.status = forms::Status::Submitted;
    list.set_query(queue);
    const std::int64_t quick = d.id(d.planted.at(0).first);
    BOOST_TEST(d.planted.at(0).second == "short_form_time");
    BOOST_TEST(has_signal(*list.risk(quick), "short_form_time"));
    // A setting of 0 seconds per question silences the signal once the list reloads.
    BOOST_CHECK_THROW(
        services::checked_integrity_setting("integrity.min_seconds_per_question", "-1"),
        InputError);
    BOOST_TEST(*services::checked_integrity_setting("integrity.min_seconds_per_question", "0") ==
               "0");
    d.store.set_setting("integrity.min_seconds_per_question", "0");
    BOOST_TEST(has_signal(*list.risk(quick), "short_form_time")); // not before the reload
    list.reload();
    BOOST_TEST(!has_signal(*list.risk(quick), "short_form_time"));
}

BOOST_AUTO_TEST_CASE(signal_names_read_as_words) {
    BOOST_TEST(app::signal_label("copied_comments") == "Copied comments");
    services::VisitRisk r;
    BOOST_TEST(app::risk_text(r) == "Risk 0 of 100: no integrity signal.");
    r.risk = 15;
    r.signals.push_back({"branch_outlier", 15, "The score is far below."});
    BOOST_TEST(app::risk_text(r) ==
               "Risk 15 of 100:\nBranch outlier (+15): The score is far below.");
}

BOOST_AUTO_TEST_SUITE_END()
