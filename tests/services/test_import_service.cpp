// services/import.h on real SQLite files: template files checked together then stored all or
// none, a visit package and a visit CSV imported all or nothing with progress, a second import
// reporting the visits as already stored, a refused or cancelled import storing nothing.

#include "forms/error.h"
#include "forms/json_io.h"
#include "jobs_fixture.h"
#include "services/import.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>

namespace {

using namespace vs;

const std::string kData = VS_TEST_DATA;

std::size_t visits_in(storage::Store& store) {
    std::size_t n = 0;
    storage::VisitFilter every;
    every.statuses.clear();
    store.visit_scores(every, [&](const storage::VisitScoreRow&) { ++n; });
    return n;
}

/// Counts progress and cancels after `cancel_at` updates (never when 0).
struct CountingProgress : Progress {
    std::size_t cancel_at = 0;
    std::size_t updates = 0;
    std::size_t starts = 0;
    void start(std::string_view, std::size_t) override { ++starts; }
    bool update(std::size_t) override { return cancel_at == 0 || ++updates < cancel_at; }
    void finish() override {}
};

std::string write_file(const std::string& name, const std::string& text) {
    const std::string path = (test::jobs_dir() / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

} // namespace

BOOST_AUTO_TEST_SUITE(import_service)

BOOST_AUTO_TEST_CASE(template_files_are_checked_together_and_stored_once) {
    const std::string db = (test::jobs_dir() / "templates.db").string();
    const std::string good = kData + "/mini.template.json";
    const std::string bad =
        write_file("bad.template.json", "{\"format\": \"visitscore.template/1\"}");
    // A refused file among good ones: nothing is read into the database.
    BOOST_CHECK_THROW(services::read_template_files({good, bad}), InputError);
    const auto files = services::read_template_files({good});
    BOOST_REQUIRE_EQUAL(files.size(), 1u);
    BOOST_TEST(files[0].path == good);
    BOOST_TEST(files[0].tpl.id == "mini");
    {
        auto store = storage::open_sqlite(db, storage::OpenMode::CreateOnDisk);
        BOOST_TEST(services::store_templates(*store, files) == std::vector<bool>{true});
    }
    auto store = storage::open_sqlite(db, storage::OpenMode::MustExist);
    BOOST_TEST(services::store_templates(*store, files) == std::vector<bool>{false});
    BOOST_REQUIRE_EQUAL(store->templates().size(), 1u);
    BOOST_TEST(store->templates()[0].id == "mini");
}

BOOST_AUTO_TEST_CASE(a_package_is_imported_all_or_nothing_and_again_as_unchanged) {
    const std::string db = (test::jobs_dir() / "package.db").string();
    auto store = storage::open_sqlite(db, storage::OpenMode::CreateOnDisk);
    services::store_templates(*store,
                              services::read_template_files({kData + "/mini.template.json"}));

    const services::VisitFile file = services::read_visit_file(kData + "/mini.visits.json");
    BOOST_TEST(!file.csv);
    CountingProgress progress;
    storage::ImportReport r = services::import_visit_file(*store, file, &progress);
    BOOST_TEST(r.added == 3u);
    BOOST_TEST(r.unchanged == 0u);
    BOOST_TEST(progress.starts > 0u);
    r = services::import_visit_file(*store, file);
    BOOST_TEST(r.added == 0u);
    BOOST_TEST(r.unchanged == 3u);
    store.reset();
    // What was stored is in the file for the next opening.
    auto reopened = storage::open_sqlite(db, storage::OpenMode::ReadOnly);
    BOOST_TEST(visits_in(*reopened) == 3u);
}

BOOST_AUTO_TEST_CASE(a_refused_or_cancelled_import_stores_nothing) {
    const std::string db = (test::jobs_dir() / "refused.db").string();
    auto store = storage::open_sqlite(db, storage::OpenMode::CreateOnDisk);
    services::store_templates(*store,
                              services::read_template_files({kData + "/mini.template.json"}));
    // The third visit names a scorecard version that is not stored: the two before stay out.
    std::string text = services::read_visit_file(kData + "/mini.visits.json").text;
    const auto last = text.rfind("\"template_version\": 1");
    BOOST_REQUIRE(last != std::string::npos);
    text.replace(last, 21, "\"template_version\": 9");
    const std::string refused = write_file("refused.visits.json", text);
    BOOST_CHECK_THROW(services::import_visit_file(*store, services::read_visit_file(refused)),
                      InputError);
    BOOST_TEST(visits_in(*store) == 0u);

    // The package's visits repeated 3000 times under new uuids: a cancel midway stores none.
    nlohmann::json package = nlohmann::json::parse(forms::read_file(kData + "/mini.visits.json"));
    nlohmann::json many = nlohmann::json::array();
    for (std::size_t i = 0; i < 3000; ++i) {
        nlohmann::json v = package["visits"][i % 3];
        char uuid[40];
        std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012zx", i + 1);
        v["uuid"] = uuid;
        many.push_back(std::move(v));
    }
    package["visits"] = std::move(many);
    const std::string big = write_file("many.visits.json", package.dump());
    CountingProgress cancel;
    cancel.cancel_at = 2; // the second update cancels
    BOOST_CHECK_THROW(services::import_visit_file(*store, services::read_visit_file(big), &cancel),
                      Cancelled);
    BOOST_TEST(visits_in(*store) == 0u);
    BOOST_TEST(services::import_visit_file(*store, services::read_visit_file(big)).added == 3000u);
    BOOST_CHECK_THROW(services::read_visit_file((test::jobs_dir() / "missing.json").string()),
                      std::exception);
}

BOOST_AUTO_TEST_CASE(a_visit_csv_is_typed_by_the_stored_templates) {
    // The package's second visit as a CSV row: the same visit and score as from the package.
    const std::string csv = write_file(
        "Mini.Visits.CSV",
        "uuid,template,template_version,client,region,branch,employee,shopper,visited_at,status,"
        "greeted,warmth,complaint,listened,wait,style,nps\n"
        "00000000-0000-4000-8000-00000000000b,mini,1,Test Client,North,B1,E2,S1,"
        "2026-10-10T10:00,approved,no,5,no,no,20,scripted,5\n");
    const auto templates = services::read_template_files({kData + "/mini.template.json"});
    auto from_csv = storage::open_sqlite((test::jobs_dir() / "csv.db").string(),
                                         storage::OpenMode::CreateOnDisk);
    BOOST_CHECK_THROW(services::import_visit_file(*from_csv, services::read_visit_file(csv)),
                      InputError); // no scorecard stored yet to type the cells
    services::store_templates(*from_csv, templates);
    const services::VisitFile file = services::read_visit_file(csv);
    BOOST_TEST(file.csv); // by its name, in any case
    storage::ImportReport r = services::import_visit_file(*from_csv, file);
    BOOST_TEST(r.added == 1u);
    r = services::import_visit_file(*from_csv, file);
    BOOST_TEST(r.unchanged == 1u);

    auto from_package = storage::open_sqlite((test::jobs_dir() / "csv-package.db").string(),
                                             storage::OpenMode::CreateOnDisk);
    services::store_templates(*from_package, templates);
    services::import_visit_file(*from_package,
                                services::read_visit_file(kData + "/mini.visits.json"));
    auto score_of = [](storage::Store& store) {
        storage::VisitFilter one;
        one.statuses.clear();
        one.uuid = "00000000-0000-4000-8000-00000000000b";
        std::optional<double> score;
        store.visit_scores(one, [&](const storage::VisitScoreRow& row) { score = row.score; });
        return score;
    };
    BOOST_TEST(score_of(*from_csv).has_value());
    BOOST_TEST((score_of(*from_csv) == score_of(*from_package)));
}

BOOST_AUTO_TEST_SUITE_END()
