// services/training.h on real SQLite files: each training's effect as the scoring library
// measures it over all of the client's approved visits (the service loads only the visits
// around the trainings), the period's trainings only, a training file stored all or nothing,
// and the calibration exercises of the filter's statuses.

#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "jobs_fixture.h"
#include "services/import.h"
#include "services/training.h"

#include <boost/test/unit_test.hpp>
#include <fstream>

namespace {

using namespace vs;

const std::string kData = VS_TEST_DATA;

const std::string& database() {
    static const std::string db = test::demo_database("training.db", 1500);
    return db;
}

void same_cell(const scoring::Cell& a, const scoring::Cell& b) {
    BOOST_TEST(a.n == b.n);
    BOOST_TEST((a.mean == b.mean));
    BOOST_TEST((a.sd == b.sd));
}

void same_group(const scoring::GroupEffect& a, const scoring::GroupEffect& b) {
    same_cell(a.pre, b.pre);
    same_cell(a.post, b.post);
    BOOST_TEST((a.effect == b.effect));
    BOOST_TEST((a.p == b.p));
    BOOST_TEST((a.d == b.d));
}

} // namespace

BOOST_AUTO_TEST_SUITE(training_service)

BOOST_AUTO_TEST_CASE(effects_as_measured_over_every_visit_of_the_client) {
    auto store = storage::open_sqlite(database(), storage::OpenMode::ReadOnly);
    const std::vector<storage::Training> stored = store->trainings(std::nullopt);
    BOOST_REQUIRE(!stored.empty());
    storage::VisitFilter filter;
    filter.client = stored.front().client;
    for (const int window : {90, 30}) {
        const std::vector<services::TrainingRow> rows =
            services::training_rows(*store, filter, window);
        const std::vector<storage::Training> trainings = store->trainings(filter.client);
        BOOST_REQUIRE_EQUAL(rows.size(), trainings.size());
        const scoring::FactTable all = store->load_facts(filter, false);
        bool measured = false;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const storage::Training& t = trainings[i];
            BOOST_TEST(rows[i].training.id == t.id); // oldest first, as stored
            BOOST_TEST(rows[i].day == *forms::parse_day(t.date));
            if (i > 0)
                BOOST_TEST(rows[i - 1].day <= rows[i].day);
            const auto spec =
                scoring::training_spec(all, t.id, rows[i].day, t.client, t.employees, t.sections);
            const scoring::TrainingEffect e = scoring::training_effect(all, spec, window);
            same_group(rows[i].effect.trained, e.trained);
            same_group(rows[i].effect.control, e.control);
            BOOST_TEST((rows[i].effect.did == e.did));
            BOOST_TEST((rows[i].effect.did_se == e.did_se));
            measured = measured || rows[i].effect.trained.pre.n > 0;
            BOOST_TEST(rows[i].behaviours.size() == t.sections.size());
            for (const std::string& b : rows[i].behaviours)
                BOOST_TEST(!b.empty());
        }
        BOOST_TEST(measured);
    }
}

BOOST_AUTO_TEST_CASE(only_the_trainings_dated_in_the_period) {
    auto store = storage::open_sqlite(database(), storage::OpenMode::ReadOnly);
    const storage::Training first = store->trainings(std::nullopt).front();
    storage::VisitFilter filter;
    filter.client = first.client;
    const int day = *forms::parse_day(first.date);
    filter.from_day = day;
    filter.to_day = day;
    const auto rows = services::training_rows(*store, filter);
    BOOST_REQUIRE(!rows.empty());
    for (const auto& r : rows)
        BOOST_TEST(r.training.date == first.date);
    filter.from_day = filter.to_day = day - 5000; // long before any visit
    BOOST_TEST(services::training_rows(*store, filter).empty());
    filter.client = "No such client";
    filter.from_day = filter.to_day = std::nullopt;
    BOOST_TEST(services::training_rows(*store, filter).empty());
}

BOOST_AUTO_TEST_CASE(a_training_file_is_stored_all_or_nothing) {
    const std::string db = test::demo_database("training-add.db", 100);
    auto store = storage::open_sqlite(db, storage::OpenMode::MustExist);
    const std::size_t before = store->trainings(std::nullopt).size();
    const storage::Training known = store->trainings(std::nullopt).front();
    auto file = [&](const std::string& section, const std::string& employee) {
        return "{\"format\": \"visitscore.training/1\", \"trainings\": [{\"id\": \"NEW-1\", "
               "\"title\": \"Greeting\", \"date\": \"2026-05-04\", \"client\": \"" +
               known.client + "\", \"employees\": [\"" + employee + "\"], \"sections\": [" +
               section + "]}, {\"id\": \"NEW-2\", \"date\": \"2026-06-01\", \"client\": \"" +
               known.client + "\", \"employees\": [\"" + known.employees.front() + "\"]}]}";
    };
    BOOST_CHECK_THROW(services::add_training_file(
                          *store, "t.json", file("\"no_such_section\"", known.employees.front())),
                      InputError);
    BOOST_CHECK_THROW(services::add_training_file(*store, "t.json", file("", "NOBODY-42")),
                      InputError);
    BOOST_CHECK_THROW(services::add_training_file(*store, "t.json", "{\"format\": \"x\"}"),
                      InputError);
    BOOST_TEST(store->trainings(std::nullopt).size() == before);
    const std::string section =
        known.sections.empty() ? std::string() : "\"" + known.sections.front() + "\"";
    BOOST_TEST(services::add_training_file(*store, "t.json",
                                           file(section, known.employees.front())) == 2u);
    store.reset();
    auto reopened = storage::open_sqlite(db, storage::OpenMode::ReadOnly);
    BOOST_TEST(reopened->trainings(std::nullopt).size() == before + 2);
}

BOOST_AUTO_TEST_CASE(calibration_exercises_of_the_filter_statuses) {
    // The mini package's three visits as one exercise, the first the reference; one more visit
    // outside any exercise.
    nlohmann::json package = nlohmann::json::parse(forms::read_file(kData + "/mini.visits.json"));
    nlohmann::json extra = package["visits"][1];
    auto& visits = package["visits"];
    for (auto& v : visits)
        v["calibration"] = "CAL-1";
    visits[0]["reference"] = true;
    visits[2]["shopper"] = "S2";
    extra["uuid"] = "00000000-0000-4000-8000-0000000000ff";
    visits.push_back(extra);
    const std::string path = (test::jobs_dir() / "calibration.visits.json").string();
    std::ofstream(path) << package.dump();

    auto store = storage::open_sqlite((test::jobs_dir() / "calibration.db").string(),
                                      storage::OpenMode::CreateOnDisk);
    services::store_templates(*store,
                              services::read_template_files({kData + "/mini.template.json"}));
    BOOST_TEST(services::import_visit_file(*store, services::read_visit_file(path)).added == 4u);

    storage::VisitFilter filter;
    filter.statuses = {forms::Status::Submitted, forms::Status::Approved};
    const auto exercises = services::calibration_exercises(*store, filter);
    BOOST_REQUIRE_EQUAL(exercises.size(), 1u);
    BOOST_TEST(exercises[0].id == "CAL-1");
    BOOST_TEST(exercises[0].reference_uuid.value_or("") == "00000000-0000-4000-8000-00000000000a");
    BOOST_TEST(exercises[0].shoppers.size() == 2u);
    BOOST_TEST(exercises[0].problems.empty());

    filter.statuses = {forms::Status::Approved}; // the submitted set is left out
    const auto approved = services::calibration_exercises(*store, filter);
    BOOST_REQUIRE_EQUAL(approved.size(), 1u);
    BOOST_TEST(approved[0].shoppers.size() == 1u);
    filter.client = "No such client";
    BOOST_TEST(services::calibration_exercises(*store, filter).empty());
}

BOOST_AUTO_TEST_SUITE_END()
