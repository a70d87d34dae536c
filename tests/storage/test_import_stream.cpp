// Tests for Store::import_visit_stream: a package read, checked and scored on a worker thread
// while the calling thread writes. What is stored is what the whole-file import stores; the
// import stays all-or-nothing (bad input anywhere, a conflict, Cancelled: nothing written) and
// its error is the one a sequential import reports.

#include "forms/error.h"
#include "forms/json_io.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace vs;
using nlohmann::json;

namespace {

const std::string kData = std::string(VS_TEST_DATA) + "/";

/// A fresh database file in a private temporary directory, removed afterwards.
struct TempDir {
    fs::path dir;
    TempDir() {
        char tmpl[] = "/tmp/vs-import-XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(dir); }
    std::string db(const std::string& name) const { return (dir / name).string(); }
};

void load_mini(storage::Store& store) {
    const std::string file = kData + "mini.template.json";
    store.add_template(forms::parse_template(forms::read_file(file), file), file);
}

/// The uuid mini_package gives its visit `i`.
std::string uuid_of(std::size_t i) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012zx", i + 1);
    return buf;
}

/// mini.visits.json with its visits repeated to `n` (new uuids), so that the import spans many
/// of the worker's batches.
json mini_package(std::size_t n) {
    const json base = json::parse(forms::read_file(kData + "mini.visits.json"));
    json doc = base;
    doc["visits"] = json::array();
    for (std::size_t i = 0; i < n; ++i) {
        json v = base["visits"][i % base["visits"].size()];
        v["uuid"] = uuid_of(i);
        doc["visits"].push_back(std::move(v));
    }
    return doc;
}

storage::ImportReport import_text(storage::Store& s, const std::string& text,
                                  Progress* progress = nullptr) {
    return s.import_visit_stream(
        [&](const forms::VisitSink& sink) { forms::parse_visit_package(text, "pkg.json", sink); },
        text.size(), "pkg.json", progress);
}

/// Every stored column of every visit and its scores and attributions, in uuid order: SQL of
/// its own on the database file `path`.
std::vector<std::string> stored_rows(const std::string& path) {
    std::vector<std::string> rows;
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement st(
        db, "SELECT v.uuid, v.template_id, c.name, v.region_id, b.code, e.code, sh.code, "
            "v.visited_at, v.day, v.status, v.calibration, v.reference, v.summary, v.answers, "
            "v.comments, v.raw, v.score, v.applicable, v.critical, v.critical_failures, v.target, "
            "v.nps, v.source_hash, hex(s.section_scores), hex(s.question_scores), "
            "(SELECT group_concat(x.section || '=' || xe.code) FROM visit_section_employees x "
            " JOIN employees xe ON xe.id = x.employee_id WHERE x.visit_id = v.id) "
            "FROM visits v JOIN clients c ON c.id = v.client_id "
            "JOIN branches b ON b.id = v.branch_id LEFT JOIN employees e ON e.id = v.employee_id "
            "JOIN shoppers sh ON sh.id = v.shopper_id JOIN visit_scores s ON s.visit_id = v.id "
            "ORDER BY v.uuid");
    while (st.executeStep()) {
        std::string row;
        for (int i = 0; i < st.getColumnCount(); ++i)
            row += st.getColumn(i).getString() + "|";
        rows.push_back(row);
    }
    return rows;
}

/// How many visits the store holds, of any status.
std::size_t visit_count(storage::Store& s) {
    return s.visit_ids({}).size();
}

/// Records what the import reports; returns false (cancel) from the `cancel_at`th update on.
class RecordingProgress final : public Progress {
  public:
    explicit RecordingProgress(std::size_t cancel_at = 0) : m_cancel_at(cancel_at) {}
    void start(std::string_view what, std::size_t total) override {
        phases.emplace_back(what);
        totals.push_back(total);
    }
    bool update(std::size_t done) override {
        updates.push_back(done);
        return m_cancel_at == 0 || updates.size() < m_cancel_at;
    }
    void finish() override { ++finished; }

    std::vector<std::string> phases;
    std::vector<std::size_t> totals;
    std::vector<std::size_t> updates;
    int finished = 0;

  private:
    std::size_t m_cancel_at;
};

/// The InputError `f` throws, or a failure.
template <class F> InputError error_of(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    BOOST_FAIL("no InputError");
    throw std::logic_error("unreachable");
}

} // namespace

BOOST_AUTO_TEST_SUITE(import_stream)

BOOST_AUTO_TEST_CASE(stores_what_the_whole_file_import_stores) {
    const json doc = mini_package(1000);
    const std::string text = doc.dump(1);
    TempDir t;
    storage::SqliteStore streamed(t.db("streamed.db"));
    storage::SqliteStore whole(t.db("whole.db"));
    load_mini(streamed);
    load_mini(whole);
    RecordingProgress progress;
    storage::ImportReport r = import_text(streamed, text, &progress);
    BOOST_TEST(r.added == 1000u);
    BOOST_TEST(r.unchanged == 0u);
    whole.import_visits(forms::parse_visit_package(text, "pkg.json"), "pkg.json");
    const auto a = stored_rows(t.db("streamed.db"));
    const auto b = stored_rows(t.db("whole.db"));
    BOOST_REQUIRE_EQUAL(a.size(), 1000u);
    BOOST_TEST(a == b, boost::test_tools::per_element());
    // One phase over the bytes of the file, moving forward.
    BOOST_TEST(progress.phases == std::vector<std::string>{"Importing visits"},
               boost::test_tools::per_element());
    BOOST_TEST(progress.totals == std::vector<std::size_t>{text.size()},
               boost::test_tools::per_element());
    BOOST_TEST(progress.finished == 1);
    BOOST_TEST(!progress.updates.empty());
    for (std::size_t i = 1; i < progress.updates.size(); ++i)
        BOOST_TEST(progress.updates[i] >= progress.updates[i - 1]);
    BOOST_TEST(progress.updates.back() <= text.size());
    // Again: every visit is already stored, nothing changes.
    r = import_text(streamed, text);
    BOOST_TEST(r.added == 0u);
    BOOST_TEST(r.unchanged == 1000u);
    BOOST_TEST(stored_rows(t.db("streamed.db")) == a, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_input_anywhere_writes_nothing) {
    TempDir t;
    const std::string path = t.db("target.db");
    {
        storage::SqliteStore s(path);
        load_mini(s);
        import_text(s, mini_package(2).dump()); // visits 1 and 2 stored
    }
    const std::string before = forms::read_file(path);
    json conflict = mini_package(700);
    conflict["visits"][1]["summary"] = "Changed since it was stored";
    json bad_answer = mini_package(700);
    bad_answer["visits"][650]["answers"]["warmth"] = 6;
    json both = conflict; // the conflict comes first in the file, the bad answer ranks first
    both["visits"][650]["answers"]["warmth"] = 6;
    std::string truncated = bad_answer.dump();
    truncated.resize(truncated.size() - 2);
    json bad_header = mini_package(700);
    bad_header["visits"][600]["status"] = "approve";
    json answer_then_header = bad_header; // a check error early, a bad header later
    answer_then_header["visits"][5]["answers"]["warmth"] = 6;
    struct Case {
        std::string name;
        std::string text;
        std::string where;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"conflict", conflict.dump(), "visits[1].uuid", "conflict: a different visit"},
        {"bad answer late", bad_answer.dump(), "visits[650] (" + uuid_of(650) + ").answers.warmth",
         ""},
        {"check error before a conflict", both.dump(),
         "visits[650] (" + uuid_of(650) + ").answers.warmth", ""},
        {"syntax error after a bad answer", truncated, "line 1, column ", "invalid JSON"},
        {"bad header late", bad_header.dump(), "visits[600] (" + uuid_of(600) + ").status",
         "is not a status"},
        {"bad header after a bad answer", answer_then_header.dump(),
         "visits[600] (" + uuid_of(600) + ").status", "is not a status"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        storage::SqliteStore s(path);
        InputError e = error_of([&] { import_text(s, c.text); });
        BOOST_TEST(e.file() == "pkg.json");
        BOOST_TEST(e.where().rfind(c.where, 0) == 0u, e.where());
        BOOST_TEST(e.message().find(c.message) != std::string::npos, e.message());
        BOOST_TEST(visit_count(s) == 2u);
    }
    BOOST_TEST(forms::read_file(path) == before);
}

BOOST_AUTO_TEST_CASE(cancel_rolls_back_and_stops_the_worker) {
    storage::SqliteStore s(":memory:");
    load_mini(s);
    const std::string text = mini_package(3000).dump();
    RecordingProgress progress(2); // the second update cancels
    BOOST_CHECK_THROW(import_text(s, text, &progress), Cancelled);
    BOOST_TEST(progress.updates.size() == 2u);
    BOOST_TEST(visit_count(s) == 0u);
    // The store is usable afterwards: the transaction is gone, the worker joined.
    BOOST_TEST(import_text(s, text).added == 3000u);
}

BOOST_AUTO_TEST_CASE(source_errors_pass_through_and_roll_back) {
    storage::SqliteStore s(":memory:");
    load_mini(s);
    const auto visits = forms::parse_visit_package(mini_package(500).dump(), "pkg.json");
    BOOST_CHECK_EXCEPTION(s.import_visit_stream(
                              [&](const forms::VisitSink& sink) {
                                  for (std::size_t i = 0; i < visits.size(); ++i) {
                                      if (i == 400)
                                          throw std::runtime_error("disk went away");
                                      sink(forms::Visit(visits[i]), i + 1);
                                  }
                              },
                              visits.size(), "pkg.json"),
                          std::runtime_error, [](const std::runtime_error& e) {
                              return e.what() == std::string("disk went away");
                          });
    BOOST_TEST(visit_count(s) == 0u);
    // The vector overload goes the same way and keeps its messages.
    auto bad = visits;
    bad[450].template_version = 9;
    InputError e = error_of([&] { s.import_visits(bad, "bad.json"); });
    BOOST_TEST(e.where() == "visits[450] (" + uuid_of(450) + ").template");
    BOOST_TEST(e.message().find("unknown scorecard \"mini\" version 9") != std::string::npos);
    BOOST_TEST(visit_count(s) == 0u);
    BOOST_TEST(s.import_visits(visits, "ok.json").added == 500u);
}

BOOST_AUTO_TEST_CASE(one_reference_per_exercise_across_the_stream) {
    storage::SqliteStore s(":memory:");
    load_mini(s);
    json doc = mini_package(300);
    for (std::size_t i : {10u, 250u}) {
        doc["visits"][i]["calibration"] = "ex-1";
        doc["visits"][i]["reference"] = true;
    }
    InputError e = error_of([&] { import_text(s, doc.dump()); });
    BOOST_TEST(e.where() == "visits[250] (" + uuid_of(250) + ").reference");
    BOOST_TEST(e.message().find(uuid_of(10)) != std::string::npos, e.message());
    BOOST_TEST(visit_count(s) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
