// A survey tool's CSV export imported through a column mapping (services/survey_import.h) on
// every storage backend: a realistic export (a BOM, CRLF, quoted fields with commas, doubled
// quotes and a line break), the mapping saved in the settings and reused, every refused row named
// by line and column with nothing written, and a second import adding nothing.
#include "../storage/contract/backends.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "services/survey_import.h"
#include "storage/pg_server.h"
#include "tests/pg_role_db.h"

#include <algorithm>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>
#include <typeinfo>
#include <vector>

using namespace vs;
using contract::Fresh;
using storage::OrgKind;
using Kind = storage::VisitFilter::Kind;
using json = nlohmann::json;

namespace {

std::string data(const std::string& name) {
    return forms::read_file(std::string(VS_TEST_DATA) + "/survey_tool/" + name);
}

std::int64_t save(storage::Store& s, OrgKind kind, std::int64_t client, const std::string& code,
                  const std::string& name, std::int64_t parent = 0) {
    storage::OrgEntity e;
    e.kind = kind;
    e.client_id = client;
    e.code = code;
    e.name = name;
    e.parent_id = parent;
    return s.org_save(e);
}

/// The guest survey scorecard; Northwind with branches LDS01 (region North) and MAN02, and
/// employees E1043 and E2001.
void load_northwind(storage::Store& s) {
    s.add_template(forms::parse_template(data("guest-survey.template.json"), "guest-survey"),
                   "guest-survey.template.json");
    const std::int64_t client = save(s, OrgKind::Client, 0, "", "Northwind");
    const std::int64_t north = save(s, OrgKind::Region, client, "", "North");
    const std::int64_t leeds = save(s, OrgKind::Branch, client, "LDS01", "Leeds Central", north);
    const std::int64_t man = save(s, OrgKind::Branch, client, "MAN02", "Manchester");
    save(s, OrgKind::Employee, client, "E1043", "Sam Taylor", leeds);
    save(s, OrgKind::Employee, client, "E2001", "Ana Ruiz", man);
}

services::SurveyMapping mapping() {
    return services::parse_survey_mapping(data("mapping.json"), "mapping.json");
}

std::vector<storage::VisitScoreRow> responses(storage::Store& s) {
    storage::VisitFilter f;
    f.kind = Kind::Any;
    f.statuses.clear();
    std::vector<storage::VisitScoreRow> out;
    s.visit_scores(f, [&](const storage::VisitScoreRow& r) { out.push_back(r); });
    return out;
}

const forms::Visit& stored(storage::Store& s, const std::string& uuid,
                           std::deque<storage::StoredVisit>& keep) {
    const auto id = s.visit_id_of(uuid);
    BOOST_REQUIRE(id);
    keep.push_back(s.load_visit(*id));
    return keep.back().visit;
}

} // namespace

BOOST_AUTO_TEST_SUITE(survey_import)

VS_CONTRACT_CASE(a_survey_tool_export_imports_once_through_its_saved_mapping) {
    Fresh f(backend);
    storage::Store& s = *f.store;
    load_northwind(s);
    services::save_survey_mapping(s, "Northwind", mapping(), "mapping.json");
    const auto saved = services::saved_survey_mapping(s, "Northwind");
    BOOST_REQUIRE(saved);
    BOOST_TEST(services::survey_mapping_json(*saved) == services::survey_mapping_json(mapping()));

    const std::string text = data("export.csv");
    const auto r = services::import_survey_csv(s, "Northwind", *saved, text, "export.csv");
    BOOST_TEST(r.rows == 4u);
    BOOST_TEST(r.added == 4u);
    BOOST_TEST(r.unchanged == 0u);

    // The rows as visits: approved, no shopper, the branch's region, the mapped answers.
    std::deque<storage::StoredVisit> keep;
    std::map<std::string, const forms::Visit*> by_time;
    for (const auto& row : responses(s)) {
        const forms::Visit& v = stored(s, row.uuid, keep);
        by_time[v.visited_at] = &v;
    }
    BOOST_REQUIRE_EQUAL(by_time.size(), 4u);
    const forms::Visit& first = *by_time.at("2026-11-03T14:05:00");
    BOOST_TEST(first.template_id == "guest-survey");
    BOOST_TEST(first.client == "Northwind");
    BOOST_TEST(first.branch == "LDS01");
    BOOST_TEST(first.region == "North");
    BOOST_TEST(first.employee == "E1043");
    BOOST_TEST(first.shopper.empty());
    BOOST_TEST((first.status == forms::Status::Approved));
    BOOST_TEST(first.answers ==
               json::parse(R"({"friendly":"yes","recommend":10,"satisfied":5,"speed":"fast"})"));
    const forms::Visit& second = *by_time.at("2026-11-03T15:30:00");
    BOOST_TEST(second.employee.empty());
    BOOST_TEST(second.answers ==
               json::parse(R"({"friendly":"no","recommend":6,"satisfied":2,"speed":"slow"})"));
    // N/A is NA; "Prefer not to say" leaves the question unanswered.
    BOOST_TEST(by_time.at("2026-11-04T09:12:00")->answers ==
               json::parse(R"({"friendly":"na","recommend":9,"satisfied":4,"speed":"ok"})"));
    BOOST_TEST(by_time.at("2026-11-05T17:45:00")->answers ==
               json::parse(R"({"friendly":"yes","satisfied":5,"speed":"fast"})"));

    // Survey responses, never mystery visits.
    storage::VisitFilter mystery;
    mystery.statuses.clear();
    std::size_t n = 0;
    s.visit_scores(mystery, [&](const storage::VisitScoreRow&) { ++n; });
    BOOST_TEST(n == 0u);

    // The same export again adds nothing: each response keeps its uuid.
    std::vector<std::string> before;
    for (const auto& row : responses(s))
        before.push_back(row.uuid);
    const auto again = services::import_survey_csv(s, "Northwind", *saved, text, "export.csv");
    BOOST_TEST(again.added == 0u);
    BOOST_TEST(again.unchanged == 4u);
    std::vector<std::string> after;
    for (const auto& row : responses(s))
        after.push_back(row.uuid);
    BOOST_TEST(after == before);

    // R-1002 again with another rating: a conflict named by its line and response id column,
    // and nothing written.
    std::string changed = text;
    const std::string row2 = R"("R-1002","03/11/2026 15:30","LDS01","","6")";
    changed.replace(changed.find(row2), row2.size(),
                    R"("R-1002","03/11/2026 15:30","LDS01","","7")");
    try {
        services::import_survey_csv(s, "Northwind", *saved, changed, "changed.csv");
        BOOST_ERROR("not refused");
    } catch (const InputError& e) {
        BOOST_TEST(e.where() == "line 3, column \"Response ID\"", e.what());
        BOOST_TEST(e.message().find("imported before") != std::string::npos, e.what());
    }
    BOOST_TEST(responses(s).size() == 4u);
}

VS_CONTRACT_CASE(every_refused_row_is_named_and_nothing_is_written) {
    Fresh f(backend);
    storage::Store& s = *f.store;
    load_northwind(s);
    try {
        services::import_survey_csv(s, "Northwind", mapping(), data("refused.csv"), "refused.csv");
        BOOST_ERROR("not refused");
    } catch (const services::SurveyRefused& e) {
        std::vector<std::string> got;
        for (const auto& p : e.problems())
            got.push_back(p.where + ": " + p.message);
        const std::vector<std::string> want = {
            "line 3, column \"Store code\": \"XXX99\" is not a branch code of \"Northwind\"",
            "line 4, column \"Submitted\": \"31/02/2026 09:12\" is not a plausible date written "
            "as \"%d/%m/%Y %H:%M\"",
            "line 4, column \"Q3 Friendly\": \"Maybe\" is not mapped to an option of friendly "
            "(the mapping's questions.friendly.values)",
            "line 5, column \"Served by\": \"E9999\" is not an employee code of \"Northwind\"",
            "line 5, column \"Response ID\": \"R-2001\" is also the response id of line 2",
            "line 5, column \"Speed of service\": \"Quick\" is not mapped to an option of speed "
            "(the mapping's questions.speed.values)",
        };
        BOOST_REQUIRE_EQUAL(got.size(), 7u);
        for (std::size_t i = 0; i < want.size(); ++i) {
            const std::size_t at = i < 5 ? i : 6;
            BOOST_TEST(got[at] == want[i]);
        }
        // The NPS of 11 is named too, by its column, with the scorecard's own words.
        BOOST_TEST(got[5].rfind("line 5, column \"How likely are you to recommend us?\": ", 0) ==
                   0u);
        BOOST_TEST(e.total() == 7u);
        BOOST_TEST(std::string(e.what()).find("7 problems; nothing was imported") !=
                   std::string::npos);
    }
    BOOST_TEST(responses(s).empty());
    // A dry run of a good export writes nothing either.
    const auto dry = services::import_survey_csv(s, "Northwind", mapping(), data("export.csv"),
                                                 "export.csv", /*dry_run=*/true);
    BOOST_TEST(dry.rows == 4u);
    BOOST_TEST(responses(s).empty());
}

BOOST_AUTO_TEST_CASE(rows_without_a_response_id_are_their_own_identity) {
    Fresh f(contract::backends().front());
    storage::Store& s = *f.store;
    load_northwind(s);
    services::SurveyMapping m = mapping();
    m.response_id_column.clear();
    const std::string text = data("export.csv");
    BOOST_TEST(services::import_survey_csv(s, "Northwind", m, text, "export.csv").added == 4u);
    BOOST_TEST(services::import_survey_csv(s, "Northwind", m, text, "export.csv").unchanged == 4u);
    auto uuids = [&] {
        std::vector<std::string> out;
        for (const auto& row : responses(s))
            out.push_back(row.uuid);
        std::sort(out.begin(), out.end());
        return out;
    };
    const std::vector<std::string> before = uuids();
    // The same row three times: three customers who answered alike, told apart by their
    // occurrence number; the first copy is the response already stored.
    const std::string last_row = text.substr(text.rfind("\"R-1004\""));
    const std::string thrice = text + last_row + last_row;
    auto r = services::import_survey_csv(s, "Northwind", m, thrice, "thrice.csv");
    BOOST_TEST(r.added == 2u);
    BOOST_TEST(r.unchanged == 4u);
    const std::vector<std::string> after = uuids();
    BOOST_REQUIRE_EQUAL(after.size(), 6u);
    BOOST_TEST(std::includes(after.begin(), after.end(), before.begin(), before.end()));
    // Imported again, the file adds nothing: each copy keeps its uuid.
    r = services::import_survey_csv(s, "Northwind", m, thrice, "thrice.csv");
    BOOST_TEST(r.added == 0u);
    BOOST_TEST(r.unchanged == 6u);
    BOOST_TEST(uuids() == after);
}

BOOST_AUTO_TEST_CASE(a_bad_mapping_is_refused_naming_its_key) {
    auto refused = [](const std::string& text, const std::string& key, const std::string& words) {
        try {
            services::parse_survey_mapping(text, "m.json");
            BOOST_ERROR("not refused: " << key);
        } catch (const InputError& e) {
            BOOST_TEST(e.where() == key, e.what());
            BOOST_TEST(e.message().find(words) != std::string::npos, e.what());
        }
    };
    const std::string head = R"({"format": "visitscore.survey-mapping/1",
        "scorecard": {"id": "guest-survey", "version": 1},)";
    refused(R"({"format": "visitscore.survey-mapping/2"})", "format", "is not");
    refused(head + R"("columns": {"date": "D"}, "questions": {"a": "A"}})", "columns.branch",
            "is missing");
    refused(head + R"("columns": {"branch": "B", "date": "D", "shop": "S"},
        "questions": {"a": "A"}})",
            "columns.shop", "not a key");
    refused(head + R"("columns": {"branch": "B", "date": "D"}, "date_format": "%H:%M",
        "questions": {"a": "A"}})",
            "date_format", "needs a day");
    refused(head + R"("columns": {"branch": "B", "date": "D"}, "questions": {}})", "questions",
            "must be an object");
    refused(head + R"("columns": {"branch": "B", "date": "D"},
        "questions": {"a": {"column": "A", "values": {"Yes": true}}}})",
            "questions.a.values.Yes", "must be an option id");

    // Against the stored scorecard: questions and values it does not have.
    Fresh f(contract::backends().front());
    load_northwind(*f.store);
    auto m = mapping();
    m.questions[1].values["Sort of"] = "maybe";
    try {
        services::save_survey_mapping(*f.store, "Northwind", m, "m.json");
        BOOST_ERROR("not refused");
    } catch (const InputError& e) {
        BOOST_TEST(e.where() == "questions.friendly.values.Sort of", e.what());
    }
    m = mapping();
    m.questions[0].question = "likely";
    BOOST_CHECK_THROW(services::save_survey_mapping(*f.store, "Northwind", m, "m.json"),
                      InputError);
    BOOST_CHECK_THROW(services::save_survey_mapping(*f.store, "Southwind", mapping(), "m.json"),
                      InputError);
    BOOST_TEST(!services::saved_survey_mapping(*f.store, "Northwind"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(survey_import_roles)

// On a server (rules 9) an admin or a reviewer saves and removes a client's mapping, and a
// reviewer imports with it; a reviewer writes no other setting, and a client's account neither
// saves a mapping nor imports: tried through the services and with raw SQL.
BOOST_AUTO_TEST_CASE(admins_and_reviewers_save_mappings_on_a_server) {
    VS_NEEDS_SERVER();
    const char* const accounts[] = {"adm", "rev", "cli"};
    test::PgRoleDatabase db("vs_svm_", {accounts, accounts + 3});
    load_northwind(*storage::open_postgres(db.uri(), storage::OpenMode::Create));
    {
        storage::PgServer server(db.uri(), true);
        server.init();
        server.add_account(db.account("adm"), "admin", std::nullopt, std::nullopt);
        server.add_account(db.account("rev"), "reviewer", std::nullopt, std::nullopt);
        server.add_account(db.account("cli"), "client", "Northwind", std::nullopt);
    }
    auto as = [&](const char* who) {
        return storage::open_postgres(db.uri(who), storage::OpenMode::MustExist);
    };
    using test::raw_sql::run;
    using test::raw_sql::value;
    const std::string key = services::survey_mapping_key("Northwind");
    pqxx::connection super(db.uri());
    auto stored = [&] {
        return value(super, "SELECT count(*) FROM settings WHERE key = '" + key + "'");
    };

    // A client's account: no mapping saved, by the services or by hand.
    BOOST_CHECK_THROW(services::save_survey_mapping(*as("cli"), "Northwind", mapping()),
                      std::exception);
    pqxx::connection cli(db.uri("cli"));
    BOOST_TEST(run(cli, "INSERT INTO settings (key, value) VALUES ('" + key + "', '{}')") == -1);
    BOOST_TEST(stored() == 0);

    // An admin saves one; a reviewer replaces and removes it, and saves it again.
    services::save_survey_mapping(*as("adm"), "Northwind", mapping());
    BOOST_TEST(services::remove_survey_mapping(*as("rev"), "Northwind"));
    BOOST_TEST(!services::saved_survey_mapping(*as("adm"), "Northwind"));
    services::save_survey_mapping(*as("rev"), "Northwind", mapping());
    const auto saved = services::saved_survey_mapping(*as("adm"), "Northwind");
    BOOST_REQUIRE(saved);
    BOOST_TEST(services::survey_mapping_json(*saved) == services::survey_mapping_json(mapping()));

    // A reviewer's raw SQL reaches survey mappings only: every other setting stays the admin's.
    pqxx::connection rev(db.uri("rev"));
    BOOST_TEST(run(rev, "INSERT INTO settings (key, value) VALUES ('allow_self_approval', "
                        "'true')") == -1);
    BOOST_TEST(run(rev, "INSERT INTO settings (key, value) VALUES ('survey_mappingX', '{}')") ==
               -1);
    BOOST_TEST(run(rev, "UPDATE settings SET value = 'x' WHERE key NOT LIKE 'survey%'") <= 0);
    BOOST_TEST(run(rev, "DELETE FROM settings WHERE key NOT LIKE 'survey%'") <= 0);
    BOOST_TEST(run(rev, "UPDATE settings SET key = 'allow_self_approval' WHERE key = '" + key +
                            "'") == -1);
    BOOST_TEST(value(super, "SELECT count(*) FROM settings WHERE key = 'allow_self_approval'") ==
               0);
    BOOST_TEST(stored() == 1);

    // The reviewer imports with it; a client's account cannot. With the responses approved the
    // client reads the survey scorecard, its branches and employees, so its import of new
    // responses passes every check and is refused by the store (its visits are the client's
    // view, with no sequence), naming why; the server refuses its raw INSERT. Nothing written.
    const auto r = services::import_survey_csv(*as("rev"), "Northwind", *saved, data("export.csv"),
                                               "export.csv");
    BOOST_TEST(r.added == 4u);
    BOOST_TEST(responses(*as("adm")).size() == 4u);
    std::string later = data("export.csv");
    for (std::size_t at = later.find("\"R-10"); at != std::string::npos;
         at = later.find("\"R-10", at))
        later.replace(at, 5, "\"R-20");
    std::string refused;
    try {
        services::import_survey_csv(*as("cli"), "Northwind", *saved, later, "later.csv");
    } catch (const storage::StorageError& e) {
        refused = e.what();
    } catch (const std::exception& e) {
        BOOST_ERROR("not the store's refusal: " << typeid(e).name() << ": " << e.what());
    }
    BOOST_TEST(refused.find("this account cannot import visits") != std::string::npos, refused);
    std::string server;
    try {
        pqxx::work tx(cli);
        tx.exec("INSERT INTO public.visits (uuid) VALUES ('00000000-0000-4000-8000-000000000001')");
        tx.commit();
    } catch (const pqxx::insufficient_privilege& e) {
        server = e.what();
    }
    BOOST_TEST(!server.empty(), "the client's raw INSERT into visits went through");
    BOOST_TEST(responses(*as("adm")).size() == 4u);
    // The reviewer imports the same later export: four more.
    BOOST_TEST(
        services::import_survey_csv(*as("rev"), "Northwind", *saved, later, "later.csv").added ==
        4u);
}

BOOST_AUTO_TEST_SUITE_END()
